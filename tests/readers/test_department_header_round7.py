"""部门整体 forms print no 项目名称: the form is named by the department its title names, in
every text layout; a 自评总分 caption with its bracketed unit (`自评总分（分） 88.5`) in the
header is the form's total score when no 总分 row is printed."""

from __future__ import annotations

import pytest

from jixiao.readers.parts.header import department_subject, page_fields
from jixiao.readers.text import read_text

ROWS = [
    ["某市某区水利局2023年度部门整体绩效自评表"],
    ["主管部门", "某市某区水利局", "自评总分（分）", "88.5"],
    ["部门预算执行情况（万元）", "年初预算数", "全年预算数", "全年执行数", "执行率"],
    ["年度总金额", "300.00", "320.00", "300.80", "94.00%"],
    ["绩效指标", "指标名称", "年度指标值", "全年完成值", "指标权重", "指标得分"],
    ["河道清淤长度", "≥20公里", "21公里", "50", "50"],
    ["水利设施完好率", "≥95%", "93%", "50", "38.5"],
]


@pytest.mark.parametrize("layout", ["lines", "padded"])
def test_a_department_form_is_named_by_its_title(layout: str) -> None:
    if layout == "lines":
        text = "\n".join(" ".join(r) for r in ROWS) + "\n"
    else:
        text = "\n".join(" | ".join(r) + " | ||||" for r in ROWS) + "\n"
    (result,) = read_text(text)
    form = result.form
    assert (form.kind, form.project_name, form.department) == (
        "department", "某市某区水利局", "某市某区水利局")
    assert form.total.score == "88.5"
    assert not any(f.code == "JX001" for f in result.findings)


@pytest.mark.parametrize("layout", ["lines", "padded"])
def test_a_printed_name_is_kept(layout: str) -> None:
    rows = [ROWS[0], ["项目名称", "河道整治"], *ROWS[1:]]
    sep, end = (" ", "") if layout == "lines" else (" | ", " | ||||")
    (result,) = read_text("\n".join(sep.join(r) + end for r in rows) + "\n")
    assert result.form.project_name == "河道整治"


@pytest.mark.parametrize(("title", "subject"), [
    ("某县教育局2022年度部门整体绩效自评表", "某县教育局"),
    ("1、部门整体绩效自评表", "部门整体绩效自评表"),
    ("项目支出情况", None),
])
def test_department_subject(title: str, subject: str | None) -> None:
    assert department_subject(title) == subject


@pytest.mark.parametrize("caption", ["自评总分", "自评总分（分）", "自评总分(分)"])
def test_a_self_score_with_its_unit(caption: str) -> None:
    assert page_fields(f"主管部门 某局 {caption} 88.5").fields["self_score"] == "88.5"
