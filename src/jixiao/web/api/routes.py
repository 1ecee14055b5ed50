"""The API's one route table: every path, its methods, who may call it, what it reads and
answers. The URL patterns and the OpenAPI document are both built from it.

Every answer under /api/ is JSON: unknown paths (404), wrong methods (405), oversized bodies
(413) and unexpected failures (500) included, all in the one error shape.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.urls import URLPattern, re_path
from django.views.decorators.csrf import csrf_exempt

from jixiao.web.api import views
from jixiao.web.api.auth import CHALLENGE, token_user
from jixiao.web.api.call import Call
from jixiao.web.api.paging import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from jixiao.web.api.responses import MAX_JSON_BYTES, check_length, error_reply, max_upload_bytes
from jixiao.web.errors import (
    BadRequest,
    InternalError,
    MethodNotAllowed,
    NotFound,
    RequestError,
    TooLarge,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PathParam:
    """A parameter in a path (`{id}`): its pattern, conversion and OpenAPI schema."""

    pattern: str
    convert: Callable[[str], Any]
    schema: dict[str, Any]
    description: str


PATH_PARAMS: dict[str, PathParam] = {
    # Form ids are database keys; nine digits keep them within a 32-bit integer column.
    "id": PathParam("[0-9]{1,9}", int, {"type": "integer", "minimum": 1}, "自评表编号"),
    "format": PathParam("|".join(views.EXPORT_FORMATS), str,
                        {"type": "string", "enum": list(views.EXPORT_FORMATS)}, "导出格式"),
}


@dataclass(frozen=True)
class QueryParam:
    name: str
    schema: dict[str, Any]
    description: str


@dataclass(frozen=True)
class Operation:
    """One method of one path.

    `request` names the body's component schema (`"multipart"` for a file upload);
    `response` is `(status, component schema name or content types)`; `errors` are the
    error statuses it may answer besides those every call may give (413, 500 …).
    """

    handler: Callable[[Call], HttpResponse]
    operation_id: str
    summary: str
    response: tuple[int, str | tuple[str, ...]]
    auth: bool = True
    request: str | None = None
    errors: tuple[int, ...] = ()
    query: tuple[QueryParam, ...] = ()
    description: str = ""

    @property
    def max_body(self) -> int:
        """The largest body this operation reads (0: none expected, the JSON limit applies)."""
        return max_upload_bytes() if self.request == "multipart" else MAX_JSON_BYTES


@dataclass(frozen=True)
class Route:
    """A path relative to /api (OpenAPI style, `/forms/{id}`) and its methods."""

    path: str
    name: str
    methods: dict[str, Operation] = field(default_factory=dict)

    @property
    def params(self) -> list[str]:
        return re.findall(r"\{(\w+)\}", self.path)

    @property
    def regex(self) -> str:
        """The Django pattern of the path (relative to `api/`)."""
        parts = re.split(r"(\{\w+\})", self.path.lstrip("/"))
        out = []
        for part in parts:
            m = re.fullmatch(r"\{(\w+)\}", part)
            out.append(f"(?P<{m.group(1)}>{PATH_PARAMS[m.group(1)].pattern})" if m
                       else re.escape(part))
        return "^" + "".join(out) + "$"


YEAR = QueryParam("year", {"type": "integer"}, "只看某一年度（四位年份）")
STATUS = QueryParam("status", {"type": "string", "enum": ["draft", "submitted", "returned",
                                                         "approved", "reviewed", "published"]},
                    "只看某一状态")
DEPARTMENT = QueryParam("department", {"type": "string"}, "只看某一主管部门（全称）")
PAGING = (
    QueryParam("page", {"type": "integer", "minimum": 1, "default": 1}, "第几页（从 1 起）"),
    QueryParam("page_size", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE,
                             "default": DEFAULT_PAGE_SIZE}, "每页条数"),
)
PAGING_NOTE = ("。分页：响应头 X-Total-Count 为总条数，Link 给出 first/prev/next/last 页的地址；"
               f"每页默认 {DEFAULT_PAGE_SIZE} 条，最多 {MAX_PAGE_SIZE} 条。")
FILES = ("application/pdf",
         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         "text/html", "application/json")


def _openapi(call: Call) -> HttpResponse:
    from jixiao.web.api.openapi import document
    from jixiao.web.api.responses import json_reply
    return json_reply(document(ROUTES))


ROUTES: tuple[Route, ...] = (
    Route("/health", "api_health", {"GET": Operation(
        views.health, "health", "服务是否正常", (200, "Health"), auth=False, errors=(503,))}),
    Route("/token", "api_token", {"POST": Operation(
        views.token, "createToken", "用用户名和密码换取访问令牌", (200, "Token"), auth=False,
        request="TokenRequest", errors=(400, 401, 429),
        description="与登录页相同的失败次数限制：连续失败过多时返回 429。")}),
    Route("/forms", "api_forms", {
        "GET": Operation(views.list_forms, "listForms", "我可见的自评表",
                         (200, "FormSummaryList"), errors=(400,), query=(YEAR, STATUS, *PAGING),
                         description="填报单位看本单位的，主管部门看所属单位的，财政看全部。"
                                     + PAGING_NOTE),
        "POST": Operation(views.create_form, "createForm", "新建自评表（本单位草稿）",
                          (201, "FormEnvelope"), request="FormInput", errors=(400, 403),
                          description="只有填报单位可以新建；表数据有误时 400，"
                                      "message 与 path 指明 JSON 位置。"),
    }),
    Route("/forms/{id}", "api_form", {
        "GET": Operation(views.read_form, "getForm", "一张自评表（schema 1）",
                         (200, "FormEnvelope"), errors=(404,),
                         description="ETag 响应头为版本号，修改时放入 If-Match。"),
        "PUT": Operation(views.update_form, "updateForm", "保存修改（乐观锁）",
                         (200, "FormEnvelope"), request="FormInput",
                         errors=(400, 403, 404, 409, 428),
                         description="必须带 If-Match: 版本号；版本已过时返回 409，"
                                     "error.version 为当前版本；缺少 If-Match 返回 428。"),
    }),
    Route("/forms/{id}/score", "api_form_score", {"GET": Operation(
        views.form_score, "getScore", "得分（与 jixiao score --format json 相同）",
        (200, "Score"), errors=(404,))}),
    Route("/forms/{id}/findings", "api_form_findings", {"GET": Operation(
        views.form_findings, "getFindings", "问题清单（与 jixiao check --format json 相同）",
        (200, "FindingList"), errors=(404,))}),
    Route("/forms/{id}/transitions", "api_form_transitions", {"POST": Operation(
        views.form_transition, "transition", "流转：提交、撤回、退回、审核、复核、公开",
        (200, "TransitionResult"), request="TransitionRequest",
        errors=(400, 403, 404, 409),
        description="角色无权 403；状态不允许 409；退回未写意见 400；"
                    "提交时有“错误”级问题 409，error.findings 列出。")}),
    Route("/forms/{id}/history", "api_form_history", {"GET": Operation(
        views.form_history, "getHistory", "修改与流转记录", (200, "HistoryList"),
        errors=(404,))}),
    Route("/forms/{id}/export.{format}", "api_form_export", {"GET": Operation(
        views.form_export, "exportForm", "导出为文件（PDF、XLSX、DOCX、HTML、JSON）",
        (200, FILES), errors=(404,))}),
    Route("/imports", "api_imports", {"POST": Operation(
        views.create_import, "importFile",
        "导入文件（PDF/XLSX/DOCX/HTML/TXT/JSON 或 ZIP），生成本单位草稿",
        (201, "ImportResult"), request="multipart", errors=(400, 403),
        description="表单字段 file，可重复以上传多个文件；总大小上限 JIXIAO_MAX_UPLOAD_MB，"
                    "超过时 413。每个文件中的每张表都生成本单位的草稿；空文件、不可导入类型的"
                    "文件或读不出表的文件不影响其他文件，列在 errors 中（文件名与原因）。"
                    "没有任何可导入的文件或表时 400，error.errors 列出各文件的原因。")}),
    Route("/public/forms", "api_public_forms", {"GET": Operation(
        views.public_forms, "listPublicForms", "已公开的自评表（无需登录）",
        (200, "PublicFormList"), auth=False, errors=(400,),
        query=(YEAR, DEPARTMENT, *PAGING), description=PAGING_NOTE.lstrip("。"))}),
    Route("/openapi.json", "api_openapi", {"GET": Operation(
        _openapi, "openapi", "本文档（OpenAPI 3.1）", (200, "OpenAPIDocument"),
        auth=False)}),
)


# ---------------------------------------------------------------- serving


def serve(route: Route, request: HttpRequest, raw: dict[str, str]) -> HttpResponse:
    """Run the route's operation for the request; every failure answers in the error shape."""
    allow = ", ".join(route.methods)
    try:
        operation = route.methods.get(request.method or "")
        if operation is None:
            raise MethodNotAllowed(f"此接口不支持 {request.method} 方法，可用：{allow}")
        check_length(request, operation.max_body)
        user = token_user(request) if operation.auth else None
        params = {k: PATH_PARAMS[k].convert(v) for k, v in raw.items()}
        return operation.handler(Call(request, user, params))
    except RequestError as exc:
        extra = {401: CHALLENGE, 405: {"Allow": allow}}.get(exc.status)
        return error_reply(exc, extra)
    except RequestDataTooBig:
        return error_reply(TooLarge("请求体过大"))
    except (SuspiciousOperation, MultiPartParserError) as exc:
        log.warning("api: refused request to %s: %s", request.path, exc)
        return error_reply(BadRequest("请求格式有误，无法读取", code="malformed_request"))
    except Exception:
        log.exception("api: %s %s failed", request.method, request.path)
        return error_reply(InternalError("服务器出错了，已记录。请稍后重试；"
                                         "如一再出现，请联系管理员。"))


def _view(route: Route) -> Callable[..., HttpResponse]:
    @csrf_exempt
    def view(request: HttpRequest, **kwargs: str) -> HttpResponse:
        return serve(route, request, kwargs)

    view.__name__ = route.name
    view.__doc__ = route.path
    return view


@csrf_exempt
def unknown_path(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any other path under /api/: a JSON 404, not an HTML page."""
    return error_reply(NotFound(f"没有这个接口：{request.path[:200]}（接口列表见 "
                                "/api/openapi.json）", code="no_such_endpoint"))


def url_patterns() -> list[URLPattern]:
    """One pattern per route, then the JSON 404 for everything else under /api/."""
    return [*(re_path(r.regex, _view(r), name=r.name) for r in ROUTES),
            re_path(r"^(?P<rest>.*)$", unknown_path, name="api_unknown")]
