"""Findings: what a check or a reader has to say, as values that carry their place."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from jixiao.core.frozen import direct_init


class Severity(StrEnum):
    """How much a finding matters: 错误 / 警告 / 提示."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def label(self) -> str:
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]


SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@direct_init  # the table mapper makes one per cell it reads a field from
@dataclass(frozen=True)
class SourceRef:
    """Where a value came from in the input: file, line, page, cell (any may be unknown)."""

    file: str | None = None
    line: int | None = None
    page: int | None = None
    cell: str | None = None

    def describe(self) -> str:
        parts = []
        if self.file:
            parts.append(self.file)
        if self.page is not None:
            parts.append(f"第{self.page}页")
        if self.line is not None:
            parts.append(f"第{self.line}行")
        if self.cell:
            parts.append(self.cell)
        return " ".join(parts)


@direct_init
@dataclass(frozen=True)
class Finding:
    """One finding: stable `code`, `severity`, a one-line Chinese `message` naming the row,
    the field `path` (e.g. `indicators[5].target`) and the `source` in the input when known."""

    code: str
    severity: Severity
    message: str
    path: str | None = None
    form: str | None = None
    source: SourceRef | None = None
    hint: str | None = None
