"""The JSON reader: canonical form JSON (schema 1), a single object or an array."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator

from jixiao.core.form_json import FormJSONError, form_from_dict, forms_from_json_value
from jixiao.readers.base import ReadResult, UnreadableInput


def sniff_json(text: str) -> bool:
    """Whether the text is meant as JSON (starts with `[` or `{`)."""
    return text.lstrip().startswith(("[", "{"))


def read_json(text: str, *, filename: str | None = None) -> list[ReadResult]:
    """Forms from canonical JSON; malformed JSON or a wrong shape is UnreadableInput."""
    name = filename or "<stdin>"
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UnreadableInput(
            f"{name}: JSON 格式错误（第{exc.lineno}行第{exc.colno}列）：{exc.msg}") from exc
    try:
        forms = forms_from_json_value(data)
    except FormJSONError as exc:
        raise UnreadableInput(f"{name}: {exc.path}: {exc.message}") from exc
    return [ReadResult(form=f) for f in forms]


_WHITESPACE = re.compile(r"[ \t\n\r]*")  # JSON's whitespace, as the `json` module skips it
_DECODER = json.JSONDecoder()


def iter_json_array(chunks: Iterable[str], *, filename: str | None = None
                    ) -> Iterator[ReadResult]:
    """The forms of a JSON array given in pieces (an open file's text), one element at a time.

    Each element is parsed by the `json` module itself (`raw_decode`) once it is whole, so values,
    errors and their line/column are those of `read_json`; only the element being read is held.

    Raises:
        UnreadableInput: malformed JSON (line and column in the whole text) or a wrong shape
            (`$[i].field`), after the forms before it have been handed out.
    """
    scanner = _ArrayScanner(iter(chunks), filename or "<stdin>")
    return scanner.forms()


class _ArrayScanner:
    """Walks `[ value , value ... ]` over a growing buffer; `pos` indexes into `buf`."""

    def __init__(self, chunks: Iterator[str], name: str) -> None:
        self.chunks = chunks
        self.name = name
        self.buf = ""
        self.pos = 0
        self.lines_before = 0  # newlines in the text already dropped from the buffer
        self.col_before = 0  # characters after the last of them
        self.ended = False

    def more(self) -> bool:
        """Append the next piece (dropping what is consumed); False at the end of the text."""
        if self.ended:
            return False
        chunk = next(self.chunks, None)
        if chunk is None:
            self.ended = True
            return False
        done = self.buf[: self.pos]
        newlines = done.count("\n")
        if newlines:
            self.lines_before += newlines
            self.col_before = len(done) - done.rfind("\n") - 1
        else:
            self.col_before += len(done)
        self.buf = self.buf[self.pos:] + chunk
        self.pos = 0
        return True

    def skip_space(self) -> str:
        """Skip whitespace; the next character, or '' at the end of the text."""
        while True:
            self.pos = _WHITESPACE.match(self.buf, self.pos).end()  # type: ignore[union-attr]
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self.more():
                return ""

    def value(self) -> object:
        while True:
            try:
                obj, end = _DECODER.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as exc:
                if self.more():
                    continue
                raise self.error(exc.msg, exc.pos) from exc
            if end == len(self.buf) and self.more():
                continue  # a number may go on in the next piece
            self.pos = end
            return obj

    def error(self, message: str, pos: int) -> UnreadableInput:
        newline = self.buf.rfind("\n", 0, pos)
        line = self.lines_before + self.buf.count("\n", 0, pos) + 1
        column = pos - newline if newline >= 0 else self.col_before + pos + 1
        return UnreadableInput(f"{self.name}: JSON 格式错误（第{line}行第{column}列）：{message}")

    def forms(self) -> Iterator[ReadResult]:
        if self.skip_space() != "[":
            raise self.error("Expecting value", self.pos)
        self.pos += 1
        index = 0
        if self.skip_space() != "]":
            while True:
                item = self.value()
                try:
                    form = form_from_dict(item, f"$[{index}]")
                except FormJSONError as exc:
                    raise UnreadableInput(f"{self.name}: {exc.path}: {exc.message}") from exc
                yield ReadResult(form=form)
                index += 1
                following = self.skip_space()
                if following == "]":
                    break
                if following != ",":
                    raise self.error("Expecting ',' delimiter", self.pos)
                self.pos += 1
                self.skip_space()
        self.pos += 1
        if self.skip_space():
            raise self.error("Extra data", self.pos)
