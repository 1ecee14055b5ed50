"""Forms → a PDF of the official 项目支出绩效自评表, one form from a new A4 page each.

The PDF draws `layout.official_layout` (the same grid as the HTML, XLSX and DOCX writers):
title and year above the table, then the header, funds block and goals, then the indicator
table with merged 一级/二级 cells (`SPAN`), 总分 and 评分等级. A CJK TrueType font is embedded
(`fonts.find_cjk_font`). Text is wrapped here, not by reportlab, so that a line only ever
breaks between Chinese characters or at a space: a number, a unit like `≥95.00(%)` or a code
is never cut. A table longer than a page continues on the next one with its header row
repeated; a merged cell cut by the page break is drawn on both pages with its text.
The forms' canonical JSON rides along as the attachment `jixiao-forms.json`.
"""

from __future__ import annotations

import io
import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from jixiao.core.form_json import form_to_dict
from jixiao.core.model import Form
from jixiao.writers.fonts import FontFile, find_cjk_font, find_fallback_font
from jixiao.writers.layout import Align, Layout, Role, official_layout

if TYPE_CHECKING:  # reportlab is imported lazily
    from reportlab.platypus import Flowable

ATTACHMENT_NAME = "jixiao-forms.json"

MM = 72 / 25.4
PAGE_MARGIN = 14 * MM
FONT_SIZE = 9.0
MIN_FONT_SIZE = 5.0
LEADING = 1.3          # line height as a multiple of the font size
PADDING = 3.0          # cell padding (points), left/right and top/bottom
LINE_WIDTH = 0.6
TITLE_SIZE = 16.0
MAX_ROW_SHARE = 0.8    # a row may take this share of the page height (the rest: header row)
SUBTITLE_SIZE = 11.0

_MAIN_FONT = "JixiaoCJK"
_FALLBACK_FONT = "JixiaoSymbols"


def render_pdf(forms: Sequence[Form], *, attach_json: bool = True,
               font: FontFile | None = None) -> bytes:
    """Render forms as one PDF, each form starting on a new A4 page.

    Args:
        forms: the forms, in order.
        attach_json: embed the forms' canonical JSON as the attachment `jixiao-forms.json`.
        font: the CJK TrueType font to embed (default: `fonts.find_cjk_font()`).

    Returns:
        The PDF file's bytes.

    Raises:
        fonts.FontNotFound: no embeddable CJK font is installed (Chinese message).
        ValueError: a cell so long that it exceeds a page even at the smallest font size.
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import PageBreak, SimpleDocTemplate
    from reportlab.platypus.doctemplate import LayoutError

    fonts = _register_fonts(font or find_cjk_font())
    buffer = io.BytesIO()
    title = _document_title(forms)
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=PAGE_MARGIN, rightMargin=PAGE_MARGIN,
        topMargin=PAGE_MARGIN, bottomMargin=PAGE_MARGIN, title=title, author="jixiao",
        creator="jixiao", subject="项目支出绩效自评表", lang="zh-CN",
        initialFontName=fonts.main, initialFontSize=FONT_SIZE, invariant=True)
    story: list[Flowable] = []
    for i, form in enumerate(forms):
        if i:
            story.append(PageBreak())
        story.extend(_form_story(official_layout(form), doc.width, doc.height, fonts))
    if not story:
        story.extend(_form_story(official_layout(Form(project_name="")), doc.width,
                                 doc.height, fonts))
    try:
        doc.build(story)
    except LayoutError as exc:
        raise ValueError(
            "表格中有单元格内容过长，缩到最小字号仍超过一页，无法排版为 PDF；"
            "请精简该单元格文字（如偏差原因或年度目标）") from exc
    pdf = buffer.getvalue()
    if attach_json:
        pdf = attach_forms(pdf, forms)
    return pdf


def attach_forms(pdf: bytes, forms: Sequence[Form]) -> bytes:
    """The PDF with the forms' canonical JSON embedded as `jixiao-forms.json`."""
    import pypdfium2 as pdfium

    payload = json.dumps([form_to_dict(f) for f in forms], ensure_ascii=False,
                         indent=1).encode("utf-8")
    doc = pdfium.PdfDocument(pdf)
    try:
        attachment = doc.new_attachment(ATTACHMENT_NAME)
        attachment.set_data(payload)
        attachment.set_str_value("Subtype", "application/json")
        out = io.BytesIO()
        doc.save(out)
    finally:
        doc.close()
    return out.getvalue()


def _document_title(forms: Sequence[Form]) -> str:
    if len(forms) == 1 and forms[0].project_name:
        return f"项目支出绩效自评表 — {forms[0].project_name}"
    return f"项目支出绩效自评表（{len(forms)}张）" if forms else "项目支出绩效自评表"


# ---------------------------------------------------------------- fonts


@dataclass(frozen=True)
class _Fonts:
    """Registered reportlab font names and the code points the CJK font has."""

    main: str
    fallback: str | None
    main_chars: frozenset[int]
    fallback_chars: frozenset[int]

    def face_for(self, ch: str) -> str:
        code = ord(ch)
        if code in self.main_chars or self.fallback is None or code not in self.fallback_chars:
            return self.main
        return self.fallback


@lru_cache(maxsize=4)
def _register_fonts(font: FontFile) -> _Fonts:
    """Register the CJK font (and a symbol fallback) with reportlab, once per process."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    main = f"{_MAIN_FONT}-{abs(hash(font)) % 10_000_000}"
    cjk = TTFont(main, font.path, subfontIndex=font.index)
    pdfmetrics.registerFont(cjk)
    fallback_name: str | None = None
    fallback_chars: frozenset[int] = frozenset()
    fallback = find_fallback_font()
    if fallback is not None:
        fallback_name = _FALLBACK_FONT
        face = TTFont(fallback_name, fallback.path, subfontIndex=fallback.index)
        pdfmetrics.registerFont(face)
        fallback_chars = frozenset(face.face.charToGlyph)
    return _Fonts(main, fallback_name, frozenset(cjk.face.charToGlyph), fallback_chars)


def _width(text: str, size: float, fonts: _Fonts) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if fonts.fallback is None:
        return stringWidth(text, fonts.main, size)
    total = 0.0
    for face, run in _runs_by_face(text, fonts):
        total += stringWidth(run, face, size)
    return total


def _runs_by_face(text: str, fonts: _Fonts) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for ch in text:
        face = fonts.face_for(ch)
        if out and out[-1][0] == face:
            out[-1] = (face, out[-1][1] + ch)
        else:
            out.append((face, ch))
    return out


def _markup(line: str, fonts: _Fonts) -> str:
    """One line as Paragraph markup: escaped, symbols the CJK font lacks in the fallback."""
    parts = []
    for face, run in _runs_by_face(line, fonts):
        text = escape(run)
        parts.append(text if face == fonts.main else f'<font name="{face}">{text}</font>')
    return "".join(parts)


# ---------------------------------------------------------------- wrapping

# Wide closing punctuation never starts a line, opening punctuation never ends one.
_CLOSING = set("，。、；：！？）》」』】〕〉”’％‰…·)]},.;:!?%")
_OPENING = set("（《「『【〔〈“‘([{")
_SPACE = re.compile(r"\s+")


@dataclass
class _Token:
    text: str
    space_before: bool = False


def _is_wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in "WF"


def tokens(text: str) -> list[_Token]:
    """Break units of a text: a run of narrow characters (digits, Latin, `.`, `%`, `≥`, …) is
    one unit, each Chinese character another; closing punctuation sticks to what precedes it,
    opening punctuation to what follows; whitespace only separates."""
    out: list[_Token] = []
    space = False
    glue_next = False
    for ch in text:
        if ch.isspace():
            space = True
            glue_next = False
            continue
        narrow = not _is_wide(ch)
        prev = out[-1] if out else None
        joins = prev is not None and not space and (
            glue_next
            or (narrow and not _is_wide(prev.text[-1]))
            or ch in _CLOSING)
        if joins and prev is not None:
            prev.text += ch
        else:
            out.append(_Token(ch, space_before=space and bool(out)))
        glue_next = ch in _OPENING
        space = False
    return out


def wrap_text(text: str, width: float, size: float, fonts: _Fonts) -> list[str]:
    """Lines of `text` that fit `width` at `size`, broken only between units (`tokens`).

    A unit wider than the line (only when even the smallest font cannot fit it) is cut by
    characters as a last resort.
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        line_width = 0.0
        for tok in tokens(paragraph):
            w = _width(tok.text, size, fonts)
            sep = " " if tok.space_before and line else ""
            sep_w = _width(" ", size, fonts) if sep else 0.0
            if line and line_width + sep_w + w <= width:
                line += sep + tok.text
                line_width += sep_w + w
                continue
            if line:
                lines.append(line)
            if w <= width:
                line, line_width = tok.text, w
                continue
            line, line_width = "", 0.0
            for ch in tok.text:  # last resort: a unit wider than the cell
                cw = _width(ch, size, fonts)
                if line and line_width + cw > width:
                    lines.append(line)
                    line, line_width = "", 0.0
                line += ch
                line_width += cw
        lines.append(line)
    while len(lines) > 1 and not lines[-1]:
        lines.pop()
    return lines


@lru_cache(maxsize=8192)
def _layout_text(text: str, width: float, fonts: _Fonts, max_height: float = float("inf")
                 ) -> tuple[float, tuple[str, ...]]:
    """Font size and wrapped lines of a cell's text (memoised: split tables redraw cells).

    The size shrinks until every unit fits the width and the cell fits `max_height` (a page,
    less room for the header row): a row is never cut, so it must fit a page.
    """
    size = fit_size(text, width, fonts)
    lines = wrap_text(text, width, size, fonts)
    while len(lines) * size * LEADING + 2 * PADDING > max_height and size > MIN_FONT_SIZE:
        size = max(MIN_FONT_SIZE, round(size * 0.9, 2))
        lines = wrap_text(text, width, size, fonts)
    return size, tuple(lines)


def fit_size(text: str, width: float, fonts: _Fonts, size: float = FONT_SIZE) -> float:
    """The largest font size (≤ `size`, ≥ MIN_FONT_SIZE) at which every unit fits `width`."""
    widest = max((_width(t.text, 1.0, fonts) for t in tokens(text)), default=0.0)
    if widest * size <= width:
        return size
    return max(MIN_FONT_SIZE, min(size, width / widest if widest else size))


# ---------------------------------------------------------------- cells and tables


@dataclass(frozen=True)
class _CellSpec:
    """A cell to draw: its text, alignment and span (the table builds a Paragraph from it)."""

    text: str
    align: Align
    rowspan: int = 1
    colspan: int = 1


@dataclass
class _TableSpec:
    """A table as data, so that it can be cut at any row and rebuilt on the next page.

    `rows[r][c]` is the cell whose top-left is (r, c), or None where a merged cell covers it.
    """

    rows: list[list[_CellSpec | None]]
    widths: list[float]
    header_rows: int = 0
    fonts: _Fonts | None = None
    max_height: float = float("inf")

    def slice(self, start: int, stop: int) -> list[list[_CellSpec | None]]:
        """Rows [start, stop), merged cells clipped; a cell running into `start` from above is
        drawn again (with its text) from `start`."""
        out: list[list[_CellSpec | None]] = []
        n_cols = len(self.widths)
        for r in range(start, stop):
            row: list[_CellSpec | None] = [None] * n_cols
            for c in range(n_cols):
                origin = self._origin(r, c)
                if origin is None:
                    continue
                r0, spec = origin
                if r0 != r and r != start:
                    continue
                end = min(r0 + spec.rowspan, stop)
                row[c] = replace(spec, rowspan=end - r)
            out.append(row)
        return out

    def _origin(self, r: int, c: int) -> tuple[int, _CellSpec] | None:
        """The cell starting at column c that covers row r, with its first row."""
        for r0 in range(r, -1, -1):
            spec = self.rows[r0][c]
            if spec is not None:
                return (r0, spec) if r0 + spec.rowspan > r else None
        return None

    def part(self, start: int, stop: int) -> _TableSpec:
        """A new spec: the header rows, then rows [start, stop)."""
        rows = self.slice(0, self.header_rows) if start > 0 else []
        rows += self.slice(start if start > 0 else 0, stop)
        return _TableSpec(rows, self.widths, self.header_rows, self.fonts, self.max_height)


def _make_table(spec: _TableSpec) -> Flowable:
    from reportlab.lib.enums import TA_CENTER, TA_LEFT
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, Table, TableStyle

    fonts = spec.fonts
    assert fonts is not None

    class SpanSplittingTable(Table):
        """A Table that may break inside a merged cell: both parts draw it with its text."""

        def split(self, availWidth: float, availHeight: float) -> list:
            self._calc(availWidth, availHeight)
            heights = list(self._rowHeights)
            n_rows = len(heights)
            if None not in heights and sum(heights) <= availHeight:
                return [self]
            first = spec.header_rows
            total, fit = 0.0, 0
            for i, h in enumerate(heights):
                if h is None or total + h > availHeight:
                    break
                total += h
                fit = i + 1
            for cut in range(fit, first, -1):
                head = _make_table(spec.part(0, cut))
                _, h = head.wrap(availWidth, availHeight)
                if h <= availHeight:
                    return [head, _make_table(spec.part(cut, n_rows))]
            return []

    data: list[list] = []
    commands: list[tuple] = [
        ("GRID", (0, 0), (-1, -1), LINE_WIDTH, "black"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("FONTNAME", (0, 0), (-1, -1), fonts.main),  # empty cells too: no Helvetica
        ("FONTSIZE", (0, 0), (-1, -1), FONT_SIZE),
        ("LEADING", (0, 0), (-1, -1), FONT_SIZE * LEADING),
        ("LEFTPADDING", (0, 0), (-1, -1), PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), PADDING),
        ("BOTTOMPADDING", (0, 0), (-1, -1), PADDING),
    ]
    for r, row in enumerate(spec.rows):
        out_row: list = []
        for c, cell in enumerate(row):
            if cell is None:
                out_row.append("")
                continue
            if cell.rowspan > 1 or cell.colspan > 1:
                commands.append(("SPAN", (c, r), (c + cell.colspan - 1, r + cell.rowspan - 1)))
            if not cell.text:
                out_row.append("")
                continue
            inner = sum(spec.widths[c:c + cell.colspan]) - 2 * PADDING - 1.0
            size, lines = _layout_text(cell.text, inner, fonts, spec.max_height)
            if size != FONT_SIZE:
                commands.append(("FONTSIZE", (c, r), (c, r), size))
                commands.append(("LEADING", (c, r), (c, r), size * LEADING))
            if cell.align == Align.LEFT:
                commands.append(("ALIGN", (c, r), (c, r), "LEFT"))
            if all(ord(ch) in fonts.main_chars for ln in lines for ch in ln):
                out_row.append("\n".join(lines))  # plain text: drawn fast, never re-wrapped
                continue
            style = ParagraphStyle(
                f"cell{size}{cell.align}", fontName=fonts.main, fontSize=size,
                leading=size * LEADING,
                alignment=TA_LEFT if cell.align == Align.LEFT else TA_CENTER)
            out_row.append(Paragraph("<br/>".join(_markup(ln, fonts) for ln in lines), style))
        data.append(out_row)
    repeat = spec.header_rows if 0 < spec.header_rows < len(data) else 0
    return SpanSplittingTable(data, colWidths=spec.widths, repeatRows=repeat,
                              style=TableStyle(commands), hAlign="CENTER")


def _spec_rows(layout: Layout, start: int, stop: int) -> list[list[_CellSpec | None]]:
    rows: list[list[_CellSpec | None]] = [[None] * layout.n_cols for _ in range(start, stop)]
    for cell in layout.cells:
        if start <= cell.row < stop:
            rowspan = min(cell.rowspan, stop - cell.row)
            rows[cell.row - start][cell.col] = _CellSpec(cell.text, cell.align, rowspan,
                                                         cell.colspan)
    return rows


def _continue_tall_rows(spec: _TableSpec) -> _TableSpec:
    """Rows taller than a page even at the smallest font go on in continuation rows.

    The tall cells' lines are shared out over as many rows as needed (each fitting a page);
    the row's other cells stay on its first row, the continuation rows leave them empty, and
    a merged cell running through the row (一级/二级) grows to cover the new rows.
    """
    assert spec.fonts is not None
    r = 0
    while r < len(spec.rows):
        chunks: dict[int, list[str]] = {}
        for c, cell in enumerate(spec.rows[r]):
            if cell is None or cell.rowspan != 1 or not cell.text:
                continue
            inner = sum(spec.widths[c:c + cell.colspan]) - 2 * PADDING - 1.0
            size, lines = _layout_text(cell.text, inner, spec.fonts, spec.max_height)
            per_row = max(1, int((spec.max_height - 2 * PADDING) // (size * LEADING)))
            if len(lines) > per_row:
                chunks[c] = ["\n".join(lines[i:i + per_row])
                             for i in range(0, len(lines), per_row)]
        if not chunks:
            r += 1
            continue
        extra = max(len(v) for v in chunks.values()) - 1
        covering = {c: spec._origin(r, c) for c in range(len(spec.widths))}
        new_rows: list[list[_CellSpec | None]] = [[None] * len(spec.widths)
                                                  for _ in range(extra)]
        for c, origin in covering.items():
            if origin is None:
                continue
            r0, cell = origin
            if c in chunks:
                spec.rows[r][c] = replace(cell, text=chunks[c][0])
                for k, text in enumerate(chunks[c][1:]):
                    new_rows[k][c] = replace(cell, text=text, rowspan=1)
                for k in range(len(chunks[c]) - 1, extra):
                    new_rows[k][c] = replace(cell, text="", rowspan=1)
            elif r0 == r and cell.rowspan == 1:
                for k in range(extra):
                    new_rows[k][c] = replace(cell, text="", rowspan=1)
            elif r0 == r or r0 + cell.rowspan > r:  # a merged cell through the row grows
                spec.rows[r0][c] = replace(cell, rowspan=cell.rowspan + extra)
        spec.rows[r + 1:r + 1] = new_rows
        r += 1 + extra
    return spec


def _form_story(layout: Layout, width: float, height: float, fonts: _Fonts
                ) -> list[Flowable]:
    """The flowables of one form: title, year, then its tables."""
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, Spacer

    story: list[Flowable] = []
    heading = [c for c in layout.cells if c.role in (Role.TITLE, Role.SUBTITLE)]
    for cell in heading:
        size = TITLE_SIZE if cell.role == Role.TITLE else SUBTITLE_SIZE
        style = ParagraphStyle(f"h{size}", fontName=fonts.main, fontSize=size,
                               leading=size * 1.4, alignment=TA_CENTER, spaceAfter=2)
        story.append(Paragraph(_markup(cell.text, fonts) or "&nbsp;", style))
    story.append(Spacer(1, 4))
    first_row = max((c.row + 1 for c in heading), default=0)
    widths = _column_widths(layout, width)
    split_at = layout.sections.get("indicators", layout.n_rows)
    tallest = MAX_ROW_SHARE * height
    top = _continue_tall_rows(
        _TableSpec(_spec_rows(layout, first_row, split_at), widths, 0, fonts, tallest))
    if top.rows:
        story.append(_make_table(top))
    if split_at < layout.n_rows:
        bottom = _continue_tall_rows(
            _TableSpec(_spec_rows(layout, split_at, layout.n_rows), widths, 1, fonts, tallest))
        story.append(_make_table(bottom))
    return story


def _column_widths(layout: Layout, width: float) -> list[float]:
    units = layout.col_widths
    scale = width / sum(units)
    return [u * scale for u in units]
