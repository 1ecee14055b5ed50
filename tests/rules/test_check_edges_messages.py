"""Every check's findings in full, as a reviewer reads them: severity, the field the finding points
at, and the whole Chinese message — for every branch of every message (which funds column, which
header field, which level is unknown or misplaced, which direction rule, which kind of mismatch).

Each form varies the clean base form (test_checks_base.BASE) in one place, so the finding is
the one the change causes; the expected text is what the check's documentation promises."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

import pytest

from jixiao.core.findings import Severity
from jixiao.core.model import Form, Goals, Indicator, Total
from jixiao.rules.profile import Profile
from tests.rules.test_checks_base import (
    BASE,
    BASE_INDICATORS,
    of_code,
    profile,
    with_funds,
    with_funds_row,
    with_row,
    with_rows,
)
from tests.rules.test_checks_plausibility import _all_equal, _high_total_low_rate, _qualitative
from tests.rules.test_checks_reasons import _DOCKED, low_execution, strict_profile

E, W, N = Severity.ERROR, Severity.WARNING, Severity.INFO  # N: info (a note)
_COST = Indicator("产出指标", "成本指标", "人均培训成本", "≥500(元)", "480(元)", "5.00", "5.00")

#: (id, form, code, profile or None, [(severity, path, message), …] in the order reported)
CASES: list[tuple[str, Callable[[], Form], str, Callable[[], Profile] | None,
                  list[tuple[Severity, str, str]]]] = [
    # -- arithmetic --------------------------------------------------------------------
    ("JX101-two-columns", lambda: with_funds_row(0, initial="99.00", executed="96.00"), "JX101",
     None, [(E, "funds.rows[0].initial", "资金年初预算数：年度资金总额 99.00 ≠ 各分项之和 100.00"),
            (E, "funds.rows[0].executed",
             "资金全年执行数：年度资金总额 96.00 ≠ 各分项之和 95.00")]),
    ("JX102-item", lambda: with_funds(rate="96"), "JX102", None,
     [(E, "funds.rate",
       "年度资金总额执行率 「96」 ≠ 全年执行数 95.00 / 全年预算数 100.00 = 95.00%")]),
    ("JX102-row", lambda: with_funds_row(1, rate="96.00"), "JX102", None,
     [(E, "funds.rows[1].rate",
       "当年财政拨款执行率 「96.00」 ≠ 全年执行数 76.00 / 全年预算数 80.00 = 95.00%")]),
    ("JX103", lambda: with_funds(score="9.00"), "JX103", None,
     [(E, "funds.score", "执行率得分 「9.00」 与计算值 9.50 不符：10.00 × 95.00% = 9.50"
       "（规则 execution.linear_capped；依据 财政部《项目支出绩效评价管理办法》"
       "（财预〔2020〕10号））")]),
    ("JX104", lambda: with_funds_row(1, executed="81.00"), "JX104", None,
     [(W, "funds.rows[1].executed", "当年财政拨款全年执行数 81.00 大于全年预算数 80.00")]),
    ("JX105-row", lambda: with_row(1, score="15.02"), "JX105", None,
     [(E, "indicators[1].score", "指标「培训合格率」得分 15.02 超过分值 15.00")]),
    ("JX105-funds", lambda: with_funds(score="11.00"), "JX105", None,
     [(E, "funds.score", "执行率得分 11.00 超过分值 10.00")]),
    ("JX106-printed", lambda: replace(BASE, total=Total("90.00", "99.50")), "JX106", None,
     [(E, "total.weight", "分值合计 100.00（执行率 10.00 + 指标 90.00）与所印总分值 90.00 不符")]),
    ("JX106-hundred", lambda: replace(with_row(0, weight="21.00"), total=Total(None, "99.50")),
     "JX106", None,
     [(E, "total.weight", "分值合计 101.00（执行率 10.00 + 指标 91.00）不等于 100.00")]),
    ("JX107", lambda: replace(BASE, total=Total("100.00", "98.00")), "JX107", None,
     [(E, "total.score", "总分 98.00 ≠ 执行率得分 9.50 + 指标得分 90.00 = 99.50")]),
    ("JX108", lambda: replace(BASE, grade="良"), "JX108", None,
     [(E, "grade", "评分等级「良」与总分 99.50 所在等级「优」不符")]),
    ("JX109", lambda: with_funds_row(2, executed="-5.00"), "JX109", None,
     [(E, "funds.rows[2].executed", "资金全年执行数：上年结转资金 -5.00 为负数")]),
    # -- structure ---------------------------------------------------------------------
    ("JX201-all", lambda: replace(BASE, project_name=" ", department=None, implementing_unit="",
                                  year=None), "JX201", None,
     [(W, "year", "表头缺少年度"), (W, "project_name", "表头缺少项目名称"),
      (W, "department", "表头缺少主管部门"), (W, "implementing_unit", "表头缺少实施单位")]),
    ("JX202", lambda: with_row(0, level1="产量指标"), "JX202", None,
     [(W, "indicators[0].level1", "指标「举办培训场次」的一级指标「产量指标」不在规则结构中"
                                  "（应为 产出指标、效益指标、满意度指标、成本指标）")]),
    ("JX203-misplaced", lambda: with_row(0, level2="经济效益指标"), "JX203", None,
     [(W, "indicators[0].level2",
       "指标「举办培训场次」的二级指标「经济效益指标」应属于「效益指标」，却列在「产出指标」下")]),
    ("JX203-unknown", lambda: with_row(0, level2="数目指标"), "JX203", None,
     [(W, "indicators[0].level2",
       "指标「举办培训场次」的二级指标「数目指标」不在「产出指标」的规则结构中")]),
    ("JX204-empty", lambda: with_rows([]), "JX204", None,
     [(W, "indicators", "自评表没有任何绩效指标")]),
    ("JX204-missing", lambda: with_rows(BASE_INDICATORS[:4]), "JX204", None,
     [(W, "indicators", "缺少一级指标「满意度指标」")]),
    ("JX205-placeholder", lambda: with_row(0, target=" * "), "JX205", None,
     [(E, "indicators[0].target", "指标「举办培训场次」年度指标值为空（填写为「 * 」）")]),
    ("JX205-blank", lambda: with_row(0, target="  "), "JX205", None,
     [(E, "indicators[0].target", "指标「举办培训场次」年度指标值为空")]),
    ("JX206", lambda: with_row(0, actual="/"), "JX206", None,
     [(E, "indicators[0].actual", "指标「举办培训场次」实际完成值为空（填写为「/」）")]),
    ("JX207-funds-weight", lambda: with_funds(weight=None), "JX207", None,
     [(E, "funds.weight", "执行率分值缺失")]),
    ("JX207-funds-score", lambda: with_funds(score=None), "JX207", None,
     [(E, "funds.score", "执行率得分缺失")]),
    ("JX207-row-weight", lambda: with_row(0, weight=None, score=None), "JX207", None,
     [(E, "indicators[0].weight", "指标「举办培训场次」分值缺失")]),
    ("JX207-row-score", lambda: with_row(0, score=None), "JX207", None,
     [(E, "indicators[0].score", "指标「举办培训场次」得分缺失")]),
    ("JX207-total", lambda: replace(BASE, total=Total("100.00", None)), "JX207", None,
     [(E, "total.score", "总分缺失（总分行只有分值合计 100.00）")]),
    ("JX207-total-bare", lambda: replace(BASE, total=Total(None, None)), "JX207", None,
     [(E, "total.score", "总分缺失")]),
    ("JX208", lambda: with_row(0, weight="0.00", score="0.00"), "JX208", None,
     [(W, "indicators[0].weight", "指标「举办培训场次」分值为 0.00，但并非不适用指标")]),
    ("JX209-empty", lambda: replace(BASE, goals=Goals(None, " ")), "JX209", None,
     [(W, "goals.expected", "年度总体目标的预期目标为空"),
      (W, "goals.actual", "年度总体目标的实际完成情况为空")]),
    ("JX209-template", lambda: replace(BASE, goals=Goals("（100字以内）", "对照年度目标填写")),
     "JX209", None,
     [(W, "goals.expected", "年度总体目标的预期目标是模板说明文字：「（100字以内）」"),
      (W, "goals.actual", "年度总体目标的实际完成情况是模板说明文字：「对照年度目标填写」")]),
    ("JX210", lambda: with_rows([*BASE_INDICATORS, BASE_INDICATORS[0]]), "JX210", None,
     [(W, "indicators[5].name",
       "指标「举办培训场次」（第6行）与第1行重复：名称和年度指标值「≥20(场)」相同")]),
    ("JX211", lambda: with_rows([*BASE_INDICATORS,
                                 replace(BASE_INDICATORS[0], target="≥21(场)")]), "JX211", None,
     [(W, "indicators[5].name", "指标「举办培训场次」（第6行）与第1行同名，"
                                "年度指标值不同：「≥20(场)」 / 「≥21(场)」")]),
    ("JX212-level1", lambda: with_rows([*BASE_INDICATORS, BASE_INDICATORS[1]]), "JX212", None,
     [(W, "indicators[5].level1", "一级指标「产出指标」在第6行再次出现，分组被其他指标隔开")]),
    ("JX212-level2", lambda: with_rows([BASE_INDICATORS[0], BASE_INDICATORS[1],
                                        replace(BASE_INDICATORS[2], level2="数量指标"),
                                        *BASE_INDICATORS[3:]]), "JX212", None,
     [(W, "indicators[2].level2",
       "二级指标「产出指标/数量指标」在第3行再次出现，分组被其他指标隔开")]),
    ("JX213", lambda: with_row(0, weight="25.00", score="25.00"), "JX213", None,
     [(N, "indicators", "一级指标权重与规则默认值不同：产出指标 55.00（默认 50.00）")]),
    # -- meaning -----------------------------------------------------------------------
    ("JX301-risk", lambda: with_row(1, name="重大事故率", target="≥0.00(起)",
                                    actual="0.00(起)"), "JX301", None,
     [(W, "indicators[1].target", "指标「重大事故率」年度指标值「≥0.00(起)」方向错误："
                                  "事故类（风险类）指标应为 ≤ 或 =0")]),
    ("JX301-positive", lambda: with_row(1, target="≤90.00(%)", actual="85.00(%)"), "JX301", None,
     [(W, "indicators[1].target", "指标「培训合格率」年度指标值「≤90.00(%)」方向错误："
                                  "满意度、合格率类指标应为 ≥")]),
    ("JX301-cost", lambda: with_rows([*BASE_INDICATORS, _COST]), "JX301", None,
     [(W, "indicators[5].target", "指标「人均培训成本」年度指标值「≥500(元)」方向错误："
                                  "成本指标应为 ≤")]),
    ("JX302-lt", lambda: with_row(0, target="<20(场)", actual="20(场)"), "JX302", None,
     [(W, "indicators[0].target", "指标「举办培训场次」年度指标值「<20(场)」是产出数量，"
                                  "却用了「<」：数量指标应为 ≥")]),
    ("JX303", lambda: with_row(1, target="≥0.00(%)"), "JX303", None,
     [(W, "indicators[1].target", "指标「培训合格率」年度指标值「≥0.00(%)」恒能达成，"
                                  "指标没有约束力")]),
    ("JX304", lambda: with_row(1, target="≥110.00(%)"), "JX304", None,
     [(W, "indicators[1].target", "指标「培训合格率」年度指标值「≥110.00(%)」超过 100%")]),
    ("JX305", lambda: with_row(3, actual="1050(人)"), "JX305", None,
     [(W, "indicators[3].actual", "指标「学员技能提升人次」年度指标值「≥1000(人次)」单位「人次」"
                                  "与实际完成值「1050(人)」单位「人」不一致")]),
    ("JX306-tier-target", lambda: with_row(2, target="达成年度指标"), "JX306", None,
     [(W, "indicators[2].target", "指标「培训按期完成」年度指标值「达成年度指标」写成了评价档次，"
                                  "应写明要达到的指标值")]),
    ("JX306-text-actual", lambda: with_row(0, actual="达成年度指标"), "JX306", None,
     [(W, "indicators[0].actual", "指标「举办培训场次」年度指标值「≥20(场)」是数值，"
                                  "实际完成值「达成年度指标」却是文字或档次，无法按公式计分")]),
    ("JX306-number-with-unit", lambda: with_row(2, actual="100%"), "JX306", None,
     [(W, "indicators[2].actual", "指标「培训按期完成」年度指标值「按期完成」是文字，"
                                  "实际完成值「100%」却是数值（单位「%」），单位与类型不一致")]),
    ("JX306-bare-number", lambda: with_row(2, actual="100"), "JX306", None,
     [(W, "indicators[2].actual", "指标「培训按期完成」年度指标值「按期完成」是文字，"
                                  "实际完成值「100」却是数值，单位与类型不一致")]),
    ("JX307", lambda: with_row(0, name="举办培训不多于10场"), "JX307", None,
     [(W, "indicators[0].target", "指标「举办培训不多于10场」年度指标值「≥20(场)」与名称矛盾："
                                  "名称写「不多于10场」（上限），指标值却用了「≥」")]),
    ("JX308", lambda: with_row(0, name="20场"), "JX308", None,
     [(W, "indicators[0].name", "指标名称「20场」只是一个数值，没有说明考核内容")]),
    ("JX309", lambda: with_row(2, target="人"), "JX309", None,
     [(E, "indicators[2].target", "指标「培训按期完成」年度指标值「人」只有单位，没有数值或标准")]),
    ("JX310", lambda: with_row(2, target="顺利进行"), "JX310", None,
     [(N, "indicators[2].target", "指标「培训按期完成」年度指标值「顺利进行」用词笼统，"
                                  "无法衡量完成程度")]),
    ("JX311", lambda: with_row(0, actual="30(场)"), "JX311", None,
     [(W, "indicators[0].actual", "指标「举办培训场次」实际完成值「30(场)」"
                                  "达到年度指标值「≥20(场)」的 1.50 倍（≥ 1.2），"
                                  "指标值可能设定偏低，未说明原因")]),
    ("JX312-name", lambda: with_row(3, name="不适用"), "JX312", None,
     [(W, "indicators[3].weight", "指标「不适用」标明不适用，分值却为 30.00")]),
    ("JX312-target", lambda: with_row(3, target="不适用", actual="不适用"), "JX312", None,
     [(W, "indicators[3].weight", "指标「学员技能提升人次」标明不适用，分值却为 30.00")]),
    ("JX313", lambda: with_rows([*BASE_INDICATORS, replace(
        _COST, name="生均补助标准达标率", target="=100(%)", actual="100(%)")]), "JX313", None,
     [(W, "indicators[5].target", "指标「生均补助标准达标率」列在成本指标下，"
                                  "年度指标值「=100(%)」却是比率，不是成本金额")]),
    ("JX314", lambda: with_row(0, name="慰问伤残军人50人;烈士家庭6户;驻保部队8家;老兵3名",
                               target="100%", actual="100%"), "JX314", None,
     [(W, "indicators[0].target",
       "指标「慰问伤残军人50人;烈士家庭6户;驻保部队8家;老兵3名」名称列出了 4 项数量"
       "（50人、6户、8家…），年度指标值却只写「100%」")]),
    # -- reasons -----------------------------------------------------------------------
    ("JX401-none", lambda: with_row(1, actual="85.00(%)", score="14.17"), "JX401", None,
     [(E, "indicators[1].note", "指标「培训合格率」得分 14.17 低于分值 15.00（计算得分 14.17），"
                                "未填写偏差原因")]),
    ("JX401-boilerplate", lambda: with_row(1, actual="85.00(%)", score="14.17", note="无"),
     "JX401", None,
     [(E, "indicators[1].note", "指标「培训合格率」得分 14.17 低于分值 15.00（计算得分 14.17），"
                                "偏差原因「无」只是套话")]),
    ("JX402", low_execution, "JX402", None,
     [(W, "funds.rate", "预算执行率 80.00% 低于 90.00%，表中没有说明资金未执行的原因")]),
    ("JX402-required", low_execution, "JX402", lambda: profile("sichuan-2023"),
     [(E, "funds.rate", "预算执行率 80.00% 低于 90.00%，表中没有说明资金未执行的原因")]),
    ("JX403", lambda: with_row(0, note="部分学员缺席培训，另有若干学员因故请假未能参加全部课程。"),
     "JX403", None,
     [(N, "indicators[0].note", "指标「举办培训场次」得分等于分值 20.00，却填写了偏差原因"
                                "「部分学员缺席培训，另有若干学员因故请假未能参加全…」")]),
    ("JX404", lambda: with_row(1, actual="81.00(%)"), "JX404", None,
     [(E, "indicators[1].score", "指标「培训合格率」自评得分 15.00 高于计算得分 13.50："
                                 "15.00 × 81.00 / 90.00 = 13.50（规则 quantitative.positive；"
                                 "依据 财政部《项目支出绩效评价管理办法》（财预〔2020〕10号））")]),
    ("JX405", lambda: with_row(2, actual="部分达成年度指标并具有一定效果"), "JX405", None,
     [(E, "indicators[2].score", "指标「培训按期完成」实际完成值「部分达成年度指标并具有一定效果」"
                                 "的得分区间为 [9.00, 12.00]，自评得分 15.00 超出区间")]),
    ("JX406", lambda: with_row(4, **_DOCKED), "JX406", strict_profile,
     [(E, "indicators[4].score", "指标「学员满意度」自评得分 8.00 低于计算得分 10.00，"
                                 "本规则不认可写明原因的扣分"
                                 "（偏差原因「未留存满意度资料，建议加强资料存档管理。」）")]),
    ("JX407", lambda: with_row(2, note="指标值修改为“及时”，以此进行考核，"
                                       "原指标值不再适用于本年度。"),
     "JX407", None,
     [(E, "indicators[2].note", "指标「培训按期完成」的偏差原因称自评时修改了指标："
                                "「指标值修改为“及时”，以此进行考核，原指标值不再适用于本年度…」")]),
    ("JX408", lambda: with_row(4, **_DOCKED), "JX408", None,
     [(N, "indicators[4].score", "指标「学员满意度」自评得分 8.00（计算得分 10.00），"
                                 "扣分说明「未留存满意度资料，建议加强资料存档管理。」")]),
    # -- plausibility ------------------------------------------------------------------
    ("JX501", _all_equal, "JX501", None,
     [(N, "indicators", "全部 4 个定量指标的实际完成值都恰好等于年度指标值")]),
    ("JX502", lambda: with_row(4, actual="90.00(%)"), "JX502", None,
     [(N, "indicators[4].actual", "指标「学员满意度」实际完成值 90.00(%) "
                                  "恰好等于目标门槛 ≥90.00(%)")]),
    ("JX503", _qualitative, "JX503", None,
     [(N, "indicators", "全部 3 个定性指标都评为达成并得满分")]),
    ("JX504-same", lambda: replace(BASE, goals=Goals(BASE.goals.expected, BASE.goals.expected)),
     "JX504", None, [(W, "goals.actual", "实际完成情况与预期目标完全相同，未写明实际完成了什么")]),
    ("JX505", _high_total_low_rate, "JX505", None,
     [(W, "total.score", "总分 98.50 不低于 95.00，而预算执行率仅 85.00%")]),
]


@pytest.mark.parametrize(("form", "code", "prof", "expected"),
                         [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_findings_in_full(form: Callable[[], Form], code: str,
                          prof: Callable[[], Profile] | None,
                          expected: list[tuple[Severity, str, str]]) -> None:
    found = of_code(form(), code, prof() if prof else "national-2020")
    assert [(f.severity, f.path, f.message) for f in found] == expected


def test_only_low_execution_carries_a_hint() -> None:
    [hit] = of_code(low_execution(), "JX402")
    assert hit.hint == "在实际完成情况或偏差原因中写明未执行的原因（如结余、延期支付）"
    for _, form, code, prof, _ in CASES:
        if code != "JX402":
            assert all(f.hint is None for f in of_code(form(), code,
                                                       prof() if prof else "national-2020"))


def test_every_check_has_its_message_pinned_here() -> None:
    from jixiao.rules.checks import catalogue

    pinned = {case[2] for case in CASES}
    assert {spec.code for spec in catalogue() if spec.code != "JX901"} <= pinned


def test_no_varied_form_makes_a_check_fail() -> None:
    # a check that raises becomes JX901 and reports nothing: the cases above must not
    for _, form, _, prof, _ in CASES:
        assert not of_code(form(), "JX901", prof() if prof else "national-2020")


#: Cases whose finding depends on the row's name (a risk or positive word, a bound or count in
#: the name, the name itself as the value, a repeated name).
_NAMED = {"JX301-risk", "JX301-positive", "JX307", "JX308", "JX312-name", "JX314", "JX210",
          "JX211"}
_ROW = re.compile(r"^indicators\[(\d+)\]\.")


@pytest.mark.parametrize(("form", "code", "prof", "expected"),
                         [case[1:] for case in CASES if case[0] not in _NAMED
                          and all(_ROW.match(path) for _, path, _ in case[4])],
                         ids=[case[0] for case in CASES if case[0] not in _NAMED
                              and all(_ROW.match(path) for _, path, _ in case[4])])
def test_a_row_without_a_name_is_named_by_its_line(
        form: Callable[[], Form], code: str, prof: Callable[[], Profile] | None,
        expected: list[tuple[Severity, str, str]]) -> None:
    printed = form()
    rows = list(printed.indicators)
    renamed = []
    for severity, path, message in expected:
        index = int(_ROW.match(path).group(1))  # type: ignore[union-attr]
        old = f"指标「{rows[index].name}」"
        if message.startswith(old):  # (JX212 names the group, not the row)
            message = f"第{index + 1}行指标" + message[len(old):]
        renamed.append((severity, path, message))
        rows[index] = replace(rows[index], name=None)
    found = of_code(replace(printed, indicators=tuple(rows)), code,
                    prof() if prof else "national-2020")
    assert [(f.severity, f.path, f.message) for f in found] == renamed
