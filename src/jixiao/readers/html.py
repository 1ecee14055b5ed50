"""The HTML reader: a disclosure page's form tables (rowspan/colspan kept) → forms.

A government page holds the form as one or more `<table>`s among navigation, layout tables and
footers. Stages: decode (charset declared in `<meta>`, else UTF-8, else GB18030) → parse every
table into cells with their spans (`<br>` and block elements are line breaks, `&nbsp;` is a
space, nested tables are separate tables) → keep the tables that carry the form's captions, with
the title lines just before each (`…自评表`, `（2024年度）`) → `grid_form.read_tables`. A page in
繁体字 is told by a sniff of its text (`grid_script`): its captions are recognised on a simplified
copy and the forms keep their printed text.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from jixiao.core.findings import SourceRef
from jixiao.readers.base import ReadResult, UnreadableInput
from jixiao.readers.grid import Cell, Table
from jixiao.readers.grid_form import is_form_text, looks_like_form_part
from jixiao.readers.grid_script import GridScript
from jixiao.readers.limits import HTML_MAX_COLSPAN, HTML_MAX_ROWSPAN, ReadLimits, refuse
from jixiao.readers.sniff import sniff_html

__all__ = ["decode_html", "page_text", "read_html", "sniff_html"]

_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_\-.]+)""", re.IGNORECASE)
_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
            "cp936": "gb18030", "csgb2312": "gb18030", "unicode": "utf-16"}
_MAX_BYTES = 50 * 1024 * 1024
_TITLE_BLOCKS = 4  # title lines kept before a form table


def _declared(data: bytes) -> str | None:
    head = data[:8192]
    m = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    if not m:
        return None
    name = m.group(1).decode("ascii", "ignore").lower()
    name = _ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_html(data: bytes, name: str = "") -> str:
    """Bytes → text: BOM, then the charset the page declares, then UTF-8, then GB18030.

    Raises:
        UnreadableInput: empty input.
    """
    if not data.strip():
        raise UnreadableInput(f"{name}: 文件为空")
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", "replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", "replace")
    candidates = [c for c in (_declared(data), "utf-8", "gb18030") if c]
    for encoding in dict.fromkeys(candidates):
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("gb18030", "replace")


# ---------------------------------------------------------------- parsing

_SKIP = frozenset({"script", "style", "noscript", "template", "head", "title", "select",
                   "textarea", "svg", "object", "iframe"})
_BLOCKS = frozenset({"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
                     "section", "article", "header", "footer", "nav", "aside", "blockquote",
                     "pre", "dd", "dt", "dl", "form", "center", "address", "hr", "main"})
_HTML_SPACE = re.compile(r"[ \t\r\n\f]+")


@dataclass
class _CellDraft:
    parts: list[str] = field(default_factory=list)
    rowspan: int = 1
    colspan: int = 1

    def text(self) -> str:
        lines = [ln.strip() for ln in "".join(self.parts).split("\n")]
        return "\n".join(ln for ln in lines if ln)


@dataclass
class _TableDraft:
    rows: list[list[_CellDraft]] = field(default_factory=list)
    caption: list[str] = field(default_factory=list)
    in_caption: bool = False
    cell: _CellDraft | None = None
    row_open: bool = False

    def start_row(self) -> None:
        self.cell = None
        self.rows.append([])
        self.row_open = True

    def start_cell(self, rowspan: int, colspan: int) -> None:
        if not self.row_open:
            self.start_row()
        self.cell = _CellDraft(rowspan=rowspan, colspan=colspan)
        self.rows[-1].append(self.cell)


def _span(value: str | None) -> int:
    if value is None:
        return 1
    m = re.match(r"\s*(\d+)", value)
    if not m:
        return 1
    return int(m.group(1)[:9])  # clamped when placed; rowspan="0" (to the end) too


class _PageParser(HTMLParser):
    """Collects tables and the text blocks of the page, in document order.

    Every text block (between block boundaries) is recorded with the innermost table it sits
    in, so that a title inside a layout table's cell is still seen while the text of a form
    table's own cells is not taken twice.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[tuple[str, object, _TableDraft | None]] = []
        self.stack: list[_TableDraft] = []
        self.skip = 0
        self.block: list[str] = []

    def _flush(self) -> None:
        text = _HTML_SPACE.sub(" ", "".join(self.block)).strip()
        self.block = []
        if text:
            self.events.append(("text", text, self.stack[-1] if self.stack else None))

    def _cell_parts(self) -> list[str] | None:
        if not self.stack:
            return None
        table = self.stack[-1]
        if table.in_caption:
            return table.caption
        return table.cell.parts if table.cell is not None else None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skip += 1
            return
        if self.skip:
            return
        if tag == "br":
            self._flush()
            parts = self._cell_parts()
            if parts is not None:
                parts.append("\n")
            return
        if tag == "table":
            self._flush()
            draft = _TableDraft()
            self.events.append(("table", draft, self.stack[-1] if self.stack else None))
            self.stack.append(draft)
            return
        if tag in _BLOCKS or tag in ("tr", "td", "th", "caption"):
            self._flush()
        if not self.stack:
            return
        table = self.stack[-1]
        if tag == "tr":
            table.start_row()
        elif tag in ("td", "th"):
            a = dict(attrs)
            table.in_caption = False
            table.start_cell(_span(a.get("rowspan")), _span(a.get("colspan")))
        elif tag == "caption":
            table.in_caption = True
        elif tag in _BLOCKS and table.cell is not None:
            table.cell.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in _SKIP:
            self.skip = max(self.skip - 1, 0)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(self.skip - 1, 0)
            return
        if self.skip:
            return
        if tag in _BLOCKS or tag in ("tr", "td", "th", "caption", "table"):
            self._flush()
        if not self.stack:
            return
        table = self.stack[-1]
        if tag == "table":
            self.stack.pop()
        elif tag in ("td", "th"):
            table.cell = None
        elif tag == "tr":
            table.cell = None
            table.row_open = False
        elif tag == "caption":
            table.in_caption = False
        elif tag in _BLOCKS and table.cell is not None:
            table.cell.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        text = _HTML_SPACE.sub(" ", data)
        self.block.append(text)
        parts = self._cell_parts()
        if parts is not None:
            parts.append(text)

    def close(self) -> None:
        super().close()
        self._flush()


class _SlotBudget:
    """Grid slots (cells after their spans) a page may fill: `ReadLimits.max_table_cells`."""

    def __init__(self, name: str, limit: int) -> None:
        self.name, self.limit, self.used = name, limit, 0

    def take(self, slots: int) -> None:
        self.used += slots
        if self.used > self.limit:
            raise refuse(self.name, "网页表格的单元格过多（按 rowspan/colspan 展开后）",
                         f"至少 {self.used} 格", "max_table_cells", f"{self.limit} 格")


def _place(draft: _TableDraft, number: int, budget: _SlotBudget | None = None) -> list[Cell]:
    """Lay a table's cells on the grid: each cell goes to the first column of its row that a
    rowspan from above does not occupy (the HTML table model). Spans are clamped as browsers
    clamp them (rowspan ≤ 65534 and the rows left, colspan ≤ 1000) and every slot a cell fills
    is counted against `budget` before it is taken."""
    rows = [r for r in draft.rows]
    n_rows = len(rows)
    taken: set[tuple[int, int]] = set()
    cells: list[Cell] = []
    for r, row in enumerate(rows):
        c = 0
        for draft_cell in row:
            while (r, c) in taken:
                c += 1
            rowspan = draft_cell.rowspan or (n_rows - r)
            rowspan = max(1, min(rowspan, HTML_MAX_ROWSPAN, n_rows - r))
            colspan = max(1, min(draft_cell.colspan, HTML_MAX_COLSPAN))
            if budget is not None:
                budget.take(rowspan * colspan)
            for rr in range(r, r + rowspan):
                for cc in range(c, c + colspan):
                    taken.add((rr, cc))
            cells.append(Cell(draft_cell.text(), r, c, rowspan, colspan,
                              ref=f"表{number} 第{r + 1}行第{c + 1}列"))
            c += colspan
    return cells


def page_text(data: bytes, name: str = "") -> str:
    """The page's visible text, one block (paragraph, cell, list item) per line: for pages that
    lay the form out without `<table>`s, to be read by the text readers."""
    parser = _PageParser()
    parser.feed(decode_html(data, name))
    parser.close()
    return "\n".join(str(item) for kind, item, _ in parser.events if kind == "text")


def read_html(data: bytes, *, filename: str | None = None,
              limits: ReadLimits | None = None) -> list[ReadResult]:
    """Every form in an HTML page (or fragment), in page order.

    Args:
        data: the page as bytes (its charset is taken from `<meta>`, else detected).
        filename: the name used in provenance and messages.
        limits: the grid slots all tables may fill (`max_table_cells`).

    Returns:
        One ReadResult per form; [] when no table on the page looks like a form part.

    Raises:
        UnreadableInput: empty or oversized input, or tables beyond the limits.
    """
    name = filename or "<html>"
    budget = _SlotBudget(name, (limits or ReadLimits()).max_table_cells)
    if len(data) > _MAX_BYTES:
        raise UnreadableInput(f"{name}: 文件过大（超过 {_MAX_BYTES // 1024 // 1024} MB）")
    parser = _PageParser()
    parser.feed(decode_html(data, name))
    parser.close()
    script = GridScript.sniff((str(item) for kind, item, _ in parser.events if kind == "text"),
                              filename)
    numbers: dict[int, int] = {}
    cells_of: dict[int, list[Cell]] = {}
    form_tables: set[int] = set()
    for kind, item, _owner in parser.events:
        if kind != "table" or not isinstance(item, _TableDraft):
            continue
        numbers[id(item)] = number = len(numbers) + 1
        cells_of[id(item)] = cells = _place(item, number, budget)
        caption = _HTML_SPACE.sub(" ", "".join(item.caption)).strip()
        if looks_like_form_part(script.simple(t) for t in [caption, *(c.text for c in cells)]):
            form_tables.add(id(item))
    tables: list[Table] = []
    pending: list[str] = []
    for kind, item, owner in parser.events:
        if kind == "text":
            if owner is None or id(owner) not in form_tables:
                text = str(item)
                pending = [*pending, text] if is_form_text(script.simple(text)) else []
            continue
        if not isinstance(item, _TableDraft) or id(item) not in form_tables:
            continue
        number = numbers[id(item)]
        caption = _HTML_SPACE.sub(" ", "".join(item.caption)).strip()
        for text in [*pending[-_TITLE_BLOCKS:], *([caption] if caption else [])]:
            tables.append(Table((Cell(text, 0, 0, ref=f"表{number}前的标题"),),
                                source=SourceRef(file=filename), name="title"))
        pending = []
        tables.append(Table(tuple(cells_of[id(item)]), source=SourceRef(file=filename),
                            name=f"表{number}"))
    return script.read_tables(tables)
