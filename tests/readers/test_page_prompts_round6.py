"""The reading prompts a document-sharing site prints between its pages (`还剩3页未读，继续阅读`,
`下载文档到电脑，查找使用更方便`) are page text: blanked before the layouts read the form, each
reported at its line (JX010), never read as a name, a target or a funds cell."""

from __future__ import annotations

import pytest

from jixiao.core.form_json import form_to_dict
from jixiao.readers.text import read_text

LINES = """\
项目支出绩效自评表
项目名称 乡村文化站运行
主管部门 某县文化和旅游局 实施单位 某镇文化站
年初预算数 全年预算数 全年执行数 分值 执行率 得分
年度资金总额 20.00 24.00 21.60 10 90.00% 9
一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施
产出指标 数量指标 开展文化活动次数 ≥12次 14次 50 50
效益指标 社会效益指标 群众参与人次 ≥800人次 760人次 30 27 部分活动因天气延期
满意度指标 服务对象满意度指标 群众满意度 ≥90% 93% 10 10
总分 100 96
"""
PIPED = "".join(f"{cell} |\n" for line in LINES.splitlines() for cell in line.split())


def _with_prompts(text: str, prompts: list[str]) -> str:
    lines = text.splitlines()
    for k, prompt in enumerate(prompts):
        lines.insert(4 + 3 * k, prompt)
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("text", [LINES, PIPED], ids=["lines", "cells"])
@pytest.mark.parametrize("prompts", [
    ["还剩3页未读，继续阅读", "下载文档到电脑，查找使用更方便"],
    ["下载文档到电脑,查找使用更方便", "还剩 12 页未读,继续阅读", "还剩2页未读"],
])
def test_prompts_between_lines_are_not_read(text: str, prompts: list[str]) -> None:
    (plain,) = read_text(text)
    (cluttered,) = read_text(_with_prompts(text, prompts))
    assert plain.form is not None and cluttered.form is not None
    assert len(plain.form.indicators) == 3
    assert form_to_dict(cluttered.form) == form_to_dict(plain.form)
    reported = [f for f in cluttered.findings if f.code == "JX010"]
    assert [f.source.line for f in reported if f.source] == [5 + 3 * k for k in range(len(prompts))]


def test_the_same_words_inside_a_sentence_are_kept() -> None:
    text = LINES.replace("部分活动因天气延期", "资料已下载到电脑备查")
    (read,) = read_text(text)
    assert read.form is not None and read.form.indicators[1].note == "资料已下载到电脑备查"
