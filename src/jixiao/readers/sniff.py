"""What a source is, told from its first bytes, without loading the readers that read it: a
batch of JSON or text forms never imports the PDF, office or HTML readers."""

from __future__ import annotations

import re

#: Bytes that `sniff_document` needs to see (the HTML sniffer looks this far).
SNIFF_BYTES = 65536

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_RTF_MAGIC = b"{\\rtf"
_BOM_AND_SPACE = b"\xef\xbb\xbf \t\r\n"


def sniff_document(head: bytes) -> bool:
    """Whether a source starting with `head` is a document read whole by `dispatch.read_bytes`
    (PDF, ZIP/OLE office files, RTF, HTML) rather than text or JSON, which can be read as a
    stream: the same tests as `read_bytes` makes, in the same order, before it decodes text."""
    return (sniff_pdf(head) or head.startswith((ZIP_MAGIC, OLE_MAGIC))
            or sniff_rtf(head[:64]) or sniff_spreadsheetml(head) or sniff_mht(head)
            or sniff_html(head[:SNIFF_BYTES]))


def sniff_pdf(data: bytes) -> bool:
    """Whether the bytes are a PDF (`%PDF-` within the first 1 KiB, as readers allow)."""
    return PDF_MAGIC in data[:1024]


def sniff_rtf(head: bytes) -> bool:
    """Whether a source is an RTF document (`{\\rtf`, after any BOM or whitespace)."""
    return head.lstrip(_BOM_AND_SPACE).startswith(_RTF_MAGIC)


_SPREADSHEETML_NS = b"urn:schemas-microsoft-com:office:spreadsheet"
_SPREADSHEETML_ROOT = re.compile(rb"<(?:\w+:)?Workbook\b")
#: The namespace is declared on the root element, near the top.
_SPREADSHEETML_HEAD = 4096


def sniff_spreadsheetml(head: bytes) -> bool:
    """Whether a source is an Excel 2003 XML workbook (often named .xls by the exporting system)."""
    head = head[:_SPREADSHEETML_HEAD]
    return _SPREADSHEETML_NS in head and _SPREADSHEETML_ROOT.search(head) is not None


_MHT_HEAD = 2048  # the MIME headers come first
_MHT_MIME = re.compile(rb"^(?:[\w-]+:[^\r\n]*\r?\n(?:[ \t][^\r\n]*\r?\n)*)*?"
                       rb"MIME-Version:", re.IGNORECASE)


def sniff_mht(head: bytes) -> bool:
    """Whether a source is a "single file web page" (MHT): MIME headers, `multipart/related`.
    Word and Excel save it when asked for a web page, often under a .doc or .xls name."""
    head = head[:_MHT_HEAD].lstrip(_BOM_AND_SPACE)
    return _MHT_MIME.match(head) is not None and b"multipart/related" in head.lower()


_HTML = re.compile(rb"<\s*(html|table|!doctype\s+html)\b", re.IGNORECASE)


def sniff_html(data: bytes) -> bool:
    """Whether the bytes look like an HTML page or fragment (a `<table>` or `<html>`)."""
    return bool(_HTML.search(data[:SNIFF_BYTES]))
