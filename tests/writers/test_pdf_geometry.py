"""PDF writer geometry: every character the writer puts on a page lies inside its cell — no
glyph crosses a drawn table line or leaves the page — read back from the written PDF with
pypdfium2 (glyph boxes from the text page, rules from the path objects).

A wrapping that forgets the width of a space, a row height rounded down instead of up or a
leading ignored puts glyphs across a border, which these tests see.
"""

from __future__ import annotations

from dataclasses import replace

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from jixiao.core.model import Form, Indicator
from jixiao.writers.pdf import render_pdf
from tests.writers.test_pdf_writer import _font_or_skip, long_form, seed_forms

#: Glyph boxes may touch a rule (anti-aliasing, rounding): this much overlap is allowed (pt).
SLACK = 0.3

Box = tuple[float, float, float, float]  # left, bottom, right, top


def _overlap(a: Box, b: Box) -> bool:
    return (min(a[2], b[2]) - max(a[0], b[0]) > SLACK
            and min(a[3], b[3]) - max(a[1], b[1]) > SLACK)


def _crossings(pdf: bytes) -> list[tuple[int, str, Box]]:
    """(page, character, glyph box) for every glyph that crosses a rule or leaves the page."""
    document = pdfium.PdfDocument(pdf)
    bad = []
    seen = 0
    for number in range(len(document)):
        page = document[number]
        width, height = page.get_size()
        rules = [o.get_bounds() for o in page.get_objects()
                 if o.type == pdfium_c.FPDF_PAGEOBJ_PATH]
        rules = [r for r in rules if min(r[2] - r[0], r[3] - r[1]) < 3]  # lines, not fills
        text = page.get_textpage()
        for i in range(text.count_chars()):
            char = text.get_text_range(i, 1)
            if not char.strip():
                continue
            box = text.get_charbox(i)
            if box[2] - box[0] <= 0 or box[3] - box[1] <= 0:
                continue
            seen += 1
            outside = box[0] < 0 or box[1] < 0 or box[2] > width or box[3] > height
            if outside or any(_overlap(box, rule) for rule in rules):
                bad.append((number + 1, char, box))
        assert rules, f"page {number + 1}: no table rules found"
    assert seen > 0, "no glyphs found"
    return bad


@pytest.fixture(autouse=True)
def _font() -> None:
    _font_or_skip()


def test_seed_forms_stay_inside_their_cells() -> None:
    assert _crossings(render_pdf(seed_forms(), attach_json=False)) == []


def test_a_long_table_over_several_pages_stays_inside() -> None:
    assert _crossings(render_pdf([long_form(60)], attach_json=False)) == []


LONG = "绩效目标完成情况良好 " * 12
MIXED = "Budget execution rate 95.00% of 1,234.56 万元 in 2024 年 " * 5


@pytest.mark.parametrize("text", [LONG, MIXED, "长" * 300, "a" * 200, "1 2 3 4 5 6 7 8 9 " * 20])
def test_wrapped_text_stays_inside(text: str) -> None:
    base = seed_forms()[0]
    rows = list(base.indicators)
    rows[0] = replace(rows[0], name=text, note=text, target=text[:40])
    form = replace(base, project_name=text[:60], indicators=tuple(rows),
                   goals=replace(base.goals, expected=text, actual=text))
    assert _crossings(render_pdf([form], attach_json=False)) == []


def test_blank_and_sparse_forms_stay_inside() -> None:
    sparse = Form(project_name="项目", indicators=(
        Indicator(None, None, "只有名称", None, None, None, None, None),))
    assert _crossings(render_pdf([Form(project_name=""), sparse], attach_json=False)) == []


def test_the_detector_sees_a_line_through_text() -> None:
    import io

    from reportlab.pdfgen import canvas

    from jixiao.writers.fonts import find_cjk_font

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=(200, 200))
    font = find_cjk_font()
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont("GeometryProbe", str(font.path), subfontIndex=font.index))
    page.setFont("GeometryProbe", 12)
    page.drawString(20, 100, "穿线文字")
    page.setLineWidth(1)
    page.line(40, 90, 40, 120)  # a vertical rule through the second glyph
    page.line(10, 10, 190, 10)  # and one far from the text
    page.save()
    crossed = _crossings(buffer.getvalue())
    assert [c for _, c, _ in crossed] == ["线"]

