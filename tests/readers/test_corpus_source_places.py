"""Source places of the text reader on the whole corpus: every field's source line holds the
field's value, so a place off by a line (or pointing at a neighbouring row) fails.

Values composed from split columns (`= | 100 | %` → `=100%`) are matched by their numbers; text
by its first characters. Whitespace is ignored (the text layer breaks and spaces text freely).
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from jixiao.core.form_json import form_to_dict
from tests.readers.test_text_cells import ALL_CORPUS, CORPUS, read_corpus

_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")


def _value(data: dict[str, Any], path: str) -> Any:
    current: Any = data
    for part in re.findall(r"[^.\[\]]+", path):
        if current is None:
            return None
        current = current[int(part)] if part.isdigit() else current.get(part)
    return current


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _held_by(value: str, line: str) -> bool:
    numbers = _NUMBER.findall(value)
    if numbers:
        return all(n in line for n in numbers)
    return _squeezed(value)[:2] in line


@pytest.mark.parametrize("name", ALL_CORPUS)
def test_every_source_line_holds_its_value(name: str) -> None:
    lines = (CORPUS / "raw" / f"{name}.txt").read_text(encoding="utf-8").splitlines()
    checked = 0
    wrong = []
    for result in read_corpus(name):
        if result.form is None:
            continue
        data = form_to_dict(result.form)
        for path, ref in result.sources.items():
            value = _value(data, path)
            if not isinstance(value, str) or not value.strip() or path == "funds.unit":
                continue  # the unit is read from a caption (`（万元）`), not a cell
            assert ref.line is not None and 1 <= ref.line <= len(lines), (path, ref)
            checked += 1
            if not _held_by(value, _squeezed(lines[ref.line - 1])):
                wrong.append((path, value, ref.line))
    assert checked > 0
    assert wrong == [] or _known_caption(name, wrong), wrong


def _known_caption(name: str, wrong: list[tuple[str, str, int]]) -> bool:
    # 017 prints the execution weight inside a two-line caption (`预算执行情况(万元)` / `(20分)`,
    # lines 34-35); the reader places it on the caption's first line. Known, reported for the
    # readers (issue 10): the place should be line 35.
    return name == "017" and [w[0] for w in wrong] == ["funds.weight"]


def test_indicator_rows_point_at_distinct_lines_in_order() -> None:
    for name in ALL_CORPUS:
        for result in read_corpus(name):
            if result.form is None or not result.form.indicators:
                continue
            rows = [result.sources.get(f"indicators[{i}]")
                    for i in range(len(result.form.indicators))]
            lines = [r.line for r in rows if r is not None]
            assert lines == sorted(lines), name
