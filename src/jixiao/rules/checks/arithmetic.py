"""Arithmetic checks (JX1xx): the printed numbers must add up."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from jixiao.core.findings import Severity
from jixiao.core.model import FundsRow, FundsSource
from jixiao.core.money import HUNDRED, ZERO, round2
from jixiao.core.values import normalize_text
from jixiao.rules.checks.registry import (
    CheckContext,
    FundsCells,
    Hit,
    fmt,
    quoted,
    register,
    row_label,
)

_COLUMNS = (("initial", "年初预算数"), ("annual", "全年预算数"), ("executed", "全年执行数"))
_SOURCE_NAMES: dict[str, str]  # looked up by `FundsRow.source`, a str
_SOURCE_NAMES = {FundsSource.TOTAL: "年度资金总额", FundsSource.FISCAL: "当年财政拨款",
                 FundsSource.CARRYOVER: "上年结转资金", FundsSource.OTHER: "其他资金",
                 FundsSource.SPECIAL_ACCOUNT: "财政专户管理资金",
                 FundsSource.UNIT_FUNDS: "单位资金"}


_TOTAL = FundsSource.TOTAL  # a module name: an enum member is read slower (Python 3.11)


def _row_name(row: FundsRow) -> str:
    return row.label or _SOURCE_NAMES.get(row.source, row.source)


def printed_tolerance(text: str | None, tolerance: Decimal) -> Decimal:
    """Half a unit of the printed last place when the form prints fewer than two decimals
    (`100%` tolerates 0.5), otherwise the profile tolerance."""
    if text is None:
        return tolerance
    digits = text.rstrip("%％ ")
    places = len(digits.split(".", 1)[1]) if "." in digits else 0
    if places >= 2:
        return tolerance
    return max(tolerance, _HALF_LAST_PLACE[places])


_HALF_LAST_PLACE = tuple(Decimal(5) / Decimal(10) ** (places + 1) for places in (0, 1))


def check_funds_sum(ctx: CheckContext) -> Iterator[Hit]:
    """年度资金总额 ≠ Σ sources, column by column."""
    total_index = ctx.funds_total_index
    cells = ctx.funds_values
    if total_index is None or len(cells) < 2:
        return
    total = cells[total_index]
    parts = [c for row, c in zip(ctx.form.funds.rows, cells, strict=True)
             if row.source != _TOTAL]
    if not parts:
        return
    for column, (field, caption) in enumerate(_COLUMNS):
        printed = total[column]
        if printed is None:
            continue
        values = [v for c in parts if (v := c[column]) is not None]
        if not values:
            continue
        summed = sum(values, ZERO)
        if not ctx.close(printed, summed):
            yield Hit(f"funds.rows[{total_index}].{field}",
                      f"资金{caption}：年度资金总额 {fmt(printed)} ≠ 各分项之和 {fmt(summed)}")


register("JX101", Severity.ERROR, "资金总额与分项之和不符",
         "年度资金总额应等于当年财政拨款、上年结转资金、其他资金等分项之和（逐列核对）",
         "domain-rules §4 E3；P1 申报表核对 总额=财政+其他")(check_funds_sum)


def _computed_rate(cells: FundsCells) -> Decimal | None:
    annual, executed = cells.annual, cells.executed
    if annual is None or executed is None or annual == 0:
        return None
    return round2(executed / annual * HUNDRED)


def _wrong_rate(ctx: CheckContext, printed_text: str | None, printed: Decimal | None,
                cells: FundsCells) -> Decimal | None:
    """The computed rate when the printed one is off by more than it can round to, else None."""
    if printed is None:
        return None
    computed = _computed_rate(cells)
    if computed is None:
        return None
    off = abs(printed - computed)
    tolerance = ctx.tolerance
    if off <= tolerance or off <= printed_tolerance(printed_text, tolerance):
        return None  # the printed places widen the tolerance, never narrow it
    return computed


def _rate_hit(ctx: CheckContext, path: str, caption: str, printed_text: str | None,
              printed: Decimal, computed: Decimal, row: FundsRow, cells: FundsCells) -> Hit:
    message = (f"{caption}执行率 {quoted(printed_text)} ≠ 全年执行数 {row.executed} / "
               f"全年预算数 {row.annual} = {fmt(computed)}%")
    initial, executed = cells.initial, cells.executed
    if initial and executed is not None and initial != cells.annual:
        on_initial = round2(executed / initial * HUNDRED)
        if abs(printed - on_initial) <= printed_tolerance(printed_text, ctx.tolerance):
            message += "（按年初预算数计算，应以全年预算数为分母）"
    return Hit(path, message)


def check_execution_rate(ctx: CheckContext) -> Iterator[Hit]:
    """Printed 执行率 ≠ executed / annual, for the item and for every funds row."""
    funds = ctx.form.funds
    rows, cells = funds.rows, ctx.funds_values
    total_index = ctx.funds_total_index
    item_rate = ctx.figures.funds_rate
    if total_index is not None and funds.rate is not None:
        total = cells[total_index]
        computed = _wrong_rate(ctx, funds.rate, item_rate, total)
        if computed is not None and item_rate is not None:
            yield _rate_hit(ctx, "funds.rate", "年度资金总额", funds.rate, item_rate, computed,
                            rows[total_index], total)
    for i, row in enumerate(rows):
        printed = cells[i].rate
        if printed is None or (i == total_index and printed == item_rate):
            continue  # no rate printed, or the same printed cell as funds.rate
        computed = _wrong_rate(ctx, row.rate, printed, cells[i])
        if computed is not None:
            yield _rate_hit(ctx, f"funds.rows[{i}].rate", _row_name(row), row.rate, printed,
                            computed, row, cells[i])


register("JX102", Severity.ERROR, "执行率计算有误",
         "执行率 = 全年执行数 / 全年预算数（调整后）× 100，四舍五入到两位小数",
         "财预〔2020〕10号；domain-rules §1.4、§4 E1/E2")(check_execution_rate)


def check_execution_score(ctx: CheckContext) -> Iterator[Hit]:
    """Printed 执行率得分 ≠ the engine's execution score."""
    printed = ctx.figures.funds_score
    computed = ctx.scorecard.execution_score.value
    if printed is None or computed is None:
        return
    if not ctx.close(printed, computed):
        yield Hit("funds.score",
                  f"执行率得分 {quoted(ctx.form.funds.score)} 与计算值 {fmt(computed)} 不符："
                  f"{ctx.scorecard.execution_score.explanation.describe()}")


register("JX103", Severity.ERROR, "执行率得分计算有误",
         "执行率得分 = 分值 × min(执行率, 100%)，与引擎计算值不符",
         "财预〔2020〕10号；domain-rules §1.4、§4 E1")(check_execution_score)


def check_overspend(ctx: CheckContext) -> Iterator[Hit]:
    """执行数 > 预算数 on any funds row."""
    for i, cells in enumerate(ctx.funds_values):
        annual, executed = cells.annual, cells.executed
        if annual is None or executed is None:
            continue
        if executed > annual + ctx.tolerance:
            row = ctx.form.funds.rows[i]
            yield Hit(f"funds.rows[{i}].executed",
                      f"{_row_name(row)}全年执行数 {row.executed} 大于全年预算数 {row.annual}")


register("JX104", Severity.WARNING, "执行数超过预算数",
         "全年执行数大于全年预算数通常是数据错误（执行率超过 100%）",
         "domain-rules §1.4、§4 E3")(check_overspend)


def check_score_above_weight(ctx: CheckContext) -> Iterator[Hit]:
    """得分 > 分值 on the execution item or an indicator."""
    funds = ctx.form.funds
    printed, weight = ctx.figures.funds_score, ctx.figures.funds_weight
    if printed is not None and weight is not None and printed > weight + ctx.tolerance:
        yield Hit("funds.score", f"执行率得分 {funds.score} 超过分值 {funds.weight}")
    for i in ctx.facts.over_weight:
        ind = ctx.form.indicators[i]
        yield Hit(f"indicators[{i}].score",
                  f"{row_label(ind, i)}得分 {ind.score} 超过分值 {ind.weight}")


register("JX105", Severity.ERROR, "得分超过分值",
         "任何一项的得分都不能超过其分值",
         "domain-rules §4 E9（V3 校验）")(check_score_above_weight)


def check_weight_sum(ctx: CheckContext) -> Iterator[Hit]:
    """Σ 分值 (funds + indicators) ≠ 100 or ≠ the printed total weight."""
    rows_weight = ctx.facts.weight_total
    funds_weight = ctx.figures.funds_weight
    if not ctx.form.indicators or rows_weight is None or funds_weight is None:
        return
    summed = funds_weight + rows_weight
    expected = ctx.decimal_param("total_weight", "100")
    printed = ctx.figures.total_weight
    if printed is not None and not ctx.close(printed, summed):
        yield Hit("total.weight", f"分值合计 {fmt(summed)}（执行率 {fmt(funds_weight)} + 指标 "
                                  f"{fmt(summed - funds_weight)}）与所印总分值 "
                                  f"{ctx.form.total.weight} 不符")
    elif not ctx.close(summed, expected):
        yield Hit("total.weight", f"分值合计 {fmt(summed)}（执行率 {fmt(funds_weight)} + 指标 "
                                  f"{fmt(summed - funds_weight)}）不等于 {fmt(expected)}")


register("JX106", Severity.ERROR, "分值合计不等于总分值",
         "执行率分值与各指标分值之和应为 100（或与所印总分值一致）",
         "财预〔2020〕10号；domain-rules §1.2、§4 E14")(check_weight_sum)


def check_total_sum(ctx: CheckContext) -> Iterator[Hit]:
    """Printed 总分 ≠ funds score + Σ printed indicator scores."""
    printed = ctx.figures.total_score
    funds_score = ctx.figures.funds_score
    rows_score = ctx.facts.score_total
    if printed is None or funds_score is None or rows_score is None:
        return
    summed = funds_score + rows_score
    if not ctx.close(printed, summed):
        yield Hit("total.score", f"总分 {ctx.form.total.score} ≠ 执行率得分 {fmt(funds_score)} + "
                                 f"指标得分 {fmt(summed - funds_score)} = {fmt(summed)}")


register("JX107", Severity.ERROR, "总分与各项得分之和不符",
         "总分 = 执行率得分 + 各指标所印得分之和",
         "财预〔2020〕10号；domain-rules §1.7、§4 E15")(check_total_sum)


def check_grade(ctx: CheckContext) -> Iterator[Hit]:
    """Printed 评分等级 ≠ the profile band of the printed 总分."""
    grade = (ctx.form.grade or "").strip()
    total = ctx.figures.total_score
    if not grade or total is None:
        return
    expected = ctx.grade_for(total)
    if expected is not None and normalize_text(grade) != expected:  # 優 is the band's 优
        yield Hit("grade", f"评分等级「{grade}」与总分 {ctx.form.total.score} "
                           f"所在等级「{expected}」不符")


register("JX108", Severity.ERROR, "评分等级与总分不符",
         "评分等级应为所印总分所在的等级区间（如 优 ≥ 90、良 ≥ 80、中 ≥ 60）",
         "财预〔2020〕10号；domain-rules §1.7、§4 E15")(check_grade)


def check_negative_amount(ctx: CheckContext) -> Iterator[Hit]:
    """A 项目资金 amount below zero."""
    for index, (row, cells) in enumerate(zip(ctx.form.funds.rows, ctx.funds_values,
                                             strict=True)):
        for column, (field, caption) in enumerate(_COLUMNS):
            amount = cells[column]
            if amount is not None and amount < ZERO:
                yield Hit(f"funds.rows[{index}].{field}",
                          f"资金{caption}：{_row_name(row)} {getattr(row, field)} 为负数")


register("JX109", Severity.ERROR, "资金数为负数",
         "年初预算数、全年预算数与全年执行数是安排和支出的金额，不能小于 0（负数多为录入错误）",
         "财预〔2020〕10号 附件自评表资金栏")(check_negative_amount)
