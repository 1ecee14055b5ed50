"""A tab-ruled copy of Sichuan's split columns (指标性质 | 指标值 | 度量单位): a 定性 row whose
度量单位 cell is empty prints two tabs with nothing between — one empty cell holding its column,
not a row break that cuts the row into two indicators."""

from __future__ import annotations

from jixiao.readers.text import read_text
from jixiao.readers.text_cells import tokenize

_FORM = "\n".join("\t".join(row) + "\t" for row in [
    ["项目支出绩效自评表"],
    ["项目名称", "社区养老服务补助"],
    ["主管部门", "某市民政局", "实施单位", "某市养老服务中心"],
    ["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
    ["年度资金总额", "100.00", "100.00", "95.00", "10", "95.00%", "9.5"],
    ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "全年实际值", "分值",
     "得分", "偏差原因分析及改进措施"],
    ["产出指标", "数量指标", "服务老人人数", "≥", "500", "人", "520", "50", "50"],
    ["效益指标", "可持续影响指标", "服务网络持续运行", "定性", "长期", "", "长期", "30", "30"],
    ["满意度指标", "服务对象满意度指标", "老人满意度", "≥", "90", "%", "95", "10", "10"],
    ["合计", "100", "99.5"],
]) + "\n"


def test_an_empty_unit_cell_between_two_tabs_holds_its_column() -> None:
    (read,) = read_text(_FORM)
    rows = read.form.indicators
    assert [i.name for i in rows] == ["服务老人人数", "服务网络持续运行", "老人满意度"]
    assert (rows[1].target, rows[1].actual, rows[1].weight, rows[1].score) == \
        ("长期", "长期", "30", "30")


def test_a_longer_run_of_tabs_is_still_padding() -> None:
    text = "a\tb\t\t\tc\t\nd\te\t\nf\tg\t\n"
    assert any(c.brk for c in tokenize(text))
    assert not any(c.brk for c in tokenize("a\tb\t\tc\t\nd\te\t\nf\tg\t\n"))
