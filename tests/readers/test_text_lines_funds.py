"""The funds block as a PDF's text layer prints it, read by the line layout: amounts grouped by
thousands, the columns' units on a line of their own under the captions, the 项目资金 block
caption on the first row's line, a row caption wrapped below its row's figures."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from jixiao.core.model import Funds
from jixiao.readers.base import ReadResult
from jixiao.readers.text_lines import read_lines
from jixiao.readers.text_lines_pages import captions_follow, completes, row_label, wrapped_head

HEAD = ["某县项目支出绩效自评表（2024年度）", "项目名称 春季河道保洁",
        "主管部门 某县水务局 实施单位 某县河道所"]
TAIL = ["年度总体目标 预期目标 实际完成情况", "完成河道保洁。 本项目已完成保洁。",
        "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分",
        "产出指标 数量指标 保洁河道长度 ≥20公里 21公里 90 90", "总分 100 98"]
COLUMNS = "年初预算数 全年预算数 全年执行数 分值 执行率 得分"
TOTAL = "年度资金总额 50 50 40 10 80% 8"
FISCAL = "其中：当年财政拨款 50 50 40 — 80% —"


def read(funds: Sequence[str]) -> ReadResult:
    results = read_lines("\n".join([*HEAD, *funds, *TAIL]) + "\n")
    assert len(results) == 1
    return results[0]


def rows(funds: Funds) -> list[tuple[str | None, ...]]:
    return [(r.source, r.initial, r.annual, r.executed, r.rate) for r in funds.rows]


WANT = [("total", "50", "50", "40", "80%"), ("fiscal", "50", "50", "40", "80%")]


@pytest.mark.parametrize("funds", [
    [f"项目资金 {COLUMNS}", "（万元）", TOTAL, FISCAL],  # the block's unit below its caption
    [f"项目资金 {COLUMNS}", "(万元) (万元) (万元) (分) (%) (分)", TOTAL, FISCAL],
    [COLUMNS, f"项目资金 {TOTAL}", f"（万元） {FISCAL}"],  # the merged block caption beside rows
    [f"项目资金（万元） {COLUMNS}", TOTAL, "其中：当年财政 50 50 40 — 80% —", "拨款"],
    [f"项目资金（万元） {COLUMNS}", "年度资金 50 50 40 10 80% 8", "总额", FISCAL],
    [f"项目资金（万元） {COLUMNS}", "50 50 40 10 80% 8 年度资金总额",
     "50 50 40 — 80% — 其中：当年财政拨款"],  # every caption printed after its figures
    [f"项目资金 {COLUMNS}", "(万元) (万元) (万元) (分) (%) (分)",
     "50 50 40 10 80% 8 年度资金总额", "50 50 40 — 80% — 其中：当年财政", "拨款"],
], ids=["unit-line", "column-units", "block-caption-on-rows", "caption-wrapped-below",
        "total-caption-wrapped-below", "captions-after-figures", "captions-after-wrapped"])
def test_rows_keep_their_sources(funds: list[str]) -> None:
    result = read(funds)
    f = result.form.funds
    assert rows(f) == WANT
    assert (f.unit, f.weight, f.rate, f.score) == ("万元", "10", "80%", "8")
    assert not any(x.code == "JX013" for x in result.findings)


@pytest.mark.parametrize("head", [
    ["项目资金 年初预 全年预 全年执 执行率 分值 得分", "（万元） 算数 算数 行数"],
    ["年初预 全年预 全年执 执行率 分值 得分", "项目资金 算数 算数 行数", "（万元）"],
    ["项目资金（万元） 年初预 全年预 全年执 执行率 分值 得分", "算数 算数 行数"],
])
def test_header_wrapped_in_narrow_columns(head: list[str]) -> None:
    """Narrow columns wrap their captions, the second lines on a line of their own; the
    columns are read in the order printed (here 执行率 before 分值)."""
    f = read([*head, "年度资金总额 50 50 40 80% 10 8", "其中：当年财政拨款 50 50 40 80% — —"]
             ).form.funds
    assert rows(f) == WANT
    assert (f.weight, f.rate, f.score) == ("10", "80%", "8")


@pytest.mark.parametrize("head", [
    ["年初预 全年预 全年执 执行率 分值 得分", "算数 算数 行数"],
    ["年初预算数 全年预算数 全年执行数 执行率 分值 得分"],
])
def test_header_above_the_block_caption(head: list[str]) -> None:
    """The columns' captions printed above the 项目资金 line (it on the first row's line) are the
    block's header, not the form's: their order is kept (执行率 before 分值), and no piece of
    them goes into the header's fields."""
    result = read([*head, "项目资金（万元） 年度资金总额 50 50 40 80% 10 8",
                   "其中：当年财政拨款 50 50 40 80% — —"])
    f = result.form.funds
    assert rows(f) == WANT
    assert (f.unit, f.weight, f.rate, f.score) == ("万元", "10", "80%", "8")
    assert result.form.implementing_unit == "某县河道所"
    assert not any(x.code == "JX013" for x in result.findings)


def test_amounts_grouped_by_thousands() -> None:
    f = read([f"项目资金（元） {COLUMNS}", "年度资金总额 500,000.00 500,000.00 400,000.00 10 80% 8",
              "其中：当年财政拨款 500,000.00 500,000.00 400,000.00 — 80% —"]).form.funds
    assert rows(f)[0] == ("total", "500,000.00", "500,000.00", "400,000.00", "80%")
    assert (f.unit, f.weight, f.score) == ("元", "10", "8")


def test_a_caption_alone_below_a_row_is_the_next_rows() -> None:
    """A source's caption printed alone (its row left blank) does not complete the caption of
    a non-standard row above it."""
    assert completes("其中：专项资金", ["上年结转资金"]) is None
    assert completes("其中：当年财政", ["拨款"]) == "fiscal"
    assert completes("年度资金总额", ["其他"]) is None  # the caption above names a source
    assert completes("年度资金", ["总额"]) == "total"  # 总额 alone is a caption, but cut here


def test_captions_follow() -> None:
    figures = [True] * 6
    assert captions_follow([], figures, ["年度资金总额"])
    assert captions_follow(["(万元)"], figures, ["年度资金总额"])  # a unit is no caption
    assert not captions_follow(["年度资金总额"], figures, ["其中：当年财政拨款"])  # before: next's
    assert not captions_follow([], figures, [])  # nothing after the figures
    assert not captions_follow([], figures, ["1.完成河道保洁"])  # words naming no source
    assert not captions_follow([], [False, *figures], ["其中：当年财政拨款"])


def test_row_label() -> None:
    assert row_label(["(万元)", "年度资金总额"]) == "年度资金总额"
    assert row_label(["项目资金", "其中：当年财政拨款"]) == "其中：当年财政拨款"
    assert row_label(["项目资金（万元）", "年度资金总额"]) == "年度资金总额"
    assert row_label(["项目资金", "(万元)"]) == "项目资金"  # the block's own: read as the total
    assert row_label(["项目资金", "建设经费"]) == "项目资金建设经费"  # no source named: kept


def test_blank_cells_left_out_of_a_row_placed_by_its_rate() -> None:
    """An empty 年初预算数 cell prints nothing: the amounts whose quotient is the printed 执行率
    are 全年预算数 and 全年执行数, and the 分值 and 得分 keep their columns around it."""
    f = read([f"项目资金（万元） {COLUMNS}", "年度资金总额 50 40 10 80% 8",
              "其中：当年财政拨款 50 40 80%"]).form.funds
    assert rows(f) == [("total", None, "50", "40", "80%"), ("fiscal", None, "50", "40", "80%")]
    assert (f.weight, f.rate, f.score) == ("10", "80%", "8")


def test_wrapped_head() -> None:
    heads = ["年初预", "全年预", "全年执", "分值", "执行率", "得分"]
    assert wrapped_head(heads, ["算数", "算数", "行数"]) == (
        "年初预算数 全年预算数 全年执行数 分值 执行率 得分")
    # pieces that do not end the broken captions one to one: no header
    assert wrapped_head(heads, ["算数", "算数"]) is None
    assert wrapped_head(["年度资金总额"], ["其中：财政拨款"]) is None
