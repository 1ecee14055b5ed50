"""The 年度总体目标 block in PDF text lines, read through the shared goals part (`parts.goals`).

The caption lines name the columns (预期目标 | 实际完成情况, or a department form's 年初 |
全年(调整) | 实际); below them a PDF's text layer prints the cells either side by side, each
line holding a piece of every column still going on (a cell holding 无 ends on its first line),
or one after the other as paragraphs, or as one run of text for several columns.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from jixiao.readers.parts.goals import (
    ACTUAL_CUES,
    GoalColumn,
    Split,
    goal_column,
    split_run,
    substantive,
)
from jixiao.readers.segment_values import UNIT_WORDS
from jixiao.readers.text_norm import join_lines
from jixiao.readers.vocabulary import CaptionKind, classify, compact

INITIAL, ACTUAL = GoalColumn.INITIAL, GoalColumn.ACTUAL
#: The columns read when the captions name none (a block caption alone): the national two.
DEFAULT_COLUMNS = (INITIAL, ACTUAL)
#: A number after the goal texts: an unread column's value (总体完成率 90.00).
_RATE = re.compile(r"^[+-]?\d+(?:\.\d+)?%?$")
#: How a cell's text ends a sentence: a piece ending so leaves the cell closed on its line.
_ENDS = ("。", "；", ";", "！", "？")


@lru_cache(maxsize=256)  # a batch prints the same few caption lines
def goal_columns(captions: tuple[str, ...]) -> tuple[tuple[GoalColumn, ...], bool]:
    """The goal columns the caption lines name, in printed order, and whether two of them
    stand on one line (their texts then print side by side). A caption naming the completion
    that opens a line of columns (目标完成情况 年度预期目标 具体完成情况) is the row's caption."""
    columns: list[GoalColumn] = []
    side = False
    for text in captions:
        on_line: list[GoalColumn] = []
        for token in text.split():
            column = goal_column(token, first=not columns and not on_line)
            if column is not None:
                on_line.append(column)
        if len(on_line) > 2 and on_line[0] is ACTUAL:
            on_line = on_line[1:]
        side = side or len(on_line) >= 2
        columns += on_line
    if len(columns) < 2:
        return DEFAULT_COLUMNS, False
    return tuple(columns), side


#: Pieces of the block's caption a merged cell prints line by line (年度 / 总体 / 目标, or
#: 年度总 / 体目标 in a narrower cell): page order may set one before a line of the texts
#: beside it. Any piece of two characters or more of the caption.
_BLOCK_CAPTION = "年度总体目标"
_BLOCK_PIECES = frozenset(_BLOCK_CAPTION[i:j] for i in range(len(_BLOCK_CAPTION))
                          for j in range(i + 2, len(_BLOCK_CAPTION) + 1))


def block_piece(text: str) -> bool:
    """Whether a line's text (its spaces dropped) is a piece of the block's caption."""
    return text in _BLOCK_PIECES


def without_block_caption(text: str) -> str:
    """A body line without the block caption (or a piece of it) printed before its text."""
    first, _, rest = text.partition(" ")
    rest = rest.strip()
    if rest and (first in _BLOCK_PIECES or classify(first) is CaptionKind.GOALS_BLOCK):
        return rest
    return text


#: A merged cell's caption printed down the cell: a character or two a line (绩/效/指/标).
_VERTICAL_PIECE = 2


def other_captions(lines: Sequence[str]) -> set[int]:
    """The lines of a goals block that print another part's caption, not goal text: whole
    (`绩效指标` on its own line before the indicator header) or down a merged cell, a
    character or two a line (绩/效/指/标)."""
    out: set[int] = set()
    k = 0
    while k < len(lines):
        j = k
        while j < len(lines) and 0 < len(compact(lines[j])) <= _VERTICAL_PIECE:
            j += 1
        spelt = "".join(compact(t) for t in lines[k:j + (j == k)])
        if _other_caption(spelt):
            out.update(range(k, max(j, k + 1)))
        k = max(j, k + 1)
    return out


def _other_caption(text: str) -> bool:
    kind = classify(text) if text else None
    return kind is not None and kind not in _GOAL_KINDS


_GOAL_KINDS = frozenset({CaptionKind.GOALS_BLOCK, CaptionKind.GOALS_EXPECTED,
                         CaptionKind.GOALS_ACTUAL})


#: A caption and a colon opening a line's text (`预期目标：完成…`).
_CAPTION_COLON = re.compile(r"^([^\s:：]{2,16})[:：]\s*(\S.*)$")


def captioned(lines: Sequence[str]) -> tuple[list[GoalColumn], list[str]] | None:
    """Lines each opening with a goal column's caption and its text after it (`预期目标 完成…`,
    or with a colon, `预期目标：完成…`, then `实际完成情况 已…`), the lines between going on
    the text above: each text under its caption's column; None unless the first line opens
    so."""
    columns: list[GoalColumn] = []
    texts: list[list[str]] = []
    for text in lines:
        first, _, rest = text.partition(" ")
        column = goal_column(first) if rest.strip() else None
        colon = _CAPTION_COLON.match(text) if column is None else None
        if colon is not None and goal_column(colon.group(1)) is not None:
            column, rest = goal_column(colon.group(1)), colon.group(2)
        if column is not None:
            columns.append(column)
            texts.append([rest.strip()])
        elif texts:
            texts[-1].append(text)
        else:
            return None
    return columns, [join_lines(t) for t in texts]


def _pieces(text: str) -> list[str]:
    """A body line's pieces, without an unread rate printed after the texts."""
    tokens = text.split()
    while tokens and _RATE.match(tokens[-1]):
        tokens.pop()
    return tokens


def side_by_side(lines: Sequence[str], columns: Sequence[GoalColumn]
                 ) -> list[str | None] | None:
    """The columns' texts when every line prints a piece of each column still going on: the
    first line one of each (an empty target cell left out: fewer pieces go to the last
    columns), a later one of each column that printed on the line before (a cell of 无 ends
    on its first line), or, when fewer, of those whose text has not ended its sentence; None
    when a line fits neither."""
    if not lines or not 2 <= len(_pieces(lines[0])) <= len(columns) \
            or _report_paragraph(lines):
        return None
    pieces: list[list[str]] = [[] for _ in columns]
    going: list[int] = []
    for k, text in enumerate(lines):
        tokens = _pieces(text)
        if k == 0:
            going = list(range(len(columns) - len(tokens), len(columns)))
        elif len(tokens) < len(going):
            going = _going_on(going, pieces, len(tokens))
        if len(tokens) != len(going):
            return None
        for c, token in zip(going, tokens, strict=True):
            pieces[c].append(token)
        if k == 0:
            going = [c for c in going if substantive(pieces[c][0])]
    return [join_lines(p) if p else None for p in pieces]


#: How far (in CJK cells) a line's piece of the first column may fall short of (or run past)
#: the column's width: a number or a word the line could not hold wraps whole.
_WIDTH_SLACK = 1.5
#: The narrowest first column `by_width` cuts at (CJK cells): a goal's cell holds a sentence.
_WIDTH_MIN = 8
#: What a value's unit begins with, after its number (`公里`, `%`).
_UNIT_STARTS = tuple(sorted({*UNIT_WORDS, "%", "％"}, key=len, reverse=True))
#: The most places to cut a block's lines at that `by_width` weighs (each against every line):
#: a goals block of a dozen lines holds a hundred or two.
_CUTS_MAX = 600


def by_width(lines: Sequence[str], widths: Callable[[str], float]
             ) -> list[str | None] | None:
    """Two columns side by side whose texts print spaces of their own (a PDF's text layer sets
    digits apart from Chinese, `2023 年共为 2946 名`): the first column's pieces are as wide as
    its cell, so each line is cut at the space that leaves the width most lines share; a line
    with no cut there is cut after a piece ending a sentence (the first column's last line),
    or goes whole to the one column whose sentence goes on. None when no width is shared or a
    line fits none of these."""
    if _report_paragraph(lines):
        return None
    cuts = [_cuts(text.split(), widths) for text in lines]
    if sum(map(len, cuts)) > _CUTS_MAX:
        return None
    width = _shared_width(cuts)
    if width is None or width < _WIDTH_MIN:
        return None
    pieces: list[list[str]] = [[], []]
    for text, line_cuts in zip(lines, cuts, strict=True):
        tokens = text.split()
        near = min(line_cuts, key=lambda c: abs(c[1] - width), default=None)
        if near is not None and abs(near[1] - width) <= _WIDTH_SLACK:
            cut = near[0]
        else:
            cut = next((k for k in range(1, len(tokens)) if tokens[k - 1].endswith(_ENDS)), 0)
        if cut:
            pieces[0].append(" ".join(tokens[:cut]))
            pieces[1].append(" ".join(tokens[cut:]))
            continue
        going = [c for c in (0, 1) if not pieces[c] or not pieces[c][-1].endswith(_ENDS)]
        if len(going) != 1:
            return None
        pieces[going[0]].append(text)
    return [join_lines(p) if p else None for p in pieces]


def _cuts(tokens: Sequence[str], widths: Callable[[str], float]) -> list[tuple[int, float]]:
    """Each place a line may be cut (the index of the token after it) and the width before
    (`widths` adds up: the width of the tokens before, summed): never between a number and
    its unit (`300 公里`), which one cell prints."""
    out: list[tuple[int, float]] = []
    width = 0.0
    for k in range(1, len(tokens)):
        width += widths(tokens[k - 1])
        if not (tokens[k - 1][-1].isdigit() and tokens[k].startswith(_UNIT_STARTS)):
            out.append((k, width))
    return out


def _shared_width(cuts: Sequence[Sequence[tuple[int, float]]]) -> float | None:
    """The first column's width: the cut width within `_WIDTH_SLACK` of a cut on the most
    lines (two at least), the middle of those lines' nearest cuts."""
    best: tuple[int, float] | None = None
    for line_cuts in cuts:
        for _, w in line_cuts:
            near = [min((abs(x - w), x) for _, x in c)[1] for c in cuts if c
                    and min(abs(x - w) for _, x in c) <= _WIDTH_SLACK]
            if best is None or len(near) > best[0]:
                best = (len(near), sorted(near)[len(near) // 2])
    return best[1] if best is not None and best[0] >= 2 else None


def _report_paragraph(lines: Sequence[str]) -> bool:
    """Whether a line after one ending a sentence opens as a report of what was done: the
    texts stand one after the other (a space inside the target, `完成道路 300公里。`, is no
    column's edge)."""
    return any(lines[k - 1].endswith(_ENDS) and ACTUAL_CUES.search(compact(lines[k]))
               for k in range(1, len(lines)))


def _going_on(going: list[int], pieces: Sequence[Sequence[str]], count: int) -> list[int]:
    """The `count` columns of `going` a line printing fewer pieces goes on: those whose text
    has not ended its sentence, else the last ones (a report runs longer than its target)."""
    unended = [c for c in going if not pieces[c][-1].endswith(_ENDS)]
    return unended if len(unended) == count else going[len(going) - count:]


@dataclass(frozen=True)
class RunRead:
    """Goal texts read from lines printed one after the other, and the cut when the shared
    part made it inside a run (reported: JX022)."""

    texts: list[str | None]
    split: Split | None = None


def one_after_another(lines: Sequence[str], widths: Sequence[float],
                      columns: Sequence[GoalColumn]) -> RunRead | None:
    """The columns' texts from lines holding them one after the other: cut at the paragraph
    that opens as a report of what was done, or between two paragraphs, or where the run's
    sentences say so (`parts.goals.split_run`); None when it cannot be told."""
    if len(lines) == 1:
        twice = _twice(lines[0].split())
        if twice is not None:
            return RunRead([*([None] * (len(columns) - 2)), twice, twice])
    starts = _paragraph_starts(lines, widths)
    cut = next((i for i in starts if i > 0 and ACTUAL_CUES.search(compact(lines[i]))), None)
    if cut is None and len(lines) == 1:
        cut_token = _token_cut(lines[0].split())
        if cut_token is not None:
            before, after = cut_token
            return RunRead([*_targets(before, len(columns) - 1), after])
    if cut is None and len(starts) == 2:
        cut = starts[1]
    if cut is not None:
        return RunRead([*_targets(lines[:cut], len(columns) - 1), join_lines(list(lines[cut:]))])
    split = split_run(join_lines(list(lines)), columns)
    return RunRead(list(split.texts), split) if split is not None else None


def _twice(tokens: Sequence[str]) -> str | None:
    """The text of a line printing the same cell text twice (a goal reached as set: the
    target and the report alike)."""
    half, odd = divmod(len(tokens), 2)
    if odd or not half or tokens[:half] != tokens[half:]:
        return None
    return join_lines(list(tokens[:half]))


def _token_cut(tokens: Sequence[str]) -> tuple[list[str], str] | None:
    """Both cells on one line (`完成培训。 本项目已完成培训。`): cut where a piece begins the
    way an actual does."""
    cut = next((k for k in range(1, len(tokens)) if ACTUAL_CUES.search(compact(tokens[k]))),
               None)
    if cut is None:
        return None
    return list(tokens[:cut]), join_lines(list(tokens[cut:]))


def _targets(lines: Sequence[str], count: int) -> list[str | None]:
    """The target columns' texts from the lines before the actual: a line holding only 无 or a
    dash is an empty cell of its own, the rest stands in the last target column."""
    if count <= 1:
        return [join_lines(list(lines)) or None]
    marks = [ln for ln in lines if not substantive(ln)]
    said = [ln for ln in lines if substantive(ln)]
    text = join_lines(said) if said else None
    half = len(said) // 2
    if not marks and half and said[:half] == said[half:]:  # the target printed twice alike
        return [*([None] * (count - 2)), join_lines(said[:half]), join_lines(said[half:])]
    empty: list[str | None] = [*marks[:count - 1]]
    empty += [None] * (count - 1 - len(empty))
    return [*empty, text]


def _paragraph_starts(lines: Sequence[str], widths: Sequence[float]) -> list[int]:
    """Where a paragraph begins: after a line ending a sentence, or after a line much
    narrower than the widest (a wrapped paragraph's last line)."""
    width = max(widths, default=0)
    starts = [0]
    for i in range(1, len(lines)):
        if lines[i - 1].endswith(("。", "；", ";")) or widths[i - 1] < width * 0.7:
            starts.append(i)
    return starts


__all__ = ["DEFAULT_COLUMNS", "RunRead", "block_piece", "by_width", "captioned", "goal_columns",
           "one_after_another", "other_captions", "side_by_side", "without_block_caption"]
