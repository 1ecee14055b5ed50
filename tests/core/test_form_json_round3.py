"""A whole form read in one pass (issue 9, round 3) as field by field: the same Form (same repr,
so `kind` stays the enum member when missing), or the same error for a dict that is not a
well-formed form."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.core.form_json import (
    FormJSONError,
    _form_read_carefully,
    _well_formed_form,
    form_from_dict,
    form_to_dict,
)
from jixiao.core.model import Form, FormKind, Funds, FundsRow, Goals, Indicator, Total

_FORM = Form(project_name="培训项目", year=2023, department="某局", implementing_unit=None,
             funds=Funds(weight="10.00", rate="81.00", score="8.10",
                         rows=(FundsRow("total", "100", "100", "81", "81.00"),
                               FundsRow("fiscal", "60", "60", "41", "68.33", label="其中"))),
             goals=Goals("完成培训", None),
             indicators=(Indicator("产出指标", "数量指标", "培训人数", "≥50人", "52人", "20.00",
                                   "20.00", None),
                         Indicator("满意度指标", None, "满意度", "≥90%", "95%", "10", "10", "无")),
             total=Total("100", "96.00"), grade="优")
_ODD = st.one_of(st.none(), st.text(max_size=2), st.integers(-2, 3000), st.booleans(),
                 st.just([]), st.just({}), st.sampled_from(["project", "department", "other",
                                                            "total", "fiscal", "1", "2"]))
_ROW_KEYS = ["source", "label", "initial", "annual", "executed", "rate"]
_INDICATOR_KEYS = ["level1", "level2", "name", "target", "actual", "weight", "score", "note"]
#: Each place of the form and the keys it may hold (and one it may not).
_PLACES = {"": ["schema_version", "kind", "year", "project_name", "department",
                "implementing_unit", "funds", "goals", "indicators", "total", "grade"],
           "funds": ["unit", "weight", "rate", "score", "rows"],
           "goals": ["expected", "actual"], "total": ["weight", "score"],
           "funds.rows.0": _ROW_KEYS, "funds.rows.1": _ROW_KEYS,
           "indicators.0": _INDICATOR_KEYS, "indicators.1": _INDICATOR_KEYS}
_EDIT = st.sampled_from(sorted(_PLACES)).flatmap(
    lambda place: st.tuples(st.just(place), st.sampled_from([*_PLACES[place], "other"]),
                            st.sampled_from(["set", "delete", "reverse"]), _ODD))


def _at(data: Any, place: str) -> Any:
    for part in filter(None, place.split(".")):
        if isinstance(data, list):
            data = data[int(part)] if part.isdigit() and int(part) < len(data) else None
        elif isinstance(data, dict):
            data = data.get(part)
        else:
            return None
    return data


def _outcome(read: Any) -> object:
    try:
        form = read()
    except FormJSONError as exc:
        return ("error", exc.path, exc.message)
    return ("form", repr(form), form)


_EDITS = st.lists(_EDIT, max_size=3)


@settings(max_examples=400)
@given(_EDITS)
def test_a_form_read_in_one_pass_as_field_by_field(edits: list[tuple[str, str, str, Any]]) -> None:
    data = copy.deepcopy(form_to_dict(_FORM))
    for place, key, what, value in edits:
        target = _at(data, place)
        if not isinstance(target, dict):
            continue
        if what == "set":
            target[key] = value
        elif what == "delete":
            target.pop(key, None)
        else:  # the same keys in another order
            items = list(target.items())[::-1]
            target.clear()
            target.update(items)
    careful = _outcome(lambda: _form_read_carefully(copy.deepcopy(data), "$[3]"))
    assert _outcome(lambda: form_from_dict(copy.deepcopy(data), "$[3]")) == careful
    fast = _well_formed_form(copy.deepcopy(data))
    if fast is not None:  # what the one pass gives is what the careful path gives
        assert ("form", repr(fast), fast) == careful


def test_the_canonical_json_of_a_form_takes_the_one_pass() -> None:
    data = form_to_dict(_FORM)
    fast = _well_formed_form(data)
    assert fast == _FORM and repr(fast) == repr(_FORM)
    del data["kind"]  # a missing kind reads as the enum member, as on the careful path
    fast = _well_formed_form(data)
    assert fast is not None and type(fast.kind) is FormKind
    assert repr(fast) == repr(_form_read_carefully(data, "$"))


def test_a_form_is_not_tied_to_the_dicts_it_was_read_from() -> None:
    data = form_to_dict(_FORM)
    form = form_from_dict(data)
    data["indicators"][0]["name"] = "改了"
    data["funds"]["rows"][0]["annual"] = "1"
    assert form == _FORM


@pytest.mark.parametrize(("place", "key", "value"), [
    ("", "year", "2023"), ("", "year", True), ("", "kind", "other"), ("", "grade", 1),
    ("", "project_name", None), ("funds", "rows", {}), ("funds", "weight", 10),
    ("funds.rows.0", "source", "现金"), ("funds.rows.0", "annual", 100),
    ("funds.rows.0", "other", "x"), ("goals", "expected", []), ("total", "score", 96),
    ("indicators.0", "score", 20), ("indicators.0", "level1", None),
    ("indicators.1", "other", "x")])
def test_each_wrong_field_is_reported_as_on_the_careful_path(place: str, key: str,
                                                             value: Any) -> None:
    data = form_to_dict(_FORM)
    _at(data, place)[key] = value
    careful = _outcome(lambda: _form_read_carefully(copy.deepcopy(data), "$"))
    assert _outcome(lambda: form_from_dict(data)) == careful
    if careful[0] == "error":
        assert _well_formed_form(data) is None


def test_indicator_fields_in_another_order_give_the_same_row() -> None:
    data = form_to_dict(_FORM)
    data["indicators"][0] = dict(reversed(list(data["indicators"][0].items())))
    assert form_from_dict(data) == _FORM
    assert repr(form_from_dict(data)) == repr(_FORM)
