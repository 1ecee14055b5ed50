"""Round 3 of the engine's speed work (issue 9): the funds rows' rates are computed when first read
and are those `funds_row_rates` gives; a scorecard pickles, copies and compares with them."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from decimal import Decimal

import pytest

from jixiao.core.model import Form, Funds, FundsRow, Indicator
from jixiao.core.scorecard import Computed, Explanation, Scorecard, _Later
from jixiao.rules.engine import funds_row_rates, score_form, score_indicators
from jixiao.rules.profile import NotApplicablePolicy, load_profile

NATIONAL = load_profile("national-2020")
_FUNDS = Funds(weight="10", rows=(FundsRow("fiscal", annual="80", executed="60"),
                                  FundsRow("total", annual="100", executed="90"),
                                  FundsRow("other", annual="0", executed="5"),
                                  FundsRow("carryover", annual=None, executed="1")))
_FORM = Form(project_name="项目", funds=_FUNDS,
             indicators=(Indicator("产出指标", "数量指标", "人数", "≥10人", "8人", "20", "16"),))


def _values(rates: tuple[tuple[int, object], ...]) -> list[tuple[int, object, str]]:
    return [(i, c.value, c.explanation.describe()) for i, c in rates]  # type: ignore[attr-defined]


def test_row_rates_are_those_of_every_funds_row() -> None:
    card = score_form(_FORM, NATIONAL)
    assert type(vars(card)["row_rates"]) is _Later  # not computed until read
    assert _values(card.row_rates) == _values(funds_row_rates(_FUNDS, NATIONAL))
    assert [c.value for _, c in card.row_rates] == [Decimal("75.00"), Decimal("90.00"),
                                                    Decimal("0.00"), None]
    assert card.row_rates[1][1] is card.execution_rate  # the form's own row, computed once
    assert card.row_rates is card.row_rates  # kept once read


def test_a_scorecard_with_rates_later_equals_one_built_whole() -> None:
    card = score_form(_FORM, NATIONAL)
    whole = Scorecard(card.profile, card.execution_rate, card.execution_score, card.rows,
                      card.total, card.grade, card.grade_explanation,
                      funds_row_rates(_FUNDS, NATIONAL), card.parsed)
    fresh = score_form(_FORM, NATIONAL)
    assert fresh == whole and hash(score_form(_FORM, NATIONAL)) == hash(whole)
    assert repr(score_form(_FORM, NATIONAL)) == repr(whole)
    other = Form(project_name="项目", funds=Funds(rows=(FundsRow("total", annual="100",
                                                               executed="91"),)))
    assert score_form(other, NATIONAL) != score_form(_FORM, NATIONAL)


def test_a_scorecard_pickles_and_copies_with_its_rates() -> None:
    for card in (score_form(_FORM, NATIONAL), copy.copy(score_form(_FORM, NATIONAL))):
        again = pickle.loads(pickle.dumps(card))
        assert again == card and _values(again.row_rates) == _values(card.row_rates)
        assert copy.deepcopy(card) == card


def test_rows_without_a_not_applicable_row_keep_their_printed_weights() -> None:
    rescale = dataclasses.replace(NATIONAL, not_applicable=dataclasses.replace(
        NATIONAL.not_applicable, policy=NotApplicablePolicy.RESCALE_WITHIN_LEVEL1))
    rows = (Indicator("产出指标", "数量指标", "人数", "≥10人", "10人", "20", "20"),
            Indicator("产出指标", "数量指标", "不适用", "不适用", "不适用", "10", "10"),
            Indicator("效益指标", "社会效益指标", "覆盖率", "≥90%", "45%", "10", "5"))
    for profile in (NATIONAL, rescale):
        scored = score_indicators(rows, profile)
        assert scored[1].counted_score is None
        first = Decimal("20.00") if profile is NATIONAL else Decimal("30.00")  # 20 × 30 / 20
        assert [r.computed.value for r in scored[::2]] == [first, Decimal("5.00")]


def test_a_common_row_makes_its_explanation_when_first_read() -> None:
    row = score_form(_FORM, NATIONAL).rows[0]
    assert type(vars(row.computed)["explanation"]) is _Later
    explanation = row.computed.explanation
    assert explanation is row.computed.explanation  # made once, then kept
    assert "formula" not in vars(explanation)  # its text still written when read
    assert explanation.formula == "20.00 × 8.00 / 10.00 = 16.00"
    assert explanation.rule == "quantitative.positive"


def test_a_computed_made_later_equals_one_made_whole() -> None:
    lazy = score_form(_FORM, NATIONAL).rows[0].computed
    whole = Computed(lazy.value, Explanation(lazy.explanation.formula, lazy.explanation.inputs,
                                             lazy.explanation.rule, lazy.explanation.source))
    for made in (score_form(_FORM, NATIONAL).rows[0].computed, lazy):
        assert made == whole and hash(made) == hash(whole) and repr(made) == repr(whole)
        assert pickle.loads(pickle.dumps(made)) == whole
        assert copy.copy(made) == whole and copy.deepcopy(made) == whole
        assert dataclasses.replace(made, value=Decimal(1)).explanation == whole.explanation


def test_values_made_later_copy_field_by_field() -> None:
    card = score_form(_FORM, NATIONAL)
    copied = type(card)(**{**vars(card), "rows": card.rows[:0]})  # as a report test copies one
    assert copied.row_rates == score_form(_FORM, NATIONAL).row_rates
    row = score_form(_FORM, NATIONAL).rows[0]
    assert Computed(**vars(row.computed)) == row.computed
    assert list(vars(row.computed)) == ["value", "explanation"]
    assert list(vars(card)) == [f.name for f in dataclasses.fields(Scorecard)]
    with pytest.raises(AttributeError):
        object.__setattr__(card, "row_rates", ())
