"""Decoding a text or JSON source as it streams: its encoding told from the first bytes, pieces
bounded in size, lines handed out whole. Light on purpose: a JSON batch reads through it without
loading the text layouts."""

from __future__ import annotations

import codecs
import itertools
from collections.abc import Iterable, Iterator

from jixiao.readers.base import UnreadableInput

_ENCODINGS = ("utf-8-sig", "gb18030")
#: The characters a source is judged by (JSON or text, and the text's layout): the layout shows in
#: the first pages; sniffing all of a batch is waste.
SNIFF_CHARS = 20_000
_HEAD_BYTES = 4 * 4096  # enough bytes to decode the 4096 characters the encoding test looks at


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


def opening(pieces: Iterator[str]) -> tuple[str, Iterator[str]]:
    """The first `SNIFF_CHARS` or so characters of decoded pieces, and all the pieces again
    (those first ones included)."""
    head: list[str] = []
    size = 0
    for piece in pieces:
        head.append(piece)
        size += len(piece)
        if size >= SNIFF_CHARS:
            break
    start = "".join(head)
    return start, itertools.chain((start,), pieces)


def too_long(name: str, what: str, max_chars: int) -> UnreadableInput:
    return UnreadableInput(f"{name}: {what}超过 {max_chars // (1 << 20)} MB（可用环境变量 "
                           "JIXIAO_MAX_FILE_MB 调整），不予读取")


def joined(chunks: Iterable[str], name: str, max_chars: int | None) -> str:
    """The pieces as one text, refused once longer than `max_chars`."""
    pieces: list[str] = []
    size = 0
    for chunk in chunks:
        size += len(chunk)
        if max_chars is not None and size > max_chars:
            raise too_long(name, "须整体读入的文本（单个 JSON 对象或网页表格复制）", max_chars)
        pieces.append(chunk)
    return "".join(pieces)


def decoded(blocks: Iterator[bytes], name: str, max_chars: int | None = None
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


def physical_lines(chunks: Iterable[str], name: str = "<stdin>",
                    max_chars: int | None = None) -> Iterator[str]:
    """`"".join(chunks).splitlines()`, holding no more than one piece (see `line_blocks`)."""
    for block in line_blocks(chunks, name, max_chars):
        yield from block.splitlines()


def line_blocks(chunks: Iterable[str], name: str = "<stdin>",
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
            raise too_long(name, "一行（没有换行的文本）", max_chars)
    if carry:
        yield carry
