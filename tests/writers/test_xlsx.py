"""The XLSX writer: the official layout in a sheet, printed values exact, live formulas in the
template, drop-downs, protection and print setup."""

from __future__ import annotations

import io
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from openpyxl import load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

from jixiao.core.model import Form, Funds, FundsRow, Indicator
from jixiao.writers.layout import Role, blank_form, official_layout
from jixiao.writers.xlsx import (
    TEMPLATE_SHEET,
    cell_refs,
    printed_number,
    render_template,
    render_xlsx,
    sheet_name,
)
from tests.libreoffice import convert
from tests.writers.support import FORMS, all_forms, assert_golden, seed_forms

REAL = all_forms()
_NUMBER_FORMAT = re.compile(r"0(?:\.(0+))?")


def _load(data: bytes) -> Any:
    return load_workbook(io.BytesIO(data))


def printed_text(cell: Cell) -> str:
    """What a cell shows: a number formatted with its `0`/`0.00` format, text as is."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    match = _NUMBER_FORMAT.fullmatch(cell.number_format)
    assert match, f"{cell.coordinate}: number with format {cell.number_format!r}"
    places = len(match.group(1) or "")
    return f"{Decimal(repr(value)).quantize(Decimal(1).scaleb(-places)):f}"


def normalised_sheet(ws: Worksheet) -> dict[str, Any]:
    """A sheet as data: non-empty cells (value, type, format), merges, drop-downs, print setup."""
    cells = {c.coordinate: [str(c.value), c.data_type, c.number_format]
             for row in ws.iter_rows() for c in row if c.value is not None}
    validations = sorted([str(dv.sqref), dv.formula1, dv.errorStyle, bool(dv.showErrorMessage)]
                         for dv in ws.data_validations.dataValidation)
    return {
        "name": ws.title,
        "merges": sorted(str(m) for m in ws.merged_cells.ranges),
        "validations": validations,
        "print_title_rows": ws.print_title_rows,
        "protected": bool(ws.protection.sheet),
        "unlocked": sorted(c.coordinate for row in ws.iter_rows() for c in row
                           if c.protection and not c.protection.locked),
        "cells": cells,
    }


# --------------------------------------------------------------------------- golden


def test_seed_workbook_matches_its_golden_file() -> None:
    wb = _load(render_xlsx(seed_forms()))
    assert_golden("seed.xlsx.json", [normalised_sheet(ws) for ws in wb.worksheets])


def test_template_matches_its_golden_file() -> None:
    wb = _load(render_template())
    assert_golden("template.xlsx.json", [normalised_sheet(ws) for ws in wb.worksheets])


# --------------------------------------------------------------------------- printed values


@pytest.mark.parametrize(("name", "form"), REAL, ids=[n for n, _ in REAL])
def test_every_real_form_reads_back_as_printed(name: str, form: Form) -> None:
    ws = _load(render_xlsx([form])).worksheets[0]
    for cell in official_layout(form).cells:
        assert printed_text(ws.cell(cell.row + 1, cell.col + 1)) == cell.text, cell.key


@settings(max_examples=25, deadline=None)
@given(FORMS)
def test_random_forms_read_back_as_printed(form: Form) -> None:
    ws = _load(render_xlsx([form])).worksheets[0]
    for cell in official_layout(form).cells:
        target = ws.cell(cell.row + 1, cell.col + 1)
        assert target.data_type != "f", cell.key
        assert printed_text(target) == cell.text, cell.key


def test_numbers_are_numbers_with_their_printed_decimals() -> None:
    ws = _load(render_xlsx(seed_forms()[2:3])).worksheets[0]
    refs = cell_refs(official_layout(seed_forms()[2]))
    executed = ws[refs["funds.rows[0].executed"]]
    assert (executed.value, executed.number_format) == (60.33, "0.00")
    rate = ws[refs["funds.rate"]]
    assert (rate.value, rate.number_format) == (80.44, "0.00")
    target = ws[refs["indicators[0].target"]]
    assert (target.value, target.data_type, target.number_format) == ("≥3.00(次)", "s", "@")


def test_text_starting_with_equals_is_not_a_formula() -> None:
    form = Form(project_name="X", indicators=(
        Indicator("产出指标", "时效指标", "=SUM(A1)", target="=1.00(次)", score="=5"),))
    data = render_xlsx([form])
    ws = _load(data).worksheets[0]
    refs = cell_refs(official_layout(form))
    for key, text in (("indicators[0].name", "=SUM(A1)"), ("indicators[0].target", "=1.00(次)"),
                      ("indicators[0].score", "=5")):
        assert ws[refs[key]].value == text
        assert ws[refs[key]].data_type == "s"
    assert b"<f>" not in _sheet_xml(data)


def _sheet_xml(data: bytes) -> bytes:
    import zipfile
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return b"".join(z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/"))


@pytest.mark.parametrize(("text", "expected"), [
    ("7.20", (Decimal("7.20"), "0.00")),
    ("10", (Decimal("10"), "0")),
    ("0.00", (Decimal("0.00"), "0.00")),
    ("387664.62", (Decimal("387664.62"), "0.00")),
    ("-5.5", (Decimal("-5.5"), "0.0")),
    ("100%", None), ("100.00%", None), ("-", None), ("—", None), ("1,234.00", None),
    ("007", None), ("-0.00", None), (".5", None), ("5.", None), ("1234567890123456", None),
    ("", None), (None, None), ("≥95.00(%)", None), ("1٠", None), ("１０", None),
])
def test_printed_number(text: str | None, expected: tuple[Decimal, str] | None) -> None:
    assert printed_number(text) == expected


# --------------------------------------------------------------------------- sheets


def test_sheet_names_are_valid_and_unique() -> None:
    taken: set[str] = set()
    names = []
    for project in ("a/b:c*d?e[f]g\\h", "a/b:c*d?e[f]g\\h", "x" * 40, "x" * 40, "", "'q'",
                    "History"):
        name = sheet_name(project, taken)
        taken.add(name.casefold())
        names.append(name)
    assert names[0] == "a_b_c_d_e_f_g_h"
    assert names[1] == "a_b_c_d_e_f_g_h(2)"
    assert names[2] == "x" * 31 and names[3] == "x" * 28 + "(2)"
    assert names[4] == "表" and names[5] == "q" and names[6] == "History_"
    assert all(len(n) <= 31 and not re.search(r"[\[\]:*?/\\]", n) for n in names)


def test_one_sheet_per_form_even_with_equal_names() -> None:
    form = seed_forms()[0]
    wb = _load(render_xlsx([form, form, form]))
    assert wb.sheetnames == ["科技社团党建工作", "科技社团党建工作(2)", "科技社团党建工作(3)"]


# --------------------------------------------------------------------------- template


def _template() -> tuple[Worksheet, dict[str, str]]:
    ws = _load(render_template())[TEMPLATE_SHEET]
    return ws, cell_refs(official_layout(blank_form()))


def test_template_formulas_are_in_the_computed_cells() -> None:
    ws, refs = _template()
    layout = official_layout(blank_form())
    scores = [refs[f"indicators[{i}].score"] for i in range(len(layout.indicator_rows))]
    weights = [refs[f"indicators[{i}].weight"] for i in range(len(layout.indicator_rows))]
    r0 = refs["funds.rows[0].rate"]
    assert ws[r0].value == (f"=ROUND(IFERROR({refs['funds.rows[0].executed']}/"
                            f"{refs['funds.rows[0].annual']}*100,0),2)")
    for i in range(1, 4):
        assert ws[refs[f"funds.rows[{i}].rate"]].value.startswith("=ROUND(IFERROR(")
    assert ws[refs["funds.score"]].value == f"=ROUND({refs['funds.weight']}*MIN({r0},100)/100,2)"
    assert ws[refs["total.score"]].value == f"=SUM({refs['funds.score']},{scores[0]}:{scores[-1]})"
    assert ws[refs["total.weight"]].value == (
        f"=SUM({refs['funds.weight']},{weights[0]}:{weights[-1]})")
    formulas = {c.coordinate for row in ws.iter_rows() for c in row if c.data_type == "f"}
    computed = {refs[k] for k in ("funds.rows[0].rate", "funds.rows[1].rate",
                                  "funds.rows[2].rate", "funds.rows[3].rate", "funds.score",
                                  "total.score", "total.weight")}
    assert formulas == computed


def test_template_locks_computed_cells_and_captions_only() -> None:
    ws, refs = _template()
    assert ws.protection.sheet and not ws.protection.password
    assert ws.protection.insertRows is False  # rows can be inserted
    for key in ("funds.score", "total.score", "funds.rows[0].rate"):
        assert ws[refs[key]].protection.locked, key
    for key in ("project_name", "funds.rows[0].annual", "funds.weight", "indicators[0].score",
                "indicators[0].level1", "goals.expected", "grade", "year"):
        assert not ws[refs[key]].protection.locked, key
    layout = official_layout(blank_form())
    for cell in layout.cells:
        if cell.role in (Role.CAPTION, Role.COMPUTED, Role.PLACEHOLDER):
            assert ws.cell(cell.row + 1, cell.col + 1).protection.locked


def test_template_drop_downs() -> None:
    ws, refs = _template()
    lists = {dv.formula1: dv for dv in ws.data_validations.dataValidation}
    tiers = next(dv for f, dv in lists.items() if "部分达成指标并具有一定效果" in f)
    assert "达成年度指标" in tiers.formula1 and "未达成指标且效果较差" in tiers.formula1
    assert refs["indicators[0].actual"] in str(tiers.sqref)
    assert not tiers.showErrorMessage  # quantitative actuals stay allowed
    level1 = next(dv for f, dv in lists.items() if f.startswith('"产出指标'))
    assert refs["indicators[0].level1"] in str(level1.sqref)
    level2 = next(dv for f, dv in lists.items() if "服务对象满意度指标" in f)
    assert refs["indicators[0].level2"] in str(level2.sqref)
    assert all(not dv.showDropDown for dv in lists.values())  # True would hide the arrow


def test_template_print_setup() -> None:
    wb = _load(render_template())
    ws = wb[TEMPLATE_SHEET]
    header = official_layout(blank_form()).sections["indicators"] + 1
    assert ws.print_title_rows == f"${header}:${header}"
    assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
    assert ws.page_setup.orientation == "portrait"
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert "填表说明" in wb.sheetnames


def test_rendered_form_keeps_the_formula_as_a_comment() -> None:
    ws = _load(render_xlsx(seed_forms()[:1])).worksheets[0]
    refs = cell_refs(official_layout(seed_forms()[0]))
    assert ws[refs["total.score"]].value == 93
    assert "=SUM(" in ws[refs["total.score"]].comment.text
    assert ws[refs["total.score"]].protection.locked


def test_a_form_without_funds_rows_and_no_forms_at_all() -> None:
    form = Form(project_name="X", funds=Funds(rows=(FundsRow(source="other"),)))
    assert _load(render_xlsx([form])).sheetnames == ["X"]
    assert _load(render_xlsx([])).sheetnames == [TEMPLATE_SHEET]


# --------------------------------------------------------------------------- LibreOffice


def test_template_recalculates_in_libreoffice(tmp_path: Path) -> None:
    wb = _load(render_template())
    ws = wb[TEMPLATE_SHEET]
    refs = cell_refs(official_layout(blank_form()))
    ws[refs["funds.rows[0].annual"]] = 75
    ws[refs["funds.rows[0].executed"]] = 60.33
    ws[refs["funds.weight"]] = 10
    ws[refs["indicators[0].weight"]] = 50
    ws[refs["indicators[0].score"]] = 45
    ws[refs["indicators[1].weight"]] = 40
    ws[refs["indicators[1].score"]] = 38
    source = tmp_path / "filled.xlsx"
    wb.save(source)
    out = tmp_path / "out"
    out.mkdir()
    (recalculated,) = convert([source], "xlsx", out)
    calc = load_workbook(recalculated, data_only=True)[TEMPLATE_SHEET]
    assert calc[refs["funds.rows[0].rate"]].value == pytest.approx(80.44)
    assert calc[refs["funds.score"]].value == pytest.approx(8.04)
    assert calc[refs["funds.rows[1].rate"]].value == 0  # 预算数 0 → 0, not #DIV/0!
    assert calc[refs["total.weight"]].value == pytest.approx(100)
    assert calc[refs["total.score"]].value == pytest.approx(91.04)
