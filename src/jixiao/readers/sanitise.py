"""The edge every form passes after any reader: text a format cannot hold is replaced, numbers
outside the domain are reported — both as import findings, so nothing is changed silently.

- Control characters (C0 but tab and line break, DEL, C1), lone surrogates (from `surrogateescape`
  or a JSON `"\\ud800"`) and the non-characters U+FFFE/U+FFFF are replaced by U+FFFD: no writer
  (DOCX and XLSX XML, PDF, a terminal) ever receives them (JX082).
- A number with more than `MAX_INTEGER_DIGITS` integer digits or `MAX_FRACTION_DIGITS` decimals
  in a numeric field (amounts, rates, weights, scores, targets, actuals) is reported (JX081);
  `parse_printed`/`parse_value` do not compute with it.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from jixiao.core.findings import SourceRef
from jixiao.core.model import Form
from jixiao.core.money import MAX_FRACTION_DIGITS, MAX_INTEGER_DIGITS, absurd_number
from jixiao.readers.base import ReadResult, import_finding
from jixiao.readers.codes import IMPORT_CODES

#: What no output format may receive: C0 controls but \t \n \r, DEL and C1, surrogates,
#: U+FFFE and U+FFFF.
UNSAFE_CHARS = re.compile("[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
REPLACEMENT = "\ufffd"

#: Fields that hold printed numbers (a number outside the domain there is reported).
_NUMERIC_FIELDS = frozenset({"initial", "annual", "executed", "rate", "weight", "score", "target",
                             "actual"})
_NUMERIC_PARENTS = ("funds", "indicators", "total")


def clean_text(text: str) -> str:
    """`text` with every unsafe character (`UNSAFE_CHARS`) replaced by U+FFFD."""
    return UNSAFE_CHARS.sub(REPLACEMENT, text)


def sanitise_result(result: ReadResult, filename: str | None) -> ReadResult:
    """The result with unsafe characters replaced in every text of the form and numbers outside
    the domain reported: a finding per field (JX082, JX081) added to the reader's."""
    found: list[tuple[str, str, str]] = []  # (code, path, detail)
    form = _clean(result.form, "", found)
    if not found:
        return result
    project = form.project_name or None
    findings = [import_finding(code, f"{IMPORT_CODES[code]}：{detail}", path=path or None,
                              source=result.sources.get(path) or SourceRef(file=filename),
                              form=project)
                for code, path, detail in found]
    return dataclasses.replace(result, form=form, findings=result.findings + tuple(findings))


def _clean(value: Any, path: str, found: list[tuple[str, str, str]]) -> Any:
    if isinstance(value, str):
        cleaned = clean_text(value)
        if cleaned != value:
            bad = sorted({f"U+{ord(ch):04X}" for ch in UNSAFE_CHARS.findall(value)})
            found.append(("JX082", path, f"{path or '文本'} 中的 {'、'.join(bad[:5])} 已替换为 �"))
        field = path.rpartition(".")[2].partition("[")[0]
        if field in _NUMERIC_FIELDS and path.startswith(_NUMERIC_PARENTS):
            number = absurd_number(cleaned)
            if number is not None:
                shown = number if len(number) <= 24 else f"{number[:20]}…（{len(number)} 位）"
                found.append(("JX081", path, f"{path} = {shown}（整数部分多于 "
                              f"{MAX_INTEGER_DIGITS} 位或小数多于 {MAX_FRACTION_DIGITS} 位），"
                              "不参与计算"))
        return cleaned
    if isinstance(value, tuple):
        items = tuple(_clean(item, f"{path}[{i}]", found) for i, item in enumerate(value))
        return items if any(a is not b for a, b in zip(items, value, strict=True)) else value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for f in dataclasses.fields(value):
            old = getattr(value, f.name)
            new = _clean(old, f"{path}.{f.name}" if path else f.name, found)
            if new is not old:
                changes[f.name] = new
        return dataclasses.replace(value, **changes) if changes else value
    return value


def sanitise_results(results: list[ReadResult], filename: str | None) -> list[ReadResult]:
    """`sanitise_result` of each."""
    return [sanitise_result(r, filename) for r in results]


__all__ = ["REPLACEMENT", "UNSAFE_CHARS", "Form", "clean_text", "sanitise_result",
           "sanitise_results"]
