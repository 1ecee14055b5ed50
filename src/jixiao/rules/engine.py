"""The scoring engine: recompute a form under a rule profile, every number with its explanation."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from functools import partial
from itertools import repeat
from operator import attrgetter
from typing import NamedTuple

from jixiao.core.model import Form, Funds, FundsRow, FundsSource, Indicator
from jixiao.core.money import HUNDRED, TWO_PLACES, ZERO, fmt2, parse_points, parse_printed, round2
from jixiao.core.scorecard import (
    Computed,
    Explanation,
    ParsedRows,
    RowScore,
    RowStatus,
    Scorecard,
)
from jixiao.core.values import Operator, Tier, Value, ValueKind, normalize_once, parse_value
from jixiao.rules.profile import (
    ComparisonRules,
    EqualMissPolicy,
    ExecutionCap,
    ExecutionPolicy,
    GradeRules,
    NotApplicablePolicy,
    Profile,
    QualitativeRules,
    QuantitativeRules,
    ReverseFormula,
    level_key,
)

# How printed and computed scores meet (scoring-rules.md "Printed score vs computed score"):
# - status compares the printed 得分 with the computed one within the profile's tolerance:
#   EQUAL; printed lower with a substantive 偏差原因 -> ACCEPTED_DEDUCTION, without ->
#   UNEXPLAINED_DEDUCTION; printed higher -> INFLATED. Qualitative rows compare the printed score
#   with the (rounded) band of the printed tier: inside -> EQUAL, outside -> OUT_OF_BAND. Rows the
#   engine cannot compute are MANUAL (free text, manual options, no per-indicator weights) or
#   NOT_SCORED (missing actual/target/weight, or a computable row with no printed score).
# - counted_score is what enters the recomputed total: the printed score for EQUAL,
#   ACCEPTED_DEDUCTION and MANUAL rows (evidence-based docking with a written reason is kept);
#   the computed score for UNEXPLAINED_DEDUCTION, INFLATED and NOT_SCORED rows that have one;
#   OUT_OF_BAND: the band top when printed above the band, else the printed score; None for
#   NOT_APPLICABLE rows and rows with neither value.
# - total = computed execution score (the printed one when the rate cannot be computed)
#   + sum of counted scores, then the profile's execution-rate caps.

_TWO = Decimal(2)
# Enum members read per row: a module name is read in a tenth of the time of `Enum.MEMBER`.
_EQ = Operator.EQ
_GE = Operator.GE
_GT = Operator.GT
_EQUAL_MANUAL = EqualMissPolicy.MANUAL
_POSITIVE = "quantitative.positive"
_EQUAL_RULE = "quantitative.equal"
_QUANTITY = ValueKind.QUANTITY
_TIER = ValueKind.TIER
_NOT_APPLICABLE = ValueKind.NOT_APPLICABLE
_TOTAL_SOURCE = FundsSource.TOTAL
_LINEAR_CAPPED = ExecutionPolicy.LINEAR_CAPPED
_MANUAL = RowStatus.MANUAL
_NOT_SCORED = RowStatus.NOT_SCORED
_EQUAL = RowStatus.EQUAL
_INFLATED = RowStatus.INFLATED
_ACCEPTED = RowStatus.ACCEPTED_DEDUCTION
_UNEXPLAINED = RowStatus.UNEXPLAINED_DEDUCTION
_CENTS = TWO_PLACES
_HALF_UP = ROUND_HALF_UP
_deferred = Explanation.deferred
_computed_later = Computed.later
_TIER_NAMES = {Tier.ACHIEVED: "达成", Tier.PARTIAL: "部分达成", Tier.MISSED: "未达成"}

Inputs = tuple[tuple[str, str], ...]
#: A formula's text, written only when the explanation is read (`Explanation.deferred`).
Text = Callable[[], str]
_Scored = tuple[Decimal | None, Text, str]


#: The rule a row's explanation names when the row prints no 分值: the rules cannot score
#: it, and the total counts its printed 得分 (`services.present.total_note` says so).
NO_WEIGHT_RULE = "indicator.no_weight"


def score_form(form: Form, profile: Profile) -> Scorecard:
    """Recompute every score of a form under a profile; the printed values are not changed.

    Args:
        form: the form as printed.
        profile: the rule profile (e.g. ``load_profile("shanghai-2024")``).

    Returns:
        The scorecard: execution rate and score, one RowScore per indicator, the recomputed
        total and grade, and the per-row funds rates.
    """
    funds = form.funds
    rate_row = _rate_row(funds)
    rate = execution_rate(funds, profile) if rate_row is None else row_rate(rate_row, profile)
    exec_score = execution_score(funds, rate.value, profile)
    parsed = parse_rows(form.indicators, profile)
    rows = score_indicators(form.indicators, profile, parsed)
    total = total_score(exec_score, funds, rows, rate.value, profile)
    grade, grade_explanation = grade_total(total.value, profile)
    return Scorecard.rates_later(_row_rates, (funds, rate_row, rate, profile),
                                 profile.name, rate, exec_score, rows, total, grade,
                                 grade_explanation, parsed)


def _row_rates(funds: Funds, rate_row: FundsRow | None, rate: Computed,
               profile: Profile) -> tuple[tuple[int, Computed], ...]:
    """`funds_row_rates`, the rate of the form's own row (`rate_row`) being `rate`."""
    return tuple([(i, rate if row is rate_row else row_rate(row, profile))
                  for i, row in enumerate(funds.rows)])


# --------------------------------------------------------------------------- formatting


def _n(value: Decimal) -> str:
    """A number for a formula: two decimals unless it has more (`171.00`, `0.125`).

    Equal non-zero values print alike (`8.5`, `8.50` → 8.50), so their texts are kept (as
    `fmt2` keeps its own); 0 and -0 are equal but print apart and are not kept.
    """
    if not value:
        return _number_text(value)
    text = _NUMBER_TEXTS.get(value)
    if text is None:
        if len(_NUMBER_TEXTS) >= _NUMBER_TEXTS_LIMIT:
            _NUMBER_TEXTS.clear()
        text = _NUMBER_TEXTS[value] = _number_text(value)
    return text


def _number_text(value: Decimal) -> str:
    rounded = round2(value)
    if value == rounded:
        return str(rounded)  # as fmt2
    return format(value.normalize(), "f")


_NUMBER_TEXTS_LIMIT = 16384
_NUMBER_TEXTS: dict[Decimal, str] = {}


def _explain(formula: str, inputs: Inputs, rule: str, source: str) -> Explanation:
    return Explanation(formula, inputs, rule, source)


def _later(formula: Text, inputs: Callable[[], Inputs], rule: str, source: str) -> Explanation:
    """An explanation whose formula and inputs are written when first read."""
    return Explanation.deferred(lambda: (formula(), inputs()), rule, source)


def _said(message: str) -> Text:
    return lambda: message


# --------------------------------------------------------------------------- execution rate


def _rate_row(funds: Funds) -> FundsRow | None:
    """`funds.row(FundsSource.TOTAL)`, else the first row, else None."""
    rows = funds.rows
    for row in rows:
        if row.source == _TOTAL_SOURCE:
            return row
    return rows[0] if rows else None


def row_rate(row: FundsRow, profile: Profile) -> Computed:
    """执行率 of one funds row = 全年执行数 / 全年预算数 × 100 (全年预算数 0 → 0.00).

    Args:
        row: a funds row.
        profile: supplies the source document of the rule.
    """
    source = profile.execution.source
    annual, executed = parse_printed(row.annual), parse_printed(row.executed)
    if annual is None or executed is None:
        return Computed(None, _later(_said("缺少全年预算数或全年执行数，无法计算执行率"),
                                     partial(_rate_inputs, row), "execution.rate", source))
    if annual == 0:
        return Computed(round2(ZERO), _later(_said("全年预算数为 0，执行率记 0.00%"),
                                             partial(_rate_inputs, row),
                                             "execution.rate.zero_budget", source))
    rate = round2(executed * HUNDRED / annual)
    return _computed_later(rate, _rate_text, (row, annual, executed, rate), "execution.rate",
                           source)


def _rate_inputs(row: FundsRow) -> Inputs:
    return (("全年预算数", row.annual or ""), ("全年执行数", row.executed or ""))


def _rate_text(row: FundsRow, annual: Decimal, executed: Decimal,
               rate: Decimal) -> tuple[str, Inputs]:
    return f"{_n(executed)} / {_n(annual)} × 100 = {fmt2(rate)}%", _rate_inputs(row)


def execution_rate(funds: Funds, profile: Profile) -> Computed:
    """执行率 of the form: on the 年度资金总额 row, else on the first funds row.

    Args:
        funds: the form's funds block.
        profile: supplies the source document of the rule.
    """
    row = _rate_row(funds)
    if row is None:
        return Computed(None, _explain("没有资金行，无法计算执行率", (), "execution.rate",
                                       profile.execution.source))
    return row_rate(row, profile)


def funds_row_rates(funds: Funds, profile: Profile) -> tuple[tuple[int, Computed], ...]:
    """执行率 of every funds row, keyed by its index in ``funds.rows``."""
    return tuple((i, row_rate(row, profile)) for i, row in enumerate(funds.rows))


def execution_score(funds: Funds, rate: Decimal | None, profile: Profile) -> Computed:
    """执行率得分 = 分值 × min(执行率, 100%) (``linear_capped``) or uncapped (``linear``).

    The 分值 is the form's printed funds weight when printed, else the profile's.

    Args:
        funds: the form's funds block (for its printed 分值).
        rate: the execution rate in percent (already rounded), or None.
        profile: weight, policy and source.
    """
    rules = profile.execution
    weight = funds.weight_value
    origin = "表中印制"
    if weight is None:
        weight, origin = rules.weight, "规则默认"
    rule = f"execution.{rules.policy}"
    if rate is None:
        return Computed(None, _later(_said("执行率无法计算，执行率得分无法计算"),
                                     partial(_execution_inputs, weight, origin, rate), rule,
                                     rules.source))
    capped = rules.policy is _LINEAR_CAPPED and rate > HUNDRED
    score = round2(weight * (HUNDRED if capped else max(rate, ZERO)) / HUNDRED)
    return _computed_later(score, _execution_text, (weight, origin, rate, capped, score), rule,
                           rules.source)


def _execution_inputs(weight: Decimal, origin: str, rate: Decimal | None) -> Inputs:
    return (("分值", _n(weight)), ("分值来源", origin),
            ("执行率", f"{fmt2(rate)}%" if rate is not None else "无"))


def _execution_text(weight: Decimal, origin: str, rate: Decimal, capped: bool,
                    score: Decimal) -> tuple[str, Inputs]:
    shown = f"min({fmt2(rate)}%, 100%)" if capped else f"{fmt2(max(rate, ZERO))}%"
    return f"{_n(weight)} × {shown} = {fmt2(score)}", _execution_inputs(weight, origin, rate)


# --------------------------------------------------------------------------- indicators


class _Row(NamedTuple):
    """One indicator with its parsed values and its effective weight."""

    index: int
    indicator: Indicator
    target: Value
    actual: Value
    not_applicable: bool
    weight: Decimal | None
    weight_note: str | None = None
    printed: Decimal | None = None  # the 得分 as printed

    def inputs(self) -> Inputs:
        return _row_inputs(self.indicator, self.weight, self.weight_note)


def _row_inputs(ind: Indicator, effective: Decimal | None, weight_note: str | None) -> Inputs:
    weight = ("分值", _n(effective) if effective is not None else (ind.weight or ""))
    values = (("年度指标值", ind.target or ""), ("实际完成值", ind.actual or ""),
              ("得分（表中）", ind.score or ""))
    if weight_note:
        return (weight, ("分值调整", weight_note), *values)
    return (weight, *values)


def parse_rows(indicators: tuple[Indicator, ...], profile: Profile) -> ParsedRows:
    """Every row's 年度指标值 and 实际完成值 parsed with the profile vocabulary, and its printed
    分值 and 得分."""
    vocabulary = profile.vocabulary
    words = repeat(vocabulary)
    # `map` over C callables (the memoised parsers, `attrgetter`): no Python frame per row
    return ParsedRows(indicators, vocabulary,
                      tuple(map(parse_value, map(_TARGET, indicators), words)),
                      tuple(map(parse_value, map(_ACTUAL, indicators), words)),
                      tuple(map(parse_points, map(_WEIGHT, indicators))),
                      tuple(map(parse_points, map(_SCORE, indicators))))


_TARGET, _ACTUAL = attrgetter("target"), attrgetter("actual")
_WEIGHT, _SCORE = attrgetter("weight"), attrgetter("score")


def score_indicators(indicators: Sequence[Indicator], profile: Profile,
                     parsed_rows: ParsedRows | None = None) -> tuple[RowScore, ...]:
    """Score every indicator row (in printed order) under the profile.

    Args:
        indicators: the form's indicator rows.
        profile: the rule profile.
        parsed_rows: these rows already parsed under the profile (`parse_rows`), if at hand.
    """
    rows_tuple = tuple(indicators)
    if parsed_rows is None or not parsed_rows.for_rows(rows_tuple, profile.vocabulary):
        parsed_rows = parse_rows(rows_tuple, profile)
    targets, actuals, printed_weights = parsed_rows.targets, parsed_rows.actuals, \
        parsed_rows.weights
    na = _not_applicable_rows(rows_tuple, targets, actuals, profile)
    if True in na and profile.not_applicable.policy is not NotApplicablePolicy.ZERO_WEIGHT:
        weights = effective_weights(rows_tuple, na, profile, printed_weights)
    else:  # every printed weight as it stands, no note (`effective_weights` of such rows)
        weights = None
    scores = parsed_rows.scores
    rules, comparison = profile.quantitative, profile.comparison
    common = not rules.deviation_penalty.enabled  # else every row the long way
    out = []
    for i, ind in enumerate(rows_tuple):
        t, a = targets[i], actuals[i]
        if weights is None:
            weight, note = printed_weights[i], None
        else:
            weight, note = weights[i]
        if common and weight is not None and not na[i] and a.kind is _QUANTITY \
                and t.kind is _QUANTITY:
            row = _positive_row(i, ind, t, a, weight, note, scores[i], rules, comparison)
            if row is not None:
                out.append(row)
                continue
        out.append(_score_row(_Row(i, ind, t, a, na[i], weight, note, scores[i]), profile))
    return tuple(out)


def _not_applicable_rows(indicators: tuple[Indicator, ...], targets: tuple[Value, ...],
                         actuals: tuple[Value, ...], profile: Profile) -> list[bool]:
    """Whether each row is 不适用 / 不涉及: its name, target or actual is such a word (the
    profile's words), or it is a 0-weight row whose values are all 0."""
    words = profile.vocabulary.not_applicable
    out = []
    for ind, t, a in zip(indicators, targets, actuals, strict=True):
        name = ind.name
        if (name is not None and normalize_once(name) in words) \
                or t.kind is _NOT_APPLICABLE or a.kind is _NOT_APPLICABLE:
            out.append(True)
        else:
            out.append(t.number == 0 and _all_zero(ind, t, a))  # most rows: not 0
    return out


def _positive_row(index: int, ind: Indicator, target: Value, actual: Value, weight: Decimal,
                  weight_note: str | None, printed: Decimal | None, rules: QuantitativeRules,
                  comparison: ComparisonRules) -> RowScore | None:
    """Most quantitative rows in one step: a 正向 (≥ >, or none) or 等于 target other than 0, an
    actual not below 0, and no deviation penalty in the profile — the value and rule
    `_quantitative` gives (`score_positive`), its formula written by `_quantitative` when read.
    None for any other row."""
    op, t, a = target.operator, target.number, actual.number
    if t is None or a is None or a < 0:
        return None
    if op is None or op is _GE or op is _GT:
        rule = _POSITIVE
    elif op is _EQ and t != 0 and (a == t or rules.equal_miss is not _EQUAL_MANUAL):
        rule = _EQUAL_RULE
    else:
        return None
    value = (weight if t <= 0 or a >= t else weight * a / t).quantize(_CENTS, _HALF_UP)  # round2
    # `classify`, a value being computed
    if printed is None:
        status, counted = _NOT_SCORED, value
    elif abs(printed - value) <= comparison.tolerance:
        status, counted = _EQUAL, printed
    elif printed > value:
        status, counted = _INFLATED, value
    elif comparison.accept_noted_deductions and comparison.is_substantive(ind.note):
        status, counted = _ACCEPTED, printed
    else:
        status, counted = _UNEXPLAINED, value
    computed = _computed_later(value, _quantitative_written, (target, actual, weight, rules,
                                                              op or _GE, ind, weight_note),
                               rule, rules.source)
    return RowScore(index, _QUANTITY, printed, computed, status, None, counted)


def _quantitative_written(target: Value, actual: Value, weight: Decimal,
                          rules: QuantitativeRules, op: Operator, ind: Indicator,
                          weight_note: str | None) -> tuple[str, Inputs]:
    _, formula, _ = _quantitative(target, actual, weight, rules, op)
    return formula(), (*_row_inputs(ind, weight, weight_note), ("计算符号", op.value))


def _all_zero(indicator: Indicator, target: Value, actual: Value) -> bool:
    if not (target.number is not None and target.number == 0
            and actual.number is not None and actual.number == 0):
        return False  # most rows: the printed weight and score need not be read
    weight, score = indicator.weight_value, indicator.score_value
    return (weight is not None and weight == 0
            and (score is None or score == 0)
            and target.kind is ValueKind.QUANTITY and actual.kind is ValueKind.QUANTITY)


def effective_weights(indicators: Sequence[Indicator], na: Sequence[bool], profile: Profile,
                      printed: Sequence[Decimal | None] | None = None,
                      ) -> list[tuple[Decimal | None, str | None]]:
    """Each row's weight after the 不适用 policy, with a note when it was rescaled.

    ``zero_weight`` keeps the printed weights; ``rescale_within_level1`` spreads the points of
    不适用 rows over the applicable rows of the same 一级指标; ``rescale_total`` over all rows.
    `printed` is the rows' printed 分值 when already read.
    """
    if printed is None:
        printed = [parse_points(ind.weight) for ind in indicators]
    result: list[tuple[Decimal | None, str | None]] = [(w, None) for w in printed]
    policy = profile.not_applicable.policy
    if policy is NotApplicablePolicy.ZERO_WEIGHT:
        return result
    groups: dict[str, list[int]] = {}
    for i, ind in enumerate(indicators):
        within_level1 = policy is NotApplicablePolicy.RESCALE_WITHIN_LEVEL1
        key = level_key(ind.level1 or "") if within_level1 else ""
        groups.setdefault(key, []).append(i)
    for members in groups.values():
        whole = sum((printed[i] or ZERO for i in members), ZERO)
        kept = sum((printed[i] or ZERO for i in members if not na[i]), ZERO)
        if kept <= 0 or kept == whole:
            continue
        for i in members:
            w = printed[i]
            if w is not None and not na[i]:
                new = round2(w * whole / kept)
                result[i] = (new, f"{_n(w)} × {_n(whole)} / {_n(kept)} = {fmt2(new)}")
    return result


def _score_row(row: _Row, profile: Profile) -> RowScore:
    """Score one indicator row: 不适用, qualitative, quantitative or manual."""
    if row.not_applicable:
        return _not_applicable_row(row, profile)
    if row.weight is None:
        manual = not profile.weights.per_indicator
        message = "三级指标不单列分值，须人工评分" if manual else "未印分值，无法按公式计分"
        status = RowStatus.MANUAL if manual else RowStatus.NOT_SCORED
        explanation = _later(_said(message), row.inputs, NO_WEIGHT_RULE,
                             profile.weights.source)
        return _row_score(row, Computed(None, explanation), status, profile)
    kind = row.actual.kind
    if kind is _TIER:
        return _qualitative_row(row, profile)
    if kind is _QUANTITY and row.target.kind is _QUANTITY:
        rules = profile.quantitative
        op = row.target.operator or _GE
        value, formula, rule = _quantitative(row.target, row.actual, row.weight, rules, op)
        computed = Computed(value, Explanation.deferred(
            partial(_quantitative_text, formula, row.inputs, op), rule, rules.source))
        status, counted = classify(row.printed, value, row.indicator.note, _MANUAL,
                                   profile.comparison)
        return RowScore(row.index, row.actual.kind, row.printed, computed, status, None, counted)
    return _unscorable_row(row, profile)


def _row_score(row: _Row, computed: Computed, manual_status: RowStatus,
               profile: Profile) -> RowScore:
    status, counted = classify(row.printed, computed.value, row.indicator.note, manual_status,
                               profile.comparison)
    return RowScore(row.index, row.actual.kind, row.printed, computed, status, None, counted)


def _unscorable_row(row: _Row, profile: Profile) -> RowScore:
    missing = {ValueKind.EMPTY: "缺少", ValueKind.UNIT_ONLY: "只有单位，缺少数值"}
    source = profile.quantitative.source
    if row.actual.kind in missing:
        message = f"实际完成值{missing[row.actual.kind]}，无法计分"
        status = RowStatus.NOT_SCORED
    elif row.target.kind is ValueKind.EMPTY:
        message, status = "年度指标值缺失，无法计分", RowStatus.NOT_SCORED
    elif row.target.kind is ValueKind.QUANTITY:
        message, status = "年度指标值为数值而实际完成值不是数值，须人工评分", RowStatus.MANUAL
    else:
        message, status = "实际完成值不是定性档次，须人工评分", RowStatus.MANUAL
        source = profile.qualitative.source
    rule = "indicator.missing" if status is RowStatus.NOT_SCORED else "indicator.manual"
    explanation = _later(_said(message), row.inputs, rule, source)
    return _row_score(row, Computed(None, explanation), status, profile)


def _not_applicable_row(row: _Row, profile: Profile) -> RowScore:
    rules = profile.not_applicable
    weight = row.indicator.weight_value
    if rules.policy is not NotApplicablePolicy.ZERO_WEIGHT:
        message = "不适用指标剔除，其分值按规则重新分配给其余指标"
    elif weight:
        message = f"不适用指标分值应为 0（表中为 {_n(weight)}），不计入总分"
    else:
        message = "不适用指标，分值为 0，不计入总分"
    explanation = _later(_said(message), row.inputs, f"not_applicable.{rules.policy}",
                         rules.source)
    return RowScore(index=row.index, kind=ValueKind.NOT_APPLICABLE,
                    printed_score=row.printed, computed=Computed(None, explanation),
                    status=RowStatus.NOT_APPLICABLE, counted_score=None)


# --------------------------------------------------------------------------- printed vs computed


def classify(printed: Decimal | None, computed: Decimal | None, note: str | None,
             manual_status: RowStatus, rules: ComparisonRules,
             ) -> tuple[RowStatus, Decimal | None]:
    """Status of a row and the score it counts with in the recomputed total.

    Args:
        printed: the 得分 the unit printed, or None.
        computed: the engine's score, or None when it cannot compute one.
        note: the row's 偏差原因分析及改进措施.
        manual_status: the status to use when nothing is computed (MANUAL or NOT_SCORED).
        rules: tolerance, boilerplate notes and whether noted deductions are accepted.
    """
    if computed is None:
        return manual_status, printed
    if printed is None:
        return _NOT_SCORED, computed
    if abs(printed - computed) <= rules.tolerance:
        return _EQUAL, printed
    if printed > computed:
        return _INFLATED, computed
    if rules.accept_noted_deductions and rules.is_substantive(note):
        return _ACCEPTED, printed
    return _UNEXPLAINED, computed


# --------------------------------------------------------------------------- qualitative


def _qualitative_row(row: _Row, profile: Profile) -> RowScore:
    weight = row.weight if row.weight is not None else ZERO
    tier = row.actual.tier if row.actual.tier is not None else Tier.MISSED
    band = _tier_band(weight, tier, profile.qualitative)
    low, high = band.band
    computed = Computed(high, _later(band.formula, lambda: (*row.inputs(), *band.inputs()),
                                     band.rule, profile.qualitative.source))
    printed = row.printed
    if printed is None:
        status, counted = RowStatus.MANUAL, None
    elif not printed < low and (printed <= high if band.high_inclusive else printed < high):
        status, counted = RowStatus.EQUAL, printed  # TierRule.contains on the same band
    elif printed > high:
        status, counted = RowStatus.OUT_OF_BAND, high
    else:
        status, counted = RowStatus.OUT_OF_BAND, printed
    return RowScore(index=row.index, kind=ValueKind.TIER, printed_score=printed,
                    computed=computed, status=status, band=band.band, counted_score=counted)


class _TierBand(NamedTuple):
    """What a tier gives a row of a given weight: its band, formula and explanation inputs."""

    band: tuple[Decimal, Decimal]
    high_inclusive: bool
    formula: Text
    inputs: Callable[[], Inputs]
    rule: str


def _tier_band(weight: Decimal, tier: Tier, rules: QualitativeRules) -> _TierBand:
    """The band a tier gives a row of weight `weight` (定性指标 档次区间)."""
    rule = rules.rule(tier)
    low, high = rule.band(weight)
    closing = "]" if rule.high_inclusive else ")"
    return _TierBand(
        band=(low, high), high_inclusive=rule.high_inclusive,
        formula=lambda: f"{_TIER_NAMES[tier]}档：[{fmt2(low)}, {fmt2(high)}{closing}",
        inputs=lambda: (("档次", rule.label),
                        ("区间比例", f"{_n(rule.low * HUNDRED)}%–{_n(rule.high * HUNDRED)}%")),
        rule=f"qualitative.{tier.value}")


# --------------------------------------------------------------------------- quantitative


def quantitative_score(target: Value, actual: Value, weight: Decimal, rules: QuantitativeRules,
                       inputs: Inputs = ()) -> Computed:
    """Score a quantitative row by its operator (an operator-less target counts as ≥).

    A negative actual counts as 0; no score exceeds the weight.

    Args:
        target: parsed 年度指标值 (kind quantity).
        actual: parsed 实际完成值 (kind quantity).
        weight: the row's 分值.
        rules: the profile's quantitative options.
        inputs: name → value pairs to carry in the explanation.
    """
    return _quantitative_computed(target, actual, weight, rules, lambda: inputs)


def _quantitative_computed(target: Value, actual: Value, weight: Decimal,
                           rules: QuantitativeRules, inputs: Callable[[], Inputs]) -> Computed:
    """`quantitative_score` with the row's inputs written when the explanation is read."""
    op = target.operator or Operator.GE
    value, formula, rule = _quantitative(target, actual, weight, rules, op)
    return Computed(value, Explanation.deferred(partial(_quantitative_text, formula, inputs, op),
                                                rule, rules.source))


def _quantitative_text(formula: Text, inputs: Callable[[], Inputs],
                       op: Operator) -> tuple[str, Inputs]:
    return formula(), (*inputs(), ("计算符号", op.value))


def _quantitative(target: Value, actual: Value, weight: Decimal,
                  rules: QuantitativeRules, op: Operator) -> _Scored:
    t = target.number if target.number is not None else ZERO
    a = actual.number if actual.number is not None else ZERO
    negative = a < 0
    if negative:
        printed_a, a = a, ZERO
    reverse = op.is_reverse
    if reverse:
        value, formula, rule = score_reverse(weight, t, a, rules.reverse_formula)
    elif op is _EQ:
        value, formula, rule = score_equal(weight, t, a, rules.equal_miss)
    else:
        value, formula, rule = score_positive(weight, t, a)
    if value is not None and not reverse:
        if rules.deviation_penalty.enabled:  # as `apply_deviation_penalty` asks first
            value, formula, rule = apply_deviation_penalty(value, formula, rule, t, a, rules)
        formula = _noting_overcompletion(formula, t, a, rules)
    if negative:
        return value, _after(f"实际完成值为负（{_n(printed_a)}），按 0 计；", formula), rule
    return value, formula, rule


def _after(prefix: str, formula: Text) -> Text:
    return lambda: prefix + formula()


def _noting_overcompletion(formula: Text, t: Decimal, a: Decimal,
                           rules: QuantitativeRules) -> Text:
    return lambda: formula() + _overcompletion_note(t, a, rules)


def score_positive(w: Decimal, t: Decimal, a: Decimal) -> _Scored:
    """正向 (≥ >): A ≥ T → w; else w × A / T. Returns (score, formula, rule id)."""
    rule = _POSITIVE
    if t <= 0:
        return round2(w), lambda: f"{_n(a)} ≥ {_n(t)} → {fmt2(w)}", rule
    if a >= t:
        if a == t:
            return round2(w), lambda: f"{_n(a)} ≥ {_n(t)} → {fmt2(w)}", rule
        return round2(w), lambda: f"{_n(w)} × {_n(a)} / {_n(t)} → 封顶 {fmt2(w)}", rule
    value = round2(w * a / t)
    return value, lambda: f"{_n(w)} × {_n(a)} / {_n(t)} = {fmt2(value)}", rule


def score_equal(w: Decimal, t: Decimal, a: Decimal, equal_miss: EqualMissPolicy) -> _Scored:
    """等于 (=): T > 0 like 正向; T = 0: A = 0 → w, else 0; ``manual`` leaves a miss to people."""
    if equal_miss is EqualMissPolicy.MANUAL and a != t:
        return None, lambda: f"“=”指标实际 {_n(a)} ≠ 目标 {_n(t)}，按规则须人工评分", \
            "quantitative.equal.manual"
    if t == 0:
        rule = "quantitative.equal_zero"
        if a == 0:
            return round2(w), lambda: f"实际 0 = 目标 0 → {fmt2(w)}", rule
        return round2(ZERO), lambda: f"实际 {_n(a)} ≠ 目标 0 → 0.00", rule
    value, formula, _ = score_positive(w, t, a)
    return value, formula, _EQUAL_RULE


def score_reverse(w: Decimal, t: Decimal, a: Decimal, formula_kind: ReverseFormula) -> _Scored:
    """反向 (≤ <): A ≤ T → w; then ``linear_to_2T`` w(1 − (A−T)/T), 0 at 2T; or ``ratio``
    w × T / A; or ``manual``."""
    rule = f"quantitative.reverse.{formula_kind}"
    if a <= t:
        return round2(w), lambda: f"{_n(a)} ≤ {_n(t)} → {fmt2(w)}", rule
    if formula_kind is ReverseFormula.MANUAL:
        return None, lambda: f"反向指标实际 {_n(a)} > 目标 {_n(t)}，按规则须人工评分", rule
    if formula_kind is ReverseFormula.RATIO:
        ratio = round2(w * t / a) if t > 0 else round2(ZERO)
        return ratio, lambda: f"{_n(w)} × {_n(t)} / {_n(a)} = {fmt2(ratio)}", rule
    if a >= _TWO * t:
        return round2(ZERO), lambda: f"{_n(a)} ≥ 2 × {_n(t)} → 0.00", rule
    value = round2(w * (1 - (a - t) / t))
    return value, lambda: f"{_n(w)} × (1 − ({_n(a)} − {_n(t)}) / {_n(t)}) = {fmt2(value)}", rule


def apply_deviation_penalty(value: Decimal, formula: Text, rule: str, t: Decimal, a: Decimal,
                            rules: QuantitativeRules) -> _Scored:
    """指标偏离: when enabled, an actual ≥ (1 + threshold) × T loses ``points`` (not below 0)."""
    penalty = rules.deviation_penalty
    if not penalty.enabled or t <= 0 or a < t * (1 + penalty.threshold):
        return value, formula, rule
    new = round2(max(value - penalty.points, ZERO))

    def text() -> str:
        share = _n(penalty.threshold * HUNDRED)
        return f"{formula()}；偏离目标 ≥ {share}%，扣 {_n(penalty.points)} 分 → {fmt2(new)}"

    return new, text, "quantitative.deviation_penalty"


def _overcompletion_note(t: Decimal, a: Decimal, rules: QuantitativeRules) -> str:
    if t > 0 and a >= t * rules.overcompletion_ratio:
        return f"（超额完成：实际 ≥ {_n(rules.overcompletion_ratio)} × 目标，须说明原因）"
    return ""


# --------------------------------------------------------------------------- total and grade


def total_score(exec_score: Computed, funds: Funds, rows: Sequence[RowScore],
                rate: Decimal | None, profile: Profile) -> Computed:
    """总分 = 执行率得分 + Σ counted indicator scores, then the execution-rate caps if any.

    Args:
        exec_score: the computed execution score (the printed one is used when it is None).
        funds: the funds block (for the printed execution score).
        rows: the scored indicator rows.
        rate: the execution rate, for the caps.
        profile: caps and sources.
    """
    exec_value, exec_label = exec_score.value, "执行率得分"
    if exec_value is None:
        exec_value, exec_label = funds.score_value or ZERO, "执行率得分（表中印制）"
    counted = [r.counted_score for r in rows if r.counted_score is not None]
    indicator_sum = round2(sum(counted, ZERO))
    summed = round2(exec_value + indicator_sum)
    cap = _applicable_cap(rate, profile) if profile.execution.caps else None
    if cap is None or rate is None or summed <= cap.max_total:
        cap = None
    arguments = (exec_label, exec_value, indicator_sum, summed, len(counted), rate, cap)
    if cap is not None:
        return _computed_later(round2(cap.max_total), _total_text, arguments,
                               "total.execution_cap", profile.execution.source)
    return _computed_later(summed, _total_text, arguments, "total.sum", profile.weights.source)


def _total_text(exec_label: str, exec_value: Decimal, indicator_sum: Decimal, summed: Decimal,
                counted: int, rate: Decimal | None, cap: ExecutionCap | None
                ) -> tuple[str, Inputs]:
    text = f"{fmt2(exec_value)} + {fmt2(indicator_sum)} = {fmt2(summed)}"
    if cap is not None:
        text += f"；执行率 {fmt2(rate)}% 低于 {_n(cap.below)}%，总分封顶 {fmt2(cap.max_total)}"
    return text, ((exec_label, fmt2(exec_value) or ""),
                  ("指标得分合计", fmt2(indicator_sum) or ""), ("计入指标数", str(counted)))


def _applicable_cap(rate: Decimal | None, profile: Profile) -> ExecutionCap | None:
    if rate is None:
        return None
    caps = [c for c in profile.execution.caps if rate < c.below]
    return min(caps, key=lambda c: c.max_total) if caps else None


def grade_total(total: Decimal | None, profile: Profile) -> tuple[str | None, Explanation]:
    """评分等级 of a total under the profile's bands, with its explanation.

    Args:
        total: the recomputed total.
        profile: the grade bands.
    """
    rules = profile.grades
    if total is None:
        return None, _explain("总分无法计算，无法评定等级", (), "grade.bands", rules.source)
    grade = rules.grade_of(total)
    return grade, Explanation.deferred(partial(_grade_text, total, grade, rules), "grade.bands",
                                       rules.source)


def _grade_text(total: Decimal, grade: str, rules: GradeRules) -> tuple[str, Inputs]:
    band = next((b for b in rules.bands if total >= b.min), None)
    if band is not None:
        formula = f"{fmt2(total)} ≥ {_n(band.min)} → {grade}"
    else:
        formula = f"{fmt2(total)} < {_n(rules.bands[-1].min)} → {grade}"
    bands = "、".join(f"{b.grade} ≥ {_n(b.min)}" for b in rules.bands)
    return formula, (("总分", fmt2(total) or ""), ("等级线", f"{bands}，其余为{rules.lowest}"))
