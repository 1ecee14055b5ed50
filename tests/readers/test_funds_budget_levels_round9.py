"""Funds sub-rows named by a level of the budget (`其中：中央补助`, `省级补助`, `市县资金`) are
fiscal money, in rows and in source columns alike (one `BUDGET_LEVEL` in the vocabulary)."""

from __future__ import annotations

import io

import pytest

from jixiao.readers.parts.funds import source_of_column
from jixiao.readers.stream import read_stream
from jixiao.readers.vocabulary import funds_source


@pytest.mark.parametrize("caption", [
    "其中：中央补助", "省级补助", "市县资金", "区级资金", "市级补助资金", "其中:省、市补助",
    "县级财政资金", "中央财政资金", "地方资金", "上级补助",
])
def test_a_budget_level_row_is_fiscal(caption: str) -> None:
    assert funds_source(caption) == "fiscal"


@pytest.mark.parametrize("caption, source", [
    ("其他资金", "other"), ("年度资金总额", "total"), ("上年结转资金", "carryover"),
    ("中央", None), ("市县", None),  # a level alone names a column, not a row
])
def test_other_rows_keep_their_source(caption: str, source: str | None) -> None:
    assert funds_source(caption) == source


def test_a_level_printed_as_a_column_is_still_fiscal() -> None:
    assert source_of_column("市县") == ("fiscal", "市县")
    assert source_of_column("省、地") == ("fiscal", "省、地")
    assert source_of_column("自筹") == ("other", "自筹")


def test_a_tab_table_with_sub_rows_reads_them_as_fiscal() -> None:
    text = "\n".join([
        "2024年度项目支出绩效自评表",
        "项目名称\t乡村道路养护",
        "主管部门\t某县交通运输局\t实施单位\t某县公路事务中心",
        "项目资金（万元）\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分",
        "年度资金总额\t300.00\t320.00\t310.00\t10\t96.88%\t9.69",
        "其中：中央补助\t100.00\t100.00\t100.00\t—\t100.00%\t—",
        "省级补助\t120.00\t120.00\t115.00\t—\t95.83%\t—",
        "市县资金\t80.00\t100.00\t95.00\t—\t95.00%\t—",
        "",
    ])
    [result] = read_stream(io.BytesIO(text.encode()), "t.txt")
    rows = result.form.funds.rows
    assert [(r.source, r.label) for r in rows] == [
        ("total", None), ("fiscal", "其中：中央补助"), ("fiscal", "省级补助"),
        ("fiscal", "市县资金")]
    assert [r.executed for r in rows] == ["310.00", "100.00", "115.00", "95.00"]


def test_a_lone_standard_row_has_no_label_and_sub_rows_keep_theirs_in_lines() -> None:
    text = "\n".join([
        "2024年度项目支出绩效自评表",
        "项目名称 乡村道路养护",
        "主管部门 某县交通运输局 实施单位 某县公路事务中心",
        "项目资金（万元） 年初预算数 全年预算数 全年执行数 分值 执行率 得分",
        "年度资金总额 300.00 320.00 310.00 10 96.88% 9.69",
        "其中：当年财政拨款 300.00 320.00 310.00 — 96.88% —",
        "上年结转资金 0.00 0.00 0.00 — 0.00% —",
        "",
    ])
    [result] = read_stream(io.BytesIO(text.encode()), "t.txt")
    assert [(r.source, r.label) for r in result.form.funds.rows] == [
        ("total", None), ("fiscal", None), ("carryover", None)]
    sub = text.replace("其中：当年财政拨款 300.00 320.00 310.00 — 96.88% —",
                       "其中：中央补助 200.00 200.00 200.00 — 100.00% —\n"
                       "县级资金 100.00 120.00 110.00 — 91.67% —")
    [result] = read_stream(io.BytesIO(sub.encode()), "t.txt")
    assert [(r.source, r.label) for r in result.form.funds.rows] == [
        ("total", None), ("fiscal", "其中：中央补助"), ("fiscal", "县级资金"),
        ("carryover", None)]
