"""The header parser shared by the line layout (page order) and the cell layouts (inline runs):
`parts.header.page_fields` and `parts.header.inline_fields` find the same captions and cut the
values between them the same way; each keeps the behaviour its layout needs."""

from __future__ import annotations

import pytest

from jixiao.readers.parts.header import PAGE_CAPTIONS, PAGE_KINDS, inline_fields, page_fields


def _inline(text: str) -> list[tuple[str, str | None]]:
    return [(f.key, f.value) for f in inline_fields(text)]


def test_one_definition_of_the_captions_read() -> None:
    assert [key for key, _ in PAGE_CAPTIONS] == [str(kind) for kind in PAGE_KINDS]


@pytest.mark.parametrize("text", [
    "项目名称：甲 主管部门：乙 实施单位：丙",
    "项目名称 甲 主管部门 乙 实施单位 丙",
])
def test_both_readings_agree_on_captions_with_their_values(text: str) -> None:
    page = page_fields(text).fields
    assert _inline(text) == [(k, page[k]) for k in ("project_name", "department",
                                                      "implementing_unit")]


def test_the_self_score_ends_the_value_before_it_in_both() -> None:
    text = "项目名称：乡村道路养护 自评总分：95 实施单位：某县交通局"
    assert _inline(text) == [("project_name", "乡村道路养护"), ("implementing_unit", "某县交通局")]
    page = page_fields(text)
    assert page.fields["project_name"] == "乡村道路养护"
    assert page.fields["self_score"] == "95"


def test_a_self_score_that_is_no_number_is_not_read() -> None:
    assert page_fields("项目名称 甲 自评总分: 优").fields["self_score"] is None


def test_values_printed_side_by_side_after_their_captions_go_back_in_both() -> None:
    text = "项目名称：食堂改造 主管部门 实施单位 某县教育局 某县第二中学"
    assert _inline(text) == [("project_name", "食堂改造"), ("department", "某县教育局"),
                             ("implementing_unit", "某县第二中学")]
    assert page_fields(text).fields["department"] == "某县教育局"
    # two short pieces are one name wrapped, not two cells' values
    assert _inline("项目名称：甲 主管部门 实施单位 某县 教育局")[1:] == [
        ("department", None), ("implementing_unit", "某县教育局")]


def test_page_order_reads_a_caption_glued_to_its_value_and_places_each_value() -> None:
    text = "项目名称乡村道路养护\n主管部门 某县交通局"
    page = page_fields(text)
    assert page.fields["project_name"] == "乡村道路养护"
    assert page.at["department"] == text.index("某县") - 1
    # an inline run counts a caption only apart from a name (`某县项目单位管理中心`)
    assert _inline(text) == []


def test_page_order_reads_the_year_and_not_the_head_of_a_longer_caption() -> None:
    assert page_fields("项目名称 甲 预算年度 2023").year == 2023
    assert page_fields("项目名称 甲 项目年度目 标 2019 年任务").year is None
