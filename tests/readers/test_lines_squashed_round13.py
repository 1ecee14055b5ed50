"""A form flattened onto a few long lines (a web page's or a sharing site's copy): the fiscal
sub-rows under 其中 printed one after another on one piece (each read as a row of its own),
a page break inside the indicator table right after a 二级 name (the name begins the next
page's rows, the row before it is kept), and a goals line printing both column captions before
both texts (each text under its column)."""

from __future__ import annotations

from jixiao.readers.text import read_text
from jixiao.readers.text_lines import explode_squashed

HEAD = ("2024年度项目支出绩效自评表 （2024年度） 项目名称 农村供水设施维修养护 "
        "主管部门 某旗水利局 实施单位 某旗水务服务中心 项目资金（万元） "
        "年初预算数 全年预算数 全年执行数 分值 执行率 得分 "
        "年度资金总额： 60.00 60.00 56.00 10 93.33% 9.33 "
        "其中：中央补助资金 30.00 30.00 30.00 100.00% "
        "自治区补助资金 18.00 18.00 18.00 100.00% 旗级资金 12.00 12.00 8.00 66.67%")
GOALS = ("年度总体目标 预期目标 实际完成情况 维修供水点位20处以上，保障1.5万人饮水安全。 "
         "维修供水点位22处，保障1.6万人饮水安全，旗级资金尚有结余。")
TABLE = ("绩效指标 一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 "
         "偏差原因分析及改进措施 产出指标 数量指标 维修供水点位 ≥20处 22处 20 20 "
         "更换管网长度 ≥8公里 8.4公里 20 20 质量指标")
PAGE_TWO = ("工程验收合格率 100% 100% 20 20 时效指标 维修完成时限 2024年11月底前 2024年12月 "
            "10 8 部分工程冬季停工，结算延后；来年提前开工。 效益指标 社会效益指标 "
            "保障饮水安全人口 ≥1.5万人 1.6万人 10 10 可持续影响指标 供水设施完好率 ≥95% 97% "
            "10 10 满意度指标 服务对象满意度指标 受益群众满意度 ≥90% 92% 10 10 "
            "总分 100 98 评价等级 优")
#: The rest of the funds block and the goals, on the page the indicator table begins on.
PAGE_ONE = f"上年结转资金 — — — — 其他资金 0.00 0.00 0.00 0.00% {GOALS} {TABLE}"
#: The sharing site's text between its pages.
SITE = "\n\n该用户很懒，什么也没介绍\n第 2 页 / 共 2 页\n"


def test_the_sub_rows_on_one_piece_are_rows_of_their_own() -> None:
    pieces = explode_squashed(HEAD)
    assert pieces[-3:] == ["其中：中央补助资金 30.00 30.00 30.00 100.00%",
                           "自治区补助资金 18.00 18.00 18.00 100.00%",
                           "旗级资金 12.00 12.00 8.00 66.67%"]


def test_a_squashed_form_reads_every_sub_row() -> None:
    (result,) = read_text(f"{HEAD} {GOALS}\n{TABLE} {PAGE_TWO}\n")
    rows = result.form.funds.rows
    assert [(r.source, r.label, r.initial, r.executed, r.rate) for r in rows] == [
        ("total", None, "60.00", "56.00", "93.33%"),
        ("fiscal", "其中：中央补助资金", "30.00", "30.00", "100.00%"),
        ("fiscal", "自治区补助资金", "18.00", "18.00", "100.00%"),
        ("fiscal", "旗级资金", "12.00", "8.00", "66.67%")]


def test_a_page_break_after_a_level_name_keeps_the_row_before_it() -> None:
    (result,) = read_text(f"{HEAD}\n{PAGE_ONE}{SITE}{PAGE_TWO}\n")
    rows = [(i.level2, i.name, i.target, i.weight, i.note) for i in result.form.indicators]
    assert rows[:3] == [("数量指标", "维修供水点位", "≥20处", "20", None),
                        ("数量指标", "更换管网长度", "≥8公里", "20", None),
                        ("质量指标", "工程验收合格率", "100%", "20", None)]
    assert len(rows) == 7
    assert (result.form.total.weight, result.form.total.score) == ("100", "98")


def test_goal_captions_before_both_texts_head_their_columns() -> None:
    (result,) = read_text(f"{HEAD}\n{GOALS}\n{TABLE} {PAGE_TWO}\n")
    assert result.form.goals.expected == "维修供水点位20处以上，保障1.5万人饮水安全。"
    assert result.form.goals.actual == (
        "维修供水点位22处，保障1.6万人饮水安全，旗级资金尚有结余。")


def test_one_caption_before_its_text_is_still_that_text() -> None:
    text = (f"{HEAD}\n年度总体目标 预期目标 维修供水点位20处以上。\n"
            f"实际完成情况 维修供水点位22处。\n{TABLE} {PAGE_TWO}\n")
    (result,) = read_text(text)
    assert result.form.goals.expected == "维修供水点位20处以上。"
    assert result.form.goals.actual == "维修供水点位22处。"
