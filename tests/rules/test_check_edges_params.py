"""Every `[checks.params]` parameter a check reads changes that check's answer when a profile sets
it: a profile that names its own risk words, money units, explanation words … is obeyed, and the
parameter is read under its documented name (a misspelt key would silently fall back to the
default)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from jixiao.core.model import FundsRow, Goals, Indicator, Total
from tests.rules.test_checks_base import (
    BASE,
    BASE_INDICATORS,
    of_code,
    profile,
    with_row,
    with_rows,
)
from tests.rules.test_checks_reasons import low_execution


def _with(**params: object):
    return profile(params=params)


# ---- arithmetic ---------------------------------------------------------------------------

def test_total_weight_is_a_parameter() -> None:
    # Σ 分值 = 10 + 90 = 100 with no printed total weight: fine under 100, wrong under 90.
    form = replace(with_row(3, weight="30.00"), total=Total(None, "99.50"))
    assert not of_code(form, "JX106")
    [hit] = of_code(form, "JX106", _with(total_weight="90"))
    assert hit.message == "分值合计 100.00（执行率 10.00 + 指标 90.00）不等于 90.00"
    assert hit.path == "total.weight"


# ---- structure ----------------------------------------------------------------------------

def test_goal_placeholders_are_a_parameter() -> None:
    form = replace(BASE, goals=Goals("待补充", BASE.goals.actual))
    assert not of_code(form, "JX209")
    [hit] = of_code(form, "JX209", _with(goal_placeholders=["待补充"]))
    assert hit.message == "年度总体目标的预期目标是模板说明文字：「待补充」"
    assert hit.path == "goals.expected"
    # the profile's list replaces the standard one
    template = replace(BASE, goals=Goals("请填写预期目标", BASE.goals.actual))
    assert of_code(template, "JX209")
    assert not of_code(template, "JX209", _with(goal_placeholders=["待补充"]))


# ---- meaning: direction and counts --------------------------------------------------------

def test_risk_words_are_a_parameter() -> None:
    form = with_row(1, name="培训缺课率", target="≥2.00(%)", actual="3.00(%)")
    assert not of_code(form, "JX301")
    assert of_code(form, "JX301", _with(risk_words=["缺课"]))


def test_risk_exceptions_are_a_parameter() -> None:
    form = with_row(1, name="投诉回访率", target="≥90.00(%)", actual="95.00(%)")
    assert of_code(form, "JX301")  # 投诉 is a risk word, 回访率 no standard exception
    assert not of_code(form, "JX301", _with(risk_exceptions=["回访率"]))


def test_positive_words_are_a_parameter() -> None:
    form = with_row(1, name="培训结业率", target="≤90.00(%)", actual="85.00(%)")
    assert not of_code(form, "JX301")
    assert of_code(form, "JX301", _with(positive_words=["结业率"]))


_COST = Indicator("产出指标", "质量指标", "人均培训开销", "≥500(元)", "480(元)", "5.00", "5.00")


def test_cost_words_are_a_parameter() -> None:
    form = with_rows([*BASE_INDICATORS, _COST])
    assert not of_code(form, "JX301")
    [hit] = of_code(form, "JX301", _with(cost_words=["开销"]))
    assert hit.message.endswith("方向错误：成本指标应为 ≤")


def test_money_units_are_a_parameter() -> None:
    form = with_rows([*BASE_INDICATORS, replace(_COST, name="人均培训成本", target="≥500(美元)",
                                                actual="480(美元)")])
    assert not of_code(form, "JX301")
    assert of_code(form, "JX301", _with(money_units=["美元"]))


def test_money_units_are_not_output_counts_when_the_profile_says_so() -> None:
    form = with_row(0, target="≤20(美元)", actual="20(美元)")
    assert of_code(form, "JX302")
    assert not of_code(form, "JX302", _with(money_units=["美元"]))


def test_duration_units_are_a_parameter() -> None:
    form = with_row(0, target="≤3(轮)", actual="3(轮)")
    assert of_code(form, "JX302")
    assert not of_code(form, "JX302", _with(duration_units=["轮"]))
    days = with_row(0, target="≤3(天)", actual="3(天)")
    assert not of_code(days, "JX302")
    assert of_code(days, "JX302", _with(duration_units=["轮"]))  # the list is replaced


def test_cost_words_spare_a_count_with_a_cap() -> None:
    form = with_row(0, name="培训开销场次", target="≤20(场)", actual="20(场)")
    assert of_code(form, "JX302")
    assert not of_code(form, "JX302", _with(cost_words=["开销"]))


def test_risk_words_spare_a_count_with_a_cap() -> None:
    form = with_row(0, name="培训缺课场次", target="≤20(场)", actual="20(场)")
    assert of_code(form, "JX302")
    assert not of_code(form, "JX302", _with(risk_words=["缺课"]))


# ---- reasons: explanations and changed indicators -----------------------------------------

def test_explanation_words_are_a_parameter() -> None:
    form = low_execution(BASE.goals.actual + "部分培训资金待下年度统筹。")
    assert of_code(form, "JX402")
    assert not of_code(form, "JX402", _with(explanation_words=["统筹"]))


def test_explanation_money_words_are_a_parameter() -> None:
    form = low_execution(BASE.goals.actual + "由于场地改造，部分课程延期。")
    assert of_code(form, "JX402")  # a cause, but no sentence about money
    assert not of_code(form, "JX402", _with(explanation_money_words=["课程"]))


def test_change_words_are_a_parameter() -> None:
    form = with_row(2, note="指标值改写成“及时”。")
    assert not of_code(form, "JX407")
    assert of_code(form, "JX407", _with(change_words=["改写成"]))


def test_future_words_are_a_parameter() -> None:
    form = with_row(2, note="拟于下期将指标值调整为≥95%。")
    assert of_code(form, "JX407")
    assert not of_code(form, "JX407", _with(future_words=["拟于"]))


def test_change_applied_words_are_a_parameter() -> None:
    form = with_row(2, note="建议将指标值调整为“及时”，按新指标评价。")
    assert not of_code(form, "JX407")
    assert of_code(form, "JX407", _with(change_applied_words=["按新指标评价"]))


# ---- plausibility -------------------------------------------------------------------------

def _two_equal_rows():
    rows = [replace(BASE_INDICATORS[0], actual="20(场)"),
            replace(BASE_INDICATORS[3], actual="1000(人次)"), BASE_INDICATORS[2]]
    return with_rows(rows)


def test_min_rows_is_a_parameter_of_the_all_equal_check() -> None:
    assert not of_code(_two_equal_rows(), "JX501")
    [hit] = of_code(_two_equal_rows(), "JX501", _with(min_rows=2))
    assert hit.message == "全部 2 个定量指标的实际完成值都恰好等于年度指标值"


def _two_qualitative_rows():
    rows = [Indicator("产出指标", "质量指标", "培训质量", "合格", "达成年度指标", "15.00", "15.00"),
            Indicator("效益指标", "社会效益指标", "就业能力", "明显增强", "达成年度指标",
                      "30.00", "30.00"),
            BASE_INDICATORS[0]]
    return with_rows(rows)


def test_min_rows_is_a_parameter_of_the_full_marks_check() -> None:
    assert not of_code(_two_qualitative_rows(), "JX503")
    [hit] = of_code(_two_qualitative_rows(), "JX503", _with(min_rows=2))
    assert hit.message == "全部 2 个定性指标都评为达成并得满分"


def test_copy_similarity_is_a_parameter() -> None:
    form = replace(BASE, goals=Goals("举办职业技能培训二十场，学员一千人次",
                                     "举办职业技能培训二十二场，学员一千零五十人次"))
    assert not of_code(form, "JX504", _with(copy_similarity="0.95"))
    [hit] = of_code(form, "JX504", _with(copy_similarity="0.8"))
    assert hit.message == "实际完成情况与预期目标几乎相同，未写明实际完成了什么"


def _rate_and_total(rate: str, total: str):
    rows = (FundsRow("total", "100.00", "100.00", rate, rate),)
    funds = replace(BASE.funds, rate=rate, rows=rows)
    return replace(BASE, funds=funds, total=Total("100.00", total))


@pytest.mark.parametrize(("params", "hit"), [
    ({}, False), ({"low_rate": "96"}, True), ({"low_rate": "95"}, False),
    ({"low_rate": "96", "high_total": "99"}, False),
])
def test_low_rate_is_a_parameter(params: dict[str, str], hit: bool) -> None:
    assert bool(of_code(_rate_and_total("95.00", "98.00"), "JX505", _with(**params))) is hit
