"""The seed golden (`tests/data/golden/seed.json`) checked field by field against a hand label.

`tests/data/labels/seed.label.json` was typed from `tests/data/seed.txt` by a person reading the
printed forms (see `tests/data/labels/README.md`), not derived from the reader's output. Text is
compared without whitespace (the PDF text layer breaks lines and puts spaces around numbers);
numbers, units and operators are compared exactly. `checked.json` pins the golden and its label
together: a golden regenerated without its label being checked again fails here.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import DATA

LABELS = DATA / "labels"
GOLDEN = json.loads((DATA / "golden" / "seed.json").read_text(encoding="utf-8"))
LABEL = json.loads((LABELS / "seed.label.json").read_text(encoding="utf-8"))
COLUMNS = LABEL["columns"]
TEXT_FIELDS = {"name", "note", "level1", "level2"}


def _squeeze(text: str | None) -> str | None:
    return None if text is None else re.sub(r"\s+", "", text)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_same_forms_in_the_same_order() -> None:
    assert [f["project_name"] for f in GOLDEN] == [f["project_name"] for f in LABEL["forms"]]


@pytest.mark.parametrize("index", range(len(LABEL["forms"])))
def test_header_funds_total_and_grade(index: int) -> None:
    golden, label = GOLDEN[index], LABEL["forms"][index]
    for key in ("year", "project_name", "department", "implementing_unit", "grade"):
        assert golden[key] == label[key], key
    assert golden["total"] == label["total"]
    funds = golden["funds"]
    for key in ("unit", "weight", "rate", "score"):
        assert funds[key] == label["funds"][key], key
    rows = [[r["source"], r["initial"], r["annual"], r["executed"], r["rate"]]
            for r in funds["rows"]]
    assert rows == label["funds"]["rows"]


@pytest.mark.parametrize("index", range(len(LABEL["forms"])))
def test_goals_begin_and_end_as_printed(index: int) -> None:
    golden, label = GOLDEN[index], LABEL["forms"][index]
    for key in ("expected", "actual"):
        text = _squeeze(golden["goals"][key]) or ""
        start, end = label["goals"][key]
        assert text.startswith(start), (key, text[:40])
        assert text.endswith(end), (key, text[-40:])


def _rows(index: int) -> list[tuple[int, str, Any, Any]]:
    """(row, field, golden value, label value) for every indicator cell of one form."""
    golden, label = GOLDEN[index]["indicators"], LABEL["forms"][index]["indicators"]
    assert len(golden) == len(label)
    cells = []
    for row, (g, lab) in enumerate(zip(golden, label, strict=True)):
        for field, expected in zip(COLUMNS, lab, strict=True):
            actual = g[field]
            if field in TEXT_FIELDS:
                actual, expected = _squeeze(actual), _squeeze(expected)
            cells.append((row, field, actual, expected))
    return cells


@pytest.mark.parametrize("index", range(len(LABEL["forms"])))
def test_every_indicator_cell(index: int) -> None:
    wrong = [(row, field, actual, expected) for row, field, actual, expected in _rows(index)
             if actual != expected]
    assert wrong == []


def test_the_label_covers_every_field_of_the_golden() -> None:
    indicator_keys = {k for form in GOLDEN for ind in form["indicators"] for k in ind}
    assert indicator_keys == set(COLUMNS)
    form_keys = {k for form in GOLDEN for k in form} - {"schema_version", "kind", "indicators"}
    assert form_keys <= {k for form in LABEL["forms"] for k in form}


def test_golden_and_label_were_checked_together() -> None:
    """A golden regenerated (or a label edited) without re-checking the pair fails here: after
    checking, record both hashes in tests/data/labels/checked.json (see its README)."""
    checked = json.loads((LABELS / "checked.json").read_text(encoding="utf-8"))
    entry = checked["tests/data/golden/seed.json"]
    golden_path = DATA / "golden" / "seed.json"
    label_path = LABELS / "seed.label.json"
    assert entry["label"] == "tests/data/labels/seed.label.json"
    assert _sha256(golden_path) == entry["golden_sha256"], (
        "seed.json changed without its hand label being checked again")
    assert _sha256(label_path) == entry["label_sha256"], (
        "seed.label.json changed: record the check in checked.json")
