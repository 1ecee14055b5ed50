"""A glued table with 得分 and no 分值 prints its scores with the unit 分 in every row or in
none: a note beginning with 分 (`18分公司配合验收`, a word no list foresees) after a bare-score
table's score is the note's."""

from __future__ import annotations

import pytest

from jixiao.readers.glued import read_glued

_HEAD = ("项目名称食堂改造一级指标二级指标三级指标年度指标值实际完成值得分偏差原因"
         "产出指标数量指标改造食堂数量3个3个20{unit}质量指标验收合格率≥90%95%18分{note}"
         "时效指标完工时间2023年12月2023年12月19{unit}总分57")


@pytest.mark.parametrize("note", ["公司配合验收", "包单位延误", "局未及时验收"])
def test_a_note_beginning_with_the_unit_after_bare_scores(note: str) -> None:
    result = read_glued(_HEAD.format(unit="", note=note))[0]
    rows = result.form.indicators
    assert [(r.name, r.score, r.note) for r in rows] == [
        ("改造食堂数量", "20", None), ("验收合格率", "18", "分" + note), ("完工时间", "19", None)]
    assert any(f.code == "JX038" and "同表其他行的得分不带" in f.message
               for f in result.findings)


def test_scores_printed_with_the_unit_keep_it() -> None:
    rows = read_glued(_HEAD.format(unit="分", note="公司配合验收"))[0].form.indicators
    assert [(r.score, r.note) for r in rows] == [
        ("20分", None), ("18分", "公司配合验收"), ("19分", None)]
