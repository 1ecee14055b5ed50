"""The indicator table's header printed on two rows (表头两行).

A group caption of the first row stands over several columns whose captions the second
row prints: 年度指标值 over 指标性质 | 指标值 | 度量单位 (Sichuan), 预期指标值 over
符号 | 值 | 单位, and in system exports a scoring group (自评得分) over 单项指标得分 |
权重占比 | 单项指标折算得分. The columns are the first row with each group replaced by
the second row's captions under it, in order. A kind the second row prints again inside a
group (权重占比 under 自评得分, while the first row has its own 指标分值) is the column the
system fills: the first row's caption of that kind holds something else (the indicator's
definition, in the exports seen) and is not read.

Keys are the column keys of the layouts (`level1`, `name`, `target`, `op`, `value`, `unit`,
`actual`, `weight`, `score`, `note`, `ignored`).
"""

from __future__ import annotations

from collections.abc import Sequence

IGNORED = "ignored"
#: The second-row keys a first-row group caption of each key stands over.
GROUPS: dict[str, frozenset[str]] = {
    "target": frozenset({"op", "value", "unit"}),
    "score": frozenset({IGNORED, "weight", "score"}),
    "weight": frozenset({IGNORED, "weight", "score"}),
}


def merge_rows(first: Sequence[str], second: Sequence[str]) -> tuple[str, ...] | None:
    """The columns of a two-row header, or None when the second row does not fall under the
    first row's group captions (every caption of the second row must find its group)."""
    columns: list[tuple[str, bool]] = []  # (key, printed in the second row)
    at = 0
    for key in first:
        family = GROUPS.get(key, frozenset())
        run = 0
        while at + run < len(second) and second[at + run] in family:
            run += 1
        if run == 0:
            columns.append((key, False))
            continue
        columns += [(k, True) for k in second[at:at + run]]
        at += run
    if at != len(second) or not second:
        return None
    restated = {k for k, sub in columns if sub} - {IGNORED}
    return tuple(IGNORED if k in restated and not sub else k for k, sub in columns)


__all__ = ["GROUPS", "merge_rows"]
