"""What calamine does not tell about an Excel binary workbook (.xlsb): each number cell's format
and the merged ranges.

An .xlsb is a ZIP package of BIFF12 record streams. `xl/styles.bin` lists the number formats
(BrtFmt) and the cell styles (BrtXF inside the cell-XF list, each pointing at a format);
`xl/workbook.bin` names the sheets and their relationship ids (BrtBundleSh), resolved to part
names by `xl/_rels/workbook.bin.rels`; each sheet part gives its rows (BrtRowHdr) and its number
cells (BrtCellRk, BrtCellReal, BrtFmlaNum) with their style, and its merged ranges
(BrtMergeCell).
"""

from __future__ import annotations

import contextlib
import io
import posixpath
import struct
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.etree import ElementTree

from jixiao.readers.biff import ERROR_TEXTS, builtin_format

__all__ = ["XlsbSheet", "xlsb_sheets"]

# Record types (MS-XLSB 2.3).
_ROW_HDR = 0
_CELL_RK, _CELL_REAL, _FMLA_NUM = 2, 5, 9
_CELL_ERROR, _FMLA_ERROR = 3, 11
_FIRST_VALUE_CELL, _LAST_VALUE_CELL = 2, 11  # BrtCellRk … BrtFmlaError (1 is a blank cell)
_FMT, _XF = 44, 47
_BUNDLE_SH = 156
_BEGIN_CELL_XFS, _END_CELL_XFS = 617, 618
_MERGE_CELL = 176

_RELS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def _records(data: bytes) -> Iterator[tuple[int, bytes]]:
    """(type, payload) of each record: type and size are 7-bit varints (≤ 2 and ≤ 4 bytes)."""
    pos, size = 0, len(data)
    while pos < size:
        rtype = 0
        for shift in (0, 7):
            byte = data[pos]
            pos += 1
            rtype |= (byte & 0x7F) << shift
            if not byte & 0x80:
                break
        length = 0
        for shift in (0, 7, 14, 21):
            byte = data[pos]
            pos += 1
            length |= (byte & 0x7F) << shift
            if not byte & 0x80:
                break
        yield rtype, data[pos:pos + length]
        pos += length


def _wide_string(data: bytes, offset: int) -> tuple[str, int]:
    """An XLWideString (a 4-byte character count, UTF-16LE) and the offset after it."""
    (count,) = struct.unpack_from("<I", data, offset)
    end = offset + 4 + 2 * count
    return data[offset + 4:end].decode("utf-16-le", "replace"), end


def _styles(package: zipfile.ZipFile) -> list[str]:
    """The number format code of each cell style (cell-XF index)."""
    try:
        data = package.read("xl/styles.bin")
    except KeyError:
        return []
    formats: dict[int, str] = {}
    xf_formats: list[int] = []
    in_cell_xfs = False
    for rtype, payload in _records(data):
        if rtype == _FMT:
            (index,) = struct.unpack_from("<H", payload, 0)
            formats[index] = _wide_string(payload, 2)[0]
        elif rtype == _BEGIN_CELL_XFS:
            in_cell_xfs = True
        elif rtype == _END_CELL_XFS:
            in_cell_xfs = False
        elif rtype == _XF and in_cell_xfs:
            xf_formats.append(struct.unpack_from("<H", payload, 2)[0])
    return [formats.get(index) or builtin_format(index) for index in xf_formats]


def _sheet_parts(package: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(sheet name, part name) in workbook order."""
    rels = ElementTree.fromstring(package.read("xl/_rels/workbook.bin.rels"))
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels.iter(f"{_RELS_NS}Relationship")}
    sheets: list[tuple[str, str]] = []
    for rtype, payload in _records(package.read("xl/workbook.bin")):
        if rtype == _BUNDLE_SH:
            rel_id, offset = _wide_string(payload, 8)
            name, _ = _wide_string(payload, offset)
            target = targets.get(rel_id, "")
            part = target.lstrip("/") if target.startswith("/") else \
                posixpath.normpath(posixpath.join("xl", target))
            sheets.append((name, part))
    return sheets


@dataclass
class XlsbSheet:
    """One sheet: (row, col) → number format code, and (row, col) → (rows, cols) merged."""

    formats: dict[tuple[int, int], str] = field(default_factory=dict)
    spans: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    extent: tuple[int, int] = (0, 0)  # rows and columns up to the last cell holding a value
    errors: dict[tuple[int, int], str] = field(default_factory=dict)  # `#DIV/0!` …


def xlsb_sheets(data: bytes) -> dict[str, XlsbSheet]:
    """Number formats and merged ranges of every sheet of an .xlsb package, by sheet name.

    A damaged part stops the scan of that part where it is: what was read so far is kept, the
    rest of the numbers display as General (calamine has already read the values).
    """
    result: dict[str, XlsbSheet] = {}
    with contextlib.suppress(zipfile.BadZipFile, KeyError, ElementTree.ParseError, struct.error,
                             IndexError), zipfile.ZipFile(io.BytesIO(data)) as package:
        styles = _styles(package)
        for name, part in _sheet_parts(package):
            sheet = result[name] = XlsbSheet()
            with contextlib.suppress(KeyError, struct.error, IndexError):
                _scan_sheet(package.read(part), styles, sheet)
    return result


def _scan_sheet(data: bytes, styles: list[str], sheet: XlsbSheet) -> None:
    row = 0
    for rtype, payload in _records(data):
        if rtype == _ROW_HDR:
            (row,) = struct.unpack_from("<I", payload, 0)
        elif _FIRST_VALUE_CELL <= rtype <= _LAST_VALUE_CELL:
            col, style = struct.unpack_from("<II", payload, 0)
            sheet.extent = (max(sheet.extent[0], row + 1), max(sheet.extent[1], col + 1))
            if rtype in (_CELL_ERROR, _FMLA_ERROR):
                sheet.errors[(row, col)] = ERROR_TEXTS.get(payload[8], "#N/A")
            elif rtype in (_CELL_RK, _CELL_REAL, _FMLA_NUM):
                style &= 0xFFFFFF  # the low 24 bits; the high byte holds flags
                sheet.formats[(row, col)] = styles[style] if style < len(styles) else "General"
        elif rtype == _MERGE_CELL:
            first_row, last_row, first_col, last_col = struct.unpack_from("<IIII", payload, 0)
            sheet.spans[(first_row, first_col)] = (last_row - first_row + 1,
                                                   last_col - first_col + 1)
