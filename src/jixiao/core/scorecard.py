"""Scorecard value types: every computed number carries how it was computed."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from jixiao.core.frozen import direct_init
from jixiao.core.values import ValueKind


@direct_init
@dataclass(frozen=True)
class Explanation:
    """How a number was computed: the formula in words, its inputs, the rule and its source."""

    formula: str
    inputs: tuple[tuple[str, str], ...] = ()
    rule: str = ""
    source: str = ""

    def describe(self) -> str:
        """One line for people, e.g. `10.00 × 80.44 / 100 = 8.04（规则 …；依据 …）`."""
        tail = "；".join(p for p in (f"规则 {self.rule}" if self.rule else "",
                                     f"依据 {self.source}" if self.source else "") if p)
        return f"{self.formula}（{tail}）" if tail else self.formula


class RowStatus(StrEnum):
    """How the printed score compares with the computed one."""

    EQUAL = "equal"                    # 一致
    ACCEPTED_DEDUCTION = "accepted"    # 扣分有说明
    UNEXPLAINED_DEDUCTION = "unexplained"  # 扣分无说明
    INFLATED = "inflated"              # 自评高于计算
    OUT_OF_BAND = "out_of_band"        # 定性得分不在档次区间
    NOT_APPLICABLE = "not_applicable"  # 不适用
    MANUAL = "manual"                  # 需人工评分
    NOT_SCORED = "not_scored"          # 无法计算（缺数据）

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]


_STATUS_LABELS = {
    RowStatus.EQUAL: "一致",
    RowStatus.ACCEPTED_DEDUCTION: "扣分有说明",
    RowStatus.UNEXPLAINED_DEDUCTION: "扣分无说明",
    RowStatus.INFLATED: "自评偏高",
    RowStatus.OUT_OF_BAND: "超出档次区间",
    RowStatus.NOT_APPLICABLE: "不适用",
    RowStatus.MANUAL: "人工评分",
    RowStatus.NOT_SCORED: "无法计算",
}


@direct_init
@dataclass(frozen=True)
class Computed:
    """A computed number (or None when it cannot be computed) with its explanation."""

    value: Decimal | None
    explanation: Explanation


@direct_init
@dataclass(frozen=True)
class RowScore:
    """The engine's view of one indicator row (index into `Form.indicators`)."""

    index: int
    kind: ValueKind                # the kind of the 实际完成值: quantity / tier / not_applicable …
    printed_score: Decimal | None
    computed: Computed
    status: RowStatus
    band: tuple[Decimal, Decimal] | None = None  # allowed score range for qualitative rows
    counted_score: Decimal | None = None  # the score that enters the recomputed total


@dataclass(frozen=True)
class Scorecard:
    """Everything the engine computes for one form under one profile."""

    profile: str
    execution_rate: Computed
    execution_score: Computed
    rows: tuple[RowScore, ...]
    total: Computed
    grade: str | None
    grade_explanation: Explanation
    row_rates: tuple[tuple[int, Computed], ...] = field(default=())  # per funds row 执行率
