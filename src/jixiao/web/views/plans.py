"""Target plan pages (绩效目标): the list, the editor a unit fills, the approval a department
gives, "创建自评表" from an approved plan; and the people administration (under `people/`)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import include, path
from django.views.decorators.http import require_GET, require_POST

from jixiao.core.money import to_decimal
from jixiao.services.records import compose_target, level_choices, profile_named, target_parts
from jixiao.services.workflow import Role
from jixiao.web import plans
from jixiao.web.errors import BadRequest, Conflict
from jixiao.web.models import TargetPlan, Unit
from jixiao.web.store import get_plan, role_of, visible_plans
from jixiao.web.views.common import page_errors

#: The 年度指标值 operators the editor offers, as on the official forms; "text" = 文字/定性.
OPERATORS = ("≥", ">", "=", "≤", "<", "")
TEXT_MODE = "text"
#: Blank rows drawn under a new plan's indicators, so it can be filled without JavaScript.
BLANK_ROWS = 3


# ---------------------------------------------------------------- reading the editor


def rows_from_post(post: QueryDict, strict: bool = True) -> list[dict[str, Any]]:
    """The indicator rows as typed (one value per row in each repeated field), the target
    composed from operator + number + unit (a unit printed in brackets, `≥95.00(%)`, keeps
    them), or the text of a qualitative target. Not strict:
    a target number that is not a number is kept as typed (to redraw a refused editor)."""
    names = ("level1", "level2", "name", "target_op", "target_num", "target_unit",
             "target_text", "target_bracket", "weight")
    columns = {n: post.getlist(n) for n in names}
    count = max((len(v) for v in columns.values()), default=0)
    rows = []
    for i in range(count):
        cell = {n: (columns[n][i] if i < len(columns[n]) else "").strip() for n in names}
        if not any(v for k, v in cell.items() if k not in ("target_op", "target_bracket")):
            continue
        rows.append({"level1": cell["level1"], "level2": cell["level2"], "name": cell["name"],
                     "target": _target(cell, len(rows) + 1, strict), "weight": cell["weight"]})
    return rows


def _target(cell: dict[str, str], row: int, strict: bool) -> str:
    if cell["target_op"] == TEXT_MODE:
        return cell["target_text"]
    number = cell["target_num"]
    if not number:
        return cell["target_text"]
    try:
        to_decimal(number)
    except (TypeError, ValueError):
        if not strict:
            return compose_target(cell["target_op"], number, cell["target_unit"],
                                  cell["target_bracket"])
        raise BadRequest(f"第{row}行 年度指标值：“{number}”不是数字；文字指标请选“文字/定性”",
                         code="invalid_plan") from None
    op = cell["target_op"] if cell["target_op"] in OPERATORS else ""
    return compose_target(op, number, cell["target_unit"], cell["target_bracket"])


def content_from_post(post: QueryDict) -> plans.PlanContent:
    return plans.clean_content(post.get("project_name"), post.get("year"),
                               post.get("goals_expected"), rows_from_post(post))


# ---------------------------------------------------------------- drawing the editor


def editor_rows(content: plans.PlanContent | None, blanks: int,
                levels: dict[str, list[str]]) -> list[dict[str, Any]]:
    rows = [dict(r) for r in (content.indicators if content else ())]
    rows += [dict.fromkeys(plans.INDICATOR_FIELDS) for _ in range(blanks)]
    for row in rows:
        _decorate(row, levels)
    return rows


def _decorate(row: dict[str, Any], levels: dict[str, list[str]]) -> dict[str, Any]:
    """A row as the template draws it: the target split into its parts, and whether its
    一级/二级指标 are among the profile's (an unknown one is kept, shown as typed)."""
    row["parts"] = target_parts(row.get("target"))
    row["text_mode"] = bool(row.get("target")) and not row["parts"].is_quantity
    row["level1_known"] = row.get("level1") in levels
    row["level2_known"] = any(row.get("level2") in names for names in levels.values())
    return row


def _context(request: HttpRequest, unit: Unit, plan: TargetPlan | None,
             content: plans.PlanContent | None, error: str = "") -> dict[str, Any]:
    editable = plan is None or plans.editable_by(plan, request.user)
    levels = level_choices(profile_named(unit.department.profile))
    sums = plans.weight_sum(content, unit) if content else None
    blanks = (BLANK_ROWS if not content or not content.indicators else 1) if editable else 0
    context: dict[str, Any] = {
        "plan": plan, "unit": unit, "content": content, "editable": editable, "error": error,
        "rows": editor_rows(content, blanks, levels), "levels": levels, "operators": OPERATORS,
        "blank_row": _decorate(dict.fromkeys(plans.INDICATOR_FIELDS), levels),
        "sums": sums, "execution_weight": plans.weight_sum(
            plans.PlanContent("", None, "", ()), unit).execution,
    }
    if plan is not None:
        steps = plans.steps_for(plan, request.user)
        context.update(
            steps=[s for s in steps if s.action != "submit"],
            can_submit=any(s.action == "submit" for s in steps),
            comment_box=any(s.action in ("return", "approve") for s in steps),
            history=plans.plan_history(plan),
            form=plan.forms.order_by("id").first(),
            can_create_form=(plan.status == TargetPlan.PlanStatus.APPROVED
                             and role_of(request.user) is Role.UNIT),
        )
    return context


# ---------------------------------------------------------------- pages

#: Where a plan posted after the session ran out waits for its author to sign in again.
PENDING = "jixiao:pending-plan"
SIGNED_OUT_KEPT = ("保存时登录已过期，尚未保存。下面是您当时填写的内容，请核对后再点“保存草稿”"
                   "或“保存并提交审核”。")


def keeps_what_was_typed(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """`login_required` for the plan editor, except that a plan saved after the session ran
    out is not lost on the way through the sign-in page: the post waits in the session and
    the editor shows it again (unsaved, said so) once its author has signed in."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        if request.method == "POST":
            request.session[PENDING] = {
                "path": request.path,
                "post": {k: request.POST.getlist(k) for k in request.POST
                         if k not in ("csrfmiddlewaretoken", "then")}}
            return redirect_to_login(request.path)
        return redirect_to_login(request.get_full_path())

    return wrapped


def _pending_post(request: HttpRequest) -> QueryDict | None:
    """The plan posted here while signed out, once (see `keeps_what_was_typed`)."""
    pending = request.session.get(PENDING)
    if not pending or pending.get("path") != request.path:
        return None
    del request.session[PENDING]
    post = QueryDict(mutable=True)
    for key, values in pending["post"].items():
        post.setlist(key, values)
    return post


@login_required
@require_GET
def plan_list(request: HttpRequest) -> HttpResponse:
    items = visible_plans(request.user).prefetch_related("forms")
    year, status = (request.GET.get(k, "").strip() for k in ("year", "status"))
    if year.isdigit():
        items = items.filter(year=int(year))
    if status in TargetPlan.PlanStatus.values:
        items = items.filter(status=status)
    years = sorted(set(visible_plans(request.user).values_list("year", flat=True)), reverse=True)
    rows = [{"plan": p, "content": plans.content_of(p), "form": next(iter(p.forms.all()), None)}
            for p in items]
    for row in rows:
        row["sums"] = plans.weight_sum(row["content"], row["plan"].unit)
    return render(request, "jixiao/plan_list.html", {
        "rows": rows, "years": years, "statuses": TargetPlan.PlanStatus.choices,
        "filters": {"year": year, "status": status},
        "can_create": role_of(request.user) is Role.UNIT,
        "awaiting": role_of(request.user) in (Role.DEPARTMENT, Role.FINANCE)
        and any(r["plan"].status == TargetPlan.PlanStatus.SUBMITTED for r in rows)})


@keeps_what_was_typed
@page_errors
def plan_new(request: HttpRequest) -> HttpResponse:
    unit = plans.own_unit(request.user)
    if request.method != "POST":
        pending = _pending_post(request)
        if pending is not None:
            return _refused(request, unit, None, BadRequest(SIGNED_OUT_KEPT), pending, 200)
        return render(request, "jixiao/plan_detail.html", _context(request, unit, None, None))
    try:
        plan = plans.create_plan(request.user, content_from_post(request.POST))
    except (BadRequest, Conflict) as exc:
        return _refused(request, unit, None, exc)
    return _then(request, plan)


def _then(request: HttpRequest, plan: TargetPlan) -> HttpResponse:
    """After a save: submit when asked (“保存并提交”); a refused submission leaves the saved
    draft and says what it lacks."""
    if request.POST.get("then") != "submit":
        messages.success(request, "已保存")
        return redirect("plan", pk=plan.pk)
    try:
        plans.transition_plan(request.user, plan, "submit")
    except (BadRequest, Conflict) as exc:
        messages.error(request, f"已保存，但未能提交：{exc.message}")
    else:
        messages.success(request, "已保存并提交主管部门审核")
    return redirect("plan", pk=plan.pk)


def _refused(request: HttpRequest, unit: Unit, plan: TargetPlan | None,
             exc: BadRequest | Conflict, post: QueryDict | None = None,
             status: int | None = None) -> HttpResponse:
    """The editor again, as typed, with the reason: nothing typed is lost."""
    post = request.POST if post is None else post
    try:
        content = content_from_post(post)
    except BadRequest:
        content = _raw_content(post)
    return render(request, "jixiao/plan_detail.html",
                  _context(request, unit, plan, content, exc.message),
                  status=status or exc.status)


def _raw_content(post: QueryDict) -> plans.PlanContent:
    """What was typed, unchecked, for redrawing the editor after a refusal."""
    year = post.get("year", "").strip()
    return plans.PlanContent(post.get("project_name", ""),
                             int(year) if year.isdigit() else None,
                             post.get("goals_expected", ""),
                             tuple(rows_from_post(post, strict=False)))


@keeps_what_was_typed
@page_errors
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan: its editor for the owning unit while a draft or returned, else read-only with
    the approval steps open to this person, and its history."""
    plan = get_plan(request.user, pk)
    if request.method != "POST":
        pending = _pending_post(request)
        if pending is not None and plans.editable_by(plan, request.user):
            return _refused(request, plan.unit, plan, BadRequest(SIGNED_OUT_KEPT), pending, 200)
        return render(request, "jixiao/plan_detail.html",
                      _context(request, plan.unit, plan, plans.content_of(plan)))
    try:
        plan = plans.save_plan(request.user, plan, content_from_post(request.POST))
    except (BadRequest, Conflict) as exc:
        return _refused(request, plan.unit, plan, exc)
    return _then(request, plan)


@login_required
@require_POST
@page_errors
def plan_transition(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan(request.user, pk)
    action = request.POST.get("action", "")
    plan = plans.transition_plan(request.user, plan, action, request.POST.get("comment", ""))
    messages.success(request, f"已{plans.ACTION_LABELS.get(action, action)}，"
                              f"当前状态：{plan.get_status_display()}")
    return redirect("plan", pk=plan.pk)


@login_required
@require_POST
@page_errors
def plan_create_form(request: HttpRequest, pk: int) -> HttpResponse:
    """“创建自评表”: the self-evaluation made from the approved plan (or the one made before)."""
    plan = get_plan(request.user, pk)
    record, created = plans.self_evaluation_of(request.user, plan)
    if created:
        messages.success(request, "已按批复的绩效目标创建自评表：指标、目标值和分值已带入，"
                                  "请填写实际完成值、得分和偏差原因")
    else:
        messages.info(request, "这份绩效目标的自评表已经创建，已为您打开")
    return redirect("form", pk=record.pk)


urlpatterns = [
    path("plans/", plan_list, name="plans"),
    path("plans/new/", plan_new, name="plan_new"),
    path("plans/<int:pk>/", plan_detail, name="plan"),
    path("plans/<int:pk>/transition", plan_transition, name="plan_transition"),
    path("plans/<int:pk>/create-form", plan_create_form, name="plan_create_form"),
    path("people/", include("jixiao.web.views.people")),
]
