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


def damage_reason(exc: BaseException) -> str:
    """What failed inside a damaged file, in words (never a class name): truncated or corrupt
    compressed data, a missing part, broken XML, a bad encoding, content out of format."""
    import zipfile
    import zlib

    name = type(exc).__name__
    if isinstance(exc, (zipfile.BadZipFile, EOFError, zlib.error)) or "zip" in name.lower():
        return "压缩数据不完整：文件已截断或损坏"
    if isinstance(exc, KeyError):
        return "缺少必需的组成部分：文件不完整或已损坏"
    if "XML" in name.upper() or name in ("ParseError", "ExpatError"):
        return "内部 XML 已损坏，无法解析"
    if isinstance(exc, UnicodeError):
        return "内部文字的编码有误"
    if isinstance(exc, (MemoryError, RecursionError)):
        return "结构异常（嵌套过深或过大）"
    return "内容不符合文件格式"
