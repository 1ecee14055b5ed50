"""Engine edges: negative and zero amounts, every 不适用 spelling in the target and in the actual,
zero weights with nonzero scores, and each formula at its boundary."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.core.scorecard import RowStatus
from jixiao.rules.engine import score_form
from tests.rules.test_engine import NATIONAL, SHANGHAI, form, funds, ind, row

D = Decimal


# ---- execution rate and score ------------------------------------------------------------

@pytest.mark.parametrize(("annual", "executed", "rate", "score"), [
    ("100.00", "100.00", "100.00", "10.00"), ("100.00", "95.00", "95.00", "9.50"),
    ("100.00", "0.00", "0.00", "0.00"), ("100.00", "120.00", "120.00", "10.00"),
    ("3.00", "1.00", "33.33", "3.33"), ("3.00", "2.00", "66.67", "6.67"),
    ("0.00", "0.00", "0.00", "0.00"), ("0.00", "5.00", "0.00", "0.00"),
    ("100.00", "-5.00", "-5.00", "0.00"),  # a negative 执行数 is floored in the score
])
def test_execution_rate_and_score(annual: str, executed: str, rate: str, score: str) -> None:
    card = score_form(form(ind("≥1(次)", "1(次)"), money=funds(annual, executed)), SHANGHAI)
    assert card.execution_rate.value == D(rate)
    assert card.execution_score.value == D(score)


def test_execution_rate_missing_amounts_give_no_rate() -> None:
    card = score_form(form(ind("≥1(次)", "1(次)"), money=funds("100.00", None)), SHANGHAI)
    assert card.execution_rate.value is None
    assert card.execution_score.value is None


def test_execution_weight_from_the_form_else_from_the_profile() -> None:
    printed = score_form(form(ind("≥1(次)", "1(次)"), money=funds(weight="20.00")), SHANGHAI)
    assert printed.execution_score.value == D("20.00")
    default = score_form(form(ind("≥1(次)", "1(次)"), money=funds(weight=None)), SHANGHAI)
    assert default.execution_score.value == SHANGHAI.execution.weight.quantize(D("0.01"))


# ---- quantitative rows at their boundaries ----------------------------------------------

@pytest.mark.parametrize(("target", "actual", "score"), [
    # 正向: at, just under and over the target; zero target; negative actual floored
    ("≥10(次)", "10(次)", "10.00"), ("≥10(次)", "9.99(次)", "9.99"), ("≥10(次)", "11(次)", "10.00"),
    (">10(次)", "5(次)", "5.00"), ("≥0(次)", "0(次)", "10.00"), ("≥10(次)", "0(次)", "0.00"),
    ("≥10(次)", "-3(次)", "0.00"),
    # 反向 (linear to 2T): at, just over, at 2T, beyond
    ("≤10(次)", "10(次)", "10.00"), ("≤10(次)", "9(次)", "10.00"), ("≤10(次)", "11(次)", "9.00"),
    ("≤10(次)", "20(次)", "0.00"), ("≤10(次)", "25(次)", "0.00"), ("<10(次)", "15(次)", "5.00"),
    ("≤10(次)", "-1(次)", "10.00"),
    # 等于: like 正向 for T > 0; T = 0 is all or nothing
    ("=10(次)", "10(次)", "10.00"), ("=10(次)", "5(次)", "5.00"), ("=0(次)", "0(次)", "10.00"),
    ("=0(次)", "1(次)", "0.00"),
])
def test_quantitative_scores(target: str, actual: str, score: str) -> None:
    result = row(ind(target, actual, weight="10.00"), NATIONAL)
    assert result.computed.value == D(score)


def test_reverse_words_score_as_reverse() -> None:
    # 不超过 and 以下 are ≤: 12 against at most 10 loses points; as ≥ it would be full marks
    assert row(ind("不超过10次", "12次"), NATIONAL).computed.value == D("8.00")
    assert row(ind("10次以下", "12次"), NATIONAL).computed.value == D("8.00")
    assert row(ind("大于等于10次", "12次"), NATIONAL).computed.value == D("10.00")
    assert row(ind("10次以上", "8次"), NATIONAL).computed.value == D("8.00")


def test_negative_actual_is_explained() -> None:
    result = row(ind("≥10(次)", "-3(次)"), NATIONAL)
    assert "按 0 计" in result.computed.explanation.describe()


# ---- 不适用 in every place -----------------------------------------------------------------

@pytest.mark.parametrize("word", ["不适用", "不涉及", " 不适用 ", "不 涉 及"])
@pytest.mark.parametrize("where", ["target", "actual", "name"])
def test_not_applicable_anywhere(word: str, where: str) -> None:
    fields = {"target": "≥10(次)", "actual": "10(次)", "name": "测试指标"}
    fields[where] = word
    result = row(ind(fields["target"], fields["actual"], name=fields["name"], weight="0.00",
                     score="0.00"), NATIONAL)
    assert result.status is RowStatus.NOT_APPLICABLE
    assert result.counted_score is None


def test_zero_weight_all_zero_row_is_not_applicable() -> None:
    result = row(ind("=0(次)", "0(次)", weight="0.00", score="0.00"), NATIONAL)
    assert result.status is RowStatus.NOT_APPLICABLE
    # the same row with a weight is a real (and fully met) = 0 target
    weighted = row(ind("=0(次)", "0(次)", weight="10.00", score="10.00"), NATIONAL)
    assert weighted.status is not RowStatus.NOT_APPLICABLE
    assert weighted.computed.value == D("10.00")


def test_zero_weight_with_a_nonzero_score_is_not_not_applicable() -> None:
    result = row(ind("=0(次)", "0(次)", weight="0.00", score="5.00"), NATIONAL)
    assert result.status is not RowStatus.NOT_APPLICABLE
    assert result.computed.value == D("0.00")


def test_zero_weight_row_adds_nothing_to_the_total() -> None:
    rows = (ind("≥10(次)", "10(次)", weight="90.00", score="90.00"),
            ind("≥10(次)", "10(次)", weight="0.00", score="0.00"))
    card = score_form(form(*rows), NATIONAL)
    assert card.total.value == D("100.00")


def test_not_applicable_rows_do_not_count_in_the_total() -> None:
    rows = (ind("≥10(次)", "10(次)", weight="90.00", score="90.00"),
            ind("不适用", "不适用", weight="0.00", score="0.00"))
    card = score_form(form(*rows), NATIONAL)
    assert card.total.value == D("100.00")
    assert card.rows[1].counted_score is None
