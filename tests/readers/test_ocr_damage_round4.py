"""A target whose number OCR damaged in one Latin letter (`l2次`, `M.8万元`): kept as printed, as a
fallback reading, so that its row and the rows after it are still read; a clean reading wins."""

from __future__ import annotations

from jixiao.readers.segment import read_rows, split_row

_UNIT_COLUMNS = ["unit", "target", "actual", "coef", "weight", "score", "flag"]
_NEXT = "播发稿件数量篇2200篇2859篇100%1010是"


def _read(text: str, columns: list[str]) -> list[tuple[str, tuple[tuple[str, str], ...]] | None]:
    return [(s.row.name, s.row.values) if s.row else None for s in read_rows(text, columns)]


def test_a_damaged_target_keeps_its_row_and_the_next() -> None:
    rows = _read("宣传活动次数次l2次43次100%1010是" + _NEXT, _UNIT_COLUMNS)
    assert rows == [
        ("宣传活动次数", (("unit", "次"), ("target", "l2次"), ("actual", "43次"),
                    ("coef", "100%"), ("weight", "10"), ("score", "10"), ("flag", "是"))),
        ("播发稿件数量", (("unit", "篇"), ("target", "2200篇"), ("actual", "2859篇"),
                    ("coef", "100%"), ("weight", "10"), ("score", "10"), ("flag", "是")))]


def test_a_letter_for_a_digit_is_damage_too() -> None:
    (row, _) = _read("保洁费用万元M.8万元14.8万元100%55否" + _NEXT, _UNIT_COLUMNS)
    assert row is not None and dict(row[1])["target"] == "M.8万元"


def test_a_damaged_target_needs_an_actual_in_its_unit() -> None:
    rows = _read("宣传活动次数次l2次43人100%1010是" + _NEXT, _UNIT_COLUMNS)
    assert rows[0] is None
    assert rows[-1] is not None and rows[-1][0] == "播发稿件数量"


def test_a_clean_reading_wins_over_damage() -> None:
    (row,) = split_row("宣传活动次数次30次43次100%1010是", _UNIT_COLUMNS)
    assert (row.name, row.get("target"), row.strict) == ("宣传活动次数", "30次", True)


def test_a_chinese_character_in_a_number_is_no_damage() -> None:
    """`到0次`: the character may be a word of the value's; the row stays unread, the next
    row is read."""
    rows = _read("宣传活动次数次到0次43次100%1010是" + _NEXT, _UNIT_COLUMNS)
    assert rows[0] is None
    assert rows[-1] is not None and rows[-1][0] == "播发稿件数量"
