"""Round 13: cell streams of budget-system exports and tab copies keeping every cell.

- an export printing 指标解释 and 权重占比 beside 分值: the share column holds its place, so
  分值/得分/偏差原因 are read from their own columns and a note is no row of its own;
- its 总分 row, as wide as the header, printing 100% | 100 | 98.5: the total is 分值 and 得分;
- the money unit in the funds table's first caption cell `资金（万元）`;
- a tab copy keeping every cell (分值 before 年度指标值) whose 总分 row prints empty cells
  between the caption and its numbers;
- one cell per line with an empty line for each empty cell (a fiscal row's empty 分值 and
  得分): the row's amounts and rates stay in their columns, a printed `0` rate too.
"""

from __future__ import annotations

from jixiao.core.model import Form
from jixiao.readers.text import read_text
from jixiao.readers.text_cells import indicator_columns

EXPORT = "\n".join([
    "| 部门整体支出绩效自评表（2024年度） |",
    "| 部门（单位）名称 | 某区园林绿化局 |",
    "",
    "| 资金（万元） | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率(%) | 得分 |",
    "|---|---|---|---|---|---|---|",
    "| 年度资金总额 | 100.00 | 100.00 | 95.00 | 10 | 95.00 | 9.5 |",
    "| 其中：财政拨款 | 100.00 | 100.00 | 95.00 |  | 95.00 |  |",
    "",
    "| 一级指标 | 二级指标 | 三级指标 | 指标解释 | 年度指标值 | 实际完成值 | 权重占比 | 分值 | 得分"
    " | 偏差原因分析及改进措施 |",
    "|---|---|---|---|---|---|---|---|---|---|",
    "| 产出指标 | 数量指标 | 新增绿地面积 | 年内新增绿地 | ≥10公顷 | 11公顷 | 50% | 50 | 50 |  |",
    "| 产出指标 | 时效指标 | 按期完工率 | 完工数/计划数 | ≥90% | 80% | 30% | 30 | 27 |"
    " 拆迁滞后。 |",
    "| 效益指标 | 生态效益指标 | 绿化覆盖率 | 覆盖面积/建成区面积 | ≥40% | 41% | 10% | 10 |"
    " 10 |  |",
    "| 总分 | | | | | | 100% | 100 | 96.5 | |",
    "| 评价等级 | 优 |",
    "",
])

TAB_COPY = "\n".join([
    "项目支出绩效自评表",
    "项目名称\t河道水质监测\t\t\t\t\t\t",
    "主管部门\t某市生态环境局\t\t\t实施单位\t某市监测站\t\t",
    "项目资金（万元）\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分",
    "\t年度资金总额\t80.00\t80.00\t80.00\t10\t100.00%\t10",
    "绩效指标\t一级指标\t二级指标\t三级指标\t分值\t年度指标值\t实际完成值\t得分\t偏差原因分析及改进措施",
    "\t产出指标\t数量指标\t监测断面次数\t40\t≥400断面次\t410断面次\t40\t",
    "\t效益指标\t生态效益指标\t水质达标率\t50\t≥85%\t80%\t45\t雨季面源污染。",
    "总分\t\t\t\t90\t\t\t85\t",
    "评价等级\t良\t\t\t\t\t\t\t",
    "",
])

ONE_PER_LINE = "\n".join([
    "项目支出绩效自评表", "项目名称", "农田管护", "主管部门", "某市农业农村局",
    "项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分",
    "年度资金总额", "350.00", "350.00", "350.00", "10", "100%", "10",
    "其中：财政拨款", "350.00", "350.00", "350.00", "", "100%", "",
    "上年结转资金", "0", "0", "0", "", "0", "",
    "绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
    "偏差原因分析及改进措施",
    "产出指标", "数量指标", "管护面积", "≥12万亩", "12.8万亩", "90", "90", "",
    "总分", "90", "90", "", "评价等级", "优", "",
])


def _form(text: str) -> Form:
    (result,) = read_text(text)
    assert result.form is not None
    return result.form


def test_share_column_beside_points_holds_its_place() -> None:
    columns = indicator_columns(["一级指标", "三级指标", "指标解释", "年度指标值", "权重占比",
                                 "分值", "得分"])
    assert columns == ("level1", "name", "ignored", "target", "ignored", "weight", "score")
    # alone, 权重占比 is the weight column
    assert indicator_columns(["三级指标", "权重占比", "得分"]) == ("name", "weight", "score")


def test_export_rows_read_under_their_own_columns() -> None:
    form = _form(EXPORT)
    rows = [(i.name, i.weight, i.score, i.note) for i in form.indicators]
    assert rows == [("新增绿地面积", "50", "50", None), ("按期完工率", "30", "27", "拆迁滞后。"),
                    ("绿化覆盖率", "10", "10", None)]


def test_export_total_row_under_its_columns() -> None:
    form = _form(EXPORT)
    assert (form.total.weight, form.total.score) == ("100", "96.5")


def test_unit_in_the_funds_first_caption_cell() -> None:
    assert _form(EXPORT).funds.unit == "万元"


def test_tab_copy_total_row_with_empty_cells_kept() -> None:
    form = _form(TAB_COPY)
    assert (form.total.weight, form.total.score) == ("90", "85")
    assert [i.score for i in form.indicators] == ["40", "45"]


def test_empty_lines_as_empty_cells_keep_the_funds_columns() -> None:
    rows = [(r.source, r.initial, r.annual, r.executed, r.rate)
            for r in _form(ONE_PER_LINE).funds.rows]
    assert rows == [("total", "350.00", "350.00", "350.00", "100%"),
                    ("fiscal", "350.00", "350.00", "350.00", "100%"),
                    ("carryover", "0", "0", "0", "0")]
