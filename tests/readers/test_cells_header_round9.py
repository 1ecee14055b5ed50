"""Round 9: cell streams and the header part.

- an indicator header whose score column is captioned 自评得分 (no 得分 caption);
- a 绩效自评总分 row printing the total's 分值 and 得分 (not an indicator row);
- one cell per line, a table without 分值/得分 columns, empty 偏差原因 cells dropped: the next
  row's name is no note;
- PDF-text header: a value stops at a funds row printed under the last header field;
- a 部门整体 form whose title names no department is named by the department it prints.
"""

from __future__ import annotations

from jixiao.core.model import Form
from jixiao.readers.parts.header import department_subject, page_fields, title_subject
from jixiao.readers.text import read_text
from jixiao.readers.text_cells import indicator_columns, read_cells

TABBED = "\n".join([
    "项目支出绩效自评表",
    "项目名称\t乡村道路养护",
    "主管部门\t某县交通运输局\t实施单位\t某县公路站",
    "项目资金（万元）\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分",
    "年度资金总额\t50.00\t50.00\t48.00\t10\t96.00%\t9.6",
    "绩效指标\t一级指标\t二级指标\t三级指标\t指标值\t实际值\t权重\t自评得分\t未完成原因分析",
    "\t产出指标\t数量指标\t养护里程\t≥30公里\t31公里\t40\t40\t",
    "\t\t时效指标\t完工时间\t11月底前\t12月\t20\t16\t雨季延误",
    "\t效益指标\t社会效益指标\t通行条件改善\t明显改善\t明显改善\t30\t30\t",
    "绩效自评总分\t100\t95.6",
    "自评等级\t优",
    "",
])


def _form(text: str) -> Form:
    (result,) = read_text(text)
    assert result.form is not None
    return result.form


def test_self_score_caption_heads_the_score_column() -> None:
    assert indicator_columns(["一级指标", "二级指标", "三级指标", "指标值", "实际值", "权重",
                              "自评得分", "未完成原因分析"])[-2:] == ("score", "note")
    # beside a 得分 column, 自评得分 is no second score column
    assert indicator_columns(["三级指标", "分值", "得分", "自评得分"]).count("score") == 1


def test_tabbed_rows_with_a_self_score_column() -> None:
    form = _form(TABBED)
    rows = [(i.name, i.weight, i.score, i.note) for i in form.indicators]
    assert rows == [("养护里程", "40", "40", None), ("完工时间", "20", "16", "雨季延误"),
                    ("通行条件改善", "30", "30", None)]


def test_self_score_total_row_is_the_total() -> None:
    form = _form(TABBED)
    assert (form.total.weight, form.total.score) == ("100", "95.6")
    assert form.grade == "优"
    assert "绩效自评总分" not in [i.name for i in form.indicators]


def test_a_lone_self_score_stays_the_score() -> None:
    text = TABBED.replace("绩效自评总分\t100\t95.6", "绩效自评总分\t95.6")
    form = _form(text)
    assert form.total.score == "95.6"


ONE_PER_LINE = "\n".join([
    "项目支出绩效自评表",
    "项目名称", "社区健康服务",
    "主管部门", "某区卫生健康委员会",
    "实施单位", "某区社区卫生服务中心",
    "绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "偏差原因",
    "产出指标", "数量指标",
    "建档人数", "≥5000人", "5210人", "",
    "随访次数", "≥4次", "3次", "人员不足，下一步增配人员。",
    "质量指标",
    "档案合格率", "≥90%", "92%", "",
    "",
])


def test_next_name_is_no_note_without_points_columns() -> None:
    (result,) = read_cells(ONE_PER_LINE)
    assert result.form is not None
    rows = [(i.name, i.target, i.actual, i.note) for i in result.form.indicators]
    assert rows == [("建档人数", "≥5000人", "5210人", None),
                    ("随访次数", "≥4次", "3次", "人员不足，下一步增配人员。"),
                    ("档案合格率", "≥90%", "92%", None)]


def test_header_value_stops_at_a_funds_row() -> None:
    text = "部门名称 某市某区农业农村局\n年度资金总额 100.00 120.00 110.00 10 91.67% 9.17"
    assert page_fields(text).fields["department"] == "某市某区农业农村局"
    # a value wrapped onto the next line is still one value
    wrapped = "实施单位 某市某区农业\n技术推广中心"
    assert page_fields(wrapped).fields["implementing_unit"] == "某市某区农业技术推广中心"


def test_department_form_named_by_its_department() -> None:
    assert title_subject("部门整体支出绩效自评表") is None
    assert department_subject("部门整体支出绩效自评表", "某市某局") == "某市某局"
    assert department_subject("某县某局2023年度部门整体支出绩效自评表", "某市某局") == "某县某局"
    assert department_subject("部门整体支出绩效自评表") == "部门整体支出绩效自评表"


def test_cells_department_form_named_by_its_department() -> None:
    text = "\n".join([
        "部门整体支出绩效自评表 |",
        "部门名称 | 某县林业局 |",
        "年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |",
        "年度资金总额 | 300.00 | 320.00 | 310.00 | 10 | 96.88% | 9.69 |",
        "一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因 |",
        "产出指标 | 数量指标 | 造林面积 | ≥1000亩 | 1050亩 | 90 | 90 | |",
        "总分 | 100 | 99.69 |",
        "",
    ])
    (result,) = read_cells(text)
    assert result.form is not None
    assert result.form.kind == "department"
    assert result.form.project_name == "某县林业局"


def test_year_below_a_title_row_padded_with_empty_cells() -> None:
    text = "\n".join([
        "项目支出绩效自评表 | | | | | |",
        "（2022年度） | | | | | |",
        "项目名称 | 校舍维修 | | | | |",
        "一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |",
        "产出指标 | 数量指标 | 维修面积 | ≥500平方米 | 520平方米 | 90 | 90 |",
        "",
    ])
    (result,) = read_cells(text)
    assert result.form is not None and result.form.year == 2022
