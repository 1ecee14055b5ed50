"""OpenDocument tables: what calamine does not tell about a spreadsheet (.ods) — merged ranges and
the text each cell displays — and the tables of a text document (.odt) when LibreOffice is absent.

An ODS cell stores its value (`office:value="7.2"`) and, in `text:p`, the text the office suite
displayed for it (`7.20`, `80.44%`, a formula's result): that text is what the form printed.
Merged ranges are `table:number-columns-spanned` / `table:number-rows-spanned` on the anchor
cell; repeated rows and columns (`…-repeated`) are counted, never expanded when empty.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from xml.etree import ElementTree

from jixiao.readers.base import ReadResult, UnreadableInput
from jixiao.readers.grid import Cell
from jixiao.readers.limits import (
    DEFAULT_LIMITS,
    ReadLimits,
    check_size,
    check_unpacked,
    too_many_cells,
)

__all__ = ["OdsSheet", "cell_text", "odf_encrypted", "odf_mimetype", "ods_sheets", "read_odt"]

_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_T = f"{{{_TABLE}}}"
_X = f"{{{_TEXT}}}"
_ROW_CONTAINERS = frozenset({f"{_T}table-row-group", f"{_T}table-header-rows", f"{_T}table-rows"})
_CELLS = frozenset({f"{_T}table-cell", f"{_T}covered-table-cell"})
#: A document type declaration may define entities: ODF never needs one.
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)


@dataclass
class OdsSheet:
    """One sheet: displayed text per (row, col) and merged spans per anchor (row, col)."""

    name: str
    texts: dict[tuple[int, int], str] = field(default_factory=dict)
    spans: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)


def odf_mimetype(data: bytes) -> str | None:
    """The `mimetype` member of an OpenDocument package, or None."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            return package.read("mimetype").decode("ascii", "replace").strip()
    except (zipfile.BadZipFile, KeyError, OSError):
        return None


def odf_encrypted(data: bytes) -> bool:
    """Whether an OpenDocument package is password-protected (its manifest lists encryption)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            return b"encryption-data" in package.read("META-INF/manifest.xml")
    except (zipfile.BadZipFile, KeyError, OSError):
        return False


def _count(element: Any, attribute: str) -> int:
    try:
        return max(int(element.get(f"{_T}{attribute}", "1")), 1)
    except ValueError:
        return 1


def cell_text(element: Any) -> str:
    """The displayed text of an ODF cell: paragraphs joined by line breaks, `text:s` spaces,
    `text:tab`, `text:line-break` kept."""
    lines = [_inline(p) for p in element if p.tag in (f"{_X}p", f"{_X}h")]
    return "\n".join(lines)


def _inline(element: Any) -> str:
    parts = [element.text or ""]
    for child in element:
        if child.tag == f"{_X}s":
            try:
                parts.append(" " * max(int(child.get(f"{_X}c", "1")), 1))
            except ValueError:
                parts.append(" ")
        elif child.tag == f"{_X}tab":
            parts.append("\t")
        elif child.tag == f"{_X}line-break":
            parts.append("\n")
        elif child.tag not in (f"{_X}note", "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
                               "annotation"):
            parts.append(_inline(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _rows(element: Any) -> Iterator[Any]:
    for child in element:
        if child.tag == f"{_T}table-row":
            yield child
        elif child.tag in _ROW_CONTAINERS:
            yield from _rows(child)


def _content(data: bytes, name: str, what: str) -> Any:
    """The parsed content.xml of an OpenDocument package."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            content = package.read("content.xml")
    except (zipfile.BadZipFile, KeyError, OSError) as exc:
        raise UnreadableInput(
            f"{name}: OpenDocument {what}已损坏（没有可读的 content.xml）") from exc
    if _DOCTYPE.search(content[:4096]):
        raise UnreadableInput(f"{name}: OpenDocument {what}含有文档类型声明，不予读取")
    try:
        return ElementTree.fromstring(content)
    except ElementTree.ParseError as exc:
        raise UnreadableInput(f"{name}: OpenDocument {what}已损坏（content.xml 无法解析）") from exc


def _row_cells(tr: Any) -> Iterator[tuple[int, int, Any]]:
    """The cells of a table row with their first column and how many columns they repeat
    over; a covered cell (the rest of a merged range) only moves the column on."""
    col = 0
    for tc in tr:
        if tc.tag not in _CELLS:
            continue
        repeat = _count(tc, "number-columns-repeated")
        if tc.tag == f"{_T}table-cell":
            yield col, repeat, tc
        col += repeat


def ods_sheets(data: bytes, name: str, max_cells: int) -> list[OdsSheet]:
    """Every sheet of an .ods package with its displayed texts and merged spans.

    Raises:
        UnreadableInput: no readable content.xml, or more than `max_cells` cells with content.
    """
    root = _content(data, name, "表格")
    sheets: list[OdsSheet] = []
    budget = max_cells
    for table in root.iter(f"{_T}table"):
        sheet = OdsSheet(table.get(f"{_T}name", f"Sheet{len(sheets) + 1}"))
        row = 0
        for tr in _rows(table):
            row_repeat = _count(tr, "number-rows-repeated")
            for col, col_repeat, tc in _row_cells(tr):
                text = cell_text(tc)
                span = (_count(tc, "number-rows-spanned"), _count(tc, "number-columns-spanned"))
                if text or span != (1, 1):
                    budget -= row_repeat * col_repeat
                    if budget < 0:
                        raise too_many_cells(name, max_cells)
                    for r in range(row, row + row_repeat):
                        for c in range(col, col + col_repeat):
                            sheet.texts[(r, c)] = text
                            if span != (1, 1):
                                sheet.spans[(r, c)] = span
            row += row_repeat
        sheets.append(sheet)
    return sheets


# ---------------------------------------------------------------- text documents (.odt)

_OFFICE_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}text"
_PARAGRAPHS = frozenset({f"{_X}p", f"{_X}h"})
#: Elements whose children are read in order as if they stood in the body.
_BLOCK_CONTAINERS = frozenset({f"{_X}section", f"{_X}list", f"{_X}list-item",
                               f"{_X}list-header", f"{_X}index-body"})


def _blocks(element: Any) -> Iterator[Any]:
    """Paragraphs and tables in reading order; a table holding tables is a layout frame and
    its cells are walked instead (as `readers.docx` does)."""
    for child in element:
        if child.tag in _BLOCK_CONTAINERS:
            yield from _blocks(child)
        elif child.tag == f"{_T}table" and any(inner is not child
                                                for inner in child.iter(f"{_T}table")):
            for tr in _rows(child):
                for tc in tr:
                    if tc.tag == f"{_T}table-cell":
                        yield from _blocks(tc)
        elif child.tag in _PARAGRAPHS or child.tag == f"{_T}table":
            yield child


def _odt_cell_text(tc: Any) -> str:
    lines: list[str] = []
    for child in tc.iter():
        if child.tag in _PARAGRAPHS:
            lines.append(_inline(child))
    return "\n".join(line.strip() for line in lines if line.strip())


def odt_table_cells(table: Any, number: int) -> list[Cell]:
    """The cells of a `table:table` in a text document with their spans; covered cells (the
    rest of a merged range) are skipped."""
    cells: list[Cell] = []
    for r, tr in enumerate(_rows(table)):
        for col, repeat, tc in _row_cells(tr):
            text = _odt_cell_text(tc)
            for c in range(col, col + repeat):
                cells.append(Cell(text, r, c, _count(tc, "number-rows-spanned"),
                                  _count(tc, "number-columns-spanned"),
                                  ref=f"表{number} 第{r + 1}行第{c + 1}列"))
    return cells


def read_odt(data: bytes, *, filename: str | None = None,
             limits: ReadLimits = DEFAULT_LIMITS) -> list[ReadResult]:
    """Every form in an OpenDocument text (.odt), in document order, without LibreOffice.

    Paragraphs that belong to a form (its title, `（2024年度）`, `单位：万元`) just before a
    table become one-cell tables, as in `readers.docx`.

    Raises:
        UnreadableInput: a damaged or oversized package, or no table at all.
    """
    from jixiao.readers.grid_script import read_document

    name = filename or "<odt>"
    check_size(data, name, limits)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            check_unpacked([m.file_size for m in package.infolist()], name, limits)
    except zipfile.BadZipFile as exc:
        raise UnreadableInput(f"{name}: OpenDocument 文本已损坏（不是有效的 ZIP 包）") from exc
    root = _content(data, name, "文本")
    body = next(root.iter(_OFFICE_TEXT), None)
    text = body if body is not None else root
    blocks = (_inline(b) if b.tag in _PARAGRAPHS else b for b in _blocks(text))
    return read_document(blocks, odt_table_cells, text.itertext(), name=name,
                         filename=filename, max_tables=limits.max_tables,
                         kind="OpenDocument 文本")
