"""The values of a glued indicator row (`≥50个`, `100%`, `按时完成按时完成`) and its name: what
may start where, target and actual sharing unit and operator, and what a 三级指标 name never
holds (another row's values) (`segment`)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from jixiao.readers.segment_numbers import (
    _DIGIT,
    _NUMBER_CHARS,
    _OPERATOR_HEADS,
    _POINTS,
    _SYMBOLS,
    BLANKS,
    DASH_LOOKALIKES,
    HUNDRED,
    MAX_TEXT_VALUE,
    MAX_UNIT,
    OPERATORS,
    POINTS,
    printed_number,
)


@dataclass(frozen=True)
class Measure:
    """A 年度指标值 / 实际完成值 as printed: operator, number, unit (or text when not a number)."""

    printed: str
    operator: str = ""
    number: str = ""
    unit: str = ""
    #: target and actual printed together as words, with nothing telling them apart
    joined: bool = False
    #: a quantity with one character of its number damaged by OCR (`M.8万元`): kept as printed
    damaged: bool = False

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
    #: 实际完成值 is a bare number after a target with its unit (`≥50个50`).
    bare: bool = False
    #: the words left unsplit when `joined`
    words: str = ""

    def get(self, key: str) -> str | None:
        return dict(self.values).get(key)

    @property
    def strict(self) -> bool:
        """Every column split, each value with its unit; a row with words left unsplit or a
        bare-number actual is a fallback reading, considered only where no strict reading gets
        through."""
        return not self.whole and not self.bare and all(v for _, v in self.values)


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


#: Words beginning with 分 that a number may precede in a row (`10分钟`, a note's `分析` or
#: `分批实施` after a 得分 printed bare): there the 分 is no unit of points.
_NOT_POINTS = ("分钟", "分析", "分之", "分值", "分数", "分段", "分批", "分期", "分别", "分类",
               "分配", "分项", "分步", "分阶段", "分年", "分散", "分布", "分解", "分摊", "分拨",
               "分级", "分区", "分组", "分管", "分担", "分为", "分成")


def _points_at(text: str, pos: int) -> Iterator[tuple[str, int]]:
    """分值 / 得分 at `pos`: a number of points, with its unit 分 when printed (`30分`)."""
    for end in _numbers_at(text, pos):
        token = text[pos:end]
        if _POINTS.match(token) and Decimal(token) <= HUNDRED:
            if text.startswith(POINTS, end) and not text.startswith(_NOT_POINTS, end):
                yield token + POINTS, end + 1
            yield token, end


def pair_ok(target: Measure, actual: Measure, *, bare_actual: bool = False,
            unit_column: bool = False) -> bool:
    """Target and actual share unit and operator. A bare-number actual (`≥50个 50`) is allowed
    only where a separator showed where the number ends (`bare_actual`). Where the unit has
    its own column (`unit_column`, 计量单位) either value may repeat it or print the bare number
    (`3%` and `0`); `_checked` holds both to the unit cell. A dash target (none set) pairs
    with any actual."""
    if target.printed in BLANKS or target.printed in DASH_LOOKALIKES:
        return True
    if target.damaged:
        return not actual.is_text and (unit_column or actual.unit == target.unit)
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


#: Units a 计量单位 cell prints in words (`人`, `公里`, `人次`); a magnitude before one
#: (`万亩`, `万元`, `千米`) is part of the unit.
UNIT_WORDS = frozenset((
    "人", "次", "个", "场", "家", "天", "篇", "件", "项", "户", "元", "起", "份", "台", "套",
    "所", "名", "期", "本", "册", "条", "处", "座", "辆", "年", "月", "日", "周", "批", "张",
    "间", "亩", "株", "棵", "吨", "米", "头", "只", "盏", "块", "根", "部", "栋", "平方米",
    "立方米", "公里", "公顷", "平方公里", "人次", "场次", "户次", "车次", "小时", "课时", "学时",
    "工作日", "个月", "元/人", "元/次", "元/人次", "百分比",
))
#: Magnitudes printed before a unit (`万亩`, `亿元`).
MAGNITUDES = "万亿千百"
#: Single characters that are ratings, never a unit cell (`好好`: the value printed twice).
_RATINGS = frozenset("好高低优良差中是否有无")


def unit_word(cell: str) -> bool:
    """Whether a 计量单位 cell in words is a unit: a known unit (after one magnitude,
    `万亩`), or one Chinese character that is no rating (`株`, `棵`)."""
    if _known_unit(cell):
        return True
    return len(cell) == 1 and "\u4e00" <= cell <= "\u9fff" and cell not in _RATINGS


def _known_unit(cell: str) -> bool:
    return cell in UNIT_WORDS or (cell[:1] in MAGNITUDES and cell[1:] in UNIT_WORDS)


#: The longest unit word, in characters.
_LONGEST_UNIT = max(map(len, UNIT_WORDS)) + 1


def name_meets_unit(name: str, unit: str) -> bool:
    """Whether a 三级指标 name may end where the 计量单位 cell after it begins: the magnitude
    belongs to the unit (`…面积` + `万亩`, not `…面积万` + `亩`), and a blank cell never leaves
    a unit with its magnitude at the name's end (`…面积万亩` + nothing: the cell is `万亩`);
    nor does the name keep the first characters of a unit (`…长度公` + `里`: the cell is
    `公里`)."""
    if unit and any(_known_unit(name[-k:] + unit) for k in range(1, _LONGEST_UNIT)
                    if len(name) > k):
        return False
    if not unit:
        return not any(name.endswith(m + u) for m in MAGNITUDES for u in UNIT_WORDS)
    return True
