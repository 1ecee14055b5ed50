"""The value grammar word by word: every operator word, suffix, unit synonym and money spelling.

The expected readings are written out here by hand (not taken from the parser's tables), so that
a word dropped from or re-mapped in `core/values.py` or `core/money.py` fails one named case.
A wrong direction matters: ≤/< make a row 反向 (reverse scoring), ≥/>/= make it 正向.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.core.money import (
    ZERO,
    absurd_number,
    fmt2,
    in_domain,
    parse_printed,
    round2,
    to_decimal,
)
from jixiao.core.values import (
    Operator,
    Tier,
    Value,
    ValueKind,
    Vocabulary,
    compose_split_value,
    normalize_text,
    normalize_unit,
    parse_value,
    render_value,
)

GE, GT, EQ, LE, LT = Operator.GE, Operator.GT, Operator.EQ, Operator.LE, Operator.LT

#: (prefix word, operator) — each in front of the number 5 and the unit 次.
OPERATOR_WORDS = [
    ("大于等于", GE), ("大于或等于", GE), ("不少于", GE), ("不低于", GE), ("不小于", GE),
    ("至少", GE), ("小于等于", LE), ("小于或等于", LE), ("不多于", LE), ("不高于", LE),
    ("不超过", LE), ("不大于", LE), ("最多", LE), ("大于", GT), ("高于", GT), ("超过", GT),
    ("小于", LT), ("低于", LT), ("少于", LT), ("等于", EQ),
    (">=", GE), ("=>", GE), ("<=", LE), ("=<", LE), ("≥", GE), ("≧", GE), ("⩾", GE),
    ("≤", LE), ("≦", LE), ("⩽", LE), ("═", EQ), ("=", EQ), (">", GT), ("<", LT),
    # full-width spellings folded by NFKC or by hand
    ("＞", GT), ("＜", LT), ("＝", EQ), ("﹥", GT), ("﹤", LT), ("＞＝", GE), ("＜＝", LE),
]


#: ASCII test ids (mutmut passes node ids back to pytest; escaped non-ASCII ids do not match).
OPERATOR_IDS = [f"{i}-{op.name}" for i, (_, op) in enumerate(OPERATOR_WORDS)]


@pytest.mark.parametrize(("word", "op"), OPERATOR_WORDS, ids=OPERATOR_IDS)
def test_every_operator_word(word: str, op: Operator) -> None:
    value = parse_value(f"{word}5次")
    assert value.kind is ValueKind.QUANTITY
    assert value.operator is op
    assert value.number == Decimal(5)
    assert value.unit == "次"
    assert value.qualifier is None


@pytest.mark.parametrize(("word", "op"), OPERATOR_WORDS, ids=OPERATOR_IDS)
def test_operator_word_with_spaces_and_bracketed_unit(word: str, op: Operator) -> None:
    value = parse_value(f" {word} 95.50 (%) ")
    assert (value.operator, value.number, value.unit) == (op, Decimal("95.50"), "%")


@pytest.mark.parametrize(("op", "reverse"), [(GE, False), (GT, False), (EQ, False),
                                             (LE, True), (LT, True)])
def test_only_at_most_and_below_are_reverse(op: Operator, reverse: bool) -> None:
    assert op.is_reverse is reverse


SUFFIXES = [("以上", GE), ("及以上", GE), ("以下", LE), ("及以下", LE)]


@pytest.mark.parametrize(("suffix", "op"), SUFFIXES)
def test_every_suffix_word(suffix: str, op: Operator) -> None:
    value = parse_value(f"6次{suffix}")
    assert (value.kind, value.operator, value.number, value.unit, value.qualifier) == (
        ValueKind.QUANTITY, op, Decimal(6), "次", None)


@pytest.mark.parametrize(("suffix", "op"), SUFFIXES)
def test_suffix_without_unit(suffix: str, op: Operator) -> None:
    value = parse_value(f"90{suffix}")
    assert (value.operator, value.number, value.unit) == (op, Decimal(90), None)


@pytest.mark.parametrize(("text", "unit"), [
    ("95%", "%"), ("95％", "%"), ("95百分比", "%"), ("95(百分比)", "%"), ("95（%）", "%"),
    ("95(％)", "%"), ("5‰", "‰"), ("百分之95", "%"), ("不低于百分之95", "%"),
    ("95%(百分比)", "%"), ("3.5万元", "万元"), ("5元/人", "元/人"), ("25TB", "TB"),
    ("5(人次)", "人次"), ("10(场)", "场"), ("10（场）", "场"),
])
def test_every_unit_spelling(text: str, unit: str) -> None:
    value = parse_value(text)
    assert value.kind is ValueKind.QUANTITY
    assert value.unit == unit
    assert value.qualifier is None


def test_percent_prefix_keeps_the_operator_and_the_number() -> None:
    value = parse_value("不低于百分之95")
    assert (value.operator, value.number, value.unit) == (GE, Decimal(95), "%")
    assert parse_value("百分之95").operator is None
    assert parse_value("百分之95").is_percent
    assert not parse_value("95次").is_percent


@pytest.mark.parametrize(("unit", "expected"), [
    ("%", "%"), ("％", "%"), ("百分比", "%"), ("百分之", "%"), ("(%)", "%"), ("（％）", "%"),
    ("[人]", "人"), ("【场】", "场"), (" 人 次 ", "人次"), ("‰", "‰"), ("", None), ("()", None),
    (None, None), ("万元", "万元"),
])
def test_normalize_unit(unit: str | None, expected: str | None) -> None:
    assert normalize_unit(unit) == expected


@pytest.mark.parametrize(("text", "number"), [
    ("1,000人", Decimal(1000)), ("1，000人", Decimal(1000)), ("１２３", Decimal(123)),
    ("３．５", Decimal("3.5")), (".5", Decimal("0.5")), ("+5", Decimal(5)), ("-5", Decimal(-5)),
    ("0", ZERO), ("12,345.67", Decimal("12345.67")),
])
def test_numbers_with_separators_and_full_width_digits(text: str, number: Decimal) -> None:
    value = parse_value(text)
    assert value.kind is ValueKind.QUANTITY and value.number == number


@pytest.mark.parametrize(("text", "unit", "qualifier"), [
    ("100%覆盖", "%", "覆盖"), ("100%全覆盖", "%", "全覆盖"), ("100(%)覆盖", "%", "覆盖"),
    ("95%(百分比)", "%", None),
])
def test_short_words_after_the_unit_are_a_qualifier(text: str, unit: str,
                                                    qualifier: str | None) -> None:
    value = parse_value(text)
    assert value.kind is ValueKind.QUANTITY
    assert (value.unit, value.qualifier) == (unit, qualifier)


@pytest.mark.parametrize("text", ["2024年12月完成", "12月底前完成全部工作", "第3季度启动项目建设",
                                  "1个月内完成验收工作"])
def test_a_date_or_sentence_is_text_not_a_quantity(text: str) -> None:
    assert parse_value(text).kind is ValueKind.TEXT


@pytest.mark.parametrize(("text", "kind"), [
    (None, ValueKind.EMPTY), ("", ValueKind.EMPTY), ("  ", ValueKind.EMPTY),
    ("-", ValueKind.EMPTY), ("—", ValueKind.EMPTY), ("/", ValueKind.EMPTY), ("*", ValueKind.EMPTY),
    ("不适用", ValueKind.NOT_APPLICABLE), ("不涉及", ValueKind.NOT_APPLICABLE),
    (" 不 适 用 ", ValueKind.NOT_APPLICABLE),
    ("人", ValueKind.UNIT_ONLY), ("%", ValueKind.UNIT_ONLY), ("人次", ValueKind.UNIT_ONLY),
    ("万元", ValueKind.UNIT_ONLY), ("元/人", ValueKind.UNIT_ONLY), ("百分比", ValueKind.UNIT_ONLY),
    ("平方米", ValueKind.UNIT_ONLY), ("kg", ValueKind.TEXT), ("米", ValueKind.UNIT_ONLY),
    ("好", ValueKind.TEXT), ("高", ValueKind.TEXT), ("优", ValueKind.TEXT),
    ("顺利进行", ValueKind.TEXT), ("完成", ValueKind.TEXT), ("达成年度指标", ValueKind.TEXT),
])
def test_kinds_without_a_vocabulary(text: str | None, kind: ValueKind) -> None:
    assert parse_value(text).kind is kind


def test_not_applicable_words_come_from_the_vocabulary() -> None:
    vocabulary = Vocabulary(not_applicable=frozenset({"无此项"}))
    assert parse_value("无此项", vocabulary).kind is ValueKind.NOT_APPLICABLE
    assert parse_value("不适用", vocabulary).kind is ValueKind.TEXT


def test_tiers_come_from_the_vocabulary_after_folding() -> None:
    vocabulary = Vocabulary(tiers={"达成年度指标": Tier.ACHIEVED, "部分达成": Tier.PARTIAL,
                                   "未达成": Tier.MISSED})
    assert parse_value(" 达成 年度指标 ", vocabulary).tier is Tier.ACHIEVED
    assert parse_value("部分达成", vocabulary).kind is ValueKind.TIER
    assert parse_value("未达成", vocabulary).tier is Tier.MISSED
    assert parse_value("达成", vocabulary).kind is ValueKind.TEXT
    # a number is a number even when the vocabulary is given
    assert parse_value("≥5次", vocabulary).kind is ValueKind.QUANTITY


def test_the_printed_string_is_kept() -> None:
    raw = " ≥ 95.00（%） "
    assert parse_value(raw).raw == raw
    assert parse_value(None).raw == ""


@pytest.mark.parametrize(("text", "rendered"), [
    ("≥95.00(%)", "≥95.00%"), ("小于5次", "<5次"), ("100", "100"), ("100%覆盖", "100%覆盖"),
    ("顺利进行", "顺利进行"), ("不适用", "不适用"),
])
def test_render_value(text: str, rendered: str) -> None:
    assert render_value(parse_value(text)) == rendered


def test_render_keeps_the_raw_text_of_a_quantity_without_a_number() -> None:
    assert render_value(Value(raw="x", kind=ValueKind.QUANTITY)) == "x"


@pytest.mark.parametrize(("op", "value", "unit", "expected"), [
    ("定性", "好", "好", "好"), ("定性指标", "", "良", "良"), ("定性", "", "", None),
    (" ≥ ", " 95 ", " % ", "≥95%"), ("=", "", "次", "次"), ("≤", "", "", None),
    (None, "100", None, "100"), (None, None, None, None),
])
def test_compose_split_value(op: str | None, value: str | None, unit: str | None,
                             expected: str | None) -> None:
    assert compose_split_value(op, value, unit) == expected


def test_normalize_text_folds_width_and_removes_all_whitespace() -> None:
    assert normalize_text("Ａ Ｂ\t１\u3000２\n") == "AB12"
    assert normalize_text("＝﹥﹤") == "=><"


# ---- money -------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("1，234.50", Decimal("1234.50")), ("1,234", Decimal(1234)), ("－3", Decimal(-3)),
    ("＋3", Decimal(3)), ("3.", Decimal(3)), (".5", Decimal("0.5")), ("1 000", Decimal(1000)),
])
def test_to_decimal_spellings(text: str, expected: Decimal) -> None:
    assert to_decimal(text) == expected


@pytest.mark.parametrize("value", [True, False, 1.5, 0.0, None, [1], object()])
def test_to_decimal_refuses_bool_float_and_other_types(value: object) -> None:
    with pytest.raises(TypeError):
        to_decimal(value)  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["", "-", "5万元", "5%", "abc", "1.2.3", "--5", "5-"])
def test_to_decimal_refuses_what_is_not_a_plain_number(text: str) -> None:
    with pytest.raises(ValueError):
        to_decimal(text)


def test_to_decimal_keeps_int_and_decimal() -> None:
    assert to_decimal(7) == Decimal(7)
    d = Decimal("7.20")
    assert to_decimal(d) is d


@pytest.mark.parametrize(("cell", "expected"), [
    ("3359.62万元", Decimal("3359.62")), ("3359.62元", Decimal("3359.62")),
    ("1，234.50", Decimal("1234.50")), ("１００．００％", Decimal("100.00")),
    ("95%", Decimal(95)), ("-", None), ("－", None), ("–", None), ("──", None), ("／", None),
    ("\\", None), ("*", None), ("无", None), (" ", None), ("5万万", None), ("%", None),
    ("万元", None), ("5亿元", None), ("abc", None), ("-3.5", Decimal("-3.5")),
])
def test_parse_printed_spellings(cell: str, expected: Decimal | None) -> None:
    assert parse_printed(cell) == expected


@pytest.mark.parametrize(("value", "expected"), [
    (Decimal("0"), "0.00"), (Decimal("-0"), "-0.00"), (Decimal("8.0"), "8.00"),
    (Decimal("8.00"), "8.00"), (Decimal("-8.125"), "-8.13"), (Decimal("1E+2"), "100.00"),
])
def test_fmt2(value: Decimal, expected: str) -> None:
    assert fmt2(value) == expected
    assert fmt2(value) == expected  # a second call (memoised) gives the same text


def test_fmt2_of_none_is_none_and_round2_rounds_half_up() -> None:
    assert fmt2(None) is None
    assert round2(Decimal("2.675")) == Decimal("2.68")
    assert round2(Decimal("-2.675")) == Decimal("-2.68")
    assert round2(Decimal("2.674999")) == Decimal("2.67")


@pytest.mark.parametrize("letter", ["m", "t", "X"])
def test_a_single_latin_letter_is_a_bare_unit(letter: str) -> None:
    assert parse_value(letter).kind is ValueKind.UNIT_ONLY


def test_qualitative_split_columns_keep_only_the_value() -> None:
    assert compose_split_value("定性指标", "好", "好") == "好"
    assert compose_split_value("定性", "达成", "达成") == "达成"


# ---- the domain of amounts ---------------------------------------------------------------

@pytest.mark.parametrize(("number", "inside"), [
    ("1" * 15, True), ("1" * 16, False), ("0" * 20 + "1" * 15, True), ("-" + "1" * 15, True),
    ("+" + "1" * 16, False), ("1." + "2" * 10, True), ("1." + "2" * 11, False),
    ("-1." + "2" * 10, True), ("1" * 16 + ".5", False), ("0.5", True),
])
def test_in_domain(number: str, inside: bool) -> None:
    assert in_domain(number) is inside


@pytest.mark.parametrize(("text", "absurd"), [
    (None, None), ("", None), ("执行率 95.00%，资金 1,234.56 万元", None),
    ("金额 1234567890123456 元", "1234567890123456"),
    ("金额 1,234,567,890,123,456 元", "1234567890123456"),
    ("金额 １２３４５６７８９０１２３４５６ 元", "1234567890123456"),
    ("先 5 后 99999999999999999", "99999999999999999"),
])
def test_absurd_number(text: str | None, absurd: str | None) -> None:
    assert absurd_number(text) == absurd
