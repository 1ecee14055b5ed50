"""The XLSX reader: merged cells, numbers as Excel displays them, formulas, refused files."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.core.form_json import form_from_dict, form_to_dict
from jixiao.readers.base import UnreadableInput
from jixiao.readers.dispatch import read_bytes
from jixiao.readers.grid import Cell
from jixiao.readers.limits import ReadLimits
from jixiao.readers.xlsx import (
    FINDING_CODES,
    format_datetime,
    format_number,
    is_valid_formula,
    read_xlsx,
)
from jixiao.writers.xlsx import render_xlsx
from tests.readers.test_grid_form import Grid, all_forms, official_grid, seed_forms, stored_number
from tests.readers.test_html import forms

FORMS = all_forms()
IDS = [name for name, _ in FORMS]


def fill_sheet(ws: Any, cells: list[Cell] | Grid, top: int = 0) -> None:
    """Write cells into a sheet as a person would: numbers as numbers with their printed
    decimals as the format, text as text (also text starting with `=`), merged ranges."""
    cells = cells.cells if isinstance(cells, Grid) else cells
    for cell in cells:
        target = ws.cell(top + cell.row + 1, cell.col + 1)
        stored = stored_number(cell.text)
        if stored is not None:
            target.value, target.number_format = stored
        elif cell.text:
            target.value = cell.text
            target.data_type = "s"  # openpyxl would take `=1.00(次)` for a formula
        if cell.rowspan > 1 or cell.colspan > 1:
            ws.merge_cells(start_row=top + cell.row + 1, start_column=cell.col + 1,
                           end_row=top + cell.row + cell.rowspan,
                           end_column=cell.col + cell.colspan)


def workbook_bytes(*sheets: tuple[str, list[Cell] | Grid]) -> bytes:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, cells in sheets:
        fill_sheet(wb.create_sheet(title), cells)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def canonical(results: list) -> list[dict[str, Any]]:
    return [form_to_dict(r.form) for r in results]


@pytest.mark.parametrize(("name", "form"), FORMS, ids=IDS)
def test_every_form_reads_back(name: str, form: dict) -> None:
    data = workbook_bytes(("自评表", official_grid(form)))
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    assert any(isinstance(c.value, (int, float)) and c.number_format == "0.00"
               for row in ws.iter_rows() for c in row)
    results = read_xlsx(data, filename="f.xlsx")
    assert canonical(results) == [form]
    assert results[0].findings == ()
    ref = results[0].sources["funds.rows[0].executed"].cell
    assert re.fullmatch(r"自评表![A-H]\d+", ref)


def test_numbers_keep_their_printed_decimals() -> None:
    form = seed_forms()[0]
    data = workbook_bytes(("Sheet1", official_grid(form)))
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    coordinates = [c.coordinate for row in ws.iter_rows() for c in row if c.value == 7.2]
    assert coordinates and ws[coordinates[0]].number_format == "0.00"
    result = read_xlsx(data)[0]
    assert result.form.funds.rows[0].initial == "7.20"
    assert result.sources["funds.rows[0].initial"].cell == f"Sheet1!{coordinates[0]}"


def test_every_sheet_with_a_form_and_others_ignored() -> None:
    forms = [seed_forms()[0], seed_forms()[3]]
    data = workbook_bytes(("说明", [Cell("填报说明：请按实际填写", 0, 0)]),
                          ("项目一", official_grid(forms[0])), ("项目二", official_grid(forms[1])),
                          ("下拉选项", [Cell("产出指标", 0, 0), Cell("效益指标", 1, 0)]))
    results = read_xlsx(data)
    assert canonical(results) == forms
    assert results[1].sources["total.score"].cell.startswith("项目二!")


def test_forms_stacked_in_one_sheet() -> None:
    forms = seed_forms()[:2]
    wb = openpyxl.Workbook()
    fill_sheet(wb.active, official_grid(forms[0]))
    fill_sheet(wb.active, official_grid(forms[1]), top=official_grid(forms[0]).row + 3)
    out = io.BytesIO()
    wb.save(out)
    assert canonical(read_xlsx(out.getvalue())) == forms


def test_text_that_looks_like_a_formula_is_kept_verbatim() -> None:
    form = form_to_dict(form_from_dict(seed_forms()[0]))
    assert form["indicators"][6]["target"] == "=1.00(次)"
    wb = openpyxl.Workbook()
    fill_sheet(wb.active, official_grid(form))
    out = io.BytesIO()
    wb.save(out)
    assert canonical(read_xlsx(out.getvalue())) == [form]
    # the same text written by a program as a formula (`<f>1.00(次)</f>`, no cached value)
    as_formula = [c.coordinate for row in wb.active.iter_rows() for c in row
                  if c.value == "=1.00(次)"]
    for coordinate in as_formula:
        wb.active[coordinate].data_type = "f"
    out = io.BytesIO()
    wb.save(out)
    assert b"<f>1.00(" in zipfile.ZipFile(out).read("xl/worksheets/sheet1.xml")
    result = read_xlsx(out.getvalue())[0]
    assert form_to_dict(result.form) == form
    assert result.findings == ()


def _formula_workbook(formula: str, cached: str | None = None) -> bytes:
    """The seed's 抚恤金 form with its funds score cell replaced by `formula`."""
    form = seed_forms()[3]
    grid = official_grid(form)
    wb = openpyxl.Workbook()
    ws = wb.active
    fill_sheet(ws, grid)
    score = next(c for c in grid.cells if c.text == form["funds"]["score"] and c.col == 7)
    target = ws.cell(score.row + 1, score.col + 1)
    target.value = formula
    target.number_format = "0.00"
    out = io.BytesIO()
    wb.save(out)
    data = out.getvalue()
    if cached is None:
        return data
    source = zipfile.ZipFile(io.BytesIO(data))
    patched = io.BytesIO()
    with zipfile.ZipFile(patched, "w") as package:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                f = formula[1:].replace("&", "&amp;").encode()
                content = content.replace(b"<f>" + f + b"</f><v></v>",
                                          b"<f>" + f + b"</f><v>" + cached.encode() + b"</v>")
            package.writestr(item, content)
    return patched.getvalue()


def _funds_row_refs(form: dict) -> tuple[str, str]:
    grid = official_grid(form)
    total = next(c.row for c in grid.cells if c.text == "年度资金总额")
    return f"D{total + 1}", f"E{total + 1}"  # 全年预算数, 全年执行数


def test_formula_with_a_cached_value_reads_the_value() -> None:
    annual, executed = _funds_row_refs(seed_forms()[3])
    data = _formula_workbook(f"=ROUND({executed}/{annual}*10,2)", cached="10")
    result = read_xlsx(data)[0]
    assert result.form.funds.score == "10.00"
    assert result.findings == ()


def test_formula_without_a_cached_value_is_computed_with_a_finding() -> None:
    annual, executed = _funds_row_refs(seed_forms()[3])
    result = read_xlsx(_formula_workbook(f"=ROUND({executed}/{annual}*10,2)"))[0]
    assert result.form.funds.score == "10.00"
    assert [f.code for f in result.findings] == ["JX071"]
    assert result.findings[0].source.cell.startswith("Sheet!")
    assert result.findings[0].form == "抚恤金"
    result = read_xlsx(_formula_workbook(f"=SUM({annual}:{executed})/2.28"))[0]
    assert result.form.funds.score == "10.00"


def test_formula_that_cannot_be_computed_is_blank_with_a_finding() -> None:
    result = read_xlsx(_formula_workbook("=VLOOKUP(A1,B:C,2,FALSE)"))[0]
    assert result.form.funds.score is None
    assert [f.code for f in result.findings] == ["JX072"]
    result = read_xlsx(_formula_workbook("=A1/0"))[0]
    assert [f.code for f in result.findings] == ["JX072"]


@pytest.mark.parametrize(("text", "valid"), [
    ("=1.00(次)", False), ("=100.00(1)", False), ("=95.00(%)", False), ("=≥95%", False),
    ("=D6/C6*100", True), ("=SUM(A1:A3)", True), ("=100%", True), ("=汇总!B3", True),
    ("='年度 汇总'!B3*2", True), ("=ROUND(E5/D5*100,2)", True), ("=", False), ("100", False),
])
def test_formula_or_text(text: str, valid: bool) -> None:
    assert is_valid_formula(text) is valid


@pytest.mark.parametrize(("value", "fmt", "shown"), [
    (7.2, "0.00", "7.20"), (0.8044000000000001, "0.00%", "80.44%"), (100, "General", "100"),
    (0.1 + 0.2, "General", "0.3"), (387664.62, "General", "387664.62"),
    (1234567.891, "#,##0.00", "1,234,567.89"), (-5, "0.00;[Red]-0.00", "-5.00"),
    (-5, r"0.00_);\(0.00\)", "(5.00)"), (3.5, '0.0"万元"', "3.5万元"),
    (0, '0.00;-0.00;"-"', "-"), (2.5, "0", "3"), (0.125, "0.00", "0.13"), (12, "00.0", "12.0"),
    (0.95, "0%", "95%"), (7.2, "0.00_ ", "7.20"), (-1.5, "0.00", "-1.50"),
    (1234.5, '_-* #,##0.00_-;-* #,##0.00_-;_-* "-"??_-;_-@_-', "1,234.50"),
    (1e12, "General", "1E+12"), (Decimal("60.33"), "0.00", "60.33"), (10, "@", "10"),
])
def test_number_as_excel_displays_it(value: Any, fmt: str, shown: str) -> None:
    assert format_number(value, fmt) == shown


def test_dates_as_their_format_prints_them() -> None:
    assert format_datetime(datetime(2024, 3, 5), 'yyyy"年"m"月"d"日"') == "2024年3月5日"
    assert format_datetime(datetime(2024, 3, 5, 9, 7), "yyyy-mm-dd hh:mm") == "2024-03-05 09:07"
    assert format_datetime(date(2024, 12, 1), "[$-804]yyyy/m/d") == "2024/12/1"
    assert format_datetime(datetime(2024, 3, 5), "General") == "2024-03-05"


def test_old_binary_macro_and_damaged_files_are_refused_clearly() -> None:
    with pytest.raises(UnreadableInput, match=r"\.xls.*另存为.*\.xlsx"):
        read_xlsx(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, filename="old.xls")
    with pytest.raises(UnreadableInput, match=r"^old\.xls: 旧版 Office 文件已损坏"):
        read_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "old.xls")
    data = workbook_bytes(("Sheet1", official_grid(seed_forms()[3])))
    macro = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(macro, "w") as package:
        for item in source.infolist():
            package.writestr(item, source.read(item.filename))
        package.writestr("xl/vbaProject.bin", b"\0" * 16)
    with pytest.raises(UnreadableInput, match="含宏"):
        read_xlsx(macro.getvalue(), filename="m.xlsm")
    with pytest.raises(UnreadableInput, match="损坏"):
        read_xlsx(data[:300], filename="cut.xlsx")
    with pytest.raises(UnreadableInput, match="为空"):
        read_xlsx(b"")


def test_size_limits_are_settings() -> None:
    data = workbook_bytes(("a", official_grid(seed_forms()[3])), ("b", [Cell("x", 0, 0)]))
    with pytest.raises(UnreadableInput, match="过大"):
        read_xlsx(data, limits=ReadLimits(max_bytes=100))
    with pytest.raises(UnreadableInput, match="解压后过大"):
        read_xlsx(data, limits=ReadLimits(max_uncompressed=100))
    with pytest.raises(UnreadableInput, match="工作表过多"):
        read_xlsx(data, limits=ReadLimits(max_sheets=1))
    with pytest.raises(UnreadableInput, match="单元格过多"):
        read_xlsx(data, limits=ReadLimits(max_cells=10))


def test_empty_workbook_is_unreadable_and_a_workbook_without_a_form_is_empty() -> None:
    wb = openpyxl.Workbook()
    wb.active["C3"].number_format = "0.00"  # formatted but empty
    out = io.BytesIO()
    wb.save(out)
    with pytest.raises(UnreadableInput, match="工作簿是空的"):
        read_xlsx(out.getvalue(), filename="empty.xlsx")
    data = workbook_bytes(("通讯录", [Cell("姓名", 0, 0), Cell("电话", 0, 1)]))
    assert read_xlsx(data) == []
    with pytest.raises(UnreadableInput, match="未找到绩效自评表"):
        read_bytes(data, "contacts.xlsx")


def test_truncated_sheet_gives_findings() -> None:
    form = seed_forms()[1]
    grid = official_grid(form)
    at = next(c.row for c in grid.cells if c.text == "预期目标") + 1
    cells = [Cell(c.text, c.row, c.col, min(c.rowspan, at - c.row), c.colspan)
             for c in grid.cells if c.row < at]
    result = read_xlsx(workbook_bytes(("Sheet1", cells)))[0]
    assert {"JX003", "JX004"} <= {f.code for f in result.findings}
    assert result.form.funds.rate == "100.00"


def test_finding_codes_are_documented() -> None:
    assert {"JX071", "JX072"} <= set(FINDING_CODES)


def test_dispatch_reads_xlsx_by_content() -> None:
    form = seed_forms()[2]
    data = workbook_bytes(("Sheet1", official_grid(form)))
    assert canonical(read_bytes(data, "upload")) == [form]


@pytest.mark.parametrize(("name", "form"), FORMS, ids=IDS)
def test_reads_exactly_what_the_xlsx_writer_writes(name: str, form: dict) -> None:
    results = read_xlsx(render_xlsx([form_from_dict(form)]), filename="w.xlsx")
    assert canonical(results) == [form]
    assert results[0].findings == ()


def test_reads_a_multi_form_workbook_of_the_xlsx_writer() -> None:
    forms = [form for _, form in FORMS]
    assert canonical(read_xlsx(render_xlsx([form_from_dict(f) for f in forms]))) == forms


@settings(max_examples=25, deadline=None)
@given(forms(), st.booleans())
def test_any_well_formed_form_round_trips(form: dict, merged: bool) -> None:
    data = workbook_bytes(("Sheet1", official_grid(form, merged=merged)))
    assert canonical(read_xlsx(data)) == [form]
