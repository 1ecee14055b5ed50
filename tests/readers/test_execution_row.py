"""A 预算执行率 row printed inside the indicator table is read as the funds part's scored item
(分值, 执行率, 得分), not as an indicator: the rows after it renumbered, JX017 at its place."""

from __future__ import annotations

import io

import pytest

from jixiao.core.model import Form, Funds, Indicator
from jixiao.readers.base import ReadResult
from jixiao.readers.dispatch import read_bytes
from jixiao.readers.parts.execution_row import is_execution_row, move_execution_rows
from jixiao.readers.stream import read_stream

_FORM = """项目支出绩效自评表
项目名称 | 城区道路维护 |
主管部门 | 某市住建局 | 实施单位 | 某市市政所 |
项目资金(万元) | 年初预算数 | 全年预算数(A) | 全年执行数(B) | 执行率(B/A) |
年度资金总额 | 50 | 50 | 45 | 90% |
年度总体目标 | 预期目标 | 实际完成情况 |
| 维护道路 | 已维护道路 |
一级指标 | 二级指标 | 三级指标 | 分值 | 年度指标值 | 实际完成值 | 得分 | 偏差原因分析及改进措施 |
项目管理 | 资金管理 | 预算执行率 | 10 | 100% | 90% | 9 | |
产出指标 | 数量指标 | 维护道路长度 | 50 | ≥10公里 | 12公里 | 50 | |
效益指标 | 社会效益指标 | 通行状况 | 30 | 改善 | 改善 | 30 | |
满意度指标 | 服务对象满意度指标 | 市民满意度 | 10 | ≥90% | 95% | 10 | |
总分 | 100 | 99 |
"""


def _row(name: str, **cells: str) -> Indicator:
    return Indicator(level1="项目管理", level2="资金管理", name=name, **cells)


def _read_whole() -> ReadResult:
    [result] = read_bytes(_FORM.encode(), "form.txt")
    return result


def _read_streamed() -> ReadResult:
    [result] = read_stream(io.BytesIO(_FORM.encode()), "form.txt")
    return result


@pytest.mark.parametrize("read", [_read_whole, _read_streamed])
def test_the_row_is_the_funds_score_item(read) -> None:
    result = read()
    funds = result.form.funds
    assert (funds.weight, funds.score, funds.rate) == ("10", "9", "90%")
    assert [i.name for i in result.form.indicators] == ["维护道路长度", "通行状况", "市民满意度"]
    # the paths renumbered: indicators[0] is now the row printed after the execution row
    assert result.sources["indicators[0].name"].line == 10
    assert result.sources["funds.weight"].line == 9
    [finding] = [f for f in result.findings if f.code == "JX017"]
    assert finding.source.line == 9 and "预算执行率" in finding.message
    assert finding.form == "城区道路维护"


@pytest.mark.parametrize(("name", "moved"), [
    ("预算执行率", True), ("执行率", True), ("资金执行率", True),
    ("投入管理预算执行率", True),  # the 二级 name run into it by a glued layout
    ("政府采购执行率", False), ("项目完成率", False), ("预算执行率偏差说明", False),
])
def test_which_names_are_the_execution_item(name: str, moved: bool) -> None:
    assert is_execution_row(_row(name, weight="10", score="9")) is moved


def test_an_unscored_row_is_not_the_item() -> None:
    assert not is_execution_row(_row("预算执行率", target="100%", actual="95%"))


def _result(funds: Funds) -> ReadResult:
    rows = (_row("预算执行率", weight="10", actual="95%", score="9"),
            _row("维护道路长度", weight="50", score="50"))
    return ReadResult(form=Form(project_name="某项目", funds=funds, indicators=rows),
                      findings=(), sources={})


def test_a_funds_part_scored_on_its_own_keeps_the_indicator() -> None:
    result = _result(Funds(weight="20", score="20", rate="95%"))
    assert move_execution_rows(result, "f.txt") is result


def test_the_funds_own_rate_is_kept() -> None:
    moved = move_execution_rows(_result(Funds(rate="96%")), "f.txt")
    assert (moved.form.funds.weight, moved.form.funds.score, moved.form.funds.rate) == \
        ("10", "9", "96%")
    assert [i.name for i in moved.form.indicators] == ["维护道路长度"]


def test_a_name_printed_with_spaces_is_the_item() -> None:
    assert is_execution_row(_row("预算 执 行率", weight="10", score="9"))
