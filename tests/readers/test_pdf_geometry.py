"""The PDF geometry stages against plain reference versions: merged cells of any shape, text cut
only at the borders drawn across it, repeated header rows of a table broken by a page.

The stages keep fast paths for the usual case (every merged region a rectangle, most runs
crossing no inner edge); these tests hold them to the general rules on random grids."""

from __future__ import annotations

import random
from collections.abc import Sequence

from jixiao.readers.pdf_grid import (
    Grid,
    GridCell,
    Line,
    Rule,
    TextRun,
    assemble_tables,
    find_grids,
    grid_cells,
    merge_rules,
    page_blocks,
)

Borders = tuple[list[list[bool]], list[list[bool]]]


def _grid(n_rows: int, n_cols: int, borders: Borders, size: float = 10.0) -> Grid:
    """A grid of `size` squares; `borders[0][r][c]`: the vertical edge right of (r, c) is drawn,
    `borders[1][r][c]`: the horizontal edge below (r, c) is drawn; the frame always is."""
    right, below = borders
    xs = tuple(size * c for c in range(n_cols + 1))
    ys = tuple(size * r for r in range(n_rows + 1))
    verticals = [Line(xs[0], ys[0], ys[-1]), Line(xs[-1], ys[0], ys[-1])]
    horizontals = [Line(ys[0], xs[0], xs[-1]), Line(ys[-1], xs[0], xs[-1])]
    for r in range(n_rows):
        for c in range(n_cols - 1):
            if right[r][c]:
                verticals.append(Line(xs[c + 1], ys[r], ys[r + 1]))
    for r in range(n_rows - 1):
        for c in range(n_cols):
            if below[r][c]:
                horizontals.append(Line(ys[r + 1], xs[c], xs[c + 1]))
    return Grid(xs, ys, tuple(horizontals), tuple(verticals))


def _reference_cells(grid: Grid, borders: Borders) -> list[GridCell]:
    """Positions joined where no border is drawn; each region becomes its bounding box, taken
    in the order of its first position, or its free positions one by one where that box
    overlaps a box already taken."""
    right, below = borders
    xs, ys = grid.xs, grid.ys
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    region: dict[tuple[int, int], int] = {}
    for start in ((r, c) for r in range(n_rows) for c in range(n_cols)):
        if start in region:
            continue
        region[start] = len(region)
        label, todo = region[start], [start]
        while todo:
            r, c = todo.pop()
            steps = [((r, c + 1), c + 1 < n_cols and not right[r][c]),
                     ((r, c - 1), c > 0 and not right[r][c - 1]),
                     ((r + 1, c), r + 1 < n_rows and not below[r][c]),
                     ((r - 1, c), r > 0 and not below[r - 1][c])]
            for nxt, open_ in steps:
                if open_ and nxt not in region:
                    region[nxt] = label
                    todo.append(nxt)
    members: dict[int, list[tuple[int, int]]] = {}
    for pos in sorted(region):
        members.setdefault(region[pos], []).append(pos)
    cells, taken = [], set()
    for label in sorted(members, key=lambda k: members[k][0]):
        rows = [r for r, _ in members[label]]
        cols = [c for _, c in members[label]]
        box = {(r, c) for r in range(min(rows), max(rows) + 1)
               for c in range(min(cols), max(cols) + 1)}
        if box & taken:
            for r, c in members[label]:
                if (r, c) not in taken:
                    taken.add((r, c))
                    cells.append(GridCell(r, c, 1, 1, (xs[c], ys[r], xs[c + 1], ys[r + 1])))
            continue
        taken |= box
        r0, r1, c0, c1 = min(rows), max(rows), min(cols), max(cols)
        cells.append(GridCell(r0, c0, r1 - r0 + 1, c1 - c0 + 1,
                              (xs[c0], ys[r0], xs[c1 + 1], ys[r1 + 1])))
    return sorted(cells, key=lambda c: (c.row, c.col))


def _random_borders(rng: random.Random, n_rows: int, n_cols: int, missing: float) -> Borders:
    right = [[rng.random() >= missing for _ in range(n_cols - 1)] for _ in range(n_rows)]
    below = [[rng.random() >= missing for _ in range(n_cols)] for _ in range(n_rows - 1)]
    return right, below


def test_cells_of_random_grids_match_the_reference() -> None:
    rng = random.Random(20261130)
    shapes = {"rectangles only": 0, "other shapes": 0}
    for _ in range(400):
        n_rows, n_cols = rng.randint(1, 7), rng.randint(1, 7)
        borders = _random_borders(rng, n_rows, n_cols, rng.choice((0.1, 0.3, 0.6)))
        grid = _grid(n_rows, n_cols, borders)
        want = _reference_cells(grid, borders)
        assert grid_cells(grid) == want, borders
        shapes["rectangles only" if _all_exact(want, borders) else "other shapes"] += 1
    # both the usual case and the L-shapes / overlapping boxes were drawn
    assert shapes["rectangles only"] > 50 and shapes["other shapes"] > 50, shapes


def _all_exact(cells: Sequence[GridCell], borders: Borders) -> bool:
    """Whether no drawn border runs inside any cell (each merged region is its rectangle)."""
    right, below = borders
    for cell in cells:
        for r in range(cell.row, cell.row + cell.rowspan):
            for c in range(cell.col, cell.col + cell.colspan):
                if c + 1 < cell.col + cell.colspan and right[r][c]:
                    return False
                if r + 1 < cell.row + cell.rowspan and below[r][c]:
                    return False
    return True


def test_l_shaped_region_becomes_its_bounding_box() -> None:
    # 2×2: (0,0), (0,1) and (1,0) joined (an L), (1,1) inside the L's box
    borders = ([[False], [True]], [[False, True]])
    grid = _grid(2, 2, borders)
    assert grid_cells(grid) == [GridCell(0, 0, 2, 2, (0.0, 0.0, 20.0, 20.0))]


def test_overlapping_boxes_leave_single_cells() -> None:
    # 3×3: a U of the left column, the bottom row and the right column around a closed
    # top-middle cell, and the centre cell joined to none: the U's box takes the whole grid
    right = [[True, True], [True, True], [False, False]]
    below = [[False, True, False], [False, True, False]]
    grid = _grid(3, 3, (right, below))
    cells = grid_cells(grid)
    assert cells == [GridCell(0, 0, 3, 3, (0.0, 0.0, 30.0, 30.0))]
    # the two closed cells of the top row come first and take their boxes; the region that
    # starts at (0, 2) and wraps round to (1, 1) overlaps them: cut into single cells
    right = [[True, True], [False, True], [False, False]]
    below = [[True, True, False], [False, True, False]]
    grid = _grid(3, 3, (right, below))
    assert [(c.row, c.col, c.rowspan, c.colspan) for c in grid_cells(grid)] == [
        (r, c, 1, 1) for r in range(3) for c in range(3)]


def _rows_of_two(rows: int, merged_top: bool) -> list[Rule]:
    """A two-column table of `rows` rows of height 20 (x 0–200, divided at 100); with
    `merged_top` the divider is not drawn in the first row."""
    bottom = 20 * rows
    rules = [Rule(0, 20 * r, 200, 20 * r) for r in range(rows + 1)]
    rules += [Rule(0, 0, 0, bottom), Rule(200, 0, 200, bottom),
              Rule(100, 20 if merged_top else 0, 100, bottom)]
    return rules


def test_runs_are_cut_only_where_a_border_crosses_them() -> None:
    runs = [TextRun("合并的一行文字", 40, 5, 160, 15),   # row 0: no divider there
            TextRun("左边右边", 40, 25, 160, 35),         # row 1: the divider crosses it
            TextRun("左二右二", 40, 45, 160, 55),         # row 2: again, the same edge
            TextRun("只在右边", 110, 65, 190, 75)]        # row 3: crosses nothing
    asked: list[tuple[str, tuple[float, ...]]] = []

    def split(run: TextRun, cuts: Sequence[float]) -> list[TextRun]:
        asked.append((run.text, tuple(cuts)))
        half = len(run.text) // 2
        return [TextRun(run.text[:half], run.x0, run.top, cuts[0] - 1, run.bottom),
                TextRun(run.text[half:], cuts[0] + 1, run.top, run.x1, run.bottom)]

    table = page_blocks(_rows_of_two(4, merged_top=True), runs, page=1, split_run=split)[0]
    assert asked == [("左边右边", (100.0,)), ("左二右二", (100.0,))]
    assert [(c.row, c.col, c.colspan, c.text) for c in table.cells] == [
        (0, 0, 2, "合并的一行文字"), (1, 0, 1, "左边"), (1, 1, 1, "右边"),
        (2, 0, 1, "左二"), (2, 1, 1, "右二"), (3, 0, 1, ""), (3, 1, 1, "只在右边")]


def _page(number: int, rows: Sequence[tuple[str, str]]) -> list:
    runs = [TextRun(text, x, 5 + 20 * r, x + 40, 15 + 20 * r)
            for r, pair in enumerate(rows) for x, text in zip((10, 110), pair, strict=True)
            if text]
    return page_blocks(_rows_of_two(len(rows), merged_top=False), runs, page=number)


def test_repeated_two_row_header_is_dropped_once() -> None:
    header = [("指标", "分值"), ("一级", "二级")]
    first = _page(1, [("标题", "说明"), *header, ("甲", "1"), ("乙", "2")])
    second = _page(2, [*header, ("丙", "3"), ("一级", "二级")])
    tables = assemble_tables([first, second], filename="x.pdf")
    assert len(tables) == 1
    texts = [c.text for c in sorted(tables[0].cells, key=lambda c: (c.row, c.col))]
    assert texts == ["标题", "说明", "指标", "分值", "一级", "二级", "甲", "1", "乙", "2",
                     "丙", "3", "一级", "二级"]


def test_rows_that_do_not_repeat_the_head_are_kept() -> None:
    first = _page(1, [("指标", "分值"), ("甲", "1")])
    second = _page(2, [("分值", "指标"), ("乙", "2")])  # same texts, other columns
    tables = assemble_tables([first, second], filename="x.pdf")
    texts = [c.text for c in sorted(tables[0].cells, key=lambda c: (c.row, c.col))]
    assert texts == ["指标", "分值", "甲", "1", "分值", "指标", "乙", "2"]


def test_frame_lines_make_the_reference_grid() -> None:
    # the helper's grid is what the page stages find from the same lines
    borders = ([[True, False], [True, True]], [[True, False, True]])
    grid = _grid(2, 3, borders)
    rules = [Rule(line.pos, line.start, line.pos, line.end) for line in grid.verticals]
    rules += [Rule(line.start, line.pos, line.end, line.pos) for line in grid.horizontals]
    found = find_grids(*merge_rules(rules))
    assert len(found) == 1
    assert grid_cells(found[0]) == _reference_cells(grid, borders)


def _reference_groups(horizontals: Sequence[Line], verticals: Sequence[Line]
                      ) -> list[tuple[list[Line], list[Line]]]:
    """Lines grouped by touching, every horizontal tried against every vertical."""
    group = list(range(len(horizontals) + len(verticals)))

    def root(i: int) -> int:
        while group[i] != i:
            i = group[i]
        return i

    snap = 2.5
    for i, h in enumerate(horizontals):
        for j, v in enumerate(verticals):
            if h.start - snap <= v.pos <= h.end + snap and v.start - snap <= h.pos <= v.end + snap:
                group[root(i)] = root(len(horizontals) + j)
    out: dict[int, tuple[list[Line], list[Line]]] = {}
    for i, h in enumerate(horizontals):
        out.setdefault(root(i), ([], []))[0].append(h)
    for j, v in enumerate(verticals):
        out.setdefault(root(len(horizontals) + j), ([], []))[1].append(v)
    return [g for g in out.values() if len(g[0]) >= 2 and len(g[1]) >= 2]


def test_lines_group_into_the_same_grids_as_every_pair_tried() -> None:
    # find_grids finds the verticals along a horizontal by bisection; lines in any order, ends
    # on a 20-point lattice give or take SNAP, so that many touch exactly at the tolerance
    rng = random.Random(9)

    def coordinate() -> float:
        return rng.randrange(0, 200, 20) + rng.choice((-2.5, 0.0, 2.5, rng.uniform(-4, 4)))

    def line() -> Line:
        a, b = sorted(coordinate() for _ in range(2))
        return Line(float(rng.randrange(0, 200, 20)), a, b)

    for _ in range(400):
        horizontals = [line() for _ in range(rng.randint(0, 9))]
        verticals = [line() for _ in range(rng.randint(0, 9))]
        want = sorted((sorted(h.pos for h in hs), sorted(v.pos for v in vs))
                      for hs, vs in _reference_groups(horizontals, verticals))
        got = sorted((sorted(h.pos for h in g.horizontals), sorted(v.pos for v in g.verticals))
                     for g in find_grids(horizontals, verticals))
        assert got == want, (horizontals, verticals)
