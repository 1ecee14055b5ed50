"""Evaluate forms: score and check each form under a profile, findings placed in the source."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace

from jixiao.core.findings import SEVERITY_ORDER, Finding, Severity
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
    located = tuple(_locate(f, result) for f in [*imported, *checks])
    return Evaluation(form=result.form, scorecard=scorecard, findings=located)


def _locate(finding: Finding, result: ReadResult) -> Finding:
    form = finding.form or result.form.project_name
    if finding.source is not None or not finding.path:
        return replace(finding, form=form)
    path = finding.path
    while path:
        if path in result.sources:
            return replace(finding, form=form, source=result.sources[path])
        path = path.rpartition(".")[0] if "." in path else path.rpartition("[")[0]
    return replace(finding, form=form)


def sort_findings(findings: Collection[Finding]) -> list[Finding]:
    """Errors first, then warnings, then information; stable within a severity."""
    return sorted(findings, key=lambda f: SEVERITY_ORDER[f.severity])
