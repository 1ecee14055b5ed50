"""The glued layout's text (粘连文本): the captions the vocabulary finds in running text (and
header captions OCR damaged), the text joined with its places, the slots between captions,
and what reading one form collects (`glued`)."""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from jixiao.core.findings import Finding, SourceRef
from jixiao.readers import segment
from jixiao.readers import vocabulary as vocab
from jixiao.readers.base import import_finding
from jixiao.readers.codes import IMPORT_CODES

K = vocab.CaptionKind


TABLE_COLUMN = {K.TARGET: "target", K.VALUE: "target", K.ACTUAL: "actual", K.WEIGHT: "weight",
                 K.SCORE: "score", K.NOTE: "note", K.UNIT: "unit", K.OPERATOR: "op"}
GOAL_KINDS = frozenset({K.GOALS_BLOCK, K.GOALS_EXPECTED, K.GOALS_ACTUAL})
TABLE_OPENERS = frozenset({K.INDICATOR_BLOCK, K.LEVEL1, K.LEVEL2, K.LEVEL3})
TAIL_KINDS = frozenset({K.TOTAL, K.SELF_SCORE, K.GRADE, K.END})
#: The kind of the place before the first level name of a capture that begins mid-table (no
#: caption stands there: the rows before it are the first group's).
MID_TABLE = "mid_table"
#: Captions that begin the form's body (funds, goals, the table): the header is before them.
_BODY_KINDS = frozenset({K.FUNDS_BLOCK, K.FUNDS_INITIAL, K.FUNDS_ANNUAL, K.FUNDS_EXECUTED,
                         K.GOALS_BLOCK, K.GOALS_EXPECTED, K.INDICATOR_BLOCK, K.LEVEL1})
#: Short synonyms that are ordinary words inside names and prose (`单位`, `说明`, `一级`):
#: trusted only where a table header stands.
SHORT = 2


# ---------------------------------------------------------------- captions in running text


#: What a funds row's run is made of (digits, `.`, `%`, spaces, blank marks): a row caption
#: ends where it begins.
RUN_CHARS = r"\d\s.,%" + re.escape("".join(sorted(segment.BLANKS)))


@cache  # compiled when a glued line is first seen: its size makes compiling cost ~50 ms
def _caption_regex() -> re.Pattern[str]:
    kinds = [k for k in K if k in vocab.SYNONYMS]
    # a level name may be split by blanks (a page marker removed inside it: `社会效益 指标`)
    names = sorted(set(vocab.LEVEL1_NAMES) | set(vocab.LEVEL2_NAMES), key=len, reverse=True)
    levels = [r"\s*".join(map(re.escape, name)) for name in names]
    # a level name that begins a caption (项目实施 in 项目实施单位) is that caption
    longer = vocab.extending_pattern(*names)
    # the row patterns match a normalised caption (NFKC, `^`-anchored); here they are found
    # inside printed text: unanchored, either colon width, after an optional `其中：`
    rows = ["(?:其中\\s*[:：]?\\s*)?" + p.pattern.replace("^", "").replace(":", "[:：]")
            for p, _ in vocab.FUNDS_ROW_PATTERNS]
    return re.compile(
        f"(?P<title>{vocab.TITLE.pattern})"
        # a level name that ends a title (`…项目绩效目标自评表`) is the title's
        f"|(?P<level>(?!{longer})(?:{'|'.join(levels)})(?!\\s*(?:{vocab.TITLE.pattern}))"
        f"(?:{vocab.SCORE_SUFFIX.pattern})?)"
        f"|(?P<row>(?:{'|'.join(rows)})[^{RUN_CHARS}]{{0,4}}?(?=[{RUN_CHARS}]))"
        f"|(?P<caption>(?:{vocab.caption_pattern(*kinds)})"
        f"(?:[(（][^()（）\\d]{{0,6}}[)）]|{_FORMULA})?(?:{vocab.SCORE_SUFFIX.pattern})?)")


#: A caption's bracketed formula (`得分(20分*执行率)`): part of the caption, not a caption.
_FORMULA = r"[(（][^()（）]{0,12}[*×][^()（）]{0,12}[)）]"




@dataclass(frozen=True)
class Caption:
    """A caption found in the glued text: its span and what it is."""

    start: int
    end: int
    kind: str  # a CaptionKind value, or "title", "level", "row"
    text: str


def find_captions(flat: str) -> list[Caption]:
    """Every caption the vocabulary recognises in the text, left to right, longest first."""
    out: list[Caption] = []
    for m in _caption_regex().finditer(flat):
        group = m.lastgroup or ""
        if group == "caption":
            kind = vocab.classify(m.group())
            if kind is None:
                continue
            if kind in GOAL_KINDS and vocab.score_in(m.group()):
                kind = K.INDICATOR_BLOCK  # `年度绩效目标(80分)`: goals carry no points
            end = _without_text_head(flat, m)
            text = flat[m.start():end]
            out.append(Caption(m.start(), end, (vocab.classify(text) or kind).value, text))
        elif group == "row":
            out.append(Caption(m.start(), m.end(), "row", m.group()))
        elif group == "level" and out and _same_level(out[-1], m):
            continue  # `财务管理财务管理制度有效性`: a row's name begins with its group's name
        else:
            out.append(Caption(m.start(), m.end(), group, m.group()))
    return out


#: The head of a caption wrapped off its last words (`年度总体目标完成` / `情况`) that is also
#: how a text begins (`完成河道保洁…`).
_TEXT_HEADS = ("完成",)


def _without_text_head(flat: str, m: re.Match[str]) -> int:
    """Where a caption found ends: a caption ending in a word that also begins the text after
    it (`年度总体目标` + `完成河道保洁…`, not the wrapped `年度总体目标完成`) ends before it."""
    text = m.group()
    for head in _TEXT_HEADS:
        shorter = text.removesuffix(head)
        if shorter != text and vocab.classify(shorter) is not None and (
                not flat.startswith("情况", m.end())):
            return m.end() - len(head)
    return m.end()


def _same_level(previous: Caption, m: re.Match[str]) -> bool:
    """A level name printed again right after itself: the merged cell's name, then the first
    row's name beginning with the same words; the second is the row's text, not a caption."""
    return previous.kind == "level" and previous.end == m.start() and (
        vocab.strip_score(vocab.compact(previous.text)) == vocab.compact(m.group()))


#: Header fields whose caption OCR may damage (`主管部n`, `实施第位`), and the shortest caption
#: read with one character wrong (a shorter one is too often an ordinary word).
_DAMAGEABLE = (K.PROJECT_NAME, K.DEPARTMENT, K.IMPLEMENTING_UNIT)
DAMAGED_MIN = 4


def damaged_header_captions(flat: str, found: Sequence[Caption]) -> list[Caption]:
    """Header captions (项目名称, 主管部门, 实施单位) OCR printed with one character wrong, in each
    form's header (from its title, or the text's start, to its first funds, goals or table
    caption), where no caption stands and the field has none: `主管部n…` is 主管部门."""
    out: list[Caption] = []
    starts = [0, *(c.start for c in found if c.kind == "title")]
    body = [c.start for c in found if c.kind in _BODY_KINDS]
    covered = -1
    for start in sorted(set(starts)):
        if start < covered:
            continue  # inside the header looked at already
        at = bisect.bisect_left(body, start)
        end = body[at] if at < len(body) else len(flat)
        covered = min(end, start + HEADER_SPAN)
        first = bisect.bisect_left(found, start, key=lambda c: c.start)
        last = bisect.bisect_left(found, covered, key=lambda c: c.start)
        out += _damaged_in(flat, found[first:last], start, covered)
    return out


#: A glued header (title to funds) is a few hundred characters: damaged captions are looked
#: for this far after a title at most.
HEADER_SPAN = 600


def _damaged_in(flat: str, found: Sequence[Caption], start: int, end: int) -> list[Caption]:
    """The damaged captions of one header (`found`: the captions in it)."""
    taken = [(c.start, c.end) for c in found]
    have = {c.kind for c in found}
    out: list[Caption] = []
    for kind in _DAMAGEABLE:
        if kind in have:
            continue
        for synonym in sorted(vocab.SYNONYMS[kind], key=len, reverse=True):
            pos = _one_wrong(flat, synonym, start, end, taken)
            if pos is not None and len(synonym) >= DAMAGED_MIN:
                out.append(Caption(pos, pos + len(synonym), kind.value,
                                   flat[pos:pos + len(synonym)]))
                taken.append((pos, pos + len(synonym)))
                break
    return out


def _one_wrong(flat: str, word: str, start: int, end: int, taken: Sequence[tuple[int, int]]
               ) -> int | None:
    """Where `word` is printed with exactly one character wrong, not its first (`监管单位` is
    no 主管单位), before `end` and outside the captions taken."""
    if end - start < len(word):
        return None  # (a negative bound would count from the text's end)
    pos = flat.find(word[0], start, end - len(word) + 1)
    while pos >= 0:
        piece = flat[pos:pos + len(word)]
        if sum(a != b for a, b in zip(piece, word, strict=True)) == 1 and not any(
                s < pos + len(word) and pos < e for s, e in taken):
            return pos
        pos = flat.find(word[0], pos + 1, end - len(word) + 1)
    return None


# ---------------------------------------------------------------- the text and its places


@dataclass
class Glued:
    """The glued lines as one text, with where each line starts in it."""

    flat: str
    starts: list[int]
    filename: str | None = None
    first_line: int = 1

    def source(self, pos: int) -> SourceRef:
        """The place of the character at `pos`: its line and its column (`第N字`)."""
        index = max(bisect.bisect_right(self.starts, pos) - 1, 0)
        column = pos - self.starts[index] + 1
        return SourceRef(file=self.filename, line=self.first_line + index, cell=f"第{column}字")


#: Blanks inside a word of a glued text (`年初 预算数`, `产出指 标`, `(50分 )`, `( 50 分)`): set
#: between Chinese characters and brackets, or inside a `(NN分)`, they separate nothing (the
#: text has no separators) but break a caption. One blank: a run is page text blanked by
#: `text_prep` (a page break); blanks next to a number may part two values.
_INNER_BLANKS = re.compile(r"(?<=[\u4e00-\u9fff(（])[ \u3000](?=[\u4e00-\u9fff)）])")
_SPACED_POINTS = re.compile(r"[(（][ \u3000]*\d{1,3}(?:\.\d+)?[ \u3000]*分[ \u3000]*[)）]")


def _without_inner_blanks(line: str) -> str:
    if " " not in line and "\u3000" not in line:
        return line
    line = _SPACED_POINTS.sub(lambda m: "".join(m.group().split()), line)
    return _INNER_BLANKS.sub("", line)


def join_glued(text: str, filename: str | None = None, first_line: int = 1) -> Glued:
    """The lines of the text joined into one (a page of a glued form ends mid-row: the line
    break is no separator), blanks inside its words dropped (a column `第N字` counts the
    characters left). Page text a sharing site adds has been blanked by `text_prep`."""
    lines = [_without_inner_blanks(line) for line in text.splitlines()]
    starts = list(itertools.accumulate((len(line) for line in lines[:-1]), initial=0))
    return Glued("".join(lines), starts, filename, first_line)


# ---------------------------------------------------------------- sections


@dataclass
class Slot:
    """A caption and the text after it up to the next caption."""

    caption: Caption
    start: int
    end: int
    value: str


#: Captions printed side by side (a header row) are this close; a goal caption further from
#: the previous caption is a word of the goal text.
ADJACENT = 2
#: Text longer than this after a table column caption is the first row: the header has ended.
ROW_AFTER_HEADER = 6


# ---------------------------------------------------------------- reading one form


@dataclass
class Reading:
    """What one form's slots gave, with findings and sources."""

    glued: Glued
    budget: segment.Budget
    values: dict[str, object] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    sources: dict[str, SourceRef] = field(default_factory=dict)

    def note(self, code: str, detail: str, pos: int, path: str | None = None) -> None:
        """An import finding at the place of the character at `pos`."""
        message = f"{IMPORT_CODES[code]}：{detail}" if detail else IMPORT_CODES[code]
        self.findings.append(import_finding(code, message, path=path,
                                            source=self.glued.source(pos)))


def clean(text: str) -> str:
    """A field's text without blanks and the punctuation around it."""
    return vocab.compact(text).strip(":：、，,;；")


#: The numbers a 总分 row prints after its caption, with their blanks, blank marks and `分`.
_POINTS_RUN = re.compile(f"[{RUN_CHARS}分]*")


def points_run(value: str) -> str:
    """A 总分 row's numbers without blanks: its text up to the words after them (a sharing
    site's `下载提示` run on after the last page); the whole text when no number begins it."""
    value = value.lstrip(":： ")
    found = _POINTS_RUN.match(value)
    run = vocab.compact(found.group()) if found else ""
    return run if any(ch.isdigit() for ch in run) else vocab.compact(value)


#: How a split names its parts in a finding (the form's own column names).
FIELD_NAMES = {"target": "年度指标值", "actual": "实际完成值", "weight": "分值",
               "score": "得分", "unit": "计量单位", "op": "指标性质", "initial": "年初预算数",
               "annual": "全年预算数", "executed": "全年执行数", "rate": "执行率",
               "coef": "得分系数", "flag": "是否核心指标"}


def shown(values: dict[str, str]) -> str:
    """`分值 10｜年度指标值 2370人｜…`: a split as a reviewer checks it."""
    return "｜".join(f"{FIELD_NAMES.get(k, k)} {v}" for k, v in values.items() if v)


def field_names(keys: frozenset[str]) -> str:
    """`年度指标值、得分`: the columns named as the form names them."""
    return "、".join(FIELD_NAMES.get(k, k) for k in sorted(keys))
