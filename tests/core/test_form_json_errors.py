"""Strict form JSON: every field's wrong type, missing or unknown key names its exact JSON path
and says what was expected and what was found; every optional part has its default."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from jixiao.core.form_json import FormJSONError, form_from_dict, form_to_dict, forms_from_json_value
from jixiao.core.model import Form, Funds, FundsRow, Goals, Indicator, Total

FULL: dict[str, Any] = {
    "schema_version": "1", "kind": "project", "year": 2024, "project_name": "项目",
    "department": "部门", "implementing_unit": "单位",
    "funds": {"unit": "万元", "weight": "10", "rate": "95", "score": "9.5", "rows": [
        {"source": "total", "label": "合计", "initial": "1", "annual": "2", "executed": "3",
         "rate": "4"}]},
    "goals": {"expected": "甲", "actual": "乙"},
    "indicators": [{"level1": "产出指标", "level2": "数量指标", "name": "n", "target": "≥1",
                    "actual": "1", "weight": "5", "score": "5", "note": None}],
    "total": {"weight": "100", "score": "99"}, "grade": "优",
}


def _set(data: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    doc = copy.deepcopy(data)
    *parents, last = path.split(".")
    node: Any = doc
    for part in parents:
        node = node[int(part)] if part.isdigit() else node[part]
    if isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value
    return doc


def _error(data: Any) -> FormJSONError:
    with pytest.raises(FormJSONError) as info:
        form_from_dict(data)
    return info.value


def test_full_document_round_trips() -> None:
    form = form_from_dict(FULL)
    assert form == Form(
        year=2024, project_name="项目", department="部门", implementing_unit="单位",
        funds=Funds(unit="万元", weight="10", rate="95", score="9.5",
                    rows=(FundsRow("total", "1", "2", "3", "4", label="合计"),)),
        goals=Goals(expected="甲", actual="乙"),
        indicators=(Indicator("产出指标", "数量指标", "n", "≥1", "1", "5", "5", None),),
        total=Total(weight="100", score="99"), grade="优")
    assert form_to_dict(form) == FULL


def test_row_without_label_has_no_label_key() -> None:
    doc = _set(FULL, "funds.rows.0", {"source": "fiscal"})
    assert form_to_dict(form_from_dict(doc))["funds"]["rows"][0] == {
        "source": "fiscal", "initial": None, "annual": None, "executed": None, "rate": None}


def test_optional_parts_default() -> None:
    form = form_from_dict({"schema_version": "1", "project_name": "p"})
    assert form.kind == "project"
    assert form.funds == Funds(unit=None)  # no unit printed: none assumed
    assert form.goals == Goals() and form.total == Total()
    assert form.indicators == () and form.year is None and form.grade is None


@pytest.mark.parametrize(("path", "value", "where", "message"), [
    ("project_name", None, "$.project_name", "应为字符串，实为 null"),
    ("project_name", 1, "$.project_name", "应为字符串，实为 数字"),
    ("kind", None, "$.kind", "应为字符串，实为 null"),
    ("kind", "other", "$.kind", "应为 project 或 department"),
    ("department", 1, "$.department", "应为字符串或 null，实为 数字"),
    ("implementing_unit", True, "$.implementing_unit", "应为字符串或 null，实为 布尔值"),
    ("grade", [], "$.grade", "应为字符串或 null，实为 数组"),
    ("year", "2024", "$.year", "应为整数或 null"),
    ("year", True, "$.year", "应为整数或 null"),
    ("year", 2024.0, "$.year", "应为整数或 null"),
    ("schema_version", "2", "$.schema_version", '应为 "1"'),
    ("funds", [], "$.funds", "应为对象，实为 数组"),
    ("funds.unit", 1, "$.funds.unit", "应为字符串或 null，实为 数字"),
    ("funds.weight", 1, "$.funds.weight", "应为字符串或 null，实为 数字"),
    ("funds.rate", 1, "$.funds.rate", "应为字符串或 null，实为 数字"),
    ("funds.score", 1, "$.funds.score", "应为字符串或 null，实为 数字"),
    ("funds.rows", {}, "$.funds.rows", "应为数组，实为 对象"),
    ("funds.rows.0", "x", "$.funds.rows[0]", "应为对象，实为 字符串"),
    ("funds.rows.0.source", "cash", "$.funds.rows[0].source", "未知资金来源 'cash'"),
    ("funds.rows.0.source", None, "$.funds.rows[0].source", "应为字符串，实为 null"),
    ("funds.rows.0.label", 1, "$.funds.rows[0].label", "应为字符串或 null，实为 数字"),
    ("funds.rows.0.initial", 1, "$.funds.rows[0].initial", "应为字符串或 null，实为 数字"),
    ("funds.rows.0.annual", 1, "$.funds.rows[0].annual", "应为字符串或 null，实为 数字"),
    ("funds.rows.0.executed", 1, "$.funds.rows[0].executed", "应为字符串或 null，实为 数字"),
    ("funds.rows.0.rate", 1, "$.funds.rows[0].rate", "应为字符串或 null，实为 数字"),
    ("goals", "x", "$.goals", "应为对象，实为 字符串"),
    ("goals.expected", 1, "$.goals.expected", "应为字符串或 null，实为 数字"),
    ("goals.actual", {}, "$.goals.actual", "应为字符串或 null，实为 对象"),
    ("indicators", {}, "$.indicators", "应为数组，实为 对象"),
    ("indicators.0", None, "$.indicators[0]", "应为对象，实为 null"),
    ("indicators.0.name", 5, "$.indicators[0].name", "应为字符串或 null，实为 数字"),
    ("indicators.0.weight", 5.5, "$.indicators[0].weight", "应为字符串或 null，实为 数字"),
    ("total", 1, "$.total", "应为对象，实为 数字"),
    ("total.weight", 1, "$.total.weight", "应为字符串或 null，实为 数字"),
    ("total.score", 1, "$.total.score", "应为字符串或 null，实为 数字"),
])
def test_wrong_types_name_the_path(path: str, value: Any, where: str, message: str) -> None:
    error = _error(_set(FULL, path, value))
    assert (error.path, error.message) == (where, message)
    assert str(error) == f"{where}: {message}"


@pytest.mark.parametrize(("path", "value", "where"), [
    ("extra", 1, "$.extra"), ("funds.extra", 1, "$.funds.extra"),
    ("funds.rows.0.extra", 1, "$.funds.rows[0].extra"), ("goals.extra", 1, "$.goals.extra"),
    ("indicators.0.extra", 1, "$.indicators[0].extra"), ("total.extra", 1, "$.total.extra"),
])
def test_unknown_keys_name_the_first_one(path: str, value: Any, where: str) -> None:
    error = _error(_set(FULL, path, value))
    assert (error.path, error.message) == (where, "未知字段")


def test_unknown_keys_reported_in_sorted_order() -> None:
    doc = {**FULL, "zz": 1, "aa": 2}
    assert _error(doc).path == "$.aa"


def test_missing_required_keys() -> None:
    assert (_error({"schema_version": "1"}).path, _error({"schema_version": "1"}).message) == (
        "$.project_name", "缺少必填字段")
    assert _error({"project_name": "p"}).path == "$.schema_version"
    assert _error({}).path == "$.project_name"  # sorted: project_name before schema_version
    doc = _set(FULL, "funds.rows.0", {"annual": "1"})
    assert _error(doc).path == "$.funds.rows[0].source"


@pytest.mark.parametrize(("value", "name"), [
    (None, "null"), (True, "布尔值"), (1, "数字"), (1.5, "数字"), ("x", "字符串"), ([], "数组"),
    ({}, "对象"),
])
def test_json_type_names(value: Any, name: str) -> None:
    error = _error(_set(FULL, "indicators.0.note", value)) if value is not None and not \
        isinstance(value, str) else None
    if error is not None:
        assert error.message == f"应为字符串或 null，实为 {name}"
    with pytest.raises(FormJSONError) as info:
        forms_from_json_value(value if not isinstance(value, (list, dict)) else 0)
    assert info.value.path == "$"


def test_a_top_level_array_names_each_item() -> None:
    with pytest.raises(FormJSONError) as info:
        forms_from_json_value([FULL, _set(FULL, "grade", 1)])
    assert info.value.path == "$[1].grade"
    assert forms_from_json_value(FULL) == [form_from_dict(FULL)]
    assert forms_from_json_value([]) == []
    with pytest.raises(FormJSONError, match=r"^\$: 应为数组，实为 字符串$"):
        forms_from_json_value("x")


def test_indicator_fields_keep_their_places() -> None:
    doc = _set(FULL, "indicators.0", {"level1": "a", "level2": "b", "name": "c", "target": "d",
                                      "actual": "e", "weight": "f", "score": "g", "note": "h"})
    assert form_from_dict(doc).indicators[0] == Indicator("a", "b", "c", "d", "e", "f", "g", "h")
    sparse = _set(FULL, "indicators.0", {"note": "h"})
    assert form_from_dict(sparse).indicators[0] == Indicator(None, None, None, None, None, None,
                                                             None, "h")


def test_department_kind_round_trips() -> None:
    doc = {**FULL, "kind": "department"}
    form = form_from_dict(doc)
    assert form.kind == "department"
    assert form_to_dict(form)["kind"] == "department"
