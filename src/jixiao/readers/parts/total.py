"""The 总分 row (分值 合计, 得分 合计): which of its numbers is which, for every layout.

A layout that keeps empty cells in their columns (a cell stream, a grid) hands the values in
column order; one that loses them (PDF-text lines, a grid row whose numbers stand outside the
分值/得分 columns) hands only the numbers it saw, and a lone number there is the score (a
total row that prints only 自评得分, as forms of the 20/80 layouts do) — unless the table
prints 分值 and no 得分 column, whose total can only be its 分值.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

V = TypeVar("V")


def total_pair(values: Sequence[V], *, has_weight: bool = True, has_score: bool = True,
               keeps_empties: bool = False) -> tuple[V | None, V | None]:
    """(分值, 得分) of a total row's values.

    Args:
        values: the row's values after its caption, in printed order.
        has_weight: the table prints a 分值 column.
        has_score: the table prints a 得分 column.
        keeps_empties: the values hold empty cells in their columns (a lone value is in the
            first column then); otherwise a lone value is the score.
    """
    if not values:
        return None, None
    if has_score and not has_weight:
        return None, values[0]
    if len(values) == 1 and has_weight and not has_score:
        return values[0], None  # a table without 得分 totals its 分值 alone (合计 90)
    if len(values) == 1 and (not keeps_empties or not (has_weight or has_score)):
        return None, values[0]
    return values[0], (values[1] if len(values) > 1 else None)


__all__ = ["total_pair"]
