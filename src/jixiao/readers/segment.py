"""Split numbers run together (粘连数字) by trying the cuts the columns allow and keeping the
ones the arithmetic accepts.

Text copied from document-sharing sites loses every separator: a funds row prints
`64.864.864.8100%` for 年初预算数 64.8, 全年预算数 64.8, 全年执行数 64.8, 执行率 100%, and an
indicator row `保障人数102370人2370人10` for 分值 10, 年度指标值 2370人, 实际完成值 2370人, 得分 10.
The functions here are pure: they enumerate the segmentations a header's column order allows,
keep those that pass the checks (no leading zeros, 执行率 = 执行数 ÷ 预算数 within the printed
rounding, 得分 ≤ 分值, target and actual sharing unit and operator, weights adding up to the
group's points) and return every survivor. More than one survivor is an ambiguity the caller
reports (JX016); it never picks one silently.

This module is the one way in; the work is done in `segment_numbers` (what a printed number is,
cuts of a run), `segment_funds` (funds rows and points), `segment_values` (an indicator row's
values and name) and `segment_rows` (rows one after another, stretches, spaced rows).
"""

from __future__ import annotations

from jixiao.readers.segment_funds import (
    SCORE_SLACK,
    TIER_BONUS,
    funds_layouts,
    item_after_damage,
    lost_integer_part,
    rate_agrees,
    row_agrees,
    split_funds,
    split_points,
)
from jixiao.readers.segment_numbers import (
    BLANKS,
    DASH_LOOKALIKES,
    FUNDS_KEYS,
    HUNDRED,
    MAX_NAME,
    MAX_SURVIVORS,
    MAX_TEXT_VALUE,
    MAX_UNIT,
    OPERATORS,
    POINTS,
    cuts,
    ocr_digits,
    printed_number,
)
from jixiao.readers.segment_rows import (
    FLAG_WORDS,
    MAX_ROW_STARTS,
    MAX_STEPS,
    MIN_WHOLE,
    OPERATOR_WORDS,
    Budget,
    Stretch,
    agreed,
    can_start,
    coef_agrees,
    read_rows,
    split_row,
    split_spaced,
    weights_fit,
)
from jixiao.readers.segment_values import (
    MAX_BRACKETED_UNIT,
    Measure,
    RowSplit,
    measure_of,
    measures_at,
    name_ok,
    pair_ok,
)

__all__ = [
    "BLANKS",
    "DASH_LOOKALIKES",
    "FLAG_WORDS",
    "FUNDS_KEYS",
    "HUNDRED",
    "MAX_BRACKETED_UNIT",
    "MAX_NAME",
    "MAX_ROW_STARTS",
    "MAX_STEPS",
    "MAX_SURVIVORS",
    "MAX_TEXT_VALUE",
    "MAX_UNIT",
    "MIN_WHOLE",
    "OPERATORS",
    "OPERATOR_WORDS",
    "POINTS",
    "SCORE_SLACK",
    "TIER_BONUS",
    "Budget",
    "Measure",
    "RowSplit",
    "Stretch",
    "agreed",
    "can_start",
    "coef_agrees",
    "cuts",
    "funds_layouts",
    "item_after_damage",
    "lost_integer_part",
    "measure_of",
    "measures_at",
    "name_ok",
    "ocr_digits",
    "pair_ok",
    "printed_number",
    "rate_agrees",
    "read_rows",
    "row_agrees",
    "split_funds",
    "split_points",
    "split_row",
    "split_spaced",
    "weights_fit",
]
