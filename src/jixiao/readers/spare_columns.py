"""Spare columns of merged cells in ruled rows (a spreadsheet copy, a CSV sheet, a bordered
table).

A sheet whose caption is a merged cell over two columns (`项目资金（万元）` over A:B) prints the
merged cell's spare column as an empty cell in the header row, and its rows print it too
(`年度资金总额 | ‹empty› | 1,200.00 …`). Such an empty cell holds no place: left in, every value
after it lands one column off. A column is spare when, within one table block — a run of header
rows (every cell a column caption) and the rows up to the next header row — it is empty in every
row, and a header row prints a caption both before and after it (it lies inside the merged
header). A real blank value (an empty 得分, 偏差原因 or funds amount) stands under a caption of
its own, so its column is never spare.

Wrapped cells make positions within a line meaningless (a line without a rule goes on with the
cell before it): a block holding such a line is left as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

#: Non-empty cells a header row holds at least (one caption alone is a field or a title).
HEADER_CAPTIONS_MIN = 2


@dataclass(frozen=True)
class _Block:
    """Line indexes of a table block: its header rows, then its body rows (blank lines out)."""

    header: tuple[int, ...]
    body: tuple[int, ...]


def _cells(line: str, sep: str) -> list[str]:
    return [c.strip() for c in line.split(sep)]


def _is_header(line: str, is_caption: Callable[[str], bool], sep: str) -> bool:
    """A row whose every non-empty cell is a column caption, at least two of them."""
    texts = [c for c in _cells(line, sep) if c]
    return len(texts) >= HEADER_CAPTIONS_MIN and all(is_caption(t) for t in texts)


def _blocks(lines: Sequence[str], is_caption: Callable[[str], bool], sep: str) -> list[_Block]:
    """The table blocks, each from its header rows up to the next header row (or the end);
    a block holding a wrapped line (no tab, not blank) is no block of columns."""
    heads = [k for k, ln in enumerate(lines) if sep in ln and _is_header(ln, is_caption, sep)]
    blocks: list[_Block] = []
    k = 0
    while k < len(heads):
        first = heads[k]
        while k + 1 < len(heads) and heads[k + 1] == heads[k] + 1:
            k += 1  # a header printed over several rows (年度指标值 above 指标值 …)
        stop = heads[k + 1] if k + 1 < len(heads) else len(lines)
        body = range(heads[k] + 1, stop)
        if all(sep in lines[b] or not lines[b].strip() for b in body):
            blocks.append(_Block(tuple(range(first, heads[k] + 1)),
                                 tuple(b for b in body if lines[b].strip())))
        k += 1
    return blocks


def _inside(row: Sequence[str], j: int) -> bool:
    """Whether column j lies between two printed captions of a header row."""
    return any(row[:j]) and any(row[j + 1:])


def _spare(lines: Sequence[str], block: _Block, sep: str) -> set[int]:
    """The block's spare columns (see the module's notes); none for a block without rows."""
    if not block.body:
        return set()
    heads = [_cells(lines[h], sep) for h in block.header]
    rows = heads + [_cells(lines[b], sep) for b in block.body]
    width = max(len(r) for r in heads)
    return {j for j in range(1, width)
            if all(j >= len(r) or not r[j] for r in rows)
            and any(j < len(h) and _inside(h, j) for h in heads)}


def _without(line: str, spare: set[int], sep: str) -> str:
    return sep.join(c for j, c in enumerate(line.split(sep)) if j not in spare)


def drop_spare_columns(lines: Sequence[str], is_caption: Callable[[str], bool], sep: str = "\t"
                       ) -> list[str]:
    """The ruled lines without the spare columns of merged cells, line for line.

    Args:
        lines: the text's lines (cells separated by `sep`; rule lines blanked).
        is_caption: whether a cell's text is a column caption.
        sep: what separates cells: a tab, or `|` in bordered rows (`| a | b |`).

    Returns:
        The lines, each block's spare columns dropped; the others as they were.
    """
    out = list(lines)
    for block in _blocks(lines, is_caption, sep):
        spare = _spare(lines, block, sep)
        if spare:
            for k in block.header + block.body:
                out[k] = _without(lines[k], spare, sep)
    return out


__all__ = ["drop_spare_columns"]
