"""The JSON reader: canonical form JSON (schema 1), a single object or an array."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator

from jixiao.core.form_json import FormJSONError, form_from_dict, forms_from_json_value
from jixiao.readers.base import ReadResult, UnreadableInput
from jixiao.readers.decoding import joined
from jixiao.readers.limits import JSON_MAX_DIGITS


def sniff_json(text: str) -> bool:
    """Whether the text is meant as JSON (starts with `[` or `{`)."""
    return text.lstrip().startswith(("[", "{"))


class _LongInteger(ValueError):
    """A JSON integer longer than `JSON_MAX_DIGITS`, refused before it is converted."""


def _bounded_int(text: str) -> int:
    if len(text) > JSON_MAX_DIGITS + 1:
        raise _LongInteger(text[:20])
    return int(text)


def _bounded_float(text: str) -> float:
    if len(text) > 4 * JSON_MAX_DIGITS:
        raise _LongInteger(text[:20])
    return float(text)


def _not_a_number(text: str) -> float:
    raise json.JSONDecodeError(f"不是数值：{text}", text, 0)


#: The decoder of every JSON input: integers and floats bounded in length before conversion,
#: `NaN`/`Infinity` refused (they are not JSON).
_DECODER = json.JSONDecoder(parse_int=_bounded_int, parse_float=_bounded_float,
                            parse_constant=_not_a_number)


def _limit_error(name: str, exc: Exception) -> UnreadableInput | None:
    """The refusal of a JSON value beyond the bounds (nesting, number length), or None."""
    if isinstance(exc, RecursionError):
        return UnreadableInput(f"{name}: JSON 嵌套过深（数组或对象嵌套数百层以上），不是自评表")
    if isinstance(exc, _LongInteger):
        return UnreadableInput(f"{name}: JSON 中的数字过长（超过 {JSON_MAX_DIGITS} 位：{exc}…），"
                               "不是自评表的数字")
    return None


def loads(text: str, name: str) -> object:
    """A JSON text as Python values, bounded: nesting (the interpreter's recursion limit, a
    clean refusal rather than a crash) and number length (`JSON_MAX_DIGITS`).

    Raises:
        UnreadableInput: malformed JSON (line and column) or a value beyond the bounds.
    """
    try:
        return _DECODER.decode(text)
    except json.JSONDecodeError as exc:
        raise UnreadableInput(
            f"{name}: JSON 格式错误（第{exc.lineno}行第{exc.colno}列）：{exc.msg}") from exc
    except (RecursionError, _LongInteger) as exc:
        raise _limit_error(name, exc) from exc  # type: ignore[misc]


def read_json(text: str, *, filename: str | None = None) -> list[ReadResult]:
    """Forms from canonical JSON; malformed JSON or a wrong shape is UnreadableInput."""
    name = filename or "<stdin>"
    data = loads(text, name)
    try:
        forms = forms_from_json_value(data)
    except FormJSONError as exc:
        raise UnreadableInput(f"{name}: {exc.path}: {exc.message}") from exc
    return [ReadResult(form=f) for f in forms]


_WHITESPACE = re.compile(r"[ \t\n\r]*")  # JSON's whitespace, as the `json` module skips it


def iter_json_pieces(start: str, pieces: Iterable[str], name: str,
                     max_chars: int | None = None) -> Iterator[ReadResult]:
    """The forms of a JSON source given as decoded pieces that begin with `start`
    (`decoding.opening`): an array form by form, a single object whole."""
    if start.lstrip().startswith("{"):
        yield from read_json(joined(pieces, name, max_chars), filename=name)
    else:
        yield from iter_json_array(pieces, filename=name, max_chars=max_chars)


def iter_json_array(chunks: Iterable[str], *, filename: str | None = None,
                    max_chars: int | None = None) -> Iterator[ReadResult]:
    """The forms of a JSON array given in pieces (an open file's text), one element at a time.

    Each element is parsed by the `json` module itself (`raw_decode`) once it is whole, so values,
    errors and their line/column are those of `read_json`; only the element being read is held.

    Raises:
        UnreadableInput: malformed JSON (line and column in the whole text) or a wrong shape
            (`$[i].field`), after the forms before it have been handed out.
    """
    scanner = _ArrayScanner(iter(chunks), filename or "<stdin>", max_chars)
    return scanner.forms()


class _ArrayScanner:
    """Walks `[ value , value ... ]` over a growing buffer; `pos` indexes into `buf`."""

    def __init__(self, chunks: Iterator[str], name: str, max_chars: int | None = None) -> None:
        self.chunks = chunks
        self.name = name
        self.max_chars = max_chars  # the longest element held (None: no bound)
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
        if self.max_chars is not None and len(self.buf) > self.max_chars + len(chunk):
            raise UnreadableInput(
                f"{self.name}: JSON 数组中的一个元素超过 {self.max_chars // (1 << 20)} MB"
                "（一张表不会这么大；可用环境变量 JIXIAO_MAX_FILE_MB 调整），不予读取")
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
            except (RecursionError, _LongInteger) as exc:
                raise _limit_error(self.name, exc) from exc  # type: ignore[misc]
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
