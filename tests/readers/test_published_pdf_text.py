"""Published PDF text in page order (document-sharing sites): header cells apart from their
captions, the process part (项目决策 / 项目管理 rows) before the results table, a file-name
title above the form. Small cases written for each cause."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jixiao.readers.text import read_text
from jixiao.readers.text_lines import read_lines
from jixiao.readers.text_lines_pages import block_total, join_percent, placed, split_goals
from jixiao.readers.text_lines_process import ProcessPart, is_process_header, row_name

FUNDS = "项目资金 (万元) 年初预算数 全年预算数 全年执行数 执行率\n年度资金总额 50 50 45 90%\n"
RESULTS = ("一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施\n"
           "产出指标 数量指标 改造食堂数量 3个 3个 20 20\n")


def _form(header: str, table: str = RESULTS, title: str = "2023年度项目支出绩效自评表\n"):
    results = read_lines(title + header + FUNDS + table)
    assert len(results) == 1
    return results[0].form


# ---------------------------------------------------------------- header


def test_a_value_printed_after_its_captions_neighbour_goes_back_to_it() -> None:
    form = _form("项目名称 食堂改造\n主管部门 实施单位 某县教育局 某县第二中学\n")
    assert (form.department, form.implementing_unit) == ("某县教育局", "某县第二中学")


def test_a_name_wrapped_at_a_space_stays_one_name() -> None:
    form = _form("项目名称 食堂改造\n主管部门 实施单位 某县 教育局\n")
    assert (form.department, form.implementing_unit) == (None, "某县教育局")


def test_a_caption_with_its_own_value_keeps_it() -> None:
    form = _form("项目名称 食堂改造\n主管部门 某县教育局 实施单位 某县第二中学 某县第三中学\n")
    assert form.department == "某县教育局"
    assert form.implementing_unit == "某县第二中学某县第三中学"


def test_a_caption_split_by_a_space_is_read() -> None:
    form = _form("项目名称 食堂改造\n项目主管单 位 某县教育局\n")
    assert form.department == "某县教育局"


def test_a_project_name_printed_apart_from_its_empty_cell_is_found() -> None:
    form = _form("项目名称 主管部门 某县教育局 项目负责人 张三 审签: 乡镇学校食堂改造项目\n")
    assert form.project_name == "乡镇学校食堂改造项目"


def test_a_caption_s_value_is_not_a_name_printed_apart() -> None:
    """项目类别's own value ends in 项目 too; two candidates are no answer."""
    assert _form("项目名称 项目类别 专项项目\n").project_name == ""
    assert _form("项目名称 项目负责人 张三 甲乙食堂改造项目 丙丁操场改造项目\n").project_name == ""


def test_the_head_of_a_longer_caption_is_not_a_header_caption() -> None:
    """`项目年度` heads the goals' caption `项目年度目标`: no year is read from what follows."""
    form = _form("项目名称 食堂改造\n项目年度目 标 负责人: 2019 年任务\n",
                 title="项目支出绩效自评表\n")
    assert form.year is None


def test_the_self_score_in_the_header_is_the_total_score_and_ends_the_value_before() -> None:
    form = _form("项目名称 食堂改造\n主管部门 某县教育局 自评总分: 88\n")
    assert form.department == "某县教育局"
    assert form.total.score == "88"


def test_a_total_row_wins_over_the_header_self_score() -> None:
    form = _form("项目名称 食堂改造 自评总分: 88\n", RESULTS + "总分 100 90\n")
    assert (form.total.weight, form.total.score) == ("100", "90")


def test_the_filing_date_is_not_the_year() -> None:
    form = _form("项目名称 食堂改造\n", title="某市项目绩效目标自评表 填报日期:2024 年 3 月 1\n")
    assert form.year is None


def test_a_file_name_title_above_the_form_belongs_to_it() -> None:
    text = ("某局2023年度食堂改造项目自评表.pdf\n某市项目绩效目标自评表 填报日期:2024 年 3 月 1\n"
            "项目名称 食堂改造\n" + FUNDS + RESULTS)
    results = read_lines(text)
    assert [r.form.year for r in results] == [2023]


# ---------------------------------------------------------------- process part

PROCESS = ("项目权重 评价内容 分值 自评分 评价标准及依据\n"
           "项目决策 3 分 立项依据 3 3 有文件计 3 分。\n"
           "制度建设 2 2 有制度计 2 分;\n"
           "资金管理 项目管理 6 分 4 3 按规定使用计 4 分。\n")


def test_process_rows_are_read_before_the_results() -> None:
    form = _form("项目名称 食堂改造\n", PROCESS + RESULTS)
    rows = [(i.level1, i.level2, i.name, i.weight, i.score) for i in form.indicators]
    assert rows == [
        ("项目决策", None, "立项依据", "3", "3"),
        ("项目管理", None, "制度建设", "2", "2"),
        ("项目管理", None, "资金管理", "4", "3"),
        ("产出指标", "数量指标", "改造食堂数量", "20", "20"),
    ]
    assert form.indicators[0].target is None and form.indicators[0].note is None


def test_the_process_part_read_through_the_text_reader() -> None:
    text = "2023年度项目支出绩效自评表\n项目名称 食堂改造\n" + FUNDS + PROCESS + RESULTS
    (result,) = read_text(text)
    assert [i.name for i in result.form.indicators] == ["立项依据", "制度建设", "资金管理",
                                                        "改造食堂数量"]


@pytest.mark.parametrize(("line", "expected"), [
    ("项目权重 评价内容 分值 自评分", True),
    ("评价要点 分值 得分", True),
    # a results table may call its name column 评价要点: it prints 年度指标值 / 实际完成值
    ("一级指标 二级指标 评价要点 年度指标值 实际完成值 分值 得分", False),
    ("一级指标 二级指标 三级指标 分值 得分", False),
])
def test_the_process_header_is_told_from_the_results_header(line: str, expected: bool) -> None:
    assert is_process_header(line) is expected


@pytest.mark.parametrize(("before", "expected"), [
    (["有文件计", "3", "分。", "立项依据"], "立项依据"),
    (["1、单位财务管理制度", "1", "分;"], None),
    (["3"], None),
    ([], None),
])
def test_the_row_name_is_the_word_before_the_pair(before: list[str], expected: str | None
                                                   ) -> None:
    assert row_name(before) == expected


@given(st.lists(st.integers(min_value=1, max_value=9), min_size=1, max_size=5),
       st.lists(st.integers(min_value=1, max_value=9), min_size=1, max_size=5))
def test_rows_after_a_full_group_wait_for_the_next_groups_name(first: list[int],
                                                                second: list[int]) -> None:
    """Rows of two groups, the second group's name printed after its first row (a merged cell
    centred on its rows): every row ends in the group its points say."""
    part = ProcessPart()
    part.take_level(["项目决策", f"{sum(first)}", "分"])
    for n, w in enumerate(first):
        part.add(f"甲{n}", str(w), str(w), 1)
    part.add("乙0", str(second[0]), str(second[0]), 2)
    part.take_level(["项目管理", f"{sum(second)}分"])
    for n, w in enumerate(second[1:], start=1):
        part.add(f"乙{n}", str(w), str(w), 3)
    assert [r.level1 for r in part.rows] == ["项目决策"] * len(first) + ["项目管理"] * len(second)


# ---------------------------------------------------------------- funds in page order

PAGE_FUNDS = ("项目名称 食堂改造\n主管部门 某县教育局 项目负责人 张三 执行数 (万元) 执行率\n"
              "项目资金 日 45 90 % 1.完成食堂改造 3 所; 2. 3. 项目权重\n")


def test_funds_printed_in_page_order_read_by_the_rate() -> None:
    """The 项目资金 caption on the total row's line, `90 %` apart, fewer figures than columns,
    the unit among the column captions before the block."""
    results = read_lines("2023年度项目支出绩效自评表\n" + PAGE_FUNDS + RESULTS)
    funds = results[0].form.funds
    assert funds.unit == "万元"
    assert [(r.source, r.annual, r.executed, r.rate) for r in funds.rows] == [
        ("total", None, "45", "90%")]


def test_numbered_goals_after_the_funds_figures_are_the_goals() -> None:
    results = read_lines("2023年度项目支出绩效自评表\n" + PAGE_FUNDS + RESULTS)
    assert results[0].form.goals.expected == "1.完成食堂改造3所;2.3."
    assert results[0].sources["goals.expected"].line == 4


def test_a_percentage_set_apart_joins_its_number() -> None:
    assert join_percent(["100", "%", "3", "%", "%"]) == ["100%", "3%", "%"]


@pytest.mark.parametrize(("tokens", "expected"), [
    (["日", "45", "90%", "1.完成改造", "2.", "分值"], (["日", "45", "90%"], "1.完成改造2.")),
    # a decimal and a numbered item before any figure are not the goals
    (["1.5", "2"], (["1.5", "2"], None)),
    (["1.完成改造", "45"], (["1.完成改造", "45"], None)),
])
def test_numbered_goals_are_cut_from_a_funds_row(tokens: list[str],
                                                 expected: tuple[list[str], str | None]) -> None:
    numeric = [t[:1].isdigit() and not t.startswith("1.完") for t in tokens]
    assert split_goals(tokens, numeric) == expected


@pytest.mark.parametrize(("values", "expected"), [
    (["45", "90%"], {"executed": "45", "rate": "90%"}),
    (["50", "45", "90%"], {"annual": "50", "executed": "45", "rate": "90%"}),
    # no percentage at the end: in the header's order
    (["50", "45"], {"initial": "50", "annual": "45"}),
    # more amounts than amount columns: in the header's order
    (["1", "2", "3", "4", "90%"], {"initial": "1", "annual": "2", "executed": "3",
                                   "weight": "4", "rate": "90%"}),
])
def test_a_short_row_ending_in_a_rate_fills_the_columns_before_the_rate(
        values: list[str], expected: dict[str, str]) -> None:
    assert placed(("initial", "annual", "executed", "weight", "rate", "score"), values) == expected


@pytest.mark.parametrize(("label", "expected"), [
    ("项目资金", True), ("项目资金日", True), ("项目资金(万元)", True),
    ("项目资金使用单位", False), ("年度资金总额", False),
])
def test_the_block_caption_on_a_row_is_the_total_row(label: str, expected: bool) -> None:
    assert block_total(label) is expected


def test_a_name_beginning_with_the_word_project_is_not_a_level_fragment() -> None:
    """`项目` heads the process 一级 names (项目管理) and many an indicator's name."""
    form = _form("项目名称 食堂改造\n", RESULTS + "项目 完成率 100% 100% 10 10\n")
    assert [(i.level1, i.name) for i in form.indicators] == [
        ("产出指标", "改造食堂数量"), ("产出指标", "项目完成率")]


def test_a_process_part_captioned_evaluation_points_and_reference_weight() -> None:
    """评价要点 names the row, 参考分值 is its weight; a group's points in brackets."""
    table = ("一级指标 评价要点 参考分值 得分\n项目决策 (5分) 立项依据 3 3\n绩效目标 2 1\n"
             "项目管理 (4分) 资金管理 4 4\n" + RESULTS)
    form = _form("项目名称 食堂改造\n", table)
    assert [(i.level1, i.name, i.weight, i.score) for i in form.indicators] == [
        ("项目决策", "立项依据", "3", "3"), ("项目决策", "绩效目标", "2", "1"),
        ("项目管理", "资金管理", "4", "4"), ("产出指标", "改造食堂数量", "20", "20")]


# ---------------------------------------------------------------- a table without 分值

SINGLE = ("一级指标 二级指标 三级指标 年度指标值 实际完成值 自评分 偏差原因分析及改进措施\n"
          "产出指标 数量指标 改造食堂数量 3个 3个 20 按期完成\n"
          "质量指标 验收合格率 100% 100% 15\n"
          "时效指标 完工及时率 100 95 8\n")


def test_rows_close_on_a_single_score_when_the_header_has_no_weight_column() -> None:
    form = _form("项目名称 食堂改造\n", SINGLE)
    rows = [(i.level1, i.level2, i.name, i.target, i.actual, i.weight, i.score, i.note)
            for i in form.indicators]
    assert rows == [
        ("产出指标", "数量指标", "改造食堂数量", "3个", "3个", None, "20", "按期完成"),
        ("产出指标", "质量指标", "验收合格率", "100%", "100%", None, "15", None),
        ("产出指标", "时效指标", "完工及时率", "100", "95", None, "8", None),
    ]


def test_a_header_with_both_weight_and_score_still_reads_pairs() -> None:
    form = _form("项目名称 食堂改造\n", RESULTS.replace("改造食堂数量 3个 3个 20 20",
                                                  "改造食堂数量 3个 3个 20 18"))
    (row,) = form.indicators
    assert (row.weight, row.score) == ("20", "18")


def test_without_weight_column_two_rows_on_one_line_are_cut_at_the_caption() -> None:
    table = ("一级指标 二级指标 三级指标 年度指标值 实际完成值 得分 偏差原因分析及改进措施\n"
             "产出指标 数量指标 改造食堂数量 3个 3个 20 质量指标 验收合格率 100% 98% 14\n")
    form = _form("项目名称 食堂改造\n", table)
    rows = [(i.level2, i.name, i.target, i.actual, i.weight, i.score) for i in form.indicators]
    assert rows == [("数量指标", "改造食堂数量", "3个", "3个", None, "20"),
                    ("质量指标", "验收合格率", "100%", "98%", None, "14")]


def test_a_second_table_header_inside_the_table_decides_how_its_rows_close() -> None:
    """One table per 项目年度目标: the second prints no 分值; its header and its title line are
    no note of the row before them."""
    second = ("项目年度目标 2:食堂设备更新\n"
              + SINGLE.replace("改造食堂数量", "更新设备数量"))
    form = _form("项目名称 食堂改造\n", RESULTS + second)
    rows = [(i.level2, i.name, i.target, i.actual, i.weight, i.score, i.note)
            for i in form.indicators]
    assert rows == [
        ("数量指标", "改造食堂数量", "3个", "3个", "20", "20", None),
        ("数量指标", "更新设备数量", "3个", "3个", None, "20", "按期完成"),
        ("质量指标", "验收合格率", "100%", "100%", None, "15", None),
        ("时效指标", "完工及时率", "100", "95", None, "8", None),
    ]


def test_a_second_header_wrapped_over_two_lines_is_read_whole() -> None:
    second = ("一级指标 二级指标 三级指标 年度指标值\n实际完成值 分值 得分 偏差原因分析及改进措施\n"
              "产出指标 质量指标 设备合格率 100% 100% 10 9\n")
    form = _form("项目名称 食堂改造\n", SINGLE + second)
    last = form.indicators[-1]
    assert (last.name, last.weight, last.score, last.note) == ("设备合格率", "10", "9", None)
    assert form.indicators[-2].note is None


@pytest.mark.parametrize("weight", ["分值", "权重", "标准分", "权数"])
def test_a_header_with_a_weight_column_of_any_caption_keeps_pairs(weight: str) -> None:
    table = (f"一级指标 二级指标 三级指标 年度指标值 实际完成值 {weight} 自评分 偏差原因\n"
             "产出指标 数量指标 改造食堂数量 3个 3个 20 18\n")
    (row,) = _form("项目名称 食堂改造\n", table).indicators
    assert (row.weight, row.score) == ("20", "18")
