"""Cell-stream rows: a 总分 row whose caption spans the level and name columns (empty cells,
then 分值 and 得分), and a 三级 name printed as its 二级 group without 指标 (`服务对象满意度指标
| 服务对象满意度`): a group does not follow itself, the second is the row's name."""

from __future__ import annotations

import pytest

from jixiao.core.model import Total
from tests.readers.test_published_causes import ROWS, Case, read


@pytest.mark.parametrize(("tail", "total"), [
    (["总分", "", "", "", "", "", "100", "96"], Total(weight="100", score="96")),
    (["总分", "", "", "", "", "", "", "96"], Total(weight=None, score="96")),
    (["总分", "100", "96"], Total(weight="100", score="96")),
])
def test_total_row_spanning_the_name_columns(tail: list[str], total: Total) -> None:
    form = read(Case(tail=[tail, ["评分等级", "优"]]), "padded")
    assert form.total == total
    assert form.grade == "优"


@pytest.mark.parametrize("layout", ["padded", "one_per_line"])
def test_a_name_printed_as_its_group(layout: str) -> None:
    rows = [*ROWS[:3], ("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥90%", "93%", "10",
                        "10", "")]
    form = read(Case(rows=rows), layout)
    last = form.indicators[-1]
    assert (last.level2, last.name, last.target, last.actual, last.weight, last.score) == (
        "服务对象满意度指标", "服务对象满意度", "≥90%", "93%", "10", "10")
    assert len(form.indicators) == 4
