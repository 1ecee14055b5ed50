"""Source places of the XLSX and HTML readers, merged cells included: the seed forms are written
by the writers, read back, and every field's source cell is looked up in the written file by an
independent grid (openpyxl's merged ranges; an HTML table expanded by its rowspan/colspan here),
where it must hold the field's value. A place off by a column, or a merged 一级/二级 block whose
last row lost its reference, fails.
"""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser
from typing import Any

import openpyxl
import pytest

from jixiao.core.form_json import form_to_dict
from jixiao.readers.dispatch import read_bytes
from jixiao.writers.html import render_html
from jixiao.writers.xlsx import render_xlsx
from tests.writers.support import seed_forms

FIELDS = ("level1", "level2", "name", "target", "actual", "weight", "score", "note")


def _squeeze(value: Any) -> str:
    return re.sub(r"\s+", "", "" if value is None else str(value))


def _value(data: dict[str, Any], path: str) -> Any:
    current: Any = data
    for part in re.findall(r"[^.\[\]]+", path):
        current = current[int(part)] if part.isdigit() else current.get(part)
        if current is None:
            return None
    return current


def _number_equal(printed: str, cell: str) -> bool:
    try:
        return float(printed.rstrip("%")) == float(cell.rstrip("%"))
    except ValueError:
        return False


# ---------------------------------------------------------------- XLSX

@pytest.fixture(scope="module")
def xlsx() -> tuple[bytes, list[Any]]:
    data = render_xlsx(seed_forms())
    return data, read_bytes(data, "seed.xlsx")


def _xlsx_cell(book: Any, ref: str) -> Any:
    sheet_name, address = ref.rsplit("!", 1)
    sheet = book[sheet_name]
    for merged in sheet.merged_cells.ranges:
        if address in merged:
            return sheet.cell(merged.min_row, merged.min_col).value
    return sheet[address].value


def test_xlsx_every_indicator_field_has_its_place(xlsx: tuple[bytes, list[Any]]) -> None:
    _, results = xlsx
    for result, form in zip(results, seed_forms(), strict=True):
        for i, ind in enumerate(form.indicators):
            for field in FIELDS:
                if getattr(ind, field) is not None:
                    assert f"indicators[{i}].{field}" in result.sources, (form.project_name, i,
                                                                         field)


def test_xlsx_source_cells_hold_the_values(xlsx: tuple[bytes, list[Any]]) -> None:
    data, results = xlsx
    book = openpyxl.load_workbook(io.BytesIO(data))
    wrong = []
    checked = 0
    for result in results:
        values = form_to_dict(result.form)
        for path, ref in result.sources.items():
            value = _value(values, path)
            if not isinstance(value, str) or not value or ref.cell is None or path == "year":
                continue
            cell = _squeeze(_xlsx_cell(book, ref.cell))
            checked += 1
            if _squeeze(value) not in cell and not _number_equal(_squeeze(value), cell):
                wrong.append((path, value, ref.cell, cell[:30]))
    assert checked > 200
    assert wrong == []


def test_xlsx_merged_level_cells_cover_every_row_of_their_block(
        xlsx: tuple[bytes, list[Any]]) -> None:
    data, results = xlsx
    book = openpyxl.load_workbook(io.BytesIO(data))
    for result in results:
        for i in range(len(result.form.indicators)):
            name_ref = result.sources[f"indicators[{i}].name"].cell
            level_ref = result.sources[f"indicators[{i}].level1"].cell
            assert name_ref and level_ref
            sheet_name, name_address = name_ref.rsplit("!", 1)
            sheet = book[sheet_name]
            row = sheet[name_address].row
            level_cell = sheet[level_ref.rsplit("!", 1)[1]]
            block = next((m for m in sheet.merged_cells.ranges
                          if level_cell.coordinate in m), None)
            rows = range(block.min_row, block.max_row + 1) if block else range(level_cell.row,
                                                                              level_cell.row + 1)
            assert row in rows, (result.form.project_name, i, level_ref, name_ref)


# ---------------------------------------------------------------- HTML

class _Grid(HTMLParser):
    """Each table of a document as {(row, column): text}, rows and columns from 1, a merged
    cell's text at every position it covers."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[dict[tuple[int, int], str]] = []
        self._stack: list[dict[str, Any]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._stack.append({"grid": {}, "row": 0, "col": 0, "cell": None})
        elif not self._stack:
            return
        elif tag == "tr":
            table = self._stack[-1]
            table["row"] += 1
            table["col"] = 0
        elif tag in ("td", "th"):
            table = self._stack[-1]
            spans = dict(attrs)
            table["cell"] = {"text": [], "rowspan": int(spans.get("rowspan") or 1),
                             "colspan": int(spans.get("colspan") or 1)}

    def handle_data(self, data: str) -> None:
        if self._stack and self._stack[-1]["cell"] is not None:
            self._stack[-1]["cell"]["text"].append(data)

    def handle_endtag(self, tag: str) -> None:
        if not self._stack:
            return
        table = self._stack[-1]
        if tag in ("td", "th") and table["cell"] is not None:
            cell, grid, row = table["cell"], table["grid"], table["row"]
            col = table["col"] + 1
            while (row, col) in grid:
                col += 1
            text = "".join(cell["text"])
            for r in range(row, row + cell["rowspan"]):
                for c in range(col, col + cell["colspan"]):
                    grid[(r, c)] = text
            table["col"] = col + cell["colspan"] - 1
            table["cell"] = None
        elif tag == "table":
            self.tables.append(self._stack.pop()["grid"])


_PLACE = re.compile(r"^表(\d+) 第(\d+)行第(\d+)列$")


def test_html_source_cells_hold_the_values() -> None:
    html = render_html(seed_forms())
    results = read_bytes(html.encode("utf-8") if isinstance(html, str) else html, "seed.html")
    parser = _Grid()
    parser.feed(html if isinstance(html, str) else html.decode("utf-8"))
    wrong = []
    checked = 0
    for result in results:
        values = form_to_dict(result.form)
        for path, ref in result.sources.items():
            value = _value(values, path)
            if not isinstance(value, str) or not value or ref.cell is None or path == "year":
                continue
            place = _PLACE.match(ref.cell)
            assert place, ref.cell
            table, row, col = map(int, place.groups())
            cell = _squeeze(parser.tables[table - 1].get((row, col)))
            checked += 1
            if _squeeze(value) not in cell and not _number_equal(_squeeze(value), cell):
                wrong.append((path, value, ref.cell, cell[:30]))
    assert checked > 200
    assert wrong == []
