"""Scoring writes no explanation text: a batch that only checks forms reads few of them. Each
one is written when read, and reads as the text the rule gives (pinned in test_engine_mutants)."""

from __future__ import annotations

from jixiao.core.scorecard import Explanation, Scorecard
from jixiao.rules.engine import score_form
from tests.rules.test_engine import SHANGHAI, form, funds, ind


def _explanations(card: Scorecard) -> list[Explanation]:
    return [card.execution_rate.explanation, card.execution_score.explanation,
            card.total.explanation, card.grade_explanation,
            *(r.computed.explanation for r in card.rows),
            *(computed.explanation for _, computed in card.row_rates)]


def _card() -> Scorecard:
    rows = [ind("≥95%", "96%", "20.00", "20.00"), ind("≤3天", "5天", "10.00", "6.00"),
            ind("达成指标", "达成指标", "10.00", "9.00", name="社会效益"),
            ind("不适用", "不适用", "0.00", "0.00", name="不适用"), ind("≥10人", None, "5", "5")]
    return score_form(form(*rows, money=funds("100", "80")), SHANGHAI)


def test_no_explanation_is_written_while_scoring() -> None:
    assert all("formula" not in vars(e) for e in _explanations(_card()))


def test_read_they_say_what_the_rule_gives() -> None:
    card = _card()
    assert card.execution_rate.explanation.formula == "80.00 / 100.00 × 100 = 80.00%"
    assert dict(card.rows[0].computed.explanation.inputs)["计算符号"] == "≥"
    assert [e.formula for e in _explanations(card)] == [e.formula for e in _explanations(_card())]
    assert all("formula" in vars(e) for e in _explanations(card))
