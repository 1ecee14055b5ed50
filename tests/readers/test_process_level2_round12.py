"""绩效目标 is a 二级 name of the process part (项目决策 → 绩效目标 → 绩效目标合理性), and a
level name that ends a title (`…项目绩效目标自评表`) is the title's, not a cut of a glued form."""

from __future__ import annotations

from jixiao.readers.glued_text import find_captions
from jixiao.readers.text import read_text

_LINES = """2024年度项目支出绩效自评表
项目名称 乡村公路养护
主管部门 某县交通运输局 实施单位 某县公路站
一级指标 二级指标 三级指标 分值 年度指标值 实际完成值 得分 偏差原因分析及改进措施
项目决策 项目立项 立项依据充分性 5 充分 充分 5
绩效目标 绩效目标合理性 5 合理 合理 5
产出指标 数量指标 养护里程 60 ≥300公里 310公里 60
效益指标 社会效益指标 通行条件 30 改善 改善 30
总分 100 100
"""


def test_a_process_row_under_the_level2_name_performance_target() -> None:
    (result,) = read_text(_LINES, filename="p.txt")
    second = result.form.indicators[1]  # its 一级 carried down, its 二级 printed first
    assert (second.level1, second.level2, second.name) == ("项目决策", "绩效目标", "绩效目标合理性")


def test_a_level_name_ending_a_title_is_the_titles_not_a_level_caption() -> None:
    title = "某市财政预算支出项目绩效目标自评表填报日期:2024年5月10项目名称乡村公路养护"
    assert [c.kind for c in find_captions(title)] == ["title", "ignored_field", "project_name"]
    row = "项目决策绩效目标绩效目标合理性5合理合理5"
    assert [(c.kind, c.text) for c in find_captions(row)][:2] == [
        ("level", "项目决策"), ("level", "绩效目标")]
