"""Meaning checks (JX3xx): direction, degenerate targets, units, names and vague words."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from jixiao.core.model import Indicator
from tests.rules.test_checks_base import (
    BASE,
    BASE_INDICATORS,
    Case,
    of_code,
    profile,
    run_case,
    with_row,
    with_rows,
)

_NOTE = "因学员需求增加，追加培训场次。"
_COST = Indicator("产出指标", "成本指标", "人均培训成本", "≥500(元)", "480(元)", "5.00", "5.00")

CASES = [
    Case("JX301", lambda: with_row(1, name="教学差错率", target="≥2.00(%)", actual="1.00(%)"),
         lambda: with_row(1, name="教学差错率", target="≤2.00(%)", actual="1.00(%)"),
         note="risk"),
    Case("JX301", lambda: with_row(1, target="≤90.00(%)", actual="85.00(%)"),
         lambda: BASE, note="positive"),
    Case("JX301", lambda: with_rows([*BASE_INDICATORS, _COST]),
         lambda: with_rows([*BASE_INDICATORS, replace(_COST, target="≤500(元)")]), note="cost"),
    Case("JX302", lambda: with_row(0, target="≤20(场)", actual="20(场)"),
         lambda: with_row(0, name="培训场次不超过20场", target="≤20(场)", actual="20(场)")),
    Case("JX303", lambda: with_row(1, target="≥0.00(%)"),
         lambda: with_row(1, target="≥0.50(%)"), note="ge0"),
    Case("JX303", lambda: with_row(1, name="培训不合格率", target="≤100(%)", actual="5(%)"),
         lambda: with_row(1, name="培训不合格率", target="≤10(%)", actual="5(%)"),
         note="le100"),
    Case("JX304", lambda: with_row(1, target="≥110.00(%)"),
         lambda: with_row(1, target="=100.00(%)", actual="100.00(%)")),
    Case("JX305", lambda: with_row(3, actual="1050(人)"), lambda: with_row(3, actual="1050")),
    Case("JX306", lambda: with_row(0, actual="达成年度指标"), lambda: BASE,
         note="tier-on-number"),
    Case("JX306", lambda: with_row(2, actual="100%"), lambda: BASE, note="number-on-text"),
    Case("JX307", lambda: with_row(0, name="举办培训不多于10场"),
         lambda: with_row(0, name="举办培训不少于15场")),
    Case("JX308", lambda: with_row(0, name="20场"), lambda: BASE),
    Case("JX309", lambda: with_row(2, target="人"), lambda: BASE),
    Case("JX310", lambda: with_row(2, target="顺利进行"), lambda: BASE),
    Case("JX311", lambda: with_row(0, actual="30(场)"), lambda: with_row(0, actual="30(场)",
                                                                        note=_NOTE)),
    Case("JX313", lambda: with_rows([*BASE_INDICATORS, replace(
        _COST, name="生均补助标准达标率", target="=100(%)", actual="100(%)")]),
         lambda: with_rows([*BASE_INDICATORS, replace(_COST, target="≤500(元)")])),
    Case("JX314", lambda: with_row(0, name="慰问伤残军人50人;烈士家庭6户;驻保部队8家",
                                   target="100%", actual="100%"),
         lambda: with_row(0, name="慰问伤残军人50人", target="100%", actual="100%")),
    Case("JX312", lambda: with_row(3, name="不适用"),
         lambda: with_row(3, name="不适用", target="不适用", actual="不适用", weight="0.00",
                          score="0.00")),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_case(case: Case) -> None:
    run_case(case)


def test_direction_message_names_the_row_and_the_rule() -> None:
    form = with_row(1, name="重大事故率", target="≥0.00(起)", actual="0.00(起)")
    [hit] = of_code(form, "JX301")
    assert hit.message == ("指标「重大事故率」年度指标值「≥0.00(起)」方向错误："
                           "事故类（风险类）指标应为 ≤ 或 =0")
    assert hit.path == "indicators[1].target"
    assert of_code(form, "JX303")


@pytest.mark.parametrize("name", ["投诉处理率", "故障修复率", "事故隐患整改完成率"])
def test_positive_rates_about_risks_are_not_direction_errors(name: str) -> None:
    assert not of_code(with_row(1, name=name), "JX301")


def test_negated_positive_word_is_a_risk_rate() -> None:
    form = with_row(1, name="培训不合格率", target="≤5.00(%)", actual="2.00(%)")
    assert not of_code(form, "JX301")


@pytest.mark.parametrize("target", ["≤20(万元)", "≤20(%)", "≤3(天)"])
def test_money_percent_and_durations_are_not_output_counts(target: str) -> None:
    assert not of_code(with_row(0, target=target, actual=target[1:]), "JX302")


@pytest.mark.parametrize(("name", "target", "flagged"), [
    ("每场秘书长沙龙活动不少于25家学会参加", "≥75.00(家)", False),
    ("组织开展至少3次的秘书长沙龙活动", "≥3.00(次)", False),
    ("组织开展至少3次的秘书长沙龙活动", "≥2.00(次)", True),
    ("初评邀请专家30人以上；终评邀请专家10人以上", "≥40.00(人)", False),
    ("优秀论文奖不多于10人；优秀论文提名奖不多于10人", "≥20.00(人)", True),
    ("优秀论文奖不多于10人；优秀论文提名奖不多于10人", "≤20.00(人)", False),
    ("培训费用不超过5万元", "≤6(万元)", True),
    ("满意度超过85%以上", "≥85.00(%)", False),
    ("年内无群体性事件发生", "小于5次", True),
    ("年内无群体性事件发生", "=0(次)", False),
    ("召开2024年度工作会议", "≥1(次)", False),
])
def test_name_against_target(name: str, target: str, flagged: bool) -> None:
    form = with_row(0, name=name, target=target)
    assert bool(of_code(form, "JX307")) is flagged


def test_name_with_a_qualifier_is_not_only_a_value() -> None:
    assert not of_code(with_row(0, name="100%覆盖"), "JX308")


def test_unit_only_target_on_not_applicable_row_is_ignored() -> None:
    form = with_row(3, name="不适用", target="人", actual="不适用", weight="0.00", score="0.00")
    assert not of_code(form, "JX309")


def test_vague_tier_synonym_is_vague_not_a_type_mismatch() -> None:
    form = with_row(2, target="完成")
    assert of_code(form, "JX310") and not of_code(form, "JX306")


def test_overcompletion_message_gives_the_ratio() -> None:
    [hit] = of_code(with_row(3, actual="2140(人次)"), "JX311")
    assert "2.14 倍" in hit.message and hit.path == "indicators[3].actual"


def test_overcompletion_uses_the_profile_ratio() -> None:
    base = profile()
    strict = replace(base, quantitative=replace(base.quantitative,
                                                overcompletion_ratio=Decimal("2")))
    form = with_row(0, actual="30(场)")  # 1.5 × 20
    assert of_code(form, "JX311", base) and not of_code(form, "JX311", strict)


def test_boilerplate_note_does_not_explain_overcompletion() -> None:
    assert of_code(with_row(0, actual="30(场)", note="无"), "JX311")


def test_reverse_targets_never_overcomplete() -> None:
    form = with_row(1, name="教学差错率", target="≤2.00(%)", actual="0.10(%)")
    assert not of_code(form, "JX311")
