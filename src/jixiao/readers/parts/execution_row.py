"""A 预算执行率 row printed inside the indicator table is the funds part's scored item.

Many provinces print the execution-rate item (分值, 执行率, 得分) as a row of the indicator
table — `项目管理 | 投入管理 | 预算执行率 | 10 | 100% | 9` — rather than next to the funds
block. It is the form's `funds.weight` / `funds.rate` / `funds.score`, not an indicator:
scoring it as an indicator would count its points twice or under the wrong part. Every form
from every reader passes `move_execution_rows` (next to `drop_placeholders`), which moves
such a row into the funds part and says so at the row's place (JX017).

A row is moved only when the funds part has no score item of its own (its 分值 and 得分
empty, or the same as the row's): a form that scores execution in its funds block and also
lists a process indicator named 预算执行率 keeps the indicator. Nor is it moved when it is one
process indicator among others: a row that prints its own 年度指标值 (`≥90%`) inside a 一级
group holding other scored rows (`项目管理（12分）` with 资金使用合规性, 管理制度执行有效性 …)
is a 20/80 form's process indicator, whose group's points and the 总分 count it as a row; the
funds item printed as a row stands alone in its group, or prints no target of its own.
"""

from __future__ import annotations

import dataclasses
import re

from jixiao.core.findings import Finding, SourceRef
from jixiao.core.model import Funds, Indicator
from jixiao.readers.assemble import coded
from jixiao.readers.base import ReadResult
from jixiao.readers.placeholders import row_place, row_source, without_rows
from jixiao.readers.shapes import BLANK_MARKS, is_rate
from jixiao.readers.vocabulary import bare_key

#: The item's name, possibly run together with the 二级 name before it when a layout could
#: not tell them apart (`投入管理预算执行率`, `资金管理执行率`); `政府采购执行率` is an indicator.
#: In either script: a traditional form's names are restored to the printed text before this.
_EXECUTION_NAME = re.compile(r"(?:\w{0,6}(?:管理|投入))?(?:[预預]算|[资資]金)?[执執]行率")


def is_execution_row(ind: Indicator) -> bool:
    """Whether an indicator row is the execution-rate item: named so, and scored."""
    name = ind.name
    if not name or "率" not in name or not ("执" in name or "執" in name) or not (
            ind.weight or ind.score):
        return False  # every row of every form is asked: the common answer first
    return _EXECUTION_NAME.fullmatch(bare_key(name)) is not None


def move_execution_rows(result: ReadResult, filename: str | None) -> ReadResult:
    """The result with its first execution-rate row (if the funds part can take it) read
    into the funds part, the row dropped and the rows after it renumbered (one JX017)."""
    form = result.form
    index = _execution_row(form.indicators)
    if index is None or not _takes(form.funds, form.indicators[index]) \
            or _process_indicator(form.indicators, index):
        return result
    row = form.indicators[index]
    funds = dataclasses.replace(
        form.funds, weight=form.funds.weight or row.weight, score=form.funds.score or row.score,
        rate=form.funds.rate or (row.actual if row.actual and is_rate(row.actual) else None))
    moved = dataclasses.replace(result, form=dataclasses.replace(form, funds=funds),
                                sources={**result.sources, **_funds_sources(result, index)})
    return without_rows(moved, [index], [_finding(result, index, filename)])


def _execution_row(indicators: tuple[Indicator, ...]) -> int | None:
    """The index of the first execution-rate row (a plain loop: every form is asked)."""
    for i, ind in enumerate(indicators):
        if is_execution_row(ind):
            return i
    return None


def _takes(funds: Funds, row: Indicator) -> bool:
    """Whether the funds part has no score item of its own (or the row's own)."""
    return funds.weight in (None, row.weight) and funds.score in (None, row.score)


#: Targets that print nothing: the blank marks, and a dash OCR read as `一`.
_NO_TARGET = BLANK_MARKS | {"一"}


def _process_indicator(indicators: tuple[Indicator, ...], index: int) -> bool:
    """Whether the execution-rate row is one process indicator among others: it prints a
    target of its own and its 一级 group holds another scored row."""
    row = indicators[index]
    target = (row.target or "").strip()
    if not target or target in _NO_TARGET or not row.level1:
        return False
    group = bare_key(row.level1)
    return any(i != index and ind.level1 and bare_key(ind.level1) == group
               and (ind.weight or ind.score) for i, ind in enumerate(indicators))


def _funds_sources(result: ReadResult, index: int) -> dict[str, SourceRef]:
    prefix = f"indicators[{index}]"
    pairs = (("weight", "weight"), ("score", "score"), ("actual", "rate"))
    return {f"funds.{to}": ref for field, to in pairs
            if (ref := result.sources.get(f"{prefix}.{field}")) is not None
            and f"funds.{to}" not in result.sources}


def _finding(result: ReadResult, index: int, filename: str | None) -> Finding:
    ind = result.form.indicators[index]
    shown = " ".join(c for c in (ind.name, ind.weight, ind.actual, ind.score) if c)
    finding = coded("JX017", f"「{shown}」{row_place(result.sources, index)}", path="funds",
                    source=row_source(result.sources, index) or SourceRef(file=filename))
    return dataclasses.replace(finding, form=result.form.project_name or None)


__all__ = ["is_execution_row", "move_execution_rows"]
