"""A 偏差原因 whose text says 原因 (`天气原因部分活动延期`, `受疫情原因影响`) is the row's note,
not a caption: only a text that begins with 偏差 or (未完成…)原因, or names the 偏差原因, is the
note column's caption."""

from __future__ import annotations

import pytest

from jixiao.readers.text import read_text
from jixiao.readers.vocabulary import CaptionKind, classify

FORM = """\
项目名称 | 乡村文化站运行 |
主管部门 | 某县文化和旅游局 | 实施单位 | 某镇文化站 |
年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |
年度资金总额 | 20.00 | 24.00 | 21.60 | 10 | 90.00% | 9 |
一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |
产出指标 | 数量指标 | 开展文化活动次数 | >=12次 | 14次 | 50 | 50 | |
效益指标 | 社会效益指标 | 群众参与人次 | >=800人次 | 760人次 | 30 | 27 | {note} |
满意度指标 | 服务对象满意度指标 | 群众满意度 | >=90% | 93% | 10 | 10 | |
总分 | 100 | 96 |
"""


@pytest.mark.parametrize("note", ["天气原因部分活动延期", "受疫情原因影响", "部分活动因天气延期"])
def test_a_note_saying_why_is_the_rows_note(note: str) -> None:
    (read,) = read_text(FORM.format(note=note))
    assert read.form is not None
    assert [i.note for i in read.form.indicators] == [None, note, None]


@pytest.mark.parametrize("caption", [
    "偏差原因", "偏差原因分析及改进措施", "原因分析及改进措施", "未完成原因分析",
    "未完成原因及拟采取的改进措施", "未完成原因和改进措施", "目标偏差原因说明", "原因",
])
def test_note_captions_stay_captions(caption: str) -> None:
    assert classify(caption) is CaptionKind.NOTE


@pytest.mark.parametrize("text", ["天气原因部分活动延期", "受疫情原因影响", "人员原因延后"])
def test_words_saying_why_are_no_caption(text: str) -> None:
    assert classify(text) is None
