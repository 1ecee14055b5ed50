"""The API's answers: JSON bodies, the one error shape `{"error": {"code", "message"}}`, and
the request bodies it reads (JSON objects, with size limits)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, JsonResponse

from jixiao.web.errors import BadRequest, RequestError, TooLarge, error_body

#: A JSON body is one form or one workflow step: a seed form is about 20 KB, so 2 MB leaves
#: room for the largest real forms while refusing accidental uploads early.
MAX_JSON_BYTES = 2 * 1024 * 1024


def json_reply(data: Any, status: int = 200, headers: dict[str, str] | None = None,
               ) -> JsonResponse:
    """A JSON answer; Chinese stays readable (no \\u escapes)."""
    return JsonResponse(data, status=status, safe=False, headers=headers,
                        encoder=DjangoJSONEncoder, json_dumps_params={"ensure_ascii": False})


def error_reply(exc: RequestError, headers: dict[str, str] | None = None) -> JsonResponse:
    """The one error shape: `{"error": {"code", "message", …details}}`."""
    return json_reply(error_body(exc), status=exc.status, headers=headers)


def max_upload_bytes() -> int:
    """The largest upload the import endpoint reads (`JIXIAO_MAX_UPLOAD_MB`)."""
    return int(getattr(settings, "JIXIAO_MAX_UPLOAD_MB", 50)) * 1024 * 1024


def check_length(request: HttpRequest, limit: int) -> None:
    """Refuse a body over `limit` bytes by its declared length, before reading it (413)."""
    declared = request.META.get("CONTENT_LENGTH") or "0"
    try:
        length = int(declared)
    except ValueError:
        raise BadRequest("请求头 Content-Length 不是数字", code="bad_length") from None
    if length > limit:
        raise TooLarge(f"请求体过大：{length} 字节，上限 {limit} 字节")


def _no_constants(name: str) -> Any:
    raise ValueError(f"不是合法的 JSON 数值：{name}")


def json_object(request: HttpRequest) -> dict[str, Any]:
    """The request body as a JSON object; numbers with decimals read as Decimal, never float."""
    raw = request.body
    if len(raw) > MAX_JSON_BYTES:
        raise TooLarge(f"请求体过大：{len(raw)} 字节，上限 {MAX_JSON_BYTES} 字节")
    if not raw.strip():
        raise BadRequest("请求体为空：应为 JSON 对象", code="invalid_json")
    try:
        data = json.loads(raw.decode("utf-8"), parse_float=Decimal,
                          parse_constant=_no_constants)
    except UnicodeDecodeError:
        raise BadRequest("请求体不是 UTF-8 编码的 JSON", code="invalid_json") from None
    except json.JSONDecodeError as exc:
        raise BadRequest(f"请求体不是合法的 JSON：第 {exc.lineno} 行第 {exc.colno} 列，"
                         f"{_json_problem(exc.msg)}", code="invalid_json") from None
    except ValueError as exc:
        raise BadRequest(str(exc), code="invalid_json") from None
    if not isinstance(data, dict):
        raise BadRequest("请求体应为 JSON 对象（{…}）", code="invalid_json")
    return data


_JSON_PROBLEMS = {
    "Expecting value": "缺少值",
    "Expecting property name enclosed in double quotes": "字段名应以双引号括起",
    "Expecting ',' delimiter": "缺少逗号",
    "Expecting ':' delimiter": "缺少冒号",
    "Extra data": "多余的内容",
    "Unterminated string starting at": "字符串未结束",
    "Invalid control character at": "字符串中有控制字符",
}


def _json_problem(msg: str) -> str:
    return _JSON_PROBLEMS.get(msg, "格式错误")


def text_field(body: dict[str, Any], key: str, *, required: bool = False) -> str:
    """A string member of a JSON body (`""` when absent and optional)."""
    value = body.get(key)
    if value is None:
        if required:
            raise BadRequest(f"缺少字段 {key}", code="invalid_body")
        return ""
    if not isinstance(value, str):
        raise BadRequest(f"字段 {key} 应为字符串", code="invalid_body")
    return value
