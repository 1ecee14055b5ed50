"""A 預算執行率 row of a traditional form is the funds part's scored item as in a simplified
one: the names are restored to the printed (traditional) text before the row is looked for."""

from __future__ import annotations

import io

import opencc
import pytest

from jixiao.core.model import Indicator
from jixiao.readers.dispatch import read_bytes
from jixiao.readers.parts.execution_row import is_execution_row
from jixiao.readers.stream import read_stream

FORM = """项目支出绩效自评表
项目名称 | 城区道路维护 |
主管部门 | 某市住建局 | 实施单位 | 某市市政所 |
项目资金(万元) | 年初预算数 | 全年预算数(A) | 全年执行数(B) | 执行率(B/A) |
年度资金总额 | 50 | 50 | 45 | 90% |
一级指标 | 二级指标 | 三级指标 | 分值 | 年度指标值 | 实际完成值 | 得分 | 偏差原因分析及改进措施 |
项目管理 | 资金管理 | 预算执行率 | 10 | 100% | 90% | 9 | |
产出指标 | 数量指标 | 维护道路长度 | 50 | ≥10公里 | 12公里 | 50 | |
效益指标 | 社会效益指标 | 通行状况 | 30 | 改善 | 改善 | 30 | |
满意度指标 | 服务对象满意度指标 | 市民满意度 | 10 | ≥90% | 95% | 10 | |
总分 | 100 | 99 |
"""
TRADITIONAL = opencc.OpenCC("s2t").convert(FORM)


@pytest.mark.parametrize("streamed", [False, True])
def test_the_traditional_row_is_the_funds_score_item(streamed: bool) -> None:
    assert "預算執行率" in TRADITIONAL
    data = TRADITIONAL.encode()
    (result,) = (read_stream(io.BytesIO(data), "form.txt") if streamed
                 else read_bytes(data, "form.txt"))
    funds = result.form.funds
    assert (funds.weight, funds.score, funds.rate) == ("10", "9", "90%")
    assert [i.name for i in result.form.indicators] == ["維護道路長度", "通行狀況", "市民滿意度"]
    assert {f.code for f in result.findings} >= {"JX009", "JX017"}


@pytest.mark.parametrize(("name", "moved"), [
    ("預算執行率", True), ("資金執行率", True), ("投入管理預算執行率", True), ("執行率", True),
    ("政府採購執行率", False), ("項目完成率", False),
])
def test_traditional_names(name: str, moved: bool) -> None:
    row = Indicator(level1="項目管理", level2="資金管理", name=name, weight="10", score="9")
    assert is_execution_row(row) is moved
