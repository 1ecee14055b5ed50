"""Money, rates and scores are Decimal, rounded half-up to two places."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from jixiao.core import money
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


_NUMBERS = st.builds(lambda sign, whole, fraction: f"{sign}{whole}{fraction}",
                     st.sampled_from(["", "-", "+"]), st.integers(0, 10**17),
                     st.one_of(st.just(""), st.from_regex(r"\.[0-9]{0,12}", fullmatch=True)))


@given(st.one_of(_NUMBERS, st.text(alphabet="0123456789.+-%万元,， －１", max_size=20)))
@example("1234567890123456")
@example("123456789012345.1234567890")
@example("1.12345678901")
def test_a_plain_number_reads_as_the_long_way_reads_it(text: str) -> None:
    """The shortcut for plain numbers gives what the general reading gives, exponent and all
    (`7.20` stays `7.20`), and leaves numbers outside the domain to it."""
    read = parse_printed.__wrapped__(text)  # type: ignore[attr-defined]
    expected = money._read_printed(text)
    assert (read, str(read)) == (expected, str(expected))
