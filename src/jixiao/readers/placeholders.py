"""Template placeholders (模板占位行) left in published forms are not indicator rows.

A unit that fills the national template in often leaves rows it did not use: `指标2` with nothing
after it, `……`, `(≥**人)`, `XX`, `*`. Every form from every reader passes `drop_placeholders`
(next to `sanitise`), which drops such rows and says so at the row's place (JX039).

A row is a placeholder only when nothing in it is real: its name, target, actual, weight, score
and note are each empty, a "not applicable" dash, or a placeholder — and at least one is a
placeholder. `指标2` with a target, an actual or a score printed is an unnamed row, and is kept.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from jixiao.core.findings import Finding, SourceRef
from jixiao.core.model import Indicator
from jixiao.readers.base import ReadResult, import_finding
from jixiao.readers.codes import IMPORT_CODES

#: `指标2`, `指标 3：`, `指标二`, OCR `指标l` — the template's enumerator with no name after it, in
#: either script (a traditional form restored to simplified may keep `指標2`).
_ENUMERATOR = re.compile(r"指[标標]\s*(?:[0-9０-９]{1,2}|[一二三四五六七八九十]{1,2}|[lI|])?"
                         r"\s*[：:.、]?")
#: The template's stand-ins for a digit or a word: `*`, `X`, `×`, `…`, `...`.
_STAND_IN = re.compile(r"[*＊]+|[XxＸｘ×]+|[…⋯]+|[.。·．]{2,}")
_STAND_IN_CHAR = re.compile(r"[*＊XxＸｘ×…⋯.。·．]")
#: What may surround a stand-in: operators, brackets, a unit (`(≥**人)`, `XX万元`, `≥**%`).
_FRAME = re.compile(r"[\s()（）\[\]【】≥≤><=＝≈约%‰]+")
_UNIT = re.compile(r"[\u4e00-\u9fff]{1,3}$")
#: "Nothing here": empty, or a dash or slash printed for "not applicable".
_BLANK = re.compile(r"[\s\-－—–/／、]*")


def is_placeholder_text(text: str | None) -> bool:
    """Whether a cell holds a template stand-in (`……`, `XX`, `*`, `(≥**人)`, `XX万元`)."""
    if not text or _STAND_IN_CHAR.search(text) is None:
        return False
    bare = _UNIT.sub("", _FRAME.sub("", text))
    return bool(bare) and _STAND_IN.fullmatch(bare) is not None


def is_placeholder_name(name: str | None) -> bool:
    """Whether a 三级指标 name is the template's (`指标2`, `指标 3：`) or a stand-in."""
    if not name:
        return False
    return _ENUMERATOR.fullmatch(name.strip()) is not None or is_placeholder_text(name)


def is_placeholder(ind: Indicator) -> bool:
    """Whether an indicator row is a template placeholder, not a row (see the module)."""
    named = is_placeholder_name(ind.name)
    if not (named or _blank(ind.name)):  # a real name: the common case, decided first
        return False
    cells = (ind.target, ind.actual, ind.weight, ind.score, ind.note)
    if not all(_blank(c) or is_placeholder_text(c) for c in cells):
        return False
    return named or any(is_placeholder_text(c) for c in cells)


def _blank(text: str | None) -> bool:
    return not text or _BLANK.fullmatch(text) is not None


def drop_placeholders(result: ReadResult, filename: str | None) -> ReadResult:
    """The result without placeholder rows: one JX039 at each row's place (the reader's
    findings about the row go with it); the paths of the rows after it renumbered."""
    indicators = result.form.indicators
    dropped = [i for i, ind in enumerate(indicators) if is_placeholder(ind)]
    if not dropped:
        return result
    project = result.form.project_name or None
    found = [import_finding("JX039", f"{IMPORT_CODES['JX039']}：{_shown(indicators[i])}"
                            f"{row_place(result.sources, i)}",
                            source=row_source(result.sources, i) or SourceRef(file=filename),
                            form=project)
             for i in dropped]
    return without_rows(result, dropped, found)


def without_rows(result: ReadResult, dropped: Sequence[int], found: Sequence[Finding] = ()
                 ) -> ReadResult:
    """The result without the indicator rows `dropped`: their sources and the reader's
    findings about them gone, the paths of the rows after them renumbered, `found` added."""
    indicators = result.form.indicators
    gone = set(dropped)
    kept = [i for i in range(len(indicators)) if i not in gone]
    renumber = {old: new for new, old in enumerate(kept)}
    form = dataclasses.replace(result.form, indicators=tuple(indicators[i] for i in kept))
    sources = {}
    for path, ref in result.sources.items():
        moved = _moved(path, renumber)
        if moved is not None:
            sources[moved] = ref
    findings = tuple(moved for f in result.findings
                     if (moved := _moved_finding(f, renumber)) is not None)
    return dataclasses.replace(result, form=form, sources=sources,
                               findings=findings + tuple(found))


_ROW = re.compile(r"^indicators\[(\d+)\]")


def _moved(path: str | None, renumber: dict[int, int]) -> str | None:
    """`path` with its indicator index renumbered; None for a path into a dropped row."""
    if path is None:
        return None
    match = _ROW.match(path)
    if match is None:
        return path
    new = renumber.get(int(match.group(1)))
    return None if new is None else f"indicators[{new}]{path[match.end():]}"


def _moved_finding(finding: Finding, renumber: dict[int, int]) -> Finding | None:
    """The finding with its path renumbered; None for a finding about a dropped row."""
    if finding.path is None or _ROW.match(finding.path) is None:
        return finding
    path = _moved(finding.path, renumber)
    return None if path is None else dataclasses.replace(finding, path=path)


def row_source(sources: dict[str, SourceRef], index: int) -> SourceRef | None:
    prefix = f"indicators[{index}]"
    for field in ("name", "target", "actual", "weight", "score", "note"):
        if (ref := sources.get(f"{prefix}.{field}")) is not None:
            return ref
    return next((ref for path, ref in sources.items() if path.startswith(prefix + ".")), None)


def _shown(ind: Indicator) -> str:
    cells = [c.strip() for c in (ind.name, ind.target, ind.actual) if c and c.strip()]
    level = ind.level2 or ind.level1
    return (f"「{level}」下的" if level else "") + f"「{' '.join(cells)}」"


def row_place(sources: dict[str, SourceRef], index: int) -> str:
    """Where the row `index` was read, for a message: `（第 3 页 …）`, or nothing."""
    ref = row_source(sources, index)
    return f"（{ref.describe()}）" if ref is not None and ref.describe() else ""
