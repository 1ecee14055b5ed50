"""The 年度总体目标 part, for every text layout: which column a goal caption heads, and the
goal texts of a block read into the expected and the actual goal.

Forms print the goals in two columns (预期目标 | 实际完成情况, 年初设定目标 | 全年实际完成情况)
or, on department forms, three (年初绩效目标 | 全年(调整)绩效目标 | 全年目标实际完成情况), with
a cell holding 无 where nothing was set. The expected goal is the target as last adjusted
(the adjusted column when it says something, else the initial one). When the layout lost the
cell boundaries (a glued form), the texts are cut where the actual begins: after a repeated
target, at a sentence that opens the way a report of what was done does (`本项目已…`,
`中心2021年较好地完成了…`) or restarts the numbering (`1.`), never inside a sentence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from jixiao.readers import vocabulary as vocab

K = vocab.CaptionKind


class GoalColumn(StrEnum):
    """What a goal column holds."""

    INITIAL = "initial"  # 预期目标, 年初设定目标, 年初绩效目标
    ADJUSTED = "adjusted"  # 全年(调整)绩效目标: the target as adjusted during the year
    ACTUAL = "actual"  # 实际完成情况, 全年目标实际完成情况


#: Captions of the adjusted target: a block caption elsewhere (a department form's row
#: caption), a column when it follows the initial target's caption.
_ADJUSTED = re.compile(r"调整")


def goal_column(caption: str, *, first: bool = False) -> GoalColumn | None:
    """The column a goal caption heads; None for a row caption (年度总体目标, or any block
    caption that opens the run of captions: `first`)."""
    kind = vocab.classify(caption)
    if kind is K.GOALS_EXPECTED:
        return GoalColumn.INITIAL
    if kind is K.GOALS_ACTUAL:
        return GoalColumn.ACTUAL
    if kind is K.GOALS_BLOCK and not first and _ADJUSTED.search(caption):
        return GoalColumn.ADJUSTED
    return None


def lone_column(caption: str) -> GoalColumn:
    """The column of a goal caption printed with its own text after it, no columns under it:
    one that names the completion (年度总体目标完成情况综述, 总体目标完成情况) heads the actual,
    any other (年度总体目标) the expected."""
    column = goal_column(caption)
    if column is not None:
        return column
    return GoalColumn.ACTUAL if "完成" in vocab.caption_key(caption) else GoalColumn.INITIAL


#: The marks of "nothing set" in a goal cell: 无, 暂无, (无), and in the adjusted target's
#: cell 无调整 / 未调整 (the initial target stands); a run of dashes or slashes.
_NONE_WORD = r"[(（]?(?:[无未]调整|暂无|无)[)）]?"
_DASHES = r"[—－\-/／]+"
#: What a goal cell prints for "nothing set": 无, a dash, a slash.
_PLACEHOLDER = re.compile(rf"^(?:{_NONE_WORD}|{_DASHES})[。.；;，,]?$")
#: Words beginning with 无 that open a real goal (无偿, 无障碍 …): such a 无 is no empty cell.
_WU_WORDS = "偿障害公纸线人证缝息菌差违事重安投拖欠误"


#: No placeholder (`（暂无）。`, a run of dashes, with spaces) is longer than this: a longer text
#: says something without a look at it.
_PLACEHOLDER_MAX = 16


def substantive(text: str | None) -> bool:
    """Whether a goal cell says something (not empty, not 无 or a dash)."""
    if not text:
        return False
    return len(text) > _PLACEHOLDER_MAX or _PLACEHOLDER.match(vocab.compact(text)) is None


#: A goal says something in words: OCR debris (`公,4`) has fewer than two Chinese characters.
_WORDS = re.compile(r"[\u4e00-\u9fff][^\u4e00-\u9fff]*[\u4e00-\u9fff]")


def readable(text: str | None) -> bool:
    """Whether a goal cell holds a goal (words, or 无 / a dash), not OCR debris."""
    if not text:
        return False
    return _WORDS.search(text) is not None or not substantive(text)


def goals_of(columns: Sequence[GoalColumn], texts: Sequence[str | None]
             ) -> tuple[str | None, str | None]:
    """(expected, actual) from the texts of the columns, in the same order (debris dropped)."""
    pairs = [(c, t) for c, t in zip(columns, texts, strict=False) if readable(t)]
    targets = [t for c, t in pairs if c is not GoalColumn.ACTUAL]
    actual = next((t for c, t in pairs if c is GoalColumn.ACTUAL), None)
    said = [t for t in targets if substantive(t)]
    expected = said[-1] if said else (targets[0] if targets else None)
    return expected, actual


# ---------------------------------------------------------------- one run, several columns

#: How a report of what was done opens (`本项目已…`, `2021年已完成…`, `截至年底…`).
ACTUAL_CUES = re.compile(
    r"^(本项目|本年度|截至|截止|项目已|已|全年|年度内|实际|通过本项目|经过|该项目|"
    r"(19|20)\d{2}年(度)?(已|完成|共|实际|按|全年|项目|本|，|,))")
#: A subject and the year before a report (`中心2021年`, `我局2023年度`).
_SUBJECT_YEAR = re.compile(r"^[\u4e00-\u9fff]{1,8}?(19|20)\d{2}年")
#: Words of a report of what was done (为了/除了 are no past tense).
_DONE = re.compile(r"(?<![为除])了|已经|已|截至|截止|累计|共计|顺利|圆满|较好地")
#: An item number opening a sentence: 1. / 1、 / (1) / 一、
_FIRST_ITEM = re.compile(r"^(?:1[.、．]|[(（]1[)）]|一[、.．])")


#: How much of each piece a finding quotes: enough to see where the cut fell.
_QUOTED = 12


@dataclass(frozen=True)
class Split:
    """A goals run cut into its columns' texts (None: an empty cell)."""

    texts: tuple[str | None, ...]

    def shown(self) -> str:
        """`「无」｜「通过整合各级各类媒体…」｜「中心2021年…」`: the cut as a reviewer checks it."""
        return "｜".join(f"「{_quoted(t)}」" if t else "（空）" for t in self.texts)


def _quoted(text: str) -> str:
    return text if len(text) <= _QUOTED else text[:_QUOTED] + "…"


def split_run(text: str, columns: Sequence[GoalColumn]) -> Split | None:
    """The texts of `columns` when one run prints them all, glued in that order; None when
    where one ends cannot be told (the caller keeps the run whole and says so). The pieces
    are the text's own: joined, they give it back."""
    units = _units(text.strip())
    targets = len(columns) - 1 if columns[-1] is GoalColumn.ACTUAL else len(columns)
    if not units or targets == len(columns):
        return None
    twice = _repeated(units)
    if targets >= 2 and twice and len(units) > 2 * twice:
        cut: int | None = 2 * twice
    else:
        cut = _actual_cut(units, targets)
    if not cut:
        return None
    return Split((*_targets(units[:cut], targets), "".join(units[cut:])))


#: What an empty goal cell prints where cells are glued: 无, 暂无, (无), a dash or a slash.
_BLANK_CELL = re.compile(rf"{_NONE_WORD}[。；;]?|{_DASHES}")
#: A sentence: up to and including its end mark, or the rest of the text.
_SENTENCE = re.compile(r"[^。；;！!？?]*[。；;！!？?]|[^。；;！!？?]+")


def _units(text: str) -> list[str]:
    """The run as sentences, with each empty cell's 无 or dash a unit of its own."""
    out: list[str] = []
    pos = 0
    while pos < len(text):
        blank = _blank_at(text, pos)
        m = blank or _SENTENCE.match(text, pos)
        if m is None or not m.group():
            break
        out.append(m.group())
        pos = m.end()
    return out


def _blank_at(text: str, pos: int) -> re.Match[str] | None:
    """An empty cell's mark at `pos`; 无 beginning a word (无偿, 无障碍) is none."""
    m = _BLANK_CELL.match(text, pos)
    if m is None:
        return None
    if m.group() == "无" and m.end() < len(text) and text[m.end()] in _WU_WORDS:
        return None
    return m


def _is_blank(unit: str) -> bool:
    return not substantive(unit)


def _targets(units: Sequence[str], count: int) -> list[str | None]:
    """The target columns' texts from their units: an empty cell's mark stands in its column,
    a text printed twice is both; otherwise the text stands in the last target column (the
    one the expected goal is read from)."""
    if count <= 1:
        return ["".join(units) or None]
    if count == 2:
        if len(units) > 1 and _is_blank(units[0]):
            return [units[0], "".join(units[1:])]
        if len(units) > 1 and _is_blank(units[-1]):
            return ["".join(units[:-1]), units[-1]]
        twice = _repeated(units)
        if twice and 2 * twice == len(units):
            return ["".join(units[:twice]), "".join(units[twice:])]
    return [None] * (count - 1) + ["".join(units) or None]


def _repeated(units: Sequence[str]) -> int | None:
    """How many units a text printed twice in a row (the initial and adjusted targets alike)
    holds in each copy."""
    for size in range(1, len(units) // 2 + 1):
        if units[:size] == units[size:2 * size]:
            return size
    return None


def _actual_cut(units: Sequence[str], targets: int) -> int | None:
    """The unit the actual begins with: after as many empty cells as there are targets, an
    empty cell's mark ending the run, the first sentence that opens as a report of what was
    done or restarts the numbering, else the first that says what was done when none before it
    does; None when it cannot be told."""
    blanks = next((k for k, u in enumerate(units) if not _is_blank(u)), len(units))
    if blanks >= targets and len(units) > targets:
        return targets
    if len(units) > 1 and _is_blank(units[-1]):
        return len(units) - 1
    numbered = _FIRST_ITEM.match(units[0]) is not None
    for k in range(1, len(units)):
        if _opens_actual(units[k]) or (numbered and _FIRST_ITEM.match(units[k])):
            return k
    for k in range(1, len(units)):
        if not _is_blank(units[k]) and _DONE.search(units[k]):
            return k if not any(_DONE.search(u) for u in units[:k]) else None
    return None


def _opens_actual(sentence: str) -> bool:
    if ACTUAL_CUES.match(sentence):
        return True
    return _SUBJECT_YEAR.match(sentence) is not None and _DONE.search(sentence) is not None


__all__ = ["ACTUAL_CUES", "GoalColumn", "Split", "goal_column", "goals_of", "lone_column",
           "readable", "split_run", "substantive"]
