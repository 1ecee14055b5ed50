"""Canonical JSON is read strictly: wrong types and unknown keys name their JSON path."""

from __future__ import annotations

import copy

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jixiao.core.form_json import FormJSONError, form_from_dict, form_to_dict, forms_from_json_value


def test_seed_golden_round_trips(seed_golden: list[dict]) -> None:
    for data in seed_golden:
        assert form_to_dict(form_from_dict(data)) == data


@pytest.mark.parametrize(("mutate", "path"), [
    (lambda d: d["indicators"][5].__setitem__("target", 95), "$.indicators[5].target"),
    (lambda d: d["funds"]["rows"][1].__setitem__("extra", "x"), "$.funds.rows[1].extra"),
    (lambda d: d.__setitem__("year", "2024"), "$.year"),
    (lambda d: d.__setitem__("kind", "other"), "$.kind"),
    (lambda d: d["funds"]["rows"][0].__setitem__("source", "bank"), "$.funds.rows[0].source"),
    (lambda d: d.pop("project_name"), "$.project_name"),
    (lambda d: d.__setitem__("schema_version", "2"), "$.schema_version"),
    (lambda d: d.__setitem__("indicators", {}), "$.indicators"),
])
def test_strict_errors_name_the_path(seed_golden: list[dict], mutate, path: str) -> None:
    data = copy.deepcopy(seed_golden[0])
    mutate(data)
    with pytest.raises(FormJSONError) as info:
        form_from_dict(data)
    assert info.value.path == path


def test_array_paths_are_indexed(seed_golden: list[dict]) -> None:
    data = copy.deepcopy(seed_golden)
    data[2]["grade"] = 1
    with pytest.raises(FormJSONError, match=r"^\$\[2\]\.grade"):
        forms_from_json_value(data)


_ROW_VALUES = st.one_of(st.none(), st.text(max_size=4), st.integers(), st.lists(st.none(),
                                                                                max_size=1))
_ROWS = st.dictionaries(
    st.sampled_from(["source", "label", "initial", "annual", "executed", "rate", "other"]),
    st.one_of(_ROW_VALUES, st.sampled_from(["total", "fiscal", "carryover", "nowhere"])),
    max_size=7)


@given(_ROWS)
def test_funds_rows_read_in_one_pass_as_field_by_field(row: dict) -> None:
    from jixiao.core.form_json import _funds_row, _well_formed_funds_row

    quick = _well_formed_funds_row(row)
    try:
        careful = _funds_row(row, "$.funds.rows[0]")
    except FormJSONError:
        assert quick is None  # the error is then reported field by field, as always
        return
    assert quick is None or quick == careful
    if set(row) <= {"source", "label", "initial", "annual", "executed", "rate"}:
        assert quick == careful
