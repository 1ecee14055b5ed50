"""The DOCX reader: Word tables with merged cells (gridSpan, vMerge), titles in paragraphs."""

from __future__ import annotations

import html
import io
import zipfile
from typing import Any

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import qn

from jixiao.core.form_json import form_to_dict
from jixiao.readers.base import UnreadableInput
from jixiao.readers.dispatch import read_bytes
from jixiao.readers.docx import read_docx, table_cells
from jixiao.readers.grid import Cell
from jixiao.readers.limits import ReadLimits
from tests.readers.test_grid_form import Grid, all_forms, official_grid, seed_forms

FORMS = all_forms()
IDS = [name for name, _ in FORMS]


def add_grid(document: Any, cells: list[Cell] | Grid, width: int | None = None) -> None:
    """A Word table of the cells: merged with python-docx (gridSpan / vMerge), a line break
    inside a cell as a new paragraph or a `w:br`, alternately."""
    width = width or (cells.width if isinstance(cells, Grid) else max(c.col + c.colspan
                                                                        for c in cells))
    cells = cells.cells if isinstance(cells, Grid) else cells
    rows = max(c.row + c.rowspan for c in cells)
    table = document.add_table(rows=rows, cols=width)
    table.style = "Table Grid"
    for n, cell in enumerate(cells):
        target = table.cell(cell.row, cell.col)
        if cell.rowspan > 1 or cell.colspan > 1:
            target = target.merge(table.cell(cell.row + cell.rowspan - 1,
                                             cell.col + cell.colspan - 1))
        lines = cell.text.split("\n")
        if n % 2:
            target.text = cell.text  # python-docx writes "\n" as <w:br/>
        else:
            target.text = lines[0]
            for line in lines[1:]:
                target.add_paragraph(line)


def grid_xml(cells: list[Cell] | Grid, width: int | None = None) -> Any:
    """A `w:tbl` of the cells as Word writes it: `w:gridSpan` for a horizontal merge, a
    `w:vMerge` restart/continue pair for a vertical one, line breaks as paragraphs."""
    width = width or (cells.width if isinstance(cells, Grid) else max(c.col + c.colspan
                                                                        for c in cells))
    cells = cells.cells if isinstance(cells, Grid) else cells
    starts = {(c.row, c.col): c for c in cells}
    covering: dict[tuple[int, int], Cell] = {}
    for c in cells:
        for r in range(c.row, c.row + c.rowspan):
            for col in range(c.col, c.col + c.colspan):
                covering[(r, col)] = c
    rows = []
    for r in range(max(c.row + c.rowspan for c in cells)):
        tcs, col = [], 0
        while col < width:
            cell = covering.get((r, col))
            if cell is None:
                tcs.append("<w:tc><w:p/></w:tc>")
                col += 1
                continue
            props = f'<w:gridSpan w:val="{cell.colspan}"/>' if cell.colspan > 1 else ""
            if starts.get((r, col)) is cell:
                props += '<w:vMerge w:val="restart"/>' if cell.rowspan > 1 else ""
                paragraphs = "".join(
                    f"<w:p><w:r><w:t xml:space=\"preserve\">{html.escape(line)}</w:t></w:r></w:p>"
                    for line in cell.text.split("\n")) or "<w:p/>"
            else:
                props += "<w:vMerge/>"
                paragraphs = "<w:p/>"
            tcs.append(f"<w:tc><w:tcPr>{props}</w:tcPr>{paragraphs}</w:tc>")
            col += cell.colspan
        rows.append("<w:tr>" + "".join(tcs) + "</w:tr>")
    grid = "".join('<w:gridCol w:w="1000"/>' for _ in range(width))
    return _tbl(f"<w:tblGrid>{grid}</w:tblGrid>" + "".join(rows))


def append_table(document: Any, tbl: Any) -> None:
    """Add a `w:tbl` at the end of the body (before the section properties)."""
    body = document.element.body
    section = body.find(qn("w:sectPr"))
    if section is not None:
        section.addprevious(tbl)
    else:
        body.append(tbl)


def docx_bytes(forms: list[dict[str, Any]], **kw: Any) -> bytes:
    """A Word file with each form: title and year as paragraphs, then its table."""
    document = docx.Document()
    document.add_paragraph("附件2")
    for form in forms:
        document.add_paragraph("财政项目支出绩效自评表", style="Title")
        if form.get("year") is not None:
            document.add_paragraph(f"（{form['year']}年度）")
        append_table(document, grid_xml(official_grid(form, title=False, **kw)))
        document.add_paragraph("填表人：          联系电话：")
        document.add_page_break()
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def canonical(results: list) -> list[dict[str, Any]]:
    return [form_to_dict(r.form) for r in results]


@pytest.mark.parametrize(("name", "form"), FORMS, ids=IDS)
def test_every_form_reads_back(name: str, form: dict) -> None:
    results = read_docx(docx_bytes([form]), filename="f.docx")
    assert canonical(results) == [form]
    assert results[0].findings == ()
    assert results[0].sources["project_name"].cell == "表1 第1行第2列"


def test_two_forms_in_one_document_take_their_years_from_the_paragraphs() -> None:
    forms = [seed_forms()[0], dict(seed_forms()[3], year=2023)]
    results = read_docx(docx_bytes(forms), filename="two.docx")
    assert canonical(results) == forms
    assert results[1].sources["year"].cell == "表2前的段落"


def test_repeated_levels_and_all_forms() -> None:
    forms = [form for _, form in FORMS]
    assert canonical(read_docx(docx_bytes(forms, merged=False))) == forms


def test_title_in_the_table_and_no_paragraphs_merged_by_python_docx() -> None:
    form = seed_forms()[3]
    document = docx.Document()
    add_grid(document, official_grid(form))
    out = io.BytesIO()
    document.save(out)
    assert canonical(read_docx(out.getvalue())) == [form]


def _tbl(xml_rows: str) -> Any:
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    return parse_xml(f"<w:tbl {ns}>{xml_rows}</w:tbl>")


def _tc(text: str, props: str = "") -> str:
    runs = "".join(f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>" for line in text.split("|"))
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{runs or '<w:p/>'}</w:tc>"


def test_table_cells_compute_spans_from_the_xml() -> None:
    tbl = _tbl(
        "<w:tr>" + _tc("产出指标", '<w:vMerge w:val="restart"/>') + _tc("a")
        + _tc("宽", '<w:gridSpan w:val="2"/>') + "</w:tr>"
        + "<w:tr>" + _tc("", "<w:vMerge/>") + _tc("b") + _tc("c") + _tc("d") + "</w:tr>"
        + "<w:tr><w:trPr><w:gridBefore w:val=\"1\"/></w:trPr>" + _tc("e|f")
        + _tc("g", '<w:gridSpan w:val="2"/>') + "</w:tr>"
        + "<w:tr>" + _tc("h", '<w:hMerge w:val="restart"/>') + _tc("", "<w:hMerge/>")
        + _tc("i") + _tc("j") + "</w:tr>")
    cells = table_cells(tbl, 1)
    got = [(c.text, c.row, c.col, c.rowspan, c.colspan) for c in cells]
    assert got == [("产出指标", 0, 0, 2, 1), ("a", 0, 1, 1, 1), ("宽", 0, 2, 1, 2),
                   ("b", 1, 1, 1, 1), ("c", 1, 2, 1, 1), ("d", 1, 3, 1, 1),
                   ("e\nf", 2, 1, 1, 1), ("g", 2, 2, 1, 2),
                   ("h", 3, 0, 1, 2), ("i", 3, 2, 1, 1), ("j", 3, 3, 1, 1)]
    assert cells[0].ref == "表1 第1行第1列"


def test_content_controls_tabs_and_deleted_text() -> None:
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    tbl = parse_xml(
        f"<w:tbl {ns}><w:sdt><w:sdtContent><w:tr><w:tc><w:p>"
        "<w:r><w:t>项目</w:t></w:r><w:del><w:r><w:delText>旧</w:delText></w:r></w:del>"
        "<w:ins><w:r><w:t>名称</w:t></w:r></w:ins></w:p></w:tc>"
        "<w:sdt><w:sdtContent><w:tc><w:p><w:r><w:t>甲</w:t><w:br/><w:t>乙</w:t></w:r></w:p>"
        "</w:tc></w:sdtContent></w:sdt></w:tr></w:sdtContent></w:sdt></w:tbl>")
    assert [c.text for c in table_cells(tbl, 1)] == ["项目名称", "甲\n乙"]


def test_document_without_a_table_is_unreadable_with_a_clear_message() -> None:
    document = docx.Document()
    document.add_paragraph("财政项目支出绩效自评表")
    document.add_paragraph("项目名称：某某项目")
    out = io.BytesIO()
    document.save(out)
    with pytest.raises(UnreadableInput, match="没有表格"):
        read_docx(out.getvalue(), filename="no-table.docx")


def test_tables_that_are_not_a_form_give_nothing() -> None:
    document = docx.Document()
    add_grid(document, [Cell("姓名", 0, 0), Cell("电话", 0, 1)], 2)
    out = io.BytesIO()
    document.save(out)
    assert read_docx(out.getvalue()) == []
    with pytest.raises(UnreadableInput, match="未找到绩效自评表"):
        read_bytes(out.getvalue(), "contacts.docx")


def test_damaged_and_oversized_files_are_unreadable() -> None:
    data = docx_bytes([seed_forms()[3]])
    with pytest.raises(UnreadableInput, match="损坏"):
        read_docx(data[: len(data) // 2], filename="cut.docx")
    with pytest.raises(UnreadableInput, match="过大"):
        read_docx(data, limits=ReadLimits(max_bytes=1000))
    with pytest.raises(UnreadableInput, match="解压后过大"):
        read_docx(data, limits=ReadLimits(max_uncompressed=1000))
    with pytest.raises(UnreadableInput, match="为空"):
        read_docx(b"")
    other = io.BytesIO()
    with zipfile.ZipFile(other, "w") as package:
        package.writestr("readme.txt", "x")
    with pytest.raises(UnreadableInput, match="不是 Word 文档"):
        read_docx(other.getvalue())


def test_truncated_form_table_gives_findings() -> None:
    form = seed_forms()[0]
    grid = official_grid(form)
    at = next(c.row for c in grid.cells if c.text == "三级指标") + 3
    cells = [Cell(c.text, c.row, c.col, min(c.rowspan, at - c.row), c.colspan)
             for c in grid.cells if c.row < at]
    document = docx.Document()
    add_grid(document, cells, 8)
    out = io.BytesIO()
    document.save(out)
    results = read_docx(out.getvalue())
    assert "JX004" in {f.code for f in results[0].findings}
    assert len(results[0].form.indicators) == 2


def test_dispatch_reads_docx_by_content() -> None:
    form = seed_forms()[1]
    assert canonical(read_bytes(docx_bytes([form]), "upload.bin")) == [form]


def test_form_inside_a_layout_frame_table() -> None:
    form = seed_forms()[3]
    document = docx.Document()
    frame = document.add_table(rows=1, cols=1)
    cell = frame.cell(0, 0)
    cell.paragraphs[0].text = "财政项目支出绩效自评表"
    cell.add_paragraph(f"（{form['year']}年度）")
    inner = docx.Document()
    add_grid(inner, official_grid(form, title=False))
    cell._tc.append(inner.tables[0]._tbl)
    out = io.BytesIO()
    document.save(out)
    assert canonical(read_docx(out.getvalue())) == [form]
