"""Text normalisation shared by the text-like readers: undo wrapping, drop enumerators."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

_LATIN = re.compile(r"[A-Za-z0-9]")
_SPACES = re.compile(r"\s+")
#: The `指标 N：` a 三级指标 may begin with (group 1: N).
ENUMERATED = re.compile(r"指标\s*(\d+)\s*[：:]")


def join_lines(parts: Iterable[str]) -> str:
    """Join wrapped pieces of one cell as printed (form-json.md "Text fields").

    Whitespace inside Chinese text is a wrapping artefact and goes; a run of whitespace between
    two Latin letters or digits is kept as one space.
    """
    if isinstance(parts, (list, tuple)) and None not in parts:  # the common case: no generator
        return _join_text(parts[0] if len(parts) == 1 else "\n".join(parts))
    return _join_text("\n".join(p for p in parts if p is not None))


@lru_cache(maxsize=16384)
def _join_text(text: str) -> str:
    text = text.strip()
    if "\n" in text and _WRAPPED_DIGITS.search(text):
        return _join_wrapped_numbers(text)
    out: list[str] = []
    for i, chunk in enumerate(_SPACES.split(text)):
        if i and out and _LATIN.match(out[-1][-1:]) and _LATIN.match(chunk[:1]):
            out.append(" ")
        out.append(chunk)
    return "".join(out)


#: Digits on both sides of a line break: a number wrapped by the cell's width (`12` / `00人`),
#: not two numbers a printed space set apart.
_WRAPPED_DIGITS = re.compile(r"\d[^\S\n]*\n\s*\d")


#: A line opening with an item's number (`2.加强…`, `2、`, `2）`): the next item of a list, not
#: the rest of the number before it.
_ITEM_NUMBER = re.compile(r"\d+\s*[.．、)）:：](?!\d)")


def _join_wrapped_numbers(text: str) -> str:
    """`_join_text` where a line ending in a digit is followed by one beginning with one: the
    two join without a space."""
    out: list[str] = []
    for i, line in enumerate(text.split("\n")):
        line = line.strip()
        if not line:
            continue
        wrapped = i and out and out[-1][-1:].isdigit() and line[:1].isdigit() and (
            not _ITEM_NUMBER.match(line))
        for j, chunk in enumerate(_SPACES.split(line)):
            if (j or (out and not wrapped)) and out and _LATIN.match(out[-1][-1:]) and (
                    _LATIN.match(chunk[:1])):
                out.append(" ")
            out.append(chunk)
    return "".join(out)


def strip_enumerator(name: str) -> str:
    """`指标 1：支部书记…` → `支部书记…` (the 三级指标 without its leading `指标 N：`)."""
    m = _LEADING_ENUMERATOR.match(name)
    return name[m.end():] if m else name


#: `ENUMERATED` at the start of a name, with the blanks around it.
_LEADING_ENUMERATOR = re.compile(rf"\s*{ENUMERATED.pattern}\s*")
