"""Pick a reader by content, not by file extension, and read every form in a source."""

from __future__ import annotations

from jixiao.readers.base import ReadResult, UnreadableInput
from jixiao.readers.json_reader import read_json, sniff_json
from jixiao.readers.pdf import read_pdf, sniff_pdf
from jixiao.readers.text import decode_text, read_text


def read_bytes(data: bytes, name: str) -> list[ReadResult]:
    """All forms in `data` (named `name` in messages).

    Raises:
        UnreadableInput: empty, binary, undecodable, malformed, or holding no form at all.
    """
    if sniff_pdf(data):
        return read_pdf(data, filename=name)
    text = decode_text(data, name)
    results = read_json(text, filename=name) if sniff_json(text) else read_text(text, filename=name)
    if not results:
        raise UnreadableInput(f"{name}: 未找到绩效自评表（没有「项目名称」或指标表）")
    return results
