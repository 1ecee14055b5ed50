"""分值 and 得分 printed with their unit 分 read as points; money never reads a 分."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.core.money import parse_points, parse_printed


@pytest.mark.parametrize(("cell", "expected"), [
    ("30分", Decimal("30")), ("30 分", Decimal("30")), ("7.5分", Decimal("7.5")),
    ("１０分", Decimal("10")), ("0分", Decimal("0")), ("30", Decimal("30")),
    ("9.50", Decimal("9.50")), ("—", None), ("", None), (None, None), ("分", None),
    ("满分", None), ("30分钟", None), ("10%分", None), ("5万分", None), ("30分分", None),
])
def test_points_read_with_or_without_their_unit(cell: str | None,
                                                expected: Decimal | None) -> None:
    assert parse_points(cell) == expected


@pytest.mark.parametrize("cell", ["30分", "30 分", "7.5分"])
def test_money_keeps_refusing_a_points_unit(cell: str) -> None:
    assert parse_printed(cell) is None


@pytest.mark.parametrize("cell", ["100.00%", "3359.62万", "1,234", "-3"])
def test_points_read_what_printed_numbers_read(cell: str) -> None:
    assert parse_points(cell) == parse_printed(cell)
