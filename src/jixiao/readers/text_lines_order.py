"""Indicator rows read by the header's column order, a row per line (or several).

The header says which columns a table has and in what order: 分值 before 年度指标值, no
分值/得分 at all, a target split as 指标性质 | 指标值 | 度量单位, or a system export's definition
and status columns around the values. The line reader's own rules look for a 分值/得分 pair
after the target and actual; for any other order each line is read as a row by trying the
splits the order allows — a cell left blank only where a column may be (a carried-down
一级/二级, a blank 符号 or 单位, the note), a name never holding a value's word (a number, an
operator), a value never a unit or an operator alone — and keeping those the arithmetic
accepts (得分 ≤ 分值 ≤ 100, target and actual sharing unit and operator). Among them the ones
with the fewest blank cells (the note aside) are read: a blank between words separates cells;
where they differ (a name of two words, or a name and a target in words), the fields they
dispute are left empty and reported (JX042), never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Iterator, Sequence
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from jixiao.core.findings import Finding, SourceRef
from jixiao.core.values import KIND_WORDS
from jixiao.readers.base import import_finding
from jixiao.readers.glued_text import FIELD_NAMES
from jixiao.readers.segment_numbers import OPERATORS
from jixiao.readers.segment_values import measure_of, unit_word
from jixiao.readers.text_lines_columns import ColumnRow, _keys, header_columns, rejoined
from jixiao.readers.text_norm import join_lines
from jixiao.readers.vocabulary import (
    LEVEL1_NAMES,
    LEVEL2_NAMES,
    SCORE_SUFFIX,
    TEMPLATE_VALUE_COLUMNS,
    WRAP_FRAGMENTS,
    canonical_level1,
    classify,
    compact,
    exact_kind,
    full_level,
    is_level_name,
    level1_family,
    strip_score,
)

#: Value columns in the order the line reader's own rules read (target, actual, 分值, 得分;
#: or a single 得分): other orders are read here.
_USUAL = (TEMPLATE_VALUE_COLUMNS, ("target", "actual", "score"))
_VALUE_KEYS = frozenset({"target", "op", "value", "unit", "actual", "weight", "score"})
#: Header lines looked for at the top of the section (a block caption may come first).
_HEADER_LINES = 3
_SCORE = re.compile(r"^\d{1,3}(?:\.\d{1,2})?分?$")
_HUNDRED = Decimal(100)
_OPERATOR_CHARS = frozenset("≥≤><=≧≦⩾⩽")
#: 指标性质 words that are no operator: not part of the target as printed.
_OPERATOR_WORDS = frozenset({*OPERATORS, "定性", "定性指标", *KIND_WORDS})
_UNIT_MAX = 10
_SIGN_UNITS = frozenset({"%", "％", "‰", "‱"})
_UNIT_FACTORS = re.compile("[/·・]")
#: Lines a row wrapped over is read from, at most.
_WRAPPED_LINES = 3
#: The row's fields as the form names them, in its order.
_NAMES = {"level1": "一级指标", "level2": "二级指标", "name": "三级指标",
          **{k: FIELD_NAMES[k] for k in ("target", "actual", "weight", "score")},
          "note": "偏差原因分析及改进措施"}
_BRACKETED = re.compile(r"[(（][^)）]*[)）]$")
_SENTENCE = re.compile(r"[，,。；;！？]")
#: A value run into the level name of the next row (`10效益指标`: a fold rejoined without
#: its blank).
_GLUED_LEVEL = re.compile("([\\d%])(" + "|".join(sorted(
    {*LEVEL1_NAMES, *LEVEL2_NAMES}, key=len, reverse=True)) + ")(?=\\s|[(（]|$)")


class Header(NamedTuple):
    """An indicator header whose order the line reader's rules do not read: its columns, the
    index of the first line after it, and the 一级/二级 names printed after its captions on
    its last line (a form squashed onto one line and broken at its captions)."""

    columns: tuple[str, ...]
    body: int
    levels: tuple[str, ...] = ()


def order_columns(lines: Sequence[tuple[int, str]]) -> Header | None:
    """The columns a one- or two-line indicator header names, when their order is one the
    line reader's rules do not read."""
    for i in range(min(_HEADER_LINES, len(lines))):
        text = lines[i][1]
        if "级" not in text and "指标" not in text:
            continue
        found = _header_at(text, lines[i + 1][1] if i + 1 < len(lines) else None)
        if found is not None:
            header, lines_used = found
            return None if header is None else header._replace(body=i + lines_used)
    return None


@lru_cache(maxsize=256)  # a batch prints one template's header on every form
def _header_at(text: str, below: str | None) -> tuple[Header | None, int] | None:
    """The header starting at the line `text` (with the line `below` it): the unusual one, or
    None for a usual one, and the lines it takes; None when the line starts no header."""
    if below is not None:
        two = header_columns(text, below)
        if two is not None:
            return (Header(two, 0) if _unusual(two) else None), 2
        merged = _wrapped_captions(text.split(), below.split())
        keys = _keys(" ".join(merged), classify) if merged else None
        if keys and "name" in keys and _unusual(keys):
            return Header(tuple(keys), 0), 2
    words = text.split()
    cut = len(words)
    while cut and is_level_name(words[cut - 1]):
        cut -= 1
    one = _keys(" ".join(words[:cut]), classify)
    if one and "name" in one:
        return (Header(tuple(one), 0, tuple(words[cut:])) if _unusual(one) else None), 1
    return None


def _wrapped_captions(top: list[str], below: list[str]) -> list[str] | None:
    """The top line's captions with the second line's pieces joined on (`指标` over `性质`,
    `实际` over `完成值`): a narrow cell wraps its caption, and a stripped line keeps no
    columns, so each piece goes to the first caption, from the last one joined on, that it
    completes. None when a piece completes none, or the top line wraps none of its captions
    (`指标` over `性质` is 指标性质, not the 指标值 beside it)."""
    out = list(top)
    at = 0
    for piece in below:
        while at < len(out) and exact_kind(out[at] + piece) is None:
            at += 1
        if at == len(out):
            return None
        out[at] += piece
        at += 1
    return out if below and any(exact_kind(t) is None for t in top) else None


def _unusual(columns: Sequence[str]) -> bool:
    values = tuple(k for k in columns if k in _VALUE_KEYS)
    if "op" not in values and "unit" not in values:  # 指标值 alone is the target column
        values = tuple("target" if k == "value" else k for k in values)
    return "name" in columns and values not in _USUAL and (
        "target" in values or "value" in values)


def read_by_order(lines: Sequence[tuple[int, str]], ends: Callable[[str], bool],
                  has_value: Callable[[str], bool], filename: str | None,
                  breaks: Container[int] = ()) -> tuple[list[ColumnRow], list[Finding]] | None:
    """The rows of a table whose header's column order is unusual, a row per line or several
    (a squashed form); lines no row fits are reported (JX031). None (the line reader's rules
    then read it) when there is no such header, or as many lines with a value fit no row as
    fit one."""
    header = order_columns(lines)
    if header is None:
        return None
    columns = header.columns
    rows: list[ColumnRow] = []
    findings: list[Finding] = []
    unread: list[tuple[int, str, bool]] = []  # lines no row fits: number, text, with a value
    waiting: list[tuple[int, list[str]]] = []  # of them, those just before: number, tokens
    levels = list(header.levels)  # 一级/二级 names printed on a line of their own
    for number, text in lines[header.body:]:
        if ends(text):
            break
        tokens = [*levels, *_tokens(text, columns)]
        cut = _levels_at_end(tokens)
        if cut == 0:
            levels = tokens
            continue
        read = _read_rows(tokens[:cut], columns, carried=True)
        for k in range(len(waiting)) if read is None else ():
            # a row wrapped over lines: the lines no row fitted just above, with this one
            joined = [t for _, words in waiting[k:] for t in words] + tokens
            cut = _levels_at_end(joined)
            read = _read_rows(joined[:cut], columns, carried=True)
            if read is not None:
                number, tokens = waiting[k][0], joined
                del unread[len(unread) - len(waiting) + k:]
                break
        if read is None:
            if rows and _level_tail(rows[-1].values, text):
                continue
            if rows and "note" in rows[-1].values and not any(c.isdigit() for c in text):
                note = rows[-1].values["note"]  # the note wrapped onto this line
                rows[-1].values["note"] = join_lines([note, text])
                continue
            if not rows and _captions_only(tokens):
                continue  # the header's wrapped captions (及改进措施), a vertical caption
            unread.append((number, text, any(has_value(t) for t in text.split())))
            waiting = [*waiting[-(_WRAPPED_LINES - 1):], (number, tokens)]
            continue
        waiting = []
        levels = tokens[cut:]
        for values, disputed in read:
            if disputed:
                findings.append(import_finding(
                    "JX042", f"「{compact(text)[:30]}」的"
                    f"{'、'.join(_NAMES[k] for k in _NAMES if k in disputed)}",
                    source=SourceRef(file=filename, line=number)))
            rows.append(ColumnRow(number, values))
    for page in _pages(rows, breaks):
        _name_unlabelled(page)
    last = rows[-1].line if rows else 0
    # text after the last row without a value is not the table's (填表人 …)
    unread = [u for u in unread if u[0] < last or u[2]]
    if sum(with_value for *_, with_value in unread) >= len(rows):
        return None  # the header's order does not describe these lines
    findings += [import_finding("JX031", f"「{compact(text)[:30]}」不合表头的栏目顺序",
                                source=SourceRef(file=filename, line=number))
                 for number, text, _ in unread]
    return rows, findings


def _level_tail(values: dict[str, str], text: str) -> bool:
    """A level name's wrapped end on the line below its row (`服务对象满意度` / `指标`),
    joined to it; False when the line ends no level name of the row."""
    for key in ("level2", "level1"):
        name = values.get(key)
        if name and compact(text) and is_level_name(name + compact(text)) \
                and not is_level_name(compact(text)):
            values[key] = name + compact(text)
            return True
    return False


def _pages(rows: list[ColumnRow], breaks: Container[int]) -> Iterator[list[ColumnRow]]:
    """The rows page by page: a page break (`breaks`, the lines a page begins with) falls
    between two rows."""
    start = 0
    for i in range(1, len(rows)):
        if any(b in breaks for b in range(rows[i - 1].line + 1, rows[i].line + 1)):
            yield rows[start:i]
            start = i
    yield rows[start:]


def _name_unlabelled(rows: list[ColumnRow]) -> None:
    """Rows read before any 一级 (二级) name take the first one read after them: page order
    prints a merged cell's caption beside the middle of its rows, after the first. So do a
    page's first rows (a page break cuts the table, each page printing its part of a merged
    cell's caption on its own rows). A row whose 二级 belongs to another 一级 than that one
    (`时效指标` above `效益指标`) is the end of a group the page before began: it is left to
    take the 一级 carried down."""
    for key in ("level1", "level2"):
        first = next((row.values[key] for row in rows if key in row.values), None)
        for row in rows:
            if key in row.values or first is None or (key == "level1" and _other_family(
                    row.values.get("level2"), first)):
                break
            row.values[key] = first


def _other_family(level2: str | None, level1: str) -> bool:
    """Whether a printed 二级 is known to belong to a 一级 other than `level1`."""
    family = level1_family(level2)
    return family is not None and family != full_level(canonical_level1(level1))


def _levels_at_end(tokens: Sequence[str]) -> int:
    """Where the 一级/二级 names that end a line begin (a squashed form is broken before a
    level name only when a blank follows it, `满意度指标（10分）` stays with the row above):
    they name the rows of the next line."""
    cut = len(tokens)
    while cut and len(tokens) - cut < 2 and is_level_name(tokens[cut - 1]):
        cut -= 1
    return cut


def _points_joined(tokens: list[str]) -> list[str]:
    """A group's `(NN分)` printed apart from its name (`产出指标 （50分）`) joined to it."""
    out: list[str] = []
    for token in tokens:
        if out and token[:1] in "(（" and SCORE_SUFFIX.fullmatch(token):
            out[-1] += token
        else:
            out.append(token)
    return out


def _captions_only(tokens: Sequence[str]) -> bool:
    return all(t in WRAP_FRAGMENTS or len(t) == 1 or classify(t) is not None for t in tokens)


def _tokens(text: str, columns: Sequence[str]) -> list[str]:
    """The line's words, a word a blank split joined back, and an operator or a unit
    printed apart from its number (`≥ 90`, `1200 万平方米`) joined to it when the table has
    no column of its own for it."""
    text = SCORE_SUFFIX.sub(lambda m: compact(m.group()), text)  # `（ 50 分）`
    text = _GLUED_LEVEL.sub(r"\1 \2", text)
    tokens = rejoined(_points_joined(text.split()), is_level_name)
    ops, units = "op" not in columns, "unit" not in columns
    out: list[str] = []
    for token in tokens:
        if out and ((ops and out[-1] in OPERATORS and token[:1].isdigit())
                    or (units and out[-1][-1:].isdigit() and _unit(token))):
            out[-1] += token
        else:
            out.append(token)
    return out


Reading = dict[str, str]
_Cells = list[tuple[str, list[str]]]
#: Best readings of a line kept while reading it (more differ only where nothing decides).
_KEPT = 8


def _read_rows(tokens: Sequence[str], columns: Sequence[str], carried: bool
               ) -> list[tuple[Reading, frozenset[str]]] | None:
    """The rows a line holds, each with the keys its best readings dispute, or None.

    A line holds one row or several (a squashed form broken only at its captions): the
    reading with the most rows is taken (a note never holds a whole row), then the one with
    the fewest blank cells."""
    n = len(tokens)
    best: dict[int, list[tuple[tuple[int, int], list[_Cells]]]] = {n: [((0, 0), [])]}
    for pos in range(n - 1, -1, -1):
        found: list[tuple[tuple[int, int], list[_Cells]]] = []
        for end in range(pos + 1, n + 1):
            if not best.get(end):
                continue
            for cells in _row_readings(tokens[pos:end], columns, carried or pos > 0):
                for (rows, blanks), tail in best[end]:
                    found.append(((rows - 1, blanks + _rank(cells)), [cells, *tail]))
        if found:
            top = min(score for score, _ in found)
            best[pos] = [f for f in found if f[0] == top][:_KEPT]
    if not best.get(0):
        return None
    paths = [path for _, path in best[0]]
    out: list[tuple[Reading, frozenset[str]]] = []
    for i, cells in enumerate(paths[0]):
        values = _values(cells)
        others = [_values(path[i]) for path in paths[1:]]
        disputed = frozenset(k for other in others for k in {*values, *other}
                             if values.get(k) != other.get(k))
        out.append(({k: v for k, v in values.items() if k not in disputed}, disputed))
    return out


def _row_readings(tokens: Sequence[str], columns: Sequence[str], carried: bool
                  ) -> list[_Cells]:
    """The readings of tokens as one row that the arithmetic accepts."""
    readings = [r for r in _readings(tokens, columns, 0, 0, carried) if _agrees(r, columns)]
    if len(tokens) == len(columns):
        # every cell printed, one word each: also a row whose 一级/二级 cells print a caption
        # that is no level name (预算执行率 …)
        readings += [r for r in _exact(tokens, columns) if _agrees(r, columns)]
    return readings


def _rank(reading: list[tuple[str, list[str]]]) -> int:
    """The blank cells of a reading, the note's aside (a note is mostly blank); a blank 二级
    beside a printed 一级 counts twice: a new 一级 prints its 二级 beside it unless it stands
    on its block's middle row (`成本指标 单位成本 …` under 时效指标 is a 二级)."""
    blanks = sum(1 for key, words in reading if not words and key != "note")
    cells = dict(reading)
    return blanks + (bool(cells.get("level1")) and "level2" in cells and not cells["level2"])


def _readings(tokens: Sequence[str], columns: Sequence[str], at: int, pos: int,
              carried: bool) -> Iterator[list[tuple[str, list[str]]]]:
    """Every split of tokens[pos:] over columns[at:] the cells' shapes allow."""
    if at == len(columns):
        if pos == len(tokens):
            yield []
        return
    key = columns[at]
    for length in _lengths(tokens, pos, key, columns, at, carried):
        cell = list(tokens[pos:pos + length])
        for rest in _readings(tokens, columns, at + 1, pos + length, carried):
            yield [(key, cell), *rest]


def _lengths(tokens: Sequence[str], pos: int, key: str, columns: Sequence[str], at: int,
             carried: bool) -> Iterator[int]:
    left = len(tokens) - pos
    first = tokens[pos] if left else ""
    if key == "note" or (key == "ignored" and at == len(columns) - 1):
        yield left
        return
    if key in ("level1", "level2"):
        names = LEVEL1_NAMES if key == "level1" else LEVEL2_NAMES
        if left and (strip_score(compact(first)) in names or (
                key == "level2" and pos and _level_cell(columns, at, pos)
                and not _value_like(first) and not is_level_name(first))):
            yield 1  # after a 一级 cell printed, the 二级 cell even in other words
        if carried:  # a 一级 printed on its group's middle row beside no 二级 too
            yield 0
        return
    if key == "name":
        if not left or _value_like(first) or is_level_name(first):
            return
        stop = pos + 1
        yield 1
        while stop < len(tokens) and not _value_like(tokens[stop]):
            stop += 1
            yield stop - pos
        return
    if key in ("op", "unit"):
        if left and (first in _OPERATOR_WORDS if key == "op" else _unit(first)):
            yield 1
        yield 0
        return
    if not left:
        return
    if key in ("weight", "score") and _SCORE.match(first) is None:
        return
    if key in ("target", "value", "actual") and (
            _unit(first) or first in _OPERATOR_WORDS or _SENTENCE.search(first)):
        return  # a unit or an operator alone is no value, nor is a sentence (the note's)
    yield 1


def _level_cell(columns: Sequence[str], at: int, pos: int) -> bool:
    """Whether the 一级 cell just before a 二级 cell was printed (a new 一级 prints its 二级)."""
    return columns[at - 1] == "level1" and pos > 0


def _value_like(token: str) -> bool:
    """A word that begins a value (a number, an operator), never a name's."""
    return token[:1].isdigit() or token[:1] in _OPERATOR_CHARS or token in OPERATORS


def _unit(token: str) -> bool:
    if len(token) > _UNIT_MAX or any(c.isdigit() for c in token):
        return False
    core = _BRACKETED.sub("", token) or token
    # a rate per mille, and a compound unit's factors (`元/人·月`: per person and month)
    return core in _SIGN_UNITS or all(unit_word(p) for p in _UNIT_FACTORS.split(core))


def _exact(tokens: Sequence[str], columns: Sequence[str]
           ) -> Iterator[list[tuple[str, list[str]]]]:
    reading = [(key, [token]) for key, token in zip(columns, tokens, strict=True)]
    if all(_SCORE.match(t) for k, [t] in reading if k in ("weight", "score")) and all(
            _level_word(k, t) for k, [t] in reading if k in ("level1", "level2")):
        yield reading


def _level_word(key: str, token: str) -> bool:
    """A 一级/二级 cell's word: a name of its level, or a word that is no level name."""
    name = strip_score(compact(token))
    return name in (LEVEL1_NAMES if key == "level1" else LEVEL2_NAMES) or not is_level_name(name)


def _agrees(reading: list[tuple[str, list[str]]], columns: Sequence[str]) -> bool:
    """The arithmetic of a reading: 得分 ≤ 分值 ≤ 100; target and actual, when both are
    quantities, share their unit (or the actual is a bare number) and operator."""
    values = _values(reading)
    weight, score = values.get("weight"), values.get("score")
    if score is not None and Decimal(score.removesuffix("分")) > (
            Decimal(weight.removesuffix("分")) if weight is not None else _HUNDRED):
        return False
    if weight is not None and Decimal(weight.removesuffix("分")) > _HUNDRED:
        return False
    target, actual = values.get("target"), values.get("actual")
    if not target or not actual:
        return True
    t, a = measure_of(target), measure_of(actual)
    if t.is_text or a.is_text:
        return not (a.operator or (a.is_text and actual[:1] in _OPERATOR_CHARS))
    if a.operator and a.operator != t.operator:
        return False
    return a.unit == t.unit or not a.unit or "unit" in columns


def _values(reading: list[tuple[str, list[str]]]) -> Reading:
    """The reading as the row's values: levels without their `(N分)`, the target built from
    its split cells (an operator word such as 定性 is not printed into it; of two target
    columns, 年初 and 调整后, the later one, which the year is judged by)."""
    out: Reading = {}
    for key, words in reading:
        if not words or key == "ignored":
            continue
        text = join_lines(words) if key in ("name", "note") else "".join(words)
        out[key] = strip_score(text) if key in ("level1", "level2") else text
    if "value" in out or "op" in out or "unit" in out:
        op = out.pop("op", "")
        value = out.pop("value", None) or out.get("target", "")
        out["target"] = (op if op in OPERATORS else "") + value + out.pop("unit", "")
    return out


__all__ = ["order_columns", "read_by_order"]
