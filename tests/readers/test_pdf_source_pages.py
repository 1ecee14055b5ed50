"""Source pages of the PDF reader: the seed forms written as a PDF (form 1 on pages 1–2, form 3
on pages 4–6) and read back; each field's and finding's source names the page its cell is on
(`grid.Cell.page`), not the first page of the table the cell belongs to."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import pytest

from jixiao.readers.dispatch import read_bytes
from jixiao.writers.pdf import render_pdf
from tests.writers.support import seed_forms
from tests.writers.test_pdf_writer import _font_or_skip

_CELL_PAGE = re.compile(r"^第(\d+)页 ")


@lru_cache(maxsize=1)
def _results() -> tuple[Any, ...]:
    return tuple(read_bytes(render_pdf(seed_forms(), attach_json=False), "seed.pdf"))


@pytest.fixture(autouse=True)
def _font() -> None:
    _font_or_skip()


def test_forms_start_on_their_pages() -> None:
    starts = [r.sources["project_name"].page for r in _results()]
    assert starts == [1, 3, 4, 7]


def test_rows_on_a_continuation_page_name_that_page_in_the_cell() -> None:
    results = _results()
    last = results[0].sources[f"indicators[{len(results[0].form.indicators) - 1}].name"]
    assert last.cell is not None and last.cell.startswith("第2页 ")
    assert results[2].sources["indicators[35].name"].cell.startswith("第6页 ")


def test_source_page_is_the_page_of_the_cell() -> None:
    wrong = [(r.form.project_name, path, ref.page, ref.cell)
             for r in _results() for path, ref in r.sources.items()
             if ref.cell and (m := _CELL_PAGE.match(ref.cell)) and int(m.group(1)) != ref.page]
    assert wrong == []
    later = [ref for r in _results() for ref in r.sources.values()
             if ref.page is not None and ref.page > r.sources["project_name"].page]
    assert later  # rows on continuation pages exist, so the test can fail


def test_findings_name_the_page_of_their_cell() -> None:
    wrong = [(f.code, f.source) for r in _results() for f in r.findings
             if f.source and f.source.cell and (m := _CELL_PAGE.match(f.source.cell))
             and int(m.group(1)) != f.source.page]
    assert wrong == []
