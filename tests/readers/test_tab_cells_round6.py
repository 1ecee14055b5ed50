"""Web-table text whose cells are ruled by tabs the way `|` rules them (every tab ends a cell, a
cell may go on over lines, an empty cell holds its column) reads as the piped text does."""

from __future__ import annotations

import re

import pytest

from jixiao.core.form_json import form_to_dict
from jixiao.readers.text import read_text
from jixiao.readers.text_cells import tokenize

PIPED = """\
项目支出绩效自评表 |
项目名称 | 乡村文化站运行 |
主管部门 | 某县文化和旅游局 | 实施单位 | 某镇文化站 |
年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |
年度资金总额 | 20.00 | 24.00 | 21.60 | 10 | 90.00% | 9 |
其中:当年财政
拨款 | 20.00 | 24.00 | 21.60 | — | 90.00% | — |
一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |
产出指标 | 数量指标 | 开展文化活动次数 | ≥12次 | 14次 | 50 | 50 |
效益指标 | 社会效益指标 | 群众参与人次 | ≥800人次 | 760人次 | 30 | 27 |
满意度指标 | 服务对象满意度指标 | 群众满意度 | ≥90% | 93% | 10 | 10 | 宣传到位 |
总分 | 100 | 96 |
"""


def _tabbed(text: str) -> str:
    return re.sub(r" ?\| ?", "\t", text)


def test_tab_ruled_cells_are_the_piped_cells() -> None:
    text = PIPED  # no `| |`: it differs from `||`, and two tabs could be either
    piped = [(c.text, c.line) for c in tokenize(text)]
    assert [(c.text, c.line) for c in tokenize(_tabbed(text))] == piped
    assert ("其中:当年财政拨款", 6) in piped  # a cell going on over two lines


def test_a_tab_ruled_form_reads_as_the_piped_one() -> None:
    (piped,) = read_text(PIPED)
    (tabbed,) = read_text(_tabbed(PIPED))
    assert piped.form is not None and tabbed.form is not None
    assert len(piped.form.indicators) == 3
    assert [r.source for r in piped.form.funds.rows] == ["total", "fiscal"]
    assert form_to_dict(tabbed.form) == form_to_dict(piped.form)


@pytest.mark.parametrize("text", [
    "项目名称\t乡村文化站运行\n主管部门\t某县文化和旅游局\n实施单位\t某镇文化站\n分值\t10\n",
    "只有一行\t有制表符\n",
])
def test_spreadsheet_rows_stay_rows(text: str) -> None:
    # a row copied from a spreadsheet ends in its last cell: each line is a row of its own
    cells = tokenize(text)
    assert sum(c.brk for c in cells) == text.count("\n")
