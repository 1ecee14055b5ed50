"""The benchmark's realistic forms are honest: they read back exactly, and they vary."""

from __future__ import annotations

import io
import json
import random
import sys
from pathlib import Path

from jixiao.core.form_json import form_to_dict
from jixiao.readers.dispatch import read_bytes
from jixiao.readers.stream import read_stream
from jixiao.readers.text import read_text

sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))
from generate import form_text, realistic_forms, write_batch


def test_every_generated_text_form_reads_back_as_generated() -> None:
    rng = random.Random(3)
    for form in realistic_forms(60, seed=11):
        results = read_text(form_text(form, rng))
        assert len(results) == 1
        assert form_to_dict(results[0].form) == form


def test_a_batch_streams_to_the_forms_of_its_json() -> None:
    text, as_json = io.StringIO(), io.StringIO()
    write_batch(40, "text", text, seed=5)
    write_batch(40, "json", as_json, seed=5)
    streamed = list(read_stream(io.BytesIO(text.getvalue().encode()), "batch.txt"))
    assert streamed == read_bytes(text.getvalue().encode(), "batch.txt")
    assert [form_to_dict(r.form) for r in streamed] == json.loads(as_json.getvalue())


def test_the_forms_do_not_repeat_a_few_templates() -> None:
    forms = list(realistic_forms(300))
    targets = [i["target"] for f in forms for i in f["indicators"]]
    names = [i["name"] for f in forms for i in f["indicators"]]
    assert len(set(targets)) > len(targets) / 4
    assert len(set(names)) > len(names) / 3
    assert len({f["project_name"] for f in forms}) == 300
    assert len({len(f["indicators"]) for f in forms}) >= 5
