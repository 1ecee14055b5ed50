"""The 年度总体目标 block in its real variants (`parts.goals`), read in every text layout this
part serves: a cell stream (`|`-padded, one cell per line) and a form glued into one string.

Two columns (预期目标 | 实际完成情况, 年初设定目标 | 全年实际完成情况), a department form's three
(年初绩效目标 | 全年(调整)绩效目标 | 全年目标实际完成情况) with a cell holding 无, the block's
caption wrapped or split by spaces, and one run of text for several columns."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.core.model import Goals
from jixiao.readers.glued import read_glued
from jixiao.readers.parts.goals import (
    GoalColumn,
    goal_column,
    goals_of,
    split_run,
)
from jixiao.readers.text import read_text
from jixiao.readers.text_cells import read_cells

Row = Sequence[str]
S, A, J = GoalColumn.INITIAL, GoalColumn.ACTUAL, GoalColumn.ADJUSTED

TARGET = "完成河道保洁20公里，清运垃圾30吨。"
DONE = "本项目已完成保洁21公里，清运垃圾28吨。"


def form_rows(goal_rows: Sequence[Row], title: str = "某县项目支出绩效自评表（2024年度）"
              ) -> list[Row]:
    return [
        [title],
        ["项目名称", "春季河道保洁", "主管部门", "某县水务局", "实施单位", "某县河道所"],
        ["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        ["年度资金总额", "50", "50", "40", "10", "80%", "8"],
        *goal_rows,
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
        ["产出指标", "数量指标", "保洁河道长度", "≥20公里", "21公里", "90", "90"],
        ["总分", "100", "98"],
    ]


def padded(rows: Sequence[Row]) -> str:
    """Cells terminated by `|`, each row padded with pipes (a web table copied as text)."""
    return "\n".join(" | ".join(r) + " | ||||" for r in rows) + "\n"


def one_per_line(rows: Sequence[Row]) -> str:
    """One cell per line, a cell's wrapped text on its own lines."""
    return "\n".join(c for r in rows for c in r if c) + "\n"


def glued(rows: Sequence[Row]) -> str:
    """The whole form as one string without separators."""
    return "".join(c.replace("\n", "") for r in rows for c in r)


LAYOUTS = {
    "padded": lambda rows: read_cells(padded(rows))[0],
    "one_per_line": lambda rows: read_cells(one_per_line(rows))[0],
    "glued": lambda rows: read_glued(glued(rows))[0],
}

TWO_COLUMNS = [
    (["年度总体目标", "预期目标", "实际完成情况"], ["", TARGET, DONE]),
    (["年度总体目标", "年初设定目标", "全年实际完成情况"], ["", TARGET, DONE]),
    (["年度总 体目标", "预期目标", "实际完成情况"], ["", TARGET, DONE]),
    (["年度总\n体目标", "年初绩效目标", "全年目标实际完成情况"], ["", TARGET, DONE]),
]


@pytest.mark.parametrize("layout", list(LAYOUTS))
@pytest.mark.parametrize(("captions", "texts"), TWO_COLUMNS)
def test_two_columns_read_apart(layout: str, captions: Row, texts: Row) -> None:
    result = LAYOUTS[layout](form_rows([captions, texts]))
    assert result.form.goals == Goals(TARGET, DONE)
    assert result.form.indicators[0].name == "保洁河道长度"


DEPARTMENT_CAPTIONS = ["当年绩效目标", "年初绩效目标", "全年(调整)绩效目标", "全年目标实际完成情况"]
ADJUSTED = "保障中心正常运转，有效承担新闻宣传工作。"
REPORT = "中心2024年较好地完成了履职任务，开展宣传活动43次。"


@pytest.mark.parametrize("layout", list(LAYOUTS))
@pytest.mark.parametrize(("initial", "adjusted", "want"), [
    ("无", ADJUSTED, ADJUSTED),  # nothing set at the start of the year: the adjusted target
    (TARGET, "无", TARGET),  # not adjusted: the initial target
    (ADJUSTED, ADJUSTED, ADJUSTED),  # printed twice alike
])
def test_department_three_columns(layout: str, initial: str, adjusted: str, want: str) -> None:
    rows = form_rows([DEPARTMENT_CAPTIONS, ["", initial, adjusted, REPORT]],
                     title="某中心2024年度部门整体绩效自评表")
    assert LAYOUTS[layout](rows).form.goals == Goals(want, REPORT)


def test_glued_department_goals_say_where_they_were_cut() -> None:
    rows = form_rows([DEPARTMENT_CAPTIONS, ["", "无", ADJUSTED, REPORT]],
                     title="某中心2024年度部门整体绩效自评表")
    result = read_glued(glued(rows))[0]
    (cut,) = [f for f in result.findings if f.code == "JX022"]
    assert "「无」" in cut.message and "「中心2024年较好地完成…」" in cut.message
    assert not any(f.code == "JX021" for f in result.findings)


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_actual_cell_holding_nothing(layout: str) -> None:
    result = LAYOUTS[layout](form_rows([["年度总体目标", "预期目标", "实际完成情况"],
                                        ["", TARGET, "无"]]))
    assert result.form.goals == Goals(TARGET, "无")


@pytest.mark.parametrize("layout", ["padded", "one_per_line"])
def test_captions_each_before_their_text(layout: str) -> None:
    rows = form_rows([["预期目标", TARGET], ["实际完成情况", DONE]])
    assert LAYOUTS[layout](rows).form.goals == Goals(TARGET, DONE)


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_ocr_debris_is_no_goal(layout: str) -> None:
    rows = form_rows([["年度总体目标", "年初设定目标", TARGET],
                      ["年度总体目标完成情况", "公,4"]])
    assert LAYOUTS[layout](rows).form.goals == Goals(TARGET, None)


def test_one_cell_for_both_goals_is_cut_and_said() -> None:
    text = padded(form_rows([["年度总体目标", "预期目标", "实际完成情况"], ["", TARGET + DONE]]))
    result = read_text(text)[0]
    assert result.form.goals == Goals(TARGET, DONE)
    assert any(f.code == "JX022" for f in result.findings)


# ---------------------------------------------------------------- the split itself


def test_goal_columns_from_captions() -> None:
    assert [goal_column(c) for c in ("预期目标", "年初设定目标", "全年实际完成情况",
                                     "年度总体目标完成情况综述", "年度总体目标")] == [
        S, S, A, A, None]
    assert goal_column("全年(调整)绩效目标") is J
    # a block caption opening the run of captions is the row's caption, not a column
    assert goal_column("全年（调整）绩效目标", first=True) is None


@pytest.mark.parametrize(("text", "columns", "want"), [
    ("完成保洁。已完成保洁。", [S, A], ("完成保洁。", "已完成保洁。")),
    ("1.完成保洁；2.清运垃圾。1.保洁完成；2.垃圾清运完成。", [S, A],
     ("1.完成保洁；2.清运垃圾。", "1.保洁完成；2.垃圾清运完成。")),
    ("为了河道整洁，完成保洁。河道保洁顺利完成，群众满意。", [S, A],
     ("为了河道整洁，完成保洁。", "河道保洁顺利完成，群众满意。")),
    ("无通过整合媒体营造氛围。中心2021年完成了任务。", [S, J, A],
     ("无", "通过整合媒体营造氛围。", "中心2021年完成了任务。")),
    ("保障运转。保障运转。运转正常，完成了任务。", [S, J, A],
     ("保障运转。", "保障运转。", "运转正常，完成了任务。")),
    ("完成保洁。无", [S, A], ("完成保洁。", "无")),
])
def test_split_run(text: str, columns: list[GoalColumn], want: tuple[str, ...]) -> None:
    split = split_run(text, columns)
    assert split is not None and split.texts == want


@pytest.mark.parametrize("text", [
    "完成保洁。保洁到位。",  # nothing says which sentence reports
    "无障碍设施建设完成了。",  # 无障碍 is a word, and nothing is left for the other column
])
def test_split_run_undecided(text: str) -> None:
    assert split_run(text, [S, A]) is None


def test_expected_is_the_last_target_that_says_something() -> None:
    assert goals_of([S, J, A], ["无", "保障运转", "运转正常"]) == ("保障运转", "运转正常")
    assert goals_of([S, J, A], ["完成保洁", "—", "保洁完成"]) == ("完成保洁", "保洁完成")
    assert goals_of([S, A], ["无", None]) == ("无", None)
    assert goals_of([S, A], ["完成保洁", "公,4"]) == ("完成保洁", None)  # OCR debris


_SENTENCES = st.lists(st.text(alphabet="保洁河道垃圾清运群众满意完成已了年为无—1。；，", min_size=1,
                              max_size=12), min_size=1, max_size=5)


@given(_SENTENCES, st.sampled_from([[S, A], [S, J, A]]))
def test_split_keeps_every_character_and_cuts_between_sentences(
        pieces: list[str], columns: list[GoalColumn]) -> None:
    text = "".join(pieces)
    split = split_run(text, columns)
    if split is None:
        return
    assert len(split.texts) == len(columns)
    assert "".join(t or "" for t in split.texts) == text
    for piece in split.texts[:-1]:
        assert not piece or piece[-1] in "。；无—"  # after a sentence or an empty cell's mark


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_goal_cells_wrapped_over_lines(layout: str) -> None:
    """A goal cell's text on several lines (a `<br>` in the page): one cell each."""
    target = "1.完成河道保洁20公里；\n2.清运垃圾30吨。"
    done = "1.已完成保洁21公里；\n2.清运垃圾28吨。"
    rows = form_rows([["年度总体目标", "预期目标", "实际完成情况"], ["", target, done]])
    assert LAYOUTS[layout](rows).form.goals == Goals(target.replace("\n", ""),
                                                     done.replace("\n", ""))


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_overall_rate_beside_the_goals(layout: str) -> None:
    """System exports print 总体完成率 beside the goal captions and a rate after the texts."""
    rows = form_rows([["年度总体目标", "预期目标", "实际完成情况", "总体完成率"],
                      ["", TARGET, DONE, "100%"]])
    assert LAYOUTS[layout](rows).form.goals == Goals(TARGET, DONE)


_CLAUSES = st.lists(st.text(alphabet="保洁河道垃圾清运群众满意乡村道路养护培训教师", min_size=2,
                            max_size=10), min_size=1, max_size=3)


@settings(max_examples=40, deadline=None)
@given(_CLAUSES, _CLAUSES, st.sampled_from(list(LAYOUTS)),
       st.sampled_from([*TWO_COLUMNS, (DEPARTMENT_CAPTIONS, None)]))
def test_goals_rendered_in_a_layout_read_back(target: list[str], done: list[str], layout: str,
                                               block: tuple[Row, Row | None]) -> None:
    """A target (sentences saying what is to be done) and a report (opening 本项目已…) read
    back apart in every layout, in two columns or a department form's three (年初 无)."""
    expected = "，".join(target) + "。"
    actual = "本项目已" + "，".join(done) + "。"
    captions, _ = block
    texts = ["", expected, actual] if len(captions) == 3 else ["", "无", expected, actual]
    assert LAYOUTS[layout](form_rows([captions, texts])).form.goals == Goals(expected, actual)


@pytest.mark.parametrize("layout", list(LAYOUTS))
@pytest.mark.parametrize(("block", "want"), [
    ([["年度总体目标", TARGET], ["年度总体目标完成情况综述", DONE]], Goals(TARGET, DONE)),
    ([["年度总体目标", TARGET], ["总体目标完成情况", DONE]], Goals(TARGET, DONE)),
    ([["年度总体目标", TARGET]], Goals(TARGET, None)),
    ([["年度总体目标完成情况", DONE]], Goals(None, DONE)),
])
def test_block_captions_each_with_its_text(layout: str, block: list[Row], want: Goals) -> None:
    """No 预期目标 / 实际完成情况 columns: 年度总体目标 prints the target after it, a caption
    naming the completion (…完成情况综述) the report; a target opening with 完成 keeps it
    (`年度总体目标完成` is also a caption wrapped off its 情况)."""
    assert LAYOUTS[layout](form_rows(block)).form.goals == want
