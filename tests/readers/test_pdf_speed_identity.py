"""The PDF reader's cheaper paths give what the plain ones give (issue 9: speed without a
changed byte): the stream budget's deflate bound, and pdfium calls bound without types."""

from __future__ import annotations

import ctypes
import io
import zlib

import pytest

from jixiao.readers import pdf as reader
from jixiao.readers.base import UnreadableInput
from jixiao.readers.limits import ReadLimits


def _pdf_with_stream(content: bytes, tail: int = 0) -> bytes:
    """A PDF-like byte string with one Flate stream, followed by `tail` bytes of padding."""
    return (b"%%PDF-1.4\n1 0 obj\n<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content)
            + content + b"\nendstream\nendobj\n" + b"%" * tail + b"\n%%EOF\n")


def _inflated_sizes(data: bytes) -> list[int]:
    """What each Flate stream of `data` inflates to, measured whole (no shortcut)."""
    sizes = []
    for match in reader._STREAM_START.finditer(data):
        inflater = zlib.decompressobj()
        try:
            sizes.append(len(inflater.decompress(data[match.end():])))
        except zlib.error:
            continue
    return sizes


def test_deflate_cannot_beat_the_ratio_the_stream_check_relies_on() -> None:
    for payload in (b"\0" * (8 << 20), b"a" * (3 << 20)):
        packed = zlib.compress(payload, 9)
        assert len(payload) <= len(packed) * reader._DEFLATE_MAX_RATIO


@pytest.mark.parametrize("budget", [1 << 20, 3 << 20, 64 << 20])
@pytest.mark.parametrize(("inflated", "tail"), [(2 << 20, 0), (2 << 20, 5000),
                                                 (6 << 20, 0), (100 << 20, 0),
                                                 (100 << 10, 0)])
def test_stream_budget_refuses_exactly_what_full_measuring_refuses(
        budget: int, inflated: int, tail: int) -> None:
    data = _pdf_with_stream(zlib.compress(b"\0" * inflated, 9), tail)
    too_big = any(size > budget for size in _inflated_sizes(data))
    limits = ReadLimits(max_stream_bytes=budget)
    if too_big:
        with pytest.raises(UnreadableInput, match="解压后过大"):
            reader.check_streams(data, "x.pdf", limits)
    else:
        reader.check_streams(data, "x.pdf", limits)


def test_lean_object_calls_see_the_types_pypdfium2_sees() -> None:
    import pypdfium2 as pdfium
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.drawString(72, 720, "Hello")
    c.rect(72, 600, 200, 50, stroke=1, fill=0)
    c.line(72, 500, 300, 500)
    c.drawString(72, 480, "World")
    c.save()
    doc = pdfium.PdfDocument(buf.getvalue())
    try:
        page = doc[0]
        lean = reader._lean_calls()
        handle = reader._Address(ctypes.cast(page.raw, ctypes.c_void_p).value)
        seen = [lean.get_type(lean.get_object(handle, i))
                for i in range(pdfium.raw.FPDFPage_CountObjects(page.raw))]
        assert seen == [obj.type for obj in page.get_objects(max_depth=1)]
        assert pdfium.raw.FPDF_PAGEOBJ_PATH in seen and pdfium.raw.FPDF_PAGEOBJ_TEXT in seen
        page.close()
    finally:
        doc.close()
