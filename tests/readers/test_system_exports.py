"""System exports (e.g. a province's 预算绩效管理系统): captions sharing a row, extra columns.

Each cause gets a small form of its own, read as a cell stream (a web table copied as text)
and as a grid (the same table from HTML/XLSX):
- header captions and values side by side in one row, with captions that are not read
  (是否为专项资金, 金额单位) ending the value before them;
- one caption naming two roles (实施(主管)单位) filling both unit fields, unless the other role
  is printed under its own caption;
- an indicator's definition column (指标解释 / 指标说明) and a status column between the
  name and the scores, kept out of the name and the target;
- a raw 0–100 单项指标得分 beside 权重占比 and 单项指标折算得分: the weight is 权重占比, the
  score the 折算得分;
- a goals caption row with an extra rate column (总体完成率) after the two goal captions.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.core.model import Form
from jixiao.readers.grid import Cell, Table
from jixiao.readers.grid_form import read_tables
from jixiao.readers.parts.funds import interleaved, printed_unit
from jixiao.readers.parts.header import inline_fields
from jixiao.readers.parts.indicator_header import merge_rows
from jixiao.readers.text_cells import indicator_columns, read_cells
from jixiao.readers.vocabulary import CaptionKind, classify, second_role, sub_caption

Row = list[str]


def as_cells(rows: Sequence[Row]) -> str:
    """Cell stream: each cell terminated by `|`, each row padded."""
    return "\n".join(" | ".join(r) + " | ||||" for r in rows) + "\n"


def as_grid(rows: Sequence[Row]) -> list[Table]:
    return [Table(tuple(Cell(text, r, k) for r, row in enumerate(rows)
                        for k, text in enumerate(row) if text))]


LAYOUTS: dict[str, Callable[[list[Row]], Form]] = {
    "cells": lambda rows: read_cells(as_cells(rows))[0].form,
    "grid": lambda rows: read_tables(as_grid(rows))[0].form,
}

FUNDS: list[Row] = [["项目资金", "年初预算数", "全年预算数", "全年执行数", "执行率"],
                    ["年度资金总额", "50.00", "50.00", "45.00", "90%"]]


def header_row(*, unit_caption: str = "实施(主管)单位") -> Row:
    return ["项目名称", "乡村道路养护", "是否为专项资金", "否", unit_caption,
            "101001-某县交通局", "金额单位", "万元"]


def indicator_rows() -> list[Row]:
    return [
        ["一级指标", "二级指标", "三级指标", "指标解释", "符号", "指标值", "单位",
         "单项指标实际完成值", "单项指标完成情况", "单项指标得分", "权重占比(%)",
         "单项指标折算得分"],
        ["产出指标", "数量指标", "养护里程", "全年养护道路的里程", ">=", "30", "公里", "32公里",
         "完成", "100.00", "40.00", "40.00"],
        ["效益指标", "社会效益指标", "通行条件", "道路通行条件改善情况", "=", "改善", "", "改善",
         "完成", "80.00", "30.00", "24.00"],
    ]


def form_rows(*, header: Row | None = None, extra: list[Row] | None = None) -> list[Row]:
    return [["某县交通局2020年度预算项目绩效自评表"], header or header_row(), *(extra or []),
            *FUNDS, *indicator_rows()]


# ---------------------------------------------------------------- vocabulary


@pytest.mark.parametrize(("caption", "kind"), [
    ("是否为专项资金", CaptionKind.IGNORED_FIELD),
    ("金额单位", CaptionKind.IGNORED_FIELD),
    ("实施(主管)单位", CaptionKind.IMPLEMENTING_UNIT),
    ("指标解释", CaptionKind.IGNORED_COLUMN),
    ("指标说明", CaptionKind.IGNORED_COLUMN),
    ("单项指标完成情况", CaptionKind.IGNORED_COLUMN),
    ("单项指标得分", CaptionKind.IGNORED_COLUMN),
    ("单项指标折算得分", CaptionKind.SCORE),
    ("权重占比(%)", CaptionKind.WEIGHT),
    ("总体完成率(%)", CaptionKind.IGNORED_COLUMN),
    ("预算安排情况(调整后)", CaptionKind.FUNDS_ANNUAL),
])
def test_system_export_captions(caption: str, kind: CaptionKind) -> None:
    assert classify(caption) is kind


def test_second_role_only_for_two_role_captions() -> None:
    assert second_role("实施（主管）单位：") is CaptionKind.DEPARTMENT
    assert second_role("实施单位") is None and second_role("主管部门") is None


def test_every_ignored_column_keeps_its_place() -> None:
    columns = indicator_columns(indicator_rows()[0])
    assert columns == ("level1", "level2", "name", "ignored", "op", "value", "unit", "actual",
                       "ignored", "ignored", "weight", "score")


# ---------------------------------------------------------------- layouts


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_header_captions_sharing_a_row(layout: str) -> None:
    form = LAYOUTS[layout](form_rows())
    assert form.project_name == "乡村道路养护"
    assert form.implementing_unit == "101001-某县交通局"


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_two_role_caption_fills_both_units(layout: str) -> None:
    form = LAYOUTS[layout](form_rows())
    assert form.department == form.implementing_unit == "101001-某县交通局"


@pytest.mark.parametrize("layout", list(LAYOUTS))
@pytest.mark.parametrize("before", [True, False])
def test_own_caption_wins_over_the_second_role(layout: str, before: bool) -> None:
    own = ["主管部门", "某县人民政府"]
    rows = [["某县交通局2020年度预算项目绩效自评表"]]
    rows += [own, header_row()] if before else [header_row(), own]
    rows += [*FUNDS, *indicator_rows()]
    form = LAYOUTS[layout](rows)
    assert form.department == "某县人民政府"
    assert form.implementing_unit == "101001-某县交通局"


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_definition_and_status_columns_stay_out_of_name_and_target(layout: str) -> None:
    first, second = LAYOUTS[layout](form_rows()).indicators
    assert (first.name, first.target, first.actual) == ("养护里程", ">=30公里", "32公里")
    assert (second.name, second.target, second.actual) == ("通行条件", "=改善", "改善")


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_weighted_score_not_the_raw_score(layout: str) -> None:
    indicators = LAYOUTS[layout](form_rows()).indicators
    assert [(i.weight, i.score, i.note) for i in indicators] == [
        ("40.00", "40.00", None), ("30.00", "24.00", None)]


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_goals_caption_row_with_a_rate_column(layout: str) -> None:
    goals = [["目标完成情况", "年度预期目标", "具体完成情况", "总体完成率(%)"],
             ["", "完成道路养护。", "已完成道路养护。", "90.00"]]
    form = LAYOUTS[layout](form_rows(extra=goals))
    assert (form.goals.expected, form.goals.actual) == ("完成道路养护。", "已完成道路养护。")


# ---------------------------------------------------------------- funds captioned per group

GROUPED_FUNDS: list[Row] = [
    ["预算执行情况", "预算安排情况(调整后)", "资金到位情况", "资金执行情况", "预算执行进度(%)"],
    ["预算数", "50.00", "到位数", "48.00", "执行数", "45.00", "90.00"],
    ["其中:财政资金", "40.00", "其中:财政资金", "40.00", "其中:财政资金", "36.00"],
    ["其他", "10.00", "其他", "8.00", "其他", "9.00"],
]
GROUPED_READ = [("total", "50.00", "45.00", "90.00"), ("fiscal", "40.00", "36.00", None),
                ("other", "10.00", "9.00", None)]


def test_interleaved_total_row_names_its_columns() -> None:
    row = ["预算数", "6", "到位数", "5", "执行数", "4", "80"]
    found = interleaved(row, str, ["annual", None, None, "rate"])
    assert found == (None, [("annual", "6"), ("ignored", "5"), ("executed", "4"), ("rate", "80")])


def test_interleaved_repeated_caption_takes_the_group_columns() -> None:
    row = ["其他", "1", "其他", "2", "其他", "3"]
    found = interleaved(row, str, ["annual", "ignored", "executed"])
    assert found == ("其他", [("annual", "1"), ("ignored", "2"), ("executed", "3")])


@pytest.mark.parametrize("tokens", [
    "年度资金总额 100 120 108 90%",  # one caption, many values: an ordinary row
    "预算数 1 2 执行数 3",  # two values under one caption
    "预算数 执行数 1 2",  # captions first
    "其中:财政资金 1 其他 2",  # different row captions
    "1 预算数 2 执行数 3",  # a value before any caption
])
def test_interleaved_only_for_rows_printed_so(tokens: str) -> None:
    assert interleaved(tokens.split(), str, ["annual", "executed"]) is None


def grouped_cells(rows: list[Row]) -> Table:
    """The grouped funds block as HTML prints it: the block caption down the first column,
    each group caption over its caption and value columns."""
    out = [Cell(rows[0][0], 0, 0, rowspan=len(rows))]
    out += [Cell(text, 0, 1 + 2 * k, colspan=2) for k, text in enumerate(rows[0][1:])]
    out += [Cell(text, r, 1 + k) for r, row in enumerate(rows[1:], 1)
            for k, text in enumerate(row)]
    return Table(tuple(out))


@pytest.mark.parametrize("layout", ["cells", "grid"])
def test_funds_captioned_per_group(layout: str) -> None:
    if layout == "cells":
        form = LAYOUTS["cells"]([["某县交通局2020年度预算项目绩效自评表"], ["项目名称", "甲"],
                                 *GROUPED_FUNDS, *indicator_rows()])
    else:
        title = Table((Cell("某县交通局2020年度预算项目绩效自评表", 0, 0),
                       Cell("项目名称", 1, 0), Cell("甲", 1, 1)))
        form = read_tables([title, grouped_cells(GROUPED_FUNDS),
                            *as_grid(indicator_rows())])[0].form
    assert [(r.source, r.annual, r.executed, r.rate) for r in form.funds.rows] == GROUPED_READ
    assert form.funds.rate == "90.00"


# ---------------------------------------------------------------- two-row indicator header

HEADER_TOP = ["一级指标", "二级指标", "三级指标", "指标分值", "预期指标值", "单项指标实际完成值",
              "单项指标完成情况", "自评得分"]
HEADER_SUB = ["符号", "值", "单位(文字描述)", "单项指标得分", "权重占比(%)", "单项指标折算得分"]
DATA = indicator_rows()[1:]


def test_merge_rows_puts_each_group_over_its_columns() -> None:
    top = ["level1", "level2", "name", "weight", "target", "actual", "ignored", "score"]
    sub = ["op", "value", "unit", "ignored", "weight", "score"]
    assert merge_rows(top, sub) == ("level1", "level2", "name", "ignored", "op", "value",
                                    "unit", "actual", "ignored", "ignored", "weight", "score")


def test_merge_rows_national_split_target() -> None:
    top = ["level1", "level2", "name", "target", "actual", "weight", "score", "note"]
    assert merge_rows(top, ["op", "value", "unit"]) == (
        "level1", "level2", "name", "op", "value", "unit", "actual", "weight", "score", "note")


@pytest.mark.parametrize("sub", [["op", "name"], ["actual"], []])
def test_merge_rows_none_when_the_second_row_has_no_group(sub: list[str]) -> None:
    assert merge_rows(["level1", "name", "target", "actual", "weight", "score"], sub) is None


def two_row_grid() -> Table:
    """The two-row header as HTML prints it: groups spanning their columns, others spanning
    both rows."""
    cells = [Cell(t, 0, k, rowspan=2) for k, t in enumerate(HEADER_TOP[:4])]
    cells += [Cell(HEADER_TOP[4], 0, 4, colspan=3), Cell(HEADER_TOP[5], 0, 7, rowspan=2),
              Cell(HEADER_TOP[6], 0, 8, rowspan=2), Cell(HEADER_TOP[7], 0, 9, colspan=3)]
    cells += [Cell(t, 1, 4 + k) for k, t in enumerate(HEADER_SUB[:3])]
    cells += [Cell(t, 1, 9 + k) for k, t in enumerate(HEADER_SUB[3:])]
    cells += [Cell(t, 2 + r, k) for r, row in enumerate(DATA) for k, t in enumerate(row) if t]
    return Table(tuple(cells))


@pytest.mark.parametrize("layout", ["cells", "grid"])
def test_two_row_header_with_a_scoring_group(layout: str) -> None:
    head = [["某县交通局2020年度预算项目绩效自评表"], ["项目名称", "甲"], *FUNDS]
    if layout == "cells":
        form = LAYOUTS["cells"]([*head, HEADER_TOP, HEADER_SUB, *DATA])
    else:
        form = read_tables([*as_grid(head), two_row_grid()])[0].form
    assert [(i.name, i.target, i.actual, i.weight, i.score) for i in form.indicators] == [
        ("养护里程", ">=30公里", "32公里", "40.00", "40.00"),
        ("通行条件", "=改善", "改善", "30.00", "24.00")]


def test_short_sub_caption_only_under_a_group() -> None:
    # `值` is inside every 指标值: as a caption everywhere it would cut running text apart
    assert classify("值") is None
    assert sub_caption("值") is CaptionKind.VALUE


def test_goal_cells_wrapped_over_rows_side_by_side() -> None:
    goals = [["目标完成情况", "年度预期目标", "具体完成情况", "总体完成率(%)"],
             ["完成道路养护，", "已完成道路养护，", "90.00"],
             ["改善全县乡村道路的通行条件和安全状况。",
              "全县乡村道路的通行条件和安全状况明显改善。"]]
    form = LAYOUTS["cells"](form_rows(extra=goals))
    assert (form.goals.expected, form.goals.actual) == (
        "完成道路养护，改善全县乡村道路的通行条件和安全状况。",
        "已完成道路养护，全县乡村道路的通行条件和安全状况明显改善。")
    assert len(form.funds.rows) == 1 and len(form.indicators) == 2


def test_goal_rows_stop_at_a_caption_row() -> None:
    goals = [["目标完成情况", "年度预期目标", "具体完成情况"],
             ["完成道路养护。", "已完成道路养护。"], ["项目负责人", "张三"],
             ["2.项目实施内容及过程概述", "项目由县交通局组织实施，按计划完成全部养护任务。"]]
    form = LAYOUTS["cells"](form_rows(extra=goals))
    assert (form.goals.expected, form.goals.actual) == ("完成道路养护。", "已完成道路养护。")


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_money_unit_among_the_header_fields(layout: str) -> None:
    assert LAYOUTS[layout](form_rows()).funds.unit == "万元"


@pytest.mark.parametrize(("text", "after", "unit"), [
    ("金额单位：万元", None, "万元"), ("金额单位", "元", "元"), ("资金单位:", "万元", "万元"),
    ("单位：万元", None, "万元"), ("单位", "万元", None), ("金额单位", "人", None),
])
def test_printed_unit(text: str, after: str | None, unit: str | None) -> None:
    assert printed_unit(text, after) == unit


_AMOUNT = st.decimals(min_value=0, max_value=10**6, places=2).map(str)
_COLUMN_CAPTIONS = {"预算数": "annual", "到位数": "ignored", "执行数": "executed"}


@settings(max_examples=60, deadline=None)
@given(st.permutations(list(_COLUMN_CAPTIONS)).flatmap(
    lambda order: st.tuples(st.just(order), st.lists(_AMOUNT, min_size=3, max_size=3),
                            st.lists(_AMOUNT, max_size=2))))
def test_interleaved_reads_each_value_under_its_own_caption(
        case: tuple[list[str], list[str], list[str]]) -> None:
    order, amounts, trailing = case
    row = [x for pair in zip(order, amounts, strict=True) for x in pair] + trailing
    found = interleaved(row, str, ["annual", "ignored", "executed", "rate", None])
    assert found is not None and found[0] is None
    pairs = found[1]
    assert [v for _, v in pairs] == amounts + trailing
    assert [k for k, _ in pairs[:3]] == [_COLUMN_CAPTIONS[c] for c in order]


@settings(max_examples=60, deadline=None)
@given(st.lists(_AMOUNT, min_size=2, max_size=6))
def test_interleaved_never_takes_an_ordinary_row(amounts: list[str]) -> None:
    assert interleaved(["年度资金总额", *amounts], str, ["annual", "executed"]) is None


# ---------------------------------------------------------------- header fields in one cell

RUN = "项目名称: 乡村道路养护 是否为专项资金: 否 实施(主管)单位 101001-某县交通局 金额单位: 万元"


@pytest.mark.parametrize("text", [RUN, RUN.replace(" ", "")])  # spaces lost in copying too
def test_inline_fields_each_caption_ends_the_value_before_it(text: str) -> None:
    assert [(f.key, f.value) for f in inline_fields(text)] == [
        ("project_name", "乡村道路养护"), ("implementing_unit", "101001-某县交通局")]


@pytest.mark.parametrize(("text", "fields"), [
    ("项目名称：某县项目单位管理中心经费", [("project_name", "某县项目单位管理中心经费")]),
    ("项目名称：甲 主管部门：乙 实施单位：丙",
     [("project_name", "甲"), ("department", "乙"), ("implementing_unit", "丙")]),
    ("项目名称：甲 填报日期：2021年3月1日", [("project_name", "甲")]),
    ("某县交通局 项目名称：甲", []),
])
def test_inline_fields(text: str, fields: list[tuple[str, str]]) -> None:
    assert [(f.key, f.value) for f in inline_fields(text)] == fields


@pytest.mark.parametrize("layout", list(LAYOUTS))
@pytest.mark.parametrize("spaced", [True, False])
def test_header_run_in_one_cell(layout: str, spaced: bool) -> None:
    run = RUN if spaced else RUN.replace(" ", "")
    form = LAYOUTS[layout](form_rows(header=[run]))
    assert (form.project_name, form.department, form.implementing_unit, form.funds.unit) == (
        "乡村道路养护", "101001-某县交通局", "101001-某县交通局", "万元")
