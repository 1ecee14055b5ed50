"""三线表 (three-line tables): PDF tables drawn with horizontal rules only → `RuledTable`s.

Some producers print the self-evaluation form with a rule above the table, one under its
caption row and one below it, and no vertical rule, so `pdf_grid.find_grids` finds no cell.
Here the cells are inferred from the text itself, in display coordinates, like `pdf_grid`:

1. `open_regions`: horizontal rules that belong to no ruled grid and share their x-extent
   bound a region (top rule to bottom rule);
2. `_bands`: inside it, a caption row (two or more recognised captions: 一级指标 … 得分,
   年初预算数 … 执行率, 预期目标 / 实际完成情况, wrapped captions joined) opens a band that
   runs to the next caption row; lines before the first caption row are read line by line;
3. `_columns`: a band's column edges are the x-gaps no text of the band crosses (column
   "rivers"), at least one between two neighbouring captions (the least crossed x);
4. `_rows`: a band's rows come from the rules inside it when there are any, else from the
   text: the lines of one cell (closer than the leading allows between rows) form a block,
   and the blocks of the columns filled on most rows start the rows. A caption column of
   merged cells (一级指标/二级指标) is rebuilt: a text centred in a run of rows spans that
   run; a block of a column without caption centred on the caption row and the rows under
   it (项目资金（万元）, 年度总体目标) spans them.

A region with no caption row of its own continues the three-line table the previous page
ended with (`Guide`: that table's captions and column edges). The result is the same
`RuledTable` a ruled grid gives, so `assemble_tables` and `grid_form` read it unchanged.
Every threshold is relative to the text height found.

A page with no rule at all is tried the same way, the text between its title lines one
region (`unruled_regions`); without a caption row it stays text.

Not read: rows without padding whose cells are centred vertically (a wrapped cell's lines
and the rows then interleave), and caption rows of two levels (a group caption over its
sub-columns).
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from operator import attrgetter

from jixiao.readers.pdf_grid import (
    SNAP,
    Grid,
    Guide,
    Line,
    NearestColumn,
    RuledTable,
    TextRun,
    _cluster,
    _lines_of,
    join_runs,
    line_extents,
)
from jixiao.readers.vocabulary import (
    LEVEL1_NAMES,
    LEVEL2_NAMES,
    CaptionKind,
    bare_key,
    compact,
    is_level_name,
)

#: A column caption's kind (`vocabulary.CaptionKind` values: `level1`, `name`, `weight`,
#: `initial`, `expected`, …) or None: given by the caller (`pdf.caption_kind`).
KindOf = Callable[[str], str | None]

_bisect_right = bisect.bisect_right

#: Kinds of the caption columns whose cells are merged over a group of rows (一级/二级指标).
MERGED_KINDS = frozenset({CaptionKind.LEVEL1.value, CaptionKind.LEVEL2.value})
#: Kinds of the columns of short values, printed on a row's first line (evenly spaced rows).
VALUE_KINDS = frozenset(k.value for k in (
    CaptionKind.TARGET, CaptionKind.VALUE, CaptionKind.ACTUAL, CaptionKind.WEIGHT,
    CaptionKind.SCORE, CaptionKind.FUNDS_INITIAL, CaptionKind.FUNDS_ANNUAL,
    CaptionKind.FUNDS_EXECUTED, CaptionKind.FUNDS_RATE))
#: An open rule bounds a region when it is at least this share of the page's text width.
RULE_SHARE = 0.5
#: Two rules belong to one region when their x-extents overlap by this share of the shorter.
RULE_OVERLAP = 0.8
#: Pieces of one line closer than this share of the text height are one chunk of text.
CHUNK_GAP = 0.3
#: A gap between columns is at least this share of the text height (cell padding on both
#: sides); a space inside a cell is narrower and is never crossed by every line anyway.
RIVER = 0.5
#: The leading of a cell's wrapped lines is at most this share of the text height (line
#: spacing 1–1.5); rows are farther apart by their cells' padding.
LEADING = 1.6
#: Lines of one cell are at most this multiple of the leading apart.
PITCH = 1.2
#: A column is one that starts rows when it has at least this share of the blocks of the
#: fullest column (names, targets and scores are on every row; notes and levels are not).
DENSE = 0.5


@dataclass(frozen=True)
class Region:
    """A rule-bounded region: its x-extent, top and bottom, and the rules inside it."""

    x0: float
    top: float
    x1: float
    bottom: float
    rules: tuple[float, ...]


def open_regions(horizontals: Sequence[Line], grids: Sequence[Grid],
                 runs: Sequence[TextRun]) -> list[Region]:
    """Regions bounded by horizontal rules that are part of no ruled grid."""
    if not runs:
        return []
    width = max(r.x1 for r in runs) - min(r.x0 for r in runs)
    in_grid = {id(h) for g in grids for h in g.horizontals}
    lines = sorted((h for h in horizontals if id(h) not in in_grid
                    and h.end - h.start >= RULE_SHARE * width), key=lambda h: h.pos)
    regions: list[Region] = []
    chain: list[Line] = []
    for line in lines:
        if chain and not _same_extent(chain[-1], line):
            regions.extend(_region(chain, grids))
            chain = []
        chain.append(line)
    regions.extend(_region(chain, grids))
    return regions


def _same_extent(a: Line, b: Line) -> bool:
    overlap = min(a.end, b.end) - max(a.start, b.start)
    return overlap >= RULE_OVERLAP * min(a.end - a.start, b.end - b.start)


def _region(chain: Sequence[Line], grids: Sequence[Grid]) -> list[Region]:
    if len(chain) < 2:
        return []
    top, bottom = chain[0].pos, chain[-1].pos
    if any(top <= g.ys[0] <= bottom for g in grids):
        return []  # a ruled table inside: not a three-line table
    x0 = min(ln.start for ln in chain)
    x1 = max(ln.end for ln in chain)
    return [Region(x0, top, x1, bottom, tuple(ln.pos for ln in chain))]


def unruled_regions(runs: Sequence[TextRun], is_title: Callable[[str], bool]) -> list[Region]:
    """On a page without rules: the stretches of text between title lines (a form's title,
    page numbers), each a region to try as a table drawn without any rule."""
    regions: list[Region] = []
    stretch: list[list[TextRun]] = []
    for line in [*_lines_of(runs), None]:
        if line is not None and not is_title(join_runs(line)):
            stretch.append(line)
            continue
        if stretch:
            found = [r for ln in stretch for r in ln]
            regions.append(Region(min(r.x0 for r in found), min(r.top for r in found) - 1,
                                  max(r.x1 for r in found), max(r.bottom for r in found) + 1,
                                  ()))
        stretch = []
    return regions


def inside(region: Region, run: TextRun) -> bool:
    """Whether a run is printed inside the region."""
    return (region.top < (run.top + run.bottom) / 2 < region.bottom  # TextRun.cy, .cx inline
            and region.x0 - SNAP <= (run.x0 + run.x1) / 2 <= region.x1 + SNAP)


# ---------------------------------------------------------------- chunks and lines


class _Line:
    """A printed line of the region: its chunks left to right and its vertical extent (worked
    out once: the band and row stages ask it often)."""

    __slots__ = ("bottom", "chunks", "top")

    def __init__(self, chunks: tuple[TextRun, ...],
                 extent: tuple[float, float] | None = None) -> None:
        self.chunks = chunks
        if extent is not None:  # the extent of the runs the chunks join (`line_extents`)
            self.top, self.bottom = extent
        elif chunks:
            self.top = min(c.top for c in chunks)
            self.bottom = max(c.bottom for c in chunks)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Line) and self.chunks == other.chunks

    __hash__ = None  # type: ignore[assignment]


def _chunks(line: Sequence[TextRun]) -> list[TextRun]:
    """Pieces of one line closer than `CHUNK_GAP` × height joined into one chunk."""
    out: list[list[TextRun]] = []
    prev_height = 0.0
    for run in line:
        height = run.bottom - run.top  # TextRun.height, and min() of two, written out
        if height < 0.1:
            height = 0.1
        if out and run.x0 - out[-1][-1].x1 <= CHUNK_GAP * (
                prev_height if prev_height < height else height):
            out[-1].append(run)
        else:
            out.append([run])
        prev_height = height
    return [_merge(group) for group in out]


def _merge(runs: Sequence[TextRun]) -> TextRun:
    if len(runs) == 1:
        return runs[0]
    return TextRun(join_runs(runs), min(r.x0 for r in runs), min(r.top for r in runs),
                   max(r.x1 for r in runs), max(r.bottom for r in runs),
                   min(r.conf for r in runs))


# ---------------------------------------------------------------- caption rows and bands


@dataclass
class _Band:
    """A caption row (its lines) and the body lines under it, to the next caption row."""

    header: list[_Line]
    body: list[_Line]
    #: the caption row is the previous page's (a table continued without repeating it):
    #: it places the columns but is not printed here
    guide: bool = False


def _recognised(texts: Sequence[str], kind_of: KindOf) -> int:
    return sum(1 for t in texts if kind_of(t) is not None)


def _is_caption_line(line: _Line, kind_of: KindOf) -> bool:
    """Two or more recognised captions, and at least half of the line's chunks."""
    n = 0
    for c in line.chunks:  # `_recognised`, inline: this is asked of every line of a region
        if kind_of(c.text) is not None:
            n += 1
    return n >= 2 and 2 * n >= len(line.chunks)


def _anchors(lines: Sequence[_Line]) -> list[list[TextRun]]:
    """Chunks of caption lines grouped by x-overlap: one group per caption cell."""
    groups: list[list[TextRun]] = []
    for chunk in sorted((c for ln in lines for c in ln.chunks), key=lambda c: c.x0):
        if groups and chunk.x0 < max(c.x1 for c in groups[-1]):
            groups[-1].append(chunk)
        else:
            groups.append([chunk])
    return groups


def _anchor_texts(lines: Sequence[_Line]) -> list[str]:
    return [join_runs(group) for group in _anchors(lines)]


def _header_lines(lines: Sequence[_Line], core: int, rules: Sequence[float],
                  kind_of: KindOf) -> tuple[int, int]:
    """The caption row around line `core`: [first, last] line indices.

    Between two rules close around it (a 三线表's top rule and the rule under its caption
    row) every line is caption; otherwise neighbouring lines join when they complete a
    wrapped caption (`年度指` + `标值`) or only add a bracketed unit (`执行率` + `(%)`).
    """
    line = lines[core]
    reach = 3 * (line.bottom - line.top)
    above = [y for y in rules if line.top - reach <= y < line.top]
    below = [y for y in rules if line.bottom < y <= line.bottom + reach]
    if above and below:
        ceiling, floor = max(above), min(below)
        first = next((i for i, ln in enumerate(lines) if ln.top > ceiling), core)
        last = max(i for i, ln in enumerate(lines) if ln.bottom < floor)
        return min(first, core), max(last, core)
    first = last = core
    changed = True
    while changed:
        changed = False
        for lo, hi in ((first - 1, last), (first, last + 1), (first - 1, last + 1)):
            if lo < 0 or hi >= len(lines) or not _joins(lines, first, last, lo, hi, kind_of):
                continue
            first, last, changed = lo, hi, True
            break
    return first, last


def _joins(lines: Sequence[_Line], first: int, last: int, lo: int, hi: int,
           kind_of: KindOf) -> bool:
    height = lines[first].bottom - lines[first].top
    if lines[first].top - lines[lo].bottom > height or lines[hi].top - lines[last].bottom > height:
        return False
    before = _anchor_texts(lines[first:last + 1])
    after = _anchor_texts(lines[lo:hi + 1])
    gained = _recognised(after, kind_of) - _recognised(before, kind_of)
    if gained > 0:
        return True
    return gained == 0 and len(after) == len(before) and \
        [bare_key(t) for t in after] == [bare_key(t) for t in before]


def _bands(lines: Sequence[_Line], rules: Sequence[float], kind_of: KindOf
           ) -> tuple[list[_Line], list[_Band]]:
    """Lines before the first caption row, and the bands."""
    free: list[_Line] = []
    bands: list[_Band] = []
    i = 0
    while i < len(lines):
        if not _is_caption_line(lines[i], kind_of):
            (bands[-1].body if bands else free).append(lines[i])
            i += 1
            continue
        first, last = _header_lines(lines, i, rules, kind_of)
        first = max(first, _taken(bands, lines))
        if bands:
            del bands[-1].body[len(bands[-1].body) - (i - first):]
        else:
            del free[len(free) - (i - first):]
        bands.append(_Band(list(lines[first:last + 1]), []))
        i = last + 1
    return free, bands


def _taken(bands: Sequence[_Band], lines: Sequence[_Line]) -> int:
    """The index of the first line after the last caption row (0 before the first)."""
    return lines.index(bands[-1].header[-1]) + 1 if bands else 0


# ---------------------------------------------------------------- columns


def _columns(band: _Band, x0: float, x1: float) -> list[float]:
    """Column edges of a band: rivers, and one edge between each two caption cells."""
    chunks = [c for ln in (*band.header, *band.body) for c in ln.chunks]
    height = _text_height(chunks)
    rivers = _rivers(chunks, x0, x1, RIVER * height)
    anchors = [(min(c.x0 for c in g), max(c.x1 for c in g)) for g in _anchors(band.header)]
    edges = [x0, x1]
    for (_, right), (left, _) in itertools.pairwise(anchors):
        between = [r for r in rivers if right <= r <= left]
        edges.extend(between or [_least_crossed(chunks, right, left)])
    first, last = anchors[0][0], anchors[-1][1]
    edges.extend(r for r in rivers if r < first or r > last)
    return _cluster(edges)


def _text_height(chunks: Iterable[TextRun]) -> float:
    """The text's height: a tall glyph box of the lines (digits and punctuation draw smaller
    boxes than the font size; Chinese characters fill it)."""
    heights = sorted([0.1 if (h := c.bottom - c.top) < 0.1 else h  # TextRun.height
                      for c in chunks])
    return heights[int(0.9 * (len(heights) - 1))] if heights else 1.0


def _rivers(chunks: Sequence[TextRun], x0: float, x1: float, width: float) -> list[float]:
    """Middles of the x-gaps at least `width` wide between chunks that no chunk covers."""
    out = []
    reach: float | None = None
    for a, b in sorted((c.x0, c.x1) for c in chunks):
        if reach is not None and a - reach >= width and x0 < (a + reach) / 2 < x1:
            out.append((a + reach) / 2)
        reach = b if reach is None or b > reach else reach  # max(), written out
    return out


def _least_crossed(chunks: Sequence[TextRun], a: float, b: float) -> float:
    """The x in [a, b] crossed by the fewest chunks (the middle of the best stretch)."""
    cuts = sorted({a, b, *(x for c in chunks for x in (c.x0, c.x1) if a < x < b)})
    best, where = None, (a + b) / 2
    for lo, hi in itertools.pairwise(cuts):
        mid = (lo + hi) / 2
        n = sum(1 for c in chunks if c.x0 < mid < c.x1)
        key = (n, -(hi - lo))
        if best is None or key < best:
            best, where = key, mid
    return where


# ---------------------------------------------------------------- rows


class _Block:
    """The chunks of one cell in one column: consecutive lines of wrapped text, and their
    vertical extent (kept as chunks are added: the row stages ask it many times)."""

    __slots__ = ("bottom", "chunks", "col", "last", "top")

    def __init__(self, col: int, last: int, chunks: list[TextRun]) -> None:
        self.col = col
        self.last = last
        self.chunks = chunks
        if len(chunks) == 1:  # most blocks
            self.top, self.bottom = chunks[0].top, chunks[0].bottom
        else:
            self.top = min(c.top for c in chunks)
            self.bottom = max(c.bottom for c in chunks)

    def add(self, chunks: Iterable[TextRun]) -> None:
        for c in chunks:
            self.chunks.append(c)
            if c.top < self.top:
                self.top = c.top
            if c.bottom > self.bottom:
                self.bottom = c.bottom

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


def _col_range(edges: Sequence[float], chunk: TextRun) -> tuple[int, int]:
    """The columns a chunk covers (its edges inset by a little, so a touch is no cover)."""
    # min/max written out (same results): this runs for every chunk of a band
    x0, x1 = chunk.x0, chunk.x1
    inset = chunk.bottom - chunk.top
    if inset < 0.1:  # TextRun.height
        inset = 0.1
    inset /= 4
    if (x1 - x0) / 4 < inset:
        inset = (x1 - x0) / 4
    n = len(edges) - 2
    c0 = _bisect_right(edges, x0 + inset) - 1
    if c0 < 0:
        c0 = 0
    if c0 > n:
        c0 = n
    c1 = _bisect_right(edges, x1 - inset) - 1
    if c1 < c0:
        c1 = c0
    if c1 > n:
        c1 = n
    return c0, c1


def _blocks(lines: Sequence[_Line], edges: Sequence[float], height: float
            ) -> tuple[list[_Block], bool]:
    """Chunks → blocks: in each column, lines closer than rows are one cell's wrapped text.

    Lines are compared by the distance of their centres (glyph boxes vary, centres do not):
    the smallest distance in the band is taken as the leading, when it is one
    (≤ `LEADING` × height), and lines within `PITCH` of it are one cell.

    Returns:
        The blocks, and whether the band's lines are evenly spaced (every distance between
        neighbouring lines within `PITCH` of the smallest): then the spacing tells nothing
        and every line is a block.
    """
    by_col: dict[tuple[int, int], list[TextRun]] = {}
    for line in lines:
        for chunk in line.chunks:
            by_col.setdefault(_col_range(edges, chunk), []).append(chunk)
    # (height: `_text_height` of the lines' chunks)
    half = height / 2
    cys = {key: [(c.top + c.bottom) / 2 for c in col] for key, col in by_col.items()}  # .cy
    pitches = [b - a for col in cys.values() for a, b in itertools.pairwise(col) if b - a > half]
    leading = min(pitches, default=0.0)
    centres = [(ln.top + ln.bottom) / 2 for ln in lines]
    steps = [b - a for a, b in itertools.pairwise(centres) if b - a > height / 2]
    even = bool(steps) and max(steps) <= min(steps) * PITCH
    limit = leading * PITCH if leading <= LEADING * height and not even else height / 2
    blocks: list[_Block] = []
    for (c0, c1), chunks in sorted(by_col.items()):
        current: _Block | None = None
        previous = 0.0
        for chunk, cy in zip(chunks, cys[c0, c1], strict=True):
            if current is not None and cy - previous <= limit:  # `_Block.add`, inline
                current.chunks.append(chunk)
                if chunk.top < current.top:
                    current.top = chunk.top
                if chunk.bottom > current.bottom:
                    current.bottom = chunk.bottom
            else:
                current = _Block(c0, c1, [chunk])
                blocks.append(current)
            previous = cy
    return blocks, even


def _even_row_edges(blocks: Sequence[_Block], kinds: dict[int, str | None], height: float,
                    top: float, bottom: float) -> list[float]:
    """Row edges of evenly spaced lines (cells without padding: a wrapped line looks like a
    row): a row starts at a line that fills at least half as many value columns (年度指标值,
    实际完成值, 分值, 得分, the funds amounts) as the fullest line; other lines continue it."""
    lines: list[list[_Block]] = []
    for block in sorted(blocks, key=lambda b: b.cy):
        if lines and block.cy - lines[-1][0].cy <= height / 2:
            lines[-1].append(block)
        else:
            lines.append([block])
    counts = [len({b.col for b in line if kinds.get(b.col) in VALUE_KINDS}) for line in lines]
    most = max(counts, default=0)
    starts = [min(b.top for b in line) for line, n in zip(lines, counts, strict=True)
              if most and n and 2 * n >= most] or [min(b.top for b in lines[0])]
    extents = _extents(blocks)
    row_of = [max(bisect.bisect_right(starts, high + height / 2) - 1, 0) for high, _ in extents]
    return _row_edges(extents, row_of, starts, top, bottom)


def _join_level_lines(blocks: Sequence[_Block], limit: float) -> list[_Block]:
    """Lines of a merged caption column joined while they spell one level name (`产出` +
    `指标`, `服务对` + `象满意` + `度指标`): evenly spaced lines are not joined by distance."""
    out: list[_Block] = []
    for block in sorted(blocks, key=lambda b: (b.col, b.top)):
        prev = out[-1] if out else None
        if prev is not None and prev.col == block.col and block.cy - prev.chunks[-1].cy <= limit:
            joined = compact(join_runs(prev.chunks) + join_runs(block.chunks))
            if not is_level_name(join_runs(prev.chunks)) and _starts_level_name(joined):
                prev.add(block.chunks)
                continue
        out.append(_Block(block.col, block.last, list(block.chunks)))
    return out


def _stacks(blocks: Sequence[_Block], limit: float) -> list[list[_Block]]:
    """Blocks of one column whose lines follow each other (centres at most `limit` apart)."""
    out: list[list[_Block]] = []
    for block in sorted(blocks, key=lambda b: (b.col, b.last, b.top)):
        last = out[-1][-1] if out else None
        if last is not None and (last.col, last.last) == (block.col, block.last) \
                and block.chunks[0].cy - last.chunks[-1].cy <= limit:
            out[-1].append(block)
        else:
            out.append([block])
    return out


def _starts_level_name(text: str) -> bool:
    return any(name.startswith(text) for name in (*LEVEL1_NAMES, *LEVEL2_NAMES))


def _row_starts(blocks: Sequence[_Block], height: float,
                extents: Sequence[tuple[float, float]]) -> list[float]:
    """Tops of the blocks of the dense columns, except those inside another such block (a
    cell centred in a taller row); `extents` are the blocks' (`_extents`)."""
    counts: dict[int, int] = {}
    for b in blocks:
        counts[b.col] = counts.get(b.col, 0) + 1
    most = max(counts.values(), default=0)
    extents = [extent for b, extent in zip(blocks, extents, strict=True)
               if counts[b.col] >= DENSE * most]
    tol = height / 2
    tops = _cluster((top for top, _ in extents), tol)
    # a top is inside a block when one of the blocks starting above it ends below it: the
    # lowest end of those starting above, by a running max over the blocks sorted by top
    ordered = sorted(extents)
    highs = [top for top, _ in ordered]
    reach = list(itertools.accumulate((bottom for _, bottom in ordered), max))
    kept = []
    for t in tops:
        above = bisect.bisect_left(highs, t - tol)
        if not (above and reach[above - 1] > t + tol):
            kept.append(t)
    return kept or tops[:1]


@dataclass(slots=True)
class _Cell:
    row: int
    rowspan: int
    col: int
    last: int
    chunks: list[TextRun]


def _rows(band: _Band, edges: Sequence[float], rules: Sequence[float],
          kinds: dict[int, str | None], head: tuple[float, float], bottom: float
          ) -> tuple[list[float], list[_Cell]]:
    """The band's rows, its caption row first: row edges (top to bottom) and body cells.

    Rows come from the rules between body lines when there are any, else from the blocks of
    the captioned columns (`_text_row_edges`). A block of a merged caption column is placed
    by `_merged_cells`; a block of a column without caption that is centred on the caption
    row and rows under it (`项目资金（万元）`, `年度总体目标`) spans them.
    """
    lines = band.body
    head_top, top = head
    if not lines:
        return [head_top, top, bottom], []
    height = _text_height(c for ln in lines for c in ln.chunks)
    blocks, even = _blocks(lines, edges, height)
    merged = [b for b in blocks if kinds.get(b.col) in MERGED_KINDS]
    if even:
        merged = _join_level_lines(merged, LEADING * height)
    captioned = [b for b in blocks if b.col in kinds and kinds[b.col] not in MERGED_KINDS]
    loose = [b for b in blocks if b.col not in kinds]
    inner = [y for y in rules if lines[0].bottom < y < lines[-1].top]
    if inner:
        ys = [top, *inner, bottom]
    elif even:
        ys = _even_row_edges(captioned or loose, kinds, height, top, bottom)
    else:
        ys = _text_row_edges(captioned or loose, height, top, bottom)
    ys = [head_top, *ys]
    cells: list[_Cell] = []
    last = len(ys) - 2
    for b in captioned:  # `_row_at(ys, b.cy)`, inline: this runs for most blocks
        r = _bisect_right(ys, (b.top + b.bottom) / 2) - 1
        if r < 0:
            r = 0
        cells.append(_Cell(last if r > last else r, 1, b.col, b.last, b.chunks))
    for group in _stacks(loose, LEADING * height) if even else [[b] for b in loose]:
        joined = _Block(group[0].col, group[0].last, [c for b in group for c in b.chunks])
        cell = _loose_cell(joined, ys, height)
        cells.extend([cell] if cell.row == 0 or len(group) == 1
                     else [_loose_cell(b, ys, height) for b in group])
    cells.extend(_merged_cells(merged, ys, height, first=1))
    return ys, _merge_cells(cells)


def _loose_cell(block: _Block, ys: Sequence[float], height: float) -> _Cell:
    """A block of a column without caption: on the row holding its centre, or spanning the
    caption row and the rows under it when it is centred on them clearly better."""
    own = max(_row_at(ys, block.cy), 1)
    own_error = abs((ys[own] + ys[own + 1]) / 2 - block.cy)
    end = min(range(1, len(ys) - 1), key=lambda e: abs((ys[0] + ys[e + 1]) / 2 - block.cy))
    error = abs((ys[0] + ys[end + 1]) / 2 - block.cy)
    if error <= height / 2 and error + height / 4 < own_error:
        return _Cell(0, end + 1, block.col, block.last, block.chunks)
    return _Cell(own, 1, block.col, block.last, block.chunks)


def _row_at(ys: Sequence[float], y: float) -> int:
    r = _bisect_right(ys, y) - 1  # min(max(r, 0), len(ys) - 2), written out
    if r < 0:
        r = 0
    last = len(ys) - 2
    return last if r > last else r


def _text_row_edges(blocks: Sequence[_Block], height: float, top: float, bottom: float
                    ) -> list[float]:
    """Row edges from the text: rows start at the dense columns' block tops; an edge lies
    midway between one row's lowest text and the next row's highest: first by the blocks on
    a row's start, then by every block in the row holding its centre (a cell centred in a
    taller row)."""
    extents = _extents(blocks)
    starts = _row_starts(blocks, height, extents)
    on_start: list[tuple[float, float]] = []
    row_of: list[int] = []
    half = height / 2
    for extent in extents:
        r = _bisect_right(starts, extent[0] + half) - 1
        if r < 0:
            r = 0
        if abs(extent[0] - starts[r]) <= half:
            on_start.append(extent)
            row_of.append(r)
    ys = _row_edges(on_start, row_of, starts, top, bottom)
    # then every block by its centre: a tall cell (a long note) widens its row
    last = len(ys) - 2
    rows: list[int] = []
    for high, low in extents:  # `_row_at(ys, centre)`, inline
        r = _bisect_right(ys, (high + low) / 2) - 1
        if r < 0:
            r = 0
        rows.append(last if r > last else r)
    return _row_edges(extents, rows, starts, top, bottom)


def _extents(blocks: Sequence[_Block]) -> list[tuple[float, float]]:
    """Each block's (top, bottom), worked out once: the row stages ask them many times."""
    return [(b.top, b.bottom) for b in blocks]


def _row_edges(extents: Sequence[tuple[float, float]], row_of: Sequence[int],
               starts: Sequence[float], top: float, bottom: float) -> list[float]:
    """Edges between rows: midway between one row's lowest text and the next row's highest
    (`extents`: the (top, bottom) of each block, `row_of` its row)."""
    n = len(starts)
    lows = list(starts)
    highs = list(starts)
    seen = [False] * n
    for (high, low), r in zip(extents, row_of, strict=True):
        if not seen[r]:
            lows[r], highs[r], seen[r] = low, high, True
            continue
        if low > lows[r]:  # max() and min() written out: this runs for every block
            lows[r] = low
        if high < highs[r]:
            highs[r] = high
    ys = [top]
    for r in range(1, n):
        ys.append((lows[r - 1] + highs[r]) / 2)
    ys.append(bottom)
    return ys


def _merged_cells(blocks: Sequence[_Block], ys: Sequence[float], height: float,
                  first: int = 0) -> list[_Cell]:
    """Cells of a merged caption column (一级/二级指标): each group of rows follows the last,
    and a text centred on a run of rows spans it; otherwise it sits on its own row."""
    out: list[_Cell] = []
    by_col: dict[tuple[int, int], list[_Block]] = {}
    for b in blocks:
        by_col.setdefault((b.col, b.last), []).append(b)
    n = len(ys) - 1
    for (c0, c1), column in by_col.items():
        start = first
        for block in sorted(column, key=lambda b: b.top):
            own = min(max(bisect.bisect_right(ys, block.top + height / 2) - 1, first), n - 1)
            span = None
            if start <= own:
                # min(range(start, n), key=…) written out: the first end nearest the centre
                cy, low = block.cy, ys[start]
                span, best = start, abs((low + ys[start + 1]) / 2 - cy)
                for e in range(start + 1, n):
                    error = abs((low + ys[e + 1]) / 2 - cy)
                    if error < best:
                        span, best = e, error
                if abs((ys[start] + ys[span + 1]) / 2 - block.cy) > height / 2 \
                        or ys[span + 1] < block.bottom - height / 2:
                    span = None
            if span is None:
                out.append(_Cell(own, 1, c0, c1, block.chunks))
                start = own + 1
            else:
                out.append(_Cell(start, span - start + 1, c0, c1, block.chunks))
                start = span + 1
    return out


_ROW_COL = attrgetter("row", "col")


def _merge_cells(cells: Sequence[_Cell]) -> list[_Cell]:
    """Cells that landed on the same row and columns are one cell (its text in order)."""
    out: dict[tuple[int, int, int], _Cell] = {}
    copied: set[tuple[int, int, int]] = set()  # a cell is copied only when another joins it
    for cell in cells:
        key = (cell.row, cell.col, cell.last)
        have = out.get(key)
        if have is None:
            out[key] = cell
            continue
        if key not in copied:
            copied.add(key)
            have = out[key] = _Cell(have.row, have.rowspan, have.col, have.last,
                                    list(have.chunks))
        have.chunks.extend(cell.chunks)
        have.rowspan = max(have.rowspan, cell.rowspan)
    return sorted(out.values(), key=_ROW_COL)


# ---------------------------------------------------------------- the table


def open_table(region: Region, runs: Sequence[TextRun], *, page: int, kind_of: KindOf,
               guide: Guide | None = None) -> RuledTable | None:
    """The table of a region, or None when it has no caption row (not a form's table).

    Args:
        guide: the caption row and column edges of the table the previous page ended with:
            a region without a caption row of its own is that table continued, in the same
            columns.
    """
    lines = [_Line(tuple(chunks), (top, bottom)) for top, bottom, line in line_extents(runs)
             if (chunks := _chunks(line))]
    free, bands = _bands(lines, region.rules, kind_of)
    if not bands and guide is not None and lines:
        free, bands = [], [_Band([_Line(guide.captions)], lines, guide=True)]
    if not bands:
        return None
    rows: list[tuple[float, float, list[tuple[float, float, int, list[TextRun]]]]] = []
    # (top, bottom, cells as (x_left, x_right, rowspan, chunks))
    for line in free:
        rows.append((line.top, line.bottom, _line_cells(line, region)))
    edges: list[float] = []
    for k, band in enumerate(bands):
        edges = list(guide.edges) if band.guide and guide is not None \
            else _columns(band, region.x0, region.x1)
        head_top = region.top if band.guide else min(ln.top for ln in band.header)
        head_bottom = region.top if band.guide else max(ln.bottom for ln in band.header)
        header_cells = _header_cells(band, edges)
        header = [] if band.guide else [(edges[c0], edges[c1 + 1], 1, chunks) for c0, c1, chunks
                                        in header_cells]
        below = min(ln.top for ln in bands[k + 1].header) if k + 1 < len(bands) \
            else region.bottom
        body_top = region.top if band.guide else _gap_middle(head_bottom, band, region.rules)
        below = _body_bottom(band, body_top, below, region.rules)
        ys, cells = _rows(band, edges, region.rules, _kinds(header_cells, kind_of),
                          (head_top, body_top), below)
        by_row: dict[int, list[tuple[float, float, int, list[TextRun]]]] = {}
        for c in cells:
            by_row.setdefault(c.row, []).append(
                (edges[c.col], edges[c.last + 1], c.rowspan, c.chunks))
        for r in range(len(ys) - 1):
            rows.append((ys[r], ys[r + 1], (header if r == 0 else []) + by_row.get(r, [])))
    last = Guide(tuple(c for ln in bands[-1].header for c in ln.chunks), tuple(edges))
    # every cell's chunks are the region's runs: all sure (a text layer), no cell to ask
    table = _ruled_table(rows, region, page, all_sure=all(r.conf == 1.0 for r in runs))
    table.guide = last
    return table


def _body_bottom(band: _Band, body_top: float, below: float, rules: Sequence[float]
                 ) -> float:
    """Where the body ends: the first rule under its text, else as far under its last line
    as its first line is under the body's top (the cells' padding), before the next band."""
    if not band.body:
        return below
    last = max(ln.bottom for ln in band.body)
    under = [y for y in rules if last <= y < below]
    if under:
        return under[0]
    return min(below, last + max(band.body[0].top - body_top, 0.0))


def _gap_middle(head_bottom: float, band: _Band, rules: Sequence[float]) -> float:
    """Where the body starts: the rule under the caption row, else midway to the text."""
    if not band.body:
        return head_bottom
    first = min(c.top for c in band.body[0].chunks)
    under = [y for y in rules if head_bottom <= y <= first]
    return under[0] if under else (head_bottom + first) / 2


def _header_cells(band: _Band, edges: Sequence[float]
                  ) -> list[tuple[int, int, list[TextRun]]]:
    out: list[tuple[int, int, list[TextRun]]] = []
    for group in _anchors(band.header):
        c0, _ = _col_range(edges, min(group, key=lambda c: c.x0))
        _, c1 = _col_range(edges, max(group, key=lambda c: c.x1))
        out.append((c0, max(c0, c1), group))
    return out


def _kinds(header_cells: Sequence[tuple[int, int, list[TextRun]]], kind_of: KindOf
           ) -> dict[int, str | None]:
    """The caption kind over each column of a band (by its caption cells, `_header_cells`)."""
    out: dict[int, str | None] = {}
    for c0, c1, group in header_cells:
        kind = kind_of(join_runs(group))
        for c in range(c0, c1 + 1):
            out[c] = kind
    return out


def _line_cells(line: _Line, region: Region) -> list[tuple[float, float, int, list[TextRun]]]:
    """A line outside every band: each chunk a cell, edges midway between chunks."""
    chunks = line.chunks
    out = []
    for i, chunk in enumerate(chunks):
        left = region.x0 if i == 0 else (chunks[i - 1].x1 + chunk.x0) / 2
        right = region.x1 if i == len(chunks) - 1 else (chunk.x1 + chunks[i + 1].x0) / 2
        out.append((left, right, 1, [chunk]))
    return out


def _ruled_table(rows: Sequence[tuple[float, float,
                                      list[tuple[float, float, int, list[TextRun]]]]],
                 region: Region, page: int, *, all_sure: bool = False) -> RuledTable:
    """Rows of cells (with their own x-edges) → one `RuledTable` over the edges of all
    (`all_sure`: every run has confidence 1, so no cell's runs are kept)."""
    xs = _cluster([x for _, _, cells in rows for left, right, _, _ in cells
                   for x in (left, right)] + [region.x0, region.x1])
    ys = [rows[0][0]] + [(a[1] + b[0]) / 2 for a, b in itertools.pairwise(rows)] \
        + [rows[-1][1]]
    ys[0], ys[-1] = min(ys[0], region.top), max(ys[-1], region.bottom)
    ys = _increasing(ys)
    spans: list[tuple[int, int, int, int]] = []
    texts: list[str] = []
    runs: list[list[TextRun]] = []
    sure = True
    nearest = NearestColumn(xs)
    n_rows = len(rows)
    for r, (_, _, row_cells) in enumerate(rows):
        for left, right, rowspan, chunks in row_cells:
            c0, c1 = nearest[left], nearest[right]
            if c1 <= c0:
                c1 = c0 + 1
            span = 1 if rowspan == 1 else max(1, min(rowspan, n_rows - r))
            spans.append((r, c0, span, c1 - c0))
            # one chunk (most cells): its text at once
            texts.append(chunks[0].text.strip() if len(chunks) == 1 else join_runs(chunks))
            if not all_sure:  # else every run is sure: no cell's runs are kept
                runs.append(chunks)
                if sure:
                    sure = all(c.conf == 1.0 for c in chunks)
    return RuledTable(page, tuple(xs), tuple(ys), spans=spans, texts=texts,
                      runs=None if sure else runs)


def _increasing(ys: list[float]) -> list[float]:
    out = [ys[0]]
    for y in ys[1:]:
        out.append(max(y, out[-1] + 0.01))
    return out
