"""Write forms out: the output format is chosen by the target's extension.

Each writer is imported when its format is asked for: openpyxl, python-docx and reportlab load
only for the outputs that need them (the CLI imports this module for its error class).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from jixiao.core.model import Form
from jixiao.core.safe_text import clean_tree
from jixiao.services.evaluate import Evaluation

FORMATS = (".pdf", ".xlsx", ".docx", ".html", ".json")


class ExportError(Exception):
    """An output that cannot be produced; the message is Chinese and names the cause."""


def _forms(evaluations: Sequence[Evaluation]) -> list[Form]:
    return [e.form for e in evaluations]


def _pdf(evaluations: Sequence[Evaluation]) -> bytes:
    from jixiao.writers.pdf import render_pdf

    return render_pdf(_forms(evaluations))


def _xlsx(evaluations: Sequence[Evaluation]) -> bytes:
    from jixiao.writers.xlsx import render_xlsx

    return render_xlsx(_forms(evaluations))


def _docx(evaluations: Sequence[Evaluation]) -> bytes:
    from jixiao.writers.docx_report import render_report

    return render_report(evaluations)


def _html(evaluations: Sequence[Evaluation]) -> bytes:
    from jixiao.writers.html import render_html

    return render_html(_forms(evaluations)).encode("utf-8")


def _json(evaluations: Sequence[Evaluation]) -> bytes:
    from jixiao.writers.json_writer import render_json

    return render_json(_forms(evaluations)).encode("utf-8")


_RENDERERS: dict[str, Callable[[Sequence[Evaluation]], bytes]] = {
    ".pdf": _pdf, ".xlsx": _xlsx, ".docx": _docx, ".html": _html, ".json": _json,
}


def output_format(target: str) -> str:
    """The format of an output path by its extension; unknown ones are an ExportError."""
    suffix = Path(target).suffix.lower()
    if suffix not in _RENDERERS:
        raise ExportError(f"{target}: 不支持的输出格式，可用 {' '.join(FORMATS)}")
    return suffix


def render(evaluations: Sequence[Evaluation], target: str) -> bytes:
    """The bytes of `target` (PDF official layout, XLSX, DOCX 自评报告, HTML, JSON)."""
    from jixiao.writers.fonts import FontNotFound

    renderer = _RENDERERS[output_format(target)]
    # no writer receives a character its format cannot hold (XML 1.0, UTF-8): forms from the
    # readers are clean already, forms typed into the web editor are cleaned here
    evaluations = [clean_tree(ev) for ev in evaluations]
    try:
        return renderer(evaluations)
    except FontNotFound as exc:
        raise ExportError(str(exc)) from exc


def blank_template(target: str) -> bytes:
    """A blank XLSX form to fill in (live formulas, drop-downs, locked computed cells)."""
    if Path(target).suffix.lower() != ".xlsx":
        raise ExportError(f"{target}: 空白模板只提供 .xlsx 格式")
    from jixiao.writers.xlsx import render_template

    return render_template()
