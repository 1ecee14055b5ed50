"""The 年度总体目标 block as a PDF's text layer prints it, read by the line layout through the
shared goals part (`parts.goals`): the cells side by side, each line a piece of every column
still going on (two columns, a department form's three, a cell holding 无 or nothing), or the
texts one after the other, or one run for all the columns."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.core.model import Goals
from jixiao.readers.parts.goals import GoalColumn
from jixiao.readers.text_lines import read_lines
from jixiao.readers.text_lines_goals import goal_columns, side_by_side
from jixiao.readers.vocabulary import compact

S, J, A = GoalColumn.INITIAL, GoalColumn.ADJUSTED, GoalColumn.ACTUAL

TARGET = "完成河道保洁20公里，清运垃圾30吨，保障河道整洁。"
DONE = "本项目已完成保洁21公里，清运垃圾28吨，河道整洁，群众满意度较上年有所提高。"
ADJUSTED = "保障中心正常运转，有效承担新闻宣传工作。"
REPORT = "中心2024年较好地完成了履职任务，开展宣传活动43次，播发稿件2859篇。"
TWO = "年度总体目标 预期目标 实际完成情况"
THREE = "当年绩效目标 年初绩效目标 全年(调整)绩效目标 全年目标实际完成情况"


def form_text(goal_lines: Sequence[str], title: str = "某县项目支出绩效自评表（2024年度）") -> str:
    return "\n".join([
        title,
        "项目名称 春季河道保洁 主管部门 某县水务局 实施单位 某县河道所",
        "项目资金（万元） 年初预算数 全年预算数 全年执行数 分值 执行率 得分",
        "年度资金总额 50 50 40 10 80% 8",
        *goal_lines,
        "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分",
        "产出指标 数量指标 保洁河道长度 ≥20公里 21公里 90 90",
        "总分 100 98",
    ]) + "\n"


def wrapped(text: str, width: int) -> list[str]:
    return [text[i:i + width] for i in range(0, len(text), width)]


def side_by_side_lines(texts: Sequence[str], width: int) -> list[str]:
    """Each cell wrapped at `width` characters, line k printing the k-th piece of every cell
    that has one (an empty cell prints nothing), as a PDF's text layer gives a table row."""
    pieces = [wrapped(t, width) if t else [] for t in texts]
    depth = max(len(p) for p in pieces)
    return [" ".join(p[k] for p in pieces if k < len(p)) for k in range(depth)]


def goals(goal_lines: Sequence[str], title: str | None = None) -> Goals:
    """The goals read, spaces dropped (a number wrapped between two lines keeps a space, as
    form-json.md joins Latin and digits)."""
    results = read_lines(form_text(goal_lines, *([title] if title else [])))
    assert len(results) == 1
    form = results[0].form
    assert form.indicators[0].name == "保洁河道长度"
    g = form.goals
    return Goals(g.expected and compact(g.expected), g.actual and compact(g.actual))


@pytest.mark.parametrize("width", [6, 9, 14, 40])
@pytest.mark.parametrize(("target", "done"), [(TARGET, DONE), (DONE.replace("本项目已", "计划"),
                                                               "已完成。")])
def test_two_columns_wrapping_side_by_side(width: int, target: str, done: str) -> None:
    lines = [TWO, *side_by_side_lines([target, done], width)]
    assert goals(lines) == Goals(target, done)


@pytest.mark.parametrize("width", [7, 12, 50])
@pytest.mark.parametrize(("cells", "want"), [
    (["无", ADJUSTED, REPORT], Goals(ADJUSTED, REPORT)),
    (["", ADJUSTED, REPORT], Goals(ADJUSTED, REPORT)),  # the initial cell left blank
    ([TARGET, "无", REPORT], Goals(TARGET, REPORT)),
    ([ADJUSTED, ADJUSTED, REPORT], Goals(ADJUSTED, REPORT)),
])
def test_department_three_columns(width: int, cells: list[str], want: Goals) -> None:
    lines = [THREE, *side_by_side_lines(cells, width)]
    assert goals(lines, "某中心2024年度部门整体绩效自评表") == want


@pytest.mark.parametrize("width", [8, 40])
def test_actual_cell_holding_nothing(width: int) -> None:
    assert goals([TWO, *side_by_side_lines([TARGET, "无"], width)]) == Goals(TARGET, "无")


def test_texts_one_after_the_other_under_captions_side_by_side() -> None:
    """An extractor that reads each cell's text box whole prints the target, then the report."""
    assert goals([TWO, *wrapped(TARGET, 12), *wrapped(DONE, 12)]) == Goals(TARGET, DONE)


def test_one_run_for_both_columns_is_cut_where_the_report_opens() -> None:
    results = read_lines(form_text([TWO, TARGET + DONE]))
    assert results[0].form.goals == Goals(TARGET, DONE)
    assert [f.code for f in results[0].findings if f.code.startswith("JX02")] == ["JX022"]


def test_department_run_with_an_empty_cell_mark() -> None:
    lines = [THREE, "无" + ADJUSTED + REPORT]
    assert goals(lines, "某中心2024年度部门整体绩效自评表") == Goals(ADJUSTED, REPORT)


@pytest.mark.parametrize("caption", ["年度总体目标", "年度 总体 目标"])
def test_same_goal_printed_in_both_cells(caption: str) -> None:
    """A block caption without column captions, and the goal printed twice on one line: the
    goal was reached as set, target and report alike."""
    assert goals([caption, "国家基本公共卫生服务 国家基本公共卫生服务"]) == Goals(
        "国家基本公共卫生服务", "国家基本公共卫生服务")


def test_undecided_run_is_the_expected_and_said() -> None:
    results = read_lines(form_text([TWO, "完成河道保洁。保洁到位。"]))
    assert results[0].form.goals == Goals("完成河道保洁。保洁到位。", None)
    assert any(f.code == "JX021" for f in results[0].findings)


def test_goal_columns_from_caption_lines() -> None:
    assert goal_columns((TWO,)) == ((S, A), True)
    assert goal_columns((THREE,)) == ((S, J, A), True)
    assert goal_columns(("目标完成情况 年度预期目标 具体完成情况 总体完成率(%)",)) == ((S, A), True)
    assert goal_columns(("年度总体目标", "预期目标", "实际完成情况")) == ((S, A), False)
    assert goal_columns(("年度总体目标",)) == ((S, A), False)  # none named: the national two


def test_a_line_fitting_no_columns_is_no_side_by_side() -> None:
    assert side_by_side(["完成保洁。 本项目已 完成 保洁。"], (S, A)) is None
    assert side_by_side(["完成河道保洁，", "本项目已完成保洁。"], (S, A)) is None


_CLAUSES = st.lists(st.text(alphabet="保洁河道垃圾清运群众满意乡村道路养护培训教师", min_size=2,
                            max_size=10), min_size=1, max_size=4)


@settings(max_examples=60, deadline=None)
@given(_CLAUSES, _CLAUSES, st.integers(min_value=3, max_value=30), st.booleans())
def test_goals_side_by_side_read_back(target: list[str], done: list[str], width: int,
                                      department: bool) -> None:
    """Any target and report (sentences without a mark inside), wrapped at any width and
    printed side by side in two columns or three (年初 无), read back as printed."""
    expected = "，".join(target) + "。"
    actual = "本项目已" + "，".join(done) + "。"
    cells = ["无", expected, actual] if department else [expected, actual]
    lines = [THREE if department else TWO, *side_by_side_lines(cells, width)]
    assert goals(lines) == Goals(expected, actual)


def test_a_column_ended_is_no_longer_printed() -> None:
    """Both texts end a sentence on the second line and one goes on: the longer report does;
    a piece after a text whose sentence goes on is that text's."""
    lines = [TWO, "完成河道保洁， 本项目已完成保洁，", "清运垃圾。 河道整洁。", "群众满意。"]
    assert goals(lines) == Goals("完成河道保洁，清运垃圾。",
                                 "本项目已完成保洁，河道整洁。群众满意。")
    lines = [TWO, "完成河道保洁， 本项目已完成保洁。", "清运垃圾。"]
    assert goals(lines) == Goals("完成河道保洁，清运垃圾。", "本项目已完成保洁。")


def test_a_space_inside_the_target_is_no_column_edge() -> None:
    """PDF text sets a number apart (`完成道路 300公里。`): the report opening on the next line
    shows the texts stand one after the other."""
    lines = [TWO, "完成道路养护 300公里。", "本项目已完成道路养护 302公里。"]
    assert goals(lines) == Goals("完成道路养护300公里。", "本项目已完成道路养护302公里。")


T1, T2 = "完成河道保洁20公里，", "清运垃圾30吨。"
D1, D2 = "本项目已完成保洁21公里，", "清运垃圾28吨。"


@pytest.mark.parametrize("lines", [
    # the merged block caption's lines set before the rows of texts beside it
    ["预期目标 实际完成情况", f"年度 {T1} {D1}", f"总体 {T2} {D2}", "目标"],
    ["年度 预期目标 实际完成情况", f"总体 {T1} {D1}", f"目标 {T2} {D2}"],
    [f"年度总体目标 {T1}{T2} {D1}{D2}"],  # the block caption before both texts on its line
    [f"预期目标 {T1}", T2, f"实际完成情况 {D1}", D2],  # each caption before its text
], ids=["pieces-lead", "pieces-after-captions", "block-caption-on-the-line", "captioned"])
def test_captions_printed_before_the_texts(lines: list[str]) -> None:
    assert goals(lines) == Goals(T1 + T2, D1 + D2)
