"""The value grammar of 年度指标值 / 实际完成值 on what real forms print."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jixiao.core.values import (
    Operator,
    Tier,
    Value,
    ValueKind,
    Vocabulary,
    compose_split_value,
    may_be_quantity_or_unit,
    normalize_text,
    parse_value,
    render_value,
)

VOCAB = Vocabulary(tiers={
    "达成指标": Tier.ACHIEVED, "达成预期指标": Tier.ACHIEVED, "完成": Tier.ACHIEVED,
    "部分达成指标并具有一定效果": Tier.PARTIAL, "未达成指标且效果较差": Tier.MISSED,
})

Q = ValueKind.QUANTITY


@pytest.mark.parametrize(("text", "op", "number", "unit"), [
    ("≥95.00(%)", Operator.GE, "95.00", "%"),
    ("=100.00(1)", Operator.EQ, "100.00", "1"),
    ("≥0.00(起)", Operator.GE, "0.00", "起"),
    ("≤25.00(篇)", Operator.LE, "25.00", "篇"),
    ("≥50个", Operator.GE, "50", "个"),
    (">=90%", Operator.GE, "90", "%"),
    ("≥100百分比", Operator.GE, "100", "%"),
    ("小于5次", Operator.LT, "5", "次"),
    ("100%", None, "100", "%"),
    ("6000元", None, "6000", "元"),
    ("≤30万元", Operator.LE, "30", "万元"),
    ("1000件", None, "1000", "件"),
    ("≧735人次", Operator.GE, "735", "人次"),
    ("═100%", Operator.EQ, "100", "%"),
    ("≥９５％", Operator.GE, "95", "%"),
    ("＞＝90%", Operator.GE, "90", "%"),
    ("不少于12 种", Operator.GE, "12", "种"),
    ("不多于10人", Operator.LE, "10", "人"),
    ("6次以上", Operator.GE, "6", "次"),
    ("1元/人", None, "1", "元/人"),
    ("97.30%", None, "97.30", "%"),
    ("≥50000人次", Operator.GE, "50000", "人次"),
])
def test_quantities(text: str, op: Operator | None, number: str, unit: str) -> None:
    value = parse_value(text, VOCAB)
    assert (value.kind, value.operator, value.number, value.unit) == (Q, op, Decimal(number), unit)
    assert value.raw == text


@pytest.mark.parametrize(("text", "tier"), [
    ("达成指标", Tier.ACHIEVED), ("部分达成指标并具有一定效果", Tier.PARTIAL),
    ("未达成指标且效果较差", Tier.MISSED), ("达成预期指标", Tier.ACHIEVED), ("完成", Tier.ACHIEVED),
])
def test_tiers_come_from_the_vocabulary(text: str, tier: Tier) -> None:
    assert parse_value(text, VOCAB).tier is tier
    assert parse_value(text).kind is ValueKind.TEXT  # without a profile's words it is just text


@pytest.mark.parametrize(("text", "kind"), [
    ("不适用", ValueKind.NOT_APPLICABLE), ("不涉及", ValueKind.NOT_APPLICABLE),
    ("人", ValueKind.UNIT_ONLY), ("及时", ValueKind.TEXT), ("顺利进行", ValueKind.TEXT),
    ("2021年12月完成", ValueKind.TEXT), ("", ValueKind.EMPTY), ("—", ValueKind.EMPTY),
    (None, ValueKind.EMPTY),
])
def test_other_kinds(text: str | None, kind: ValueKind) -> None:
    assert parse_value(text, VOCAB).kind is kind


def test_sichuan_split_columns_compose_one_target() -> None:
    assert compose_split_value("=", "100", "%") == "=100%"
    assert compose_split_value("≥", "95", "%") == "≥95%"
    assert compose_split_value("定性", "好坏", "") == "好坏"
    assert compose_split_value("", "", "") is None


operators = st.sampled_from([None, *Operator])
units = st.sampled_from([None, "%", "人", "次", "万元", "元", "人次", "篇", "天", "元/人", "个"])
numbers = st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False,
                      allow_infinity=False)


@given(operators, numbers, units)
def test_parse_of_render_is_identity(op: Operator | None, number: Decimal, unit: str | None
                                     ) -> None:
    value = Value(raw="", kind=Q, operator=op, number=number, unit=unit)
    again = parse_value(render_value(value))
    assert (again.kind, again.operator, again.number, again.unit) == (Q, op, number, unit)


@given(st.text(max_size=30))
def test_parser_never_raises_and_keeps_the_printed_string(text: str) -> None:
    assert parse_value(text, VOCAB).raw == text


_UNIT_LIKE = st.sampled_from(["人", "次", "平方米", "元/人", "%", "百分比", "好", "a", "kg", "",
                              "≥", "1", "２", "年"])


@pytest.mark.parametrize("text", ["20场", "人", "平方米", "元/人", "x", "≥９５％", "100%覆盖",
                                  "开展培训", "举办培训场次", "群众满意度", "达成指标", "不适用"])
def test_only_texts_said_to_maybe_be_values_parse_as_quantities_or_units(text: str) -> None:
    value = parse_value(text, VOCAB)
    if value.kind in (ValueKind.QUANTITY, ValueKind.UNIT_ONLY):
        assert may_be_quantity_or_unit(normalize_text(text))
    assert may_be_quantity_or_unit(normalize_text(text)) == (
        text in {"20场", "人", "平方米", "元/人", "x", "≥９５％", "100%覆盖"})


@given(st.lists(st.one_of(st.text(max_size=6), _UNIT_LIKE), max_size=3).map("".join))
def test_a_text_passed_over_is_never_a_quantity_or_a_unit(text: str) -> None:
    if not may_be_quantity_or_unit(normalize_text(text)):
        assert parse_value(text, VOCAB).kind not in (ValueKind.QUANTITY, ValueKind.UNIT_ONLY)


def _normalize_by_definition(text: str) -> str:
    import re
    import unicodedata

    from jixiao.core.traditional import table  # checked against OpenCC in test_traditional

    folded = unicodedata.normalize("NFKC", text)
    folded = folded.replace("＝", "=").replace("﹥", ">").replace("﹤", "<")
    return re.sub(r"\s+", "", folded).translate(table())


_WIDE_TEXT = st.text(alphabet=st.one_of(
    st.characters(min_codepoint=0xFF00, max_codepoint=0xFF70),
    st.sampled_from("\u3000\u0301\u00a0\u2028 \t①㎡ﬁＡé达成≥％（）"),
    st.characters(max_codepoint=0x3100)), max_size=20)


@given(_WIDE_TEXT)
def test_normalize_text_is_nfkc_without_whitespace(text: str) -> None:
    assert normalize_text(text) == _normalize_by_definition(text)


@pytest.mark.parametrize(("text", "folded"), [
    ("≥９５％（人次）", "≥95%(人次)"), ("Ａ\u0301", "Á"), ("①\u3000项", "1项"),
    ("a \u00a0b", "ab")])
def test_normalize_text_examples(text: str, folded: str) -> None:
    assert normalize_text(text) == folded
