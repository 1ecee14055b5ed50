"""Checks that walk the rows keep walking: a row skipped for a good reason (no budget, an allowed
cap, a text target, a covered deduction, a nameless row …) does not end the walk, and the row
reported after it is the one a reviewer expects; plus the blank cells that must not be read as
anything (no grade, a target without operator)."""

from __future__ import annotations

from dataclasses import replace

from jixiao.core.model import FundsRow, Indicator
from tests.rules.test_checks_base import (
    BASE,
    BASE_INDICATORS,
    findings,
    of_code,
    with_funds,
    with_row,
    with_rows,
)
from tests.rules.test_checks_reasons import _DOCKED, strict_profile


def test_no_grade_printed_is_not_a_wrong_grade() -> None:
    assert not of_code(replace(BASE, grade=None), "JX108")
    assert not of_code(replace(BASE, grade="  "), "JX108")


def test_overspend_after_a_row_without_budget() -> None:
    rows = (FundsRow("total", "100.00", "", "95.00", "95.00"),
            FundsRow("fiscal", "80.00", "80.00", "81.00", "101.25"))
    assert [f.path for f in of_code(with_funds(rows=rows), "JX104")] == \
        ["funds.rows[1].executed"]


def _count(name: str, target: str) -> Indicator:
    return Indicator("产出指标", "数量指标", name, target, target.lstrip("≤<≥"), "4.00", "4.00")


def test_capped_count_after_every_allowed_cap() -> None:
    rows = [_count("举办培训场次", "≥20(场)"),          # not a cap
            _count("会期天数", "≤3(天)"),                # a duration
            _count("培训事故次数", "≤2(次)"),            # a risk
            _count("培训费用支出笔数", "≤5(笔)"),        # a cost
            _count("培训班次控制在10期以内", "≤10(期)"),  # a cap in the name
            _count("发放教材册数", "≤200(册)")]
    found = of_code(with_rows([*rows, *BASE_INDICATORS[1:]]), "JX302")
    assert [f.path for f in found] == ["indicators[5].target"]


def test_a_capped_quantity_outside_the_count_level_is_not_a_count() -> None:
    assert not of_code(with_row(1, name="培训教室数", target="≤5(间)", actual="5(间)"), "JX302")


def test_degenerate_target_after_a_text_target() -> None:
    assert [f.path for f in of_code(with_row(3, target="≥0(人次)"), "JX303")] == \
        ["indicators[3].target"]


def test_a_name_bound_over_a_target_without_operator() -> None:
    form = with_row(0, name="举办培训不少于10场", target="20(场)")
    assert not of_code(form, "JX307") and not of_code(form, "JX901")


def test_a_name_bound_without_a_unit() -> None:
    [hit] = of_code(with_row(3, name="参训人数不少于1100", target="≥1000(人次)"), "JX307")
    assert hit.message.endswith("名称写「不少于1100」，指标值 1000.00 低于名称所述下限")


def test_unexplained_deduction_after_one_already_reported() -> None:
    # row 2: printed 12.00 under a computed 15.00 with no note — JX401's, not JX406's
    form = with_row(4, **_DOCKED, form=with_row(1, score="12.00"))
    assert [f.path for f in of_code(form, "JX406", strict_profile())] == ["indicators[4].score"]
    assert [f.path for f in of_code(form, "JX401", strict_profile())] == ["indicators[1].note"]


def test_note_on_full_marks_after_an_overcompleted_row() -> None:
    form = with_row(1, note="部分学员缺席培训。",
                    form=with_row(0, actual="30(场)", note="因需求增加追加培训。"))
    assert [f.path for f in of_code(form, "JX403")] == ["indicators[1].note"]


def test_same_name_after_a_nameless_row() -> None:
    rows = [replace(BASE_INDICATORS[2], name=None), *BASE_INDICATORS,
            replace(BASE_INDICATORS[0], target="≥21(场)")]
    [hit] = of_code(with_rows(rows), "JX211")
    assert hit.message.startswith("指标「举办培训场次」（第7行）与第2行同名")


def test_an_unknown_level1_is_summed_over_its_level2s() -> None:
    rows = [replace(BASE_INDICATORS[0], level1="产量指标", level2="数量指标"),
            replace(BASE_INDICATORS[1], level1="产量指标", level2="质量指标"), *BASE_INDICATORS[2:]]
    [hit] = of_code(with_rows(rows), "JX213")
    assert hit.message == ("一级指标权重与规则默认值不同：产出指标 15.00（默认 50.00），"
                           "产量指标 35.00（默认 无）")


def test_level1_weights_named_as_the_profile_names_them() -> None:
    rows = [replace(r, level1="产出") if r.level1 == "产出指标" else r for r in BASE_INDICATORS]
    rows[0] = replace(rows[0], weight="25.00", score="25.00")
    [hit] = of_code(with_rows(rows), "JX213")
    assert hit.message == "一级指标权重与规则默认值不同：产出指标 55.00（默认 50.00）"


def test_a_one_point_row_is_not_a_zero_weight() -> None:
    assert not of_code(with_row(0, weight="1.00", score="1.00"), "JX208")


def test_full_marks_check_reads_a_missing_score_without_failing() -> None:
    rows = [BASE_INDICATORS[0],
            *(Indicator("产出指标", "质量指标", f"培训质量{i}", "合格", "达成年度指标", "10.00",
                        None if i == 1 else "10.00") for i in range(1, 4))]
    assert not of_code(with_rows(rows), "JX503")
    assert not of_code(with_rows(rows), "JX901")
    assert "JX901" not in {f.code for f in findings(with_rows(rows))}


def test_overcompletion_after_every_row_it_passes_over() -> None:
    rows = [replace(BASE_INDICATORS[0], target="≥0(场)"),                      # target 0
            replace(BASE_INDICATORS[1], name="教学差错率", target="≤2.00(%)",
                    actual="1.00(%)"),                                        # a cap
            replace(BASE_INDICATORS[0], name="举办讲座场次", actual="30(场)",
                    note="应学员要求加开讲座。"),                              # explained
            BASE_INDICATORS[2],                                               # a text target
            replace(BASE_INDICATORS[3], actual="1250(人次)"), BASE_INDICATORS[4]]
    assert [f.path for f in of_code(with_rows(rows), "JX311")] == ["indicators[4].actual"]


def test_overcompletion_of_a_target_of_one() -> None:
    [hit] = of_code(with_row(0, name="召开总结会", target="≥1(次)", actual="2(次)"), "JX311")
    assert "的 2.00 倍（≥ 1.2）" in hit.message


def test_not_applicable_row_with_one_point_after_a_zero_weight_row() -> None:
    form = with_row(3, name="不适用", weight="1.00", form=with_row(0, weight="0.00", score="0.00"))
    [hit] = of_code(form, "JX312")
    assert hit.message == "指标「不适用」标明不适用，分值却为 1.00"


def test_a_rate_named_under_cost_even_in_money() -> None:
    cost = Indicator("产出指标", "成本指标", "人均成本控制率", "≤500(元)", "480(元)", "5.00",
                     "5.00")
    assert of_code(with_rows([*BASE_INDICATORS, cost]), "JX313")


def test_counts_named_over_a_percentage_after_other_rows() -> None:
    form = with_row(3, name="慰问伤残军人50人;烈士家庭6户", target="100%", actual="100%")
    assert [f.path for f in of_code(form, "JX314")] == ["indicators[3].target"]


def test_capped_count_after_a_row_of_another_level() -> None:
    form = with_rows([BASE_INDICATORS[1], _count("发放教材册数", "≤200(册)"), *BASE_INDICATORS[2:]])
    assert [f.path for f in of_code(form, "JX302")] == ["indicators[1].target"]
