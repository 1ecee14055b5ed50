"""Reason checks (JX4xx) at their edges: where an explanation of low execution may stand, how a
note is shortened in a message, over-completion of small targets, and the words that make a note
a changed indicator rather than an improvement measure."""

from __future__ import annotations

import pytest

from tests.rules.test_checks_base import BASE, of_code, with_row
from tests.rules.test_checks_reasons import low_execution, strict_profile

# ---- JX401: the computed score is shown when the engine has one ---------------------------

def test_missing_reason_without_a_computed_score() -> None:
    [hit] = of_code(with_row(1, actual="/", score="14.00"), "JX401")
    assert hit.message == "指标「培训合格率」得分 14.00 低于分值 15.00，未填写偏差原因"


def test_missing_reason_with_a_computed_tier_score() -> None:
    [hit] = of_code(with_row(2, actual="部分达成年度指标并具有一定效果", score="10.00"), "JX401")
    assert hit.message == ("指标「培训按期完成」得分 10.00 低于分值 15.00（计算得分 12.00），"
                           "未填写偏差原因")


def test_missing_reason_not_asked_on_not_applicable_rows() -> None:
    form = with_row(3, target="不适用", actual="不适用", score="0.00")
    assert not of_code(form, "JX401")


def test_missing_reason_needs_a_printed_weight_and_score() -> None:
    assert not of_code(with_row(1, actual="85.00(%)", score=None), "JX401")


# ---- JX402: an explanation is any sentence about money that gives a cause ----------------

@pytest.mark.parametrize(("text", "explained"), [
    ("活动顺利开展。因部分培训延期，资金结余20万元。", True),   # the second sentence
    ("活动顺利开展；部分尾款尚未支付。", True),
    ("部分培训延期。资金已全部拨付。", False),   # cause and money in different sentences
    ("受场地改造影响，部分培训经费未能执行。", True),   # 受…影响 in a sentence about money
])
def test_explanation_sentence_by_sentence(text: str, explained: bool) -> None:
    assert (not of_code(low_execution(BASE.goals.actual + text), "JX402")) is explained


def test_explanation_may_stand_in_any_row_note() -> None:
    form = with_row(4, form=low_execution(), note="因部分培训延期，相应经费结余。")
    assert not of_code(form, "JX402")


def test_explanation_found_when_the_achieved_goal_is_empty() -> None:
    form = with_row(3, form=low_execution(None), note="因部分培训延期，相应经费结余。")
    assert not of_code(form, "JX402")


def test_low_execution_at_the_threshold_is_not_low() -> None:
    from dataclasses import replace

    from jixiao.core.model import FundsRow, Total
    funds = replace(BASE.funds, rate="90.00", score="9.00",
                    rows=(FundsRow("total", "100.00", "100.00", "90.00", "90.00"),))
    form = replace(BASE, funds=funds, total=Total("100.00", "99.00"))
    assert not of_code(form, "JX402")


# ---- JX403: a note on a full-marks row ---------------------------------------------------

_24 = "一二三四五六七八九十" * 2 + "一二三四"  # 24 characters


@pytest.mark.parametrize(("note", "shown"), [
    (_24, _24), (_24 + "五", _24 + "…"), (_24[:3] + " " + _24[3:10] + "\n" + _24[10:], _24),
])
def test_note_shortened_to_24_characters_without_spaces(note: str, shown: str) -> None:
    [hit] = of_code(with_row(0, note=note), "JX403")
    assert hit.message == f"指标「举办培训场次」得分等于分值 20.00，却填写了偏差原因「{shown}」"


@pytest.mark.parametrize(("actual", "hit"), [("2(次)", False), ("1(次)", True)])
def test_a_note_on_an_overcompleted_small_target_is_expected(actual: str, hit: bool) -> None:
    form = with_row(0, name="召开总结会", target="≥1(次)", actual=actual,
                    note="应上级要求加开一次总结会。")
    assert bool(of_code(form, "JX403")) is hit


def test_a_note_on_a_reverse_target_met_is_not_over_completion() -> None:
    form = with_row(1, name="教学差错率", target="≤2.00(%)", actual="0.10(%)",
                    note="加强了教学管理。")
    assert of_code(form, "JX403")


def test_a_note_on_a_zero_weight_row_is_not_reported() -> None:
    form = with_row(0, weight="0.00", score="0.00", note="部分学员缺席培训。")
    assert not of_code(form, "JX403")


# ---- JX407: changed indicator or improvement measure -------------------------------------

@pytest.mark.parametrize(("note", "changed"), [
    ("指标值调整为“及时”。", True),
    ("下年度指标值调整为≥95%。", False),                     # a future word
    ("下年度指标值调整为≥95%，实际完成值为98%。", True),       # … but assessed on it
    ("指标值偏低，下年度适当提高。", False),                  # no change word
])
def test_changed_indicator_words(note: str, changed: bool) -> None:
    assert bool(of_code(with_row(2, note=note), "JX407")) is changed


# ---- JX406 / JX408: the engine's deductions, as the profile treats a note -----------------

def test_unexplained_deduction_names_the_missing_note() -> None:
    form = with_row(4, score="8.00", note="无")
    assert of_code(form, "JX401") and not of_code(form, "JX406", strict_profile())


# ---- the rate JX402 reads, the rows the engine flags ---------------------------------------

def test_low_execution_reads_the_printed_rate_without_funds_rows() -> None:
    from dataclasses import replace

    from jixiao.core.model import Total
    form = replace(BASE, funds=replace(BASE.funds, rate="80.00", score="8.00", rows=()),
                   total=Total("100.00", "98.00"))
    [hit] = of_code(form, "JX402")
    assert hit.message.startswith("预算执行率 80.00% 低于 90.00%")


def test_low_execution_prefers_the_computed_rate() -> None:
    from dataclasses import replace

    from jixiao.core.model import FundsRow
    rows = (FundsRow("total", "100.00", "100.00", "80.00", "95.00"),)
    form = replace(BASE, funds=replace(BASE.funds, rate="95.00", rows=rows))
    [hit] = of_code(form, "JX402")
    assert hit.message.startswith("预算执行率 80.00% 低于 90.00%")


def test_inflated_first_row() -> None:
    [hit] = of_code(with_row(0, actual="19(场)"), "JX404")
    assert hit.path == "indicators[0].score"
    assert hit.message.startswith("指标「举办培训场次」自评得分 20.00 高于计算得分 19.00：")


# ---- rows without a weight or a score, rows skipped before the one reported ---------------

@pytest.mark.parametrize(("weight", "score"), [(None, "20.00"), ("20.00", None)])
def test_a_noted_row_without_weight_or_score_is_only_incomplete(weight: str | None,
                                                               score: str | None) -> None:
    from tests.rules.test_checks_base import findings
    form = with_row(0, weight=weight, score=score, note="部分学员缺席培训。")
    assert [f.code for f in findings(form)] == ["JX207"]


def test_missing_reason_after_a_row_without_score() -> None:
    form = with_row(1, actual="85.00(%)", score="14.17", form=with_row(0, score=None))
    assert [f.path for f in of_code(form, "JX401")] == ["indicators[1].note"]


def test_note_on_full_marks_after_a_zero_weight_row() -> None:
    form = with_row(1, note="部分学员缺席培训。", form=with_row(0, weight="0.00", score="0.00"))
    assert [f.path for f in of_code(form, "JX403")] == ["indicators[1].note"]


def test_note_on_full_marks_of_one_point() -> None:
    [hit] = of_code(with_row(1, weight="1.00", score="1.00", note="部分学员缺席培训。"), "JX403")
    assert hit.message == ("指标「培训合格率」得分等于分值 1.00，"
                           "却填写了偏差原因「部分学员缺席培训。」")
