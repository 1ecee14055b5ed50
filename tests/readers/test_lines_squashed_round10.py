"""A form squashed onto long lines (a web page's copy): a department-wide form, whose header
prints only its preamble (单位名称, 填报日期) and 部门名称, and a funds row whose cells were all
blank and vanished in the copy (`上年结转资金 其他资金 100.00 …`)."""

from __future__ import annotations

from jixiao.readers.text import read_text
from jixiao.readers.text_lines import explode_squashed

TABLE = """绩效指标
一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施
产出指标 数量指标 巡查河道长度 ≥300公里 310公里 40 40
效益指标 社会效益指标 河道水质达标率 ≥95% 96% 30 30
满意度指标 服务对象满意度指标 沿岸群众满意度 ≥90% 92% 20 20
总分 100 99.50 评价等级 优"""


def _department(rows: str) -> str:
    return ("部门整体支出绩效自评表 （2023年度） 单位名称（盖章）：某县河湖保护中心 "
            "填报日期：2024年2月1日 部门名称 某县河湖保护中心 年度预算资金（万元） 年初预算数 "
            f"全年预算数 全年执行数 分值 执行率 得分 {rows} 年度总体目标 预期目标 实际完成情况 "
            "巡查河道300公里以上，水质达标率不低于95%。 巡查河道310公里，水质达标率96%。")


def test_a_squashed_department_form_is_cut_at_its_preamble_captions() -> None:
    line = _department("年度资金总额 400.00 420.00 398.00 10 94.76% 9.48")
    pieces = explode_squashed(line)
    assert "部门名称 某县河湖保护中心" in pieces
    assert "年度预算资金（万元）" in pieces
    assert any(p.startswith("填报日期") for p in pieces)


def test_a_squashed_department_form_reads_header_funds_and_goals() -> None:
    first = _department("年度资金总额 400.00 420.00 398.00 10 94.76% 9.48 "
                        "其中：财政拨款 400.00 420.00 398.00 94.76%")
    (result,) = read_text(f"{first}\n{TABLE}\n", filename="d.txt")
    form = result.form
    assert form.kind == "department"
    assert form.year == 2023
    assert form.project_name == form.department == "某县河湖保护中心"
    assert [(r.source, r.initial, r.annual, r.executed, r.rate) for r in form.funds.rows] == [
        ("total", "400.00", "420.00", "398.00", "94.76%"),
        ("fiscal", "400.00", "420.00", "398.00", "94.76%")]
    assert (form.funds.weight, form.funds.score) == ("10", "9.48")
    assert form.goals.expected == "巡查河道300公里以上，水质达标率不低于95%。"
    assert form.goals.actual == "巡查河道310公里，水质达标率96%。"
    assert len(form.indicators) == 3


def test_a_source_row_whose_blank_cells_vanished_does_not_take_the_next_rows_figures() -> None:
    first = _department("年度资金总额 400.00 420.00 398.00 10 94.76% 9.48 "
                        "其中：财政拨款 300.00 320.00 299.00 93.44% 上年结转资金 "
                        "其他资金 100.00 100.00 99.00 99.00%")
    (result,) = read_text(f"{first}\n{TABLE}\n", filename="d.txt")
    assert [(r.source, r.initial, r.annual, r.executed, r.rate)
            for r in result.form.funds.rows] == [
        ("total", "400.00", "420.00", "398.00", "94.76%"),
        ("fiscal", "300.00", "320.00", "299.00", "93.44%"),
        ("other", "100.00", "100.00", "99.00", "99.00%")]


def test_a_caption_wrapped_onto_the_line_of_its_figures_is_still_one_row() -> None:
    text = ("项目支出绩效自评表\n项目名称 某项目\n项目资金（万元）\n"
            "年初预算数 全年预算数 全年执行数 分值 执行率 得分\n"
            "年度资金总额 100.00 100.00 90.00 10 90.00% 9.00\n"
            "其中：当年\n财政拨款 100.00 100.00 90.00 90.00%\n")
    (result,) = read_text(text, filename="w.txt")
    assert [r.source for r in result.form.funds.rows] == ["total", "fiscal"]


def test_a_bare_source_caption_on_its_own_line_is_a_row_left_blank() -> None:
    text = ("项目支出绩效自评表\n项目名称 某项目\n项目资金（万元）\n"
            "年初预算数 全年预算数 全年执行数 分值 执行率 得分\n"
            "年度资金总额 100.00 120.00 90.00 10 75.00% 7.50\n"
            "上年结转资金\n其他资金 100.00 120.00 90.00 75.00%\n")
    (result,) = read_text(text, filename="b.txt")
    assert [(r.source, r.annual) for r in result.form.funds.rows] == [
        ("total", "120.00"), ("other", "120.00")]


def test_a_department_task_table_after_the_funds_is_no_funds_rows() -> None:
    text = """部门整体支出绩效自评表
部门名称 某县水务局
年初预算数 全年预算数 全年执行数 分值 执行率 得分
年度资金总额 900.00 950.00 940.00 10 98.95% 9.89
其中：当年财政拨款 900.00 950.00 940.00 — 98.95% —
任务名称 主要内容 预算数 执行数
堤防加固 完成堤防加固12公里 600.00 590.00
供水保障 农村供水工程维修 350.00 350.00
预期目标 实际完成情况
完成堤防加固12公里。 完成堤防加固12.5公里。
""" + TABLE
    (result,) = read_text(text, filename="t.txt")
    assert [r.source for r in result.form.funds.rows] == ["total", "fiscal"]
    assert result.form.goals.expected == "完成堤防加固12公里。"
