"""The text reader: decode, prepare the published text (`text_prep`: 繁体, page text), pick the
layout (PDF lines or web-table cells), read every form."""

from __future__ import annotations

import codecs
import itertools
from collections.abc import Iterable, Iterator

from jixiao.readers.base import ReadResult, UnreadableInput
from jixiao.readers.glued import read_glued, sniff_glued
from jixiao.readers.json_reader import iter_json_array, read_json, sniff_json
from jixiao.readers.scrambled import repaired, sniff_scrambled
from jixiao.readers.text_cells import read_cells, sniff_cells
from jixiao.readers.text_lines import iter_lines, iter_lines_of
from jixiao.readers.text_prep import TextPrep

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
    prep = TextPrep(filename)
    yield from prep.restored(_iter_layouts(prep.text(text), filename))


def _iter_layouts(text: str, filename: str | None) -> Iterator[ReadResult]:
    """The forms of a prepared text, by the layout it shows."""
    if sniff_glued(text):
        results = read_glued(text, filename=filename)
        if results:
            yield from results
            return
    scrambled = sniff_scrambled(text)
    if sniff_cells(text[:_SNIFF_CHARS]) >= 0.5:
        results = read_cells(text, filename=filename)
        if results:
            yield from repaired(results, text, filename) if scrambled else results
            return
    if scrambled:  # spreadsheet text, values apart from their row captions: read whole
        yield from repaired(iter_lines(text, filename=filename), text, filename)
        return
    yield from iter_lines(text, filename=filename)


# ---------------------------------------------------------------- streams

_HEAD_BYTES = 4 * 4096  # enough bytes to decode the 4096 characters the encoding test looks at


def iter_text_blocks(blocks: Iterable[bytes], name: str,
                     max_chars: int | None = None) -> Iterator[ReadResult]:
    """The forms of a text or JSON source given as byte blocks (an open file's), as they come.

    The same forms, in the same order, as `read_json`/`read_text` of the whole decoded text:
    the PDF-text layout and JSON arrays are read form by form, holding one form at a time; a
    single JSON object and a web-table copy (`text_cells`, rare in batches) are read whole.

    `max_chars` bounds what is held at once (a line, a JSON element, a text read whole): an
    endless stream without line breaks ends with a refusal, not with the memory.

    Raises:
        UnreadableInput: as `decode_text` and `read_json`; a UTF-8 text that stops being UTF-8
            part-way is refused at that line (the forms before it have been handed out); a piece
            beyond `max_chars`.
    """
    chunks = _decoded(iter(blocks), name, max_chars)
    head: list[str] = []
    size = 0
    for chunk in chunks:
        head.append(chunk)
        size += len(chunk)
        if size >= _SNIFF_CHARS:
            break
    start = "".join(head)
    rest = itertools.chain((start,), chunks)
    if sniff_json(start):
        if start.lstrip().startswith("{"):
            yield from read_json(_joined(rest, name, max_chars), filename=name)
        else:
            yield from iter_json_array(rest, filename=name, max_chars=max_chars)
        return
    head = TextPrep().text(start[:_SNIFF_CHARS])
    if sniff_glued(head) or sniff_cells(head) >= 0.5 or sniff_scrambled(head):
        text = _joined(rest, name, max_chars)
        yield from iter_text(text, filename=name)
        return
    prep = TextPrep(name)
    prep.sniff(start)
    lines = prep.blocks(_line_blocks(rest, name, max_chars))
    yield from prep.restored(iter_lines_of(lines, filename=name))


def _too_long(name: str, what: str, max_chars: int) -> UnreadableInput:
    return UnreadableInput(f"{name}: {what}超过 {max_chars // (1 << 20)} MB（可用环境变量 "
                           "JIXIAO_MAX_FILE_MB 调整），不予读取")


def _joined(chunks: Iterable[str], name: str, max_chars: int | None) -> str:
    """The pieces as one text, refused once longer than `max_chars`."""
    pieces: list[str] = []
    size = 0
    for chunk in chunks:
        size += len(chunk)
        if max_chars is not None and size > max_chars:
            raise _too_long(name, "须整体读入的文本（单个 JSON 对象或网页表格复制）", max_chars)
        pieces.append(chunk)
    return "".join(pieces)


def _decoded(blocks: Iterator[bytes], name: str, max_chars: int | None = None
             ) -> Iterator[str]:
    """Decoded text pieces; the tests of `decode_text` are made on the first bytes, eagerly."""
    head = b""
    ended = True
    for block in blocks:
        head += block
        if max_chars is not None and len(head) > max_chars:
            raise UnreadableInput(f"{name}: 开头超过 {max_chars // (1 << 20)} MB 只有空白，"
                                  "不是自评表")
        if len(head) >= _HEAD_BYTES and head.strip():
            ended = False
            break
    if not head.strip():
        raise UnreadableInput(f"{name}: 文件为空")
    if b"\x00" in head[:4096]:
        raise UnreadableInput(f"{name}: 不是文本文件（含二进制内容）")
    for encoding in _ENCODINGS:
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            first = decoder.decode(head, final=ended)
        except UnicodeDecodeError:
            continue
        if _control_ratio(first) > 0.05:
            break
        return _decoding(first, decoder, blocks, name)
    raise UnreadableInput(f"{name}: 不是可识别编码的文本文件（支持 UTF-8、GBK/GB18030）")


def _decoding(first: str, decoder: codecs.IncrementalDecoder, blocks: Iterator[bytes],
              name: str) -> Iterator[str]:
    yield first
    newlines = first.count("\n")
    for block in itertools.chain(blocks, (b"",)):
        try:
            text = decoder.decode(block, final=not block)
        except UnicodeDecodeError as exc:
            raise UnreadableInput(f"{name}: 第{newlines + 1}行附近的内容与文件开头的编码不一致，"
                                  "无法读取（请把整个文件存为 UTF-8）") from exc
        newlines += text.count("\n")
        yield text


def _physical_lines(chunks: Iterable[str], name: str = "<stdin>",
                    max_chars: int | None = None) -> Iterator[str]:
    """`"".join(chunks).splitlines()`, holding no more than one piece (see `_line_blocks`)."""
    for block in _line_blocks(chunks, name, max_chars):
        yield from block.splitlines()


def _line_blocks(chunks: Iterable[str], name: str = "<stdin>",
                 max_chars: int | None = None) -> Iterator[str]:
    """The pieces of `"".join(chunks)` cut after their last "\n" (a line end that never pairs
    with what follows, unlike "\r"), so that each holds whole lines; a line longer than
    `max_chars` is refused."""
    carry = ""
    for chunk in chunks:
        text = carry + chunk if carry else chunk
        cut = text.rfind("\n") + 1
        if cut:
            yield text[:cut]
        carry = text[cut:]
        if max_chars is not None and len(carry) > max_chars:
            raise _too_long(name, "一行（没有换行的文本）", max_chars)
    if carry:
        yield carry
