"""Bare numbers glued in a 计量单位 = `%` row (`%901010010`: 90 | 10 | 100 | 10): a reading
that makes a target or actual a percentage over a thousand (`9010%`) is dropped where a
plausible one gets through, where the form's totals are known (without them an ambiguous row
stays unsplit)."""

from __future__ import annotations

from decimal import Decimal

from jixiao.readers.segment import read_rows

_COLUMNS = ["unit", "op", "target", "weight", "actual", "score"]


def _rows(text: str) -> list[tuple[str, dict[str, str]] | None]:
    return [(s.row.name, dict(s.row.values)) if s.row and s.readings == 1 else None
            for s in read_rows(text, _COLUMNS, lost=Decimal(0))]


def test_a_glued_percentage_row_reads_the_plausible_split() -> None:
    rows = _rows("任务完成率%901010010管护面积万亩2810810")
    assert rows[0] == ("任务完成率", {"unit": "%", "op": "", "target": "90", "weight": "10",
                                     "actual": "100", "score": "10"})
    assert rows[1] is not None and rows[1][1]["target"] == "28"


def test_a_large_count_is_no_percentage() -> None:
    (row,) = _rows("培训人次人901010010")
    assert row is None  # 90|10|100|10 and 9010|10|0|10 both stand: a count may be 9010
