"""Tables printed in 繁体字 (traditional characters) read like simplified ones, printed text kept.

Every grid source (HTML, Word, OpenDocument, the spreadsheet formats) hands its tables to the
mapper through here: `read_grid` for tables, `read_document` for a word-processing document's
stream of paragraphs and tables, or a `GridScript` held by a reader that picks its tables by
their captions first (HTML). A sniff of the head of the cells' text decides (the hint characters
of `text_prep`); clean simplified tables pass as they are. Traditional tables get a simplified
copy of every cell, converted character by character (`text_prep.conversion_table`: every
position of the copy is the same position of the printed cell), the mapper recognises the
captions on the copy, and every free-text field of each form read is mapped back to the same
span of the printed cells (`text_prep.printed_form`), with the import finding JX009 at the first
converted cell of the form.
"""

from __future__ import annotations

import dataclasses
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from jixiao.core.findings import SourceRef
from jixiao.readers.base import ReadResult, import_finding
from jixiao.readers.codes import IMPORT_CODES
from jixiao.readers.grid import Cell, Table
from jixiao.readers.grid_form import read_document_tables, read_tables
from jixiao.readers.text_prep import (
    SNIFF_CHARS,
    conversion_table,
    is_traditional,
    named_as_printed,
    printed_form,
)

__all__ = ["GridScript", "read_document", "read_grid", "sniff_head"]

#: Fields named in the JX009 finding as kept simplified, at most.
UNMAPPED_NAMED = 5


def sniff_head(texts: Iterable[str]) -> str:
    """The first `SNIFF_CHARS` or so of the texts, one per line (the texts are read no further)."""
    head: list[str] = []
    size = 0
    for text in texts:
        if text:
            head.append(text)
            size += len(text) + 1
            if size >= SNIFF_CHARS:
                break
    return "\n".join(head)


class GridScript:
    """The script of one source's tables: identity for simplified ones; for traditional ones
    the simplified copy of each cell, the printed text held to restore the forms read."""

    def __init__(self, filename: str | None, *, traditional: bool) -> None:
        self.filename = filename
        self._table = conversion_table() if traditional else None
        #: (place number, printed, simplified): a place's number is its index here
        self._held: list[tuple[int, str, str]] = []
        self._numbers: dict[str, int] = {}  # cell ref → place number of its first cell
        self._converted: list[tuple[int, SourceRef]] = []  # cells whose text changed

    @classmethod
    def sniff(cls, texts: Iterable[str], filename: str | None) -> GridScript:
        """The script of a source whose text (cells, paragraphs, in order) is `texts`."""
        return cls(filename, traditional=is_traditional(sniff_head(texts)))

    @property
    def traditional(self) -> bool:
        return self._table is not None

    def simple(self, text: str) -> str:
        """`text` simplified (itself in a simplified source), for recognising captions."""
        return text if self._table is None else text.translate(self._table)

    def text(self, printed: str) -> str:
        """A paragraph's text simplified, its printed text held for the forms read."""
        simple = self.simple(printed)
        if simple != printed:
            self._held.append((len(self._held), printed, simple))
        return simple

    def cells(self, cells: Iterable[Cell], source: SourceRef | None = None) -> list[Cell]:
        """The cells with their text simplified; each one that changed is a converted place."""
        out: list[Cell] = []
        for cell in cells:
            simple = self.simple(cell.text)
            number = len(self._held)
            self._held.append((number, cell.text, simple))
            if cell.ref is not None:
                self._numbers.setdefault(cell.ref, number)
                if simple != cell.text:
                    self._converted.append((number, self._place(cell, source)))
            out.append(dataclasses.replace(cell, text=simple) if simple != cell.text else cell)
        return out

    def _place(self, cell: Cell, source: SourceRef | None) -> SourceRef:
        return SourceRef(file=self.filename or (source.file if source else None),
                         page=cell.page if cell.page is not None else (
                             source.page if source else None),
                         cell=cell.ref)

    def cells_of(self, cells_of: Callable[[Any, int], Iterable[Cell]]
                 ) -> Callable[[Any, int], Iterable[Cell]]:
        """`cells_of` (a document table → its cells) giving simplified cells."""
        if self._table is None:
            return cells_of
        return lambda table, number: self.cells(cells_of(table, number))

    def tables(self, tables: Sequence[Table]) -> list[Table]:
        """The tables with their cells simplified."""
        if self._table is None:
            return list(tables)
        return [dataclasses.replace(t, cells=tuple(self.cells(t.cells, t.source)))
                for t in tables]

    def read_tables(self, tables: Sequence[Table]) -> list[ReadResult]:
        """The forms of `tables` (`grid_form.read_tables`), read on their simplified copy and
        restored to the printed text."""
        if self._table is None:
            return read_tables(tables, filename=self.filename)
        return self.restored(read_tables(self.tables(tables), filename=self.filename))

    def restored(self, results: Iterable[ReadResult]) -> list[ReadResult]:
        """The forms read from the simplified cells (in source order), each with its free-text
        fields as printed and JX009 at its first converted cell."""
        out: list[ReadResult] = []
        after = -1  # the last place of the form before
        for result in results:
            numbers = [self._numbers[s.cell] for s in result.sources.values()
                       if s.cell is not None and s.cell in self._numbers]
            last = max(numbers, default=after)
            out.append(self._restore(result, after, last))
            after = max(after, last)
        return out

    def _restore(self, result: ReadResult, after: int, last: int) -> ReadResult:
        """`result` restored from the places after the form before, up to its last one."""
        at = bisect_right(self._converted, after, key=_number)
        if at == len(self._converted) or self._converted[at][0] > last:
            return result
        first = self._converted[at][1]
        lines = {path: SourceRef(line=self._numbers.get(ref.cell)) if ref.cell else ref
                 for path, ref in result.sources.items()}
        form, unmapped = printed_form(result.form, lines, self._held[after + 1:last + 1])
        detail = f"{first.cell}起"
        if unmapped:
            detail += f"；{'、'.join(unmapped[:UNMAPPED_NAMED])} 无法对应原文，保留简体"
        project = form.project_name or None
        finding = import_finding("JX009", f"{IMPORT_CODES['JX009']}：{detail}", source=first,
                                 form=project)
        findings = named_as_printed(result.findings, result.form, form)
        return dataclasses.replace(result, form=form, findings=(*findings, finding))


def _number(converted: tuple[int, SourceRef]) -> int:
    return converted[0]


def read_grid(tables: Sequence[Table], *, filename: str | None = None) -> list[ReadResult]:
    """Every form of `tables` (`grid_form.read_tables`), traditional ones read as printed."""
    script = GridScript.sniff((c.text for t in tables for c in t.cells), filename)
    return script.read_tables(tables)


def read_document(blocks: Iterable[str | Any], cells_of: Callable[[Any, int], Iterable[Cell]],
                  texts: Iterable[str], *, name: str, filename: str | None, max_tables: int,
                  kind: str) -> list[ReadResult]:
    """`grid_form.read_document_tables` of a document whose text is `texts` (sniffed: only its
    head is read), traditional ones read as printed."""
    script = GridScript.sniff(texts, filename)
    if script.traditional:
        blocks = (script.text(b) if isinstance(b, str) else b for b in blocks)
        cells_of = script.cells_of(cells_of)
    results = read_document_tables(blocks, cells_of, name=name, filename=filename,
                                   max_tables=max_tables, kind=kind)
    return script.restored(results) if script.traditional else results
