"""Round 14: cell streams of budget-system exports, a 20/80 web table and a sharing-site copy.

- an export printing 指标方向 (正向/反向/定性), 计量单位 and 评分标准 beside the values: the
  direction is no part of the target, the unit joins it, 评分标准 holds its place unread (no
  row of its own, no note);
- the year printed as `年度：2024` on the line under the title;
- 绩效目标 as the 二级 under 项目决策 (it also captions a goals block);
- the grade printed as `自评结论 | 优`;
- a sharing site's price line `2积分  立即下载` between pages is page text;
- the same export and 20/80 form as web-page tables (the grid reader): direction, year, grade.
"""

from __future__ import annotations

from jixiao.core.model import Form
from jixiao.readers.html import read_html
from jixiao.readers.text import read_text

EXPORT = "\n".join([
    "某市预算绩效管理系统 — 项目支出绩效自评表（导出）",
    "年度：2024 | 金额单位：万元",
    "",
    "| 项目名称 | 小微企业创业补助 |",
    "| 主管部门 | 某市工业和信息化局 | 实施单位 | 某市中小企业服务中心 |",
    "| 资金类别 | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |",
    "| 年度资金总额 | 200.00 | 200.00 | 190.00 | 10 | 95.00% | 9.50 |",
    "",
    "| 一级指标 | 二级指标 | 三级指标 | 指标方向 | 年度指标值 | 计量单位 | 实际完成值 | 分值 | 得分"
    " | 评分标准 | 偏差原因分析及改进措施 |",
    "|---|---|---|---|---|---|---|---|---|---|---|",
    "| 产出指标 | 数量指标 | 补助企业户数 | 正向 | ≥50 | 户 | 48 | 40 | 38"
    " | 完成目标得满分，未完成按比例扣分 | 两户材料不全，已退回补正。 |",
    "| 产出指标 | 时效指标 | 补助发放时间 | 反向 | ≤30 | 天 | 25 | 20 | 20"
    " | 30天内完成得满分 |  |",
    "| 效益指标 | 社会效益指标 | 创业环境 | 定性 | 明显改善 |  | 明显改善 | 30 | 30"
    " | 根据实际情况评判 |  |",
    "| 合计 | | | | | | | 100 | 97.50 | | |",
    "| 自评等级 | 优 |",
    "",
])

TWENTY_EIGHTY = "\n".join([
    "某市体育局2024年度健身步道建设项目支出绩效自评表",
    "项目名称\t健身步道建设\t\t\t\t\t",
    "主管部门\t某市体育局\t\t实施单位\t某市体育发展中心\t\t",
    "项目资金（万元）\t\t年初预算数\t全年预算数\t全年执行数\t执行率",
    "年度资金总额\t100.00\t100.00\t98.00\t98.00%",
    "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施",
    "项目决策（8分）\t项目立项\t立项依据充分性\t充分\t充分\t4\t4\t",
    "绩效目标\t绩效目标合理性\t合理\t基本合理\t4\t3\t指标未细化。",
    "项目产出（92分）\t数量指标\t新建步道里程\t≥10公里\t10公里\t92\t92\t",
    "总分\t\t\t\t\t100\t99\t",
    "自评结论\t优\t\t\t\t\t",
    "",
])

SHARED_COPY = "\n".join([
    "项目支出绩效自评表",
    "（2023年度）",
    "项目名称 农村公路养护",
    "主管部门 某区交通运输局 实施单位 某区公路段",
    "项目资金（万元） 年初预算数 全年预算数 全年执行数 分值 执行率 得分",
    "年度资金总额 100.00 100.00 100.00 10 100% 10",
    "绩效指标 一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施",
    "产出指标 数量指标 养护里程 ≥100公里 100公里 40 40",
    "质量指标 危桥改造验收合格率 =100% 100% 30 30",
    "",
    "还剩2页未读，继续阅读",
    "下载文档到电脑，查找使用更方便",
    "2积分  立即下载",
    "",
    "第 2 页",
    "效益指标 社会效益指标 群众出行条件 明显改善 明显改善 20 20",
    "总分 100 100",
    "",
])


def _form(text: str) -> Form:
    (result,) = read_text(text)
    assert result.form is not None
    return result.form


def test_direction_unit_and_scoring_rule_columns() -> None:
    form = _form(EXPORT)
    rows = [(i.name, i.target, i.actual, i.weight, i.score, i.note) for i in form.indicators]
    assert rows == [
        ("补助企业户数", "≥50户", "48", "40", "38", "两户材料不全，已退回补正。"),
        ("补助发放时间", "≤30天", "25", "20", "20", None),
        ("创业环境", "明显改善", "明显改善", "30", "30", None),
    ]


def test_year_field_under_the_title() -> None:
    assert _form(EXPORT).year == 2024


def test_goal_level2_under_decision_and_conclusion_grade() -> None:
    form = _form(TWENTY_EIGHTY)
    levels = [(i.level1, i.level2, i.name) for i in form.indicators]
    assert levels == [
        ("项目决策", "项目立项", "立项依据充分性"),
        ("项目决策", "绩效目标", "绩效目标合理性"),
        ("项目产出", "数量指标", "新建步道里程"),
    ]
    assert form.grade == "优"


def test_points_price_line_is_page_text() -> None:
    names = [i.name for i in _form(SHARED_COPY).indicators]
    assert names == ["养护里程", "危桥改造验收合格率", "群众出行条件"]


def _table(text: str, sep: str) -> bytes:
    """The rows of a text as one HTML table, a cell for each `sep`-separated piece."""
    rows = []
    for line in text.splitlines():
        if not line.strip() or set(line) <= set("|-"):
            continue
        pieces = line.strip().strip("|").split("|") if sep == "|" else line.split("\t")
        rows.append("<tr>" + "".join(f"<td>{p.strip()}</td>" for p in pieces) + "</tr>")
    return f"<html><body><table>{''.join(rows)}</table></body></html>".encode()


def _grid_form(data: bytes) -> Form:
    (result,) = read_html(data)
    assert result.form is not None
    return result.form


def test_grid_export_direction_year_and_grade() -> None:
    form = _grid_form(_table(EXPORT, "|"))
    assert [i.target for i in form.indicators] == ["≥50户", "≤30天", "明显改善"]
    assert form.year == 2024


def test_grid_conclusion_grade() -> None:
    # a web page's grid repeats the 一级 cell the tab copy printed once
    text = TWENTY_EIGHTY.replace("\n绩效目标\t", "\n项目决策（8分）\t绩效目标\t")
    form = _grid_form(_table(text, "\t"))
    assert [i.level2 for i in form.indicators] == ["项目立项", "绩效目标", "数量指标"]
    assert form.grade == "优"
