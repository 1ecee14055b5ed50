"""PDF text and sharing-site pages: a first page flattened onto one line, a funds caption
centred on its rows, a department-wide form named by the department it prints."""

from __future__ import annotations

from jixiao.readers.text import read_text

TABLE = """一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施
产出指标 数量指标 检修泵站数量 ≥12座 12座 50 50
效益指标 社会效益指标 排涝能力 有效提升 有效提升 30 30
满意度指标 服务对象满意度指标 群众满意度 ≥90% 93% 10 10
总分 100 100
"""


def test_a_flattened_first_page_holding_header_and_funds_is_read() -> None:
    first = ("1、项目支出绩效自评表 （2024年度） 项目名称 城区泵站检修维护 主管部门 某县水利局 "
             "实施单位 某县排涝管理站 项目资金（万元） 年初预算数 全年预算数 全年执行数 分值 "
             "执行率 得分 年度资金总额 80.00 80.00 76.00 10 95.00% 9.50 其中：当年财政拨款 "
             "80.00 80.00 76.00 — 95.00% — 年度总体目标 预期目标 实际完成情况 "
             "完成12座泵站检修，汛期排涝正常。 完成12座泵站检修，汛期未发生内涝。")
    assert len(first) >= 200 and first.count("指标") < 3
    (result,) = read_text(f"{first}\n2、{TABLE}", filename="s.txt")
    form = result.form
    assert (form.project_name, form.department, form.implementing_unit) == (
        "城区泵站检修维护", "某县水利局", "某县排涝管理站")
    assert [(r.source, r.annual, r.executed) for r in form.funds.rows] == [
        ("total", "80.00", "76.00"), ("fiscal", "80.00", "76.00")]
    assert (form.funds.rate, form.funds.score) == ("95.00%", "9.50")
    assert form.goals.expected == "完成12座泵站检修，汛期排涝正常。"
    assert len(form.indicators) == 3


DEPARTMENT = """部门整体支出绩效自评表
（2023年度）
部门名称 某县林业局
年初预算数 全年预算数 全年执行数 分值 执行率 得分
年度资金总额 500.00 520.00 510.00 10 98.08% 9.81
预算执行情况
其中：财政拨款 500.00 520.00 510.00 — 98.08% —
（万元）
预期目标 实际完成情况
完成造林2万亩。 完成造林2.1万亩。
""" + TABLE


def test_a_funds_caption_centred_on_its_rows_keeps_the_rows_above_it() -> None:
    (result,) = read_text(DEPARTMENT, filename="d.txt")
    funds = result.form.funds
    assert [(r.source, r.initial, r.annual, r.executed, r.rate) for r in funds.rows] == [
        ("total", "500.00", "520.00", "510.00", "98.08%"),
        ("fiscal", "500.00", "520.00", "510.00", "98.08%")]
    assert (funds.weight, funds.rate, funds.score) == ("10", "98.08%", "9.81")
    assert result.form.department == "某县林业局"


def test_a_department_form_is_named_by_the_department_it_prints() -> None:
    (result,) = read_text(DEPARTMENT, filename="d.txt")
    assert result.form.kind == "department"
    assert result.form.project_name == "某县林业局"
    assert result.sources["project_name"].line == 3  # the line printing the department
    titled = DEPARTMENT.replace("部门整体支出绩效自评表",
                                "某县林业局2023年度部门整体支出绩效自评表")
    (result,) = read_text(titled.replace("部门名称 某县林业局", "部门名称 某县林业局（本级）"),
                          filename="d.txt")
    assert result.form.project_name == "某县林业局"  # the title names it
    assert result.sources["project_name"].line == 1
