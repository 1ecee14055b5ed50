"""Reason checks (JX4xx): every deduction and every shortfall is explained, and only those."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from decimal import Decimal

from jixiao.core.findings import Severity
from jixiao.core.scorecard import RowScore
from jixiao.core.values import normalize_text
from jixiao.rules.checks.registry import (
    CheckContext,
    Hit,
    fmt,
    per_profile,
    quoted,
    register,
    register_rows,
    row_hits,
    row_label,
)

DEFAULT_EXPLAIN_BELOW = "90"
# Words that give a cause for unspent money; 因 alone is too common (因公牺牲), so it counts
# only in a sentence about money.
DEFAULT_EXPLANATION_WORDS = ("原因", "由于", "因为", "结余", "节余", "节约", "延期",
                             "延迟", "推迟", "未支付", "尚未支付", "未结算", "尚未结算", "待支付",
                             "待结算", "未拨付", "跨年", "暂缓", "未执行", "调减", "压减", "取消",
                             "未到位", "未使用", "剩余", "质保金", "尾款")
DEFAULT_MONEY_WORDS = ("执行", "资金", "经费", "预算", "支出", "支付", "结算", "结余", "款",
                       "费用", "采购", "合同", "拨付")
_WEAK_CAUSE = re.compile(r"因(?![公病素此而])|受[^，。；,;]{1,12}影响")
_SENTENCE = re.compile(r"[。；;！!？?\n]+")
DEFAULT_CHANGE_WORDS = ("修改为", "调整为", "变更为", "更改为", "改为", "修改成", "调整成")
# An improvement measure ("建议下年度将指标值调整为…") is not a change made at self-evaluation,
# unless the note says the row was assessed on the changed indicator (以此…考核).
DEFAULT_FUTURE_WORDS = ("建议", "下年", "下一年", "明年", "今后", "以后", "将来", "后续")
DEFAULT_APPLIED_WORDS = ("以此", "进行考核", "进行自评", "实际完成值为", "实际值为")


def _short(text: str | None, limit: int = 24) -> str:
    """The note as printed (whitespace dropped, punctuation kept), cut at `limit` characters."""
    compacted = "".join((text or "").split())
    return compacted if len(compacted) <= limit else compacted[:limit] + "…"


def check_missing_reason(ctx: CheckContext) -> Iterator[Hit]:
    """得分 < 分值 with an empty or boilerplate note."""
    facts = ctx.facts
    indicators, row_scores = ctx.form.indicators, facts.row_scores
    for i in facts.docked:  # 得分 < 分值, not 不适用
        ind = indicators[i]
        if ind.note and facts.substantive(i):  # no note says nothing: not asked
            continue
        said = f"偏差原因{quoted(ind.note)}只是套话" if (ind.note or "").strip() \
            else "未填写偏差原因"
        yield Hit(f"indicators[{i}].note",
                  f"{row_label(ind, i)}得分 {ind.score} 低于分值 {ind.weight}"
                  f"{_computed_tail(row_scores.get(i))}，{said}")


register("JX401", Severity.ERROR, "扣分未说明偏差原因",
         "得分低于分值时必须填写偏差原因分析及改进措施，「无」「/」「已完成」之类不算说明",
         "财预〔2020〕10号；domain-rules §1.9、§4 E11（V3 保存校验；P1）",
         rows="docked")(check_missing_reason)


def _computed_tail(row: RowScore | None) -> str:
    if row is None or row.computed.value is None:
        return ""
    return f"（计算得分 {fmt(row.computed.value)}）"


def _execution_rate(ctx: CheckContext) -> Decimal | None:
    computed = ctx.scorecard.execution_rate.value
    return computed if computed is not None else ctx.figures.funds_rate


def _free_texts(ctx: CheckContext) -> list[str]:
    texts = [ctx.form.goals.actual or ""]
    texts += [ind.note or "" for ind in ctx.form.indicators]
    return [t for t in texts if t.strip()]


def explains_execution(ctx: CheckContext) -> str | None:
    """The first sentence of 实际完成情况 or a 偏差原因 that gives a cause for unspent money:
    a cause word (原因, 由于, 结余, 延期, 未支付 …) in a sentence about money or execution."""
    strong = ctx.words_pattern("explanation_words", DEFAULT_EXPLANATION_WORDS)
    money = ctx.words_pattern("explanation_money_words", DEFAULT_MONEY_WORDS)
    for text in _free_texts(ctx):
        for sentence in _SENTENCE.split(normalize_text(text)):
            if not money.search(sentence):
                continue
            if strong.search(sentence) or _WEAK_CAUSE.search(sentence):
                return sentence
    return None


def check_low_execution(ctx: CheckContext) -> Iterator[Hit]:
    """执行率 below the profile's `explain_below` (90 by default) with no explanation on the
    form. Error when the profile requires the explanation, warning otherwise."""
    rate = _execution_rate(ctx)
    required = ctx.profile.execution.explain_below
    threshold = required if required is not None else ctx.decimal_param(
        "explain_below", DEFAULT_EXPLAIN_BELOW)
    if rate is None or rate >= threshold or explains_execution(ctx) is not None:
        return
    severity = Severity.ERROR if required is not None else None
    yield Hit("funds.rate",
              f"预算执行率 {fmt(rate)}% 低于 {fmt(threshold)}%，表中没有说明资金未执行的原因",
              severity=severity,
              hint="在实际完成情况或偏差原因中写明未执行的原因（如结余、延期支付）")


register("JX402", Severity.WARNING, "执行率偏低未说明原因",
         "预算执行率低于阈值（默认 90%）时应说明资金未执行的原因；四川等地为必填",
         "四川 510000_0013zp（执行率未达 90% 须说明原因）；domain-rules §1.4、§1.9、§4 E24",
         )(check_low_execution)


def _says_changed(ctx: CheckContext, note: str | None) -> bool:
    """Whether a note says the indicator was changed and assessed as changed."""
    return _note_says_changed(ctx, normalize_text(note or ""))


_says_changed = per_profile(_says_changed)


def _note_says_changed(ctx: CheckContext, folded: str) -> bool:
    if not ctx.words_pattern("change_words", DEFAULT_CHANGE_WORDS).search(folded):
        return False
    if ctx.words_pattern("change_applied_words", DEFAULT_APPLIED_WORDS).search(folded):
        return True
    return not ctx.words_pattern("future_words", DEFAULT_FUTURE_WORDS).search(folded)


def check_reason_without_deviation(ctx: CheckContext) -> Iterator[Hit]:
    """A substantive note on a full-marks row that neither over-completes nor changes the
    indicator (those have their own checks)."""
    facts = ctx.facts
    indicators = ctx.form.indicators
    for i in facts.full_marks:  # 得分 = 分值 > 0, not 不适用
        ind = indicators[i]
        if not ind.note or not facts.substantive(i) or i in facts.overcompleted:
            continue  # no note says nothing: not asked
        if _says_changed(ctx, ind.note):
            continue
        yield Hit(f"indicators[{i}].note",
                  f"{row_label(ind, i)}得分等于分值 {ind.weight}，却填写了偏差原因"
                  f"「{_short(ind.note)}」")


register("JX403", Severity.INFO, "未扣分却填写偏差原因",
         "得分等于分值（也未超额完成）时填写偏差原因，说明与得分可能不一致",
         "domain-rules §4 E12",
         rows="full_marks")(check_reason_without_deviation)


register_rows("JX404", Severity.ERROR, "自评得分高于计算得分",
              "自评得分不应高于按规则公式计算的得分（自评虚高）",
              "财预〔2020〕10号 计分规则；domain-rules §1.5、§4 E4（V1/V3）",
              rows="inflated", field="score",
              says=lambda ctx, i, ind: f"自评得分 {ind.score} 高于计算得分 {_computed(ctx, i)}："
                                       f"{ctx.row_scores[i].computed.explanation.describe()}")


def _computed(ctx: CheckContext, index: int) -> str:
    """The engine's computed score of a row, as printed."""
    return fmt(ctx.row_scores[index].computed.value)


register_rows("JX405", Severity.ERROR, "定性得分超出档次区间",
              "定性指标得分应落在所填档次的区间内：达成 80–100%、部分达成 60–80%、未达成 0–60%",
              "财预〔2020〕10号 定性三档；domain-rules §1.6、§4 E10（V1/V3）",
              rows="out_of_band", field="score",
              says=lambda ctx, i, ind: f"实际完成值{quoted(ind.actual)}的得分区间为 "
                                       f"{_band(ctx.row_scores[i])}，自评得分 {ind.score} 超出区间")


def _band(row: RowScore) -> str:
    return f"[{fmt(row.band[0])}, {fmt(row.band[1])}]" if row.band else "档次区间"


def check_engine_unexplained(ctx: CheckContext) -> Iterator[Hit]:
    """The engine's UNEXPLAINED rows that JX401 does not already report."""
    facts, scores, weights = ctx.facts, ctx.scores, ctx.weights
    tolerance = ctx.tolerance
    rows = [i for i in facts.unexplained  # but those JX401 reports
            if scores[i] is None or weights[i] is None
            or not scores[i] < weights[i] - tolerance or facts.substantive(i)]  # type: ignore[operator]
    why = ("本规则不认可写明原因的扣分" if not ctx.profile.comparison.accept_noted_deductions
           else "偏差原因未被认可为扣分理由")
    return row_hits(ctx, rows, "score",
                    lambda i, ind: f"自评得分 {ind.score} 低于计算得分 {_computed(ctx, i)}，{why}"
                                   f"（偏差原因{quoted(_short(ind.note))}）")


register("JX406", Severity.ERROR, "扣分无说明（按规则计算）",
         "自评得分低于计算得分而偏差原因未被认可为说明（JX401 未涵盖的情形）",
         "财预〔2020〕10号；scoring-rules「Printed score vs computed score」",
         rows="unexplained")(check_engine_unexplained)


def check_changed_indicator(ctx: CheckContext) -> Iterator[Hit]:
    """A note saying the indicator or its value was changed at self-evaluation time."""
    indicators = ctx.form.indicators
    rows: Sequence[int] = ctx.facts.noted
    if len(rows) < len(indicators) and _says_changed(ctx, None):  # word lists matching ""
        rows = range(len(indicators))
    for i in rows:
        ind = indicators[i]
        if _says_changed(ctx, ind.note):
            yield Hit(f"indicators[{i}].note",
                      f"{row_label(ind, i)}的偏差原因称自评时修改了指标："
                      f"「{_short(ind.note, 30)}」")


register("JX407", Severity.ERROR, "自评时修改了指标",
         "自评应按批复的绩效指标进行；偏差原因称指标被修改，须有绩效目标调整的记录",
         "财预〔2020〕10号（单位自评指标是预算批复时确定的绩效指标）；domain-rules §1.10、§4 E20",
         )(check_changed_indicator)


# The engine's ACCEPTED rows (their notes are substantive, `rules.notes`), for the record.
register_rows("JX408", Severity.INFO, "扣分有说明（已认可）",
              "自评得分低于计算得分但写明了原因（如未留存满意度资料），按所印得分认可",
              "上海 2024 样表（未留存满意度资料扣分）；"
              "scoring-rules「Printed score vs computed score」",
              rows="accepted", field="score",
              says=lambda ctx, i, ind: f"自评得分 {ind.score}（计算得分 {_computed(ctx, i)}），"
                                       f"扣分说明「{_short(ind.note)}」")
