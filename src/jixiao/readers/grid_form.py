"""The table mapper: cell grids (PDF, XLSX, DOCX, HTML tables) → forms, located by captions.

Every table reader extracts `Table`s of `Cell`s (merged cells keep their span) and calls
`read_tables`. The mapping is a chain of small stages:

1. **expand** each table into rows of `Span`s: a merged cell covers every grid position of its
   area, so a merged 一级指标 cell is seen on every row it spans (`fresh` only on its top row);
2. **segment** the rows of all tables (in order) into forms at each 项目名称 row, or at each
   title (…自评表) when no 项目名称 is printed; title and year rows before it go with it;
3. **map** each segment by the form's own captions: header fields by caption, the funds block by
   its column captions and row captions (`captions.funds_source`), 年度总体目标 by its two
   captions, the indicator table by its header row (columns mapped by caption, Sichuan's split
   columns composed with `compose_split_value`), the 总分 row and 评分等级. Column positions are
   never assumed; a form may span several tables (a page break repeats the header row, splits a
   merged 一级 cell, or splits a row).

Numbers stay strings exactly as the cell prints them. Every field read gets a provenance entry
(`ReadResult.sources[path] = SourceRef(file, page, cell=cell.ref)`); whatever is missing or had
to be interpreted gets an import finding (`FINDING_CODES`). Odd tables never raise.

Text outside tables that belongs to the form (a title paragraph, `（2024年度）`, `单位：万元`)
may be passed as one-cell tables in document order.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from operator import attrgetter
from typing import Any

from jixiao.core.findings import Finding, Severity, SourceRef
from jixiao.core.lazy_pattern import LazyPattern
from jixiao.core.model import Form, Goals, Indicator, Total
from jixiao.core.values import compose_split_value
from jixiao.readers.assemble import Found, coded, form_findings
from jixiao.readers.base import ReadResult, UnreadableInput
from jixiao.readers.codes import IMPORT_CODES
from jixiao.readers.grid import Cell, Table
from jixiao.readers.parts.funds import (
    RowRead,
    column_key,
    funds_part,
    interleaved,
    printed_unit,
)
from jixiao.readers.parts.header import inline_fields
from jixiao.readers.parts.total import total_pair
from jixiao.readers.shapes import is_number
from jixiao.readers.text_norm import join_lines, strip_enumerator
from jixiao.readers.vocabulary import (
    CAPTION_MAX,
    CONCLUSION_CAPTIONS,
    GRADE_VALUE,
    GRADES,
    HEADER_KINDS,
    MONEY_UNIT,
    PREAMBLE_FIELDS,
    SUBTOTAL,
    YEAR,
    YEAR_DIGITS,
    YEAR_FIELD,
    YEAR_LOOSE,
    CaptionKind,
    Section,
    bare_key,
    canonical_level1,
    canonical_level2,
    caption_key,
    caption_pattern,
    classify,
    compact,
    funds_source,
    is_title,
    leading_caption,
    score_in,
    second_role,
    sub_caption,
)

K = CaptionKind

__all__ = ["FINDING_CODES", "GridRow", "Span", "expand_table", "is_form_text",
           "looks_like_form_part", "read_tables", "segment_rows"]

# ---------------------------------------------------------------- import findings

#: Import findings: the shared catalogue (`readers.codes`).
FINDING_CODES = IMPORT_CODES


_finding = coded


# ---------------------------------------------------------------- stage 1: expand


@dataclass(eq=False, slots=True)
class Span:
    """A cell as seen on one grid row: its columns `first`..`last` (inclusive) on that row,
    its text with wrapping undone, and whether the cell starts on this row (`fresh`)."""

    cell: Cell
    first: int
    last: int
    text: str
    fresh: bool


@dataclass(eq=False, slots=True)
class GridRow:
    """One row of an expanded table: its spans left to right (grid gaps are absent), those that
    print something (`texts`), and whether none prints a caption of any kind (`plain`): such a
    row (most rows: the values of the funds and indicator tables) opens no part and only fills
    the open one. Both are found once, as every stage of the mapper asks."""

    table: int
    index: int
    spans: tuple[Span, ...]
    table_start: bool
    source: SourceRef | None = None
    texts: tuple[Span, ...] = field(init=False)
    plain: bool = field(init=False)
    #: the caption rows its texts may make it (`_caption_kinds`), asked of a row not plain
    kinds: int = field(init=False)

    def __post_init__(self) -> None:
        self.texts = tuple([s for s in self.spans if s.text])
        self.plain = True
        self.kinds = 0
        for span in self.texts:
            if _names_something(span.text):
                self.plain = False
                kinds = 0
                for s in self.texts:
                    kinds |= _caption_kinds(s.text)
                self.kinds = kinds
                break

    def at(self, col: int) -> Span | None:
        """The span covering grid column `col`, if any."""
        for span in self.spans:
            if span.first <= col <= span.last:
                return span
        return None


_POSITION = attrgetter("row", "col")
_MAX_SPAN = 4096  # a span larger than this is a malformed table, not a form
#: Grid positions one table may cover once its merged cells are expanded: a form has hundreds;
#: every reader's own budget (cells, merged cells, HTML slots) is smaller, this is the last guard
#: (DOCX `w:gridSpan`, PDF and OCR grids, ODS repeats).
MAX_GRID_SLOTS = 4_000_000


@lru_cache(maxsize=65536)
def cell_text(raw: str) -> str:
    """A cell's text as printed: in-cell line breaks joined (form-json.md whitespace rule)."""
    return join_lines([raw]) if raw else ""


def expand_table(table: Table, index: int = 0) -> tuple[list[GridRow], list[Finding]]:
    """Rows of `table` with merged cells expanded over every position they cover.

    Args:
        table: the extracted cells.
        index: the table's position among the tables of the source (kept on each row).

    Returns:
        The grid rows (a row no cell starts on is dropped) and findings about overlapping
        cells (JX051).
    """
    findings: list[Finding] = []
    cells = sorted([c for c in table.cells if c.row >= 0 and c.col >= 0], key=_POSITION)
    if not cells:
        return [], findings
    last_row = cells[-1].row
    # a 1 × 1 cell (most) is its own size: last_row is the largest row, so nothing clips it;
    # a cell one row high (most others: a PDF's cells cover several of the joined columns)
    # is one row high, its width clamped (`_clamped`: min and max, written out)
    sizes = [(c.rowspan, c.colspan) if c.rowspan == 1 and c.colspan == 1 else
             (1, _clamped(c.colspan)) if c.rowspan == 1 else
             (min(max(c.rowspan, 1), last_row + 1 - c.row, _MAX_SPAN),
              min(max(c.colspan, 1), _MAX_SPAN)) for c in cells]
    slots = sum(height * width for height, width in sizes)
    if slots > MAX_GRID_SLOTS:  # counted before a slot is taken: spans ask for the memory
        name = table.source.file if table.source and table.source.file else "<表格>"
        raise UnreadableInput(f"{name}: {table.name or '表格'}按合并单元格展开后过大（{slots} 格，"
                              f"上限 {MAX_GRID_SLOTS} 格），不是自评表，不予读取")
    spans_of = _apart(cells, sizes)
    if spans_of is not None:
        return [GridRow(index, r, tuple(spans_of[r]), n == 0, table.source)
                for n, r in enumerate(sorted(spans_of))], findings
    grid: dict[int, dict[int, Cell]] = {}
    for cell, (height, width) in zip(cells, sizes, strict=True):
        clash = False
        for r in range(cell.row, cell.row + height):
            line = grid.get(r)
            if line is None:
                line = grid[r] = {}
            for c in range(cell.col, cell.col + width):
                if c in line:
                    clash = True
                else:
                    line[c] = cell
        if clash:
            findings.append(_finding(
                "JX051", cell.ref or f"第{cell.row + 1}行第{cell.col + 1}列",
                source=_source(table, cell), severity=Severity.INFO))
    out = [GridRow(index, r, _row_spans(r, grid[r]), n == 0, table.source)
           for n, r in enumerate(sorted(grid))]
    return out, findings


def _clamped(span: int) -> int:
    """`min(max(span, 1), _MAX_SPAN)`, written out (no calls: most cells pass here)."""
    if span < 1:
        return 1
    return _MAX_SPAN if span > _MAX_SPAN else span


def _apart(cells: Sequence[Cell], sizes: Sequence[tuple[int, int]]
           ) -> dict[int, list[Span]] | None:
    """Each grid row's spans, left to right, when no two cells overlap (every table but a
    malformed one), else None: a cell is one span on each row it covers, made without
    visiting its grid positions one by one."""
    rows: dict[int, list[Span]] = {}
    tall = False
    line: list[Span] = []
    at = -1
    for cell, (height, width) in zip(cells, sizes, strict=True):
        text, first, top = cell_text(cell.text), cell.col, cell.row
        if height == 1:  # most cells: one span, fresh
            if top != at:
                line = rows.get(top) or rows.setdefault(top, [])
                at = top
            line.append(Span(cell, first, first + width - 1, text, True))
            continue
        tall = True
        for r in range(top, top + height):
            spans = rows.get(r)
            if spans is None:
                spans = rows[r] = []
            spans.append(Span(cell, first, first + width - 1, text, r == top))
    for spans in rows.values():
        if len(spans) > 1:
            if tall:  # cells come by (row, col): a row's spans are in order unless one is tall
                spans.sort(key=_FIRST)
            left = spans[0]
            for right in itertools.islice(spans, 1, None):
                if right.first <= left.last:
                    return None
                left = right
    return rows


_FIRST = attrgetter("first")


def _row_spans(r: int, line: dict[int, Cell]) -> tuple[Span, ...]:
    """Grid row `r`'s spans: each run of adjacent columns one cell covers is one span."""
    spans: list[Span] = []
    last: Span | None = None
    for c in sorted(line):
        cell = line[c]
        if last is not None and last.cell is cell and last.last == c - 1:
            last.last = c
            continue
        last = Span(cell, c, c, cell_text(cell.text), cell.row == r)
        spans.append(last)
    return tuple(spans)


def _source(table: Table | None, cell: Cell | None, filename: str | None = None) -> SourceRef:
    """The place of a cell: its own page when it has one (a PDF table runs over pages), else its
    table's."""
    src = table.source if table is not None else None
    page = cell.page if cell is not None and cell.page is not None else \
        src.page if src else None
    return SourceRef(file=filename or (src.file if src else None), page=page,
                     cell=cell.ref if cell is not None else None)


# ---------------------------------------------------------------- captions (vocabulary.py)

_INLINE_HEADER = LazyPattern(
    f"({caption_pattern(*HEADER_KINDS)})(?:[(（]盖章[)）])?\\s*[:：]")
_GRADE_AT = LazyPattern(f"^({caption_pattern(K.GRADE)})(?::|$)(.*)$")
_CHECKED = "☑✓√✔■▇●☒R"
_BOXES = "□☐○"
_IND_KEYS: dict[CaptionKind, str] = {
    K.LEVEL1: "level1", K.LEVEL2: "level2", K.LEVEL3: "name", K.WEIGHT: "weight",
    K.SCORE: "score", K.NOTE: "note", K.REMARK: "note", K.OPERATOR: "op", K.UNIT: "unit",
    K.ACTUAL: "actual", K.GOALS_ACTUAL: "actual", K.TARGET: "target", K.VALUE: "target"}
_IND_VALUE_KEYS = ("target", "actual", "weight", "score")
_GOAL_KEYS: dict[CaptionKind, str] = {
    K.GOALS_EXPECTED: "expected", K.GOALS_ACTUAL: "actual", K.GOALS_BLOCK: "block"}
#: Captions that name a part or a field of the form: a cell holding one is not a value.
_LABELS = frozenset({*HEADER_KINDS, *_GOAL_KEYS, K.TOTAL, K.SELF_SCORE, K.GRADE,
                     K.FUNDS_BLOCK, K.INDICATOR_BLOCK, K.IGNORED_FIELD, K.IGNORED_COLUMN,
                     K.END, K.REMARK})
_TOTALS = (K.TOTAL, K.SELF_SCORE)


def _span_text(span: Span) -> str:
    return span.text


def _ind_column(text: str) -> str | None:
    kind = classify(text) if text else None
    return _IND_KEYS.get(kind) if kind is not None else None


def _sub_column(text: str) -> str | None:
    """The column a caption of a header's second row heads (`vocabulary.SUB_CAPTIONS`)."""
    kind = sub_caption(text) if text else None
    return _IND_KEYS.get(kind) if kind is not None else None


def _header_field(text: str) -> str | None:
    kind = classify(text)
    return str(kind) if kind in HEADER_KINDS else None


def _is_title(text: str) -> bool:
    return is_title(text)


def _goal_caption(text: str) -> str | None:
    kind = classify(text)
    return _GOAL_KEYS.get(kind) if kind is not None else None


def _is_funds_block(text: str) -> bool:
    return classify(text) is K.FUNDS_BLOCK


def _is_end(text: str) -> bool:
    """An end mark (其他需要说明事项, 项目负责人, 备注 …), alone or before a colon."""
    return leading_caption(text) in (K.END, K.REMARK)


def _is_total(text: str, *, strict: bool = False) -> bool:
    """总分 / 合计 …; `strict`: not a caption a funds row also prints (合计, 总计)."""
    return classify(text) in _TOTALS and not (strict and funds_source(text))


def _is_label(text: str) -> bool:
    """A printed label of the form (header, goals, total, grade, block captions), matched
    exactly: a cell that holds one is not a value."""
    return bool(text) and classify(text) in _LABELS


def _is_caption(text: str) -> bool:
    """Any caption the form prints, column captions included (short cells only)."""
    if not text:
        return False
    return _is_label(text) or bool(
        _ind_column(text) or (_column_key(text) and not funds_source(text)))


@lru_cache(maxsize=65536)
def _column_key(text: str) -> str | None:
    """`column_key`, memoised: the funds header test asks it of every cell of a row."""
    return column_key(text)


@lru_cache(maxsize=65536)
def _names_something(text: str) -> bool:
    """Whether a caption test of the mapper can take the text: a caption of any kind, or a word
    one reads (单位). Worked out once per text: a batch repeats its captions and values."""
    key = compact(text)
    return bool(
        _ind_column(text) or _sub_column(text) or _column_key(text) or funds_source(text)
        or _goal_caption(text) or _header_field(text) or _is_end(text)
        or classify(text) in _TOTALS or _GRADE_AT.match(_grade_key(text))
        or _INLINE_HEADER.match(key) or "单位" in key)


#: What a text may open (bits of `_caption_kinds`): each caption-row test of `_Builder`
#: takes a row only when one of its texts passes that test's own first check.
_OPENS_INDICATORS, _OPENS_FUNDS, _OPENS_TOTAL, _OPENS_GRADE, _OPENS_HEADER, _OPENS_GOALS = \
    1, 2, 4, 8, 16, 32


@lru_cache(maxsize=65536)
def _caption_kinds(text: str) -> int:
    """The caption-row tests a text can pass on its own, as `_OPENS_*` bits: an indicator
    column caption (either header row), a funds column, 总分/合计, 评分等级, a header field (or
    its inline form, or a money unit the header test reads), a goals caption."""
    key = compact(text)
    kinds = 0
    if _ind_column(text) or _sub_column(text):
        kinds |= _OPENS_INDICATORS
    if _column_key(text):
        kinds |= _OPENS_FUNDS
    if classify(text) in _TOTALS:
        kinds |= _OPENS_TOTAL
    if _GRADE_AT.match(_grade_key(text)):
        kinds |= _OPENS_GRADE
    if _header_field(text) or _INLINE_HEADER.match(key) or "单位" in key:
        kinds |= _OPENS_HEADER
    if _goal_caption(text):
        kinds |= _OPENS_GOALS
    return kinds


# ---------------------------------------------------------------- stage 2: segment


_PREAMBLE = re.compile(rf"^(附件|附表|报表编号|表\d|{'|'.join(PREAMBLE_FIELDS)})")


def _is_preamble(row: GridRow) -> bool:
    """A row that introduces a form: its title, year, unit or attachment number."""
    texts = row.texts
    if not texts:
        return True
    for span in texts:
        key = caption_key(span.text)
        if len(key) > 80:
            return False
        if not (_is_title(span.text) or YEAR.search(key) or MONEY_UNIT.search(key)
                or _PREAMBLE.match(key)):
            return False
    return True


def _project_name(row: GridRow) -> str | None:
    """The 项目名称 a row prints (`""` for an empty value), or None when it has no caption."""
    if row.plain:
        return None
    texts = row.texts
    for i, span in enumerate(texts):
        if not span.fresh:
            continue
        if _header_field(span.text) == "project_name":
            value = texts[i + 1].text if i + 1 < len(texts) else ""
            return "" if _is_label(value) else compact(value)
        m = _INLINE_HEADER.match(compact(span.text))
        if m and _header_field(m.group(1)) == "project_name":
            return next((compact(v or "") for k, _, v in inline_fields(span.text)
                         if k == "project_name"), "")
    return None


def _has_project_caption(row: GridRow) -> bool:
    return _project_name(row) is not None


def _is_title_row(row: GridRow) -> bool:
    texts = row.texts
    return 0 < len(texts) <= 3 and any(_is_title(s.text) and s.fresh for s in texts)


def segment_rows(rows: Sequence[GridRow]) -> list[list[GridRow]]:
    """Cut the rows into forms at each 项目名称 row (with the title rows just before it), or
    at each title row when no 项目名称 is printed."""
    starts: list[int] = []
    previous: str | None = None
    for i, row in enumerate(rows):
        name = _project_name(row)
        if name is None:
            continue
        # a page header repeating the same 项目名称 without a title does not start a form
        if starts and name and name == previous and not any(
                _is_title_row(r) for r in rows[starts[-1] + 1:i]):
            continue
        starts.append(i)
        previous = name
    if starts:
        for n, i in enumerate(starts):
            floor = starts[n - 1] + 1 if n else 0
            j = i
            while j - 1 >= floor and _is_preamble(rows[j - 1]):
                j -= 1
            starts[n] = j
        starts[0] = 0
    else:
        titles = [i for i, row in enumerate(rows) if _is_title_row(row)]
        starts = [0]
        for i in titles:
            if i > starts[-1] and not all(_is_preamble(r) for r in rows[starts[-1]:i]):
                starts.append(i)
    bounds = [*starts, len(rows)]
    return [list(rows[a:b]) for a, b in itertools.pairwise(bounds) if rows[a:b]]


# ---------------------------------------------------------------- stage 3: map


@dataclass(slots=True)
class _Value:
    text: str | None = None
    span: Span | None = None
    row: GridRow | None = None


@dataclass(slots=True)
class _IndRow:
    level1: str | None
    level2: str | None
    name: str | None
    target: str | None
    actual: str | None
    weight: str | None
    score: str | None
    note: str | None
    refs: dict[str, tuple[GridRow, Span]] = field(default_factory=dict)
    level1_raw: str = ""
    level2_raw: str = ""


@dataclass(slots=True)
class _Builder:
    """Mutable state while one segment is mapped; `build` freezes it into a ReadResult."""

    tables: Sequence[Table]
    filename: str | None
    section: Section = Section.HEADER
    kind: str = "project"
    year: _Value = field(default_factory=_Value)
    header: dict[str, _Value] = field(default_factory=dict)
    header_cols: dict[str, tuple[int, int]] = field(default_factory=dict)
    funds_cols: dict[int, str] = field(default_factory=dict)
    funds_header_rows: list[GridRow] = field(default_factory=list)
    funds_rows: list[RowRead[SourceRef]] = field(default_factory=list)
    funds_unit: _Value = field(default_factory=_Value)
    funds_item: RowRead[SourceRef] | None = None
    #: the column of each group caption of the funds header, by position (`parts.funds`)
    funds_groups: list[str | None] = field(default_factory=list)
    goal_cols: dict[str, tuple[int, int]] = field(default_factory=dict)
    goals: dict[str, _Value] = field(default_factory=dict)
    ind_cols: dict[int, str] = field(default_factory=dict)
    ind_captioned: set[int] = field(default_factory=set)
    ind_width: int = 0
    ind_seen: bool = False
    ind_header_table: int = -1
    data_table: int = -1
    level1: str | None = None
    level2: str | None = None
    raw1: str = ""
    raw2: str = ""
    cell1: Cell | None = None
    cell2: Cell | None = None
    last_header_row: GridRow | None = None
    after_header: bool = False
    indicators: list[_IndRow] = field(default_factory=list)
    total: dict[str, _Value] = field(default_factory=dict)
    total_seen: bool = False
    grade: _Value = field(default_factory=_Value)
    findings: list[Finding] = field(default_factory=list)
    reported: set[object] = field(default_factory=set)
    #: each span's place (a span lies on one row of one table, so it names one cell there)
    places: dict[Span | None, SourceRef] = field(default_factory=dict)
    #: header fields filled by a two-role caption, which their own caption overrides
    seconded: set[str] = field(default_factory=set)
    #: each table's file and page, for the places of its cells (`_place`)
    table_places: dict[int, tuple[str | None, int | None]] = field(default_factory=dict)

    # ---- helpers

    def src(self, row: GridRow | None, span: Span | None) -> SourceRef:
        place = self.places.get(span) if span is not None else None
        if place is None:  # a cell is named many times (its field, findings): made once
            if span is not None and row is not None:
                return self._place(row, span)
            table = self.tables[row.table] if row is not None else None
            place = _source(table, span.cell if span is not None else None, self.filename)
        return place

    def _place(self, row: GridRow, span: Span) -> SourceRef:
        """`_source` of a span's cell on its row's table, kept for the span."""
        cell = span.cell
        where = self.table_places.get(row.table)
        if where is None:
            src = self.tables[row.table].source
            where = self.table_places[row.table] = (
                self.filename or (src.file if src is not None else None),
                src.page if src is not None else None)
        page = cell.page
        place = self.places[span] = SourceRef(where[0], None, where[1] if page is None else page,
                                              cell.ref)
        return place

    def note(self, code: str, detail: str = "", *, path: str | None = None,
             row: GridRow | None = None, span: Span | None = None,
             severity: Severity = Severity.WARNING) -> None:
        self.findings.append(_finding(code, detail, path=path, source=self.src(row, span),
                                      severity=severity))

    # ---- dispatch

    def feed(self, row: GridRow) -> None:
        """Map one row: a caption row opens its part, a data row fills the open part."""
        texts = row.texts
        if not texts:
            return
        if not row.plain and self._opens_part(row):
            return
        if self.section is Section.HEADER and self.header_cols:
            self._header_values(row)
        elif self.section is Section.FUNDS:
            self._funds_row(row)
        elif self.section is Section.GOALS:
            self._goal_values(row)
        elif self.section is Section.INDICATORS:
            self._indicator_row(row)

    def _opens_part(self, row: GridRow) -> bool:
        """Whether the row is a caption row (of a part, a field, the total or the grade, or an
        end mark) and was taken as one."""
        kinds = row.kinds  # a test none of the row's texts can pass is not asked
        if ((kinds & _OPENS_INDICATORS and self._indicator_header(row))
                or (kinds & _OPENS_FUNDS and self._funds_header(row))
                or (kinds & _OPENS_TOTAL and self._total_row(row))
                or (kinds & _OPENS_GRADE and self._grade_row(row))
                or (kinds & _OPENS_HEADER and self._header_row(row))
                or (kinds & _OPENS_GOALS and self._goal_caption_row(row))):
            return True
        first = next((s for s in row.texts if s.fresh), None)
        if first is not None and _is_end(first.text):
            self._conclusion_grade(row, first)
            self.section = Section.TAIL
            return True
        return False

    def _conclusion_grade(self, row: GridRow, caption: Span) -> None:
        """A conclusion printing the grade alone (`自评结论 | 优`) is the grade."""
        if caption_key(caption.text) not in CONCLUSION_CAPTIONS:
            return
        rest = [s for s in row.texts if s.text and s.first > caption.first]
        if rest and GRADE_VALUE.match(compact(rest[0].text)):
            self._set_grade(rest[0].text, row, rest[0])

    # ---- title, year, header fields

    def _header_row(self, row: GridRow) -> bool:
        spans = list(row.spans)
        found = False
        for i, span in enumerate(spans):
            if not span.fresh or not span.text:
                continue
            name = _header_field(span.text)
            if name is not None:
                found = True
                value = next((s for s in spans[i + 1:] if s.text), None)
                if value is not None and not _is_label(value.text):
                    self._set_header(name, value.text, row, value)
                    self._second_role(span.text, value.text, row, value)
                else:
                    if name not in self.header:
                        self.header[name] = _Value(None, span, row)
                    self.header_cols[name] = (span.first, span.last)  # value may be below
                continue
            if self.funds_unit.text is None:  # 金额单位 | 万元 among the header's fields
                nxt = next((s for s in spans[i + 1:] if s.text), None)
                unit = printed_unit(span.text, nxt.text if nxt is not None else None)
                if unit is not None:
                    self.funds_unit = _Value(unit, span, row)
            if _INLINE_HEADER.match(compact(span.text)):
                for item in inline_fields(span.text):
                    found = True
                    self._set_header(item.key, item.value, row, span)
                    if item.value is not None:
                        self._second_role(item.caption, item.value, row, span)
        if found and self.section in (Section.HEADER, Section.TAIL):
            self.section = Section.HEADER
        return found

    def _header_values(self, row: GridRow) -> None:
        """Values printed under their captions (`项目名称 | 主管部门` above `甲 | 乙`)."""
        for name, (first, last) in self.header_cols.items():
            spans = [s for s in row.texts if first <= s.first <= last and s.fresh
                     and not _is_label(s.text)]
            if spans:
                self._set_header(name, join_lines(s.text for s in spans), row, spans[0])
        self.header_cols = {}

    def _set_header(self, name: str, text: str | None, row: GridRow, span: Span) -> None:
        current = self.header.get(name)
        if current is None or current.text is None or name in self.seconded:
            self.header[name] = _Value(text or None, span, row)
            self.seconded.discard(name)

    def _second_role(self, caption: str, text: str, row: GridRow, span: Span) -> None:
        """A caption naming two roles (`实施(主管)单位`) fills the second field as well, until
        that field's own caption prints it."""
        also = second_role(caption)
        current = self.header.get(str(also)) if also is not None else None
        if also is not None and (current is None or current.text is None):
            self.header[str(also)] = _Value(text, span, row)
            self.seconded.add(str(also))

    # ---- funds

    def _funds_header(self, row: GridRow) -> bool:
        cols: dict[int, str] = {}
        keys: list[str] = []
        for span in row.texts:
            if _ind_column(span.text) in ("name", "level1", "level2"):
                return False
            if funds_source(span.text) or _goal_caption(span.text):
                return False
            key = _column_key(span.text)
            if key is None:
                continue
            keys.append(key)
            for c in range(span.first, span.last + 1):
                cols[c] = key
        if not keys:  # neither a header nor its continuation (asked first: the cheaper test)
            return False
        fresh = [s for s in row.texts if s.fresh]
        if interleaved(fresh, _span_text, ()) is not None:
            return False  # a row printing each value after its column's caption
        budget = {"initial", "annual", "executed", "rate"} & set(keys)
        continuing = self.section is Section.FUNDS and self.funds_header_rows \
            and self.funds_header_rows[-1] is self.last_header_row and keys \
            and all(not s.fresh or _column_key(s.text) or _is_caption(s.text)
                    for s in row.texts)
        if not continuing and (len(keys) < 2 or not budget):
            return False
        if continuing:
            self.funds_cols.update(cols)
        else:
            self.funds_cols = cols
            lead = 1 if fresh and _is_funds_block(fresh[0].text) else 0
            self.funds_groups = [_column_key(s.text) for s in fresh[lead:]]
        self.funds_header_rows.append(row)
        self.last_header_row = row
        self.section = Section.FUNDS
        for span in row.texts:
            self._funds_unit_from(row, span)
        return True

    def _funds_unit_from(self, row: GridRow, span: Span) -> None:
        if self.funds_unit.text is not None:
            return
        m = MONEY_UNIT.search(caption_key(span.text))
        if m:
            self.funds_unit = _Value(m.group(1) or m.group(2), span, row)

    def _funds_row(self, row: GridRow) -> None:
        self.last_header_row = None
        if not self.funds_cols:
            return
        grouped = interleaved([s for s in row.texts if s.fresh], _span_text, self.funds_groups)
        if grouped is not None:
            self._grouped_funds_row(row, *grouped)
            return
        first_value = min(self.funds_cols)
        labels = [s for s in row.texts if s.first < first_value
                  and (s.fresh or funds_source(s.text))
                  and not (_is_funds_block(s.text) and not funds_source(s.text))]
        for s in row.texts:
            if s.first < first_value:
                self._funds_unit_from(row, s)
        values: dict[str, tuple[str, Span]] = {}
        for span in row.spans:
            key = self.funds_cols.get(span.first)
            if key is None or not span.text or key in values:
                continue
            values[key] = (span.text, span)
        label = next((s for s in reversed(labels) if funds_source(s.text)), None)
        source = funds_source(label.text) if label is not None else None
        amounts = {"initial", "annual", "executed"} & set(values)
        if source == "total" and self.funds_item is None:
            # the execution-rate item (分值/执行率/得分) is printed on the 年度资金总额 row
            self.funds_item = RowRead("total", None, None, {
                k: (v[0], self.src(row, v[1])) for k, v in values.items()})
        if not amounts and (source == "total" or "rate" not in values):
            return  # nothing of a funds row is printed (at most the execution-rate item)
        caption: str | None = None
        if label is None:
            label = labels[-1] if labels else None
            caption = label.text if label is not None else None
            self.note("JX013", f"「{caption or '（无名称）'}」", path="funds.rows", row=row,
                      span=label)
        # the caption is kept only when it is not a standard one (form-json.md: label optional)
        read = RowRead(source or "other", None if source else caption, self.src(row, label),
                       {k: (v[0], self.src(row, v[1])) for k, v in values.items()})
        if label is not None:
            read.values["label"] = (label.text, self.src(row, label))
        self.funds_rows.append(read)

    def _grouped_funds_row(self, row: GridRow, caption: Span | None,
                           pairs: list[tuple[str | None, Span]]) -> None:
        """A row whose groups each print a caption before the value (`parts.funds`): the
        total row names the groups' columns for the rows below it."""
        values: dict[str, tuple[str, SourceRef | None]] = {
            k: (v.text, self.src(row, v)) for k, v in pairs if k is not None}
        source: str | None
        if caption is None:
            named = [k for k, _ in pairs]
            self.funds_groups = named + self.funds_groups[len(named):]
            source, label = "total", None
        else:
            source = funds_source(caption.text)
            label = None if source else caption.text
            if label is not None:
                self.note("JX013", f"「{label}」", path="funds.rows", row=row, span=caption)
        place = self.src(row, caption if caption is not None else pairs[0][1])
        self.funds_rows.append(RowRead(source or "other", label, place, values))

    # ---- goals

    def _goal_caption_row(self, row: GridRow) -> bool:
        spans = list(row.spans)
        kinds = [(_goal_caption(s.text) if s.fresh and s.text else None) for s in spans]
        if not any(kinds):
            return False
        if self.section is Section.INDICATORS \
                and not any(k in ("expected", "actual") for k in kinds):
            return False
        self.section = Section.GOALS
        self.last_header_row = None
        block_only = all(k in (None, "block") for k in kinds)
        for i, (span, kind) in enumerate(zip(spans, kinds, strict=True)):
            if kind is None:
                continue
            nxt = next((s for s in spans[i + 1:] if s.text), None)
            inline = nxt is not None and not _is_label(nxt.text)
            if kind == "block":
                if block_only and inline and "expected" not in self.goals:
                    rest = [s for s in spans[i + 1:] if s.text]
                    self.goals["expected"] = _Value(join_lines(s.text for s in rest), rest[0], row)
                continue
            if inline and nxt is not None and kinds[spans.index(nxt)] is None:
                if kind not in self.goals or self.goals[kind].text is None:
                    self.goals[kind] = _Value(nxt.text, nxt, row)
            else:
                self.goal_cols[kind] = (span.first, span.last)
        return True

    def _goal_values(self, row: GridRow) -> None:
        for kind, (first, last) in self.goal_cols.items():
            spans = [s for s in row.texts if first <= s.first <= last and s.fresh
                     and not _is_label(s.text)]
            if not spans:
                continue
            text = join_lines(s.text for s in spans)
            current = self.goals.get(kind)
            if current is None or current.text is None:
                self.goals[kind] = _Value(text, spans[0], row)
            elif current.row is not None and row.table != current.row.table and row.table_start:
                # the text goes on at the top of the next page's table
                self.goals[kind] = _Value(join_lines([current.text, text]), current.span,
                                          current.row)

    # ---- indicators

    def _indicator_header(self, row: GridRow) -> bool:
        cols: dict[int, str] = {}
        found: dict[str, list[Span]] = {}
        # a second header row may print short captions under its groups (值)
        column = _sub_column if self.section is Section.INDICATORS and self.after_header \
            else _ind_column
        for span in row.texts:
            if len(bare_key(span.text)) > CAPTION_MAX:
                continue
            key = column(span.text)
            if key is None:
                continue
            found.setdefault(key, []).append(span)
            for c in range(span.first, span.last + 1):
                cols[c] = key
        has_name = "name" in found or {"level1", "level2"} <= set(found)
        values = set(_IND_VALUE_KEYS) & set(found)
        continuing = self.section is Section.INDICATORS and self.after_header and found \
            and all(column(s.text) or _is_caption(s.text) or not s.fresh
                    for s in row.texts)
        if not continuing and not (has_name and values):
            return False
        captioned = {c for s in row.texts for c in range(s.first, s.last + 1)}
        if continuing:
            self.ind_cols.update(cols)
            self._restated(row)
            self.ind_captioned |= captioned
        else:
            self.ind_cols = cols
            self.ind_captioned = captioned
            self._check_duplicates(row, found)
        self.ind_width = max((s.last for s in row.spans), default=0) + 1
        self.ind_header_table = row.table
        self.section = Section.INDICATORS
        self.ind_seen = True
        self.after_header = True
        self.last_header_row = None
        return True

    def _restated(self, row: GridRow) -> None:
        """A header's second row printing a kind again under a group caption (权重占比 under
        自评得分) names the column the form fills: the first row's column of that kind, outside
        the group, holds something else (an indicator's definition) and is not read
        (`parts.indicator_header`)."""
        fresh = {c for s in row.texts if s.fresh for c in range(s.first, s.last + 1)}
        restated = {self.ind_cols[c] for c in fresh if c in self.ind_cols}
        for c, key in list(self.ind_cols.items()):
            if key in restated and c not in fresh:
                del self.ind_cols[c]

    def _check_duplicates(self, row: GridRow, found: dict[str, list[Span]]) -> None:
        for key, spans in found.items():
            if len(spans) < 2 or key in ("note",):
                continue
            keep = spans[0]
            if key == "target":
                keep = next((s for s in spans if "调整" in s.text), spans[0])
            for span in spans:
                if span is keep:
                    continue
                for c in range(span.first, span.last + 1):
                    self.ind_cols.pop(c, None)
            if ("JX056", key) in self.reported:
                continue  # a header repeated after a page break
            self.reported.add(("JX056", key))
            self.note("JX056", f"「{'」「'.join(s.text for s in spans)}」，取「{keep.text}」",
                      path="indicators", row=row, span=keep, severity=Severity.INFO)

    def _indicator_row(self, row: GridRow) -> None:
        starts_table = bool(self.indicators) and row.table != self.data_table
        no_header = row.table != self.ind_header_table
        self.data_table = row.table
        self.after_header = False
        parts: dict[str, list[Span]] = {}
        column_of = self.ind_cols.get
        for span in row.spans:
            key = column_of(span.first)
            if key is None:
                if span.text and span.first not in self.ind_captioned and span.fresh \
                        and id(span.cell) not in self.reported and not _is_caption(span.text):
                    self.reported.add(id(span.cell))
                    self.note("JX031", f"「{span.text}」", path="indicators", row=row, span=span)
                continue
            if span.text:
                spans = parts.get(key)
                if spans is None:
                    parts[key] = [span]
                else:
                    spans.append(span)
        if starts_table and no_header and id(self.tables[row.table]) not in self.reported:
            self.reported.add(id(self.tables[row.table]))
            width = max((s.last for s in row.spans), default=0) + 1
            if width != self.ind_width:
                self.note("JX057", f"表头{self.ind_width}列，续表{width}列", path="indicators",
                          row=row, span=row.spans[0] if row.spans else None)

        def first(key: str) -> Span | None:
            spans = parts.get(key)
            return spans[0] if spans else None

        values: dict[str, str | None] = dict.fromkeys(_IND_TEXT_KEYS)
        printed = False
        for key, spans in parts.items():
            if key in values:  # one span (most): its text is joined already (`cell_text`)
                values[key] = text = spans[0].text if len(spans) == 1 else _joined(spans)
                printed = printed or bool(text)
        l1_span, l2_span = first("level1"), first("level2")
        if not printed:
            self._levels(l1_span, l2_span, starts_table)
            return
        new_group = any(s is not None and s.fresh and not _level_fragment(s.text, n)
                        for n, s in ((1, l1_span), (2, l2_span)))
        if starts_table and not new_group and (values["name"] or values["note"]) \
                and not any(values[k] for k in (*_IND_VALUE_KEYS, "op", "unit")):
            self._levels(l1_span, l2_span, starts_table)
            self._merge_continuation(row, values, parts)
            return
        if values["name"] and SUBTOTAL.match(compact(values["name"])):
            self.note("JX059", f"「{values['name']}」", path="indicators", row=row,
                      span=first("name"), severity=Severity.INFO)
            return
        level1, level2 = self._levels(l1_span, l2_span, starts_table)
        target = values["target"]
        if "op" in self.ind_cols.values() or "unit" in self.ind_cols.values():
            target = compose_split_value(values["op"], values["target"], values["unit"])
        name = strip_enumerator(values["name"]) if values["name"] else None
        ind = _IndRow(level1=level1, level2=level2, name=name or None, target=target,
                      actual=values["actual"], weight=values["weight"], score=values["score"],
                      note=values["note"], level1_raw=self.raw1, level2_raw=self.raw2)
        refs = ind.refs
        for key in _REF_KEYS:
            spans = parts.get(key)
            if spans:
                refs[key] = (row, spans[0])
            elif key == "target":
                op_span = first("op") or first("unit")
                if op_span is not None:
                    refs[key] = (row, op_span)
        self.indicators.append(ind)

    def _levels(self, l1: Span | None, l2: Span | None,
                starts_table: bool) -> tuple[str | None, str | None]:
        """一级/二级 of this row: its own cells, carried down when blank, and a merged cell
        split by a page break joined with its continuation."""
        if l1 is not None and l1.cell is not self.cell1:
            self.cell1 = l1.cell
            if not self._join_fragment(1, l1.text, starts_table):
                level = _level_name(l1.text, 1)
                if level != self.level1:
                    self.level2, self.raw2, self.cell2 = None, "", None
                self.level1, self.raw1 = level, l1.text
        if l2 is not None and l2.cell is not self.cell2:
            self.cell2 = l2.cell
            if not self._join_fragment(2, l2.text, starts_table):
                self.level2, self.raw2 = _level_name(l2.text, 2), l2.text
        return self.level1, self.level2

    def _join_fragment(self, level: int, text: str, starts_table: bool) -> bool:
        raw = self.raw1 if level == 1 else self.raw2
        canon = canonical_level1 if level == 1 else canonical_level2
        if not (starts_table and raw and canon(text) is None):
            return False
        joined = canon(raw + text)
        if joined is None:
            return False
        attr = f"level{level}"
        for ind in reversed(self.indicators):
            if getattr(ind, f"{attr}_raw") != raw:
                break
            setattr(ind, attr, joined)
            setattr(ind, f"{attr}_raw", raw + text)
        if level == 1:
            self.raw1, self.level1 = raw + text, joined
        else:
            self.raw2, self.level2 = raw + text, joined
        return True

    def _merge_continuation(self, row: GridRow, values: dict[str, str | None],
                            parts: dict[str, list[Span]]) -> None:
        prev = self.indicators[-1]
        if values["name"]:
            prev.name = join_lines([prev.name or "", values["name"]]) or None
        if values["note"]:
            prev.note = join_lines([prev.note or "", values["note"]]) or None
        span = next((s for k in ("name", "note") for s in parts.get(k, []) if s.text), None)
        self.note("JX053", f"「{prev.name}」", path=f"indicators[{len(self.indicators) - 1}]",
                  row=row, span=span, severity=Severity.INFO)

    # ---- total and grade

    def _total_row(self, row: GridRow) -> bool:
        first = next((s for s in row.texts if s.fresh), None)
        if first is None:
            return False
        if not _is_total(first.text, strict=self.section is Section.FUNDS):
            return False
        if self.total_seen and self.total.get("score") and self.total["score"].text:
            return True
        self.total_seen = True
        self.section = Section.TAIL
        weight = score = None
        if self.ind_cols:
            weight = self._total_cell(row, first, "weight")
            score = self._total_cell(row, first, "score")
        after = [s for s in row.texts if s.first > first.last]
        if weight is None and score is None:
            numbers = [s for s in after if is_number(s.text)]
            weight, score = total_pair(numbers)
            if len(numbers) == 1 and score is not None:
                self.note("JX054", f"「{score.text}」", path="total.score", row=row, span=score,
                          severity=Severity.INFO)
        self.total["weight"] = _Value(weight.text if weight else None, weight, row)
        self.total["score"] = _Value(score.text if score else None, score, row)
        used = {id(s) for s in (weight, score) if s is not None}
        rest = [s for s in after if id(s) not in used]
        self._grade_from(row, rest)
        return True

    def _total_cell(self, row: GridRow, caption: Span, key: str) -> Span | None:
        cols = [c for c, k in self.ind_cols.items() if k == key]
        for span in row.texts:
            if span is not caption and span.first in cols:
                return span
        return None

    def _grade_row(self, row: GridRow) -> bool:
        spans = row.texts
        for i, span in enumerate(spans):
            if span.fresh and _GRADE_AT.match(_grade_key(span.text)):
                self._grade_from(row, spans[i:])
                return True
        return False

    def _grade_from(self, row: GridRow, spans: Sequence[Span]) -> None:
        """评分等级 from a caption and its value cell, `评分等级：优`, or a bare grade word."""
        for i, span in enumerate(spans):
            key = _grade_key(span.text)
            m = _GRADE_AT.match(key)
            if m:
                rest = [s for s in spans[i + 1:] if s.text]
                value = m.group(2) or (rest[0].text if rest else "")
                if not m.group(2) and len(rest) > 1 and not GRADE_VALUE.match(compact(value)):
                    value = "".join(s.text for s in rest)  # 优□ 良☑ 中□ 差□ in four cells
                target = span if m.group(2) or not rest else rest[0]
                self._set_grade(value, row, target)
                return
            if GRADE_VALUE.match(key):
                self._set_grade(span.text, row, span)
                return

    def _set_grade(self, value: str, row: GridRow, span: Span) -> None:
        if self.grade.text is not None:
            return
        text = join_lines([value])
        if not text:
            self.grade = _Value(None, span, row)
            return
        if GRADE_VALUE.match(text):
            self.grade = _Value(text, span, row)
            return
        before = text[:1] in _CHECKED + _BOXES  # marks printed before or after each grade
        mark = f"[{_CHECKED}]\\s*{{g}}" if before else f"{{g}}\\s*[{_CHECKED}]"
        checked = [g for g in GRADES if re.search(mark.format(g=g), text)]
        if len(checked) == 1:
            self.grade = _Value(checked[0], span, row)
            return
        self.note("JX055", f"「{text}」", path="grade", row=row, span=span)

    # ---- assemble

    def has_content(self) -> bool:
        return bool(self.header.get("project_name") and self.header["project_name"].text) \
            or bool(self.funds_rows) or bool(self.indicators) or self.total_seen

    def build(self, rows: Sequence[GridRow]) -> ReadResult:
        sources: dict[str, SourceRef] = {}

        def put(path: str, value: _Value | None) -> str | None:
            if value is None or value.text is None:
                return None
            sources[path] = self.src(value.row, value.span)
            return value.text

        self._title_year_kind(rows)
        self._year_field()
        put("year", self.year)
        project = put("project_name", self.header.get("project_name"))
        department = put("department", self.header.get("department"))
        unit = put("implementing_unit", self.header.get("implementing_unit"))
        unit_place = self.src(self.funds_unit.row, self.funds_unit.span) \
            if self.funds_unit.text is not None else None
        funds, places = funds_part(self.funds_rows, unit=(self.funds_unit.text, unit_place),
                                   block_points=self._funds_points(), item=self.funds_item)
        sources.update(places)
        goals = Goals(expected=put("goals.expected", self.goals.get("expected")),
                      actual=put("goals.actual", self.goals.get("actual")))
        indicators: list[Indicator] = []
        cached = self.places
        for i, ind in enumerate(self.indicators):
            indicators.append(Indicator(
                level1=ind.level1, level2=ind.level2, name=ind.name, target=ind.target,
                actual=ind.actual, weight=ind.weight, score=ind.score, note=ind.note))
            refs = ind.refs
            first = refs.get("name") or next(iter(refs.values()), None)
            if first is not None:
                sources[f"indicators[{i}]"] = self.src(*first)
            for key, (grid_row, span) in refs.items():
                sources[f"indicators[{i}].{key}"] = cached.get(span) or self._place(grid_row, span)
        total = Total(weight=put("total.weight", self.total.get("weight")),
                      score=put("total.score", self.total.get("score")))
        grade = put("grade", self.grade)
        self._form_findings(rows, project, indicators)
        form = Form(project_name=project or "", kind=self.kind,
                    year=int(self.year.text) if self.year.text else None,
                    department=department, implementing_unit=unit, funds=funds, goals=goals,
                    indicators=tuple(indicators), total=total, grade=grade)
        findings = tuple(replace(f, form=f.form or project or None) for f in self.findings)
        return ReadResult(form=form, findings=findings, sources=sources)

    def _funds_points(self) -> tuple[str, SourceRef] | None:
        """分值 printed in the funds block caption (`预算执行情况(万元)(20分)`) when the block
        has no 分值 column."""
        for row in self.funds_header_rows:
            first_value = min(self.funds_cols) if self.funds_cols else 0
            for span in row.texts:
                if span.first >= first_value and _column_key(span.text):
                    continue
                points = score_in(span.text)
                if points and _is_funds_block(span.text):
                    return points, self.src(row, span)
        return None

    def _year_field(self) -> None:
        """项目年度 / 评价年度 printed as a header field, when the title names no year."""
        printed = self.header.get("year")
        if self.year.text is None and printed is not None and printed.text:
            m = YEAR_DIGITS.search(compact(printed.text))
            if m:
                self.year = _Value(m.group(0), printed.span, printed.row)

    def _title_year_kind(self, rows: Sequence[GridRow]) -> None:
        header_at = next((i for i, r in enumerate(rows) if _has_project_caption(r)), None)
        before = list(rows[:header_at]) if header_at is not None else []
        candidates = [*reversed(before), *(r for r in rows if _is_title_row(r))]
        for row in candidates:
            for span in row.texts:
                key = caption_key(span.text)
                if "部门整体" in key and _is_title(span.text):
                    self.kind = "department"
                m = YEAR.search(key) or (YEAR_LOOSE.search(key) if _is_title(span.text)
                                          else None) or YEAR_FIELD.fullmatch(key)
                if m and self.year.text is None and len(key) <= 80:
                    self.year = _Value(m.group(1), span, row)
        for row in before:
            for span in row.texts:
                if self.funds_unit.text is None:
                    m = MONEY_UNIT.search(caption_key(span.text))
                    if m and ("单位" in span.text):
                        self.funds_unit = _Value(m.group(1) or m.group(2), span, row)

    def _form_findings(self, rows: Sequence[GridRow], project: str | None,
                       indicators: list[Indicator]) -> None:
        where = rows[0] if rows else None
        first_span = where.spans[0] if where is not None and where.spans else None
        place = self.src(where, first_span)
        self.findings += form_findings(Found(
            project_name=bool(project), department_form=self.kind != "project",
            funds=bool(self.funds_rows), indicators=self.ind_seen, total=self.total_seen,
            start=place, elsewhere=place))
        if self.ind_seen and not indicators:
            self.note("JX058", path="indicators", row=where, span=first_span)
        for i, ind in enumerate(indicators):
            grid_row, span = self.indicators[i].refs.get(
                "name", next(iter(self.indicators[i].refs.values()), (None, None)))
            if ind.name is None:
                self.note("JX052", f"第{i + 1}个指标", path=f"indicators[{i}].name",
                          row=grid_row, span=span)
            if ind.level2 is None and "level2" in self.ind_cols.values():
                self.note("JX032", f"「{ind.name or ''}」", path=f"indicators[{i}].level2",
                          row=grid_row, span=span)


_IND_TEXT_KEYS = ("name", "target", "actual", "weight", "score", "note", "op", "unit")
_REF_KEYS = ("name", "target", "actual", "weight", "score", "note", "level1", "level2")


def _joined(spans: list[Span] | None) -> str | None:
    """The text of a column's spans on one row (lines joined), None when none prints any."""
    return (join_lines([s.text for s in spans]) or None) if spans else None


def _grade_key(text: str) -> str:
    return caption_key(text).strip("()[]【】")


def _text_of(value: tuple[str, Span] | None) -> str | None:
    return value[0] if value else None


def _level_name(text: str, level: int) -> str | None:
    if not text:
        return None
    canon = canonical_level1(text) if level == 1 else canonical_level2(text)
    return canon or join_lines([text])


def _level_fragment(text: str, level: int) -> bool:
    """A piece of a 一级/二级 caption left by a page break (`指标` after `产出`)."""
    key = compact(text)
    canon = canonical_level1 if level == 1 else canonical_level2
    return canon(key) is None and len(key) <= 4


# ---------------------------------------------------------------- entry point


def read_document_tables(blocks: Iterable[str | Any],
                         cells_of: Callable[[Any, int], Iterable[Cell]], *, name: str,
                         filename: str | None, max_tables: int, kind: str) -> list[ReadResult]:
    """The forms of a word-processing document (Word, OpenDocument text), read as a stream of
    blocks: a paragraph's text (str) or a table element, which `cells_of(table, number)` turns
    into cells. The form-like paragraphs just before a table (a title with its year) go before
    it as one-cell tables, so the mapper sees them as a printed form shows them.

    Raises:
        UnreadableInput: more tables than `max_tables`, or no table at all (`kind` names the
            document in the message, e.g. Word 文档).
    """
    tables: list[Table] = []
    pending: list[str] = []
    count = 0
    for block in blocks:
        if isinstance(block, str):
            text = block.strip()
            if text:
                pending = [*pending, text] if is_form_text(text) else []
            continue
        count += 1
        if count > max_tables:
            raise UnreadableInput(f"{name}: 表格过多（超过 {max_tables} 个），不予读取")
        tables.extend(Table((Cell(text, 0, 0, ref=f"表{count}前的段落"),),
                            source=SourceRef(file=filename), name="paragraph")
                      for text in pending)
        pending = []
        tables.append(Table(tuple(cells_of(block, count)), source=SourceRef(file=filename),
                            name=f"表{count}"))
    if count == 0:
        raise UnreadableInput(f"{name}: {kind}中没有表格，未找到绩效自评表")
    return read_tables(tables, filename=filename)


def read_tables(tables: Sequence[Table], *, filename: str | None = None) -> list[ReadResult]:
    """Every form held by `tables` (in source order), with import findings and provenance.

    Args:
        tables: the tables of one source in reading order; text outside tables that belongs
            to a form (its title, `（2024年度）`) may be given as one-cell tables.
        filename: the source's name for provenance; defaults to each table's `source.file`.

    Returns:
        One ReadResult per form found; [] when nothing in the tables looks like a form.
    """
    rows: list[GridRow] = []
    expand_findings: list[tuple[int, Finding]] = []
    for index, table in enumerate(tables):
        table_rows, findings = expand_table(table, index)
        if filename is not None:
            findings = [replace(f, source=replace(f.source, file=filename)) if f.source else f
                        for f in findings]
        expand_findings += [(len(rows), f) for f in findings]
        rows += table_rows
    results: list[ReadResult] = []
    offset = 0
    for segment in segment_rows(rows):
        builder = _Builder(tables, filename)
        for row in segment:
            builder.feed(row)
        end = offset + len(segment)
        if builder.has_content():
            result = builder.build(segment)
            extra = tuple(replace(f, form=result.form.project_name or None)
                          for at, f in expand_findings if offset <= at < end)
            results.append(replace(result, findings=extra + result.findings))
        offset = end
    return results


def looks_like_form_part(texts: Iterable[str]) -> bool:
    """Whether a table's texts hold a caption of the form's body (for readers that must pick
    the form's tables among a page's layout tables). A title alone does not make a form part:
    a page's layout table or link list prints titles too."""
    for text in texts:
        if not text:
            continue
        if (_header_field(text) or _goal_caption(text)
                or _ind_column(text) in ("name", "level1", "level2")
                or _column_key(text) in ("initial", "annual", "executed")
                or _is_total(text, strict=True) or canonical_level1(text)
                or _INLINE_HEADER.match(compact(text))):
            return True
    return False


def is_form_text(text: str) -> bool:
    """Whether a line outside any table belongs to the form: its title, `（2024年度）`,
    `单位：万元`, `附件2`, `填报单位：…`, or header fields written as `项目名称：…`.

    Readers keep the run of such lines just before a form table and drop any line before a
    line that is not one (a page's link list or narrative is not the form's title)."""
    key = caption_key(text)
    if not key or len(key) > 80:
        return False
    return bool(_is_title(text) or YEAR.fullmatch(key.strip("()（）")) or MONEY_UNIT.fullmatch(key)
                or re.fullmatch(r"(金额)?单位[:：]?(万元|元)", key) or _PREAMBLE.match(key)
                or _INLINE_HEADER.match(compact(text)))
