"""The cell-stream text reader: web-page tables flattened to text, one cell at a time.

A browser copy or an HTML-to-text tool gives a form's table as a stream of cells: one cell per
line (`项目名称\\n春节走访慰问经费`), cells terminated by `|` (`项目名称 |`), rows padded with runs
of pipes (`项目名称 | 共享工程 | ||||||||`), a cell's text wrapped over several lines, an empty
cell as a lone `|`; also bordered Markdown-like rows, tab-separated rows, and (header only) a
whole form squashed onto one line. The reader works in small pure stages:

1. **tokenise** the text into cells with their line numbers; a run of padding pipes becomes a
   row break, a lone empty cell stays in place (it holds a column);
2. **segment** the cells into forms at the form's own titles (`…自评表`) or a repeated 项目名称;
3. **locate** each part by its captions — header, funds block, goals, indicator table, total —
   and map values to columns by the header captions present, never by position in the file;
4. **map** to the form model, keeping every printed number as printed, with provenance
   (`ReadResult.sources`) and an import finding (`JX0xx`, see `FINDING_CODES`) wherever the
   text is incomplete or had to be interpreted.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache
from typing import Any

from jixiao.core.findings import Finding, Severity, SourceRef
from jixiao.core.lazy_pattern import LazyPattern
from jixiao.core.model import Form, Funds, Goals, Indicator, Total
from jixiao.core.money import parse_printed
from jixiao.core.values import KIND_WORDS, ValueKind, compose_split_value, parse_value
from jixiao.readers import vocabulary
from jixiao.readers.assemble import Found, coded, finish, form_findings
from jixiao.readers.base import ReadResult
from jixiao.readers.codes import IMPORT_CODES
from jixiao.readers.glued_text import FIELD_NAMES
from jixiao.readers.parts import funds as funds_table
from jixiao.readers.parts import goals as goals_part
from jixiao.readers.parts.header import department_subject, inline_fields, title_subject
from jixiao.readers.parts.indicator_header import merge_rows
from jixiao.readers.parts.total import total_pair
from jixiao.readers.segment_funds import lost_integer_part
from jixiao.readers.segment_numbers import BLANKS, DASH_LOOKALIKES
from jixiao.readers.segment_values import unit_word
from jixiao.readers.shapes import is_number, is_value
from jixiao.readers.spare_columns import drop_spare_columns
from jixiao.readers.text_norm import join_lines, strip_enumerator
from jixiao.readers.vocabulary import (
    BRACKETED_MONEY_UNIT,
    CAPTION_MAX,
    CONCLUSION_CAPTIONS,
    FUNDS_COLUMN_KINDS,
    GRADES,
    HEADER_KINDS,
    HEADER_VALUE_MAX,
    INDICATOR_COLUMN_KINDS,
    LEVEL1_NAMES,
    MONEY_UNIT,
    TEMPLATE_VALUE_COLUMNS,
    TITLE_MAX,
    WRAP_TOKENS,
    YEAR,
    YEAR_DIGITS,
    YEAR_FIELD,
    YEAR_LINE_MAX,
    YEAR_LOOSE,
    CaptionKind,
    canonical_level1,
    canonical_level2,
    caption_pattern,
    classify,
    compact,
    funds_source,
    is_level_name,
    score_in,
    second_role,
    strip_score,
)

K = CaptionKind

# ---------------------------------------------------------------- import findings

#: Import findings: the shared catalogue (`readers.codes`).
FINDING_CODES = IMPORT_CODES


def _finding(code: str, detail: str, *, path: str | None = None, line: int | None = None,
             filename: str | None = None, severity: Severity = Severity.WARNING) -> Finding:
    return coded(code, detail, path=path, source=_place(filename, line), severity=severity)


def _place(filename: str | None, line: int | None) -> SourceRef | None:
    return SourceRef(file=filename, line=line) if (filename or line) else None


# ---------------------------------------------------------------- cells


@dataclass(frozen=True)
class Cell:
    """One table cell of the stream: its text (wrapping undone), the line it starts on.

    `brk` marks a row break (a run of padding pipes), which holds no text.
    """

    text: str
    line: int
    brk: bool = False
    squashed: bool = False
    #: from text with one cell per line (no pipes): a cell's wrapped lines are cells too
    plain: bool = False

    @property
    def empty(self) -> bool:
        return not self.text


_RULE_LINE = re.compile(r"^[\s|:+]*-{3,}[\s|:+-]*$")
_LATIN_EDGE = re.compile(r"[A-Za-z0-9]")


def tokenize(text: str, first_line: int = 1) -> list[Cell]:
    """The cells of a text, in reading order, with the line each starts on.

    Three layouts are recognised: pipe-terminated cells (`cell |`, `| a | b |`, padding
    `||||`), bordered rows of a consistent width (Markdown-like tables), and plain text with one
    cell per line (tab-separated cells allowed; a squashed line is split at its captions). A merged
    caption's spare column in tab-ruled or bordered rows holds no place (`spare_columns`).

    Args:
        text: the text as captured.
        first_line: the number of the text's first line in the source file.

    Returns:
        Cells and row breaks; empty cells that hold a column are kept as `Cell("", line)`.
    """
    if "|" not in text and text.count("｜") >= 3:
        text = text.replace("｜", "|")  # full-width pipes from some converters
    lines = text.splitlines()
    if not any("|" in ln for ln in lines):
        lines = drop_spare_columns(lines, _is_column_caption)
        if _tab_ruled(lines):
            lines = [_piped(ln) for ln in lines]
        else:
            return _plain_cells(lines, first_line)
    if _bordered_rows(lines):
        unruled = ["" if _RULE_LINE.match(ln) else ln for ln in lines]  # `|---|` heads no column
        return _bordered_cells(drop_spare_columns(unruled, _is_column_caption, "|"), first_line)
    return _pipe_cells(lines, first_line)


#: Lines ending in a tab, of the lines holding one, from which tabs are cell rules as `|` is
#: (every tab ends a cell, a cell may go on over lines, an empty cell holds its column) rather
#: than a spreadsheet row's separators.
TAB_RULED_SHARE = 0.3


def _tab_ruled(lines: Sequence[str]) -> bool:
    """Whether tabs rule cells the way `|` does: a good share of the tabbed lines end in one
    (a row copied from a spreadsheet ends in its last cell)."""
    tabbed = [ln for ln in lines if "\t" in ln]
    ended = sum(ln.endswith("\t") for ln in tabbed)
    return len(tabbed) >= 3 and ended >= TAB_RULED_SHARE * len(tabbed)


#: Two tabs with nothing between them inside a tab-ruled row: one empty cell holding its
#: column (a 定性 row's empty 度量单位), not the padding `||` of piped text; a longer run of
#: tabs is padding still.
_EMPTY_TAB_CELL = re.compile(r"(?<=[^\t])\t(?=\t[^\t])")


def _piped(line: str) -> str:
    """A tab-ruled line with `|` for its tabs (one ending in a cell ends in a rule too)."""
    if "\t" not in line:
        return line
    line = _EMPTY_TAB_CELL.sub("\t ", line)
    return line.replace("\t", "|") + ("" if line.endswith("\t") else "|")


def _pipe_cells(lines: Sequence[str], first_line: int) -> list[Cell]:
    """Every `|` terminates the pending cell, which may span lines; `||` runs are padding."""
    out: list[Cell] = []
    pending: list[tuple[int, str]] = []
    for offset, raw in enumerate(lines):
        number = first_line + offset
        if "|" not in raw:
            if raw.strip():
                pending.append((number, raw.strip()))
            continue
        if _RULE_LINE.match(raw):
            continue
        pieces = raw.split("|")
        head = pieces[0].strip()
        if head:
            pending.append((number, head))
        terminated: list[list[tuple[int, str]]] = [pending]
        terminated += [[(number, p.strip())] if p.strip() else [] for p in pieces[1:-1]]
        tail = pieces[-1].strip()
        pending = [(number, tail)] if tail else []
        out += _line_cells(terminated, _padding(pieces, starts_clean=not terminated[0]), number)
    if pending:
        out += _finish_cell(pending)
    return out


def _padding(pieces: list[str], *, starts_clean: bool) -> list[bool]:
    """Which terminated pieces of a line are padding: `||` (nothing between two pipes), and a
    blank piece next to it (`5 | ||||`); a blank with spaces (`a |  | b`) is an empty cell."""
    inner = pieces[:-1]
    zero = [k > 0 and p == "" for k, p in enumerate(inner)]
    if starts_clean and len(inner) > 1 and inner[0] == "" and inner[1] == "":
        zero[0] = True
    pad = list(zero)
    for k, p in enumerate(inner):
        if not p.strip() and ((k > 0 and zero[k - 1]) or (k + 1 < len(inner) and zero[k + 1])):
            pad[k] = True
    return pad


def _line_cells(terminated: list[list[tuple[int, str]]], pad: list[bool], number: int
                ) -> list[Cell]:
    """Cells terminated on one line; each run of padding becomes one row break."""
    out: list[Cell] = []
    for k, parts in enumerate(terminated):
        if parts:
            out += _finish_cell(parts)
        elif not pad[k]:
            out.append(Cell("", number))
        elif not (out and out[-1].brk and k > 0 and pad[k - 1]):
            out.append(Cell("", number, brk=True))
    return out


def _finish_cell(parts: list[tuple[int, str]]) -> list[Cell]:
    """Join a cell's wrapped lines, unless they are really several cells.

    Lines without pipes before a caption (`附件1` / the title / `项目名称 |`) are the page's
    preamble and the table's first cell, not one wrapped cell; a wrapped caption
    (`偏差原因分析` / `及改进措施`) or title stays one cell.
    """
    joined = join_lines(p for _, p in parts)
    if len(parts) == 1 or _is_field_caption(joined):
        return [Cell(joined, parts[0][0])]
    last = parts[-1][1]
    titled = any(_is_title(p) for _, p in parts) and not _is_title(joined)
    if _is_field_caption(last) or titled:
        return [Cell(join_lines([p]), n) for n, p in parts]
    return [Cell(joined, parts[0][0])]


def _bordered_rows(lines: Sequence[str]) -> bool:
    """Markdown-like tables: nearly every line `| … |` and most with the same number of pipes."""
    piped = [ln.strip() for ln in lines if "|" in ln and not _RULE_LINE.match(ln)]
    bordered = [ln for ln in piped if len(ln) > 1 and ln.startswith("|") and ln.endswith("|")]
    if len(bordered) < 3 or len(bordered) < 0.8 * len(piped):
        return False
    width, count = Counter(ln.count("|") for ln in bordered).most_common(1)[0]
    return width >= 3 and count >= 0.6 * len(bordered)


def _bordered_cells(lines: Sequence[str], first_line: int) -> list[Cell]:
    out: list[Cell] = []
    for offset, raw in enumerate(lines):
        number = first_line + offset
        line = raw.strip()
        if not line or _RULE_LINE.match(line):
            continue
        if line.startswith("|"):
            line = line[1:]
        if line.endswith("|"):
            line = line[:-1]
        out += [Cell(join_lines([p]), number) for p in line.split("|")]
        out.append(Cell("", number, brk=True))
    return out


def _plain_cells(lines: Sequence[str], first_line: int) -> list[Cell]:
    """One cell per line; tabs separate cells of a row; squashed lines are split at captions;
    empty lines are empty cells when the text prints its empty cells so (`_blank_cells`)."""
    out: list[Cell] = []
    blanks = _blank_cells(lines)
    for offset, raw in enumerate(lines):
        number = first_line + offset
        line = raw.strip()
        if not line:
            if blanks and out and not out[-1].brk:
                out.append(Cell("", number, plain=True))
            continue
        if "\t" in line:
            out += [Cell(join_lines([p]), number) for p in line.split("\t")]
            out.append(Cell("", number, brk=True))
            continue
        if _NUMBER_REST.match(line) and out and out[-1].plain and out[-1].text[-1:].isdigit():
            out[-1] = replace(out[-1], text=out[-1].text + compact(line))
            continue  # `12` / `00人`: a number wrapped onto the next line
        pieces = _split_squashed(line)
        out += [Cell(join_lines([p]), number, squashed=len(pieces) > 1, plain=True)
                for p in pieces]
    return _join_split_captions(out)


#: Empty lines between two values (`350.00` / `` / `100%`) a text must print to print its
#: empty cells as empty lines (an empty 分值 or 得分 cell of a funds row), while most of its
#: lines are not empty (a text printing an empty line between every two cells does not).
_BLANK_CELLS_MIN = 2
_BLANK_SHARE_MAX = 0.3


def _blank_cells(lines: Sequence[str]) -> bool:
    """Whether the text's empty lines are empty cells: several stand between two values, and
    they are few among its lines."""
    texts = [ln.strip() for ln in lines]
    between = sum(1 for k in range(1, len(texts) - 1) if not texts[k]
                  and is_value(texts[k - 1]) and is_value(texts[k + 1]))
    empty = texts.count("")
    return between >= _BLANK_CELLS_MIN and empty <= _BLANK_SHARE_MAX * len(texts)


#: A line that can only be the rest of a number wrapped before it: digits with a leading zero
#: (`00`, `05人`, `00.5%`), which no value prints on its own.
_NUMBER_REST = re.compile(r"^0\d")


_EMBEDDED_RE = LazyPattern(
    f"(?:{caption_pattern(K.PROJECT_NAME, K.DEPARTMENT, K.IMPLEMENTING_UNIT)})"
    r"(?:[(（]盖章[)）])?"
    f"|(?:{caption_pattern(K.SELF_SCORE)})(?:[(（]分[)）])?")


def _split_squashed(line: str) -> list[str]:
    """A whole form squashed onto one line (xlsx/docx/OCR dumps) → pseudo-cells.

    Split at whitespace when several tokens are captions, and inside glued tokens around the
    header captions and after a title's `自评表`. An ordinary one-cell line is returned whole.
    """
    tokens = line.split()
    caption_tokens = sum(1 for t in tokens if _is_caption(t))
    embedded = len(_EMBEDDED_RE.findall(line)) + line.count("自评表")
    if caption_tokens >= 2 or (len(tokens) >= 4 and caption_tokens >= 1):
        pieces = tokens
    elif len(compact(line)) > 40 and embedded >= 2:
        pieces = [line]
    else:
        return [line]
    out: list[str] = []
    for piece in pieces:
        out += _split_glued(piece) if len(piece) > 8 and not _is_caption(piece) else [piece]
    return [p for p in out if p.strip()]


def _split_glued(token: str) -> list[str]:
    token = re.sub(r"(自评表)", r"\1\n", token)
    token = _EMBEDDED_RE.sub(lambda m: f"\n{m.group(0)}\n", token)
    return [p for p in token.split("\n") if p.strip()]


def _join_split_captions(cells: list[Cell]) -> list[Cell]:
    """Plain text: `年度`/`总体`/`目标` on three lines is one caption `年度总体目标`; so are
    pieces that are captions of their own when together they are a caption as printed
    (`年初`/`预算数` → 年初预算数, `项目资金`/`（万元）`, `其中：当年财政`/`拨款`)."""
    out: list[Cell] = []
    i = 0
    while i < len(cells):
        joined = _vertical_caption(cells, i)
        if joined is None and not cells[i].brk and not is_value(cells[i].text):
            for width in range(WRAP_TOKENS, 1, -1):
                group = cells[i:i + width]
                if len(group) == width and not any(
                        c.brk or c.empty or is_value(c.text) for c in group):
                    text = "".join(compact(c.text) for c in group)
                    if len(text) <= CAPTION_MAX and _wrapped_caption(text, group):
                        joined = (Cell(text, cells[i].line, squashed=cells[i].squashed,
                                       plain=cells[i].plain), width)
                        break
        if joined:
            out.append(joined[0])
            i += joined[1]
        else:
            out.append(cells[i])
            i += 1
    return out


def _vertical_caption(cells: list[Cell], i: int) -> tuple[Cell, int] | None:
    """A caption printed down a merged cell, a character a line (`绩`/`效`/`指`/`标`), from
    `i`: the caption and the number of cells it takes; None when the cells spell none."""
    j = i
    while j < len(cells) and cells[j].plain and len(cells[j].text) == 1 \
            and "\u4e00" <= cells[j].text <= "\u9fff":
        j += 1
    if j - i <= WRAP_TOKENS:  # short runs are the pieces the general joining reads
        return None
    text = "".join(c.text for c in cells[i:j])
    return (Cell(text, cells[i].line, plain=True), j - i) if _is_caption(text) else None


def _wrapped_caption(text: str, pieces: Sequence[Cell]) -> bool:
    """Whether pieces on successive lines are one caption wrapped: any caption when none of
    them is one; a caption as printed (a synonym, a funds row) when some are."""
    if not any(_is_caption(c.text) for c in pieces):
        return _is_caption(text)
    if text[:1] in "(（":  # `(2021年度)` / `项目名称`: a qualifier ends a caption, never opens it
        return False
    return vocabulary.exact_kind(text) is not None or _exact_row(text)


def _exact_row(text: str) -> bool:
    """A funds row caption as a whole (`其中：当年财政拨款`), not one merely containing it."""
    key = _norm(text)
    for pattern, _ in vocabulary.FUNDS_ROW_PATTERNS:
        m = pattern.match(key)
        if m is not None and m.end() == len(key):
            return True
    return False


# ---------------------------------------------------------------- captions (vocabulary.py)


class Role(StrEnum):
    """What a cell of the stream is to the reader: a caption opening a part, a column caption,
    the title, an end mark, or a recognised caption that is not read (`OTHER`)."""

    HEADER = "header"
    TOTAL = "total"
    GRADE = "grade"
    SELF_SCORE = "self_score"
    FUNDS_BLOCK = "funds_block"
    GOAL_EXPECTED = "goal_expected"
    GOAL_ACTUAL = "goal_actual"
    GOAL_BLOCK = "goal_block"
    IND_BLOCK = "ind_block"
    END = "end"
    TITLE = "title"
    IND_COL = "ind_col"
    FUNDS_COL = "funds_col"
    OTHER = "other"


_ROLES: dict[CaptionKind, Role] = {
    **dict.fromkeys(HEADER_KINDS, Role.HEADER),
    K.TOTAL: Role.TOTAL, K.GRADE: Role.GRADE, K.SELF_SCORE: Role.SELF_SCORE,
    K.FUNDS_BLOCK: Role.FUNDS_BLOCK, K.GOALS_EXPECTED: Role.GOAL_EXPECTED,
    K.GOALS_ACTUAL: Role.GOAL_ACTUAL, K.GOALS_BLOCK: Role.GOAL_BLOCK,
    K.INDICATOR_BLOCK: Role.IND_BLOCK, K.END: Role.END,
    K.REMARK: Role.END,  # on its own in a cell stream, 备注 ends the table
    **dict.fromkeys(INDICATOR_COLUMN_KINDS - {K.REMARK}, Role.IND_COL),
    **dict.fromkeys(FUNDS_COLUMN_KINDS - INDICATOR_COLUMN_KINDS, Role.FUNDS_COL),
    K.IGNORED_FIELD: Role.OTHER,
}
#: Roles that show a form's content has begun (a title after them starts the next form).
_CONTENT = frozenset({Role.HEADER, Role.FUNDS_BLOCK, Role.FUNDS_COL, Role.IND_COL,
                      Role.IND_BLOCK, Role.TOTAL})
_IND_KEYS: dict[CaptionKind, str] = {
    K.LEVEL1: "level1", K.LEVEL2: "level2", K.LEVEL3: "name", K.NOTE: "note", K.REMARK: "note",
    K.OPERATOR: "op", K.UNIT: "unit", K.ACTUAL: "actual", K.TARGET: "target", K.VALUE: "value",
    K.WEIGHT: "weight", K.SCORE: "score", K.IGNORED_COLUMN: "ignored"}
_GRADE_INLINE = LazyPattern(f"^(?:{caption_pattern(K.GRADE)}):?([{''.join(GRADES)}][秀好等]?)$")
_GRADE_VALUE = re.compile(f"^[{''.join(GRADES)}][秀好等]?$")
_FUNDS_CAPTIONS = (Role.FUNDS_BLOCK, Role.FUNDS_COL)
_IN_HEADER = frozenset({Role.IND_COL, Role.IND_BLOCK, Role.SELF_SCORE})
_ENDS_TABLE = frozenset({Role.TOTAL, Role.END, Role.GRADE, Role.SELF_SCORE, Role.TITLE,
                         Role.HEADER, Role.FUNDS_BLOCK})
_norm = vocabulary.caption_key
_bare = vocabulary.bare_key

HUNDRED = Decimal(100)
_OPERATORS = frozenset({
    "=", "≥", "≧", "⩾", ">=", "≤", "≦", "⩽", "<=", ">", "<", "═", "大于等于", "小于等于",
    "大于", "小于", "等于", "不低于", "不高于", "不少于", "不多于", "不超过", "定性", "定性指标",
    "定量", "定量指标"})


def _is_title(text: str) -> bool:
    c = compact(text)
    return "自评表" in c and len(c) <= TITLE_MAX


def _cell_text(cell: Cell) -> str:
    return cell.text


def _ind_column(text: str) -> str | None:
    kind = classify(text)
    return _IND_KEYS.get(kind) if kind is not None else None


@lru_cache(maxsize=8192)
def _row_source(text: str) -> str | None:
    """A funds row caption's source, for short caption-like cells only."""
    c = _norm(text)
    if not c or len(c) > CAPTION_MAX or is_value(c):
        return None
    return funds_source(c)


@lru_cache(maxsize=8192)
def _caption_kind(text: str) -> Role | None:
    """What a caption cell introduces, or None for a value cell."""
    if not text:
        return None
    kind = classify(text)
    if kind is not None and not is_value(text):
        return _ROLES.get(kind)
    if _is_title(text):
        return Role.TITLE
    return None


def _is_caption(text: str) -> bool:
    return _caption_kind(text) is not None or _row_source(text) is not None or _is_level_name(text)


def _is_column_caption(text: str) -> bool:
    """A caption a header row of columns prints (no title, and no row's caption or level name:
    a row of those is a table row)."""
    return _caption_kind(text) not in (None, Role.TITLE)


def _is_field_caption(text: str) -> bool:
    """A caption other than a title."""
    return _caption_kind(text) not in (None, Role.TITLE) or _row_source(text) is not None or (
        _is_level_name(text))


#: The 20/80 template's captions of its two parts (`过程指标（20分）` / `结果指标（80分）`),
#: printed above the 一级 names they group: a level of captions, no row and no value.
_PART_CAPTIONS = ("过程指标", "结果指标")


def _is_part_caption(text: str) -> bool:
    return strip_score(compact(text)) in _PART_CAPTIONS


def _is_level_name(text: str) -> bool:
    """A 一级/二级 name, or a part caption above them (a row's values stop at either)."""
    return is_level_name(text) or _is_part_caption(text)




def _is_bare_number(text: str) -> bool:
    c = unicodedata.normalize("NFKC", compact(text).replace(",", ""))
    return bool(re.match(r"^[+-]?(\d+(\.\d*)?|\.\d+)分?$", c))


def _is_operator(text: str) -> bool:
    return compact(text) in _OPERATORS or unicodedata.normalize("NFKC", compact(text)) in _OPERATORS


def _op_cell(text: str) -> bool:
    """What a 指标性质 / 指标方向 cell may print: an operator or the indicator's kind."""
    return _is_operator(text) or compact(text) in KIND_WORDS




# ---------------------------------------------------------------- stream helpers


def _next_text(cells: Sequence[Cell], i: int, stop: int) -> int | None:
    """Index of the next cell with text at or after `i` (skipping empties and breaks)."""
    while i < stop:
        if cells[i].text:
            return i
        i += 1
    return None


def _number(cell: Cell | None) -> str | None:
    """A printed number as printed, whitespace removed; None for an empty cell."""
    if cell is None or not cell.text:
        return None
    return compact(cell.text)


def _text(cell: Cell | None) -> str | None:
    if cell is None or not cell.text:
        return None
    return cell.text


# ---------------------------------------------------------------- segmenting


def split_forms(cells: Sequence[Cell]) -> list[list[Cell]]:
    """Cut the stream into forms at each title (`…自评表`) or a repeated 项目名称.

    A title starts a new form only once the current one holds form content (a header caption,
    a funds or indicator caption, a level name, a total); preamble titles stay together.
    """
    segments: list[list[Cell]] = []
    current: list[Cell] = []
    has_content = has_name = False
    for cell in cells:
        kind = _caption_kind(cell.text) if cell.text else None
        is_name = kind is Role.HEADER and classify(cell.text) is K.PROJECT_NAME
        if (kind is Role.TITLE and has_content) or (is_name and has_name):
            segments.append(current)
            current, has_content, has_name = [], False, False
        current.append(cell)
        if is_name:
            has_name = True
        if kind in _CONTENT or (
                cell.text and _is_level_name(cell.text)):
            has_content = True
    if current:
        segments.append(current)
    return segments


# ---------------------------------------------------------------- parts


@dataclass
class _Part:
    """What one stage found: values by field path, their places, findings, where it ended."""

    values: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    end: int = 0
    found: bool = False
    #: header fields filled by a two-role caption, which their own caption overrides
    seconded: set[str] = field(default_factory=set)




def _read_title(cells: Sequence[Cell]) -> _Part:
    """Year and kind from the title (the last `…自评表` before the form's content)."""
    part = _Part()
    first_content = next((i for i, c in enumerate(cells) if c.text and _caption_kind(c.text) in {
        Role.HEADER, Role.FUNDS_BLOCK, Role.FUNDS_COL, Role.IND_COL, Role.IND_BLOCK}), len(cells))
    titles = [i for i in range(first_content) if cells[i].text and _is_title(cells[i].text)]
    if not titles:
        return part
    t = titles[-1]
    part.found = True
    title = cells[t].text
    part.values["kind"] = "department" if "部门整体" in compact(title) else "project"
    if part.values["kind"] == "department":  # what a 部门整体 form, with no 项目名称, is about
        part.values["subject"], part.lines["subject"] = title, cells[t].line
    # the two cells with text after the title (a row padded with empty cells: `（2023年度） | |`)
    nearby = [cells[t], *itertools.islice((c for c in cells[t + 1:first_content] if c.text), 2)]
    for pattern in (YEAR, YEAR_LOOSE, YEAR_FIELD):
        for cell in nearby:
            m = pattern.search(compact(cell.text))
            if m and (cell is cells[t] or len(compact(cell.text)) <= YEAR_LINE_MAX):
                part.values["year"] = int(m.group(1))
                part.lines["year"] = cell.line
                return part
    return part


def _read_header(cells: Sequence[Cell], filename: str | None) -> _Part:
    """项目名称 / 主管部门 / 实施单位: the cell after each caption, or the values a cell prints
    after its captions (`项目名称：甲 是否为专项资金：否 实施单位 乙`, `parts.header`)."""
    part = _Part()
    for i, cell in enumerate(cells):
        if not cell.text:
            continue
        name = _header_field(cell.text)
        if name is None:
            for item in inline_fields(cell.text):
                if item.value is not None and not _is_caption(item.value):
                    _take_field(part, item.key, cell, Cell(item.value, cell.line), filename,
                                caption=item.caption)
            continue
        if name in part.values and name not in part.seconded:
            continue
        j = _next_text(cells, i + 1, min(len(cells), i + 4))
        value = cells[j] if j is not None and not _is_caption(cells[j].text) \
            and not _is_title(cells[j].text) else None
        _take_field(part, name, cell, value, filename, caption=cell.text)
    return part


def _take_field(part: _Part, name: str, cell: Cell, value: Cell | None, filename: str | None,
                *, caption: str) -> None:
    """One header field: its value checked (a year's digits, not too long), its place, and
    the second field a two-role caption fills; a field read before stays."""
    if name in part.values and name not in part.seconded:
        return
    part.seconded.discard(name)
    part.found = True
    text = _text(value)
    if name == "year":
        text = _year_of(text)
    if text is not None and len(compact(text)) > HEADER_VALUE_MAX:
        part.findings.append(_finding(
            "JX007", f"「{cell.text}」后的内容过长（{len(compact(text))}字），"
            "疑为粘连文本，未采用", path=name, line=cell.line, filename=filename))
        text = None
    elif text is None and name != "project_name":
        part.findings.append(_finding("JX007", f"「{cell.text}」后没有内容", path=name,
                                      line=cell.line, filename=filename))
    part.values[name] = text
    if value is not None and text is not None:
        part.lines[name] = value.line
    _second_role(part, caption, value.line if value is not None else cell.line, text)


def _second_role(part: _Part, caption: str, line: int, text: str | None) -> None:
    """A caption naming two roles (`实施(主管)单位`) fills the second field as well, unless
    that field is printed by its own caption (before or after: a later one overrides)."""
    also = second_role(caption)
    if also is None or text is None or str(also) in part.values:
        return
    part.values[str(also)] = text
    part.lines[str(also)] = line
    part.seconded.add(str(also))


def _year_of(text: str | None) -> str | None:
    """The year a 年度 field prints (`2024`, `2024年`, `2024年度`)."""
    m = YEAR_DIGITS.search(compact(text or ""))
    return m.group(0) if m else None




def _header_field(text: str) -> str | None:
    """The header field a caption names (`project_name`, …, `year`), or None."""
    kind = classify(text)
    return str(kind) if kind in HEADER_KINDS else None


# ---- funds


def _read_funds(cells: Sequence[Cell], filename: str | None) -> _Part:
    """The funds block: unit and columns from its captions, rows by their captions."""
    part = _Part()
    start = next((i for i, c in enumerate(cells) if c.text
                  and _caption_kind(c.text) in _FUNDS_CAPTIONS), None)
    if start is None:
        return part
    part.found = True
    unit: str | None = None
    block_points: str | None = None
    columns: list[tuple[str, Cell]] = []
    groups: list[str | None] = []  # the column of each printed group caption, by position
    i = start
    while i < len(cells):
        cell = cells[i]
        if cell.brk and columns and _grouped_row(cells, i + 1, groups) is not None:
            break  # the next row prints its own column captions (`预算数 6.84 执行数 …`)
        if not cell.text:
            i += 1
            continue
        kind = _caption_kind(cell.text)
        if kind is Role.IND_COL and funds_table.column_key(cell.text) is not None:
            kind = Role.FUNDS_COL  # 分值 / 得分 / 权重 head both tables
        if kind not in _FUNDS_CAPTIONS:
            break
        m = MONEY_UNIT.search(_norm(cell.text))
        if m and unit is None:
            unit = m.group(1) or m.group(2)
        if block_points is None:
            block_points = score_in(cell.text)
        if kind is Role.FUNDS_COL:
            columns.append((funds_table.column_key(cell.text) or "reason", cell))
        if i > start:  # a block caption after the first heads a group (资金执行情况)
            groups.append(funds_table.column_key(cell.text) if kind is Role.FUNDS_COL else None)
        i += 1
    keys = list(funds_table.columns_from(k for k, _ in columns))
    unit = unit or _unit_before(cells, start) or _unit_elsewhere(cells)
    across = _sources_header(cells, i) if not columns else None
    down = _sources_down(cells, i, filename) if not columns and across is None else None
    if across is not None:  # 中央 | 省级 | 本级 | 其他 | 合计 | 执行数 | 执行率, the years down
        keys, i = across
        columns = [(k, cells[start]) for k in keys]
        rows, end, row_findings = _year_row(cells, i, keys, filename)
    elif down is not None:  # 合计 | 中央 | 省级 | 本级 across, 全年预算数 / 执行数 / 执行率 down
        rows, end, row_findings, points = down
        columns = [(k, cells[start]) for row in rows for k in row[2]]
        block_points = block_points or points
    else:
        rows, end, row_findings = _funds_rows(cells, i, keys, filename, groups)
    if rows and not columns:
        part.findings.append(_finding("JX014", "", path="funds", line=cells[start].line,
                                      filename=filename))
    part.findings += row_findings
    part.end = end
    read = []
    for source, caption, mapping, label in rows:
        values: dict[str, tuple[str, int | None]] = {}
        for key, c in mapping.items():
            if c is None or not c.text:
                continue
            if key in funds_table.AMOUNTS and lost_integer_part(compact(c.text)):
                part.findings.append(_finding(
                    "JX083", f"「{caption.text}」的{FIELD_NAMES.get(key, key)}「{c.text}」",
                    path="funds", line=c.line, filename=filename))
                continue
            values[key] = (compact(c.text), c.line)
        read.append(funds_table.RowRead(source, label or caption.text, caption.line, values))
    points = (block_points, cells[start].line) if block_points is not None else None
    funds, places = funds_table.funds_part(read, unit=(unit, cells[start].line),
                                           block_points=points, item=_item_below(read))
    part.values["funds"] = funds
    part.lines.update(places)
    if not funds.rows:
        part.findings.append(_finding("JX002", "", path="funds.rows",
                                      line=cells[start].line, filename=filename))
    return part


def _item_below(rows: Sequence[funds_table.RowRead[int]]) -> funds_table.RowRead[int] | None:
    """The row printing the execution item's 分值/得分 when the total row does not (its cells
    merged over the rows, the text after the last row; the total's amounts damaged)."""
    def scored(row: funds_table.RowRead[int]) -> bool:
        return any(is_number(row.values.get(k, ("", None))[0]) for k in ("weight", "score"))
    if any(scored(r) for r in rows if r.source == "total"):
        return None
    return next((r for r in rows if scored(r)), None)


def _unit_before(cells: Sequence[Cell], start: int) -> str | None:
    """The unit of the cell just before the first funds caption when it is a caption the
    vocabulary does not name printing a bracketed unit (`资金（万元）` over the row captions,
    as a budget-system export prints it)."""
    j = next((k for k in range(start - 1, max(start - 3, -1), -1) if cells[k].text), None)
    if j is None:
        return None
    text = _norm(cells[j].text)
    m = BRACKETED_MONEY_UNIT.search(text)
    if m is None or len(text) > CAPTION_MAX or is_value(text) or _caption_kind(text):
        return None
    return m.group(1)


def _unit_elsewhere(cells: Sequence[Cell]) -> str | None:
    """`金额单位：万元` printed outside the funds block."""
    for i, cell in enumerate(cells):
        if not cell.text:
            continue
        j = _next_text(cells, i + 1, min(len(cells), i + 3))
        unit = funds_table.printed_unit(cell.text, cells[j].text if j is not None else None)
        if unit is not None:
            return unit
    return None


_Row = tuple[str, Cell, dict[str, Cell | None], str | None]


def _sources_header(cells: Sequence[Cell], i: int) -> tuple[list[str], int] | None:
    """A funds header printing the sources as columns (`parts.funds.sources_across`), from `i`:
    its column keys and where its first row begins; None when the cells are no such header."""
    texts: list[str] = []
    while i < len(cells) and len(texts) < _SOURCES_HEADER_MAX:
        cell = cells[i]
        if cell.text and (is_value(cell.text) or _YEAR_CAPTION.match(compact(cell.text))):
            break
        if cell.text:
            texts.append(cell.text)
        i += 1
    keys = funds_table.sources_across(texts) if texts else None
    return (list(keys), i) if keys else None


def _sources_down(cells: Sequence[Cell], i: int, filename: str | None
                  ) -> tuple[list[_Row], int, list[Finding], str | None] | None:
    """A funds table printing its sources as columns and its columns as rows
    (`parts.funds.read_sources_down`), from `i`: a row per source, where the table ends,
    findings, and the `(N分)` of a 分值/得分 line (`资金执行得分（20分）`); None when it is no
    such table."""
    heads: list[Cell] = []
    while i < len(cells) and len(heads) < _SOURCES_HEADER_MAX:
        cell = cells[i]
        if cell.text and (is_value(cell.text) or funds_table.column_key(cell.text) is not None):
            break
        if cell.text:
            heads.append(cell)
        i += 1
    if funds_table.sources_down([c.text for c in heads]) is None:
        return None
    lines: list[tuple[str, list[tuple[str, Cell | None]]]] = []
    captions: dict[str, Cell] = {}
    while (k := _next_text(cells, i, len(cells))) is not None:
        caption = cells[k]
        key = funds_table.column_key(caption.text) if not is_value(caption.text) else None
        values, after = _take_values(cells, k + 1, len(cells), len(heads), funds=True)
        values = [v for v in values if v.text]
        if key is None or key == "reason" or not values:
            break
        lines.append((caption.text, [(v.text, v) for v in values]))
        captions[caption.text] = caption
        i = after
    read = funds_table.read_sources_down([(c.text, c) for c in heads], lines)
    if read is None:
        return None
    rows: list[_Row] = [(r.source, r.place or heads[0], {k: c for k, (_, c) in r.values.items()},
                         r.label) for r in read.rows]
    findings = [_finding(
        "JX012", f"「{text}」（第{captions[text].line}行）的单元格个数与资金来源列数"
        f"（{len(heads)}）不同，按顺序对应", path="funds", line=captions[text].line,
        filename=filename, severity=Severity.INFO) for text in read.uneven]
    return rows, i, findings, read.points


#: A header of sources across has a few columns (sources, 合计, 执行数, 执行率 …).
_SOURCES_HEADER_MAX = 12
#: The caption of a row of sources across: its year (`2023年`, `2023年度`).
_YEAR_CAPTION = re.compile(r"^(?:19|20)\d\d年度?(?:预算|资金)?$")


def _year_row(cells: Sequence[Cell], i: int, keys: list[str], filename: str | None
              ) -> tuple[list[_Row], int, list[Finding]]:
    """The first row under a header of sources across, captioned by its year or not: the
    total row (its 合计 is the budget; the sources' amounts are not read)."""
    while i < len(cells) and not cells[i].text:
        i += 1
    if i >= len(cells):
        return [], i, []
    caption = cells[i]
    first = i + 1 if _YEAR_CAPTION.match(compact(caption.text)) else i
    values, end = _take_values(cells, first, len(cells), len(keys), funds=True)
    if sum(is_number(v.text) for v in values) < _CAPTIONLESS_MIN:
        return [], i, []
    mapping, mismatch = funds_table.align(values, keys, _cell_text)
    findings = [_finding(
        "JX012", f"「{caption.text}」（第{caption.line}行）有 {len(values)} 个单元格，表头有 "
        f"{len(keys)} 列", path="funds.rows[0]", line=caption.line, filename=filename,
        severity=Severity.INFO)] if mismatch else []
    return [("total", caption, mapping, None)], end, findings


def _funds_rows(cells: Sequence[Cell], i: int, keys: list[str], filename: str | None,
                groups: list[str | None]) -> tuple[list[_Row], int, list[Finding]]:
    rows: list[_Row] = []
    findings: list[Finding] = []
    while i < len(cells):
        cell = cells[i]
        if not cell.text:
            i += 1
            continue
        grouped = _grouped_row(cells, i, groups)
        if grouped is not None:
            row, i, groups = grouped
            if row[3] is not None:  # a caption that names no standard source
                findings.append(_finding("JX013", f"「{row[1].text}」", line=row[1].line,
                                         path=f"funds.rows[{len(rows)}]", filename=filename))
            rows.append(row)
            continue
        source = _row_source(cell.text)
        label = None
        if source is None and not rows and is_number(cell.text):
            values, after = _take_values(cells, i, len(cells), len(keys), funds=True)
            if sum(is_number(v.text) for v in values) >= _CAPTIONLESS_MIN:
                rows.append(_captionless_total(values, keys))  # 部门整体: no row caption
                i = after
                continue
        if source is None:
            if _caption_kind(cell.text) is not None or _is_level_name(cell.text):
                break
            if is_value(cell.text) or len(compact(cell.text)) > 20:
                i += 1  # an orphan value or a stray note: skip it, the block goes on
                continue
            values, _ = _take_values(cells, i + 1, len(cells), len(keys), funds=True)
            if not any(v.text and is_number(v.text) for v in values):
                break
            source, label = "other", cell.text
            findings.append(_finding("JX013", f"「{cell.text}」", line=cell.line,
                                     path=f"funds.rows[{len(rows)}]", filename=filename))
        values, i = _take_values(cells, i + 1, len(cells), len(keys), funds=True)
        mapping, mismatch = funds_table.align(values, keys, _cell_text)
        if mismatch:
            findings.append(_finding(
                "JX012", f"「{cell.text}」（第{cell.line}行）有 {len(values)} 个单元格，表头有 "
                f"{len(keys)} 列", path=f"funds.rows[{len(rows)}]", line=cell.line,
                filename=filename, severity=Severity.INFO))
        rows.append((source, cell, mapping, label))
    return rows, i, findings


#: Numbers a row of the funds block prints with no caption before it to be its total row (a
#: department form's one row of amounts): its budget and its spending at least.
_CAPTIONLESS_MIN = 2


def _captionless_total(values: list[Cell], keys: list[str]) -> _Row:
    """The funds block's one row printed without a caption (部门整体: 年初预算数 | 全年(调整)
    预算数 | … under the block caption, the row's first cell empty): the total."""
    mapping, _ = funds_table.align(values, keys, _cell_text)
    return ("total", values[0], mapping, None)


def _grouped_row(cells: Sequence[Cell], i: int, groups: list[str | None]
                 ) -> tuple[_Row, int, list[str | None]] | None:
    """The row from `i` to its row break when each column group prints its own caption
    (`parts.funds.interleaved`): the row, where the next begins, and the groups' columns as
    this row names them (a total row names them for the rows below it)."""
    end = next((k for k in range(i, len(cells)) if cells[k].brk), None)
    if end is None or end == i:
        return None
    found = funds_table.interleaved(cells[i:end], _cell_text, groups)
    if found is None:
        return None
    caption, pairs = found
    mapping: dict[str, Cell | None] = {k: v for k, v in pairs if k is not None}
    if caption is None:  # the total row, captioned by its columns
        named = [k for k, _ in pairs]
        return ("total", cells[i], mapping, None), end, named + groups[len(named):]
    source = _row_source(caption.text)
    row = (source or "other", caption, mapping, None if source else caption.text)
    return row, end, groups


def _take_values(cells: Sequence[Cell], i: int, stop: int, width: int, *, funds: bool = False
                 ) -> tuple[list[Cell], int]:
    """Up to `width` cells of a row: stop at a row break, a caption or a level name."""
    values: list[Cell] = []
    while i < stop and len(values) < width:
        cell = cells[i]
        if cell.brk:
            break
        if cell.text and not is_value(cell.text) and (
                _caption_kind(cell.text) is not None or _is_level_name(cell.text)
                or (funds and _row_source(cell.text) is not None)):
            break
        values.append(cell)
        i += 1
    return values, i


# ---- goals


def _read_goals(cells: Sequence[Cell], filename: str | None) -> _Part:
    """年度总体目标: the goal captions side by side (预期目标 | 实际完成情况, or a department
    form's 年初 | 全年(调整) | 实际), then a cell for each; one cell for them all is cut where
    the actual begins (`parts.goals`)."""
    part = _Part()
    start = next((i for i, c in enumerate(cells) if c.text and _goal_caption_at(cells, i)),
                 None)
    if start is None:
        return part
    part.found = True
    read: list[tuple[goals_part.GoalColumn, str | None, int]] = []
    n: int | None = start
    end = start + 1
    while n is not None and _goal_caption_at(cells, n):
        run, end = _goal_run(part, cells, n, filename)
        read += run
        n = _next_text(cells, end, len(cells))
    expected, actual = goals_part.goals_of([c for c, _, _ in read], [t for _, t, _ in read])
    for name, value in (("expected", expected), ("actual", actual)):
        if value is not None:
            part.values[name] = value
            part.lines[f"goals.{name}"] = next(ln for _, t, ln in read if t == value)
    part.end = end
    return part


def _goal_caption_at(cells: Sequence[Cell], i: int) -> bool:
    """Whether cells[i] opens goal columns (预期目标 …), or is a goal caption with its text
    right after it (年度总体目标 | 完成…; 实际完成情况 | 已…): a caption before other goal
    captions (目标完成情况 | 年度预期目标 | 具体完成情况) is the row's, no column."""
    role = _caption_kind(cells[i].text)
    if role is Role.GOAL_EXPECTED:
        return True
    if role not in (Role.GOAL_BLOCK, Role.GOAL_ACTUAL):
        return False
    j = _next_text(cells, i + 1, min(len(cells), i + 4))
    return j is not None and not _is_caption(cells[j].text) and not is_value(cells[j].text)


def _goal_run(part: _Part, cells: Sequence[Cell], start: int, filename: str | None
              ) -> tuple[list[tuple[goals_part.GoalColumn, str | None, int]], int]:
    """The captions side by side from `start` and the cells under them; where they end."""
    columns, i = _goal_columns(cells, start)
    texts: list[Cell] = []
    n = i
    k = _next_text(cells, i, len(cells))
    while k is not None and len(texts) < len(columns) and not _is_caption(cells[k].text):
        texts.append(cells[k])
        n = k + 1
        k = _next_text(cells, n, len(cells))
    if not texts:
        return [], i
    lines, n = _goal_lines(cells, start, n)
    if lines:  # one cell per line, a goal's text on several: one run for all the columns
        texts = [Cell(join_lines([t.text for t in texts + lines]), texts[0].line)]
    read = _goal_cells(part, columns, texts, filename)
    if len(texts) == 2 and len(columns) == 2:
        values = {"expected": read[0][1], "actual": read[1][1]}
        n = _wrapped_goals(cells, n, values)
        read = [(read[0][0], values["expected"], read[0][2]),
                (read[1][0], values["actual"], read[1][2])]
    return read, n


def _goal_lines(cells: Sequence[Cell], start: int, n: int) -> tuple[list[Cell], int]:
    """In text with one cell per line, the lines of goal text after the columns' cells up to
    the next caption: the cells were lines of the goals wrapped, and where one goal ends is
    not known from them. None where cells are terminated (`|`)."""
    if not cells[start].plain:
        return [], n
    more: list[Cell] = []
    k = n
    while k < len(cells) and not cells[k].brk:
        text = cells[k].text
        if text and (_is_caption(text) or is_value(text)):
            break
        if text:
            more.append(cells[k])
            n = k + 1
        k += 1
    return more, n


def _goal_columns(cells: Sequence[Cell], start: int
                  ) -> tuple[list[goals_part.GoalColumn], int]:
    """The goal columns whose captions stand side by side from `start` (an unread column's
    caption such as 总体完成率 among them is skipped), and where the captions end."""
    columns = [goals_part.lone_column(cells[start].text)]
    i = start + 1
    while (j := _next_text(cells, i, min(len(cells), i + 4))) is not None:
        column = goals_part.goal_column(cells[j].text)
        if column is None and not _ignored(cells[j].text):
            break
        if column is not None:
            columns.append(column)
        i = j + 1
    return columns, i


def _goal_cells(part: _Part, columns: Sequence[goals_part.GoalColumn], texts: Sequence[Cell],
                filename: str | None) -> list[tuple[goals_part.GoalColumn, str | None, int]]:
    """Each goal cell under its column: the last under the actual, those before it under the
    targets nearest it (an empty 年初 cell is the one left out); one cell for several columns
    is cut where the actual begins, or all taken as the expected (JX021)."""
    line = texts[0].line
    if len(texts) == 1 < len(columns):
        split = goals_part.split_run(texts[0].text, columns)
        if split is None:
            part.findings.append(_finding("JX021", "", path="goals.actual", line=line,
                                          filename=filename))
            return [(goals_part.GoalColumn.INITIAL, texts[0].text, line)]
        part.findings.append(_finding("JX022", split.shown(),
                                      path="goals", line=line, filename=filename))
        return [(c, t, line) for c, t in zip(columns, split.texts, strict=True)]
    if columns[-1] is not goals_part.GoalColumn.ACTUAL or len(texts) == len(columns):
        return [(c, t.text, t.line) for c, t in zip(columns, texts, strict=False)]
    targets = columns[:-1][-(len(texts) - 1):] if len(texts) > 1 else []
    return [*((c, t.text, t.line) for c, t in zip(targets, texts, strict=False)),
            (columns[-1], texts[-1].text, texts[-1].line)]


def _goal_prose(text: str) -> bool:
    """A goal text going on: longer than any caption and not opening an enumerated item
    (`2.项目实施内容及过程概述` beside its text is the next item's caption and value)."""
    return len(compact(text)) > CAPTION_MAX and not vocabulary.enumerated(text) \
        and not _is_caption(text)


def _wrapped_goals(cells: Sequence[Cell], n: int, values: dict[str, Any]) -> int:
    """The two goal cells wrapped over the rows below, side by side (`甲， | 乙，` then
    `丙。 | 丁。`): each row of exactly two texts goes on its column. The rest of the first
    row (a 总体完成率 value) is skipped. Returns where the goals end."""
    while n < len(cells) and not cells[n].brk and (not cells[n].text or is_value(cells[n].text)):
        n += 1
    while n < len(cells) and cells[n].brk:
        end = next((k for k in range(n + 1, len(cells)) if cells[k].brk), len(cells))
        texts = [c.text for c in cells[n + 1:end] if c.text]
        if len(texts) != 2 or not all(_goal_prose(t) for t in texts):
            break
        values["expected"] = join_lines([values["expected"], texts[0]])
        values["actual"] = join_lines([values["actual"], texts[1]])
        n = end
    return n


def _ignored(text: str) -> bool:
    """A caption recognised so that it is not read (a column or field no form key holds)."""
    return classify(text) in (K.IGNORED_COLUMN, K.IGNORED_FIELD)


# ---- indicators


@dataclass(frozen=True)
class _IndRow:
    level1: str | None
    level2: str | None
    name: Cell
    mapping: dict[str, Cell | None]
    misfit: bool
    columns: tuple[str, ...]


_SPLIT_LAYOUT = ("op", "value", "unit", "actual", "weight", "score", "note")
_PLAIN_LAYOUT = (*TEMPLATE_VALUE_COLUMNS, "note")


def indicator_columns(captions: Sequence[str]) -> tuple[str, ...]:
    """Column keys from the indicator header captions, in printed order.

    The level columns come first; a two-row header flattened into one run (`年度指标值` above
    `指标性质 | 指标值 | 度量单位`) puts the split columns where their group caption stood.

    >>> indicator_columns(["年度指标值", "实际完成值", "分值", "得分", "一级指标", "二级指标",
    ...                    "三级指标", "指标性质", "指标值", "度量单位"])
    ('level1', 'level2', 'name', 'op', 'value', 'unit', 'actual', 'weight', 'score')
    """
    keys = [k for k in _column_keys(captions) if k is not None]
    if "score" not in keys:  # 自评得分 over a column of its own (Shandong): the 得分 column
        keys = [k for k in (_ind_column(c) or ("score" if classify(c) is K.SELF_SCORE else None)
                            for c in captions) if k is not None]
    levels = [k for k in ("level1", "level2", "name") if k in keys]
    rest = [k for k in keys if k not in ("level1", "level2", "name")]
    split = "op" in rest or "unit" in rest
    if split:
        trio = [k for k in rest if k in ("op", "value", "unit")]
        if "value" not in trio and "target" in rest:
            rest = ["value" if k == "target" else k for k in rest]
            trio = [k for k in rest if k in ("op", "value", "unit")]
        out: list[str] = []
        for key in rest:
            if key == "target" or (key in trio and "target" not in rest):
                if not any(t in out for t in trio):
                    out += trio
            elif key not in trio:
                out.append(key)
        rest = out
    seen: list[str] = []
    for key in rest:
        if key not in seen or key == "ignored":  # each ignored column holds a place
            seen.append(key)
    return tuple(levels + seen)


#: A weight caption naming a share (`权重占比`, printed `15%`): beside a points column (`分值`)
#: it restates the weight as a part of 100, and the points are what the form scores with.
_SHARE_CAPTION = "占比"


def _column_keys(captions: Sequence[str]) -> list[str | None]:
    """Each caption's column key; a share weight column (权重占比) printed beside a points one
    (分值, as a budget-system export prints both) is an unread column, so that it still holds
    its place and the columns after it are not shifted."""
    keys = [_ind_column(c) for c in captions]
    shares = [k == "weight" and _SHARE_CAPTION in c for c, k in zip(captions, keys, strict=True)]
    if any(shares) and keys.count("weight") > sum(shares):
        return ["ignored" if share else k for k, share in zip(keys, shares, strict=True)]
    return keys


def _read_indicators(cells: Sequence[Cell], start: int, headerless: bool, filename: str | None
                    ) -> _Part:
    """The indicator table: header captions → columns, then rows with carried-down levels."""
    part = _Part()
    header = _find_indicator_header(cells, start)
    if header is None and not headerless:
        header = _find_indicator_header(cells, 0)  # a table printed before the funds block
    columns: tuple[str, ...] | None = None
    if header is not None:
        h0, h1 = header
        captions = [c.text for c in cells[h0:h1] if c.text]
        columns = _two_row_columns(cells[h0:h1]) or indicator_columns(captions)
        if list(columns) == _column_keys(captions):  # one caption a column, in printed order
            part.values["printed"] = columns
        body = h1
        part.found = True
    elif headerless:
        body = start
    else:
        return part
    stop = next((i for i in range(body, len(cells))
                 if cells[i].text and _ends_table(cells[i].text)), len(cells))
    value_columns = None
    if columns is not None:
        value_columns = tuple(k for k in columns if k not in ("level1", "level2", "name"))
    rows, empty_groups = _indicator_rows(cells, body, stop, value_columns)
    for cell in empty_groups:
        part.findings.append(_finding(
            "JX036", f"「{canonical_level2(cell.text)}」（第{cell.line}行）", path="indicators",
            line=cell.line, filename=filename))
    if header is None and rows:
        part.found = True
        part.findings.append(_finding("JX035", f"第{rows[0].name.line}行起", path="indicators",
                                      line=rows[0].name.line, filename=filename,
                                      severity=Severity.INFO))
    part.end = stop
    part.values["cut"] = stop == len(cells)
    indicators: list[Indicator] = []
    missing_scores: list[int] = []
    for idx, row in enumerate(rows):
        indicator, lines = _to_indicator(row)
        indicators.append(indicator)
        for key, line in lines.items():
            part.lines[f"indicators[{idx}].{key}"] = line
        part.lines[f"indicators[{idx}]"] = row.name.line
        if row.misfit:
            part.findings.append(_finding(
                "JX033", f"「{indicator.name}」（第{row.name.line}行）", path=f"indicators[{idx}]",
                line=row.name.line, filename=filename, severity=Severity.INFO))
        if "score" in row.columns and indicator.score is None:
            missing_scores.append(idx)
    for idx in _actual_alone(rows, indicators):
        part.lines[f"indicators[{idx}].actual"] = part.lines.pop(f"indicators[{idx}].target")
    if missing_scores and len(missing_scores) == len(indicators):
        part.findings.append(_finding("JX034", "所有指标均未填写得分", path="indicators",
                                      line=rows[0].name.line, filename=filename))
    else:
        for idx in missing_scores:
            part.findings.append(_finding(
                "JX034", f"「{indicators[idx].name}」（第{rows[idx].name.line}行）",
                path=f"indicators[{idx}].score", line=rows[idx].name.line, filename=filename))
    part.values["indicators"] = tuple(indicators)
    # which columns the table prints (Hubei's 20/80 layout has 得分 but no 分值)
    part.values["columns"] = set(columns or ()) | {k for r in rows for k in r.columns
                                                   if columns is None}
    return part


def _two_row_columns(cells: Sequence[Cell]) -> tuple[str, ...] | None:
    """The columns of a header printed as two rows, group captions above their columns
    (`parts.indicator_header`); None unless the header is two rows that merge so."""
    rows: list[list[str]] = [[]]
    for cell in cells:
        if cell.brk and rows[-1]:
            rows.append([])
        elif cell.text:
            # 自评得分 in the header row: the scoring group's caption
            kind = vocabulary.sub_caption(cell.text) if len(rows) > 1 else classify(cell.text)
            key = "score" if kind is K.SELF_SCORE else _IND_KEYS.get(kind) if kind else None
            if key is not None:
                rows[-1].append(key)
    rows = [r for r in rows if r]
    return merge_rows(rows[0], rows[1]) if len(rows) == 2 else None


def _find_indicator_header(cells: Sequence[Cell], start: int) -> tuple[int, int] | None:
    """The run of indicator column captions around the first 一级指标 (or 三级指标)."""
    anchor = None
    for wanted in (("level1",), ("name", "level2")):
        anchor = next((i for i in range(start, len(cells)) if cells[i].text
                       and _caption_kind(cells[i].text) is Role.IND_COL
                       and _ind_column(cells[i].text) in wanted), None)
        if anchor is not None:
            break
    if anchor is None:
        return None

    def in_header(cell: Cell) -> bool:
        return not cell.text or _caption_kind(cell.text) in _IN_HEADER or (
            classify(cell.text) is K.REMARK  # 备注 as the header's last column
            or vocabulary.sub_caption(cell.text) in INDICATOR_COLUMN_KINDS)  # 值 under a group

    h0 = anchor
    while h0 > start and in_header(cells[h0 - 1]):
        h0 -= 1
    h1 = anchor
    while h1 < len(cells) and in_header(cells[h1]):
        h1 += 1
    return h0, h1


def _ends_table(text: str) -> bool:
    return _caption_kind(text) in _ENDS_TABLE


def _indicator_rows(cells: Sequence[Cell], i: int, stop: int,
                    value_columns: tuple[str, ...] | None) -> tuple[list[_IndRow], list[Cell]]:
    """Indicator rows, and the 二级 captions that no row follows (empty groups)."""
    rows: list[_IndRow] = []
    empty: list[Cell] = []
    level1 = level2 = None
    level2_cell: Cell | None = None
    level2_at: int | None = None
    rows_at_level2 = 0
    while i < stop:
        cell = cells[i]
        nxt = _next_text(cells, i + 1, stop)
        if not cell.text or (_caption_kind(cell.text) in (Role.IND_COL, Role.IND_BLOCK)
                             and not _level2_in_body(cells, i, nxt, level1)) or (
                value_columns is None and _row_source(cell.text) is not None) or (
                _is_part_caption(cell.text)):
            i += 1  # a repeated header, a part caption; without a header, a stray funds row
            continue
        next_is_level2 = nxt is not None and canonical_level2(cells[nxt].text) is not None
        l1 = canonical_level1(cell.text)
        l2 = canonical_level2(cell.text)
        bare_l1 = l1 is not None and _is_short_form(cell.text)
        if l1 is not None and (next_is_level2 or (l2 is None and not bare_l1)):
            level1, level2 = l1, None
            i += 1
            continue
        if l2 is not None and not _names_its_group(cells, i, level2_at, l2, stop):
            if level2_cell is not None and len(rows) == rows_at_level2:
                empty.append(level2_cell)
            level2, level2_cell, rows_at_level2, level2_at = l2, cell, len(rows), i
            i += 1
            continue
        columns = value_columns or _infer_layout(cells, i + 1, stop)
        values, i = _take_values(cells, i + 1, stop, len(columns))
        if (cell.plain or _opens_next_line(cell, values)) \
                and _note_is_next_name(cells, values, columns, i, stop):
            values, i = values[:-1], i - 1
        mapping, misfit = _align_indicator(values, columns)
        if misfit and cell.plain and values:
            cell, mapping, misfit, i = _wrapped_name(cells, cell, values, columns, (i, stop),
                                                     (mapping, misfit))
        note = _open_note(rows[-1]) if cell.plain and rows else None
        if note is not None and not any(v.text for v in values):
            rows[-1] = _with_note_line(rows[-1], note, cell)  # a 偏差原因 wrapped over lines
            continue
        rows.append(_IndRow(level1, level2, cell, mapping, misfit, columns))
    if level2_cell is not None and len(rows) == rows_at_level2 and stop < len(cells):
        empty.append(level2_cell)
    return rows, empty


def _level2_in_body(cells: Sequence[Cell], i: int, nxt: int | None, level1: str | None
                    ) -> bool:
    """Whether a caption cell inside the table body, under a 一级, is a 二级 name (绩效目标
    under 项目决策, also the caption of a goals block): a repeated header is followed by
    captions, a 二级 by its row's name."""
    return level1 is not None and canonical_level2(cells[i].text) is not None and (
        nxt is not None and not _is_caption(cells[nxt].text))


def _names_its_group(cells: Sequence[Cell], i: int, group: int | None, l2: str,
                     stop: int) -> bool:
    """Whether cells[i], a 二级 name right after the 二级 cell at `group` naming the same
    group (`服务对象满意度指标 | 服务对象满意度 | ≥90%`), is the row's 三级 name: a group does
    not follow itself."""
    if group is None or _next_text(cells, group + 1, stop) != i:
        return False
    return _group_key(l2) == _group_key(cells[group].text)


def _group_key(text: str) -> str:
    return strip_score(compact(text)).removesuffix("指标")


def _open_note(row: _IndRow) -> Cell | None:
    """The 偏差原因 a row ends with, which a line of words after it may continue."""
    note = row.mapping.get("note")
    return note if note is not None and note.text and not is_value(note.text) else None


def _with_note_line(row: _IndRow, note: Cell, line: Cell) -> _IndRow:
    joined = Cell(join_lines([note.text, line.text]), note.line, plain=True)
    return replace(row, mapping={**row.mapping, "note": joined})


def _wrapped_name(cells: Sequence[Cell], name: Cell, values: list[Cell],
                  columns: tuple[str, ...], span: tuple[int, int],
                  read: tuple[dict[str, Cell | None], bool]
                  ) -> tuple[Cell, dict[str, Cell | None], bool, int]:
    """One cell per line: a row that does not fit its columns whose first value is words
    (`保洁河道` / `长度` / `≥20公里` …) is a name wrapped over two lines when, joined, the
    rest fits; otherwise the row as read."""
    i, stop = span
    first = values[0]
    if not first.text or is_value(first.text) or _is_caption(first.text) or (
            is_number(first.text) or _is_operator(first.text)):
        return name, read[0], read[1], i
    more, after = _take_values(cells, i, stop, 1)
    rest = [*values[1:], *more]
    if _note_is_next_name(cells, rest, columns, after, stop):
        rest, after = rest[:-1], after - 1
    mapping, misfit = _align_indicator(rest, columns)
    if misfit:
        return name, read[0], read[1], i
    joined = Cell(join_lines([name.text, first.text]), name.line, plain=True)
    return joined, mapping, misfit, after


def _opens_next_line(name: Cell, values: Sequence[Cell]) -> bool:
    """Whether a row's last value begins the line after the one its other cells share (tab-
    ruled rows, no row breaks: a row printing no empty 偏差原因 cell ends with its line)."""
    return len(values) >= 2 and values[-1].line > name.line \
        and all(v.line == name.line for v in values[:-1])


def _note_is_next_name(cells: Sequence[Cell], values: Sequence[Cell], columns: tuple[str, ...],
                       i: int, stop: int) -> bool:
    """One cell per line, empty cells gone: the text taken for a row's 偏差原因 is the next
    row's name when the cells after it read as that row's values (分值 and 得分 where they
    stand) and not as a name and values one cell further on."""
    if columns[-1:] != ("note",) or len(values) != len(columns):
        return False
    last = values[-1]
    if not last.text or is_value(last.text) or cells[i - 1] is not last:
        return False
    width = len(columns) - 1  # the next row's values, its note left out
    if "score" not in columns:  # no 分值/得分 to go by: the next row's figures
        return _figures_at(cells, i, width, stop) and not _figures_at(cells, i + 1, width, stop)
    return _points_at(cells, i, width, stop, columns) and not _points_at(
        cells, i + 1, width, stop, columns)


def _figures_at(cells: Sequence[Cell], i: int, width: int, stop: int) -> bool:
    """Whether cells[i:i + width] read as a row's values in a table without 分值/得分: each a
    figure (`≥70%`, `68.3%`, `12次`, `—`), which no indicator's name is."""
    row = cells[i:min(i + width, stop)]
    return len(row) == width > 0 and all(
        not c.brk and c.text and not _is_caption(c.text) and _is_figure(c.text) for c in row)


def _is_figure(text: str) -> bool:
    return is_value(text) or parse_value(text).kind is ValueKind.QUANTITY


def _points_at(cells: Sequence[Cell], i: int, width: int, stop: int,
               columns: tuple[str, ...]) -> bool:
    """Whether cells[i:i + width] read as a row's values with 分值 and 得分 as bare numbers."""
    row = cells[i:min(i + width, stop)]
    if len(row) < width or any(c.brk or not c.text or _is_caption(c.text) for c in row):
        return False
    placed = dict(zip(columns, row, strict=False))
    return all(_is_bare_number(placed[k].text) for k in ("weight", "score") if k in placed)


def _is_short_form(text: str) -> bool:
    """`产出` rather than `产出指标`: a level name only when a level-2 name follows."""
    key = strip_score(compact(text))
    return key not in LEVEL1_NAMES


def _infer_layout(cells: Sequence[Cell], i: int, stop: int) -> tuple[str, ...]:
    """Without a header: Sichuan's split columns when an operator cell follows the name."""
    j = _next_text(cells, i, stop)
    if j is not None and _is_operator(cells[j].text):
        return _SPLIT_LAYOUT
    return _PLAIN_LAYOUT


def _align_indicator(values: list[Cell], columns: tuple[str, ...]
                     ) -> tuple[dict[str, Cell | None], bool]:
    """Row cells to columns: in place when they fit, else by the shape of each value."""
    in_place = dict(zip(columns, values, strict=False))
    if len(values) >= len(columns) or (
            len(values) == len(columns) - 1 and columns[-1] == "note"):
        extra = any(v.text for v in values[len(columns):])
        if _plausible(in_place):
            return in_place, extra
    mapping = _shape_align([v for v in values if v.text], columns)
    same = {k: v for k, v in mapping.items() if v is not None} == {
        k: v for k, v in in_place.items() if v.text}
    return mapping, not same


def _plausible(mapping: dict[str, Cell | None]) -> bool:
    def ok(key: str, test: object) -> bool:
        cell = mapping.get(key)
        return cell is None or not cell.text or is_value(cell.text) or bool(
            callable(test) and test(cell.text))

    return (ok("weight", None) and ok("score", None) and ok("op", _op_cell)
            and ok("unit", _unit_like))


#: Units printed as symbols in a 计量单位 cell.
_UNIT_SYMBOLS = frozenset({"%", "‰", "％", "(%)", "（%）"})


def _unit_like(text: str) -> bool:
    """A 计量单位 cell: a symbol, a unit word (`公里`, `万元`, one character), or short
    non-Chinese text (`km`, `m²`); words such as 明显改善 are a value whose unit cell is empty."""
    c = compact(text)
    if c in _UNIT_SYMBOLS or unit_word(c) or ("/" in c and len(c) <= 6):
        return True
    return len(c) <= 4 and not any("\u4e00" <= ch <= "\u9fff" for ch in c)


def _shape_align(values: list[Cell], columns: tuple[str, ...]) -> dict[str, Cell | None]:
    """Fewer values than columns (empty cells dropped by the flattening): place by shape.

    The target comes first (Sichuan: operator, value, unit); a trailing long text is the note;
    of the rest, one bare number is the 分值 (forms filled at target-setting time print only
    weights), two are 实际完成值 + 分值 unless both look like 分值/得分, three fill in order.
    """
    mapping: dict[str, Cell | None] = {}
    rest = list(values)
    if "op" in columns or "value" in columns:
        qualitative = False
        if rest and "op" in columns and _op_cell(rest[0].text):
            qualitative = compact(rest[0].text).startswith("定性")
            mapping["op"] = rest.pop(0)
        unit_first = "unit" in columns and "value" in columns and (
            columns.index("unit") < columns.index("value"))
        if rest and unit_first and _unit_like(rest[0].text) and len(rest) > 1:
            mapping["unit"] = rest.pop(0)
        if rest and "value" in columns:
            mapping["value"] = rest.pop(0)
        if (rest and "unit" in columns and not unit_first and not qualitative
                and _unit_like(rest[0].text) and len(rest) > 1):
            mapping["unit"] = rest.pop(0)
    elif rest and "target" in columns:
        if _weight_first(columns) and len(rest) > 1 and _is_bare_number(rest[0].text):
            mapping["weight"] = rest.pop(0)  # 分值 printed before the values (Ningxia)
        mapping["target"] = rest.pop(0)
    tail = [k for k in ("actual", "weight", "score") if k in columns and k not in mapping]
    if rest and "note" in columns and not is_value(rest[-1].text) and len(rest) > 1 and (
            len(compact(rest[-1].text)) > 6 or len(rest) > len(tail)):
        mapping["note"] = rest.pop()
    if len(rest) >= len(tail):
        mapping.update(zip(tail, rest, strict=False))
        return mapping
    if len(rest) == 1:
        only = rest[0]
        key = tail[0]
        if _is_bare_number(only.text) and "weight" in tail:
            key = "weight"
        elif _is_bare_number(only.text) and "weight" in mapping and "score" in tail:
            key = "score"  # after a 分值 printed before the values, the row's 得分
        mapping[key] = only
    elif len(rest) == 2 and tail == ["actual", "weight", "score"]:
        a, b = rest
        both_points = _is_bare_number(a.text) and _is_bare_number(b.text) and _points_pair(a, b)
        keys = ("weight", "score") if both_points else ("actual", "weight")
        mapping.update(zip(keys, rest, strict=True))
    else:
        mapping.update(zip(tail, rest, strict=False))
    return mapping


def _points_pair(a: Cell, b: Cell) -> bool:
    """Two bare numbers that read as 分值 then 得分 (the score not above the weight, ≤ 100)."""
    x = parse_printed(re.sub(r"分$", "", compact(a.text)))
    y = parse_printed(re.sub(r"分$", "", compact(b.text)))
    return x is not None and y is not None and 0 <= y <= x <= HUNDRED


def _weight_first(columns: tuple[str, ...]) -> bool:
    return "weight" in columns and columns.index("weight") < columns.index("target")


#: A target cell printing that none is set (a dash, or `一` for one).
_NO_TARGET = BLANKS | DASH_LOOKALIKES


def _actual_alone(rows: list[_IndRow], indicators: list[Indicator]) -> list[int]:
    """Rows short of a cell whose one text went to the target by shape (`_shape_align`)
    where another row of the table prints a blank target (`—`, `一`) before a text actual,
    as process rows do: that text is the row's 实际完成值, its target cell left empty.
    Returns the rows moved."""
    if not any(i.target in _NO_TARGET and i.actual and not is_value(i.actual)
               for i in indicators):
        return []
    moved = []
    for idx, (row, indicator) in enumerate(zip(rows, indicators, strict=True)):
        if row.misfit and indicator.actual is None and indicator.target is not None and (
                "actual" in row.columns and not is_value(indicator.target)):
            indicators[idx] = replace(indicator, target=None, actual=indicator.target)
            moved.append(idx)
    return moved


def _to_indicator(row: _IndRow) -> tuple[Indicator, dict[str, int]]:
    m = row.mapping
    lines: dict[str, int] = {"name": row.name.line}
    if "op" in row.columns or "value" in row.columns:
        parts = [m.get(k) for k in ("op", "value", "unit")]
        target = _composed_target(*(_text(p) for p in parts))
        where = next((p.line for p in (m.get("value"), m.get("op"), m.get("unit"))
                      if p is not None and p.text), None)
    else:
        target = _text(m.get("target"))
        where = m["target"].line if m.get("target") is not None and m["target"].text else None
    if where is not None and target is not None:
        lines["target"] = where
    for key in ("actual", "weight", "score", "note"):
        cell = m.get(key)
        if cell is not None and cell.text:
            lines[key] = cell.line
    indicator = Indicator(
        level1=row.level1, level2=row.level2, name=strip_enumerator(row.name.text) or None,
        target=target, actual=_text(m.get("actual")), weight=_number(m.get("weight")),
        score=_number(m.get("score")), note=_text(m.get("note")))
    return indicator, lines


def _composed_target(op: str | None, value: str | None, unit: str | None) -> str | None:
    """The target from its split columns (`≥` | `300` | `天`); a 指标性质 of 定量指标 is no
    operator, and a value printing its unit already (`40次` | `次`) does not get it twice."""
    if op is not None and compact(op) in KIND_WORDS:
        op = None
    if value and unit and compact(value).endswith(compact(unit)):
        unit = None
    return compose_split_value(op, value, unit)


# ---- total and grade


#: The cells of a 总分 row read when its first cells are empty (its caption merged over the
#: level and name columns): as many as a table has columns.
_TOTAL_ROW_MAX = 12


def _read_total(cells: Sequence[Cell], start: int, columns_have: tuple[bool, bool],
                printed: tuple[str, ...] = ()) -> _Part:
    """总分/合计 row (weight, score, maybe a trailing grade), 评分等级, 自评总分.

    `printed` is the indicator header's column keys when each caption stands in its own
    column, in printed order (empty when not known).
    """
    part = _Part()
    has_weight, has_score = columns_have
    for i in range(start, len(cells)):
        cell = cells[i]
        if not cell.text:
            continue
        kind = _caption_kind(cell.text)
        if kind is Role.TOTAL and "total" not in part.values:
            values, _ = _take_values(cells, i + 1, len(cells), 3)
            spanned = not any(v.text for v in values)
            if spanned and (under := _under_columns(cells, i, printed)) is not None:
                weight, score = under
                spanned = False
                values = [c for c in (weight, score) if c is not None]
            elif spanned:  # the caption merged over the name columns: empty cells, then numbers
                values = _spanned_row(cells, i)
                values = values[next((k for k, v in enumerate(values) if v.text), 0):]
            numbers: list[Cell] = []
            for v in values:
                if v.text and _GRADE_VALUE.match(compact(v.text)):
                    part.values.setdefault("grade", compact(v.text))
                    part.lines.setdefault("grade", v.line)
                    break
                if v.text and not is_value(v.text):
                    break
                numbers.append(v)
            if spanned:  # where its empty cells stand is not known: the numbers alone
                numbers = [n for n in numbers if n.text]
            weight, score = total_pair(numbers, has_weight=has_weight, has_score=has_score,
                                       keeps_empties=not spanned)
            part.values["total"] = Total(weight=_number(weight), score=_number(score))
            for key, c in (("total.weight", weight), ("total.score", score)):
                if c is not None and c.text:
                    part.lines[key] = c.line
            part.found = True
        elif (kind is Role.GRADE or _is_conclusion(cell.text)) and "grade" not in part.values:
            j = _next_text(cells, i + 1, min(len(cells), i + 4))
            if j is not None and _GRADE_VALUE.match(compact(cells[j].text)):
                part.values["grade"] = compact(cells[j].text)
                part.lines["grade"] = cells[j].line
        elif kind is None and "grade" not in part.values:
            m = _GRADE_INLINE.match(_norm(cell.text))
            if m:
                part.values["grade"] = m.group(1)
                part.lines["grade"] = cell.line
        if kind is Role.SELF_SCORE and "total" not in part.values and (
                pair := _scored_pair(cells, i)) is not None:
            weight, score = pair  # `绩效自评总分 | 100 | 98.77`: the 总分 row
            part.values["total"] = Total(weight=_number(weight), score=_number(score))
            part.lines["total.weight"], part.lines["total.score"] = weight.line, score.line
            part.found = True
        elif kind is Role.SELF_SCORE and "self_score" not in part.values:
            j = _next_text(cells, i + 1, min(len(cells), i + 3))
            m = re.match(r"^\d+(\.\d+)?", compact(cells[j].text)) if j is not None else None
            if m and j is not None:
                part.values["self_score"] = m.group(0)
                part.lines["self_score"] = cells[j].line
    return part


def _is_conclusion(text: str) -> bool:
    return _norm(text) in CONCLUSION_CAPTIONS


def _spanned_row(cells: Sequence[Cell], i: int) -> list[Cell]:
    """The cells after a total caption at `i` merged over the name columns; a run of padding
    within the caption's line is skipped (a tab copy keeping every cell prints the empty
    cells between 总分 and its numbers as such a run)."""
    values: list[Cell] = []
    j = i + 1
    while len(values) < _TOTAL_ROW_MAX:
        more, j = _take_values(cells, j, len(cells), _TOTAL_ROW_MAX - len(values))
        values += more
        if not (j + 1 < len(cells) and cells[j].brk and cells[j + 1].line == cells[i].line
                and not cells[j + 1].brk):
            return values
        j += 1
    return values


#: The columns a total row aligned with the header prints numbers under: 分值, 得分 and the
#: unread ones (a share column 权重占比 totals 100%).
_TOTAL_COLUMNS = frozenset({"weight", "score", "ignored"})


def _under_columns(cells: Sequence[Cell], i: int, printed: tuple[str, ...]
                   ) -> tuple[Cell | None, Cell | None] | None:
    """(分值, 得分) of a total row as wide as the indicator header, its caption in the first
    column: the cells under those columns (an export printing a share column 权重占比 beside
    分值 has three numbers there, and position alone tells them apart); None otherwise."""
    if "weight" not in printed and "score" not in printed:
        return None
    line = cells[i].line
    row = list(itertools.takewhile(lambda c: c.line == line and not c.brk, cells[i + 1:]))
    if len(row) != len(printed) - 1 or any(
            c.text and (key not in _TOTAL_COLUMNS or not is_value(c.text))
            for key, c in zip(printed[1:], row, strict=True)):
        return None  # a number outside 分值/得分 (or the unread columns): a row not aligned

    def under(key: str) -> Cell | None:
        return row[printed.index(key) - 1] if key in printed else None

    return under("weight"), under("score")


def _scored_pair(cells: Sequence[Cell], i: int) -> tuple[Cell, Cell] | None:
    """The (分值, 得分) a 自评总分 caption at `i` prints as a total row does: two numbers on
    its line, the second not above the first; None for a lone score (`自评总分 | 95`)."""
    values = [c for c in cells[i + 1:i + 4] if c.text and c.line == cells[i].line]
    if len(values) < 2 or not all(_is_bare_number(v.text) for v in values[:2]):
        return None
    weight, score = (parse_printed(re.sub(r"分$", "", compact(v.text))) for v in values[:2])
    if weight is None or score is None or not 0 <= score <= weight:
        return None
    return values[0], values[1]


def _header_self_score(total: _Part, head: Sequence[Cell]) -> None:
    """自评总分 printed in the header (a department form prints no 总分 row): the form's total
    score, when the cells after the table gave none."""
    printed = _read_total(head, 0, (True, True))
    if "self_score" in printed.values:
        total.values["self_score"] = printed.values["self_score"]
        total.lines["self_score"] = printed.lines["self_score"]


# ---------------------------------------------------------------- one form


def read_form_cells(cells: Sequence[Cell], filename: str | None = None, *, first: bool = False,
                    last: bool = False) -> ReadResult | None:
    """Read one form from its cells; None when nothing form-like is in them.

    Args:
        cells: the cells of one form (see `split_forms`).
        filename: named in provenance and findings.
        first: this is the first form of the text (it may begin mid-form).
        last: this is the last form of the text (it may be cut off).

    Returns:
        The form with its import findings and provenance, or None.
    """
    title = _read_title(cells)
    header = _read_header(cells, filename)
    texts = [c for c in cells if c.text]
    if texts and sum(c.squashed for c in texts) >= 0.5 * len(texts):
        return _read_squashed(cells, title, header, filename)
    funds = _read_funds(cells, filename)
    goals = _read_goals(cells, filename)
    starts_mid = first and not title.found and "project_name" not in header.values
    after = max(funds.end, goals.end)
    table = _read_indicators(cells, 0 if starts_mid else after, headerless=starts_mid,
                             filename=filename)
    columns = table.values.get("columns", set())
    total = _read_total(cells, table.end if table.found else after,
                        ("weight" in columns, "score" in columns),
                        table.values.get("printed", ()))
    if not ({"total", "self_score"} & total.values.keys()):
        _header_self_score(total, cells[:after])
    if not (header.values.get("project_name") or (funds.values.get("funds") or Funds()).rows
            or table.values.get("indicators") or total.found):
        return None
    _name_by_subject(title, header)
    findings = _form_findings(cells, title, header, funds, table, total, filename,
                              starts_mid=starts_mid, last=last)
    findings += header.findings + funds.findings + goals.findings + table.findings
    return _result(filename, findings, title, header, funds, goals, table, total)


def _name_by_subject(title: _Part, header: _Part) -> None:
    """A 部门整体 form printing no 项目名称 is named by the department its title names, else
    by the department it prints, else by its title (`parts.header.department_subject`)."""
    title_text, line = title.values.pop("subject", None), title.lines.pop("subject", None)
    if title_text is None or header.values.get("project_name"):
        return
    department = header.values.get("department")
    subject = department_subject(title_text, department)
    if subject is None:
        return
    if department and title_subject(title_text) is None:
        line = header.lines.get("department", line)
    header.values["project_name"] = subject
    if line is not None:
        header.lines["project_name"] = line


def _read_squashed(cells: Sequence[Cell], title: _Part, header: _Part, filename: str | None
                   ) -> ReadResult | None:
    """A whole form squashed onto a line or two: only captions that name their value count."""
    total = _read_total(cells, 0, (True, True))
    total.values = {k: v for k, v in total.values.items() if k == "self_score"}
    total.lines = {k: v for k, v in total.lines.items() if k == "self_score"}
    if not (header.values.get("project_name") or (title.found and (
            header.found or total.values))):
        return None
    _name_by_subject(title, header)
    first_line = next(c.line for c in cells if c.text)
    findings = [_finding("JX008", "", filename=filename, line=first_line)]
    if not header.values.get("project_name") and title.values.get("kind") != "department":
        findings.append(coded("JX001", path="project_name", source=_place(filename, None)))
    findings += header.findings
    return _result(filename, findings, title, header, _Part(), _Part(), _Part(), total)


def _result(filename: str | None, findings: list[Finding], title: _Part, header: _Part,
            funds: _Part, goals: _Part, table: _Part, total: _Part) -> ReadResult:
    form = _assemble(title, header, funds, goals, table, total)
    renames = {"unit": "funds.unit", "self_score": "total.score"}
    sources: dict[str, SourceRef] = {}
    for part in (title, header, funds, goals, table, total):
        for path, line in part.lines.items():
            sources.setdefault(renames.get(path, path), SourceRef(file=filename, line=line))
    return finish(form, findings, sources)


def _assemble(title: _Part, header: _Part, funds: _Part, goals: _Part, table: _Part,
              total: _Part) -> Form:
    printed = total.values.get("total") or Total(score=total.values.get("self_score"))
    return Form(
        project_name=header.values.get("project_name") or "",
        kind=title.values.get("kind", "project"),
        year=title.values.get("year") or _int(header.values.get("year")),
        department=header.values.get("department"),
        implementing_unit=header.values.get("implementing_unit"),
        funds=funds.values.get("funds") or _NO_FUNDS,
        goals=Goals(expected=goals.values.get("expected"), actual=goals.values.get("actual")),
        indicators=table.values.get("indicators", ()),
        total=printed,
        grade=total.values.get("grade"),
    )


#: A form that prints no funds block prints no unit either (a capture's tail, cut before it).
_NO_FUNDS = Funds(unit=None)


def _int(text: str | None) -> int | None:
    return int(text) if text else None


def _form_findings(cells: Sequence[Cell], title: _Part, header: _Part, funds: _Part,
                   table: _Part, total: _Part, filename: str | None, *, starts_mid: bool,
                   last: bool) -> list[Finding]:
    first_line = next((c.line for c in cells if c.text), None)
    last_line = next((c.line for c in reversed(cells) if c.text), None)
    kind = title.values.get("kind", "project")
    findings: list[Finding] = []
    if starts_mid:
        findings.append(_finding("JX005", f"第{first_line}行", line=first_line,
                                 filename=filename))
    findings += form_findings(Found(
        project_name=bool(header.values.get("project_name")), department_form=kind != "project",
        funds=funds.found or starts_mid,
        indicators=table.found and bool(table.values.get("indicators")),
        total="total" in total.values or "self_score" in total.values,
        start=_place(filename, first_line), elsewhere=_place(filename, None)))
    cut = table.found and table.values.get("cut") and "total" not in total.values
    if last and (cut or not table.found) and "total" not in total.values:
        findings.append(_finding("JX006", f"文本止于第{last_line}行", line=last_line,
                                 filename=filename))
    return findings


# ---------------------------------------------------------------- public API


def read_cells(text: str, *, filename: str | None = None, first_line: int = 1
               ) -> list[ReadResult]:
    """Every form in a cell-stream text, in order, each with import findings and provenance.

    Several forms in one text are cut at their titles or at a repeated 项目名称; a text that
    begins or ends mid-form gives what is there plus findings (JX005, JX006). Odd input never
    raises: text without any form gives `[]`.

    Args:
        text: the text as captured (web-page table flattened to text).
        filename: the file named in provenance (`SourceRef.file`) and findings.
        first_line: the number of the text's first line in that file.

    Returns:
        One `ReadResult` per form found, in printed order.
    """
    cells = tokenize(text, first_line)
    segments = split_forms(cells)
    results: list[ReadResult] = []
    for n, segment in enumerate(segments):
        result = read_form_cells(segment, filename, first=n == 0, last=n == len(segments) - 1)
        if result is not None:
            results.append(result)
    return results


def sniff_cells(text: str) -> float:
    """How likely the text is a flattened web table (0..1).

    Pipes as cell separators are the strong signal; without them, lines that hold exactly one
    caption or one number (and few lines holding several numbers, as PDF text does) are.

    Args:
        text: the text as captured.

    Returns:
        A score in 0..1; 0.5 and above means "read it with `read_cells`".
    """
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    if not lines:
        return 0.0
    piped = sum(1 for ln in lines if "|" in ln or "｜" in ln)
    ratio = piped / len(lines)
    if piped >= 3 and ratio >= 0.2:
        return round(min(1.0, 0.6 + 0.8 * ratio), 3)
    tabbed = sum(1 for ln in lines if "\t" in ln)
    if tabbed >= 3 and tabbed / len(lines) >= 0.3:
        return 0.6
    return _one_cell_score(lines)


def _one_cell_score(lines: Iterable[str]) -> float:
    lone = mixed = multi_numbers = total = 0
    for ln in lines:
        total += 1
        tokens = ln.split()
        if sum(1 for t in tokens if is_number(t)) >= 2:
            multi_numbers += 1
        if _is_caption(ln):
            lone += 1
        elif any(_is_caption(t) for t in tokens):
            mixed += 1
    if total == 0 or lone < 3:
        return 0.0
    if multi_numbers > 0.05 * total or mixed >= lone:
        return 0.2
    return round(min(0.8, 0.4 + lone / total), 3)


__all__ = [
    "FINDING_CODES",
    "Cell",
    "indicator_columns",
    "read_cells",
    "read_form_cells",
    "sniff_cells",
    "split_forms",
    "tokenize",
]
