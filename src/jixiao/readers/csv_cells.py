"""CSV text: a form saved from a spreadsheet or exported by a budget system as comma-separated
values, turned into the tab-ruled cell text that `text_cells` reads.

A CSV row is a row of cells split at its commas; a cell holding a comma, a quote or a line
break is quoted (`"1,200.00"`, a note over two lines), a quote in it doubled (`""`).
`sniff_csv` tells such text from prose and PDF text that merely print ASCII commas
(`1,200.00`, `保障工资及时,足额发放`): the text is not already ruled by tabs or pipes, and a good
share of its lines are rows only CSV prints — a row holding an empty cell (`a,,b`, `项目名称,`
of a sheet's merged cells or a terminated cell, a row of commas) or a line that is one quoted
cell (a few such lines are enough) — at least as many as the lines that are pieces of text
between commas.

`csv_as_tabs` gives every row as one line of cells joined by tabs (a tab inside a cell becomes
a blank; a quoted cell's line breaks are joined as the cells reader joins a wrapped cell), and
keeps the line count by following a row that spanned several lines with as many blank lines,
so every line number read stays the CSV file's.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterator, Sequence

from jixiao.readers.text_norm import join_lines

#: Rows that only CSV prints, of the non-blank rows: a row holding an empty cell (`a,,b`, a
#: trailing comma, a row of commas) or a line that is one quoted cell (`"a,b"`). Prose split at
#: its commas never has an empty piece and never quotes a whole line.
CSV_ROW_SHARE = 0.3
#: Such rows a text needs at least.
CSV_ROWS_MIN = 3
#: Tab- or pipe-ruled lines, of the non-blank lines, from which the text is read as it is.
RULED_SHARE = 0.2

_QUOTED = re.compile(r'"(?:[^"]|"")*"')
_QUOTED_LINE = re.compile(r'\s*"(?:[^"]|"")*"\s*')
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")


def _ruled_otherwise(lines: Sequence[str]) -> bool:
    """Whether tabs or pipes rule the text's cells (the cells reader reads it as it is)."""
    ruled = sum(1 for ln in lines if "\t" in ln or "|" in ln or "｜" in ln)
    return ruled >= CSV_ROWS_MIN and ruled >= RULED_SHARE * len(lines)


def _records(text: str) -> Iterator[list[str]]:
    """The CSV rows of a text; a quote left open at its end (a cut sniff head) ends the rows."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        yield from reader
    except csv.Error:
        return


def _kind(line: str) -> str:
    """`csv` (a row only CSV prints), `prose` (pieces between commas, none empty: prose or a
    filled row), or `cell` (no comma between cells: one cell, or a line of prose)."""
    if _QUOTED_LINE.fullmatch(line):
        return "csv"
    if "," not in _THOUSANDS.sub("", _QUOTED.sub("", line)):
        return "cell"
    cells = next(_records(line), [line])
    if len(cells) < 2:
        return "cell"
    return "csv" if any(not c.strip() for c in cells) else "prose"


def sniff_csv(text: str) -> bool:
    """Whether the text (its head is enough) is CSV: see the module's notes."""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if not lines or _ruled_otherwise(lines):
        return False
    kinds = Counter(_kind(ln) for ln in lines)
    quoted = sum(1 for ln in lines if _QUOTED_LINE.fullmatch(ln))
    many = kinds["csv"] >= CSV_ROW_SHARE * len(lines) or quoted >= CSV_ROWS_MIN
    return kinds["csv"] >= CSV_ROWS_MIN and many and kinds["csv"] >= kinds["prose"]


def _cell(text: str) -> str:
    """A cell as one line: its line breaks joined as a wrapped cell's, tabs as blanks."""
    text = text.replace("\t", " ")
    if "\n" not in text and "\r" not in text:
        return text
    return join_lines(text.splitlines())


def csv_as_tabs(text: str) -> str:
    """The CSV text as tab-ruled cell text, line for line (see the module's notes)."""
    out: list[str] = []
    reader = csv.reader(io.StringIO(text, newline=""))
    seen = 0
    try:
        for row in reader:
            out.append("\t".join(_cell(c) for c in row))
            out.extend([""] * (reader.line_num - seen - 1))
            seen = reader.line_num
    except csv.Error:  # a quote open to the end: the rest of the text as it is
        out.extend(text.splitlines()[seen:])
    return "\n".join(out) + ("\n" if text.endswith(("\n", "\r")) else "")


__all__ = ["csv_as_tabs", "sniff_csv"]
