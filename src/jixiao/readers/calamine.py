"""The reader for the other spreadsheet formats: .xls and WPS .et (BIFF), .ods, .xlsb.

Stages: calamine (python-calamine, a Rust reader) loads every sheet's values — formulas as
their cached results, dates as dates — and, for .xls, the merged ranges → what calamine does not
give is read from the file itself: for .xls/.et the number format of each number cell
(`biff.scan_formats`, so `7.2` under `0.00` prints `7.20` exactly as in `readers.xlsx`), for
.xlsb the number formats and merged ranges (`xlsb.xlsb_sheets`), for .ods the text each cell
displays and its merged spans (`odf.ods_sheets`) → each sheet becomes one `Table` with refs like
`Sheet1!B5` → `grid_script.read_grid` → `grid_form.read_tables`, one sheet at a time, as for
.xlsx.
"""

from __future__ import annotations

import enum
import io
from dataclasses import dataclass, field
from typing import Any

from jixiao.core.findings import SourceRef
from jixiao.readers.base import ReadResult, UnreadableInput, damage_reason
from jixiao.readers.grid import Cell, Table
from jixiao.readers.grid_script import read_grid
from jixiao.readers.limits import (
    DEFAULT_LIMITS,
    ReadLimits,
    check_size,
    check_unpacked,
    too_many_cells,
)
from jixiao.readers.xlsx import value_text

__all__ = ["SheetFormat", "column_letter", "read_spreadsheet"]


class SheetFormat(enum.Enum):
    """The spreadsheet formats read through calamine, with their name in messages."""

    XLS = "Excel 97-2003 / WPS 表格（.xls/.et）"
    ODS = "OpenDocument 表格（.ods）"
    XLSB = "Excel 二进制工作簿（.xlsb）"




def column_letter(col: int) -> str:
    """The column's letters in a cell reference: 0 → `A`, 25 → `Z`, 26 → `AA`."""
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _open(data: bytes, name: str, kind: SheetFormat) -> Any:
    import python_calamine  # a compiled extension: imported only when such a file is read

    try:
        return python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except python_calamine.PasswordError as exc:
        raise UnreadableInput(f"{name}: {kind.value}已加密（设有打开密码），无法读取；"
                              "请取消密码后另存再读取") from exc
    except Exception as exc:  # calamine raises its own errors and ValueError on damaged files
        raise UnreadableInput(f"{name}: {kind.value}已损坏，无法打开（{damage_reason(exc)}）") \
            from exc


def _check_package(data: bytes, name: str, kind: SheetFormat, limits: ReadLimits) -> None:
    check_size(data, name, limits)
    if kind is SheetFormat.XLS:
        return
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            sizes = [m.file_size for m in package.infolist()]
    except zipfile.BadZipFile as exc:
        raise UnreadableInput(f"{name}: {kind.value}已损坏（不是有效的 ZIP 包）") from exc
    check_unpacked(sizes, name, limits)


@dataclass(frozen=True)
class _Extras:
    """What the file itself says about a sheet beyond calamine's values."""

    formats: dict[tuple[int, int], str] = field(default_factory=dict)  # number cells' formats
    #: Text as displayed: every cell of an .ods, error values (`#DIV/0!`) of .xls/.xlsb.
    texts: dict[tuple[int, int], str] = field(default_factory=dict)
    spans: dict[tuple[int, int], tuple[int, int]] | None = None  # when calamine has no merges
    #: Rows × columns up to the last cell with a value: the dense area calamine will allocate,
    #: known before it does (a few bytes can put one value at the sheet's far corner).
    area: int = 0


def _extras(data: bytes, name: str, kind: SheetFormat, limits: ReadLimits) -> dict[str, _Extras]:
    """Per sheet name, what calamine does not give for this format."""
    if kind is SheetFormat.ODS:
        from jixiao.readers.odf import ods_sheets

        return {sheet.name: _Extras(texts=sheet.texts, spans=sheet.spans, area=_area(sheet.texts))
                for sheet in ods_sheets(data, name, limits.max_cells)}
    if kind is SheetFormat.XLSB:
        from jixiao.readers.xlsb import xlsb_sheets

        return {title: _Extras(formats=sheet.formats, texts=sheet.errors, spans=sheet.spans,
                               area=_area_of(sheet.extent))
                for title, sheet in xlsb_sheets(data).items()}
    from jixiao.readers.biff import scan_formats
    from jixiao.readers.ole import ole_stream

    stream = ole_stream(data, name, "Workbook", "Book")
    if stream is None:
        raise UnreadableInput(f"{name}: 不是 Excel 工作簿（旧版 Office 文件中没有 Workbook 数据）")
    formats = scan_formats(stream)
    if formats.encrypted:
        raise UnreadableInput(f"{name}: Excel 工作簿已加密（设有打开密码），无法读取；"
                              "请在 Excel 或 WPS 中取消密码后另存再读取")
    return {title: _Extras(formats=cells, texts=formats.errors.get(title, {}),
                           area=_area_of(formats.extents.get(title, (0, 0))))
            for title, cells in formats.sheets.items()}


def _area_of(extent: tuple[int, int]) -> int:
    return extent[0] * extent[1]


def _area(cells: dict[tuple[int, int], str]) -> int:
    if not cells:
        return 0
    return (max(r for r, _ in cells) + 1) * (max(c for _, c in cells) + 1)


def read_spreadsheet(data: bytes, kind: SheetFormat, *, filename: str | None = None,
                     limits: ReadLimits = DEFAULT_LIMITS) -> list[ReadResult]:
    """Every form in an .xls/.et, .ods or .xlsb workbook, sheet by sheet, in sheet order.

    Args:
        data: the file's bytes.
        kind: the format, as sniffed from the content.
        filename: the name used in provenance and messages.
        limits: size limits (bytes, unpacked bytes, sheets, cells).

    Returns:
        One ReadResult per form; [] when the workbook has content but no form.

    Raises:
        UnreadableInput: a damaged, encrypted or oversized workbook, too many sheets or
            cells, or a workbook without any content.
    """
    name = filename or "<workbook>"
    _check_package(data, name, kind, limits)
    extras = _extras(data, name, kind, limits)
    if sum(extra.area for extra in extras.values()) > limits.max_cells:
        # calamine allocates every sheet's area (up to its last value) when it opens the file
        raise too_many_cells(name, limits.max_cells)
    workbook = _open(data, name, kind)
    try:
        from python_calamine import SheetTypeEnum

        metadata = [m for m in workbook.sheets_metadata if m.typ == SheetTypeEnum.WorkSheet]
        if len(metadata) > limits.max_sheets:
            raise UnreadableInput(
                f"{name}: 工作表过多（{len(metadata)} 个，上限 {limits.max_sheets}）")
        results: list[ReadResult] = []
        empty = True
        budget = limits.max_cells
        for meta in metadata:
            extra = extras.get(meta.name, _Extras())
            sheet = _load_sheet(workbook, meta.name, name, kind)
            budget -= sheet.height * sheet.width
            if budget < 0:
                raise too_many_cells(name, limits.max_cells)
            table = _sheet_table(sheet, meta.name, filename, extra)
            if any(c.text for c in table.cells):
                empty = False
            results.extend(read_grid([table], filename=filename))
    finally:
        workbook.close()
    if empty:
        raise UnreadableInput(f"{name}: 工作簿是空的（没有任何单元格内容）")
    return results


def _load_sheet(workbook: Any, sheet: str, name: str, kind: SheetFormat) -> Any:
    try:
        return workbook.get_sheet_by_name(sheet)
    except Exception as exc:  # a damaged sheet stream
        raise UnreadableInput(
            f"{name}: {kind.value}的工作表「{sheet}」已损坏，无法读取（{damage_reason(exc)}）") \
            from exc


def _sheet_table(sheet: Any, title: str, filename: str | None, extras: _Extras) -> Table:
    """One sheet as a Table: merged ranges as spans, refs `Sheet1!B5`."""
    spans = dict(extras.spans or {})
    for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or ():
        spans[(r0, c0)] = (r1 - r0 + 1, c1 - c0 + 1)
    covered = {(r, c) for (r0, c0), (rows, cols) in spans.items()
               for r in range(r0, r0 + rows) for c in range(c0, c0 + cols)} - set(spans)
    texts: dict[tuple[int, int], str] = {}
    for row, values in enumerate(sheet.to_python(skip_empty_area=False)):
        for col, value in enumerate(values):
            if value == "" or value is None or (row, col) in covered:
                continue
            texts[(row, col)] = value_text(value, extras.formats.get((row, col)))
    # the text the file says is displayed (.ods, error values) wins over the bare value
    texts.update({pos: text for pos, text in extras.texts.items() if pos not in covered})
    cells = [Cell(text, row, col, *spans.get((row, col), (1, 1)),
                  ref=f"{title}!{column_letter(col)}{row + 1}")
             for (row, col), text in texts.items() if text or (row, col) in spans]
    cells += [Cell("", row, col, rows, cols, ref=f"{title}!{column_letter(col)}{row + 1}")
              for (row, col), (rows, cols) in spans.items() if (row, col) not in texts]
    cells.sort(key=lambda c: (c.row, c.col))
    return Table(tuple(cells), source=SourceRef(file=filename), name=title)
