"""Process rows (项目决策 / 项目管理) print the 年度指标值 blank and words for 实际完成值: a row
whose target cell is left empty, not dashed, prints its words alone between its numbers, and
those are its 实际完成值 where other rows of the table print a blank target (issue 8)."""

from __future__ import annotations

import pytest

from tests.readers.test_published_causes import ALL, Case, indicators, read, want_rows

TABLE = ["一级指标", "二级指标", "三级指标", "分值", "年度指标值", "实际完成值", "得分",
         "偏差原因分析及改进措施"]
COLUMNS = ("weight", "target", "actual", "score", "note")
#: (level1, level2, name, weight, target, actual, score, note)
ROWS = [
    ("项目决策", "项目立项", "立项依据充分性", "4", "—", "符合国家法律法规及发展规划", "4", ""),
    ("项目决策", "项目立项", "立项程序规范性", "3", "", "按规定程序申请设立", "3", ""),
    ("产出指标", "数量指标", "保洁河道长度", "30", "≥20公里", "21公里", "28", "汛期停工"),
]


@pytest.mark.parametrize("layout", ALL)
def test_words_alone_where_targets_are_blank_are_the_actual(layout: str) -> None:
    case = Case(table=TABLE, columns=COLUMNS, rows=list(ROWS))
    assert indicators(read(case, layout)) == want_rows(case)


@pytest.mark.parametrize("layout", ["padded", "one_per_line"])
def test_in_the_national_column_order_too(layout: str) -> None:
    """年度指标值 | 实际完成值 | 分值 | 得分: one cell fewer, the words still the actual (glued,
    the words run on from the name with no number between: nothing tells where it ends)."""
    rows = [(*r[:3], r[4], r[5], r[3], r[6], r[7]) for r in ROWS]
    case = Case(rows=rows)
    assert indicators(read(case, layout)) == want_rows(case)


def test_glued_words_alone_without_blank_targets_stay_unread() -> None:
    """No row prints a blank target: the words could be either value, none is guessed."""
    rows = [ROWS[1], ROWS[2]]
    form = read(Case(table=TABLE, columns=COLUMNS, rows=rows), "glued")
    first = form.indicators[0]
    assert (first.name, first.target, first.actual, first.weight, first.score) == (
        "立项程序规范性", None, None, "3", "3")
