"""The table mapper's cheaper paths give what the plain ones give (issue 9): a table of one-row
cells expanded without sorting its rows, a span's place made straight from its cell, and a row
put only to the caption-row tests one of its texts can pass."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest

from jixiao.core.findings import SourceRef
from jixiao.core.form_json import forms_from_json_value
from jixiao.readers import grid_form
from jixiao.readers.dispatch import read_bytes
from jixiao.readers.grid import Cell, Table
from jixiao.readers.grid_form import _Builder, _source, expand_table
from jixiao.writers.html import render_html
from jixiao.writers.xlsx import render_xlsx

from .test_grid_form_expand import assert_expands_as_reference


def flat_cells(rng: random.Random, overlapping: bool) -> list[Cell]:
    """Cells one row high (some wide), shuffled; with `overlapping`, wide cells laid over
    their neighbours."""
    cells = []
    for r in range(rng.randint(1, 6)):
        c = 0
        while c < 8:
            width = rng.randint(1, 3)
            if rng.random() < 0.8:
                cells.append((r, c, width))
            c += width if not (overlapping and rng.random() < 0.3) else 1
    rng.shuffle(cells)
    return [Cell(f"格{k}", r, c, 1, cols, ref=f"格{k}") for k, (r, c, cols) in enumerate(cells)]


@pytest.mark.parametrize("overlapping", [False, True])
def test_one_row_cells_expand_as_the_reference_does(overlapping: bool) -> None:
    rng = random.Random(20261201 + overlapping)
    for _ in range(300):
        cells = flat_cells(rng, overlapping)
        if not cells:
            continue
        assert_expands_as_reference(cells)


@pytest.mark.parametrize("filename", [None, "表.pdf"])
def test_a_spans_place_is_its_cells_source(filename: str | None) -> None:
    sources = [None, SourceRef(), SourceRef(file="甲.xlsx", page=3), SourceRef(page=2)]
    tables = [Table((Cell("甲", 0, 0, ref="A1"), Cell("乙", 0, 1, colspan=2, page=5),
                     Cell("丙", 1, 0, rowspan=2, ref="第4页 第2行", page=4),
                     Cell("丁", 1, 1)), source=src) for src in sources]
    builder = _Builder(tables, filename)
    seen = 0
    for index, table in enumerate(tables):
        rows, _ = expand_table(table, index)
        for row in rows:
            for span in row.spans:
                want = _source(table, span.cell, filename)
                assert builder.src(row, span) == want
                assert builder.src(row, span) is builder.src(row, span)  # kept for the span
                seen += 1
    assert seen == 4 * 4  # the tall cell is clipped to the last row
    assert builder.src(None, None) == _source(None, None, filename)


def _documents() -> list[tuple[str, bytes]]:
    """The PDFs under tests/data and the seed forms as XLSX and HTML: all read by the mapper."""
    data = Path(__file__).resolve().parent.parent / "data"
    forms = forms_from_json_value(json.loads((data / "golden" / "seed.json").read_text("utf-8")))
    return [*((p.name, p.read_bytes()) for p in sorted((data / "pdf").glob("*.pdf"))),
            ("seed.xlsx", render_xlsx(forms)), ("seed.html", render_html(forms).encode())]


def test_caption_rows_are_taken_as_when_every_test_is_asked(
        monkeypatch: pytest.MonkeyPatch) -> None:
    documents = _documents()
    gated = [read_bytes(data, name) for name, data in documents]
    plain_expand = grid_form.expand_table

    def every_test(table: Table, index: int = 0) -> tuple[list[grid_form.GridRow], list[Any]]:
        rows, findings = plain_expand(table, index)
        for row in rows:
            row.kinds = -1  # no test skipped
        return rows, findings

    monkeypatch.setattr(grid_form, "expand_table", every_test)
    asked = [read_bytes(data, name) for name, data in documents]
    assert asked == gated
    assert sum(len(results) for results in gated) >= 10
