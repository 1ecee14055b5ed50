"""The scoring engine: each formula, each status, the total and grade, and the seed forms."""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from jixiao.core.form_json import forms_from_json_value
from jixiao.core.model import Form, Funds, FundsRow, Indicator
from jixiao.core.scorecard import RowScore, RowStatus, Scorecard
from jixiao.rules.engine import grade_total, score_form
from jixiao.rules.profile import Profile, load_profile, load_profile_file

D = Decimal
NATIONAL = load_profile("national-2020")
SHANGHAI = load_profile("shanghai-2024")
SEED_GOLDEN = Path(__file__).parent.parent / "data" / "golden" / "seed.json"


def ind(target: str | None, actual: str | None, weight: str | None = "10.00",
        score: str | None = None, note: str | None = None, name: str = "测试指标",
        level1: str = "产出指标", level2: str = "数量指标") -> Indicator:
    return Indicator(level1=level1, level2=level2, name=name, target=target, actual=actual,
                     weight=weight, score=score, note=note)


def funds(annual: str | None = "100.00", executed: str | None = "100.00",
          weight: str | None = "10.00", source: str = "total") -> Funds:
    return Funds(weight=weight, rows=(FundsRow(source=source, annual=annual, executed=executed),))


def form(*indicators: Indicator, money: Funds | None = None) -> Form:
    return Form(project_name="测试项目", funds=money or funds(), indicators=indicators)


def row(indicator: Indicator, profile: Profile = SHANGHAI) -> RowScore:
    return score_form(form(indicator), profile).rows[0]


def overlay(tmp_path: Path, body: str, extends: str = "shanghai-2024") -> Profile:
    path = tmp_path / "custom.toml"
    path.write_text(f'title = "测试"\nvalid_from = 2024-01-01\nextends = "{extends}"\n'
                    f'sources = ["测试依据"]\n{body}', encoding="utf-8")
    return load_profile_file(path)


# --------------------------------------------------------------------------- execution rate


@pytest.mark.parametrize("annual,executed,rate,score", [
    ("75.00", "60.33", "80.44", "8.04"),          # the seed: 80.44% of 10 → 8.04
    ("100.00", "45.17", "45.17", "4.52"),
    ("100.00", "86.19", "86.19", "8.62"),
    ("250000", "215457.6", "86.18", "8.62"),      # S4's own numbers: 86.18%, still 8.62
    ("11.40", "11.40", "100.00", "10.00"),
    ("100.00", "110.00", "110.00", "10.00"),      # capped at the weight
    ("0.00", "0.00", "0.00", "0.00"),             # annual 0 → rate 0.00
    ("200", "0.1", "0.05", "0.01"),               # half-up: 0.005 → 0.01
])
def test_execution_rate_and_score(annual: str, executed: str, rate: str, score: str) -> None:
    card = score_form(form(money=funds(annual, executed)), NATIONAL)
    assert card.execution_rate.value == D(rate)
    assert card.execution_score.value == D(score)


def test_execution_explanation() -> None:
    card = score_form(form(money=funds("75.00", "60.33")), SHANGHAI)
    assert card.execution_rate.explanation.formula == "60.33 / 75.00 × 100 = 80.44%"
    explanation = card.execution_score.explanation
    assert explanation.formula == "10.00 × 80.44% = 8.04"
    assert explanation.rule == "execution.linear_capped"
    assert "财预〔2020〕10号" in explanation.source
    assert dict(explanation.inputs)["执行率"] == "80.44%"
    described = explanation.describe()
    assert "8.04" in described and "规则 execution.linear_capped" in described
    capped = score_form(form(money=funds("100", "110")), SHANGHAI).execution_score
    assert capped.explanation.formula == "10.00 × min(110.00%, 100%) = 10.00"


def test_execution_uncapped_policy() -> None:
    vendor = load_profile("vendor-80-70-60")
    card = score_form(form(money=funds("100", "110")), vendor)
    assert card.execution_score.value == D("11.00")
    assert card.execution_score.explanation.rule == "execution.linear"


def test_execution_weight_from_form_else_profile() -> None:
    printed = score_form(form(money=funds("100", "50", weight="20.00")), NATIONAL)
    assert printed.execution_score.value == D("10.00")
    default = score_form(form(money=funds("100", "50", weight=None)), NATIONAL)
    assert default.execution_score.value == D("5.00")
    assert dict(default.execution_score.explanation.inputs)["分值来源"] == "规则默认"
    hubei = score_form(form(money=funds("100", "50", weight=None)), load_profile("hubei-2021"))
    assert hubei.execution_score.value == D("10.00")


def test_rate_on_total_row_else_first_row_and_per_row_rates() -> None:
    money = Funds(weight="10.00", rows=(
        FundsRow(source="fiscal", annual="50.00", executed="25.00"),
        FundsRow(source="total", annual="100.00", executed="80.00"),
        FundsRow(source="other", annual="0.00", executed="0.00"),
    ))
    card = score_form(form(money=money), NATIONAL)
    assert card.execution_rate.value == D("80.00")
    assert [(i, c.value) for i, c in card.row_rates] == [(0, D("50.00")), (1, D("80.00")),
                                                         (2, D("0.00"))]
    first = score_form(form(money=funds("50.00", "25.00", source="fiscal")), NATIONAL)
    assert first.execution_rate.value == D("50.00")


def test_missing_funds_uses_printed_execution_score_in_total() -> None:
    money = Funds(weight="10.00", score="9.00", rows=(FundsRow(source="total", annual="-"),))
    card = score_form(form(ind("≥1", "1", "90.00", "90.00"), money=money), NATIONAL)
    assert card.execution_rate.value is None and card.execution_score.value is None
    assert card.total.value == D("99.00")
    no_rows = score_form(Form(project_name="空"), NATIONAL)
    assert no_rows.execution_rate.value is None and no_rows.total.value == D("0.00")


# --------------------------------------------------------------------------- quantitative


@pytest.mark.parametrize("target,actual,weight,expected,rule", [
    ("≥95.00(%)", "98.00(%)", "10.00", "10.00", "quantitative.positive"),
    ("≥100", "80", "10.00", "8.00", "quantitative.positive"),
    ("≥3.00(次)", "2.00(次)", "1.00", "0.67", "quantitative.positive"),
    (">10", "5", "10.00", "5.00", "quantitative.positive"),
    ("100%", "90%", "10.00", "9.00", "quantitative.positive"),      # no operator → ≥
    ("≥0.00(起)", "0.00(起)", "15.00", "15.00", "quantitative.positive"),
    ("≥80.00(人)", "171.00(人)", "6.00", "6.00", "quantitative.positive"),  # no bonus
    ("=100.00(1)", "100.00(1)", "15.00", "15.00", "quantitative.equal"),
    ("=100", "90", "10.00", "9.00", "quantitative.equal"),
    ("=100", "120", "10.00", "10.00", "quantitative.equal"),
    ("=0.00(起)", "0.00(起)", "5.00", "5.00", "quantitative.equal_zero"),
    ("=0.00(起)", "1.00(起)", "5.00", "0.00", "quantitative.equal_zero"),
    ("≤10", "8", "10.00", "10.00", "quantitative.reverse.linear_to_2T"),
    ("≤10", "10", "10.00", "10.00", "quantitative.reverse.linear_to_2T"),    # at T
    ("≤10", "15", "10.00", "5.00", "quantitative.reverse.linear_to_2T"),     # at 1.5T
    ("≤10", "20", "10.00", "0.00", "quantitative.reverse.linear_to_2T"),     # at 2T
    ("≤10", "30", "10.00", "0.00", "quantitative.reverse.linear_to_2T"),
    ("<10", "12", "10.00", "8.00", "quantitative.reverse.linear_to_2T"),
    ("≤3", "4", "1.00", "0.67", "quantitative.reverse.linear_to_2T"),
    ("≤0", "1", "5.00", "0.00", "quantitative.reverse.linear_to_2T"),
    ("≥10", "-5", "10.00", "0.00", "quantitative.positive"),      # negative actual → 0
    ("≤10", "-3", "10.00", "10.00", "quantitative.reverse.linear_to_2T"),
])
def test_quantitative_formulas(target: str, actual: str, weight: str, expected: str,
                               rule: str) -> None:
    r = row(ind(target, actual, weight, expected), NATIONAL)
    assert r.computed.value == D(expected)
    assert r.computed.explanation.rule == rule
    assert r.status is RowStatus.EQUAL and r.kind == "quantity"


@pytest.mark.parametrize("target,actual,formula", [
    ("≥80.00(人)", "171.00(人)", "6.00 × 171.00 / 80.00 → 封顶 6.00"),
    ("≥100", "80", "6.00 × 80.00 / 100.00 = 4.80"),
    ("≥5", "5", "5.00 ≥ 5.00 → 6.00"),
    ("≤10", "15", "6.00 × (1 − (15.00 − 10.00) / 10.00) = 3.00"),
    ("≤10", "25", "25.00 ≥ 2 × 10.00 → 0.00"),
    ("=0", "2", "实际 2.00 ≠ 目标 0 → 0.00"),
    ("≥10", "-1", "实际完成值为负（-1.00），按 0 计；6.00 × 0.00 / 10.00 = 0.00"),
])
def test_quantitative_explanations(target: str, actual: str, formula: str) -> None:
    explanation = row(ind(target, actual, "6.00")).computed.explanation
    assert explanation.formula.startswith(formula)
    inputs = dict(explanation.inputs)
    assert inputs["分值"] == "6.00" and inputs["年度指标值"] == target
    assert inputs["实际完成值"] == actual


def test_overcompletion_is_flagged_not_deducted() -> None:
    r = row(ind("≥10", "12", "6.00", "6.00"))
    assert r.computed.value == D("6.00") and "超额完成" in r.computed.explanation.formula
    assert "超额完成" not in row(ind("≥10", "11.9", "6.00", "6.00")).computed.explanation.formula


def test_reverse_ratio_and_manual_options(tmp_path: Path) -> None:
    ratio = overlay(tmp_path, '[quantitative]\nreverse_formula = "ratio"\n')
    r = row(ind("≤10", "15", "10.00", "6.67"), ratio)
    assert r.computed.value == D("6.67") and r.status is RowStatus.EQUAL
    assert r.computed.explanation.formula == "10.00 × 10.00 / 15.00 = 6.67"
    manual = overlay(tmp_path, '[quantitative]\nreverse_formula = "manual"\n')
    missed = row(ind("≤10", "15", "10.00", "6.00"), manual)
    assert missed.computed.value is None and missed.status is RowStatus.MANUAL
    assert missed.counted_score == D("6.00")
    met = row(ind("≤10", "9", "10.00", "10.00"), manual)
    assert met.computed.value == D("10.00") and met.status is RowStatus.EQUAL


def test_equal_miss_manual(tmp_path: Path) -> None:
    manual = overlay(tmp_path, '[quantitative]\nequal_miss = "manual"\n')
    missed = row(ind("=100", "90", "10.00", "8.00"), manual)
    assert missed.computed.value is None and missed.status is RowStatus.MANUAL
    assert missed.computed.explanation.rule == "quantitative.equal.manual"
    assert row(ind("=100", "100", "10.00", "10.00"), manual).status is RowStatus.EQUAL


def test_deviation_penalty(tmp_path: Path) -> None:
    penalised = overlay(tmp_path, "[quantitative.deviation_penalty]\nenabled = true\n")
    hit = row(ind("≥10", "13", "10.00", "8.00"), penalised)
    assert hit.computed.value == D("8.00")
    assert hit.computed.explanation.rule == "quantitative.deviation_penalty"
    assert "扣 2.00 分 → 8.00" in hit.computed.explanation.formula
    assert row(ind("≥10", "12.9", "10.00"), penalised).computed.value == D("10.00")
    assert row(ind("≥10", "13", "1.00"), penalised).computed.value == D("0.00")
    assert row(ind("≤10", "13", "10.00"), penalised).computed.value == D("7.00")
    assert row(ind("≥10", "13", "10.00"), SHANGHAI).computed.value == D("10.00")


# --------------------------------------------------------------------------- qualitative


@pytest.mark.parametrize("actual,score,status,counted,band,formula", [
    ("达成指标", "10.00", RowStatus.EQUAL, "10.00", ("8.00", "10.00"), "达成档：[8.00, 10.00]"),
    ("达成指标", "8.00", RowStatus.EQUAL, "8.00", ("8.00", "10.00"), "达成档：[8.00, 10.00]"),
    ("达成指标", "7.99", RowStatus.OUT_OF_BAND, "7.99", ("8.00", "10.00"), "达成档"),
    ("达成指标", "3.00", RowStatus.OUT_OF_BAND, "3.00", ("8.00", "10.00"), "达成档"),
    ("部分达成指标并具有一定效果", "7.00", RowStatus.EQUAL, "7.00", ("6.00", "8.00"),
     "部分达成档：[6.00, 8.00)"),
    ("部分达成指标并具有一定效果", "6.00", RowStatus.EQUAL, "6.00", ("6.00", "8.00"), "部分达成档"),
    ("部分达成指标并具有一定效果", "8.00", RowStatus.OUT_OF_BAND, "8.00", ("6.00", "8.00"),
     "部分达成档"),
    ("部分达成指标并具有一定效果", "10.00", RowStatus.OUT_OF_BAND, "8.00", ("6.00", "8.00"),
     "部分达成档"),
    ("部分达成指标并具有一定效果", "5.00", RowStatus.OUT_OF_BAND, "5.00", ("6.00", "8.00"),
     "部分达成档"),
    ("未达成指标且效果较差", "5.00", RowStatus.EQUAL, "5.00", ("0.00", "6.00"),
     "未达成档：[0.00, 6.00)"),
    ("未达成指标且效果较差", "0.00", RowStatus.EQUAL, "0.00", ("0.00", "6.00"), "未达成档"),
    ("未达成指标且效果较差", "6.00", RowStatus.OUT_OF_BAND, "6.00", ("0.00", "6.00"), "未达成档"),
])
def test_qualitative_bands(actual: str, score: str, status: RowStatus, counted: str,
                           band: tuple[str, str], formula: str) -> None:
    r = row(ind("顺利进行", actual, "10.00", score))
    assert r.kind == "tier" and r.status is status
    assert r.counted_score == D(counted)
    assert r.band == (D(band[0]), D(band[1]))
    assert r.computed.value == D(band[1])
    assert r.computed.explanation.formula.startswith(formula)
    assert r.computed.explanation.rule.startswith("qualitative.")
    assert "上海" in r.computed.explanation.source


def test_qualitative_national_labels_and_odd_weights() -> None:
    r = row(ind("效果明显", "达成年度指标", "3.00", "2.40"), NATIONAL)
    assert r.status is RowStatus.EQUAL and r.band == (D("2.40"), D("3.00"))
    assert "财预" in r.computed.explanation.source
    odd = row(ind("效果明显", "达成预期指标", "1.01", "0.81"), NATIONAL)
    assert odd.status is RowStatus.EQUAL and odd.band == (D("0.81"), D("1.01"))
    low = row(ind("效果明显", "达成预期指标", "1.01", "0.80"), NATIONAL)
    assert low.status is RowStatus.OUT_OF_BAND  # the band is compared as printed: [0.81, 1.01]
    rounded_down = row(ind("效果明显", "部分达成", "1.34", "0.80"), NATIONAL)
    assert rounded_down.band == (D("0.80"), D("1.07"))  # 0.804 → 0.80
    assert rounded_down.status is RowStatus.EQUAL


def test_qualitative_without_printed_score_is_manual() -> None:
    r = row(ind("顺利进行", "达成指标", "10.00", None))
    assert r.status is RowStatus.MANUAL and r.counted_score is None
    assert r.computed.value == D("10.00")


@pytest.mark.parametrize("score,counted", [("5.00", D("5.00")), (None, None)])
def test_free_text_actual_is_manual(score: str | None, counted: Decimal | None) -> None:
    r = row(ind("及时", "及时", "5.00", score))
    assert r.status is RowStatus.MANUAL and r.computed.value is None
    assert r.counted_score == counted and r.kind == "text"
    assert "人工评分" in r.computed.explanation.formula


def test_quantitative_target_with_text_actual_is_manual() -> None:
    r = row(ind("≥95%", "达标", "5.00", "5.00"))
    assert r.status is RowStatus.MANUAL and r.counted_score == D("5.00")


@pytest.mark.parametrize("target,actual,weight", [
    ("≥95%", None, "5.00"), ("≥95%", "", "5.00"), ("≥95%", "人", "5.00"), (None, "95%", "5.00"),
])
def test_missing_data_is_not_scored(target: str | None, actual: str | None, weight: str) -> None:
    r = row(ind(target, actual, weight, "5.00"))
    assert r.status is RowStatus.NOT_SCORED and r.computed.value is None
    assert r.counted_score == D("5.00")


def test_missing_weight_is_not_scored_or_manual_by_profile() -> None:
    national = row(ind("≥1", "1", None, "20"), NATIONAL)
    assert national.status is RowStatus.NOT_SCORED and national.counted_score == D("20")
    hubei = row(ind("≥1", "1", None, "20"), load_profile("hubei-2021"))
    assert hubei.status is RowStatus.MANUAL and hubei.counted_score == D("20")


# --------------------------------------------------------------------------- 不适用


@pytest.mark.parametrize("indicator", [
    ind("不适用", "未达成指标且效果较差", "0.00", "0.00", name="不适用",
        note="该指标不适用，故不进行填写，分值也不进行统计"),
    ind("=0.00(次)", "0.00(次)", "0.00", "0.00", name="不适用"),
    ind("=0.00(次)", "0.00(次)", "0.00", "0.00", name="不涉及"),
    ind("=0.00(次)", "0.00(次)", "0.00", "0.00", name="其他经济效益"),   # all zero
    ind("≥1", "不涉及", "0.00", "0.00"),
    ind("不适用", "不适用", "0.00", None),
])
def test_not_applicable_rows(indicator: Indicator) -> None:
    r = row(indicator)
    assert r.status is RowStatus.NOT_APPLICABLE and r.kind == "not_applicable"
    assert r.counted_score is None and r.computed.value is None
    assert r.computed.explanation.rule == "not_applicable.zero_weight"


def test_zero_weight_row_that_is_not_not_applicable() -> None:
    r = row(ind("≥5", "6", "0.00", "0.00"))
    assert r.status is RowStatus.EQUAL and r.computed.value == D("0.00")


def test_not_applicable_with_weight_counts_nothing_under_zero_weight() -> None:
    card = score_form(form(ind("不适用", "不适用", "5.00", "5.00", name="不适用"),
                           ind("≥1", "1", "85.00", "85.00")), SHANGHAI)
    assert card.rows[0].status is RowStatus.NOT_APPLICABLE
    assert "应为 0" in card.rows[0].computed.explanation.formula
    assert card.total.value == D("95.00")


def _na_form() -> Form:
    return form(
        ind("不适用", "不适用", "20.00", "0.00", name="不适用"),
        ind("≥10", "10", "30.00", "37.50"),
        ind("≥10", "10", "50.00", "62.50"),
        ind("≥10", "5", "30.00", "15.00", level1="效益指标", level2="社会效益指标"),
    )


def test_rescale_within_level1(tmp_path: Path) -> None:
    profile = overlay(tmp_path, '[not_applicable]\npolicy = "rescale_within_level1"\n')
    card = score_form(_na_form(), profile)
    assert card.rows[0].status is RowStatus.NOT_APPLICABLE
    assert [r.computed.value for r in card.rows[1:]] == [D("37.50"), D("62.50"), D("15.00")]
    assert card.rows[1].status is RowStatus.EQUAL
    assert dict(card.rows[1].computed.explanation.inputs)["分值调整"] == \
        "30.00 × 100.00 / 80.00 = 37.50"
    assert card.total.value == D("125.00")


def test_rescale_total(tmp_path: Path) -> None:
    profile = overlay(tmp_path, '[not_applicable]\npolicy = "rescale_total"\n')
    card = score_form(_na_form(), profile)
    # 130 points in all, 110 applicable: 30 → 35.45, 50 → 59.09, 30 → 35.45 (score 17.73)
    assert [r.computed.value for r in card.rows[1:]] == [D("35.45"), D("59.09"), D("17.73")]


# --------------------------------------------------------------------------- statuses


@pytest.mark.parametrize("score,note,status,counted", [
    ("8.00", None, RowStatus.EQUAL, "8.00"),
    ("7.99", None, RowStatus.EQUAL, "7.99"),                      # within tolerance 0.01
    ("8.01", None, RowStatus.EQUAL, "8.01"),
    ("6.00", None, RowStatus.UNEXPLAINED_DEDUCTION, "8.00"),
    ("6.00", "无", RowStatus.UNEXPLAINED_DEDUCTION, "8.00"),        # boilerplate
    ("6.00", "/", RowStatus.UNEXPLAINED_DEDUCTION, "8.00"),
    ("6.00", "未留存相关佐证资料", RowStatus.ACCEPTED_DEDUCTION, "6.00"),
    ("10.00", None, RowStatus.INFLATED, "8.00"),
    ("10.00", "超额完成", RowStatus.INFLATED, "8.00"),
    (None, None, RowStatus.NOT_SCORED, "8.00"),
])
def test_printed_versus_computed(score: str | None, note: str | None, status: RowStatus,
                                 counted: str) -> None:
    r = row(ind("≥100", "80", "10.00", score, note))
    assert r.computed.value == D("8.00")
    assert r.status is status and r.counted_score == D(counted)
    assert r.printed_score == (D(score) if score else None)


def test_noted_deductions_can_be_refused_by_profile(tmp_path: Path) -> None:
    strict = overlay(tmp_path, "[comparison]\naccept_noted_deductions = false\n")
    r = row(ind("≥90%", "90%", "10.00", "3.00", "未留存满意度资料"), strict)
    assert r.status is RowStatus.UNEXPLAINED_DEDUCTION and r.counted_score == D("10.00")


def test_total_counts_accepted_at_printed_and_unexplained_at_computed() -> None:
    card = score_form(form(
        ind("≥90%", "90%", "10.00", "3.00", "未留存满意度资料"),   # accepted → 3
        ind("≥100", "80", "40.00", "30.00"),                        # unexplained → 32
        ind("≥100", "80", "40.00", "40.00"),                        # inflated → 32
        money=funds("75.00", "60.33")), SHANGHAI)
    assert [r.counted_score for r in card.rows] == [D("3.00"), D("32.00"), D("32.00")]
    assert card.total.value == D("75.04")
    assert card.total.explanation.formula == "8.04 + 67.00 = 75.04"
    assert card.total.explanation.rule == "total.sum"
    assert card.grade == "中"


# --------------------------------------------------------------------------- grade and caps


@pytest.mark.parametrize("total,grade", [
    ("100", "优"), ("93.04", "优"), ("90", "优"), ("89.99", "良"), ("80", "良"), ("79.99", "中"),
    ("60", "中"), ("59.99", "差"), ("0", "差"),
])
def test_grade_bands_national(total: str, grade: str) -> None:
    assert grade_total(D(total), NATIONAL)[0] == grade


@pytest.mark.parametrize("total,grade", [
    ("90", "优"), ("80", "优"), ("79.99", "良"), ("70", "良"), ("69.99", "中"), ("60", "中"),
    ("59.99", "差"),
])
def test_grade_bands_vendor(total: str, grade: str) -> None:
    assert grade_total(D(total), load_profile("vendor-80-70-60"))[0] == grade


def test_grade_explanation() -> None:
    grade, explanation = grade_total(D("93.04"), SHANGHAI)
    assert (grade, explanation.formula) == ("优", "93.04 ≥ 90.00 → 优")
    assert explanation.rule == "grade.bands"
    assert grade_total(D("12"), SHANGHAI)[1].formula == "12.00 < 60.00 → 差"
    assert grade_total(None, SHANGHAI)[0] is None


def test_grade_from_score_form() -> None:
    card = score_form(form(ind("≥100", "75", "90.00", "67.50", "原因"),
                           money=funds("100", "100")), load_profile("vendor-80-70-60"))
    assert card.total.value == D("77.50") and card.grade == "良"
    assert score_form(form(ind("≥100", "75", "90.00", "67.50", "原因")), NATIONAL).grade == "中"


CAPS = """
[[execution.caps]]
below = "80"
max_total = "89"
[[execution.caps]]
below = "70"
max_total = "79"
[[execution.caps]]
below = "60"
max_total = "69"
[[execution.caps]]
below = "50"
max_total = "59"
"""


@pytest.mark.parametrize("executed,total", [
    ("85.00", "98.50"), ("75.00", "89.00"), ("65.00", "79.00"), ("55.00", "69.00"),
    ("45.00", "59.00"), ("80.00", "98.00"),
])
def test_execution_caps_on_total(tmp_path: Path, executed: str, total: str) -> None:
    capped = overlay(tmp_path, CAPS, extends="national-2020")
    card = score_form(form(ind("≥1", "1", "90.00", "90.00"), money=funds("100", executed)),
                      capped)
    assert card.total.value == D(total)
    if D(executed) < 80:
        assert card.total.explanation.rule == "total.execution_cap"
        assert "总分封顶" in card.total.explanation.formula
    uncapped = score_form(form(ind("≥1", "1", "90.00", "90.00"), money=funds("100", executed)),
                          NATIONAL)
    assert uncapped.total.value == D("90") + D(executed) / 10


# --------------------------------------------------------------------------- whole scorecard


def _leaves(value: Any) -> list[Any]:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [x for f in dataclasses.fields(value) for x in _leaves(getattr(value, f.name))]
    if isinstance(value, (tuple, list)):
        return [x for v in value for x in _leaves(v)]
    return [value]


def _seed_forms() -> list[Form]:
    return forms_from_json_value(json.loads(SEED_GOLDEN.read_text(encoding="utf-8")))


def test_scorecard_has_no_float_and_every_number_explains_itself() -> None:
    for f in _seed_forms():
        card = score_form(f, SHANGHAI)
        assert isinstance(card, Scorecard) and card.profile == "shanghai-2024"
        assert not any(isinstance(x, float) for x in _leaves(card))
        computed = [card.execution_rate, card.execution_score, card.total,
                    *(r.computed for r in card.rows)]
        for c in computed:
            assert c.explanation.formula and c.explanation.rule and c.explanation.source


# --------------------------------------------------------------------------- seed forms


@pytest.mark.parametrize("profile", ["shanghai-2024", "national-2020"])
def test_seed_totals(profile: str) -> None:
    forms = _seed_forms()
    cards = [score_form(f, load_profile(profile)) for f in forms]
    assert [c.execution_score.value for c in cards] == [D("10.00"), D("10.00"), D("8.04"),
                                                        D("10.00")]
    assert [c.total.value for c in cards] == [D("93.00"), D("93.00"), D("93.04"), D("93.00")]
    assert [c.grade for c in cards] == ["优"] * 4
    assert [c.total.value for c in cards] == [f.total.score_value for f in forms]
    assert cards[2].execution_score.explanation.formula == "10.00 × 80.44% = 8.04"


def test_seed_row_statuses() -> None:
    ok = {RowStatus.EQUAL, RowStatus.ACCEPTED_DEDUCTION, RowStatus.NOT_APPLICABLE}
    for f in _seed_forms():
        card = score_form(f, SHANGHAI)
        assert {r.status for r in card.rows} <= ok
        for r in card.rows:
            indicator = f.indicators[r.index]
            if r.status is RowStatus.ACCEPTED_DEDUCTION:
                assert indicator.level1 == "满意度指标" and r.counted_score == r.printed_score
            if indicator.name in ("不适用", "不涉及"):
                assert r.status is RowStatus.NOT_APPLICABLE
    statuses = [[r.status for r in score_form(f, SHANGHAI).rows] for f in _seed_forms()]
    assert [s.count(RowStatus.NOT_APPLICABLE) for s in statuses] == [2, 2, 2, 0]
    assert [s.count(RowStatus.ACCEPTED_DEDUCTION) for s in statuses] == [1, 2, 5, 1]
