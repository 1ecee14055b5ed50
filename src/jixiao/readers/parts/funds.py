"""The funds table (项目资金 / 预算执行情况): its columns, its rows, the execution-rate item.

Every layout locates the funds block its own way (a run of cells, grid rows under a header
row, lines) and hands the captions and rows here: the columns come from their captions
(`columns_from`), a row whose cells were lost is aligned by the shape of its values and the
rate they must satisfy (`align`), and `funds_part` builds `Funds` with the place of every
value — the 分值/执行率/得分 item from the 年度资金总额 row, the 分值 from the block
caption (`(20分)`) when no column prints it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Generic, TypeVar

from jixiao.core.model import Funds, FundsRow
from jixiao.core.money import parse_printed
from jixiao.readers.shapes import BLANK_MARKS, is_rate, is_value
from jixiao.readers.vocabulary import (
    BUDGET_LEVEL,
    CaptionKind,
    classify,
    compact,
    funds_source,
    score_in,
)

K = CaptionKind
P = TypeVar("P")  # a place in the source: a line number, a SourceRef
V = TypeVar("V")  # a value as the layout holds it: a cell, a token

#: The national template's columns, in order: read when a block prints no column captions.
FUNDS_DEFAULT = ("initial", "annual", "executed", "weight", "rate", "score")
AMOUNTS = ("initial", "annual", "executed", "rate")
#: A column no funds key holds (资金到位情况 / 到位数): it keeps its place, its values go unread.
IGNORED = "ignored"
_KEYS: dict[CaptionKind, str] = {
    K.FUNDS_INITIAL: "initial", K.FUNDS_ANNUAL: "annual", K.FUNDS_EXECUTED: "executed",
    K.FUNDS_RATE: "rate", K.WEIGHT: "weight", K.SCORE: "score", K.NOTE: "reason",
    K.REMARK: "reason", K.IGNORED_COLUMN: IGNORED}
#: Tolerance, in percentage points, when checking 执行数 / 预算数 = 执行率.
HALF = Decimal("0.5")


# Either colon, not NFKC of the text: the words are CJK, which NFKC leaves alone, and most
# lines of a form pass here.
_UNIT_CAPTION = re.compile(r"^(金额|资金)?单位([:：])?(万元|元)?$")
_UNIT_IN_RUN = re.compile(r"(?:金额|资金)单位[:：]?(万元|元)")
_UNITS = ("万元", "元")


def printed_unit(text: str, after: str | None = None) -> str | None:
    """The money unit a `金额单位：万元` caption prints, in its own cell or in the cell
    `after` it (`金额单位 | 万元`), or among the other fields of a run; a bare `单位` needs the
    colon or the 金额/资金 to count."""
    c = compact(text)
    if "单位" not in c:  # what every such caption prints: most lines are told apart here
        return None
    m = _UNIT_CAPTION.match(c)
    if m is None:  # among other fields of a run (`…实施单位 乙 金额单位：万元`)
        inside = _UNIT_IN_RUN.search(c)
        return inside.group(1) if inside else None
    if not (m.group(1) or m.group(2)):
        return None
    if m.group(3):
        return m.group(3)
    nxt = compact(after or "")
    return nxt if nxt in _UNITS else None


#: The execution item's own 分值/得分 columns named after it (`执行率权重`, `执行率得分(分)`):
#: the word that ends the caption says which, not the 执行率 it begins with.
_ITEM_POINTS = re.compile(r"^(?:预算)?执行率(?P<key>权重|分值|得分)$")


def column_key(caption: str) -> str | None:
    """The funds column a caption heads (`全年预算数（A）` → `annual`), or None."""
    item = _ITEM_POINTS.match(re.sub(r"[(（][^)）]*[)）]", "", compact(caption)))
    if item is not None:
        return "score" if item.group("key") == "得分" else "weight"
    kind = classify(caption)
    return _KEYS.get(kind) if kind is not None else None


def columns_from(keys: Iterable[str | None]) -> tuple[str, ...]:
    """The column keys in printed order; a group caption (`年度预算数` above `年初预算 |
    调整后预算数`) that repeats a later key goes, and so does a 执行率 split off the item's
    分值/得分 caption it names (`执行率 | 权重 | 执行率 | 得分`, after the 执行率 column); none
    at all → the national order."""
    found = [k for k in keys if k is not None]
    found = [k for i, k in enumerate(found) if not (
        k == "rate" and "rate" in found[:i] and found[i + 1:i + 2] in (["weight"], ["score"]))]
    out = [k for i, k in enumerate(found)
           if k in ("reason", IGNORED) or k not in found[i + 1:]]
    return tuple(out) if set(out) - {IGNORED} else FUNDS_DEFAULT


# ---------------------------------------------------------------- sources as columns

#: A funds source printed as a column (Hubei: 中央 | 省、地 | 本级 | 其他 | 合计 | 执行数 | 执行率,
#: the years down): the amount of one source, not a column of the model.
_SOURCE_COLUMN = re.compile(
    rf"^(?:{BUDGET_LEVEL}|其他|自筹|社会|财政)(?:财政)?(?:资金|拨款|补助)?$")
#: The column adding the sources up: the year's budget.
_SOURCES_TOTAL = frozenset({"合计", "小计", "总计", "资金合计", "合计数"})
#: Fewest source columns that make a header of sources across.
_SOURCES_MIN = 2


def sources_across(captions: Sequence[str]) -> tuple[str, ...] | None:
    """The column keys of a funds header that prints the sources as columns, each source a
    column not read (`IGNORED`), their 合计 the total row's 全年预算数 and the other captions
    their columns (执行数, 执行率); None when the captions are not such a header (fewer than
    two sources, no 合计, or a caption of neither kind)."""
    keys: list[str] = []
    sources = 0
    for caption in captions:
        text = re.sub(r"[(（][^)）]*[)）]", "", compact(caption))
        if _SOURCE_COLUMN.match(text):
            keys.append(IGNORED)
            sources += 1
        elif text in _SOURCES_TOTAL:
            keys.append("annual")
        else:
            key = column_key(caption)
            if key is None or key in keys:
                return None
            keys.append(key)
    if sources < _SOURCES_MIN or "annual" not in keys or keys.count("annual") > 1:
        return None
    return tuple(keys)


#: Source columns of other money than the budget's levels (其他 / 自筹 / 社会资金).
_OTHER_SOURCE = re.compile(r"^(?:其他|自筹|社会)")


def source_of_column(caption: str) -> tuple[str, str | None] | None:
    """The funds row a source printed as a column stands for when the table runs the other
    way (the sources across, 全年预算数 / 全年执行数 / 执行率 down): (source, label), the 合计
    the total row (no label); None for a caption that names no source."""
    text = re.sub(r"[(（][^)）]*[)）]", "", compact(caption))
    if text in _SOURCES_TOTAL:
        return "total", None
    if _SOURCE_COLUMN.match(text):  # a level of the budget (中央 / 省级 / 本级) is fiscal money
        return ("other" if _OTHER_SOURCE.match(text) else "fiscal"), caption
    source = funds_source(caption)
    return (source, None if source == "total" else caption) if source else None


def sources_down(captions: Sequence[str]) -> list[tuple[str, str | None]] | None:
    """The rows of a funds table printing its sources as columns and its columns as rows
    (`资金来源 | 合计 | 中央 | 省级 | 本级`, then `全年预算数 | 2400 | …`): each caption's
    (source, label); None unless every caption names a source, one of them the total, and
    there are at least two."""
    out = [source_of_column(c) for c in captions]
    found = [s for s in out if s is not None]
    if len(found) < len(out) or len(found) < _SOURCES_MIN:
        return None
    if [s for s, _ in found].count("total") != 1:
        return None
    return found


@dataclass
class SourcesDown(Generic[P]):
    """A funds table of sources across and amounts down, read: a row per source, the `(N分)`
    of its 分值/得分 line's caption, and the captions of lines whose values do not match the
    sources in number (JX012)."""

    rows: list[RowRead[P]]
    points: str | None
    uneven: list[str]


def read_sources_down(heads: Sequence[tuple[str, P | None]],
                      lines: Sequence[tuple[str, Sequence[tuple[str, P | None]]]]
                      ) -> SourcesDown[P] | None:
    """The rows of a table whose sources are columns (`heads`: each caption and its place) and
    whose lines each print a funds column's caption and a value per source (全年预算数 …);
    a 分值/得分 line with one value is the total's item. None when the heads are no sources
    (`sources_down`) or no line gives an amount."""
    sources = sources_down([h for h, _ in heads])
    if sources is None:
        return None
    total_at = [s for s, _ in sources].index("total")
    rows = [RowRead(source, label, place, {})
            for (source, label), (_, place) in zip(sources, heads, strict=True)]
    points: str | None = None
    uneven: list[str] = []
    for caption, values in lines:
        key = column_key(caption)
        if key is None or key == "reason" or not values:
            continue
        if key in ("weight", "score") and len(values) == 1:  # the execution item's points
            rows[total_at].values[key] = values[0]
            points = points or score_in(caption)
            continue
        if len(values) != len(rows):
            uneven.append(caption)
        for row, value in zip(rows, values, strict=False):
            row.values[key] = value
    if not any(k in AMOUNTS for row in rows for k in row.values):
        return None
    return SourcesDown(rows, points, uneven)


# ---------------------------------------------------------------- rows captioned per group


def interleaved(items: Sequence[V], text: Callable[[V], str], groups: Sequence[str | None]
                ) -> tuple[V | None, list[tuple[str | None, V]]] | None:
    """A row whose column groups each print their own caption before their value.

    System exports print the funds table as groups (预算安排情况 | 资金到位情况 | 资金执行情况 |
    预算执行进度), each with a caption and a value: the total row names its columns
    (`预算数 6.84 到位数 6.84 执行数 6.84 100.00`), the others repeat the row's caption
    (`其中:财政资金 6.84 其中:财政资金 6.84 …`). Values without a caption of their own take the
    group's column (`groups`, by position: from the block's header or a total row before).

    Returns (the row's caption item, None for the total row; each value with its column key,
    None where no column is known), or None when the row is not printed this way (fewer than
    two captioned values, or captions that are neither columns nor one repeated row caption).
    """
    captions: list[V] = []
    values: list[V] = []
    for item in items:  # (caption value)+ value*
        if not text(item):
            continue
        if not is_value(text(item)):
            if len(values) != len(captions):
                return None
            captions.append(item)
        elif captions:
            values.append(item)
        else:
            return None
    if len(captions) < 2 or len(values) < len(captions):
        return None
    named = [column_key(text(c)) for c in captions]
    same = len({compact(text(c)) for c in captions}) == 1
    if all(k is not None and k != "reason" for k in named) and not same:
        keys: list[str | None] = [*named, *groups[len(named):len(values)]]
        caption = None
    elif same:
        keys, caption = list(groups[:len(values)]), captions[0]
    else:
        return None
    return caption, list(zip(keys + [None] * (len(values) - len(keys)), values, strict=True))


# ---------------------------------------------------------------- rows whose cells were lost




def align(values: Sequence[V], keys: Sequence[str], text: Callable[[V], str]
          ) -> tuple[dict[str, V], bool]:
    """A row's values to its columns: in order when the counts agree, else around the 执行率
    (`%`) value. Returns the mapping and whether it is not the plain one (JX012)."""
    if len(values) >= len(keys):
        extra = any(text(v) for v in values[len(keys):])
        return dict(zip(keys, values, strict=False)), extra
    notes = [v for v in values if text(v) and not is_value(text(v))]
    nums = [v for v in values if v not in notes]
    mapping: dict[str, V] = {}
    if "reason" in keys and notes:
        mapping["reason"] = notes[0]
    num_keys = [k for k in keys if k != "reason"]
    rate_at = next((n for n, v in enumerate(nums) if text(v) and is_rate(text(v))), None)
    if "rate" in num_keys and rate_at is not None:
        r = num_keys.index("rate")
        scored = any(text(v) not in _NOTHING for v in nums[rate_at + 1:])
        mapping.update(_before_rate(nums[:rate_at], num_keys[:r], nums[rate_at], text,
                                    scored=scored))
        mapping["rate"] = nums[rate_at]
        mapping.update(zip(num_keys[r + 1:], nums[rate_at + 1:], strict=False))
    else:
        mapping.update(zip(num_keys, nums, strict=False))
    amounts = [k for k in AMOUNTS if k in keys]
    mismatch = any(mapping.get(k) is None for k in amounts) and any(text(v) for v in values)
    return mapping, mismatch


def _before_rate(before: list[V], keys: list[str], rate: V, text: Callable[[V], str],
                 *, scored: bool = True) -> dict[str, V]:
    """The values left of 执行率 when some were lost: a pair (a, e) with e / a = the printed
    rate is 全年预算数/全年执行数; a value before it is 年初预算数, one after it 分值. Without
    such a pair the values go to the amount columns nearest the rate. A row that prints no
    得分 after the rate (a 其中 row) prints no 分值 either: of pairs that agree alike
    (`40.00 40.00 40.00 100.00%`), the one nearest the rate."""
    if len(before) >= len(keys):
        return dict(zip(keys, before[len(before) - len(keys):], strict=True))
    amount_keys = [k for k in keys if k in ("initial", "annual", "executed")]
    pair = _rate_pair([text(v) for v in before], text(rate), nearest_rate=not scored)
    if pair is not None and {"annual", "executed"} <= set(amount_keys):
        i, j = pair
        out: dict[str, V] = {"annual": before[i], "executed": before[j]}
        if i > 0 and "initial" in amount_keys:
            out["initial"] = before[i - 1]
        later = [k for k in keys[keys.index("executed") + 1:] if k not in amount_keys]
        out.update(zip(later, before[j + 1:], strict=False))
        return out
    if len(before) <= len(amount_keys):
        return dict(zip(amount_keys[len(amount_keys) - len(before):], before, strict=True))
    return dict(zip(keys[len(keys) - len(before):], before, strict=True))


def _rate_pair(texts: list[str], rate: str, *, nearest_rate: bool = False
               ) -> tuple[int, int] | None:
    """Indices (i, j), i < j, with texts[j] / texts[i] equal to the printed rate (±0.5): the
    nearest such pair whose quotient rounds to the rate as printed, else the nearest (`2800
    2660 2528.26 95.05%`: 2528.26 / 2660, not 2660 / 2800 = 95.00); of pairs as near, the
    first, or with `nearest_rate` the last."""
    printed = parse_printed(compact(rate))
    amounts = [parse_printed(compact(t)) if t else None for t in texts]
    if printed is None:
        return None
    side = -1 if nearest_rate else 1
    pairs = sorted(((i, j) for i in range(len(texts)) for j in range(i + 1, len(texts))),
                   key=lambda p: (p[1] - p[0], side * p[0]))
    near: tuple[int, int] | None = None
    places = Decimal(1).scaleb(printed.as_tuple().exponent)  # type: ignore[arg-type]
    for i, j in pairs:
        a, e = amounts[i], amounts[j]
        if a is None or e is None or a <= 0 or abs(e * 100 / a - printed) > HALF:
            continue
        if (e * 100 / a).quantize(places, rounding=ROUND_HALF_UP) == printed:
            return i, j
        near = near or (i, j)
    return near


# ---------------------------------------------------------------- the part


@dataclass
class RowRead(Generic[P]):
    """A funds row as a layout read it: its source and caption, each value with its place."""

    source: str
    label: str | None
    place: P | None
    #: column key (and `label`, the caption's cell) → (text as printed, place)
    values: dict[str, tuple[str, P | None]] = field(default_factory=dict)


@lru_cache(maxsize=64)
def _row_paths(index: int) -> dict[str, str]:
    """The source paths of funds row `index` (`""` the row's own), built once per index and
    shared by every form of a batch."""
    row = f"funds.rows[{index}]"
    return {"": row, **{key: f"{row}.{key}" for key in (*AMOUNTS, "label")}}


def funds_part(rows: Sequence[RowRead[P]], *, unit: tuple[str | None, P | None],
               block_points: tuple[str, P | None] | None = None,
               item: RowRead[P] | None = None) -> tuple[Funds, dict[str, P]]:
    """`Funds` and the place of each value (paths as in form-json.md: `funds.rows[0].annual`).

    Rows that print no amount are dropped: the caption printed and the row left blank, or only
    blank marks (`其他资金 — — —`: nothing to read, as the labelled corpus has it). A row's
    caption is its `label` when it is not the standard name of its source, or when several
    rows share the source (`其中：中央补助`, `省级补助`: form-json.md). The 分值/执行率/得分
    item comes from `item`, else the 年度资金总额 row; its 分值 from `block_points` when no
    column prints one.
    """
    places: dict[str, P] = {}
    if unit[1] is not None:
        places["funds.unit"] = unit[1]
    out: list[FundsRow] = []
    total: RowRead[P] | None = None
    printing = [row for row in rows if any(row.values.get(key, ("",))[0] not in _NOTHING
                                           for key in AMOUNTS)]
    sources = [row.source for row in printing]
    shared = {source for source in sources if sources.count(source) > 1}
    for row in printing:
        printed: dict[str, str | None] = dict.fromkeys(AMOUNTS)
        spots: list[tuple[str, P]] = []
        for key, (text, place) in row.values.items():
            if key in printed:
                printed[key] = text or None
            elif key != "label":
                continue
            if text and place is not None:
                spots.append((key, place))
        paths = _row_paths(len(out))
        if row.place is not None:
            places[paths[""]] = row.place
        for key, place in spots:
            places[paths[key]] = place
        out.append(FundsRow(source=row.source, label=_label(row, shared), **printed))
        if total is None and row.source == "total":
            total = row
    lead = item or total
    found: dict[str, str | None] = {}
    for key in ("weight", "rate", "score"):
        text, place = lead.values.get(key, ("", None)) if lead is not None else ("", None)
        found[key] = text or None
        if text and place is not None:
            places[f"funds.{key}"] = place
    if found["weight"] is None and block_points is not None:
        found["weight"] = block_points[0]
        if block_points[1] is not None:
            places["funds.weight"] = block_points[1]
    funds = Funds(unit=unit[0], weight=found["weight"], rate=found["rate"],
                  score=found["score"], rows=tuple(out))
    return funds, places


#: What a row prints when it prints no amount: nothing, or a blank mark.
_NOTHING = frozenset({"", *BLANK_MARKS})


def _label(row: RowRead[P], shared: set[str]) -> str | None:
    """The row's caption as its label, unless it only names its source's standard row (the
    total row's caption never says more: `合计`, or a year where the sources run across)."""
    caption = row.label or row.values.get("label", ("",))[0]
    if not caption:
        return None
    if row.source in shared:
        return caption
    return caption if row.source != "total" and funds_source(caption) != row.source else None


__all__ = ["AMOUNTS", "FUNDS_DEFAULT", "IGNORED", "RowRead", "SourcesDown", "align",
           "column_key", "columns_from", "funds_part", "interleaved", "printed_unit",
           "read_sources_down", "source_of_column", "sources_across", "sources_down"]
