"""PDF speed, round 6 (issue 9): a repeated header is looked for only on the rows that print
its rarest text (the row index signs those rows alone); joins must give what the plain join
(every row signed, `test_pdf_round3`) gives. Three-line tables take each line's extent from
the grouping of the lines, and a region's runs are picked without a call per run."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.readers import pdf_grid, pdf_open
from jixiao.readers.pdf_grid import TextRun, _Part, _PartCell
from tests.readers.test_pdf_round3 import _plain_continue

_XS = [50.0, 120.0, 300.0, 545.0]
#: header texts also printed in body rows, so that a header's texts are found on many rows
_TEXTS = ["", "一级指标", "数量指标", "产出", "产出指标", "10", "得分"]


def _cell(r: int, c0: int, c1: int, span: int, text: str, page: int) -> _PartCell:
    return (r, _XS[c0], _XS[c1], span, text, f"第{page}页 第{r + 1}行第{c0 + 1}列", page)


def _copy(part: _Part) -> _Part:
    return _Part(xs=list(part.xs), n_rows=part.n_rows, cells=list(part.cells),
                 last_page=part.last_page)


def _random_page(rng: random.Random, page: int, header: list[_PartCell]) -> _Part:
    n_rows = rng.randint(1, 5)
    cells: list[_PartCell] = []
    for r in range(n_rows):
        for c in range(len(_XS) - 1):
            span = rng.choice([1, 1, 1, 2]) if r + 1 < n_rows else rng.choice([1, 2])
            if rng.random() < 0.9:
                cells.append(_cell(r, c, c + 1, min(span, n_rows - r + 1), rng.choice(_TEXTS),
                                   page))
    if header and rng.random() < 0.7:  # the header repeated (or a row that looks like it)
        cells = [(r + len(header), *rest) for r, *rest in cells] + \
            [(0, *rest[:-1], page) for _, *rest in header]
        n_rows += 1
    return _Part(xs=list(_XS), n_rows=n_rows, cells=cells, last_page=page)


@pytest.mark.parametrize("seed", range(150))
def test_joins_over_many_pages_give_what_the_plain_join_gives(seed: int) -> None:
    rng = random.Random(seed)
    header = [_cell(0, c, c + 1, 1, rng.choice(_TEXTS[1:]), 1) for c in range(len(_XS) - 1)]
    first = _random_page(rng, 1, [])
    first = _Part(xs=list(_XS), n_rows=first.n_rows + 1, last_page=1,
                  cells=header + [(r + 1, *rest) for r, *rest in first.cells])
    fast, plain = _copy(first), _copy(first)
    for page in range(2, rng.randint(3, 16)):
        part = _random_page(rng, page, header)
        pdf_grid._continue(fast, _copy(part))
        _plain_continue(plain, _copy(part))
        assert (fast.cells, fast.xs, fast.n_rows) == (plain.cells, plain.xs, plain.n_rows)


def test_a_header_whose_texts_fill_the_body_is_still_dropped_on_every_page() -> None:
    """Every body row prints 数量指标 and 10, as the header does: the header (its rarest text
    一级指标) is found on its one row and dropped from each later page."""
    header = [_cell(0, 0, 1, 1, "一级指标", 1), _cell(0, 1, 2, 1, "数量指标", 1),
              _cell(0, 2, 3, 1, "10", 1)]
    head = _Part(xs=list(_XS), n_rows=1, cells=list(header), last_page=1)
    for page in range(2, 30):
        body = [_cell(1, 0, 1, 1, f"指标{page}", page), _cell(1, 1, 2, 1, "数量指标", page),
                _cell(1, 2, 3, 1, "10", page)]
        pdf_grid._continue(head, _Part(xs=list(_XS), n_rows=2, last_page=page, cells=[
            (r, *rest[:-1], page) for r, *rest in header] + body))
    assert head.n_rows == 29
    assert sum(1 for cell in head.cells if cell[4] == "一级指标") == 1
    assert [cell[0] for cell in head.cells if cell[4] == "数量指标"] == list(range(29))


def test_a_cell_whose_text_grew_by_a_join_is_found_by_its_new_text() -> None:
    """产出 (merged over page 1's last two rows) becomes 产出指标, merged over three rows,
    when page 2 continues it, after page 2's first row was looked for among page 1's rows
    (so the row was indexed under 产出); page 3 starts with those three rows as they now
    read: a repeated header, found by the text the row has now, and dropped."""
    page1 = _Part(xs=list(_XS), n_rows=3, last_page=1, cells=[
        _cell(0, 0, 1, 1, "一级指标", 1), _cell(0, 1, 3, 1, "得分", 1),
        _cell(1, 0, 1, 2, "产出", 1), _cell(1, 1, 3, 1, "", 1), _cell(2, 1, 3, 1, "x", 1)])
    page2 = _Part(xs=list(_XS), n_rows=2, last_page=2, cells=[
        _cell(0, 0, 1, 1, "产出指标", 2), _cell(0, 1, 3, 1, "6", 2),
        _cell(1, 0, 1, 1, "效益", 2), _cell(1, 1, 3, 1, "7", 2)])
    page3 = _Part(xs=list(_XS), n_rows=4, last_page=3, cells=[
        _cell(0, 0, 1, 3, "产出指标", 3), _cell(0, 1, 3, 1, "", 3),
        _cell(1, 1, 3, 1, "x", 3), _cell(2, 1, 3, 1, "6", 3),
        _cell(3, 0, 1, 1, "效益指标", 3), _cell(3, 1, 3, 1, "9", 3)])
    fast, plain = _copy(page1), _copy(page1)
    for part in (page2, page3):
        pdf_grid._continue(fast, _copy(part))
        _plain_continue(plain, _copy(part))
    assert fast.cells == plain.cells
    assert fast.n_rows == plain.n_rows == 6
    assert [cell[4] for cell in fast.cells if cell[1] == _XS[0]] == \
        ["一级指标", "产出指标", "效益", "效益指标"]


# ---------------------------------------------------------------- three-line tables


_coord = st.floats(0, 400, allow_nan=False).map(lambda v: round(v, 1))


@st.composite
def _page_runs(draw: st.DrawFn) -> list[TextRun]:
    """Runs of a few heights on nearby baselines: lines overlap, touch and stack."""
    out = []
    for k in range(draw(st.integers(0, 40))):
        x0, top = draw(_coord), draw(st.sampled_from([10.0, 14.0, 20.5, 22.0, 31.0, 40.0]))
        height = draw(st.sampled_from([0.05, 4.0, 9.0, 10.5, 12.0]))
        out.append(TextRun(f"字{k}", x0, top + draw(st.sampled_from([0.0, 0.3, 2.5])),
                           x0 + draw(st.floats(1, 60)), top + height))
    return out


@settings(max_examples=300, deadline=None)
@given(_page_runs())
def test_line_extents_are_the_lines_and_their_least_top_and_greatest_bottom(
        runs: list[TextRun]) -> None:
    lines = pdf_grid.line_extents(runs)
    assert [members for _, _, members in lines] == pdf_grid._lines_of(runs)
    for top, bottom, members in lines:
        assert top == min(r.top for r in members)
        assert bottom == max(r.bottom for r in members)


@settings(max_examples=200, deadline=None)
@given(_page_runs())
def test_a_line_given_its_extent_is_the_line_worked_out_from_its_chunks(
        runs: list[TextRun]) -> None:
    for top, bottom, members in pdf_grid.line_extents(runs):
        chunks = tuple(pdf_open._chunks(members))
        given_extent, worked_out = pdf_open._Line(chunks, (top, bottom)), pdf_open._Line(chunks)
        assert (given_extent.top, given_extent.bottom) == (worked_out.top, worked_out.bottom)


@settings(max_examples=200, deadline=None)
@given(_page_runs(), st.floats(0, 30), st.floats(10, 50), st.floats(0, 200), st.floats(150, 420))
def test_a_region_takes_the_runs_centred_inside_it(runs: list[TextRun], top: float,
                                                   bottom: float, x0: float, x1: float) -> None:
    """`_open_tables` splits the page's runs by `inside` (written out there): a region that
    finds a table takes exactly those runs, the others stay outside, in order."""
    region = pdf_open.Region(x0, top, x1, bottom, ())
    taken: list[list[TextRun]] = []

    def fake_open_table(region: pdf_open.Region, within: list[TextRun], **_: object) -> None:
        taken.append(list(within))

    blocks: list[pdf_grid.Block] = []
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(pdf_open, "open_regions", lambda *_: [region])
        mp.setattr(pdf_open, "open_table", fake_open_table)
        rest = pdf_grid._open_tables([], [], list(runs), 1, lambda _: None, blocks)
    within = [r for r in runs if pdf_open.inside(region, r)]
    assert taken == ([within] if within else [])
    assert rest == runs  # no table found: every run stays outside


def test_a_region_takes_runs_centred_up_to_a_snap_beside_it_and_strictly_between_its_rules(
        ) -> None:
    region = pdf_open.Region(100.0, 50.0, 300.0, 150.0, ())

    def run(cx: float, cy: float) -> TextRun:
        return TextRun(f"{cx},{cy}", cx - 5, cy - 5, cx + 5, cy + 5)

    runs = [run(98.0, 100.0), run(97.0, 100.0), run(302.0, 100.0), run(303.0, 100.0),
            run(200.0, 50.0), run(200.0, 50.5), run(200.0, 150.0), run(200.0, 149.5)]
    taken: list[list[str]] = []
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(pdf_open, "open_regions", lambda *_: [region])
        mp.setattr(pdf_open, "open_table",
                   lambda _region, within, **_: taken.append([r.text for r in within]))
        pdf_grid._open_tables([], [], runs, 1, lambda _: None, [])
    assert taken == [["98.0,100.0", "302.0,100.0", "200.0,50.5", "200.0,149.5"]]
