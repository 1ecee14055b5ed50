"""Tables as cell grids: what the PDF, XLSX, DOCX and HTML readers extract before mapping.

Every table-like reader turns its source into `Table`s of `Cell`s (merged cells keep their
span) and hands them to `read_tables`, which locates the form's parts by its captions.
"""

from __future__ import annotations

from dataclasses import dataclass

from jixiao.core.findings import SourceRef
from jixiao.core.frozen import direct_init


@direct_init  # every reader makes one per cell of every table
@dataclass(frozen=True)
class Cell:
    """One (possibly merged) cell: its text with line breaks as `\\n`, its top-left position
    (0-based), its span, a human reference to it (`Sheet1!B5`, `第2页 第3行第4列`) and, in a
    source with pages (PDF), the page it is printed on."""

    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    ref: str | None = None
    page: int | None = None


@dataclass(frozen=True)
class Table:
    """A table found in a source: its cells and where it is (file, page or sheet)."""

    cells: tuple[Cell, ...]
    source: SourceRef | None = None
    name: str | None = None
