"""Glued indicator rows read by the arithmetic (`…成本415万元15万元4维修所需成本335万元35万元3`):
the readings a header's column order allows, the places every reading cuts at, ambiguity
reported, never guessed (`segment`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import pairwise

from jixiao.readers.segment_funds import (
    _rate_tolerance,
)
from jixiao.readers.segment_numbers import (
    _DIGIT,
    _NUMERIC_CHARS,
    _POINTS,
    BLANKS,
    DASH_LOOKALIKES,
    HUNDRED,
    MAX_NAME,
    MAX_SURVIVORS,
    MAX_TEXT_VALUE,
    OPERATORS,
    POINTS,
    points_value,
    printed_number,
)
from jixiao.readers.segment_values import (
    UNIT_WORDS,
    Measure,
    RowSplit,
    _ends_name,
    _known_unit,
    _Names,
    _numbers_at,
    _operator_at,
    _points_at,
    _text_pairs,
    _units_at,
    measure_of,
    measures_at,
    name_meets_unit,
    pair_ok,
    unit_word,
)

#: What a 指标性质 / 计算符号 column prints when the operator has its own column.
OPERATOR_WORDS = ("定量指标", "定性指标", "定量", "定性", "正向", "反向", *OPERATORS)
#: What a 是否核心指标 column prints.
FLAG_WORDS = ("是", "否")
#: `coef`: 得分系数 (a percentage: 指标得分 = 指标权重 × 得分系数); `flag`: 是否核心指标.
_VALUE_COLUMNS = ("unit", "op", "target", "actual", "coef", "weight", "score", "flag")


def _value_columns(columns: Sequence[str]) -> tuple[str, ...]:
    return tuple(k for k in columns if k in _VALUE_COLUMNS)


def _words_at(text: str, pos: int, key: str) -> Iterator[int]:
    """Ends of a 计量单位 (a few non-digit characters) or 指标性质 cell at `pos`, blank
    included, or of a 是否核心指标 cell (是/否)."""
    if key == "flag":  # 是否核心指标 is answered in every row
        yield from (pos + len(w) for w in FLAG_WORDS if text.startswith(w, pos))
        return
    if key == "op":
        yield from (pos + len(w) for w in OPERATOR_WORDS if text.startswith(w, pos))
        if _scrambled_kind(text[pos:pos + _KIND_LENGTH]):
            yield pos + _KIND_LENGTH
        yield pos
        return
    yield from _units_at(text, pos)


#: Partial readings one text's glued runs may try together (a clean table: a few dozen a row).
MAX_STEPS = 300_000
#: Places a row is tried at, over one text's runs (about one a row when the text is clean;
#: OCR noise costs about a millisecond a place, so a hostile text ends within seconds).
MAX_ROW_STARTS = 3000


@dataclass
class Budget:
    """The work one text's glued runs may take together: places a row is tried at and
    partial readings tried. A glued table of a few hundred rows takes about one place and a
    few dozen steps a row; pages of OCR noise, where every digit starts a number, stop here
    (in about a second) and are reported unread."""

    starts: int = MAX_ROW_STARTS
    steps: int = MAX_STEPS

    @property
    def spent(self) -> bool:
        return self.starts <= 0 or self.steps <= 0


@dataclass
class _Meter:
    """What one run's readings share: whether the table has a unit column (then targets are
    bare numbers), the names checked so far and the budget."""

    bare: bool = False
    budget: Budget = field(default_factory=Budget)
    names: _Names | None = None


def _after_name(text: str, pos: int, columns: tuple[str, ...], meter: _Meter
                ) -> Iterator[tuple[dict[str, Measure | str], int]]:
    """Readings of the values from `pos` in column order."""
    if meter.budget.steps <= 0:
        return
    meter.budget.steps -= 1
    if not columns:
        yield {}, pos
        return
    key, rest = columns[0], columns[1:]
    if key in ("unit", "op", "flag"):
        for end in _words_at(text, pos, key):
            for values, stop in _after_name(text, end, rest, meter):
                yield {key: text[pos:end], **values}, stop
        return
    if key in ("weight", "score"):
        for token, end in _points_at(text, pos):
            for values, stop in _after_name(text, end, rest, meter):
                yield {key: token, **values}, stop
        return
    if key == "coef":
        for token, end in _percents_at(text, pos):
            for values, stop in _after_name(text, end, rest, meter):
                yield {key: token, **values}, stop
        return
    if key == "target" and rest[:1] == ("actual",):
        for target, actual, end in _pairs_at(text, pos, bare=meter.bare):
            for values, stop in _after_name(text, end, rest[1:], meter):
                yield {"target": target, "actual": actual, **values}, stop
        return
    if key == "target" and rest[:2] == ("unit", "actual"):
        # a value in words has no unit: its 计量单位 cell is blank between target and actual
        for target, actual, end in _text_pairs(text, pos):
            for values, stop in _after_name(text, end, rest[2:], meter):
                yield {"target": target, "unit": "", "actual": actual, **values}, stop
    for measure, end in measures_at(text, pos):
        for values, stop in _after_name(text, end, rest, meter):
            yield {key: measure, **values}, stop


def _pairs_at(text: str, pos: int, *, bare: bool = False
              ) -> Iterator[tuple[Measure, Measure, int]]:
    """Target and actual printed together. Without a unit column, a glued target ends with
    its unit: a bare number (`≥1` + `9`…) cannot be told from the number glued to it."""
    for target, mid in measures_at(text, pos):
        if not (bare or target.unit):
            continue
        for actual, end in measures_at(text, mid):
            if pair_ok(target, actual, unit_column=bare) or (
                    not bare and _bare_actual(target, actual)):
                yield target, actual, end
    if bare:  # a row of a table with a 计量单位 column may print neither value (`_unit_cell_ok`)
        yield _NOTHING, _NOTHING, pos
    yield from _dash_target(text, pos)
    repeated = list(_text_pairs(text, pos))
    if repeated:
        yield from repeated
        return
    if pos and text[pos - 1] in _DIGIT and not text.startswith(_YI_WORDS, pos):
        yield from _dash_target(text, pos, DASH_LOOKALIKES)
    yield from _joined_pair(text, pos)
    yield from _damaged_pair(text, pos, bare=bare)


#: The longest number (without its unit) read as damaged by OCR (`M.8`).
MAX_DAMAGED = 5


def _damaged_char(ch: str) -> bool:
    """A Latin letter OCR reads for a digit (`O`, `l`, `S`, `M`); a Chinese character in a
    number (`到0次`) may be a word of the value's, so that row stays unread."""
    return ch.isascii() and ch.isalpha()


def _damaged_pair(text: str, pos: int, *, bare: bool = False
                  ) -> Iterator[tuple[Measure, Measure, int]]:
    """A target whose number OCR damaged in one character (`M.8万元`, `l2次`) before an
    actual in the same unit: kept as printed, so the row and the rows after it are still
    read (a fallback reading, `_damaged_reading`)."""
    for stop in range(pos + 2, min(len(text), pos + MAX_DAMAGED + 1)):
        core = text[pos:stop]
        if core[-1] not in _DIGIT:
            continue
        foreign = [ch for ch in core if ch not in _DIGIT and ch != "."]
        if len(foreign) != 1 or not _damaged_char(foreign[0]) or core.count(".") > 1:
            continue
        for end in _units_at(text, stop):
            unit = text[stop:end]
            if not (unit == "%" or _known_unit(unit)):
                continue
            target = Measure(text[pos:end], unit=unit, damaged=True)
            for actual, after in measures_at(text, end):
                if actual.number and (actual.unit == unit or (bare and not actual.unit)):
                    yield target, actual, after


#: How far a bare-number actual (`≥50个` then `50`: the unit printed once) may be from its
#: target, as a factor: a real count is of the target's order; `5030` read for `50|30` is not.
BARE_ACTUAL_FACTOR = 10


def _bare_reading(values: dict[str, Measure | str]) -> bool:
    """Whether a reading pairs its target with a bare-number actual (no 计量单位 column)."""
    target, actual = values.get("target"), values.get("actual")
    return isinstance(target, Measure) and isinstance(actual, Measure) and (
        "unit" not in values and not pair_ok(target, actual) and _bare_actual(target, actual))


def _damaged_reading(values: dict[str, Measure | str]) -> bool:
    """Whether a reading keeps a target damaged by OCR: a fallback, like a bare actual."""
    target = values.get("target")
    return isinstance(target, Measure) and target.damaged


def _bare_actual(target: Measure, actual: Measure) -> bool:
    """An actual printed as a bare number after a target with its unit (`≥50个50`), of the
    target's order of magnitude (`BARE_ACTUAL_FACTOR`)."""
    if actual.unit or actual.operator or not actual.number or not target.number:
        return False
    goal, done = Decimal(target.number), Decimal(actual.number)
    if goal == 0:
        return done == 0
    return goal / BARE_ACTUAL_FACTOR <= done <= goal * BARE_ACTUAL_FACTOR


#: Words that begin with `一` (`一般`, `一致`): there it is no dash.
_YI_WORDS = ("一般", "一致", "一定", "一次", "一流", "一体", "一年", "一级", "一批", "一个",
             "一项", "一些", "一样", "一直", "一律", "一线", "一户", "一人", "一季")


def _dash_target(text: str, pos: int, dashes: frozenset[str] = BLANKS
                 ) -> Iterator[tuple[Measure, Measure, int]]:
    """A target printed as a dash (`—`: none set) and the actual after it, words up to the
    next number (`—严格执行制度`) or a quantity (`—100%`)."""
    if text[pos:pos + 1] not in dashes or pos + 1 >= len(text):
        return
    dash = Measure(text[pos])
    for actual, end in measures_at(text, pos + 1):
        yield dash, actual, end
    stop = pos + 1
    while stop < len(text) and text[stop] not in _NUMERIC_CHARS and text[stop] not in BLANKS \
            and not _operator_at(text, stop) and stop - pos <= MAX_TEXT_VALUE:
        stop += 1
    if stop > pos + 1 and stop < len(text) and text[stop] in _DIGIT:
        yield dash, Measure(text[pos + 1:stop]), stop


def _joined_pair(text: str, pos: int) -> Iterator[tuple[Measure, Measure, int]]:
    """Target and actual as words run together (`顺利进行达成指标`) up to the next number: one
    unsplit text (the caller reports it, JX016)."""
    if pos == 0 or pos >= len(text) or text[pos - 1] not in _DIGIT or text[pos] in "(（%":
        return  # after the name the words could be the name's (`_whole_rows`); `5(次)`: unit
    stop = pos
    while stop < len(text) and text[stop] not in _NUMERIC_CHARS and not _operator_at(
            text, stop) and stop - pos < 2 * MAX_TEXT_VALUE:
        stop += 1
    if stop - pos >= 2 and stop < len(text) and text[stop] in _DIGIT:
        m = Measure(text[pos:stop], joined=True)
        yield m, m, stop


def _checked(values: dict[str, Measure | str]) -> tuple[tuple[str, str], ...] | None:
    """The reading as printed strings, or None when the arithmetic rejects it."""
    target, actual = values.get("target"), values.get("actual")
    unit = values.get("unit")
    if isinstance(target, Measure) and isinstance(actual, Measure) and not pair_ok(
            target, actual, unit_column=unit is not None) and not (
            unit is None and _bare_actual(target, actual)):
        return None
    if isinstance(unit, str) and any(isinstance(m, Measure) and m.unit not in ("", unit)
                                     for m in (target, actual)):
        return None  # the unit has its own column: a value is bare or repeats that unit
    if isinstance(unit, str) and not _unit_cell_ok(unit, target, actual):
        return None
    weight, score = values.get("weight"), values.get("score")
    coef = values.get("coef")
    if isinstance(coef, str) and isinstance(weight, str) and isinstance(score, str) and (
            not coef_agrees(weight, coef, score)):
        return None
    if isinstance(weight, str) and isinstance(score, str) and (
            weight.endswith(POINTS) != score.endswith(POINTS)):
        return None  # a row prints both with their unit or neither (`28分段…` is a note's)
    if isinstance(weight, str) and points_value(weight) == 0 and points_value(score or "0") != 0:
        return None  # a row worth nothing (不适用) scores nothing
    if isinstance(weight, str) and isinstance(score, str) and points_value(score) > points_value(
            weight):
        return None
    return tuple((k, "" if isinstance(v, Measure) and v.joined else
                  v.printed if isinstance(v, Measure) else v) for k, v in values.items())


def _unit_cell_ok(unit: str, target: object, actual: object) -> bool:
    """A 计量单位 cell printed: `%` is a whole unit (`率%` is a name's end and a `%`); values in
    words (`好好`, `按时完成`) have no unit (the words before them are the name's); a row
    printing no values is read only where its unit is a symbol (`%`, `‰`): a unit in words
    could be the name's last characters."""
    if target is _NOTHING and unit not in _SYMBOL_UNITS:
        return False
    if "%" in unit and unit != "%":
        return False
    if unit and unit not in _SYMBOL_UNITS and unit[:1] not in "(（" and not unit_word(unit):
        return False  # `面积万亩`: words of the name before the unit
    return not unit or not any(isinstance(m, Measure) and m.is_text and m.printed
                               and not m.damaged for m in (target, actual))


#: Units that are symbols, never the end of a name.
_SYMBOL_UNITS = ("%", "‰")
#: Target and actual left blank (a row of a table with a 计量单位 column, scored on no values).
_NOTHING = Measure("")


def _percents_at(text: str, pos: int) -> Iterator[tuple[str, int]]:
    """得分系数 cells at `pos`: a number up to 100 with its `%` (or without)."""
    for end in _numbers_at(text, pos):
        token = text[pos:end]
        if Decimal(token) > HUNDRED:
            continue
        if text[end:end + 1] == "%":
            yield token + "%", end + 1
        yield token, end


def coef_agrees(weight: str, coef: str, score: str) -> bool:
    """指标得分 = 指标权重 × 得分系数, within the score's printed rounding (half a unit of its
    last digit: 2 × 76% = 1.52 prints `1.5` or `2`)."""
    product = points_value(weight) * Decimal(coef.removesuffix("%")) / HUNDRED
    score = score.removesuffix(POINTS)
    return abs(product - Decimal(score)) <= _rate_tolerance(score) / 2


def split_row(text: str, columns: Sequence[str]) -> list[RowSplit]:
    """Readings of one glued indicator row `name + values` in the header's column order.

    Args:
        text: the row as printed, whitespace removed.
        columns: the indicator columns in printed order (`target`, `actual`, `weight`,
            `score`; others are ignored).

    Returns:
        Every distinct reading that passes the checks, at most `MAX_SURVIVORS`.
    """
    found = {row for row, end in _rows_at(text, 0, _value_columns(columns)) if end == len(text)}
    strict = [row for row in found if row.strict]
    return _distinct(strict or found)


def _distinct(rows: Iterable[RowSplit]) -> list[RowSplit]:
    out: list[RowSplit] = []
    for row in rows:
        if row not in out:
            out.append(row)
            if len(out) >= MAX_SURVIVORS:
                break
    return sorted(out, key=lambda r: (len(r.name), r.values))


@dataclass(frozen=True)
class Stretch:
    """A stretch of a glued run between two places every reading cuts at.

    `rows` holds the one row read there when every reading agrees on its name (fields some
    readings dispute are listed in `disputed`); `readings` counts the distinct readings of
    the stretch (1: certain, more: JX016); `row` is None when they do not even agree on the
    names (the stretch is left unread).
    """

    start: int
    end: int
    row: RowSplit | None
    readings: int
    disputed: frozenset[str] = frozenset()
    #: what ruled the other readings of the stretch out (`_PREFERENCES`), when anything did
    narrowed: tuple[str, ...] = ()


_Edge = tuple[int, int, RowSplit]


def read_rows(text: str, columns: Sequence[str], points: str | None = None,
              budget: Budget | None = None, lost: Decimal | None = None) -> list[Stretch]:
    """Read several glued indicator rows (`…成本415万元15万元4维修所需成本335万元35万元3`).

    A row ends where its last value ends and the next name begins (a name never starts with a
    digit). Every complete reading of the text is considered, without enumerating them: the
    readings form paths through the places a row may start; a place every path passes through
    cuts the text into stretches, and each stretch is read once (certain), with disputed
    fields (JX016), or not at all. When the group's points are printed (`数量指标(20分)`),
    only readings whose 分值 add up to them count. Text no reading gets through (OCR noise,
    a row of another shape) is skipped to the next place a row can start and returned as a
    stretch with no row and no reading.

    Args:
        text: the rows as printed, whitespace removed.
        columns: the indicator columns in printed order.
        points: the group's printed `(N分)`, when there is one.
        budget: the work left for the text this run belongs to (a fresh one when None).
        lost: the points the form's totals say the indicator rows lost together, when known:
            where a stretch has several readings, those in which a row loses more are
            dropped (`_narrowed`).

    Returns:
        The stretches in order; [] for an empty text.
    """
    keys = _value_columns(columns)
    total = printed_number(points) if points and "weight" in keys else None
    out: list[Stretch] = []
    starts = _Starts(text, keys, budget or Budget(), total)
    pos = 0
    while pos < len(text):
        edges, stop = _reach(starts, pos)
        whole = pos == 0 and stop == len(text)
        valid = _valid_edges(edges, pos, stop, total if whole else None)
        if whole and not valid and total is not None:
            valid = _valid_edges(edges, pos, stop, None)  # the printed points do not add up
        if valid:
            valid, narrowed, cuts_at = _narrowed(valid, pos, stop, lost)
            out += [_stretch(s, e, [x for x in valid if x[0] >= s and x[1] <= e],
                             narrowed.get(s, ()))
                    for s, e in pairwise(cuts_at)]
        else:
            stop = pos
        if stop < len(text):
            resume = _next_start(starts, stop + 1)
            if out and out[-1].row is None and not out[-1].readings and out[-1].end == stop:
                stop = out.pop().start  # one unread stretch, not one per character
            out.append(Stretch(stop, resume, None, 0))
            stop = resume
        pos = stop
    return out


class _Starts:
    """The rows that may start at each place of one text, each place tried once."""

    def __init__(self, text: str, keys: tuple[str, ...], budget: Budget,
                 points: Decimal | None = None) -> None:
        self.text, self.keys, self.points = text, keys, points
        self.found: dict[int, list[tuple[RowSplit, int]]] = {}
        self.meter = _Meter(bare="unit" in keys, budget=budget)

    def at(self, pos: int) -> list[tuple[RowSplit, int]]:
        if pos not in self.found:
            if self.meter.budget.spent:
                return []
            self.meter.budget.starts -= 1
            self.found[pos] = list(_rows_at(self.text, pos, self.keys, self.meter))
        return self.found[pos]


def _reach(starts: _Starts, pos: int) -> tuple[dict[int, list[tuple[int, RowSplit]]], int]:
    """The rows reachable from `pos` and how far they get: strict readings, or the fallback
    readings (words left unsplit) where those get further."""
    length = len(starts.text)
    best: tuple[dict[int, list[tuple[int, RowSplit]]], int] = ({}, pos)
    for loose in (False, True):
        edges = _row_edges(starts, pos, loose)
        ends = {end for found in edges.values() for end, _ in found}
        stop = length if length in ends else max(ends, default=pos)
        if stop > best[1]:
            best = (edges, stop)
        if stop == length:
            break
    return best


def _next_start(starts: _Starts, pos: int) -> int:
    """The first place at or after `pos` where a row can begin."""
    text = starts.text
    for start in range(pos, len(text)):
        if starts.meter.budget.spent:
            return len(text)
        if can_start(text, start) and _after_row(text, start, starts.keys) and starts.at(
                start):
            return start
    return len(text)


def _after_row(text: str, pos: int, keys: tuple[str, ...]) -> bool:
    """Whether `pos` may follow a row's last cell: after 是否核心指标 comes 是/否, after the
    points a digit; a row never begins inside the one before."""
    last = text[pos - 1:pos]
    if not keys or not last:
        return True
    if keys[-1] == "flag":
        return last in FLAG_WORDS
    if keys[-1] in ("weight", "score"):
        return last in _DIGIT
    return True


#: What follows the 0 of a range opening a name (`0-6岁`, `0～3岁`, `0至6岁`).
_RANGE_MARKS = frozenset("-－—~～至")


def can_start(text: str, pos: int) -> bool:
    """Whether a row's name may begin at `pos`: not inside a number (`.`, `%`), and a name
    that begins with a number (`2024年…`, `2场`) begins with a whole integer (no leading zero,
    no decimals: `5.00支部…` is a value's digits followed by a name)."""
    if pos >= len(text) or text[pos] in ".%":
        return False
    if text[pos] not in _DIGIT:
        return True
    end = pos
    while end < len(text) and text[end] in _DIGIT:
        end += 1
    if text[end:end + 1] in (".", "%"):
        return False
    if text[pos] == "0":  # a name counts from 0 only in a range (`0-6岁儿童…`)
        return end == pos + 1 and text[end:end + 1] in _RANGE_MARKS
    return True


def _row_ends(text: str, end: int, row: RowSplit) -> bool:
    """Whether a row may end at `end`: the next name begins there, and a number never gives
    its digits to the name after it (`…1.002024年…` is 得分 1.00 and a name `2024年…`, as
    `1.002` is no score; `…5.005.00支部…` is not 得分 5.0 and a name `0支部…`)."""
    if end == len(text):
        return True
    if not can_start(text, end):
        return False
    if row.bare and text.startswith(measure_of(row.get("target") or "").unit or "\0", end):
        return False  # the target's unit after the row: a value of the row ended there
    last = row.values[-1][1] if row.values else ""
    if last[-1:].isdigit() and text[end] in "(（%":
        return False  # `1.00(篇)`: the bracket is the number's unit, not a name
    if text[end] not in _DIGIT or not last[-1:].isdigit():
        return True
    longer = last + text[end]
    return not (_POINTS.match(longer) and Decimal(longer) <= HUNDRED) and _counted(text, end)


#: What a number opening a name counts besides units (`6岁`, `3类`, `2号`).
_COUNTED = ("岁", "类", "级", "号", "届", "轮", "种", "季度", "版")


def _counted(text: str, pos: int) -> bool:
    """Whether the number opening a name at `pos`, glued after a row's last digit, counts
    something (`2024年…`, `2场…`, `0-6岁…`): a small count or a year, before a unit. A bare
    number before words (`10国家级…`) or a long one (`110天保…`) is the row's digits, not
    the next name's."""
    end = pos
    while end < len(text) and text[end] in _DIGIT:
        end += 1
    rest = text[end:end + 4]
    if rest[:1] in _RANGE_MARKS:
        return True
    if end - pos == _YEAR_DIGITS:  # a year (`2024上海…`, `2024年…`)
        return text.startswith(_CENTURIES, pos)
    return end - pos <= _COUNT_DIGITS and any(rest.startswith(u) for u in (*UNIT_WORDS, *_COUNTED))


#: A count opening a name (`2场`, `12个`) has at most this many digits; a year has four.
_COUNT_DIGITS = 2
_YEAR_DIGITS = 4
_CENTURIES = ("19", "20")


def _no_row_in_a_name(pos: int, found: set[tuple[int, RowSplit]]
                      ) -> set[tuple[int, RowSplit]]:
    """The rows starting at `pos` whose name holds no whole row starting there: a name never
    holds a row's values (`完成率%901010010国家级…` is a row and the next row's name)."""
    ends = sorted({end for end, row in found if not row.whole})
    if not ends:
        return found
    return {(end, row) for end, row in found
            if row.whole or not any(pos < e < pos + len(row.name) for e in ends)}


def _no_target_in_a_name(found: set[tuple[int, RowSplit]]) -> set[tuple[int, RowSplit]]:
    """Of the rows over the same stretch, those whose name holds no printed target (an
    operator and a number: `…知晓率=100%` + `1` + `5` against `…知晓率` + `=100%` + `15`),
    where some do; all of them where none does (words left unsplit hold theirs)."""
    def holds(row: RowSplit) -> bool:
        name = row.name
        return not row.whole and any(
            _operator_at(name, i) and name[i + len(_operator_at(name, i)):][:1] in _DIGIT
            for i in range(len(name)))

    by_end: dict[int, list[tuple[int, RowSplit]]] = {}
    for end, row in found:
        by_end.setdefault(end, []).append((end, row))
    out: set[tuple[int, RowSplit]] = set()
    for rows in by_end.values():
        clean = [(end, row) for end, row in rows if not holds(row)]
        out.update(clean or rows)
    return out


def _strict_first(found: set[tuple[int, RowSplit]]) -> set[tuple[int, RowSplit]]:
    """Of the rows over the same stretch, the strict readings when there are any: a fallback
    reading (words left unsplit, a bare actual) stands in only where no strict one does, row by
    row, even where other rows of the run need theirs."""
    strict_ends = {end for end, row in found if row.strict}
    return {(end, row) for end, row in found if row.strict or end not in strict_ends}


def _within(row: RowSplit, points: Decimal | None) -> bool:
    """A row's 分值 never exceeds its group's printed `(N分)`."""
    weight = row.get("weight")
    return points is None or not weight or points_value(weight) <= points


def _row_edges(starts: _Starts, origin: int = 0, loose: bool = False
               ) -> dict[int, list[tuple[int, RowSplit]]]:
    """For each place a row may start (reached from `origin`), the rows that may start there
    and where they end (fallback readings only when `loose`)."""
    text = starts.text
    edges: dict[int, list[tuple[int, RowSplit]]] = {}
    todo, seen = [origin], {origin}
    while todo:
        pos = todo.pop()
        if not can_start(text, pos):
            continue
        found = _no_target_in_a_name(_no_row_in_a_name(pos, {
            (end, row) for row, end in starts.at(pos)
            if (loose or row.strict) and _row_ends(text, end, row)
            and _within(row, starts.points)}))
        if loose:
            found = _strict_first(found)
        edges[pos] = sorted(found, key=lambda e: (e[0], e[1].values))
        for end, _ in found:
            if end not in seen:
                seen.add(end)
                todo.append(end)
    return edges


def _valid_edges(edges: dict[int, list[tuple[int, RowSplit]]], origin: int, length: int,
                 total: Decimal | None) -> set[_Edge]:
    """The rows on some reading from `origin` to `length` (weights adding up to `total` when
    it is given)."""
    def weight(row: RowSplit) -> Decimal:
        w = row.get("weight")
        return points_value(w) if (total is not None and w is not None) else Decimal(0)

    sums: dict[int, set[Decimal]] = {origin: {Decimal(0)}}
    order = sorted(p for p in edges if p < length)
    for pos in order:  # rows only go forward: positions in order see all their sums
        for acc in sums.get(pos, ()):
            for end, row in edges[pos]:
                if end <= length:
                    sums.setdefault(end, set()).add(acc + weight(row))
    ends = {acc for acc in sums.get(length, ()) if total is None or acc == total}
    backward: set[tuple[int, Decimal]] = {(length, acc) for acc in ends}
    valid: set[_Edge] = set()
    for pos in reversed(order):
        for acc in sums.get(pos, ()):
            for end, row in edges[pos]:
                if (end, acc + weight(row)) in backward:
                    backward.add((pos, acc))
                    valid.add((pos, end, row))
    return valid


def _cut_points(valid: set[_Edge], origin: int, length: int) -> list[int]:
    """Places every complete reading passes through: no valid row spans them."""
    places = sorted({origin, length} | {e[0] for e in valid} | {e[1] for e in valid})
    return [p for p in places if not any(s < p < e for s, e, _ in valid)]


def _stretch(start: int, end: int, edges: list[_Edge], narrowed: tuple[str, ...] = ()
             ) -> Stretch:
    rows = sorted({row for s, e, row in edges}, key=lambda r: r.values)
    single = [row for s, e, row in edges if s == start and e == end]
    if len(single) != len(rows) or len({r.name for r in rows}) != 1:
        return Stretch(start, end, None, max(len(rows), 2), narrowed=narrowed)
    first = rows[0]
    keys = {k for r in rows for k, _ in r.values}
    disputed = frozenset(k for k in keys if len({r.get(k) for r in rows}) > 1)
    return Stretch(start, end, first, len(rows), disputed, narrowed)


def _loses_at_most(lost: Decimal | None) -> Callable[[RowSplit], bool]:
    def keep(row: RowSplit) -> bool:
        weight, score = row.get("weight"), row.get("score")
        return lost is None or not weight or not score or (
            points_value(weight) - points_value(score) <= lost)
    return keep


#: The largest percentage a target or actual plausibly prints (`≥150%` occurs; `9010%` is
#: `90` glued to the next cell).
MAX_PERCENT = Decimal(1000)


def _plausible_percent(row: RowSplit) -> bool:
    percent_cell = row.get("unit") == "%"
    for key in ("target", "actual"):
        value = measure_of(row.get(key) or "")
        if value.number and (value.unit == "%" or (percent_cell and not value.unit)) and (
                Decimal(value.number) > MAX_PERCENT):
            return False
    return True


def _worth_something(row: RowSplit) -> bool:
    weight = row.get("weight")
    return not weight or points_value(weight) > 0


def _narrowed(valid: set[_Edge], origin: int, length: int, lost: Decimal | None
              ) -> tuple[set[_Edge], dict[int, tuple[str, ...]], list[int]]:
    """Where the readings of a stretch differ, those the arithmetic of the whole form rules
    out are dropped, in turn, as long as some reading of the stretch is left: a row never
    loses more points than the form's totals say the indicators lost together (`lost`:
    when they lost none every row has full marks), a row worth nothing (不适用) is read
    only where no reading worth something gets through (a `0` inside a glued run is as
    likely the last digit of the value before), and, where the totals are known, a
    percentage over `MAX_PERCENT` only where no smaller one does. Returns the edges kept and, by the
    stretch's start, what narrowed it, and the places every reading kept cuts at."""
    cuts = _cut_points(valid, origin, length)
    if len(cuts) == len(valid) + 1:
        return valid, {}, cuts  # one reading: nothing to narrow
    preferences = (("lost", _loses_at_most(lost)), ("weight", _worth_something),
                   ("percent", _plausible_percent))
    kept: set[_Edge] = set()
    narrowed: dict[int, tuple[str, ...]] = {}
    for s, e in pairwise(cuts):
        inside = {x for x in valid if x[0] >= s and x[1] <= e}
        if len({x[2] for x in inside}) > 1:
            for name, keep in preferences:
                if name in ("lost", "percent") and lost is None:
                    continue  # without the form's totals an ambiguous row stays unsplit
                fewer = _on_paths({x for x in inside if keep(x[2])}, s, e)
                if fewer and fewer != inside:
                    inside = fewer
                    narrowed[s] = (*narrowed.get(s, ()), name)
        kept |= inside
    if not narrowed:
        return valid, narrowed, cuts
    return kept, narrowed, _cut_points(kept, origin, length)


def _on_paths(edges: set[_Edge], origin: int, length: int) -> set[_Edge]:
    """The edges on some path from `origin` to `length`."""
    ahead = {origin}
    for s, e, _ in sorted(edges, key=lambda x: x[0]):
        if s in ahead:
            ahead.add(e)
    if length not in ahead:
        return set()
    behind = {length}
    for s, e, _ in sorted(edges, key=lambda x: -x[1]):
        if e in behind:
            behind.add(s)
    return {x for x in edges if x[0] in ahead and x[1] in behind}


def _may_begin(text: str, pos: int, key: str) -> bool:
    """Whether the first value column can begin at `pos` (a cheap test before parsing)."""
    if key in ("unit", "op", "target", "actual"):
        return True  # a target may be words (`按时完成按时完成`)
    return text[pos] in _DIGIT


def _rows_at(text: str, pos: int, keys: tuple[str, ...], meter: _Meter | None = None
             ) -> Iterator[tuple[RowSplit, int]]:
    meter = meter or _Meter(bare="unit" in keys)
    if meter.names is None or meter.names.text is not text:
        meter.names = _Names(text)
    for start in range(pos + 1, min(len(text), pos + MAX_NAME + 1)):
        if keys and not _may_begin(text, start, keys[0]):
            continue
        if not _ends_name(text, start) or not meter.names.ok(pos, start):
            continue
        for values, end in _after_name(text, start, keys, meter):
            checked = _checked(values)
            if end > start and checked is not None and _unit_after_name(
                    text[pos:start], keys, values):
                target = values.get("target")
                joined = isinstance(target, Measure) and target.joined
                yield RowSplit(text[pos:start], checked, joined=joined,
                               bare=_bare_reading(values) or _damaged_reading(values),
                               words=target.printed if joined else ""), end
    yield from _whole_rows(text, pos, keys, meter)


def _unit_after_name(name: str, keys: tuple[str, ...], values: dict[str, Measure | str]
                     ) -> bool:
    """Where the 计量单位 cell follows the name, the two part where the unit begins
    (`name_meets_unit`); where the 指标性质 cell follows it (the unit cell blank), a blank
    cell never leaves its words at the name's end (`…健全性定性指标` + nothing)."""
    unit = values.get("unit")
    if keys[:1] == ("unit",) and isinstance(unit, str) and not name_meets_unit(name, unit):
        return False
    after_name = keys[:1] == ("op",) or (keys[:2] == ("unit", "op") and not unit)
    tail = name[-_KIND_LENGTH:]
    return not (after_name and not values.get("op") and len(name) > _KIND_LENGTH and (
        name.endswith(OPERATOR_WORDS) or _scrambled_kind(tail)))


#: `定性指标` / `定量指标`: the 指标性质 words a cell prints.
_KIND_WORDS = ("定性指标", "定量指标")
_KIND_LENGTH = 4


def _scrambled_kind(piece: str) -> bool:
    """`性标定指`: a 指标性质 cell printed on two lines, read crosswise by OCR (its characters
    in another order)."""
    return len(piece) == _KIND_LENGTH and any(
        sorted(piece) == sorted(word) for word in _KIND_WORDS) and piece not in _KIND_WORDS


#: The shortest text taken as 三级指标 + 年度指标值 + 实际完成值 printed together.
MIN_WHOLE = 3


def _whole_rows(text: str, pos: int, keys: tuple[str, ...], meter: _Meter
                ) -> Iterator[tuple[RowSplit, int]]:
    """A row whose name, target and actual are all words (`按时完成完成达成指标` + 分值 + 得分):
    nothing tells where one ends and the next begins, so the three stay one unsplit text."""
    if keys[:2] != ("target", "actual") or not {"weight", "score"} <= set(keys[2:]):
        return  # only 分值 and 得分 together (得分 ≤ 分值) vouch for a row of words
    stop = pos
    while stop < len(text) and text[stop] not in _NUMERIC_CHARS and not _operator_at(
            text, stop) and stop - pos < MAX_NAME + 2 * MAX_TEXT_VALUE:
        stop += 1
    if stop - pos < MIN_WHOLE or stop == len(text):
        return
    for values, end in _after_name(text, stop, keys[2:], meter):
        checked = _checked(values)
        if checked is not None:
            yield RowSplit(text[pos:stop], (("target", ""), ("actual", ""), *checked),
                           whole=True), end


def _token_value(key: str, token: str) -> Measure | str | None:
    if key in ("unit", "op"):
        return token
    if key in ("weight", "score"):
        number = token.removesuffix(POINTS)
        ok = _POINTS.match(number) and Decimal(number) <= HUNDRED
        return token if ok else None
    measure = measure_of(token)
    return None if measure.is_text and token[:1] in _NUMERIC_CHARS else measure


def _spaced_row(tokens: Sequence[str], start: int, stop: int, keys: tuple[str, ...]
                ) -> RowSplit | None:
    """tokens[start:stop] as name tokens followed by one token per value column."""
    cut = stop - len(keys)
    if cut <= start or any(printed_number(t) is not None for t in tokens[start:cut]):
        return None
    values: dict[str, Measure | str] = {}
    for key, token in zip(keys, tokens[cut:stop], strict=True):
        value = _token_value(key, token)
        if value is None:
            return None
        values[key] = value
    target, actual = values.get("target"), values.get("actual")
    if isinstance(target, Measure) and isinstance(actual, Measure) and not pair_ok(
            target, actual, bare_actual=True):
        return None
    checked = _checked({k: v for k, v in values.items() if k not in ("target", "actual")})
    if checked is None:
        return None
    printed = tuple((k, v.printed if isinstance(v, Measure) else v) for k, v in values.items())
    return RowSplit("".join(tokens[start:cut]), printed)


def split_spaced(tokens: Sequence[str], columns: Sequence[str]) -> list[tuple[RowSplit, ...]]:
    """Readings of rows whose values are separated by spaces, one row or two on a line
    (`培训人数 ≥50个 50 8 8`: target, a bare-number actual, weight, score)."""
    keys = _value_columns(columns)
    memo: dict[int, list[tuple[RowSplit, ...]]] = {}

    def from_(pos: int) -> list[tuple[RowSplit, ...]]:
        if pos == len(tokens):
            return [()]
        if pos not in memo:
            found: list[tuple[RowSplit, ...]] = []
            for stop in range(pos + len(keys) + 1, len(tokens) + 1):
                row = _spaced_row(tokens, pos, stop, keys)
                if row is not None:
                    found += [(row, *rest) for rest in from_(stop)]
            memo[pos] = found[:MAX_SURVIVORS]
        return memo[pos]

    return from_(0) if keys else []


def weights_fit(readings: Sequence[tuple[RowSplit, ...]], points: str | None
                ) -> list[tuple[RowSplit, ...]]:
    """The readings whose 分值 add up to the group's printed `(N分)`; all when none is known."""
    total = printed_number(points) if points else None
    if total is None:
        return list(readings)
    kept = []
    for reading in readings:
        weights = [r.get("weight") for r in reading]
        if all(w is not None for w in weights) and sum(
                (points_value(w) for w in weights if w is not None), Decimal(0)) != total:
            continue
        kept.append(reading)
    return kept


def agreed(readings: Sequence[tuple[RowSplit, ...]]
           ) -> tuple[tuple[RowSplit, ...], set[tuple[int, str]]] | None:
    """What every reading agrees on: rows (same names) and the (row, column) pairs that differ.

    Returns None when the readings do not even agree on the rows (names differ), else the first
    reading with the disputed cells listed, for the caller to null and report (JX016).
    """
    if not readings:
        return None
    first = readings[0]
    names = [r.name for r in first]
    if any([r.name for r in other] != names for other in readings[1:]):
        return None
    disputed: set[tuple[int, str]] = set()
    for i, row in enumerate(first):
        for key, value in row.values:
            if any(other[i].get(key) != value for other in readings[1:]):
                disputed.add((i, key))
    return first, disputed
