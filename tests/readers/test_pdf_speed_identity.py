"""The PDF reader's cheaper paths give what the plain ones give (issue 9: speed without a
changed byte): the stream budget's deflate bound, and pdfium calls bound without types."""

from __future__ import annotations

import ctypes
import io
import itertools
import random
import zlib
from typing import Any

import pytest

from jixiao.readers import pdf as reader
from jixiao.readers import pdf_grid
from jixiao.readers.base import UnreadableInput
from jixiao.readers.limits import ReadLimits
from jixiao.readers.pdf_grid import Grid, Line, TextRun


def _pdf_with_stream(content: bytes, tail: int = 0) -> bytes:
    """A PDF-like byte string with one Flate stream, followed by `tail` bytes of padding."""
    return (b"%%PDF-1.4\n1 0 obj\n<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content)
            + content + b"\nendstream\nendobj\n" + b"%" * tail + b"\n%%EOF\n")


def _inflated_sizes(data: bytes) -> list[int]:
    """What each Flate stream of `data` inflates to, measured whole (no shortcut)."""
    sizes = []
    for match in reader._STREAM_START.finditer(data):
        inflater = zlib.decompressobj()
        try:
            sizes.append(len(inflater.decompress(data[match.end():])))
        except zlib.error:
            continue
    return sizes


def test_deflate_cannot_beat_the_ratio_the_stream_check_relies_on() -> None:
    for payload in (b"\0" * (8 << 20), b"a" * (3 << 20)):
        packed = zlib.compress(payload, 9)
        assert len(payload) <= len(packed) * reader._DEFLATE_MAX_RATIO


@pytest.mark.parametrize("budget", [1 << 20, 3 << 20, 64 << 20])
@pytest.mark.parametrize(("inflated", "tail"), [(2 << 20, 0), (2 << 20, 5000),
                                                 (6 << 20, 0), (100 << 20, 0),
                                                 (100 << 10, 0)])
def test_stream_budget_refuses_exactly_what_full_measuring_refuses(
        budget: int, inflated: int, tail: int) -> None:
    data = _pdf_with_stream(zlib.compress(b"\0" * inflated, 9), tail)
    too_big = any(size > budget for size in _inflated_sizes(data))
    limits = ReadLimits(max_stream_bytes=budget)
    if too_big:
        with pytest.raises(UnreadableInput, match="解压后过大"):
            reader.check_streams(data, "x.pdf", limits)
    else:
        reader.check_streams(data, "x.pdf", limits)


def test_lean_object_calls_see_the_types_pypdfium2_sees() -> None:
    import pypdfium2 as pdfium
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.drawString(72, 720, "Hello")
    c.rect(72, 600, 200, 50, stroke=1, fill=0)
    c.line(72, 500, 300, 500)
    c.drawString(72, 480, "World")
    c.save()
    doc = pdfium.PdfDocument(buf.getvalue())
    try:
        page = doc[0]
        lean = reader._lean_calls()
        handle = reader._Address(ctypes.cast(page.raw, ctypes.c_void_p).value)
        seen = [lean.get_type(lean.get_object(handle, i))
                for i in range(pdfium.raw.FPDFPage_CountObjects(page.raw))]
        assert seen == [obj.type for obj in page.get_objects(max_depth=1)]
        assert pdfium.raw.FPDF_PAGEOBJ_PATH in seen and pdfium.raw.FPDF_PAGEOBJ_TEXT in seen
        page.close()
    finally:
        doc.close()


def _reference_spans(grid: Grid) -> list[tuple[int, int, int, int]]:
    """`cell_spans` as first written: every piece of every inner border measured by
    `_coverages`, positions joined where it is below `COVERAGE`, regions as `_regions`."""
    xs, ys = grid.xs, grid.ys
    n_r, n_c = len(ys) - 1, len(xs) - 1
    parent = list(range(n_r * n_c))

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    v_spans = pdf_grid._spans_at(grid.verticals, xs)
    h_spans = pdf_grid._spans_at(grid.horizontals, ys)
    for c in range(n_c - 1):
        for r, share in enumerate(pdf_grid._coverages(v_spans[c + 1], ys)):
            if share < pdf_grid.COVERAGE:
                union(r * n_c + c, r * n_c + c + 1)
    for r in range(n_r - 1):
        for c, share in enumerate(pdf_grid._coverages(h_spans[r + 1], xs)):
            if share < pdf_grid.COVERAGE:
                union(r * n_c + c, (r + 1) * n_c + c)
    return pdf_grid._regions([find(i) for i in range(n_r * n_c)], n_c)


def _random_lines(rng: random.Random, edges: tuple[float, ...], across: tuple[float, ...]
                  ) -> list[Line]:
    """Pieces of lines at the inner `edges`: whole, missing, or drawn over part of a cell
    side (a half exactly, a hair more or less, a little past the corner, split in two)."""
    lines = [Line(edges[0], across[0], across[-1]), Line(edges[-1], across[0], across[-1])]
    for pos in edges[1:-1]:
        for a, b in itertools.pairwise(across):
            kind = rng.choice(("whole", "whole", "none", "half", "hair", "past", "split"))
            if kind == "whole":
                lines.append(Line(pos, a, b))
            elif kind == "half":
                lines.append(Line(pos, a, a + (b - a) * 0.5))
            elif kind == "hair":
                lines.append(Line(pos, a, a + (b - a) * rng.choice((0.5 - 1e-12, 0.5 + 1e-12))))
            elif kind == "past":
                lines.append(Line(pos, a - 0.3, a + (b - a) * rng.random()))
            elif kind == "split":
                m = a + (b - a) * rng.random()
                lines += [Line(pos, a, m), Line(pos, m - 0.1, b)]
    return lines


def test_cell_spans_measure_borders_as_the_first_version_did() -> None:
    rng = random.Random(9)
    merged = 0
    for _ in range(300):
        xs = tuple(itertools.accumulate([0.0, *(rng.uniform(8, 60) for _ in range(
            rng.randint(1, 8)))]))
        ys = tuple(itertools.accumulate([0.0, *(rng.uniform(8, 30) for _ in range(
            rng.randint(1, 12)))]))
        grid = Grid(xs, ys, tuple(_random_lines(rng, ys, xs)), tuple(_random_lines(rng, xs, ys)))
        want = _reference_spans(grid)
        assert pdf_grid.cell_spans(grid) == want
        merged += any(rows > 1 or cols > 1 for _, _, rows, cols in want)
    assert merged > 100


def _reference_glyphs(textpage: Any, space: reader.PageSpace
                      ) -> list[tuple[str, float, float, float, float]]:
    """Every glyph of a text page as pypdfium2's typed bindings give it (`_CharReader._load`
    as first written)."""
    import pypdfium2.raw as raw

    tp = textpage.raw
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    chars = []
    for i in range(raw.FPDFText_CountChars(tp)):
        code = raw.FPDFText_GetUnicode(tp, i)
        if (not code or raw.FPDFText_IsGenerated(tp, i) == 1
                or not raw.FPDFText_GetCharBox(tp, i, left, right, bottom, top)):
            chars.append(("", 0.0, 0.0, 0.0, 0.0))
            continue
        ch = chr(code)
        chars.append(("" if ch in "\r\n\x02\ufffe" else ch,
                      *space.box(left.value, bottom.value, right.value, top.value)))
    return chars


def test_glyphs_and_runs_read_lean_are_those_read_typed() -> None:
    import pypdfium2 as pdfium
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    for turned in (False, True):
        c.drawString(72, 720, "Hello  world 7.20")
        c.drawString(300, 700, "2024 x")
        if turned:
            c.setPageRotation(90)
        c.showPage()
    c.save()
    doc = pdfium.PdfDocument(buf.getvalue())
    try:
        for index, rotation in enumerate((0, 90)):
            page = doc[index]
            space = reader._page_space(page)
            assert space.rotation == rotation
            textpage = page.get_textpage()
            glyphs = reader._CharReader(textpage, space)._load()
            assert glyphs == _reference_glyphs(textpage, space)
            assert "".join(g[0] for g in glyphs).startswith("Hello world 7.20")
            if rotation == 0:
                runs, _ = reader._text_runs(textpage, space)
                assert [r.text for r in runs] == ["Hello world 7.20", "2024 x"]
                first = glyphs[0]
                assert (runs[0].x0, runs[0].top) == (first[1], first[2])
            textpage.close()
            page.close()
    finally:
        doc.close()


def _reference_lines(runs: list[TextRun]) -> list[list[TextRun]]:
    """`_lines_of` as first written: each run tried against every line, in order."""
    lines: list[tuple[float, float, list[TextRun]]] = []
    for run in sorted(runs, key=lambda r: (r.top, r.x0)):
        for k, (top, bottom, members) in enumerate(lines):
            overlap = min(run.bottom, bottom) - max(run.top, top)
            if overlap > 0.5 * min(run.height, bottom - top):
                members.append(run)
                lines[k] = (min(run.top, top), max(run.bottom, bottom), members)
                break
        else:
            lines.append((run.top, run.bottom, [run]))
    lines.sort(key=lambda line: line[0])
    return [sorted(members, key=lambda r: r.x0) for _, _, members in lines]


def test_many_runs_make_the_lines_the_first_version_made() -> None:
    rng = random.Random(91)
    many = 0
    for _ in range(300):
        runs = []
        for k in range(rng.randint(1, 80)):
            top = rng.choice((rng.uniform(0, 300), round(rng.uniform(0, 300) / 12) * 12.0))
            height = rng.choice((rng.uniform(6, 12), rng.uniform(12, 40), 0.0, 0.05))
            x0 = rng.uniform(0, 500)
            runs.append(TextRun(f"r{k}", x0, top, x0 + rng.uniform(1, 80), top + height))
        many += len(runs) > pdf_grid._MANY_RUNS
        assert pdf_grid._lines_of(runs) == _reference_lines(runs)
    assert many > 100
