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
    if "\n" in text and _WRAPPED_NUMBER.fullmatch(text):
        text = _BREAK.sub("", text)  # one value whose number the cell's width cut
    out: list[str] = []
    for i, chunk in enumerate(_SPACES.split(text)):
        if i and out and _LATIN.match(out[-1][-1:]) and _LATIN.match(chunk[:1]):
            out.append(" ")
        out.append(chunk)
    return "".join(out)


#: A cell holding one value whose number a line break cuts (`≥12` / `00人`, `12` / `50米`): the
#: break is the cell's width. Anywhere else digits on both sides of a break stay apart, as the
#: spec's whitespace rule says: in text (`完成培训12` / `2024年起…`) the break may be typed.
_WRAPPED_NUMBER = re.compile(r"[≥≤＞＜><=≧≦]?[^\S\n]*\d+[^\S\n]*\n\s*\d[\d.]*[^\d\s]{0,6}")
_BREAK = re.compile(r"[^\S\n]*\n\s*")


def strip_enumerator(name: str) -> str:
    """`指标 1：支部书记…` → `支部书记…` (the 三级指标 without its leading `指标 N：`)."""
    m = _LEADING_ENUMERATOR.match(name)
    return name[m.end():] if m else name


#: `ENUMERATED` at the start of a name, with the blanks around it.
_LEADING_ENUMERATOR = re.compile(rf"\s*{ENUMERATED.pattern}\s*")
