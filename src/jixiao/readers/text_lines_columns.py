"""Indicator tables copied as lines under a two-row header (表头两行), one row per line.

System exports print the indicator header on two lines — group captions (预期指标值, 自评得分)
over the captions of their columns (符号 | 值 | 单位, 单项指标得分 | 权重占比 | 单项指标折算得分) —
and each indicator on one line, a value per column (an empty 值 caption is lost in copying, as
is a carried-down 一级指标). Such a table is read by its columns
(`parts.indicator_header.merge_rows`) rather than by the line reader's own row rules.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

from jixiao.readers.parts.indicator_header import merge_rows
from jixiao.readers.vocabulary import (
    LEVEL1_NAMES,
    CaptionKind,
    caption_kinds,
    classify,
    is_level_name,
    sub_caption,
)

K = CaptionKind

_KEYS: dict[CaptionKind, str] = {
    K.LEVEL1: "level1", K.LEVEL2: "level2", K.LEVEL3: "name", K.NOTE: "note", K.REMARK: "note",
    K.OPERATOR: "op", K.UNIT: "unit", K.ACTUAL: "actual", K.TARGET: "target", K.VALUE: "value",
    K.WEIGHT: "weight", K.SCORE: "score", K.SELF_SCORE: "score", K.IGNORED_COLUMN: "ignored"}
#: The block caption a header line may begin with (`四、年度绩效指标完成情况`): no column.
_NO_COLUMN = frozenset({K.INDICATOR_BLOCK})


class ColumnRow(NamedTuple):
    """An indicator row read by columns: its line and its values by key (target built from
    符号/值/单位 when split)."""

    line: int
    values: dict[str, str]


def rejoined(tokens: Sequence[str], known: Callable[[str], bool]) -> list[str]:
    """The tokens with a word a blank split joined back (`实际完成 值`, `产出指 标`): a token
    that is not `known` and makes a known word with the next token."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if i + 1 < len(tokens) and not known(token) and known(token + tokens[i + 1]):
            token, i = token + tokens[i + 1], i + 1
        out.append(token)
        i += 1
    return out


def _keys(text: str, kind_of: Callable[[str], CaptionKind | None]) -> list[str] | None:
    """The column keys a header line prints; None when a token is no column caption. A
    caption split where a piece is itself a caption (`一级 指标`) is read whole."""
    out: list[str] = []
    for token in rejoined(text.split(), lambda t: kind_of(t) is not None):
        kind = kind_of(token)
        if kind in _NO_COLUMN and not out:
            continue
        key = _KEYS.get(kind) if kind is not None else None
        if key is None:
            return _split_keys(text) if kind_of is classify else None
        out.append(key)
    return out


def _split_keys(text: str) -> list[str] | None:
    kinds = caption_kinds(text.split())
    if kinds is None:
        return None
    while kinds and kinds[0] in _NO_COLUMN:
        kinds = kinds[1:]
    keys = [_KEYS.get(k) for k in kinds]
    return None if None in keys else [k for k in keys if k is not None]


def header_columns(first: str, second: str) -> tuple[str, ...] | None:
    """The columns of a two-line indicator header, or None when the lines are not one.

    A target split as 符号 | 单位 has its 值 column between them, its empty caption lost."""
    top, sub = _keys(first, classify), _keys(second, sub_caption)
    if not top or not sub or "level1" not in top:
        return None
    columns = merge_rows(top, sub)
    if columns is None:
        return None
    if "op" in columns and "unit" in columns and "value" not in columns:
        at = columns.index("op") + 1
        columns = (*columns[:at], "value", *columns[at:])
    return columns


def _row(tokens: Sequence[str], columns: tuple[str, ...], carried: bool
         ) -> dict[str, str] | None:
    """A line's values by column; the first column (一级) `carried` down from a row above when
    one value is missing and the line does not begin with a 一级 name."""
    if len(tokens) == len(columns) - 1 and columns[0] == "level1":
        if not carried or (tokens and tokens[0] in LEVEL1_NAMES):
            return None
        columns = columns[1:]
    elif len(tokens) != len(columns):
        return None
    values: dict[str, str] = {}
    for key, token in zip(columns, tokens, strict=True):
        if key != "ignored":
            values[key] = values.get(key, "") + token
    if any(k in values for k in ("op", "value", "unit")) and "target" not in values:
        values["target"] = "".join(values.get(k, "") for k in ("op", "value", "unit"))
    return values


class _Line(NamedTuple):
    number: int
    text: str


def read_by_columns(lines: Sequence[tuple[int, str]], ends: Callable[[str], bool],
                    has_value: Callable[[str], bool]) -> list[ColumnRow] | None:
    """The rows of a table under a two-line header, or None when it is not such a table: a
    line that fits no row before the last row, or one holding a value after it, leaves the
    table to the line reader's own rules. Lines after the last row without any value
    (a trailing caption) are not read."""
    rows = [_Line(*ln) for ln in lines[:2]]
    # the first header line names 一级指标: the quick no for every other table
    found = next(((i, cols) for i in range(min(2, len(lines) - 1))
                  if "级" in rows[i].text
                  and (cols := header_columns(rows[i].text, lines[i + 1][1])) is not None),
                 None)
    if found is None:
        return None
    at, columns = found
    out: list[ColumnRow] = []
    misfits: list[_Line] = []
    for ln in (_Line(*ln) for ln in lines[at + 2:]):
        if ends(ln.text):
            break
        values = _row(rejoined(ln.text.split(), is_level_name), columns, bool(out))
        if values is None:
            misfits.append(ln)
            continue
        if misfits:
            return None
        out.append(ColumnRow(ln.number, values))
    if not out or any(has_value(t) for ln in misfits for t in ln.text.split()):
        return None
    return out


__all__ = ["ColumnRow", "header_columns", "read_by_columns"]
