"""The PDF-text (line layout) reader against the seed forms and hand-made variants."""

from __future__ import annotations

import json
import os

import pytest

from jixiao.core.form_json import form_to_dict
from jixiao.readers.text_lines import read_lines, resolve_levels, split_forms, to_lines
from tests.conftest import SEED_GOLDEN


def test_seed_reads_field_for_field_as_golden(seed_text: str, seed_golden: list[dict]) -> None:
    forms = [form_to_dict(r.form) for r in read_lines(seed_text, filename="seed.txt")]
    if os.environ.get("JIXIAO_UPDATE_GOLDEN"):
        SEED_GOLDEN.write_text(json.dumps(forms, ensure_ascii=False, indent=1), encoding="utf-8")
    assert len(forms) == 4
    for got, want in zip(forms, seed_golden, strict=True):
        assert {k: v for k, v in got.items() if k != "indicators"} == \
            {k: v for k, v in want.items() if k != "indicators"}
        assert len(got["indicators"]) == len(want["indicators"]), want["project_name"]
        for i, (g, w) in enumerate(zip(got["indicators"], want["indicators"], strict=True)):
            assert g == w, f"{want['project_name']} indicators[{i}]"


def test_seed_import_findings_are_only_the_enumerator_gap(seed_text: str) -> None:
    findings = [f for r in read_lines(seed_text) for f in r.findings]
    # form 3 numbers its 可持续影响指标 rows 1, 2, 3, 5, 6: 指标 4 is missing on the print
    assert [(f.code, f.form) for f in findings] == [("JX037", "科技社团能力提升及港澳台科技交流")]
    assert "「指标 3」之后是「指标 5」" in findings[0].message


def test_consecutive_enumerators_are_not_a_gap(seed_text: str) -> None:
    text = seed_text.replace("指标 5：参与 2024年港澳台大学", "指标 4：参与 2024年港澳台大学")
    text = text.replace("指标 6：第 32届海峡两岸都市交", "指标 5：第 32届海峡两岸都市交")
    assert [f for r in read_lines(text) for f in r.findings] == []


def test_seed_provenance_points_at_the_printed_line(seed_text: str) -> None:
    first = read_lines(seed_text, filename="seed.txt")[0]
    lines = seed_text.splitlines()
    src = first.sources["indicators[0].target"]
    assert src.file == "seed.txt"
    assert "≥95.00(%)" in lines[src.line - 1]
    assert "项目名称" in lines[first.sources["project_name"].line - 1]


@pytest.mark.parametrize(("buffer", "expected"), [
    ("效益指标社会效益指标", ("效益指标", "社会效益指标", "")),
    ("成本指标经济成本指标", ("成本指标", "经济成本指标", "")),
    ("满意度指标服务对象满意度指标", ("满意度指标", "服务对象满意度指标", "")),
    ("时效指标", (None, "时效指标", "")),
    ("质量", (None, "质量指标", "指标")),
    ("满意度指标服务对象满意", ("满意度指标", "服务对象满意度指标", "度指标")),
])
def test_caption_fragments_resolve_to_levels(buffer: str, expected: tuple) -> None:
    assert resolve_levels(buffer) == expected


SYNTHETIC = """\
项目支出绩效自评表
（2023年度）
项目名称 社区养老服务补贴
主管部门 某区民政局 实施单位 某区养老服务
指导中心
项目资金
（元）
年初预算数 全年预算数 全年执行数 分值 执行率 得分
年度资金总额 500000.00 480000.00 432000.00 10 90.00% 9.00
其中：当年财政拨款 500000.00 480000.00 432000.00 — 90.00% —
上年结转资金 0.00 0.00 0.00 — — —
其他资金 0.00 0.00 0.00 — — —
年度总体目标
预期目标 实际完成情况
为辖区 80岁以上老人发放养老服务补贴，提高老年人生活质量。
本年度已为 1200名老人发放补贴，发放准确率 100%。
一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施
产出指标 数量指标 补贴发放人数 ≥1200人 1200人 20 20
质量指标 补贴发放准确率 =100% 100% 15 15
时效指标 补贴发放及时率 ≥95% 90% 15 14.21 个别街道
上报延迟，下年度提前
汇总
效益指标 社会效益指标 老年人生活质量
改善情况 有效改善 达成年度指标 30 28 缺少入户回访记录
满意度指标 服务对象满意度指标 老人满意度 ≥90% 92% 10 10
总分 100 96.21
评分等级 优
"""


def test_a_form_on_fewer_lines_in_yuan() -> None:
    (result,) = read_lines(SYNTHETIC, filename="x.txt")
    form = result.form
    assert form.year == 2023
    assert form.project_name == "社区养老服务补贴"
    assert form.implementing_unit == "某区养老服务指导中心"
    assert form.funds.unit == "元"
    assert form.funds.rate == "90.00%" and form.funds.score == "9.00"
    assert [r.source for r in form.funds.rows] == ["total", "fiscal", "carryover", "other"]
    assert form.goals.expected.startswith("为辖区80岁以上老人")
    assert form.goals.actual.startswith("本年度已为1200名老人")
    names = [i.name for i in form.indicators]
    assert names == ["补贴发放人数", "补贴发放准确率", "补贴发放及时率", "老年人生活质量改善情况",
                     "老人满意度"]
    timely = form.indicators[2]
    assert (timely.level1, timely.level2) == ("产出指标", "时效指标")
    assert timely.note == "个别街道上报延迟，下年度提前汇总"
    assert form.indicators[3].level2 == "社会效益指标"
    assert form.indicators[3].target == "有效改善"
    assert form.indicators[3].note == "缺少入户回访记录"
    assert form.total.score == "96.21" and form.grade == "优"


def test_several_forms_in_one_file_split_on_titles(seed_text: str) -> None:
    chunks = split_forms(to_lines(seed_text + "\n\n\n" + SYNTHETIC))
    assert len(chunks) == 5


def test_missing_parts_become_import_findings() -> None:
    text = "项目支出绩效自评表\n（2022年度）\n项目名称 只有表头的项目\n主管部门 某局\n"
    (result,) = read_lines(text, filename="cut.txt")
    codes = {f.code for f in result.findings}
    assert {"JX002", "JX003", "JX004"} <= codes
    assert all(f.form == "只有表头的项目" for f in result.findings)


def test_a_form_squashed_onto_one_line_reads_like_the_original() -> None:
    squashed = " ".join(line for line in SYNTHETIC.splitlines())
    assert squashed.count("\n") == 0
    (one,) = read_lines(squashed)
    (many,) = read_lines(SYNTHETIC)
    assert form_to_dict(one.form) == form_to_dict(many.form)


_PAGE_ORDER_HEADER = """某县项目支出绩效自评表
（2023年度）
项目名称 社区养老服务补贴
主管部门 某县民政局
年初预算 数 0
项目资金 （万元）
年度资金总额
实施单位 某县养老服务中心 全年预算数 全年执行数 分值 执行率 得分 0 120 10 100% 10 120 —
一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施
产出指标 数量指标 补贴发放人数 ≥1000人 1200人 50 50
总分 60 60
"""


def test_header_cells_page_order_put_among_the_funds_captions() -> None:
    """PDF text in page order (spreadsheet text too) puts a funds caption (`年初预算 数 0`)
    under the 主管部门 and the 实施单位 cell beside the funds table: the department ends
    before the funds caption, and the unit is read up to the next caption."""
    (result,) = read_lines(_PAGE_ORDER_HEADER, filename="x.txt")
    form = result.form
    assert form.department == "某县民政局"
    assert form.implementing_unit == "某县养老服务中心"
    assert result.sources["implementing_unit"].line == 8


def test_a_squashed_line_breaks_before_every_level_name_of_the_vocabulary() -> None:
    from jixiao.readers.text_lines import explode_squashed
    from jixiao.readers.vocabulary import LEVEL1_NAMES, LEVEL2_NAMES

    names = sorted(n for n in {*LEVEL1_NAMES, *LEVEL2_NAMES} if n.endswith("指标"))
    text = "项目名称 某项目 " + " ".join(f"{n} 某指标 {i} 分" for i, n in enumerate(names))
    pieces = explode_squashed(text)
    assert sorted(p.split()[0] for p in pieces[1:]) == names


def test_a_squashed_line_breaks_before_a_spaced_table_caption() -> None:
    from jixiao.readers.text_lines import explode_squashed

    text = ("项目名称 某项目 " + "说明文字 " * 40 + "一级 指标 二级 指标 三级 指标 分值 "
            "产出指标 数量指标 培训人次 10 10")
    assert any(p.startswith("一级 指标 二级") for p in explode_squashed(text))
