"""The text reader: prepare the published text (`text_prep`: 繁体, page text), pick the
layout (PDF lines, web-table cells, or CSV read as tab-ruled cells), read every form."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from jixiao.readers.base import ReadResult
from jixiao.readers.csv_cells import csv_as_tabs, sniff_csv
from jixiao.readers.decoding import SNIFF_CHARS, joined, line_blocks
from jixiao.readers.glued import read_glued, sniff_glued
from jixiao.readers.scrambled import repaired, sniff_scrambled
from jixiao.readers.text_cells import read_cells, sniff_cells
from jixiao.readers.text_lines import iter_lines, iter_lines_of
from jixiao.readers.text_prep import TextPrep


def read_text(text: str, *, filename: str | None = None) -> list[ReadResult]:
    """Every form in the text, in order, with import findings; [] when none is recognisable."""
    return list(iter_text(text, filename=filename))


def iter_text(text: str, *, filename: str | None = None) -> Iterator[ReadResult]:
    """`read_text` one form at a time (the PDF-text layout is read lazily; web-table cells, which
    are read whole, are then handed out one by one)."""
    if sniff_csv(text[:SNIFF_CHARS]):  # CSV cells are the printed text (page text is in them)
        text = csv_as_tabs(text)
    prep = TextPrep(filename)
    yield from prep.restored(_iter_layouts(prep.text(text), filename))


def _iter_layouts(text: str, filename: str | None) -> Iterator[ReadResult]:
    """The forms of a prepared text, by the layout it shows."""
    if sniff_glued(text):
        results = read_glued(text, filename=filename)
        if results:
            yield from results
            return
    scrambled = sniff_scrambled(text)
    if sniff_cells(text[:SNIFF_CHARS]) >= 0.5:
        results = read_cells(text, filename=filename)
        if results:
            yield from repaired(results, text, filename) if scrambled else results
            return
    if scrambled:  # spreadsheet text, values apart from their row captions: read whole
        yield from repaired(iter_lines(text, filename=filename), text, filename)
        return
    yield from iter_lines(text, filename=filename)


# ---------------------------------------------------------------- streams


def iter_text_pieces(start: str, pieces: Iterable[str], name: str,
                     max_chars: int | None = None) -> Iterator[ReadResult]:
    """The forms of a text (not JSON) given as decoded pieces that begin with `start`
    (`decoding.opening`): the PDF-text layout form by form, the others read whole."""
    head = TextPrep().text(start[:SNIFF_CHARS])
    if (sniff_csv(head) or sniff_glued(head) or sniff_cells(head) >= 0.5
            or sniff_scrambled(head)):
        yield from iter_text(joined(pieces, name, max_chars), filename=name)
        return
    prep = TextPrep(name)
    prep.sniff(start)
    lines = prep.blocks(line_blocks(pieces, name, max_chars))
    yield from prep.restored(iter_lines_of(lines, filename=name))
