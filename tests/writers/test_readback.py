"""Round trips: what the writers render (HTML, XLSX, the form table of the DOCX report), the
table readers read back as the same form.

Funds row labels are left out of the comparison: a row without a `label` is printed with its
usual caption (年度资金总额, …), and whether a reader reports a row caption as `label` (optional in
form-json.md) is the reader's policy, not something the writers can round-trip.
"""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from hypothesis import given, settings

from jixiao.core.form_json import form_to_dict
from jixiao.core.model import Form
from jixiao.writers.docx_report import render_report
from jixiao.writers.html import render_html
from jixiao.writers.xlsx import render_xlsx
from tests.writers.support import REALISTIC_FORMS, all_forms, report_item, seed_forms

CASES = [(f"writers-seed-{i}", f) for i, f in enumerate(seed_forms())] + all_forms()
IDS = [n for n, _ in CASES]


def _reader(module: str, function: str) -> Any:
    try:
        mod = importlib.import_module(module)
    except ImportError:
        pytest.skip(f"{module} has not landed yet")
    return getattr(mod, function)


def comparable(form: Form) -> dict[str, Any]:
    """A form's canonical JSON without funds row labels."""
    data = form_to_dict(form)
    for row in data["funds"]["rows"]:
        row.pop("label", None)
    return data


@pytest.mark.parametrize(("name", "form"), CASES, ids=IDS)
def test_html_reads_back_identically(name: str, form: Form) -> None:
    read_html = _reader("jixiao.readers.html", "read_html")
    results = read_html(render_html([form]).encode("utf-8"), filename="x.html")
    assert len(results) == 1
    assert comparable(results[0].form) == comparable(form)


def test_html_with_every_form_reads_back_in_order() -> None:
    read_html = _reader("jixiao.readers.html", "read_html")
    forms = [f for _, f in CASES]
    results = read_html(render_html(forms).encode("utf-8"), filename="all.html")
    assert [comparable(r.form) for r in results] == [comparable(f) for f in forms]


@pytest.mark.parametrize(("name", "form"), CASES, ids=IDS)
def test_xlsx_reads_back_identically(name: str, form: Form) -> None:
    read_xlsx = _reader("jixiao.readers.xlsx", "read_xlsx")
    results = read_xlsx(render_xlsx([form]), filename="x.xlsx")
    assert len(results) == 1
    assert comparable(results[0].form) == comparable(form)


def test_xlsx_with_every_form_reads_back_in_order() -> None:
    read_xlsx = _reader("jixiao.readers.xlsx", "read_xlsx")
    forms = [f for _, f in CASES]
    results = read_xlsx(render_xlsx(forms), filename="all.xlsx")
    assert [comparable(r.form) for r in results] == [comparable(f) for f in forms]


@pytest.mark.parametrize(("name", "form"), CASES, ids=IDS)
def test_docx_report_form_table_reads_back_identically(name: str, form: Form) -> None:
    read_docx = _reader("jixiao.readers.docx", "read_docx")
    results = read_docx(render_report([report_item(form)]), filename="report.docx")
    assert len(results) == 1
    assert comparable(results[0].form) == comparable(form)


def test_docx_report_of_every_form_reads_back_in_order() -> None:
    read_docx = _reader("jixiao.readers.docx", "read_docx")
    forms = [f for _, f in CASES]
    results = read_docx(render_report([report_item(f) for f in forms]), filename="all.docx")
    assert [comparable(r.form) for r in results] == [comparable(f) for f in forms]


@settings(max_examples=40, deadline=None)
@given(REALISTIC_FORMS)
def test_random_realistic_forms_read_back_from_html(form: Form) -> None:
    read_html = _reader("jixiao.readers.html", "read_html")
    (result,) = read_html(render_html([form]).encode("utf-8"))
    assert comparable(result.form) == comparable(form)


@settings(max_examples=15, deadline=None)
@given(REALISTIC_FORMS)
def test_random_realistic_forms_read_back_from_xlsx(form: Form) -> None:
    read_xlsx = _reader("jixiao.readers.xlsx", "read_xlsx")
    (result,) = read_xlsx(render_xlsx([form]))
    assert comparable(result.form) == comparable(form)
