"""Canonical JSON (schema 1) ⇄ Form, strict: a wrong type or unknown key names its JSON path."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields
from typing import Any

from jixiao.core.model import (
    FORM_KINDS,
    FUNDS_SOURCES,
    SCHEMA_VERSION,
    Form,
    FormKind,
    Funds,
    FundsRow,
    Goals,
    Indicator,
    Total,
)


class FormJSONError(ValueError):
    """A JSON document that is not a schema-1 form; `path` names the offending place."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


def form_to_dict(form: Form) -> dict[str, Any]:
    """The canonical JSON object of a form, keys in the order of form-json.md."""
    return {
        "schema_version": form.schema_version,
        "kind": form.kind,
        "year": form.year,
        "project_name": form.project_name,
        "department": form.department,
        "implementing_unit": form.implementing_unit,
        "funds": {
            "unit": form.funds.unit,
            "weight": form.funds.weight,
            "rate": form.funds.rate,
            "score": form.funds.score,
            "rows": [_row_to_dict(r) for r in form.funds.rows],
        },
        "goals": {"expected": form.goals.expected, "actual": form.goals.actual},
        "indicators": [_indicator_to_dict(i) for i in form.indicators],
        "total": {"weight": form.total.weight, "score": form.total.score},
        "grade": form.grade,
    }


def _row_to_dict(row: FundsRow) -> dict[str, Any]:
    out: dict[str, Any] = {"source": row.source}
    if row.label is not None:
        out["label"] = row.label
    out.update(
        initial=row.initial, annual=row.annual, executed=row.executed, rate=row.rate
    )
    return out


def _indicator_to_dict(ind: Indicator) -> dict[str, Any]:
    return {f.name: getattr(ind, f.name) for f in fields(Indicator)}


_FORM_REQUIRED = frozenset({"schema_version", "project_name"})
_FORM_OPTIONAL = frozenset({"kind", "year", "department", "implementing_unit", "funds", "goals",
                            "indicators", "total", "grade"})
_FUNDS_KEYS = frozenset({"unit", "weight", "rate", "score", "rows"})
_ROW_REQUIRED = frozenset({"source"})
_ROW_OPTIONAL = frozenset({"label", "initial", "annual", "executed", "rate"})
_ROW_KEYS = _ROW_REQUIRED | _ROW_OPTIONAL
_GOALS_KEYS = frozenset({"expected", "actual"})
_TOTAL_KEYS = frozenset({"weight", "score"})
_NONE: frozenset[str] = frozenset()


def form_from_dict(data: Any, path: str = "$") -> Form:
    """Build a Form from a parsed JSON object, strictly.

    Raises:
        FormJSONError: naming the JSON path of the first wrong type, unknown or missing key.
    """
    form = _well_formed_form(data)
    return form if form is not None else _form_read_carefully(data, path)


def _form_read_carefully(data: Any, path: str) -> Form:
    """`form_from_dict` field by field: the first problem is reported with its path."""
    obj = _object(data, path, required=_FORM_REQUIRED, optional=_FORM_OPTIONAL)
    if obj["schema_version"] != SCHEMA_VERSION:
        raise FormJSONError(f"{path}.schema_version", f'应为 "{SCHEMA_VERSION}"')
    kind = _text(obj.get("kind", FormKind.PROJECT), path, "kind", nullable=False)
    if kind not in FORM_KINDS:
        raise FormJSONError(f"{path}.kind", f"应为 {' 或 '.join(FORM_KINDS)}")
    year = obj.get("year")
    if year is not None and (not isinstance(year, int) or isinstance(year, bool)):
        raise FormJSONError(f"{path}.year", "应为整数或 null")
    return Form(
        schema_version=SCHEMA_VERSION,
        kind=kind,
        year=year,
        project_name=_text(obj["project_name"], path, "project_name", nullable=False),
        department=_text(obj.get("department"), path, "department"),
        implementing_unit=_text(obj.get("implementing_unit"), path, "implementing_unit"),
        funds=_funds(obj.get("funds", {}), f"{path}.funds"),
        goals=_goals(obj.get("goals", {}), f"{path}.goals"),
        indicators=_indicators(_array(obj.get("indicators", []), f"{path}.indicators"),
                               f"{path}.indicators"),
        total=_total(obj.get("total", {}), f"{path}.total"),
        grade=_text(obj.get("grade"), path, "grade"),
    )


_FORM_KEYS = _FORM_REQUIRED | _FORM_OPTIONAL
_STRING_OR_NULL = frozenset({str, type(None)})
_new = object.__new__


def _well_formed_form(data: Any) -> Form | None:
    """The Form `form_from_dict` builds, in one pass, for the common case: objects of known keys
    whose fields are strings or null (the year an int or null), a known kind and funds sources,
    and indicator rows written with all their fields in the model's order (as `form_to_dict`
    writes them). Anything else is None, and the careful path reads it and names any problem."""
    if type(data) is not dict or not data.keys() <= _FORM_KEYS \
            or data.get("schema_version") != SCHEMA_VERSION:
        return None
    name, kind, year = data.get("project_name"), data.get("kind", FormKind.PROJECT), \
        data.get("year")
    department, unit, grade = data.get("department"), data.get("implementing_unit"), \
        data.get("grade")
    if type(name) is not str or type(kind) not in _KIND_TYPES or kind not in FORM_KINDS \
            or (year is not None and type(year) is not int) \
            or not _STRING_OR_NULL.issuperset(map(type, (department, unit, grade))):
        return None
    funds, goals, total = data.get("funds", _EMPTY), data.get("goals", _EMPTY), \
        data.get("total", _EMPTY)
    if type(funds) is not dict or type(goals) is not dict or type(total) is not dict \
            or not funds.keys() <= _FUNDS_KEYS or not goals.keys() <= _GOALS_KEYS \
            or not total.keys() <= _TOTAL_KEYS:
        return None
    texts = (funds.get("unit"), funds.get("weight"), funds.get("rate"), funds.get("score"),
               goals.get("expected"), goals.get("actual"), total.get("weight"),
               total.get("score"))
    rows, items = funds.get("rows", _NO_ITEMS), data.get("indicators", _NO_ITEMS)
    if not _STRING_OR_NULL.issuperset(map(type, texts)) or type(rows) is not list \
            or type(items) is not list:
        return None
    funds_rows = []
    for row in rows:
        if type(row) is dict and list(row) == _ROW_LIST and type(row["source"]) is str \
                and row["source"] in FUNDS_SOURCES \
                and _STRING_OR_NULL.issuperset(map(type, row.values())):
            built = _new(FundsRow)
            fields_ = built.__dict__
            fields_.update(row)
            fields_["label"] = None  # the last field: the fields in order, as `FundsRow(...)`
        else:
            built = _well_formed_funds_row(row)
            if built is None:
                return None
        funds_rows.append(built)
    indicators = []
    for item in items:
        if type(item) is not dict or list(item) != _INDICATOR_LIST \
                or not _STRING_OR_NULL.issuperset(map(type, item.values())):
            return None
        indicator = _new(Indicator)
        indicator.__dict__.update(item)  # the fields, in order, as `Indicator(*values)` sets them
        indicators.append(indicator)
    return Form(name, kind, year, department, unit,
                Funds(*texts[:4], tuple(funds_rows)), Goals(*texts[4:6]),
                tuple(indicators), Total(*texts[6:]), grade, SCHEMA_VERSION)


_EMPTY: dict[str, Any] = {}
_NO_ITEMS: list[Any] = []
_KIND_TYPES = frozenset({str, FormKind})


def forms_from_json_value(data: Any) -> list[Form]:
    """A JSON array of forms, or a single form object, as a list of Forms."""
    if isinstance(data, dict):
        return [form_from_dict(data)]
    items = _array(data, "$")
    return [form_from_dict(item, f"$[{i}]") for i, item in enumerate(items)]


def _funds(data: Any, path: str) -> Funds:
    obj = _object(data, path, optional=_FUNDS_KEYS)
    rows = _array(obj.get("rows", []), f"{path}.rows")
    return Funds(
        unit=_text(obj.get("unit"), path, "unit"),
        weight=_text(obj.get("weight"), path, "weight"),
        rate=_text(obj.get("rate"), path, "rate"),
        score=_text(obj.get("score"), path, "score"),
        rows=tuple(_well_formed_funds_row(r) or _funds_row(r, f"{path}.rows[{i}]")
                   for i, r in enumerate(rows)),
    )


_ROW_FIELDS = tuple(f.name for f in fields(FundsRow))  # the constructor's order
#: A funds row as `form_to_dict` writes one without a label: the fields before it, in order.
_ROW_LIST = list(_ROW_FIELDS[:_ROW_FIELDS.index("label")])


def _well_formed_funds_row(data: Any) -> FundsRow | None:
    """The common case in one pass (as `_well_formed_indicator`): an object of known keys with
    a known `source` and strings or null elsewhere; anything else is left to `_funds_row`."""
    if type(data) is not dict or not data.keys() <= _ROW_KEYS \
            or data.get("source") not in FUNDS_SOURCES:
        return None
    values = _strings_or_null(data, _ROW_FIELDS)
    return None if values is None else FundsRow(*values)


def _strings_or_null(data: dict[str, Any], keys: Sequence[str]) -> list[str | None] | None:
    """The values of `keys` in `data` when each is a string or null (missing); else None."""
    values = [data.get(key) for key in keys]
    for value in values:
        if value is not None and type(value) is not str:
            return None
    return values


def _funds_row(data: Any, path: str) -> FundsRow:
    obj = _object(data, path, required=_ROW_REQUIRED, optional=_ROW_OPTIONAL)
    source = _text(obj["source"], path, "source", nullable=False)
    if source not in FUNDS_SOURCES:
        raise FormJSONError(f"{path}.source", f"未知资金来源 {source!r}")
    return FundsRow(
        source=source,
        label=_text(obj.get("label"), path, "label"),
        **{k: _text(obj.get(k), path, k) for k in ("initial", "annual", "executed", "rate")},
    )


def _goals(data: Any, path: str) -> Goals:
    obj = _object(data, path, optional=_GOALS_KEYS)
    return Goals(
        expected=_text(obj.get("expected"), path, "expected"),
        actual=_text(obj.get("actual"), path, "actual"),
    )


_INDICATOR_KEYS = frozenset(f.name for f in fields(Indicator))
_INDICATOR_ORDER = tuple(sorted(_INDICATOR_KEYS))  # a wrong type is reported in this order


_INDICATOR_FIELDS = tuple(f.name for f in fields(Indicator))  # the constructor's order
_INDICATOR_LIST = list(_INDICATOR_FIELDS)


def _indicators(items: list[Any], path: str) -> tuple[Indicator, ...]:
    """The rows of `indicators`; a row's path is built only when the row must be checked."""
    out = []
    for i, item in enumerate(items):
        row = _well_formed_indicator(item)
        out.append(row if row is not None else _indicator(item, f"{path}[{i}]"))
    return tuple(out)


def _well_formed_indicator(data: Any) -> Indicator | None:
    """The common case in one pass: an object of known keys whose values are strings or null.

    Anything else is None, and `_indicator` then reports the first problem as always.
    """
    if type(data) is not dict or not data.keys() <= _INDICATOR_KEYS:
        return None
    values = _strings_or_null(data, _INDICATOR_FIELDS)
    return None if values is None else Indicator(*values)


def _indicator(data: Any, path: str) -> Indicator:
    obj = _object(data, path, optional=_INDICATOR_KEYS)
    return Indicator(**{k: _text(obj.get(k), path, k) for k in _INDICATOR_ORDER})


def _total(data: Any, path: str) -> Total:
    obj = _object(data, path, optional=_TOTAL_KEYS)
    return Total(weight=_text(obj.get("weight"), path, "weight"),
                 score=_text(obj.get("score"), path, "score"))


def _object(data: Any, path: str, *, required: frozenset[str] = _NONE,
            optional: frozenset[str] = _NONE) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise FormJSONError(path, f"应为对象，实为 {_json_type(data)}")
    keys = data.keys()
    if keys - required - optional:
        unknown = sorted(set(data) - required - optional)
        raise FormJSONError(f"{path}.{unknown[0]}", "未知字段")
    if not required <= keys:
        missing = sorted(required - set(data))
        raise FormJSONError(f"{path}.{missing[0]}", "缺少必填字段")
    return data


def _array(data: Any, path: str) -> list[Any]:
    if not isinstance(data, list):
        raise FormJSONError(path, f"应为数组，实为 {_json_type(data)}")
    return data


def _text(value: Any, path: str, key: str, *, nullable: bool = True) -> Any:
    """A string field `key` of the object at `path` (the field's path is built on error only)."""
    if isinstance(value, str) or (value is None and nullable):
        return value
    expected = "字符串或 null" if nullable else "字符串"
    raise FormJSONError(f"{path}.{key}", f"应为{expected}，实为 {_json_type(value)}")


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "布尔值"
    if isinstance(value, (int, float)):
        return "数字"
    if isinstance(value, str):
        return "字符串"
    if isinstance(value, list):
        return "数组"
    return "对象"
