"""Structure checks (JX2xx): the form has its parts, its rows sit where they belong, once."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from jixiao.core.findings import Severity
from jixiao.core.money import ZERO
from jixiao.core.values import normalize_text
from jixiao.rules.checks.registry import (
    CheckContext,
    Hit,
    fmt,
    per_profile,
    quoted,
    register,
    register_rows,
    row_label,
)
from jixiao.rules.profile import Level1

_HEADER_FIELDS = (("project_name", "项目名称"), ("department", "主管部门"),
                  ("implementing_unit", "实施单位"), ("year", "年度"))
DEFAULT_GOAL_PLACEHOLDERS = ("100字以内", "200字以内", "说明相关任务目标", "对照年度目标",
                             "请填写", "填报说明")


def check_header(ctx: CheckContext) -> Iterator[Hit]:
    """A missing 项目名称 / 主管部门 / 实施单位 / 年度."""
    for field, caption in _HEADER_FIELDS:
        value = getattr(ctx.form, field)
        if value is None or (isinstance(value, str) and not value.strip()):
            yield Hit(field, f"表头缺少{caption}")


register("JX201", Severity.WARNING, "表头信息缺失",
         "项目名称、主管部门、实施单位和年度是自评表的必填表头",
         "财预〔2020〕10号 附件 自评表样式；domain-rules §1.1")(check_header)


def check_level1_names(ctx: CheckContext) -> Iterator[Hit]:
    """An 一级 name the profile's structure does not know (reported once per name)."""
    seen: set[str] = set()
    for i, level1 in enumerate(ctx.level1s):
        if level1 is not None:
            continue
        key = ctx.level_keys[i][0]
        if not key or key in seen:
            continue
        seen.add(key)
        l1 = ctx.levels[i][0]
        known = "、".join(lv.name for lv in ctx.profile.structure)
        yield Hit(f"indicators[{i}].level1",
                  f"{row_label(ctx.form.indicators[i], i)}的一级指标「{l1}」不在规则结构中"
                  f"（应为 {known}）")


register("JX202", Severity.WARNING, "一级指标名称不在规则结构中",
         "一级指标应为规则结构中的名称（产出、效益、满意度等）",
         "财预〔2020〕10号 指标体系；domain-rules §1.1")(check_level1_names)


def check_level2_names(ctx: CheckContext) -> Iterator[Hit]:
    """A 二级 unknown to the profile, or under the wrong 一级 (once per pair)."""
    seen: set[tuple[str, str]] = set()
    level1s = ctx.level1s
    previous: tuple[Level1 | None, str | None] = (None, None)
    for i, (l1, l2) in enumerate(ctx.levels):
        level1 = level1s[i]
        if level1 is None or not l2 or (level1 is previous[0] and l2 == previous[1]):
            continue  # the row above answered for this very pair
        previous = (level1, l2)
        pair = ctx.level_keys[i]
        if level1.accepts(l2) or pair in seen:
            continue
        seen.add(pair)
        owner = next((lv for lv in ctx.profile.structure if lv.accepts(l2)), None)
        if owner is not None:
            text = f"二级指标「{l2}」应属于「{owner.name}」，却列在「{l1}」下"
        else:
            text = f"二级指标「{l2}」不在「{level1.name}」的规则结构中"
        yield Hit(f"indicators[{i}].level2", f"{row_label(ctx.form.indicators[i], i)}的{text}")


register("JX203", Severity.WARNING, "二级指标名称未知或归属错误",
         "二级指标应属于其一级指标（如 数量指标 属于 产出指标）",
         "财预〔2020〕10号 指标体系；domain-rules §1.1")(check_level2_names)


def check_level1_present(ctx: CheckContext) -> Iterator[Hit]:
    """A 一级 the profile requires is absent from the form."""
    if not ctx.form.indicators:
        yield Hit("indicators", "自评表没有任何绩效指标")
        return
    level1s = ctx.level1s
    for level1 in ctx.profile.structure:  # the rows hold the profile's own objects: found by
        if not level1.required:           # identity, before any field is compared
            continue
        for row in level1s:
            if row is level1:
                break
        else:
            if level1 not in set(level1s):
                yield Hit("indicators", f"缺少一级指标「{level1.name}」")


register("JX204", Severity.WARNING, "缺少一级指标",
         "自评表应包含规则要求的每个一级指标（产出、效益、满意度）",
         "财预〔2020〕10号；domain-rules §1.3、§4 E16/E17")(check_level1_present)


# An empty (or placeholder `*`, `/`) target on a scored row.
register_rows("JX205", Severity.ERROR, "年度指标值为空",
              "计分指标必须填写年度指标值，否则无法评分",
              "domain-rules §4 E16（V3 必录项；P1）",
              rows="empty_targets", field="target",
              says=lambda ctx, i, ind: f"年度指标值为空{_shown(ind.target)}")


register_rows("JX206", Severity.ERROR, "实际完成值为空",
              "计分指标必须填写实际完成值，否则得分没有依据",
              "domain-rules §4 E16（V3 必录项）",
              rows="empty_actuals", field="actual",
              says=lambda ctx, i, ind: f"实际完成值为空{_shown(ind.actual)}")


def _shown(text: str | None) -> str:
    return f"（填写为{quoted(text)}）" if text and text.strip() else ""


def check_weight_score_present(ctx: CheckContext) -> Iterator[Hit]:
    """A missing 分值 or 得分 on the execution item, an indicator row or the 总分 row."""
    weight = ctx.figures.funds_weight
    if weight is None:
        yield Hit("funds.weight", "执行率分值缺失")
    elif ctx.figures.funds_score is None and weight > 0:
        yield Hit("funds.score", "执行率得分缺失")
    per_indicator = ctx.profile.weights.per_indicator
    for i in ctx.facts.weight_score_gaps:
        ind = ctx.form.indicators[i]
        if ctx.weights[i] is not None:  # a 分值 > 0 without its 得分
            yield Hit(f"indicators[{i}].score", f"{row_label(ind, i)}得分缺失")
        elif per_indicator:
            yield Hit(f"indicators[{i}].weight", f"{row_label(ind, i)}分值缺失")
    if ctx.form.indicators and ctx.figures.total_score is None:
        printed = ctx.form.total.weight
        tail = f"（总分行只有分值合计 {printed}）" if printed else ""
        yield Hit("total.score", f"总分缺失{tail}")


register("JX207", Severity.ERROR, "分值或得分缺失",
         "每个指标都应印有分值和得分，总分才能核对",
         "domain-rules §4 E16（V3 必录项）")(check_weight_score_present)


register_rows("JX208", Severity.WARNING, "适用指标分值为零",
              "分值为 0 的指标只能是不适用/不涉及的指标",
              "domain-rules §4 E14（V3 isCheckWeightGtZero）",
              rows="zero_weight", field="weight",
              says=lambda ctx, i, ind: f"分值为 {ind.weight}，但并非不适用指标")


def check_goals(ctx: CheckContext) -> Iterator[Hit]:
    """An empty 预期目标 / 实际完成情况, or one that still holds the template's instruction."""
    placeholders = ctx.words_pattern("goal_placeholders", DEFAULT_GOAL_PLACEHOLDERS)
    for field, caption in (("expected", "预期目标"), ("actual", "实际完成情况")):
        text = getattr(ctx.form.goals, field)
        folded = normalize_text(text or "")
        if not folded:
            yield Hit(f"goals.{field}", f"年度总体目标的{caption}为空")
        elif placeholders.search(folded):
            yield Hit(f"goals.{field}", f"年度总体目标的{caption}是模板说明文字：{quoted(text)}")


register("JX209", Severity.WARNING, "年度总体目标为空或为模板说明",
         "预期目标和实际完成情况应如实填写，不能留空或保留模板提示文字",
         "财预〔2020〕10号 附件 自评表样式；domain-rules §1.1")(check_goals)


def _name_key(text: str | None) -> str:
    return normalize_text(text or "")


def check_duplicate_rows(ctx: CheckContext) -> Iterator[Hit]:
    """The same 三级 name with the same target on two rows."""
    first: dict[tuple[str, str], int] = {}
    for i in ctx.facts.repeated_names:  # rows of a name printed twice, not 不适用
        ind = ctx.form.indicators[i]
        key = (ctx.names[i], _name_key(ind.target))
        if key in first:
            yield Hit(f"indicators[{i}].name",
                      f"{row_label(ind, i)}（第{i + 1}行）与第{first[key] + 1}行重复："
                      f"名称和年度指标值{quoted(ind.target)}相同")
        else:
            first[key] = i


register("JX210", Severity.WARNING, "指标重复（名称与指标值相同）",
         "同一指标（名称和年度指标值都相同）出现两次，分值被重复计算",
         "domain-rules §4 E21",
         rows="repeated_names")(check_duplicate_rows)


def check_duplicate_names(ctx: CheckContext) -> Iterator[Hit]:
    """The same 三级 name twice with different targets."""
    first: dict[str, int] = {}
    for i in ctx.facts.repeated_names:  # rows of a name printed twice, not 不适用
        key = ctx.names[i]
        if key not in first:
            first[key] = i
            continue
        earlier, ind = ctx.form.indicators[first[key]], ctx.form.indicators[i]
        if _name_key(earlier.target) != _name_key(ind.target):
            yield Hit(f"indicators[{i}].name",
                      f"{row_label(ind, i)}（第{i + 1}行）与第{first[key] + 1}行同名，"
                      f"年度指标值不同：{quoted(earlier.target)} / {quoted(ind.target)}")


register("JX211", Severity.WARNING, "指标名称重复",
         "同一三级指标名称出现两次而指标值不同，应合并或改名",
         "domain-rules §4 E21",
         rows="repeated_names")(check_duplicate_names)


def check_split_groups(ctx: CheckContext) -> Iterator[Hit]:
    """A 一级 block (or 一级/二级 block) that reappears after another block."""
    closed1: set[str] = set()
    closed2: set[tuple[str, str]] = set()
    prev: tuple[str, str] | None = None
    for i, pair in enumerate(ctx.level_keys):
        if prev is not None and pair != prev:
            closed2.add(prev)
            if pair[0] != prev[0]:
                closed1.add(prev[0])
            l1, l2 = ctx.levels[i]
            if pair[0] != prev[0] and pair[0] in closed1:
                yield Hit(f"indicators[{i}].level1",
                          f"一级指标「{l1}」在第{i + 1}行再次出现，分组被其他指标隔开")
            elif pair in closed2:
                yield Hit(f"indicators[{i}].level2",
                          f"二级指标「{l1}/{l2}」在第{i + 1}行再次出现，分组被其他指标隔开")
        prev = pair


register("JX212", Severity.WARNING, "指标分组被拆开重复出现",
         "同一一级/二级指标的行应连续排列，分组拆开后重复出现易致漏算或重算",
         "财预〔2020〕10号 附件 自评表样式；domain-rules §1.1")(check_split_groups)


def check_level1_weights(ctx: CheckContext) -> Iterator[Hit]:
    """Σ 分值 per 一级 differs from the profile's default weights."""
    if not ctx.profile.weights.per_indicator or not ctx.form.indicators \
            or ctx.facts.weight_total is None:  # a 分值 that is not a number
        return
    sums: dict[str, Decimal] = {}
    names: dict[str, str] = {}
    weights = ctx.weights
    previous: Level1 | None = None
    key = ""
    for i, level1 in enumerate(ctx.level1s):
        if level1 is None or level1 is not previous:  # a block's rows share their 一级
            key = level1.key if level1 else ctx.level_keys[i][0]
            names[key] = level1.name if level1 else (ctx.levels[i][0] or "（无一级指标）")
            previous = level1
        sums[key] = sums.get(key, ZERO) + weights[i]  # type: ignore[operator]
    has_satisfaction = "satisfaction" in sums
    defaults = _default_weights(ctx, has_satisfaction)
    for key in defaults:
        if key not in names:
            names[key] = _level1_name(ctx, key)
    parts = []
    for key in [*defaults, *(k for k in sums if k not in defaults)]:
        actual, default = sums.get(key, ZERO), defaults.get(key)
        if (default is None and actual != 0) or (default is not None and actual != default):
            shown = fmt(default) if default is not None else "无"
            parts.append(f"{names[key]} {fmt(actual)}（默认 {shown}）")
    if parts:
        yield Hit("indicators", "一级指标权重与规则默认值不同：" + "，".join(parts))


register("JX213", Severity.INFO, "一级指标权重与规则默认值不同",
         "原则上 产出 50、效益 30、满意度 10；不同权重应有说明",
         "财预〔2020〕10号；domain-rules §1.2、§4 E14")(check_level1_weights)


def _default_weights(ctx: CheckContext, has_satisfaction: bool) -> dict[str, Decimal]:
    """The profile's default 一级 weights (`Profile.level1_weights`); read, never changed."""
    return ctx.profile.level1_weights(has_satisfaction)


_default_weights = per_profile(_default_weights)


def _level1_name(ctx: CheckContext, key: str) -> str:
    level1 = ctx.profile.level1(key)
    return level1.name if level1 else key
