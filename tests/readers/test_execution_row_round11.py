"""A 预算执行率 row that is one process indicator among others (a 20/80 form's 项目管理 group,
with its own 年度指标值) stays an indicator; the funds item printed as a row — alone in its
group, or with no target of its own — still moves into the funds part (JX017)."""

from __future__ import annotations

from jixiao.core.model import Form, Funds, Indicator
from jixiao.readers.base import ReadResult
from jixiao.readers.dispatch import read_bytes
from jixiao.readers.parts.execution_row import move_execution_rows

_FORM = """项目支出绩效自评表
项目名称 | 河道保洁 |
主管部门 | 某区水务局 | 实施单位 | 某区河道所 |
项目资金(万元) | 年初预算数 | 全年预算数 | 全年执行数 | 执行率 |
年度资金总额 | 100 | 100 | 96 | 96% |
年度总体目标 | 预期目标 | 实际完成情况 |
| 保洁河道 | 已保洁河道 |
一级指标 | 二级指标 | 三级指标 | 分值 | 年度指标值 | 实际完成值 | 得分 | 偏差原因分析及改进措施 |
项目决策（10分） | 项目立项 | 立项依据充分性 | 10 | 充分 | 充分 | 10 | |
项目管理（10分） | 资金管理 | 预算执行率 | 5 | ≥90% | 96% | 5 | |
| | 资金使用合规性 | 5 | 合规 | 合规 | 5 | |
产出指标（50分） | 数量指标 | 保洁河道长度 | 50 | ≥10公里 | 12公里 | 50 | |
效益指标（30分） | 社会效益指标 | 河道环境 | 30 | 改善 | 改善 | 30 | |
总分 | 100 | 100 |
"""


def test_a_process_indicator_with_a_target_among_others_stays_an_indicator() -> None:
    [result] = read_bytes(_FORM.encode(), "form.txt")
    assert (result.form.funds.weight, result.form.funds.score) == (None, None)
    names = [i.name for i in result.form.indicators]
    assert "预算执行率" in names and len(names) == 5
    assert not [f for f in result.findings if f.code == "JX017"]


def _rows(target: str | None, sibling: bool) -> tuple[Indicator, ...]:
    row = Indicator(level1="项目管理", level2="资金管理", name="预算执行率", target=target,
                    actual="96%", weight="5", score="5")
    other = Indicator(level1="项目管理" if sibling else "产出指标", level2="资金管理",
                      name="资金使用合规性", weight="5", score="5")
    return row, other


def _moved(target: str | None, sibling: bool) -> bool:
    result = ReadResult(form=Form(project_name="某项目", funds=Funds(rate="96%"),
                                  indicators=_rows(target, sibling)), findings=(), sources={})
    return move_execution_rows(result, "f.txt") is not result


def test_the_funds_item_without_a_target_of_its_own_still_moves() -> None:
    assert _moved(None, sibling=True)
    assert _moved("—", sibling=True)
    assert _moved("一", sibling=True)  # a dash read as 一 by OCR


def test_the_funds_item_alone_in_its_group_still_moves() -> None:
    assert _moved("≥90%", sibling=False)
    assert not _moved("≥90%", sibling=True)
