"""The process part of a line-layout indicator table (项目决策 / 项目管理 rows).

Some provinces (Hubei's 20/80 forms) score the process before the results: a small table whose
columns are 项目权重 (the 一级 name with its group points, `项目管理 13 分`) | 评价内容 (the
row's name) | 分值 | 自评分 | 复核分 | 评价标准及依据 (prose of the scoring rule). It has no
年度指标值 / 实际完成值. In PDF text the cells come in page order: the rule's prose wraps
around the row, and a merged 一级 cell is printed beside the middle of its rows, after the
first of them. A row is its 分值/得分 pair with the word just before it as its name; the
一级 name goes to the rows of its group — those after the previous group's rows have added up
to that group's points, and those that follow.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from jixiao.readers.vocabulary import (
    INDICATOR_COLUMN_KINDS,
    PROCESS_NAME_CAPTIONS,
    CaptionKind,
    canonical_level1,
    caption_key,
    caption_pattern,
    classify,
    compact,
)

K = CaptionKind

_PROCESS_KEYS = frozenset(caption_key(c) for c in PROCESS_NAME_CAPTIONS)
#: The results table's header (`一级指标`, perhaps `一级 指标`, or `一级 二级 …` when the
#: captions wrap their 指标 onto the next line) ends the process part.
RESULTS_HEAD = re.compile(caption_pattern(K.LEVEL1, where="指标") + r"|(?<!\S)一级\s+二级(?!\S)")
#: A group's points printed after its 一级 name: `13 分`, `13分`, `(13分)`.
_POINTS = re.compile(r"^[(（]?(\d+(?:\.\d+)?)(分)?[)）]?$")
_PLAIN = re.compile(r"^\d+(?:\.\d+)?$")
#: Punctuation a word of the rule's prose carries and a row's name does not.
_PROSE_MARKS = re.compile(r"[，,。；;：:、《》]")


def is_process_header(text: str) -> bool:
    """Whether a line is the process part's header: its name column caption (评价内容 /
    评价要点) without the results' 年度指标值 / 实际完成值 (a results table may call its
    name column 评价要点 too)."""
    tokens = text.split()
    return any(caption_key(t) in _PROCESS_KEYS for t in tokens) and not any(
        classify(t) in _RESULT_COLUMNS for t in tokens)


_RESULT_COLUMNS = frozenset({K.TARGET, K.ACTUAL, K.VALUE})


def after_header(text: str) -> str:
    """The line without the column captions it begins with (`评价内容 分值 自评分 …`): the
    first row may follow them on the same line."""
    tokens = text.split()
    taken = 0
    while taken < len(tokens) and (caption_key(tokens[taken]) in _PROCESS_KEYS or (
            classify(tokens[taken]) in INDICATOR_COLUMN_KINDS)):
        taken += 1
    return " ".join(tokens[taken:])


@dataclass(slots=True)
class ProcessRow:
    """One process row: its 一级 name (None until its group's name is seen), 评价内容, 分值,
    得分, and the line it was read from."""

    level1: str | None
    name: str | None
    weight: str
    score: str
    line: int


@dataclass
class ProcessPart:
    """The process rows read so far and the group being filled."""

    rows: list[ProcessRow] = field(default_factory=list)
    level1: str | None = None
    points: Decimal | None = None
    filled: Decimal = Decimal(0)
    #: rows read after the current group was full: they wait for their group's name
    waiting: list[ProcessRow] = field(default_factory=list)

    def take_level(self, tokens: list[str]) -> list[str]:
        """Read a 一级 name and its points among the tokens; the tokens without them."""
        for i, token in enumerate(tokens):
            name = canonical_level1(token)
            if name is None:
                continue
            points, used = _points_after(tokens, i + 1)
            self._open(name, points)
            return tokens[:i] + tokens[i + 1 + used:]
        return tokens

    def _open(self, name: str, points: Decimal | None) -> None:
        for row in self.waiting:
            row.level1 = name
        self.filled = sum((_number(r.weight) or Decimal(0) for r in self.waiting), Decimal(0))
        self.waiting = []
        self.level1, self.points = name, points

    def add(self, name: str | None, weight: str, score: str, line: int) -> None:
        """A row of the current group, or of the next when the current one is full."""
        full = self.points is not None and self.filled >= self.points
        row = ProcessRow(None if full else self.level1, name, weight, score, line)
        self.rows.append(row)
        if full:
            self.waiting.append(row)
        else:
            self.filled += _number(weight) or Decimal(0)


def row_name(before: list[str]) -> str | None:
    """The 评价内容 of a row: the word just before its 分值 (the rule's prose before it is
    the previous row's)."""
    if not before:
        return None
    word = before[-1]
    if _PLAIN.match(word) or _PROSE_MARKS.search(word) or (
            classify(word) in INDICATOR_COLUMN_KINDS):
        return None  # a column's caption is no row's name; 绩效目标 (a block's) may be
    return compact(word)


def _points_after(tokens: list[str], start: int) -> tuple[Decimal | None, int]:
    """The group points printed after a 一级 name (`13 分` is two tokens) and the count of
    tokens they take."""
    if start >= len(tokens):
        return None, 0
    m = _POINTS.match(tokens[start])
    if m is None:
        return None, 0
    if m.group(2) or tokens[start].startswith(("(", "（")):
        return _number(m.group(1)), 1
    if start + 1 < len(tokens) and tokens[start + 1] == "分":
        return _number(m.group(1)), 2
    return None, 0


def _number(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


__all__ = ["RESULTS_HEAD", "ProcessPart", "ProcessRow", "after_header", "is_process_header",
           "row_name"]
