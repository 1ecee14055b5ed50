"""Write forms out: the output format is chosen by the target's extension."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from jixiao.core.model import Form
from jixiao.services.evaluate import Evaluation
from jixiao.writers.docx_report import render_report
from jixiao.writers.fonts import FontNotFound
from jixiao.writers.html import render_html
from jixiao.writers.json_writer import render_json
from jixiao.writers.pdf import render_pdf
from jixiao.writers.xlsx import render_template, render_xlsx

FORMATS = (".pdf", ".xlsx", ".docx", ".html", ".json")


class ExportError(Exception):
    """An output that cannot be produced; the message is Chinese and names the cause."""


def _forms(evaluations: Sequence[Evaluation]) -> list[Form]:
    return [e.form for e in evaluations]


_RENDERERS: dict[str, Callable[[Sequence[Evaluation]], bytes]] = {
    ".pdf": lambda evs: render_pdf(_forms(evs)),
    ".xlsx": lambda evs: render_xlsx(_forms(evs)),
    ".docx": lambda evs: render_report(evs),
    ".html": lambda evs: render_html(_forms(evs)).encode("utf-8"),
    ".json": lambda evs: render_json(_forms(evs)).encode("utf-8"),
}


def output_format(target: str) -> str:
    """The format of an output path by its extension; unknown ones are an ExportError."""
    suffix = Path(target).suffix.lower()
    if suffix not in _RENDERERS:
        raise ExportError(f"{target}: 不支持的输出格式，可用 {' '.join(FORMATS)}")
    return suffix


def render(evaluations: Sequence[Evaluation], target: str) -> bytes:
    """The bytes of `target` (PDF official layout, XLSX, DOCX 自评报告, HTML, JSON)."""
    renderer = _RENDERERS[output_format(target)]
    try:
        return renderer(evaluations)
    except FontNotFound as exc:
        raise ExportError(str(exc)) from exc


def blank_template(target: str) -> bytes:
    """A blank XLSX form to fill in (live formulas, drop-downs, locked computed cells)."""
    if Path(target).suffix.lower() != ".xlsx":
        raise ExportError(f"{target}: 空白模板只提供 .xlsx 格式")
    return render_template()
