"""What every page shares: the navigation, the role in the header, error pages."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render

from jixiao.services.workflow import Role
from jixiao.web.errors import ERRORS, Forbidden, RequestError, error_body
from jixiao.web.store import membership_of

NAV = [
    ("forms", "自评表", None),
    ("plans", "绩效目标", None),
    ("imports", "导入", {Role.UNIT}),
    ("dashboard", "统计分析", {Role.DEPARTMENT, Role.FINANCE}),
    ("admin_people", "用户与单位", {Role.FINANCE}),
    ("public_forms", "信息公开", None),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Template context: the signed-in person's role and the menu entries it may use."""
    member = membership_of(getattr(request, "user", None))
    role = member.role_enum if member else None
    scope = ""
    if member and member.unit_id:
        scope = member.unit.name
    elif member and member.department_id:
        scope = member.department.name
    elif role is Role.FINANCE:
        scope = "财政"
    items = [(name, label) for name, label, roles in NAV
             if (role is not None and (roles is None or role in roles))
             or (member is None and name == "public_forms")]
    return {"nav_items": items, "member_role": role, "member_scope": scope}


def page_errors(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A RequestError raised by a page becomes an error page with its status (404 for
    another unit's form, 403 for a step the role may not take …)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except RequestError as exc:
            back = request.POST.get("next") if request.method == "POST" else None
            if back and back.startswith("/") and not back.startswith("//") and exc.status in (
                    400, 403, 409):
                messages.error(request, exc.message)
                return HttpResponseRedirect(back)
            return error_page(request, exc.status, exc.message)

    return wrapped


def error_page(request: HttpRequest, status: int, message: str) -> HttpResponse:
    """An error as a page, or under /api/ as the API's one error shape."""
    if request.path.startswith("/api/"):
        error = next((cls for cls in ERRORS if cls.status == status), RequestError)
        return JsonResponse(error_body(error(message)), status=status)
    titles = {400: "请求有误", 403: "无权操作", 404: "未找到", 409: "操作冲突", 413: "文件过大",
              429: "尝试过多", 500: "服务器内部错误"}
    return render(request, "jixiao/error.html",
                  {"title": titles.get(status, "出错了"), "message": message, "status": status},
                  status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, 400, "请求无法处理。")


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, 403, "您无权访问此页面，或页面已过期（请刷新后重试）。")


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, 404, "没有这个页面，或您无权查看。")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    if request.content_type == "application/json":  # the editor's autosave: it shows the message
        return JsonResponse(error_body(Forbidden(
            "页面已失效（登录已过期或已在别处退出，CSRF 校验失败）。请在新的浏览器标签页重新登录，"
            "然后回到本页：本页的输入仍在，会自动保存", code="csrf_failed")), status=403)
    return error_page(request, 403, "页面已过期或来源不明（CSRF 校验失败）。请刷新页面后重试。")


def server_error(request: HttpRequest) -> HttpResponse:
    return error_page(request, 500, "服务器出错了，已记录。请稍后重试；如一再出现，请联系管理员。")
