"""Meaning checks (JX3xx): targets that say the wrong thing, or nothing."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from jixiao.core.findings import Severity
from jixiao.core.model import Indicator
from jixiao.core.values import (
    Operator,
    Value,
    ValueKind,
    normalize_text,
    parse_value,
)
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

DEFAULT_RISK_WORDS = ("事故", "投诉", "差错", "故障", "违规", "违纪", "超支", "延误", "损失",
                      "发生率", "返工", "失误", "上访")
# Risk words inside a positive rate: 投诉处理率, 故障修复率, 事故处置率 are 正向.
DEFAULT_RISK_EXCEPTIONS = ("处理率", "办结率", "解决率", "整改率", "处置率", "回复率", "答复率",
                           "响应率", "修复率", "排除率", "结案率", "查处率", "化解率", "及时率",
                           "完成率", "下降", "降低", "减少")
DEFAULT_POSITIVE_WORDS = ("满意度", "满意率", "合格率", "覆盖率", "完成率", "知晓率", "达标率",
                          "到位率", "及时率", "准确率", "参与率", "使用率", "利用率", "出勤率",
                          "通过率", "普及率", "入学率", "就业率", "验收率")
DEFAULT_COST_WORDS = ("成本", "费用", "单价", "价格", "金额", "支出", "经费", "造价", "标准")
DEFAULT_MONEY_UNITS = ("元", "万元", "亿元", "千元", "元/人", "元/次", "元/人次", "万元/个")
_RATIO_UNITS = frozenset({"%", "‰", "1"})
_LOWER_OPERATORS = (Operator.GE, Operator.GT)
_TEXTUAL = (ValueKind.TEXT, ValueKind.TIER)
_AT_LEAST_OPERATORS = (Operator.GE, Operator.GT, Operator.EQ)
# Vague targets (JX310) rest on a rule, not on a list of targets seen on forms: a textual target
# is vague when it has no number, names no comparable standard, and says only that something will
# be done or made better — it is made of the words below alone, or it is a short phrase opening
# with a verb of intent (提升影响力). Source: the measurability principle of 财预〔2020〕10号
# (绩效指标应细化、量化，定性指标应可衡量) and the senses of these words in 《现代汉语词典》: verbs
# of change of degree ("使…比原来高/强/好": 提高, 增强, 改善 …) name a direction with no end
# point; activity verbs (开展, 宣传 …) name an activity with no quantity; manner adverbs (顺利,
# 有效, 进一步 …) grade nothing. None of them can be checked against an actual value.
DEFAULT_VAGUE_INTENT_WORDS = ("提高", "提升", "增强", "加强", "增进", "促进", "推进", "推动",
                              "改善", "改进", "完善", "优化", "健全", "规范", "深化", "扩大",
                              "巩固", "加快", "保障", "确保", "落实", "发展")
DEFAULT_VAGUE_ACTIVITY_WORDS = ("开展", "进行", "举办", "组织", "实施", "完成", "宣传", "交流",
                                "推广")
DEFAULT_VAGUE_MANNER_WORDS = ("顺利", "有效", "高效", "高质量", "显著", "明显", "积极", "进一步",
                              "持续", "不断", "稳步", "逐步", "大力", "切实", "全力", "努力",
                              "力争", "争取", "着力", "大幅")
# A comparable standard: a norm, an acceptance, a deadline or a completeness word makes a textual
# target checkable (按期完成, 符合标准, 通过验收, 年底前完成, 全部完成, 无事故).
DEFAULT_VAGUE_STANDARD_WORDS = ("标准", "规定", "要求", "合格", "达标", "验收", "通过", "按期",
                                "按时", "如期", "按计划", "按进度", "及时", "准时", "时限", "期限",
                                "节点", "年底", "年末", "月底", "年内", "当年", "季度", "全部",
                                "全面", "全覆盖", "符合", "满足", "以内", "之前", "以前", "无",
                                "零", "未发生", "不发生", "杜绝")
#: Grade words are a scale of their own (优/良/中/差), compared like tiers.
_GRADE_WORDS = frozenset({"优", "良", "中", "差", "好", "较好", "良好", "优秀", "优良", "一般"})
#: Words that join vague words without adding a measure (进一步加强和完善).
_VAGUE_JOINERS = ("并", "和", "与", "及", "地", "的", "得", "、")
#: A number in words: 两场, 三次, 十个 (digits are found by `_DIGIT`).
_NUMBER_IN_WORDS = re.compile(
    r"[一二两三四五六七八九十百千万]+[个次场项人家篇件名期批所台套份]|百分之")
_DIGIT = re.compile(r"[0-9]")
_TRAILING = "。．.;；,，!！"
#: A phrase opening with a verb of intent is vague up to this length (提升国际影响力).
_VAGUE_PHRASE_LIMIT = 10


def _has_word(text: str, words: tuple[str, ...]) -> bool:
    return any(w in text for w in words)


def _risky(ctx: CheckContext, name: str) -> bool:
    """A risk word (事故, 投诉 …) and no exception word in the name."""
    risk = ctx.words_pattern("risk_words", DEFAULT_RISK_WORDS)
    exceptions = ctx.words_pattern("risk_exceptions", DEFAULT_RISK_EXCEPTIONS)
    return risk.search(name) is not None and exceptions.search(name) is None


_risky = per_profile(_risky)


def _positive(ctx: CheckContext, name: str) -> bool:
    """A positive word not preceded by 不 / 未 (`不合格率` is not a positive rate)."""
    words = ctx.words_pattern("positive_words", DEFAULT_POSITIVE_WORDS, before="(?<![不未])")
    return words.search(name) is not None


_positive = per_profile(_positive)


def _is_cost_row(ctx: CheckContext, index: int, target: Value) -> bool:
    if target.unit not in ctx.words_param("money_units", DEFAULT_MONEY_UNITS):
        return False  # a cost row is counted in money, whatever its block or name says
    if "成本" in "".join(ctx.level_keys[index]):
        return True
    cost_words = ctx.words_pattern("cost_words", DEFAULT_COST_WORDS)
    return cost_words.search(ctx.names[index]) is not None


def _target_text(ind: Indicator) -> str:
    return f"年度指标值{quoted(ind.target)}"


def check_direction(ctx: CheckContext) -> Iterator[Hit]:
    """Risk words with ≥/>, positive rates with ≤/<, money costs with ≥/>."""
    targets, names = ctx.targets, ctx.names
    for i in ctx.facts.directed:  # numbers with ≥ > ≤ <
        target = targets[i]
        name = names[i]
        if target.operator in _LOWER_OPERATORS:
            if _risky(ctx, name):
                why = "事故类（风险类）指标应为 ≤ 或 =0"
            elif _is_cost_row(ctx, i, target):
                why = "成本指标应为 ≤"
            else:
                continue
        elif _positive(ctx, name) and not _risky(ctx, name):  # ≤ <
            why = "满意度、合格率类指标应为 ≥"
        else:
            continue
        ind = ctx.form.indicators[i]
        yield Hit(f"indicators[{i}].target",
                  f"{row_label(ind, i)}{_target_text(ind)}方向错误：{why}")


register("JX301", Severity.WARNING, "指标方向错误",
         "风险类指标（事故、投诉、差错…）应为 ≤ 或 =0；满意度、合格率类应为 ≥；成本指标应为 ≤",
         "domain-rules §4 E6（P1：成本指标不得为 ≥）",
         rows="directed")(check_direction)


_UPPER_IN_NAME = ("不多于", "不超过", "不高于", "不大于", "最多", "以内", "以下", "控制", "上限")
# A duration under 数量指标 (会期 ≤3天) is a legitimate cap, not an output count.
DEFAULT_DURATION_UNITS = ("天", "日", "工作日", "小时", "分钟", "周", "月", "个月", "年")


def check_count_reverse(ctx: CheckContext) -> Iterator[Hit]:
    """An output count under 数量指标 with ≤/<."""
    money = ctx.words_param("money_units", DEFAULT_MONEY_UNITS)
    targets = ctx.targets
    for i in ctx.facts.directed:  # numbers with ≥ > ≤ <
        target = targets[i]
        if ctx.level_keys[i][1] != "数量" or not target.operator.is_reverse:  # type: ignore[union-attr]
            continue
        durations = ctx.words_param("duration_units", DEFAULT_DURATION_UNITS)
        if target.unit is None or target.unit in _RATIO_UNITS or target.unit in money \
                or target.unit in durations:
            continue
        name = ctx.names[i]
        if _risky(ctx, name) or ctx.words_pattern("cost_words", DEFAULT_COST_WORDS).search(name) \
                or _has_word(name, _UPPER_IN_NAME):
            continue
        ind = ctx.form.indicators[i]
        yield Hit(f"indicators[{i}].target",
                  f"{row_label(ind, i)}{_target_text(ind)}是产出数量，却用了"
                  f"「{target.operator.value}」：数量指标应为 ≥")


register("JX302", Severity.WARNING, "数量指标使用 ≤",
         "数量指标计量的是产出，多做不应扣分；用 ≤ 会把超额产出当作未达标",
         "domain-rules §4 E5/E6；scoring-rules 含义检查")(check_count_reverse)


# `≥0`, `≥0%`, `≤100%` (and negative lower bounds).
register_rows("JX303", Severity.WARNING, "指标值恒能达成",
              "≥0、≥0%、≤100% 之类的指标值任何结果都达成，指标没有约束力",
              "domain-rules §4 E7",
              rows="unbounded", field="target",
              says=lambda ctx, i, ind: f"{_target_text(ind)}恒能达成，指标没有约束力")


register_rows("JX304", Severity.WARNING, "百分比指标值超过 100%",
              "比率类指标值不应超过 100%",
              "domain-rules §4 E8（P1）",
              rows="percent_over", field="target",
              says=lambda ctx, i, ind: f"{_target_text(ind)}超过 100%")


def _units_compatible(a: str | None, b: str | None) -> bool:
    if a is None or b is None or a == b:
        return True
    return a in _RATIO_UNITS and b in _RATIO_UNITS


register_rows("JX305", Severity.WARNING, "指标值与完成值单位不一致",
              "年度指标值和实际完成值应使用同一计量单位（如 % 与 次、万元 与 元 不能直接比较）",
              "domain-rules §4 E22",
              rows="unit_mismatch", field="actual",
              says=lambda ctx, i, ind: f"{_target_text(ind)}单位「{ctx.targets[i].unit}」"
                                       f"与实际完成值{quoted(ind.actual)}"
                                       f"单位「{ctx.actuals[i].unit}」不一致")


def check_type_mismatch(ctx: CheckContext) -> Iterator[Hit]:
    """A tier/text actual on a numeric target, a number on a textual target, or a tier
    label written as the target."""
    targets, actuals = ctx.targets, ctx.actuals
    for i in ctx.facts.kind_mismatch:  # a tier target, or a number against words
        target, actual = targets[i], actuals[i]
        if target.kind is ValueKind.TIER and not _is_vague(ctx, target):
            ind = ctx.form.indicators[i]
            yield Hit(f"indicators[{i}].target",
                      f"{row_label(ind, i)}{_target_text(ind)}写成了评价档次，应写明要达到的指标值")
        elif target.kind is ValueKind.QUANTITY and actual.kind in (ValueKind.TIER, ValueKind.TEXT):
            ind = ctx.form.indicators[i]
            head = f"{row_label(ind, i)}{_target_text(ind)}"
            yield Hit(f"indicators[{i}].actual", f"{head}是数值，实际完成值{quoted(ind.actual)}"
                                                 "却是文字或档次，无法按公式计分")
        elif target.kind is ValueKind.TEXT and actual.kind is ValueKind.QUANTITY:
            ind = ctx.form.indicators[i]
            head = f"{row_label(ind, i)}{_target_text(ind)}"
            unit = f"（单位「{actual.unit}」）" if actual.unit else ""
            yield Hit(f"indicators[{i}].actual", f"{head}是文字，实际完成值{quoted(ind.actual)}"
                                                 f"却是数值{unit}，单位与类型不一致")


register("JX306", Severity.WARNING, "指标值与完成值类型不一致",
         "定量指标应填数值，定性指标应填档次或文字；数值与文字混用无法比较",
         "domain-rules §4 E22（V3 数值校验）",
         rows="kind_mismatch")(check_type_mismatch)


# -- the name and the target -----------------------------------------------------------

_NUM = r"(\d+(?:\.\d+)?)"
_UNIT = r"(%|％|万元|人次|场次|户次|小时|课时|学时|平方米|公里|[\u4e00-\u9fff])?"
_LOWER_PREFIX = r"(?:不少于|不低于|不小于|至少|大于等于|(?<!不)(?:大于|超过|高于|多于))"
_UPPER_PREFIX = r"(?:不多于|不超过|不高于|不大于|最多|小于等于|控制在|(?<!不)(?:小于|少于|低于))"
_LOWER_RE = re.compile(rf"{_LOWER_PREFIX}{_NUM}{_UNIT}(?:及?以上)?|{_NUM}{_UNIT}及?以上")
_UPPER_RE = re.compile(rf"{_UPPER_PREFIX}{_NUM}{_UNIT}(?:及?以[下内])?|{_NUM}{_UNIT}及?以[下内]")
_ZERO_RE = re.compile(r"(?:无|零|杜绝|未发生|不发生)[^，,;；。]{0,12}?"
                      r"(?:发生|事故|事件|投诉|上访|差错|违规|故障)")

#: A character every match of the three patterns above holds (a digit, or the head of _ZERO_RE).
_BOUND_START = re.compile(r"[\d无零杜未不]")


@dataclass(frozen=True)
class _Bound:
    number: Decimal
    unit: str | None
    text: str


def _bounds(pattern: re.Pattern[str], name: str) -> tuple[_Bound, ...]:
    out: list[_Bound] = []
    for m in pattern.finditer(name):
        groups = [g for g in m.groups()]
        number = groups[0] if groups[0] is not None else groups[2]
        unit = groups[1] if groups[0] is not None else groups[3]
        out.append(_Bound(Decimal(number), (unit or None) and unit.replace("％", "%"), m.group()))
    return tuple(out)


def _name_bounds(name: str) -> tuple[tuple[_Bound, ...], tuple[_Bound, ...], str | None]:
    """The lower bounds, upper bounds and "无…发生" phrase a (normalised) name states."""
    if _BOUND_START.search(name) is None:
        return (), (), None  # most names: no number and no 无/零/杜绝/未发生/不发生
    zero = _ZERO_RE.search(name)
    return _bounds(_LOWER_RE, name), _bounds(_UPPER_RE, name), zero.group() if zero else None


_name_bounds = lru_cache(maxsize=8192)(_name_bounds)


def _name_vs_target(name: str, target: Value) -> str | None:
    """Why the target contradicts a bound stated in the name, or None."""
    op, number = target.operator, target.number
    if op is None or number is None:
        return None
    lowers, uppers, zero = _name_bounds(name)
    if lowers and not uppers:
        strongest = max(lowers, key=lambda b: b.number)
        if op.is_reverse:
            return f"名称写「{strongest.text}」（下限），指标值却用了「{op.value}」"
        if _units_compatible(strongest.unit, target.unit) and number < strongest.number:
            return f"名称写「{strongest.text}」，指标值 {fmt(number)} 低于名称所述下限"
    if uppers and not lowers:
        if op in (Operator.GE, Operator.GT):
            return f"名称写「{uppers[0].text}」（上限），指标值却用了「{op.value}」"
        if len(uppers) == 1 and _units_compatible(uppers[0].unit, target.unit) \
                and number > uppers[0].number:
            return f"名称写「{uppers[0].text}」，指标值 {fmt(number)} 高于名称所述上限"
    if zero and not lowers and not uppers:
        allows = op in (Operator.GE, Operator.GT) or \
            (op in (Operator.LE, Operator.EQ) and number > 0) or (op is Operator.LT and number > 1)
        if allows:
            return f"名称写「{zero}」（应为 0），指标值却容许发生"
    return None


def check_name_vs_target(ctx: CheckContext) -> Iterator[Hit]:
    """A name stating "不多于 10人" over `≥20.00(人)`, "无…发生" over `小于5次`, …"""
    targets, names = ctx.targets, ctx.names
    for i in ctx.facts.compared:  # numbers with an operator
        if _BOUND_START.search(names[i]) is None:
            continue  # most names: no number and no 无/零/杜绝/未发生/不发生
        why = _name_vs_target(names[i], targets[i])
        if why:
            ind = ctx.form.indicators[i]
            yield Hit(f"indicators[{i}].target",
                      f"{row_label(ind, i)}{_target_text(ind)}与名称矛盾：{why}")


register("JX307", Severity.WARNING, "指标名称与指标值矛盾",
         "名称中写明的数量界限（不少于、不多于、无…发生）应与年度指标值一致",
         "scoring-rules 含义检查；domain-rules §4 E6",
         rows="compared")(check_name_vs_target)


def check_name_is_value(ctx: CheckContext) -> Iterator[Hit]:
    """A name that parses as a bare value or unit ("2场", "3次", "人")."""
    for i in ctx.facts.value_like_names:  # `may_be_quantity_or_unit`
        ind = ctx.form.indicators[i]
        if _name_is_value(ctx, ind.name):
            yield Hit(f"indicators[{i}].name",
                      f"指标名称「{ind.name}」只是一个数值，没有说明考核内容")


register("JX308", Severity.WARNING, "指标名称只是一个数值",
         "三级指标名称应说明考核什么（如「举办培训场次」），不能只写「2场」",
         "scoring-rules 含义检查",
         rows="value_like_names")(check_name_is_value)


def _name_is_value(ctx: CheckContext, name: str | None) -> bool:
    """A name that reads as a value: a bare unit or a plain quantity (names repeat in a batch)."""
    value = parse_value(name, ctx.vocabulary)
    return value.kind is ValueKind.UNIT_ONLY or (
        value.kind is ValueKind.QUANTITY and value.qualifier is None)


_name_is_value = per_profile(_name_is_value)


register_rows("JX309", Severity.ERROR, "年度指标值只有单位",
              "年度指标值应写明数值或标准，只写单位（如「人」）无法考核",
              "scoring-rules 含义检查；domain-rules §4 E16",
              rows="unit_only_targets", field="target",
              says=lambda ctx, i, ind: f"{_target_text(ind)}只有单位，没有数值或标准")


def _vague_words(ctx: CheckContext) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(every vague word, longest first; the verbs of intent) from the profile's parameters."""
    intent = ctx.words_param("vague_intent_words", DEFAULT_VAGUE_INTENT_WORDS)
    words = (*intent, *ctx.words_param("vague_activity_words", DEFAULT_VAGUE_ACTIVITY_WORDS),
             *ctx.words_param("vague_manner_words", DEFAULT_VAGUE_MANNER_WORDS))
    return tuple(sorted(set(words), key=len, reverse=True)), intent


def is_vague_text(text: str, words: tuple[str, ...], intent: tuple[str, ...],
                  standard: re.Pattern[str]) -> bool:
    """The rule of JX310 on one printed target: no number, no comparable standard, and only
    vague words (or a short phrase opening with a verb of intent)."""
    folded = normalize_text(text).rstrip(_TRAILING)
    if not folded or folded in _GRADE_WORDS:
        return False
    if _DIGIT.search(folded) or _NUMBER_IN_WORDS.search(folded) or standard.search(folded):
        return False
    if _only_words(words).fullmatch(folded):
        return True
    head = folded
    while (manner := next((w for w in words if head.startswith(w) and w not in intent),
                          None)) is not None:  # leading manner words: 进一步提升…, 有效提高…
        head = head[len(manner):]
    return len(folded) <= _VAGUE_PHRASE_LIMIT and head.startswith(intent)


def _only_words(words: tuple[str, ...]) -> re.Pattern[str]:
    """Texts made of these words and the joiners alone, however they split: the words overlap
    (全力争取 is 全力 + 争取, though 力争 is a word too), so removing them one after another
    would answer by the order of removal."""
    alternatives = sorted({*words, *_VAGUE_JOINERS}, key=len, reverse=True)
    return re.compile("(?:" + "|".join(map(re.escape, alternatives)) + ")+")


_only_words = lru_cache(maxsize=16)(_only_words)


def _is_vague(ctx: CheckContext, target: Value) -> bool:
    """A textual target (or a tier synonym such as 完成) that says nothing measurable."""
    return target.kind in _TEXTUAL and _vague_raw(ctx, target.raw)


def _vague_raw(ctx: CheckContext, raw: str) -> bool:
    words, intent = _vague_words(ctx)
    standard = ctx.words_pattern("vague_standard_words", DEFAULT_VAGUE_STANDARD_WORDS)
    return is_vague_text(raw, words, intent, standard)


_vague_raw = per_profile(_vague_raw)


def check_vague_target(ctx: CheckContext) -> Iterator[Hit]:
    """A textual target with no number, no comparable standard and only words of intent,
    activity or manner (提升, 宣传, 顺利进行, 高质量, 提升影响力 …)."""
    targets = ctx.targets
    for i in ctx.facts.textual_scored:
        if _vague_raw(ctx, targets[i].raw):
            ind = ctx.form.indicators[i]
            yield Hit(f"indicators[{i}].target",
                      f"{row_label(ind, i)}{_target_text(ind)}用词笼统，无法衡量完成程度")


register("JX310", Severity.INFO, "年度指标值用词笼统",
         "没有数值、没有可比照的标准，只说「提升」「加强」「顺利进行」的指标值无法衡量，"
         "宜改为可量化的数值或明确的标准",
         "scoring-rules 含义检查；财预〔2020〕10号（绩效指标应细化、量化）",
         rows="textual_scored")(check_vague_target)


def check_overcompletion(ctx: CheckContext) -> Iterator[Hit]:
    """A ≥ ratio × T on ≥/>/= with T > 0 and no substantive 偏差原因."""
    ratio = _overcompletion_ratio(ctx)
    facts = ctx.facts
    for i in facts.overcompleted:  # actual ≥ ratio × target > 0 on ≥ > =
        target, actual = ctx.targets[i], ctx.actuals[i]
        if not _units_compatible(target.unit, actual.unit) or facts.substantive(i):
            continue
        ind = ctx.form.indicators[i]
        times = actual.number / target.number  # type: ignore[operator]  # numbers, both
        yield Hit(f"indicators[{i}].actual",
                  f"{row_label(ind, i)}实际完成值{quoted(ind.actual)}达到{_target_text(ind)}的 "
                  f"{fmt(times)} 倍（≥ {ratio}），指标值可能设定偏低，未说明原因")


register("JX311", Severity.WARNING, "超额完成未说明",
         "实际完成值远超指标值（默认 ≥ 1.2 倍）说明指标值可能设定偏低，应说明原因",
         "财预〔2020〕10号（完成值高于指标值较多的要分析原因）；domain-rules §1.5、§4 E13",
         rows="overcompleted",
         )(check_overcompletion)


def _overcompletion_ratio(ctx: CheckContext) -> Decimal:
    return ctx.profile.quantitative.overcompletion_ratio


# 不适用 / 不涉及 in the name or the target.
register_rows("JX312", Severity.WARNING, "不适用指标却有分值",
              "不适用/不涉及的指标分值应为 0（或按规则重新分配），否则分值被虚计",
              "domain-rules §1.8（上海 2024 样表：不适用行分值为 0）",
              rows="weighted_na", field="weight",
              says=lambda ctx, i, ind: f"标明不适用，分值却为 {ind.weight}")


_COUNT_IN_NAME = re.compile(r"[0-9]+(?:\.[0-9]+)?(?:人次|人|户|家|个|名|所|项|场|次|套|件|台)")


def check_cost_is_money(ctx: CheckContext) -> Iterator[Hit]:
    """A row under 成本指标 whose target is a ratio (`%`) or whose name is a rate (…率)."""
    targets, names = ctx.targets, ctx.names
    rates = [i for i in ctx.facts.cost_block_scored
             if targets[i].unit in _RATIO_UNITS or names[i].endswith("率")]
    return row_hits(ctx, rates, "target",
                    lambda i, ind: f"列在成本指标下，年度指标值{quoted(ind.target)}"
                                   "却是比率，不是成本金额")


register("JX313", Severity.WARNING, "成本指标不是成本",
         "成本指标应以金额衡量（单位成本、总成本），比率或达标率应归入质量指标",
         "财预〔2021〕101号 成本指标；domain-rules §1.11、§4 E25",
         rows="cost_block_scored")(check_cost_is_money)


def check_counts_named_but_percent(ctx: CheckContext) -> Iterator[Hit]:
    """A name that lists two or more counts (`50人；6户`) over a percentage target."""
    for i in ctx.facts.percent_targets:
        counts = _COUNT_IN_NAME.findall(ctx.names[i])
        if len(counts) >= 2:
            ind = ctx.form.indicators[i]
            yield Hit(f"indicators[{i}].target",
                      f"{row_label(ind, i)}名称列出了 {len(counts)} 项数量"
                      f"（{'、'.join(counts[:3])}…），年度指标值却只写{quoted(ind.target)}")


register("JX314", Severity.WARNING, "名称列举数量而指标值为百分比",
         "名称列出了具体人数、户数等数量时，年度指标值应是这些数量，而不是笼统的完成百分比",
         "scoring-rules 含义检查（指标值与名称不一致）",
         rows="percent_targets")(check_counts_named_but_percent)
