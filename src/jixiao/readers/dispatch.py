"""Pick a reader by content, not by file extension, and read every form in a source."""

from __future__ import annotations

import io
import zipfile

from jixiao.readers.base import ReadResult, UnreadableInput
from jixiao.readers.decoding import decode_text
from jixiao.readers.html import page_text, read_html
from jixiao.readers.json_reader import read_json, sniff_json
from jixiao.readers.limits import DEFAULT_LIMITS, ReadLimits, check_size
from jixiao.readers.office import (
    read_mht,
    read_ole,
    read_rtf,
    read_spreadsheetml,
    read_zip_office,
    zip_office_kind,
)
from jixiao.readers.pdf import read_pdf
from jixiao.readers.sanitise import is_empty_form, sanitise_results
from jixiao.readers.sniff import (
    OLE_MAGIC,
    SNIFF_BYTES,
    ZIP_MAGIC,
    sniff_document,
    sniff_html,
    sniff_mht,
    sniff_pdf,
    sniff_rtf,
    sniff_spreadsheetml,
)
from jixiao.readers.text import read_text
from jixiao.readers.tidy import no_form, tidied

__all__ = ["DEFAULT_LIMITS", "SNIFF_BYTES", "read_bytes", "sniff_document"]


def _zip_members(data: bytes) -> set[str]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            return set(package.namelist())
    except zipfile.BadZipFile:
        return set()


def _truncated_zip(data: bytes) -> bool:
    """Whether a ZIP's directory cannot be read (cut short, or damaged at its end)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)):
            return False
    except (zipfile.BadZipFile, ValueError, OSError):
        return True


def read_bytes(data: bytes, name: str, limits: ReadLimits = DEFAULT_LIMITS) -> list[ReadResult]:
    """All forms in `data` (named `name` in messages).

    PDF is recognised by its magic, XLSX and DOCX by their ZIP members (ODS/ODT by their
    `mimetype`), old Office files by their OLE streams, RTF by `{\\rtf`, Excel 2003 XML by
    its namespace, MHT by its MIME headers, HTML by a
    `<table>`/`<html>` tag, JSON by its first character; anything else is read as text.

    Raises:
        UnreadableInput: empty, binary, undecodable, malformed, too large for `limits`, or
            holding no form at all.
    """
    check_size(data, name, limits)
    if sniff_pdf(data):
        return read_pdf(data, filename=name, max_pages=limits.max_pdf_pages, limits=limits)
    if data.startswith(ZIP_MAGIC):
        members = _zip_members(data)
        if "xl/workbook.xml" in members:
            from jixiao.readers.xlsx import read_xlsx  # openpyxl: only for workbooks

            results = read_xlsx(data, filename=name, limits=limits)
        elif "word/document.xml" in members:
            from jixiao.readers.docx import read_docx  # python-docx: only for documents

            results = read_docx(data, filename=name, limits=limits)
        elif (office_kind := zip_office_kind(data, members)) is not None:
            results = read_zip_office(data, office_kind, name, limits)  # .ods .odt .xlsb
        elif not members and _truncated_zip(data):
            kind = ("Excel 工作簿" if b"xl/" in data[:SNIFF_BYTES] else
                    "Word 文档" if b"word/" in data[:SNIFF_BYTES] else "ZIP 压缩包")
            raise UnreadableInput(f"{name}: {kind}已截断或损坏（找不到 ZIP 目录，文件不完整），"
                                  "无法读取；请重新获取完整的文件")
        else:
            raise UnreadableInput(
                f"{name}: 是 ZIP 压缩包，但不是 Excel（.xlsx）或 Word（.docx）文件")
    elif data.startswith(OLE_MAGIC):
        results = read_ole(data, name, limits)  # .xls .et .doc .wps
    elif sniff_rtf(data[:64]):
        results = read_rtf(data, name, limits)
    elif sniff_spreadsheetml(data):
        results = read_spreadsheetml(data, name, limits)  # Excel 2003 XML, often named .xls
    elif sniff_mht(data):
        results = read_mht(data, name, limits)  # a web page saved as one file (.mht/.doc/.xls)
    elif sniff_html(data):
        # a page without form tables may still print the form as paragraphs
        results = read_html(data, filename=name, limits=limits) or read_text(page_text(data, name),
                                                              filename=name)
    else:
        text = decode_text(data, name)
        if sniff_json(text):  # canonical JSON says what it holds: a blank draft is a form
            return sanitise_results(read_json(text, filename=name), name)
        results = read_text(text, filename=name)
    if not results:
        raise no_form(name)
    if all(is_empty_form(r) for r in results):
        raise no_form(name, name_only=True)
    return sanitise_results([tidied(r, name) for r in results], name)
