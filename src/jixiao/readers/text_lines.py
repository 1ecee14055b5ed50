"""The line-layout text reader: text a PDF extractor or a PDF viewer's copy gives of the form.

Cells wrap over several lines, several cells share a line separated by spaces, captions of merged
cells (一级/二级指标) come out as short fragments (`效益` `指标` `社会` …), and a page break leaves
debris (blank runs, the rest of a caption). Parts are located by the form's own captions; a value
row is recognised by its 分值/得分 number pair; whatever cannot be placed becomes an import finding.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from jixiao.core.findings import Finding, SourceRef
from jixiao.core.lazy_pattern import LazyPattern
from jixiao.core.model import Form, Funds, Goals, Indicator, Total
from jixiao.core.money import parse_printed
from jixiao.readers.assemble import Found, coded, finish, form_findings
from jixiao.readers.base import ReadResult, import_finding
from jixiao.readers.parts.funds import (
    FUNDS_DEFAULT,
    RowRead,
    column_key,
    funds_part,
    interleaved,
    printed_unit,
    read_sources_down,
    sources_across,
    sources_down,
)
from jixiao.readers.parts.funds import IGNORED as FUNDS_IGNORED
from jixiao.readers.parts.goals import goal_column, goals_of, substantive
from jixiao.readers.parts.header import (
    PAGE_CAPTIONS,
    SCORE_VALUE,
    STOPS,
    TEXT_KEYS,
    department_subject,
    funds_row_line,
    page_fields,
    title_subject,
)
from jixiao.readers.parts.total import total_pair
from jixiao.readers.text_lines_centred import read_centred
from jixiao.readers.text_lines_columns import ColumnRow, read_by_columns
from jixiao.readers.text_lines_goals import (
    block_piece,
    by_width,
    captioned,
    goal_columns,
    one_after_another,
    other_captions,
    side_by_side,
    without_block_caption,
)
from jixiao.readers.text_lines_order import read_by_order
from jixiao.readers.text_lines_pages import (
    FUNDS_NUMBER,
    block_total,
    captions_follow,
    completes,
    join_percent,
    placed,
    row_label,
    split_goals,
    wrapped_head,
)
from jixiao.readers.text_lines_process import (
    RESULTS_HEAD,
    ProcessPart,
    after_header,
    is_process_header,
    row_name,
)
from jixiao.readers.text_lines_wrapped import (
    POINTS,
    UNIT_PIECES,
    completed,
    continuation,
    display_width,
    is_open,
    join_units,
    may_continue,
    scattered_levels,
    split_header,
)
from jixiao.readers.text_norm import ENUMERATED, join_lines, strip_enumerator
from jixiao.readers.vocabulary import (
    BRACKETED_MONEY_UNIT,
    CAPTION_MAX,
    GRADES,
    INDICATOR_COLUMN_KINDS,
    LEVEL1_NAMES,
    LEVEL2_NAMES,
    PREAMBLE_FIELDS,
    PROCESS_LEVEL1_NAMES,
    PROCESS_LEVEL2_NAMES,
    PROCESS_NAME_CAPTIONS,
    SYNONYMS,
    TASK_TABLE_CAPTIONS,
    TITLE,
    WRAP_FRAGMENTS,
    WRAP_TOKENS,
    YEAR_LINE_MAX,
    YEAR_LOOSE,
    CaptionKind,
    canonical_level1,
    caption_kinds,
    caption_pattern,
    caption_sized,
    classify,
    compact,
    exact_kind,
    full_level,
    funds_row,
    funds_source,
    is_title,
    leading_kind,
    level1_family,
    strip_score,
)

K = CaptionKind

# ---------------------------------------------------------------- lines


class Line(NamedTuple):
    """A non-blank input line: its text, 1-based number, and whether a page break precedes it.

    A named tuple, not a dataclass: a batch has hundreds of thousands of lines, and a tuple is
    built in half the time and left alone by the garbage collector.
    """

    text: str
    number: int
    after_break: bool = False


_new_line = tuple.__new__  # Line(...) without the Python-level __new__ frame, for hot loops


def to_lines(text: str, first_line: int = 1) -> list[Line]:
    """Non-blank lines; a run of two or more blank lines marks a page break."""
    return list(iter_to_lines(text.splitlines(), first_line))


def iter_to_lines(raws: Iterable[str], first_line: int = 1) -> Iterator[Line]:
    """`to_lines` over physical lines as they come (`str.splitlines` pieces, without ends)."""
    new = _new_line
    blanks = 0
    seen = False
    for offset, raw in enumerate(raws):
        stripped = raw.strip()
        if not stripped:
            blanks += 1
            continue
        number = first_line + offset
        after_break = blanks >= 2 and seen
        blanks = 0
        seen = True
        # the common case, decided without a call; a short title or funds line may be squashed
        if (len(stripped) < _SQUASHED_MIN
                and "自评表" not in stripped and "资金总额" not in stripped):
            yield new(Line, (stripped, number, after_break))
            continue
        pieces = explode_squashed(stripped)
        yield Line(pieces[0], number, after_break)
        for piece in pieces[1:]:
            yield Line(piece, number)


_SQUASHED_MIN = 200
# a department-wide form's header prints its preamble (单位名称, 填报日期) and 部门名称 only
_HEADER_CAPTIONS = LazyPattern(
    caption_pattern(K.PROJECT_NAME, K.DEPARTMENT, K.IMPLEMENTING_UNIT)
    + "".join(f"|{re.escape(c)}" for c in PREAMBLE_FIELDS))
_BREAK_AT = LazyPattern(
    r"\s(?=(?:财政)?项目支出绩效自评表|[（(]\d{4}年度[)）]|项目名称|主管部门|实施单位|项目资金"
    + "".join(f"|{re.escape(c)}" for c in (*PREAMBLE_FIELDS, "部门名称", "年度预算资金"))
    + r"|年初预算数?\s|年度资金总额|其中[：:]|上年结转|其他资金|年度总体目标|预期目标|一级\s*指标"
    r"|指标\s*\d+\s*[：:]|总分|评分等级|(?:"
    # a 一级 or 二级 name (产出指标, 社会效益指标 …) standing alone begins its rows, also at
    # the end of a line (a sharing site's page ends there: its rows are on the next page)
    + "|".join(sorted({n for n in (*LEVEL1_NAMES, *LEVEL2_NAMES) if n.endswith("指标")},
                      key=lambda n: (-len(n), n)))
    + r")(?:\s|$))|(?<=实际完成情况)\s|(?<=。)\s*(?=\S)"
    # the process part's caption row (评价内容 分值 …) begins its table
    + "".join(rf"|\s(?={re.escape(c)}\s)" for c in PROCESS_NAME_CAPTIONS)
)


def explode_squashed(text: str) -> list[str]:
    """A whole form squashed onto one line (a web page's copy) → pseudo-lines at its captions;
    a page of it too (a sharing site's first page: the header and funds, two 指标 at most)."""
    if not (_squashed_form(text) or _squashed_head(text) or _squashed_funds(text)):
        return [text]
    pieces = [piece.strip() for piece in _BREAK_AT.split(text) if piece and piece.strip()]
    return [row for piece in pieces for row in _source_rows(piece)]


def _squashed_form(text: str) -> bool:
    """A whole form, or a sharing site's first page of it, on one long line."""
    return len(text) >= _SQUASHED_MIN and (text.count("指标") >= 3
                                           or len(_HEADER_CAPTIONS.findall(text)) >= 2)


def _squashed_head(text: str) -> bool:
    """A web page's form flattened into a few lines prints its title, year and header on one
    short line (`…自评表 （2024年度） 项目名称 X 主管部门 Y 实施单位 Z`): the title would
    hide the header captions from the header reader."""
    return "自评表" in text and len(_HEADER_CAPTIONS.findall(text)) >= 2


#: Funds rows after the total row: a short line holding both is a flattened funds block.
_FUNDS_SUB_ROW = re.compile(r"\s(?:其中[：:]|上年结转|其他资金)")


def _squashed_funds(text: str) -> bool:
    """The funds block flattened onto one short line (`项目资金（万元） 年初预算数 … 年度资金总额
    310.00 … 其中：当年财政拨款 310.00 … 其他资金 — …`): its rows are read one to a line."""
    total = text.find("年度资金总额")
    return total >= 0 and _FUNDS_SUB_ROW.search(text, total) is not None


_TOKEN = re.compile(r"\S+")


def _source_rows(piece: str) -> list[str]:
    """A squashed funds block prints its fiscal sub-rows one after another on the piece the
    `其中：` caption opens (`其中：中央补助资金 40.00 … 100.00% 自治区补助资金 25.00 …`): a
    source's caption between a value and a value begins a row of its own."""
    tokens = list(_TOKEN.finditer(piece))
    if len(tokens) < 3 or funds_source(tokens[0].group()) is None:
        return [piece]
    starts = [0, *(tokens[k].start() for k in range(1, len(tokens) - 1)
                   if FUNDS_NUMBER.match(tokens[k - 1].group())
                   and FUNDS_NUMBER.match(tokens[k + 1].group())
                   and funds_source(tokens[k].group()) is not None), len(piece)]
    return [piece[a:b].strip() for a, b in itertools.pairwise(starts)]


# ---------------------------------------------------------------- splitting forms



def split_forms(lines: list[Line]) -> list[list[Line]]:
    """Cut the lines into forms at each title (…自评表) or, without titles, at each 项目名称."""
    starts = [i for i, ln in enumerate(lines) if _is_title(ln)]
    if not starts:
        starts = [i for i, ln in enumerate(lines) if _names_project(ln)]
    if not starts:
        return [lines] if lines else []
    if starts[0] != 0 and not any(_mentions_title(ln) for ln in lines[: starts[0]]):
        starts[0] = 0 if _has_form_content(lines[: starts[0]]) else starts[0]
    starts = [b for a, b in itertools.pairwise([-1, *starts])
              if a < 0 or not _titles_only(lines[a:b])]
    bounds = [*starts, len(lines)]
    return [lines[a:b] for a, b in itertools.pairwise(bounds) if lines[a:b]]


def _titles_only(lines: list[Line]) -> bool:
    """A piece that holds nothing but a title before the next title: a file name or a sharing
    site's heading (`某局2021年度某项目自评表.pdf`) printed above the form's own title, which
    belongs to the form that follows (its year may be the only one printed)."""
    return all(_is_title(ln) for ln in lines)


def iter_split_forms(lines: Iterable[Line]) -> Iterator[list[Line]]:
    """`split_forms` as the lines come: each form is handed out when the next title arrives.

    Only lines before the first title are held (a text without any title is cut at 项目名称
    once it has all been seen, as `split_forms` does).
    """
    stream = iter(lines)
    before: list[Line] = []
    for ln in stream:
        if _is_title(ln):
            break
        before.append(ln)
    else:
        yield from split_forms(before)
        return
    keep = (before and not any(_mentions_title(b) for b in before)
            and _has_form_content(before))
    current = [*before, ln] if keep else [ln]
    del before
    held: Line | None = None  # a title after a page break inside an open indicator table
    for ln in stream:
        if held is not None:
            if _table_row_after(ln):  # the title was the next page's running title
                ln = Line(ln.text, ln.number, True)
            else:
                yield current
                current = [held]
            held = None
        if "表" in ln.text and is_title(ln.text):  # _is_title, inlined: this runs for every line
            if _titles_only(current):
                current.append(ln)
                continue
            if ln.after_break and _table_open(current):
                if _continued(ln.text):  # a running title says so itself: drop it
                    continue
                held = ln  # the next line tells: a row goes on with the table
                continue
            yield current
            current = [ln]
        else:
            current.append(ln)
    if held is not None:
        yield current
        current = [held]
    yield current


def _table_open(lines: list[Line]) -> bool:
    """Whether the lines end inside an indicator table: its header read, no 总分 after it."""
    for ln in reversed(lines):
        flat = ln.text.replace(" ", "")
        if _TOTAL_LINE.cue.search(flat) and _TOTAL_LINE.wanted(ln.text, flat):
            return False
        if _INDICATORS_HEAD_LINE.cue.search(flat) and _INDICATORS_HEAD_LINE.wanted(ln.text, flat):
            return True
    return False


#: A running title's mark that its page goes on with the form before (`…自评表（续）`, `续表`).
_CONTINUED = re.compile(r"[(（]\s*续\s*[)）]\s*$|^\s*续表")


def _continued(text: str) -> bool:
    """Whether a title marks itself as a page's running title (页眉), never a new form's: the
    line after it may be a wrapped caption's piece rather than a row, so only the mark tells."""
    return _CONTINUED.search(text) is not None


def _table_row_after(ln: Line) -> bool:
    """Whether the line after a title is an indicator row (a value among its words, no form
    header caption): the title is then a page's running title (页眉) printed over the rest
    of the table, not a new form's, which prints its header or year first."""
    if _HEADER_CAPTIONS.search(ln.text) or _is_title(ln):
        return False
    return any(_NUMERIC.match(t) for t in ln.text.split())


_PROJECT_NAME = LazyPattern(caption_pattern(K.PROJECT_NAME))


def _is_title(ln: Line) -> bool:
    return "表" in ln.text and is_title(ln.text)  # the common no without a call


def _mentions_title(ln: Line) -> bool:
    return TITLE.search(ln.text) is not None


def _names_project(ln: Line) -> bool:
    """A line that begins with the 项目名称 caption."""
    return _PROJECT_NAME.match(ln.text) is not None


def _has_form_content(lines: list[Line]) -> bool:
    return any(_PROJECT_NAME.search(ln.text) or "指标" in ln.text for ln in lines)


# ---------------------------------------------------------------- sections


class _SectionTest(NamedTuple):
    """A test of a line's text (and its flat text, without spaces), and its cue: a pattern
    that finds, in the flat text, what every line the test accepts prints."""

    wanted: Callable[[str, str], bool]
    cue: re.Pattern[str]


def _find(lines: list[Line], flats: list[str], test: _SectionTest,
          start: int = 0) -> int | None:
    """The index of the first line from `start` on that `test` accepts; the cue, one search
    without a call of ours, passes over the table's many other lines."""
    cue = test.cue.search
    for i in range(start, len(lines)):
        if cue(flats[i]) is not None and test.wanted(lines[i].text, flats[i]):
            return i
    return None


class _LineKinds(NamedTuple):
    """The captions a line prints: the one it begins with, and each whitespace token's."""

    lead: CaptionKind | None
    tokens: tuple[CaptionKind | None, ...]


@lru_cache(maxsize=1024)  # lines are mostly unique: the memo serves a form's second look
def _line_kinds(text: str) -> _LineKinds:
    tokens = text.split()
    return _LineKinds(leading_kind(tokens), tuple(classify(t) for t in tokens))


# Cheap tests that a line can hold a caption of some kinds at all, so that the table's many
# lines are not classified token by token: the synonyms a line must begin with, or the words
# they (and the open-ended patterns) contain.
def _starts(*kinds: CaptionKind) -> Callable[[str], re.Match[str] | None]:
    """A test that a line (its spaces dropped) begins with a synonym of `kinds`, after an
    optional enumerator (`一、`, `（一）`)."""
    return re.compile(_starts_pattern(kinds)).match


def _starts_pattern(kinds: Iterable[CaptionKind]) -> str:
    return (r"(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）])?(?:"
            + _alternation(kinds) + ")")


def _cue(*kinds: CaptionKind, words: re.Pattern[str] | None = None) -> re.Pattern[str]:
    """A section test's cue: a flat text beginning as `_starts(*kinds)` tests, or holding one
    of `words`."""
    begins = [f"^{_starts_pattern(kinds)}"] if kinds else []
    return re.compile("|".join([*begins, *([words.pattern] if words else [])]))


def _words(*kinds: CaptionKind, extra: tuple[str, ...] = ()) -> re.Pattern[str]:
    words = {compact(c) for k in kinds for c in SYNONYMS[k]} | set(extra)
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


def _only(*kinds: CaptionKind) -> Callable[[str], re.Match[str] | None]:
    """A test that a line (its spaces dropped) prints nothing but synonyms of `kinds`."""
    return re.compile(f"(?:{_alternation(kinds)})+").fullmatch


def _alternation(kinds: Iterable[CaptionKind]) -> str:
    words = sorted({compact(c) for k in kinds for c in SYNONYMS[k]}, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\(", "[(（]").replace(r"\)", "[)）]")
                    for w in words)


_FUNDS_COLUMNS = (K.FUNDS_INITIAL, K.FUNDS_ANNUAL)
_FUNDS_HEAD_WORDS = _words(*_FUNDS_COLUMNS, extra=("年初", "预算", "调整后", "批复"))
_FUNDS_CAPTION_AT = _starts(K.FUNDS_BLOCK)
_GOALS_AT = _starts(K.GOALS_BLOCK, K.GOALS_EXPECTED)
_ACTUAL_GOAL_AT = _starts(K.GOALS_ACTUAL)
_LEVEL1_AT = _starts(K.LEVEL1)
_LEVEL3_WORDS = _words(K.LEVEL3)
_TOTAL_AT = _starts(K.TOTAL, K.SELF_SCORE)


def _funds_head(text: str, flat: str) -> bool:
    """The funds table's column captions (年初预算数 / 全年预算数 …)."""
    if _FUNDS_HEAD_WORDS.search(flat) is None:
        return False
    k = _line_kinds(text)
    return k.lead in _FUNDS_COLUMNS or any(t in _FUNDS_COLUMNS for t in k.tokens)


def _funds_caption(text: str, flat: str) -> bool:
    return _FUNDS_CAPTION_AT(flat) is not None \
        and _line_kinds(text).lead is K.FUNDS_BLOCK


def _goals_head(text: str, flat: str) -> bool:
    """The goals' caption line; also one beginning with the actual goal's caption when the
    expected goal's follows (`目标完成情况 年度预期目标 具体完成情况`, system exports)."""
    if _GOALS_AT(flat) is not None \
            and _line_kinds(text).lead in (K.GOALS_BLOCK, K.GOALS_EXPECTED):
        return True
    if _ACTUAL_GOAL_AT(flat) is None:
        return False
    k = _line_kinds(text)
    return k.lead is K.GOALS_ACTUAL and K.GOALS_EXPECTED in k.tokens[1:]


def _indicators_head(text: str, flat: str) -> bool:
    if _LEVEL1_AT(flat) is not None and _line_kinds(text).lead is K.LEVEL1:
        return True
    if _LEVEL3_WORDS.search(flat) is None:
        return False
    if K.LEVEL3 in _line_kinds(text).tokens:
        return True
    kinds = caption_kinds(text.split())  # a line of captions, one split by a blank (三级指 标)
    return kinds is not None and K.LEVEL3 in kinds


def _total_line(text: str, flat: str) -> bool:
    return _TOTAL_AT(flat) is not None \
        and _line_kinds(text).lead in (K.TOTAL, K.SELF_SCORE)


_FUNDS_CAPTION_LINE = _SectionTest(_funds_caption, _cue(K.FUNDS_BLOCK))
_FUNDS_HEAD_LINE = _SectionTest(_funds_head, _FUNDS_HEAD_WORDS)
_GOALS_HEAD_LINE = _SectionTest(_goals_head,
                                _cue(K.GOALS_BLOCK, K.GOALS_EXPECTED, K.GOALS_ACTUAL))
_INDICATORS_HEAD_LINE = _SectionTest(_indicators_head, _cue(K.LEVEL1, words=_LEVEL3_WORDS))
_TOTAL_LINE = _SectionTest(_total_line, _cue(K.TOTAL, K.SELF_SCORE))


@dataclass
class _Sections:
    header: list[Line]
    funds: list[Line]
    goals: list[Line]
    indicators: list[Line]
    tail: list[Line]


def locate_sections(lines: list[Line]) -> _Sections:
    """Locate the header, funds, goals, indicator table and total by their captions."""
    flats = [ln.text.replace(" ", "") for ln in lines]
    funds_at = _find(lines, flats, _FUNDS_CAPTION_LINE)
    funds_at = _head_above(lines, funds_at) if funds_at is not None \
        else _find(lines, flats, _FUNDS_HEAD_LINE)
    ind_at = _find(lines, flats, _INDICATORS_HEAD_LINE, funds_at or 0)
    goals_at = _find(lines, flats, _GOALS_HEAD_LINE, funds_at or 0)
    if goals_at is not None and ind_at is not None and goals_at > ind_at:
        goals_at = None
    total_at = _find(lines, flats, _TOTAL_LINE, ind_at or 0) if ind_at is not None else None
    cut = sorted(i for i in (funds_at, goals_at, ind_at, total_at) if i is not None)
    end = len(lines)

    def span(start: int | None) -> list[Line]:
        if start is None:
            return []
        nxt = next((c for c in cut if c > start), end)
        return lines[start:nxt]

    header_end = cut[0] if cut else end
    return _Sections(
        header=lines[:header_end],
        funds=span(funds_at),
        goals=_goal_lines(span(goals_at)),
        indicators=span(ind_at),
        tail=lines[total_at:] if total_at is not None else [],
    )


def _head_above(lines: list[Line], at: int) -> int:
    """Where the funds block begins whose 项目资金 caption line is `at`: at the columns' captions
    printed just above it, whole (`年初预算数 全年预算数 …`) or wrapped onto a second line (`年初预
    全年预 …` over `算数 算数 …`, that second line also the caption's), when there are such."""
    def words(i: int) -> list[str]:
        return lines[i].text.split()

    if at >= 1 and _funds_head(lines[at - 1].text, lines[at - 1].text.replace(" ", "")):
        return at - 1
    # a caption centred on the rows (预算执行情况 printed beside the second row): the rows
    # printed above it are the block's too, under their columns' captions, and so is the head
    # of a row's caption wrapped above its figures (`其中：当年财政`)
    top = at
    while top >= 1 and (funds_row_line(lines[top - 1].text)
                        or _caption_head_line(lines[top - 1].text)
                        or _figures_only(lines[top - 1].text)):
        top -= 1
    if top < at and top >= 1 and _funds_head(lines[top - 1].text,
                                              lines[top - 1].text.replace(" ", "")):
        return top - 1
    if at >= 2 and wrapped_head(words(at - 2), words(at - 1)) is not None:
        return at - 2
    if at >= 1 and wrapped_head(words(at - 1), words(at)) is not None:
        return at - 1
    return at


#: A row printing this many figures at least: a funds row, not a stray number.
_FIGURES_MIN = 3


def _figures_only(text: str) -> bool:
    """A funds row's figures on a line of their own, its caption wrapped around them (`其中：中央
    财政` above, `资金` below on the 项目资金 caption's line)."""
    words = text.split()
    return len(words) >= _FIGURES_MIN and all(FUNDS_NUMBER.match(w) for w in words)


def _caption_head_line(text: str) -> bool:
    """A line printing only the head of a funds row's caption, its figures on the line below
    (`其中：当年财政` over `850.00 …` over `拨款`)."""
    words = text.split()
    return len(words) == 1 and not any(c.isdigit() for c in text) and (
        words[0].startswith("其中") or funds_row(words[0]) is not None)


def _goal_lines(lines: list[Line]) -> list[Line]:
    # Drop the vertical caption 年度/总体/目标 that the extractor may leave before or after,
    # and the next part's caption printed before its header (绩效指标, or 绩/效/指/标).
    other = other_captions([ln.text for ln in lines])
    return [ln for k, ln in enumerate(lines)
            if k not in other and not _goal_caption_piece(compact(ln.text))]


def _goal_caption_piece(c: str) -> bool:
    return c in WRAP_FRAGMENTS or block_piece(c) \
        or (len(c) <= CAPTION_MAX and classify(c) is K.GOALS_BLOCK)


# ---------------------------------------------------------------- header


def _dated(text: str) -> str:
    """A header line up to its first unread caption: a year after 填报日期 is the filing
    date's, not the form's."""
    stop = STOPS.search(text)
    return text[:stop.start()] if stop else text


def read_header(lines: list[Line]) -> tuple[dict[str, str | None], dict[str, int], int | None, str]:
    """Header fields by caption, the line each came from, the year and the form kind.

    Also `self_score`: a 自评总分 the header prints (`自评总分: 95`), the form's total score when
    it has no 总分 row."""
    year = title_year = None
    kind = "project"
    title: Line | None = None  # a 部门整体 form's title, which may name its department
    body: list[Line] = []
    for ln in lines:
        titled = TITLE.search(ln.text) is not None
        dated = _dated(ln.text)
        if titled or (YEAR_LOOSE.search(dated) and len(compact(ln.text)) <= YEAR_LINE_MAX):
            m = YEAR_LOOSE.search(dated)
            if titled and m:  # a title after a file name's or banner's is the form's own
                title_year = int(m.group(1))
            year = year or (int(m.group(1)) if m else None)
            if "部门整体" in ln.text:
                kind = "department"
                title = title or (ln if titled else None)
            if titled or compact(ln.text).strip("（）()年度0123456789") == "":
                continue
        if _other_part(ln.text):
            continue
        body.append(ln)
    fields, where, printed_year = _header_fields(*_flatten(body))
    if kind == "department" and fields["project_name"] is None and title is not None:
        department = fields["department"]
        named = department_subject(title.text, department)
        if named:  # the title's department, else the one printed (the labels' convention)
            fields["project_name"] = named
            where["project_name"] = (where["department"] if department and named == compact(
                department) and not title_subject(title.text) else title.number)
    return fields, where, title_year or year or printed_year, kind


#: Captions a header line may begin with and still hold header values.
_HEADER_LINE_KINDS = frozenset({K.PROJECT_NAME, K.DEPARTMENT, K.IMPLEMENTING_UNIT, K.YEAR,
                                K.SELF_SCORE, K.IGNORED_FIELD, K.END})


def _other_part(text: str) -> bool:
    """A line before the funds that begins with a caption of another part and names no header
    field (`年初预算 数 0`, a funds cell page order put beside the header): none of its words is
    a header value, so it is no part of the value before it."""
    tokens = text.split(maxsplit=WRAP_TOKENS)[:WRAP_TOKENS]
    if not caption_sized(tokens[:1]):  # a value's line: the quick no
        return False
    lead = classify(tokens[0]) or leading_kind(tokens)  # the first word's kind: memoised
    return lead is not None and lead not in _HEADER_LINE_KINDS and not any(
        pattern.search(text) for _, pattern in PAGE_CAPTIONS)


def _fields_in_funds(fields: dict[str, str | None], where: dict[str, int],
                     lines: list[Line]) -> None:
    """Header fields the header left empty, from a funds line that begins with their caption
    (page order put the 实施单位 cell beside the funds table: `实施单位 某卫生院 全年预算数 …`):
    the words after the caption up to the next caption."""
    for key, pattern in PAGE_CAPTIONS:
        if key not in TEXT_KEYS or fields[key] is not None:
            continue
        for ln in lines:
            m = pattern.match(ln.text)
            if m is None:
                continue
            words = list(itertools.takewhile(lambda w: classify(w) is None,
                                             ln.text[m.end():].split()))
            if words and not any(_NUMERIC.match(w) for w in words):
                fields[key], where[key] = join_lines(words), ln.number
            break


def _header_fields(text: str, origins: list[tuple[int, int]]
                   ) -> tuple[dict[str, str | None], dict[str, int], int | None]:
    """The header's fields (`parts.header.page_fields`), the line each came from, the year."""
    found = page_fields(text)
    where = {key: _origin_at(origins, at) for key, at in found.at.items()}
    return found.fields, where, found.year


def _flatten(lines: list[Line]) -> tuple[str, list[tuple[int, int]]]:
    parts: list[str] = []
    origins: list[tuple[int, int]] = []
    pos = 0
    for ln in lines:
        origins.append((pos, ln.number))
        parts.append(ln.text)
        pos += len(ln.text) + 1
    return "\n".join(parts), origins


def _origin_at(origins: list[tuple[int, int]], pos: int) -> int:
    number = origins[0][1] if origins else 0
    for start, line_no in origins:
        if start <= pos:
            number = line_no
    return number


# ---------------------------------------------------------------- funds

_NUMERIC = re.compile(r"^[+-]?(\d+(\.\d+)?|\.\d+)(%|万|万元|元)?$|^[-—–/／]$|^——$")


_BRACKETED_UNIT = re.compile(r"^[(（][^)）]*[)）]$")
#: A funds row captioned by its year (sources printed as columns, the years down).
_YEAR_ROW = re.compile(r"^(?:19|20)\d\d年度?$")


@lru_cache(maxsize=256)  # a batch prints a few header lines again and again
def funds_columns(header: str) -> tuple[str, ...]:
    """Column keys in the order the funds header prints their captions (sources printed as
    columns: `parts.funds.sources_across`)."""
    across = sources_across([t for t in header.split() if classify(t) is not K.FUNDS_BLOCK
                             and not _BRACKETED_UNIT.match(t)])
    if across is not None:
        return across
    found: list[str] = []
    for token in header.split():
        key = column_key(token)
        if key is not None and key != "reason" and key not in found:
            found.append(key)
    return tuple(found) or FUNDS_DEFAULT


@lru_cache(maxsize=256)
def funds_groups(header: str) -> tuple[str | None, ...]:
    """The column each group caption of a funds header heads, by position (None for a group
    whose caption names no column, `资金执行情况`); a leading block caption is no group."""
    tokens = header.split()
    if tokens and classify(tokens[0]) is K.FUNDS_BLOCK:
        tokens = tokens[1:]
    return tuple(column_key(t) for t in tokens)


def _grouped_row(tokens: list[str], groups: Sequence[str | None], place: SourceRef
                 ) -> tuple[RowRead[SourceRef], Sequence[str | None]] | None:
    """A funds row whose groups each print a caption before their value (system exports,
    `parts.funds.interleaved`): the row, and the groups' columns as a total row names them."""
    found = interleaved(tokens, str, groups)
    if found is None:
        return None
    caption, pairs = found
    values = {k: (v, place) for k, v in pairs if k is not None and k != FUNDS_IGNORED}
    if caption is None:  # the total row, captioned by its columns
        named = [k for k, _ in pairs]
        return RowRead("total", None, place, values), (*named, *groups[len(named):])
    source = funds_source(caption)
    return RowRead(source or "other", caption, place, values), groups


def _caption_after_value(numeric: list[bool]) -> bool:
    """Whether a word follows a number on the line: what a row captioned per group prints
    (`其中:财政资金 6.84 其中:财政资金 6.84`), and an ordinary row never does; the cheap test
    that spares `interleaved` the lines of an ordinary funds table."""
    return True in numeric and False in numeric[numeric.index(True):]


@dataclass
class _FundsParse:
    funds: Funds
    findings: list[Finding] = field(default_factory=list)
    sources: dict[str, SourceRef] = field(default_factory=dict)
    #: a numbered goals text printed right after the funds figures (page order), and its line
    goals: tuple[str, int] | None = None


def read_funds(lines: list[Line], filename: str | None, header: Sequence[Line] = ()
               ) -> _FundsParse:
    """Funds block: unit from the caption, column order from the header, rows by caption.

    `header`: the lines before the block, where PDF text in page order may have put the
    columns' money unit (`执行数 (万元)`)."""
    unit = _bracketed_unit(header) or next(
        (u for ln in header if (u := printed_unit(ln.text)) is not None), None)
    down = _sources_down(lines[:_SOURCES_HEAD_LINES], lines, filename, unit)
    if down is not None:
        return down
    goals: tuple[str, int] | None = None
    columns: tuple[str, ...] = FUNDS_DEFAULT
    rows: list[RowRead[SourceRef]] = []
    findings: list[Finding] = []
    caption: list[str] = []
    groups: Sequence[str | None] = ()  # the column of each group caption, by position
    held: list[str] = []  # the last line without figures: a header wrapped goes on below it
    #: whether each row's caption follows its figures (`50 50 40 … 年度资金总额`), decided by
    #: the block's first row; None until it is read
    follow: bool | None = None
    for ln in lines:
        text = ln.text
        unit = unit or _line_unit(text)
        flat = text.replace(" ", "")
        if flat.startswith(TASK_TABLE_CAPTIONS):
            break  # a department's 年度主要任务 table: the funds rows are over
        tokens = join_percent(text.split())
        numeric = [FUNDS_NUMBER.match(t) is not None for t in tokens]  # each matched once
        word_after_value = _caption_after_value(numeric)
        grouped = _grouped_row(tokens, groups, SourceRef(file=filename, line=ln.number)) \
            if word_after_value else None
        if grouped is not None:  # before the head test: its captions are column captions
            row, groups = grouped
            rows.append(row)
            caption = []
            continue
        figures = True in numeric
        head = wrapped_head(held, tokens) if held and not figures else None
        held = [] if figures else tokens
        if head is not None:
            columns, groups, caption, held = funds_columns(head), funds_groups(head), [], []
            continue
        if _funds_head(text, flat):
            columns = funds_columns(text)
            groups = funds_groups(text)
            caption = []
            continue
        if not figures and FUNDS_IGNORED in funds_columns(text):
            columns, groups, caption = funds_columns(text), (), []
            continue  # 中央 | 省级 | 本级 | 其他 | 合计 | 执行数 | 执行率: sources as columns
        if _funds_caption(text, flat) and not any(numeric):
            if rows and not caption:
                _caption_tail(rows, findings, tokens)
            continue
        # a goals text after the figures is a word after a value
        tokens, goal = split_goals(tokens, numeric) if word_after_value else (tokens, None)
        if goal is not None:
            numeric = numeric[:len(tokens)]
            goals = goals or (goal, ln.number)
        values = [t for t, is_number in zip(tokens, numeric, strict=True) if is_number]
        if not values:
            whole = completes(rows[-1].label, tokens) if rows and not caption else None
            if whole is not None and (whole != "total" or all(r.source != "total" for r in rows)):
                _complete_row(rows, findings, whole)
                continue
            caption.extend(tokens)
            continue
        last_value = len(numeric) - 1 - numeric[::-1].index(True)
        if caption and not follow and _bare_row(caption, tokens[:numeric.index(True)]):
            caption = []  # a row printing no amount (dropped, as parts.funds drops blank rows)
        caption.extend(t for t, is_number in zip(tokens[:last_value], numeric, strict=False)
                       if not is_number)
        trailing = list(tokens[last_value + 1:])
        if follow is None:  # the block's first row decides for all its rows
            follow = captions_follow(caption, numeric, trailing)
        if follow:
            label, caption = row_label([*caption, *trailing]), []
        else:
            label, caption = row_label(caption), trailing
        source = funds_source(label)
        if source is None and block_total(label) and all(r.source != "total" for r in rows):
            source = "total"
        if source is None and FUNDS_IGNORED in columns and (
                not label or _YEAR_ROW.match(label)) and all(r.source != "total" for r in rows):
            source = "total"  # sources across: the year's row is the total (its 合计)
        if source is None and _prose(label):
            continue  # text of another part the section took in, not a funds row
        if source is None:
            findings.append(import_finding(
                "JX013", f"资金行「{label or '（无名称）'}」不是标准来源，按「其他资金」保留原名称",
                path=f"funds.rows[{len(rows)}]", source=SourceRef(file=filename, line=ln.number)))
        # the caption is kept only when it is not a standard one (form-json.md: label optional)
        cells = placed(columns, values)
        if len(values) != len(columns):
            how = "按顺序对应" if list(cells) == list(columns[:len(values)]) else \
                "百分数为执行率，其前的金额为执行率前的金额列"
            findings.append(import_finding(
                "JX012",
                f"资金行「{label}」有 {len(values)} 个数值，表头有 {len(columns)} 列，{how}",
                path=f"funds.rows[{len(rows)}]", source=SourceRef(file=filename, line=ln.number)))
        place = SourceRef(file=filename, line=ln.number)  # immutable: shared by its paths
        rows.append(RowRead(source or "other", label, place,
                            {k: (v, place) for k, v in cells.items() if k != FUNDS_IGNORED}))
    funds, sources = funds_part(rows, unit=(unit, None))
    return _FundsParse(funds, findings, sources, goals)




def _bare_row(held: list[str], own: list[str]) -> bool:
    """The caption held from the lines above is a source's whole caption printed without
    amounts (`上年结转资金`, its cells left blank or lost in copying) and this line begins with
    another source's caption: the held one is a row of its own, not the head of this one's.
    Never the total's: when any row prints amounts the total does (a scrambled copy prints every
    caption before the numbers, `年度资金总额 其他资金 0 1 0`)."""
    return bool(own) and funds_source(row_label(own)) is not None \
        and funds_source(row_label(held)) not in (None, "total")


#: The lines of a funds block its header of sources across may stand on (after the block's
#: caption and a wrapped unit).
_SOURCES_HEAD_LINES = 3


def _sources_down(heads: list[Line], lines: list[Line], filename: str | None,
                  unit: str | None) -> _FundsParse | None:
    """A funds table printing its sources as columns and its columns as lines (`资金来源 合计
    中央 省级 本级`, then `全年预算数（A） 2400.00 …`): a row per source
    (`parts.funds.read_sources_down`); None when the block is no such table."""
    for k, ln in enumerate(heads):
        tokens = [t for t in ln.text.split() if not _block_word(t)]
        if not tokens or any(FUNDS_NUMBER.match(t) for t in tokens) or sources_down(
                tokens) is None:  # most forms: the lines below are not scanned for nothing
            continue
        place = SourceRef(file=filename, line=ln.number)
        body: list[tuple[str, list[tuple[str, SourceRef | None]]]] = []
        for nxt in lines[k + 1:]:
            words = join_percent(nxt.text.split())
            numeric = [FUNDS_NUMBER.match(t) is not None for t in words]
            if True not in numeric or False in numeric[numeric.index(True):]:
                break
            first = numeric.index(True)
            at = SourceRef(file=filename, line=nxt.number)
            body.append(("".join(words[:first]), [(v, at) for v in words[first:]]))
        read = read_sources_down([(t, place) for t in tokens], body)
        if read is None:
            continue
        points = (read.points, place) if read.points is not None else None
        unit = unit or next((u for h in heads[:k + 1] if (u := _line_unit(h.text))), None)
        funds, sources = funds_part(read.rows, unit=(unit, None), block_points=points)
        findings = [import_finding(
            "JX012", f"资金行「{caption}」的数值个数与资金来源列数（{len(read.rows)}）不同，"
            "按顺序对应", path="funds", source=place) for caption in read.uneven]
        return _FundsParse(funds, findings, sources)
    return None


def _line_unit(text: str) -> str | None:
    """The money unit a line of the funds block prints (`（万元）`)."""
    c = compact(text)
    return "万元" if "万元" in c else "元" if BRACKETED_MONEY_UNIT.search(c) else None


def _block_word(token: str) -> bool:
    """A word of the funds block's caption (`项目资金`, `（万元）`, `资金来源`)."""
    return classify(token) is K.FUNDS_BLOCK or _BRACKETED_UNIT.match(token) is not None


def _caption_tail(rows: list[RowRead[SourceRef]], findings: list[Finding],
                  tokens: Sequence[str]) -> None:
    """The 项目资金 caption's line may carry the tail of the row above's caption, wrapped around
    its figures (`其中：中央财政` / `1200.00 …` / `项目资金  资金`): it completes that caption,
    which is kept as printed (funds_part drops it when it only names its source)."""
    rest = [t for t in tokens if classify(t) is not K.FUNDS_BLOCK and not _BLOCK_UNIT.match(t)]
    whole = completes(rows[-1].label, rest)
    if whole is None or whole == "total":
        return
    label = join_lines([rows[-1].label or "", *rest])
    _complete_row(rows, findings, whole)
    rows[-1].label = label


#: The money unit printed beside the 项目资金 caption (`（万元）`).
_BLOCK_UNIT = re.compile(r"^[(（](?:万元|元)[)）]$")


def _complete_row(rows: list[RowRead[SourceRef]], findings: list[Finding], source: str) -> None:
    """The last row's caption, completed by the line below its figures, names `source`: the
    row is that source's, and no longer reported as a non-standard one."""
    path = f"funds.rows[{len(rows) - 1}]"
    rows[-1].source, rows[-1].label = source, None
    findings[:] = [f for f in findings if not (f.code == "JX013" and f.path == path)]


def _bracketed_unit(lines: Sequence[Line]) -> str | None:
    """The money unit a column caption prints in brackets (`(万元)`) among the lines."""
    for ln in lines:
        found = BRACKETED_MONEY_UNIT.search(ln.text.replace(" ", ""))
        if found:
            return found.group(1)
    return None


#: A funds row's caption names a source of money, short even when not a standard one
#: (`其中：中央财政衔接推进乡村振兴补助资金`, 19 characters): text twice a caption's length is
#: prose that came with numbers in it, not a row.
FUNDS_LABEL_MAX = 2 * CAPTION_MAX
_SENTENCE = re.compile(r"[。；;]")


def _prose(label: str) -> bool:
    """A would-be funds row caption that is a sentence or longer than any caption."""
    return len(label) > FUNDS_LABEL_MAX or _SENTENCE.search(label) is not None


# ---------------------------------------------------------------- goals

_GOAL_KINDS = frozenset({K.GOALS_EXPECTED, K.GOALS_ACTUAL, K.GOALS_BLOCK})


_GOAL_LINE = _only(*_GOAL_KINDS)
#: A goal caption printed anywhere in a line (its spaces dropped): what a line of captions
#: holds at least once.
_GOAL_WORD = re.compile(_alternation(_GOAL_KINDS)).search


def _goal_captions(text: str) -> bool:
    """A line that only prints the goals' captions (预期目标 实际完成情况), maybe with an
    unread column's (总体完成率)."""
    flat = text.replace(" ", "")
    if _GOAL_LINE(flat) is not None:
        return True
    tokens = text.split()
    if _GOAL_WORD(flat) is None or not caption_sized(tokens):  # a line of the goals' prose
        return False
    kinds: set[CaptionKind] = set()
    for token in tokens:  # token by token: a line of prose is told at its first word
        kind = classify(token)
        if kind not in _GOAL_LINE_KINDS:
            return False
        kinds.add(kind)
    return bool(kinds & _GOAL_KINDS)


_GOAL_LINE_KINDS = _GOAL_KINDS | {K.IGNORED_COLUMN}


def read_goals(lines: list[Line], filename: str | None) -> tuple[Goals, list[Finding]]:
    """The goal columns from the caption lines, their texts from the lines below: side by
    side, or one after the other (`text_lines_goals`); the expected and the actual goal from
    them as every layout reads them (`parts.goals.goals_of`)."""
    captions = [ln for ln in lines if _goal_captions(ln.text)]
    body = [ln for ln in lines if ln not in captions] if captions else lines
    if not body:
        return Goals(), []
    texts = [without_block_caption(ln.text) for ln in body]
    heads = tuple(ln.text for ln in captions)
    heads, texts = _leading_captions(heads, texts)
    lone = captioned(texts)
    if lone is not None and len(lone[0]) == 1 and any(
            goal_column(t) is not None for ln in captions for t in ln.text.split()):
        # the captions' row goes on before the first text (a squashed form cut at captions)
        first, _, rest = texts[0].partition(" ")
        heads, texts, lone = (*heads, first), [rest.strip(), *texts[1:]], None
    if lone is not None:  # each caption before its text
        return Goals(*goals_of(*lone)), []
    columns, side = goal_columns(heads)
    found = side_by_side(texts, columns) if side else None
    if found is None and side and len(columns) == 2:
        found = by_width(texts, display_width)
    if found is not None:
        return Goals(*goals_of(columns, found)), []
    run = one_after_another(texts, [display_width(t) for t in texts], columns)
    place = SourceRef(file=filename, line=body[0].number)
    if run is None:
        return Goals(expected=join_lines(texts)), [coded("JX021", path="goals.actual",
                                                         source=place)]
    findings = [coded("JX022", run.split.shown(), path="goals", source=place)] \
        if run.split is not None else []
    return Goals(*goals_of(columns, run.texts)), findings


def _leading_captions(heads: tuple[str, ...], texts: list[str]
                      ) -> tuple[tuple[str, ...], list[str]]:
    """The row of column captions printed on the first text's line, before both texts
    (`预期目标 实际完成情况 完成… 已完成…`, a flattened form's line): two or more captions in
    a row are the columns' heads, not one caption with its text (`captioned`)."""
    if not texts:
        return heads, texts
    tokens = list(_TOKEN.finditer(texts[0]))
    count = next((k for k, t in enumerate(tokens) if goal_column(t.group()) is None),
                 len(tokens))
    if count < 2 or count == len(tokens):
        return heads, texts
    first = texts[0]  # cut as printed: the texts' spacing may tell their columns apart
    cut = tokens[count].start()
    return (*heads, first[:cut].strip()), [first[cut:], *texts[1:]]


# ---------------------------------------------------------------- indicators

_LEVEL_WORDS = tuple(
    [*(l1 + l2 for l1 in LEVEL1_NAMES for l2 in LEVEL2_NAMES), *LEVEL2_NAMES]
)
_TIER_START = re.compile(r"^(未?达成|部分达成|部分完成|未完成)")


def _shortest_prefix(word: str) -> int:
    """A process name (项目管理, 资金投入) is a prefix only whole, never its head `项目`, `资金`,
    which begins many an indicator's name."""
    return max((len(p) for p in (*PROCESS_LEVEL1_NAMES, *PROCESS_LEVEL2_NAMES)
                if word.startswith(p)), default=1)


_LEVEL_PREFIXES = frozenset(w[:i] for w in _LEVEL_WORDS
                            for i in range(_shortest_prefix(w), len(w) + 1))


def _level_prefix(text: str) -> bool:
    return text in _LEVEL_PREFIXES


@lru_cache(maxsize=1024)  # a batch's groups print the same few captions
def resolve_levels(buffer: str) -> tuple[str | None, str | None, str]:
    """Split accumulated caption fragments into (level1, level2, remainder still to come).

    `效益指标社会效益指标` → (效益指标, 社会效益指标, ""); `质量` → (None, 质量指标, "指标").
    """
    for l1 in (*LEVEL1_NAMES, ""):
        if not buffer.startswith(l1):
            continue
        rest = buffer[len(l1):]
        candidates = [l2 for l2 in LEVEL2_NAMES if l2.startswith(rest)] if rest else []
        if rest in LEVEL2_NAMES:
            return l1 or None, rest, ""
        if len(candidates) == 1:
            return l1 or None, candidates[0], candidates[0][len(rest):]
    if buffer in LEVEL1_NAMES:
        return buffer, None, ""
    return None, None, ""


@dataclass(slots=True)  # slots: one per row of a batch; its attributes are the hot path
class _Row:
    level1: str | None
    level2: str | None
    name_parts: list[str] = field(default_factory=list)
    target: str | None = None
    actual: str | None = None
    weight: str | None = None
    score: str | None = None
    note_parts: list[str] = field(default_factory=list)
    line: int = 0
    values_line: int = 0
    note_line: int | None = None
    #: the last line a piece of the row (name, value, note) was read from
    last_line: int = 0


@dataclass(slots=True)
class _TableState:
    level1: str | None = None
    level2: str | None = None
    buffer: str = ""
    debris: str = ""
    rows: list[_Row] = field(default_factory=list)
    pending: list[Line] = field(default_factory=list)
    current: _Row | None = None
    continuing_name: bool = False
    break_seen: bool = False
    #: the header prints a score column (得分, 自评分) but no 分值: a row ends at one number
    single_score: bool = False
    #: the header lines just fed (a header printed again inside the table, maybe wrapped)
    header: str = ""
    #: the header names no note column: the words after a row's values are an unread column's
    no_notes: bool = False
    #: the first row began on its values' line: a name goes on below the values, not above
    names_below: bool | None = None
    #: the index of the first row of the results table (after the process part's)
    first_result: int = 0
    #: the last row closed has a value that may go on on the next line (`is_open`)
    row_open: bool = False
    #: the first and last lines of the captions in `buffer` (first None: no caption)
    buffer_first: int | None = None
    buffer_last: int = 0
    #: each caption resolved: (the row it was resolved at, its first + last line, 一级, 二级)
    captions: list[tuple[int, int, str | None, str | None]] = field(default_factory=list)


_END_AT = _starts(K.END, K.REMARK)
_END_INITIALS = frozenset(c[0] for k in (K.END, K.REMARK) for c in SYNONYMS[k])


def _ends_table(text: str) -> bool:
    """A line beginning with an end mark (其他需要说明事项, 项目负责人, 备注 …)."""
    return _END_AT(text.replace(" ", "")) is not None \
        and leading_kind(text.split()[:WRAP_TOKENS]) in (K.END, K.REMARK)


def read_indicators(lines: list[Line], filename: str | None
                    ) -> tuple[list[Indicator], dict[str, SourceRef], list[Finding]]:
    """The 三级指标 rows, each closed by its 分值/得分 pair, with carried-down 一级/二级."""
    state = _TableState()
    findings: list[Finding] = []
    if lines and is_process_header(lines[0].text):
        lines = _read_process(state, lines)
    numbered = [(ln.number, ln.text) for ln in lines]
    by_columns = read_by_columns(numbered, _table_end, lambda t: _NUMERIC.match(t) is not None)
    if by_columns is None:
        by_order = read_by_order(numbered, _table_end, lambda t: _NUMERIC.match(t) is not None,
                                 filename, {ln.number for ln in lines if ln.after_break})
        if by_order is not None:
            by_columns, order_findings = by_order
            findings += order_findings
    if by_columns is not None:
        state.rows = _column_rows(by_columns)
    start = _table_start(lines)
    state.single_score = _single_score_caption(start.header)
    state.no_notes = bool(start.header) and _NOTE_CAPTION.search(start.header) is None
    state.first_result = len(state.rows)
    body = itertools.chain([start.fused] if start.fused else (), lines[start.body:])
    if by_columns is None and not state.rows and not state.single_score \
            and not state.no_notes:
        body = list(body)
        if _centred_rows(state, body):
            body = []
    for ln in body if by_columns is None else ():
        if ln.text[:1] in _END_INITIALS and _ends_table(ln.text):  # _table_end, inlined
            break
        _feed(state, ln, findings, filename)
    if by_columns is None and state.no_notes:
        _drop_notes(state.rows[state.first_result:])
    if (state.level1 is None or state.level2 is None) and (state.buffer or state.pending):
        _caption_after_rows(state)
    if state.captions:
        _centred_levels(state)
    if state.pending:
        findings.append(import_finding(
            "JX031", f"指标表末尾有无法归属的文字「{join_lines(p.text for p in state.pending)}」",
            source=SourceRef(file=filename, line=state.pending[0].number)))
    indicators: list[Indicator] = []
    sources: dict[str, SourceRef] = {}
    places: dict[int, SourceRef] = {}  # one (immutable) place per line, shared by its paths

    def place(line: int) -> SourceRef:
        ref = places.get(line)
        if ref is None:
            ref = places[line] = SourceRef(file=filename, line=line)
        return ref

    for i, row in enumerate(state.rows):
        indicators.append(_to_indicator(row))
        row_path, value_paths, note_path, level2_path = _row_paths(i)
        sources[row_path] = place(row.line)
        values = place(row.values_line)
        for value_path in value_paths:
            sources[value_path] = values
        if row.note_line is not None:
            sources[note_path] = place(row.note_line)
        if row.level2 is None:
            findings.append(import_finding(
                "JX032", f"指标「{indicators[-1].name or '（无名称）'}」未找到二级指标",
                path=level2_path, source=SourceRef(file=filename, line=row.line)))
    findings += _enumerator_gaps(state.rows, filename)
    return indicators, sources, findings


def _table_end(text: str) -> bool:
    return text[:1] in _END_INITIALS and _ends_table(text)


def _name_unlabelled(state: _TableState, level1: str | None, level2: str | None) -> None:
    """Results rows read before any 一级 (二级) caption take the first one read after them:
    page order prints a merged cell's caption beside the middle of its rows, after the first."""
    for row in state.rows[state.first_result:]:
        if state.level1 is None and row.level1 is None:
            row.level1 = level1
        if state.level2 is None and row.level2 is None:
            row.level2 = level2


def _centred_levels(state: _TableState) -> None:
    """Page order of a table whose merged 一级/二级 cells are centred on their rows: each
    caption stands on the middle line of its group (on a line of its own between two rows,
    `数量指标` between the group's two rows), so carried down it names the rows above it
    wrongly. When rows were read before the first caption of a level (a top-aligned caption
    comes with its group's first row) and the groups whose middle lines are the captions'
    lines cover every row one after another, the rows take those groups' names; when several
    covers are as near (a block of four rows printing its 一级 on the second), the 一级 groups
    the rows' 二级 names' families tell (`_groups_by_family`); otherwise the names carried down
    stay."""
    rows = state.rows[state.first_result:]
    if not rows:
        return
    at, _, level1, level2 = state.captions[0]
    if at <= state.first_result and level1 is not None and level2 is not None:
        return  # the common, top-aligned case: both levels' first captions with the first row
    spans: list[tuple[int, int]] = []
    for level in (0, 1):
        named = [(at, middle, names[level]) for at, middle, *names in state.captions
                 if names[level] is not None]
        if not named or named[0][0] <= state.first_result:
            continue
        spans = spans or [(r.line, max(r.line, r.values_line, r.last_line)) for r in rows]
        # the 二级 names' families, when they tell the 一级 groups, over the places: a page
        # break between a group's rows leaves its caption centred on one page's part only
        groups = _groups_by_family(rows, [name for *_, name in named]) if level == 0 else None
        groups = groups or _centred_groups(spans, [(middle, name) for _, middle, name in named])
        for (first, last), name in groups or ():
            for row in rows[first:last + 1]:
                if level == 0:
                    row.level1 = name
                else:
                    row.level2 = name


#: How far (in half lines) a group's middle may be from its caption's: a caption centred
#: between lines is printed on one of them.
_CENTRE_SLACK = 1


def _centred_groups(spans: Sequence[tuple[int, int]], events: Sequence[tuple[int, str | None]],
                    slack: int = _CENTRE_SLACK, top_aligned: bool = True
                    ) -> list[tuple[tuple[int, int], str | None]] | None:
    """The row groups (first, last index) centred on the captions (`events`: each caption's
    first + last line, in order): a group's first + last line is its caption's, within
    `slack`, and the groups cover `spans` one after another; of such covers the one nearest
    the captions. None unless that one is the only nearest and (`top_aligned`: the table may
    be top-aligned) the first caption stands below the first row's first line (a caption on
    it is top-aligned, or its group is one row: carried down, it is right)."""
    if not events or (top_aligned and events[0][0] <= 2 * spans[0][0]):
        return None
    none = (_NO_COVER, 0, -1)
    best: dict[tuple[int, int], tuple[int, int, int]] = {}

    def cover(k: int, start: int) -> tuple[int, int, int]:
        """(distance from the captions, how many covers are that near (2: many), the first
        group's last row) of the rows from `start` by the captions from `k`."""
        if k == len(events):
            return (0, 1, -1) if start == len(spans) else none
        if start == len(spans):
            return none
        if (k, start) not in best:
            found = none
            for j in range(start, len(spans)):
                miss = abs(spans[start][0] + spans[j][1] - events[k][0])
                if miss > slack:
                    continue
                rest, count, _ = cover(k + 1, j + 1)
                if rest + miss < found[0]:
                    found = (rest + miss, count, j)
                elif rest + miss == found[0] and rest < _NO_COVER:
                    found = (found[0], min(2, found[1] + count), found[2])
            best[k, start] = found
        return best[k, start]

    distance, count, _ = cover(0, 0)
    if distance >= _NO_COVER or count != 1:
        return None
    groups = []
    start = 0
    for k, (_, name) in enumerate(events):
        last = best[k, start][2]
        groups.append(((start, last), name))
        start = last + 1
    return groups


_NO_COVER = 1 << 30


_GROUP_POINTS = re.compile(rf"^\d+(?:\.\d+)? ?{POINTS}$")


def _caption_after_rows(state: _TableState) -> None:
    """The captions left at the table's end (absorbed, or wrapped among the words no row
    took) for the rows read before any caption."""
    words = [t for p in state.pending for t in p.text.split()]
    # a group's caption is followed by its points (`40 分`); one followed by a name begins
    # a row not read (its values lost)
    points = bool(state.buffer) and _GROUP_POINTS.match(" ".join(words[:2])) is not None
    level1, level2, _ = resolve_levels(state.buffer) if points else (None, None, "")
    scattered = scattered_levels([state.buffer, *words])
    _name_unlabelled(state, level1 or scattered[0], level2 or scattered[1])


def _centred_rows(state: _TableState, body: Sequence[Line]) -> bool:
    """The rows of a table whose cells are centred on their rows (`text_lines_centred`), each
    named by the 一级/二级 groups centred on the captions (or, when no single cover is nearest,
    by the captions carried down); False (nothing read) unless the layout is that one."""
    lines: list[Line] = []
    for ln in body:
        if _table_end(ln.text):
            break
        words = ln.text.split()
        if _enumerated(words) or (len(words) >= _HEADER_MIN_CAPTIONS
                                  and _HEADER_LINE(ln.text.replace(" ", ""))):
            return False  # enumerated rows, or a header again (another table): line by line
        lines.append(ln)
    found = read_centred([(ln.number, ln.text) for ln in lines], _centred_pair)
    if found is None:
        return False
    rows, captions, numbers = found
    for r in rows:
        before = r.tokens[:r.pair]
        if not UNIT_PIECES.isdisjoint(before):
            before = join_units(before)
        name, target, actual = _split_name_target_actual([], before)
        after = r.tokens[r.pair + 2:]
        notes = [*r.note_above, *([(r.at, " ".join(after))] if after else []), *r.note_below]
        state.rows.append(_Row(
            level1=None, level2=None,
            name_parts=[*(t for _, t in r.name_above), *name, *(t for _, t in r.name_below)],
            target=target, actual=actual, weight=r.tokens[r.pair], score=r.tokens[r.pair + 1],
            note_parts=[t for _, t in notes], line=numbers[(r.name_above or [(r.at, "")])[0][0]],
            values_line=r.number, note_line=numbers[notes[0][0]] if notes else None,
            last_line=numbers[r.last]))
    spans = [(r.first, r.last) for r in rows]
    events: tuple[list[tuple[int, int, str]], list[tuple[int, int, str]]] = ([], [])
    # the captions a line begins with are read together (`成本指标 经济成本` over `指标`: the
    # 一级 and 二级 columns), each level's name placed at the caption that prints it
    for _, group in itertools.groupby(captions, lambda c: c.first):
        together = list(group)
        names = resolve_levels("".join(c.text for c in together))[:2]
        for level, name in enumerate(names):
            if name is not None:
                at = next((c for c in together if name in c.text), together[0])
                events[level].append((at.first, at.last, name))
    for level in (1, 0):  # the 二级 groups first: they may tell the 一级 ones
        named = events[level]
        groups = _centred_groups(spans, [(first + last, name) for first, last, name in named],
                                 slack=_NO_COVER - 1, top_aligned=False) \
            if named and len(rows) ** 2 * len(named) <= _CENTRED_COVER_WORK else None
        if groups is None and level == 0:
            groups = _groups_by_family(state.rows[:len(rows)], [name for *_, name in named])
        if groups is None:  # carried down; the rows above the first caption take it
            groups = []
            for k, (_, _, name) in enumerate(named):
                begin = 0 if k == 0 else groups[-1][0][1] + 1
                end = next((j for j, r in enumerate(rows) if named[k + 1][0] <= r.at),
                           len(rows)) if k + 1 < len(named) else len(rows)
                groups.append(((begin, max(begin, end) - 1), name))
        for (first, last), name in groups:
            for row in state.rows[first:last + 1]:
                if level == 0:
                    row.level1 = name
                else:
                    row.level2 = name
    return True


def _groups_by_family(rows: Sequence[_Row], names: Sequence[str]
                      ) -> list[tuple[tuple[int, int], str | None]] | None:
    """The 一级 groups as the rows' 二级 names tell them (`社会效益指标` is a 效益指标's,
    `LEVEL1_OF`): when no cover by the 一级 captions' places is the only nearest, and the
    runs of the rows' families are the 一级 captions in their order; else None."""
    families = [level1_family(r.level2) for r in rows]
    if None in families:
        return None
    runs = [(k, list(g)) for k, g in itertools.groupby(families)]
    if [k for k, _ in runs] != [full_level(canonical_level1(n)) for n in names]:
        return None
    groups: list[tuple[tuple[int, int], str | None]] = []
    start = 0
    for (_, run), name in zip(runs, names, strict=True):
        groups.append(((start, start + len(run) - 1), name))
        start += len(run)
    return groups


#: The most work weighing a table's centred groups may take (rows × rows × captions: every
#: group of rows against every caption); a longer table takes its captions carried down.
_CENTRED_COVER_WORK = 1_000_000


def _centred_pair(tokens: list[str]) -> int | None:
    return _pair_index(" ".join(tokens)) if tokens else None


#: A line that only goes on with a name: a few words, no digit, no sentence mark.
_NAME_LINE_MAX = 2
_PROSE_MARK = re.compile(r"[\d。；;，,：:、《》]")


def _name_piece_line(tokens: list[str]) -> bool:
    return len(tokens) <= _NAME_LINE_MAX and len("".join(tokens)) <= CAPTION_MAX \
        and _PROSE_MARK.search("".join(tokens)) is None


def _drop_notes(rows: list[_Row]) -> None:
    """Words after the values of a table without a note column: an unread column's, among
    which page order may have put a merged 一级/二级 cell's caption (`scattered_levels`)."""
    for row in rows:
        if row.note_parts and (row.level1 is None or row.level2 is None):
            level1, level2 = scattered_levels(" ".join(row.note_parts).split())
            row.level1, row.level2 = row.level1 or level1, row.level2 or level2
        row.note_parts = []
        row.note_line = None


def _column_rows(found: list[ColumnRow]) -> list[_Row]:
    """Rows read by the columns of a two-line header, 一级/二级 carried down."""
    rows: list[_Row] = []
    level1 = level2 = None
    for line, values in found:
        level1 = values.get("level1") or level1
        level2 = values.get("level2") or level2
        note = values.get("note")
        rows.append(_Row(level1, level2, [values.get("name", "")], values.get("target"),
                         values.get("actual"), values.get("weight"), values.get("score"),
                         [note] if note else [], line, line, line if note else None))
    return rows




def _enumerator_gaps(rows: list[_Row], filename: str | None) -> list[Finding]:
    """`指标 N：` numbers that skip: each should restart at 1 or follow the one before it
    (forms number per 二级 group or through the whole table); a skip hints at a row left out."""
    findings: list[Finding] = []
    previous = 0
    for row in rows:
        m = ENUMERATED.match(row.name_parts[0]) if row.name_parts else None
        if not m:
            continue
        number = int(m.group(1))
        if number not in (1, previous + 1):
            findings.append(import_finding(
                "JX037", f"「{row.level2 or '（未知二级指标）'}」下「指标 {previous}」之后是"
                f"「指标 {number}」", path="indicators",
                source=SourceRef(file=filename, line=row.line)))
        previous = number
    return findings


@lru_cache(maxsize=1024)
def _row_paths(index: int) -> tuple[str, tuple[str, ...], str, str]:
    """The source paths of row `index`: the row, its four values, its note, its level2.

    Built once per index and shared by every form of a batch (fewer strings to build and keep).
    """
    row = f"indicators[{index}]"
    values = tuple(f"{row}.{key}" for key in ("target", "actual", "weight", "score"))
    return row, values, f"{row}.note", f"{row}.level2"


# the last column's caption (偏差原因分析及改进措施 …), after which a row may begin on the line
_HEADER_TAIL = LazyPattern(f"^.*?({caption_pattern(K.NOTE, where='原因')})\\s*")


class _TableStart(NamedTuple):
    """Where an indicator table's rows begin: the header's text (its wrapped captions also
    joined), the index of the first line after it, and the rest of its last line when a row
    begins on it (glued text, or a row after the last caption)."""

    header: str
    body: int
    fused: Line | None


def _table_start(lines: Sequence[Line]) -> _TableStart:
    """The table's header lines (captions, caption fragments, and the rests of captions a
    line above left waiting) and where its first row begins."""
    parts: list[str] = []
    waiting: tuple[str, ...] = ()
    wrapped = -1  # the line ending the last caption wrapped onto it (`偏差原因分析及改` / `进措施`)
    for i, ln in enumerate(lines):
        if i == wrapped:
            continue
        m = _HEADER_TAIL.match(ln.text)
        if m and m.end() < len(ln.text) and _caption_goes_on(ln.text[m.start(1):], lines[i + 1:]):
            parts += [ln.text, lines[i + 1].text]
            wrapped = i + 1
            continue
        if m and m.end() < len(ln.text):
            parts.append(m.group(0))
            fused = Line(ln.text[m.end():], ln.number, ln.after_break)
            return _TableStart(compact(" ".join(parts)), i + 1, fused)
        if compact(ln.text) in WRAP_FRAGMENTS or _fragments_only(ln.text, bool(parts)):
            parts.append(ln.text)
            continue
        if not waiting and _HEADER_LINE(ln.text.replace(" ", "")) is not None:
            parts.append(ln.text)  # captions only: nothing to split
            continue
        captions = _column_captions(ln.text)
        if not captions and not waiting:
            break
        tokens = ln.text.split()
        split = split_header(tokens, waiting, _level_start)
        if split.end == len(tokens) or (captions and not _row_begins(tokens[split.end:])):
            parts += [ln.text, *split.captions]
            waiting = split.waiting
            continue
        if split.end == 0:
            break
        parts += [*tokens[:split.end], *split.captions]
        fused = Line(" ".join(tokens[split.end:]), ln.number, ln.after_break)
        return _TableStart(compact(" ".join(parts)), i + 1, fused)
    else:
        i = len(lines)
    return _TableStart(compact(" ".join(parts)), i, None)


def _caption_goes_on(text: str, after: Sequence[Line]) -> bool:
    """Whether the last caption's text, with the next line, is that caption as printed: the
    rest of the line is its wrapped head, not a row (`偏差原因分析及改` / `进措施`)."""
    if not after or len(text.split()) > 1:
        return False
    return exact_kind(compact(text + after[0].text)) is K.NOTE


def _fragments_only(text: str, after_header: bool) -> bool:
    """A line of caption fragments only (`指标 指标`: the second text line of the header's
    wrapped 一级 / 二级 captions), once the header has begun."""
    return after_header and all(t in WRAP_FRAGMENTS for t in text.split())


def _level_start(token: str) -> bool:
    """A level name or its head (产出指标, 数量指) begins a row after the header's captions."""
    return len(token) >= 2 and _level_prefix(strip_score(token))


def _row_begins(tokens: Sequence[str]) -> bool:
    """Whether the words after a header's captions are a row: a value among them, or a
    level name or an enumerator first."""
    return any(_NUMERIC.match(t) or t[:1].isdigit() for t in tokens) \
        or _level_prefix(strip_score(tokens[0])) or _enumerated(list(tokens))


#: weight captions, and words other templates print over a 分值 column (to stay with pairs)
_WEIGHT_CAPTION = re.compile("|".join(
    re.escape(c) for c in sorted({*SYNONYMS[K.WEIGHT], "权数", "标准分"}, key=len, reverse=True)))
#: a note column's caption (偏差原因 …, 备注): without one, the words after a row's values
#: are an unread column's (评价标准, 复核意见 …), not its note
_NOTE_CAPTION = LazyPattern(caption_pattern(K.NOTE, K.REMARK))
_SCORE_CAPTION = re.compile("|".join(
    re.escape(c) for c in sorted(SYNONYMS[K.SCORE], key=len, reverse=True)))


def _single_score_header(lines: Sequence[Line]) -> bool:
    """Whether the table's header (its lines before the first row) names a score column
    (得分, 自评分) and no 分值 column: such a table prints one number where others print two."""
    return _single_score_caption(_table_start(lines).header)


def _single_score_caption(header: str) -> bool:
    score = _SCORE_CAPTION.search(header)
    if score is None:
        return False
    # a score caption that itself ends in 分值 (自评得分分值) is not a 分值 column
    rest = header[:score.start()] + " " + header[score.end():]
    return _WEIGHT_CAPTION.search(rest) is None


def _weight_only(lines: Sequence[Line]) -> bool:
    """Whether the table's header names a 分值 column (权重 …) and no score column (the
    Tianjin variant: 实际完成值 | 权重, no 得分)."""
    header = _table_start(lines).header
    return _WEIGHT_CAPTION.search(header) is not None and _SCORE_CAPTION.search(header) is None


def _column_captions(text: str) -> bool:
    """A line of the indicator table's header: column captions only, or naming 三级指标 /
    年度指标值 among its words."""
    if _HEADER_LINE(text.replace(" ", "")) is not None:
        return True
    kinds = caption_kinds(text.split())
    if kinds is not None and all(k in _TABLE_HEADER for k in kinds):
        return True
    return any(k in (K.LEVEL3, K.TARGET) for k in _line_kinds(text).tokens)


_TABLE_HEADER = INDICATOR_COLUMN_KINDS | {K.INDICATOR_BLOCK}
_HEADER_LINE = _only(*_TABLE_HEADER)


def _feed(state: _TableState, ln: Line, findings: list[Finding], filename: str | None) -> None:
    tokens = ln.text.split()
    if len(tokens) >= _HEADER_MIN_CAPTIONS and _HEADER_LINE(ln.text.replace(" ", "")):
        _next_table(state, ln)
        return
    state.header = ""
    state.break_seen = state.break_seen or ln.after_break
    # caption fragments of merged 一级/二级 cells, alone or leading the row's own text
    taken = 0
    while taken < len(tokens) \
            and (not tokens[taken].startswith("指标") or not _enumerated(tokens[taken:])) \
            and _absorb_caption(state, tokens[taken]):
        taken += 1
    if taken:
        tokens = tokens[taken:]
        if tokens and _note_goes_on(state, tokens, ln.number):
            return
        if state.buffer:
            if state.buffer_first is None:
                state.buffer_first = ln.number
            state.buffer_last = ln.number
    if not tokens:
        return
    if not taken and len(tokens) > 1 and state.current is not None and not state.pending \
            and not state.no_notes and state.current.note_parts:
        caption = _caption_after_note(tokens)
        if caption:  # `导致未完成 质量指标 …`: the note's last piece, then the next group
            state.current.note_parts.append(" ".join(tokens[:caption]))
            _feed(state, Line(" ".join(tokens[caption:]), ln.number, ln.after_break), findings,
                  filename)
            return
    if state.single_score and not UNIT_PIECES.isdisjoint(tokens):  # before the score's test
        tokens = join_units(tokens)
    current = state.current
    if state.row_open and current is not None and not state.pending and _may_continue(
            tokens, current):
        rest = _take_continuation(current, tokens)
        current.last_line = ln.number
        if not rest:
            return
        if len(rest) < len(tokens):  # the row's own pieces taken: the rest is the line
            tokens, ln = rest, Line(" ".join(rest), ln.number, ln.after_break)
    joined = " ".join(tokens)  # built once: the pair, the enumerator and pending all use it
    scored = _join_points(tokens) if POINTS in joined else tokens
    if state.single_score:
        score = _single_score(scored, bool(state.pending))
        if score is not None:
            rest = _close_row(state, ln, scored, score, single=True)
            if rest:
                _feed(state, Line(" ".join(rest), ln.number), findings, filename)
            return
        pair = None
    else:
        pair = _pair_index(" ".join(scored) if scored is not tokens else joined)
    if pair is not None:
        rest = _close_row(state, ln, scored, pair)
        if rest:
            _feed(state, Line(" ".join(rest), ln.number), findings, filename)
        return
    if tokens[0].startswith("指标") and ENUMERATED.match(joined) is not None:
        _start_row(state, ln)
        state.pending.append(Line(joined, ln.number, ln.after_break))
        return
    current = state.current
    if current is not None and not state.pending:
        current.last_line = ln.number
        if state.names_below and state.no_notes and _name_piece_line(tokens):
            current.name_parts.append(joined)
            return
        if state.break_seen and not current.note_parts:
            state.continuing_name = True
        if (state.continuing_name or _name_tail(current, ln.text)) and not current.note_parts:
            current.name_parts.append(ln.text)
            return
        current.note_parts.append(ln.text)
        current.note_line = current.note_line or ln.number
        return
    state.pending.append(Line(joined, ln.number, ln.after_break))


#: What a note's sentence prints and a name never does.
_SENTENCE_MARK = re.compile(r"[，,。；;！？]")
#: Lines from a row's last piece to a line that may go on with its note.
_NOTE_GAP = 1


def _note_goes_on(state: _TableState, tokens: list[str], number: int) -> bool:
    """A line that prints a merged cell's whole 一级/二级 name, then the next piece of the
    note of the row just above (`时效指标 出延期至10月举办；…` under `… 8.00 受台风天气影响，9月…`):
    the name stands inside that row's lines, centred on them, so it names that row (and
    those below it, carried down), and the words go on with its note."""
    row = state.rows[-1] if state.rows else None
    if row is None or not row.note_parts or state.pending or state.no_notes \
            or number - row.last_line > _NOTE_GAP or state.current not in (None, row):
        return False
    if any(_NUMERIC.match(t) for t in tokens) or not _SENTENCE_MARK.search(tokens[0]):
        return False
    level1, level2, debris = resolve_levels(state.buffer)
    if debris or (level1 is None and level2 is None):
        return False
    row.level1, row.level2 = level1 or row.level1, level2 or row.level2
    state.level1, state.level2 = row.level1, row.level2
    state.buffer = ""
    row.note_parts.append(" ".join(tokens))
    row.last_line = number
    state.current = row
    return True


#: The rest of a wrapped name is a word or two (`时率`, `完成率`); a note says more.
_NAME_TAIL = re.compile(r"[\u4e00-\u9fff]{2,4}")


def _name_tail(row: _Row, text: str) -> bool:
    """Whether a line of words under a row that printed no note is its name going on: a
    word of a few characters, no 无 and no sentence mark, under a row scored in full (nothing
    to explain)."""
    c = compact(text)
    if not _NAME_TAIL.fullmatch(c) or not substantive(c) or row.weight is None:
        return False
    weight, score = parse_printed(row.weight), parse_printed(row.score or "")
    return weight is not None and score is not None and weight == score


#: a line of this many captions or more, all of the table's columns, is a header of its own
_HEADER_MIN_CAPTIONS = 3


def _next_table(state: _TableState, ln: Line) -> None:
    """A header printed again inside the table (a second table, one per 项目年度目标): its
    columns decide how the rows after it close, and the row before it ends (a title line
    `项目年度目标 2:…` just above the header is not that row's note)."""
    _start_row(state, ln)
    if state.rows:
        prev = state.rows[-1]
        if prev.note_parts and _GOALS_AT(compact(prev.note_parts[-1])):
            prev.note_parts.pop()
            prev.note_line = prev.note_line if prev.note_parts else None
    state.header = f"{state.header} {ln.text}"
    state.single_score = _single_score_header([Line(state.header, ln.number)])
    state.buffer = state.debris = ""
    state.buffer_first = None


def _read_process(state: _TableState, lines: list[Line]) -> list[Line]:
    """The process part (项目决策/项目管理 rows) that opens the table, read into the state's
    first rows: each row by its 分值/得分 pair, named by the word before it. Returns the lines
    after it (the results table from its header on, or the end of the table)."""
    part = ProcessPart()
    first = after_header(lines[0].text)
    seq = [*([Line(first, lines[0].number)] if first else []), *lines[1:]]
    rest: list[Line] = []
    for i, ln in enumerate(seq):
        if ln.text[:1] in _END_INITIALS and _ends_table(ln.text):
            rest = seq[i:]
            break
        head = RESULTS_HEAD.search(ln.text)
        _process_line(part, ln.text[:head.start()] if head else ln.text, ln.number)
        if head:
            rest = [Line(ln.text[head.start():], ln.number, ln.after_break), *seq[i + 1:]]
            break
    state.rows[:0] = [
        _Row(level1=r.level1, level2=None, name_parts=[r.name] if r.name else [],
             weight=r.weight, score=r.score, line=r.line, values_line=r.line)
        for r in part.rows]
    return rest


def _process_line(part: ProcessPart, text: str, number: int) -> None:
    """The rows a line of the process part closes, and the 一级 names it prints."""
    tokens = text.split()
    while tokens:
        pair = _pair_index(" ".join(tokens))
        if pair is None:
            part.take_level(tokens)
            return
        before = part.take_level(tokens[:pair])
        part.add(row_name(before), tokens[pair], tokens[pair + 1], number)
        tokens = tokens[pair + 2:]


def _enumerated(tokens: list[str]) -> bool:
    """Whether the tokens begin an enumerated row (`指标 1：…`); the join is the cost, and a
    match needs the first token to begin with 指标."""
    return bool(tokens) and tokens[0].startswith("指标") \
        and ENUMERATED.match(" ".join(tokens)) is not None


#: A note's piece printed before a level caption on one line is this many words at most.
_NOTE_PIECE_WORDS = 2
_WHOLE_LEVELS = frozenset((*_LEVEL_WORDS, *LEVEL1_NAMES))


def _caption_after_note(tokens: Sequence[str]) -> int:
    """Where a whole 一级/二级 name follows the last words of the row above's 偏差原因 on one
    line (PDF text prints the note's next text line beside the next group's caption): the
    words before it have no digit (a row's values); 0 when there is none."""
    for k in range(1, min(len(tokens), _NOTE_PIECE_WORDS + 1)):
        word = tokens[k]
        if (word if not word.endswith((")", "）")) else strip_score(word)) in _WHOLE_LEVELS:
            return 0 if any(ch.isdigit() for t in tokens[:k] for ch in t) else k
    return 0


def _absorb_caption(state: _TableState, token: str) -> bool:
    if token.endswith((")", "）")):  # the only tokens a (NN分) can end
        token = strip_score(token)
    if state.debris and state.debris.startswith(token):
        state.debris = state.debris[len(token):]
        return True
    buffer = state.buffer + token
    if buffer in _LEVEL_PREFIXES:  # _level_prefix, inlined: this runs for every line
        state.buffer = buffer
        state.current = None
        state.continuing_name = False
        return True
    return False


def _start_row(state: _TableState, ln: Line) -> None:
    state.current = None
    state.continuing_name = False
    state.break_seen = False
    if state.pending:
        # text before a new enumerated row that no row claimed: note of the previous row
        if state.rows:
            prev = state.rows[-1]
            prev.note_parts.extend(p.text for p in state.pending)
            prev.note_line = prev.note_line or state.pending[0].number
        state.pending = []


_VALUE_PAIR = re.compile(r"(?<!\S)\d+(?:\.\d+)? \d+(?:\.\d+)?(?!\S)")  # on space-joined tokens


def _value_pair(tokens: list[str]) -> int | None:
    """Index of the 分值 token of the first adjacent pair of plain numbers, if any.

    A plain number (`12`, `7.50`) is a whole token; on the tokens joined by single spaces, the
    pair's index is the number of spaces before it.
    """
    return _pair_index(" ".join(tokens))


def _pair_index(joined: str) -> int | None:
    """`_value_pair` on tokens already joined by single spaces; without one, a pair printed
    with its unit (`20分 18分`, `_points_pair`)."""
    found = _VALUE_PAIR.search(joined)
    if found is None:
        return _points_pair(joined.split(" ")) if POINTS in joined else None
    first = joined.count(" ", 0, found.start())
    if found.end() == len(joined) or not _PLAIN_NUMBER.match(joined[found.end() + 1:]):
        return first
    return _scoring_pair(joined.split(" "), first)


_PLAIN_NUMBER = re.compile(r"\d+(?:\.\d+)?(?:\s|$)")
_MAX_POINTS = Decimal(100)


def _scoring_pair(tokens: list[str], first: int) -> int:
    """In a run of bare numbers (`12 13 20 18`: target, actual, 分值, 得分), the first pair
    that can be 分值/得分 (得分 ≤ 分值 ≤ 100): a pair scoring more than its points (`12 13`)
    is the row's values. Four numbers after words alone (`培训人数 100 100 10 10`) are the
    row's values and its points. With no such pair, the first, as before."""
    run = first
    while run < len(tokens) and _PLAIN_NUMBER.match(tokens[run]):
        run += 1
    valid = [k for k in range(first, run - 1) if _scores(tokens[k], tokens[k + 1])]
    if run - first == 4 and first + 2 in valid and not any(
            _VALUE_MARK.search(t) for t in tokens[:first]):
        return first + 2
    return valid[0] if valid else first


def _scores(weight: str, score: str) -> bool:
    return Decimal(score) <= Decimal(weight) <= _MAX_POINTS


_POINTS_TOKEN = re.compile(rf"^\d+(?:\.\d+)?{POINTS}$")


def _points_pair(tokens: list[str]) -> int | None:
    """Index of the 分值 of 分值/得分 printed with their unit (`20分 18分`): the last two of a
    run of points, as a target or actual in points (`≥90分 95分`) comes before them; never
    the line's first token (a group's points after its caption, `40分 15分`)."""
    run = 0
    for i, token in enumerate(tokens):
        if _POINTS_TOKEN.match(token) is None:
            run = 0
            continue
        run += 1
        if run >= 2 and i >= 2 and (
                i + 1 == len(tokens) or _POINTS_TOKEN.match(tokens[i + 1]) is None):
            return i - 1
    return None


def _join_points(tokens: list[str]) -> list[str]:
    """A score set apart from its unit (`20 分`) as one token (`20分`); a number opening the
    line is a group's points (`15 分`, its caption taken before), left apart."""
    out: list[str] = []
    for token in tokens:
        if token == POINTS and len(out) >= 2 and SCORE_VALUE.match(out[-1]):
            out[-1] += POINTS
        else:
            out.append(token)
    return out


def _score_token(token: str) -> bool:
    return SCORE_VALUE.match(token.removesuffix(POINTS)) is not None


_VALUE_MARK = re.compile(r"[\d%％]")


def _after_values(tokens: list[str], i: int) -> bool:
    """Whether points at `i` (`10分`) follow a row's values, not a group's caption (`数量指
    标 15 分`, `项目 绩效 85 分`): the token before holds a number, or repeats the one before
    it (target = actual, `良好 良好`)."""
    before = tokens[i - 1]
    return _VALUE_MARK.search(before) is not None or before == tokens[i - 2]


def _single_score(tokens: list[str], named_above: bool) -> int | None:
    """Index of the 得分 of a row in a table without 分值: the first plain number (or points
    after the row's values, `10分`) not followed by another, with the 年度指标值 and 实际完成值
    before it and a name before them (or on the lines above)."""
    first = 2 if named_above else 3
    for i in range(first, len(tokens)):
        token = tokens[i]
        if (SCORE_VALUE.match(token) is not None or (
                token.endswith(POINTS) and _score_token(token) and _after_values(tokens, i))) \
                and (i + 1 == len(tokens) or not (_score_token(tokens[i + 1])
                                                  or tokens[i + 1].startswith(POINTS))):
            return i
    return None


def _close_row(state: _TableState, ln: Line, tokens: list[str], pair: int,
               single: bool = False) -> list[str]:
    """Close the row whose 分值/得分 stand at `pair` (its 得分 alone when `single`); return
    tokens that belong to later rows."""
    level1, level2, debris = resolve_levels(state.buffer) if state.buffer else (None, None, "")
    if state.buffer:
        if state.level1 is None or state.level2 is None:  # the table's first captions
            _name_unlabelled(state, level1, level2)
        state.level1 = level1 or state.level1
        state.level2 = level2 or state.level2
        state.debris = debris
        state.buffer = ""
        if state.buffer_first is not None:
            state.captions.append(
                (len(state.rows), state.buffer_first + state.buffer_last, level1, level2))
            state.buffer_first = None
    width = 1 if single else 2
    row = _Row(level1=state.level1, level2=state.level2,
               weight=None if single else tokens[pair], score=tokens[pair + width - 1],
               values_line=ln.number, last_line=ln.number)
    before = tokens[:pair]
    if not UNIT_PIECES.isdisjoint(before):  # join_units' own quick test, inlined
        before = join_units(before)
    lines_before = list(state.pending)
    if state.names_below and state.no_notes:  # prose above is the unread column's
        lines_before = [p for p in lines_before if _PROSE_MARK.search(p.text) is None]
    name_tokens, row.target, row.actual = _split_name_target_actual(lines_before, before)
    row.name_parts = name_tokens
    row.line = lines_before[0].number if lines_before else ln.number
    if state.names_below is None:
        state.names_below = not lines_before
    after = tokens[pair + width:]
    state.row_open = is_open(row.target) or is_open(row.actual)
    if state.row_open and _may_continue(after, row):
        # glued text: the last column's first piece comes before the name's piece
        after = _take_continuation(row, after, name_from=1)
    after, rest = (_split_after_single if single else _split_after)(after)
    after = _peel_trailing_caption(state, after) if not rest else after
    if state.buffer:
        if state.buffer_first is None:
            state.buffer_first = ln.number
        state.buffer_last = ln.number
    if after:
        row.note_parts.append(" ".join(after))
        row.note_line = ln.number
    state.rows.append(row)
    state.pending = []
    state.current = row
    state.continuing_name = False
    state.break_seen = False
    return rest


def _may_continue(tokens: list[str], row: _Row) -> bool:
    return may_continue(tokens, (row.target, row.actual))


def _take_continuation(row: _Row, tokens: list[str], name_from: int = 0) -> list[str]:
    """The tokens after a row without the pieces that continue its wrapped cells (a name's
    piece, the rests of its values), which go to the row."""
    found = continuation(tokens, (row.target, row.actual), name_from)
    if found is None:
        return tokens
    if found.name is not None:
        row.name_parts.append(found.name)
    row.target, row.actual = completed((row.target, row.actual), found.rests)
    return [*tokens[:found.start], *tokens[found.start + found.length:]]


def _split_after(after: list[str]) -> tuple[list[str], list[str]]:
    """Squashed text: when another row follows on the same line, cut before its caption or
    enumerator; with neither, the next row starts right away (rows without notes)."""
    if _value_pair(after) is None:
        return after, []
    for j in range(len(after)):
        if _enumerated(after[j:]) or _level_prefix(strip_score(after[j])):
            return after[:j], after[j:]
    return [], after


def _split_after_single(after: list[str]) -> tuple[list[str], list[str]]:
    """`_split_after` for a table without 分值: another row on the same line begins at its
    enumerator or its 一级/二级 caption, and only when a score closes it."""
    if _single_score(after, False) is None:
        return after, []
    for j in range(len(after)):
        if _enumerated(after[j:]) or _level_prefix(strip_score(after[j])):
            return after[:j], after[j:]
    return after, []


def _peel_trailing_caption(state: _TableState, after: list[str]) -> list[str]:
    """Tokens after 得分 that spell the next group's 一级/二级 caption go to the caption buffer."""
    for j in range(len(after)):
        tail = compact("".join(after[j:]))
        if not _level_prefix(tail):  # the cheap test first
            continue
        level1, level2, _ = resolve_levels(tail)
        if level1 or level2:
            state.buffer = tail
            return after[:j]
    return after


def _split_name_target_actual(lines_before: list[Line], before: list[str]
                              ) -> tuple[list[str], str | None, str | None]:
    """Assign the text of a row before its 分值 to 三级指标 / 年度指标值 / 实际完成值."""
    texts = [ln.text for ln in lines_before]
    if len(before) >= 2:
        return [*texts, " ".join(before[:-2])] if before[:-2] else texts, before[-2], before[-1]
    if len(before) == 1:
        actual = before[0]
        if texts:
            *head, last = texts
            parts = last.split()
            if len(parts) >= 2:
                return [*head, " ".join(parts[:-1])], parts[-1], actual
        return texts, None, actual
    # pair alone on its line: the actual may be wrapped over the short lines just above
    start = next((k for k in range(len(texts) - 1, max(len(texts) - 5, 0) - 1, -1)
                  if _TIER_START.match(compact(texts[k]))), None)
    if start is not None:
        head, actual = texts[:start], compact("".join(texts[start:]))
    elif texts:
        head, actual = texts[:-1], None
        parts = texts[-1].split()
        if len(parts) >= 2:
            head, actual = [*texts[:-1], " ".join(parts[:-1])], parts[-1]
    else:
        return [], None, None
    if head:
        *first, last = head
        parts = last.split()
        if len(parts) >= 2:
            return [*first, " ".join(parts[:-1])], parts[-1], actual
    return head, None, actual


def _to_indicator(row: _Row) -> Indicator:
    name = strip_enumerator(join_lines(row.name_parts)) or None
    note = join_lines(row.note_parts) or None
    return Indicator(level1=row.level1, level2=row.level2, name=name, target=row.target,
                     actual=row.actual, weight=row.weight, score=row.score, note=note)


# ---------------------------------------------------------------- total and grade


_GRADE_VALUE = LazyPattern(f"(?:{caption_pattern(K.GRADE)})[:：]?([{''.join(GRADES)}])")


def read_total(lines: list[Line], has_score: bool = True
               ) -> tuple[Total, str | None, dict[str, int]]:
    """总分 row (weight, score) and 评分等级; `has_score`: the indicator table prints a 得分
    column (without one, a lone number in the 总分 row is the 分值 total)."""
    total = Total()
    grade = None
    where: dict[str, int] = {}
    for ln in lines:
        c = compact(ln.text)
        numbers = [t for t in ln.text.split() if _NUMERIC.match(t)]
        if numbers and _total_line(ln.text, c):
            total = Total(*total_pair(numbers, has_score=has_score))
            where["total"] = ln.number
            last = ln.text.split()[-1]
            if last in GRADES and last != numbers[-1] and grade is None:
                grade = last  # printed in the row's last cell, after its scores (Shanghai)
                where["grade"] = ln.number
        m = _GRADE_VALUE.search(c)
        if m:
            grade = m.group(1)
            where["grade"] = ln.number
        elif c in GRADES and grade is None and "total" in where:
            grade = c
            where["grade"] = ln.number
    return total, grade, where


# ---------------------------------------------------------------- one form


def read_form_lines(lines: list[Line], filename: str | None = None) -> ReadResult | None:
    """Read one form from its lines; None when there is nothing form-like in them."""
    sections = locate_sections(lines)
    header, header_where, year, kind = read_header(sections.header)
    findings: list[Finding] = []
    _fields_in_funds(header, header_where, sections.funds)
    sources: dict[str, SourceRef] = {k: SourceRef(file=filename, line=v)
                                     for k, v in header_where.items() if k in TEXT_KEYS}
    funds = read_funds(sections.funds, filename, sections.header)
    goals, goal_findings = read_goals(sections.goals, filename)
    if funds.goals is not None and goals == Goals():  # numbered goals beside the funds
        goals = Goals(expected=funds.goals[0])
        sources["goals.expected"] = SourceRef(file=filename, line=funds.goals[1])
    indicators, ind_sources, ind_findings = read_indicators(sections.indicators, filename)
    total, grade, tail_where = read_total(sections.tail, not _weight_only(sections.indicators))
    if "total" not in tail_where and header["self_score"] is not None:
        total = Total(score=header["self_score"])  # 自评总分 printed in the header
        tail_where["total"] = header_where["self_score"]
    if header["project_name"] is None and not indicators and not funds.funds.rows:
        return None
    project = header["project_name"] or ""
    findings += funds.findings + goal_findings + ind_findings
    findings += form_findings(Found(
        project_name=bool(header["project_name"]), funds=bool(sections.funds),
        indicators=bool(sections.indicators), total=bool(tail_where.get("total")),
        department_form=kind == "department", start=SourceRef(file=filename, line=lines[0].number),
        elsewhere=SourceRef(file=filename)))
    sources.update(funds.sources)
    sources.update(ind_sources)
    sources.update({k if k == "grade" else "total.score":
                    SourceRef(file=filename, line=v) for k, v in tail_where.items()})
    form = Form(project_name=project, kind=kind, year=year, department=header["department"],
                implementing_unit=header["implementing_unit"], funds=funds.funds, goals=goals,
                indicators=tuple(indicators), total=total, grade=grade)
    return finish(form, findings, sources)


def read_lines(text: str, *, filename: str | None = None, first_line: int = 1) -> list[ReadResult]:
    """Every form in a PDF-text layout, in order."""
    return list(iter_lines(text, filename=filename, first_line=first_line))


def iter_lines(text: str, *, filename: str | None = None, first_line: int = 1
               ) -> Iterator[ReadResult]:
    """`read_lines` one form at a time, so that a batch need not hold every form it read."""
    return iter_lines_of(text.splitlines(), filename=filename, first_line=first_line)


def iter_lines_of(raws: Iterable[str], *, filename: str | None = None, first_line: int = 1
                  ) -> Iterator[ReadResult]:
    """Every form of a PDF-text layout given as physical lines (an open file's, streamed):
    only the lines of the form being read are held."""
    for chunk in iter_split_forms(iter_to_lines(raws, first_line)):
        result = read_form_lines(chunk, filename)
        if result is not None:
            yield result
