"""Properties of the engine: bounds, half-up rounding and the total as a sum (hypothesis)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.core.model import Form, Funds, FundsRow, Indicator
from jixiao.core.money import round2
from jixiao.core.scorecard import RowStatus
from jixiao.core.values import Operator, Value, ValueKind
from jixiao.rules.engine import quantitative_score, score_form
from jixiao.rules.profile import Profile, QuantitativeRules, ReverseFormula, load_profile

PROFILES = [load_profile(n) for n in ("national-2020", "shanghai-2024", "sichuan-2023")]
VENDOR = load_profile("vendor-80-70-60")


def cents(low: int, high: int) -> st.SearchStrategy[Decimal]:
    """Two-decimal Decimals between low and high (in units)."""
    return st.integers(low * 100, high * 100).map(lambda c: Decimal(c) / 100)


weights = cents(0, 100)
numbers = cents(-50, 100_000)
operators = st.sampled_from([None, *Operator])


def _quantity(number: Decimal, operator: Operator | None = None) -> Value:
    return Value(raw=f"{operator or ''}{number}", kind=ValueKind.QUANTITY, operator=operator,
                 number=number)


def _rules(base: QuantitativeRules, reverse: ReverseFormula, penalty: bool) -> QuantitativeRules:
    return replace(base, reverse_formula=reverse,
                   deviation_penalty=replace(base.deviation_penalty, enabled=penalty))


@given(w=weights, t=numbers, a=numbers, op=operators,
       reverse=st.sampled_from(ReverseFormula), penalty=st.booleans())
def test_indicator_score_between_zero_and_weight(w: Decimal, t: Decimal, a: Decimal,
                                                 op: Operator | None, reverse: ReverseFormula,
                                                 penalty: bool) -> None:
    rules = _rules(PROFILES[0].quantitative, reverse, penalty)
    computed = quantitative_score(_quantity(t, op), _quantity(a), w, rules)
    if computed.value is not None:
        assert Decimal(0) <= computed.value <= w
        assert computed.value == round2(computed.value)
    assert computed.explanation.formula and computed.explanation.rule


@given(w=weights, t=cents(1, 1000), a=numbers)
def test_positive_score_is_half_up_of_the_ratio(w: Decimal, t: Decimal, a: Decimal) -> None:
    computed = quantitative_score(_quantity(t, Operator.GE), _quantity(a), w,
                                  PROFILES[0].quantitative)
    a = max(a, Decimal(0))
    if a >= t:
        assert computed.value == w
    else:
        # w × a / t in cents, rounded half-up with integer arithmetic only
        num, den = int(w * 100) * int(a * 100), int(t * 100)
        assert computed.value == Decimal((2 * num + den) // (2 * den)) / 100


def _half_up_div(num: int, den: int) -> int:
    return (2 * num + den) // (2 * den)


@given(annual=st.integers(1, 10**9), executed=st.integers(0, 2 * 10**9),
       weight=st.integers(0, 2000))
def test_execution_score_is_capped_and_rounded_half_up(annual: int, executed: int,
                                                       weight: int) -> None:
    money = Funds(weight=f"{Decimal(weight) / 100:.2f}", rows=(
        FundsRow(source="total", annual=f"{Decimal(annual) / 100:.2f}",
                 executed=f"{Decimal(executed) / 100:.2f}"),))
    card = score_form(Form(project_name="p", funds=money), PROFILES[0])
    rate_h = _half_up_div(executed * 10_000, annual)          # rate in hundredths of a percent
    assert card.execution_rate.value == Decimal(rate_h) / 100
    score_h = _half_up_div(weight * min(rate_h, 10_000), 10_000)
    assert card.execution_score.value == Decimal(score_h) / 100
    assert Decimal(0) <= card.execution_score.value <= Decimal(weight) / 100
    uncapped = score_form(Form(project_name="p", funds=money), VENDOR).execution_score.value
    assert uncapped == Decimal(_half_up_div(weight * rate_h, 10_000)) / 100


row_targets = st.one_of(
    st.builds(lambda op, n: f"{op}{n}", st.sampled_from(["≥", ">", "=", "≤", "<", ""]),
              cents(0, 500)),
    st.sampled_from(["顺利进行", "不适用", "", "人"]),
)
row_actuals = st.one_of(
    cents(0, 800).map(str),
    st.sampled_from(["达成指标", "部分达成指标并具有一定效果", "未达成指标且效果较差", "及时",
                     "不涉及", ""]),
)
indicators = st.builds(
    lambda t, a, w, s, n: Indicator(level1="产出指标", level2="数量指标", name="指标", target=t,
                                    actual=a, weight=w, score=s, note=n),
    row_targets, row_actuals, weights.map(str), st.one_of(st.none(), cents(0, 100).map(str)),
    st.sampled_from([None, "无", "未留存佐证资料"]),
)


@settings(max_examples=200, deadline=None)
@given(rows=st.lists(indicators, max_size=12), executed=cents(0, 200),
       profile=st.sampled_from(PROFILES))
def test_total_is_execution_plus_counted_scores(rows: list[Indicator], executed: Decimal,
                                                profile: Profile) -> None:
    money = Funds(weight="10.00", rows=(FundsRow(source="total", annual="100.00",
                                                 executed=str(executed)),))
    card = score_form(Form(project_name="p", funds=money, indicators=tuple(rows)), profile)
    counted = [r.counted_score for r in card.rows if r.counted_score is not None]
    execution = card.execution_score.value
    assert execution is not None
    assert card.total.value == round2(execution + sum(counted, Decimal(0)))
    assert card.grade in {"优", "良", "中", "差"}
    tolerance = Decimal("0.01")
    for r in card.rows:
        weight = rows[r.index].weight_value
        assert weight is not None
        if r.computed.value is not None:
            assert Decimal(0) <= r.computed.value <= weight
        if r.status is RowStatus.NOT_APPLICABLE:
            assert r.counted_score is None
        elif r.computed.value is not None and r.counted_score is not None:
            # no row counts for more than the engine would give it (qualitative: the band top)
            assert r.counted_score <= r.computed.value + tolerance


_SPELLINGS = st.tuples(st.integers(-10**9, 10**9), st.integers(0, 6)).map(
    lambda p: Decimal(p[0]).scaleb(-p[1]))


@given(st.lists(st.one_of(_SPELLINGS, st.sampled_from(
    [Decimal("0"), Decimal("-0"), Decimal("0.00"), Decimal("-0.00"), Decimal("8.5"),
     Decimal("8.50"), Decimal("8.500"), Decimal("0.125"), Decimal("0.1250")])), max_size=8))
def test_formula_numbers_kept_print_as_computed_afresh(values: list[Decimal]) -> None:
    from jixiao.rules.engine import _n, _number_text

    for value in values:  # equal values in any spelling, 0 and -0, in any order
        assert _n(value) == _number_text(value)
    assert _n(Decimal("-0")) == "-0.00" and _n(Decimal("0")) == "0.00"
