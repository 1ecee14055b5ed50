"""Plausibility checks (JX5xx): signals of an inflated self-evaluation (自评虚高)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from difflib import SequenceMatcher
from functools import lru_cache

from jixiao.core.findings import Severity
from jixiao.core.values import Operator, normalize_text
from jixiao.rules.checks.registry import CheckContext, Hit, fmt, register, row_label

DEFAULT_MIN_ROWS = 3
DEFAULT_COPY_SIMILARITY = "0.9"
DEFAULT_HIGH_TOTAL = "95"
DEFAULT_LOW_RATE = "90"
_AT_THRESHOLD = frozenset({Operator.GE, Operator.EQ})
_PUNCT = re.compile(r"[\s。．.，,；;：:、!！?？\"“”'‘’（）()]+")


def _quantity_rows(ctx: CheckContext) -> tuple[int, ...]:
    """Scored rows whose target and actual are both numbers."""
    return ctx.quantity_rows


def check_all_equal(ctx: CheckContext) -> Iterator[Hit]:
    """Every quantitative actual equals its target (at least 3 rows by default)."""
    rows = _quantity_rows(ctx)
    if len(rows) < int(ctx.param("min_rows", DEFAULT_MIN_ROWS)):
        return
    if all(ctx.actuals[i].number == ctx.targets[i].number for i in rows):
        yield Hit("indicators", f"全部 {len(rows)} 个定量指标的实际完成值都恰好等于年度指标值")


register("JX501", Severity.INFO, "实际完成值全部恰好等于指标值",
         "每个定量指标的完成值都恰好等于指标值，完成值可能是照抄指标值",
         "domain-rules §4 E19-3（自评虚高信号）")(check_all_equal)


def _is_satisfaction(ctx: CheckContext, index: int) -> bool:
    level1 = ctx.level1_of(index)
    return (level1 is not None and level1.key == "satisfaction") or "满意" in ctx.names[index]


def check_satisfaction_at_threshold(ctx: CheckContext) -> Iterator[Hit]:
    """A satisfaction actual exactly at its ≥ threshold."""
    for i in _quantity_rows(ctx):
        target, actual = ctx.targets[i], ctx.actuals[i]
        if actual.number != target.number or target.operator not in _AT_THRESHOLD:
            continue  # the cheap tests first: most actuals miss their target
        if _is_satisfaction(ctx, i):
            ind = ctx.form.indicators[i]
            yield Hit(f"indicators[{i}].actual",
                      f"{row_label(ind, i)}实际完成值 {ind.actual} 恰好等于目标门槛 {ind.target}")


register("JX502", Severity.INFO, "满意度恰好等于目标值",
         "满意度调查结果恰好落在目标门槛上，应核对调查记录",
         "domain-rules §4 E18/E19（自评虚高信号；上海 2024 样表）",
         rows="quantity_rows")(check_satisfaction_at_threshold)


def check_qualitative_full_marks(ctx: CheckContext) -> Iterator[Hit]:
    """Every scored qualitative row (tier actual) at full marks (at least 3 rows by default)."""
    facts = ctx.facts
    rows = facts.tier_scored
    if len(rows) < int(ctx.param("min_rows", DEFAULT_MIN_ROWS)):
        return
    if any(i not in facts.full_marks for i in rows):  # 得分 = 分值 > 0 on each
        return
    yield Hit("indicators", f"全部 {len(rows)} 个定性指标都评为达成并得满分")


register("JX503", Severity.INFO, "定性指标全部满分",
         "所有定性指标都评为达成且得满分，缺少区分度",
         "domain-rules §4 E19-2（自评虚高信号）")(check_qualitative_full_marks)


def similarity(a: str, b: str) -> Decimal:
    """2 × matching characters / total characters (difflib's ratio, in Decimal)."""
    blocks = SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()
    matched = sum(block.size for block in blocks)
    return Decimal(2 * matched) / Decimal(len(a) + len(b))


similarity = lru_cache(maxsize=1024)(similarity)


def _similar(a: str, b: str, threshold: Decimal) -> bool:
    """similarity(a, b) ≥ threshold, skipping the full match when cheap upper bounds fail."""
    total = Decimal(len(a) + len(b))
    if Decimal(2 * min(len(a), len(b))) / total < threshold:
        return False
    shared = sum((Counter(a) & Counter(b)).values())
    if Decimal(2 * shared) / total < threshold:
        return False
    return similarity(a, b) >= threshold


_similar = lru_cache(maxsize=1024)(_similar)


def _fold(text: str | None) -> str:
    return _PUNCT.sub("", normalize_text(text or ""))


_fold = lru_cache(maxsize=4096)(_fold)


def check_goals_copied(ctx: CheckContext) -> Iterator[Hit]:
    """goals.actual identical or nearly identical to goals.expected."""
    expected, actual = _fold(ctx.form.goals.expected), _fold(ctx.form.goals.actual)
    if not expected or not actual:
        return
    threshold = ctx.decimal_param("copy_similarity", DEFAULT_COPY_SIMILARITY)
    if expected == actual or _similar(expected, actual, threshold):
        yield Hit("goals.actual", "实际完成情况与预期目标" +
                  ("完全相同" if expected == actual else "几乎相同") + "，未写明实际完成了什么")


register("JX504", Severity.WARNING, "实际完成情况照抄预期目标",
         "年度总体目标的实际完成情况应写实际做了什么，不能照抄预期目标",
         "domain-rules §4 E19-4（自评虚高信号）")(check_goals_copied)


def check_high_total_low_rate(ctx: CheckContext) -> Iterator[Hit]:
    """总分 ≥ 95 while 执行率 < 90%."""
    total = ctx.figures.total_score
    rate = ctx.scorecard.execution_rate.value
    if rate is None:
        rate = ctx.figures.funds_rate
    if total is None or rate is None:
        return
    high = ctx.decimal_param("high_total", DEFAULT_HIGH_TOTAL)
    low = ctx.decimal_param("low_rate", DEFAULT_LOW_RATE)
    if total >= high and rate < low:
        yield Hit("total.score", f"总分 {ctx.form.total.score} 不低于 {fmt(high)}，"
                                 f"而预算执行率仅 {fmt(rate)}%")


register("JX505", Severity.WARNING, "执行率低而总分很高",
         "预算执行率不足 90% 而总分 95 分以上，自评可能偏高",
         "domain-rules §4 E19-1（自评虚高信号）")(check_high_total_low_rate)
