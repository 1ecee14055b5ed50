"""Arithmetic (JX1xx) and structure (JX2xx) checks at their edges: the printed tolerance of a
rate, the initial-budget hint, funds rows of any source, an execution weight of 0 or 1, levels
reported once, misplaced 二级 on a later row, and the 一级 weights of missing or unknown levels."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from jixiao.core.model import FundsRow, Goals
from jixiao.rules.checks.arithmetic import printed_tolerance
from tests.rules.test_checks_base import (
    BASE,
    BASE_INDICATORS,
    findings,
    of_code,
    with_funds,
    with_row,
    with_rows,
)

# ---- JX102: the printed rate's own precision ----------------------------------------------

@pytest.mark.parametrize(("text", "tolerance"), [
    (None, "0.01"), ("95", "0.5"), ("95%", "0.5"), ("95％", "0.5"), ("95.0", "0.05"),
    ("95.0 %", "0.05"), ("95.00", "0.01"), ("95.000", "0.01"),
])
def test_printed_tolerance(text: str | None, tolerance: str) -> None:
    assert printed_tolerance(text, Decimal("0.01")) == Decimal(tolerance)


def test_printed_tolerance_never_below_the_profile_tolerance() -> None:
    assert printed_tolerance("95.0", Decimal("0.1")) == Decimal("0.1")
    assert printed_tolerance("95.00", Decimal("0.1")) == Decimal("0.1")


def _budget(initial: str, annual: str, executed: str, rate: str):
    return with_funds(rate=rate, rows=(FundsRow("total", initial, annual, executed, rate),))


def test_rate_on_the_initial_budget_is_named() -> None:
    [hit] = of_code(_budget("80.00", "100.00", "76.00", "95.00"), "JX102")
    assert hit.message == ("年度资金总额执行率 「95.00」 ≠ 全年执行数 76.00 / 全年预算数 100.00 = "
                           "76.00%（按年初预算数计算，应以全年预算数为分母）")
    assert hit.path == "funds.rate"


def test_rate_on_the_initial_budget_within_the_printed_precision() -> None:
    # 75.60 / 80 = 94.50 %, printed "95" (no decimals: ± 0.5)
    [hit] = of_code(_budget("80.00", "100.00", "75.60", "95"), "JX102")
    assert hit.message.endswith("（按年初预算数计算，应以全年预算数为分母）")
    [hit] = of_code(_budget("80.00", "100.00", "75.60", "95.00"), "JX102")
    assert hit.message.endswith("= 75.60%")


def test_no_initial_budget_hint_without_an_initial_budget() -> None:
    [hit] = of_code(_budget("", "100.00", "76.00", "95.00"), "JX102")
    assert hit.message.endswith("= 76.00%")


def test_rate_within_the_printed_precision_is_right() -> None:
    assert not of_code(_budget("100.00", "100.00", "95.40", "95"), "JX102")
    assert of_code(_budget("100.00", "100.00", "95.60", "95"), "JX102")


def test_item_rate_without_a_total_row_is_not_checked_but_rows_are() -> None:
    form = with_funds(rate="50.00", rows=(FundsRow("fiscal", "80.00", "80.00", "76.00", "96.00"),))
    assert [h.path for h in of_code(form, "JX102")] == ["funds.rows[0].rate"]


def test_total_row_rate_checked_when_it_differs_from_the_item_rate() -> None:
    rows = (FundsRow("total", "100.00", "100.00", "95.00", "96.00"),)
    form = with_funds(rate="95.00", rows=rows)
    assert [h.path for h in of_code(form, "JX102")] == ["funds.rows[0].rate"]


# ---- JX104: funds rows are named by label, source, or the source as printed ----------------

@pytest.mark.parametrize(("source", "name"), [
    ("special_account", "财政专户管理资金"), ("unit_funds", "单位资金"), ("自筹", "自筹"),
])
def test_funds_row_names(source: str, name: str) -> None:
    rows = (BASE.funds.rows[0], FundsRow(source, "10.00", "10.00", "12.00", "120.00"))
    [hit] = of_code(with_funds(rows=rows), "JX104")
    assert hit.message == f"{name}全年执行数 12.00 大于全年预算数 10.00"


# ---- JX105 / JX207: the execution item ----------------------------------------------------

@pytest.mark.parametrize(("weight", "hit"), [("0.00", False), ("1.00", True)])
def test_execution_score_missing_only_when_it_carries_points(weight: str, hit: bool) -> None:
    found = [f.path for f in of_code(with_funds(weight=weight, score=None), "JX207")]
    assert ("funds.score" in found) is hit


@pytest.mark.parametrize(("weight", "hit"), [("0.00", False), ("1.00", True)])
def test_row_score_missing_only_when_it_carries_points(weight: str, hit: bool) -> None:
    found = [f.path for f in of_code(with_row(2, weight=weight, score=None), "JX207")]
    assert ("indicators[2].score" in found) is hit


# ---- JX202 / JX203: unknown and misplaced levels, once each ------------------------------

def test_unknown_level1_reported_once_per_name() -> None:
    rows = [*BASE_INDICATORS, replace(BASE_INDICATORS[1], level1="产量指标", level2="数目指标"),
            replace(BASE_INDICATORS[2], level1="产量指标", level2="质量指标")]
    assert [f.path for f in of_code(with_rows(rows), "JX202")] == ["indicators[5].level1"]
    assert not of_code(with_rows(rows), "JX203")  # no 二级 judged under an unknown 一级
    assert not of_code(with_rows(rows), "JX901")


def test_misplaced_level2_on_a_later_row() -> None:
    [hit] = of_code(with_row(3, level2="数量指标"), "JX203")
    assert hit.message == ("指标「学员技能提升人次」的二级指标「数量指标」应属于「产出指标」，"
                           "却列在「效益指标」下")
    assert hit.path == "indicators[3].level2"


def test_misplaced_level2_reported_once_per_pair() -> None:
    rows = [*BASE_INDICATORS, replace(BASE_INDICATORS[3], level2="数量指标"),
            replace(BASE_INDICATORS[3], name="培训就业人数", level2="数量指标"),
            replace(BASE_INDICATORS[3], name="培训创业人数", level2="数目指标")]
    assert [f.path for f in of_code(with_rows(rows), "JX203")] == \
        ["indicators[5].level2", "indicators[7].level2"]


# ---- JX204 / JX208 / JX209 -----------------------------------------------------------------

def test_every_required_level1_missing_is_named() -> None:
    found = of_code(with_rows(BASE_INDICATORS[:3]), "JX204")
    assert [f.message for f in found] == ["缺少一级指标「效益指标」", "缺少一级指标「满意度指标」"]


def test_zero_weight_is_fine_on_not_applicable_rows() -> None:
    form = with_row(3, name="不适用", target="不适用", actual="不适用", weight="0.00", score="0.00")
    assert not of_code(form, "JX208")


def test_goal_placeholder_inside_a_longer_text() -> None:
    form = replace(BASE, goals=Goals("请填写本项目的年度总体目标", BASE.goals.actual))
    assert [f.path for f in of_code(form, "JX209")] == ["goals.expected"]


# ---- JX210 / JX211: repeated rows, not counting 不适用 rows ---------------------------------

def test_repeated_not_applicable_rows_are_not_duplicates() -> None:
    na = replace(BASE_INDICATORS[3], name="不适用", target="不适用", actual="不适用",
                 weight="0.00", score="0.00")
    form = with_rows([*BASE_INDICATORS, na, na, replace(na, target="不涉及")])
    assert not of_code(form, "JX210") and not of_code(form, "JX211")


def test_a_duplicate_is_counted_against_the_first_row() -> None:
    form = with_rows([*BASE_INDICATORS, BASE_INDICATORS[0], BASE_INDICATORS[0]])
    assert [f.message for f in of_code(form, "JX210")] == [
        "指标「举办培训场次」（第6行）与第1行重复：名称和年度指标值「≥20(场)」相同",
        "指标「举办培训场次」（第7行）与第1行重复：名称和年度指标值「≥20(场)」相同"]


def test_same_name_against_the_first_row() -> None:
    rows = [*BASE_INDICATORS, replace(BASE_INDICATORS[0], target="≥21(场)"),
            replace(BASE_INDICATORS[0], target="≥20(场)")]
    # row 7 repeats row 1 exactly (JX210), row 6 differs from it (JX211)
    assert [f.path for f in of_code(with_rows(rows), "JX211")] == ["indicators[5].name"]
    assert [f.path for f in of_code(with_rows(rows), "JX210")] == ["indicators[6].name"]


# ---- JX212: groups split apart -------------------------------------------------------------

def test_level1_group_reappearing_is_reported_at_the_row_where_it_returns() -> None:
    rows = [BASE_INDICATORS[0], BASE_INDICATORS[3], BASE_INDICATORS[1], BASE_INDICATORS[4],
            BASE_INDICATORS[2]]
    assert [f.path for f in of_code(with_rows(rows), "JX212")] == \
        ["indicators[2].level1", "indicators[4].level1"]


# ---- JX213: the 一级 weights ---------------------------------------------------------------

@pytest.mark.parametrize(("rows", "message"), [
    ([BASE_INDICATORS[0], BASE_INDICATORS[1], BASE_INDICATORS[2],
      replace(BASE_INDICATORS[4], weight="40.00", score="40.00")],
     "一级指标权重与规则默认值不同：效益指标 0.00（默认 30.00），满意度指标 40.00（默认 10.00）"),
    ([replace(BASE_INDICATORS[0], level1="产量指标"), *BASE_INDICATORS[1:]],
     "一级指标权重与规则默认值不同：产出指标 30.00（默认 50.00），产量指标 20.00（默认 无）"),
    ([replace(BASE_INDICATORS[0], level1=None), *BASE_INDICATORS[1:]],
     "一级指标权重与规则默认值不同：产出指标 30.00（默认 50.00），（无一级指标） 20.00（默认 无）"),
    ([*BASE_INDICATORS[:4], replace(BASE_INDICATORS[3], name="就业人数", weight="10.00",
                                    score="10.00")],
     "一级指标权重与规则默认值不同：产出指标 50.00（默认 56.25），效益指标 40.00（默认 33.75）"),
])
def test_level1_weights_message(rows: list, message: str) -> None:
    [hit] = of_code(with_rows(rows), "JX213")
    assert hit.message == message


def test_level1_weights_need_every_weight() -> None:
    assert not of_code(with_row(0, weight=None), "JX213")
    assert not any(f.code == "JX901" for f in findings(with_row(0, weight=None)))


def test_printed_tolerance_of_two_places_is_the_profile_s_even_when_finer() -> None:
    assert printed_tolerance("95.00", Decimal("0.001")) == Decimal("0.001")
    assert printed_tolerance("95.0", Decimal("0.001")) == Decimal("0.05")


def test_funds_without_a_total_row_or_with_blank_cells_are_not_checked() -> None:
    rows = (FundsRow("fiscal", "80.00", "", "76.00", "95.00"),
            FundsRow("other", "20.00", "20.00", "", "95.00"))
    assert findings(with_funds(rows=rows)) == []


def test_funds_sum_checks_the_columns_after_a_blank_one() -> None:
    rows = (FundsRow("total", "", "101.00", "95.00", "95.00"), *BASE.funds.rows[1:])
    [hit] = of_code(with_funds(rows=rows), "JX101")
    assert hit.path == "funds.rows[0].annual"


def test_a_row_rate_equal_to_the_item_rate_is_still_checked() -> None:
    rows = (BASE.funds.rows[0], FundsRow("fiscal", "80.00", "80.00", "72.00", "95.00"),
            *BASE.funds.rows[2:])
    [hit] = of_code(with_funds(rows=rows), "JX102")
    assert hit.message == ("当年财政拨款执行率 「95.00」 ≠ 全年执行数 72.00 / 全年预算数 80.00 = "
                           "90.00%")


def test_level1_weights_not_compared_without_rows_or_per_indicator_weights() -> None:
    assert not of_code(with_rows([]), "JX213")
    form = with_row(0, weight="25.00", score="25.00")
    assert of_code(form, "JX213") and not of_code(form, "JX213", "hubei-2021")


def test_an_unknown_level1_with_no_points_is_not_a_weight_difference() -> None:
    from jixiao.core.model import Indicator
    na = Indicator("其他指标", "其他", "不适用", "不适用", "不适用", "0.00", "0.00")
    assert not of_code(with_rows([*BASE_INDICATORS, na]), "JX213")


def test_rows_without_names_are_never_duplicates() -> None:
    rows = [*BASE_INDICATORS, replace(BASE_INDICATORS[0], name=None, target="≥1(场)"),
            replace(BASE_INDICATORS[0], name=None, target="≥2(场)"),
            replace(BASE_INDICATORS[0], name=None, target="≥2(场)")]
    assert not of_code(with_rows(rows), "JX210") and not of_code(with_rows(rows), "JX211")
