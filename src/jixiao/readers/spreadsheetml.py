"""The Excel 2003 XML workbook (SpreadsheetML), which older budget systems export with an `.xls`
name (told by `office.sniff_spreadsheetml`): worksheets of `Row`/`Cell`/`Data` elements → one
`Table` per sheet → the same table mapper, limits and number display as `.xlsx`.

Positions follow `ss:Index` (1-based, skipping empty rows and cells) and `ss:MergeAcross` /
`ss:MergeDown` (a merged range; the covered cells are not written). A number prints through its
style's `NumberFormat` (`0.00` → `7.20`; the named formats `Fixed`, `Percent`, `Standard` …), as
Excel would display it; a formula cell carries its last result in `Data`.
"""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from xml.etree import ElementTree

from jixiao.core.findings import SourceRef
from jixiao.readers.base import ReadResult, UnreadableInput
from jixiao.readers.calamine import column_letter
from jixiao.readers.grid import Cell, Table
from jixiao.readers.limits import DEFAULT_LIMITS, ReadLimits, check_size, too_many_cells
from jixiao.readers.xlsx import format_datetime, format_number

__all__ = ["read_spreadsheetml"]

_NS = "urn:schemas-microsoft-com:office:spreadsheet"
_S = f"{{{_NS}}}"
_HEAD = 4096  # the XML declaration and any DOCTYPE are at the top
_DECLARATION = re.compile(rb"^\s*<\?xml[^>]*encoding=[\"']([\w.-]+)[\"'][^>]*\?>", re.IGNORECASE)
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
#: Codecs expat reads itself; anything else (GBK, GB2312 …) is decoded by Python first.
_EXPAT_CODECS = frozenset({"utf-8", "utf8", "utf-16", "utf16", "us-ascii", "ascii", "iso-8859-1",
                           "latin-1"})
#: Excel's named number formats → format codes.
_NAMED_FORMATS = {
    "general": "General", "general number": "General", "fixed": "0.00",
    "standard": "#,##0.00", "percent": "0.00%", "scientific": "0.00E+00", "currency": "#,##0.00",
    "euro currency": "#,##0.00", "short date": "yyyy/m/d", "medium date": "dd-mmm-yy",
    "long date": 'yyyy"年"m"月"d"日"', "general date": "yyyy/m/d h:mm", "short time": "h:mm",
    "medium time": "h:mm AM/PM", "long time": "h:mm:ss", "yes/no": "General",
    "true/false": "General", "on/off": "General",
}



def _parse(data: bytes, name: str) -> Any:
    if _DOCTYPE.search(data[:_HEAD]):
        raise UnreadableInput(f"{name}: Excel 2003 XML 工作簿含有文档类型声明，不予读取")
    declared = _DECLARATION.match(data)
    if declared and declared.group(1).decode("ascii").lower() not in _EXPAT_CODECS:
        codec = declared.group(1).decode("ascii").lower()
        codec = "gb18030" if codec in ("gb2312", "gbk", "gb18030") else codec
        try:
            data = data[declared.end():].decode(codec).encode("utf-8")
        except (LookupError, UnicodeDecodeError) as exc:
            raise UnreadableInput(
                f"{name}: Excel 2003 XML 工作簿的编码（{codec}）无法解码") from exc
    try:
        return ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        raise UnreadableInput(f"{name}: Excel 2003 XML 工作簿已损坏（XML 无法解析：{exc}）") \
            from exc


def _styles(root: Any) -> dict[str, str]:
    """Style id → number format code, following `ss:Parent`."""
    own: dict[str, str | None] = {}
    parents: dict[str, str] = {}
    for style in root.iter(f"{_S}Style"):
        sid = style.get(f"{_S}ID", "")
        number = style.find(f"{_S}NumberFormat")
        fmt = number.get(f"{_S}Format") if number is not None else None
        own[sid] = _NAMED_FORMATS.get(fmt.lower(), fmt) if fmt is not None else None
        if style.get(f"{_S}Parent"):
            parents[sid] = style.get(f"{_S}Parent", "")

    def resolve(sid: str, depth: int = 0) -> str:
        fmt = own.get(sid)
        if fmt is not None:
            return fmt
        if sid in parents and depth < 16:
            return resolve(parents[sid], depth + 1)
        return own.get("Default") or "General"

    return {sid: resolve(sid) for sid in own}


def _int(element: Any, attribute: str, default: int) -> int:
    try:
        return int(element.get(f"{_S}{attribute}", default))
    except ValueError:
        return default


def _data_text(data: Any, fmt: str) -> str:
    kind = data.get(f"{_S}Type", "String")
    raw = "".join(data.itertext())
    if kind == "Number":
        try:
            return format_number(Decimal(raw.strip()), fmt)
        except (InvalidOperation, ValueError):
            return raw.strip()
    if kind == "DateTime":
        try:
            return format_datetime(datetime.fromisoformat(raw.strip()), fmt)
        except ValueError:
            return raw.strip()
    if kind == "Boolean":
        return "TRUE" if raw.strip() in ("1", "true", "TRUE") else "FALSE"
    return raw.replace("\r\n", "\n").replace("\r", "\n")


def _sheet_table(sheet: Any, title: str, styles: dict[str, str], filename: str | None,
                 budget: list[int], name: str) -> Table:
    cells: list[Cell] = []
    table = sheet.find(f"{_S}Table")
    row = -1
    for tr in table.iter(f"{_S}Row") if table is not None else ():
        row = _int(tr, "Index", row + 2) - 1
        col = -1
        for tc in tr.iter(f"{_S}Cell"):
            col = _int(tc, "Index", col + 2) - 1
            across, down = max(_int(tc, "MergeAcross", 0), 0), max(_int(tc, "MergeDown", 0), 0)
            data = tc.find(f"{_S}Data")
            fmt = styles.get(tc.get(f"{_S}StyleID", ""), styles.get("Default", "General"))
            text = _data_text(data, fmt) if data is not None else ""
            if text or across or down:
                budget[0] -= 1
                if budget[0] < 0:
                    raise too_many_cells(name, budget[1])
                cells.append(Cell(text, row, col, down + 1, across + 1,
                                  ref=f"{title}!{column_letter(col)}{row + 1}"))
            col += across
        row += max(_int(tr, "Span", 0), 0)
    return Table(tuple(cells), source=SourceRef(file=filename), name=title)


def read_spreadsheetml(data: bytes, *, filename: str | None = None,
                       limits: ReadLimits = DEFAULT_LIMITS) -> list[ReadResult]:
    """Every form in an Excel 2003 XML workbook, sheet by sheet, in sheet order.

    Raises:
        UnreadableInput: damaged or oversized, too many sheets or cells, or no content.
    """
    from jixiao.readers.grid_script import read_grid

    name = filename or "<xml>"
    check_size(data, name, limits)
    root = _parse(data, name)
    styles = _styles(root)
    sheets = list(root.iter(f"{_S}Worksheet"))
    if len(sheets) > limits.max_sheets:
        raise UnreadableInput(f"{name}: 工作表过多（{len(sheets)} 个，上限 {limits.max_sheets}）")
    budget = [limits.max_cells, limits.max_cells]  # remaining, limit
    results: list[ReadResult] = []
    empty = True
    for i, sheet in enumerate(sheets):
        title = sheet.get(f"{_S}Name") or f"Sheet{i + 1}"
        table = _sheet_table(sheet, title, styles, filename, budget, name)
        if any(c.text for c in table.cells):
            empty = False
        results.extend(read_grid([table], filename=filename))
    if empty:
        raise UnreadableInput(f"{name}: 工作簿是空的（没有任何单元格内容）")
    return results
