"""PDF reader, round 4: what a line is (the overlap threshold, checked against fixed answers,
not against code that shares it) and page joins over many pages (the row index's bounds)."""

from __future__ import annotations

import itertools

import pytest

from jixiao.readers import pdf_grid
from jixiao.readers.pdf_grid import TextRun, _Part, _PartCell


def _run(text: str, x0: float, top: float, x1: float, bottom: float) -> TextRun:
    return TextRun(text, x0, top, x1, bottom)


# ---------------------------------------------------------------- one line or two


@pytest.mark.parametrize(("shift", "same_line"), [
    (1.0, True), (4.0, True), (4.9, True), (5.0, False), (6.0, False), (9.0, False)])
def test_runs_share_a_line_when_they_overlap_by_more_than_half_a_height(
        shift: float, same_line: bool) -> None:
    """Two 10-point runs, the second `shift` lower: one line while they overlap by more than
    5 points (half a height), two lines from an overlap of 5 down."""
    runs = [_run("甲", 0, 10, 10, 20), _run("乙", 30, 10 + shift, 40, 20 + shift)]
    assert pdf_grid.join_runs(runs) == ("甲 乙" if same_line else "甲\n乙")
    assert len(pdf_grid._lines_of(runs)) == (1 if same_line else 2)


@pytest.mark.parametrize(("top", "same_line"), [
    (12.0, True), (26.0, True), (27.5, True), (28.0, False), (29.0, False)])
def test_the_smaller_height_sets_the_overlap_a_line_needs(top: float, same_line: bool) -> None:
    """A 20-point run and a 4-point one: half the smaller height (2 points) is enough."""
    runs = [_run("大字", 0, 10, 40, 30), _run("注", 60, top, 64, top + 4)]
    assert pdf_grid.join_runs(runs) == ("大字 注" if same_line else "大字\n注")


def test_page_text_rows_follow_the_same_threshold() -> None:
    """Text outside a table: a title and a unit 4 points lower share a row; 6 lower, not."""
    title = _run("标题", 100, 10, 140, 20)
    near = pdf_grid.page_blocks([], [title, _run("单位", 300, 14, 320, 24)], page=1)
    far = pdf_grid.page_blocks([], [title, _run("单位", 300, 16, 320, 26)], page=1)
    assert [b.text for b in near] == ["标题 单位"]
    assert [b.text for b in far] == ["标题", "单位"]


# ---------------------------------------------------------------- page joins

_XS = [50.0, 150.0, 300.0, 545.0]


def _cell(r: int, c0: int, c1: int, span: int, text: str, page: int) -> _PartCell:
    return (r, _XS[c0], _XS[c1], span, text, f"第{page}页 第{r + 1}行第{c0 + 1}列", page)


def _join(parts: list[_Part]) -> _Part:
    head = parts[0]
    for part in parts[1:]:
        pdf_grid._continue(head, part)
    return head


def test_a_merged_cell_cut_by_every_page_break_is_one_cell() -> None:
    """产出指标 spans the last row of each page and the first of the next: rejoined on every
    page (its end moves each time: the index must find it at its new end)."""
    parts = [_Part(xs=list(_XS), n_rows=2, last_page=1, cells=[
        _cell(0, 0, 1, 1, "一级指标", 1), _cell(0, 1, 3, 1, "三级指标", 1),
        _cell(1, 0, 1, 1, "产出指标", 1), _cell(1, 1, 3, 1, "指标1", 1)])]
    for page in range(2, 7):
        parts.append(_Part(xs=list(_XS), n_rows=2, last_page=page, cells=[
            _cell(0, 0, 1, 2, "", page), _cell(0, 1, 3, 1, f"指标{page}a", page),
            _cell(1, 1, 3, 1, f"指标{page}b", page)]))
    head = _join(parts)
    assert head.n_rows == 12
    merged = [c for c in head.cells if c[1] == _XS[0] and c[0] >= 1]
    assert [(c[0], c[3], c[4]) for c in merged] == [(1, 11, "产出指标")]
    assert len(head.cells) == 2 + 1 + 1 + 2 * 5


def test_a_header_found_only_at_the_very_end_of_the_part_before() -> None:
    """Two rows that appear in the part before only as its last two rows, repeated at the
    top of the next page: a header run may end on the part's last row."""
    first = _Part(xs=list(_XS), n_rows=3, last_page=1, cells=[
        _cell(0, 0, 2, 1, "正文", 1), _cell(0, 2, 3, 1, "0", 1),
        _cell(1, 0, 2, 1, "甲", 1), _cell(1, 2, 3, 1, "乙", 1),
        _cell(2, 0, 2, 1, "丙", 1), _cell(2, 2, 3, 1, "丁", 1)])
    second = _Part(xs=list(_XS), n_rows=3, last_page=2, cells=[
        _cell(0, 0, 2, 1, "甲", 2), _cell(0, 2, 3, 1, "乙", 2),
        _cell(1, 0, 2, 1, "丙", 2), _cell(1, 2, 3, 1, "丁", 2),
        _cell(2, 0, 2, 1, "新行", 2), _cell(2, 2, 3, 1, "9", 2)])
    head = _join([first, second])
    assert head.n_rows == 4
    assert [c[4] for c in sorted(head.cells) if c[1] == _XS[0]] == ["正文", "甲", "丙", "新行"]


def test_a_header_of_more_rows_than_the_part_before_is_kept() -> None:
    """The next page's first two rows cannot repeat a one-row part's rows: they stay."""
    first = _Part(xs=list(_XS), n_rows=1, last_page=1, cells=[
        _cell(0, 0, 2, 1, "甲", 1), _cell(0, 2, 3, 1, "乙", 1)])
    second = _Part(xs=list(_XS), n_rows=3, last_page=2, cells=[
        _cell(0, 0, 2, 1, "甲", 2), _cell(0, 2, 3, 1, "乙", 2),
        _cell(1, 0, 2, 1, "丙", 2), _cell(1, 2, 3, 1, "丁", 2),
        _cell(2, 0, 2, 1, "戊", 2), _cell(2, 2, 3, 1, "己", 2)])
    head = _join([first, second])
    assert [c[4] for c in sorted(head.cells) if c[1] == _XS[0]] == ["甲", "丙", "戊"]


def test_a_row_of_the_first_page_repeated_two_pages_later_is_a_header() -> None:
    """Page 3 repeats the last row of page 1 (page 2 does not): the row is found by its
    signature, made on the first join and kept up to date by the second."""
    parts = [_Part(xs=list(_XS), n_rows=2, last_page=page, cells=[
        _cell(r, c0, c1, 1, text, page) for r, row in enumerate(rows)
        for (c0, c1), text in zip(((0, 2), (2, 3)), row, strict=True)])
        for page, rows in ((1, (("甲", "1"), ("重复", "x"))), (2, (("乙", "2"), ("丙", "3"))),
                           (3, (("重复", "x"), ("丁", "4"))))]
    head = _join(parts)
    assert head.n_rows == 5
    assert [c[4] for c in sorted(head.cells) if c[1] == _XS[0]] == ["甲", "重复", "乙", "丙", "丁"]


def _plain_index(cells: list[_PartCell]) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    by_end: dict[int, list[int]] = {}
    by_row: dict[int, list[int]] = {}
    for k, (r, _, _, span, *_rest) in enumerate(cells):
        by_end.setdefault(r + span, []).append(k)
        by_row.setdefault(r, []).append(k)
    return by_end, by_row


@pytest.mark.parametrize("seed", range(60))
def test_the_row_index_holds_each_cell_once_after_every_join(seed: int) -> None:
    """After each page joined, the index has every cell once under its end and its row, and
    each row's signature is the row's cells' (what a later page's header is compared with)."""
    import random

    rng = random.Random(seed)
    texts = ["", "一级指标", "产出指标", "数量指标", "10", "产出"]

    def part(page: int) -> _Part:
        n_rows = rng.randint(1, 4)
        # column 0 merged over the last two rows half the time (a cell cut by the page end)
        merged = n_rows > 1 and rng.random() < 0.5
        cells = [_cell(r, c, c + 1, 2 if merged and c == 0 and r == n_rows - 2 else 1,
                       rng.choice(texts), page) for r in range(n_rows) for c in range(3)
                 if not (merged and c == 0 and r == n_rows - 1)]
        return _Part(xs=list(_XS), n_rows=n_rows, last_page=page, cells=cells)

    head = part(1)
    for page in range(2, 8):
        pdf_grid._continue(head, part(page))
        index = head.rows
        assert index is not None
        by_end, by_row = _plain_index(head.cells)
        got_end = {e: sorted(ks) for e, ks in index.ends(head.cells).items() if ks}
        assert got_end == by_end
        signature = index.signatures(head.cells)
        assert {r: sorted(ks) for r, ks in index.by_row.items()} == by_row
        assert signature == pdf_grid._row_signatures(head.cells)
        assert {s: rows for s, rows in index.rows_of.items() if rows} == \
            {s: {r for r, t in signature.items() if t == s} for s in set(signature.values())}


# ---------------------------------------------------------------- runs into cells


def _plain_take_all(placer: pdf_grid._Placer, runs: list[TextRun],
                    split_run: pdf_grid.RunSplitter) -> list[TextRun]:
    """`_Placer.take_all` as it was: every run's edges searched for inner borders."""
    import bisect

    left, upper, right, lower = placer._bounds
    xs, inner = placer._xs, placer._inner
    rest = []
    for run in runs:
        cx, cy = (run.x0 + run.x1) / 2, (run.top + run.bottom) / 2
        if not (left <= cx <= right and upper <= cy <= lower):
            rest.append(run)
            continue
        height = run.bottom - run.top
        margin = 0.025 if height < 0.1 else height / 4 if height < 8.0 else 2.0
        lo = bisect.bisect_right(xs, run.x0 + margin, 1, inner)
        hi = bisect.bisect_left(xs, run.x1 - margin, 1, inner)
        cuts = placer._cuts(xs[lo:hi], cy) if lo < hi else None
        if cuts:
            for piece in split_run(run, cuts):
                placer.place(piece, piece.cx, piece.cy)
            continue
        placer.place(run, cx, cy)
    return rest


@pytest.mark.parametrize("seed", range(200))
def test_runs_go_to_the_cells_they_went_to_before(seed: int) -> None:
    """Runs of any width, height and place (some across borders, some drawn and some not,
    some outside the grid, some tiny): the same cells, pieces and leftovers as the plain
    search over every run's edges."""
    import random

    rng = random.Random(seed)
    xs = sorted(rng.sample(range(20, 400, 10), rng.randint(2, 7)))
    ys = sorted(rng.sample(range(20, 300, 10), rng.randint(2, 6)))
    rules = [pdf_grid.Rule(xs[0], y, xs[-1], y) for y in ys]
    for x in xs:  # an inner border sometimes drawn over part of the height only
        top = ys[0] if x in (xs[0], xs[-1]) or rng.random() < 0.7 else ys[len(ys) // 2]
        rules.append(pdf_grid.Rule(x, top, x, ys[-1]))
    grid = pdf_grid.find_grids(*pdf_grid.merge_rules(rules))[0]
    spans = pdf_grid.cell_spans(grid)
    runs = []
    for k in range(40):
        x0 = rng.uniform(0, 420)
        top = rng.uniform(0, 320)
        width = rng.choice([0.0, 0.05, 1.0, 3.0, rng.uniform(0, 60), rng.uniform(0, 300)])
        height = rng.choice([0.0, 0.05, 4.0, 9.0, rng.uniform(0, 12)])
        if rng.random() < 0.3:  # at a border, within the margin
            x0 = rng.choice(xs) - rng.uniform(0, 3)
        runs.append(TextRun(f"字{k}", x0, top, x0 + width, top + height))

    def split(run: TextRun, cuts: list[float]) -> list[TextRun]:
        edges = [run.x0, *cuts, run.x1]
        return [TextRun(f"{run.text}/{i}", a, run.top, b, run.bottom)
                for i, (a, b) in enumerate(itertools.pairwise(edges))]

    fast = [[] for _ in spans]
    plain = [[] for _ in spans]
    rest = pdf_grid._Placer(grid, spans, fast).take_all(runs, split)
    assert rest == _plain_take_all(pdf_grid._Placer(grid, spans, plain), runs, split)
    assert fast == plain
    assert pdf_grid._Placer(grid, spans, [[] for _ in spans]).take_all(runs, None) == rest
