"""Forms in 繁体字 from the grid sources (HTML, Word, spreadsheets): captions recognised on a
simplified copy, free text kept as printed, the conversion reported at its cell (JX009)."""

from __future__ import annotations

import dataclasses
import html
import io
import zipfile
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

import docx
import opencc
import pytest

from jixiao.core.form_json import form_to_dict
from jixiao.readers.base import ReadResult
from jixiao.readers.dispatch import read_bytes
from jixiao.readers.docx import read_docx
from jixiao.readers.grid import Cell
from jixiao.readers.grid_script import GridScript, read_grid, sniff_head
from jixiao.readers.html import read_html
from jixiao.readers.odf import read_odt
from jixiao.readers.spreadsheetml import read_spreadsheetml
from jixiao.readers.text_prep import SNIFF_CHARS
from jixiao.readers.xlsx import read_xlsx
from tests.libreoffice import convert
from tests.readers.test_docx import append_table, grid_xml
from tests.readers.test_grid_form import Grid, all_forms, official_grid
from tests.readers.test_html import table_html
from tests.readers.test_office import spreadsheetml
from tests.readers.test_xlsx import workbook_bytes

FORMS = all_forms()
IDS = [name for name, _ in FORMS]
TITLE = "财政项目支出绩效自评表"
#: A name whose 后 prints as 後 or as 后 in traditional text.
TWO_WAYS = "社区后勤保障服务"
#: Text fields of the canonical form: all kept as printed (level names, grade and unit too: the
#: rules compare them in either script).
FORM_TEXT = ("project_name", "department", "implementing_unit", "grade")
INDICATOR_TEXT = ("level1", "level2", "name", "target", "actual", "note")


@lru_cache(maxsize=1)
def _s2t() -> dict[int, str]:
    """Simplified → traditional, one character at a time (how a mirror site prints a form)."""
    chars = sorted({ch for _, form in FORMS for ch in str(form) if "\u4e00" <= ch <= "\u9fff"}
                   | set(TITLE) | set(TWO_WAYS))
    out = opencc.OpenCC("s2t").convert("\n".join(chars)).split("\n")
    return {ord(c): t for c, t in zip(chars, out, strict=True) if len(t) == 1}


def traditional(text: str) -> str:
    return text.translate(_s2t())


def converted(grid: Grid, convert: Callable[[str], str] = traditional) -> Grid:
    """The grid with `convert` applied to the text of each cell."""
    out = Grid(grid.width)
    out.cells = [dataclasses.replace(c, text=convert(c.text)) for c in grid.cells]
    return out


def as_printed(form: dict[str, Any]) -> dict[str, Any]:
    """The canonical form as a traditional print of it reads: free text as printed."""
    def printed(value: Any) -> Any:
        return traditional(value) if isinstance(value, str) else value

    out = {k: printed(v) if k in FORM_TEXT else v for k, v in form.items()}
    goals = form.get("goals")
    if isinstance(goals, dict):
        out["goals"] = {k: printed(v) for k, v in goals.items()}
    funds = form.get("funds")
    if isinstance(funds, dict):
        out["funds"] = {**funds, "unit": printed(funds.get("unit")),
                        "rows": [{k: printed(v) if k == "label" else v for k, v in r.items()}
                                 for r in funds.get("rows") or []]}
    out["indicators"] = [{k: printed(v) if k in INDICATOR_TEXT else v for k, v in ind.items()}
                         for ind in form.get("indicators", [])]
    return out


def titles(form: dict[str, Any]) -> list[str]:
    """The title lines printed above a form's table."""
    return [TITLE, *([f"（{form['year']}年度）"] if form.get("year") is not None else [])]


def html_page(grid: Grid, titles: list[str]) -> bytes:
    heads = "".join(f"<p>{title}</p>" for title in titles)
    return f"<html><body>{heads}{table_html(grid)}</body></html>".encode()


def word_file(grid: Grid, titles: list[str]) -> bytes:
    document = docx.Document()
    for title in titles:
        document.add_paragraph(title)
    append_table(document, grid_xml(grid))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def workbook(grid: Grid, _titles: list[str]) -> bytes:
    return workbook_bytes(("自评表", grid))


def odt_file(grid: Grid, titles: list[str]) -> bytes:
    """An OpenDocument text: the titles as paragraphs, then the table (spanned cells, the
    positions they cover as covered cells)."""
    covered = {(r, c) for cell in grid.cells for r in range(cell.row, cell.row + cell.rowspan)
               for c in range(cell.col, cell.col + cell.colspan)
               if (r, c) != (cell.row, cell.col)}
    starts = {(c.row, c.col): c for c in grid.cells}
    rows = []
    for r in range(max(c.row + c.rowspan for c in grid.cells)):
        tcs = []
        for col in range(grid.width):
            cell = starts.get((r, col))
            if cell is None:
                tcs.append("<table:covered-table-cell/>" if (r, col) in covered
                           else "<table:table-cell/>")
                continue
            spans = (f' table:number-columns-spanned="{cell.colspan}"'
                     f' table:number-rows-spanned="{cell.rowspan}"')
            text = "".join(f"<text:p>{html.escape(line)}</text:p>"
                           for line in cell.text.split("\n"))
            tcs.append(f"<table:table-cell{spans}>{text}</table:table-cell>")
        rows.append(f"<table:table-row>{''.join(tcs)}</table:table-row>")
    paragraphs = "".join(f"<text:p>{html.escape(t)}</text:p>" for t in titles)
    content = ('<?xml version="1.0" encoding="UTF-8"?>'
               '<office:document-content'
               ' xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
               ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
               ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
               f'<office:body><office:text>{paragraphs}<table:table table:name="表1">'
               f'{"".join(rows)}</table:table></office:text></office:body>'
               "</office:document-content>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        package.writestr("content.xml", content)
    return out.getvalue()


def excel_xml(grid: Grid, _titles: list[str]) -> bytes:
    return spreadsheetml(grid)


def read_odt_file(data: bytes) -> list[ReadResult]:
    return read_odt(data, filename="f.odt")


def read_excel_xml(data: bytes) -> list[ReadResult]:
    return read_spreadsheetml(data, filename="f.xml")


def read_html_page(data: bytes) -> list[ReadResult]:
    return read_html(data, filename="f.html")


def read_word(data: bytes) -> list[ReadResult]:
    return read_docx(data, filename="f.docx")


def read_workbook(data: bytes) -> list[ReadResult]:
    return read_xlsx(data, filename="f.xlsx")


SOURCES: list[tuple[str, Callable[[Grid, list[str]], bytes], Callable[[bytes], list[ReadResult]],
                    bool]] = [
    ("html", html_page, read_html_page, False),
    ("docx", word_file, read_word, False),
    ("xlsx", workbook, read_workbook, True),
    ("odt", odt_file, read_odt_file, False),
    ("excel-xml", excel_xml, read_excel_xml, True),
]


def _jx009(result: ReadResult) -> list[Any]:
    return [f for f in result.findings if f.code == "JX009"]


def _without_jx009(result: ReadResult) -> tuple[Any, ...]:
    return tuple(f for f in result.findings if f.code != "JX009")


@pytest.mark.parametrize(("kind", "write", "read", "title_in_grid"), SOURCES,
                         ids=[s[0] for s in SOURCES])
@pytest.mark.parametrize(("name", "form"), FORMS, ids=IDS)
def test_a_traditional_form_reads_as_its_simplified_print_with_free_text_as_printed(
        name: str, form: dict, kind: str, write: Callable[[Grid, list[str]], bytes],
        read: Callable[[bytes], list[ReadResult]], title_in_grid: bool) -> None:
    grid = official_grid(form, title=title_in_grid)
    (clean,) = read(write(grid, titles(form)))
    (printed,) = read(write(converted(grid), [traditional(t) for t in titles(form)]))
    assert form_to_dict(printed.form) == as_printed(form_to_dict(clean.form))
    assert printed.form.project_name != clean.form.project_name  # the names are traditional
    assert _without_jx009(printed) == clean.findings
    (finding,) = _jx009(printed)
    assert finding.source is not None and finding.source.cell
    assert finding.message.endswith(f"{finding.source.cell}起")
    assert finding.form == printed.form.project_name


@pytest.mark.parametrize(("kind", "write", "read", "title_in_grid"), SOURCES,
                         ids=[s[0] for s in SOURCES])
def test_a_simplified_document_gets_no_conversion_finding(
        kind: str, write: Callable[[Grid, list[str]], bytes],
        read: Callable[[bytes], list[ReadResult]], title_in_grid: bool) -> None:
    form = FORMS[0][1]
    (result,) = read(write(official_grid(form, title=title_in_grid), titles(form)))
    assert form_to_dict(result.form) == form
    assert not _jx009(result)


def test_traditional_captions_with_simplified_free_text_keep_the_text() -> None:
    form = FORMS[0][1]
    grid = official_grid(form)
    captions = set.intersection(*({c.text for c in official_grid(f).cells} for _, f in FORMS))
    mixed = converted(grid, lambda text: traditional(text) if text in captions else text)
    (result,) = read_html(html_page(mixed, [traditional(t) for t in titles(form)]),
                          filename="m.html")
    # level names every form prints were converted with the captions: they read as printed
    levels = [{k: traditional(v) if k in ("level1", "level2") and v in captions else v
               for k, v in ind.items()} for ind in form["indicators"]]
    assert form_to_dict(result.form) == {**form, "indicators": levels}
    (finding,) = _jx009(result)
    assert finding.source is not None and finding.source.file == "m.html"


def test_each_form_of_a_page_is_reported_from_its_own_cells() -> None:
    forms = [form for _, form in FORMS[:2]]
    page = "".join(f"<h1>{traditional(TITLE)}</h1>{table_html(converted(official_grid(f)))}"
                   for f in forms)
    results = read_html(page.encode(), filename="two.html")
    assert [form_to_dict(r.form) for r in results] == [as_printed(f) for f in forms]
    first, second = (_jx009(r)[0].source.cell for r in results)
    assert first.startswith("表1") and second.startswith("表2")


def test_the_sniff_reads_only_the_head_and_needs_three_hints() -> None:
    assert not GridScript.sniff(["項目", "名稱"], None).traditional  # two hints
    assert GridScript.sniff(["項目", "名稱", "實施單位"], None).traditional
    late = ["经费" * 50] * (SNIFF_CHARS // 100 + 1) + ["項目名稱實施單位"]
    assert not GridScript.sniff(iter(late), None).traditional
    assert len(sniff_head(late)) < SNIFF_CHARS + 200


def test_read_grid_passes_simplified_tables_through_unchanged() -> None:
    from jixiao.readers.grid import Table
    from jixiao.readers.grid_form import read_tables

    grid = official_grid(FORMS[0][1])
    tables = [Table(tuple(grid.cells))]
    assert read_grid(tables, filename="g.pdf") == read_tables(tables, filename="g.pdf")
    script = GridScript.sniff([c.text for c in grid.cells], "g.pdf")
    assert not script.traditional
    assert script.simple("項目") == "項目"
    cells = [Cell("項目名稱", 0, 0, ref="A1"), Cell("100", 0, 1, ref="B1")]
    converted = GridScript(None, traditional=True).cells(cells)
    assert [c.text for c in converted] == ["项目名称", "100"]
    assert converted[1] is cells[1]


def test_a_name_printed_two_ways_in_two_forms_keeps_each_printing() -> None:
    form = {**FORMS[0][1], "project_name": TWO_WAYS}
    first = converted(official_grid(form))
    second = converted(official_grid(form), lambda text: traditional(text).replace("後勤", "后勤"))
    page = table_html(first) + table_html(second)
    results = read_html(page.encode(), filename="two.html")
    assert [r.form.project_name for r in results] == ["社區後勤保障服務", "社區后勤保障服務"]
    assert all(len(_jx009(r)) == 1 for r in results)


def test_the_mappers_findings_name_the_form_as_printed() -> None:
    grid = converted(official_grid(FORMS[0][1]))
    header = next(c.row for c in grid.cells if c.text == traditional("三级指标"))
    grid.cells.append(Cell(traditional("见附件三"), header + 1, 9))  # under no caption at all
    (result,) = read_html(table_html(grid).encode(), filename="f.html")
    assert {f.code for f in result.findings} == {"JX031", "JX009"}
    assert {f.form for f in result.findings} == {traditional(FORMS[0][1]["project_name"])}


@pytest.mark.parametrize("target", ["xls", "ods"])
def test_a_traditional_workbook_saved_by_libreoffice_reads_as_printed(
        tmp_path: Path, target: str) -> None:
    form = FORMS[0][1]
    source = tmp_path / "繁體.xlsx"
    source.write_bytes(workbook(converted(official_grid(form)), []))
    (made,) = convert([source], target, tmp_path)
    (result,) = read_bytes(made.read_bytes(), made.name)
    assert form_to_dict(result.form) == as_printed(form)
    (finding,) = _jx009(result)
    assert finding.source is not None and finding.source.cell == "自评表!A1"



def _traditional_xlsx(data: bytes) -> bytes:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                # A text left alone stays text (openpyxl would take `=1.00(次)` for a formula).
                if isinstance(cell.value, str) and traditional(cell.value) != cell.value:
                    cell.value = traditional(cell.value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_traditional_pdf_reads_as_printed(tmp_path: Path) -> None:
    """A PDF printed (LibreOffice) from our workbook with every text in traditional script: the
    PDF's tables go through the same simplified copy as every other grid source."""
    from jixiao.core.form_json import form_from_dict
    from jixiao.writers.xlsx import render_xlsx

    data = render_xlsx([form_from_dict(FORMS[0][1])])
    (tmp_path / "clean.xlsx").write_bytes(data)
    (tmp_path / "printed.xlsx").write_bytes(_traditional_xlsx(data))
    clean_pdf, printed_pdf = convert([tmp_path / "clean.xlsx", tmp_path / "printed.xlsx"], "pdf",
                                     tmp_path)
    (clean,) = read_bytes(clean_pdf.read_bytes(), clean_pdf.name)
    (printed,) = read_bytes(printed_pdf.read_bytes(), printed_pdf.name)
    assert form_to_dict(printed.form) == as_printed(form_to_dict(clean.form))
    assert printed.form.project_name != clean.form.project_name
    (finding,) = _jx009(printed)
    assert finding.source is not None and finding.source.page == 1
    assert not _jx009(clean)
