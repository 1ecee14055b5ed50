"""PDF speed, round 3 (issue 9): the faster paths give what the plain ones gave, compared with
the plain versions kept here on random inputs: joining a page's part to a table (linear in the
pages), row starts of a three-line table, and a wrapped cell's text."""

from __future__ import annotations

import bisect
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.readers import pdf_grid, pdf_open
from jixiao.readers.pdf_grid import RuledTable, TextRun, _Part, _PartCell

# ---------------------------------------------------------------- joining pages (reference)


def _signatures(cells: list[_PartCell]) -> dict[int, tuple[tuple[int, int, int, str], ...]]:
    rows: dict[int, list[tuple[int, int, int, str]]] = {}
    for r, xl, xr, rowspan, text, _, _ in cells:
        rows.setdefault(r, []).append((round(xl), round(xr), rowspan, text))
    return {r: tuple(sorted(sig)) for r, sig in rows.items()}


def _plain_repeated_header_rows(head: _Part, tail: _Part) -> int:
    best = 0
    tail_rows = _signatures(tail.cells)
    head_rows = _signatures(head.cells)
    for k in (1, 2, 3):
        if k >= tail.n_rows:
            break
        if any(r < k and r + span > k for r, _, _, span, _, _, _ in tail.cells):
            continue
        want = [tail_rows.get(r, ()) for r in range(k)]
        if not all(sig and any(text for *_, text in sig) for sig in want) or \
                sum(len(sig) for sig in want) < 2:
            continue
        for start in range(head.n_rows - k + 1):
            if [head_rows.get(start + r, ()) for r in range(k)] == want:
                best = k
                break
    return best


def _plain_continue(head: _Part, tail: _Part) -> None:
    skip = _plain_repeated_header_rows(head, tail)
    tail_cells = [(r - skip, *rest) for r, *rest in tail.cells if r >= skip]
    joined: set[int] = set()
    tail_top = [(m, cell) for m, cell in enumerate(tail_cells) if cell[0] == 0]
    for k, (r, xl, xr, span, text, ref, page) in enumerate(head.cells):
        if r + span != head.n_rows:
            continue
        for m, (_r2, xl2, xr2, span2, text2, _ref2, _page2) in tail_top:
            if (m not in joined and pdf_grid._same_x(xl, xl2) and pdf_grid._same_x(xr, xr2)
                    and (span > 1 or span2 > 1) and pdf_grid._continues(text, text2)):
                squeeze = pdf_grid._squeeze
                longer = text2 if len(squeeze(text2)) > len(squeeze(text)) else text
                head.cells[k] = (r, xl, xr, span + span2, longer, ref, page)
                joined.add(m)
                break
    for m, (r2, xl2, xr2, span2, text2, ref2, page2) in enumerate(tail_cells):
        if m not in joined:
            head.cells.append((head.n_rows + r2, xl2, xr2, span2, text2, ref2, page2))
    head.xs = sorted({*head.xs, *tail.xs})
    head.n_rows += tail.n_rows - skip
    head.last_page = tail.last_page


_XS = [50.0, 90.0, 160.0, 300.0, 420.0, 545.0]
_TEXTS = ["", "一级指标", "二级指标", "三级指标", "产出指标", "数量指标", "得分", "10", "产出"]


def _random_part(rng: random.Random, page: int) -> _Part:
    """A page's part: a few rows of cells over the same columns, merged cells and repeated
    texts drawn often, so that headers repeat and cells join across the page break."""
    n_rows = rng.randint(1, 6)
    cells: list[_PartCell] = []
    for r in range(n_rows):
        c = 0
        while c < len(_XS) - 1:
            width = rng.choice([1, 1, 1, 2])
            right = min(c + width, len(_XS) - 1)
            span = rng.choice([1, 1, 1, 2, 3])
            if rng.random() < 0.85:
                cells.append((r, _XS[c] + rng.choice([0.0, 0.4]), _XS[right], span,
                              rng.choice(_TEXTS), f"第{page}页 第{r + 1}行第{c + 1}列", page))
            c = right
    return _Part(xs=list(_XS), n_rows=n_rows, cells=cells, last_page=page)


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_joining_pages_gives_what_the_plain_join_gives(seed: int) -> None:
    rng = random.Random(seed)
    pages = [_random_part(rng, p) for p in range(1, rng.randint(2, 9))]
    if rng.random() < 0.5:  # a header repeated on every page
        header = [cell for cell in pages[0].cells if cell[0] == 0 and cell[3] == 1]
        for part in pages[1:]:
            part.cells = [(r + 1, *rest) for r, *rest in part.cells] + \
                [(0, *rest[:-1], part.last_page) for _, *rest in header]
            part.n_rows += 1
    fast = _Part(xs=list(pages[0].xs), n_rows=pages[0].n_rows, cells=list(pages[0].cells))
    plain = _Part(xs=list(pages[0].xs), n_rows=pages[0].n_rows, cells=list(pages[0].cells))
    for part in pages[1:]:
        pdf_grid._continue(fast, _Part(xs=list(part.xs), n_rows=part.n_rows,
                                       cells=list(part.cells), last_page=part.last_page))
        _plain_continue(plain, part)
        assert (fast.cells, fast.xs, fast.n_rows, fast.last_page) == \
            (plain.cells, plain.xs, plain.n_rows, plain.last_page)


def test_a_header_repeated_on_each_page_is_dropped_on_a_long_table() -> None:
    header = (0, 50.0, 300.0, 1, "三级指标", "", 1), (0, 300.0, 545.0, 1, "得分", "", 1)
    head = _Part(xs=[50.0, 300.0, 545.0], n_rows=1, cells=list(header))
    for page in range(2, 40):
        body = [(1, 50.0, 300.0, 1, f"指标{page}", "", page), (1, 300.0, 545.0, 1, "5", "", page)]
        tail = _Part(xs=[50.0, 300.0, 545.0], n_rows=2, last_page=page,
                     cells=[(r, *rest[:-1], page) for r, *rest in header] + body)
        pdf_grid._continue(head, tail)
    assert head.n_rows == 39
    assert [text for r, *_, text, _, _ in head.cells if r == 0] == ["三级指标", "得分"]
    assert sum(1 for cell in head.cells if cell[4] == "三级指标") == 1


def test_a_row_signed_before_its_cell_is_joined_is_signed_again() -> None:
    """Page 2 continues the merged 产出指标 of page 1 (its row's signature changes after the
    rows were signed); page 3 starts with that row as it was signed before the join: not a
    repeated header now, so its 产出指标 continues the merged cell again."""
    def cell(r: int, left: float, right: float, span: int, text: str, page: int) -> _PartCell:
        return (r, left, right, span, text, "", page)

    def parts() -> list[_Part]:
        return [
            _Part(xs=[50.0, 300.0, 545.0], n_rows=2, last_page=1, cells=[
                cell(0, 50, 300, 1, "一级指标", 1), cell(0, 300, 545, 1, "得分", 1),
                cell(1, 50, 300, 1, "产出指标", 1), cell(1, 300, 545, 1, "5", 1)]),
            _Part(xs=[50.0, 300.0, 545.0], n_rows=2, last_page=2, cells=[
                cell(0, 50, 300, 2, "产出指标", 2), cell(0, 300, 545, 1, "6", 2),
                cell(1, 300, 545, 1, "7", 2)]),
            _Part(xs=[50.0, 300.0, 545.0], n_rows=2, last_page=3, cells=[
                cell(0, 50, 300, 1, "产出指标", 3), cell(0, 300, 545, 1, "5", 3),
                cell(1, 50, 300, 1, "效益指标", 3), cell(1, 300, 545, 1, "8", 3)])]

    fast, plain = parts(), parts()
    for part in fast[1:]:
        pdf_grid._continue(fast[0], part)
    for part in plain[1:]:
        _plain_continue(plain[0], part)
    assert fast[0].cells == plain[0].cells
    assert fast[0].n_rows == plain[0].n_rows == 6  # nothing dropped as a repeated header
    assert fast[0].cells[2] == cell(1, 50, 300, 4, "产出指标", 1)  # joined on pages 2 and 3


def test_assembled_long_table_keeps_its_cells_in_order() -> None:
    def table(page: int, n: int) -> RuledTable:
        xs = (50.0, 300.0, 545.0)
        ys = tuple(100.0 + 20 * r for r in range(n + 2))
        cells = [pdf_grid.GridCell(0, 0, 1, 1, (0, 0, 0, 0), "三级指标"),
                 pdf_grid.GridCell(0, 1, 1, 1, (0, 0, 0, 0), "得分")]
        cells += [pdf_grid.GridCell(r, 0, 1, 1, (0, 0, 0, 0), f"指标{page}-{r}")
                  for r in range(1, n + 1)]
        return RuledTable(page, xs, ys, tuple(cells))

    [assembled] = pdf_grid.assemble_tables([[table(p, 3)] for p in range(1, 21)])
    texts = [c.text for c in sorted(assembled.cells, key=lambda c: (c.row, c.col))]
    assert texts[:2] == ["三级指标", "得分"]
    assert texts[2:] == [f"指标{p}-{r}" for p in range(1, 21) for r in range(1, 4)]


# ---------------------------------------------------------------- three-line rows (reference)


def _plain_row_starts(blocks: list[pdf_open._Block], height: float,
                      extents: list[tuple[float, float]]) -> list[float]:
    counts: dict[int, int] = {}
    for b in blocks:
        counts[b.col] = counts.get(b.col, 0) + 1
    most = max(counts.values(), default=0)
    extents = [extent for b, extent in zip(blocks, extents, strict=True)
               if counts[b.col] >= pdf_open.DENSE * most]
    tol = height / 2
    tops = pdf_grid._cluster((top for top, _ in extents), tol)
    return [t for t in tops
            if not any(top < t - tol and bottom > t + tol for top, bottom in extents)] \
        or tops[:1]


def _run(text: str, x0: float, top: float, x1: float, bottom: float) -> TextRun:
    return TextRun(text, x0, top, x1, bottom)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 4), st.integers(0, 60), st.integers(1, 40)),
                min_size=1, max_size=40),
       st.sampled_from([4.0, 9.0, 12.0]))
def test_row_starts_are_the_plain_row_starts(spec: list[tuple[int, int, int]],
                                             height: float) -> None:
    blocks = [pdf_open._Block(col, col, [_run("字", 10.0 * col, 5.0 * top,
                                              10.0 * col + 8, 5.0 * top + size)])
              for col, top, size in spec]
    extents = pdf_open._extents(blocks)
    assert pdf_open._row_starts(blocks, height, extents) == \
        _plain_row_starts(blocks, height, extents)


def test_a_block_keeps_the_extent_of_its_chunks() -> None:
    block = pdf_open._Block(0, 0, [_run("a", 0, 10, 5, 20)])
    block.add([_run("b", 0, 4, 5, 12), _run("c", 0, 15, 5, 31)])
    assert (block.top, block.bottom, block.cy) == (4, 31, 17.5)
    assert [c.text for c in block.chunks] == ["a", "b", "c"]


# ---------------------------------------------------------------- a cell's text (reference)


def _plain_join(runs: list[TextRun]) -> str:
    out = []
    for line in pdf_grid._lines_of(runs):
        parts: list[str] = []
        prev: TextRun | None = None
        for run in line:
            text = run.text.strip()
            if not text:
                continue
            if prev is not None and run.x0 - prev.x1 > min(run.height, prev.height) / 3:
                parts.append(" ")
            parts.append(text)
            prev = run
        if parts:
            out.append("".join(parts))
    return "\n".join(out)


@pytest.mark.parametrize("seed", range(400))
def test_join_runs_is_the_plain_join(seed: int) -> None:
    rng = random.Random(seed)
    runs = []
    y = 100.0
    for _ in range(rng.randint(2, 6)):
        y += rng.choice([0.0, 1.0, 2.0, 3.0, 6.0, 10.0, 12.0, 14.0, rng.uniform(0, 14)])
        x = rng.choice([10.0, 30.0, 31.0])
        size = rng.choice([0.0, 2.0, 5.0, 10.0, 12.0, rng.uniform(0, 12)])
        runs.append(_run(rng.choice(["甲", " ", "乙丙", "7.", "20"]), x, y, x + 20, y + size))
    rng.shuffle(runs)
    assert pdf_grid.join_runs(runs) == _plain_join(runs)


def test_join_runs_stacks_a_wrapped_cell_and_keeps_a_line_of_pieces() -> None:
    wrapped = [_run("第二行", 0, 22, 30, 32), _run("第一行", 0, 10, 30, 20)]
    assert pdf_grid.join_runs(wrapped) == "第一行\n第二行"
    pieces = [_run("7.", 0, 10, 8, 20), _run("20", 8.5, 10.5, 16, 20)]
    assert pdf_grid.join_runs(pieces) == "7.20"


def _plain_row_edges(extents: list[tuple[float, float]], row_of: list[int],
                     starts: list[float], top: float, bottom: float) -> list[float]:
    n = len(starts)
    lows, highs, seen = list(starts), list(starts), [False] * n
    for (high, low), r in zip(extents, row_of, strict=True):
        if not seen[r]:
            lows[r], highs[r], seen[r] = low, high, True
        lows[r] = max(lows[r], low)
        highs[r] = min(highs[r], high)
    return [top, *((lows[r - 1] + highs[r]) / 2 for r in range(1, n)), bottom]


def _plain_col_range(edges: list[float], chunk: TextRun) -> tuple[int, int]:
    inset = min(chunk.height / 4, (chunk.x1 - chunk.x0) / 4)
    n = len(edges) - 2
    c0 = min(max(bisect.bisect_right(edges, chunk.x0 + inset) - 1, 0), n)
    c1 = min(max(bisect.bisect_right(edges, chunk.x1 - inset) - 1, c0), n)
    return c0, c1


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 100), st.floats(0, 30), st.integers(0, 4)),
                min_size=1, max_size=30),
       st.lists(st.floats(0, 100), min_size=5, max_size=5))
def test_row_edges_are_the_plain_row_edges(blocks: list[tuple[float, float, int]],
                                           starts: list[float]) -> None:
    extents = [(top, top + size) for top, size, _ in blocks]
    row_of = [r for _, _, r in blocks]
    starts = sorted(starts)
    assert pdf_open._row_edges(extents, row_of, starts, -1.0, 200.0) == \
        _plain_row_edges(extents, row_of, starts, -1.0, 200.0)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.floats(0, 600), min_size=1, max_size=9),
       st.floats(-20, 620), st.floats(0, 80), st.floats(-1, 14))
def test_col_range_is_the_plain_col_range(edges: list[float], x0: float, width: float,
                                          size: float) -> None:
    edges = sorted(edges)
    chunk = _run("字", x0, 100.0, x0 + width, 100.0 + size)
    assert pdf_open._col_range(edges, chunk) == _plain_col_range(edges, chunk)


def _plain_merged_cells(blocks: list[pdf_open._Block], ys: list[float], height: float,
                        first: int = 0) -> list[tuple[int, int, int, int, list[TextRun]]]:
    out = []
    by_col: dict[tuple[int, int], list[pdf_open._Block]] = {}
    for b in blocks:
        by_col.setdefault((b.col, b.last), []).append(b)
    n = len(ys) - 1
    for (c0, c1), column in by_col.items():
        start = first
        for block in sorted(column, key=lambda b: b.top):
            own = min(max(bisect.bisect_right(ys, block.top + height / 2) - 1, first), n - 1)
            span = None
            if start <= own:
                span = min(range(start, n), key=lambda e: abs((ys[start] + ys[e + 1]) / 2
                                                            - block.cy))
                if abs((ys[start] + ys[span + 1]) / 2 - block.cy) > height / 2 \
                        or ys[span + 1] < block.bottom - height / 2:
                    span = None
            if span is None:
                out.append((own, 1, c0, c1, block.chunks))
                start = own + 1
            else:
                out.append((start, span - start + 1, c0, c1, block.chunks))
                start = span + 1
    return out


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 1), st.integers(0, 60), st.integers(1, 40)),
                min_size=1, max_size=12),
       st.lists(st.integers(0, 300), min_size=2, max_size=14))
def test_merged_cells_are_the_plain_merged_cells(spec: list[tuple[int, int, int]],
                                                 edges: list[int]) -> None:
    ys = [5.0 * y for y in sorted(edges)]
    blocks = [pdf_open._Block(col, col, [_run("产出", 10.0 * col, 5.0 * top, 10.0 * col + 8,
                                               5.0 * top + size)])
              for col, top, size in spec]
    fast = [(c.row, c.rowspan, c.col, c.last, c.chunks)
            for c in pdf_open._merged_cells(blocks, ys, 12.0, first=1)]
    assert fast == _plain_merged_cells(blocks, ys, 12.0, first=1)
