"""The form model: a 项目支出绩效自评表 exactly as printed (schema 1 of form-json.md).

Printed numbers stay strings (`"7.20"` is not `"7.2"`, `"-"` is not 0); the `*_value`
properties give them as Decimal for the engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from jixiao.core.frozen import direct_init
from jixiao.core.money import parse_points, parse_printed

SCHEMA_VERSION = "1"


class FormKind(StrEnum):
    """Which form: 项目支出绩效自评表 or 部门整体支出绩效自评表 (form-json.md `kind`)."""

    PROJECT = "project"
    DEPARTMENT = "department"


class FundsSource(StrEnum):
    """The 资金来源 of a funds row (form-json.md `funds.rows[].source`)."""

    TOTAL = "total"  # 年度资金总额
    FISCAL = "fiscal"  # 当年财政拨款
    CARRYOVER = "carryover"  # 上年结转资金
    OTHER = "other"  # 其他资金
    SPECIAL_ACCOUNT = "special_account"  # 财政专户管理资金
    UNIT_FUNDS = "unit_funds"  # 单位资金


# The members are strings: `"total" in FUNDS_SOURCES`, `"、".join(FUNDS_SOURCES)` read as before.
FORM_KINDS: tuple[FormKind, ...] = tuple(FormKind)
FUNDS_SOURCES: tuple[FundsSource, ...] = tuple(FundsSource)


@direct_init
@dataclass(frozen=True)
class FundsRow:
    """One row of the 项目资金 block (年度资金总额, 其中：当年财政拨款, …)."""

    source: str
    initial: str | None = None
    annual: str | None = None
    executed: str | None = None
    rate: str | None = None
    label: str | None = None

    @property
    def annual_value(self) -> Decimal | None:
        return parse_printed(self.annual)

    @property
    def executed_value(self) -> Decimal | None:
        return parse_printed(self.executed)

    @property
    def initial_value(self) -> Decimal | None:
        return parse_printed(self.initial)

    @property
    def rate_value(self) -> Decimal | None:
        return parse_printed(self.rate)


@direct_init
@dataclass(frozen=True)
class Funds:
    """项目资金 block: the execution-rate item (分值, 执行率, 得分) and its rows."""

    unit: str | None = "万元"
    weight: str | None = None
    rate: str | None = None
    score: str | None = None
    rows: tuple[FundsRow, ...] = ()

    @property
    def weight_value(self) -> Decimal | None:
        return parse_points(self.weight)

    @property
    def rate_value(self) -> Decimal | None:
        return parse_printed(self.rate)

    @property
    def score_value(self) -> Decimal | None:
        return parse_points(self.score)

    def row(self, source: str) -> FundsRow | None:
        """The first row of a given source (`total`, `fiscal`, …), or None."""
        return next((r for r in self.rows if r.source == source), None)


@direct_init
@dataclass(frozen=True)
class Goals:
    """年度总体目标: 预期目标 (expected) and 实际完成情况 (actual)."""

    expected: str | None = None
    actual: str | None = None


@direct_init
@dataclass(frozen=True)
class Indicator:
    """A 三级指标 row: 年度指标值 `target`, 实际完成值 `actual`, 分值 `weight`, 得分 `score`,
    偏差原因分析及改进措施 `note`."""

    level1: str | None
    level2: str | None
    name: str | None
    target: str | None = None
    actual: str | None = None
    weight: str | None = None
    score: str | None = None
    note: str | None = None

    @property
    def weight_value(self) -> Decimal | None:
        return parse_points(self.weight)

    @property
    def score_value(self) -> Decimal | None:
        return parse_points(self.score)


@direct_init
@dataclass(frozen=True)
class Total:
    """总分 row: the printed total weight and score."""

    weight: str | None = None
    score: str | None = None

    @property
    def score_value(self) -> Decimal | None:
        return parse_points(self.score)

    @property
    def weight_value(self) -> Decimal | None:
        return parse_points(self.weight)


_NO_FUNDS = Funds()
_NO_GOALS = Goals()
_NO_TOTAL = Total()


@direct_init
@dataclass(frozen=True)
class Form:
    """One 项目支出绩效自评表 (or 部门整体支出绩效自评表) as printed."""

    project_name: str
    kind: str = FormKind.PROJECT
    year: int | None = None
    department: str | None = None
    implementing_unit: str | None = None
    # The empty blocks are frozen, so one shared instance serves every form as a default
    # (a default factory would rule out `direct_init`).
    funds: Funds = _NO_FUNDS
    goals: Goals = _NO_GOALS
    indicators: tuple[Indicator, ...] = ()
    total: Total = _NO_TOTAL
    grade: str | None = None
    schema_version: str = SCHEMA_VERSION
