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
from operator import attrgetter
from typing import Any

from jixiao.core.findings import SourceRef
from jixiao.core.model import Form
from jixiao.core.money import (
    MAX_FRACTION_DIGITS,
    MAX_INTEGER_DIGITS,
    SHORTEST_ABSURD,
    absurd_number,
)
from jixiao.core.safe_text import REPLACEMENT, UNSAFE_CHARS, clean_text
from jixiao.readers.base import ReadResult, import_finding
from jixiao.readers.codes import IMPORT_CODES

#: Fields that hold printed numbers (a number outside the domain there is reported).
_NUMERIC_FIELDS = frozenset({"initial", "annual", "executed", "rate", "weight", "score", "target",
                             "actual"})
_NUMERIC_PARENTS = ("funds", "indicators", "total")


def sanitise_result(result: ReadResult, filename: str | None) -> ReadResult:
    """The result with unsafe characters replaced in every text of the form and numbers outside
    the domain reported: a finding per field (JX082, JX081) added to the reader's."""
    if _nothing_to_clean(result.form):
        return result
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
            found.append(("JX082", path, f"{path or '文本'} 中的 {'、'.join(bad[:5])} "
                          f"已替换为 {REPLACEMENT}"))
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


#: The string fields of each part of the form, apart by whether they hold printed numbers
#: (`_NUMERIC_FIELDS` under `_NUMERIC_PARENTS`); the property test in
#: tests/readers/test_sanitise_shortcut.py fails when the model gains a field not named here.
_FORM_TEXTS = attrgetter("schema_version", "kind", "project_name", "department",
                         "implementing_unit", "grade")
_FUNDS_TEXTS = attrgetter("unit")
_FUNDS_NUMBERS = attrgetter("weight", "rate", "score")
_ROW_TEXTS = attrgetter("source", "label")
_ROW_NUMBERS = attrgetter("initial", "annual", "executed", "rate")
_GOALS_TEXTS = attrgetter("expected", "actual")
_INDICATOR_TEXTS = attrgetter("level1", "level2", "name", "note")
_INDICATOR_NUMBERS = attrgetter("target", "actual", "weight", "score")
_TOTAL_NUMBERS = attrgetter("weight", "score")
def _nothing_to_clean(form: Form) -> bool:
    """Whether `_clean` would find nothing in `form`, decided on the form's texts joined (each
    field named once, no path built): the common case at a fraction of the cost. A value of a
    type the model does not give (not a string where it has one) is left to `_clean`."""
    funds, total = form.funds, form.total
    texts = [*_FORM_TEXTS(form), _FUNDS_TEXTS(funds), *_GOALS_TEXTS(form.goals)]
    numbers = [*_FUNDS_NUMBERS(funds), *_TOTAL_NUMBERS(total)]
    for row in funds.rows:
        texts += _ROW_TEXTS(row)
        numbers += _ROW_NUMBERS(row)
    for indicator in form.indicators:
        texts += _INDICATOR_TEXTS(indicator)
        numbers += _INDICATOR_NUMBERS(indicator)
    try:
        written = "".join(filter(None, texts + numbers))
        longest = max(map(len, filter(None, numbers)), default=0)
    except TypeError:
        return False
    if longest >= SHORTEST_ABSURD and any(map(absurd_number, numbers)):
        return False
    return written.isprintable() or not UNSAFE_CHARS.search(written)


def is_empty_form(result: ReadResult) -> bool:
    """Whether a form read from a document has nothing but a project name: no department, unit,
    year, funds row, goal, indicator, total or grade — a line `项目名称 x` is no form."""
    form = result.form
    return not (form.department or form.implementing_unit or form.year
                or form.funds.rows or form.funds.weight or form.funds.score or form.indicators
                or form.goals.expected or form.goals.actual or form.total.score
                or form.total.weight or form.grade)


def sanitise_results(results: list[ReadResult], filename: str | None) -> list[ReadResult]:
    """`sanitise_result` of each."""
    return [sanitise_result(r, filename) for r in results]


__all__ = ["clean_text", "is_empty_form", "sanitise_result", "sanitise_results"]
