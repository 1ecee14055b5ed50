"""`expand_table` against a reference that visits every grid position: random tables with
merged cells, overlapping or not (a table without overlaps takes a shorter path)."""

from __future__ import annotations

import random
from typing import Any

import pytest

from jixiao.readers.grid import Cell, Table
from jixiao.readers.grid_form import cell_text, expand_table

Row = list[tuple[str, int, int, bool]]  # (text, first, last, fresh) of each span


def reference(cells: list[Cell]) -> tuple[dict[int, Row], list[str]]:
    """Each position taken by the first cell (in (row, col) order) that covers it; a cell
    finding a position taken is reported; a row's spans are its runs of one cell."""
    cells = sorted(cells, key=lambda c: (c.row, c.col))
    last_row = cells[-1].row
    owner: dict[tuple[int, int], Cell] = {}
    clashes = []
    for cell in cells:
        clash = False
        for r in range(cell.row, min(cell.row + cell.rowspan, last_row + 1)):
            for c in range(cell.col, cell.col + cell.colspan):
                if (r, c) in owner:
                    clash = True
                else:
                    owner[(r, c)] = cell
        if clash:
            clashes.append(cell.ref or "")
    rows: dict[int, Row] = {}
    for (r, c) in sorted(owner):
        cell = owner[(r, c)]
        line = rows.setdefault(r, [])
        if line and line[-1][0] == cell.ref and line[-1][2] == c - 1:
            line[-1] = (line[-1][0], line[-1][1], c, line[-1][3])
        else:
            line.append((cell.ref or "", c, c, cell.row == r))
    return rows, clashes


def assert_expands_as_reference(cells: list[Cell]) -> list[Any]:
    """`expand_table` gives the reference's rows and clashes; its rows are returned."""
    want, clashes = reference(cells)
    rows, findings = expand_table(Table(tuple(cells)))
    got = {row.index: [(s.cell.ref, s.first, s.last, s.fresh) for s in row.spans]
           for row in rows}
    assert got == want
    assert [f.source.cell for f in findings if f.source] == clashes
    return list(rows)


def random_cells(rng: random.Random, overlapping: bool) -> list[Cell]:
    """A grid tiled by merged cells (no overlap), with random extra cells laid over it."""
    n_rows, n_cols = rng.randint(1, 8), rng.randint(1, 8)
    taken: set[tuple[int, int]] = set()
    cells = []
    for r in range(n_rows):
        for c in range(n_cols):
            if (r, c) in taken or rng.random() < 0.1:  # some positions stay empty
                continue
            height = rng.randint(1, 3)
            width = 1
            while (width < 3 and c + width < n_cols and (r, c + width) not in taken
                   and rng.random() < 0.4):
                width += 1
            height = min(height, n_rows - r)
            if any((r2, c2) in taken for r2 in range(r, r + height)
                   for c2 in range(c, c + width)):
                height = 1
            taken.update((r2, c2) for r2 in range(r, r + height) for c2 in range(c, c + width))
            cells.append((r, c, height, width))
    if overlapping:
        for _ in range(rng.randint(1, 3)):
            cells.append((rng.randrange(n_rows), rng.randrange(n_cols), rng.randint(1, 3),
                          rng.randint(1, 3)))
    rng.shuffle(cells)
    return [Cell(f"格{k}\n续", r, c, rows, cols, ref=f"格{k}")
            for k, (r, c, rows, cols) in enumerate(cells)]


@pytest.mark.parametrize("overlapping", [False, True])
def test_expand_table_matches_the_position_by_position_reference(overlapping: bool) -> None:
    rng = random.Random(20261130 + overlapping)
    for _ in range(300):
        cells = random_cells(rng, overlapping)
        if not cells:
            continue
        rows = assert_expands_as_reference(cells)
        assert [row.table_start for row in rows] == [k == 0 for k in range(len(rows))]
        assert all(s.text == cell_text(s.cell.text) for row in rows for s in row.spans)


def test_overlapping_cells_are_reported_and_keep_the_first_cell() -> None:
    cells = (Cell("甲", 0, 0, colspan=3, ref="A1"), Cell("乙", 0, 1, ref="B1"),
             Cell("丙", 0, 3, ref="D1"), Cell("丁", 1, 0, ref="A2"))
    rows, findings = expand_table(Table(cells))
    assert [[(s.text, s.first, s.last) for s in r.spans] for r in rows] == [
        [("甲", 0, 2), ("丙", 3, 3)], [("丁", 0, 0)]]
    assert [f.code for f in findings] == ["JX051"]
