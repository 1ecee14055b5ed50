"""Arithmetic checks (JX1xx): failing and passing examples, and the finer points."""

from __future__ import annotations

from dataclasses import replace

import pytest

from jixiao.core.findings import Severity
from jixiao.core.model import FundsRow, Total
from tests.rules.test_checks_base import (
    BASE,
    Case,
    findings,
    of_code,
    profile,
    run_case,
    with_funds,
    with_funds_row,
    with_row,
)

CASES = [
    Case("JX101", lambda: with_funds_row(1, initial="85.00"),
         lambda: with_funds_row(3, initial="—", annual="—", executed="—", rate="—")),
    Case("JX102", lambda: with_funds(rate="90.00"),
         lambda: with_funds_row(1, rate="95%")),
    Case("JX103", lambda: with_funds(score="10.00"), lambda: BASE),
    Case("JX104", lambda: with_funds_row(2, executed="21.00"), lambda: BASE),
    Case("JX105", lambda: with_row(0, score="25.00"), lambda: BASE),
    Case("JX106", lambda: with_row(0, weight="25.00"),
         lambda: replace(BASE, total=Total(weight=None, score="99.50"))),
    Case("JX107", lambda: replace(BASE, total=Total(weight="100.00", score="98.00")),
         lambda: BASE),
    Case("JX108", lambda: replace(BASE, grade="良"), lambda: BASE),
    Case("JX109", lambda: with_funds_row(2, executed="-5.00"),
         lambda: with_funds_row(2, executed="0.00")),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_case(case: Case) -> None:
    run_case(case)


def test_funds_sum_names_the_column() -> None:
    [hit] = of_code(with_funds_row(1, initial="85.00"), "JX101")
    assert hit.path == "funds.rows[0].initial"
    assert "年初预算数" in hit.message and "105.00" in hit.message


def test_funds_sum_needs_source_rows() -> None:
    form = with_funds(rows=(FundsRow("total", "100.00", "100.00", "95.00", "95.00"),))
    assert not of_code(form, "JX101")


def test_rate_on_the_initial_budget_is_named() -> None:
    form = with_funds(rate="95.00", rows=(
        FundsRow("total", "100.00", "120.00", "95.00", "95.00"),
    ))
    hits = of_code(form, "JX102")
    assert hits[0].path == "funds.rate"
    assert "年初预算数" in hits[0].message


def test_rate_of_a_source_row() -> None:
    hits = of_code(with_funds_row(2, rate="90.00"), "JX102")
    assert [h.path for h in hits] == ["funds.rows[2].rate"]


def test_rate_zero_budget_row_is_not_checked() -> None:
    assert not of_code(with_funds_row(3, rate="-"), "JX102")


def test_execution_score_message_explains_the_formula() -> None:
    [hit] = of_code(with_funds(score="10.00"), "JX103")
    assert hit.path == "funds.score" and "9.50" in hit.message


def test_score_above_weight_on_the_execution_item() -> None:
    hits = of_code(with_funds(score="12.00"), "JX105")
    assert [h.path for h in hits] == ["funds.score"]


def test_weight_sum_against_100_when_no_total_weight_is_printed() -> None:
    form = replace(with_row(0, weight="25.00"), total=Total(weight=None, score="99.50"))
    [hit] = of_code(form, "JX106")
    assert "不等于 100.00" in hit.message


def test_total_skipped_when_a_score_is_missing() -> None:
    assert not of_code(with_row(0, score=None), "JX107")


def test_grade_uses_the_profile_bands() -> None:
    form = replace(BASE, total=Total(weight="100.00", score="85.00"), grade="优")
    assert of_code(form, "JX108", "national-2020")
    assert not of_code(form, "JX108", "vendor-80-70-60")


def test_overspend_is_a_warning() -> None:
    [hit] = of_code(with_funds_row(2, executed="21.00"), "JX104")
    assert hit.severity is Severity.WARNING and hit.path == "funds.rows[2].executed"


def test_profile_can_change_severity() -> None:
    prof = profile(severity={"JX104": "error"})
    [hit] = of_code(with_funds_row(2, executed="21.00"), "JX104", prof)
    assert hit.severity is Severity.ERROR


def test_a_negative_amount_is_named_by_its_row_and_column() -> None:
    hits = [f for f in findings(with_funds_row(0, annual="-100.00")) if f.code == "JX109"]
    assert [(f.path, f.message) for f in hits] == [
        ("funds.rows[0].annual", "资金全年预算数：年度资金总额 -100.00 为负数")]
    assert hits[0].severity is Severity.ERROR
