"""Forms kept as records (the web system): evaluate a stored form, compare it with its approved
targets (绩效目标), apply a finance re-score (复核), and say what an edit changed.

Pure functions over schema-1 dicts and core types: the web app stores, this module decides.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from jixiao.core.form_json import FormJSONError, form_from_dict, form_to_dict
from jixiao.core.model import Form, Indicator
from jixiao.core.money import fmt2, round2
from jixiao.readers.base import ReadResult
from jixiao.rules.engine import funds_row_rates, grade_total, score_form, total_score
from jixiao.rules.profile import Profile, ProfileError, load_profile
from jixiao.rules.targets import (
    TARGET_CHECKS,
    ApprovedIndicator,
    TargetChange,
    target_changes,
    target_findings,
)
from jixiao.services.evaluate import Evaluation, evaluate

__all__ = [
    "TARGET_CHECKS",
    "ApprovedIndicator",
    "FormDataError",
    "Rescore",
    "TargetChange",
    "apply_rescores",
    "blank_form",
    "evaluate_record",
    "field_changes",
    "parse_form",
    "parse_rescores",
    "profile_named",
    "target_changes",
    "target_findings",
]


class FormDataError(ValueError):
    """Form data from a person or a program that cannot be used; the message names the field."""


@lru_cache(maxsize=32)
def profile_named(name: str) -> Profile:
    """A shipped profile by name (loaded once per process: profiles are immutable data)."""
    try:
        return load_profile(name)
    except ProfileError as exc:
        raise FormDataError(str(exc)) from exc


def parse_form(data: Any) -> Form:
    """A schema-1 object as a Form; errors name the JSON path (`$.indicators[2].weight`)."""
    try:
        return form_from_dict(data)
    except FormJSONError as exc:
        raise FormDataError(f"表数据有误：{exc}") from exc


def blank_form(project_name: str, year: int | None, department: str | None,
               unit: str | None, profile: Profile) -> Form:
    """A new form with the profile's funds rows and execution weight filled in."""
    form = parse_form({
        "schema_version": "1", "kind": "project", "year": year, "project_name": project_name,
        "department": department, "implementing_unit": unit,
        "funds": {"unit": "万元", "weight": fmt2(profile.execution.weight),
                  "rate": None, "score": None,
                  "rows": [{"source": s, "initial": None, "annual": None, "executed": None,
                            "rate": None} for s in profile.form.funds_rows]},
        "goals": {"expected": None, "actual": None},
        "indicators": [],
        "total": {"weight": "100.00", "score": None},
        "grade": None,
    })
    return form


def evaluate_record(form: Form, profile: Profile,
                    approved: Sequence[ApprovedIndicator] | None = None,
                    reasons: Mapping[int, str] | None = None) -> Evaluation:
    """Score and check a stored form; a form made from approved targets is also compared
    with them (an imported form has none)."""
    ev = evaluate(ReadResult(form=form), profile)
    if approved is None:
        return ev
    extra = tuple(target_findings(form, approved, reasons))
    return replace(ev, findings=ev.findings + extra) if extra else ev


# ---------------------------------------------------------------- finance re-score (复核)


@dataclass(frozen=True)
class Rescore:
    """Finance's score for one indicator row, with the reason (复核意见)."""

    index: int
    score: Decimal
    reason: str


def parse_rescores(items: Any, form: Form) -> list[Rescore]:
    """`[{"index", "score", "reason"}]` checked against the form: the row exists, the score
    is a number within 0 … 分值, a reason is written."""
    if items is None:
        return []
    if not isinstance(items, list):
        raise FormDataError("rescores 应为数组：[{\"index\", \"score\", \"reason\"}]")
    out: list[Rescore] = []
    for n, item in enumerate(items):
        where = f"rescores[{n}]"
        if not isinstance(item, dict):
            raise FormDataError(f"{where} 应为对象")
        index = item.get("index")
        if not isinstance(index, int) or isinstance(index, bool) or not (
                0 <= index < len(form.indicators)):
            raise FormDataError(f"{where}.index：没有第 {index} 行指标")
        score = _decimal(item.get("score"), f"{where}.score")
        weight = form.indicators[index].weight_value
        if score < 0 or (weight is not None and score > weight):
            raise FormDataError(f"{where}.score：复核得分 {fmt2(score)} 应在 0 与分值 "
                                f"{fmt2(weight)} 之间（第{index + 1}行）")
        reason = item.get("reason")
        if not isinstance(reason, str) or not reason.strip():
            raise FormDataError(f"{where}.reason：复核改分必须写明理由（第{index + 1}行）")
        out.append(Rescore(index, round2(score), reason.strip()))
    return out


def _decimal(value: Any, where: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise FormDataError(f"{where}：应为数字字符串，如 \"8.50\"")
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise FormDataError(f"{where}：“{value}”不是数字") from None
    if not number.is_finite():
        raise FormDataError(f"{where}：“{value}”不是数字")
    return number


def apply_rescores(form: Form, rescores: Iterable[Rescore]) -> Form:
    """The form as finance scored it: each re-scored row's 得分 replaced and finance's reason
    added to its 偏差原因 (the reason explains the deduction, so the engine counts the
    reviewed score); the total and grade are left to the engine (the caller evaluates)."""
    by_index = {r.index: r for r in rescores}
    if not by_index:
        return form
    rows = tuple(_rescored(ind, by_index[i]) if i in by_index else ind
                 for i, ind in enumerate(form.indicators))
    return replace(form, indicators=rows)


def _rescored(indicator: Indicator, rescore: Rescore) -> Indicator:
    note = f"复核：{rescore.reason}"
    return replace(indicator, score=fmt2(rescore.score),
                   note=f"{indicator.note}；{note}" if indicator.note else note)


# ---------------------------------------------------------------- audit: what an edit changed


def field_changes(before: Mapping[str, Any] | None,
                  after: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Every leaf field that differs between two schema-1 dicts, as
    `{"field": "indicators[2].target", "before": …, "after": …}` in document order."""
    out: list[dict[str, Any]] = []
    _diff(before or {}, after, "", out)
    return out


def _diff(before: Any, after: Any, path: str, out: list[dict[str, Any]]) -> None:
    if isinstance(before, dict) and isinstance(after, dict):
        for key in [*after, *(k for k in before if k not in after)]:
            _diff(before.get(key), after.get(key), f"{path}.{key}" if path else key, out)
    elif isinstance(before, list) and isinstance(after, list):
        for i in range(max(len(before), len(after))):
            _diff(before[i] if i < len(before) else None,
                  after[i] if i < len(after) else None, f"{path}[{i}]", out)
    elif isinstance(after, dict | list) and before is None:
        _diff(type(after)(), after, path, out)
    elif isinstance(before, dict | list) and after is None:
        _diff(before, type(before)(), path, out)
    elif before != after:
        out.append({"field": path, "before": before, "after": after})


def canonical(form: Form) -> dict[str, Any]:
    """The stored shape of a form (schema 1)."""
    return form_to_dict(form)


# ---------------------------------------------------------------- filling in (填报)


def fill_computed(form: Form, profile: Profile) -> Form:
    """The form with every computable printed number filled from the engine: each funds row's
    执行率, the execution rate and score, 总分 (the execution score plus the unit's own
    indicator scores, with the profile's caps) and its 评分等级. What the unit assesses itself
    (the indicator scores) is left as typed; the engine's suggestions are shown beside it."""
    card = score_form(form, profile)
    rates = dict(funds_row_rates(form.funds, profile))
    rows = tuple(replace(row, rate=fmt2(rates[i].value)) if i in rates else row
                 for i, row in enumerate(form.funds.rows))
    funds = replace(form.funds, rows=rows, rate=fmt2(card.execution_rate.value),
                    score=fmt2(card.execution_score.value))
    as_printed = [replace(r, counted_score=r.printed_score)
                  for r in card.rows if r.counted_score is not None]
    total = total_score(card.execution_score, funds, as_printed, card.execution_rate.value,
                        profile).value
    grade, _ = grade_total(total, profile)
    weights = [w for w in (form.funds.weight_value, *(i.weight_value for i in form.indicators))
               if w is not None]
    printed_total = replace(form.total, score=fmt2(total),
                            weight=fmt2(round2(sum(weights, Decimal(0)))) if weights else None)
    return replace(form, funds=funds, total=printed_total, grade=grade)


@dataclass(frozen=True)
class TargetParts:
    """A 年度指标值 split for the editor: operator + number + unit, or text as printed.

    `bracket` is how the unit was printed around: "" (`≥95%`, as people type it), "()" or
    "（）" (`≥95.00(%)`, the spelling of some provinces' forms); composing the parts with it
    gives the printed text back byte for byte."""

    operator: str
    number: str
    unit: str
    text: str
    bracket: str = ""

    @property
    def is_quantity(self) -> bool:
        return bool(self.number)


#: The unit brackets a printed target may have, kept so that a split target is written back
#: as it was printed.
TARGET_BRACKETS = ("()", "（）")


def compose_target(operator: str, number: str, unit: str, bracket: str = "") -> str:
    """The printed target of the editor's parts, as a person writes it: `≥100%`, `≤1500元`,
    `0起`; with `bracket` ("()" or "（）") the unit in brackets, `≥95.00(%)`."""
    unit = unit.strip()
    if unit and bracket in TARGET_BRACKETS:
        unit = f"{bracket[0]}{unit}{bracket[1]}"
    return f"{operator.strip()}{number.strip()}{unit}"


#: Characters no unit of a split target has: brackets and spaces; and, out of brackets,
#: digits and the decimal point (they would run into the number) and operators.
_NOT_UNIT = r"()（）\s"
_NOT_BARE_UNIT = r"\d.()（）≥>=≤<\s"
_QUANTITY_SPLIT = re.compile(
    rf"^(≥|>|=|≤|<)?(\d+(?:\.\d+)?)"
    rf"(?:(\()([^{_NOT_UNIT}]{{1,8}})\)|(（)([^{_NOT_UNIT}]{{1,8}})）|([^{_NOT_BARE_UNIT}]{{1,8}}))?$")


def target_parts(text: str | None) -> TargetParts:
    """Split a printed target when the editor can write it back exactly (`≥100%`, `≤1500元`,
    `≥6.5万亩`, `0起`, `≥95.00(%)`); anything else (`好`, `有效提升`, ` ≥ 90 %`) stays text."""
    raw = text or ""
    m = _QUANTITY_SPLIT.match(raw)
    if m:
        operator, number, ascii_open, ascii_unit, wide_open, wide_unit, bare = m.groups()
        if ascii_open:
            unit, bracket = ascii_unit, "()"
        elif wide_open:
            unit, bracket = wide_unit, "（）"
        else:
            unit, bracket = bare or "", ""
        parts = TargetParts(operator or "", number, unit, raw, bracket)
        if compose_target(parts.operator, parts.number, parts.unit, parts.bracket) == raw:
            return parts
    return TargetParts("", "", "", raw)


def level_choices(profile: Profile) -> dict[str, list[str]]:
    """一级指标 → its 二级指标 names, from the profile (for the editor's drop-downs)."""
    return {lv.name: list(lv.level2) for lv in profile.structure}


def tier_labels(profile: Profile) -> list[str]:
    """The profile's qualitative tier labels (达成年度指标 …), for 实际完成值 suggestions."""
    return [t.labels[0] for t in profile.qualitative.tiers if t.labels]


FIELD_LABELS = {
    "schema_version": "版本", "kind": "表类型", "year": "年度", "project_name": "项目名称",
    "department": "主管部门", "implementing_unit": "实施单位", "grade": "评分等级",
    "funds.unit": "金额单位", "funds.weight": "执行率分值", "funds.rate": "执行率",
    "funds.score": "执行率得分", "goals.expected": "预期目标", "goals.actual": "实际完成情况",
    "goals_expected": "预期目标", "total.weight": "总分分值", "total.score": "总分",
    "initial": "年初预算数", "annual": "全年预算数", "executed": "全年执行数", "rate": "执行率",
    "source": "资金来源", "label": "资金来源名称",
    "level1": "一级指标", "level2": "二级指标", "name": "三级指标", "target": "年度指标值",
    "actual": "实际完成值", "weight": "分值", "score": "得分", "note": "偏差原因分析及改进措施",
}
_ROW_PATH = re.compile(r"^(funds\.rows|indicators)\[(\d+)\](?:\.(\w+))?(.*)$")


def field_label(path: str) -> str:
    """A field of a form as people read it: `indicators[2].target` → 指标第3行 年度指标值,
    `funds.rows[0].executed` → 资金第1行 全年执行数; unknown paths stay as they are."""
    m = _ROW_PATH.match(path)
    if m:
        block = "资金" if m.group(1) == "funds.rows" else "指标"
        label = FIELD_LABELS.get(m.group(3) or "", m.group(3) or "")
        return f"{block}第{int(m.group(2)) + 1}行 {label}{m.group(4)}".strip()
    return FIELD_LABELS.get(path, path)
