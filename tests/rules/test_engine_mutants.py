"""The engine's rows as a reviewer reads them: what each row says, why, and on which rule.

Written against the survivors of a mutmut run of ``rules/engine.py`` (issue 11), but each test is
a behaviour of a form: a row with a target, an actual, a weight and a printed score, and the
score, status and explanation the rule gives it. The explanation is part of the result — a
reviewer reads "实际完成值缺少，无法计分（规则 indicator.missing；依据 …）", not a bare status.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.core.model import Form, Funds, FundsRow
from jixiao.core.scorecard import RowStatus
from jixiao.core.values import Tier
from jixiao.rules.engine import funds_row_rates, grade_total, score_form
from jixiao.rules.profile import load_profile
from tests.rules.test_engine import NATIONAL, SHANGHAI, form, funds, ind, overlay, row

D = Decimal


# ---- rows the engine cannot score: the message says what is missing, the rule and the source

@pytest.mark.parametrize(("target", "actual", "status", "message", "rule", "source"), [
    ("≥95%", None, RowStatus.NOT_SCORED, "实际完成值缺少，无法计分", "indicator.missing",
     "quantitative"),
    ("≥95%", "人", RowStatus.NOT_SCORED, "实际完成值只有单位，缺少数值，无法计分",
     "indicator.missing", "quantitative"),
    (None, "95%", RowStatus.NOT_SCORED, "年度指标值缺失，无法计分", "indicator.missing",
     "quantitative"),
    ("≥95%", "基本达标", RowStatus.MANUAL, "年度指标值为数值而实际完成值不是数值，须人工评分",
     "indicator.manual", "quantitative"),
    ("及时", "及时", RowStatus.MANUAL, "实际完成值不是定性档次，须人工评分", "indicator.manual",
     "qualitative"),
])
def test_unscorable_row_says_why(target: str | None, actual: str | None, status: RowStatus,
                                 message: str, rule: str, source: str) -> None:
    """A row the formula cannot score names what is missing and on which rule and source.

    A missing or unit-only 实际完成值 or a missing 年度指标值 is NOT_SCORED (missing data, rule
    ``indicator.missing``, the quantitative rules' source); a number against free text, or free
    text against free text, is MANUAL (``indicator.manual``): the first under the quantitative
    rules, the second under the qualitative ones (in shanghai-2024 these are different documents).
    The explanation carries the row as printed.
    """
    r = row(ind(target, actual, "5.00", "5.00"), SHANGHAI)
    assert r.status is status and r.computed.value is None
    explanation = r.computed.explanation
    assert explanation.formula == message
    assert explanation.rule == rule
    rules = SHANGHAI.quantitative if source == "quantitative" else SHANGHAI.qualitative
    assert explanation.source == rules.source
    inputs = dict(explanation.inputs)
    assert inputs["分值"] == "5.00" and inputs["得分（表中）"] == "5.00"
    assert inputs["年度指标值"] == (target or "") and inputs["实际完成值"] == (actual or "")


def test_unscorable_sources_differ_in_shanghai() -> None:
    """The test above can tell the quantitative source from the qualitative one only because
    shanghai-2024 takes them from different documents (guard of that test's premise)."""
    assert SHANGHAI.quantitative.source != SHANGHAI.qualitative.source


# ---- 不适用 rows: the message under each policy, the row as printed

def test_not_applicable_row_with_zero_weight_says_it_is_not_counted() -> None:
    """不适用 with 分值 0 and 得分 0: "不适用指标，分值为 0，不计入总分", the printed score kept
    as printed (0.00), nothing counted; the explanation carries the row's printed values."""
    r = row(ind("不适用", "不适用", "0.00", "0.00", name="不适用"), SHANGHAI)
    assert r.status is RowStatus.NOT_APPLICABLE
    assert r.computed.explanation.formula == "不适用指标，分值为 0，不计入总分"
    assert r.printed_score == D("0.00") and r.counted_score is None
    inputs = dict(r.computed.explanation.inputs)
    assert inputs["年度指标值"] == "不适用" and inputs["分值"] == "0.00"


def test_not_applicable_row_keeps_its_printed_score() -> None:
    """A 不适用 row printed with 5 points and 得分 5.00 is reported with printed score 5.00
    (what the unit wrote), counted as nothing, and told its 分值 should be 0."""
    r = row(ind("不适用", "不适用", "5.00", "5.00", name="不适用"), SHANGHAI)
    assert r.printed_score == D("5.00") and r.counted_score is None
    assert r.computed.explanation.formula == "不适用指标分值应为 0（表中为 5.00），不计入总分"


def test_not_applicable_row_under_rescaling_says_its_points_move(tmp_path: Path) -> None:
    """Under ``rescale_total`` a 不适用 row's points go to the others, and it says so."""
    profile = overlay(tmp_path, '[not_applicable]\npolicy = "rescale_total"\n')
    r = row(ind("不适用", "不适用", "20.00", "0.00", name="不适用"), profile)
    assert r.status is RowStatus.NOT_APPLICABLE
    assert r.computed.explanation.formula == "不适用指标剔除，其分值按规则重新分配给其余指标"
    assert r.computed.explanation.rule == "not_applicable.rescale_total"


# ---- qualitative rows: the printed score and the tier's band in the explanation

def test_qualitative_row_explains_its_tier_and_band() -> None:
    """达成指标 on a 10-point row printed 9.00: the printed score is kept as printed, and the
    explanation names the tier (档次 达成指标) and its share of the weight (80%–100%) beside
    the row's own values."""
    r = row(ind("顺利进行", "达成指标", "10.00", "9.00"), SHANGHAI)
    assert r.status is RowStatus.EQUAL and r.printed_score == D("9.00")
    inputs = dict(r.computed.explanation.inputs)
    assert inputs["区间比例"] == "80.00%–100.00%"
    assert inputs["档次"] == SHANGHAI.qualitative.rule(Tier.ACHIEVED).label
    assert inputs["实际完成值"] == "达成指标" and inputs["分值"] == "10.00"


# ---- quantitative formulas at their edges

def test_equal_zero_target_met_names_the_full_score() -> None:
    """=0 起 (no accidents) with 0 起: full marks, and the formula says "实际 0 = 目标 0 → 5.00"."""
    r = row(ind("=0(起)", "0(起)", "5.00", "5.00"), NATIONAL)
    assert r.computed.explanation.formula == "实际 0 = 目标 0 → 5.00"


def test_reverse_target_met_exactly(tmp_path: Path) -> None:
    """≤10 天 with exactly 10 天 meets the target: full marks with the "≤" formula, also under
    the ``manual`` reverse formula (only a miss goes to people, not a hit on the bound)."""
    r = row(ind("≤10(天)", "10(天)", "6.00", "6.00"), NATIONAL)
    assert r.computed.value == D("6.00")
    assert r.computed.explanation.formula == "10.00 ≤ 10.00 → 6.00"
    manual = overlay(tmp_path, '[quantitative]\nreverse_formula = "manual"\n')
    at_bound = row(ind("≤10(天)", "10(天)", "6.00", "6.00"), manual)
    assert at_bound.computed.value == D("6.00") and at_bound.status is RowStatus.EQUAL


def test_reverse_at_twice_the_target_scores_zero_by_the_2t_rule() -> None:
    """≤10 with exactly 20 (2T) scores 0 and says it is the 2T bound, not a formula that happens
    to reach 0."""
    r = row(ind("≤10(天)", "20(天)", "6.00", "0.00"), NATIONAL)
    assert r.computed.value == D("0.00")
    assert r.computed.explanation.formula == "20.00 ≥ 2 × 10.00 → 0.00"


@pytest.mark.parametrize(("target", "actual", "score"), [
    ("≤0.5(%)", "1(%)", "5.00"),    # a target under 1: 10 × 0.5 / 1
    ("≤10(%)", "20(%)", "5.00"),
    ("≤-5(%)", "2(%)", "0.00"),     # a fall of 5% wanted, a rise of 2% got: 0, never below
    ("≤0(起)", "1(起)", "0.00"),
])
def test_reverse_ratio_formula(tmp_path: Path, target: str, actual: str, score: str) -> None:
    """Under the ``ratio`` reverse formula a missed ≤ target scores w × T / A: also for a target
    under 1 (≤0.5%); a target of 0 or below scores 0 when missed, never a negative score."""
    ratio = overlay(tmp_path, '[quantitative]\nreverse_formula = "ratio"\n')
    r = row(ind(target, actual, "10.00"), ratio)
    assert r.computed.value == D(score)


# ---- the per-row execution rates a record keeps

def test_funds_row_rates_give_every_row_its_own_rate() -> None:
    """Each funds row's 执行率 on its own amounts, keyed by its place in the block: 财政 50 of
    100 → 50.00%, 其他 0 of 0 → 0.00%; the same numbers the scorecard's row rates show."""
    money = Funds(weight="10.00", rows=(
        FundsRow(source="fiscal", annual="100.00", executed="50.00"),
        FundsRow(source="other", annual="0.00", executed="0.00"),
    ))
    rates = funds_row_rates(money, NATIONAL)
    assert [(i, c.value) for i, c in rates] == [(0, D("50.00")), (1, D("0.00"))]
    assert rates[0][1].explanation.source == NATIONAL.execution.source
    card = score_form(form(money=money), NATIONAL)
    assert [(i, c.value) for i, c in card.row_rates] == [(i, c.value) for i, c in rates]


# ---- the weight an explanation shows is the weight the formula used

def test_explanation_shows_the_weight_used() -> None:
    """分值 printed "5" is used as 5.00 and shown so; a row with no printed 分值 shows none (and
    cannot be scored by formula in the national profile)."""
    r = row(ind("≥10(次)", "10(次)", "5", "5.00"), NATIONAL)
    assert dict(r.computed.explanation.inputs)["分值"] == "5.00"
    unweighted = row(ind("≥10(次)", "10(次)", None, "5.00"), NATIONAL)
    assert unweighted.status is RowStatus.NOT_SCORED
    assert dict(unweighted.computed.explanation.inputs)["分值"] == ""


def test_rescaled_row_explains_with_its_rescaled_weight(tmp_path: Path) -> None:
    """Under ``rescale_within_level1`` a 30-point row of a 产出指标 block with a 20-point 不适用
    row beside it (100 points, 80 applicable) is scored on 37.50: the explanation's 分值 is
    37.50 and 分值调整 shows how; the printed 30 is not what the formula used."""
    profile = overlay(tmp_path, '[not_applicable]\npolicy = "rescale_within_level1"\n')
    card = score_form(form(ind("不适用", "不适用", "20.00", "0.00", name="不适用"),
                           ind("≥10", "10", "30.00", "37.50"),
                           ind("≥10", "10", "50.00", "62.50")), profile)
    inputs = dict(card.rows[1].computed.explanation.inputs)
    assert inputs["分值"] == "37.50"
    assert inputs["分值调整"] == "30.00 × 100.00 / 80.00 = 37.50"


@pytest.mark.parametrize(("profile", "status", "message"), [
    ("national-2020", RowStatus.NOT_SCORED, "未印分值，无法按公式计分"),
    ("hubei-2021", RowStatus.MANUAL, "三级指标不单列分值，须人工评分"),
])
def test_row_without_weight_says_why(profile: str, status: RowStatus, message: str) -> None:
    """A row printed without 分值 (and without 得分): where every indicator has its own weight
    (national) the formula lacks its weight — NOT_SCORED; where 三级指标 carry no weight of
    their own (hubei) people score it — MANUAL. Both say so, on rule ``indicator.no_weight``
    and the weights' source, with the row as printed (no 得分 shown as empty)."""
    loaded = load_profile(profile)
    r = row(ind("≥10(次)", "12(次)", None, None), loaded)
    assert r.status is status and r.computed.value is None and r.counted_score is None
    explanation = r.computed.explanation
    assert explanation.formula == message
    assert explanation.rule == "indicator.no_weight"
    assert explanation.source == loaded.weights.source
    assert dict(explanation.inputs) == {"分值": "", "年度指标值": "≥10(次)",
                                        "实际完成值": "12(次)", "得分（表中）": ""}


# ---- 正向 rows: the formula text, the overcompletion note and the deviation penalty

@pytest.mark.parametrize(("target", "actual", "formula"), [
    ("≥0(起)", "0(起)", "0.00 ≥ 0.00 → 10.00"),
    ("≥0(起)", "3(起)", "3.00 ≥ 0.00 → 10.00"),         # a zero target is met, nothing to cap
    ("≥10(次)", "0(次)", "10.00 × 0.00 / 10.00 = 0.00"),  # 0 is not negative: no "按 0 计"
    ("≥100(人)", "80(人)", "10.00 × 80.00 / 100.00 = 8.00"),  # no overcompletion tail
    ("≥0.5(万人次)", "0.6(万人次)",
     "10.00 × 0.60 / 0.50 → 封顶 10.00（超额完成：实际 ≥ 1.20 × 目标，须说明原因）"),
])
def test_positive_formula_in_full(target: str, actual: str, formula: str) -> None:
    """The whole formula a 正向 row shows, not only its start: a zero target is met by any
    actual (no division by it, no overcompletion note — 1.2 × 0 says nothing); an actual of 0 is
    not "negative, counted as 0"; a row short of its target has no tail; a target under 1
    (0.5 万人次) met 1.2 times over is flagged like any other."""
    r = row(ind(target, actual, "10.00"), NATIONAL)
    assert r.computed.explanation.formula == formula
    assert dict(r.computed.explanation.inputs)["计算符号"] == "≥"


def test_operator_shown_for_every_operator() -> None:
    """The explanation names the operator the row was scored by: ≤ for 不超过, = for =, and ≥
    for a target printed without one."""
    def op(target: str) -> str:
        inputs = row(ind(target, "5", "10.00"), NATIONAL).computed.explanation.inputs
        return dict(inputs)["计算符号"]
    assert (op("不超过10"), op("=5"), op("5")) == ("≤", "=", "≥")


@pytest.mark.parametrize(("target", "actual", "score", "formula"), [
    ("≥10(次)", "13(次)", "8.00",
     "10.00 × 13.00 / 10.00 → 封顶 10.00；偏离目标 ≥ 30.00%，扣 2.00 分 → 8.00"
     "（超额完成：实际 ≥ 1.20 × 目标，须说明原因）"),
    ("≥0.5(次)", "1(次)", "8.00", None),     # a target under 1 is a target like any other
    ("≥0(次)", "5(次)", "10.00", "5.00 ≥ 0.00 → 10.00"),  # 0 cannot be exceeded by 30%
])
def test_deviation_penalty_edges(tmp_path: Path, target: str, actual: str, score: str,
                                 formula: str | None) -> None:
    """With 指标偏离扣分 enabled (30%, 2 points): 13 against ≥10 loses 2 points and says so with
    the threshold as a percentage; 1 against ≥0.5 deviates too; a zero target never does."""
    penalised = overlay(tmp_path, "[quantitative.deviation_penalty]\nenabled = true\n")
    r = row(ind(target, actual, "10.00"), penalised)
    assert r.computed.value == D(score)
    if formula is not None:
        assert r.computed.explanation.formula == formula


# ---- the execution rate and the grade as the scorecard explains them

def test_execution_rate_explanation_carries_the_amounts() -> None:
    """执行率 60.33 / 75.00: the explanation lists 全年预算数 75.00 and 全年执行数 60.33 as
    printed; with 全年执行数 left blank it says the rate cannot be computed and shows the blank."""
    card = score_form(form(money=Funds(weight="10.00", rows=(
        FundsRow(source="total", annual="75.00", executed="60.33"),))), NATIONAL)
    assert dict(card.execution_rate.explanation.inputs) == {"全年预算数": "75.00",
                                                            "全年执行数": "60.33"}
    assert card.execution_rate.explanation.formula == "60.33 / 75.00 × 100 = 80.44%"
    assert card.execution_rate.explanation.rule == "execution.rate"
    blank = score_form(form(money=Funds(weight="10.00", rows=(
        FundsRow(source="total", annual="75.00", executed=None),))), NATIONAL)
    assert blank.execution_rate.value is None
    assert blank.execution_rate.explanation.formula == "缺少全年预算数或全年执行数，无法计算执行率"
    assert blank.execution_rate.explanation.rule == "execution.rate"
    assert blank.execution_rate.explanation.source == NATIONAL.execution.source
    assert dict(blank.execution_rate.explanation.inputs) == {"全年预算数": "75.00",
                                                             "全年执行数": ""}
    no_budget = score_form(form(money=Funds(weight="10.00", rows=(
        FundsRow(source="total", annual=None, executed="60.33"),))), NATIONAL)
    assert dict(no_budget.execution_rate.explanation.inputs)["全年预算数"] == ""


def test_scorecard_explains_its_grade() -> None:
    """A form totalling 93.04 (8.04 for execution, 85 for its one row) is graded 优, and the
    scorecard says why: "93.04 ≥ 90.00 → 优"."""
    card = score_form(form(ind("≥1(次)", "1(次)", "85.00", "85.00"),
                           money=Funds(weight="10.00", rows=(
                               FundsRow(source="total", annual="75.00", executed="60.33"),))),
                      NATIONAL)
    assert card.total.value == D("93.04") and card.grade == "优"
    assert card.grade_explanation.formula == "93.04 ≥ 90.00 → 优"


def test_zero_budget_rate_says_it_is_set_to_zero() -> None:
    """全年预算数 0, 全年执行数 3: no division by zero, the rate is 0.00% and the explanation
    says it was set so, on its own rule, with both amounts as printed."""
    card = score_form(form(money=Funds(weight="10.00", rows=(
        FundsRow(source="total", annual="0.00", executed="3.00"),))), NATIONAL)
    explanation = card.execution_rate.explanation
    assert card.execution_rate.value == D("0.00")
    assert explanation.formula == "全年预算数为 0，执行率记 0.00%"
    assert explanation.rule == "execution.rate.zero_budget"
    assert explanation.source == NATIONAL.execution.source
    assert dict(explanation.inputs) == {"全年预算数": "0.00", "全年执行数": "3.00"}


def test_form_without_funds_rows_says_no_rate() -> None:
    """A form with no funds rows at all: no rate, "没有资金行，无法计算执行率" on the rate rule."""
    card = score_form(Form(project_name="无资金"), NATIONAL)
    explanation = card.execution_rate.explanation
    assert card.execution_rate.value is None
    assert explanation.formula == "没有资金行，无法计算执行率" and explanation.inputs == ()
    assert explanation.rule == "execution.rate"
    assert explanation.source == NATIONAL.execution.source


@pytest.mark.parametrize(("executed", "formula", "rate"), [
    ("100.00", "10.00 × 100.00% = 10.00", "100.00%"),   # exactly 100%: nothing to cap
    ("110.00", "10.00 × min(110.00%, 100%) = 10.00", "110.00%"),
    ("-5.00", "10.00 × 0.00% = 0.00", "-5.00%"),         # a negative rate scores as 0%
])
def test_execution_score_explanation(executed: str, formula: str, rate: str) -> None:
    """执行率得分 of a 10-point funds block with 全年预算数 100: the formula as printed in the
    scorecard, the rate as computed and where the 分值 came from (the form)."""
    card = score_form(form(money=Funds(weight="10.00", rows=(
        FundsRow(source="total", annual="100.00", executed=executed),))), NATIONAL)
    explanation = card.execution_score.explanation
    assert explanation.formula == formula
    assert dict(explanation.inputs) == {"分值": "10.00", "分值来源": "表中印制", "执行率": rate}
    assert explanation.rule == "execution.linear_capped"
    assert explanation.source == NATIONAL.execution.source


def test_execution_score_without_a_rate_says_so() -> None:
    """No 全年执行数: no 执行率得分, and the explanation says so with 执行率 "无"."""
    card = score_form(form(money=Funds(weight="10.00", rows=(
        FundsRow(source="total", annual="100.00", executed=None),))), NATIONAL)
    explanation = card.execution_score.explanation
    assert card.execution_score.value is None
    assert explanation.formula == "执行率无法计算，执行率得分无法计算"
    assert dict(explanation.inputs)["执行率"] == "无"
    assert explanation.rule == "execution.linear_capped"
    assert explanation.source == NATIONAL.execution.source


def test_execution_score_uncapped_formula() -> None:
    """Under the ``linear`` policy (vendor) 110% of 10 points is 11.00, written as such."""
    vendor = load_profile("vendor-80-70-60")
    card = score_form(form(money=Funds(weight="10.00", rows=(
        FundsRow(source="total", annual="100.00", executed="110.00"),))), vendor)
    assert card.execution_score.explanation.formula == "10.00 × 110.00% = 11.00"


# ---- the total, its caps and the grade line

def test_total_explanation_lists_what_it_adds() -> None:
    """8.04 for execution plus two counted rows (40 + 30) and one 不适用 row: "8.04 + 70.00 =
    78.04", with the execution score, the indicators' sum and the number of rows counted (2)."""
    card = score_form(form(ind("≥1(次)", "1(次)", "40.00", "40.00"),
                           ind("≥1(次)", "1(次)", "30.00", "30.00"),
                           ind("不适用", "不适用", "0.00", "0.00", name="不适用"),
                           money=Funds(weight="10.00", rows=(
                               FundsRow(source="total", annual="75.00", executed="60.33"),))),
                      NATIONAL)
    explanation = card.total.explanation
    assert explanation.formula == "8.04 + 70.00 = 78.04"
    assert dict(explanation.inputs) == {"执行率得分": "8.04", "指标得分合计": "70.00",
                                        "计入指标数": "2"}
    assert explanation.rule == "total.sum" and explanation.source == NATIONAL.weights.source


def test_total_with_printed_execution_score_says_so() -> None:
    """No computable rate: the printed 执行率得分 (9.00) enters the total under its own label."""
    money = Funds(weight="10.00", score="9.00", rows=(FundsRow(source="total", annual="-"),))
    card = score_form(form(ind("≥1", "1", "80.00", "80.00"), money=money), NATIONAL)
    assert card.total.explanation.formula == "9.00 + 80.00 = 89.00"
    assert dict(card.total.explanation.inputs)["执行率得分（表中印制）"] == "9.00"


CAP_80 = '[[execution.caps]]\nbelow = "80"\nmax_total = "89"\n'


@pytest.mark.parametrize(("row_score", "total", "capped"), [
    ("81.50", "89.00", False),   # exactly at the cap: nothing is cut, nothing said
    ("85.00", "89.00", True),    # 92.50 cut to 89
])
def test_total_at_and_over_the_execution_cap(tmp_path: Path, row_score: str, total: str,
                                             capped: bool) -> None:
    """执行率 75% (< 80%) caps the total at 89: a form adding up to exactly 89.00 is not
    "capped" (rule total.sum); one adding up to 92.50 is cut to 89.00 and says why, citing the
    execution rules' source."""
    profile = overlay(tmp_path, CAP_80, extends="national-2020")
    card = score_form(form(ind("≥1", "1", row_score, row_score),
                           money=funds("100.00", "75.00")), profile)
    assert card.total.value == D(total)
    if capped:
        assert card.total.explanation.rule == "total.execution_cap"
        assert card.total.explanation.formula == \
            "7.50 + 85.00 = 92.50；执行率 75.00% 低于 80.00%，总分封顶 89.00"
        assert card.total.explanation.source == profile.execution.source
    else:
        assert card.total.explanation.rule == "total.sum"
        assert card.total.explanation.formula == "7.50 + 81.50 = 89.00"


def test_grade_explanation_lists_the_grade_lines() -> None:
    """The grade's explanation lists the total and every grade line of the profile; a missing
    total has no grade and says so."""
    grade, explanation = grade_total(D("93.04"), NATIONAL)
    assert grade == "优"
    assert dict(explanation.inputs) == {"总分": "93.04",
                                        "等级线": "优 ≥ 90.00、良 ≥ 80.00、中 ≥ 60.00，其余为差"}
    assert explanation.source == NATIONAL.grades.source
    none, missing = grade_total(None, NATIONAL)
    assert none is None and missing.formula == "总分无法计算，无法评定等级"
    assert missing.inputs == ()
    assert missing.rule == "grade.bands" and missing.source == NATIONAL.grades.source


@pytest.mark.parametrize(("total", "formula"), [
    ("80.00", "80.00 ≥ 80.00 → 良"), ("79.99", "79.99 ≥ 60.00 → 中"),
    ("59.99", "59.99 < 60.00 → 差"),
])
def test_grade_formula_names_the_line_reached(total: str, formula: str) -> None:
    """The grade formula names the line the total reached (80.00 reaches 良's 80 exactly),
    or the lowest line it missed."""
    assert grade_total(D(total), NATIONAL)[1].formula == formula


# ---- 不适用 rescaling at its edges

def test_rescale_with_small_weights(tmp_path: Path) -> None:
    """满意度指标 with a 1-point 不适用 row and a 1-point applicable row: the applicable one is
    scored on 2.00 (1 × 2 / 1) — small weights are rescaled like large ones."""
    profile = overlay(tmp_path, '[not_applicable]\npolicy = "rescale_within_level1"\n')
    card = score_form(form(ind("不适用", "不适用", "1.00", "0.00", name="不适用",
                               level1="满意度指标"),
                           ind("≥90%", "95%", "1.00", "2.00", level1="满意度指标")), profile)
    assert card.rows[1].computed.value == D("2.00")
    assert dict(card.rows[1].computed.explanation.inputs)["分值调整"] == \
        "1.00 × 2.00 / 1.00 = 2.00"


def test_rescale_leaves_blocks_without_not_applicable_rows_alone(tmp_path: Path) -> None:
    """A block with no 不适用 row keeps its weights, with no 分值调整 note; a row printed
    without 分值 in a rescaled block stays without one."""
    profile = overlay(tmp_path, '[not_applicable]\npolicy = "rescale_within_level1"\n')
    card = score_form(form(ind("≥10", "10", "30.00", "30.00"),
                           ind("≥10", "10", "20.00", "20.00", level1="效益指标"),
                           ind("不适用", "不适用", "10.00", "0.00", name="不适用",
                               level1="效益指标"),
                           ind("≥10", "10", None, "5.00", level1="效益指标")), profile)
    assert "分值调整" not in dict(card.rows[0].computed.explanation.inputs)
    assert card.rows[0].computed.value == D("30.00")
    assert card.rows[1].computed.value == D("30.00")   # 20 × 30 / 20
    assert card.rows[3].computed.value is None and card.rows[3].status is RowStatus.NOT_SCORED


def test_a_formula_shows_more_than_two_decimals_when_printed_so() -> None:
    """An actual of 80.125 is shown as 80.125 in the formula, not rounded to 80.13 (the score
    is rounded, the inputs are not)."""
    r = row(ind("≥100", "80.125", "10.00"), NATIONAL)
    assert r.computed.explanation.formula == "10.00 × 80.125 / 100.00 = 8.01"


def test_rescale_with_nothing_to_spread_over(tmp_path: Path) -> None:
    """A 满意度指标 block whose only applicable row carries 0 points beside a 5-point 不适用
    row: there is nothing to spread the 5 points over, so the weights stay as printed (no
    division by the 0 applicable points)."""
    profile = overlay(tmp_path, '[not_applicable]\npolicy = "rescale_within_level1"\n')
    card = score_form(form(ind("不适用", "不适用", "5.00", "0.00", name="不适用",
                               level1="满意度指标"),
                           ind("≥90%", "95%", "0.00", "0.00", level1="满意度指标")), profile)
    assert card.rows[1].computed.value == D("0.00")
    assert "分值调整" not in dict(card.rows[1].computed.explanation.inputs)


def test_a_profiles_own_not_applicable_word_in_the_target(tmp_path: Path) -> None:
    """A profile that adds 无此项 to its 不适用 words reads a target printed 无此项 (0 分值,
    0 得分) as 不适用, like its actual or name: targets are read with the profile's words."""
    profile = overlay(tmp_path, '[not_applicable]\nwords = ["不适用", "不涉及", "无此项"]\n',
                      extends="national-2020")
    r = row(ind("无此项", "0(次)", "0.00", "0.00", name="会议次数"), profile)
    assert r.status is RowStatus.NOT_APPLICABLE and r.counted_score is None
    assert row(ind("无此项", "0(次)", "0.00", "0.00", name="会议次数"), NATIONAL).status \
        is not RowStatus.NOT_APPLICABLE
