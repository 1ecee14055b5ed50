"""Evaluate forms: score and check each form under a profile, findings placed in the source."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from jixiao.core.findings import SEVERITY_ORDER, Finding, Severity, SourceRef
from jixiao.core.model import Form
from jixiao.core.scorecard import Scorecard
from jixiao.readers.base import ReadResult
from jixiao.rules.checks import run_checks
from jixiao.rules.engine import score_form
from jixiao.rules.profile import Profile


@dataclass(frozen=True)
class Evaluation:
    """One form with its scorecard and all findings (the import's first, then the checks')."""

    form: Form
    scorecard: Scorecard
    findings: tuple[Finding, ...]

    @property
    def has_errors(self) -> bool:
        return any(f.severity is Severity.ERROR for f in self.findings)


def evaluate(result: ReadResult, profile: Profile, *, ignore: Collection[str] = ()) -> Evaluation:
    """Score and check one read form; each finding gets the source place of its path."""
    scorecard = score_form(result.form, profile)
    checks = run_checks(result.form, profile, scorecard, ignore=ignore)
    imported = [f for f in result.findings if f.code not in ignore]
    places: dict[str, SourceRef | None] = {}
    located = tuple(_locate(f, result, places) for f in [*imported, *checks])
    return Evaluation(form=result.form, scorecard=scorecard, findings=located)


def _locate(finding: Finding, result: ReadResult, places: dict[str, SourceRef | None]
            ) -> Finding:
    """The finding with its form name and, when it has none, the source place of its path
    (`places` remembers the places of paths already looked up for this form)."""
    form = finding.form or result.form.project_name
    source = finding.source
    if source is None and finding.path and result.sources:
        path = finding.path
        if path not in places:
            places[path] = _source_of(path, result.sources)
        source = places[path]
    if form == finding.form and source is finding.source:
        return finding
    return Finding(finding.code, finding.severity, finding.message, finding.path, form, source,
                   finding.hint)


def _source_of(path: str, sources: Mapping[str, SourceRef]) -> SourceRef | None:
    """The place of a path, else of its nearest enclosing path that has one."""
    if not sources:
        return None
    while path:
        if path in sources:
            return sources[path]
        path = path.rpartition(".")[0] if "." in path else path.rpartition("[")[0]
    return None


def sort_findings(findings: Collection[Finding]) -> list[Finding]:
    """Errors first, then warnings, then information; stable within a severity."""
    return sorted(findings, key=lambda f: SEVERITY_ORDER[f.severity])
