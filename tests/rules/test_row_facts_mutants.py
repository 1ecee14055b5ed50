"""Cases for the mutants mutmut left alive in `rules/checks/row_facts.py` (2026-12-01)."""

from __future__ import annotations

from jixiao.core.model import Indicator
from tests.rules.test_checks_base import BASE_INDICATORS, of_code, with_rows


def test_cost_block_named_by_its_first_level_alone() -> None:
    # The 2021 national template prints 成本指标 as the 一级; some units leave the 二级 blank.
    rate = Indicator("成本指标", "", "生均补助标准达标率", "=100(%)", "100(%)", "5.00", "5.00")
    [hit] = of_code(with_rows([*BASE_INDICATORS, rate]), "JX313")
    assert "生均补助标准达标率" in hit.message


def test_cost_block_named_by_its_second_level_alone() -> None:
    rate = Indicator("产出指标", "成本指标", "生均补助标准达标率", "=100(%)", "100(%)",
                     "5.00", "5.00")
    assert of_code(with_rows([*BASE_INDICATORS, rate]), "JX313")
