"""Forms in the database: who may see them, and every change in one transaction with its
audit event. Scores and findings come from `jixiao.services`; this module only stores."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from jixiao.core.findings import Severity
from jixiao.core.model import Form
from jixiao.services.evaluate import Evaluation
from jixiao.services.records import (
    ApprovedIndicator,
    FormDataError,
    apply_rescores,
    canonical,
    evaluate_record,
    field_changes,
    field_label,
    fill_computed,
    parse_form,
    parse_rescores,
    profile_named,
    target_changes,
)
from jixiao.services.workflow import (
    Action,
    Role,
    Status,
    TransitionRefused,
    next_status,
    parse_action,
)
from jixiao.web.errors import BadRequest, Conflict, Forbidden, NotFound
from jixiao.web.models import AuditEvent, FormRecord, Membership, TargetPlan, Unit

User = AbstractBaseUser | AnonymousUser


# ---------------------------------------------------------------- who sees what


def membership_of(user: Any) -> Membership | None:
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.membership
    except Membership.DoesNotExist:
        return None


def role_of(user: Any) -> Role | None:
    member = membership_of(user)
    return member.role_enum if member else None


def _scoped(query: QuerySet[Any], user: Any, *, unit: str, department: str) -> QuerySet[Any]:
    """`query` as a user may see it: a unit its own (`unit` names the unit's id field), a
    department its units' (`department` names the department's id field), finance all."""
    member = membership_of(user)
    if member is None:
        return query.none()
    if member.role == Role.FINANCE:
        return query.all()
    if member.role == Role.DEPARTMENT:
        return query.filter(**{department: member.department_id})
    return query.filter(**{unit: member.unit_id})


def visible_forms(user: Any) -> QuerySet[FormRecord]:
    """The forms a user may see: a unit its own, a department its units', finance all."""
    return _scoped(FormRecord.objects.select_related("unit", "unit__department"), user,
                   unit="unit_id", department="unit__department_id")


#: The states in which a form waits for each role (the "待办" filter of the list).
WAITING_FOR = {Role.UNIT: (Status.DRAFT, Status.RETURNED), Role.DEPARTMENT: (Status.SUBMITTED,),
               Role.FINANCE: (Status.APPROVED,)}


def filtered_forms(user: Any, params: Mapping[str, str]) -> QuerySet[FormRecord]:
    """The visible forms matching the list's filters: `year`, `status` (or `todo`: what waits
    for this person's role), `unit` and `q` (words in the project or unit name)."""
    forms = visible_forms(user)
    year, status, unit, query = ((params.get(k) or "").strip()
                                 for k in ("year", "status", "unit", "q"))
    if year.isdigit():
        forms = forms.filter(year=int(year))
    if status == "todo":
        role = role_of(user)
        forms = forms.filter(status__in=[s.value for s in WAITING_FOR.get(role, ())]
                             ) if role else forms.none()
    elif status in {s.value for s in Status}:
        forms = forms.filter(status=status)
    if unit.isdigit():
        forms = forms.filter(unit_id=int(unit))
    if query:
        forms = forms.filter(Q(project_name__icontains=query) | Q(unit__name__icontains=query))
    return forms


def visible_units(user: Any) -> QuerySet[Unit]:
    return _scoped(Unit.objects.select_related("department"), user,
                   unit="pk", department="department_id")


def visible_plans(user: Any) -> QuerySet[TargetPlan]:
    return TargetPlan.objects.select_related("unit", "unit__department").filter(
        unit__in=visible_units(user))


def get_form(user: Any, pk: Any) -> FormRecord:
    """The form if the user may see it; another unit's form is simply not found (404)."""
    try:
        return visible_forms(user).get(pk=int(pk))
    except (FormRecord.DoesNotExist, ValueError, TypeError):
        raise NotFound("没有这张表，或您无权查看") from None


def get_plan(user: Any, pk: Any) -> TargetPlan:
    try:
        return visible_plans(user).get(pk=int(pk))
    except (TargetPlan.DoesNotExist, ValueError, TypeError):
        raise NotFound("没有这份绩效目标，或您无权查看") from None


def own_unit(user: Any) -> Unit:
    """The unit a unit user fills forms for; other roles do not create forms."""
    member = membership_of(user)
    if member is None or member.role != Role.UNIT or member.unit is None:
        raise Forbidden("只有填报单位可以新建或导入自评表")
    return member.unit


# ---------------------------------------------------------------- evaluation


def approved_targets(record: FormRecord) -> list[ApprovedIndicator] | None:
    """The approved indicators of a form made from targets; None for other forms."""
    plan = record.target_plan
    if plan is None or plan.status != TargetPlan.PlanStatus.APPROVED:
        return None
    return [ApprovedIndicator(i.get("level1"), i.get("level2"), i.get("name"),
                              i.get("target"), i.get("weight"))
            for i in plan.data.get("indicators", [])]


def form_of(record: FormRecord) -> Form:
    return parse_form(record.data)


def evaluation_of(record: FormRecord) -> Evaluation:
    """The services' score and findings of a stored form under its profile (remembered on
    the record object for its current data, so a save evaluates once)."""
    key = (id(record.data), record.profile, record.target_plan_id,
           repr(record.target_reasons))
    cached = record.__dict__.get("_evaluation")
    if cached is not None and cached[0] == key:
        return cached[1]
    reasons = {int(k): v for k, v in (record.target_reasons or {}).items()}
    ev = evaluate_record(form_of(record), profile_named(record.profile),
                         approved_targets(record), reasons)
    record.__dict__["_evaluation"] = (key, ev)
    return ev


def reviewed_evaluation(record: FormRecord) -> Evaluation | None:
    """The form as finance re-scored it (复核), or None when nothing was re-scored."""
    if not record.rescores:
        return None
    form = form_of(record)
    rescores = parse_rescores(record.rescores, form)
    return evaluate_record(apply_rescores(form, rescores), profile_named(record.profile))


def _summary(ev: Evaluation) -> dict[str, Any]:
    """The columns kept beside a form's data for lists and the dashboard."""
    card, form = ev.scorecard, ev.form
    return {
        "project_name": form.project_name[:300], "year": form.year, "total": card.total.value,
        "grade": card.grade or "", "execution_rate": _bounded(card.execution_rate.value),
        "printed_total": (form.total.score or "")[:30],
        "error_count": sum(f.severity is Severity.ERROR for f in ev.findings),
        "warning_count": sum(f.severity is Severity.WARNING for f in ev.findings),
        "finding_codes": [f.code for f in ev.findings],
    }


def _refresh_summary(record: FormRecord, ev: Evaluation) -> None:
    for name, value in _summary(ev).items():
        setattr(record, name, value)


def _bounded(value: Decimal | None) -> Decimal | None:
    """An execution rate that fits its column (a mistyped 执行数 can make it absurd)."""
    if value is None or abs(value) >= Decimal("10000000"):
        return None
    return value


# ---------------------------------------------------------------- changes


def _audit(record: FormRecord | None, user: Any, action: str, *, before: str = "",
           after: str = "", comment: str = "", changes: Sequence[dict[str, Any]] = (),
           plan: TargetPlan | None = None) -> AuditEvent:
    return AuditEvent.objects.create(
        form=record, plan=plan, actor=user, action=action, from_status=before, to_status=after,
        version=record.version if record else None, comment=comment, changes=list(changes))


@transaction.atomic
def create_form(user: Any, unit: Unit, form: Form, *, origin: str, source_name: str = "",
                plan: TargetPlan | None = None, profile: str | None = None,
                import_findings: Sequence[dict[str, Any]] = ()) -> FormRecord:
    """A new draft of `unit`, with its creation in the history. A form typed in (on the web, by
    the API, from approved targets) gets its computed numbers filled by the services; an
    imported one keeps what its file printed."""
    profile = profile or unit.department.profile
    if origin != FormRecord.Origin.IMPORTED:
        form = fill_computed(form, profile_named(profile))
    record = FormRecord(unit=unit, origin=origin, source_name=source_name[:300],
                        target_plan=plan, profile=profile, import_findings=list(import_findings),
                        data=canonical(form), status=Status.DRAFT.value)
    _refresh_summary(record, evaluation_of(record))
    record.save()
    _audit(record, user, "create", after=record.status,
           comment=f"来源：{record.get_origin_display()}"
                   + (f"（{source_name}）" if source_name else ""))
    return record


def editable_by(record: FormRecord, user: Any) -> bool:
    member = membership_of(user)
    return (member is not None and member.role == Role.UNIT
            and member.unit_id == record.unit_id and record.status_enum.editable)


def save_form(user: Any, record: FormRecord, data: Any, base_version: int,
              target_reasons: dict[str, str] | None = None) -> FormRecord:
    """Save an edit made on `base_version`; a stale version is refused with the current one.
    The computed numbers (rates, execution score, total, grade) are filled by the services.

    The form is read, filled and evaluated before the transaction, which holds only the
    version-checked UPDATE and the audit entry (SQLite has one writer at a time).

    Raises:
        Forbidden: not the owning unit, or the form is not a draft / returned.
        Conflict: someone saved since `base_version` (details say who and what).
        BadRequest: the data is not a schema-1 form.
    """
    if not editable_by(record, user):
        raise Forbidden(f"表处于“{record.status_enum.label}”状态，或不属于您的单位，不能修改")
    try:
        form = fill_computed(parse_form(data), profile_named(record.profile))
    except FormDataError as exc:
        raise BadRequest(str(exc), code="invalid_form") from exc
    new_data = canonical(form)
    reasons = _merged_reasons(record, target_reasons)
    _require_target_reasons(record, form, reasons)
    changes = field_changes(record.data, new_data)
    if not changes and reasons == (record.target_reasons or {}):
        if record.version != base_version:
            raise _conflict(record, base_version)
        return record
    record.data, record.target_reasons = new_data, reasons
    summary = _summary(evaluation_of(record))
    with transaction.atomic():
        updated = FormRecord.objects.filter(pk=record.pk, version=base_version).update(
            version=F("version") + 1, data=new_data, target_reasons=reasons,
            updated_at=timezone.now(), **summary)
        if not updated:
            record.refresh_from_db()
            raise _conflict(record, base_version)
        record.version = base_version + 1
        _refresh_summary(record, evaluation_of(record))
        _audit(record, user, "edit", before=record.status, after=record.status,
               changes=changes, comment=_target_change_comment(record, changes, reasons))
    return record


def _require_target_reasons(record: FormRecord, form: Form, reasons: dict[str, str]) -> None:
    """An approved target or weight is changed only with a written reason."""
    approved = approved_targets(record)
    if not approved:
        return
    unexplained = [c for c in target_changes(form, approved) if str(c.index) not in reasons]
    if unexplained:
        rows = "、".join(f"第{c.index + 1}行{c.label}" for c in unexplained)
        raise BadRequest(f"修改批复的绩效目标须写明理由：{rows}（点“改目标”填写理由）",
                         code="target_reason_required")


def _merged_reasons(record: FormRecord, new: dict[str, str] | None) -> dict[str, str]:
    reasons = dict(record.target_reasons or {})
    for key, text in (new or {}).items():
        if str(key).isdigit() and isinstance(text, str) and text.strip():
            reasons[str(int(key))] = text.strip()[:500]
    return reasons


def _target_change_comment(record: FormRecord, changes: Sequence[dict[str, Any]],
                           reasons: dict[str, str]) -> str:
    """For a form made from approved targets: the written reasons of changed targets."""
    if record.target_plan_id is None:
        return ""
    rows = sorted({c["field"].split("]")[0].removeprefix("indicators[")
                   for c in changes if c["field"].startswith("indicators[")
                   and c["field"].endswith((".target", ".weight", ".name"))})
    said = [f"第{int(r) + 1}行：{reasons[r]}" for r in rows if r.isdigit() and r in reasons]
    return "修改批复目标。" + "；".join(said) if said else ""


def _conflict(record: FormRecord, base_version: int) -> Conflict:
    later = record.events.filter(version__gt=base_version).select_related("actor")
    changed = [{"at": timezone.localtime(e.at).isoformat(), "actor": e.actor.get_username(),
                "action": e.action, "changes": labelled(e.changes)} for e in later]
    who = "、".join(sorted({c["actor"] for c in changed})) or "他人"
    return Conflict(
        f"保存被拒绝：这张表已被{who}修改（您编辑的是第 {base_version} 版，当前为第 "
        f"{record.version} 版）。请先查看对方的修改，再在最新版本上修改。",
        code="version_conflict",
        details={"version": record.version, "changed": changed})


@transaction.atomic
def transition(user: Any, record: FormRecord, action_name: str, comment: str = "",
               rescores: Any = None) -> FormRecord:
    """Take a workflow step; refusals carry the status the API answers with.

    Raises:
        Forbidden: the role may not take this step (or is not the form's unit/department).
        Conflict: the state does not allow it, or `submit` with error findings (listed).
        BadRequest: a `return` without a comment, malformed re-scores.
    """
    member = membership_of(user)
    if member is None:
        raise Forbidden("您的账号没有角色，请联系管理员")
    record = FormRecord.objects.select_for_update().get(pk=record.pk)
    try:
        action = parse_action(action_name)
        target = next_status(action, record.status_enum, member.role_enum, comment or "")
    except TransitionRefused as exc:
        cls = {"role": Forbidden, "state": Conflict}.get(exc.reason, BadRequest)
        raise cls(exc.message, code=f"transition_{exc.reason}") from exc
    if action is Action.SUBMIT:
        _require_no_errors(record)
    before = record.status
    changes: list[dict[str, Any]] = []
    if action is Action.REVIEW:
        changes = _apply_review(record, rescores)
    record.status = target.value
    record.version += 1
    if target is Status.PUBLISHED:
        record.published_at = timezone.now()
    record.save()
    _audit(record, user, action.value, before=before, after=record.status,
           comment=(comment or "").strip()[:2000], changes=changes)
    return record


def _require_no_errors(record: FormRecord) -> None:
    ev = evaluation_of(record)
    errors = [f for f in ev.findings if f.severity is Severity.ERROR]
    if errors:
        listed = "；".join(f"{f.code} {f.message}" for f in errors[:10])
        more = f"（另有 {len(errors) - 10} 条）" if len(errors) > 10 else ""
        raise Conflict(f"有 {len(errors)} 条“错误”级别的问题，改正后才能提交：{listed}{more}",
                       code="submit_blocked",
                       details={"findings": [{"code": f.code, "path": f.path,
                                              "message": f.message} for f in errors]})


def _apply_review(record: FormRecord, rescores: Any) -> list[dict[str, Any]]:
    """Finance's re-scores merged into the record; the reviewed total from the services."""
    form = form_of(record)
    try:
        new = parse_rescores(rescores, form)
    except FormDataError as exc:
        raise BadRequest(str(exc), code="invalid_rescores") from exc
    merged = {int(r["index"]): r for r in record.rescores or []}
    changes = []
    for r in new:
        old = merged.get(r.index)
        changes.append({"field": f"indicators[{r.index}].score(复核)",
                        "before": old["score"] if old else form.indicators[r.index].score,
                        "after": str(r.score), "reason": r.reason})
        merged[r.index] = {"index": r.index, "score": str(r.score), "reason": r.reason}
    record.rescores = [merged[i] for i in sorted(merged)]
    reviewed = reviewed_evaluation(record)
    record.reviewed_total = (reviewed.scorecard.total.value if reviewed
                             else evaluation_of(record).scorecard.total.value)
    return changes


def labelled(changes: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Changes with the field named as people read it (`label`: 指标第3行 年度指标值)."""
    return [{**c, "label": field_label(str(c.get("field", "")))} for c in changes]


def history(record: FormRecord) -> list[dict[str, Any]]:
    """The form's audit trail, oldest first, as the API gives it."""
    return [{"at": timezone.localtime(e.at).isoformat(), "actor": e.actor.get_username(),
             "action": e.action, "from": e.from_status or None, "to": e.to_status or None,
             "comment": e.comment,
             "changes": labelled(e.changes), "version": e.version}
            for e in record.events.select_related("actor").order_by("at", "id")]


def form_with_unit(form: Form, unit: Unit) -> Form:
    """A form filed by `unit`: its 实施单位 and 主管部门 filled when the form leaves them empty."""
    from dataclasses import replace
    return replace(form, implementing_unit=form.implementing_unit or unit.name,
                   department=form.department or unit.department.name)


__all__ = [
    "Action",
    "create_form",
    "evaluation_of",
    "get_form",
    "history",
    "own_unit",
    "role_of",
    "save_form",
    "transition",
    "visible_forms",
]
