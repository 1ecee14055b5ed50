"""The text reader: decode, pick the layout (PDF lines or web-table cells), read every form."""

from __future__ import annotations

from collections.abc import Iterator

from jixiao.readers.base import ReadResult, UnreadableInput
from jixiao.readers.text_cells import read_cells, sniff_cells
from jixiao.readers.text_lines import iter_lines

_ENCODINGS = ("utf-8-sig", "gb18030")
_SNIFF_CHARS = 20_000  # the layout shows in the first pages; sniffing all of a batch is waste


def decode_text(data: bytes, name: str) -> str:
    """Bytes → str (UTF-8, else GB18030); binary or empty input is UnreadableInput."""
    if not data.strip():
        raise UnreadableInput(f"{name}: 文件为空")
    if b"\x00" in data[:4096]:
        raise UnreadableInput(f"{name}: 不是文本文件（含二进制内容）")
    for encoding in _ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _control_ratio(text) > 0.05:
            break
        return text
    raise UnreadableInput(f"{name}: 不是可识别编码的文本文件（支持 UTF-8、GBK/GB18030）")


def _control_ratio(text: str) -> float:
    sample = text[:4096]
    bad = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\r\n\t\f")
    return bad / max(len(sample), 1)


def read_text(text: str, *, filename: str | None = None) -> list[ReadResult]:
    """Every form in the text, in order, with import findings; [] when none is recognisable."""
    return list(iter_text(text, filename=filename))


def iter_text(text: str, *, filename: str | None = None) -> Iterator[ReadResult]:
    """`read_text` one form at a time (the PDF-text layout is read lazily; web-table cells, which
    are read whole, are then handed out one by one)."""
    if sniff_cells(text[:_SNIFF_CHARS]) >= 0.5:
        results = read_cells(text, filename=filename)
        if results:
            yield from results
            return
    yield from iter_lines(text, filename=filename)
