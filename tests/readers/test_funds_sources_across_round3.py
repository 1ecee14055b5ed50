"""Hubei-style funds tables print the sources as columns (中央 | 省级 | 本级 | 其他 | 合计 |
执行数 | 执行率) and the years down: the year's row is the total row, its 合计 the budget, the
sources' own amounts not read."""

from __future__ import annotations

import pytest

from jixiao.core.model import FundsRow
from jixiao.readers.parts.funds import IGNORED, sources_across
from jixiao.readers.text_lines import read_lines
from tests.readers.test_published_causes import Case, read

_HEAD = ["项目资金（万元）", "中央", "省、地", "本级", "其他", "合计", "执行数", "执行率"]
_TOTAL = FundsRow(source="total", initial=None, annual="50", executed="40", rate="80%")


@pytest.mark.parametrize("layout", ["padded", "one_per_line"])
@pytest.mark.parametrize("caption", ["2023年", ""])
def test_cell_stream_sources_across(layout: str, caption: str) -> None:
    row = [caption, "30", "20", "0", "0", "50", "40", "80%"]
    form = read(Case(funds=[_HEAD, row]), layout)
    assert form.funds.rows == (_TOTAL,)
    assert form.funds.rate == "80%"


def test_pdf_lines_sources_across() -> None:
    (result,) = read_lines(
        "2023年度项目支出绩效自评表\n项目名称 食堂改造\n"
        "项目资金 (万元) 中央 省级 本级 其他 合计 执行数 执行率\n2023年 30 20 0 0 50 40 80%\n"
        "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分\n"
        "产出指标 数量指标 改造食堂数量 3个 3个 20 20\n总分 100 96\n")
    assert result.form.funds.rows == (_TOTAL,)
    assert not any(f.code in ("JX012", "JX013") for f in result.findings)


@pytest.mark.parametrize(("captions", "keys"), [
    (["中央", "省级", "合计", "执行数", "执行率"],
     (IGNORED, IGNORED, "annual", "executed", "rate")),
    (["中央财政(万元)", "县级资金(万元)", "其他(万元)", "合计(万元)", "执行数(万元)"],
     (IGNORED, IGNORED, IGNORED, "annual", "executed")),
    (["中央", "合计", "执行数"], None),  # one source only
    (["中央", "省级", "执行数", "执行率"], None),  # no 合计
    (["中央", "省级", "合计", "评价意见"], None),  # a caption of neither kind
    (["年初预算数", "全年预算数", "全年执行数", "执行率"], None),
])
def test_which_headers_print_sources_across(captions: list[str],
                                            keys: tuple[str, ...] | None) -> None:
    assert sources_across(captions) == keys
