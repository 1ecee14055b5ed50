"""A form flattened onto a few short lines (a web page's copy, one line per part): the title,
year and header on one line and the funds block on the next, both shorter than a whole
squashed form. Each is still broken at its captions, so the title does not hide the header
and the funds rows are read one to a line."""

from __future__ import annotations

from jixiao.readers.text import read_text
from jixiao.readers.text_lines import explode_squashed

HEAD = ("2024年度项目支出绩效自评表 （2024年度） 项目名称 乡村道路保洁 "
        "主管部门 某区交通局 实施单位 某区公路站")
FUNDS = ("项目资金（万元） 年初预算数 全年预算数 全年执行数 分值 执行率 得分 "
         "年度资金总额 50.00 60.00 54.00 10 90.00% 9.00 "
         "其中：当年财政拨款 50.00 50.00 45.00 — 90.00% — "
         "上年结转资金 0.00 10.00 9.00 — 90.00% — 其他资金 — — — — — —")
GOALS = "年度总体目标 预期目标 实际完成情况 保洁道路40公里。 保洁道路41公里。"
TABLE = ("一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施 "
         "产出指标 数量指标 保洁道路里程 ≥40公里 41公里 50 50 "
         "满意度指标 服务对象满意度指标 群众满意度 ≥90% 92% 40 40 总分 100 99.00 评分等级 优")


def test_a_short_title_line_with_the_header_is_broken_at_its_captions() -> None:
    assert explode_squashed(HEAD) == ["2024年度项目支出绩效自评表", "（2024年度）",
                                      "项目名称 乡村道路保洁", "主管部门 某区交通局",
                                      "实施单位 某区公路站"]


def test_a_short_funds_line_is_broken_into_its_rows() -> None:
    assert explode_squashed(FUNDS)[2:] == [
        "年度资金总额 50.00 60.00 54.00 10 90.00% 9.00",
        "其中：当年财政拨款 50.00 50.00 45.00 — 90.00% —",
        "上年结转资金 0.00 10.00 9.00 — 90.00% —", "其他资金 — — — — — —"]


def test_a_title_line_without_header_captions_stays_whole() -> None:
    assert explode_squashed("2024年度项目支出绩效自评表 项目名称 乡村道路保洁") == [
        "2024年度项目支出绩效自评表 项目名称 乡村道路保洁"]


def test_two_forms_on_four_short_lines_each_read_header_and_funds() -> None:
    form = f"{HEAD}\n{FUNDS}\n{GOALS}\n{TABLE}\n"
    results = read_text(form + form.replace("乡村道路保洁", "桥梁检测"))
    assert [r.form.project_name for r in results] == ["乡村道路保洁", "桥梁检测"]
    for result in results:
        form_ = result.form
        assert (form_.department, form_.implementing_unit) == ("某区交通局", "某区公路站")
        assert (form_.funds.weight, form_.funds.rate, form_.funds.score) == ("10", "90.00%", "9.00")
        assert [(r.initial, r.annual, r.executed) for r in form_.funds.rows] == [
            ("50.00", "60.00", "54.00"), ("50.00", "50.00", "45.00"), ("0.00", "10.00", "9.00")]
