"""What calamine does not tell about an .xls/.et workbook: each number cell's number format.

The BIFF record stream (`Workbook`, or `Book` for Excel 5/95) is scanned once: the globals give
the number formats (FORMAT), the cell styles (XF, each pointing at a format), the sheets and
where they start (BOUNDSHEET), and whether the file is password-protected (FILEPASS); each
sheet's number cells (NUMBER, RK, MULRK, FORMULA) give their style. The result maps
sheet name → (row, col) → format code, so that `7.2` under `0.00` is read as `7.20`.
"""

from __future__ import annotations

import contextlib
import struct
from dataclasses import dataclass, field

__all__ = ["ERROR_TEXTS", "BiffFormats", "builtin_format", "scan_formats"]

# Record types (MS-XLS 2.3).
_BOF, _EOF = 0x0809, 0x000A
_FILEPASS = 0x002F
_CODEPAGE = 0x0042
_FORMAT_BIFF8, _FORMAT_BIFF5 = 0x041E, 0x001E
_XF = 0x00E0
_BOUNDSHEET = 0x0085
_NUMBER, _RK, _MULRK, _FORMULA = 0x0203, 0x027E, 0x00BD, 0x0006
#: Other cells that hold a value (text, boolean or error): they count for a sheet's extent.
_VALUE_CELLS = frozenset({0x00FD, 0x0204, 0x00D6, 0x0205})  # LABELSST LABEL RSTRING BOOLERR
_BIFF8 = 0x0600  # BOF version of Excel 97 and later

_BOOLERR = 0x0205
#: Error values as Excel displays them (MS-XLS 2.5.97 BErr), shared by .xlsb.
ERROR_TEXTS = {0x00: "#NULL!", 0x07: "#DIV/0!", 0x0F: "#VALUE!", 0x17: "#REF!",
               0x1D: "#NAME?", 0x24: "#NUM!", 0x2A: "#N/A", 0x2B: "#GETTING_DATA"}

#: Windows code page numbers → Python codecs, for Excel 5/95 byte strings.
_CODEPAGES = {936: "gbk", 950: "big5", 1200: "utf-16-le", 1252: "cp1252", 65001: "utf-8"}


@dataclass
class BiffFormats:
    """Number formats of one workbook: per sheet name, (row, col) → format code; and per sheet
    name the extent of the cells holding a value (rows, columns), which is the area calamine
    will allocate for the sheet."""

    encrypted: bool = False
    sheets: dict[str, dict[tuple[int, int], str]] = field(default_factory=dict)
    extents: dict[str, tuple[int, int]] = field(default_factory=dict)
    #: Per sheet name, (row, col) → an error value (`#DIV/0!` …), which calamine reads as empty.
    errors: dict[str, dict[tuple[int, int], str]] = field(default_factory=dict)


#: Built-in formats of Chinese (zh-CN) Excel and WPS that are not in Excel's common table: a
#: workbook refers to them by number without storing the format code.
_ZH_CN_BUILTIN = {
    27: 'yyyy"年"m"月"', 28: 'm"月"d"日"', 29: 'm"月"d"日"', 30: "m-d-yy",
    31: 'yyyy"年"m"月"d"日"', 32: 'h"时"mm"分"', 33: 'h"时"mm"分"ss"秒"',
    34: '上午/下午h"时"mm"分"', 35: '上午/下午h"时"mm"分"ss"秒"', 36: 'yyyy"年"m"月"',
    50: 'yyyy"年"m"月"', 51: 'm"月"d"日"', 52: 'yyyy"年"m"月"', 53: 'm"月"d"日"',
    54: 'm"月"d"日"', 55: '上午/下午h"时"mm"分"', 56: '上午/下午h"时"mm"分"ss"秒"',
    57: 'yyyy"年"m"月"', 58: 'm"月"d"日"',
}


def builtin_format(index: int) -> str:
    """The code of a built-in number format that a workbook refers to only by its number."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS  # Excel's built-in format table

    return BUILTIN_FORMATS.get(index) or _ZH_CN_BUILTIN.get(index, "General")


def _records(stream: bytes, start: int = 0) -> list[tuple[int, bytes]]:
    """Records from `start` to the matching EOF (one substream)."""
    out: list[tuple[int, bytes]] = []
    pos, size = start, len(stream)
    while pos + 4 <= size:
        rtype, length = struct.unpack_from("<HH", stream, pos)
        data = stream[pos + 4:pos + 4 + length]
        pos += 4 + length
        out.append((rtype, data))
        if rtype == _EOF:
            break
    return out


def _unicode_string(data: bytes, offset: int, count_bytes: int) -> str:
    """An XLUnicodeString (BIFF8): a 1- or 2-byte character count, a flags byte, characters."""
    if count_bytes == 2:
        (count,) = struct.unpack_from("<H", data, offset)
    else:
        count = data[offset]
    flags = data[offset + count_bytes]
    body = data[offset + count_bytes + 1:]
    if flags & 0x01:
        return body[:2 * count].decode("utf-16-le", "replace")
    return body[:count].decode("latin-1")


def _byte_string(data: bytes, offset: int, count_bytes: int, codec: str) -> str:
    """A byte string (Excel 5/95) in the workbook's code page."""
    count = struct.unpack_from("<H", data, offset)[0] if count_bytes == 2 else data[offset]
    return data[offset + count_bytes:offset + count_bytes + count].decode(codec, "replace")


def scan_formats(stream: bytes) -> BiffFormats:
    """The number format of every number cell in a BIFF5/BIFF8 workbook stream.

    A damaged record stops the scan where it is: the cells read so far keep their formats,
    the rest display as General (calamine has already read the values).
    """
    result = BiffFormats()
    with contextlib.suppress(struct.error, IndexError):
        _scan(stream, result)
    return result


def _scan(stream: bytes, result: BiffFormats) -> None:
    globals_ = _records(stream)
    if not globals_ or globals_[0][0] != _BOF:
        return
    biff8 = struct.unpack_from("<H", globals_[0][1], 0)[0] >= _BIFF8
    codec = "gbk"
    formats: dict[int, str] = {}
    xf_formats: list[int] = []
    sheets: list[tuple[str, int]] = []
    for rtype, data in globals_:
        if rtype == _FILEPASS:
            result.encrypted = True
            return
        if rtype == _CODEPAGE:
            codec = _CODEPAGES.get(struct.unpack_from("<H", data, 0)[0], codec)
        elif rtype in (_FORMAT_BIFF8, _FORMAT_BIFF5):
            (index,) = struct.unpack_from("<H", data, 0)
            formats[index] = _unicode_string(data, 2, 2) if biff8 else \
                _byte_string(data, 2, 1, codec)
        elif rtype == _XF:
            xf_formats.append(struct.unpack_from("<H", data, 2)[0])
        elif rtype == _BOUNDSHEET:
            (offset,) = struct.unpack_from("<I", data, 0)
            sheet_name = _unicode_string(data, 6, 1) if biff8 else \
                _byte_string(data, 6, 1, codec)
            sheets.append((sheet_name, offset))

    def format_of(xf: int) -> str:
        index = xf_formats[xf] if xf < len(xf_formats) else 0
        return formats.get(index) or builtin_format(index)

    for sheet_name, offset in sheets:
        cells: dict[tuple[int, int], str] = {}
        result.sheets[sheet_name] = cells  # filled as read: a damaged record keeps the rest
        errors = result.errors.setdefault(sheet_name, {})
        for rtype, data in _records(stream, offset):
            if rtype in (_NUMBER, _RK, _FORMULA):
                row, col, xf = struct.unpack_from("<HHH", data, 0)
                cells[(row, col)] = format_of(xf)
                last = (row, col)
                # a formula's cached error: FormulaValue type 2 with fExprO 0xFFFF
                if rtype == _FORMULA and data[12:14] == b"\xff\xff" and data[6] == 2:
                    errors[last] = ERROR_TEXTS.get(data[8], "#N/A")
            elif rtype == _MULRK:
                row, first = struct.unpack_from("<HH", data, 0)
                for i in range((len(data) - 6) // 6):
                    (xf,) = struct.unpack_from("<H", data, 4 + 6 * i)
                    cells[(row, first + i)] = format_of(xf)
                last = (row, first + max((len(data) - 6) // 6 - 1, 0))
            elif rtype in _VALUE_CELLS:
                last = struct.unpack_from("<HH", data, 0)
                if rtype == _BOOLERR and data[7] == 1:
                    errors[last] = ERROR_TEXTS.get(data[6], "#N/A")
            else:
                continue
            rows, cols = result.extents.get(sheet_name, (0, 0))
            result.extents[sheet_name] = (max(rows, last[0] + 1), max(cols, last[1] + 1))
