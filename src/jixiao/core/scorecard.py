"""Scorecard value types: every computed number carries how it was computed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from functools import partial
from typing import Any

from jixiao.core.frozen import direct_init
from jixiao.core.model import Indicator
from jixiao.core.values import Value, ValueKind, Vocabulary


@direct_init
@dataclass(frozen=True)
class Explanation:
    """How a number was computed: the formula in words, its inputs, the rule and its source.

    `Explanation.deferred` gives one whose formula and inputs are written when first read: a
    batch that only checks forms reads few of them, and writing them is a third of scoring.
    """

    formula: str
    inputs: tuple[tuple[str, str], ...] = ()
    rule: str = ""
    source: str = ""

    @classmethod
    def deferred(cls, write: Callable[[], tuple[str, Inputs]], rule: str,
                 source: str) -> Explanation:
        """An explanation whose (formula, inputs) `write()` gives when first read; `write` is
        pure (it may run more than once when threads read it at the same moment)."""
        explanation = object.__new__(cls)
        fields = explanation.__dict__
        fields["rule"], fields["source"], fields["_write"] = rule, source, write
        return explanation

    def describe(self) -> str:
        """One line for people, e.g. `10.00 × 80.44 / 100 = 8.04（规则 …；依据 …）`."""
        tail = "；".join(p for p in (f"规则 {self.rule}" if self.rule else "",
                                     f"依据 {self.source}" if self.source else "") if p)
        return f"{self.formula}（{tail}）" if tail else self.formula

    def __reduce__(self) -> tuple[type[Explanation], tuple[str, Inputs, str, str]]:
        return Explanation, (self.formula, self.inputs, self.rule, self.source)


Inputs = tuple[tuple[str, str], ...]


class _Written:
    """`formula` or `inputs` of a deferred explanation: written on first read and kept in the
    instance, where every later read finds it (a non-data descriptor yields to `__dict__`)."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, instance: Explanation | None, owner: type | None = None) -> Any:
        if instance is None:
            return self
        fields = instance.__dict__
        write = fields.get("_write")
        if write is not None:  # None: another thread wrote them a moment ago
            fields["formula"], fields["inputs"] = write()
            fields.pop("_write", None)
        return fields[self.name]


# Set after `dataclass` has read the fields (it would take a descriptor for a default).
Explanation.formula = _Written("formula")  # type: ignore[assignment]
Explanation.inputs = _Written("inputs")  # type: ignore[assignment]


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

    @classmethod
    def later(cls, value: Decimal | None, write: Callable[..., tuple[str, Inputs]],
              arguments: tuple[Any, ...], rule: str, source: str) -> Computed:
        """A computed value whose explanation — rule, source, and the formula and inputs
        `write(*arguments)` gives (pure) — is made when first read (`Explanation.deferred`): a
        batch that checks forms reads the explanation of few rows, and making it (a partial and
        an explanation) is a third of a common row's scoring."""
        computed = object.__new__(cls)
        fields = computed.__dict__
        fields["value"] = value
        fields["explanation"] = _later(_LATER, (_explanation_of, (write, arguments, rule, source)))
        return computed

    def __reduce__(self) -> tuple[type[Computed], tuple[Decimal | None, Explanation]]:
        return Computed, (self.value, self.explanation)


def _explanation_of(write: Callable[..., tuple[str, Inputs]], arguments: tuple[Any, ...],
                    rule: str, source: str) -> Explanation:
    return Explanation.deferred(partial(write, *arguments), rule, source)


class _Later(tuple):  # type: ignore[type-arg]
    """A field's value still to be made, `(make, arguments)`: the field holds it (its instance
    dict keeps its fields, so `type(x)(**vars(x))` copies it) until `make(*arguments)` (pure) is
    read through `_MadeWhenRead`."""


_LATER = _Later
_later = tuple.__new__


class _MadeWhenRead:
    """A field whose instance value may be `_Later`: made on first read and kept in its place.
    A data descriptor, so every read passes here; a frozen dataclass is never set after init
    (which writes the instance dict itself, as `direct_init` does)."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, instance: object | None, owner: type | None = None) -> Any:
        if instance is None:
            return self
        fields = instance.__dict__
        value = fields[self.name]
        if type(value) is _Later:  # threads reading it at once make equal values
            make, arguments = value
            value = fields[self.name] = make(*arguments)
        return value

    def __set__(self, instance: object, value: object) -> None:
        raise AttributeError(f"{self.name} 不可修改")


# Set after `dataclass` has read the fields (it would take a descriptor for a default).
Computed.explanation = _MadeWhenRead("explanation")  # type: ignore[assignment]


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


@direct_init
@dataclass(frozen=True)
class ParsedRows:
    """The 年度指标值 / 实际完成值 (and 分值 / 得分) the engine parsed, kept for the checks of the
    same form.

    They serve only a form whose indicator tuple *is* `indicators` and a profile whose
    vocabulary *is* `vocabulary` (`for_rows`): both are immutable, so the values are those a
    fresh parse would give.
    """

    indicators: tuple[Indicator, ...]
    vocabulary: Vocabulary
    targets: tuple[Value, ...]
    actuals: tuple[Value, ...]
    weights: tuple[Decimal | None, ...]  # printed 分值, `Indicator.weight_value`
    scores: tuple[Decimal | None, ...]   # printed 得分, `Indicator.score_value`

    def for_rows(self, indicators: tuple[Indicator, ...], vocabulary: Vocabulary) -> bool:
        """Whether these are the parsed values of `indicators` under `vocabulary`."""
        return self.indicators is indicators and self.vocabulary is vocabulary


@direct_init
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
    # the engine's parsed rows, handed to the checks; no part of the scorecard's value
    parsed: ParsedRows | None = field(default=None, compare=False, repr=False)

    @classmethod
    def rates_later(cls, rates: Callable[..., tuple[tuple[int, Computed], ...]],
                    arguments: tuple[Any, ...], profile: str, execution_rate: Computed,
                    execution_score: Computed, rows: tuple[RowScore, ...], total: Computed,
                    grade: str | None, grade_explanation: Explanation,
                    parsed: ParsedRows | None) -> Scorecard:
        """A scorecard whose `row_rates` are `rates(*arguments)` (pure), computed when first
        read: a batch that checks forms reads no funds row's rate but the form's own
        (`execution_rate`)."""
        return cls(profile, execution_rate, execution_score, rows, total, grade,
                   grade_explanation, _later(_LATER, (rates, arguments)), parsed)

    def __reduce__(self) -> tuple[type[Scorecard], tuple[Any, ...]]:
        return Scorecard, (self.profile, self.execution_rate, self.execution_score, self.rows,
                           self.total, self.grade, self.grade_explanation, self.row_rates,
                           self.parsed)


Scorecard.row_rates = _MadeWhenRead("row_rates")  # type: ignore[assignment]
