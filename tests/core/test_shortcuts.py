"""Shortcuts taken for speed (issue 9) answer exactly as the long way round."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from jixiao.core import money, values
from jixiao.core.money import MAX_FRACTION_DIGITS, MAX_INTEGER_DIGITS, absurd_number, in_domain
from jixiao.core.values import OPERATOR_SPELLINGS

_NUMBERISH = st.text(alphabet="0123456789０１.,， -+%元万x", max_size=40)


def _absurd_the_long_way(text: str) -> str | None:
    for match in money._DIGITS.finditer(text.translate(money._FULLWIDTH)):
        number = money._STRIP.sub("", match.group())
        if not in_domain(number):
            return number
    return None


@given(_NUMBERISH)
def test_absurd_number_skips_only_texts_too_short_to_hold_one(text: str) -> None:
    assert absurd_number(text) == _absurd_the_long_way(text)


def test_the_shortest_absurd_numbers_are_still_found() -> None:
    longest_fraction = "1." + "2" * (MAX_FRACTION_DIGITS + 1)
    longest_whole = "9" * (MAX_INTEGER_DIGITS + 1)
    assert absurd_number(longest_fraction) == longest_fraction
    assert absurd_number(longest_whole) == longest_whole
    assert absurd_number(longest_fraction[:-1]) is None


_SPELLINGS = st.lists(st.sampled_from([*OPERATOR_SPELLINGS, "大", "于", "等", "5", "%", "≥≥"]),
                      max_size=4).map("".join)


@given(_SPELLINGS)
def test_the_operator_is_the_first_spelling_the_text_starts_with(text: str) -> None:
    expected = next(((op, text[len(word):]) for word, op in values._OPERATOR_WORDS
                     if text.startswith(word)), (None, text))
    assert values._take_operator(text) == expected


@given(st.text(alphabet="≥<=%百分之人次覆盖达成,，.０9", max_size=12))
def test_a_text_without_a_digit_is_never_a_quantity(text: str) -> None:
    """The grammar's shortcut: no digit, no quantity (`_parse_quantity` skips such texts)."""
    value = values.parse_value(text)
    has_digit = any("0" <= c <= "9" for c in values.normalize_text(text))
    assert value.kind is not values.ValueKind.QUANTITY or has_digit
    if has_digit and value.kind is not values.ValueKind.QUANTITY:
        assert values._parse_quantity(values.normalize_text(text)) is None
