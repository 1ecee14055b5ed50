"""People administration pages (finance only): departments and their rule profiles, units,
users with role and scope, password resets, deactivation."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_GET, require_POST

from jixiao.services.workflow import Role
from jixiao.web import people
from jixiao.web.errors import BadRequest, Conflict, NotFound
from jixiao.web.models import Department, Unit
from jixiao.web.views.common import page_errors

BACK = "admin_people"


def finance_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed in, finance, errors as pages (403 for other roles)."""

    @wraps(view)
    def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        people.require_finance(request.user)
        return view(request, *args, **kwargs)

    return login_required(page_errors(checked))


def _get(model: Any, pk: Any, what: str) -> Any:
    if not str(pk or "").strip():
        raise BadRequest(f"请选择{what}")
    try:
        return model.objects.get(pk=int(pk))
    except (model.DoesNotExist, ValueError, TypeError):
        raise NotFound(f"没有这个{what}") from None


def _optional(model: Any, pk: Any, what: str) -> Any:
    return _get(model, pk, what) if str(pk or "").strip() else None


@finance_only
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    users = (get_user_model().objects.select_related(
        "membership", "membership__unit", "membership__department").order_by("username"))
    return render(request, "jixiao/people.html", {
        "departments": Department.objects.annotate(unit_count=Count("units")),
        "units": Unit.objects.select_related("department").annotate(
            user_count=Count("members", distinct=True), form_count=Count("forms", distinct=True)),
        "users": users, "profiles": people.profile_choices(),
        "events": people.admin_events(),
    })


@finance_only
@require_POST
def department_new(request: HttpRequest) -> HttpResponse:
    department = people.create_department(request.user, request.POST.get("name"),
                                           request.POST.get("profile"))
    messages.success(request, f"已新建主管部门“{department.name}”")
    return redirect(BACK)


@finance_only
@require_POST
def department_profile(request: HttpRequest, pk: int) -> HttpResponse:
    department = _get(Department, pk, "主管部门")
    before = department.profile
    people.set_department_profile(request.user, department, request.POST.get("profile"))
    if before != department.profile:
        messages.success(request, f"“{department.name}”的规则配置已改为 {department.profile}："
                                  "此后新建的自评表按新配置评分，已有的表仍按原配置")
    return redirect(BACK)


@finance_only
@require_POST
def unit_new(request: HttpRequest) -> HttpResponse:
    department = _get(Department, request.POST.get("department"), "主管部门")
    unit = people.create_unit(request.user, request.POST.get("name"), department)
    messages.success(request, f"已新建填报单位“{unit.name}”")
    return redirect(BACK)


USER_FIELDS = ("username", "full_name", "role", "unit", "department")


@finance_only
def user_new(request: HttpRequest) -> HttpResponse:
    context: dict[str, Any] = {
        "roles": [(r.value, r.label) for r in Role], "units": Unit.objects.select_related(
            "department"), "departments": Department.objects.all(),
        "policy": people.policy_help(), "values": dict.fromkeys(USER_FIELDS, ""), "error": ""}
    if request.method != "POST":
        context["values"]["role"] = request.GET.get("role", Role.UNIT.value)
        return render(request, "jixiao/people_user_new.html", context)
    values = {k: request.POST.get(k, "").strip() for k in USER_FIELDS}
    password, again = request.POST.get("password", ""), request.POST.get("password2", "")
    try:
        if password != again:
            raise BadRequest("两次输入的密码不一致", code="password_mismatch")
        role = values["role"]
        user = people.create_user(
            request.user, values["username"], role, password,
            unit=_optional(Unit, values["unit"], "填报单位") if role == Role.UNIT else None,
            department=(_optional(Department, values["department"], "主管部门")
                        if role == Role.DEPARTMENT else None),
            full_name=values["full_name"])
    except (BadRequest, Conflict) as exc:
        context.update(values=values, error=exc.message)
        return render(request, "jixiao/people_user_new.html", context, status=exc.status)
    messages.success(request, f"已新建用户 {user.get_username()}，请把初始密码当面或另行告知本人")
    return redirect(BACK)


@finance_only
def user_password(request: HttpRequest, pk: int) -> HttpResponse:
    user = _get(get_user_model(), pk, "用户")
    context: dict[str, Any] = {"person": user, "policy": people.policy_help(), "error": ""}
    if request.method != "POST":
        return render(request, "jixiao/people_user_password.html", context)
    password = request.POST.get("password", "")
    try:
        if password != request.POST.get("password2", ""):
            raise BadRequest("两次输入的密码不一致", code="password_mismatch")
        people.reset_password(request.user, user, password)
        if user.pk == request.user.pk:
            update_session_auth_hash(request, user)
    except BadRequest as exc:
        context["error"] = exc.message
        return render(request, "jixiao/people_user_password.html", context, status=exc.status)
    messages.success(request, f"已重设用户 {user.get_username()} 的密码")
    return redirect(BACK)


@finance_only
@require_POST
def user_active(request: HttpRequest, pk: int) -> HttpResponse:
    user = _get(get_user_model(), pk, "用户")
    active = request.POST.get("active") == "1"
    people.set_active(request.user, user, active)
    messages.success(request, f"已{'启用' if active else '停用'}用户 {user.get_username()}")
    return redirect(BACK)


urlpatterns = [
    path("", overview, name="admin_people"),
    path("departments/new", department_new, name="admin_department_new"),
    path("departments/<int:pk>/profile", department_profile, name="admin_department_profile"),
    path("units/new", unit_new, name="admin_unit_new"),
    path("users/new/", user_new, name="admin_user_new"),
    path("users/<int:pk>/password/", user_password, name="admin_user_password"),
    path("users/<int:pk>/active", user_active, name="admin_user_active"),
]
