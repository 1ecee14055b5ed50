"""The PDF reader: pages → ruling lines and text runs (pdfium) → tables → forms.

A page with a text layer is read from its drawing: the ruling lines of its paths and the boxes
of its text (`pdf_grid` turns them into tables), then `grid_form.read_tables` maps the tables
to forms by their captions. A scanned page (no text layer) is OCR'd when the optional
`jixiao[ocr]` extra is installed (`pdf_ocr`), and is otherwise refused with a clear message.
A PDF written by jixiao carries its forms as an attachment `jixiao-forms.json`, read
losslessly (the page content reads the same forms; tests check both ways).
"""

from __future__ import annotations

import ctypes
import functools
import itertools
import math
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from jixiao.core.findings import Finding, Severity, SourceRef
from jixiao.core.form_json import FormJSONError, forms_from_json_value
from jixiao.readers.base import ReadResult, UnreadableInput, import_finding
from jixiao.readers.codes import IMPORT_CODES
from jixiao.readers.json_reader import loads as json_loads
from jixiao.readers.limits import MIB, ReadLimits, refuse
from jixiao.readers.pdf_grid import Block, Guide, Rule, TextRun, assemble_tables, page_blocks
from jixiao.readers.sniff import sniff_pdf

if TYPE_CHECKING:  # pypdfium2 is imported lazily: `jixiao` starts fast without touching it
    from collections.abc import Callable

    from pypdfium2 import PdfDocument, PdfPage, PdfTextPage


    #: A pdfium page object handle (FPDF_PAGEOBJECT).
    PageObject = Any

#: The attachment a jixiao PDF carries its forms in (canonical JSON, an array of forms).
ATTACHMENT_NAME = "jixiao-forms.json"
#: Pages read at most by default (setting `JIXIAO_PDF_MAX_PAGES`): a larger file is refused.
DEFAULT_MAX_PAGES = 200

#: Import findings: the shared catalogue (`readers.codes`).
FINDING_CODES = IMPORT_CODES
#: An OCR'd cell below this confidence is reported (JX062).
OCR_MIN_CONFIDENCE = 0.85


def read_pdf(data: bytes, *, filename: str | None = None, max_pages: int | None = None,
             use_attachment: bool = True, limits: ReadLimits | None = None) -> list[ReadResult]:
    """Every form in a PDF, in order, with import findings.

    Args:
        data: the PDF file's bytes.
        filename: the name used in messages and source references.
        max_pages: refuse a PDF with more pages (default `DEFAULT_MAX_PAGES`; the
            setting `JIXIAO_PDF_MAX_PAGES` reaches here through `dispatch.read_bytes`).
        use_attachment: read an embedded `jixiao-forms.json` when present (lossless);
            False reads the page content only.
        limits: the other budgets (stream bytes, page size, OCR pages and pixels), checked
            before pdfium inflates a stream, loads a page or renders it.

    Raises:
        UnreadableInput: encrypted, damaged or empty PDF, too many pages, a scanned page
            without OCR installed, or no table on any page. The message is Chinese.
    """
    import pypdfium2 as pdfium

    name = filename or "<PDF>"
    limits = limits or ReadLimits()
    limit = max_pages or DEFAULT_MAX_PAGES
    check_streams(data, name, limits)
    doc = _open(data, name)
    try:
        n_pages = len(doc)
        if n_pages == 0:
            raise UnreadableInput(f"{name}: PDF 没有任何页面")
        if n_pages > limit:
            raise UnreadableInput(f"{name}: PDF 共{n_pages}页，超过上限{limit}页"
                                  "（可用环境变量 JIXIAO_PDF_MAX_PAGES 调整）")
        _check_page_sizes(doc, name, limits)
        findings: list[Finding] = []
        if use_attachment:
            attached = _attached_forms(doc, name, findings)
            if attached is not None:
                return attached
        pages: list[list[Block]] = []
        scanned: list[int] = []
        for index in range(n_pages):
            try:
                page = doc[index]
            except pdfium.PdfiumError as exc:
                raise UnreadableInput(f"{name}: 第{index + 1}页已损坏，无法读取") from exc
            try:
                blocks, was_scanned = _page_blocks(page, index + 1, name, limits,
                                                   len(scanned), _guide(pages))
            finally:
                page.close()
            pages.append(blocks)
            if was_scanned:
                scanned.append(index + 1)
    finally:
        doc.close()
    return _forms_from_pages(pages, scanned, name, filename, findings)


# ---------------------------------------------------------------- budgets

_STREAM_START = re.compile(rb"stream\r?\n")
_INFLATE_STEP = MIB  # output produced per call while measuring a stream
#: Deflate's largest ratio (zlib FAQ: 1032:1, a 258-byte match in two bits): n bytes read
#: inflate to at most n × this.
_DEFLATE_MAX_RATIO = 1032


def check_streams(data: bytes, name: str, limits: ReadLimits) -> None:
    """Refuse a PDF with a Flate stream that inflates beyond `limits.max_stream_bytes`,
    measured in bounded steps before pdfium inflates it whole (a 1 KB stream can hold 1 GB)."""
    budget = limits.max_stream_bytes
    # a stream starting within budget / 1032 bytes of the file's end cannot reach the budget
    # (it has no more bytes to inflate), and neither can any after it: they are not measured
    limit = len(data) - budget // _DEFLATE_MAX_RATIO
    if limit <= 0:
        return
    for match in _STREAM_START.finditer(data, 0, limit):
        start = match.end()
        if start >= len(data) or data[start] & 0x0F != 8 or data[start] >> 4 > 7:
            continue  # not a zlib header: another filter, or not a stream
        inflater = zlib.decompressobj()
        total = 0
        tail = data[start:start + 4 * _INFLATE_STEP]
        offset = start + len(tail)
        try:
            while tail and not inflater.eof:
                total += len(inflater.decompress(tail, _INFLATE_STEP))
                if total > budget:
                    raise refuse(name, "PDF 中有数据流解压后过大",
                                 f"超过 {budget // MIB} MB", "max_stream_bytes",
                                 f"{budget // MIB} MB")
                tail = inflater.unconsumed_tail
                if not tail and not inflater.eof:
                    tail = data[offset:offset + 4 * _INFLATE_STEP]
                    offset += len(tail)
        except zlib.error:
            continue  # not Flate after all, or damaged: pdfium decides


def _check_page_sizes(doc: PdfDocument, name: str, limits: ReadLimits) -> None:
    """Refuse a page larger than `limits.max_page_side` points (its /UserUnit applied) before
    it is loaded or rendered."""
    for index in range(len(doc)):
        try:
            width, height = doc.get_page_size(index)
        except Exception:
            continue
        side = max(width, height)
        if not math.isfinite(side) or side > limits.max_page_side:
            raise refuse(name, f"第{index + 1}页尺寸过大",
                         f"{width:.0f} × {height:.0f} 点", "max_page_side",
                         f"边长 {limits.max_page_side} 点")


def ocr_scale(width: float, height: float, limits: ReadLimits) -> float:
    """The render scale for OCR: `OCR_SCALE`, lowered so that the page stays within
    `limits.max_render_pixels`."""
    area = max(width * height, 1.0)
    return min(OCR_SCALE, math.sqrt(limits.max_render_pixels / area))


# ---------------------------------------------------------------- document level


def _open(data: bytes, name: str) -> PdfDocument:
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    if not data:
        raise UnreadableInput(f"{name}: 文件为空")
    if not sniff_pdf(data):
        raise UnreadableInput(f"{name}: 不是 PDF 文件（缺少 %PDF- 文件头）")
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code is None:
            code = raw.FPDF_GetLastError()
        if code == raw.FPDF_ERR_PASSWORD:
            raise UnreadableInput(f"{name}: PDF 已加密（需要打开密码），请先解除密码保护再导入") \
                from exc
        if _has_no_pages(data):  # pdfium refuses a document without pages
            raise UnreadableInput(f"{name}: PDF 没有任何页面") from exc
        if code == raw.FPDF_ERR_SECURITY:
            raise UnreadableInput(f"{name}: PDF 使用了不支持的加密方式，请另存为未加密的 PDF") \
                from exc
        raise UnreadableInput(f"{name}: PDF 文件已损坏或不完整，无法打开") from exc


_PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")
_ZERO_COUNT = re.compile(rb"/Count\s+0(?![0-9])")


def _has_no_pages(data: bytes) -> bool:
    """Whether an unopenable PDF is one whose page tree is empty (no page object at all)."""
    return bool(_ZERO_COUNT.search(data)) and not _PAGE_OBJECT.search(data)


def _attached_forms(doc: PdfDocument, name: str,
                    findings: list[Finding]) -> list[ReadResult] | None:
    """The forms of an embedded `jixiao-forms.json`, or None when there is none (or it is bad:
    then a JX063 finding is added and the page content is read)."""
    import pypdfium2 as pdfium

    try:
        count = doc.count_attachments()
    except pdfium.PdfiumError:
        return None
    for i in range(count):
        try:
            att = doc.get_attachment(i)
            if att.get_name() != ATTACHMENT_NAME:
                continue
            payload = bytes(att.get_data())
            forms = forms_from_json_value(json_loads(payload.decode("utf-8"), ATTACHMENT_NAME))
        except (pdfium.PdfiumError, UnicodeDecodeError, UnreadableInput,
                FormJSONError) as exc:
            findings.append(import_finding(
                "JX063", f"内嵌附件 {ATTACHMENT_NAME} 无法读取（{exc}），已按页面内容读取",
                source=SourceRef(file=name)))
            return None
        source = SourceRef(file=name, cell=ATTACHMENT_NAME)
        return [ReadResult(form=f, sources={"form": source}) for f in forms]
    return None


def _forms_from_pages(pages: list[list[Block]], scanned: list[int], name: str,
                      filename: str | None, findings: list[Finding]) -> list[ReadResult]:
    from jixiao.readers.grid_script import read_grid
    from jixiao.readers.pdf_grid import RuledTable

    empty = [i + 1 for i, blocks in enumerate(pages)
             if not any(isinstance(b, RuledTable) for b in blocks)]
    if len(empty) == len(pages):
        if len(pages) == 1:
            raise UnreadableInput(f"{name}: 第1页没有表格，未找到绩效自评表")
        raise UnreadableInput(f"{name}: 全部{len(pages)}页都没有表格，未找到绩效自评表")
    tables = assemble_tables(pages, filename=filename)
    results = read_grid(tables, filename=filename)  # a source names its cell's own page
    if not results:
        raise UnreadableInput(f"{name}: 页面中有表格，但没有找到绩效自评表（项目名称、指标表）")
    for page in empty:
        findings.append(import_finding(
            "JX060", f"第{page}页没有表格，已跳过", source=SourceRef(file=name, page=page),
            severity=Severity.INFO))
    if scanned:
        listed = "、".join(f"第{p}页" for p in scanned)
        findings.append(import_finding(
            "JX061", f"{listed}是扫描图像，已用 OCR 识别，请核对数字",
            source=SourceRef(file=name, page=scanned[0]), severity=Severity.WARNING))
        findings.extend(_low_confidence_findings(pages, name))
    if findings:
        first = results[0]
        results[0] = replace(first, findings=(*findings, *first.findings))
    return results


def _low_confidence_findings(pages: list[list[Block]], name: str) -> list[Finding]:
    from jixiao.readers.pdf_grid import RuledTable

    out = []
    for blocks in pages:
        for block in blocks:
            if not isinstance(block, RuledTable):
                continue
            for cell in block.cells:
                if cell.text and cell.conf < OCR_MIN_CONFIDENCE:
                    ref = f"第{cell.row + 1}行第{cell.col + 1}列"
                    out.append(import_finding(
                        "JX062", f"第{block.page}页{ref}「{cell.text}」识别置信度 "
                        f"{cell.conf:.2f}，请核对",
                        source=SourceRef(file=name, page=block.page, cell=ref)))
    return out


# ---------------------------------------------------------------- page level


@dataclass(frozen=True)
class PageSpace:
    """Maps PDF page coordinates to display coordinates (top-left origin, y down, rotation
    applied) and back."""

    rotation: int  # 0, 90, 180, 270 (clockwise, as /Rotate)
    x0: float
    y0: float
    x1: float
    y1: float

    def to_display(self, x: float, y: float) -> tuple[float, float]:
        if self.rotation == 90:
            return y - self.y0, x - self.x0
        if self.rotation == 180:
            return self.x1 - x, y - self.y0
        if self.rotation == 270:
            return self.y1 - y, self.x1 - x
        return x - self.x0, self.y1 - y

    def to_page(self, dx: float, dy: float) -> tuple[float, float]:
        if self.rotation == 90:
            return dy + self.x0, dx + self.y0
        if self.rotation == 180:
            return self.x1 - dx, dy + self.y0
        if self.rotation == 270:
            return self.x1 - dy, self.y1 - dx
        return dx + self.x0, self.y1 - dy

    @property
    def size(self) -> tuple[float, float]:
        """Display width and height."""
        w, h = self.x1 - self.x0, self.y1 - self.y0
        return (h, w) if self.rotation in (90, 270) else (w, h)

    def visible(self, runs: Sequence[TextRun], margin: float = 2.0) -> list[TextRun]:
        """The runs that lie on the page (text drawn past the page edge is not read)."""
        w, h = self.size
        right, bottom = w + margin, h + margin
        return [run for run in runs if -margin <= run.x0 and run.x1 <= right
                and -margin <= run.top and run.bottom <= bottom]

    def box(self, left: float, bottom: float, right: float, top: float
            ) -> tuple[float, float, float, float]:
        """A page-space rectangle → (x0, top, x1, bottom) in display space."""
        ax, ay = self.to_display(left, bottom)
        bx, by = self.to_display(right, top)
        return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)

    def box_function(self) -> Callable[[float, float, float, float],
                                       tuple[float, float, float, float]]:
        """`box` for many rectangles: an upright page (the usual case) gets an inlined
        version, equal to `box` to the bit (it runs once per glyph run and ruling line)."""
        if self.rotation != 0:
            return self.box
        x0, y1 = self.x0, self.y1

        def upright(left: float, bottom: float, right: float, top: float
                    ) -> tuple[float, float, float, float]:
            ax, bx, ay, by = left - x0, right - x0, y1 - bottom, y1 - top
            return (bx if bx < ax else ax, by if by < ay else ay,
                    bx if bx > ax else ax, by if by > ay else ay)

        return upright


def _page_space(page: PdfPage) -> PageSpace:
    x0, y0, x1, y1 = page.get_cropbox()
    return PageSpace(page.get_rotation() % 360, x0, y0, x1, y1)


def _page_blocks(page: PdfPage, number: int, name: str, limits: ReadLimits | None = None,
                 scanned_before: int = 0, guide: Guide | None = None
                 ) -> tuple[list[Block], bool]:
    """One page → its blocks, and whether it was OCR'd (`scanned_before` pages were, already:
    beyond `limits.max_ocr_pages` the file is refused rather than OCR'd for an hour)."""
    limits = limits or ReadLimits()
    space = _page_space(page)
    textpage = page.get_textpage()
    try:
        runs, reader = _text_runs(textpage, space)
        runs = space.visible(runs)
        if not runs and _has_image(page):
            if not ocr_available():
                raise UnreadableInput(
                    f"{name}: 第{number}页是扫描图像（没有文字层），需要安装 jixiao[ocr]"
                    "（pip install 'jixiao[ocr]'）才能识别")
            if scanned_before >= limits.max_ocr_pages:
                raise refuse(name, "需 OCR 识别的扫描页过多", f"第{number}页已是第"
                             f"{scanned_before + 1}个扫描页", "max_ocr_pages",
                             f"{limits.max_ocr_pages} 页")
            rules, runs = ocr_page(page, ocr_scale(*page.get_size(), limits))
            return page_blocks(rules, runs, page=number, split_run=split_ocr_run,
                               caption_kind=caption_kind, guide=guide), True
        rules = _rules(page, space)
        return page_blocks(rules, runs, page=number, split_run=reader.split,
                           caption_kind=caption_kind, guide=guide), False
    finally:
        textpage.close()


def _guide(pages: Sequence[Sequence[Block]]) -> Guide | None:
    """The caption row of the three-line table the last page ended with, if it did."""
    from jixiao.readers.pdf_grid import RuledTable

    tables = [b for b in pages[-1] if isinstance(b, RuledTable)] if pages else []
    return tables[-1].guide if tables else None


@functools.lru_cache(maxsize=8192)  # asked of every chunk of a three-line table's region
def caption_kind(text: str) -> str | None:
    """The kind of a column caption of the form (一级指标 … 偏差原因 of the indicator table,
    年初预算数 … 执行率 of the funds, 预期目标 / 实际完成情况 of the goals), or None: the
    readers' vocabulary, used to find the caption rows of three-line tables (`pdf_open`)."""
    from jixiao.readers.vocabulary import classify

    kind = classify(text)
    return kind.value if kind in _COLUMN_KINDS else None


def _column_kinds() -> frozenset[object]:
    from jixiao.readers.vocabulary import FUNDS_COLUMN_KINDS, INDICATOR_COLUMN_KINDS, K

    return FUNDS_COLUMN_KINDS | INDICATOR_COLUMN_KINDS | {K.GOALS_EXPECTED, K.GOALS_ACTUAL}


_COLUMN_KINDS = _column_kinds()


# ---------------------------------------------------------------- text


class _CharReader:
    """Reads a run again glyph by glyph when a border cuts it (loaded on first use)."""

    def __init__(self, textpage: PdfTextPage, space: PageSpace) -> None:
        self._textpage = textpage
        self._space = space
        self._chars: list[tuple[str, float, float, float, float]] | None = None

    def _load(self) -> list[tuple[str, float, float, float, float]]:
        import pypdfium2.raw as raw

        tp = self._textpage.raw
        n = raw.FPDFText_CountChars(tp)
        address = _Address(ctypes.cast(tp, ctypes.c_void_p).value)
        get_box, is_generated = _lean_box_call(), _lean_box_call(generated=True)
        get_unicode = _lean_box_call(unicode=True)
        left, right, bottom, top = out = tuple(ctypes.c_double() for _ in range(4))
        refs = tuple(ctypes.byref(v) for v in out)
        chars = []
        for i in range(n):
            code = get_unicode(address, i)
            if (not code or is_generated(address, i) == 1
                    or not get_box(address, i, *refs)):
                chars.append(("", 0.0, 0.0, 0.0, 0.0))
                continue
            ch = chr(code)
            if ch in "\r\n\x02\ufffe":
                ch = ""
            x0, t, x1, b = self._space.box(left.value, bottom.value, right.value, top.value)
            chars.append((ch, x0, t, x1, b))
        return chars

    def runs(self, start: int = 0, stop: int | None = None) -> list[TextRun]:
        """Chars [start, stop) as runs, cut wherever the next glyph is not beside the last."""
        if self._chars is None:
            self._chars = self._load()
        out: list[TextRun] = []
        cur: list[tuple[str, float, float, float, float]] = []
        for c in self._chars[start:stop]:
            if not c[0]:
                continue
            if cur and not _beside(cur[-1], c):
                out.append(_glyph_run(cur))
                cur = []
            if c[0].isspace() and not cur:
                continue
            cur.append(c)
        if cur:
            out.append(_glyph_run(cur))
        return [r for r in out if r.text]

    def split(self, run: TextRun, cuts: Sequence[float]) -> list[TextRun]:
        """The run cut at display x positions into pieces, each with its own glyphs' text."""
        if self._chars is None:
            self._chars = self._load()
        edges = [run.x0, *cuts, run.x1]
        pieces = []
        for a, b in itertools.pairwise(edges):
            glyphs = [c for c in self._chars
                      if c[0] and a <= (c[1] + c[3]) / 2 < b
                      and run.top <= (c[2] + c[4]) / 2 <= run.bottom]
            text = "".join(c[0] for c in glyphs).strip()
            if text:
                pieces.append(TextRun(text, min(c[1] for c in glyphs), run.top,
                                      max(c[3] for c in glyphs), run.bottom, run.conf))
        return pieces


def _beside(a: tuple[str, float, float, float, float],
            b: tuple[str, float, float, float, float]) -> bool:
    """Whether glyph b continues glyph a's line (same line, not far to the right)."""
    h = max(a[4] - a[2], b[4] - b[2], 1.0)
    same_line = abs((a[2] + a[4]) / 2 - (b[2] + b[4]) / 2) <= h / 2
    return same_line and a[3] - h / 2 <= b[1] <= a[3] + h


def _glyph_run(glyphs: list[tuple[str, float, float, float, float]]) -> TextRun:
    drawn = [g for g in glyphs if not g[0].isspace()] or glyphs
    return TextRun("".join(g[0] for g in glyphs).strip(), min(g[1] for g in drawn),
                   min(g[2] for g in drawn), max(g[3] for g in drawn), max(g[4] for g in drawn))


def _text_runs(textpage: PdfTextPage, space: PageSpace) -> tuple[list[TextRun], _CharReader]:
    """The page's text as runs: stretches of drawn glyphs between the spaces and line breaks
    pdfium generates (a real space glyph stays inside its run; a generated one never becomes
    text, so `7.20` or `2024` can never gain a space the PDF does not draw)."""
    import pypdfium2.raw as raw

    tp = textpage.raw
    reader = _CharReader(textpage, space)
    n = raw.FPDFText_CountChars(tp)
    if n <= 0:
        return [], reader
    buffer = (ctypes.c_ushort * (n + 1))()
    got = raw.FPDFText_GetText(tp, 0, n, buffer)
    text = bytes(ctypes.cast(buffer, ctypes.POINTER(ctypes.c_char * (2 * n))).contents
                 ).decode("utf-16-le", errors="replace")
    if got - 1 != n or len(text) != n:  # surrogate pairs: indices no longer match
        return reader.runs(), reader
    # A drawn space joins its neighbours: masked out of the break characters, the stretches
    # between breaks are then found by one regex scan instead of a Python step per break.
    is_generated = _lean_box_call(generated=True)
    address = _Address(ctypes.cast(tp, ctypes.c_void_p).value)
    drawn = [m.start() for m in _SPACE.finditer(text) if is_generated(address, m.start()) != 1]
    scan = text
    if drawn:
        chars = list(text)
        for i in drawn:
            chars[i] = _KEPT
        scan = "".join(chars)
    if space.rotation == 0:
        return _upright_runs(tp, space, text, scan, reader), reader
    run_of = _stretch_reader(tp, space)
    runs: list[TextRun] = []
    for m in _STRETCH.finditer(scan):
        start, stop = m.span()
        piece = text[start:stop].strip()
        if not piece:
            continue
        run = run_of(piece, start, stop - 1)
        if run is None:  # not on one line (rare drawing orders): read glyph by glyph
            runs.extend(reader.runs(start, stop))
        else:
            runs.append(run)
    return runs, reader


def _upright_runs(tp: Any, space: PageSpace, text: str, scan: str, reader: _CharReader
                  ) -> list[TextRun]:
    """`_text_runs`' stretches on an upright page: `_stretch_reader` and `_run` written out in
    one loop (equal to them to the bit), as this runs for each of a page's hundred-odd
    stretches and the calls and box tuples between them cost more than pdfium's boxes."""
    get_box = _lean_box_call()
    handle = _Address(ctypes.cast(tp, ctypes.c_void_p).value)
    left, right, bottom, top = out = tuple(ctypes.c_double() for _ in range(4))
    ref_l, ref_r, ref_b, ref_t = tuple(ctypes.byref(v) for v in out)
    x0, y1 = space.x0, space.y1
    runs: list[TextRun] = []
    add = runs.append
    for m in _STRETCH.finditer(scan):
        start, stop = m.span()
        piece = text[start:stop].strip()
        if not piece:
            continue
        get_box(handle, start, ref_l, ref_r, ref_b, ref_t)
        ax, bx, ay, by = left.value - x0, right.value - x0, y1 - bottom.value, y1 - top.value
        a0, a1 = (bx if bx < ax else ax), (by if by < ay else ay)
        a2, a3 = (bx if bx > ax else ax), (by if by > ay else ay)
        if stop - 1 == start:
            add(TextRun(piece, a0, a1, a2, a3))
            continue
        get_box(handle, stop - 1, ref_l, ref_r, ref_b, ref_t)
        ax, bx, ay, by = left.value - x0, right.value - x0, y1 - bottom.value, y1 - top.value
        b0, b1 = (bx if bx < ax else ax), (by if by < ay else ay)
        b2, b3 = (bx if bx > ax else ax), (by if by > ay else ay)
        ha, hb = a3 - a1, b3 - b1
        height = hb if hb > ha else ha
        if height < 0.1:
            height = 0.1
        if abs((a1 + a3) / 2 - (b1 + b3) / 2) > height / 2 or b2 < a0 - height:
            runs.extend(reader.runs(start, stop))  # not on one line: read glyph by glyph
            continue
        add(TextRun(piece, b0 if b0 < a0 else a0, b1 if b1 < a1 else a1,
                    b2 if b2 > a2 else a2, b3 if b3 > a3 else a3))
    return runs


def _stretch_reader(tp: Any, space: PageSpace) -> Callable[[str, int, int], TextRun | None]:
    """The run of a stretch (`_run`) from the boxes of its `first` and `last` glyph. Called
    for each of a page's hundred-odd stretches: pdfium's char box is called lean (as the
    rule reader's `_LeanCalls`, its out-parameters' pointers made once), and an upright
    page's display boxes are worked out inline (equal to `PageSpace.box` to the bit)."""
    get_box = _lean_box_call()
    handle = _Address(ctypes.cast(tp, ctypes.c_void_p).value)
    left, right, bottom, top = out = tuple(ctypes.c_double() for _ in range(4))
    refs = tuple(ctypes.byref(v) for v in out)
    if space.rotation != 0:
        to_box = space.box

        def turned(piece: str, first: int, last: int) -> TextRun | None:
            get_box(handle, first, *refs)
            a = to_box(left.value, bottom.value, right.value, top.value)
            if last > first:
                get_box(handle, last, *refs)
                return _run(piece, a, to_box(left.value, bottom.value, right.value, top.value))
            return _run(piece, a, a)

        return turned
    x0, y1 = space.x0, space.y1
    ref_l, ref_r, ref_b, ref_t = refs

    def upright(piece: str, first: int, last: int) -> TextRun | None:
        get_box(handle, first, ref_l, ref_r, ref_b, ref_t)
        ax, bx, ay, by = left.value - x0, right.value - x0, y1 - bottom.value, y1 - top.value
        a = (bx if bx < ax else ax, by if by < ay else ay,
             bx if bx > ax else ax, by if by > ay else ay)
        if last == first:
            return _run(piece, a, a)
        get_box(handle, last, ref_l, ref_r, ref_b, ref_t)
        ax, bx, ay, by = left.value - x0, right.value - x0, y1 - bottom.value, y1 - top.value
        return _run(piece, a, (bx if bx < ax else ax, by if by < ay else ay,
                               bx if bx > ax else ax, by if by > ay else ay))

    return upright


_lean_text: list[Callable[..., int]] = []


def _lean_box_call(*, generated: bool = False, unicode: bool = False) -> Callable[..., int]:
    """FPDFText_GetCharBox (or, `generated`, FPDFText_IsGenerated; `unicode`,
    FPDFText_GetUnicode) bound again without argument types (as `_LeanCalls`): called with
    an `_Address`, a Python int and (the box) four `byref` doubles."""
    if not _lean_text:
        import pypdfium2.raw as raw

        for function, restype in ((raw.FPDFText_GetCharBox, ctypes.c_int),
                                  (raw.FPDFText_IsGenerated, ctypes.c_int),
                                  (raw.FPDFText_GetUnicode, ctypes.c_uint)):
            lean = type(function)(ctypes.cast(function, ctypes.c_void_p).value)
            lean.restype, lean.argtypes = restype, None
            _lean_text.append(lean)
    return _lean_text[2 if unicode else 1 if generated else 0]


_SPACE = re.compile(" ")
_STRETCH = re.compile("[^ \r\n\x02\ufffe\x00]+")
_KEPT = "\x01"  # stands for a drawn space while stretches are found (not a break)

_Box = tuple[float, float, float, float]


def _run(piece: str, a: _Box, b: _Box) -> TextRun | None:
    """A stretch as a run, its box from its first (`a`) and last (`b`) glyph; None when the
    two glyphs are not on one line."""
    a0, a1, a2, a3 = a
    b0, b1, b2, b3 = b
    ha, hb = a3 - a1, b3 - b1
    # conditional expressions with min's and max's exact semantics, cheaper than the calls
    height = hb if hb > ha else ha
    if height < 0.1:
        height = 0.1
    if abs((a1 + a3) / 2 - (b1 + b3) / 2) > height / 2 or b2 < a0 - height:
        return None
    return TextRun(piece, b0 if b0 < a0 else a0, b1 if b1 < a1 else a1,
                   b2 if b2 > a2 else a2, b3 if b3 > a3 else a3)


def _has_image(page: PdfPage) -> bool:
    import pypdfium2.raw as raw

    return any(obj.type == raw.FPDF_PAGEOBJ_IMAGE for obj in page.get_objects(max_depth=3))


# ---------------------------------------------------------------- ruling lines

_THIN = 3.0  # a filled rectangle thinner than this (points) is a drawn line
_MIN_LENGTH = 2.0


def _rules(page: PdfPage, space: PageSpace) -> list[Rule]:
    """Ruling segments of the page's paths (also inside form XObjects), display space."""
    return _RuleReader(space).read(page)


_Matrix = tuple[float, float, float, float, float, float]


class _RuleReader:
    """One pass over a page's objects for its ruling lines. A page holds hundreds of objects,
    mostly text, so the pdfium functions and the ctypes out-parameters are bound once, not
    once per object."""

    def __init__(self, space: PageSpace) -> None:
        import pypdfium2.raw as raw

        self._raw = raw
        self._lean = _lean_calls()
        self._space = space
        self._to_box = space.box_function()
        self.out: list[Rule] = []
        self._mode = (ctypes.c_int(), ctypes.c_int())
        self._rgba = (ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint())
        self._bounds = (ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float())
        # the out-parameters' pointers, made once: a lean call takes them as they are
        self._mode_refs = tuple(ctypes.byref(v) for v in self._mode)
        self._rgba_refs = tuple(ctypes.byref(v) for v in self._rgba)
        self._bounds_refs = tuple(ctypes.byref(v) for v in self._bounds)

    def read(self, page: PdfPage) -> list[Rule]:
        raw = self._raw
        get_object, get_type = self._lean.get_object, self._lean.get_type
        handle = _Address(ctypes.cast(page.raw, ctypes.c_void_p).value)
        path, form = raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_FORM
        # every object's handle and type by `map` (no Python step per object: most are text)
        objects = list(map(get_object, itertools.repeat(handle),
                           range(raw.FPDFPage_CountObjects(page.raw))))
        for obj, kind in zip(objects, map(get_type, objects), strict=True):
            if kind == path:
                self._path(obj, None)
            elif kind == form:
                self._form(ctypes.cast(obj, raw.FPDF_PAGEOBJECT), None, 0)
        return self.out

    def _form(self, obj: PageObject, parent: _Matrix | None, depth: int) -> None:
        """The paths inside a form XObject, its matrix applied (nested up to 4 deep)."""
        raw = self._raw
        m = _mul(_matrix(obj), parent)
        for k in range(raw.FPDFFormObj_CountObjects(obj)):
            child = raw.FPDFFormObj_GetObject(obj, k)
            kind = raw.FPDFPageObj_GetType(child)
            if kind == raw.FPDF_PAGEOBJ_PATH:
                self._path(child, m)
            elif kind == raw.FPDF_PAGEOBJ_FORM and depth + 1 < 4:
                self._form(child, m, depth + 1)

    def _path(self, obj: PageObject, parent: _Matrix | None) -> None:
        """A path's ruling lines; `obj` is an `_Address` or a typed handle (both pass to
        the lean calls)."""
        lean = self._lean
        fill_mode, stroke = self._mode
        lean.draw_mode(obj, *self._mode_refs)
        filled = fill_mode.value != 0
        stroked = bool(stroke.value)
        if not (filled or stroked) or self._is_white(obj, stroke=stroked):
            return
        # Fast path: a thin path (a drawn line, or a thin filled rectangle) is its bounding box.
        left, bottom, right, top = self._bounds
        if lean.bounds(obj, *self._bounds_refs):
            lo_x, lo_y, hi_x, hi_y = left.value, bottom.value, right.value, top.value
            if parent is None:  # min and max of the four corners, as below, without lists
                x0, x1 = (hi_x if hi_x < lo_x else lo_x), (hi_x if hi_x > lo_x else lo_x)
                y0, y1 = (hi_y if hi_y < lo_y else lo_y), (hi_y if hi_y > lo_y else lo_y)
            else:
                corners = [_apply(parent, x, y) for x, y in ((lo_x, lo_y), (hi_x, hi_y),
                                                             (lo_x, hi_y), (hi_x, lo_y))]
                xs = [x for x, _ in corners]
                ys = [y for _, y in corners]
                x0, y0, x1, y1 = min(xs), min(ys), max(xs), max(ys)
            if self._add_thin(x0, y0, x1, y1):
                return
        if not stroked:
            return  # a filled area (a cell's background), not a line
        typed = ctypes.cast(obj, self._raw.FPDF_PAGEOBJECT)
        for sub in _segments(typed, _mul(_matrix(typed), parent)):
            for (ax, ay), (bx, by) in itertools.pairwise(sub):
                dx, dy = abs(bx - ax), abs(by - ay)
                if max(dx, dy) < _MIN_LENGTH or min(dx, dy) > 0.5:
                    continue  # a dot, or a slanted stroke (not a ruling line)
                self._add_thin(min(ax, bx), min(ay, by), max(ax, bx), max(ay, by))

    def _add_thin(self, x0: float, y0: float, x1: float, y1: float) -> bool:
        """Add the centre line of a thin page-space box; False when the box is not thin."""
        w, h = x1 - x0, y1 - y0
        if min(w, h) > _THIN or max(w, h) < _MIN_LENGTH:
            return False
        left, top, right, bottom = self._to_box(x0, y0, x1, y1)
        if right - left >= bottom - top:
            y = (top + bottom) / 2
            self.out.append(Rule(left, y, right, y))
        else:
            x = (left + right) / 2
            self.out.append(Rule(x, top, x, bottom))
        return True

    def _is_white(self, obj: PageObject, *, stroke: bool) -> bool:
        r, g, b, a = self._rgba
        get = self._lean.stroke_color if stroke else self._lean.fill_color
        if not get(obj, *self._rgba_refs):
            return False
        return a.value == 0 or min(r.value, g.value, b.value) >= 235


class _Address(ctypes.c_void_p):
    """A pdfium handle as a lean call returns it: a subclass of `c_void_p` is kept as the
    ctypes object (not turned into an int), so it passes back into pdfium as it is."""


@dataclass(frozen=True)
class _LeanCalls:
    """pdfium functions the rule reader calls per page object, bound again without argument
    types. pypdfium2's typed bindings build a pointer object for every handle returned and
    check every argument passed, which costs more than pdfium's own work here: the first two
    run for each of a page's hundreds of objects (measured on the 51-page benchmark: 0.38 µs
    per object with argument types on plain addresses, 0.30 like this). Every argument is a
    handle (`_Address`, or a typed pointer), a Python int (a C int) or a `byref`
    out-parameter, which ctypes passes unconverted."""

    get_object: Callable[[Any, int], _Address]  # FPDFPage_GetObject
    get_type: Callable[[Any], int]  # FPDFPageObj_GetType
    draw_mode: Callable[..., int]  # FPDFPath_GetDrawMode
    stroke_color: Callable[..., int]  # FPDFPageObj_GetStrokeColor
    fill_color: Callable[..., int]  # FPDFPageObj_GetFillColor
    bounds: Callable[..., int]  # FPDFPageObj_GetBounds


_lean: list[_LeanCalls] = []


def _lean_calls() -> _LeanCalls:
    if not _lean:
        import pypdfium2.raw as raw

        def rebind(function: Any, restype: Any) -> Any:
            lean = type(function)(ctypes.cast(function, ctypes.c_void_p).value)
            lean.restype, lean.argtypes = restype, None
            return lean

        _lean.append(_LeanCalls(
            rebind(raw.FPDFPage_GetObject, _Address),
            rebind(raw.FPDFPageObj_GetType, ctypes.c_int),
            rebind(raw.FPDFPath_GetDrawMode, ctypes.c_int),
            rebind(raw.FPDFPageObj_GetStrokeColor, ctypes.c_int),
            rebind(raw.FPDFPageObj_GetFillColor, ctypes.c_int),
            rebind(raw.FPDFPageObj_GetBounds, ctypes.c_int)))
    return _lean[0]


def _mul(m: _Matrix, n: _Matrix | None) -> _Matrix:
    """m then n (PDF row-vector convention)."""
    if n is None:
        return m
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


def _matrix(obj: PageObject) -> _Matrix:
    import pypdfium2.raw as raw

    m = raw.FS_MATRIX()
    if not raw.FPDFPageObj_GetMatrix(obj, m):
        return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _apply(m: _Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def _segments(obj: PageObject, matrix: _Matrix) -> list[list[tuple[float, float]]]:
    """The path's straight subpaths as point lists in page space (curves end a subpath)."""
    import pypdfium2.raw as raw

    a, b, c, d, e, f = matrix
    x, y = ctypes.c_float(), ctypes.c_float()
    subpaths: list[list[tuple[float, float]]] = []
    current: list[tuple[float, float]] = []
    for k in range(raw.FPDFPath_CountSegments(obj)):
        seg = raw.FPDFPath_GetPathSegment(obj, k)
        kind = raw.FPDFPathSegment_GetType(seg)
        raw.FPDFPathSegment_GetPoint(seg, x, y)
        px, py = a * x.value + c * y.value + e, b * x.value + d * y.value + f
        if kind == raw.FPDF_SEGMENT_MOVETO:
            if len(current) > 1:
                subpaths.append(current)
            current = [(px, py)]
        elif kind == raw.FPDF_SEGMENT_LINETO:
            current.append((px, py))
        else:  # a Bézier curve: not a ruling line
            if len(current) > 1:
                subpaths.append(current)
            current = [(px, py)]
        if raw.FPDFPathSegment_GetClose(seg) and current:
            current.append(current[0])
            subpaths.append(current)
            current = [current[0]]
    if len(current) > 1:
        subpaths.append(current)
    return subpaths


# ---------------------------------------------------------------- scanned pages (OCR)

#: Render scale for OCR (2.5 × 72 = 180 dpi): enough for 9-point Chinese, fast enough.
OCR_SCALE = 2.5
_ocr_engine_cache: list = []
#: One onnxruntime thread per model: its worker threads spin while they wait, which measured here
#: took 6.6–7.3 s of CPU per page with two threads and 3.7–4.5 s with one (wall time about the
#: same on a busy 2-core machine); `-j N` spreads files over cores instead. No text-direction
#: classifier: the page is rendered as shown and straightened first, so a line is never upside
#: down, and the classifier could only turn a line wrongly (the same cells are read; its own
#: time was 0.12–0.16 s a page). onnxruntime's memory arena stays off: measured, it saved a
#: sixth of the CPU but held 0.6 GB more (1.6 GB peak instead of 1.0).
_OCR_PARAMS = {"EngineConfig.onnxruntime.intra_op_num_threads": 1,
               "EngineConfig.onnxruntime.inter_op_num_threads": 1,
               "Global.use_cls": False}


def ocr_available() -> bool:
    """Whether the optional OCR engine (`jixiao[ocr]`: rapidocr + onnxruntime) is installed."""
    import importlib.util

    return all(importlib.util.find_spec(m) is not None
               for m in ("rapidocr", "onnxruntime", "numpy", "cv2"))


def _ocr_engine() -> Any:
    if not _ocr_engine_cache:
        import logging

        from rapidocr import RapidOCR

        # RapidOCR sets its logger to INFO while it starts (engine, model paths) and warns on
        # every blank region: the user sees neither; our own findings say what OCR did
        previous = logging.root.manager.disable
        logging.disable(logging.WARNING)
        try:
            engine = RapidOCR(params=_OCR_PARAMS)
        finally:
            logging.disable(previous)
        logging.getLogger("RapidOCR").setLevel(logging.ERROR)
        _ocr_engine_cache.append(engine)
    return _ocr_engine_cache[0]


def ocr_page(page: PdfPage, scale: float = 0.0) -> tuple[list[Rule], list[TextRun]]:
    """A scanned page → ruling lines and OCR'd text runs, display coordinates in points.

    The page is rendered as shown (its /Rotate applied), straightened (`deskew_angle`), its
    ruling lines found by morphology (`image_rules`) and its text read by RapidOCR; each run
    keeps the recogniser's confidence. `scale` (default `OCR_SCALE`) is pixels per point.
    """
    import cv2
    import numpy as np

    scale = scale or OCR_SCALE
    gray = np.asarray(page.render(scale=scale, grayscale=True).to_pil().convert("L"))
    angle = deskew_angle(gray)
    if abs(angle) >= 0.05:
        h, w = gray.shape
        matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
        gray = cv2.warpAffine(gray, matrix, (w, h), flags=cv2.INTER_LINEAR,
                              borderMode=cv2.BORDER_CONSTANT, borderValue=255)
    rules = [Rule(r.x0 / scale, r.top / scale, r.x1 / scale, r.bottom / scale)
             for r in image_rules(gray)]
    result = _ocr_engine()(cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR))
    runs = []
    for box, text, score in zip(result.boxes if result.boxes is not None else [],
                                result.txts or (), result.scores or (), strict=False):
        xs = [float(p[0]) / scale for p in box]
        ys = [float(p[1]) / scale for p in box]
        if text and text.strip():
            runs.append(TextRun(text.strip(), min(xs), min(ys), max(xs), max(ys),
                                conf=float(score)))
    return rules, runs


def deskew_angle(gray: Any) -> float:
    """The rotation (degrees, counter-clockwise) that makes the page's lines level.

    A projection profile, searched coarse to fine: for each candidate angle the dark pixels are
    sheared by it and counted per row; ruling lines and text lines make the sharpest profile
    (largest sum of squares) when the angle matches their slope. Steps of 1°, then 0.1°, then
    0.02° within ±10°, on a full page at half resolution — about 60 cheap counts instead of a fine
    Hough sweep (measured here: 17 ms instead of 1.3 s on an A4 page at 180 dpi). 0 for a page
    with (almost) nothing on it; ties go to the smaller angle.
    """
    import numpy as np

    sample = 2 if gray.shape[1] >= _DESKEW_HALVE_FROM else 1
    small = gray[::sample, ::sample]
    ys, xs = np.nonzero(small < _DESKEW_DARK)
    if len(ys) < _DESKEW_MIN_PIXELS:
        return 0.0
    rows = ys.astype(np.float64)
    columns = xs.astype(np.float64) - small.shape[1] / 2

    def sharpness(angle: float) -> float:
        sheared = rows - columns * math.tan(math.radians(angle))
        counts = np.bincount(np.rint(sheared - sheared.min()).astype(np.int64))
        return float(np.dot(counts, counts))

    best, span = 0.0, _DESKEW_MAX
    for step in _DESKEW_STEPS:
        candidates = np.arange(best - span, best + span + step / 2, step)
        best = float(max(candidates, key=lambda a: (sharpness(float(a)), -abs(float(a)))))
        span = step
    return round(best, 2)


#: From this width (pixels) every other pixel is enough for the angle, and four times cheaper.
_DESKEW_HALVE_FROM = 1200
_DESKEW_DARK = 128  # grey level below which a pixel is ink
_DESKEW_MIN_PIXELS = 50  # fewer ink pixels than this: nothing to level
_DESKEW_MAX = 10.0  # scans are crooked by a few degrees; beyond ±10° the page is turned, not skewed
_DESKEW_STEPS = (1.0, 0.1, 0.02)


def image_rules(gray: Any) -> list[Rule]:
    """Ruling lines of a page image (pixels): long thin dark strokes found by opening the
    binarised image with a long horizontal, then a long vertical, kernel."""
    import cv2

    h, w = gray.shape
    _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    out: list[Rule] = []
    for horizontal in (True, False):
        size = (max(w // 30, 20), 1) if horizontal else (1, max(h // 60, 15))
        kernel = cv2.getStructuringElement(cv2.MORPH_RECT, size)
        mask = cv2.morphologyEx(ink, cv2.MORPH_OPEN, kernel)
        n, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
        for x, y, bw, bh, _area in stats[1:n]:
            if horizontal:
                out.append(Rule(float(x), y + bh / 2, float(x + bw), y + bh / 2))
            else:
                out.append(Rule(x + bw / 2, float(y), x + bw / 2, float(y + bh)))
    return out


def split_ocr_run(run: TextRun, cuts: Sequence[float]) -> list[TextRun]:
    """An OCR'd line cut at x positions, its characters shared out by their widths (a Chinese
    character counts two, others one): OCR has no glyph boxes to re-read."""
    import unicodedata

    weights = [2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in run.text]
    total = sum(weights) or 1
    unit = (run.x1 - run.x0) / total
    pieces: list[TextRun] = []
    edges = [run.x0, *cuts, run.x1]
    pos, k = run.x0, 0
    for a, b in itertools.pairwise(edges):
        chars = []
        while k < len(run.text) and pos + weights[k] * unit / 2 < b:
            chars.append(run.text[k])
            pos += weights[k] * unit
            k += 1
        text = "".join(chars).strip()
        if text:
            pieces.append(TextRun(text, max(a, run.x0), run.top, min(b, run.x1), run.bottom,
                                  run.conf))
    return pieces
