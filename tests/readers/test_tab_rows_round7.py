"""Tab-ruled rows (each cell ended by a tab, no row breaks) whose 一级/二级 cells were merged
away and whose 偏差原因 is empty: the next line's first cell is the next row's name, not this
row's note."""

from __future__ import annotations

from jixiao.readers.text import read_text

TEXT = """\
某区2023年度项目支出绩效自评表
项目名称\t街巷照明维护\t
主管部门\t某区城管局\t实施单位\t某区路灯所\t
一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施\t
产出指标\t数量指标\t维护路灯数量\t≥500盏\t520盏\t30\t30\t
更换灯具数量\t≥80套\t85套\t20\t20\t
质量指标\t亮灯率\t≥98%\t97%\t20\t18\t个别线路老化\t
效益指标\t社会效益指标\t夜间出行便利\t明显改善\t明显改善\t20\t20\t
服务对象满意度指标\t居民满意度\t≥90%\t92%\t10\t10\t
总分\t100\t98\t
"""


def test_rows_without_a_note_cell_end_with_their_line() -> None:
    (result,) = read_text(TEXT)
    got = [(i.level2, i.name, i.target, i.actual, i.weight, i.score, i.note)
           for i in result.form.indicators]
    assert got == [
        ("数量指标", "维护路灯数量", "≥500盏", "520盏", "30", "30", None),
        ("数量指标", "更换灯具数量", "≥80套", "85套", "20", "20", None),
        ("质量指标", "亮灯率", "≥98%", "97%", "20", "18", "个别线路老化"),
        ("社会效益指标", "夜间出行便利", "明显改善", "明显改善", "20", "20", None),
        ("服务对象满意度指标", "居民满意度", "≥90%", "92%", "10", "10", None)]
