"""The HTML writer: the official layout, printable, self-contained and escaped."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings

from jixiao.core.model import Form, Indicator
from jixiao.writers.html import render_html
from jixiao.writers.layout import official_layout
from tests.writers.support import (
    FORMS,
    all_forms,
    assert_golden,
    html_grid,
    html_tables,
    seed_forms,
)

REAL = all_forms()


def test_seed_html_matches_its_golden_grid() -> None:
    assert_golden("seed.html.json", html_grid(render_html(seed_forms())))


def test_document_is_self_contained_and_printable() -> None:
    text = render_html(seed_forms())
    assert text.startswith("<!DOCTYPE html>")
    assert '<html lang="zh-CN">' in text
    assert '<meta charset="utf-8">' in text
    assert "@page { size: A4 portrait;" in text
    assert "page-break-before: always" in text
    assert text.count('<section class="page">') == 4
    for external in ("<script", "<link", "src=", "url(", "http://", "https://", "@import"):
        assert external not in text


@pytest.mark.parametrize(("name", "form"), REAL, ids=[n for n, _ in REAL])
def test_every_real_form_renders_its_layout_cell_for_cell(name: str, form: Form) -> None:
    layout = official_layout(form)
    (table,) = html_tables(render_html([form]))
    cells = [c for _, row in layout.rows() for c in row]
    rendered = [c for row in table for c in row]
    assert [c["text"] for c in rendered] == [c.text for c in cells]
    assert [int(c["attrs"].get("rowspan", 1)) for c in rendered] == [c.rowspan for c in cells]
    assert [int(c["attrs"].get("colspan", 1)) for c in rendered] == [c.colspan for c in cells]


def test_level1_cells_are_merged_with_rowspan() -> None:
    text = render_html(seed_forms()[:1])
    assert '<td class="value" rowspan="8" data-key="indicators[1].level1">产出指标</td>' in text


def test_everything_is_escaped() -> None:
    nasty = '<script>alert("x")</script> & \'q\''
    form = Form(project_name=nasty, indicators=(
        Indicator("产出指标", "数量指标", nasty, target="<≥1>", note="a\nb"),))
    text = render_html([form])
    assert "<script>" not in text
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;q&#x27;" in text
    (table,) = html_tables(text)
    values = {c["attrs"].get("data-key"): c["text"] for row in table for c in row}
    assert values["project_name"] == nasty
    assert values["indicators[0].target"] == "<≥1>"
    assert values["indicators[0].note"] == "a\nb"
    assert re.search(r"<title>[^<]*&lt;script&gt;", text)


@settings(max_examples=60, deadline=None)
@given(FORMS)
def test_random_forms_show_every_field_verbatim(form: Form) -> None:
    layout = official_layout(form)
    (table,) = html_tables(render_html([form]))
    values = {c["attrs"].get("data-key"): c["text"] for row in table for c in row}
    for cell in layout.cells:
        if cell.key:
            assert values[cell.key] == cell.text
