"""Every check threshold and tolerance from both sides: just under, exactly at, just over.

A check's case table (test_checks_*.py) has one failing example far from its threshold; here each
boundary is pinned, so `>=` turned into `>`, a tolerance ×10, `all` turned into `any` or a unit
comparison dropped changes the answer of a named case. The base form is clean (no findings under
national-2020); each test varies one cell.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from jixiao.core.findings import Severity
from jixiao.core.model import Form, FundsRow, Indicator
from tests.rules.test_checks_base import BASE, of_code, profile, with_funds, with_row, with_rows

# ---- JX311 over-completion: actual ≥ 1.2 × target ------------------------------------------

@pytest.mark.parametrize(("actual", "hit"), [
    ("23(场)", False), ("23.99(场)", False), ("24(场)", True), ("24.01(场)", True),
    ("40(场)", True),
])
def test_overcompletion_at_1_2_times(actual: str, hit: bool) -> None:
    form = with_row(0, target="≥20(场)", actual=actual)
    assert bool(of_code(form, "JX311")) is hit


@pytest.mark.parametrize(("target", "hit"), [
    ("≥20(场)", True), (">20(场)", True), ("=20(场)", True), ("20(场)", False),
    ("≤20(场)", False), ("<20(场)", False), ("≥0(场)", False),
])
def test_overcompletion_only_on_at_least_targets_above_zero(target: str, hit: bool) -> None:
    form = with_row(0, target=target, actual="30(场)")
    assert bool(of_code(form, "JX311")) is hit


def test_overcompletion_needs_comparable_units() -> None:
    assert of_code(with_row(0, target="≥20(场)", actual="30(场)"), "JX311")
    assert not of_code(with_row(0, target="≥20(场)", actual="30(次)"), "JX311")
    assert of_code(with_row(1, target="≥80.00(%)", actual="96.00%"), "JX311")


def test_overcompletion_explained_by_a_note_is_not_reported() -> None:
    form = with_row(0, target="≥20(场)", actual="30(场)",
                    note="因上级追加培训任务，全年多举办了 10 场培训")
    assert not of_code(form, "JX311")


def test_overcompletion_ratio_comes_from_the_profile() -> None:
    prof = profile()
    doubled = replace(prof, quantitative=replace(prof.quantitative,
                                                 overcompletion_ratio=Decimal("1.5")))
    assert not of_code(with_row(0, target="≥20(场)", actual="29(场)"), "JX311", doubled)
    assert of_code(with_row(0, target="≥20(场)", actual="30(场)"), "JX311", doubled)


# ---- JX402 low execution: rate below 90 % without a cause --------------------------------

def _executed(amount: str, rate: str, score: str) -> Form:
    rows = (FundsRow("total", "100.00", "100.00", amount, rate),
            FundsRow("fiscal", "100.00", "100.00", amount, rate),
            FundsRow("other", "0.00", "0.00", "0.00", "0.00"))
    form = with_funds(rate=rate, score=score, rows=rows)
    return replace(form, goals=replace(form.goals, actual="全年举办培训 22场，培训学员 1050人次。"))


@pytest.mark.parametrize(("amount", "rate", "score", "hit"), [
    ("89.99", "89.99", "9.00", True), ("90.00", "90.00", "9.00", False),
    ("90.01", "90.01", "9.00", False), ("0.00", "0.00", "0.00", True),
])
def test_low_execution_below_90_percent(amount: str, rate: str, score: str, hit: bool) -> None:
    found = of_code(_executed(amount, rate, score), "JX402")
    assert bool(found) is hit
    if hit:
        assert found[0].severity is Severity.WARNING  # national-2020 does not require it


def test_low_execution_explained_is_not_reported() -> None:
    form = _executed("80.00", "80.00", "8.00")
    said = "因部分合同尾款尚未支付，资金执行率 80%。"
    form = replace(form, goals=replace(form.goals, actual=said))
    assert not of_code(form, "JX402")


def test_low_execution_is_an_error_where_the_profile_requires_a_cause() -> None:
    prof = profile()
    strict = replace(prof, execution=replace(prof.execution, explain_below=Decimal(85)))
    assert not of_code(_executed("85.00", "85.00", "8.50"), "JX402", strict)
    found = of_code(_executed("84.99", "84.99", "8.50"), "JX402", strict)
    assert found and found[0].severity is Severity.ERROR


# ---- JX501 all equal, JX502 satisfaction exactly at threshold ------------------------------

def test_all_actuals_equal_their_targets_needs_all_rows() -> None:
    rows = list(BASE.indicators)
    rows[0] = replace(rows[0], actual="20(场)")
    rows[1] = replace(rows[1], actual="90.00(%)")
    rows[3] = replace(rows[3], actual="1000(人次)")
    rows[4] = replace(rows[4], actual="90.00(%)")
    assert of_code(with_rows(rows), "JX501")
    rows[4] = replace(rows[4], actual="90.01(%)")  # one row differs: not all equal
    assert not of_code(with_rows(rows), "JX501")


def test_all_equal_needs_at_least_three_quantitative_rows() -> None:
    rows = [replace(BASE.indicators[0], actual="20(场)"),
            replace(BASE.indicators[1], actual="90.00(%)"), BASE.indicators[2]]
    assert not of_code(with_rows(rows), "JX501")
    rows.append(replace(BASE.indicators[3], actual="1000(人次)"))
    assert of_code(with_rows(rows), "JX501")


@pytest.mark.parametrize(("target", "actual", "hit"), [
    ("≥90.00(%)", "89.99(%)", False), ("≥90.00(%)", "90.00(%)", True),
    ("≥90.00(%)", "90(%)", True), ("≥90.00(%)", "90.01(%)", False),
    ("=90.00(%)", "90.00(%)", True), (">90.00(%)", "90.00(%)", False),
    ("≤90.00(%)", "90.00(%)", False),
])
def test_satisfaction_exactly_at_threshold(target: str, actual: str, hit: bool) -> None:
    form = with_row(4, target=target, actual=actual)
    assert bool(of_code(form, "JX502")) is hit


def test_exactly_at_threshold_only_for_satisfaction_rows() -> None:
    assert not of_code(with_row(1, target="≥90.00(%)", actual="90.00(%)"), "JX502")


# ---- arithmetic tolerances (profile tolerance 0.01) ---------------------------------------

def _funds_total_annual(annual: str) -> Form:
    rows = list(BASE.funds.rows)
    rows[0] = replace(rows[0], annual=annual)
    return with_funds(rows=tuple(rows))


@pytest.mark.parametrize(("annual", "hit"), [
    ("99.98", True), ("99.99", False), ("100.00", False), ("100.01", False), ("100.02", True),
])
def test_funds_sum_within_one_cent(annual: str, hit: bool) -> None:
    assert bool(of_code(_funds_total_annual(annual), "JX101")) is hit


def test_funds_sum_checks_every_column() -> None:
    rows = list(BASE.funds.rows)
    rows[0] = replace(rows[0], executed="95.02")
    assert [f.path for f in of_code(with_funds(rows=tuple(rows)), "JX101")] == [
        "funds.rows[0].executed"]


@pytest.mark.parametrize(("rate", "hit"), [
    ("94.98", True), ("94.99", False), ("95.00", False), ("95.01", False), ("95.02", True),
    ("95", False), ("95.0", False), ("95.1", True), ("94.9", True), ("96", True), ("95%", False),
])
def test_execution_rate_tolerance(rate: str, hit: bool) -> None:
    assert bool(of_code(with_funds(rate=rate), "JX102")) is hit


@pytest.mark.parametrize(("amount", "rate", "hit"), [
    # fewer printed decimals tolerate half a unit of the last printed place
    ("95.49", "95", False), ("95.50", "95", False), ("95.51", "95", True),
    ("94.50", "95", False), ("94.49", "95", True),
    ("95.05", "95.0", False), ("95.06", "95.0", True), ("95.50", "96", False),
])
def test_execution_rate_printed_without_two_decimals(amount: str, rate: str, hit: bool) -> None:
    assert bool(of_code(_executed(amount, rate, "9.50"), "JX102")) is hit


def test_execution_rate_on_the_initial_budget_is_named() -> None:
    rows = (FundsRow("total", "80.00", "100.00", "76.00", "95.00"),
            FundsRow("fiscal", "80.00", "100.00", "76.00", "95.00"))
    found = of_code(with_funds(rate="95.00", rows=rows), "JX102")
    assert found and all("按年初预算数计算" in f.message for f in found)


@pytest.mark.parametrize(("score", "hit"), [
    ("9.48", True), ("9.49", False), ("9.50", False), ("9.51", False), ("9.52", True),
])
def test_execution_score_tolerance(score: str, hit: bool) -> None:
    form = replace(with_funds(score=score), total=replace(BASE.total, score=None))
    assert bool(of_code(form, "JX103")) is hit


@pytest.mark.parametrize(("executed", "hit"), [
    ("80.00", False), ("80.01", False), ("80.02", True),
])
def test_overspend_beyond_one_cent(executed: str, hit: bool) -> None:
    rows = list(BASE.funds.rows)
    rows[1] = replace(rows[1], executed=executed)
    assert bool(of_code(with_funds(rows=tuple(rows)), "JX104")) is hit


@pytest.mark.parametrize(("score", "hit"), [
    ("20.00", False), ("20.01", False), ("20.02", True),
])
def test_score_above_weight_beyond_one_cent(score: str, hit: bool) -> None:
    assert bool(of_code(with_row(0, score=score), "JX105")) is hit


@pytest.mark.parametrize(("score", "hit"), [
    ("10.00", False), ("10.01", False), ("10.02", True),
])
def test_execution_score_above_weight(score: str, hit: bool) -> None:
    assert bool(of_code(with_funds(score=score), "JX105")) is hit


@pytest.mark.parametrize(("weight", "hit"), [
    ("19.98", True), ("19.99", False), ("20.00", False), ("20.01", False), ("20.02", True),
])
def test_weight_sum_within_one_cent(weight: str, hit: bool) -> None:
    form = replace(with_row(0, weight=weight, score=weight), total=replace(BASE.total, weight=None))
    assert bool(of_code(form, "JX106")) is hit


def test_weight_sum_against_the_printed_total_weight() -> None:
    form = replace(BASE, total=replace(BASE.total, weight="100.02"))
    assert of_code(form, "JX106")
    assert not of_code(replace(BASE, total=replace(BASE.total, weight="100.01")), "JX106")


@pytest.mark.parametrize(("total", "hit"), [
    ("99.48", True), ("99.49", False), ("99.50", False), ("99.51", False), ("99.52", True),
])
def test_total_sum_within_one_cent(total: str, hit: bool) -> None:
    assert bool(of_code(replace(BASE, total=replace(BASE.total, score=total)), "JX107")) is hit


@pytest.mark.parametrize(("total", "grade", "hit"), [
    ("90.00", "优", False), ("89.99", "优", True), ("89.99", "良", False), ("80.00", "良", False),
    ("79.99", "良", True), ("60.00", "中", False), ("59.99", "中", True), ("59.99", "差", False),
])
def test_grade_bands_at_their_edges(total: str, grade: str, hit: bool) -> None:
    form = replace(BASE, total=replace(BASE.total, score=total), grade=grade)
    assert bool(of_code(form, "JX108")) is hit


# ---- JX401 deduction without a reason: score below weight beyond the tolerance -------------

@pytest.mark.parametrize(("score", "hit"), [
    ("20.00", False), ("19.99", False), ("19.98", True), ("0.00", True),
])
def test_missing_reason_below_weight(score: str, hit: bool) -> None:
    form = with_row(0, score=score, actual="18(场)")
    assert bool(of_code(form, "JX401")) is hit


def test_missing_reason_is_satisfied_by_a_real_reason_not_boilerplate() -> None:
    assert of_code(with_row(0, score="18.00", actual="18(场)", note="无"), "JX401")
    assert of_code(with_row(0, score="18.00", actual="18(场)", note="/"), "JX401")
    assert not of_code(with_row(0, score="18.00", actual="18(场)",
                                note="因场地改造，两场培训延至下年举办"), "JX401")


# ---- JX305 units: a unit comparison, not only a number comparison ---------------------------

@pytest.mark.parametrize(("target", "actual", "hit"), [
    ("≥20(场)", "22(场)", False), ("≥20(场)", "22场", False), ("≥20(场)", "22(次)", True),
    ("≥90.00(%)", "95.00％", False), ("≥90.00(%)", "95(百分比)", False),
    ("≥90.00(%)", "95(人)", True),
])
def test_unit_mismatch(target: str, actual: str, hit: bool) -> None:
    found = [f for f in of_code(with_row(1, target=target, actual=actual), "JX305")]
    assert bool(found) is hit


def test_rows_are_independent() -> None:
    rows: list[Indicator] = list(BASE.indicators)
    rows[0] = replace(rows[0], target="≥20(场)", actual="30(场)")
    found = of_code(with_rows(rows), "JX311")
    assert [f.path for f in found] == ["indicators[0].actual"]


def test_funds_sum_with_a_blank_part_still_checked() -> None:
    rows = list(BASE.funds.rows)
    rows[2] = replace(rows[2], initial=None, annual=None, executed=None, rate=None)
    # carryover (20.00) left blank: 80.00 + 0.00 ≠ 100.00 in every amount column
    found = of_code(with_funds(rows=tuple(rows)), "JX101")
    assert [f.path for f in found] == ["funds.rows[0].initial", "funds.rows[0].annual",
                                       "funds.rows[0].executed"]


def test_funds_sum_skipped_when_no_part_is_printed() -> None:
    rows = [BASE.funds.rows[0]] + [replace(r, initial=None, annual=None, executed=None)
                                   for r in BASE.funds.rows[1:]]
    assert not of_code(with_funds(rows=tuple(rows)), "JX101")
