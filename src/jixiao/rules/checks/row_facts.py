"""Row facts: what the checks ask of every indicator row, derived in one pass per form.

The checks stay separate registered functions. Each one's precondition is one of the index sets
below (on most forms empty, or a row or two), and its body reads the values derived here instead
of deriving them again row by row, 48 times a form.

Only what the profile itself fixes is read here (tolerance, vocabulary, the boilerplate notes,
the over-completion ratio). A `[checks.params]` value is read in the check that uses it, so that
a malformed one still fails in that check alone (JX901).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from jixiao.core.money import HUNDRED, ZERO
from jixiao.core.scorecard import RowScore, RowStatus
from jixiao.core.values import Operator, ValueKind

if TYPE_CHECKING:
    from jixiao.rules.checks.registry import CheckContext

RATIO_UNITS = frozenset({"%", "‰", "1"})
LOWER_OPERATORS = frozenset({Operator.GE, Operator.GT})
AT_LEAST_OPERATORS = frozenset({Operator.GE, Operator.GT, Operator.EQ})
_QUANTITY = ValueKind.QUANTITY
_TIER = ValueKind.TIER
_TEXT = ValueKind.TEXT
_EMPTY = ValueKind.EMPTY
_NA = ValueKind.NOT_APPLICABLE
_TEXTUAL = frozenset({ValueKind.TEXT, ValueKind.TIER})
_UNIT_ONLY = ValueKind.UNIT_ONLY
_GE, _GT, _EQ, _LE = Operator.GE, Operator.GT, Operator.EQ, Operator.LE
_REPORTED_ORDER = (RowStatus.INFLATED, RowStatus.OUT_OF_BAND, RowStatus.UNEXPLAINED_DEDUCTION,
                   RowStatus.ACCEPTED_DEDUCTION)
_REPORTED = frozenset(_REPORTED_ORDER)


def units_compatible(a: str | None, b: str | None) -> bool:
    """The same unit, a unit left out, or two ratio units (% and ‰ compare as numbers)."""
    if a is None or b is None or a == b:
        return True
    return a in RATIO_UNITS and b in RATIO_UNITS


class RowFacts:
    """The facts of every row of one form, and the rows each check looks at.

    Row attributes are tuples by row index; the index sets are tuples of row indices in printed
    order. Derived by `CheckContext.facts` on first use, once per form.
    """

    not_applicable: tuple[bool, ...]
    """A 不适用 / 不涉及 row: NA name, NA target, or the engine says so."""
    scored: tuple[bool, ...]
    """A row that carries points: 分值 > 0 (or 分值 not printed) and not 不适用."""

    over_weight: tuple[int, ...]          # 得分 > 分值 (JX105)
    weight_score_gaps: tuple[int, ...]    # 分值 missing, or 得分 missing under 分值 > 0 (JX207)
    zero_weight: tuple[int, ...]          # 分值 ≤ 0 on a row that is not 不适用 (JX208)
    weighted_na: tuple[int, ...]          # 分值 > 0 on a row named or targeted 不适用 (JX312)
    docked: tuple[int, ...]               # 得分 < 分值 on a row that is not 不适用 (JX401, JX406)
    full_marks: tuple[int, ...]           # 得分 = 分值 > 0, not 不适用 (JX403, JX503)
    empty_targets: tuple[int, ...]        # scored, 年度指标值 empty (JX205)
    empty_actuals: tuple[int, ...]        # scored, 实际完成值 empty (JX206)
    unit_only_targets: tuple[int, ...]    # 年度指标值 only a unit, not 不适用 (JX309)
    textual_scored: tuple[int, ...]       # scored, 年度指标值 text or tier (JX310)
    kind_mismatch: tuple[int, ...]        # a tier target; a number against words (JX306)
    directed: tuple[int, ...]             # a number target with ≥ > ≤ < (JX301, JX302)
    compared: tuple[int, ...]             # a number target with an operator (JX307)
    unbounded: tuple[int, ...]            # ≥0, negative lower bounds, ≤ 100% and above (JX303)
    percent_over: tuple[int, ...]         # a percentage target above 100 (JX304)
    percent_targets: tuple[int, ...]      # a target in % (JX314)
    unit_mismatch: tuple[int, ...]        # two numbers in units that do not compare (JX305)
    overcompleted: tuple[int, ...]        # 实际 ≥ ratio × 指标值 > 0 on ≥ > = (JX311, JX403)
    cost_block_scored: tuple[int, ...]    # scored row under 成本指标 (JX313)
    value_like_names: tuple[int, ...]     # a name that may be a bare value or unit (JX308)
    repeated_names: tuple[int, ...]       # a name printed on two applicable rows (JX210, JX211)
    quantity_rows: tuple[int, ...]        # scored, both values numbers (JX501, JX502)
    tier_scored: tuple[int, ...]          # scored, 实际完成值 a tier (JX503)
    noted: tuple[int, ...]                # a 偏差原因 is printed (JX407)
    inflated: tuple[int, ...]             # the engine's INFLATED rows (JX404)
    out_of_band: tuple[int, ...]          # the engine's OUT_OF_BAND rows (JX405)
    unexplained: tuple[int, ...]          # the engine's UNEXPLAINED_DEDUCTION rows (JX406)
    accepted: tuple[int, ...]             # the engine's ACCEPTED_DEDUCTION rows (JX408)
    row_scores: dict[int, RowScore]       # the engine's rows by index
    weight_total: Decimal | None          # Σ 分值 of the rows, None when one is not a number
    score_total: Decimal | None           # Σ 得分 of the rows, None when one is not a number

    def __init__(self, ctx: CheckContext) -> None:
        indicators = ctx.form.indicators
        targets, actuals = ctx.targets, ctx.actuals
        weights, scores = ctx.weights, ctx.scores
        names, named_na, value_like_names = ctx._name_rows
        level_keys = ctx.level_keys
        tolerance = ctx.tolerance
        exact = tolerance >= ZERO  # 得分 = 分值 is then within it, both ways
        ratio = ctx.profile.quantitative.overcompletion_ratio
        row_scores: dict[int, RowScore] = {}
        reported: list[tuple[RowStatus, int]] = []  # rows of a status a check reports
        count = len(indicators)
        for row in ctx.scorecard.rows:
            index = row.index
            row_scores[index] = row
            if row.status in _REPORTED and 0 <= index < count:
                reported.append((row.status, index))
        not_applicable: list[bool] = []
        scored: list[bool] = []
        over_weight: list[int] = []
        gaps: list[int] = []
        zero_weight: list[int] = []
        weighted_na: list[int] = []
        docked: list[int] = []
        full_marks: list[int] = []
        empty_targets: list[int] = []
        empty_actuals: list[int] = []
        unit_only: list[int] = []
        textual: list[int] = []
        kind_mismatch: list[int] = []
        directed: list[int] = []
        compared: list[int] = []
        unbounded: list[int] = []
        percent_over: list[int] = []
        percent_targets: list[int] = []
        unit_mismatch: list[int] = []
        overcompleted: list[int] = []
        cost_block: list[int] = []
        value_like: list[int] = []
        quantity_rows: list[int] = []
        tier_scored: list[int] = []
        noted: list[int] = []
        first_row: dict[str, int] = {}
        repeated: set[int] = set()
        weight_total: Decimal | None = ZERO
        score_total: Decimal | None = ZERO
        block_keys: tuple[str, str] | None = None
        cost = False
        for i, target, actual, weight, score, named, name, like, keys, ind in zip(
                range(len(targets)), targets, actuals, weights, scores, named_na, names,
                value_like_names, level_keys, indicators, strict=True):
            t_kind, a_kind = target.kind, actual.kind
            engine = row_scores.get(i)
            na = (engine is not None and engine.kind == _NA) or t_kind is _NA or named
            not_applicable.append(na)
            if weight is None:
                weight_total = None
                gaps.append(i)
                is_scored = not na
            else:
                if weight_total is not None:
                    weight_total += weight
                positive = weight > ZERO
                is_scored = positive and not na
                if not positive:
                    if not na:
                        zero_weight.append(i)
                else:
                    if score is None:
                        gaps.append(i)
                    if named or t_kind is _NA:
                        weighted_na.append(i)
                if score is not None:
                    if exact and score == weight:
                        if positive and not na:
                            full_marks.append(i)
                    else:
                        if score > weight + tolerance:
                            over_weight.append(i)
                        if not na:
                            if score < weight - tolerance:
                                docked.append(i)
                            elif positive and abs(score - weight) <= tolerance:
                                full_marks.append(i)
            if score is None:
                score_total = None
            elif score_total is not None:
                score_total += score
            scored.append(is_scored)
            if t_kind is _QUANTITY:
                op, number, unit = target.operator, target.number, target.unit
                if op is not None:
                    if op is not _EQ:
                        directed.append(i)
                    if number is not None:
                        compared.append(i)
                if unit == "%":
                    percent_targets.append(i)
                if number is not None:
                    if op is _GE or op is _GT:
                        if number < ZERO or (op is _GE and number == ZERO):
                            unbounded.append(i)
                    elif op is _LE and unit == "%" and number >= HUNDRED:
                        unbounded.append(i)
                    if unit == "%" and number > HUNDRED:
                        percent_over.append(i)
                if a_kind is _QUANTITY:
                    if unit != actual.unit and not units_compatible(unit, actual.unit):
                        unit_mismatch.append(i)
                    done = actual.number
                    if number is not None and done is not None:
                        if is_scored:
                            quantity_rows.append(i)
                        if op in AT_LEAST_OPERATORS and number > ZERO and done >= ratio * number:
                            overcompleted.append(i)
                elif a_kind in _TEXTUAL:
                    kind_mismatch.append(i)
            elif t_kind in _TEXTUAL:
                if is_scored:
                    textual.append(i)
                if t_kind is _TIER or a_kind is _QUANTITY:
                    kind_mismatch.append(i)
            elif t_kind is _EMPTY:
                if is_scored:
                    empty_targets.append(i)
            elif t_kind is _UNIT_ONLY and not na:
                unit_only.append(i)
            if is_scored:
                if a_kind is _EMPTY:
                    empty_actuals.append(i)
                elif a_kind is _TIER:
                    tier_scored.append(i)
                if keys is not block_keys:  # a block's rows share their keys
                    block_keys, cost = keys, "成本" in keys[0] + keys[1]
                if cost:
                    cost_block.append(i)
            if like:
                value_like.append(i)
            if name and not na:
                first = first_row.setdefault(name, i)
                if first != i:
                    repeated.update((first, i))
            if ind.note:
                noted.append(i)
        self.not_applicable, self.scored = tuple(not_applicable), tuple(scored)
        self.over_weight, self.weight_score_gaps = tuple(over_weight), tuple(gaps)
        self.zero_weight, self.weighted_na = tuple(zero_weight), tuple(weighted_na)
        self.docked, self.full_marks = tuple(docked), tuple(full_marks)
        self.empty_targets, self.empty_actuals = tuple(empty_targets), tuple(empty_actuals)
        self.unit_only_targets, self.textual_scored = tuple(unit_only), tuple(textual)
        self.kind_mismatch, self.directed = tuple(kind_mismatch), tuple(directed)
        self.compared, self.unbounded = tuple(compared), tuple(unbounded)
        self.percent_over, self.percent_targets = tuple(percent_over), tuple(percent_targets)
        self.unit_mismatch, self.overcompleted = tuple(unit_mismatch), tuple(overcompleted)
        self.cost_block_scored, self.value_like_names = tuple(cost_block), tuple(value_like)
        self.repeated_names = tuple(sorted(repeated))
        self.quantity_rows, self.tier_scored = tuple(quantity_rows), tuple(tier_scored)
        self.noted = tuple(noted)
        if reported:
            self.inflated, self.out_of_band, self.unexplained, self.accepted = [
                tuple([i for s, i in reported if s == status]) for status in _REPORTED_ORDER]
        else:  # most forms
            self.inflated = self.out_of_band = self.unexplained = self.accepted = ()
        self.weight_total, self.score_total = weight_total, score_total
        self.row_scores = row_scores
        self._notes = [ind.note for ind in indicators]
        # the profile's own function: a bound method of `ctx` would make a reference cycle
        self._is_substantive: Callable[[str | None], bool] = ctx.profile.comparison.is_substantive
        self._substantive: dict[int, bool] = {}

    def substantive(self, index: int) -> bool:
        """A 偏差原因 that says something (`CheckContext.is_substantive`), decided once a row."""
        known = self._substantive.get(index)
        if known is None:
            note = self._notes[index]
            known = self._substantive[index] = bool(note) and self._is_substantive(note)
        return known

    def __repr__(self) -> str:
        shown: dict[str, Any] = {k: v for k, v in vars(self).items() if not k.startswith("_")}
        return f"RowFacts({shown})"


#: The index sets a check may name as its rows (`registry.register(rows=…)`).
ROW_SETS = frozenset(name for name, kind in RowFacts.__annotations__.items()
                     if kind == "tuple[int, ...]")
