"""Causes of loss on real published text (issue 8), each a small form written for it and read
in the cell-stream layouts (`|`-padded, one cell per line) and glued into one string: column
orders, missing scoring columns, other provinces' captions, system exports, department forms,
template placeholders. Field for field against what the form prints."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.core.model import Form
from jixiao.readers.base import UnreadableInput
from jixiao.readers.dispatch import read_bytes
from jixiao.readers.glued import read_glued
from jixiao.readers.segment import (
    printed_number,
    rate_agrees,
    read_rows,
    split_funds,
    split_row,
)

Row = list[str]

TARGET = "完成河道保洁20公里，保洁合格率95%以上。"
DONE = "本项目已完成保洁21公里，合格率96%。"

TABLE = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
         "偏差原因分析及改进措施"]
#: (level1, level2, name, target, actual, weight, score, note)
ROWS = [
    ("产出指标", "数量指标", "保洁河道长度", "≥20公里", "21公里", "30", "30", ""),
    ("产出指标", "质量指标", "保洁合格率", "≥95%", "96%", "30", "30", ""),
    ("效益指标", "社会效益指标", "河道环境改善", "明显改善", "明显改善", "20", "18",
     "个别河段反复"),
    ("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "93%", "10", "10", ""),
]
KEYS = ("level1", "level2", "name", "target", "actual", "weight", "score", "note")


def rows_in(columns: Sequence[str], rows: Sequence[tuple[str, ...]] = ROWS
            ) -> list[tuple[str, ...]]:
    """`ROWS` printed with the cells of `columns` only, in that order."""
    return [(r[0], r[1], r[2], *(dict(zip(KEYS, r, strict=True))[k] for k in columns))
            for r in rows]


@dataclass
class Case:
    """A form's printed rows, its indicator columns and what reading it must give."""

    header: list[Row] = field(default_factory=lambda: [
        ["项目名称", "春季河道保洁", "主管部门", "某县水务局", "实施单位", "某县河道所"]])
    funds: list[Row] = field(default_factory=lambda: [
        ["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        ["年度资金总额", "50", "50", "40", "10", "80%", "8"],
        ["其中：当年财政拨款", "50", "50", "40", "—", "80%", "—"]])
    goals: list[Row] = field(default_factory=lambda: [
        ["年度总体目标", "预期目标", "实际完成情况"], ["", TARGET, DONE]])
    table: Row = field(default_factory=lambda: list(TABLE))
    columns: tuple[str, ...] = ("target", "actual", "weight", "score", "note")
    rows: list[tuple[str, ...]] = field(default_factory=lambda: list(ROWS))
    tail: list[Row] = field(default_factory=lambda: [["总分", "100", "96"], ["评分等级", "优"]])
    title: str = "某县2024年度项目支出绩效自评表"

    def printed(self) -> list[Row]:
        out: list[Row] = [[self.title], *self.header, *self.funds, *self.goals, self.table]
        level1 = None
        for row in self.rows:
            first = row[0] if row[0] != level1 else ""
            level1 = row[0]
            out.append([first, *row[1:]])
        return out + self.tail


def padded(rows: Sequence[Row]) -> str:
    return "\n".join(" | ".join(r) + " | ||||" for r in rows) + "\n"


def one_per_line(rows: Sequence[Row]) -> str:
    return "\n".join(c for r in rows for c in r if c) + "\n"


def glued(rows: Sequence[Row]) -> str:
    return "".join(c for r in rows for c in r)


LAYOUTS: dict[str, Callable[[Sequence[Row]], str]] = {
    "padded": padded, "one_per_line": one_per_line, "glued": glued}


def read(case: Case, layout: str) -> Form:
    results = read_bytes(LAYOUTS[layout](case.printed()).encode(), "form.txt")
    assert len(results) == 1
    return results[0].form


def indicators(form: Form) -> list[tuple[str | None, ...]]:
    return [tuple(getattr(i, k) for k in KEYS) for i in form.indicators]


def want_rows(case: Case) -> list[tuple[str | None, ...]]:
    """Each row's fields as printed (level names, name, then the cells of `case.columns`)."""
    out = []
    for row in case.rows:
        values = dict(zip(("level1", "level2", "name", *case.columns), row, strict=True))
        out.append(tuple(values.get(k) or None for k in KEYS))
    return out


def check(case: Case, layout: str, *, funds: bool = True) -> Form:
    form = read(case, layout)
    assert (form.project_name, form.department, form.implementing_unit, form.year) == (
        "春季河道保洁", "某县水务局", "某县河道所", 2024)
    if funds:
        total = form.funds.rows[0]
        assert (total.source, total.initial, total.annual, total.executed, total.rate) == (
            "total", "50", "50", "40", "80%")
    assert (form.goals.expected, form.goals.actual) == (TARGET, DONE)
    assert indicators(form) == want_rows(case)
    return form


ALL = list(LAYOUTS)


@pytest.mark.parametrize("layout", ALL)
def test_national_form(layout: str) -> None:
    form = check(Case(), layout)
    assert (form.funds.weight, form.funds.rate, form.funds.score) == ("10", "80%", "8")
    assert (form.total.weight, form.total.score, form.grade) == ("100", "96", "优")


@pytest.mark.parametrize("layout", ALL)
def test_weight_before_the_target(layout: str) -> None:
    table = ["一级指标", "二级指标", "三级指标", "分值", "年度指标值", "实际完成值", "得分",
             "偏差原因分析及改进措施"]
    columns = ("weight", "target", "actual", "score", "note")
    check(Case(table=table, columns=columns, rows=rows_in(columns)), layout)


@pytest.mark.parametrize("layout", ALL)
def test_no_weight_column(layout: str) -> None:
    table = [c for c in TABLE if c != "分值"]
    columns = ("target", "actual", "score", "note")
    check(Case(table=table, columns=columns, rows=rows_in(columns)), layout)


@pytest.mark.parametrize("layout", ALL)
def test_no_score_column(layout: str) -> None:
    table = [c for c in TABLE if c != "得分"]
    columns = ("target", "actual", "weight", "note")
    case = Case(table=table, columns=columns, rows=rows_in(columns), tail=[["总分", "100"]])
    check(case, layout)


@pytest.mark.parametrize("layout", ALL)
def test_county_form_without_scoring_columns(layout: str) -> None:
    """Hunan county form: no 分值/得分 in the funds or the indicator table, no total."""
    funds = [["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "执行率"],
             ["年度资金总额", "50", "50", "40", "80%"],
             ["其中：当年财政拨款", "50", "50", "40", "80%"]]
    table = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值",
             "偏差原因分析及改进措施"]
    columns = ("target", "actual", "note")
    case = Case(funds=funds, table=table, columns=columns, rows=rows_in(columns),
                tail=[["项目负责人", "张三"]])
    check(case, layout)


@pytest.mark.parametrize("layout", ALL)
def test_other_provinces_captions(layout: str) -> None:
    header = [["政策(项目)名称", "春季河道保洁"],
              ["单位名称", "某县河道所", "填报日期", "2025年1月"],
              ["主管部门", "某县水务局", "实施单位", "某县河道所"]]
    funds = [["资金情况（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率",
              "得分"],
             ["年度资金总额", "50", "50", "40", "10", "80%", "8"],
             ["其中：中央、省补助", "30", "30", "24", "—", "80%", "—"],
             ["市级财政资金", "20", "20", "16", "—", "80%", "—"]]
    goals = [["年度总体目标", "年初设定目标", "全年实际完成情况"], ["", TARGET, DONE]]
    table = ["一级指标", "二级指标", "三级指标", "年度指标值", "全年实际值", "分值", "得分",
             "未完成原因及拟采取的改进措施"]
    rows = [*ROWS[:1], ("产出指标", "进度指标", "保洁按期完成率", "100%", "100%", "30", "30", ""),
            *ROWS[2:]]
    case = Case(header=header, funds=funds, goals=goals, table=table, rows=rows,
                tail=[["总分", "100", "96"], ["项目负责人及电话", "张三 13800000000"]])
    form = check(case, layout)
    assert [(r.source, r.annual) for r in form.funds.rows] == [
        ("total", "50"), ("fiscal", "30"), ("fiscal", "20")]


@pytest.mark.parametrize("layout", ALL)
def test_hebei_system_export(layout: str) -> None:
    """权重占比 is the weight, 单项指标折算得分 the score; 单项指标得分 (0–100) is not read."""
    table = ["一级指标", "二级指标", "三级指标", "年度指标值", "全年实际值", "权重占比",
             "单项指标得分", "单项指标折算得分", "偏差原因"]
    rows = [(*r[:6], str(int(r[6]) * 100 // int(r[5])), r[6], r[7]) for r in ROWS]
    case = Case(table=table, rows=rows,
                columns=("target", "actual", "weight", "raw", "score", "note"))
    check(case, layout)


@pytest.mark.parametrize("layout", ALL)
def test_department_form_columns(layout: str) -> None:
    """Chongqing 部门整体: 计量单位, 指标性质, 得分系数 and 是否核心指标 beside the values."""
    table = ["一级指标", "二级指标", "指标名称", "计量单位", "指标性质", "年度指标值", "全年完成值",
             "得分系数(%)", "指标权重(分)", "指标得分(分)", "是否核心指标"]
    rows = [("产出指标", "数量指标", "组织宣传活动次数", "次", "定量指标", "40次", "43次", "100%",
             "10", "10", "是"),
            ("产出指标", "质量指标", "稿件合格率", "%", "定量指标", "95%", "96%", "100%", "20",
             "20", "否")]
    case = Case(table=table, rows=rows, title="某中心2024年度部门整体绩效自评表",
                columns=("unit", "op", "target", "actual", "coef", "weight", "score", "flag"))
    form = read(case, layout)
    assert indicators(form) == want_rows(case)


@pytest.mark.parametrize("layout", ALL)
def test_template_placeholders_are_no_rows(layout: str) -> None:
    rows = [*ROWS[:1], ("产出指标", "数量指标", "指标2", "", "", "", "", ""),
            ("产出指标", "数量指标", "……", "(≥**人)", "", "", "", ""), *ROWS[1:]]
    form = read(replace(Case(), rows=rows), layout)
    assert [i.name for i in form.indicators] == [r[2] for r in ROWS]


@pytest.mark.parametrize("layout", ALL)
def test_bare_number_actual(layout: str) -> None:
    rows = [("产出指标", "数量指标", "保洁河段数", "≥50个", "50", "30", "30", ""), *ROWS[1:]]
    check(replace(Case(), rows=rows), layout)


# ---------------------------------------------------------------- the arithmetic behind them


def test_bare_actual_is_a_fallback_of_the_target_s_order() -> None:
    """`≥50个50`: the unit printed once; read only where no reading with units gets through,
    and only an actual of the target's order (50, not 5030 with 分值 3 and 得分 0)."""
    columns = ["target", "actual", "weight", "score"]
    (row,) = split_row("保洁河段数≥50个503030", columns)
    assert (row.bare, dict(row.values)) == (True, {"target": "≥50个", "actual": "50",
                                                   "weight": "30", "score": "30"})
    (row,) = split_row("保洁河道长度≥20公里21公里3030", columns)
    assert not row.bare and row.get("actual") == "21公里"


def test_a_whole_zero_rate_is_nothing_spent() -> None:
    assert not rate_agrees("5040", "8", "0%")
    assert rate_agrees("5040", "0", "0%")
    assert rate_agrees("200.00", "0.01", "0.00%")  # rounded to its printed digits


def test_county_funds_run_without_scoring_columns_has_one_reading() -> None:
    assert split_funds("50504080%", ["initial", "annual", "executed", "rate"]) == [
        {"initial": "50", "annual": "50", "executed": "40", "rate": "80%"}]


HUBEI = [
    ["某县2024年度项目支出绩效自评表"],
    ["项目名称", "春季河道保洁", "主管部门", "某县水务局", "项目实施单位", "某县河道所"],
    ["预算执行情况(万元)(20分)", "预算数(A)", "执行数(B)", "执行率(B/A)", "得分(20分*执行率)"],
    ["年度财政资金总额", "50", "40", "80%", "16"],
    ["年度绩效目标(80分)", "一级指标", "二级指标", "三级指标", "年初目标值(A)", "实际完成值(B)",
     "得分"],
    ["产出指标(60分)", "数量指标", "保洁河道长度", "≥20公里", "21公里", "30"],
    ["", "质量指标", "保洁合格率", "≥95%", "96%", "30"],
    ["效益指标(20分)", "社会效益指标", "河道环境改善", "明显改善", "明显改善", "18"],
    ["总分(100分)", "94", "自评等级", "优"],
]


@pytest.mark.parametrize("layout", ALL)
def test_hubei_one_score_per_row_and_no_weight(layout: str) -> None:
    """Hubei 20/80: the funds item's points in its caption, one 得分 per row and no 分值."""
    results = read_bytes(LAYOUTS[layout](HUBEI).encode(), "form.txt")
    form = results[0].form
    assert (form.project_name, form.department, form.implementing_unit) == (
        "春季河道保洁", "某县水务局", "某县河道所")
    assert (form.funds.weight, form.funds.rate, form.funds.score) == ("20", "80%", "16")
    total = form.funds.rows[0]
    assert (total.annual, total.executed, total.rate) == ("50", "40", "80%")
    assert [(i.level1, i.name, i.target, i.actual, i.weight, i.score)
            for i in form.indicators] == [
        ("产出指标", "保洁河道长度", "≥20公里", "21公里", None, "30"),
        ("产出指标", "保洁合格率", "≥95%", "96%", None, "30"),
        ("效益指标", "河道环境改善", "明显改善", "明显改善", None, "18")]
    assert (form.total.score, form.grade) == ("94", "优")


@pytest.mark.parametrize("layout", ALL)
def test_captions_wrapped_and_split_by_spaces(layout: str) -> None:
    """`年初\\n预算数` wrapped in its cell, `产出 指标 (60分 )` and `年度总 体目标` spaced."""
    funds = [["项目资金\n（万元）", "年初\n预算数", "全年\n预算数", "全年\n执行数", "分值",
              "执行率", "得分"],
             ["年度资金\n总额", "50", "50", "40", "10", "80%", "8"],
             ["其中：当年财政\n拨款", "50", "50", "40", "—", "80%", "—"]]
    goals = [["年度总 体目标", "预期目标", "实际完成情况"], ["", TARGET, DONE]]
    table = ["一级\n指标", "二级\n指标", "三级指标", "年度\n指标值", "实际\n完成值", "分值", "得分",
             "偏差原因分析\n及改进措施"]
    rows = [(f"{r[0][:2]} {r[0][2:]} ({points}分 )", *r[1:])
            for r, points in zip(ROWS, (60, 60, 20, 10), strict=True)]
    case = Case(funds=funds, goals=goals, table=table, rows=rows)
    if layout == "glued":
        case = Case(funds=[[c.replace("\n", "") for c in r] for r in funds], goals=goals,
                    table=[c.replace("\n", "") for c in table], rows=rows)
    form = read(case, layout)
    assert (form.funds.weight, form.funds.rate, form.funds.score) == ("10", "80%", "8")
    assert (form.goals.expected, form.goals.actual) == (TARGET, DONE)
    assert [(i.level1, i.name, i.target, i.actual, i.weight, i.score)
            for i in form.indicators] == [("产出指标", *r[2:7]) for r in ROWS[:2]] + [
        ("效益指标", *ROWS[2][2:7]), ("满意度指标", *ROWS[3][2:7])]


def test_a_row_read_in_full_is_not_disputed_by_its_neighbours_fallback() -> None:
    """`相关性2一按照标准管理2` splits in full (分值 2 | 一 | 按照标准管理 | 得分 2); the rows after
    it print one text for target and actual, read as a fallback (left unsplit). That they
    need one does not make the first row's full reading one of two."""
    run = "相关性2一按照标准管理2可行性2实际工作需求2适当性2有资金测算标准2"
    first, *rest = read_rows(run, ["weight", "target", "actual", "score"], "6")
    assert first.row is not None and not first.disputed
    assert dict(first.row.values) == {"weight": "2", "target": "一", "actual": "按照标准管理",
                                      "score": "2"}
    assert [(s.row.name, s.row.joined) for s in rest if s.row] == [("可行性", True),
                                                                   ("适当性", True)]


ADJUSTED = "保障中心正常运转，有效承担新闻宣传工作。"
REPORT = "中心2024年较好地完成了履职任务，开展宣传活动43次。"
DEPARTMENT = [
    ["某中心2024年度部门整体绩效自评表"],
    ["主管部门", "某区委宣传部", "自评总分(分)", "96"],
    ["部门预算执行情况(万元)", "年初预算数", "全年(调整)预算数", "全年执行数", "执行率(%)",
     "执行率权重", "执行率得分(分)"],
    ["", "500", "520", "468", "90%", "10", "9"],
    ["当年绩效目标", "年初绩效目标", "全年(调整)绩效目标", "全年目标实际完成情况"],
    ["", "无", ADJUSTED, REPORT],
    ["一级指标", "二级指标", "指标名称", "计量单位", "指标性质", "年初指标值", "全年完成值",
     "得分系数(%)", "指标权重(分)", "指标得分(分)", "是否核心指标"],
    ["产出指标", "数量指标", "组织宣传活动次数", "次", "定量指标", "40次", "43次", "100%", "10",
     "10", "是"],
    ["", "质量指标", "稿件合格率", "%", "定量指标", "95%", "96%", "100%", "20", "20", "否"],
]


@pytest.mark.parametrize("layout", ALL)
def test_department_form_whole(layout: str) -> None:
    """部门整体: no 项目名称, the execution item in its own columns, three goal columns, the
    indicator table with 计量单位 / 指标性质 / 得分系数 / 是否核心指标."""
    form = read_bytes(LAYOUTS[layout](DEPARTMENT).encode(), "form.txt")[0].form
    assert (form.kind, form.year, form.department) == ("department", 2024, "某区委宣传部")
    assert (form.funds.weight, form.funds.rate, form.funds.score) == ("10", "90%", "9")
    total = form.funds.rows[0]
    assert (total.initial, total.annual, total.executed) == ("500", "520", "468")
    assert (form.goals.expected, form.goals.actual) == (ADJUSTED, REPORT)
    assert [(i.name, i.target, i.actual, i.weight, i.score) for i in form.indicators] == [
        ("组织宣传活动次数", "40次", "43次", "10", "10"),
        ("稿件合格率", "95%", "96%", "20", "20")]
    assert form.total.score == "96"


@pytest.mark.parametrize("layout", ["padded", "one_per_line"])
def test_rows_of_a_group_one_after_another(layout: str) -> None:
    """Rows under one 二级 name, one with a 偏差原因 and others without: with one cell per line
    the empty note cells are gone, and the next row's name is no note. (Glued, a note runs
    into the next name with nothing to tell them apart: said by JX031, not read.)"""
    rows = [("产出指标", "数量指标", "保洁河道长度", "≥20公里", "21公里", "20", "20", ""),
            ("产出指标", "", "清运垃圾量", "≥30吨", "28吨", "10", "9", "汛期运力不足"),
            ("产出指标", "", "设置垃圾桶数", "≥50个", "50个", "10", "10", ""),
            ("产出指标", "质量指标", "保洁合格率", "≥95%", "96%", "20", "20", ""),
            *ROWS[2:]]
    form = read(Case(rows=rows), layout)
    assert [(i.name, i.target, i.actual, i.weight, i.score, i.note)
            for i in form.indicators] == [(*r[2:7], r[7] or None) for r in rows]


@pytest.mark.parametrize("layout", ["padded", "one_per_line"])
def test_name_and_note_wrapped_over_lines(layout: str) -> None:
    """A 三级指标 and a 偏差原因 each on two lines of its cell: one line per cell in the
    one-cell-per-line text, joined back."""
    rows = [("产出指标", "数量指标", "保洁河道\n长度", "≥20公里", "21公里", "30", "30", ""),
            ROWS[1],
            ("效益指标", "社会效益指标", "河道环境改善", "明显改善", "明显改善", "20", "18",
             "个别河段\n反复出现"),
            ROWS[3]]
    form = read(Case(rows=rows), layout)
    assert [(i.name, i.target, i.actual, i.weight, i.score, i.note)
            for i in form.indicators] == [
        (r[2].replace("\n", ""), *r[3:7], r[7].replace("\n", "") or None) for r in rows]


@pytest.mark.parametrize("layout", ALL)
def test_amounts_grouped_by_thousands(layout: str) -> None:
    """`1,200.00`: the amounts of a large project print their thousands (kept as printed); glued,
    the groups of three digits help tell where one amount ends."""
    funds = [["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率",
              "得分"],
             ["年度资金总额", "1,200.00", "1,250.00", "1,125.00", "10", "90.00%", "9"],
             ["其中：当年财政拨款", "1,200.00", "1,250.00", "1,125.00", "—", "90.00%", "—"]]
    form = read(Case(funds=funds), layout)
    assert (form.funds.weight, form.funds.rate, form.funds.score) == ("10", "90.00%", "9")
    assert [(r.source, r.initial, r.annual, r.executed, r.rate) for r in form.funds.rows] == [
        (source, "1,200.00", "1,250.00", "1,125.00", "90.00%") for source in ("total", "fiscal")]


def test_grouped_numbers() -> None:
    assert printed_number("1,234.56") == Decimal("1234.56")
    assert printed_number("12,34.5") is None and printed_number("0,123") is None


def test_glued_note_ending_a_sentence_is_cut_from_the_next_name() -> None:
    """Glued, a 偏差原因 runs into the next row's name; where it ends a sentence (`。`), the
    cut is there (a 三级指标 prints no sentence's end)."""
    rows = [("产出指标", "数量指标", "保洁河道长度", "≥20公里", "21公里", "20", "20", ""),
            ("产出指标", "", "清运垃圾量", "≥30吨", "28吨", "10", "9", "汛期运力不足。"),
            ("产出指标", "", "设置垃圾桶数", "≥50个", "50个", "10", "10", ""),
            ("产出指标", "质量指标", "保洁合格率", "≥95%", "96%", "20", "20", ""),
            *ROWS[2:]]
    form = read(Case(rows=rows), "glued")
    assert [(i.name, i.note) for i in form.indicators] == [(r[2], r[7] or None) for r in rows]


SPLIT_TABLES = {
    "sichuan": (["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "实际完成值",
                 "分值", "得分", "偏差原因分析及改进措施"],
                [("≥", "20", "公里", "21"), ("≥", "95", "%", "96"),
                 ("定性", "明显改善", "", "明显改善"), ("≥", "90", "%", "93")]),
    "unit_column": (["一级指标", "二级指标", "三级指标", "计量单位", "年度指标值", "实际完成值",
                     "分值", "得分", "偏差原因分析及改进措施"],
                    [("公里", "≥20", "21"), ("%", "≥95", "96"), ("", "明显改善", "明显改善"),
                     ("%", "≥90", "93")]),
}


@pytest.mark.parametrize("layout", ALL)
@pytest.mark.parametrize("table", list(SPLIT_TABLES))
def test_target_split_over_columns(layout: str, table: str) -> None:
    """指标性质 | 指标值 | 度量单位 (Sichuan), or a 计量单位 column before the target: the value
    in words has no unit (its cell blank, gone in one cell per line), a bare actual."""
    header, values = SPLIT_TABLES[table]
    groups = ("数量指标(30分)", "质量指标(30分)", "社会效益指标(20分)", "服务对象满意度指标(10分)")
    rows = [(r[0], group, r[2], *cells, *r[5:8])
            for r, group, cells in zip(ROWS, groups, values, strict=True)]
    form = read(Case(table=header, rows=rows), layout)
    want = [("保洁河道长度", "≥20公里", "21", "30", "30", None),
            ("保洁合格率", "≥95%", "96", "30", "30", None),
            ("河道环境改善", "明显改善", "明显改善", "20", "18", "个别河段反复"),
            ("群众满意度", "≥90%", "93", "10", "10", None)]
    if (table, layout) == ("unit_column", "glued"):
        # `公里≥20213030`: ≥20 | 21 or ≥202 | 1 (分值 30, 得分 30 both ways): bare numbers on
        # both sides of a glued cut, which the arithmetic cannot decide — left unread, said
        want = [(n, None, None, w, sc, note) if t[0] == "≥" else (n, t, a, w, sc, note)
                for n, t, a, w, sc, note in want]
    assert [(i.name, i.target, i.actual, i.weight, i.score, i.note)
            for i in form.indicators] == want


@pytest.mark.parametrize("layout", ALL)
@pytest.mark.parametrize("captions", [("合计", "财政资金", "其他资金"),
                                      ("资金总额", "财政拨款", "其他资金")])
def test_funds_by_source_column(layout: str, captions: tuple[str, str, str]) -> None:
    """A 资金来源 column whose rows are 合计 / 财政资金 (or 财政拨款) / 其他资金."""
    funds = [["资金来源（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率",
              "得分"],
             [captions[0], "50", "50", "40", "10", "80%", "8"],
             [captions[1], "40", "40", "32", "—", "80%", "—"],
             [captions[2], "10", "10", "8", "—", "80%", "—"]]
    form = read(Case(funds=funds), layout)
    assert (form.funds.weight, form.funds.rate, form.funds.score) == ("10", "80%", "8")
    assert [(r.source, r.annual, r.executed) for r in form.funds.rows] == [
        ("total", "50", "40"), ("fiscal", "40", "32"), ("other", "10", "8")]


@pytest.mark.parametrize("layout", ALL)
@pytest.mark.parametrize("caption", ["合计", "总分", "合计得分"])
def test_total_row_captions(layout: str, caption: str) -> None:
    """The total row captioned 合计 (also a funds row's caption) after the indicator table."""
    form = read(Case(tail=[[caption, "100", "96"], ["评分等级", "优"]]), layout)
    assert (form.total.weight, form.total.score, form.grade) == ("100", "96", "优")
    assert len(form.indicators) == len(ROWS)


def test_glued_header_shorter_than_a_caption_it_is_searched_for() -> None:
    """Two characters before the funds caption: too short to hold a damaged 政策(项目)名称 (the
    search bound would go negative and count from the text's end, where 政策 stands)."""
    text = ("50项目资金（万元）年初预算数全年预算数全年执行数分值执行率得分年度资金总额"
            "5050401080%8一级指标二级指标三级指标年度指标值实际完成值分值得分产出指标数量指标"
            "保洁河道长度≥20公里21公里100100总分100100政策依据文件")
    form = read_glued(text)[0].form
    assert [(i.name, i.weight) for i in form.indicators] == [("保洁河道长度", "100")]


_PIECES = ["项目名称", "主管部门", "项目资金（万元）", "年初预算数", "全年预算数", "全年执行数",
           "分值", "执行率", "得分", "年度资金总额", "其中：当年财政拨款", "合计", "年度总体目标",
           "预期目标", "实际完成情况", "年初绩效目标", "全年(调整)绩效目标", "无", "—", "一级指标",
           "二级指标", "三级指标", "年度指标值", "实际完成值", "偏差原因分析及改进措施", "产出指标",
           "数量指标(30分)", "总分", "评分等级", "优", "50", "80%", "1,200.00", "10", "≥20公里",
           "21", "明显改善", "本项目已完成。", "完成保洁。", "得分系数(%)", "是否核心指标", "是",
           "计量单位", "指标性质", "定量指标", "单项指标得分", "总体完成率", "0%", "IO", "指标2",
           "……", "自评总分(分)", "部门整体绩效自评表"]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=3, max_size=80), st.sampled_from(ALL))
def test_any_mix_of_captions_and_values_reads_or_is_refused(pieces: list[str], layout: str
                                                            ) -> None:
    """Captions and values in any order, in every text layout: forms or a refusal in Chinese,
    never an exception from inside a reader."""
    rows = [pieces[i:i + 6] for i in range(0, len(pieces), 6)]
    try:
        read_bytes(LAYOUTS[layout](rows).encode(), "form.txt")
    except UnreadableInput as refusal:
        assert "form.txt" in str(refusal)
