"""The engine after round 3 of its speed work, where a mutmut run of ``rules/engine.py`` found
its survivors (issue 11): paths the common row's one step and the deferred explanations left
unread — the long path of a rescaled row, the rows the engine cannot score, the form's rate on
its own, a “=” miss sent to people, and the 0-weight row that only looks 不适用.

Each test is a form (or a funds block) as a reviewer reads it: what the engine says and why.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.core.model import Funds, FundsRow
from jixiao.core.scorecard import RowStatus
from jixiao.core.values import parse_value
from jixiao.rules.engine import execution_rate, quantitative_score, score_form
from tests.rules.test_engine import NATIONAL, SHANGHAI, form, funds, ind, overlay, row

D = Decimal


# ---- the form's execution rate, asked on its own

@pytest.mark.parametrize(("rows", "formula"), [
    ((FundsRow("fiscal", annual="80.00", executed="60.00"),
      FundsRow("total", annual="100.00", executed="90.00")), "90.00 / 100.00 × 100 = 90.00%"),
    ((FundsRow("fiscal", annual="80.00", executed="60.00"),
      FundsRow("other", annual="20.00", executed="20.00")), "60.00 / 80.00 × 100 = 75.00%"),
])
def test_execution_rate_reads_the_total_row_else_the_first(rows: tuple[FundsRow, ...],
                                                           formula: str) -> None:
    """`execution_rate` of a funds block: on the 年度资金总额 row when printed (not the
    财政拨款 row above it), else on the first row — with the rule and source of the profile."""
    rate = execution_rate(Funds(weight="10.00", rows=rows), NATIONAL)
    assert rate.explanation.formula == formula
    assert rate.value == D(formula.rsplit("= ", 1)[1].rstrip("%"))
    assert rate.explanation.rule == "execution.rate"
    assert rate.explanation.source == NATIONAL.execution.source


@pytest.mark.parametrize(("weight", "used", "origin"), [
    ("10.00", "10.00", "表中印制"),
    (None, "10.00", "规则默认"),   # national-2020's default execution weight
])
def test_execution_score_without_a_rate_says_where_its_weight_came_from(
        weight: str | None, used: str, origin: str) -> None:
    """No 全年执行数: no rate, no execution score, and its explanation still names the 分值,
    where it came from (printed or the profile's default) and the rate as 无."""
    card = score_form(form(money=funds("100.00", None, weight)), NATIONAL)
    score = card.execution_score
    assert score.value is None
    assert score.explanation.formula == "执行率无法计算，执行率得分无法计算"
    assert dict(score.explanation.inputs) == {"分值": used, "分值来源": origin, "执行率": "无"}


# ---- a rescaled weight on the rows the one-step path does not take

def test_rescaled_weight_is_explained_on_every_kind_of_row(tmp_path: Path) -> None:
    """Under ``rescale_within_level1`` a 20-point 不适用 row's points go to the other rows of its
    一级 (80 → 100): a 反向 (≤) row and a 定性 row, which are scored the long way, show the
    rescaled 分值 and how it was reached, as a 正向 row does."""
    profile = overlay(tmp_path, '[not_applicable]\npolicy = "rescale_within_level1"\n')
    card = score_form(form(ind("不适用", "不适用", "20.00", "0.00", name="不适用"),
                           ind("≤10(天)", "8(天)", "40.00", "50.00", name="办理时限"),
                           ind("良好", "达成", "40.00", "50.00", name="服务质量",
                               level2="质量指标")), profile)
    reverse, tier = card.rows[1], card.rows[2]
    assert reverse.computed.value == D("50.00") and reverse.status is RowStatus.EQUAL
    assert tier.status is RowStatus.EQUAL
    for scored in (reverse, tier):
        inputs = dict(scored.computed.explanation.inputs)
        assert inputs["分值"] == "50.00"
        assert inputs["分值调整"] == "40.00 × 100.00 / 80.00 = 50.00"


# ---- rows the engine cannot score keep what was printed

def test_unscorable_row_keeps_its_printed_score() -> None:
    """A row the formula cannot score (a number against 基本达标) is left to people: its printed
    4.00 is shown as printed and counted as printed."""
    r = row(ind("≥95%", "基本达标", "5.00", "4.00"), NATIONAL)
    assert r.status is RowStatus.MANUAL
    assert r.printed_score == D("4.00") and r.counted_score == D("4.00")
    unweighted = row(ind("≥10(次)", "12(次)", None, "3.00"), NATIONAL)
    assert unweighted.status is RowStatus.NOT_SCORED
    assert unweighted.printed_score == D("3.00") and unweighted.counted_score == D("3.00")


# ---- a 0-weight row is 不适用 only when all its values are 0

def test_zero_weight_row_with_events_is_scored_not_dropped() -> None:
    """安全事故 =0起 printed with 分值 0 and 得分 0: with 0 accidents it is a placeholder
    (不适用); with 2 it is a real miss, scored (0.00 of 0) and not dropped as 不适用."""
    none = row(ind("=0(起)", "0(起)", "0", "0", name="安全事故发生数"), NATIONAL)
    assert none.status is RowStatus.NOT_APPLICABLE
    two = row(ind("=0(起)", "2(起)", "0", "0", name="安全事故发生数"), NATIONAL)
    assert two.status is RowStatus.EQUAL and two.computed.value == D("0.00")
    assert two.computed.explanation.formula == "实际 2.00 ≠ 目标 0 → 0.00"


# ---- formulas: the “=” miss left to people, and very small numbers

def test_equal_miss_left_to_people_names_both_numbers(tmp_path: Path) -> None:
    """With ``equal_miss = "manual"`` a “=100%” row that reached 98% is not scored by formula:
    it is MANUAL, and the formula says what was reached against what was promised."""
    profile = overlay(tmp_path, '[quantitative]\nequal_miss = "manual"\n')
    r = row(ind("=100%", "98%", "10.00", "9.00"), profile)
    assert r.status is RowStatus.MANUAL and r.counted_score == D("9.00")
    assert r.computed.explanation.formula == "“=”指标实际 98.00 ≠ 目标 100.00，按规则须人工评分"
    assert r.computed.explanation.rule == "quantitative.equal.manual"


def test_very_small_numbers_are_written_out_in_formulas() -> None:
    """A failure rate of 0.0000004 against ≤0.0000005 is written out in the formula as printed,
    never as 4E-7."""
    r = row(ind("≤0.0000005", "0.0000004", "10.00", "10.00", name="设备故障率"), SHANGHAI)
    assert r.computed.explanation.formula == "0.0000004 ≤ 0.0000005 → 10.00"
    weak = row(ind("≥0.0000003", "0.0000001", "10.00", "3.33", name="检出率"), SHANGHAI)
    assert weak.computed.explanation.formula == "10.00 × 0.0000001 / 0.0000003 = 3.33"


def test_quantitative_score_names_rule_and_source() -> None:
    """`quantitative_score` on its own (as the profile tests use it) explains on the profile's
    quantitative rule and source, with the inputs it was given and the operator."""
    words = NATIONAL.vocabulary
    score = quantitative_score(parse_value("≥10(次)", words), parse_value("8(次)", words),
                               D("5"), NATIONAL.quantitative, (("指标", "培训次数"),))
    assert score.value == D("4.00")
    explanation = score.explanation
    assert explanation.formula == "5.00 × 8.00 / 10.00 = 4.00"
    assert explanation.rule == "quantitative.positive"
    assert explanation.source == NATIONAL.quantitative.source
    assert explanation.inputs == (("指标", "培训次数"), ("计算符号", "≥"))
