"""The pages people work in: sign-in, the form list, the editor and review view, the
workflow buttons and the history."""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from jixiao.services.records import blank_form, profile_named
from jixiao.services.workflow import Role, Status
from jixiao.web import editing
from jixiao.web.api.responses import json_object
from jixiao.web.errors import BadRequest, RequestError, Unauthorized, error_body
from jixiao.web.models import FormRecord
from jixiao.web.security import (
    clear_login_failures,
    client_address,
    login_locked,
    record_login_failure,
)
from jixiao.web.store import (
    create_form,
    filtered_forms,
    get_form,
    history,
    own_unit,
    role_of,
    transition,
    visible_forms,
    visible_units,
)
from jixiao.web.views.common import page_errors

# ---------------------------------------------------------------- sign-in


def login_view(request: HttpRequest) -> HttpResponse:
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    context: dict[str, Any] = {"next": next_url, "username": "", "error": ""}
    if request.method == "POST":
        username = request.POST.get("username", "").strip()
        password = request.POST.get("password", "")
        address = client_address(request)
        context["username"] = username
        if login_locked(username, address):
            context["error"] = "登录失败次数过多，请 15 分钟后再试，或联系管理员。"
            return render(request, "jixiao/login.html", context, status=429)
        user = authenticate(request, username=username, password=password)
        if user is None:
            record_login_failure(username, address)
            context["error"] = "用户名或密码不正确。"
            return render(request, "jixiao/login.html", context, status=200)
        clear_login_failures(username)
        login(request, user)
        safe = url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure())
        return HttpResponseRedirect(next_url if next_url and safe else reverse("forms"))
    return render(request, "jixiao/login.html", context)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("login")


# ---------------------------------------------------------------- the list


@login_required
@require_GET
def form_list(request: HttpRequest) -> HttpResponse:
    forms = filtered_forms(request.user, request.GET)
    page = Paginator(forms, 50).get_page(request.GET.get("page"))
    years = sorted({y for y in visible_forms(request.user).values_list("year", flat=True) if y},
                   reverse=True)
    return render(request, "jixiao/form_list.html", {
        "page": page, "years": years, "statuses": list(Status),
        "units": visible_units(request.user),
        "filters": {k: request.GET.get(k, "").strip() for k in ("year", "status", "unit", "q")},
        "todo": filtered_forms(request.user, {"status": "todo"}).count(),
        "can_create": role_of(request.user) is Role.UNIT,
    })


@login_required
@page_errors
def form_new(request: HttpRequest) -> HttpResponse:
    unit = own_unit(request.user)
    if request.method != "POST":
        return render(request, "jixiao/form_new.html", {"unit": unit})
    name = request.POST.get("project_name", "").strip()
    year = request.POST.get("year", "").strip()
    if not name or not year.isdigit():
        raise BadRequest("请填写项目名称和年度（四位数字）")
    profile = profile_named(unit.department.profile)
    form = blank_form(name[:300], int(year), unit.department.name, unit.name, profile)
    record = create_form(request.user, unit, form, origin=FormRecord.Origin.ENTERED)
    return redirect("form", pk=record.pk)


# ---------------------------------------------------------------- one form

#: What the editor says when a save finds the session gone (8 hours, or signed out elsewhere).
SIGNED_OUT = ("登录已过期或已退出。请在新的浏览器标签页重新登录，然后回到本页："
              "本页的输入仍在，会自动保存")


@login_required
@require_GET
@page_errors
def form_detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_form(request.user, pk)
    context = editing.detail_context(record, request.user)
    context["comment"] = request.session.pop(_comment_key(pk), "")
    return render(request, "jixiao/form_detail.html", context)


def _comment_key(pk: int) -> str:
    """Where a refused step's comment waits for the form page (see form_transition)."""
    return f"jixiao:refused-comment:{pk}"


@require_POST
def form_save(request: HttpRequest, pk: int) -> JsonResponse:
    """Autosave from the editor: JSON in, the new version with its score and findings out.
    Signed out (the session ran out), the answer is JSON the editor can show, not a redirect
    to the sign-in page."""
    if not request.user.is_authenticated:
        return JsonResponse(error_body(Unauthorized(SIGNED_OUT)), status=401)
    try:
        record = get_form(request.user, pk)
        body = json_object(request)
        record = editing.save_from_editor(request.user, record, body)
    except RequestError as exc:
        return JsonResponse(error_body(exc), status=exc.status)
    return JsonResponse(editing.saved_payload(record))


@login_required
@require_POST
@page_errors
def form_transition(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_form(request.user, pk)
    action = request.POST.get("action", "")
    rescores = editing.rescores_from_post(request.POST) if action == "review" else None
    try:
        record = transition(request.user, record, action, request.POST.get("comment", ""),
                            rescores)
    except RequestError as exc:
        if exc.status not in (400, 409):
            raise
        if action != "review":
            # Refused (and redirected back with the reason): the comment typed waits in the
            # session for the form page to put back in its box.
            comment = request.POST.get("comment", "").strip()
            if comment:
                request.session[_comment_key(pk)] = comment[:2000]
            raise
        # 复核: the page again, not a redirect, with every re-score and the comment as typed.
        messages.error(request, editing.review_refusal(exc.message, rescores or [], record))
        context = editing.with_posted_review(editing.detail_context(record, request.user),
                                             request.POST)
        return render(request, "jixiao/form_detail.html", context, status=exc.status)
    messages.success(request, f"已{editing.action_label(action)}，"
                              f"当前状态：{record.status_enum.label}")
    return redirect("form", pk=record.pk)


@login_required
@require_GET
@page_errors
def form_history(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_form(request.user, pk)
    events = history(record)
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="history-{record.pk}.csv"'
        response.write("\ufeff")  # Excel opens UTF-8 CSV correctly only with a BOM
        writer = csv.writer(response)
        writer.writerow(["时间", "操作人", "操作", "原状态", "新状态", "意见", "字段", "原值",
                         "新值"])
        for e in events:
            rows = e["changes"] or [{}]
            for change in rows:
                writer.writerow([_cell(v) for v in (
                    e["at"][:19].replace("T", " "), e["actor"], editing.action_label(e["action"]),
                    editing.status_label(e["from"]), editing.status_label(e["to"]), e["comment"],
                    change.get("label", ""), change.get("before"), change.get("after"))])
        return response
    return render(request, "jixiao/form_history.html", {"record": record, "events": [
        {**e, "action_label": editing.action_label(e["action"]),
         "at_display": e["at"][:19].replace("T", " "),
         "from_label": editing.status_label(e["from"]),
         "to_label": editing.status_label(e["to"])} for e in editing.edit_sittings(events)]})


def _cell(value: Any) -> str:
    """A history value in a CSV cell; formula-like text is quoted so Excel does not run it."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def home(request: HttpRequest) -> HttpResponse:
    return redirect("forms")


urlpatterns = [
    path("", home, name="home"),
    path("login/", login_view, name="login"),
    path("logout/", logout_view, name="logout"),
    path("forms/", form_list, name="forms"),
    path("forms/new/", form_new, name="form_new"),
    path("forms/<int:pk>/", form_detail, name="form"),
    path("forms/<int:pk>/save", form_save, name="form_save"),
    path("forms/<int:pk>/transition", form_transition, name="form_transition"),
    path("forms/<int:pk>/history", form_history, name="form_history"),
]
