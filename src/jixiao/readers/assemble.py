"""Assembling a form read by any layout: import findings worded once, from `codes.py`.

Every layout (cell stream, grid, lines) reports the form-level findings — 项目名称 not found
(JX001), no funds table (JX002), no indicator table (JX003), no 总分 row (JX004) — through
`form_findings`, and every other import finding through `coded`, so one code has one wording
whichever reader emits it; and hands its result out through `finish`, which names the form on
each finding.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from jixiao.core.findings import Finding, Severity, SourceRef
from jixiao.core.model import Form
from jixiao.readers.base import ReadResult, import_finding
from jixiao.readers.codes import IMPORT_CODES


def coded(code: str, detail: str = "", *, path: str | None = None,
          source: SourceRef | None = None, severity: Severity = Severity.WARNING) -> Finding:
    """An import finding: the catalogue's wording of `code`, then the detail naming the place
    (`…：「生态效益指标」（第23行）`)."""
    message = f"{IMPORT_CODES[code]}：{detail}" if detail else IMPORT_CODES[code]
    return import_finding(code, message, path=path, source=source, severity=severity)


@dataclass(frozen=True)
class Found:
    """Which parts of a form a layout found, and where the form starts (for JX001)."""

    project_name: bool
    funds: bool
    indicators: bool
    total: bool
    department_form: bool = False
    start: SourceRef | None = None
    elsewhere: SourceRef | None = None


def form_findings(found: Found) -> list[Finding]:
    """JX001–JX004 for the parts not found (a 部门整体 form has no 项目名称 to miss)."""
    where = found.elsewhere
    findings: list[Finding] = []
    if not found.project_name and not found.department_form:
        findings.append(coded("JX001", path="project_name", source=found.start))
    if not found.funds:
        findings.append(coded("JX002", path="funds", source=where))
    if not found.indicators:
        findings.append(coded("JX003", path="indicators", source=where))
    if not found.total:
        findings.append(coded("JX004", path="total", source=where))
    return findings


def finish(form: Form, findings: Iterable[Finding], sources: Mapping[str, SourceRef]
           ) -> ReadResult:
    """The read result, each finding naming its form (by 项目名称) unless it already does."""
    name = form.project_name or None
    named = tuple(f if f.form else replace(f, form=name) for f in findings)
    return ReadResult(form=form, findings=named, sources=dict(sources))


__all__ = ["Found", "coded", "finish", "form_findings"]
