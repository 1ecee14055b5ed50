"""Goals in PDF text lines: the next part's caption printed before its header (`绩效指标`, or
down a merged cell a character a line) is no goal text; a squashed form cut at its captions
puts the actual's caption before the expected text (`年度总体目标 年初设定目标` / `年度总体目标完成
情况综述 <expected>` / `<actual>`); an adjusted target of 无调整 leaves the initial one."""

from __future__ import annotations

import pytest

from jixiao.core.model import Goals
from jixiao.readers.parts.goals import substantive
from jixiao.readers.text_lines_goals import other_captions
from tests.readers.test_published_causes import Case, read
from tests.readers.test_text_lines_goals import DONE, TARGET, goals, side_by_side_lines

WANT = Goals(expected=TARGET, actual=DONE)


@pytest.mark.parametrize("after", [["绩效指标"], ["绩", "效", "指", "标"], ["绩效", "指标"]])
def test_the_next_parts_caption_is_no_goal_text(after: list[str]) -> None:
    assert goals(["年度总体目标 预期目标 实际完成情况", TARGET, DONE, *after]) == WANT


def test_the_actuals_caption_before_the_expected_text() -> None:
    lines = ["年度总体目标 年初设定目标", f"年度总体目标完成情况综述 {TARGET}", DONE]
    assert goals(lines) == WANT


def test_no_adjustment_leaves_the_initial_target() -> None:
    head = "当年绩效目标 年初绩效目标 全年(调整)绩效目标 全年目标实际完成情况"
    assert goals([head, *side_by_side_lines([TARGET, "无调整", DONE], 14)]) == WANT


@pytest.mark.parametrize(("text", "said"), [("无调整", False), ("未调整。", False),
                                             ("调整为完成30公里", True)])
def test_which_adjusted_targets_say_something(text: str, said: bool) -> None:
    assert substantive(text) is said


def test_other_captions() -> None:
    assert other_captions(["完成。", "绩", "效", "指", "标"]) == {1, 2, 3, 4}
    assert other_captions(["年度", "目标", "无"]) == set()  # the goals' own caption, a 无 cell


def test_a_vertical_caption_in_a_cell_stream() -> None:
    case = Case(goals=[["年度总体目标", "预期目标", "实际完成情况"], ["", TARGET, DONE],
                       ["绩", "效", "指", "标"]])
    form = read(case, "one_per_line")
    assert (form.goals.expected, form.goals.actual) == (TARGET, DONE)
    assert form.indicators[0].name == "保洁河道长度"


def test_a_block_caption_alone_names_no_column() -> None:
    # the block's caption on its own line, then the actual's caption with its text
    assert goals(["年度总体目标", f"实际完成情况 {DONE}"]) == Goals(expected=None, actual=DONE)
