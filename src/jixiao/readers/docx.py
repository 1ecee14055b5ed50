"""The DOCX reader: Word tables (merged cells from `w:gridSpan` / `w:vMerge`) → forms.

Stages: open the package (size limits, not a ZIP → unreadable) → walk the body in order:
paragraphs that belong to a form (its title, `（2024年度）`, `单位：万元`) become one-cell tables,
each `w:tbl` becomes a `Table` whose cells carry their real spans (python-docx repeats a merged
cell on every grid position, so the spans are computed from the `w:tc` elements themselves) →
`grid_form.read_tables`; a document in 繁体字 (a sniff of its first text runs) is read on a
simplified copy through `grid_script.read_document`.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from jixiao.readers.base import ReadResult, UnreadableInput, damage_reason
from jixiao.readers.grid import Cell
from jixiao.readers.grid_script import read_document
from jixiao.readers.limits import DEFAULT_LIMITS, ReadLimits, check_size, check_unpacked

__all__ = ["read_docx", "table_cells"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _TBL, _TR, _TC = f"{_W}p", f"{_W}tbl", f"{_W}tr", f"{_W}tc"
_WRAPPERS = frozenset({f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml", f"{_W}smartTag"})




def _open_package(data: bytes, name: str, limits: ReadLimits) -> None:
    check_size(data, name, limits)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            members = package.infolist()
            names = {m.filename for m in members}
    except zipfile.BadZipFile as exc:
        raise UnreadableInput(f"{name}: 不是有效的 Word 文档（.docx 文件已损坏或不是 ZIP 包）") \
            from exc
    if "word/document.xml" not in names:
        raise UnreadableInput(f"{name}: 不是 Word 文档（.docx 包中没有 word/document.xml）")
    check_unpacked([m.file_size for m in members], name, limits)


def _children(element: Any) -> Iterator[Any]:
    """Child elements, looking through content controls and custom XML wrappers."""
    for child in element:
        if child.tag in _WRAPPERS:
            yield from _children(child)
        else:
            yield child


def _blocks(element: Any) -> Iterator[Any]:
    """Paragraphs and tables in reading order. A table that holds tables is a layout
    container (a form placed in a one-cell frame): its cells are walked instead."""
    for child in _children(element):
        if child.tag == _TBL and any(inner.tag == _TBL for row in _rows(child)
                                     for tc in _cells(row) for inner in _children(tc)):
            for row in _rows(child):
                for tc in _cells(row):
                    yield from _blocks(tc)
        elif child.tag in (_P, _TBL):
            yield child


def _paragraph_text(p: Any) -> str:
    parts: list[str] = []
    for node in p.iter(f"{_W}t", f"{_W}br", f"{_W}cr", f"{_W}tab", f"{_W}noBreakHyphen"):
        if node.tag == f"{_W}t":
            parts.append(node.text or "")
        elif node.tag == f"{_W}tab":
            parts.append("\t")
        elif node.tag == f"{_W}noBreakHyphen":
            parts.append("-")
        else:
            parts.append("\n")
    return "".join(parts)


def _cell_text(tc: Any) -> str:
    lines: list[str] = []
    for child in _children(tc):
        if child.tag == _P:
            lines.append(_paragraph_text(child))
        elif child.tag == _TBL:
            for row in _rows(child):
                for inner in _cells(row):
                    lines.append(_cell_text(inner))
    return "\n".join(line.strip() for line in lines if line.strip())


def _rows(tbl: Any) -> list[Any]:
    return [child for child in _children(tbl) if child.tag == _TR]


def _cells(tr: Any) -> list[Any]:
    return [child for child in _children(tr) if child.tag == _TC]


def _int_val(parent: Any, path: str, default: int) -> int:
    node = parent.find(path) if parent is not None else None
    if node is None:
        return default
    try:
        return max(int(node.get(f"{_W}val", default)), 0)
    except ValueError:
        return default


def _merge_state(tc: Any, tag: str) -> str | None:
    """`restart`, `continue` or None for a `w:vMerge` / `w:hMerge` property."""
    node = tc.find(f"{_W}tcPr/{_W}{tag}")
    if node is None:
        return None
    return "restart" if node.get(f"{_W}val") == "restart" else "continue"


@dataclass
class _Draft:
    texts: list[str]
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1


def table_cells(tbl: Any, number: int) -> list[Cell]:
    """The cells of a `w:tbl` with their spans: `w:gridSpan` widens a cell, a `w:vMerge`
    continuation extends the cell above, `w:gridBefore` shifts a row's first cell."""
    drafts: list[_Draft] = []
    open_v: dict[int, _Draft] = {}
    for r, tr in enumerate(_rows(tbl)):
        col = _int_val(tr.find(f"{_W}trPr"), f"{_W}gridBefore", 0)
        continued: set[int] = set()
        last: _Draft | None = None
        for tc in _cells(tr):
            span = max(_int_val(tc.find(f"{_W}tcPr"), f"{_W}gridSpan", 1), 1)
            text = _cell_text(tc)
            if _merge_state(tc, "hMerge") == "continue" and last is not None:
                last.colspan += span
                if text:
                    last.texts.append(text)
                col += span
                continue
            vmerge = _merge_state(tc, "vMerge")
            above = open_v.get(col)
            if vmerge == "continue" and above is not None and above.colspan == span:
                above.rowspan = r - above.row + 1
                if text:
                    above.texts.append(text)
                continued.add(col)
                last = above
            else:
                last = _Draft([text] if text else [], r, col, 1, span)
                drafts.append(last)
                if vmerge is not None:
                    open_v[col] = last
                    continued.add(col)
            col += span
        for c in [c for c in open_v if c not in continued]:
            del open_v[c]
    return [Cell("\n".join(d.texts), d.row, d.col, d.rowspan, d.colspan,
                 ref=f"表{number} 第{d.row + 1}行第{d.col + 1}列") for d in drafts]


def read_docx(data: bytes, *, filename: str | None = None,
              limits: ReadLimits = DEFAULT_LIMITS) -> list[ReadResult]:
    """Every form in a Word document (.docx), in document order.

    Args:
        data: the file's bytes.
        filename: the name used in provenance and messages.
        limits: size limits (`ReadLimits`: bytes, unpacked bytes, tables).

    Returns:
        One ReadResult per form; [] when the document has tables but none holds a form.

    Raises:
        UnreadableInput: not a .docx package, too large, or no table at all.
    """
    name = filename or "<docx>"
    _open_package(data, name, limits)
    try:
        from docx import Document  # python-docx: a heavy import, only when a .docx is read

        document = Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds on a damaged package
        raise UnreadableInput(f"{name}: 无法打开 Word 文档（{damage_reason(exc)}）") from exc
    body = document.element.body
    blocks = (_paragraph_text(b) if b.tag == _P else b for b in _blocks(body)
              if b.tag in (_P, _TBL))
    texts = (t.text or "" for t in body.iter(f"{_W}t"))
    return read_document(blocks, table_cells, texts, name=name, filename=filename,
                         max_tables=limits.max_tables, kind="Word 文档")
