"""PDF text whose indicator cells wrap: a header whose captions wrap over two text lines and
runs on into the first row (glued text), a unit or number set apart from its value or wrapped
onto the next line, a name going on below its row. Small cases written for each cause."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.core.model import Indicator
from jixiao.readers.text_lines import read_lines
from jixiao.readers.text_lines_wrapped import (
    completes,
    continuation,
    join_units,
    scattered_levels,
    split_header,
)

TITLE = "2023年度项目支出绩效自评表\n项目名称 食堂改造\n"
FUNDS = "项目资金 (万元) 年初预算数 全年预算数 全年执行数 执行率\n年度资金总额 50 50 45 90%\n"
#: A header whose narrow cells wrap every caption, and its second text line of rests.
WRAPPED_HEAD = ("一级 二级 指标名称 年初指 年终完 自评 复核 评价标准\n"
                "指标 指标 (三级指标) 标值 成值 分 分\n")


def _words(text: str) -> list[str]:
    return text.split()


def _rows(table: str) -> list[Indicator]:
    results = read_lines(TITLE + FUNDS + table)
    assert len(results) == 1
    return list(results[0].form.indicators)


# ---------------------------------------------------------------- the header


def test_wrapped_captions_are_joined_to_the_pieces_they_complete() -> None:
    split = split_header(_words("一级 二级 年初指 年终完 自评 指标 指标 标值 成值 分"))
    assert set(split.captions) >= {"年初指标值", "年终完成值", "自评分"}
    assert split.end == 10


def test_a_caption_of_its_own_is_no_rest_of_a_piece_before_it() -> None:
    """`年度指 实际完 分值 得分` / `标值 成值`: 分值 is a column, not 年度指's rest."""
    head = ("一级 二级 指标名称 年度指 实际完 分值 得分 偏差原因\n"
            "指标 指标 (三级指标) 标值 成值\n")
    split = split_header(_words(head))
    assert {"分值", "得分", "年度指标值", "实际完成值"} <= set(split.captions)
    rows = _rows(head + "产出指标 数量指标 道路里程 300公里 300公里 20 18 工期延误\n")
    assert [(r.name, r.target, r.weight, r.score, r.note) for r in rows] == [
        ("道路里程", "300公里", "20", "18", "工期延误")]


def test_every_caption_wrapped_in_two_is_joined_in_order() -> None:
    """`年度 实际 分 得` / `指标值 完成值 值 分`: rests that are captions of their own
    (指标值, 完成值) still complete the pieces they continue, so 分 + 值 is the 分值 column."""
    head = ("一级 二级 三级 年度 实际 分 得 偏差原因\n"
            "指标 指标 指标 指标值 完成值 值 分 分析\n")
    assert {"年度指标值", "实际完成值", "分值", "得分"} <= set(split_header(_words(head)).captions)
    rows = _rows(head + "产出指标 数量指标 改造数量 3个 3个 20 18 延误\n")
    assert [(r.name, r.target, r.actual, r.weight, r.score) for r in rows] == [
        ("改造数量", "3个", "3个", "20", "18")]


def test_the_header_ends_where_a_row_begins() -> None:
    tokens = _words("三级指标 年度指标值 实际完成值 分值 得分 改造数量 3个 3个 20 20")
    assert split_header(tokens).end == 5
    # a short caption piece followed by a value is a row's name, not a piece
    assert split_header(_words("三级指标 得分 满意度 95%")).end == 2


def test_a_line_of_caption_fragments_under_the_header_is_no_row() -> None:
    rows = _rows("一级 二级 三级指标 年度指标值 实际完成值 分值 得分\n指标 指标\n"
                 "产出指标 数量指标 改造食堂数量 3个 3个 20 20\n")
    assert [(r.level1, r.level2, r.name) for r in rows] == [
        ("产出指标", "数量指标", "改造食堂数量")]


def test_a_header_glued_to_its_first_row_keeps_the_row() -> None:
    table = ("一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 "
             "产出指标 数量指标 改造食堂数量 3个 3个 20 20\n"
             "质量指标 验收合格率 100% 100% 20 18\n")
    rows = _rows(table)
    assert [(r.level1, r.level2, r.name, r.target, r.score) for r in rows] == [
        ("产出指标", "数量指标", "改造食堂数量", "3个", "20"),
        ("产出指标", "质量指标", "验收合格率", "100%", "18")]


def test_a_header_of_wrapped_captions_names_its_single_score_column() -> None:
    """自评 / 分 is the score column; no 分值 is printed: one number closes a row."""
    rows = _rows(WRAPPED_HEAD + "产出指标 数量指标 改造食堂数量 3个 3个 15\n"
                 "质量指标 验收合格率 100% 98% 12\n")
    assert [(r.name, r.target, r.actual, r.weight, r.score) for r in rows] == [
        ("改造食堂数量", "3个", "3个", None, "15"), ("验收合格率", "100%", "98%", None, "12")]


def test_a_wrapped_header_glued_to_its_first_row() -> None:
    head = WRAPPED_HEAD.replace("\n", " ")
    rows = _rows(head + "改造食堂数量 3个 3个 15 按完成比例计分\n")
    assert [(r.name, r.target, r.actual, r.score) for r in rows] == [
        ("改造食堂数量", "3个", "3个", "15")]


def test_without_a_note_column_the_words_after_the_score_are_no_note() -> None:
    """评价标准 is the last column: its rule is not the row's 偏差原因."""
    rows = _rows(WRAPPED_HEAD + "改造食堂数量 3个 3个 15 按完成比例计分\n")
    assert rows[0].note is None
    noted = _rows("三级指标 年度指标值 实际完成值 分值 得分 偏差原因\n"
                  "改造食堂数量 3个 3个 20 18 工期延误\n")
    assert noted[0].note == "工期延误"


# ---------------------------------------------------------------- wrapped values


@pytest.mark.parametrize(("tokens", "joined"), [
    (["300", "公", "300", "公", "15"], ["300公", "300公", "15"]),
    (["3", "个", "3", "个", "20", "20"], ["3个", "3个", "20", "20"]),
    (["15", "分"], ["15", "分"]),  # a group's points, no unit
    (["95%", "人"], ["95%", "人"]),
    (["≥", "95", "%", "96", "%", "10", "10"], ["≥", "95%", "96%", "10", "10"]),
    (["20", "好"], ["20", "好"]),  # a rating is no unit
])
def test_a_unit_set_apart_from_its_number_is_joined(tokens: list[str], joined: list[str]) -> None:
    assert join_units(tokens) == joined


@pytest.mark.parametrize(("value", "piece", "expected"), [
    ("300公", "里", True), ("300", "公里", True), ("95", "%", True), ("≥", "95%", True),
    ("300公里", "里", False), ("300公", "斤", False), ("95%", "%", False), ("≥", "人", False),
])
def test_what_completes_a_wrapped_value(value: str, piece: str, expected: bool) -> None:
    assert completes(value, piece) is expected


def test_the_rests_of_wrapped_cells_are_found_after_a_name_piece() -> None:
    found = continuation(["养护里程", "里", "里", "按比例计分"], ["300公", "300公"])
    assert found is not None
    assert (found.start, found.length, found.name, found.rests) == (0, 3, "养护里程", ("里", "里"))
    assert continuation(["养护里程", "里"], ["300公里", "300公里"]) is None


def test_a_unit_wrapped_onto_the_next_line_completes_its_values() -> None:
    rows = _rows("三级指标 年度指标值 实际完成值 分值 得分\n"
                 "道路养护里程 300 公 280 公 20 18\n里 里\n")
    assert [(r.name, r.target, r.actual, r.note) for r in rows] == [
        ("道路养护里程", "300公里", "280公里", None)]


def test_a_number_wrapped_after_its_operator_completes_the_target() -> None:
    rows = _rows("三级指标 年度指标值 实际完成值 分值 得分\n"
                 "群众满意率 ≥ 96 % 10 9\n90%\n")
    assert [(r.name, r.target, r.actual, r.weight, r.score) for r in rows] == [
        ("群众满意率", "≥90%", "96%", "10", "9")]


def test_the_rests_of_values_under_a_note_leave_the_note_whole() -> None:
    rows = _rows("三级指标 年度指标值 实际完成值 分值 得分 偏差原因\n"
                 "道路养护里程 300 公 280 公 20 18 工期延误\n里 里 导致未完成\n")
    assert [(r.target, r.actual, r.note) for r in rows] == [
        ("300公里", "280公里", "工期延误导致未完成")]


def test_glued_rests_right_after_the_last_column_s_text_are_no_name() -> None:
    head = WRAPPED_HEAD.replace("\n", " ")
    rows = _rows(head + "道路里程 300 公 300 公 15 按比例计分 里 里\n")
    assert [(r.name, r.target, r.actual) for r in rows] == [("道路里程", "300公里", "300公里")]


def test_a_name_wrapped_below_its_values_joins_the_name() -> None:
    rows = _rows(WRAPPED_HEAD + "乡村道路建设 300 公 300 公 15 按完成比例计分\n养护里程 里 里\n"
                 "农村公路验收合格率 100% 100% 12\n")
    assert [(r.name, r.target, r.actual, r.score) for r in rows] == [
        ("乡村道路建设养护里程", "300公里", "300公里", "15"),
        ("农村公路验收合格率", "100%", "100%", "12")]


def test_glued_text_wraps_a_row_inside_the_next_column_s_prose() -> None:
    """Glued onto one line, the second text line of a row comes after the first piece of
    its last column: `… 15 按完成比例 养护里程 里 里 计分`."""
    head = WRAPPED_HEAD.replace("\n", " ")
    rows = _rows(head + "乡村道路建设 300 公 300 公 15 按完成比例; 养护里程 里 里 计分\n")
    assert [(r.name, r.target, r.actual, r.score) for r in rows] == [
        ("乡村道路建设养护里程", "300公里", "300公里", "15")]


def test_points_after_a_number_are_no_score() -> None:
    """`数量指标 15 分`: a group's points in a single-score table close no row."""
    rows = _rows(WRAPPED_HEAD + "改造食堂数量 3个 3个 15 提供佐证 计 15 分 资料\n")
    assert [(r.name, r.score) for r in rows] == [("改造食堂数量", "15")]


# ---------------------------------------------------------------- scattered captions


def test_a_level_caption_wrapped_around_the_last_column_s_text_is_found() -> None:
    words = _words("1、提供佐证 数量指 2、按个数平均 标 15 分 产出 指标 40 分")
    assert scattered_levels(words) == ("产出指标", "数量指标")
    # a name printed whole begins a row of its own
    assert scattered_levels(_words("质量指标 12 分 效益 指标")) == ("效益指标", None)
    # pieces that make no level name, and prose, give none
    assert scattered_levels(_words("数量指 按标准 指标 计分。")) == (None, None)


def test_a_merged_level_cell_printed_after_its_first_row_names_it() -> None:
    """Page order: the 二级 cell's caption comes beside the middle of its rows, wrapped
    around the 评价标准 text after the row; the 一级 one after the group."""
    rows = _rows(WRAPPED_HEAD + "乡村道路建设 300公里 300公里 15 1、提供佐证;\n"
                 "数量指 2、按个数平均 标 15 分 数。 产出 指标 40 分\n")
    assert [(r.level1, r.level2, r.name, r.note) for r in rows] == [
        ("产出指标", "数量指标", "乡村道路建设", None)]


# ---------------------------------------------------------------- any words

WORDS = st.lists(st.one_of(
    st.sampled_from(["300", "95", "≥", "%", "公", "里", "公里", "个", "分", "15", "指标", "一级",
                     "年初指", "标值", "自评", "数量指", "标", "产出", "养护里程", "1、提供。"]),
    st.text(alphabet="项目公里人次个分指标值0123456789%≥.", min_size=1, max_size=6)),
    max_size=12)


@settings(max_examples=200, deadline=None)
@given(WORDS, st.lists(st.one_of(st.none(), st.sampled_from(["300公", "95", "≥", "3个"])),
                       min_size=2, max_size=2))
def test_the_helpers_keep_every_character_and_stay_in_bounds(
        words: list[str], values: list[str | None]) -> None:
    assert "".join(join_units(words)) == "".join(words)
    split = split_header(words)
    assert 0 <= split.end <= len(words)
    found = continuation(words, values)
    if found is not None:
        assert found.start >= 0 and found.start + found.length <= len(words)
        named = found.name is not None
        assert found.name in (None, words[found.start])
        assert list(found.rests) == words[found.start + named:found.start + found.length]
    level1, level2 = scattered_levels(words)
    assert level1 is None or level1.endswith("指标")
    assert level2 is None or level2.endswith("指标")


def test_a_results_header_with_wrapped_level_captions_ends_the_process_part() -> None:
    """`一级 二级 …` over `指标 指标 …`: the results table begins there even though no line
    prints 一级指标 in one piece."""
    table = ("项目权重 评价内容 分值 自评分 复核分 评价标准及依据\n"
             "项目决策 2 分 决策依据 2 2 有工作计划计 2 分\n" + WRAPPED_HEAD
             + "产出指标 数量指标 乡村道路建设 300 公 300 公 15 按比例计分\n养护里程 里 里\n")
    rows = _rows(table)
    assert [(r.level1, r.level2, r.name, r.target, r.score) for r in rows] == [
        ("项目决策", None, "决策依据", None, "2"),
        ("产出指标", "数量指标", "乡村道路建设养护里程", "300公里", "15")]


def test_names_that_go_on_below_their_values_in_a_table_without_a_note_column() -> None:
    """Top-aligned cells: each row's values stand on its name's first line, the name goes on
    below, the 评价标准 text wraps beside them and a group's caption comes after its first row
    (`数量指` … `标 15 分`, `产出` / `指标 40 分` at the end)."""
    rows = _rows(WRAPPED_HEAD
                 + "乡村道路建设 300 公 300 公 15 1、提供佐证资料;\n养护里程 里 里\n"
                 "数量指 2、按个数平均确定\n(15 分÷个数) ,四舍五入\n标 15 分 数。\n"
                 "农村公路建设 100% 100% 6\n验收合格率\n产出\n指标 40 分\n")
    assert [(r.level1, r.level2, r.name, r.actual, r.score, r.note) for r in rows] == [
        ("产出指标", "数量指标", "乡村道路建设养护里程", "300公里", "15", None),
        ("产出指标", "数量指标", "农村公路建设验收合格率", "100%", "6", None)]


def test_a_level_name_that_begins_an_unread_row_names_no_row_above() -> None:
    """At the table's end, `质量指标 指标1:…` (a row whose values are lost) is no caption of
    the rows above it."""
    rows = _rows("三级指标 年度指标值 实际完成值 分值 得分\n改造食堂数量 3个 3个 20 20\n"
                 "质量指标 指标1:验收合格率\n")
    assert [(r.level1, r.level2, r.name) for r in rows] == [(None, None, "改造食堂数量")]
