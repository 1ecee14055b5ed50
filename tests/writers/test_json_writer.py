"""The JSON writer prints the canonical array that the JSON reader reads back."""

from __future__ import annotations

import json

from hypothesis import given, settings

from jixiao.core.form_json import forms_from_json_value
from jixiao.writers.json_writer import render_json
from tests.writers.support import FORMS, WRITERS_GOLDEN, all_forms, seed_forms


def test_seed_renders_as_its_golden_json() -> None:
    expected = json.loads((WRITERS_GOLDEN / "seed-forms.json").read_text(encoding="utf-8"))
    text = render_json(seed_forms())
    assert json.loads(text) == expected
    assert "科技社团党建工作" in text  # not ASCII-escaped
    assert text.endswith("]\n")


def test_one_form_is_an_array_of_one_and_none_is_empty() -> None:
    assert json.loads(render_json(seed_forms()[:1]))[0]["project_name"] == "科技社团党建工作"
    assert json.loads(render_json([])) == []


def test_every_real_form_reads_back_identically() -> None:
    forms = [f for _, f in all_forms()]
    assert forms_from_json_value(json.loads(render_json(forms))) == forms


@settings(max_examples=60, deadline=None)
@given(FORMS)
def test_random_forms_read_back_identically(form) -> None:  # type: ignore[no-untyped-def]
    assert forms_from_json_value(json.loads(render_json([form]))) == [form]
