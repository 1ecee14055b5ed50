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
from jixiao.readers.text_lines_wrapped import display_width, join_units
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
#: The merged caption columns a table prints before its rows' cells: 一级 and 二级.
_CAPTION_COLUMNS = 2
#: The cells a row's line prints before 分值: 三级指标, 年度指标值, 实际完成值.
_ROW_CELLS = 3
#: The gap between two cells' pieces on one line (a cell's own words stand a space apart).
_CELL_GAP = re.compile(r"\s{2,}")
_WORD = re.compile(r"\S+")
#: A wrapped cell's lines are as wide as its column (the last one aside): two pieces this
#: close in width (CJK cells) may be one cell's lines.
_SAME_WIDTH = 1.0
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
    text: str  # as printed, its spacing kept

    def cells(self) -> list[str]:
        """The rest's pieces as the columns set them apart (a gap of two spaces or more
        between two cells' pieces: `失能老年人居家照护需求满      部分偏远社区服务机构覆`)."""
        if len(self.rest) < 2 or "  " not in self.text:  # the common case, without a scan
            return [" ".join(self.rest)]
        starts = [m.start() for m in _WORD.finditer(self.text)]
        rest = self.text[starts[len(starts) - len(self.rest)]:]
        return [" ".join(c.split()) for c in _CELL_GAP.split(rest.strip())]


def read_centred(lines: Sequence[tuple[int, str]], pair_at: Callable[[list[str]], int | None]
                 ) -> tuple[list[CentredRow], list[Caption], list[int]] | None:
    """The rows and captions of a table whose cells are centred on their rows (`lines`: its
    body, header and end left out); None unless the layout is that one (module docstring).
    `pair_at` gives the index of a row's 分值 among a line's tokens (None: no pair). Rows and
    captions give lines as indices into the third list, the lines' numbers."""
    read = [_split(number, text, pair_at) for number, text in lines if text.strip()]
    captions = _pair_fragments(read)
    rows: list[CentredRow] = []
    gaps: list[list[tuple[int, str]]] = [[]]
    cells: dict[int, list[str]] = {}  # a gap line's pieces the columns set apart
    for i, ln in enumerate(read):
        if not ln.rest:
            continue
        pair = pair_at(ln.rest)
        if pair is None:
            gaps[-1].append((i, " ".join(ln.rest)))
            cells[i] = ln.cells()
            continue
        if pair_at(ln.rest[pair + 2:]) is not None:
            return None  # two rows on one line: not this layout
        rows.append(CentredRow(i, ln.number, ln.rest, pair))
        gaps.append([])
    if not rows or not _distribute(rows, gaps):
        return None
    for row in rows:
        _cells(row, cells)
        if not row.name_above and not row.name_below and not row.has_name():
            return None  # a row left without a name: the pieces are not centred on their rows
    return rows, captions, [ln.number for ln in read]


def _split(number: int, text: str, pair_at: Callable[[list[str]], int | None]) -> _Line:
    """A line's leading captions (whole names, or a head or rest of one) and its other words;
    a line of captions only keeps every word a caption. A head or rest may lead a line of other
    words too (`可持续影 居家养老服务… 10 8`, `响指标 机制 善，…`: the 一级 and 二级 columns'
    pieces before a row's cells), one per caption column, and on a row's line only before its
    name, 年度指标值 and 实际完成值."""
    tokens = text.split()
    captions: list[tuple[str, bool]] = []
    only = all(_caption_word(t) for t in tokens)
    room = _CAPTION_COLUMNS
    if not only and tokens and _caption_word(tokens[0]):  # the common no without a call
        pair = pair_at(tokens)
        if pair is not None:
            room = min(room, len(join_units(tokens[:pair])) - _ROW_CELLS)
    for token in tokens:
        word = strip_score(token) if token.endswith((")", "）")) else token
        if word in _WHOLE:
            captions.append((word, True))
        elif only or (len(captions) < room and _caption_word(token)):
            captions.append((word, False))
        else:
            break
    return _Line(number, captions, tokens[len(captions):], text)


def _caption_word(token: str) -> bool:
    word = strip_score(token) if token.endswith((")", "）")) else token
    return word in _WHOLE or word in _HEADS or word in _TAILS


def _pair_fragments(read: list[_Line]) -> list[Caption]:
    """The captions, in order: each whole name, and each head joined with the rests on the
    lines below that complete it (`服务对象满意` + `度指标`; a middle piece may open a row's
    line, `服务对` + `象满意度` + `指标`). A line of captions only with a head or rest that
    completes nothing is a row's piece after all (`数`, a name's last character), and a middle
    piece of a head left open goes back to its row's line (`read` is updated)."""
    found: list[_Found] = []
    heads: list[_Head] = []
    stray: dict[int, int] = {}  # line → the place of its first word that is no caption's

    def strays(i: int, at: int) -> None:
        stray[i] = min(stray.get(i, at), at)

    for i, ln in enumerate(read):
        for at, (word, whole) in enumerate(ln.captions):
            if whole:
                found.append(_Found(i, i, word, at, at))
            elif not _extend(heads, i, at, word, found):
                if word in _HEADS:
                    heads.append(_Head(i, i, word, [], at))
                else:
                    strays(i, at)
        if ln.rest and heads and _extend(heads, i, len(ln.captions), ln.rest[0], found,
                                         middle=True):
            read[i] = ln._replace(captions=[*ln.captions, (ln.rest[0], False)],
                                  rest=ln.rest[1:])
    for head in heads:
        strays(head.first, head.at)
        for i in head.middles:  # a row's line: only the piece goes back
            ln = read[i]
            read[i] = ln._replace(captions=ln.captions[:-1],
                                  rest=[ln.captions[-1][0], *ln.rest])
    for i, at in stray.items():  # the words from the first stray one on are the row's
        ln = read[i]
        read[i] = ln._replace(captions=ln.captions[:at],
                              rest=[w for w, _ in ln.captions[at:]] + ln.rest)
    found = [f for f in found if stray.get(f.first, f.first_at + 1) > f.first_at
             and stray.get(f.last, f.last_at + 1) > f.last_at]
    found.sort(key=lambda f: (f.first, f.last))  # stable: a line's captions keep their order
    return [Caption(f.first, f.last, f.text) for f in found if f.text not in _BLOCK_NAMES]


class _Found(NamedTuple):
    """A caption found: the lines of its first and last piece, its text, the pieces' places
    among their lines' captions."""

    first: int
    last: int
    text: str
    first_at: int
    last_at: int


@dataclass(slots=True)
class _Head:
    """A caption's head waiting for its rest: its first and last line so far, its text, and
    the rows' lines a middle piece of it was taken from."""

    first: int
    last: int
    text: str
    middles: list[int]
    at: int  # the head's place among its first line's captions


def _extend(heads: list[_Head], i: int, at: int, word: str, found: list[_Found],
            middle: bool = False) -> bool:
    """Whether `word` on line `i` goes on a head from the lines above (within reach): it
    completes it (a caption found) or goes on it (`middle`: taken from a row's line); the
    nearest head first."""
    for h in range(len(heads) - 1, -1, -1):  # the nearest head first
        head = heads[h]
        if i - head.first > _FRAGMENT_REACH or i == head.last:
            continue
        if head.text + word in _WHOLE:
            found.append(_Found(head.first, i, head.text + word, head.at, at))
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
    the row below the others — or, when that leaves a row short, a row with nothing to take
    (a name on its middle line, no note, its points not docked) leaves the gap above it to the
    row above (a table that prints some rows from their top: `_spread`); the lines after the
    last row are its. False unless the layout shows — a row printing no name on its middle
    line has pieces above it, or a note's pieces (a sentence mark, or a line as wide as the
    note's piece on the middle line) stand above a row that has one to give (a piece on its
    middle line, or points docked) under one that printed none (a top-aligned note begins on
    its row's line) — and every gap holds the lines its row above owes."""
    if not _spread(rows, gaps, mixed=False) and not _spread(rows, gaps, mixed=True):
        return False
    return any(row.above and (not row.has_name() or (
        (row.after() or row.docked()) and any(_note_piece(t, row) for _, t in row.above)
        and (k == 0 or not rows[k - 1].after())))
        for k, row in enumerate(rows))


def _spread(rows: list[CentredRow], gaps: list[list[tuple[int, str]]], mixed: bool) -> bool:
    rows[0].above = gaps[0]
    for row, gap, after in zip(rows, gaps[1:], rows[1:], strict=False):
        owed = len(row.above)
        if len(gap) < owed:
            return False
        take = len(gap) if mixed and not _takes(after) else owed
        row.below, after.above = gap[:take], gap[take:]
    rows[-1].below = gaps[-1]
    return len(gaps[-1]) >= len(rows[-1].above)


def _takes(row: CentredRow) -> bool:
    """Whether a row may print pieces above its middle line: its name or its note is open."""
    return not row.has_name() or bool(row.after()) or row.docked()


def _note_piece(text: str, row: CentredRow) -> bool:
    """A piece above a row that is its note's: a sentence mark, or as wide as the note's piece
    on the middle line (a wrapped cell's lines fill its column)."""
    if _prose(text):
        return True
    after = row.after()
    return bool(after) and abs(display_width(text.split()[-1]) - display_width(after[-1])) \
        <= _SAME_WIDTH


def _prose(text: str) -> bool:
    return _PROSE.search(text) is not None


def _cells(row: CentredRow, columns: dict[int, list[str]]) -> None:
    """Which wrapped cell each piece of a row is: pieces at the same distance above and below
    the middle line are one cell's (the pair outward from the middle); a pair with a sentence
    mark is the note's, one without the name's when the middle line prints no name (or no
    note, while no other pair is a note's), else the note's. A note's line whose columns set
    pieces apart (`columns`) gives the pieces before its last to the name (`失能老年人居家照护
    需求满      部分偏远社区服务机构覆`: a name and a note wrapped side by side)."""
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
            name_up, note_up = _apart(up, columns)
            name_down, note_down = _apart(down, columns)
            row.name_above[:0] = name_up
            row.name_below += name_down
            row.note_above[:0] = note_up
            row.note_below += note_down
    if name_open and not after and not row.name_above and not row.name_below and pairs:
        _share_lines(row)


def _apart(pieces: list[tuple[int, str]], cells: dict[int, list[str]]
           ) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """A note's pieces → (the name's, the note's): of a line whose columns set two pieces or
    more apart, the ones before the last, when they print no sentence mark, are the name's."""
    names: list[tuple[int, str]] = []
    notes: list[tuple[int, str]] = []
    for i, text in pieces:
        apart = cells.get(i, ())
        if len(apart) > 1 and not any(_prose(c) for c in apart[:-1]):
            names.append((i, " ".join(apart[:-1])))
            notes.append((i, apart[-1]))
        else:
            notes.append((i, text))
    return names, notes


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
