"""The form blocks built by `direct_init`: the same values, defaults and freezing as before."""

from __future__ import annotations

import dataclasses

import pytest

from jixiao.core.model import SCHEMA_VERSION, Form, FormKind, Funds, FundsRow, Goals, Total


def test_form_defaults_are_empty_blocks() -> None:
    form = Form("项目")
    assert (form.project_name, form.kind, form.year, form.department, form.implementing_unit,
            form.indicators, form.grade, form.schema_version) == (
        "项目", FormKind.PROJECT, None, None, None, (), None, SCHEMA_VERSION)
    assert form.funds == Funds() and form.funds.unit == "万元" and form.funds.rows == ()
    assert form.goals == Goals(None, None)
    assert form.total == Total(None, None)
    assert form == Form("项目") and hash(form) == hash(Form("项目"))


def test_positional_and_keyword_arguments_land_in_their_fields() -> None:
    funds = Funds("元", "10", "95.00", "9.50", (FundsRow("total", annual="10"),))
    form = Form("项目", "department", 2024, "部门", "单位", funds, Goals("甲", "乙"),
                (), Total("100", "90"), "优", "1")
    assert dataclasses.astuple(form.funds)[:4] == ("元", "10", "95.00", "9.50")
    assert form.funds.row("total") is funds.rows[0] and form.funds.row("fiscal") is None
    assert (form.kind, form.year, form.goals.actual, form.total.score_value, form.grade) == (
        "department", 2024, "乙", 90, "优")
    assert form == Form(project_name="项目", kind="department", year=2024, department="部门",
                        implementing_unit="单位", funds=funds, goals=Goals("甲", "乙"),
                        total=Total("100", "90"), grade="优", schema_version="1")
    assert form != dataclasses.replace(form, goals=Goals("甲"))


@pytest.mark.parametrize("value", [Form("项目"), Funds(), Goals(), Total()])
def test_still_frozen(value: object) -> None:
    name = dataclasses.fields(value)[0].name  # type: ignore[arg-type]
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(value, name, "x")


def test_wrong_arguments_are_refused() -> None:
    with pytest.raises(TypeError):
        Form()  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Goals("a", "b", "c")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Total(score="1", total="2")  # type: ignore[call-arg]
