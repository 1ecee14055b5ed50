"""Text folded at a fixed width (every line broken at N characters, inside captions and numbers)
reads as the text unfolded; the folded lines are joined back, reported once (JX041), and the
line count stays that of the folded text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.core.form_json import form_to_dict
from jixiao.readers.stream import iter_text_blocks
from jixiao.readers.text import read_text
from jixiao.readers.text_prep import fold_width

FORM = (
    "项目支出绩效自评表 (2023年度) 项目名称 乡村文化站运行 主管部门 某县文化和旅游局 "
    "实施单位 某镇文化站 项目资金(万元) 年初预算数 全年预算数 全年执行数 分值 执行率 得分 "
    "年度资金总额 20.00 24.00 21.60 10 90.00% 9 其中:当年财政拨款 20.00 24.00 21.60 - 90.00% - "
    "年度总体目标 预期目标 实际完成情况 开展群众文化活动十二次以上。 全年开展文化活动十四次。 "
    "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施 "
    "产出指标 数量指标 开展文化活动次数 ≥12次 14次 50 50 "
    "效益指标 社会效益指标 群众参与人次 ≥800人次 760人次 30 27 部分活动因天气延期 "
    "满意度指标 服务对象满意度指标 群众满意度 ≥90% 93% 10 10 总分 100 96\n"
)


def _fold(text: str, width: int) -> str:
    out = []
    for line in text.split("\n"):
        out.extend(line[i:i + width] for i in range(0, max(len(line), 1), width))
    return "\n".join(out)


@pytest.mark.parametrize("width", [17, 23, 40, 61])
def test_a_folded_form_reads_as_the_unfolded_one(width: int) -> None:
    (whole,) = read_text(FORM)
    assert whole.form is not None and len(whole.form.indicators) == 3
    (folded,) = read_text(_fold(FORM, width))
    assert folded.form is not None
    assert form_to_dict(folded.form) == form_to_dict(whole.form)
    (jx041,) = [f for f in folded.findings if f.code == "JX041"]
    assert f"每行{width}字" in jx041.message


def test_a_folded_stream_reads_as_the_whole_text() -> None:
    data = _fold(FORM, 23).encode()
    streamed = list(iter_text_blocks([data[:100], data[100:]], "<stdin>"))
    assert [r.form for r in streamed] == [r.form for r in read_text(_fold(FORM, 23))]


def test_the_line_count_is_kept_and_the_fold_reported_at_the_first_line() -> None:
    from jixiao.readers.text_prep import TextPrep

    folded = _fold(FORM, 40)
    prepared = TextPrep("x").text(folded)
    assert prepared.count("\n") == folded.count("\n")
    assert prepared.splitlines()[0] == FORM.rstrip("\n")
    (folded_read,) = read_text(folded)
    (jx041,) = [f for f in folded_read.findings if f.code == "JX041"]
    assert jx041.source is not None and jx041.source.line == 1


@pytest.mark.parametrize("text", [
    "项目名称 | 乡村文化站运行 |\n主管部门 | 某县文化和旅游局 |\n实施单位 | 某镇文化站    |\n",
    "甲乙丙丁戊己庚辛壬癸子丑\n甲乙丙丁戊己庚辛壬癸子丑\n甲乙丙丁戊己庚辛壬癸子丑\n",
    "".join(f"{word:<24}\n" for word in ("项目名称 乡村文化站运行", "主管部门 某县文化和旅游局",
                                        "实施单位 某镇文化站", "总分 100")),
    "短行\n" * 10,
])
def test_tables_repeats_and_padded_lines_are_not_folded(text: str) -> None:
    assert fold_width(text) is None


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=12, max_value=60), st.text(alphabet="甲乙丙丁12345 ", min_size=200,
                                                         max_size=600))
def test_a_long_line_folded_is_told_by_its_width(width: int, line: str) -> None:
    folded = _fold(line.replace(" ", "x") + "尾", width) + "\n"
    pieces = folded.splitlines()
    if len(set(pieces[:-1])) >= 3:
        assert fold_width(folded + "下一行\n") == width
