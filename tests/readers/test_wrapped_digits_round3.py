"""A number wrapped by its cell's width (`12` / `00米`): one value in the cell-stream layouts,
while an item's number opening the next line of a text (`2.加强…`) stays apart."""

from __future__ import annotations

import pytest

from jixiao.readers.text_lines import read_lines
from jixiao.readers.text_norm import join_lines
from tests.readers.test_published_causes import ROWS, Case, indicators, read

_WRAPPED = ("产出指标", "数量指标", "保洁河道长度", "≥12\n00米", "12\n50米", "30", "30", "")


def test_a_number_wrapped_inside_a_piped_cell_is_one_value() -> None:
    form = read(Case(rows=[_WRAPPED, *ROWS[1:]]), "padded")
    assert indicators(form)[0][3:7] == ("≥1200米", "1250米", "30", "30")
    assert indicators(form)[1:] == indicators(read(Case(), "padded"))[1:]


def test_a_rest_with_a_leading_zero_on_its_own_line_joins_the_number_above() -> None:
    """One cell per line: `00米` is no value of its own (a leading zero), so it is the rest of
    the number before it."""
    rows = [(*_WRAPPED[:3], "≥12\n00米", "12\n00米", *_WRAPPED[5:]), *ROWS[1:]]
    form = read(Case(rows=rows), "one_per_line")
    assert indicators(form)[0][2:7] == ("保洁河道长度", "≥1200米", "1200米", "30", "30")
    assert len(form.indicators) == len(ROWS)


@pytest.mark.parametrize(("parts", "joined"), [
    (["12", "00人"], "1200人"),
    (["≥1", "5.5%"], "≥15.5%"),
    (["完成道路养护300", "2.群众满意度提升"], "完成道路养护300 2.群众满意度提升"),
    (["培训50", "2、加强管理"], "培训50 2、加强管理"),
    (["ISO", "9001"], "ISO 9001"),
    (["12 00"], "12 00"),
    (["完成培训12", "2024年起常态化"], "完成培训12 2024年起常态化"),  # text: the break may be typed
    (["项目数 12", "34个"], "项目数12 34个"),
    (["道路", "养护"], "道路养护"),
])
def test_join_lines_joins_digits_only_across_a_wrap(parts: list[str], joined: str) -> None:
    assert join_lines(parts) == joined


_LINES_HEAD = ("2023年度项目支出绩效自评表\n项目名称 食堂改造\n"
               "项目资金 (万元) 年初预算数 全年预算数 全年执行数 执行率\n"
               "年度资金总额 50 50 45 90%\n"
               "三级指标 年度指标值 实际完成值 分值 得分\n")


@pytest.mark.parametrize(("rest", "target"), [("00人", "≥1200人"), ("00", "≥1200")])
def test_pdf_lines_a_rest_with_a_leading_zero_completes_the_target(rest: str,
                                                                   target: str) -> None:
    (result,) = read_lines(_LINES_HEAD + f"培训人数 ≥12 1300人 20 18\n{rest}\n"
                           "绿化面积 300平方米 300平方米 10 10\n")
    assert [(i.name, i.target, i.actual, i.weight, i.score) for i in result.form.indicators] == [
        ("培训人数", target, "1300人", "20", "18"),
        ("绿化面积", "300平方米", "300平方米", "10", "10")]


def test_pdf_lines_a_next_row_s_number_is_no_rest() -> None:
    (result,) = read_lines(_LINES_HEAD + "培训人数 ≥12 13 20 18\n"
                           "绿化面积 300平方米 300平方米 10 10\n")
    assert result.form.indicators[-1].target == "300平方米"
