"""Plausibility checks (JX5xx) at their edges: the row counts, the satisfaction row found by its
一级 or by its name, the operators a threshold can have, the similarity of a copied goal exactly at
the threshold, and the 95-point / 90% lines of JX505 from both sides."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from jixiao.core.model import Form, FundsRow, Goals, Indicator, Total
from jixiao.rules.checks.plausibility import _similar, similarity
from tests.rules.test_checks_base import (
    BASE,
    BASE_INDICATORS,
    of_code,
    profile,
    with_row,
    with_rows,
)

# ---- JX501: every quantitative actual equals its target, at least 3 rows ----------------

_EQUAL = [replace(BASE_INDICATORS[0], actual="20(场)"),
          replace(BASE_INDICATORS[1], actual="90.00(%)"),
          replace(BASE_INDICATORS[3], actual="1000(人次)")]


def test_all_equal_with_exactly_three_rows() -> None:
    [hit] = of_code(with_rows(_EQUAL), "JX501")
    assert hit.message == "全部 3 个定量指标的实际完成值都恰好等于年度指标值"


def test_all_equal_counts_only_scored_quantitative_rows() -> None:
    rows = [*_EQUAL[:2], BASE_INDICATORS[2], replace(_EQUAL[2], weight="0.00", score="0.00")]
    assert not of_code(with_rows(rows), "JX501")  # 2 scored quantitative rows


def test_one_actual_off_its_target_clears_all_equal() -> None:
    rows = [*_EQUAL, replace(BASE_INDICATORS[4], actual="90.01(%)")]
    assert not of_code(with_rows(rows), "JX501")
    assert of_code(with_rows([*_EQUAL, replace(BASE_INDICATORS[4], actual="90(%)")]), "JX501")


# ---- JX502: a satisfaction actual exactly at its threshold -------------------------------

@pytest.mark.parametrize(("target", "hit"), [
    ("≥90.00(%)", True), ("=90.00(%)", True), (">90.00(%)", False), ("≤90.00(%)", False),
])
def test_satisfaction_at_threshold_only_under_at_least_or_equal(target: str, hit: bool) -> None:
    form = with_row(4, target=target, actual="90.00(%)")
    assert bool(of_code(form, "JX502")) is hit


def test_satisfaction_row_is_known_by_its_level1_without_the_word() -> None:
    form = with_row(4, name="服务对象评价", actual="90.00(%)")
    [hit] = of_code(form, "JX502")
    assert hit.path == "indicators[4].actual"


def test_a_rate_outside_the_satisfaction_level_is_not_a_satisfaction() -> None:
    assert not of_code(with_row(1, actual="90.00(%)"), "JX502")


# ---- JX503: every qualitative row at full marks, at least 3 rows -------------------------

def _qualitative(*scores: str) -> Form:
    rows = [BASE_INDICATORS[0]]
    for i, score in enumerate(scores):
        rows.append(Indicator("产出指标", "质量指标", f"培训质量{i + 1}", "合格", "达成年度指标",
                              "10.00", score, note=None if score == "10.00" else "部分资料不全。"))
    return with_rows(rows)


def test_full_marks_needs_three_qualitative_rows() -> None:
    assert not of_code(_qualitative("10.00", "10.00"), "JX503")
    assert of_code(_qualitative("10.00", "10.00", "10.00"), "JX503")


@pytest.mark.parametrize(("score", "hit"), [("9.99", True), ("9.98", False), ("9.00", False)])
def test_full_marks_within_the_tolerance(score: str, hit: bool) -> None:
    assert bool(of_code(_qualitative("10.00", "10.00", score), "JX503")) is hit


def test_full_marks_ignores_not_applicable_rows() -> None:
    form = _qualitative("10.00", "10.00", "10.00")
    na = Indicator("产出指标", "质量指标", "不适用", "不适用", "达成年度指标", "0.00", "0.00")
    assert of_code(with_rows([*form.indicators, na]), "JX503")[0].message == \
        "全部 3 个定性指标都评为达成并得满分"


def test_full_marks_needs_printed_scores() -> None:
    form = _qualitative("10.00", "10.00", "10.00")
    rows = list(form.indicators)
    rows[1] = replace(rows[1], score=None)
    assert not of_code(with_rows(rows), "JX503")


# ---- JX504: the achieved goal copies the expected one ------------------------------------

_NINE = "举办职业技能培训班"  # nine characters


def _goals(expected: str, actual: str) -> Form:
    return replace(BASE, goals=Goals(expected, actual))


def test_copy_exactly_at_the_similarity_threshold() -> None:
    # 9 shared characters of 9 + 11: 2 × 9 / 20 = 0.90, the default threshold.
    [hit] = of_code(_goals(_NINE, _NINE + "两期"), "JX504")
    assert hit.message == "实际完成情况与预期目标几乎相同，未写明实际完成了什么"
    # one more new character: 18 / 21 < 0.90
    assert not of_code(_goals(_NINE, _NINE + "共两期"), "JX504")


def test_copy_with_numbers_changed_in_place() -> None:
    expected = "全年举办职业技能培训20场，培训学员1000人次，培训合格率达到90%以上"
    actual = "全年举办职业技能培训22场，培训学员1050人次，培训合格率达到95%以上"  # same length
    assert of_code(_goals(expected, actual), "JX504")


def test_copy_compared_after_folding_punctuation_and_spaces() -> None:
    [hit] = of_code(_goals("举办培训20场。", " 举办培训 20场"), "JX504")
    assert hit.message == "实际完成情况与预期目标完全相同，未写明实际完成了什么"


def test_an_empty_goal_is_not_a_copy() -> None:
    assert not of_code(_goals("。", "。"), "JX504")
    assert not of_code(_goals(_NINE, ""), "JX504")


def test_similar_agrees_with_similarity() -> None:
    threshold = Decimal("0.9")
    for a, b in [(_NINE, _NINE + "两期"), (_NINE, _NINE + "共两期"), (_NINE, "两期"),
                 ("甲乙丙丁", "丁丙乙甲"), ("abcabc", "abcabd")]:
        assert _similar(a, b, threshold) is (similarity(a, b) >= threshold), (a, b)


def test_similarity_of_long_repetitive_texts_uses_every_character() -> None:
    # difflib ignores characters frequent in a text over 200 characters unless told not to
    text = "培训合格。" * 42
    assert similarity(text, "培训合格！" + text[5:]) > Decimal("0.9")
    assert of_code(_goals(text, "培训合格，" + text[5:] + "另"), "JX504")


# ---- JX505: total ≥ 95 while the execution rate < 90 % -----------------------------------

def _rate_and_total(rate: str, total: str, *, computed: bool = True) -> Form:
    rows = (FundsRow("total", "100.00", "100.00", rate, rate),) if computed else ()
    funds = replace(BASE.funds, rate=rate, rows=rows)
    return replace(BASE, funds=funds, total=Total("100.00", total))


@pytest.mark.parametrize(("rate", "total", "hit"), [
    ("89.99", "95.00", True), ("89.99", "94.99", False), ("90.00", "99.00", False),
    ("0.00", "100.00", True),
])
def test_high_total_low_rate_edges(rate: str, total: str, hit: bool) -> None:
    assert bool(of_code(_rate_and_total(rate, total), "JX505")) is hit


def test_high_total_low_rate_reads_the_printed_rate_without_funds_rows() -> None:
    [hit] = of_code(_rate_and_total("85.00", "98.00", computed=False), "JX505")
    assert hit.message == "总分 98.00 不低于 95.00，而预算执行率仅 85.00%"


def test_high_total_low_rate_prefers_the_computed_rate() -> None:
    # printed 95 % but 85 of 100 executed: the computed 85.00 % is the rate
    funds = replace(BASE.funds, rate="95.00",
                    rows=(FundsRow("total", "100.00", "100.00", "85.00", "95.00"),))
    [hit] = of_code(replace(BASE, funds=funds, total=Total("100.00", "98.00")), "JX505")
    assert hit.message.endswith("而预算执行率仅 85.00%")


def test_high_total_low_rate_needs_a_total() -> None:
    assert not of_code(_rate_and_total("85.00", ""), "JX505")


def test_high_total_threshold_exactly_at_a_profile_value() -> None:
    prof = profile(params={"high_total": "98"})
    assert of_code(_rate_and_total("85.00", "98.00"), "JX505", prof)
    assert not of_code(_rate_and_total("85.00", "97.99"), "JX505", prof)
