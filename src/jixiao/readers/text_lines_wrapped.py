"""Indicator tables of PDF text whose cells wrap (页面顺序的折行单元格).

A PDF's text layer gives a table's cells line by line across the page. A narrow header cell
wraps its caption (`年初指` over `标值`, `自评` over `分`), so the header's two text lines print
the first pieces of every caption, then their rests; when the page's text is glued into one
line the first data row follows at once. A data cell wraps the same way: a unit split from its
number (`300 公` … `里`), a name that goes on below (`乡村道路建设` … `养护里程`). These helpers
rejoin such pieces for the line reader (`text_lines.read_indicators`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import NamedTuple

from jixiao.readers.segment_numbers import POINTS
from jixiao.readers.segment_values import MAGNITUDES, UNIT_WORDS
from jixiao.readers.vocabulary import (
    CAPTION_MAX,
    INDICATOR_COLUMN_KINDS,
    LEVEL1_NAMES,
    LEVEL2_NAMES,
    CaptionKind,
    classify,
    exact_kind,
)

K = CaptionKind

#: A header cell's piece is short: a narrow cell wraps a caption every few characters.
PIECE_MAX = 5
_DIGIT = re.compile(r"\d")
_BRACKETED = re.compile(r"^[(（].*[)）]$")
#: The kinds a header's caption may be (the indicator columns and the block's own caption).
_COLUMN_KINDS = INDICATOR_COLUMN_KINDS | {K.INDICATOR_BLOCK, K.SELF_SCORE}


class HeaderSplit(NamedTuple):
    """A table header read from the start of a run of tokens: its captions (wrapped pieces
    joined), the index of the first token after it, and pieces still waiting for their rest
    (the header goes on on the next line)."""

    captions: tuple[str, ...]
    end: int
    waiting: tuple[str, ...]


def _column(text: str) -> bool:
    return classify(text) in _COLUMN_KINDS


def split_header(tokens: Sequence[str], waiting: Sequence[str] = (),
                 starts_row: Callable[[str], bool] | None = None) -> HeaderSplit:
    """The header at the start of `tokens`: a caption, or a piece that a later token
    completes into one (the rest of a wrapped caption is joined to the earliest piece it
    completes, `_completes_caption`). The header ends at a token with a digit, at one
    `starts_row` matches (a level name), or at a word too long for a piece or followed by a
    value (`乡村道路建设 300`)."""
    captions: list[str] = []
    open_pieces = list(waiting)
    for i, token in enumerate(tokens):
        if _DIGIT.search(token) or (starts_row is not None and starts_row(token)):
            return HeaderSplit(tuple(captions), i, tuple(open_pieces))
        whole = _column(token)
        joined = next((k for k, piece in enumerate(open_pieces)
                       if _completes_caption(piece + token, whole)), None)
        if joined is not None:
            captions.append(open_pieces.pop(joined) + token)
            continue
        if whole:
            captions.append(token)
            continue
        if not _piece(token) or (i + 1 < len(tokens) and _DIGIT.search(tokens[i + 1])):
            return HeaderSplit(tuple(captions), i, tuple(open_pieces))
        open_pieces.append(token)
    return HeaderSplit(tuple(captions), len(tokens), tuple(open_pieces))


def _completes_caption(joined: str, whole: bool) -> bool:
    """Whether a piece and a later token make a caption: a printed synonym (年度 + 指标值),
    or one of the open-ended families (年初指 + 标值) when the token is no caption of its own
    (年度指 + 分值 is no 分值 column's caption)."""
    if whole:
        return exact_kind(joined) in _COLUMN_KINDS
    return _column(joined)


def _piece(token: str) -> bool:
    return len(token) <= PIECE_MAX or _BRACKETED.match(token) is not None


# ---------------------------------------------------------------- wrapped values

#: Proper heads of the unit words (`公` of 公里, `平方` of 平方米): what a cell may print
#: before the rest of its unit wraps onto the next line.
_UNIT_HEADS = frozenset(u[:k] for u in UNIT_WORDS for k in range(1, len(u)))
_NUMBER = re.compile(r"^[<>≤≥＜＞=＝]?[+-]?\d+(?:\.\d+)?%?$")
_OPERATOR_ONLY = re.compile(r"^[<>≤≥＜＞=＝]+$")
#: The values that are an operator alone (`≥`), waiting for their number.
OPERATOR_VALUES = frozenset({*"<>≤≥＜＞=＝", ">=", "<=", "＞＝", "＜＝", "≥=", "≤="})
_SENTENCE = re.compile(r"[。；;，,：:、]")


def join_units(tokens: list[str]) -> list[str]:
    """A number and the unit the extractor set apart from it, one value (`300 公` →
    `300公`, `3 个` → `3个`, `95 %` → `95%`): the unit a known word or the head of one,
    never points (`分`)."""
    if len(tokens) < 2 or UNIT_PIECES.isdisjoint(tokens):  # the common case, without a loop
        return tokens
    out: list[str] = []
    for token in tokens:
        if out and _NUMBER.match(out[-1]) and not out[-1].endswith("%") and _unit_piece(token):
            out[-1] += token
        else:
            out.append(token)
    return out


#: The words `join_units` joins to a number before them (a percent sign set apart too, and a
#: unit after its magnitude, `52 万亩`).
UNIT_PIECES = (UNIT_WORDS | _UNIT_HEADS | {m + u for m in MAGNITUDES for u in UNIT_WORDS}
               | {"%", "％"}) - {POINTS}


def _unit_piece(token: str) -> bool:
    return token in UNIT_PIECES


def completes(value: str | None, piece: str) -> bool:
    """Whether `piece`, the first text of the next line in a value's column, is the rest of
    that value: the rest of a unit cut in two (`300公` + `里`), a unit after a bare number
    (`300` + `公里`, `95` + `%`), a number after a bare operator (`≥` + `95%`)."""
    if not value:
        return False
    if _OPERATOR_ONLY.match(value):
        return _NUMBER.match(piece) is not None
    if _BARE_NUMBER.match(value):
        return piece in UNIT_WORDS or piece in ("%", "％") or _NUMBER_REST.match(piece) is not None
    tail = _unit_tail(value)
    return any(tail[k:] in _UNIT_HEADS and tail[k:] + piece in UNIT_WORDS
               for k in range(len(tail)))


_BARE_NUMBER = re.compile(r"^[<>≤≥＜＞=＝]?[+-]?\d+(?:\.\d+)?$")
#: The rest of a number wrapped onto the next line: digits with a leading zero (`00`, `00人`,
#: `05%`), which no value prints on its own.
_NUMBER_REST = re.compile(r"^0\d+(?:\.\d+)?(?:%|％|[^\d\s.]{1,4})?$")
_UNIT_HEAD_CHARS = "".join(sorted({c for u in _UNIT_HEADS for c in u}))


def _unit_tail(value: str) -> str:
    """The characters at a value's end that can begin a unit (`公` of `300公`)."""
    return value[len(value.rstrip(_UNIT_HEAD_CHARS)):]


#: The last characters of a value that may go on: a unit's head, a digit, an operator.
_OPEN_ENDS = frozenset(_UNIT_HEAD_CHARS + "0123456789<>≤≥＜＞=＝")


def is_open(value: str | None) -> bool:
    """A value that may go on on the next line: a bare operator or number, or one ending in
    the head of a unit that is no unit itself (`300公`)."""
    if not value or value[-1] not in _OPEN_ENDS:  # the common no, without a pattern
        return False
    if _OPERATOR_ONLY.match(value) or _BARE_NUMBER.match(value):
        return True
    tail = _unit_tail(value)
    return bool(tail) and not any(tail[k:] in UNIT_WORDS for k in range(len(tail))) \
        and any(tail[k:] in _UNIT_HEADS for k in range(len(tail)))


#: What the next line may print as the rest of a value with a unit: a unit's tail, a percent.
RESTS = frozenset({u[k:] for u in UNIT_WORDS for k in range(len(u))} | {"%", "％"})


class Continuation(NamedTuple):
    """The next line's pieces of a row whose cells wrapped: where they start among the tokens
    and how many, the name's piece (or None) and the rest of each open value."""

    start: int
    length: int
    name: str | None
    rests: tuple[str, ...]


#: The rests of a row's values come first on the next line, after a piece of the name and
#: maybe of the last column's prose (glued text): they are looked for this far in.
REST_FROM_MAX = 2


#: The words after a row that may hold the rests of its two values.
REST_WINDOW = REST_FROM_MAX + 2


def may_continue(tokens: Sequence[str], values: Sequence[str | None]) -> bool:
    """The quick test before `continuation` (inlined where every line passes): a rest of a
    unit or a percent among the first words, or a value that is an operator alone."""
    return not RESTS.isdisjoint(tokens[:REST_WINDOW]) \
        or not OPERATOR_VALUES.isdisjoint(values) \
        or any(t[:1] == "0" and t[1:2].isdigit() for t in tokens[:REST_WINDOW])


def continuation(tokens: Sequence[str], values: Sequence[str | None],
                 name_from: int = 0) -> Continuation | None:
    """Among `tokens` (what follows a row), the run that continues its wrapped cells: the
    rest of every open value, in column order, maybe after a piece of the name (`养护里程 里
    里` after `乡村道路建设 300公 300公`), which is no earlier than `name_from`; None when the
    values are whole."""
    if not may_continue(tokens, values):
        return None
    open_values = [v for v in values if v and is_open(v)]
    if not open_values:
        return None
    width = len(open_values)
    for start in range(min(len(tokens) - width, REST_FROM_MAX) + 1):
        rests = tokens[start:start + width]
        if all(completes(v, r) for v, r in zip(open_values, rests, strict=True)):
            name = tokens[start - 1] \
                if start > name_from and _name_piece(tokens[start - 1]) else None
            at = start - (name is not None)
            return Continuation(at, width + (name is not None), name, tuple(rests))
    return None


def _name_piece(token: str) -> bool:
    return len(token) <= CAPTION_MAX and not _DIGIT.search(token) \
        and _SENTENCE.search(token) is None


def completed(values: Sequence[str | None], rests: Sequence[str]) -> list[str | None]:
    """The values with the rests of the open ones added, in order."""
    pending = list(rests)
    out: list[str | None] = []
    for value in values:
        if value and pending and is_open(value) and completes(value, pending[0]):
            value += pending.pop(0)
        out.append(value)
    return out


# ---------------------------------------------------------------- scattered captions

_LEVEL_HEADS = frozenset(n[:k] for n in (*LEVEL1_NAMES, *LEVEL2_NAMES) for k in range(2, len(n)))


def scattered_levels(tokens: Sequence[str]) -> tuple[str | None, str | None]:
    """The first 一级 and 二级 names printed in pieces among the words after a row (page
    order prints a merged cell's caption beside the middle of its rows, wrapped around the
    last column's text: `数量指 2、按个数平均 标 15 分`); words with digits or punctuation
    (prose, points) are passed over. A name printed whole begins a row of its own."""
    level1 = level2 = None
    heads: list[str] = []
    for token in tokens:
        if _DIGIT.search(token) or _SENTENCE.search(token):
            continue
        name = next((h + token for h in heads if h + token in _LEVEL_NAMES), None)
        if name is None:
            if token in _LEVEL_HEADS:
                heads.append(token)
            continue
        if name in LEVEL1_NAMES:
            level1 = level1 or name
        else:
            level2 = level2 or name
    return level1, level2


_LEVEL_NAMES = frozenset(n for n in (*LEVEL1_NAMES, *LEVEL2_NAMES) if n.endswith("指标"))


_WIDE = re.compile(r"[^\x00-\u2e7f]")


@lru_cache(maxsize=8192)
def display_width(text: str) -> float:
    """Display width in CJK cells: a Latin letter, digit or space counts half."""
    narrow = len(_WIDE.sub("", text))  # the characters below U+2E80
    return narrow * 0.5 + (len(text) - narrow) * 1.0


__all__ = ["OPERATOR_VALUES", "POINTS", "RESTS", "REST_WINDOW", "UNIT_PIECES", "Continuation",
           "HeaderSplit", "completed", "completes", "continuation", "display_width", "is_open",
           "join_units",
           "may_continue",
           "scattered_levels", "split_header"]
