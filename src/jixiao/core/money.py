"""Decimal money, rates and scores: one constructor, one rounding mode, one context, one domain."""

from __future__ import annotations

import decimal
import re
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation
from functools import lru_cache

#: The numbers a form may hold: amounts, rates, weights and scores with at most 15 integer
#: digits (Excel's precision; 10^15 万元 is a thousand times the world's GDP) and 10 decimals.
#: Beyond them a number is not used in any computation (`parse_printed` gives None) and the
#: readers report it (JX081).
MAX_INTEGER_DIGITS = 15
MAX_FRACTION_DIGITS = 10

#: The one Decimal context of the program, installed below for this thread and as the default of
#: every thread started later (the web server's): 50 digits hold any quotient or product of two
#: numbers in the domain with room to round, and every arithmetic surprise is an exception.
DECIMAL_CONTEXT = Context(prec=50, rounding=decimal.ROUND_HALF_EVEN, Emax=999_999,
                          Emin=-999_999, traps=[InvalidOperation, decimal.DivisionByZero,
                                                decimal.Overflow])


def install_decimal_context() -> None:
    """Make `DECIMAL_CONTEXT` the context of this thread and of threads started from now on."""
    for attr in ("prec", "rounding", "Emax", "Emin"):
        setattr(decimal.DefaultContext, attr, getattr(DECIMAL_CONTEXT, attr))
    decimal.DefaultContext.traps = dict(DECIMAL_CONTEXT.traps)
    decimal.setcontext(DECIMAL_CONTEXT.copy())


install_decimal_context()

TWO_PLACES = Decimal("0.01")
HUNDRED = Decimal(100)
ZERO = Decimal(0)

_STRIP = re.compile(r"[\s,，]")
_FULLWIDTH = str.maketrans("０１２３４５６７８９．－＋％", "0123456789.-+%")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_UNIT_SUFFIX = re.compile(r"(%|万元|万|元)$")
_PLACEHOLDERS = frozenset({"", "-", "—", "–", "──", "/", "／", "\\", "*", "无"})


def in_domain(number: str) -> bool:
    """Whether a plain number text (`-1234.56`) is within the domain: at most
    `MAX_INTEGER_DIGITS` integer digits (leading zeros aside) and `MAX_FRACTION_DIGITS` decimals."""
    whole, _, fraction = number.lstrip("+-").partition(".")
    return len(whole.lstrip("0")) <= MAX_INTEGER_DIGITS and len(fraction) <= MAX_FRACTION_DIGITS


_DIGITS = re.compile(r"[0-9][0-9,，]*(?:\.[0-9]+)?")
#: No shorter text holds a number outside the domain: one more integer digit than allowed, or
#: a digit, the point and one more decimal than allowed.
SHORTEST_ABSURD = min(MAX_INTEGER_DIGITS + 1, MAX_FRACTION_DIGITS + 3)


def absurd_number(text: str | None) -> str | None:
    """The first number written in `text` that is outside the domain (`in_domain`), else None."""
    if not text or len(text) < SHORTEST_ABSURD:  # most printed numbers: nothing to look for
        return None
    for match in _DIGITS.finditer(text.translate(_FULLWIDTH)):
        number = _STRIP.sub("", match.group())
        if not in_domain(number):
            return number
    return None


def to_decimal(value: str | int | Decimal) -> Decimal:
    """Convert str/int/Decimal to Decimal; strips `,` `，` and spaces; rejects float.

    Raises:
        TypeError: for float or any other type.
        ValueError: for text that is not a plain number, or a number outside the domain.
    """
    if isinstance(value, (bool, float)):
        raise TypeError("金额不接受浮点数，请使用字符串或 Decimal")
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        if not in_domain(str(value)):
            raise ValueError(f"数字超出合理范围（整数部分超过 {MAX_INTEGER_DIGITS} 位）")
        return Decimal(value)
    if not isinstance(value, str):
        raise TypeError(f"无法转换为金额：{type(value).__name__}")
    text = _STRIP.sub("", value.translate(_FULLWIDTH))
    if not _NUMBER.fullmatch(text):
        raise ValueError(f"不是数字：{value!r}")
    if not in_domain(text):
        raise ValueError(f"数字超出合理范围（整数部分超过 {MAX_INTEGER_DIGITS} 位或小数超过 "
                         f"{MAX_FRACTION_DIGITS} 位）：{value[:40]!r}")
    try:
        return Decimal(text)
    except InvalidOperation as exc:  # pragma: no cover - regex guards this
        raise ValueError(f"不是数字：{value!r}") from exc


#: A plain number within the domain (`in_domain`), as most printed cells are: read as it stands.
_PLAIN = re.compile(f"[+-]?[0-9]{{1,{MAX_INTEGER_DIGITS}}}(?:\\.[0-9]{{1,{MAX_FRACTION_DIGITS}}})?")


@lru_cache(maxsize=65536)
def parse_printed(text: str | None) -> Decimal | None:
    """Read a printed number cell: `"7.20"`, `"100.00%"`, `"3359.62万"`, `"1,234"`.

    Placeholders (`-`, `—`, `/`, empty), anything that is not a number and numbers outside the
    domain (`in_domain`) give None.
    The unit suffix `%` or `万`/`元` is dropped: the caller knows the column's unit.
    """
    if text is None:
        return None
    if _PLAIN.fullmatch(text):  # most cells: a number in the domain, nothing to clean
        return Decimal(text)
    return _read_printed(text)


def _read_printed(text: str) -> Decimal | None:
    """`parse_printed` of any text, the long way."""
    cleaned = _STRIP.sub("", text.translate(_FULLWIDTH))
    if cleaned in _PLACEHOLDERS:
        return None
    cleaned = _UNIT_SUFFIX.sub("", cleaned)
    if not _NUMBER.fullmatch(cleaned) or not in_domain(cleaned):
        return None
    return Decimal(cleaned)


#: A 分值 / 得分 printed with its unit (`30分`, `30 分`, `９.５分`): the 分 is points, never money.
_POINTS_SUFFIX = re.compile(r"\s*分$")


@lru_cache(maxsize=65536)
def parse_points(text: str | None) -> Decimal | None:
    """Read a printed 分值 / 得分 cell: as `parse_printed`, and also with its unit 分 after the
    number (`30分`, `30 分`). Only weights and scores: an amount printed `30分` is no number."""
    if text is None:
        return None
    if _PLAIN.fullmatch(text):
        return Decimal(text)
    value = _read_printed(text)
    if value is not None:
        return value
    stripped = _POINTS_SUFFIX.sub("", text)
    if stripped == text or "%" in stripped or "元" in stripped or "万" in stripped:
        return None
    return _read_printed(stripped)


def round2(value: Decimal) -> Decimal:
    """Round half-up to two places, as the printed forms do."""
    return value.quantize(TWO_PLACES, ROUND_HALF_UP)  # positional: keywords cost twice the time


def fmt2(value: Decimal | None) -> str | None:
    """Format a Decimal with exactly two decimals (`"8.04"`), None stays None."""
    if value is None:
        return None
    if not value:  # 0 and -0 are equal but print apart (`0.00`, `-0.00`): not memoised
        return str(round2(value))
    text = _FMT2.get(value)
    if text is None:
        if len(_FMT2) >= _FMT2_LIMIT:
            _FMT2.clear()
        # str() of a Decimal with exponent -2 is its fixed-point text, as f"{…:.2f}" but faster
        text = _FMT2[value] = str(round2(value))
    return text


_FMT2_LIMIT = 16384
_FMT2: dict[Decimal, str] = {}  # equal non-zero values format alike (`8.0`, `8.00` → 8.00)
