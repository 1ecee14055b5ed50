"""The contract every reader shares: forms with their import findings and provenance."""

from __future__ import annotations

from dataclasses import dataclass, field

from jixiao.core.findings import Finding, Severity, SourceRef
from jixiao.core.model import Form


class UnreadableInput(Exception):
    """Input that cannot be read at all (empty, binary, malformed); the message is Chinese."""


@dataclass(frozen=True)
class ReadResult:
    """One form read from a source, what the reader noticed, and where each field came from.

    `sources` maps a field path (`project_name`, `funds.rows[0].executed`,
    `indicators[3].target`) to its place in the input.
    """

    form: Form
    findings: tuple[Finding, ...] = ()
    sources: dict[str, SourceRef] = field(default_factory=dict)


def import_finding(code: str, message: str, *, path: str | None = None,
                   source: SourceRef | None = None, form: str | None = None,
                   severity: Severity = Severity.WARNING) -> Finding:
    """A finding of the import itself (codes JX0xx): something missing or ambiguous."""
    return Finding(code=code, severity=severity, message=message, path=path,
                   source=source, form=form)
