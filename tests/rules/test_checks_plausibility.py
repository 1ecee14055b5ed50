"""Plausibility checks (JX5xx): signals of an inflated self-evaluation."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from jixiao.core.model import FundsRow, Goals, Indicator, Total
from jixiao.rules.checks.plausibility import similarity
from tests.rules.test_checks_base import (
    BASE,
    BASE_INDICATORS,
    Case,
    of_code,
    profile,
    run_case,
    with_row,
    with_rows,
)


def _all_equal():
    rows = [replace(BASE_INDICATORS[0], actual="20(场)"),
            replace(BASE_INDICATORS[1], actual="90.00(%)"),
            BASE_INDICATORS[2],
            replace(BASE_INDICATORS[3], actual="1000(人次)"),
            replace(BASE_INDICATORS[4], actual="90.00(%)")]
    return with_rows(rows)


def _qualitative(last_score: str = "15.00", last_note: str | None = None):
    rows = [
        BASE_INDICATORS[0],
        Indicator("产出指标", "质量指标", "培训质量", "合格", "达成年度指标", "15.00", "15.00"),
        BASE_INDICATORS[2],
        Indicator("效益指标", "社会效益指标", "就业能力", "明显增强", "达成年度指标", "30.00",
                  "30.00"),
        BASE_INDICATORS[4],
    ]
    rows[2] = replace(rows[2], score=last_score, note=last_note)
    return with_rows(rows)


def _high_total_low_rate():
    funds = replace(BASE.funds, rate="85.00", score="8.50", rows=(
        FundsRow("total", "100.00", "100.00", "85.00", "85.00"),))
    return replace(BASE, funds=funds, total=Total("100.00", "98.50"))


CASES = [
    Case("JX501", _all_equal, lambda: BASE),
    Case("JX502", lambda: with_row(4, actual="90.00(%)"), lambda: with_row(4, actual="90.50(%)")),
    Case("JX503", _qualitative,
         lambda: _qualitative("13.00", "部分课程考核资料不全，酌情扣分。")),
    Case("JX504", lambda: replace(BASE, goals=Goals(BASE.goals.expected, BASE.goals.expected)),
         lambda: BASE),
    Case("JX505", _high_total_low_rate,
         lambda: replace(_high_total_low_rate(), total=Total("100.00", "94.00"))),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_case(case: Case) -> None:
    run_case(case)


def test_all_equal_needs_three_rows() -> None:
    rows = [replace(BASE_INDICATORS[0], actual="20(场)"), BASE_INDICATORS[2]]
    assert not of_code(with_rows(rows), "JX501")


def test_satisfaction_is_recognised_by_name_outside_its_level() -> None:
    form = with_row(3, name="企业满意率", target="≥90.00(%)", actual="90.00(%)")
    assert [h.path for h in of_code(form, "JX502")] == ["indicators[3].actual"]


def test_near_copy_of_the_goal() -> None:
    expected = BASE.goals.expected or ""
    form = replace(BASE, goals=Goals(expected, expected.replace("20场", "20 场。")))
    [hit] = of_code(form, "JX504")
    assert hit.path == "goals.actual"


def test_similarity_is_decimal() -> None:
    assert similarity("abcd", "abcd") == Decimal(1)
    assert similarity("abcd", "wxyz") == Decimal(0)


def test_high_total_threshold_is_a_parameter() -> None:
    assert not of_code(_high_total_low_rate(), "JX505", profile(params={"high_total": "99"}))
