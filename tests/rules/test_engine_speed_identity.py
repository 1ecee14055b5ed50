"""The engine's one-step path for common quantitative rows (issue 9) gives the very row score
the long way (`_score_row`) gives: value, status, counted score, and the explanation's formula,
inputs, rule and source — for every operator, sign and policy, whether it takes the row or not."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.core.model import Indicator
from jixiao.core.scorecard import RowScore
from jixiao.core.values import parse_value
from jixiao.rules import engine
from jixiao.rules.profile import EqualMissPolicy, Profile, load_profile

NATIONAL = load_profile("national-2020")
_EQUAL_MANUAL = dataclasses.replace(NATIONAL, quantitative=dataclasses.replace(
    NATIONAL.quantitative, equal_miss=EqualMissPolicy.MANUAL))
_STRICT = dataclasses.replace(NATIONAL, comparison=dataclasses.replace(
    NATIONAL.comparison, accept_noted_deductions=False))

_NUMBERS = st.sampled_from(["0", "0.00", "-0", "5", "10", "95.00", "100", "99.999", "-3", "0.01",
                            "120", "1234.5"])
_OPS = st.sampled_from(["", "≥", ">", "=", "≤", "<"])
_UNITS = st.sampled_from(["", "%", "(%)", "次"])
_SCORES = st.sampled_from([None, "0", "5", "9.99", "10", "10.00", "12", "4.5"])


def _both(profile: Profile, ind: Indicator, weight: Decimal | None, note: str | None
          ) -> tuple[RowScore | None, RowScore]:
    t, a = parse_value(ind.target, profile.vocabulary), parse_value(ind.actual, profile.vocabulary)
    printed = ind.score_value
    fast = None
    if weight is not None and t.kind is engine._QUANTITY and a.kind is engine._QUANTITY:
        fast = engine._positive_row(3, ind, t, a, weight, note, printed, profile.quantitative,
                                    profile.comparison)
    slow = engine._score_row(engine._Row(3, ind, t, a, False, weight, note, printed), profile)
    return fast, slow


def _seen(row: RowScore) -> tuple[object, ...]:
    e = row.computed.explanation
    return (row.index, row.kind, row.printed_score, row.computed.value, row.status, row.band,
            row.counted_score, e.formula, e.inputs, e.rule, e.source)


@settings(max_examples=400)
@given(op=_OPS, t=_NUMBERS, a=_NUMBERS, unit=_UNITS, weight=_NUMBERS, score=_SCORES,
       note=st.sampled_from([None, "无", "施工受阻，已督促"]),
       weight_note=st.sampled_from([None, "10.00 × 90.00 / 80.00 = 11.25"]),
       profile=st.sampled_from([NATIONAL, _EQUAL_MANUAL, _STRICT]))
def test_the_one_step_row_is_the_long_way_row(op: str, t: str, a: str, unit: str, weight: str,
                                              score: str | None, note: str | None,
                                              weight_note: str | None, profile: Profile) -> None:
    ind = Indicator("产出指标", "数量指标", "指标", f"{op}{t}{unit}", f"{a}{unit}", weight, score,
                    note)
    fast, slow = _both(profile, ind, Decimal(weight), weight_note)
    if fast is not None:
        assert _seen(fast) == _seen(slow)


def test_it_takes_the_common_rows_and_leaves_the_others() -> None:
    def taken(target: str, actual: str, profile: Profile = NATIONAL) -> bool:
        ind = Indicator("产出指标", "数量指标", "指标", target, actual, "10", "9")
        return _both(profile, ind, Decimal(10), None)[0] is not None

    assert taken("≥95%", "93%") and taken("=100%", "98%") and taken("12次", "15次")
    assert not taken("≤3天", "4天")  # reverse: the long way
    assert not taken("≥5", "-1")  # a negative actual: the long way (floored there)
    assert not taken("=0", "0")  # 等于 0: its own rule
    assert not taken("=100%", "98%", _EQUAL_MANUAL) and taken("=100%", "100%", _EQUAL_MANUAL)
