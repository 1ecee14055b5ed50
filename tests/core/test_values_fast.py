"""The value grammar's one-match reading of common quantities (issue 9) answers exactly as the
long way (`_read_quantity`) for every text it reads, and leaves every other text to it."""

from __future__ import annotations

import unicodedata
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jixiao.core import traditional, values
from jixiao.core.values import Operator

_PIECES = st.sampled_from(["≥", "≤", "=", ">", "<", "≧", "=>", "0", "5", "9", "95", ".", "00",
                           "12345678", "%", "(", ")", "（", "）", "次", "人次", "百分比", "百分之",
                           "以上", "以下", "及以上", "覆盖", "个工作日", "‰", "万元", ",", "-",
                           "+", "a", "/", "天"])
_TEXTS = st.lists(_PIECES, max_size=7).map("".join)


@given(_TEXTS)
def test_the_one_match_reads_as_the_long_way(text: str) -> None:
    s = values.normalize_text(text)
    assert values._parse_quantity(s) == values._read_quantity(s)


@given(st.text(alphabet="0123456789.≥<%(次以上", max_size=30))
def test_long_numbers_and_odd_shapes_too(text: str) -> None:
    assert values._parse_quantity(text) == values._read_quantity(text)


@pytest.mark.parametrize(("text", "expected"), [
    ("≥95.00(%)", (Operator.GE, Decimal("95.00"), "%", None)),
    ("93.47%", (None, Decimal("93.47"), "%", None)),
    ("<5人次", (Operator.LT, Decimal("5"), "人次", None)),
    ("=100(百分比)", (Operator.EQ, Decimal("100"), "%", None)),
    ("6次以上", (Operator.GE, Decimal("6"), "次", None)),  # the suffix word, the long way
    ("9" * 16, None),  # outside the domain: no quantity
    ("100%覆盖", (None, Decimal("100"), "%", "覆盖")),
])
def test_examples(text: str, expected: tuple[object, ...] | None) -> None:
    assert values._parse_quantity(text) == expected
    assert values._read_quantity(text) == expected


def test_most_generated_quantities_take_the_one_match() -> None:
    """The shortcut is taken where it counts (else it would cost a match for nothing)."""
    common = ["≥95.00(%)", "93.47(%)", "1234次", "≤10天", "=100%", "96", "15000(人次)"]
    assert all(values._COMMON.fullmatch(t) for t in common)


def _folded_the_long_way(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text)
    folded = folded.replace("＝", "=").replace("﹥", ">").replace("﹤", "<")
    return "".join(folded.split()).translate(traditional.table())  # 繁体 compared as 简体


@given(st.text(alphabet="不适用涉及 \u3000\t＝﹥﹤=<>５ｅé\u0301㍿Ⅻ（）％", max_size=10))
def test_texts_are_folded_as_full_normalisation_folds_them(text: str) -> None:
    assert values.normalize_once(text) == _folded_the_long_way(text)
    assert values.normalize_text(text) == _folded_the_long_way(text)


@given(st.text(max_size=8))
def test_any_text_too(text: str) -> None:
    assert values.normalize_once(text) == _folded_the_long_way(text)
