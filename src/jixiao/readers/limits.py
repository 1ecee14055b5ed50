"""How much a reader may take in: sizes, pages, cells, spans, pixels (values set by settings).

Every limit is checked while reading, before the work it protects is done (before openpyxl
allocates a merged range, before a PDF page is rendered, before a JSON value is parsed), and a
refusal is one line naming the file, the limit and the environment variable that raises it.
"""

from __future__ import annotations

from dataclasses import dataclass

from jixiao.readers.base import UnreadableInput

MIB = 1024 * 1024

#: The environment variable that sets each limit (`services.settings` declares them; a test
#: keeps the two in step). Limits without one are fixed by the formats themselves.
LIMIT_ENV: dict[str, str] = {
    "max_bytes": "JIXIAO_MAX_FILE_MB",
    "max_uncompressed": "JIXIAO_MAX_UNCOMPRESSED_MB",
    "max_pdf_pages": "JIXIAO_PDF_MAX_PAGES",
    "max_sheets": "JIXIAO_XLSX_MAX_SHEETS",
    "max_cells": "JIXIAO_XLSX_MAX_CELLS",
    "max_tables": "JIXIAO_DOCX_MAX_TABLES",
    "max_rows": "JIXIAO_XLSX_MAX_ROWS",
    "max_columns": "JIXIAO_XLSX_MAX_COLUMNS",
    "max_merged": "JIXIAO_XLSX_MAX_MERGED_CELLS",
    "max_table_cells": "JIXIAO_MAX_TABLE_CELLS",
    "max_page_side": "JIXIAO_PDF_MAX_PAGE_PT",
    "max_render_pixels": "JIXIAO_OCR_MAX_MEGAPIXELS",
    "max_stream_bytes": "JIXIAO_PDF_MAX_STREAM_MB",
    "max_ocr_pages": "JIXIAO_OCR_MAX_PAGES",
}

#: Spans as browsers clamp them (the HTML table model): rowspan ≤ 65534, colspan ≤ 1000.
HTML_MAX_ROWSPAN = 65534
HTML_MAX_COLSPAN = 1000

#: JSON: integers longer than this are refused before they are converted (a form holds none;
#: 4,300 digits is where Python itself refuses). Nesting is bounded by the interpreter's recursion
#: limit, reached as a clean refusal (`json_reader.loads`).
JSON_MAX_DIGITS = 64


@dataclass(frozen=True)
class ReadLimits:
    """Limits for one source; bigger inputs are refused with a clear message, not read."""

    max_bytes: int = 50 * MIB
    max_uncompressed: int = 500 * MIB
    max_pdf_pages: int = 200
    max_sheets: int = 200
    max_cells: int = 200_000
    max_tables: int = 2000
    max_rows: int = 100_000
    max_columns: int = 1000
    max_merged: int = 100_000  # cells covered by merged ranges, per sheet
    max_table_cells: int = 1_000_000
    max_page_side: int = 5000  # points (A0 is 2384 × 3370)
    max_render_pixels: int = 40 * 1000 * 1000
    max_stream_bytes: int = 256 * MIB
    max_ocr_pages: int = 20


#: The limits every reader applies unless given others (settings may set them per run).
DEFAULT_LIMITS = ReadLimits()


def refuse(name: str, what: str, actual: object, limit_field: str,
           limit: object) -> UnreadableInput:
    """The one-line refusal of a source beyond a limit: the file, what, the limit, the setting."""
    env = LIMIT_ENV[limit_field]
    return UnreadableInput(
        f"{name}: {what}（{actual}，上限 {limit}；可用环境变量 {env} 调整），不予读取")


def too_many_cells(name: str, limit: int) -> UnreadableInput:
    """The refusal of a workbook with more cells than `limit` (`JIXIAO_XLSX_MAX_CELLS`)."""
    return UnreadableInput(
        f"{name}: 单元格过多（上限 {limit}；可用环境变量 JIXIAO_XLSX_MAX_CELLS 调整），不予读取")


def check_size(data: bytes, name: str, limits: ReadLimits) -> None:
    """Refuse an empty file or one larger than `limits.max_bytes` (UnreadableInput)."""
    if not data:
        raise UnreadableInput(f"{name}: 文件为空")
    check_length(len(data), name, limits)


def check_length(size: int, name: str, limits: ReadLimits) -> None:
    """Refuse a source of `size` bytes larger than `limits.max_bytes` (UnreadableInput)."""
    if size > limits.max_bytes:
        raise UnreadableInput(f"{name}: 文件过大（{size / MIB:.1f} MB，上限 "
                              f"{limits.max_bytes / MIB:.0f} MB，可用 JIXIAO_MAX_FILE_MB 调整）")


def check_unpacked(sizes: list[int], name: str, limits: ReadLimits) -> None:
    """Refuse a ZIP package whose members unpack beyond `limits.max_uncompressed`."""
    if sum(sizes) > limits.max_uncompressed:
        raise UnreadableInput(
            f"{name}: 解压后过大（上限 {limits.max_uncompressed // MIB} MB，"
            "可用 JIXIAO_MAX_UNCOMPRESSED_MB 调整），不予读取")
