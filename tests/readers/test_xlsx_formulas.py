"""Formulas without a cached value computed by the XLSX reader: every infix operator, each
precedence level left-associative, and the powers it does not compute."""

from __future__ import annotations

import pytest

from jixiao.readers.xlsx import read_xlsx
from tests.readers.test_xlsx import _formula_workbook


@pytest.mark.parametrize(("formula", "score"), [
    ("=2^3+4-2*1.5", "9.00"),  # ^ before * before + and -
    ("=10-2-3", "5.00"),  # (10-2)-3
    ("=12/2/3", "2.00"),  # (12/2)/3
    ("=2^3^2", "64.00"),  # (2^3)^2, as Excel reads it
    ("=(1+1)*5", "10.00"),
])
def test_arithmetic_is_computed_left_to_right_by_precedence(formula: str, score: str) -> None:
    result = read_xlsx(_formula_workbook(formula))[0]
    assert result.form.funds.score == score
    assert "JX071" in [f.code for f in result.findings]


@pytest.mark.parametrize("formula", ["=2^0.5", "=10^2000", "=4/(2-2)"])
def test_powers_and_divisions_it_does_not_compute_leave_the_cell_blank(formula: str) -> None:
    result = read_xlsx(_formula_workbook(formula))[0]
    assert result.form.funds.score is None
    assert "JX072" in [f.code for f in result.findings]
