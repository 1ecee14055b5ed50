"""Chongqing forms print the finance bureau's division in charge (财政处室) in the header: a
caption of its own, neither the 主管部门's value nor a part of it (issue 8)."""

from __future__ import annotations

import pytest

from tests.readers.test_published_causes import ALL, Case, check, read


@pytest.mark.parametrize("layout", ALL)
def test_the_division_caption_and_its_value_are_not_the_department(layout: str) -> None:
    header = [["项目名称", "春季河道保洁", "主管部门", "某县水务局", "财政处室", "农业农村处",
               "实施单位", "某县河道所"]]
    check(Case(header=header), layout)


@pytest.mark.parametrize("layout", ["padded", "glued"])
def test_a_blank_department_stays_blank(layout: str) -> None:
    header = [["项目名称", "春季河道保洁", "主管部门", "", "财政处室", "", "实施单位",
               "某县河道所"]]
    form = read(Case(header=header), layout)
    assert (form.project_name, form.department, form.implementing_unit) == (
        "春季河道保洁", None, "某县河道所")
