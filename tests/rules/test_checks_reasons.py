"""Reason checks (JX4xx): deductions, low execution, and the engine's statuses."""

from __future__ import annotations

from dataclasses import replace

import pytest

from jixiao.core.findings import Severity
from jixiao.core.model import FundsRow, Goals, Total
from jixiao.rules.profile import Profile
from tests.rules.test_checks_base import (
    BASE,
    Case,
    of_code,
    profile,
    run_case,
    with_row,
)

_EXPLAINED = "部分学员未通过考核，下年度加强考前辅导。"


def low_execution(actual: str | None = BASE.goals.actual, form=BASE):
    """The base form at 80% execution (all printed arithmetic consistent)."""
    funds = replace(form.funds, rate="80.00", score="8.00", rows=(
        FundsRow("total", "100.00", "100.00", "80.00", "80.00"),
        FundsRow("fiscal", "80.00", "80.00", "64.00", "80.00"),
        FundsRow("carryover", "20.00", "20.00", "16.00", "80.00"),
        FundsRow("other", "0.00", "0.00", "0.00", "0.00"),
    ))
    return replace(form, funds=funds, goals=Goals(form.goals.expected, actual),
                   total=Total("100.00", "98.00"))


def strict_profile() -> Profile:
    """national-2020 that does not accept noted deductions."""
    base = profile()
    return replace(base, comparison=replace(base.comparison, accept_noted_deductions=False))


_DOCKED = {"score": "8.00", "note": "未留存满意度资料，建议加强资料存档管理。"}

CASES = [
    Case("JX401", lambda: with_row(1, actual="85.00(%)", score="14.17"),
         lambda: with_row(1, actual="85.00(%)", score="14.17", note=_EXPLAINED)),
    Case("JX401", lambda: with_row(1, actual="85.00(%)", score="14.17", note="无"),
         lambda: with_row(1, actual="85.00(%)", score="14.17", note=_EXPLAINED),
         note="boilerplate"),
    Case("JX402", lambda: low_execution(),
         lambda: low_execution(BASE.goals.actual + "因部分培训延期至次年，资金结余20万元。")),
    Case("JX403", lambda: with_row(0, note="部分学员缺席培训。"), lambda: BASE),
    Case("JX404", lambda: with_row(1, actual="81.00(%)"), lambda: BASE),
    Case("JX405", lambda: with_row(2, actual="部分达成年度指标并具有一定效果"),
         lambda: with_row(2, actual="部分达成年度指标并具有一定效果", score="11.00",
                          note=_EXPLAINED)),
    Case("JX406", lambda: with_row(4, **_DOCKED), lambda: BASE, profile=strict_profile),
    Case("JX407", lambda: with_row(2, note="指标值修改为“及时”，以此进行考核。"), lambda: BASE),
    Case("JX408", lambda: with_row(4, **_DOCKED), lambda: BASE),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_case(case: Case) -> None:
    run_case(case)


def test_missing_reason_gives_the_computed_score() -> None:
    [hit] = of_code(with_row(1, actual="90.00(%)", score="12.00"), "JX401")
    assert hit.message == ("指标「培训合格率」得分 12.00 低于分值 15.00（计算得分 15.00），"
                           "未填写偏差原因")
    assert hit.path == "indicators[1].note" and hit.severity is Severity.ERROR


@pytest.mark.parametrize("note", ["无", "/", "已完成", "暂无", "无。", " 无 "])
def test_boilerplate_notes(note: str) -> None:
    [hit] = of_code(with_row(1, actual="85.00(%)", score="14.17", note=note), "JX401")
    assert "套话" in hit.message


def test_accepted_deduction_is_not_an_error() -> None:
    form = with_row(4, **_DOCKED)
    assert not of_code(form, "JX401") and not of_code(form, "JX406")
    [hit] = of_code(form, "JX408")
    assert hit.severity is Severity.INFO


def test_low_execution_threshold_defaults_to_90_as_a_warning() -> None:
    [hit] = of_code(low_execution(), "JX402")
    assert hit.severity is Severity.WARNING and hit.path == "funds.rate"
    assert "80.00%" in hit.message and "90.00%" in hit.message


def test_low_execution_is_an_error_where_the_profile_requires_it() -> None:
    [hit] = of_code(low_execution(), "JX402", "sichuan-2023")
    assert hit.severity is Severity.ERROR


def test_low_execution_threshold_is_a_check_parameter() -> None:
    prof = profile(params={"explain_below": "75"})
    assert not of_code(low_execution(), "JX402", prof)


@pytest.mark.parametrize(("text", "explained"), [
    ("本项目预算执行率80.00%。", False),
    ("本项目预算执行率80.00%，主要原因是部分培训延期。", True),
    ("由于政府采购结余，执行率80%。", True),
    ("部分尾款尚未支付。", True),
    ("慰问因公牺牲军人家属50人。", False),
    ("因疫情影响，部分培训经费未使用。", True),
    ("活动延期举办。", False),  # a cause, but not about the money
])
def test_what_counts_as_an_explanation(text: str, explained: bool) -> None:
    assert (not of_code(low_execution(text), "JX402")) is explained


def test_explanation_may_be_in_a_note() -> None:
    form = with_row(0, form=low_execution(), note="因场地原因一场培训延期，相应经费结余。")
    assert not of_code(form, "JX402")


def test_reason_on_an_overcompleted_row_is_expected() -> None:
    form = with_row(0, actual="30(场)", note="因学员需求增加追加培训。")
    assert not of_code(form, "JX403")


@pytest.mark.parametrize(("note", "changed"), [
    ("该指标值不适合，修改为“及时”，以此指标进行考核。", True),
    ("指标值修改为“有效减轻”。", True),
    ("建议下年度将指标值调整为≥95%。", False),
    ("建议后续修改为“及时性”，以此进行考核。", True),
])
def test_changed_indicator_versus_an_improvement_measure(note: str, changed: bool) -> None:
    assert bool(of_code(with_row(2, note=note), "JX407")) is changed


def test_inflated_message_carries_the_formula() -> None:
    [hit] = of_code(with_row(1, actual="81.00(%)"), "JX404")
    assert "13.50" in hit.message and hit.path == "indicators[1].score"


def test_out_of_band_message_gives_the_band() -> None:
    [hit] = of_code(with_row(2, actual="部分达成年度指标并具有一定效果"), "JX405")
    assert "[9.00, 12.00]" in hit.message


def test_engine_unexplained_is_not_reported_twice() -> None:
    form = with_row(1, actual="85.00(%)", score="10.00")
    assert of_code(form, "JX401") and not of_code(form, "JX406")
