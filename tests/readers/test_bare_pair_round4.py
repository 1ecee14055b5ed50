"""PDF text lines whose values are bare numbers (`培训人数 12 13 20 18`): the 分值/得分 pair is
the first pair that can score (得分 ≤ 分值), not the first two numbers of the run."""

from __future__ import annotations

import pytest

from jixiao.readers.text_lines import read_lines

_HEAD = ("2023年度项目支出绩效自评表\n项目名称 食堂改造\n"
         "项目资金 (万元) 年初预算数 全年预算数 全年执行数 执行率\n"
         "年度资金总额 50 50 45 90%\n"
         "三级指标 年度指标值 实际完成值 分值 得分\n")


def _rows(body: str) -> list[tuple[str | None, ...]]:
    (result,) = read_lines(_HEAD + body)
    return [(i.name, i.target, i.actual, i.weight, i.score) for i in result.form.indicators]


@pytest.mark.parametrize(("line", "row"), [
    ("培训人数 12 13 20 18", ("培训人数", "12", "13", "20", "18")),
    ("培训人数 ≥12 13 20 18", ("培训人数", "≥12", "13", "20", "18")),
    ("培训人数 100 100 10 10", ("培训人数", "100", "100", "10", "10")),
    ("培训人数 12人 13人 20 18", ("培训人数", "12人", "13人", "20", "18")),
])
def test_a_bare_actual_is_no_score(line: str, row: tuple[str, ...]) -> None:
    assert _rows(line + "\n绿化面积 300平方米 300平方米 10 10\n") == [
        row, ("绿化面积", "300平方米", "300平方米", "10", "10")]


def test_two_rows_on_one_line_keep_their_pairs() -> None:
    assert _rows("培训人数 100 95 10 9 场地面积 5 5 10 10\n") == [
        ("培训人数", "100", "95", "10", "9"), ("场地面积", "5", "5", "10", "10")]


def test_a_pair_scoring_more_than_its_points_stays_when_nothing_follows() -> None:
    """`10 12` closing the line: the form's own error (得分 > 分值), left for the checks."""
    assert _rows("培训人数 12人 13人 10 12\n")[0][3:] == ("10", "12")
