"""PDF text lines: a row's name wrapped onto the line below its values (`补助资金按期拨付及` …
`时率`) goes on the name when the row printed no note and was scored in full (no deviation to
explain); a docked row's words below stay its note."""

from __future__ import annotations

import pytest

from jixiao.readers.text_lines import read_lines


def _rows(score: str, below: str) -> list[tuple[str | None, str | None]]:
    text = "\n".join([
        "某县项目支出绩效自评表（2024年度）",
        "项目名称 春季河道保洁 主管部门 某县水务局 实施单位 某县河道所",
        "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施",
        f"产出指标 时效指标 保洁经费按月拨付及 100% 100% 50 {score}",
        below,
        "效益指标 社会效益指标 河道环境改善 明显改善 明显改善 40 40",
        "总分 90 90"]) + "\n"
    (result,) = read_lines(text)
    return [(i.name, i.note) for i in result.form.indicators]


def test_a_name_tail_below_a_full_score_row() -> None:
    assert _rows("50", "时率")[0] == ("保洁经费按月拨付及时率", None)


@pytest.mark.parametrize(("score", "below"), [
    ("45", "延期"),  # docked: the words explain it
    ("50", "个别月份延期拨付，已整改。"),  # a sentence
    ("50", "暂无"),
])
def test_notes_stay_notes(score: str, below: str) -> None:
    assert _rows(score, below)[0] == ("保洁经费按月拨付及", below)
