"""What calamine does not tell about an OpenDocument spreadsheet (.ods): merged ranges and the
text each cell displays.

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

from jixiao.readers.base import UnreadableInput

__all__ = ["OdsSheet", "odf_mimetype", "ods_sheets"]

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


def ods_sheets(data: bytes, name: str, max_cells: int) -> list[OdsSheet]:
    """Every sheet of an .ods package with its displayed texts and merged spans.

    Raises:
        UnreadableInput: no readable content.xml, or more than `max_cells` cells with content.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            content = package.read("content.xml")
    except (zipfile.BadZipFile, KeyError, OSError) as exc:
        raise UnreadableInput(f"{name}: OpenDocument 表格已损坏（没有可读的 content.xml）") from exc
    if _DOCTYPE.search(content[:4096]):
        raise UnreadableInput(f"{name}: OpenDocument 表格含有文档类型声明，不予读取")
    try:
        root = ElementTree.fromstring(content)
    except ElementTree.ParseError as exc:
        raise UnreadableInput(f"{name}: OpenDocument 表格已损坏（content.xml 无法解析）") from exc
    sheets: list[OdsSheet] = []
    budget = max_cells
    for table in root.iter(f"{_T}table"):
        sheet = OdsSheet(table.get(f"{_T}name", f"Sheet{len(sheets) + 1}"))
        row = 0
        for tr in _rows(table):
            row_repeat = _count(tr, "number-rows-repeated")
            col = 0
            for tc in tr:
                if tc.tag not in _CELLS:
                    continue
                col_repeat = _count(tc, "number-columns-repeated")
                if tc.tag == f"{_T}table-cell":
                    text = cell_text(tc)
                    span = (_count(tc, "number-rows-spanned"), _count(tc, "number-columns-spanned"))
                    if text or span != (1, 1):
                        budget -= row_repeat * col_repeat
                        if budget < 0:
                            raise UnreadableInput(
                                f"{name}: 单元格过多（上限 {max_cells}），不予读取")
                        for r in range(row, row + row_repeat):
                            for c in range(col, col + col_repeat):
                                sheet.texts[(r, c)] = text
                                if span != (1, 1):
                                    sheet.spans[(r, c)] = span
                col += col_repeat
            row += row_repeat
        sheets.append(sheet)
    return sheets
