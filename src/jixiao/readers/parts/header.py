"""Header fields printed inline (表头栏目同格): several captions and values in one cell or line.

System exports and pasted pages print the header as one run — `项目名称：甲 是否为专项资金：
实施(主管)单位 乙 金额单位：万元` — where each caption ends the value before it, whether the
form reads it (项目名称, 实施单位 …) or not (是否为专项资金, 金额单位, 填报日期 …). A caption
counts before a colon, between spaces, or before a code (spaces are often lost in copying), so
that a name holding the words (`某县项目单位管理中心`) is not cut.

PDF text in page order (`page_fields`) prints the header's cells across the page: a caption
may stand glued to its value or to another caption, a row of captions may be followed by their
values side by side, and the header may print 自评总分 (the form's total score) among its
fields. Both readings find the captions and cut the values between them here (`_between`).
"""

from __future__ import annotations

import itertools
import re
from typing import NamedTuple

from jixiao.core.lazy_pattern import LazyPattern
from jixiao.readers.shapes import is_value
from jixiao.readers.text_norm import join_lines
from jixiao.readers.vocabulary import (
    CAPTION_MAX,
    HEADER_KINDS,
    HEADER_VALUE_MAX,
    TITLE,
    YEAR_DIGITS,
    YEAR_LOOSE,
    CaptionKind,
    caption_pattern,
    classify,
    compact,
    extending_pattern,
    funds_row,
    second_role,
    without_item_number,
)

K = CaptionKind

_FIELD = caption_pattern(*HEADER_KINDS)
#: The header's captions that are not read (项目编码, 填报日期, 联系人 …, and those that end the
#: form): each ends the value before it.
STOP_CAPTIONS = caption_pattern(K.IGNORED_FIELD, K.END)
#: What a header caption may carry before its colon: the seal mark (`实施单位（盖章）`).
SEAL = "(?:[(（]盖章[)）])?"
#: A caption of the run: group 1 a field the form reads, group 2 one it does not, group 3 its
#: colon; where it stands decides whether it counts (`_counts`).
#: 自评总分 among them ends the value before it too (a form's total score, read elsewhere).
_CAPTION = LazyPattern(rf"(?:({_FIELD})|({STOP_CAPTIONS}|{caption_pattern(K.SELF_SCORE)}))"
                       rf"{SEAL}(\s*[:：]\s*)?")
_CODE_START = re.compile(r"[0-9A-Za-z]")


def _counts(text: str, m: re.Match[str]) -> bool:
    """A caption ends the value before it when a colon follows it, when it stands between
    spaces, or when a code follows it at once (`实施单位314002-某局`, spaces lost in copying);
    inside a name (`某县项目单位管理中心`) it does not."""
    if m.group(3):
        return True
    start, end = m.start(), m.end()
    after = text[end:end + 1]
    if (start == 0 or text[start - 1].isspace()) and (not after or after.isspace()):
        return True
    return bool(after) and _CODE_START.match(after) is not None


class InlineField(NamedTuple):
    """One field of an inline header: its key (`project_name` …), its caption as printed, its
    value (None when nothing stands between the caption and the next)."""

    key: str
    caption: str
    value: str | None


class _Mark(NamedTuple):
    """A caption found in the text: where it stands, its key ("" for a caption not read)."""

    start: int
    end: int
    key: str


def _between(text: str, marks: list[_Mark]) -> list[tuple[_Mark, str]]:
    """Each caption with the text after it, up to the next caption."""
    ends = [m.start for m in marks[1:]] + [len(text)]
    return [(m, text[m.end:end]) for m, end in zip(marks, ends, strict=False)]


def inline_fields(text: str) -> list[InlineField]:
    """The header fields a run of text prints, in order; [] when it begins with none.

    >>> [(f.key, f.value) for f in inline_fields("项目名称：甲 是否为专项资金：否 实施单位 乙")]
    [('project_name', '甲'), ('implementing_unit', '乙')]
    """
    marks = [m for m in _CAPTION.finditer(text) if _counts(text, m)]
    if not marks or marks[0].start() != len(text) - len(text.lstrip()):
        return []
    keyed = [_Mark(m.start(), m.end(), _key(m.group(1))) for m in marks]
    # a caption that is not read (no key) only ends the value before it
    read = [(m.group(1), raw) for m, (mark, raw) in zip(marks, _between(text, keyed), strict=True)
            if mark.key]
    raws = [raw for _, raw in read]
    values = _neighbours([join_lines([raw]) or None for raw in raws], raws)
    return [InlineField(_key(caption), caption, value)
            for (caption, _), value in zip(read, values, strict=True)]


def _key(caption: str | None) -> str:
    kind = classify(caption) if caption else None
    return str(kind) if kind is not None else ""


# ---------------------------------------------------------------- page order

#: The captions the header of PDF text is read by: its fields, and 自评总分 (a form's total
#: score printed in its header, read when the form has no 总分 row).
PAGE_KINDS = (K.PROJECT_NAME, K.DEPARTMENT, K.IMPLEMENTING_UNIT, K.YEAR, K.SELF_SCORE)
#: Each read caption's key and pattern (its seal mark and colon with it).
PAGE_CAPTIONS = tuple((str(kind), LazyPattern(f"(?:{caption_pattern(kind)}){SEAL}[:：]?"))
                      for kind in PAGE_KINDS)
#: The keys read as text fields (the year and the score are read by their own rules).
TEXT_KEYS = (str(K.PROJECT_NAME), str(K.DEPARTMENT), str(K.IMPLEMENTING_UNIT))
SELF_SCORE = str(K.SELF_SCORE)
_YEAR, _PROJECT = str(K.YEAR), str(K.PROJECT_NAME)
_PAGE_KEYS = (*TEXT_KEYS, SELF_SCORE)
#: Captions the header prints that are not read: each ends the value before it.
STOPS = LazyPattern(f"(?:{STOP_CAPTIONS})[:：]?")
#: A 自评总分 printed in the header: its number.
SCORE_VALUE = re.compile(r"^(?:0|[1-9]\d*)(?:\.\d+)?$")
#: The bracketed qualifier of a 自评总分 caption before its number (`自评总分（分） 93.56`).
_QUALIFIER = re.compile(r"^[(（][^)）\n]{1,4}[)）]\s*")
#: A unit's or project's name is at least this long: two shorter pieces of one cell's value
#: (`广水 交通局`) are one name wrapped, not the values of two cells.
NAME_PIECE_MIN = 4
#: The captions a read caption is the head of (`项目年度目标` after `项目年度`): only these
#: can make a header caption part of a longer one, so the test needs them alone.
_LONGER_CAPTION = LazyPattern(extending_pattern(*PAGE_KINDS))
#: A project's name as printed ends so (`某某道路建设养护项目`, `某某改造工程`).
_PROJECT_ENDING = re.compile(r"(项目|工程)$")


class PageHeader(NamedTuple):
    """The header of PDF text: the text fields and `self_score` (None when not printed or not
    a number), where the value of each caption found begins in the text, the printed year."""

    fields: dict[str, str | None]
    at: dict[str, int]
    year: int | None


def page_fields(text: str) -> PageHeader:
    """The header's captions and the values after them, in page order: the first place each
    caption stands as itself, glued or not; values printed side by side after a row of
    captions are shared back (`_neighbours`); a two-role caption fills its second field too;
    an empty 项目名称 takes the one project's name printed apart from it (`_name_apart`)."""
    marks: list[_Mark] = []
    for key, pattern in PAGE_CAPTIONS:
        m = _first_mark(pattern, text)
        if m is not None:
            marks.append(_Mark(m.start(), m.end(), key))
    marks += [_Mark(m.start(), m.end(), "") for m in STOPS.finditer(text)
              if not any(k.start < m.end() and m.start() < k.end for k in marks)]
    marks.sort()
    fields: dict[str, str | None] = dict.fromkeys(_PAGE_KEYS)
    at: dict[str, int] = {}
    year = None
    printed: list[tuple[str, str]] = []
    unread: list[tuple[int, str]] = []  # the text after each caption that is not read
    seconds: list[tuple[str, str | None, int]] = []  # (second role, value, place)
    for mark, raw in _between(text, marks):
        if not mark.key:
            unread.append((mark.end, raw))
            continue
        value = join_lines(_value_lines(raw)) or None
        if mark.key == _YEAR:
            found = YEAR_DIGITS.search(value or "")
            year = year or (int(found.group(0)) if found else None)
            continue
        at[mark.key] = mark.end
        if mark.key == SELF_SCORE:
            value = _QUALIFIER.sub("", value or "") or None
            fields[SELF_SCORE] = value if value and SCORE_VALUE.match(value) else None
            continue
        fields[mark.key] = value
        printed.append((mark.key, raw))
        role = second_role(text[mark.start:mark.end])
        if role is not None:
            seconds.append((str(role), value, mark.end))
    values = [fields[k] for k, _ in printed]
    if None in values:  # an empty caption: values printed beside it may be its own
        shared = _neighbours(values, [raw for _, raw in printed])
        fields.update(zip([k for k, _ in printed], shared, strict=True))
    for key, value, place in seconds:  # 实施(主管)单位: the department too, unless printed
        if key in fields and fields[key] is None and key not in at and value:
            fields[key], at[key] = value, place
    if fields[_PROJECT] is None and _PROJECT in at:
        apart = _name_apart(unread)
        if apart is not None:
            at[_PROJECT], fields[_PROJECT] = apart
    return PageHeader(fields, at, year)


def _value_lines(raw: str) -> list[str]:
    """The lines of a caption's value, up to a line that is a row of the funds table (its row
    caption and numbers: `年度资金总额 3256.80 4102.35 …`), which page order may print right
    under the last header field with no caption of the header between."""
    lines = raw.split("\n")
    end = next((k for k, line in enumerate(lines) if k and funds_row_line(line)), len(lines))
    return lines[:end]


def funds_row_line(line: str) -> bool:
    """Whether a line is a row of the funds table: its row caption and numbers only."""
    words = line.split()
    return len(words) >= 2 and len(words[0]) <= CAPTION_MAX and funds_row(words[0]) is not None \
        and all(is_value(w) for w in words[1:])


def _first_mark(pattern: re.Pattern[str] | LazyPattern, text: str) -> re.Match[str] | None:
    """The first place a header caption stands as itself, not as the head of a longer caption
    (`项目年度` in `项目年度目 标` is the goals' caption)."""
    for m in pattern.finditer(text):
        longer = _LONGER_CAPTION.match(text, m.start())
        if longer is None or longer.end() <= m.end():
            return m
    return None


def department_subject(title: str, department: str | None = None) -> str | None:
    """What a 部门整体 form (which has no 项目名称) is about: the department its title names
    (`某某局2023年度部门整体绩效自评表` → 某某局), else the department the form prints
    (`department`, its 部门名称 / 主管部门), else the printed title itself; a page or item
    number before the title (`1、部门整体绩效自评表`) is not its subject."""
    text = compact(title)
    found = TITLE.search(text)
    if found is None:
        return None
    text = without_item_number(text[:found.end()]).strip(":：、，,。")
    subject = title_subject(title) or (compact(department) if department else "")
    return (subject or text)[:HEADER_VALUE_MAX] or None


def title_subject(title: str) -> str | None:
    """The department a 部门整体 form's title names before its year or `部门整体`
    (`某某局2023年度部门整体绩效自评表` → 某某局); None when the title names none."""
    text = compact(title)
    found = TITLE.search(text)
    if found is None:
        return None
    text = without_item_number(text[:found.end()]).strip(":：、，,。")
    cut = YEAR_LOOSE.search(text) or re.search("部门整体", text)
    if cut is None:
        return None
    return text[:cut.start()][:HEADER_VALUE_MAX] or None


def _neighbours(values: list[str | None], raws: list[str]) -> list[str | None]:
    """Cells printed in page order (PDF text): a row of captions with empty cells, then their
    values side by side after the last caption (`主管部门 实施单位 某局 某局`). A value of
    several names apart is shared back, last name to its own caption, each earlier name to
    the nearest caption before it that was left empty. `values` are the captions' values in
    order, `raws` the text after each."""
    out = list(values)
    empty: list[int] = []
    for i, raw in enumerate(raws):
        pieces = raw.split() if "\n" not in raw.strip() else []
        if out[i] is None:
            empty.append(i)
            continue
        if len(pieces) < 2 or len(pieces) - 1 > len(empty) or any(
                len(p) < NAME_PIECE_MIN for p in pieces):
            empty = []
            continue
        out[i] = pieces[-1]
        for earlier, piece in zip(reversed(empty), reversed(pieces[:-1]), strict=False):
            out[earlier] = piece
        empty = []
    return out


def _name_apart(unread: list[tuple[int, str]]) -> tuple[int, str] | None:
    """An empty 项目名称 cell whose value the page order put elsewhere in the header: the one
    word that names a project among the text of captions not read, past the value of the caption
    itself (a 项目类别 of `专项项目` is that caption's value), with its place."""
    found: list[tuple[int, str]] = []
    for start, raw in unread:
        for m in itertools.islice(re.finditer(r"\S+", raw), 1, None):
            word = m.group()
            if (len(word) >= NAME_PIECE_MIN and _PROJECT_ENDING.search(word)
                    and classify(word) is None):
                found.append((start + m.start(), word))
    return found[0] if len(found) == 1 else None


__all__ = ["NAME_PIECE_MIN", "PAGE_CAPTIONS", "PAGE_KINDS", "SCORE_VALUE", "SEAL", "SELF_SCORE",
           "STOPS", "STOP_CAPTIONS", "TEXT_KEYS", "InlineField", "PageHeader",
           "department_subject", "funds_row_line", "inline_fields", "page_fields",
           "title_subject"]
