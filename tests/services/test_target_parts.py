"""The editor's split of a printed 年度指标值 into operator | number | unit: offered only when the
parts compose back to the printed text byte for byte, and composed as a person writes it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jixiao.services.records import compose_target, target_parts

#: Targets as published forms print them, with the parts the editor shows.
PRINTED = [
    ("≥100%", ("≥", "100", "%", "")),
    ("≤5%", ("≤", "5", "%", "")),
    ("=100%", ("=", "100", "%", "")),
    ("≥95%", ("≥", "95", "%", "")),
    ("100%", ("", "100", "%", "")),
    ("≥2800人", ("≥", "2800", "人", "")),
    ("≤1500元", ("≤", "1500", "元", "")),
    ("≥6.5万亩", ("≥", "6.5", "万亩", "")),
    ("0起", ("", "0", "起", "")),
    ("≥30", ("≥", "30", "", "")),
    ("<3天", ("<", "3", "天", "")),
    ("≥4.00(次)", ("≥", "4.00", "次", "()")),
    ("≥95.00(%)", ("≥", "95.00", "%", "()")),
    ("≤10（个工作日）", ("≤", "10", "个工作日", "（）")),
    ("≥1500元/人", ("≥", "1500", "元/人", "")),
    ("=100.00(1)", ("=", "100.00", "1", "()")),  # a bracketed unit may be anything printed
]


@pytest.mark.parametrize(("printed", "parts"), PRINTED)
def test_common_printed_targets_are_split_and_written_back_as_printed(
        printed: str, parts: tuple[str, str, str, str]) -> None:
    split = target_parts(printed)
    assert split.is_quantity
    assert (split.operator, split.number, split.unit, split.bracket) == parts
    assert compose_target(split.operator, split.number, split.unit, split.bracket) == printed


@pytest.mark.parametrize("printed", [
    "好", "优", "有效提升", "达成年度指标", "人", "", " ≥100%", "≥100% ", "≥ 100%", "≥100 %",
    "≥100%\n", "-5%", "≥1,000元", "≥100.%", "≥95%以上（含）", "≥(%)", "100(%", "≥90(%)）",
    "＞90%", "≧90%", "2024年12月31日前",
])
def test_text_that_cannot_be_written_back_stays_one_text(printed: str) -> None:
    split = target_parts(printed)
    assert not split.is_quantity
    assert (split.operator, split.number, split.unit, split.text) == ("", "", "", printed)


@pytest.mark.parametrize(("parts", "composed"), [
    (("≥", "100", "%"), "≥100%"), (("≤", "5", "%"), "≤5%"), (("=", "100", "%"), "=100%"),
    (("", "100", "%"), "100%"), (("≥", "2800", "人"), "≥2800人"),
    (("≥", "6.5", "万亩"), "≥6.5万亩"), (("", "0", "起"), "0起"), (("≥", "30", ""), "≥30"),
    ((" ≥ ", " 100 ", " % "), "≥100%"),
])
def test_typed_parts_compose_as_a_person_writes_them(parts: tuple[str, str, str],
                                                     composed: str) -> None:
    assert compose_target(*parts) == composed


def test_a_bracketed_unit_keeps_its_brackets_and_an_empty_unit_has_none() -> None:
    assert compose_target("≥", "95.00", "%", "()") == "≥95.00(%)"
    assert compose_target("≥", "95.00", "%", "（）") == "≥95.00（%）"
    assert compose_target("≥", "95.00", "", "()") == "≥95.00"


_OPERATORS = st.sampled_from(["≥", ">", "=", "≤", "<", ""])
_NUMBERS = st.from_regex(r"\A(0|[1-9]\d{0,5})(\.\d{1,2})?\Z")
#: Units as printed: a few characters that are neither digits, brackets, operators nor spaces.
_UNITS = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Nd", "Zs", "Zl", "Zp"),
                               blacklist_characters="0123456789.()（）≥>=≤<\t\n\r\x0b\x0c\x1c"
                                                    "\x1d\x1e\x1f\x85"),
                 min_size=0, max_size=8)
_BRACKETS = st.sampled_from(["", "()", "（）"])


@given(st.text(max_size=20))
def test_split_then_compose_is_the_identity_whenever_a_split_is_offered(text: str) -> None:
    split = target_parts(text)
    if split.is_quantity:
        assert compose_target(split.operator, split.number, split.unit, split.bracket) == text
    else:
        assert split.text == text


@given(_OPERATORS, _NUMBERS, _UNITS, _BRACKETS)
def test_split_then_compose_is_the_identity_on_targets_as_typed(
        operator: str, number: str, unit: str, bracket: str) -> None:
    printed = compose_target(operator, number, unit, bracket)
    split = target_parts(printed)
    assert split.is_quantity, printed
    assert compose_target(split.operator, split.number, split.unit, split.bracket) == printed
    assert (split.operator, split.number, split.unit) == (operator, number, unit)


@given(_OPERATORS, _NUMBERS,
       st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp"),
                             blacklist_characters="()（）\x1c\x1d\x1e\x1f\x85"),
               min_size=1, max_size=8),
       st.sampled_from(["()", "（）"]))
def test_a_bracketed_unit_round_trips_whatever_it_holds(operator: str, number: str, unit: str,
                                                         bracket: str) -> None:
    printed = compose_target(operator, number, unit, bracket)
    split = target_parts(printed)
    if unit != unit.strip():  # spaces around a unit are not kept: the printed text is not split
        return
    assert (split.operator, split.number, split.unit, split.bracket) == (operator, number, unit,
                                                                         bracket)
