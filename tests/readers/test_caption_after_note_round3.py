"""PDF text prints a 偏差原因's next text line beside the next group's caption
(`导致未完成 质量指标 …`): the piece is the note's, the caption opens the next group, and the
next row's name is its own."""

from __future__ import annotations

import pytest

from jixiao.readers.text_lines import read_lines

_HEAD = ("2023年度项目支出绩效自评表\n项目名称 道路养护\n"
         "项目资金 (万元) 年初预算数 全年预算数 全年执行数 执行率\n"
         "年度资金总额 50 50 45 90%\n"
         "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因\n"
         "产出指标 数量指标 道路里程 300公里 280公里 20 18 工期延误\n")


def _rows(text: str) -> list[tuple[str | None, ...]]:
    (result,) = read_lines(_HEAD + text + "总分 40 38\n")
    return [(i.level1, i.level2, i.name, i.target, i.weight, i.note)
            for i in result.form.indicators]


@pytest.mark.parametrize("rest", [
    "导致未完成 质量指标 验收合格率 100% 100% 20 20\n",
    "导致未完成 质量指标\n验收合格率 100% 100% 20 20\n",
])
def test_a_note_piece_before_a_level_caption_stays_the_note(rest: str) -> None:
    assert _rows(rest) == [
        ("产出指标", "数量指标", "道路里程", "300公里", "20", "工期延误导致未完成"),
        ("产出指标", "质量指标", "验收合格率", "100%", "20", None)]


def test_a_note_piece_before_a_level1_caption() -> None:
    rows = _rows("导致未完成 效益指标 社会效益指标 群众出行 改善 改善 20 20\n")
    assert rows[0][5] == "工期延误导致未完成"
    assert rows[1][:3] == ("效益指标", "社会效益指标", "群众出行")


def test_a_caption_opening_the_line_after_a_note_piece() -> None:
    rows = _rows("导致未完成\n质量指标 验收合格率 100% 100% 20 20\n")
    assert rows[0][5] == "工期延误导致未完成"
    assert rows[1][1:3] == ("质量指标", "验收合格率")
