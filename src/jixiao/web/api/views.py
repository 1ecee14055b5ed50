"""The API's handlers: each reads its call, asks `store` (and through it `jixiao.services`) and
answers JSON. Scopes, workflow rules and scores are decided there, never here."""

from __future__ import annotations

import logging
from typing import Any

from django.db import DatabaseError, connection
from django.db.models import QuerySet
from django.db.models.fields.json import KT
from django.http import HttpResponse
from django.urls import reverse

from jixiao.core.money import fmt2
from jixiao.services.present import finding_to_dict, score_to_dict
from jixiao.services.records import FormDataError, parse_form
from jixiao.services.workflow import Status
from jixiao.web import store
from jixiao.web.api.auth import new_token
from jixiao.web.api.call import Call
from jixiao.web.api.paging import page_of
from jixiao.web.api.responses import json_object, json_reply, text_field
from jixiao.web.errors import BadRequest, PreconditionRequired, Unavailable
from jixiao.web.exports import FORM_TYPES, content_disposition, export_form
from jixiao.web.imports import import_upload
from jixiao.web.models import FormRecord

log = logging.getLogger(__name__)

#: Export formats, as in `/api/forms/{id}/export.{format}`: those of the export service.
EXPORT_FORMATS = tuple(FORM_TYPES)


# ---------------------------------------------------------------- no login


def health(call: Call) -> HttpResponse:
    """The server answers and reaches its database."""
    try:
        connection.ensure_connection()
    except DatabaseError:
        log.exception("health: database unreachable")
        raise Unavailable("数据库无法连接", code="database_unavailable") from None
    return json_reply({"status": "ok"})


def token(call: Call) -> HttpResponse:
    body = json_object(call.request)
    issued = new_token(call.request, text_field(body, "username", required=True),
                       text_field(body, "password", required=True))
    return json_reply({"token": issued})


def public_forms(call: Call) -> HttpResponse:
    """Published forms (信息公开), optionally of one year or department."""
    forms = FormRecord.objects.filter(status=Status.PUBLISHED.value).select_related(
        "unit", "unit__department").order_by("-year", "unit__department__name", "unit__name",
                                             "project_name", "id")
    query = call.request.GET
    year = query.get("year", "").strip()
    if year:
        forms = forms.filter(year=_year(year))
    department = query.get("department", "").strip()
    if department:
        forms = forms.filter(unit__department__name=department)
    rows, headers = page_of(call.request, listing(forms))
    return json_reply([public_summary(r) for r in rows], headers=headers)


# ---------------------------------------------------------------- the caller's forms


def list_forms(call: Call) -> HttpResponse:
    """The forms the caller may see, optionally of one year or status."""
    forms = store.visible_forms(call.user)
    query = call.request.GET
    year = query.get("year", "").strip()
    if year:
        forms = forms.filter(year=_year(year))
    status = query.get("status", "").strip()
    if status:
        forms = forms.filter(status=_status(status).value)
    rows, headers = page_of(call.request, listing(forms))
    return json_reply([form_summary(r) for r in rows], headers=headers)


def create_form(call: Call) -> HttpResponse:
    """A new draft of the caller's unit from one schema-1 form (201)."""
    unit = store.own_unit(call.user)
    data, _reasons = form_payload(json_object(call.request))
    try:
        form = parse_form(data)
    except FormDataError as exc:
        raise invalid_form(exc) from exc
    record = store.create_form(call.user, unit, store.form_with_unit(form, unit),
                               origin=FormRecord.Origin.ENTERED, source_name="API")
    return json_reply(form_envelope(record), status=201, headers={
        "Location": reverse("api_form", kwargs={"id": record.pk}), **version_tag(record)})


def read_form(call: Call) -> HttpResponse:
    record = store.get_form(call.user, call.params["id"])
    return json_reply(form_envelope(record), headers=version_tag(record))


def update_form(call: Call) -> HttpResponse:
    """Save a new version of a form edited on the version named by `If-Match`."""
    record = store.get_form(call.user, call.params["id"])
    base = if_match_version(call.request.META.get("HTTP_IF_MATCH"))
    data, reasons = form_payload(json_object(call.request))
    try:
        record = store.save_form(call.user, record, data, base, reasons)
    except BadRequest as exc:
        if isinstance(exc.__cause__, FormDataError):
            raise invalid_form(exc.__cause__) from exc
        raise
    return json_reply(form_envelope(record), headers=version_tag(record))


def form_score(call: Call) -> HttpResponse:
    """What `jixiao score --format json` gives for the form, and `total_note`: what the
    total took unchecked (the printed 得分 of rows without a 分值)."""
    record = store.get_form(call.user, call.params["id"])
    return json_reply(score_to_dict(store.evaluation_of(record), with_note=True))


def form_findings(call: Call) -> HttpResponse:
    """What `jixiao check --format json` gives for the form."""
    record = store.get_form(call.user, call.params["id"])
    return json_reply([finding_to_dict(f) for f in store.evaluation_of(record).findings])


def form_transition(call: Call) -> HttpResponse:
    """One workflow step: submit, withdraw, return, approve, review or publish."""
    record = store.get_form(call.user, call.params["id"])
    body = json_object(call.request)
    rescores = body.get("rescores")
    if rescores is not None and not isinstance(rescores, list):
        raise BadRequest("字段 rescores 应为数组：[{\"index\", \"score\", \"reason\"}]",
                         code="invalid_rescores")
    record = store.transition(call.user, record, text_field(body, "action", required=True),
                              text_field(body, "comment"), rescores)
    return json_reply({"id": record.pk, "status": record.status, "version": record.version,
                       "reviewed_total": fmt2(record.reviewed_total)},
                      headers=version_tag(record))


def form_history(call: Call) -> HttpResponse:
    record = store.get_form(call.user, call.params["id"])
    return json_reply(store.history(record))


def form_export(call: Call) -> HttpResponse:
    """The form as a file in the official layout (PDF, XLSX, DOCX, HTML) or as JSON."""
    record = store.get_form(call.user, call.params["id"])
    content, content_type, filename = export_form(record, call.params["format"])
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename)
    return response


def create_import(call: Call) -> HttpResponse:
    """Drafts of the caller's unit from the uploaded files (field `file`, repeatable; a ZIP
    holds many) (201); the files that cannot be read are listed in `errors`."""
    store.own_unit(call.user)
    uploads = call.request.FILES.getlist("file")
    if not uploads:
        raise BadRequest("请以 multipart/form-data 上传文件，字段名为 file", code="missing_file")
    return json_reply(import_upload(call.user, uploads), status=201)


# ---------------------------------------------------------------- shapes


def listing(forms: QuerySet[FormRecord]) -> QuerySet[FormRecord]:
    """Forms for a list: the form's 实施单位 read in the database, the stored form itself
    (tens of KB each) left there."""
    return forms.annotate(form_unit=KT("data__implementing_unit")).defer(
        "data", "rescores", "target_reasons", "finding_codes")


def form_summary(record: FormRecord) -> dict[str, Any]:
    """A line of `GET /api/forms`."""
    return {"id": record.pk, "project_name": record.project_name,
            "implementing_unit": _implementing_unit(record), "year": record.year,
            "status": record.status, "version": record.version,
            "total": fmt2(record.total), "grade": record.grade or None}


def public_summary(record: FormRecord) -> dict[str, Any]:
    """A line of `GET /api/public/forms`: what 信息公开 shows of a published form."""
    return {"id": record.pk, "project_name": record.project_name,
            "implementing_unit": _implementing_unit(record),
            "department": record.unit.department.name, "year": record.year,
            "total": fmt2(record.total), "grade": record.grade or None,
            "reviewed_total": fmt2(record.reviewed_total),
            "published_at": record.published_at.isoformat() if record.published_at else None}


def form_envelope(record: FormRecord) -> dict[str, Any]:
    """`{"id", "status", "version", "form"}`: the form in schema 1 with its state."""
    return {"id": record.pk, "status": record.status, "version": record.version,
            "form": record.data}


def version_tag(record: FormRecord) -> dict[str, str]:
    """The version as an ETag, to send back in `If-Match`."""
    return {"ETag": f'"{record.version}"'}


def _implementing_unit(record: FormRecord) -> str:
    """The form's 实施单位 (annotated by `listing`), else the unit that files it."""
    return getattr(record, "form_unit", None) or record.unit.name


# ---------------------------------------------------------------- reading requests


def form_payload(body: dict[str, Any]) -> tuple[Any, dict[str, str] | None]:
    """A schema-1 form, or `{"form": …, "target_reasons": {行号: 理由}}` for a form made from
    approved targets whose targets change (a schema-1 form always has `schema_version`)."""
    if "schema_version" in body or "form" not in body:
        return body, None
    unknown = sorted(set(body) - {"form", "target_reasons"})
    if unknown:
        raise BadRequest(f"$.{unknown[0]}: 未知字段（请求体应为 schema 1 自评表，或 "
                         "{\"form\", \"target_reasons\"}）", code="invalid_form")
    reasons = body.get("target_reasons")
    if reasons is not None and not (isinstance(reasons, dict) and all(
            isinstance(v, str) for v in reasons.values())):
        raise BadRequest("$.target_reasons: 应为对象 {\"行号\": \"修改理由\"}",
                         code="invalid_form")
    return body["form"], reasons


def invalid_form(exc: FormDataError) -> BadRequest:
    """A form that is not schema 1; the message and `path` name the JSON place."""
    path = getattr(exc.__cause__, "path", None)
    return BadRequest(str(exc), code="invalid_form", details={"path": path} if path else None)


def if_match_version(header: str | None) -> int:
    """The version of `If-Match: 3` (or `"3"`, `W/"3"`); 428 when absent."""
    if header is None or not header.strip():
        raise PreconditionRequired(
            "缺少 If-Match 请求头：请写明您修改所依据的版本号（GET 时的 version），"
            "以免覆盖他人的修改")
    text = header.strip().removeprefix("W/").strip('"').strip()
    if not text.isdigit() or len(text) > 9:
        raise BadRequest(f"If-Match 应为版本号（如 3），收到“{header.strip()[:40]}”",
                         code="invalid_if_match")
    return int(text)


def _year(text: str) -> int:
    if not (text.isdigit() and len(text) == 4):
        raise BadRequest(f"参数 year 应为四位年份，收到“{text[:20]}”", code="invalid_query")
    return int(text)


def _status(text: str) -> Status:
    try:
        return Status(text)
    except ValueError:
        known = "、".join(s.value for s in Status)
        raise BadRequest(f"参数 status 应为 {known} 之一，收到“{text[:20]}”",
                         code="invalid_query") from None
