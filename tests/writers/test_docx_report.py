"""The 绩效自评报告 (DOCX): six sections built from the scorecard and findings, and the form."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from docx import Document
from docx.oxml.ns import qn

from jixiao.core.findings import Finding, Severity
from jixiao.core.model import Form, Indicator
from jixiao.core.scorecard import Computed, Explanation, RowScore, RowStatus
from jixiao.writers.docx_report import (
    SECTION_TITLES,
    ReportItem,
    deduction_paragraphs,
    measure_paragraphs,
    problem_paragraphs,
    render_report,
    report_sections,
    report_title,
)
from jixiao.writers.layout import official_layout
from tests.writers.support import all_forms, assert_golden, report_item, seed_forms

REAL = all_forms()


def normalised_docx(data: bytes) -> dict[str, Any]:
    """Paragraphs as `[style, text]` and tables as rows of `[text, gridSpan, vMerge]`."""
    doc = Document(io.BytesIO(data))
    body: list[Any] = []
    for child in doc.element.body.iterchildren():
        if child.tag == qn("w:p"):
            text = "".join(t.text or "" for t in child.iter(qn("w:t")))
            style = child.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
            if text:
                body.append([style.get(qn("w:val")) if style is not None else "Normal", text])
        elif child.tag == qn("w:tbl"):
            body.append({"table": [[_tc(tc) for tc in tr.iter(qn("w:tc"))]
                                   for tr in child.iter(qn("w:tr"))]})
    return {"body": body}


def _tc(tc: Any) -> list[Any]:
    text = "\n".join("".join(t.text or "" for t in p.iter(qn("w:t")))
                     for p in tc.iter(qn("w:p")))
    props = tc.find(qn("w:tcPr"))
    span = props.find(qn("w:gridSpan")) if props is not None else None
    vmerge = props.find(qn("w:vMerge")) if props is not None else None
    return [text, int(span.get(qn("w:val"))) if span is not None else 1,
            (vmerge.get(qn("w:val")) or "continue") if vmerge is not None else None]


def _items() -> list[ReportItem]:
    return [report_item(f) for f in seed_forms()]


def test_seed_report_matches_its_golden_file() -> None:
    """Headings and table grids only: the paragraphs quote the rules' explanations and
    findings, which the rules' own tests pin; the assertions below check how they are used."""
    body = normalised_docx(render_report(_items()))["body"]
    kept = [b for b in body if isinstance(b, dict) or b[0] in ("Title", "Heading1")]
    assert_golden("seed.report.json", {"body": kept})


@pytest.mark.parametrize(("name", "form"), REAL, ids=[n for n, _ in REAL])
def test_every_real_form_gets_a_report_under_every_profile(name: str, form: Form) -> None:
    for profile in ("national-2020", "shanghai-2024", "sichuan-2023"):
        data = render_report([report_item(form, profile)])
        headings = [t for s, t in _paragraphs(data) if s == "Heading1"]
        assert headings[:6] == list(SECTION_TITLES)


def _paragraphs(data: bytes) -> list[tuple[str, str]]:
    return [tuple(p) for p in normalised_docx(data)["body"] if isinstance(p, list)]


def test_report_has_title_sections_and_the_form_table() -> None:
    data = render_report(_items()[:1])
    paragraphs = _paragraphs(data)
    assert paragraphs[0] == ("Title", "科技社团党建工作项目绩效自评报告")
    assert ("Heading1", "附表：财政项目支出绩效自评表") in paragraphs
    (table,) = [b["table"] for b in normalised_docx(data)["body"] if isinstance(b, dict)]
    assert table[0][0] == ["项目名称", 2, None]
    level1 = [row[0] for row in table if row and row[0][0] == "产出指标"]
    assert level1 == [["产出指标", 1, "restart"]]
    continued = [row[0] for row in table if row and row[0][2] == "continue"]
    assert len(continued) >= 7  # the rows the merged 产出指标 cell covers


def test_table_grid_has_every_layout_value() -> None:
    form = seed_forms()[2]
    data = render_report([report_item(form)])
    (table,) = [b["table"] for b in normalised_docx(data)["body"] if isinstance(b, dict)]
    texts = {c[0] for row in table for c in row}
    for cell in official_layout(form).cells:
        if cell.role.value not in ("title", "subtitle"):
            assert cell.text in texts


def test_styles_set_east_asian_fonts() -> None:
    doc = Document(io.BytesIO(render_report(_items()[:1])))
    for name, font in (("Normal", "宋体"), ("Heading 1", "黑体"), ("Title", "黑体")):
        rfonts = doc.styles[name].element.rPr.rFonts
        assert rfonts.get(qn("w:eastAsia")) == font, name
        assert rfonts.get(qn("w:asciiTheme")) is None
    section = doc.sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7


def test_deductions_come_from_the_explanations() -> None:
    item = _items()[2]
    lines = deduction_paragraphs(item.form, item.scorecard)
    assert lines[0].startswith("预算执行率：分值 10.00 分，自评得分 8.04 分，计算得分 8.04 分")
    assert "60.33 / 75.00 × 100 = 80.44%" in lines[0]
    docked = [line for line in lines if line.startswith("（")]
    assert len(docked) == 5
    assert "自评得分 1.00 分，计算得分 2.00 分" in docked[0]
    assert "计算过程：85.00 ≥ 85.00 → 2.00" in docked[0]
    assert "偏差原因分析及改进措施：未留存问卷相关资料" in docked[0]
    assert lines[-1].startswith("不适用指标 2 个")


def test_a_row_below_its_weight_is_explained_even_when_equal() -> None:
    item = _items()[1]  # 健全长效管理机制: 部分达成, 7.00 of 10.00, inside its band
    lines = deduction_paragraphs(item.form, item.scorecard)
    row = next(line for line in lines if "健全长效管理机制" in line)
    assert "自评得分 7.00 分" in row and "定性档次得分区间" in row and "（一致）" in row


def test_unexplained_row_says_so() -> None:
    form = Form(project_name="X", indicators=(Indicator("产出指标", "数量指标", "n", weight="10",
                                                        score="5"),))
    row = RowScore(index=0, kind="quantity", printed_score=Decimal("5.00"),
                   computed=Computed(Decimal("10.00"), Explanation("3 ≥ 3 → 10.00")),
                   status=RowStatus.UNEXPLAINED_DEDUCTION)
    card = report_item(form).scorecard
    card = type(card)(**{**card.__dict__, "rows": (row,)})
    (line,) = deduction_paragraphs(form, card)
    assert "（扣分无说明）" in line and "表中未填写偏差原因。" in line


def test_problems_are_errors_then_warnings_without_info() -> None:
    findings = [
        Finding("JX1", Severity.INFO, "提示内容"),
        Finding("JX2", Severity.WARNING, "警告内容", hint="请补充"),
        Finding("JX3", Severity.ERROR, "错误内容。"),
        Finding("JX4", Severity.ERROR, "错误内容。"),
    ]
    assert problem_paragraphs(findings) == ["1. 错误内容。", "2. 警告内容。"]
    assert problem_paragraphs([]) == ["审核未发现错误或警告类问题。"]
    item = _items()[0]
    measures = measure_paragraphs(item.form, item.scorecard, findings)
    assert measures[-1] == "2. 请补充。"
    assert "未留存满意度资料" in measures[0]


def test_conclusion_compares_printed_and_computed() -> None:
    item = _items()[2]
    conclusion = dict(report_sections(item))["六、自评结论"]
    assert "本项目自评总分 93.04 分，评分等级“优”" in conclusion[0]
    assert "复核计算总分 93.04 分" in conclusion[0]
    assert conclusion[1] == "复核总分与表中总分一致。"


def test_titles() -> None:
    assert report_title(Form(project_name="抚恤金")) == "抚恤金项目绩效自评报告"
    assert report_title(Form(project_name="义务教育项目")) == "义务教育项目绩效自评报告"
    assert report_title(Form(project_name="某局", kind="department")) == \
        "某局部门整体支出绩效自评报告"


def test_several_reports_in_one_document_and_none() -> None:
    data = render_report(_items())
    titles = [t for s, t in _paragraphs(data) if s == "Title"]
    assert len(titles) == 4
    assert _paragraphs(render_report([])) == [("Normal", "（没有可生成报告的自评表）")]
