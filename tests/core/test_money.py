"""Money, rates and scores are Decimal, rounded half-up to two places."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jixiao.core.money import fmt2, parse_printed, round2, to_decimal


@pytest.mark.parametrize(("text", "expected"), [
    ("7.20", Decimal("7.20")), ("1,234.50", Decimal("1234.50")), (" 12 ", Decimal("12")),
    ("３５．５", Decimal("35.5")), ("-3", Decimal("-3")),
])
def test_to_decimal_accepts_printed_numbers(text: str, expected: Decimal) -> None:
    assert to_decimal(text) == expected


def test_to_decimal_rejects_float_and_words() -> None:
    with pytest.raises(TypeError):
        to_decimal(7.2)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        to_decimal("七点二")


@pytest.mark.parametrize(("cell", "expected"), [
    ("100.00%", Decimal("100.00")), ("3359.62万", Decimal("3359.62")), ("-", None),
    ("—", None), ("/", None), ("", None), (None, None), ("好", None), ("80.44", Decimal("80.44")),
])
def test_parse_printed_cells(cell: str | None, expected: Decimal | None) -> None:
    assert parse_printed(cell) == expected


@pytest.mark.parametrize(("value", "expected"), [
    ("8.044", "8.04"), ("8.045", "8.05"), ("0.005", "0.01"), ("-0.005", "-0.01"), ("93", "93.00"),
])
def test_round_half_up_two_places(value: str, expected: str) -> None:
    assert fmt2(Decimal(value)) == expected


@given(st.decimals(min_value=-10**6, max_value=10**6, allow_nan=False, allow_infinity=False,
                   places=4))
def test_round2_is_within_half_a_cent_and_has_two_places(value: Decimal) -> None:
    rounded = round2(value)
    assert abs(rounded - value) <= Decimal("0.005")
    assert rounded.as_tuple().exponent == -2


def test_only_ascii_digits_are_numbers() -> None:
    assert parse_printed("1٠") is None  # an Arabic-Indic zero is not a printed digit
    with pytest.raises(ValueError):
        to_decimal("١٠")
