"""The value grammar of 年度指标值 (target) and 实际完成值 (actual).

A printed value parses to operator + number + unit (`≥95.00(%)`), a qualitative tier
(`达成指标`), 不适用, a bare unit (`人`), or free text (`顺利进行`); the printed string is kept.
Tier labels are not known here: they are rule-profile data, passed in as a `Vocabulary`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache

from jixiao.core.frozen import direct_init
from jixiao.core.lazy_pattern import LazyPattern
from jixiao.core.money import MAX_FRACTION_DIGITS, MAX_INTEGER_DIGITS, in_domain
from jixiao.core.traditional import simplified

#: Entries of each memo of parsed or folded texts: enough for the strings a batch repeats
#: (captions, common targets), small enough that memory stays flat on a batch of any size.
_CACHE = 8192


class Operator(StrEnum):
    """计算符号: ≥ > = ≤ <."""

    GE = "≥"
    GT = ">"
    EQ = "="
    LE = "≤"
    LT = "<"

    @property
    def is_reverse(self) -> bool:
        """反向指标: smaller is better."""
        return self in _REVERSE  # a set of members: a tuple compares as strings, 8× slower


_REVERSE = frozenset({Operator.LE, Operator.LT})


class Tier(StrEnum):
    """定性档次: 达成 / 部分达成 / 未达成."""

    ACHIEVED = "achieved"
    PARTIAL = "partial"
    MISSED = "missed"


class ValueKind(StrEnum):
    QUANTITY = "quantity"
    TIER = "tier"
    NOT_APPLICABLE = "not_applicable"
    UNIT_ONLY = "unit_only"
    TEXT = "text"
    EMPTY = "empty"


@dataclass(frozen=True, eq=False)
class Vocabulary:
    """Words a profile gives meaning to: tier labels and 不适用 words.

    Compared and hashed by identity, so that parsing can be memoised per vocabulary.
    """

    tiers: dict[str, Tier] = field(default_factory=dict)
    not_applicable: frozenset[str] = frozenset({"不适用", "不涉及"})


EMPTY_VOCABULARY = Vocabulary()


@direct_init
@dataclass(frozen=True)
class Value:
    """A parsed 年度指标值 / 实际完成值; `raw` is the printed string."""

    raw: str
    kind: ValueKind
    operator: Operator | None = None
    number: Decimal | None = None
    unit: str | None = None
    tier: Tier | None = None
    qualifier: str | None = None  # words after the unit, e.g. 覆盖 in `100%覆盖`

    @property
    def is_percent(self) -> bool:
        return self.unit == "%"


# Longest spellings first so that `>=` wins over `>`.
_OPERATOR_WORDS: tuple[tuple[str, Operator], ...] = (
    ("大于等于", Operator.GE), ("大于或等于", Operator.GE), ("不少于", Operator.GE),
    ("不低于", Operator.GE), ("不小于", Operator.GE), ("至少", Operator.GE),
    ("小于等于", Operator.LE), ("小于或等于", Operator.LE), ("不多于", Operator.LE),
    ("不高于", Operator.LE), ("不超过", Operator.LE), ("不大于", Operator.LE),
    ("最多", Operator.LE), ("大于", Operator.GT), ("高于", Operator.GT), ("超过", Operator.GT),
    ("小于", Operator.LT), ("低于", Operator.LT), ("少于", Operator.LT), ("等于", Operator.EQ),
    (">=", Operator.GE), ("=>", Operator.GE), ("<=", Operator.LE), ("=<", Operator.LE),
    ("≥", Operator.GE), ("≧", Operator.GE), ("⩾", Operator.GE),
    ("≤", Operator.LE), ("≦", Operator.LE), ("⩽", Operator.LE),
    ("═", Operator.EQ), ("=", Operator.EQ), (">", Operator.GT), ("<", Operator.LT),
)
#: The spellings a printed target's operator may take, longest first (readers finding
#: targets inside glued text start from these).
OPERATOR_SPELLINGS: tuple[str, ...] = tuple(word for word, _ in _OPERATOR_WORDS)
#: The first spelling (in the order above) a text starts with: one match instead of a loop.
_OPERATOR_HEAD = LazyPattern("|".join(map(re.escape, OPERATOR_SPELLINGS)))
_OPERATOR_OF = dict(_OPERATOR_WORDS)
#: The first characters of the spellings: a text starting otherwise (a digit) has no operator.
_OPERATOR_FIRST = frozenset(word[0] for word in OPERATOR_SPELLINGS)
_SUFFIX_WORDS: tuple[tuple[str, Operator], ...] = (
    ("及以上", Operator.GE), ("以上", Operator.GE), ("及以下", Operator.LE), ("以下", Operator.LE),
)
_SUFFIXES = tuple(word for word, _ in _SUFFIX_WORDS)
_UNIT_SYNONYMS = {"％": "%", "百分比": "%", "百分之": "%", "%(百分比)": "%", "‰": "‰"}
_NUMBER = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?|[+-]?\.[0-9]+")
_DIGIT = re.compile(r"[0-9]")
_PERCENT_PREFIX = "百分之"


def normalize_once(text: str) -> str:
    """`normalize_text` unmemoised, for texts a batch seldom sees twice (indicator names):
    memoised, they would only push out the entries of the texts that do repeat."""
    # NFKC folds ＝ ﹥ ﹤ to = > < as well: a text in that form holds none of them
    folded = simplified(text if unicodedata.is_normalized("NFKC", text) else _nfkc(text))
    if " " not in folded and folded.isprintable():
        return folded  # no whitespace: every other whitespace character is unprintable
    return "".join(folded.split())  # str.split's whitespace is the `\s` of `re`


@lru_cache(maxsize=_CACHE)
def normalize_text(text: str) -> str:
    """NFKC (full-width digits and operators to half-width), traditional characters simplified
    (a mirror site's 不低於 is the rules' 不低于) and no whitespace."""
    return normalize_once(text)


def _nfkc(text: str) -> str:
    """NFKC of a text that is not in that form: most such texts only hold full-width ASCII
    (，（）％), whose NFKC is one ASCII character each, and a table does those at a fraction of
    the cost of the full normalisation."""
    narrowed = text.translate(_FULL_WIDTH)
    if unicodedata.is_normalized("NFKC", narrowed):
        return narrowed
    return unicodedata.normalize("NFKC", narrowed)


#: U+FF01–U+FF5E and the ideographic space, to what NFKC makes of them.
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def normalize_unit(unit: str | None) -> str | None:
    """`百分比`, `％`, `(%)` → `%`; strips brackets; empty → None."""
    if unit is None:
        return None
    u = normalize_text(unit).strip("()（）[]【】")
    if not u:
        return None
    return _UNIT_SYNONYMS.get(u, u)


_QUANTITY = ValueKind.QUANTITY  # a module name is read faster than an enum member


@lru_cache(maxsize=_CACHE)
def parse_value(text: str | None, vocabulary: Vocabulary = EMPTY_VOCABULARY) -> Value:
    """Parse a printed 年度指标值 / 实际完成值 (None reads as the empty text).

    >>> parse_value("≥95.00(%)").operator, parse_value("≥95.00(%)").unit
    (<Operator.GE: '≥'>, '%')
    >>> parse_value("小于5次").number
    Decimal('5')
    """
    raw = text or ""
    s = normalize_once(raw)  # memoised here by `raw` already
    if not s or s in {"-", "—", "/", "*"}:
        return Value(raw=raw, kind=ValueKind.EMPTY)
    if s in vocabulary.not_applicable:
        return Value(raw=raw, kind=ValueKind.NOT_APPLICABLE)
    tier = vocabulary.tiers.get(s)
    if tier is not None:
        return Value(raw=raw, kind=ValueKind.TIER, tier=tier)
    quantity = _parse_quantity(s)
    if quantity is not None:
        op, number, unit, qualifier = quantity
        return Value(raw, _QUANTITY, op, number, unit, None, qualifier)  # the most parsed
    if _looks_like_unit(s):
        return Value(raw=raw, kind=ValueKind.UNIT_ONLY, unit=normalize_unit(s))
    return Value(raw=raw, kind=ValueKind.TEXT)


def _parse_quantity(s: str) -> tuple[Operator | None, Decimal, str | None, str | None] | None:
    common = _COMMON.fullmatch(s)
    if common is not None:  # most quantities: `≥95.00(%)`, `93.47%`, `12次`
        op, number, unit = common.groups()
        if unit is None or not unit.endswith(_SUFFIXES):
            if unit is not None:
                unit = unit.strip("()")
                unit = _UNIT_SYNONYMS.get(unit, unit)
            return _OPERATOR_OF.get(op) if op else None, Decimal(number), unit, None
    return _read_quantity(s)


def _read_quantity(s: str) -> tuple[Operator | None, Decimal, str | None, str | None] | None:
    """`_parse_quantity` of any text, the long way."""
    if not _DIGIT.search(s):  # no number to read (names and words: most texts parsed)
        return None
    op, rest = _take_operator(s)
    percent_prefix = rest.startswith(_PERCENT_PREFIX)
    if percent_prefix:
        rest = rest[len(_PERCENT_PREFIX):]
    rest = rest.replace(",", "")
    m = _NUMBER.match(rest)
    if not m or not in_domain(m.group()):
        return None  # not a quantity; absurd numbers are reported by the readers (JX081)
    number = Decimal(m.group())
    tail = rest[m.end():]
    if op is None and tail.endswith(_SUFFIXES):
        for word, suffix_op in _SUFFIX_WORDS:
            if tail.endswith(word):
                op, tail = suffix_op, tail[: -len(word)]
                break
    unit, qualifier = _split_unit(tail)
    if percent_prefix:
        unit = "%"
    if qualifier is not None and not _acceptable_qualifier(qualifier):
        return None
    return op, number, unit, qualifier


#: The shape most printed quantities take, read in one match as the long way reads it: a
#: one-character operator, a number within the domain (`in_domain`), and a unit of `%` or one
#: to three Chinese characters, bare or in brackets (a unit ending in a suffix word such as
#: 以上 is left to the long way, which reads the word as the operator).
_COMMON = re.compile(f"([≥≤=><])?([0-9]{{1,{MAX_INTEGER_DIGITS}}}"
                     f"(?:\\.[0-9]{{1,{MAX_FRACTION_DIGITS}}})?)"
                     r"(%|\(%\)|[\u4e00-\u9fff]{1,3}|\([\u4e00-\u9fff]{1,3}\))?")


def _take_operator(s: str) -> tuple[Operator | None, str]:
    if s[:1] not in _OPERATOR_FIRST:  # most values start with their number
        return None, s
    m = _OPERATOR_HEAD.match(s)
    if m is None:
        return None, s
    return _OPERATOR_OF[m.group()], s[m.end():]


_BRACKETED = re.compile(r"^[(（]([^()（）]*)[)）](.*)$")
_UNIT_HEAD = LazyPattern(r"^(%|‰|百分比|[A-Za-z]+(?:/[A-Za-z\u4e00-\u9fff]+)?|"
                                 r"[\u4e00-\u9fff]{1,3}(?:/[\u4e00-\u9fff]{1,2})?)(.*)$")


def _split_unit(tail: str) -> tuple[str | None, str | None]:
    if not tail:
        return None, None
    m = _BRACKETED.match(tail)
    if m:
        return normalize_unit(m.group(1)), (m.group(2) or None)
    if tail.startswith(("%", "‰")):
        rest = tail[1:]
        rest = _PERCENT_WORD.sub("", rest)
        return tail[0], (rest or None)
    m = _UNIT_HEAD.match(tail)
    if m:
        unit = m.group(1)
        # a long Chinese tail is a unit only for its first few characters (`100%覆盖`, `25TB`)
        return normalize_unit(unit), (m.group(2) or None)
    return None, tail


_PERCENT_WORD = re.compile(r"^[(（]百分比[)）]")
_QUALIFIER_OK = LazyPattern(r"^[\u4e00-\u9fff]{1,4}$")


def _acceptable_qualifier(q: str) -> bool:
    # `100%覆盖`, `6次以上` pass; `2024年12月完成` is text, not a quantity.
    return bool(_QUALIFIER_OK.match(q))


_BARE_UNIT = LazyPattern(r"^(%|‰|百分比|[\u4e00-\u9fff]{1,2}(?:/[\u4e00-\u9fff]{1,2})?|"
                                 r"[A-Za-z]{1,3})$")
_KNOWN_UNITS = frozenset((
    "人", "次", "个", "场", "家", "天", "篇", "件", "项", "户", "元", "起",
    "份", "台", "套", "所", "名", "期", "本", "册", "条", "处", "座", "辆",
    "年", "月", "日", "周", "批", "张", "间", "平方米", "亩", "公里", "万元",
    "人次", "场次", "小时", "课时", "学时", "元/人", "%", "百分比",
))


def _looks_like_unit(s: str) -> bool:
    if s in _KNOWN_UNITS:
        return True
    return len(s) == 1 and bool(_BARE_UNIT.match(s)) and s not in "好高低优良差"


def may_be_quantity_or_unit(folded: str) -> bool:
    """Whether a folded text (`normalize_text`) can parse as a quantity or a bare unit: only one
    with a digit, a known unit or a single character can, so most names are passed over
    without being parsed."""
    return len(folded) == 1 or folded in _KNOWN_UNITS or _DIGIT.search(folded) is not None


def render_value(value: Value) -> str:
    """A canonical spelling of a quantitative value: `≥95.00%`, `<5次`, `100`."""
    if value.kind is not ValueKind.QUANTITY or value.number is None:
        return value.raw
    op = value.operator.value if value.operator else ""
    unit = value.unit or ""
    return f"{op}{value.number}{unit}{value.qualifier or ''}"


#: What a 指标性质 / 指标方向 column prints that is the indicator's kind, not an operator.
KIND_WORDS = frozenset({"定量", "定量指标", "正向", "反向", "正向指标", "反向指标"})


def compose_split_value(operator: str | None, value: str | None, unit: str | None) -> str | None:
    """Sichuan's split columns 指标性质 / 指标值 / 度量单位 → one printed target (`=100%`).

    A 定性 operator means the value is qualitative text and the unit column repeats it or is empty;
    the indicator's kind printed there (定量, or a budget-system export's 指标方向 正向/反向) is
    no operator of the value.
    """
    op = (operator or "").strip()
    if op in KIND_WORDS:
        op = ""
    val = (value or "").strip()
    un = (unit or "").strip()
    if op in {"定性", "定性指标"}:
        return val or un or None
    if not val:
        return un or None
    return f"{op}{val}{un}"
