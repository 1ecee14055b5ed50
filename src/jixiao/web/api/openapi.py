"""The OpenAPI 3.1 document of the API, written from the route table (`routes.ROUTES`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from jixiao.web.api import schemas
from jixiao.web.api.routes import PATH_PARAMS, Operation, Route

API_PREFIX = "/api"

#: What each status means, in the document's responses.
STATUS_TEXT = {
    200: "成功", 201: "已创建", 400: "请求有误（JSON 格式、字段或表数据）",
    401: "缺少或无效的访问令牌", 403: "无权操作", 404: "没有这个对象，或不在您的范围内",
    405: "不支持此方法", 409: "冲突：版本已过时、状态不允许或存在错误级问题",
    413: "请求体过大", 428: "缺少 If-Match 版本号", 429: "登录失败次数过多",
    500: "服务器内部错误", 503: "暂不可用",
}
#: Statuses any operation may answer.
COMMON_ERRORS = (405, 413, 500)


def document(routes: Sequence[Route]) -> dict[str, Any]:
    """The whole document: info, security scheme, one path item per route, the shapes."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "jixiao 项目支出绩效自评系统 API",
            "version": "1",
            "description": "程序接口：令牌认证（先 POST /api/token，再带 Authorization: "
                           "Bearer 令牌）。所有错误均为 {\"error\": {\"code\", \"message\"}}，"
                           "message 为中文。他单位的对象一律 404。",
        },
        "servers": [{"url": "/"}],
        "components": {
            "schemas": schemas.components(),
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer",
                                           "description": "POST /api/token 获得的令牌"}},
            "responses": {str(s): _error_response(s) for s in sorted(STATUS_TEXT) if s >= 400},
        },
        "paths": {API_PREFIX + r.path: _path_item(r) for r in routes},
    }


def _path_item(route: Route) -> dict[str, Any]:
    item: dict[str, Any] = {}
    if route.params:
        item["parameters"] = [{"name": p, "in": "path", "required": True,
                               "description": PATH_PARAMS[p].description,
                               "schema": PATH_PARAMS[p].schema} for p in route.params]
    for method, op in route.methods.items():
        item[method.lower()] = _operation(op)
    return item


def _operation(op: Operation) -> dict[str, Any]:
    out: dict[str, Any] = {"operationId": op.operation_id, "summary": op.summary,
                           "security": [{"bearer": []}] if op.auth else []}
    if op.description:
        out["description"] = op.description
    if op.query:
        out["parameters"] = [{"name": q.name, "in": "query", "required": False,
                              "description": q.description, "schema": q.schema}
                             for q in op.query]
    if op.request:
        out["requestBody"] = _request_body(op.request)
    status, body = op.response
    responses: dict[str, Any] = {str(status): _success(status, body)}
    errors = set(op.errors) | set(COMMON_ERRORS) | ({401} if op.auth else set())
    for code in sorted(errors):
        responses[str(code)] = {"$ref": f"#/components/responses/{code}"}
    out["responses"] = responses
    return out


def _request_body(kind: str) -> dict[str, Any]:
    if kind == "multipart":
        schema = schemas.obj({"file": {"type": "string", "contentMediaType":
                                       "application/octet-stream",
                                       "description": "要导入的文件或 ZIP；可重复此字段"
                                                      "以上传多个文件"}})
        return {"required": True, "content": {"multipart/form-data": {"schema": schema}}}
    return {"required": True, "content": {"application/json": {"schema": schemas.ref(kind)}}}


def _success(status: int, body: str | tuple[str, ...]) -> dict[str, Any]:
    if isinstance(body, tuple):
        content = {t: {"schema": {"type": "string", "contentMediaType": t}} for t in body}
    else:
        content = {"application/json": {"schema": schemas.ref(body)}}
    return {"description": STATUS_TEXT[status], "content": content}


def _error_response(status: int) -> dict[str, Any]:
    return {"description": STATUS_TEXT[status],
            "content": {"application/json": {"schema": schemas.ref("Error")}}}
