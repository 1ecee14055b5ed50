"""The 总分 row's numbers, for layouts that keep empty cells and for those that lose them."""

from __future__ import annotations

from jixiao.readers.parts.total import total_pair


def test_two_numbers_are_weight_then_score() -> None:
    assert total_pair(["100", "93"]) == ("100", "93")
    assert total_pair(["100", "93"], keeps_empties=True) == ("100", "93")


def test_a_lone_number_is_the_score_where_empties_are_lost() -> None:
    assert total_pair(["93"]) == (None, "93")


def test_a_lone_value_keeps_its_column_where_empties_are_kept() -> None:
    assert total_pair(["100"], keeps_empties=True) == ("100", None)
    assert total_pair(["93"], has_weight=False, keeps_empties=True) == (None, "93")


def test_a_table_without_a_weight_column_prints_only_the_score() -> None:
    assert total_pair(["93", "优"], has_weight=False) == (None, "93")
    assert total_pair([]) == (None, None)
