"""Indicator tables of PDF text whose cells are centred vertically (垂直居中的单元格).

A PDF table whose cells are centred in their rows gives, in page order, each row's one-line
cells (its values, 分值, 得分) on the row's middle line, and the lines of a wrapped cell (a long
三级指标 name, a 偏差原因 note) around it: as many above the middle as below it, whatever the
cell (a cell of two lines prints one above and one below, of three one above, one on the middle
line, one below). The merged 一级/二级 cells are centred on their groups of rows, so their
names stand on the middle line of the group — often on a line between two rows, beside a
note's piece (`产出指标 年实施。`) — and a name wrapped in its narrow cell prints its head
above and its rest below (`服务对象满意` … `度指标`).

`read_centred` reads the lines of such a table into rows (the middle line's tokens and the
pieces of their wrapped cells) and caption events (each 一级/二级 name with its first and last
line); the line reader (`text_lines.read_indicators`) names the rows by the groups centred on
the captions. It reads a table only when the layout shows (a row whose middle line prints no
name has pieces above it, or a note's pieces stand above a row with a note under one without),
every gap between two rows holds at least the lines the row above owes below (as many as it
printed above), and every row has a name.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from jixiao.core.money import parse_printed
from jixiao.readers.text_lines_wrapped import join_units
from jixiao.readers.vocabulary import (
    LEVEL1_NAMES,
    LEVEL2_NAMES,
    SYNONYMS,
    CaptionKind,
    strip_score,
)

K = CaptionKind

#: The captions a merged cell of the indicator table prints: 一级 and 二级 names, both in one
#: cell (`产出指标数量指标`), and the block's own caption (绩效指标) a vertical first column prints.
_BLOCK_NAMES = frozenset(SYNONYMS[K.INDICATOR_BLOCK])
_WHOLE = frozenset({*LEVEL1_NAMES, *LEVEL2_NAMES, *_BLOCK_NAMES,
                    *(l1 + l2 for l1 in LEVEL1_NAMES for l2 in LEVEL2_NAMES)})
_HEADS = frozenset(w[:k] for w in _WHOLE for k in range(1, len(w)))
_TAILS = frozenset(w[k:] for w in _WHOLE for k in range(1, len(w)))
#: How many lines a caption's head may stand above its rest (a narrow cell of three lines
#: around the middle line of a row).
_FRAGMENT_REACH = 3
#: A piece of a note: a sentence mark (a name prints none).
_PROSE = re.compile(r"[。；;，,：:、！？!?]")


class Caption(NamedTuple):
    """A merged cell's caption: the lines (indices among the lines read) of its first and last
    piece, and its text (`产出指标`, `服务对象满意度指标`, or 一级 and 二级 in one cell)."""

    first: int
    last: int
    text: str


@dataclass(slots=True)
class CentredRow:
    """A row: its middle line (index, source line number, tokens without leading captions,
    the index of 分值 among them) and the pieces of its wrapped cells (index, text)."""

    at: int
    number: int
    tokens: list[str]
    pair: int
    above: list[tuple[int, str]] = field(default_factory=list)
    below: list[tuple[int, str]] = field(default_factory=list)
    #: filled by `_cells`: the name's and the note's pieces above and below the middle line
    name_above: list[tuple[int, str]] = field(default_factory=list)
    name_below: list[tuple[int, str]] = field(default_factory=list)
    note_above: list[tuple[int, str]] = field(default_factory=list)
    note_below: list[tuple[int, str]] = field(default_factory=list)

    @property
    def first(self) -> int:
        return self.above[0][0] if self.above else self.at

    @property
    def last(self) -> int:
        return self.below[-1][0] if self.below else self.at

    def after(self) -> list[str]:
        """The words the middle line prints after 分值 and 得分 (a note's piece)."""
        return self.tokens[self.pair + 2:]

    def docked(self) -> bool:
        """Whether the row scored less than its points (a deviation its note explains)."""
        weight, score = parse_printed(self.tokens[self.pair]), \
            parse_printed(self.tokens[self.pair + 1])
        return weight is not None and score is not None and score < weight

    def has_name(self) -> bool:
        """Whether the middle line prints a name before its 年度指标值 and 实际完成值."""
        return len(join_units(self.tokens[:self.pair])) > 2


class _Line(NamedTuple):
    number: int
    captions: list[tuple[str, bool]]  # (token, whole)
    rest: list[str]


def read_centred(lines: Sequence[tuple[int, str]], pair_at: Callable[[list[str]], int | None]
                 ) -> tuple[list[CentredRow], list[Caption], list[int]] | None:
    """The rows and captions of a table whose cells are centred on their rows (`lines`: its
    body, header and end left out); None unless the layout is that one (module docstring).
    `pair_at` gives the index of a row's 分值 among a line's tokens (None: no pair). Rows and
    captions give lines as indices into the third list, the lines' numbers."""
    read = [_split(number, text) for number, text in lines if text.strip()]
    captions = _pair_fragments(read)
    rows: list[CentredRow] = []
    gaps: list[list[tuple[int, str]]] = [[]]
    for i, ln in enumerate(read):
        if not ln.rest:
            continue
        pair = pair_at(ln.rest)
        if pair is None:
            gaps[-1].append((i, " ".join(ln.rest)))
            continue
        if pair_at(ln.rest[pair + 2:]) is not None:
            return None  # two rows on one line: not this layout
        rows.append(CentredRow(i, ln.number, ln.rest, pair))
        gaps.append([])
    if not rows or not _distribute(rows, gaps):
        return None
    for row in rows:
        _cells(row)
        if not row.name_above and not row.name_below and not row.has_name():
            return None  # a row left without a name: the pieces are not centred on their rows
    return rows, captions, [ln.number for ln in read]


def _split(number: int, text: str) -> _Line:
    """A line's leading captions (whole names, or a head or rest of one) and its other words;
    a line of captions only keeps every word a caption."""
    tokens = text.split()
    captions: list[tuple[str, bool]] = []
    only = all(_caption_word(t) for t in tokens)
    for token in tokens:
        word = strip_score(token) if token.endswith((")", "）")) else token
        if word in _WHOLE:
            captions.append((word, True))
        elif only:
            captions.append((word, False))
        else:
            break
    return _Line(number, captions, tokens[len(captions):])


def _caption_word(token: str) -> bool:
    word = strip_score(token) if token.endswith((")", "）")) else token
    return word in _WHOLE or word in _HEADS or word in _TAILS


def _pair_fragments(read: list[_Line]) -> list[Caption]:
    """The captions, in order: each whole name, and each head joined with the rests on the
    lines below that complete it (`服务对象满意` + `度指标`; a middle piece may open a row's
    line, `服务对` + `象满意度` + `指标`). A line of captions only with a head or rest that
    completes nothing is a row's piece after all (`数`, a name's last character), and a middle
    piece of a head left open goes back to its row's line (`read` is updated)."""
    found: list[tuple[int, int, str]] = []
    heads: list[_Head] = []
    stray: set[int] = set()
    for i, ln in enumerate(read):
        for word, whole in ln.captions:
            if whole:
                found.append((i, i, word))
            elif not _extend(heads, i, word, found):
                if word in _HEADS:
                    heads.append(_Head(i, i, word, []))
                else:
                    stray.add(i)
        if ln.rest and heads and _extend(heads, i, ln.rest[0], found, middle=True):
            read[i] = _Line(ln.number, [*ln.captions, (ln.rest[0], False)], ln.rest[1:])
    for head in heads:
        stray.add(head.first)
        for i in head.middles:  # a row's line: only the piece goes back
            ln = read[i]
            read[i] = _Line(ln.number, ln.captions[:-1], [ln.captions[-1][0], *ln.rest])
    for i in stray:
        ln = read[i]
        read[i] = _Line(ln.number, [], [w for w, _ in ln.captions] + ln.rest)
    found = [f for f in found if f[0] not in stray and f[1] not in stray]
    found.sort(key=lambda f: f[:2])  # stable: a line's captions keep their order
    return [Caption(first, last, text) for first, last, text in found
            if text not in _BLOCK_NAMES]


@dataclass(slots=True)
class _Head:
    """A caption's head waiting for its rest: its first and last line so far, its text, and
    the rows' lines a middle piece of it was taken from."""

    first: int
    last: int
    text: str
    middles: list[int]


def _extend(heads: list[_Head], i: int, word: str, found: list[tuple[int, int, str]],
            middle: bool = False) -> bool:
    """Whether `word` on line `i` goes on a head from the lines above (within reach): it
    completes it (a caption found) or goes on it (`middle`: taken from a row's line); the
    nearest head first."""
    for h in range(len(heads) - 1, -1, -1):  # the nearest head first
        head = heads[h]
        if i - head.first > _FRAGMENT_REACH or i == head.last:
            continue
        if head.text + word in _WHOLE:
            found.append((head.first, i, head.text + word))
            del heads[h]
            return True
        if head.text + word in _HEADS:
            head.last, head.text = i, head.text + word
            if middle:
                head.middles.append(i)
            return True
    return False


def _distribute(rows: list[CentredRow], gaps: list[list[tuple[int, str]]]) -> bool:
    """Give each row its pieces: the lines before the first row are its pieces above; of a gap
    between two rows, the row above takes as many lines as it printed above its middle line,
    the row below the others; the lines after the last row are its. False unless the layout
    shows — a row printing no name on its middle line has pieces above it, or a note's pieces
    stand above a row that has one to give (a piece on its middle line, or points docked)
    under one that printed none (a top-aligned note begins on its row's line) — and every gap
    holds the lines its row above owes."""
    rows[0].above = gaps[0]
    for row, gap, after in zip(rows, gaps[1:], rows[1:], strict=False):
        owed = len(row.above)
        if len(gap) < owed:
            return False
        row.below, after.above = gap[:owed], gap[owed:]
    rows[-1].below = gaps[-1]
    return any(row.above and (not row.has_name() or (
        (row.after() or row.docked()) and any(_prose(t) for _, t in row.above)
        and (k == 0 or not rows[k - 1].after())))
        for k, row in enumerate(rows))


def _prose(text: str) -> bool:
    return _PROSE.search(text) is not None


def _cells(row: CentredRow) -> None:
    """Which wrapped cell each piece of a row is: pieces at the same distance above and below
    the middle line are one cell's (the pair outward from the middle); a pair with a sentence
    mark is the note's, one without the name's when the middle line prints no name (or no
    note, while no other pair is a note's), else the note's."""
    above, below = row.above[::-1], row.below
    pairs = [([a], [b]) for a, b in zip(above, below, strict=False)]
    lone = [([a], []) for a in above[len(below):]] + [([], [b]) for b in below[len(above):]]
    cells = pairs + lone
    notes = [any(_prose(t) for _, t in (*up, *down)) for up, down in cells]
    after = row.after()
    name_open = not row.has_name()
    for (up, down), note in zip(cells, notes, strict=True):
        if not note and (name_open or not (after or any(notes))):
            row.name_above[:0] = up
            row.name_below += down
        else:
            row.note_above[:0] = up
            row.note_below += down
    if name_open and not after and not row.name_above and not row.name_below and pairs:
        _share_lines(row)


def _share_lines(row: CentredRow) -> None:
    """A name and a note of as many lines (of the same parity) print their pieces on the same
    lines, the name's first (`享受补贴老 部分对象未按时` … `人数 申报，已督促。`): when a row
    printing neither on its middle line found no name, the innermost pair of lines holding two
    words or more each gives its first words to the name."""
    up, down = row.note_above[-1:], row.note_below[:1]
    if not up or not down:
        return
    (i, above), (j, below) = up[0], down[0]
    above_words, below_words = above.split(), below.split()
    if len(above_words) < 2 or len(below_words) < 2:
        return
    row.name_above, row.name_below = [(i, above_words[0])], [(j, below_words[0])]
    row.note_above[-1] = (i, " ".join(above_words[1:]))
    row.note_below[0] = (j, " ".join(below_words[1:]))


__all__ = ["Caption", "CentredRow", "read_centred"]
