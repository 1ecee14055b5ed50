"""PDF text lines: the 偏差原因 caption wrapped mid-word onto the next line (`偏差原因分析及改` /
`进措施`) is the caption, not the head of the first row's name."""

from __future__ import annotations

import pytest

from jixiao.readers.text_lines import read_lines

HEAD = "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分"


@pytest.mark.parametrize("header", [
    [HEAD, "偏差原因分析及改", "进措施"],
    [f"{HEAD} 偏差原因分析及改", "进措施"],
    [f"{HEAD} 偏差原因分析及改进措施"],
])
def test_a_wrapped_note_caption(header: list[str]) -> None:
    text = "\n".join([
        "某县项目支出绩效自评表（2024年度）",
        "项目名称 春季河道保洁 主管部门 某县水务局 实施单位 某县河道所",
        *header,
        "产出指标",
        "数量指标 保洁河道长度 ≥20公里 21公里 50 50",
        "质量指标 保洁合格率 ≥95% 93% 40 36 部分河段反复",
        "总分 90 86"]) + "\n"
    (result,) = read_lines(text)
    got = [(i.level2, i.name, i.target, i.note) for i in result.form.indicators]
    assert got == [("数量指标", "保洁河道长度", "≥20公里", None),
                   ("质量指标", "保洁合格率", "≥95%", "部分河段反复")]
