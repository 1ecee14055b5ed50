"""Target plans (绩效目标) in the database: a unit declares a project's goals and indicators,
submits them, its department approves or returns them; the self-evaluation is then made from
the approved plan. Every change and step is written with its audit event in one transaction.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from jixiao.core.money import HUNDRED, fmt2, parse_printed, round2, to_decimal
from jixiao.services.records import (
    FormDataError,
    blank_form,
    canonical,
    field_changes,
    level_choices,
    parse_form,
    profile_named,
)
from jixiao.services.workflow import Role
from jixiao.web.errors import BadRequest, Conflict, Forbidden
from jixiao.web.models import AuditEvent, FormRecord, TargetPlan, Unit
from jixiao.web.store import create_form, membership_of

PlanStatus = TargetPlan.PlanStatus
#: The fields of one indicator row of a plan, in the order of the official form.
INDICATOR_FIELDS = ("level1", "level2", "name", "target", "weight")
#: Longest free text kept in a plan (预期目标 of a large project runs to a page or two).
MAX_GOALS = 5000
MAX_CELL = 300
MAX_ROWS = 200


# ---------------------------------------------------------------- the plan's content


@dataclass(frozen=True)
class PlanContent:
    """What a unit writes in a plan: project, year, 预期目标 and indicator rows."""

    project_name: str
    year: int | None
    goals_expected: str
    indicators: tuple[dict[str, str | None], ...]

    @property
    def data(self) -> dict[str, Any]:
        return {"goals_expected": self.goals_expected,
                "indicators": [dict(row) for row in self.indicators]}

    def snapshot(self) -> dict[str, Any]:
        """The plan as the audit log compares it, before and after a change."""
        return {"project_name": self.project_name, "year": self.year, **self.data}


def content_of(plan: TargetPlan) -> PlanContent:
    data = plan.data or {}
    rows = tuple({k: row.get(k) for k in INDICATOR_FIELDS}
                 for row in data.get("indicators", []) if isinstance(row, dict))
    return PlanContent(plan.project_name, plan.year, data.get("goals_expected") or "", rows)


def _cell(value: Any) -> str | None:
    text = " ".join(str(value or "").split())
    return text[:MAX_CELL] or None


def clean_content(project_name: Any, year: Any, goals: Any,
                  rows: Sequence[dict[str, Any]]) -> PlanContent:
    """The typed plan, trimmed and checked; blank rows dropped, weights written as `10.00`.

    Raises:
        BadRequest: a message naming the field or row (年度 not four digits, a weight that is
            not a number …). Incomplete rows are allowed in a draft; `check_complete` says
            what a submission still lacks.
    """
    name = " ".join(str(project_name or "").split())[:300]
    year_text = str(year or "").strip()
    if year_text and not (year_text.isdigit() and len(year_text) == 4):
        raise BadRequest(f"年度应为四位数字，如 2025（现为“{year_text}”）", code="invalid_plan")
    indicators = []
    for row in rows:
        cleaned = {k: _cell(row.get(k)) for k in INDICATOR_FIELDS}
        if not any(cleaned.values()):
            continue
        n = len(indicators) + 1
        cleaned["weight"] = _weight(cleaned["weight"], n)
        indicators.append(cleaned)
    if len(indicators) > MAX_ROWS:
        raise BadRequest(f"指标最多 {MAX_ROWS} 行", code="invalid_plan")
    return PlanContent(name, int(year_text) if year_text else None,
                       str(goals or "").strip()[:MAX_GOALS], tuple(indicators))


def _weight(text: str | None, row: int) -> str | None:
    if text is None:
        return None
    try:
        value = to_decimal(text)
    except (TypeError, ValueError):
        raise BadRequest(f"第{row}行 分值：“{text}”不是数字", code="invalid_plan") from None
    if value < 0 or value > HUNDRED:
        raise BadRequest(f"第{row}行 分值：{text} 应在 0 与 100 之间", code="invalid_plan")
    return fmt2(round2(value))


def check_complete(content: PlanContent, unit: Unit) -> None:
    """What a plan needs before it is submitted: a name, a year, 预期目标, and rows whose
    一级/二级指标 are the profile's, each with 三级指标, 年度指标值 and 分值."""
    missing = [label for label, value in (("项目名称", content.project_name),
                                          ("年度", content.year),
                                          ("预期目标", content.goals_expected)) if not value]
    if missing:
        raise BadRequest("提交前请填写：" + "、".join(missing), code="plan_incomplete")
    if not content.indicators:
        raise BadRequest("提交前请至少填写一行绩效指标", code="plan_incomplete")
    levels = level_choices(profile_named(unit.department.profile))
    labels = {"level1": "一级指标", "level2": "二级指标", "name": "三级指标",
              "target": "年度指标值", "weight": "分值"}
    for n, row in enumerate(content.indicators, start=1):
        empty = [labels[k] for k in INDICATOR_FIELDS if not row[k]]
        if empty:
            raise BadRequest(f"第{n}行缺少：{'、'.join(empty)}", code="plan_incomplete")
        if row["level1"] not in levels:
            raise BadRequest(f"第{n}行 一级指标“{row['level1']}”不在规则配置中，可选："
                             + "、".join(levels), code="plan_incomplete")
        if row["level2"] not in levels[row["level1"]]:
            raise BadRequest(f"第{n}行 二级指标“{row['level2']}”不属于“{row['level1']}”，可选："
                             + "、".join(levels[row["level1"]]), code="plan_incomplete")


@dataclass(frozen=True)
class WeightSum:
    """The plan's weights against the form's 100 points: indicator weights plus the profile's
    execution-rate weight (预算执行率分值)."""

    indicators: Decimal
    execution: Decimal

    @property
    def total(self) -> Decimal:
        return self.indicators + self.execution

    @property
    def balanced(self) -> bool:
        return self.total == HUNDRED

    @property
    def message(self) -> str:
        if self.balanced:
            return ""
        return (f"指标分值合计 {fmt2(self.indicators)} 加预算执行率分值 {fmt2(self.execution)}"
                f" 为 {fmt2(self.total)}，不等于 100，请核对（不影响保存和提交）")


def weight_sum(content: PlanContent, unit: Unit) -> WeightSum:
    """The sum of the weights that are numbers (a refused entry may hold others)."""
    weights = [w for w in (parse_printed(row["weight"]) for row in content.indicators)
               if w is not None]
    execution = profile_named(unit.department.profile).execution.weight
    return WeightSum(round2(sum(weights, Decimal(0))), round2(execution))


# ---------------------------------------------------------------- who may do what


def editable_by(plan: TargetPlan, user: Any) -> bool:
    """The owning unit edits its plan while it is a draft or was returned to it."""
    member = membership_of(user)
    return (member is not None and member.role == Role.UNIT and member.unit_id == plan.unit_id
            and plan.status in (PlanStatus.DRAFT, PlanStatus.RETURNED))


@dataclass(frozen=True)
class PlanStep:
    """One step of a plan's approval: from which states, to which, by which roles."""

    action: str
    label: str
    sources: frozenset[str]
    target: str
    roles: frozenset[Role]
    comment_required: bool = False


PLAN_STEPS = {s.action: s for s in (
    PlanStep("submit", "提交", frozenset({PlanStatus.DRAFT, PlanStatus.RETURNED}),
             PlanStatus.SUBMITTED, frozenset({Role.UNIT})),
    PlanStep("withdraw", "撤回", frozenset({PlanStatus.SUBMITTED}), PlanStatus.DRAFT,
             frozenset({Role.UNIT})),
    PlanStep("return", "退回", frozenset({PlanStatus.SUBMITTED}), PlanStatus.RETURNED,
             frozenset({Role.DEPARTMENT, Role.FINANCE}), comment_required=True),
    PlanStep("approve", "批复", frozenset({PlanStatus.SUBMITTED}), PlanStatus.APPROVED,
             frozenset({Role.DEPARTMENT, Role.FINANCE})),
)}
ACTION_LABELS = {"create": "创建", "edit": "修改", "create_form": "创建自评表",
                 **{a: s.label for a, s in PLAN_STEPS.items()}}


def steps_for(plan: TargetPlan, user: Any) -> list[PlanStep]:
    """The steps this person may take on the plan now, in workflow order."""
    member = membership_of(user)
    if member is None:
        return []
    return [s for s in PLAN_STEPS.values()
            if member.role_enum in s.roles and plan.status in s.sources]


def status_label(status: str | None) -> str:
    try:
        return PlanStatus(status).label
    except ValueError:
        return ""


# ---------------------------------------------------------------- changes


def _audit(plan: TargetPlan, user: Any, action: str, *, before: str = "", after: str = "",
           comment: str = "", changes: Sequence[dict[str, Any]] = ()) -> AuditEvent:
    return AuditEvent.objects.create(plan=plan, form=None, actor=user, action=action,
                                     from_status=before, to_status=after, comment=comment,
                                     changes=list(changes))


def own_unit(user: Any) -> Unit:
    member = membership_of(user)
    if member is None or member.role != Role.UNIT or member.unit is None:
        raise Forbidden("只有填报单位可以填报绩效目标")
    return member.unit


def _refuse_duplicate(unit: Unit, content: PlanContent, pk: int | None = None) -> None:
    if not content.project_name or content.year is None:
        return
    same = TargetPlan.objects.filter(unit=unit, year=content.year,
                                     project_name=content.project_name).exclude(pk=pk)
    if same.exists():
        raise Conflict(f"本单位 {content.year} 年度已有项目“{content.project_name}”的绩效目标，"
                       "请打开那一份修改", code="plan_exists")


@transaction.atomic
def create_plan(user: Any, content: PlanContent) -> TargetPlan:
    """A new draft plan of the user's unit, with its creation in the plan's history."""
    unit = own_unit(user)
    if not content.project_name:
        raise BadRequest("请填写项目名称", code="plan_incomplete")
    if content.year is None:
        raise BadRequest("请填写年度（四位数字）", code="plan_incomplete")
    _refuse_duplicate(unit, content)
    plan = TargetPlan.objects.create(unit=unit, year=content.year,
                                     project_name=content.project_name, data=content.data,
                                     status=PlanStatus.DRAFT)
    _audit(plan, user, "create", after=plan.status,
           changes=field_changes(None, content.snapshot()))
    return plan


@transaction.atomic
def save_plan(user: Any, plan: TargetPlan, content: PlanContent) -> TargetPlan:
    """The unit's edit of its draft or returned plan; unchanged content writes nothing."""
    plan = TargetPlan.objects.select_for_update().get(pk=plan.pk)
    if not editable_by(plan, user):
        raise Forbidden(f"绩效目标处于“{plan.get_status_display()}”状态，或不属于您的单位，"
                        "不能修改")
    if not content.project_name or content.year is None:
        raise BadRequest("项目名称和年度不能为空", code="plan_incomplete")
    _refuse_duplicate(plan.unit, content, plan.pk)
    changes = field_changes(content_of(plan).snapshot(), content.snapshot())
    if not changes:
        return plan
    plan.project_name, plan.year, plan.data = content.project_name, content.year, content.data
    plan.save(update_fields=["project_name", "year", "data"])
    _audit(plan, user, "edit", before=plan.status, after=plan.status, changes=changes)
    return plan


@transaction.atomic
def transition_plan(user: Any, plan: TargetPlan, action: str, comment: str = "") -> TargetPlan:
    """Take a step of the plan's approval.

    Raises:
        Forbidden: the role may not take this step.
        Conflict: the plan's state does not allow it (an approved plan is final).
        BadRequest: unknown step, a return without a comment, an incomplete submission.
    """
    member = membership_of(user)
    if member is None:
        raise Forbidden("您的账号没有角色，请联系管理员")
    plan = TargetPlan.objects.select_for_update().select_related("unit__department").get(
        pk=plan.pk)
    step = PLAN_STEPS.get(action)
    if step is None:
        raise BadRequest(f"未知的操作“{action}”，可用：{'、'.join(PLAN_STEPS)}",
                         code="transition_unknown")
    comment = (comment or "").strip()[:2000]
    if member.role_enum not in step.roles:
        who = "、".join(r.label for r in step.roles)
        raise Forbidden(f"绩效目标的“{step.label}”只能由{who}操作", code="transition_role")
    if plan.status not in step.sources:
        raise Conflict(f"绩效目标处于“{plan.get_status_display()}”状态，不能“{step.label}”",
                       code="transition_state")
    if step.comment_required and not comment:
        raise BadRequest(f"“{step.label}”必须填写意见，说明需要修改什么",
                         code="transition_comment")
    if action == "submit":
        check_complete(content_of(plan), plan.unit)
    before = plan.status
    plan.status = step.target
    if step.target != PlanStatus.SUBMITTED:
        plan.comment = comment
    if step.target == PlanStatus.APPROVED:
        plan.approved_by, plan.approved_at = user, timezone.now()
    plan.save(update_fields=["status", "comment", "approved_by", "approved_at"])
    _audit(plan, user, action, before=before, after=plan.status, comment=comment)
    return plan


# ---------------------------------------------------------------- the self-evaluation


def form_data_of(plan: TargetPlan) -> dict[str, Any]:
    """A blank self-evaluation of the plan's project under its department's profile, with the
    approved indicators (targets and weights filled; 实际完成值, 得分, 偏差原因 empty) and the
    plan's 预期目标."""
    unit = plan.unit
    profile = profile_named(unit.department.profile)
    data = canonical(blank_form(plan.project_name, plan.year, unit.department.name, unit.name,
                                profile))
    content = content_of(plan)
    data["goals"]["expected"] = content.goals_expected or None
    data["indicators"] = [{**{k: row[k] for k in INDICATOR_FIELDS},
                           "actual": None, "score": None, "note": None}
                          for row in content.indicators]
    return data


@transaction.atomic
def self_evaluation_of(user: Any, plan: TargetPlan) -> tuple[FormRecord, bool]:
    """The plan's self-evaluation: the existing one, or a new draft made from the approved
    targets (one per plan). Returns the form and whether it was created now."""
    unit = own_unit(user)
    plan = TargetPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.unit_id != unit.pk:
        raise Forbidden("只能为本单位的绩效目标创建自评表")
    existing = plan.forms.order_by("id").first()
    if existing is not None:
        return existing, False
    if plan.status != PlanStatus.APPROVED:
        raise Conflict("绩效目标批复后才能据此创建自评表", code="plan_not_approved")
    try:
        form = parse_form(form_data_of(plan))
    except FormDataError as exc:
        raise BadRequest(str(exc), code="invalid_plan") from exc
    record = create_form(user, unit, form, origin=FormRecord.Origin.TARGETS, plan=plan)
    _audit(plan, user, "create_form", before=plan.status, after=plan.status,
           comment=f"据此创建自评表（编号 {record.pk}）")
    return record, True


FIELD_LABELS = {"project_name": "项目名称", "year": "年度", "goals_expected": "预期目标",
                "level1": "一级指标", "level2": "二级指标", "name": "三级指标",
                "target": "年度指标值", "weight": "分值"}
_ROW_FIELD = re.compile(r"^indicators\[(\d+)\](?:\.(\w+))?$")


def field_label(path: str) -> str:
    """A changed field as people read it: `indicators[2].target` → 第3行 年度指标值."""
    m = _ROW_FIELD.match(path)
    if m:
        return f"第{int(m.group(1)) + 1}行 " + FIELD_LABELS.get(m.group(2) or "", "")
    return FIELD_LABELS.get(path, path)


def plan_history(plan: TargetPlan) -> list[dict[str, Any]]:
    """The plan's audit trail, oldest first, changed fields named in Chinese."""
    return [{"at": e.at, "actor": e.actor.get_username(), "action": e.action,
             "action_label": ACTION_LABELS.get(e.action, e.action),
             "from_label": status_label(e.from_status), "to_label": status_label(e.to_status),
             "comment": e.comment,
             "changes": [{**c, "label": field_label(c.get("field", ""))} for c in e.changes]}
            for e in plan.events.select_related("actor").order_by("at", "id")]
