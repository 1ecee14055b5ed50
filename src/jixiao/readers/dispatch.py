"""Pick a reader by content, not by file extension, and read every form in a source."""

from __future__ import annotations

import io
import zipfile

from jixiao.readers.base import ReadResult, UnreadableInput
from jixiao.readers.html import page_text, read_html, sniff_html
from jixiao.readers.json_reader import read_json, sniff_json
from jixiao.readers.limits import ReadLimits, check_size
from jixiao.readers.office import (
    read_mht,
    read_ole,
    read_rtf,
    read_spreadsheetml,
    read_zip_office,
    sniff_mht,
    sniff_rtf,
    sniff_spreadsheetml,
    zip_office_kind,
)
from jixiao.readers.parts.execution_row import move_execution_rows
from jixiao.readers.pdf import read_pdf, sniff_pdf
from jixiao.readers.placeholders import drop_placeholders
from jixiao.readers.sanitise import is_empty_form, sanitise_results
from jixiao.readers.text import decode_text, read_text

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


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


DEFAULT_LIMITS = ReadLimits()

#: Bytes that `sniff_document` needs to see (the HTML sniffer looks this far).
SNIFF_BYTES = 65536


def sniff_document(head: bytes) -> bool:
    """Whether a source starting with `head` is a document read whole by `read_bytes` (PDF,
    ZIP/OLE office files, RTF, HTML) rather than text or JSON, which can be read as a stream:
    the same tests as `read_bytes` makes, in the same order, before it decodes text."""
    return (sniff_pdf(head) or head.startswith((_ZIP_MAGIC, _OLE_MAGIC))
            or sniff_rtf(head[:64]) or sniff_spreadsheetml(head) or sniff_mht(head)
            or sniff_html(head[:SNIFF_BYTES]))


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
    if data.startswith(_ZIP_MAGIC):
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
    elif data.startswith(_OLE_MAGIC):
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


def tidied(result: ReadResult, name: str) -> ReadResult:
    """A read form without template placeholder rows (JX039) and with a 预算执行率 row of its
    indicator table read into its funds part (JX017): what every layout may leave."""
    return move_execution_rows(drop_placeholders(result, name), name)


def no_form(name: str, *, name_only: bool = False) -> UnreadableInput:
    """The refusal of a source without a form (nothing found, or a project name and nothing
    else: `name_only`)."""
    if name_only:
        return UnreadableInput(f"{name}: 未找到绩效自评表（只有「项目名称」，没有表头其他栏目、"
                               "资金表、绩效目标或指标表，不算一张表）")
    return UnreadableInput(f"{name}: 未找到绩效自评表（没有「项目名称」或指标表）")
