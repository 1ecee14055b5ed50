"""Ruling lines and text runs of PDF pages → `Table`s: the geometry stages of the PDF reader.

Everything here is pure and works in display coordinates (points, origin at the top-left of
the page as shown, y downwards), so it serves text-layer pages and OCR'd scans alike:

1. `merge_rules`: ruling segments → merged horizontal and vertical lines;
2. `find_grids`: lines that touch → one ruled grid per table (its column and row edges);
3. `grid_cells`: a grid → cells, a cell merged wherever an inner border is missing;
4. `page_blocks`: text runs placed in the cells (a run that crosses a border is cut there),
   the text outside every table gathered into one-line `TextRow`s;
5. `assemble_tables`: the blocks of all pages → `Table`s: a table broken across pages is
   joined (its repeated header row dropped, a merged cell cut by the page break rejoined),
   the columns of all parts of one form unified, the text rows kept as one-cell rows.

No coordinate is fixed: every threshold is relative to the lines and the text found.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from math import isnan
from operator import attrgetter, itemgetter

from jixiao.core.findings import SourceRef
from jixiao.readers.grid import Cell, Table

#: Two ruling coordinates closer than this (points) are one edge (double lines, line widths).
SNAP = 2.5
#: A border counts as present when lines cover at least this share of the cell side.
COVERAGE = 0.5


# ---------------------------------------------------------------- inputs


# The geometry's value types (rules, runs, lines, cells) are made hundreds of times a page:
# slotted and not frozen, as a frozen dataclass costs four times as much to build; nothing
# changes one once it is made.
@dataclass(slots=True)
class Rule:
    """A ruling segment in display coordinates: horizontal when `top == bottom`, vertical when
    `x0 == x1` (the page adapter reduces thin rectangles to their centre line)."""

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def horizontal(self) -> bool:
        return (self.x1 - self.x0) >= (self.bottom - self.top)


@dataclass(slots=True)
class TextRun:
    """Text printed on one line: its box in display coordinates and, for OCR, a confidence."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    conf: float = 1.0

    @property
    def height(self) -> float:
        return max(self.bottom - self.top, 0.1)

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


#: Cuts a run at x positions into runs (the page adapter re-reads the text of each piece).
RunSplitter = Callable[[TextRun, Sequence[float]], list[TextRun]]


# ---------------------------------------------------------------- stage 1: lines


@dataclass(slots=True)
class Line:
    """A merged ruling line: at `pos` (y of a horizontal, x of a vertical) from `start` to `end`."""

    pos: float
    start: float
    end: float


def merge_rules(rules: Iterable[Rule]) -> tuple[list[Line], list[Line]]:
    """Ruling segments → (horizontal lines, vertical lines), collinear pieces merged.

    Segments within `SNAP` of each other across their direction are one line; pieces of one
    line that touch or overlap (within `SNAP`) are joined.
    """
    hs: list[tuple[float, float, float]] = []
    vs: list[tuple[float, float, float]] = []
    for r in rules:  # `Rule.horizontal`, min and max written out (what they return)
        x0, top, x1, bottom = r.x0, r.top, r.x1, r.bottom
        if (x1 - x0) >= (bottom - top):
            hs.append(((top + bottom) / 2, x1 if x1 < x0 else x0, x1 if x1 > x0 else x0))
        else:
            vs.append(((x0 + x1) / 2, bottom if bottom < top else top,
                       bottom if bottom > top else top))
    return _merge_collinear(hs), _merge_collinear(vs)


def _merge_collinear(segs: list[tuple[float, float, float]]) -> list[Line]:
    out: list[Line] = []
    segs.sort()
    i = 0
    while i < len(segs):
        j = i + 1
        while j < len(segs) and segs[j][0] - segs[j - 1][0] <= SNAP:
            j += 1
        band = segs[i:j]
        pos = sum(s[0] for s in band) / len(band)
        pieces = sorted((s[1], s[2]) for s in band)
        start, end = pieces[0]
        for a, b in pieces[1:]:
            if a <= end + SNAP:
                end = max(end, b)
            else:
                out.append(Line(pos, start, end))
                start, end = a, b
        out.append(Line(pos, start, end))
        i = j
    return out


# ---------------------------------------------------------------- stage 2: grids


@dataclass(frozen=True)
class Grid:
    """One ruled table: its column edges `xs`, row edges `ys`, and the lines that draw it."""

    xs: tuple[float, ...]
    ys: tuple[float, ...]
    horizontals: tuple[Line, ...]
    verticals: tuple[Line, ...]

    @property
    def box(self) -> tuple[float, float, float, float]:
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]


def find_grids(horizontals: Sequence[Line], verticals: Sequence[Line]) -> list[Grid]:
    """Group touching lines into tables; a table needs two horizontal and two vertical lines.

    Returns:
        The grids, top to bottom.
    """
    n_h = len(horizontals)
    parent = list(range(n_h + len(verticals)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    # (x, reach up, reach down, index) of each vertical, by x; the components found do not
    # depend on the order of the unions, only on which lines touch
    reach = sorted([(v.pos, v.start - SNAP, v.end + SNAP, n_h + j)
                    for j, v in enumerate(verticals)], key=_FIRST)
    positions = [t[0] for t in reach]
    for i, h in enumerate(horizontals):
        # the verticals whose x lies along the horizontal, by bisection
        lo = _bisect_left(positions, h.start - SNAP)
        hi = _bisect_right(positions, h.end + SNAP)
        if lo >= hi:
            continue
        y, a = h.pos, find(i)
        for _, up, down, k in reach[lo:hi]:
            if up <= y <= down:
                b = find(k)
                if a != b:
                    parent[a] = b
                    a = b
    groups: dict[int, tuple[list[Line], list[Line]]] = {}
    for i, h in enumerate(horizontals):
        groups.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(verticals):
        groups.setdefault(find(n_h + j), ([], []))[1].append(v)
    grids = []
    for hs, vs in groups.values():
        if len(hs) < 2 or len(vs) < 2:
            continue
        xs = _cluster([v.pos for v in vs] + [min(h.start for h in hs), max(h.end for h in hs)])
        ys = _cluster([h.pos for h in hs] + [min(v.start for v in vs), max(v.end for v in vs)])
        if len(xs) < 2 or len(ys) < 2:
            continue
        grids.append(Grid(tuple(xs), tuple(ys), tuple(hs), tuple(vs)))
    grids.sort(key=lambda g: g.ys[0])
    return grids


def _cluster(values: Iterable[float], snap: float = SNAP + 0.5) -> list[float]:
    """Sorted values, those within `snap` of their neighbour replaced by their mean."""
    out: list[float] = []
    run: list[float] = []
    for v in sorted(values):
        if run and v - run[-1] > snap:
            out.append(sum(run) / len(run))
            run = []
        run.append(v)
    if run:
        out.append(sum(run) / len(run))
    return out


# ---------------------------------------------------------------- stage 3: cells


@dataclass(slots=True)
class GridCell:
    """A (possibly merged) cell of a grid: position and span in grid units, box, text."""

    row: int
    col: int
    rowspan: int
    colspan: int
    box: tuple[float, float, float, float]
    text: str = ""
    conf: float = 1.0


def _spans_near(lines: Sequence[Line], pos: float) -> list[tuple[float, float]]:
    """The (start, end) spans of the lines at `pos`."""
    return [(ln.start, ln.end) for ln in lines if abs(ln.pos - pos) <= SNAP + 0.5]


def _covered(spans: Sequence[tuple[float, float]], a: float, b: float) -> float:
    """The share of [a, b] covered by the (start, end) spans."""
    if b <= a:
        return 1.0
    covered, reach = 0.0, a
    for s, e in sorted((max(s, a), min(e, b)) for s, e in spans if e > a and s < b):
        if e > reach:
            covered += e - max(s, reach)
            reach = e
    return covered / (b - a)


def _spans_at(lines: Sequence[Line], edges: Sequence[float]) -> list[list[tuple[float, float]]]:
    """For each edge position, the spans of the lines drawn at it, sorted."""
    out: list[list[tuple[float, float]]] = [[] for _ in edges]
    for ln in lines:
        k = _nearest(edges, ln.pos)
        if abs(edges[k] - ln.pos) <= SNAP + 0.5:
            out[k].append((ln.start, ln.end))
    for spans in out:
        spans.sort()
    return out


def _coverages(spans: Sequence[tuple[float, float]], cuts: Sequence[float]) -> list[float]:
    """The share of each interval [cuts[k], cuts[k+1]] covered by sorted spans (one sweep)."""
    out = []
    i = 0
    n = len(spans)
    for a, b in itertools.pairwise(cuts):
        while i < n and spans[i][1] <= a:
            i += 1
        covered, reach, j = 0.0, a, i
        while j < n:
            s, e = spans[j]
            if s >= b:
                break
            if s < reach:  # max and min as conditionals: this runs per grid position
                s = reach
            if e > b:
                e = b
            if e > s:
                covered += e - s
                reach = e
            j += 1
        out.append(covered / (b - a) if b > a else 1.0)
    return out


#: A cell's place in its grid: (row, col, rowspan, colspan).
Span = tuple[int, int, int, int]


def grid_cells(grid: Grid) -> list[GridCell]:
    """The cells of a grid: neighbouring grid positions with no border between them merge.

    A merged region that is not a rectangle (rare drawing errors) becomes its bounding box.
    """
    xs, ys = grid.xs, grid.ys
    return [GridCell(r, c, rows, cols, (xs[c], ys[r], xs[c + cols], ys[r + rows]))
            for r, c, rows, cols in cell_spans(grid)]


def cell_spans(grid: Grid) -> list[Span]:
    """The cells of `grid_cells` as spans, sorted by (row, col): the page stages make each
    cell once, with its text."""
    xs, ys = grid.xs, grid.ys
    n_r, n_c = len(ys) - 1, len(xs) - 1
    parent = list(range(n_r * n_c))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    v_spans = _spans_at(grid.verticals, xs)
    h_spans = _spans_at(grid.horizontals, ys)
    joined: set[int] = set()  # the positions of merged cells
    # an inner border drawn the whole height (width) of the grid covers each of its pieces
    # whole: no share to work out (most borders of a form are drawn through)
    for c in range(n_c - 1):
        if _covers(v_spans[c + 1], ys[0], ys[-1]):
            continue
        for r in _missing(v_spans[c + 1], ys):
            union(r * n_c + c, r * n_c + c + 1)
            joined.update((r * n_c + c, r * n_c + c + 1))
    for r in range(n_r - 1):
        if _covers(h_spans[r + 1], xs[0], xs[-1]):
            continue
        for c in _missing(h_spans[r + 1], xs):
            union(r * n_c + c, (r + 1) * n_c + c)
            joined.update((r * n_c + c, (r + 1) * n_c + c))
    if not joined:
        return [(r, c, 1, 1) for r in range(n_r) for c in range(n_c)]
    # a union points the larger root at the smaller, so every parent precedes its child:
    # one forward pass (over the positions merged: the others are their own root) gives
    # each position its root
    roots = parent
    for i in sorted(joined):
        p = parent[i]
        if p != i:
            roots[i] = roots[p]
    spans = _rectangles(roots, n_c, joined)
    return spans if spans is not None else _regions(roots, n_c)


def _missing(spans: Sequence[tuple[float, float]], cuts: Sequence[float]) -> list[int]:
    """The intervals [cuts[k], cuts[k+1]] whose border is missing: covered by the sorted
    spans less than `COVERAGE` (as `_coverages` measures it). An interval inside one
    stretch of touching spans is covered whole and is not measured."""
    stretches: list[tuple[float, float]] = []  # the spans' union, left to right
    for s, e in spans:
        if stretches and s <= stretches[-1][1]:
            if e > stretches[-1][1]:
                stretches[-1] = (stretches[-1][0], e)
        else:
            stretches.append((s, e))
    out = []
    k, n = 0, len(stretches)
    for index, (a, b) in enumerate(itertools.pairwise(cuts)):
        while k < n and stretches[k][1] < b:
            k += 1
        if k < n and stretches[k][0] <= a:
            continue  # inside stretch k
        # the share the stretches cover: it differs from `_coverages`'s by rounding only,
        # so only a share within a hair of `COVERAGE` is measured as `_coverages` does
        covered = b - stretches[k][0] if k < n and stretches[k][0] < b else 0.0
        j = k - 1
        while j >= 0 and stretches[j][1] > a:
            s, e = stretches[j]
            covered += e - (s if s > a else a)
            j -= 1
        share = covered / (b - a)
        if share < COVERAGE - _HAIR or (share <= COVERAGE + _HAIR
                                        and _coverages(spans, (a, b))[0] < COVERAGE):
            out.append(index)
    return out


_HAIR = 1e-9


def _covers(spans: Sequence[tuple[float, float]], a: float, b: float) -> bool:
    """Whether sorted (start, end) spans, touching or overlapping, cover [a, b] without a gap:
    then `_coverages` gives each piece of [a, b] its whole length."""
    reach = a
    for s, e in spans:
        if s > reach:
            return False
        if e > reach:
            reach = e
            if reach >= b:
                return True
    return reach >= b


def _rectangles(roots: Sequence[int], n_c: int, joined: set[int]) -> list[Span] | None:
    """The cells when every merged region is a full rectangle (the usual case), else None.

    A region's root is its first position in row-major order, so its rectangle starts
    there and the cells come out sorted by (row, col) without a sort; a position outside
    `joined` (no merge) is a cell of its own.
    """
    cells: list[Span] = []
    spans: dict[int, list[int]] = {}  # root -> [last row, first col, last col, positions]
    at: dict[int, int] = {}  # root -> its cell's index in `cells`
    i = 0
    for r in range(len(roots) // n_c):
        for c in range(n_c):
            if i not in joined:
                cells.append((r, c, 1, 1))
            else:
                root = roots[i]
                if root == i:  # a region's first position
                    spans[root] = [r, c, c, 1]
                    at[root] = len(cells)
                    cells.append((r, c, 1, 1))
                else:
                    span = spans[root]
                    span[0] = r  # rows only grow with i
                    if c < span[1]:
                        span[1] = c
                    elif c > span[2]:
                        span[2] = c
                    span[3] += 1
            i += 1
    for root, (r1, c0, c1, count) in spans.items():
        r0 = root // n_c
        if count != (r1 - r0 + 1) * (c1 - c0 + 1):
            return None
        cells[at[root]] = (r0, c0, r1 - r0 + 1, c1 - c0 + 1)
    return cells


def _regions(roots: Sequence[int], n_c: int) -> list[Span]:
    """The cells of merged regions of any shape: a region's bounding box, or, where bounding
    boxes overlap, its positions as single cells."""
    regions: dict[int, list[int]] = {}
    for i, root in enumerate(roots):
        regions.setdefault(root, []).append(i)
    cells: list[Span] = []
    taken: set[int] = set()
    for root in sorted(regions):
        members = regions[root]
        r0 = min(i // n_c for i in members)
        r1 = max(i // n_c for i in members)
        c0 = min(i % n_c for i in members)
        c1 = max(i % n_c for i in members)
        if any(r * n_c + c in taken for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)):
            members_rc = [(i // n_c, i % n_c) for i in members if i not in taken]
            for r, c in members_rc:  # overlapping bounding boxes: fall back to single cells
                taken.add(r * n_c + c)
                cells.append((r, c, 1, 1))
            continue
        taken.update(r * n_c + c for r in range(r0, r1 + 1) for c in range(c0, c1 + 1))
        cells.append((r0, c0, r1 - r0 + 1, c1 - c0 + 1))
    cells.sort(key=lambda c: (c[0], c[1]))
    return cells


# ---------------------------------------------------------------- stage 4: text into cells


@dataclass(frozen=True)
class Guide:
    """The caption row of a three-line table (its chunks) and the column edges it gave."""

    captions: tuple[TextRun, ...]
    edges: tuple[float, ...]


class RuledTable:
    """A ruled table of one page with the text of its cells.

    `page_blocks` gives each cell's grid span `(row, col, rowspan, colspan)` and text, and its
    `GridCell`s (with box and OCR confidence) are made only when asked for: assembling the
    form reads the spans and texts alone."""

    __slots__ = ("_cells", "_runs", "guide", "page", "spans", "texts", "xs", "ys")

    def __init__(self, page: int, xs: tuple[float, ...], ys: tuple[float, ...],
                 cells: tuple[GridCell, ...] | None = None, guide: Guide | None = None, *,
                 spans: Sequence[Span] = (), texts: Sequence[str] = (),
                 runs: Sequence[Sequence[TextRun]] | None = None) -> None:
        self.page, self.xs, self.ys = page, xs, ys
        #: for a three-line table (`pdf_open`): its last caption row and column edges, which
        #: place the columns of its continuation on the next page when that page does not
        #: repeat the caption row
        self.guide = guide
        self._cells = cells
        self._runs = runs
        if cells is not None:
            spans = [(c.row, c.col, c.rowspan, c.colspan) for c in cells]
            texts = [c.text for c in cells]
        self.spans, self.texts = spans, texts

    @property
    def cells(self) -> tuple[GridCell, ...]:
        cells = self._cells
        if cells is None:
            xs, ys, runs = self.xs, self.ys, self._runs
            confs = [1.0] * len(self.spans) if runs is None else [_least_conf(rs) for rs in runs]
            cells = self._cells = tuple([
                GridCell(r, c, rows, cols, (xs[c], ys[r], xs[c + cols], ys[r + rows]), text,
                         conf)
                for (r, c, rows, cols), conf, text in zip(self.spans, confs, self.texts,
                                                          strict=True)])
        return cells

    @property
    def top(self) -> float:
        return self.ys[0]

    @property
    def bottom(self) -> float:
        return self.ys[-1]

    @property
    def n_rows(self) -> int:
        return len(self.ys) - 1


@dataclass(frozen=True)
class TextRow:
    """Text outside every table that shares one printed line (a title, 单位：万元, a footer)."""

    page: int
    text: str
    top: float
    bottom: float
    conf: float = 1.0


Block = RuledTable | TextRow


def join_runs(runs: Sequence[TextRun]) -> str:
    """The text of runs in reading order: lines top to bottom joined by `\\n`; pieces of one
    line left to right, with a space only where the gap is wider than a third of the text
    height (so `7.20` drawn glyph by glyph stays `7.20`)."""
    if len(runs) <= 1:  # most cells: no lines to order
        return runs[0].text.strip() if runs else ""
    ordered = sorted(runs, key=_READING_ORDER)
    if _stacked(ordered):  # each run a line of its own (a wrapped cell's lines)
        return "\n".join(text for run in ordered if (text := run.text.strip()))
    lines = _lines_of_sorted(ordered)
    out = []
    for line in lines:
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


def _stacked(ordered: Sequence[TextRun]) -> bool:
    """Whether runs sorted by top each start at or below every run before them ends (no NaN):
    then no two overlap and `_lines_of` makes each its own line, in this order."""
    low = ordered[0].bottom
    if isnan(ordered[0].top) or isnan(low):
        return False
    for run in ordered[1:]:
        if not run.top >= low or isnan(run.bottom):
            return False
        if run.bottom > low:
            low = run.bottom
    return True


def _lines_of(runs: Sequence[TextRun]) -> list[list[TextRun]]:
    """Group runs into printed lines: a run joins a line when it overlaps it vertically by more
    than half of the smaller height."""
    return _lines_of_sorted(sorted(runs, key=_READING_ORDER))


def _lines_of_sorted(ordered: Sequence[TextRun]) -> list[list[TextRun]]:
    """`_lines_of` of runs sorted in reading order already."""
    prune = len(ordered) > _MANY_RUNS and all(a.top <= b.top for a, b in
                                              itertools.pairwise(ordered))
    return [sorted(members, key=_LEFT) for _, _, members in _group_lines(ordered, prune)]


def line_extents(runs: Sequence[TextRun]) -> list[tuple[float, float, list[TextRun]]]:
    """`_lines_of` with each line's top and bottom (the least top and the greatest bottom of
    its runs), as grouping the lines finds them."""
    ordered = sorted(runs, key=_READING_ORDER)
    prune = len(ordered) > _MANY_RUNS and all(a.top <= b.top for a, b in
                                              itertools.pairwise(ordered))
    return [(top, bottom, members if len(members) == 1 else sorted(members, key=_LEFT))
            for top, bottom, members in _group_lines(ordered, prune)]


#: From this many runs (a page's text outside its grids, a three-line table) lines that ended
#: above are no longer tried (`_group_lines`).
_MANY_RUNS = 24


def _group_lines(ordered: Sequence[TextRun], prune: bool
                 ) -> list[tuple[float, float, list[TextRun]]]:
    """The lines as (top, bottom, runs in reading order), top to bottom.

    Each run joins the first line it overlaps, in the order the lines were opened. With
    `prune` (runs sorted by top, no NaN) a line that ends above the run (bottom ≤ its top, and
    not above its own top) can take no run after it either and is no longer tried, so a page's
    runs are compared with the few lines beside them instead of every line above."""
    # min(a, b) and max(a, b) written as `b if b < a else a` and `b if b > a else a` (what
    # they return, NaN included): this runs for each pair of run and open line.
    lines: list[tuple[float, float, list[TextRun]]] = []
    live: list[int] = []  # indices of the lines that may still take a run, in order
    for run in ordered:
        r_top, r_bottom = run.top, run.bottom
        r_height = r_bottom - r_top
        if r_height < 0.1:  # TextRun.height
            r_height = 0.1
        ended = False
        for k in live:
            top, bottom, members = lines[k]
            if prune and top <= bottom <= r_top:
                ended = True
                continue
            height = bottom - top
            overlap = ((r_bottom if r_bottom < bottom else bottom)
                       - (r_top if r_top > top else top))
            if overlap > 0.5 * (r_height if r_height < height else height):
                members.append(run)
                lines[k] = (r_top if r_top < top else top,
                            r_bottom if r_bottom > bottom else bottom, members)
                break
        else:
            live.append(len(lines))
            lines.append((r_top, r_bottom, [run]))
        if ended:
            live = [k for k in live if not lines[k][0] <= lines[k][1] <= r_top]
    lines.sort(key=_FIRST)
    return lines


_bisect_left, _bisect_right = bisect.bisect_left, bisect.bisect_right
_READING_ORDER = attrgetter("top", "x0")
_LEFT = attrgetter("x0")
_FIRST = itemgetter(0)


def page_blocks(rules: Iterable[Rule], runs: Iterable[TextRun], *, page: int,
                split_run: RunSplitter | None = None,
                caption_kind: Callable[[str], str | None] | None = None,
                guide: Guide | None = None) -> list[Block]:
    """One page's ruled tables (with their cells' text) and text rows, top to bottom.

    Args:
        rules: the page's ruling segments.
        runs: the page's text runs.
        page: the 1-based page number (kept for references).
        split_run: re-reads a run cut at x positions; without it a run goes whole to the
            cell holding its centre.
        caption_kind: the caption vocabulary (`pdf_open.CaptionKind`); with it, text between
            horizontal rules of no ruled grid is read as a three-line table (`pdf_open`).
        guide: the caption row of the three-line table the previous page ended with
            (`RuledTable.guide`), for a continuation that does not repeat it.
    """
    horizontals, verticals = merge_rules(rules)
    grids = find_grids(horizontals, verticals)
    spans_of = [cell_spans(g) for g in grids]
    placed: list[list[list[TextRun]]] = [[[] for _ in spans] for spans in spans_of]
    outside = _place_runs(runs, grids, spans_of, placed, split_run)
    blocks: list[Block] = []
    for gi, (grid, spans, runs_in) in enumerate(zip(grids, spans_of, placed, strict=True)):
        # `join_runs` and `_least_conf`, their one-run and empty cases inline (most cells)
        texts = [join_runs(rs) if len(rs) > 1 else rs[0].text.strip() if rs else ""
                 for rs in runs_in]
        below = grids[gi + 1].ys[0] if gi + 1 < len(grids) else float("inf")
        outside = _absorb_overflow(grid, spans, texts, outside, below)
        # runs kept for their confidence only when one is below 1 (OCR): a text layer's runs
        # kept alive until the form is read cost the collector more than they would save
        sure = all(run.conf == 1.0 for rs in runs_in for run in rs)
        blocks.append(RuledTable(page, grid.xs, grid.ys, spans=spans, texts=texts,
                                 runs=None if sure else runs_in))
    if caption_kind is not None and outside:
        outside = _open_tables(horizontals, grids, outside, page, caption_kind, blocks, guide)
    for line in _lines_of(outside):
        text = join_runs(line)
        if text:
            blocks.append(TextRow(page, text, min(r.top for r in line),
                                  max(r.bottom for r in line), min(r.conf for r in line)))
    blocks.sort(key=lambda b: b.top)
    return blocks


def _least_conf(runs: Sequence[TextRun]) -> float:
    """The lowest confidence of a cell's runs (1.0 for an empty cell)."""
    if len(runs) == 1:  # most cells
        return runs[0].conf
    return min(run.conf for run in runs) if runs else 1.0


def _place_runs(runs: Iterable[TextRun], grids: Sequence[Grid],
                spans_of: Sequence[Sequence[Span]], placed: list[list[list[TextRun]]],
                split_run: RunSplitter | None) -> list[TextRun]:
    """Each run into the cell of the first grid holding its centre (cut at the borders drawn
    across it); returns the runs outside every grid."""
    outside = [run for run in runs if run.text.strip()]
    # grid by grid: a grid takes its runs in order and hands the others on, in order (the
    # cells get their runs in the order they would one run at a time)
    for g, spans, into in zip(grids, spans_of, placed, strict=True):
        outside = _Placer(g, spans, into).take_all(outside, split_run)
    return outside


class _Placer:
    """Puts runs into the cells of one grid. A page has a hundred runs or more and one or two
    grids, so what every run needs of the grid (its box, the cell owning each position, the
    spans of the verticals at an edge) is worked out once per page."""

    def __init__(self, grid: Grid, spans: Sequence[Span],
                 placed: list[list[TextRun]]) -> None:
        self._grid = grid
        self._xs, self._ys = grid.xs, grid.ys
        self._last_col, self._last_row = len(grid.xs) - 2, len(grid.ys) - 2
        x0, y0, x1, y1 = grid.box
        self._bounds = (x0 - SNAP, y0 - SNAP, x1 + SNAP, y1 + SNAP)
        self._owner = _owners(grid, spans)
        self._placed = placed
        self._spans_at: dict[float, list[tuple[float, float]]] = {}
        self._inner = len(grid.xs) - 1  # the bisections for cuts look at xs[1:-1]

    def take_all(self, runs: Sequence[TextRun], split_run: RunSplitter | None
                 ) -> list[TextRun]:
        """Put each run whose centre is inside the grid (within `SNAP`) into its cell (its
        pieces, cut at the borders drawn across it, into theirs); returns the others, in
        order. Most runs cross no inner edge and go whole to one cell: that is done inline,
        with what it needs of the grid bound once."""
        left, upper, right, lower = self._bounds
        xs, ys, inner = self._xs, self._ys, self._inner
        last_col, last_row = self._last_col, self._last_row
        owner, placed = self._owner, self._placed
        rest: list[TextRun] = []
        for run in runs:
            x0, top, x1, bottom = run.x0, run.top, run.x1, run.bottom
            cx, cy = (x0 + x1) / 2, (top + bottom) / 2
            if not (left <= cx <= right and upper <= cy <= lower):
                rest.append(run)
                continue
            # `place`, inline
            c = _bisect_right(xs, cx) - 1
            c = 0 if c < 0 else last_col if c > last_col else c
            if split_run is not None:
                height = bottom - top
                margin = 0.025 if height < 0.1 else height / 4 if height < 8.0 else 2.0  # ≤ 2
                # an edge strictly inside (x0 + margin, x1 - margin) lies strictly inside the
                # column holding the centre when that column's edges enclose the range: none
                # (edges are sorted), so most runs skip the search
                if not (xs[c] <= x0 + margin and x1 - margin <= xs[c + 1]):
                    lo = _bisect_right(xs, x0 + margin, 1, inner)
                    hi = _bisect_left(xs, x1 - margin, 1, inner)
                    cuts = self._cuts(xs[lo:hi], cy) if lo < hi else None
                    if cuts:
                        for piece in split_run(run, cuts):
                            self.place(piece, piece.cx, piece.cy)
                        continue
            r = _bisect_right(ys, cy) - 1
            r = 0 if r < 0 else last_row if r > last_row else r
            placed[owner[r][c]].append(run)
        return rest

    def _cuts(self, edges: Sequence[float], cy: float) -> list[float]:
        """The inner edges among `edges` whose vertical border is drawn at height `cy`."""
        out = []
        for x in edges:
            spans = self._spans_at.get(x)
            if spans is None:
                spans = self._spans_at[x] = _spans_near(self._grid.verticals, x)
            if _covered(spans, cy - 0.5, cy + 0.5) >= 1.0:
                out.append(x)
        return out

    def place(self, run: TextRun, cx: float, cy: float) -> None:
        """Put a run into the cell that holds (cx, cy), its centre."""
        c = bisect.bisect_right(self._xs, cx) - 1  # clamped to the grid's columns and rows
        c = 0 if c < 0 else self._last_col if c > self._last_col else c
        r = bisect.bisect_right(self._ys, cy) - 1
        r = 0 if r < 0 else self._last_row if r > self._last_row else r
        self._placed[self._owner[r][c]].append(run)


def _open_tables(horizontals: Sequence[Line], grids: Sequence[Grid], runs: list[TextRun],
                 page: int, caption_kind: Callable[[str], str | None],
                 blocks: list[Block], guide: Guide | None = None) -> list[TextRun]:
    """Three-line tables (`pdf_open`) of the runs outside every ruled grid, added to `blocks`;
    on a page with no rule at all, the text between form titles is tried as one.

    Returns:
        The runs outside every table.
    """
    from jixiao.readers.pdf_open import open_regions, open_table, unruled_regions

    regions = open_regions(horizontals, grids, runs)
    if not regions and not grids:
        regions = unruled_regions(runs, lambda text: bool(_FORM_TITLE.search(text))
                                  or is_page_furniture(text))
    for region in regions:
        # `inside`, inline: it is asked of every run of the page
        top, bottom, left, right = region.top, region.bottom, region.x0 - SNAP, region.x1 + SNAP
        within: list[TextRun] = []
        rest: list[TextRun] = []
        for r in runs:
            if top < (r.top + r.bottom) / 2 < bottom and left <= (r.x0 + r.x1) / 2 <= right:
                within.append(r)
            else:
                rest.append(r)
        table = open_table(region, within, page=page, kind_of=caption_kind, guide=guide) \
            if within else None
        if table is not None:
            blocks.append(table)
            runs = rest
    return runs


#: Overflow of a merged cell is looked for below a table, under a narrow cell only (this
#: share of the table width): a 一级/二级 column, not a footer.
OVERFLOW_WIDTH = 0.4


def _absorb_overflow(grid: Grid, spans: Sequence[Span], texts: list[str],
                     outside: list[TextRun], limit: float) -> list[TextRun]:
    """Text a spreadsheet printed below the table for a merged cell cut by the page end.

    LibreOffice and Excel centre a merged cell's text in the whole merged range; when the
    range runs past the page, the text lands below the table (clipped, but still in the
    file). Runs below the table (before the next one), inside the columns of a narrow bottom
    cell, are given to that cell when it is empty, dropped when they repeat its text, and
    kept otherwise.

    Returns:
        The runs that stay outside.
    """
    xs, bottom = grid.xs, grid.ys[-1]
    width = xs[-1] - xs[0]
    candidates: dict[int, list[TextRun]] = {}
    keep: list[TextRun] = []
    for run in outside:
        k = -1
        if bottom - SNAP <= run.top < limit and not is_page_furniture(run.text):
            k = next((i for i, (r, c, rows, cols) in enumerate(spans)
                      if r + rows == len(grid.ys) - 1
                      and xs[c + cols] - xs[c] <= OVERFLOW_WIDTH * width
                      and xs[c] - SNAP <= run.x0 and run.x1 <= xs[c + cols] + SNAP), -1)
        if k < 0:
            keep.append(run)
        else:
            candidates.setdefault(k, []).append(run)
    for k, runs in candidates.items():
        text = join_runs(runs)
        if not texts[k]:
            texts[k] = text
        elif _squeeze(texts[k]) != _squeeze(text):
            keep.extend(runs)
    return keep


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _owners(grid: Grid, spans: Sequence[Span]) -> list[list[int]]:
    """For each grid position, the index of the cell covering it."""
    owner = [[0] * (len(grid.xs) - 1) for _ in range(len(grid.ys) - 1)]
    for k, (row, col, rows, cols) in enumerate(spans):
        for r in range(row, row + rows):
            for c in range(col, col + cols):
                owner[r][c] = k
    return owner


# ---------------------------------------------------------------- stage 5: tables

_PAGE_FURNITURE = re.compile(
    r"^(第\s*\d+\s*页(\s*[,，/]?\s*共\s*\d+\s*页)?|[-—－]?\s*\d{1,4}\s*[-—－]?"
    r"|\d+\s*/\s*\d+|(page|Page|PAGE)\s*\d+(\s*(of|/)\s*\d+)?)$")
_FORM_TITLE = re.compile(r"绩效(自评|目标自评)表")


def is_page_furniture(text: str) -> bool:
    """Page numbers (`第 2 页 共 3 页`, `- 2 -`, `2/3`) printed outside the table."""
    return bool(_PAGE_FURNITURE.match(text.strip()))


@dataclass
class _Part:
    """A table being assembled: cells in its own row numbering, column edges by position."""

    xs: list[float]
    n_rows: int
    cells: list[tuple[int, float, float, int, str, str, int]] = field(default_factory=list)
    # (row, x_left, x_right, rowspan, text, ref, page)
    last_page: int = 0
    closed_by_page_end: bool = False
    #: made when a page's part continues this one (`_continue`), then kept up to date, so a
    #: table over many pages costs each page its own cells, not all the cells before it
    rows: _RowIndex | None = None


#: A cell of a part: (row, x_left, x_right, rowspan, text, ref, page).
_PartCell = tuple[int, float, float, int, str, str, int]
#: A row's cells as (left, right, rowspan, text), sorted: what a repeated header repeats.
_Signature = tuple[tuple[int, int, int, str], ...]


class _RowIndex:
    """A part's cells by the row under their end, by row and by text, and the signatures of
    the rows asked for. Cells appended to the part are indexed when next asked (`ends`,
    `index`), each once, so a table over many pages costs each page its own cells; a row is
    signed only when a repeated header is looked for on it (a row holding one of its texts)."""

    def __init__(self) -> None:
        self.by_end: dict[int, list[int]] = {}
        self.ended = 0  # cells[:ended] are in by_end
        self.by_row: dict[int, list[int]] = {}  # each row's cells (their indices)
        self.by_text: dict[str, list[int]] = {}  # the rows that print a text (or did)
        self.rowed = 0  # cells[:rowed] are in by_row and by_text
        self.signature: dict[int, _Signature] = {}
        self.rows_of: dict[_Signature, set[int]] = {}
        self.unsigned: set[int] = set()  # signed rows whose cells changed since

    def ends(self, cells: Sequence[_PartCell]) -> dict[int, list[int]]:
        by_end = self.by_end
        for k in range(self.ended, len(cells)):
            r, _, _, span, _, _, _ = cells[k]
            end = by_end.get(r + span)
            if end is None:
                by_end[r + span] = [k]
            else:
                end.append(k)
        self.ended = len(cells)
        return by_end

    def lengthen(self, k: int, old: _PartCell, new: _PartCell) -> None:
        """Cell `k` (indexed by its end, on the same row) now spans more rows, its text
        perhaps longer."""
        self.by_end[old[0] + old[3]].remove(k)
        self.by_end.setdefault(new[0] + new[3], []).append(k)
        if k < self.rowed:
            self.by_text.setdefault(new[4], []).append(new[0])
            self.unsigned.add(new[0])

    def index(self, cells: Sequence[_PartCell]) -> None:
        """Cells not yet indexed by row and text, indexed."""
        by_row, by_text = self.by_row, self.by_text
        for k in range(self.rowed, len(cells)):
            cell = cells[k]
            r, text = cell[0], cell[4]
            at = by_row.get(r)
            if at is None:
                by_row[r] = [k]
            else:
                at.append(k)
            rows = by_text.get(text)
            if rows is None:
                by_text[text] = [r]
            else:
                rows.append(r)
        self.rowed = len(cells)

    def row_signature(self, cells: Sequence[_PartCell], r: int) -> _Signature:
        """Row `r`'s signature (`_row_signatures`; () for a row without cells), made once
        and again only when a cell of the row changed; the index is up to date (`index`)."""
        old = self.signature.get(r)
        if old is not None and r not in self.unsigned:
            return old
        members = self.by_row.get(r)
        if members is None:
            return ()
        sig = tuple(sorted([(round(xl), round(xr), span, text) for xl, xr, span, text in
                            (cells[k][1:5] for k in members)]))
        self.unsigned.discard(r)
        if old is not None:
            self.rows_of[old].discard(r)
        self.signature[r] = sig
        rows = self.rows_of.get(sig)
        if rows is None:
            self.rows_of[sig] = {r}
        else:
            rows.add(r)
        return sig

    def signatures(self, cells: Sequence[_PartCell]) -> dict[int, _Signature]:
        """Every row's signature (`_row_signatures`)."""
        self.index(cells)
        for r in self.by_row:
            self.row_signature(cells, r)
        return self.signature


def assemble_tables(pages: Sequence[Sequence[Block]], *, filename: str | None = None
                    ) -> list[Table]:
    """The blocks of all pages → one `Table` per form-like run of blocks.

    A new table starts at a form title (…绩效自评表) that follows a ruled table. Inside one
    table, a ruled table that ends a page and one that starts the next page are one table
    broken by the page: a repeated header row is dropped and a merged cell cut by the break
    is joined again. Text rows become one-cell rows spanning all columns; page numbers go.
    """
    groups: list[list[Block]] = [[]]
    for blocks in pages:
        for block in blocks:
            if isinstance(block, TextRow):
                if is_page_furniture(block.text):
                    continue
                if _FORM_TITLE.search(block.text) and any(
                        isinstance(b, RuledTable) for b in groups[-1]):
                    groups.append([])
            groups[-1].append(block)
    page_ends = _page_ends(pages)
    return [_table(group, page_ends, filename) for group in groups
            if any(isinstance(b, RuledTable) for b in group)]


def _page_ends(pages: Sequence[Sequence[Block]]) -> dict[int, tuple[int, int]]:
    """For each page: ids of its first and last non-furniture block."""
    ends: dict[int, tuple[int, int]] = {}
    for blocks in pages:
        kept = [b for b in blocks if not (isinstance(b, TextRow) and is_page_furniture(b.text))]
        if kept:
            ends[kept[0].page] = (id(kept[0]), id(kept[-1]))
    return ends


def _table(group: Sequence[Block], page_ends: dict[int, tuple[int, int]],
           filename: str | None) -> Table:
    """One group of blocks → a Table with unified columns."""
    # a ruled table stays itself until the next page continues it: most are never continued,
    # and their cells go straight to `Cell`s without a part's tuple per cell
    items: list[_Part | RuledTable | TextRow] = []
    prev: RuledTable | None = None
    for block in group:
        if isinstance(block, TextRow):
            items.append(block)
            prev = None
            continue
        last = items[-1] if items else None
        if (last is not None and not isinstance(last, TextRow) and prev is not None
                and block.page > prev.page
                and page_ends.get(prev.page, (0, 0))[1] == id(prev)
                and page_ends.get(block.page, (0, 0))[0] == id(block)
                and _compatible(last.xs, block.xs)):
            if isinstance(last, RuledTable):
                last = items[-1] = _part(last)
            _continue(last, _part(block))
        else:
            items.append(block)
        prev = block
    xs = _cluster([x for it in items if not isinstance(it, TextRow) for x in it.xs])
    n_cols = max(len(xs) - 1, 1)
    cells: list[Cell] = []
    column = NearestColumn(xs)
    row = 0
    add = cells.append
    for it in items:
        if isinstance(it, TextRow):
            add(Cell(text=it.text, row=row, col=0, colspan=n_cols,
                     ref=f"第{it.page}页 表外文字", page=it.page))
            row += 1
            continue
        if isinstance(it, RuledTable):
            page, own = it.page, it.xs
            at = f"第{page}页 第"
            for (r, c, rowspan, colspan), text in zip(it.spans, it.texts, strict=True):
                xl, xr = own[c], own[c + colspan]
                c0, c1 = column[xl], column[xr]
                add(Cell(text, row + r, c0, rowspan, c1 - c0 if c1 > c0 else 1,
                         f"{at}{r + 1}行第{c + 1}列", page))
            row += it.n_rows
            continue
        for r, xl, xr, rowspan, text, ref, page in it.cells:
            c0, c1 = column[xl], column[xr]
            add(Cell(text, row + r, c0, rowspan, c1 - c0 if c1 > c0 else 1, ref, page))
        row += it.n_rows
    first_page = group[0].page
    return Table(cells=tuple(cells), source=SourceRef(file=filename, page=first_page),
                 name=f"第{first_page}页")


def _part(table: RuledTable) -> _Part:
    page, xs = table.page, table.xs
    at = f"第{page}页 第"
    return _Part(xs=list(xs), n_rows=table.n_rows, last_page=page, cells=[
        (r, xs[c], xs[c + cols], rows, text, f"{at}{r + 1}行第{c + 1}列", page)
        for (r, c, rows, cols), text in zip(table.spans, table.texts, strict=True)])


class NearestColumn(dict[float, int]):
    """`column[x]`: the index of the edge of `xs` nearest to x, found once per x (a table's
    cells share a few edges; a dict hit costs no Python call)."""

    def __init__(self, xs: Sequence[float]) -> None:
        super().__init__()
        self.xs = xs

    def __missing__(self, x: float) -> int:
        index = self[x] = _nearest(self.xs, x)
        return index


def _nearest(xs: Sequence[float], x: float) -> int:
    i = bisect.bisect_left(xs, x)
    if i == 0:
        return 0
    if i == len(xs):
        return len(xs) - 1
    return i if xs[i] - x < x - xs[i - 1] else i - 1


def _compatible(a: Sequence[float], b: Sequence[float]) -> bool:
    """Two parts are one table broken by a page when their outer edges agree."""
    tol = SNAP + 0.5
    return abs(a[0] - b[0]) <= tol and abs(a[-1] - b[-1]) <= tol


def _same_x(a: float, b: float) -> bool:
    return abs(a - b) <= SNAP + 0.5


def _row_signatures(cells: Sequence[tuple[int, float, float, int, str, str, int]]
                    ) -> dict[int, tuple[tuple[int, int, int, str], ...]]:
    """Each row's cells as (left, right, rowspan, text), sorted: what a repeated header repeats
    (a row without cells is absent)."""
    rows: dict[int, list[tuple[int, int, int, str]]] = {}
    for r, xl, xr, rowspan, text, _, _ in cells:
        rows.setdefault(r, []).append((round(xl), round(xr), rowspan, text))
    return {r: tuple(sorted(sig)) for r, sig in rows.items()}


def _continue(head: _Part, tail: _Part) -> None:
    """Append `tail` (the next page's part) to `head`: drop a repeated header, rejoin cells."""
    if head.rows is None:
        head.rows = _RowIndex()
    index = head.rows
    skip = _repeated_header_rows(head, tail)
    kept = [c for c in tail.cells if c[0] >= skip] if skip else tail.cells
    joined: set[int] = set()
    tail_top = [(m, cell) for m, cell in enumerate(kept) if cell[0] == skip]
    for k in sorted(index.ends(head.cells).get(head.n_rows, ())):  # those ending on the last row
        r, xl, xr, span, text, ref, page = cell = head.cells[k]
        for m, (_r2, xl2, xr2, span2, text2, _ref2, _page2) in tail_top:
            if (m not in joined and _same_x(xl, xl2) and _same_x(xr, xr2)
                    and (span > 1 or span2 > 1)
                    and _continues(text, text2)):
                longer = text2 if len(_squeeze(text2)) > len(_squeeze(text)) else text
                head.cells[k] = (r, xl, xr, span + span2, longer, ref, page)
                index.lengthen(k, cell, head.cells[k])
                joined.add(m)
                break
    # the tail's rows after its header, numbered on from the head's last row
    offset = head.n_rows - skip
    add = head.cells.append
    for m, (r2, xl2, xr2, span2, text2, ref2, page2) in enumerate(kept):
        if m not in joined:
            add((r2 + offset, xl2, xr2, span2, text2, ref2, page2))
    head.xs = sorted({*head.xs, *tail.xs})
    head.n_rows += tail.n_rows - skip
    head.last_page = tail.last_page


def _continues(head: str, tail: str) -> bool:
    """Whether two pieces of a merged cell cut by a page break are one cell's text: one is
    empty, they are equal, or one is the start of the other (a cell cut mid-text)."""
    a, b = _squeeze(head), _squeeze(tail)
    return not a or not b or a == b or b.startswith(a) or a.startswith(b)


#: The most leading rows of a page taken as a repeated header.
_HEADER_ROWS = 3


def _repeated_header_rows(head: _Part, tail: _Part) -> int:
    """How many leading rows of `tail` repeat a run of rows of `head` (a repeated header)."""
    best = 0
    # a header is among the tail's first rows: only their cells are looked at
    top = [c for c in tail.cells if c[0] < _HEADER_ROWS]
    tail_rows = _row_signatures(top)
    index = head.rows if head.rows is not None else _RowIndex()
    indexed = False
    for k in range(1, _HEADER_ROWS + 1):
        if k >= tail.n_rows:
            break
        if any(r < k and r + span > k for r, _, _, span, _, _, _ in top):
            continue  # a cell runs past the candidate header: not a header block
        want = [tail_rows.get(r, ()) for r in range(k)]
        if not all(sig and any(text for *_, text in sig) for sig in want) or \
                sum(len(sig) for sig in want) < 2:
            continue
        if not indexed:
            index.index(head.cells)
            indexed = True
        # a row signed as the run's first row prints each of its texts: the rows printing
        # its rarest text are the only ones to sign
        by_text, cells = index.by_text, head.cells
        rarest = min((text for *_, text in want[0] if text),
                     key=lambda text: len(by_text.get(text, ())))
        if any(start <= head.n_rows - k
               and all(index.row_signature(cells, start + r) == want[r] for r in range(k))
               for start in set(by_text.get(rarest, ()))):
            best = k
    return best
