"""Split numbers run together (粘连数字) by trying the cuts the columns allow and keeping the
ones the arithmetic accepts.

Text copied from document-sharing sites loses every separator: a funds row prints
`64.864.864.8100%` for 年初预算数 64.8, 全年预算数 64.8, 全年执行数 64.8, 执行率 100%, and an
indicator row `保障人数102370人2370人10` for 分值 10, 年度指标值 2370人, 实际完成值 2370人, 得分 10.
The functions here are pure: they enumerate the segmentations a header's column order allows,
keep those that pass the checks (no leading zeros, 执行率 = 执行数 ÷ 预算数 within the printed
rounding, 得分 ≤ 分值, target and actual sharing unit and operator, weights adding up to the
group's points) and return every survivor. More than one survivor is an ambiguity the caller
reports (JX016); it never picks one silently.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from itertools import combinations, pairwise

from jixiao.core.values import OPERATOR_SPELLINGS
from jixiao.readers.parts.funds import FUNDS_DEFAULT

HUNDRED = Decimal(100)
#: Enough survivors to know a run is ambiguous; enumerating further only costs time.
MAX_SURVIVORS = 64
#: A 三级指标 name is short; a longer stretch before the values is not one row.
MAX_NAME = 80
#: A unit printed after a number (`人`, `万元`, `平方米`, `人次/年`) is a few characters.
MAX_UNIT = 4
#: Text values repeated as target and actual (`按时完成按时完成`) are at most this long.
MAX_TEXT_VALUE = 40

_NUMBER = re.compile(r"(?:0|[1-9]\d*)(?:\.\d+)?")
_POINTS = re.compile(r"^(?:0|[1-9]\d{0,2})(?:\.\d{1,2})?$")
_DIGIT = frozenset("0123456789")
#: Operators printed before a target (计算符号), longest first: the value grammar's spellings.
OPERATORS = OPERATOR_SPELLINGS
_SYMBOLS = tuple(op for op in OPERATORS if op.isascii() or len(op) == 1)
_NUMERIC_CHARS = frozenset("0123456789.%")
#: Characters inside a number: a digit after them continues it (after a `%` one begins).
_NUMBER_CHARS = frozenset("0123456789.")
_OPERATOR_HEADS = frozenset(op[0] for op in OPERATORS)

#: Printed in a cell left blank (`-`, `—`, `/`): a column without a value, not a digit.
BLANKS = frozenset("-—–－/／")

#: The funds columns in the national template's order (`parts.funds`).
FUNDS_KEYS = FUNDS_DEFAULT


def printed_number(token: str) -> Decimal | None:
    """The value of a printed number without leading zeros (`0.5`, `12`, not `012`), or None."""
    if not _NUMBER.fullmatch(token):
        return None
    try:
        return Decimal(token)
    except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
        return None


def cuts(run: str, count: int) -> Iterator[tuple[str, ...]]:
    """Every way to cut `run` into `count` printed numbers (a `%` may end any piece)."""
    if count == 0:
        if not run:
            yield ()
        return
    for end in range(1, len(run) - count + 2):
        head = run[:end]
        if printed_number(head.removesuffix("%")) is None:
            continue
        for rest in cuts(run[end:], count - 1):
            yield (head, *rest)


# ---------------------------------------------------------------- funds rows


def _rate_tolerance(rate: str) -> Decimal:
    """One unit of the last printed digit: `98.97` ± 0.01, `100%` ± 1."""
    digits = rate.removesuffix("%").partition(".")[2]
    return Decimal(1).scaleb(-len(digits))


def rate_agrees(annual: str, executed: str, rate: str) -> bool:
    """执行率 = 全年执行数 ÷ 全年预算数 × 100 within the printed rounding."""
    a, b, r = printed_number(annual), printed_number(executed), printed_number(
        rate.removesuffix("%"))
    if a is None or b is None or r is None:
        return False
    if a == 0:
        return b == 0 and r in (0, HUNDRED)
    return abs(b / a * HUNDRED - r) <= _rate_tolerance(rate)


#: How far, in points, a funds score may fall below 分值 × 执行率 (rounding, a point docked).
SCORE_SLACK = Decimal(1)
#: How far above 分值 × 执行率 a tiered rule lifts the score, as a share of 分值 (`≥90% 得满分`
#: gives 10 for 9; no rule gives full marks for a rate under half).
TIER_BONUS = Decimal("0.5")


def _decimals(token: str) -> int:
    return len(token.removesuffix("%").partition(".")[2])


def _funds_ok(values: dict[str, str]) -> bool:
    for key, token in values.items():
        if token.endswith("%") and key != "rate":
            return False
    amounts = [values[k] for k in ("initial", "annual", "executed") if k in values]
    if len({_decimals(a) for a in amounts if Decimal(a) != 0}) > 1:
        return False  # one row prints its amounts in one format (a zero may print as `0`)
    if "rate" in values and not rate_agrees(values["annual"], values["executed"],
                                            values["rate"]):
        return False
    if "weight" in values:
        return _funds_score_ok(values["weight"], values["score"], values["rate"])
    return True


def _funds_score_ok(weight_text: str, score_text: str, rate_text: str) -> bool:
    """得分 of the execution-rate item: 0 < 分值 ≤ 100, 得分 ≤ 分值, and 得分 near 分值 × 执行率
    (`SCORE_SLACK` below, `TIER_BONUS` × 分值 above: tiered rules give more, never all for
    nothing)."""
    if not (_POINTS.match(weight_text) and _POINTS.match(score_text)):
        return False
    weight, score = Decimal(weight_text), Decimal(score_text)
    rate = min(Decimal(rate_text.removesuffix("%")), HUNDRED)
    if not 0 < weight <= HUNDRED or score > weight:
        return False
    proportional = weight * rate / HUNDRED
    return proportional - SCORE_SLACK <= score <= proportional + weight * TIER_BONUS


def funds_layouts(columns: Sequence[str]) -> Iterator[tuple[str, ...]]:
    """The column subsets a glued funds row may fill, in printed order.

    全年预算数 and 全年执行数 are always printed; 年初预算数 and 执行率 may be blank; 分值 and
    得分 come together with 执行率 (the total row) or not at all (the 其中 rows).
    """
    optional = [k for k in columns if k in ("initial", "rate")]
    pair = [k for k in columns if k in ("weight", "score")]
    core = [k for k in columns if k in ("annual", "executed")]
    for n in range(len(optional), -1, -1):
        for chosen in combinations(optional, n):
            scoring = len(pair) == 2 and "rate" in chosen  # the score is the rate's
            for scored in ((pair, []) if scoring else ([],)):
                keep = set(core) | set(chosen) | set(scored)
                yield tuple(k for k in columns if k in keep)


def split_funds(run: str, columns: Sequence[str], *, scored: bool = True
                ) -> list[dict[str, str]]:
    """Every reading of a glued funds run (`10101 00%20`) the column order and arithmetic allow.

    Args:
        run: the numbers as printed, whitespace removed (it is wrapping, not a separator).
        columns: the funds columns in printed order (`FUNDS_KEYS` members).
        scored: the row may print 分值 and 得分 (the total row; the `其中` rows do not).

    Returns:
        Each surviving reading, column → printed number; [] when none survives.
    """
    run = "".join(ch for ch in run if not ch.isspace() and ch not in BLANKS)
    if not run or set(run) - _NUMERIC_CHARS:
        return []
    out: list[dict[str, str]] = []
    keys = [k for k in columns if k in FUNDS_KEYS and (scored or k not in ("weight", "score"))]
    for layout in funds_layouts(keys):
        if "annual" not in layout or "executed" not in layout:
            continue
        for pieces in cuts(run, len(layout)):
            values = dict(zip(layout, pieces, strict=True))
            if _funds_ok(values):
                out.append(values)
                if len(out) >= MAX_SURVIVORS:
                    return out
    return out


def split_points(run: str, keys: Sequence[str]) -> list[dict[str, str]]:
    """A glued run of points (`10095`: 总分 分值 100, 得分 95): score ≤ weight ≤ 100."""
    run = "".join(run.split())
    out = []
    for pieces in cuts(run, len(keys)):
        values = dict(zip(keys, pieces, strict=True))
        if any(not _POINTS.match(v) for v in pieces):
            continue
        if "weight" in values and "score" in values and (
                Decimal(values["score"]) > Decimal(values["weight"])):
            continue
        if any(Decimal(v) > HUNDRED for v in pieces):
            continue
        out.append(values)
    return out


# ---------------------------------------------------------------- indicator rows


@dataclass(frozen=True)
class Measure:
    """A 年度指标值 / 实际完成值 as printed: operator, number, unit (or text when not a number)."""

    printed: str
    operator: str = ""
    number: str = ""
    unit: str = ""
    #: target and actual printed together as words, with nothing telling them apart
    joined: bool = False

    @property
    def is_text(self) -> bool:
        return not self.number


@dataclass(frozen=True)
class RowSplit:
    """One reading of a glued indicator row: name and the printed values by column."""

    name: str
    values: tuple[tuple[str, str], ...]
    #: `name` holds 三级指标, 年度指标值 and 实际完成值 printed together as text, unsplit.
    whole: bool = False
    #: 年度指标值 and 实际完成值 are words run together, unsplit (both left "").
    joined: bool = False

    def get(self, key: str) -> str | None:
        return dict(self.values).get(key)

    @property
    def strict(self) -> bool:
        """Every column split; a row with words left unsplit is a fallback reading, considered
        only where no strict reading gets through."""
        return not self.whole and all(v for _, v in self.values)


_OPEN, _CLOSE = "(（", ")）"
#: A unit in brackets (`(%)`, `(1)`, `（万元）`) is this long at most, brackets included.
MAX_BRACKETED_UNIT = 8

def _operator_at(text: str, pos: int) -> str:
    if text[pos:pos + 1] not in _OPERATOR_HEADS:
        return ""
    return next((op for op in OPERATORS if text.startswith(op, pos)), "")


def _numbers_at(text: str, pos: int) -> Iterator[int]:
    """Ends of the printed numbers starting at `pos` (`2370` gives 2370, 237, 23, 2)."""
    end = pos
    while end < len(text) and text[end] in _DIGIT:
        end += 1
    if end < len(text) and text[end] == "." and end > pos:
        frac = end + 1
        while frac < len(text) and text[frac] in _DIGIT:
            frac += 1
        for stop in range(frac, end + 1, -1):
            if printed_number(text[pos:stop]) is not None:
                yield stop
    for stop in range(end, pos, -1):
        if printed_number(text[pos:stop]) is not None:
            yield stop


def _units_at(text: str, pos: int) -> Iterator[int]:
    """Ends of a unit after a number: nothing, a bracketed unit (`(%)`, `(1)`), or a few
    characters that are neither digits nor operators (`人`, `万元`, `%`)."""
    yield pos
    if pos < len(text) and text[pos] in _OPEN:
        close = next((i for i in range(pos + 1, min(len(text), pos + MAX_BRACKETED_UNIT))
                      if text[i] in _CLOSE), None)
        if close is not None:
            yield close + 1
        return
    end = pos
    while end < len(text) and end - pos < MAX_UNIT:
        ch = text[end]
        if ch in _DIGIT or ch in ".-—" or ch in _OPEN or _operator_at(text, end):
            break
        end += 1
        yield end


def measures_at(text: str, pos: int) -> Iterator[tuple[Measure, int]]:
    """Every quantity (`≥50个`, `100%`, `=100.00(1)`) that may start at `pos`, with its end."""
    op = _operator_at(text, pos)
    start = pos + len(op)
    for num_end in _numbers_at(text, start):
        for end in _units_at(text, num_end):
            yield Measure(text[pos:end], op, text[start:num_end], text[num_end:end]), end


def _points_at(text: str, pos: int) -> Iterator[tuple[str, int]]:
    for end in _numbers_at(text, pos):
        token = text[pos:end]
        if _POINTS.match(token) and Decimal(token) <= HUNDRED:
            yield token, end


def pair_ok(target: Measure, actual: Measure, *, bare_actual: bool = False,
            unit_column: bool = False) -> bool:
    """Target and actual share unit and operator. A bare-number actual (`≥50个 50`) is allowed
    only where a separator showed where the number ends (`bare_actual`). Where the unit has
    its own column (`unit_column`, 计量单位) either value may repeat it or print the bare number
    (`3%` and `0`); `_checked` holds both to the unit cell. A dash target (none set) pairs
    with any actual."""
    if target.printed in BLANKS:
        return True
    if target.is_text or actual.is_text:
        return target.printed == actual.printed  # repeated words, or one joined text
    if actual.operator and actual.operator != target.operator:
        return False
    if unit_column:
        return True
    return actual.unit == target.unit or (bare_actual and not actual.unit)


def _text_pairs(text: str, pos: int) -> Iterator[tuple[Measure, Measure, int]]:
    """A text target printed twice (`按时完成按时完成`): target = actual."""
    for length in range(1, min(MAX_TEXT_VALUE, (len(text) - pos) // 2) + 1):
        piece = text[pos:pos + length]
        if text.startswith(piece, pos + length) and _words(piece):
            m = Measure(piece)
            yield m, m, pos + 2 * length


#: A `.` beside a digit is a decimal point; after words it is a full stop (`环境.`).
_DECIMAL_POINT = re.compile(r"\d\.|\.\d|^\.")


def _words(piece: str) -> bool:
    """A value in words (`按时完成`, `2021年12月完成`): no quantity, operator, or decimal."""
    return (measure_of(piece).is_text and not any(op in piece for op in _SYMBOLS)
            and not _DECIMAL_POINT.search(piece) and "%" not in piece)


def measure_of(printed: str) -> Measure:
    """A printed value read as a whole quantity when it is one, else as text."""
    for measure, end in measures_at(printed, 0):
        if end == len(printed):
            return measure
    return Measure(printed)


#: `1.000.00` (two numbers glued), or two decimals apart (`3.00顺利进行3.00`): a row's values
#: inside what would be a name; a name may hold one decimal (`2.5米`), not two.
_GLUED_NUMBERS = re.compile(r"\d\.\d+\.\d|\d\.\d.*\d\.\d|\d%\d")


@lru_cache(maxsize=4096)
def name_ok(name: str) -> bool:
    """A 三级指标 name never holds a row's values: no target–actual pair sharing a unit
    followed by a number or ending it (`办公所需成本415万元15万元4维修…` is two rows), no two
    decimals (`1.000.00`, `3.00顺利进行3.00`)."""
    if _GLUED_NUMBERS.search(name):
        return False
    for pos, ch in enumerate(name):
        if ch in _DIGIT and (pos == 0 or name[pos - 1] not in _NUMBER_CHARS):
            for target, mid in measures_at(name, pos):
                for actual, end in measures_at(name, mid):
                    if target.unit and pair_ok(target, actual) and (
                            end == len(name) or name[end] in _DIGIT):
                        return False
    return True


class _Names:
    """`name_ok` for every name `text[a:b]` of one run, from the value pairs found once at
    each place (a run is read by trying many names over the same text)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pairs: dict[int, list[int]] = {}

    def _pair_ends(self, pos: int) -> list[int]:
        if pos not in self.pairs:
            text = self.text
            self.pairs[pos] = [end for target, mid in measures_at(text, pos)
                               for actual, end in measures_at(text, mid)
                               if target.unit and pair_ok(target, actual)]
        return self.pairs[pos]

    def ok(self, a: int, b: int) -> bool:
        text = self.text
        if _GLUED_NUMBERS.search(text, a, b):
            return False
        for pos in range(a, b):
            if text[pos] in _DIGIT and (pos == a or text[pos - 1] not in _NUMBER_CHARS):
                for end in self._pair_ends(pos):
                    if end == b or (end < b and text[end] in _DIGIT):
                        return False
        return True


def _ends_name(text: str, pos: int) -> bool:
    """A name ends before a value, never inside a number (`保障人数10…` is not `保障人数1`+`0…`)
    nor on an operator (`≥` begins the target) or a `%` after words (`完成率%`: the 计量单位
    cell after the name; `超过90%` may end a name)."""
    if pos <= 0 or text[pos - 1] in "0123456789.":
        return False
    if text[pos - 1] == "%" and (pos < 2 or text[pos - 2] not in _DIGIT):
        return False
    return not any(text.endswith(op, 0, pos) for op in OPERATORS)


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
            if pair_ok(target, actual, unit_column=bare):
                yield target, actual, end
    if bare:  # a row of a table with a 计量单位 column may print neither value (`_unit_cell_ok`)
        yield _NOTHING, _NOTHING, pos
    yield from _dash_target(text, pos)
    repeated = list(_text_pairs(text, pos))
    yield from repeated or _joined_pair(text, pos)


def _dash_target(text: str, pos: int) -> Iterator[tuple[Measure, Measure, int]]:
    """A target printed as a dash (`—`: none set) and the actual after it, words up to the
    next number (`—严格执行制度`) or a quantity (`—100%`)."""
    if text[pos:pos + 1] not in BLANKS or pos + 1 >= len(text):
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
            target, actual, unit_column=unit is not None):
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
    if isinstance(weight, str) and Decimal(weight) == 0 and Decimal(score or 0) != 0:
        return None  # a row worth nothing (不适用) scores nothing
    if isinstance(weight, str) and isinstance(score, str) and Decimal(score) > Decimal(weight):
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
    return not unit or not any(isinstance(m, Measure) and m.is_text and m.printed
                               for m in (target, actual))


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
    product = Decimal(weight) * Decimal(coef.removesuffix("%")) / HUNDRED
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


_Edge = tuple[int, int, RowSplit]


def read_rows(text: str, columns: Sequence[str], points: str | None = None,
              budget: Budget | None = None) -> list[Stretch]:
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
            cuts_at = _cut_points(valid, pos, stop)
            out += [_stretch(s, e, [x for x in valid if x[0] >= s and x[1] <= e])
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
    last = row.values[-1][1] if row.values else ""
    if last[-1:].isdigit() and text[end] in "(（%":
        return False  # `1.00(篇)`: the bracket is the number's unit, not a name
    if text[end] not in _DIGIT or not last[-1:].isdigit():
        return True
    longer = last + text[end]
    return not (_POINTS.match(longer) and Decimal(longer) <= HUNDRED)


def _no_row_in_a_name(pos: int, found: set[tuple[int, RowSplit]]
                      ) -> set[tuple[int, RowSplit]]:
    """The rows starting at `pos` whose name holds no whole row starting there: a name never
    holds a row's values (`完成率%901010010国家级…` is a row and the next row's name)."""
    ends = sorted({end for end, row in found if not row.whole})
    if not ends:
        return found
    return {(end, row) for end, row in found
            if row.whole or not any(pos < e < pos + len(row.name) for e in ends)}


def _within(row: RowSplit, points: Decimal | None) -> bool:
    """A row's 分值 never exceeds its group's printed `(N分)`."""
    weight = row.get("weight")
    return points is None or not weight or Decimal(weight) <= points


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
        found = _no_row_in_a_name(pos, {
            (end, row) for row, end in starts.at(pos)
            if (loose or row.strict) and _row_ends(text, end, row)
            and _within(row, starts.points)})
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
        return Decimal(w) if (total is not None and w is not None) else Decimal(0)

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


def _stretch(start: int, end: int, edges: list[_Edge]) -> Stretch:
    rows = sorted({row for s, e, row in edges}, key=lambda r: r.values)
    single = [row for s, e, row in edges if s == start and e == end]
    if len(single) != len(rows) or len({r.name for r in rows}) != 1:
        return Stretch(start, end, None, max(len(rows), 2))
    first = rows[0]
    keys = {k for r in rows for k, _ in r.values}
    disputed = frozenset(k for k in keys if len({r.get(k) for r in rows}) > 1)
    return Stretch(start, end, first, len(rows), disputed)


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
            if end > start and checked is not None:
                target = values.get("target")
                joined = isinstance(target, Measure) and target.joined
                yield RowSplit(text[pos:start], checked, joined=joined), end
    yield from _whole_rows(text, pos, keys, meter)


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
        ok = _POINTS.match(token) and Decimal(token) <= HUNDRED
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
                (Decimal(w) for w in weights if w is not None), Decimal(0)) != total:
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


__all__ = [
    "BLANKS",
    "FUNDS_KEYS",
    "MAX_SURVIVORS",
    "Budget",
    "Measure",
    "RowSplit",
    "Stretch",
    "agreed",
    "cuts",
    "funds_layouts",
    "measure_of",
    "measures_at",
    "name_ok",
    "pair_ok",
    "printed_number",
    "rate_agrees",
    "read_rows",
    "split_funds",
    "split_points",
    "split_row",
    "split_spaced",
    "weights_fit",
]
