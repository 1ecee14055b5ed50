"""Office files other than .xlsx/.docx, told apart by content: old binary Office (.xls/.et,
.doc/.wps in an OLE2 container), OpenDocument (.ods/.odt), .xlsb, RTF, Excel 2003 XML and
single-file web pages (MHT).

Spreadsheets go to `readers.calamine`; word processor files to `readers.office_convert`
(LibreOffice → .docx → `readers.docx`), except an .odt when LibreOffice is absent, whose tables
`readers.odf.read_odt` reads directly; Excel 2003 XML goes to `readers.spreadsheetml`, and an
MHT's HTML part back to `dispatch.read_bytes`. The file extension is never consulted: a `.xls`
that is HTML or XLSX inside never reaches this module, a `.doc` that is RTF inside is read as RTF.
"""

from __future__ import annotations

from jixiao.readers.base import ReadResult, UnreadableInput
from jixiao.readers.limits import DEFAULT_LIMITS, ReadLimits
from jixiao.readers.ole import OleKind, ole_kind
from jixiao.readers.sniff import sniff_mht, sniff_rtf, sniff_spreadsheetml

__all__ = ["read_mht", "read_ole", "read_rtf", "read_spreadsheetml", "read_zip_office",
           "sniff_mht", "sniff_rtf", "sniff_spreadsheetml", "zip_office_kind"]

_ODF_SPREADSHEET = "application/vnd.oasis.opendocument.spreadsheet"
_ODF_TEXT = "application/vnd.oasis.opendocument.text"



def read_spreadsheetml(data: bytes, name: str,
                       limits: ReadLimits = DEFAULT_LIMITS) -> list[ReadResult]:
    """Every form in an Excel 2003 XML workbook (`readers.spreadsheetml`)."""
    from jixiao.readers import spreadsheetml

    return spreadsheetml.read_spreadsheetml(data, filename=name, limits=limits)


def read_mht(data: bytes, name: str, limits: ReadLimits = DEFAULT_LIMITS) -> list[ReadResult]:
    """Every form in an MHT file: its first HTML part, decoded, read as the page it is.

    Raises:
        UnreadableInput: no HTML part, or the page holds no form.
    """
    import email
    import email.policy

    from jixiao.readers.dispatch import read_bytes

    message = email.message_from_bytes(data, policy=email.policy.compat32)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            page = part.get_payload(decode=True)
            if isinstance(page, bytes) and page.strip():
                charset = part.get_content_charset()
                if charset and b"charset" not in page[:2048].lower():
                    # the charset is in the MIME header only: tell the HTML reader
                    page = f'<meta charset="{charset}">'.encode("ascii") + page
                return read_bytes(page, name, limits)
    raise UnreadableInput(f"{name}: 是单个文件网页（MHT），但其中没有网页内容")


def zip_office_kind(data: bytes, members: set[str]) -> str | None:
    """`ods`, `odt` or `xlsb` for a ZIP package that is one of them, else None."""
    if "xl/workbook.bin" in members:
        return "xlsb"
    if "mimetype" in members and "content.xml" in members:
        from jixiao.readers.odf import odf_mimetype

        mimetype = odf_mimetype(data) or ""
        if mimetype.startswith(_ODF_SPREADSHEET):
            return "ods"
        if mimetype.startswith(_ODF_TEXT):
            return "odt"
    return None


def read_zip_office(data: bytes, kind: str, name: str,
                    limits: ReadLimits = DEFAULT_LIMITS) -> list[ReadResult]:
    """Every form in an .ods, .odt or .xlsb package (`kind` from `zip_office_kind`).

    Raises:
        UnreadableInput: password-protected, damaged, or (.odt) LibreOffice failing.
    """
    if kind in ("ods", "odt"):
        from jixiao.readers.odf import odf_encrypted

        if odf_encrypted(data):
            raise UnreadableInput(f"{name}: OpenDocument 文件已加密（设有打开密码），无法读取；"
                                  "请取消密码后另存再读取")
    if kind == "odt":
        from jixiao.readers.office_convert import DocumentFormat, find_soffice, read_converted

        if find_soffice() is None:  # OpenDocument tables are plain XML: read them directly
            from jixiao.readers.odf import read_odt

            return read_odt(data, filename=name, limits=limits)
        return read_converted(data, DocumentFormat.ODT, filename=name, limits=limits)
    from jixiao.readers.calamine import SheetFormat, read_spreadsheet

    sheet_format = SheetFormat.ODS if kind == "ods" else SheetFormat.XLSB
    return read_spreadsheet(data, sheet_format, filename=name, limits=limits)


def read_ole(data: bytes, name: str, limits: ReadLimits = DEFAULT_LIMITS) -> list[ReadResult]:
    """Every form in an OLE2 compound file: an .xls/.et workbook or a .doc/.wps document.

    Raises:
        UnreadableInput: encrypted, damaged, or another kind of OLE file (PowerPoint, MSG …).
    """
    kind = ole_kind(data, name)
    if kind is OleKind.WORKBOOK:
        from jixiao.readers.calamine import SheetFormat, read_spreadsheet

        return read_spreadsheet(data, SheetFormat.XLS, filename=name, limits=limits)
    if kind is OleKind.DOCUMENT:
        from jixiao.readers.office_convert import DocumentFormat, read_converted
        from jixiao.readers.ole import word_encrypted

        if word_encrypted(data, name):
            raise UnreadableInput(f"{name}: Word 文档已加密（设有打开密码），无法读取；"
                                  "请在 Word 或 WPS 中取消密码后另存再读取")

        return read_converted(data, DocumentFormat.DOC, filename=name, limits=limits)
    if kind is OleKind.ENCRYPTED_PACKAGE:
        raise UnreadableInput(f"{name}: Office 文件已加密（设有打开密码），无法读取；"
                              "请在 Excel/Word 或 WPS 中取消密码后另存再读取")
    raise UnreadableInput(
        f"{name}: 是旧版 Office 文件，但既不是 Excel 工作簿也不是 Word 文档，未找到绩效自评表；"
        "如是 WPS 等软件的专有格式，请另存为 .xlsx 或 .docx 后再读取")


def read_rtf(data: bytes, name: str, limits: ReadLimits = DEFAULT_LIMITS) -> list[ReadResult]:
    """Every form in an RTF document (LibreOffice → .docx)."""
    from jixiao.readers.office_convert import DocumentFormat, read_converted

    return read_converted(data, DocumentFormat.RTF, filename=name, limits=limits)
