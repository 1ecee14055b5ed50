"""Indicator rows extracted in scrambled order (指标行顺序打乱), the table half of `scrambled`.

A sharing site's extraction of a spreadsheet prints some 三级指标 names in one stretch and
their values in another, or a column top to bottom before the rest of the rows
(`指标1:… 38508人 指标2:… 不少于12种 不少于6种 116次 6次 … 37442人 3 3 14种 1 1 …`).
Between the rows printed as rows (a name, then one value per column), such a stretch is
re-paired: its values fill the rows' slots column group by column group — every way of reading
the columns (年度指标值, 实际完成值, 分值, 得分, in the header's order) as consecutive groups, each
group row by row — and only the readings the arithmetic accepts are kept (target and actual
share unit and operator, 得分 ≤ 分值 ≤ 100; of several, those whose 分值 add up to the
group's `(N分)`). Names numbered `指标N：` go to row N. One reading
left: the layout's rows with the same 实际完成值/分值/得分 take its targets and names (JX040);
several, none of which the layout read: reported (JX016), the rows left as read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Protocol

from jixiao.core.findings import Finding, SourceRef
from jixiao.core.model import Indicator
from jixiao.readers import segment
from jixiao.readers import vocabulary as vocab
from jixiao.readers.assemble import coded
from jixiao.readers.base import ReadResult
from jixiao.readers.text_norm import ENUMERATED, strip_enumerator

K = vocab.CaptionKind

_COLUMN = {K.TARGET: "target", K.VALUE: "target", K.ACTUAL: "actual", K.WEIGHT: "weight",
           K.SCORE: "score"}
_STARTS = frozenset({K.INDICATOR_BLOCK, K.LEVEL1, K.LEVEL2, K.LEVEL3, K.TARGET, K.VALUE})
_ENDS = frozenset({K.TOTAL, K.SELF_SCORE, K.GRADE})
#: A stretch longer than this many rows is not re-paired (a page of numbers is no stretch).
MAX_STRETCH_ROWS = 40


class Piece(Protocol):
    """A token of `scrambled.tokens`."""

    text: str
    start: int
    sort: str
    kind: vocab.CaptionKind | None


@dataclass(frozen=True)
class Cell:
    """A piece of the table: `name` (numbered 三级指标, `number` its N), `value`, `level`
    (一级/二级 name) or `other` words."""

    text: str
    start: int
    sort: str
    number: int | None = None


# ---------------------------------------------------------------- cells


def _is_value(text: str) -> bool:
    return not segment.measure_of(text).is_text


def _unit_after(text: str, following: Piece | None) -> bool:
    """A number wrapped away from its unit (`不少于12 种`)."""
    return (following is not None and following.kind is None and following.sort == "word"
            and text[-1:].isdigit() and len(following.text) <= segment.MAX_UNIT
            and not any(ch.isdigit() for ch in following.text)
            and not vocab.is_level_name(following.text) and _is_value(text + following.text))


def columns_and_cells(pieces: Sequence[Piece]) -> tuple[tuple[str, ...], list[Cell]]:
    """The indicator table's value columns (header order) and its cells."""
    start = next((i for i, p in enumerate(pieces) if p.kind in _STARTS), None)
    if start is None:
        return (), []
    columns: list[str] = []
    cells: list[Cell] = []
    i = start
    while i < len(pieces):
        piece = pieces[i]
        i += 1
        if piece.kind in _ENDS:
            break
        if piece.kind is not None:
            column = _COLUMN.get(piece.kind)
            if column and column not in columns:
                columns.append(column)
            continue
        text = vocab.compact(piece.text)
        following = pieces[i] if i < len(pieces) else None
        if _unit_after(text, following):
            text += vocab.compact(following.text)  # type: ignore[union-attr]
            i += 1
        cells.append(_cell(text, piece.start, cells))
    return tuple(columns), [c for c in cells if c.sort != "skip"]


def _cell(text: str, start: int, cells: list[Cell]) -> Cell:
    numbered = ENUMERATED.match(text)
    if numbered:
        return Cell(text, start, "name", int(numbered.group(1)))
    if vocab.is_level_name(text):
        return Cell(text, start, "level")
    if _is_value(text):
        return Cell(text, start, "value")
    if all(ch in segment.BLANKS for ch in text):
        return Cell(text, start, "skip")
    if cells and cells[-1].sort == "name" and not any(ch.isdigit() for ch in text):
        last = cells.pop()  # a wrapped name goes on (`…报告 数`)
        return replace(last, text=last.text + text)
    return Cell(text, start, "other")


# ---------------------------------------------------------------- rows and stretches


def row_ok(row: dict[str, str]) -> bool:
    """A row's values pass the arithmetic: target and actual share unit and operator, 得分 ≤
    分值 ≤ 100 (and 得分 is a score where there is no 分值)."""
    target, actual = row.get("target"), row.get("actual")
    if target is not None and actual is not None and not segment.pair_ok(
            segment.measure_of(target), segment.measure_of(actual)):
        return False
    weight, score = _points(row.get("weight")), _points(row.get("score"))
    if "weight" in row and (weight is None or weight == 0):
        return False
    if "score" in row and score is None:
        return False
    return weight is None or score is None or score <= weight


def _points(text: str | None) -> Decimal | None:
    number = segment.printed_number(text) if text is not None else None
    return number if number is not None and number <= segment.HUNDRED else None


def _normal_at(cells: Sequence[Cell], i: int, columns: Sequence[str]) -> bool:
    """A row printed as a row: a name, one value per column, then no further value."""
    k = len(columns)
    window = cells[i + 1:i + 1 + k]
    if cells[i].sort not in ("name", "other") or len(window) < k or any(
            c.sort != "value" for c in window):
        return False
    if i + 1 + k < len(cells) and cells[i + 1 + k].sort == "value":
        return False
    return row_ok({c: v.text for c, v in zip(columns, window, strict=True)})


@dataclass
class Group:
    """The rows under a 一级/二级 name that prints its points (`产出指标(50分)`): the 分值 of its
    rows printed as rows, and how many scrambled stretches it holds."""

    points: Decimal | None = None
    weights: list[Decimal] = field(default_factory=list)
    stretches: int = 0


def stretches(cells: Sequence[Cell], columns: Sequence[str]) -> list[tuple[list[Cell], Group]]:
    """The runs of cells between rows printed as rows (and 一级/二级 names) that hold values,
    each with its group (a name without points does not begin one)."""
    out: list[tuple[list[Cell], Group]] = []
    group = Group()
    run: list[Cell] = []
    i = 0
    while i < len(cells):
        cell = cells[i]
        if cell.sort == "level" or _normal_at(cells, i, columns):
            if any(c.sort == "value" for c in run):
                out.append((run, group))
                group.stretches += 1
            run = []
            if cell.sort == "level":
                points = vocab.score_in(cell.text)
                group = Group(Decimal(points)) if points is not None else group
                i += 1
                continue
            if "weight" in columns:
                group.weights.append(Decimal(cells[i + 1 + columns.index("weight")].text))
            i += 1 + len(columns)
            continue
        run.append(cell)
        i += 1
    if any(c.sort == "value" for c in run):
        out.append((run, group))
        group.stretches += 1
    return out


def fitting(found: list[Rows], group: Group) -> list[Rows]:
    """The readings whose 分值 add up to the group's points with its other rows; all of them
    when the group prints no points, holds another stretch, or none adds up (forms print
    weights that do not: that is for the checks to say)."""
    if group.points is None or group.stretches != 1:
        return found
    rest = group.points - sum(group.weights, Decimal(0))
    kept = [r for r in found if all("weight" in dict(row) for row in r) and sum(
        (Decimal(dict(row)["weight"].text) for row in r), Decimal(0)) == rest]
    return kept or found


def groupings(columns: Sequence[str]) -> Iterator[tuple[tuple[str, ...], ...]]:
    """The columns cut into consecutive groups, every way (`[目标值][完成值 分值 得分]`)."""
    k = len(columns)
    for mask in range(1 << max(k - 1, 0)):
        groups: list[tuple[str, ...]] = []
        begin = 0
        for cut in range(1, k):
            if mask >> (cut - 1) & 1:
                groups.append(tuple(columns[begin:cut]))
                begin = cut
        groups.append(tuple(columns[begin:]))
        yield tuple(groups)


Rows = tuple[tuple[tuple[str, Cell], ...], ...]


def readings(values: Sequence[Cell], columns: Sequence[str]) -> list[Rows]:
    """Every distinct filling of the rows' slots, column group by column group, that the
    arithmetic accepts."""
    k = len(columns)
    if not k or len(values) % k or len(values) // k > MAX_STRETCH_ROWS:
        return []
    m = len(values) // k
    found: list[Rows] = []
    for grouping in groupings(columns):
        order = [(r, c) for group in grouping for r in range(m) for c in group]
        rows: list[dict[str, Cell]] = [{} for _ in range(m)]
        for (r, c), cell in zip(order, values, strict=True):
            rows[r][c] = cell
        if all(row_ok({c: v.text for c, v in row.items()}) for row in rows):
            reading = tuple(tuple((c, row[c]) for c in columns) for row in rows)
            if reading not in found:
                found.append(reading)
    return found


def _placed(names: Sequence[Cell], m: int) -> list[Cell | None]:
    """Names numbered `指标N` to their rows (the smallest N is the first row); none when the
    numbers do not fit the rows."""
    out: list[Cell | None] = [None] * m
    if not names or any(n.number is None for n in names):
        return out
    base = min(n.number for n in names if n.number is not None)
    for name in names:
        at = (name.number or 0) - base
        if at >= m or out[at] is not None:
            return [None] * m
        out[at] = name
    return out


# ---------------------------------------------------------------- the form's rows


def repair_rows(result: ReadResult, pieces: Sequence[Piece],
                place: Callable[[int], SourceRef]) -> ReadResult:
    """The layout's rows that a scrambled stretch re-pairs uniquely, given its targets and
    numbered names; each stretch re-paired said at its place (JX040)."""
    columns, cells = columns_and_cells(pieces)
    if not {"target", "actual"} <= set(columns):
        return result
    rows = list(result.form.indicators)
    notes = []
    for run, group in stretches(cells, columns):
        values = [c for c in run if c.sort == "value"]
        found = fitting(readings(values, columns), group)
        if len(found) > 1 and not any(_matching(rows, r, _ALL) is not None for r in found):
            notes.append(coded("JX016", f"指标行的数值与三级指标分离，有{len(found)}种合乎算术的"
                               "配对，未改动", path="indicators", source=place(run[0].start)))
        if len(found) != 1:
            continue
        reading = found[0]
        names = _placed([c for c in run if c.sort == "name"], len(reading))
        at = _matching(rows, reading)
        if at is None:
            continue
        changed = False
        for j, (row, name) in enumerate(zip(reading, names, strict=True)):
            old = rows[at + j]
            new = replace(old, target=dict(row)["target"].text,
                          name=strip_enumerator(name.text) if name else old.name)
            changed = changed or new != old
            rows[at + j] = new
        if changed:
            shown = "；".join(" ".join(v.text for _, v in row) for row in reading)
            notes.append(coded("JX040", f"指标行 {shown}", path=f"indicators[{at}]",
                               source=place(run[0].start)))
    if not notes:
        return result
    named = [replace(n, form=result.form.project_name or None) for n in notes]
    form = replace(result.form, indicators=tuple(rows))
    kept = _renamed(result.findings, result.form.indicators, rows)
    return replace(result, form=form, findings=(*kept, *named))


#: How a finding names a 三级指标 without a name.
_NO_NAME = "（无名称）"


def _renamed(findings: Sequence[Finding], before: Sequence[Indicator],
             after: Sequence[Indicator]) -> list[Finding]:
    """The layout's findings on a row whose name the re-pairing gave name it by that name."""
    out = []
    for finding in findings:
        path = finding.path or ""
        for i, (old, new) in enumerate(zip(before, after, strict=True)):
            if old.name != new.name and new.name and (
                    path == f"indicators[{i}]" or path.startswith(f"indicators[{i}].")):
                finding = replace(finding, message=finding.message.replace(
                    f"「{old.name or _NO_NAME}」", f"「{new.name}」"))
        out.append(finding)
    return out


_PAIRED = ("actual", "weight", "score")
_ALL = ("target", *_PAIRED)


def _matching(rows: Sequence[Indicator], reading: Rows, keys: Sequence[str] = _PAIRED
              ) -> int | None:
    """Where the layout read the stretch's rows: the one place whose 实际完成值/分值/得分 (or
    `keys`) are the reading's (the layout paired those; targets and names are what it lost)."""
    def same(row: Indicator, cells: tuple[tuple[str, Cell], ...]) -> bool:
        values = dict(cells)
        return all(vocab.compact(getattr(row, key) or "") == values[key].text
                   for key in keys if key in values)
    places = [i for i in range(len(rows) - len(reading) + 1)
              if all(same(rows[i + j], reading[j]) for j in range(len(reading)))]
    return places[0] if len(places) == 1 else None


__all__ = ["Cell", "Group", "columns_and_cells", "fitting", "groupings", "readings",
           "repair_rows", "row_ok", "stretches"]
