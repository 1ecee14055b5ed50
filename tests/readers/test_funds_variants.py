"""The funds block as real published forms print it (issue 8), each variant a small form read
in the `|`-padded, one-cell-per-line and glued renderings: other provinces' row and block
captions, the 全年预算数 column under its other names, 执行率 with or without `%`, amounts in
元, the 年度资金总额 row printed last, the execution item's 分值 printed in the block caption,
and amounts damaged in the capture (reported, left unread)."""

from __future__ import annotations

import pytest

from jixiao.core.model import Form
from jixiao.readers.dispatch import read_bytes
from jixiao.readers.segment import item_after_damage, row_agrees
from tests.readers.test_published_causes import ALL, LAYOUTS, ROWS, Case, check

COLUMNS = ("initial", "annual", "executed", "rate", "weight", "score")
HEAD = ["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]


def funds_rows(form: Form) -> list[tuple[str, str | None, str | None, str | None, str | None]]:
    return [(r.source, r.initial, r.annual, r.executed, r.rate) for r in form.funds.rows]


def item(form: Form) -> tuple[str | None, str | None, str | None]:
    return form.funds.weight, form.funds.rate, form.funds.score


@pytest.mark.parametrize("layout", ALL)
def test_part_rows_by_level_of_government(layout: str) -> None:
    funds = [HEAD, ["年度资金总额", "50", "50", "40", "10", "80%", "8"],
             ["其中：中央、省补助", "30", "30", "24", "—", "80%", "—"],
             ["市级财政资金", "15", "15", "12", "—", "80%", "—"],
             ["县级财政资金", "5", "5", "4", "—", "80%", "—"]]
    form = check(Case(funds=funds), layout)
    assert funds_rows(form) == [("total", "50", "50", "40", "80%"),
                                ("fiscal", "30", "30", "24", "80%"),
                                ("fiscal", "15", "15", "12", "80%"),
                                ("fiscal", "5", "5", "4", "80%")]
    assert item(form) == ("10", "80%", "8")


@pytest.mark.parametrize("layout", ALL)
@pytest.mark.parametrize("block", ["资金来源（万元）", "预算资金（万元）"])
def test_other_block_captions(layout: str, block: str) -> None:
    funds = [[block, *HEAD[1:]], ["年度资金总额", "50", "50", "40", "10", "80%", "8"]]
    form = check(Case(funds=funds), layout)
    assert item(form) == ("10", "80%", "8")
    assert form.funds.unit == "万元"


@pytest.mark.parametrize("layout", ALL)
@pytest.mark.parametrize("annual", ["调整后预算数", "全年(调整)预算数"])
def test_the_annual_budget_under_other_names(layout: str, annual: str) -> None:
    funds = [[HEAD[0], "年初预算数", annual, "全年执行数", "分值", "执行率", "得分"],
             ["年度资金总额", "50", "50", "40", "10", "80%", "8"]]
    form = check(Case(funds=funds), layout)
    assert item(form) == ("10", "80%", "8")


@pytest.mark.parametrize("layout", ["padded", "one_per_line"])
def test_rate_printed_without_percent(layout: str) -> None:
    funds = [HEAD, ["年度资金总额", "50", "50", "40", "10", "80.00", "8"],
             ["其中：当年财政拨款", "50", "50", "40", "—", "80.00", "—"]]
    form = read(Case(funds=funds), layout)
    assert funds_rows(form)[0] == ("total", "50", "50", "40", "80.00")
    assert item(form) == ("10", "80.00", "8")


def test_glued_rate_without_percent_is_cut_where_the_arithmetic_allows() -> None:
    # `5050401080.008`: nothing marks where the rate ends; the other cuts (分值 80.0, 执行率 0,
    # 得分 8) score a rate under half above its share, which no rule does
    funds = [HEAD, ["年度资金总额", "50", "50", "40", "10", "80.00", "8"]]
    (result,) = read_bytes(LAYOUTS["glued"](Case(funds=funds).printed()).encode(), "f.txt")
    assert funds_rows(result.form)[0] == ("total", "50", "50", "40", "80.00")
    assert item(result.form) == ("10", "80.00", "8")
    assert not any(f.code == "JX016" for f in result.findings)


@pytest.mark.parametrize("layout", ALL)
def test_amounts_in_yuan(layout: str) -> None:
    funds = [["项目资金（元）", *HEAD[1:]],
             ["年度资金总额", "500000", "500000", "400000", "10", "80%", "8"],
             ["其中：当年财政拨款", "500000", "500000", "400000", "—", "80%", "—"]]
    form = read(Case(funds=funds), layout)
    assert form.funds.unit == "元"
    assert funds_rows(form)[0] == ("total", "500000", "500000", "400000", "80%")
    assert item(form) == ("10", "80%", "8")


@pytest.mark.parametrize("layout", ALL)
def test_total_row_printed_last(layout: str) -> None:
    funds = [HEAD, ["其中：当年财政拨款", "30", "30", "24", "—", "80%", "—"],
             ["其他资金", "20", "20", "16", "—", "80%", "—"],
             ["年度资金总额", "50", "50", "40", "10", "80%", "8"]]
    form = read(Case(funds=funds), layout)
    assert sorted(funds_rows(form)) == sorted([("total", "50", "50", "40", "80%"),
                                               ("fiscal", "30", "30", "24", "80%"),
                                               ("other", "20", "20", "16", "80%")])
    assert item(form) == ("10", "80%", "8")


@pytest.mark.parametrize("layout", ALL)
def test_item_points_in_the_block_caption(layout: str) -> None:
    funds = [["预算执行情况（10分）", "年初预算数", "全年预算数", "全年执行数", "执行率", "得分"],
             ["年度资金总额", "50", "50", "40", "80%", "8"]]
    form = check(Case(funds=funds), layout)
    assert item(form) == ("10", "80%", "8")


def read(case: Case, layout: str) -> Form:
    results = read_bytes(LAYOUTS[layout](case.printed()).encode(), "form.txt")
    assert len(results) == 1
    return results[0].form




#: Chongqing's 部门整体 funds block; the capture lost every amount's integer part.
DAMAGED = [["项目资金（万元）", "年初预算数", "全年(调整)预算数", "全年执行数", "执行率",
            "执行率权重", "执行率得分"],
           ["年度总金额", ".5", ".5", ".6"],
           ["其中财政拨款", ".5", ".5", ".6", "85.71", "10", "8.57"]]


def test_glued_amounts_that_lost_their_integer_parts_are_reported_and_left_unread() -> None:
    text = LAYOUTS["glued"](Case(funds=DAMAGED).printed())
    (result,) = read_bytes(text.encode(), "f.txt")
    funds = result.form.funds
    assert funds.rows == ()
    assert item(result.form) == ("10", "85.71", "8.57")  # 8.57 = 10 × 85.71%: one cut checks
    damaged = [f for f in result.findings if f.code == "JX083"]
    assert [f.message.rsplit("：", 1)[1] for f in damaged] == [
        "资金行「年度总金额」的金额「.5.5.6」", "资金行「其中财政拨款」的金额「.5.5.6」"]
    assert all(f.source is not None and f.source.cell for f in damaged)


@pytest.mark.parametrize("layout", ["padded", "one_per_line"])
def test_damaged_cells_are_reported_left_unread_and_never_re_paired(layout: str) -> None:
    (result,) = read_bytes(LAYOUTS[layout](Case(funds=DAMAGED).printed()).encode(), "f.txt")
    assert "JX040" not in {f.code for f in result.findings}  # no scrambled re-pairing
    rows = result.form.funds.rows
    assert all((r.initial, r.annual, r.executed) == (None, None, None) for r in rows)
    assert item(result.form) == ("10", "85.71", "8.57")  # printed after the last row
    damaged = [f for f in result.findings if f.code == "JX083"]
    assert len(damaged) == 6 and all(f.source is not None and f.source.line for f in damaged)
    assert damaged[0].message.endswith("：「年度总金额」的年初预算数「.5」")


def test_the_item_after_damaged_amounts_needs_its_score_to_be_weight_times_rate() -> None:
    # 85.7110 | 8.5 | 7 is near enough for a printed score, not for a cut nothing else checks
    assert item_after_damage(".5.5.685.71108.57", COLUMNS) == {
        "rate": "85.71", "weight": "10", "score": "8.57"}
    assert item_after_damage(".5.5.685.71108", COLUMNS) == {}  # 10 × 85.71% is 8.57, not 8
    assert item_after_damage(".5.5.6", COLUMNS) == {}


@pytest.mark.parametrize("layout", ["padded", "one_per_line"])
def test_a_capture_cut_before_the_funds_prints_no_unit(layout: str) -> None:
    # the tail of a form: its table and total, no funds block, no unit printed
    case = Case()
    text = LAYOUTS[layout]([case.table, *case.printed()[len(case.printed()) - 6:]])
    (result,) = read_bytes(text.encode(), "f.txt")
    assert result.form.indicators and result.form.funds.rows == ()
    assert result.form.funds.unit is None


@pytest.mark.parametrize("unit", ["（万兀）", "(万元)"])
def test_glued_unit_after_an_ocr_damaged_block_caption(unit: str) -> None:
    # OCR read 项目资金 as 项Fl资金 (no block caption found) and 元 as 兀
    funds = [[f"项Fl资金{unit}", *HEAD[1:]], ["年度资金总额", "50", "50", "40", "10", "80%", "8"]]
    (result,) = read_bytes(LAYOUTS["glued"](Case(funds=funds).printed()).encode(), "f.txt")
    assert result.form.funds.unit == "万元"
    assert result.sources["funds.unit"].cell == "第51字"  # at the bracket
    assert funds_rows(result.form) == [("total", "50", "50", "40", "80%")]


@pytest.mark.parametrize("layout", ALL)
def test_item_scored_in_the_indicator_table(layout: str) -> None:
    # no 分值/得分 columns in the funds block: the item is a 预算执行率 row of the table
    funds = [["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "执行率"],
             ["年度资金总额", "50", "50", "40", "80%"]]
    rows = [("项目管理", "资金管理", "预算执行率", "100%", "80%", "10", "8", ""), *ROWS]
    form = read(Case(funds=funds, rows=rows), layout)
    assert funds_rows(form) == [("total", "50", "50", "40", "80%")]
    assert item(form) == ("10", "80%", "8")
    assert "预算执行率" not in [i.name for i in form.indicators]


@pytest.mark.parametrize("layout", ALL)
def test_amounts_in_a_spreadsheet_s_general_format(layout: str) -> None:
    # `12 | 12 | 9.6`: amounts of one row printed with different decimals; glued, the rate
    # checks the cut `12129.680%`
    funds = [HEAD, ["年度资金总额", "20", "20", "16", "10", "80%", "8"],
             ["其中：中央、省补助", "12", "12", "9.6", "—", "80%", "—"],
             ["县级财政资金", "8", "8", "6.4", "—", "80%", "—"]]
    form = read(Case(funds=funds), layout)
    assert funds_rows(form) == [("total", "20", "20", "16", "80%"),
                                ("fiscal", "12", "12", "9.6", "80%"),
                                ("fiscal", "8", "8", "6.4", "80%")]


@pytest.mark.parametrize(("values", "scored", "agrees"), [
    ({"annual": "12", "executed": "9.6", "rate": "80%"}, False, True),  # General format
    ({"initial": "12", "annual": "12", "executed": "9.6"}, False, False),  # nothing checks it
    ({"annual": "12.00", "executed": "9.60"}, False, True),
    ({"annual": "50", "executed": "40", "weight": "10", "rate": "80%", "score": "8"}, True, True),
    ({"annual": "50", "executed": "40", "weight": "10", "rate": "80%", "score": "8"}, False,
     False),  # a 其中 row prints no 分值/得分
    ({"annual": "50", "executed": "40", "weight": "10", "score": "8"}, True, False),
    ({"annual": "50", "executed": "40", "rate": "90%"}, True, False),
    ({"annual": ".5", "executed": ".5", "rate": "100%"}, True, False),
])
def test_a_row_apart_agrees_as_its_cut_would(values: dict[str, str], scored: bool,
                                             agrees: bool) -> None:
    assert row_agrees(values, scored=scored) is agrees
