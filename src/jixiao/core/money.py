"""Decimal money, rates and scores: one constructor, one rounding mode."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

TWO_PLACES = Decimal("0.01")
HUNDRED = Decimal(100)
ZERO = Decimal(0)

_STRIP = re.compile(r"[\s,，]")
_FULLWIDTH = str.maketrans("０１２３４５６７８９．－＋％", "0123456789.-+%")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_PLACEHOLDERS = frozenset({"", "-", "—", "–", "──", "/", "／", "\\", "*", "无"})


def to_decimal(value: str | int | Decimal) -> Decimal:
    """Convert str/int/Decimal to Decimal; strips `,` `，` and spaces; rejects float.

    Raises:
        TypeError: for float or any other type.
        ValueError: for text that is not a plain number.
    """
    if isinstance(value, (bool, float)):
        raise TypeError("金额不接受浮点数，请使用字符串或 Decimal")
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if not isinstance(value, str):
        raise TypeError(f"无法转换为金额：{type(value).__name__}")
    text = _STRIP.sub("", value.translate(_FULLWIDTH))
    if not _NUMBER.fullmatch(text):
        raise ValueError(f"不是数字：{value!r}")
    try:
        return Decimal(text)
    except InvalidOperation as exc:  # pragma: no cover - regex guards this
        raise ValueError(f"不是数字：{value!r}") from exc


@lru_cache(maxsize=65536)
def parse_printed(text: str | None) -> Decimal | None:
    """Read a printed number cell: `"7.20"`, `"100.00%"`, `"3359.62万"`, `"1,234"`.

    Placeholders (`-`, `—`, `/`, empty) and anything that is not a number give None.
    The unit suffix `%` or `万`/`元` is dropped: the caller knows the column's unit.
    """
    if text is None:
        return None
    cleaned = _STRIP.sub("", text.translate(_FULLWIDTH))
    if cleaned in _PLACEHOLDERS:
        return None
    cleaned = re.sub(r"(%|万元|万|元)$", "", cleaned)
    if not _NUMBER.fullmatch(cleaned):
        return None
    return Decimal(cleaned)


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
