"""A line printing only its page's number (`第 1 页`, a PDF footer or header between two
pages of the table) is page text: blanked and reported (JX010), never a row's note."""

from __future__ import annotations

import pytest

from jixiao.readers.text import read_text
from jixiao.readers.text_prep import TextPrep


@pytest.mark.parametrize("marks", [["第 1 页"], ["第1页", "第2页"], ["   第 12 页   "]])
def test_page_numbers_between_rows(marks: list[str]) -> None:
    text = "\n".join([
        "某县项目支出绩效自评表（2024年度）",
        "项目名称 春季河道保洁 主管部门 某县水务局 实施单位 某县河道所",
        "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施",
        "产出指标 数量指标 保洁河道长度 ≥20公里 21公里 50 50",
        *marks,
        "质量指标 保洁合格率 ≥95% 93% 40 36 部分河段反复",
        "总分 90 86"]) + "\n"
    (result,) = read_text(text)
    got = [(i.name, i.note) for i in result.form.indicators]
    assert got == [("保洁河道长度", None), ("保洁合格率", "部分河段反复")]
    assert any(f.code == "JX010" for f in result.findings)


@pytest.mark.parametrize("line", ["详见第 2 页", "第 2 页说明", "第2项"])
def test_other_lines_naming_a_page_stay(line: str) -> None:
    assert list(TextPrep().lines([line])) == [line]
