"""Texts the core shows to people: where a value came from, how a number was computed, and why
an amount was refused. Each is asserted in full, as a reviewer reads it."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.core.findings import SourceRef
from jixiao.core.money import fmt2, to_decimal
from jixiao.core.scorecard import Explanation
from jixiao.core.values import normalize_unit


@pytest.mark.parametrize(("ref", "text"), [
    (SourceRef(), ""),
    (SourceRef(file="a.pdf"), "a.pdf"),
    (SourceRef(file="a.pdf", page=2), "a.pdf 第2页"),
    (SourceRef(file="a.txt", line=17), "a.txt 第17行"),
    (SourceRef(file="a.xlsx", cell="Sheet1!C7"), "a.xlsx Sheet1!C7"),
    (SourceRef(file="a.pdf", line=3, page=1, cell="R3C2"), "a.pdf 第1页 第3行 R3C2"),
    (SourceRef(page=0, line=0), "第0页 第0行"),  # 0 is a place, not "unknown"
    (SourceRef(file="", cell=""), ""),
])
def test_source_ref_describe(ref: SourceRef, text: str) -> None:
    assert ref.describe() == text


@pytest.mark.parametrize(("explanation", "text"), [
    (Explanation("10.00 × 80.44% = 8.04"), "10.00 × 80.44% = 8.04"),
    (Explanation("f", rule="execution.linear_capped"), "f（规则 execution.linear_capped）"),
    (Explanation("f", source="财预〔2020〕10号"), "f（依据 财预〔2020〕10号）"),
    (Explanation("f", rule="r", source="s"), "f（规则 r；依据 s）"),
])
def test_explanation_describe(explanation: Explanation, text: str) -> None:
    assert explanation.describe() == text


def test_refusals_say_why_in_chinese() -> None:
    with pytest.raises(TypeError, match=r"^金额不接受浮点数，请使用字符串或 Decimal$"):
        to_decimal(1.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^金额不接受浮点数，请使用字符串或 Decimal$"):
        to_decimal(True)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^无法转换为金额：list$"):
        to_decimal([1])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"^不是数字：'七点二'$"):
        to_decimal("七点二")


@pytest.mark.parametrize("unit", ["X", "XX", "kWh", "TB"])
def test_ascii_units_are_kept(unit: str) -> None:
    assert normalize_unit(unit) == unit


def test_numbers_outside_the_domain_are_refused_with_the_limits() -> None:
    assert to_decimal(10**15 - 1) == Decimal(10**15 - 1)
    with pytest.raises(ValueError, match=r"^数字超出合理范围（整数部分超过 15 位）$"):
        to_decimal(10**15)
    long = "1" * 16 + "9" * 30
    with pytest.raises(ValueError) as info:
        to_decimal(long)
    assert str(info.value) == ("数字超出合理范围（整数部分超过 15 位或小数超过 10 位）："
                               f"{long[:40]!r}")
    assert to_decimal("0." + "1" * 10) == Decimal("0." + "1" * 10)
    with pytest.raises(ValueError, match="小数超过 10 位"):
        to_decimal("0." + "1" * 11)


def test_zero_and_negative_zero_print_apart_in_one_run() -> None:
    assert [fmt2(Decimal("0")), fmt2(Decimal("-0")), fmt2(Decimal("0.00"))] == [
        "0.00", "-0.00", "0.00"]
    assert [fmt2(Decimal("-0.00")), fmt2(Decimal("0"))] == ["-0.00", "0.00"]
