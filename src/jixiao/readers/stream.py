"""Read an open source as a stream: text and JSON forms one at a time, documents whole.

A text or JSON file of any size is read in blocks and its forms handed out as they are found, so
a batch holds one form at a time; the size limit (`ReadLimits.max_bytes`) protects what must be
held whole — PDF, office packages (ZIP bombs), HTML pages — not streams of forms.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from jixiao.readers.base import ReadResult, UnreadableInput
from jixiao.readers.decoding import decoded, opening
from jixiao.readers.json_reader import iter_json_pieces, sniff_json
from jixiao.readers.limits import DEFAULT_LIMITS, ReadLimits, check_length, check_size
from jixiao.readers.sanitise import is_empty_form, sanitise_result
from jixiao.readers.sniff import SNIFF_BYTES, sniff_document

#: Bytes read at a time from a text or JSON source.
BLOCK_BYTES = 1 << 20
#: Heading-only forms held back at the start of a stream (a stream of nothing but headings ends
#: as "no form"; past this many they are handed out as read).
_HELD_MAX = 1000


def read_stream(handle: BinaryIO, name: str, limits: ReadLimits = DEFAULT_LIMITS
                ) -> Iterator[ReadResult]:
    """Every form of the source open as `handle` (named `name` in messages), in order.

    The same forms as `dispatch.read_bytes` of the whole content, but text and JSON arrays are
    read block by block and each form handed out once read.

    Raises:
        UnreadableInput: as `read_bytes` (for a stream, possibly after some forms were handed out).
    """
    head = handle.read(SNIFF_BYTES)
    if not head:
        raise UnreadableInput(f"{name}: 文件为空")
    if sniff_document(head):
        from jixiao.readers.dispatch import read_bytes  # the document readers load only here

        yield from read_bytes(_whole(handle, head, name, limits), name, limits)
        return
    canonical = head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith((b"[", b"{"))  # JSON
    held: list[ReadResult] = []  # forms with headings only, handed out once a real form comes
    found = False
    results = iter_text_blocks(_blocks(handle, head), name, limits.max_bytes)
    if canonical:  # JSON forms as they are: nothing to tidy, none held back
        for result in results:
            found = True
            yield sanitise_result(result, name)
    else:
        from jixiao.readers.tidy import tidied  # with what it loads, text only

        for result in results:
            result = tidied(result, name)  # placeholders and an execution row, as `read_bytes`
            if not found and is_empty_form(result) and len(held) < _HELD_MAX:
                held.append(result)
                continue
            found = True
            for early in held:
                yield sanitise_result(early, name)
            held = []
            yield sanitise_result(result, name)
    if not found:
        from jixiao.readers.tidy import no_form

        raise no_form(name, name_only=bool(held))


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
    start, pieces = opening(decoded(iter(blocks), name, max_chars))
    if sniff_json(start):
        yield from iter_json_pieces(start, pieces, name, max_chars)
        return
    from jixiao.readers.text import iter_text_pieces  # the text layouts load only for text

    yield from iter_text_pieces(start, pieces, name, max_chars)




def _blocks(handle: BinaryIO, head: bytes) -> Iterator[bytes]:
    yield head
    while block := handle.read(BLOCK_BYTES):
        yield block


def _whole(handle: BinaryIO, head: bytes, name: str, limits: ReadLimits) -> bytes:
    """The rest of a document, refused (by its size on disk, when known) above the limit."""
    try:
        info = os.fstat(handle.fileno())
    except (OSError, AttributeError, ValueError):  # BytesIO and the like: no descriptor
        info = None
    if info is not None and stat.S_ISREG(info.st_mode):
        check_length(info.st_size, name, limits)
    data = head + handle.read(limits.max_bytes + 1 - len(head))
    check_size(data, name, limits)
    return data
