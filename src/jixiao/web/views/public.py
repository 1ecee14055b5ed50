"""The public pages (信息公开), open without login: the forms finance published, by year and
department, each viewable in the official layout and downloadable as PDF, XLSX or JSON — and
the list as data. Nothing else is ever shown here: any other form's id is not found (404)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.html import escape
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from jixiao.services.export import ExportError
from jixiao.services.export import render as render_export
from jixiao.web import analytics
from jixiao.web.errors import NotFound
from jixiao.web.models import FormRecord
from jixiao.web.store import evaluation_of
from jixiao.web.views.common import error_page, page_errors

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json; charset=utf-8",
    "html": "text/html; charset=utf-8",
}
PAGE_SIZE = 50


def _filters(request: HttpRequest) -> dict[str, str]:
    return {k: request.GET.get(k, "").strip()[:100] for k in ("year", "department", "q")}


def _selected(filters: dict[str, str]) -> QuerySet[FormRecord]:
    forms = analytics.filter_forms(analytics.published_forms(), filters["year"],
                                   filters["department"])
    if filters["q"]:
        forms = forms.filter(Q(project_name__icontains=filters["q"])
                             | Q(unit__name__icontains=filters["q"]))
    return forms


def _published(pk: int) -> FormRecord:
    """A published form; a draft's (or any unpublished form's) id is simply not found."""
    record = analytics.published_forms().filter(pk=pk).first()
    if record is None:
        raise NotFound("没有这张已公开的自评表")
    return record


@require_GET
def public_forms(request: HttpRequest) -> HttpResponse:
    """The published forms, filtered by year, department and a keyword."""
    filters = _filters(request)
    page = Paginator(_selected(filters), PAGE_SIZE).get_page(request.GET.get("page"))
    years = analytics.years_of(analytics.published_forms())
    return render(request, "jixiao/public_list.html", {
        "page": page, "filters": filters, "years": years,
        "departments": analytics.published_departments(),
        "formats": analytics.PUBLIC_FORMATS,
        "json_url": reverse("public_forms_json"),
    })


@require_GET
def public_forms_json(request: HttpRequest) -> StreamingHttpResponse:
    """The published forms as data (same filters as the page), one object per form; written
    as it is read from the database, so a region's whole year is never held at once."""
    rows = _selected(_filters(request)).iterator(chunk_size=500)
    return StreamingHttpResponse(_json_array(analytics.public_row(r) for r in rows),
                                 content_type="application/json; charset=utf-8")


def _json_array(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    encode = DjangoJSONEncoder(ensure_ascii=False).encode
    yield "["
    for k, row in enumerate(rows):
        yield ("," if k else "") + encode(row)
    yield "]"


@require_GET
@page_errors
def public_form(request: HttpRequest, pk: int) -> HttpResponse:
    """One published form: its facts, the official layout to open, the downloads."""
    record = _published(pk)
    return render(request, "jixiao/public_form.html", {
        "record": record, "row": analytics.public_row(record),
        "formats": analytics.PUBLIC_FORMATS,
    })


@require_GET
@page_errors
def public_document(request: HttpRequest, pk: int) -> HttpResponse:
    """The form in the official layout as its own HTML document (the HTML writer's), with a
    bar linking back to the public pages (hidden when printed)."""
    record = _published(pk)
    try:
        html = render_export([evaluation_of(record)], "form.html").decode("utf-8")
    except ExportError as exc:
        return error_page(request, 500, str(exc))
    return HttpResponse(_with_back_link(html, record), content_type=CONTENT_TYPES["html"])


#: The bar on top of a public document; styled inline (the CSP allows inline styles only).
BACK_BAR = (
    '<nav class="jx-public-bar" aria-label="信息公开" style="font-family:\'WenQuanYi Micro Hei\','
    '\'Microsoft YaHei\',sans-serif;font-size:14px;background:#a61b1b;color:#fff;padding:8px 16px">'
    '<a href="{back}" style="color:#fff">← 返回信息公开</a>　'
    '<a href="{form}" style="color:#fff">{name}</a>　下载：{downloads}</nav>\n'
)
PRINT_STYLE = "<style>@media print { .jx-public-bar { display: none; } }</style>\n"


def _with_back_link(html: str, record: FormRecord) -> str:
    downloads = "　".join(
        f'<a href="{reverse("public_download", args=[record.pk, fmt])}" style="color:#fff">'
        f"{fmt.upper()}</a>" for fmt in analytics.PUBLIC_FORMATS)
    bar = BACK_BAR.format(back=reverse("public_forms"),
                          form=reverse("public_form", args=[record.pk]),
                          name=escape(record.project_name), downloads=downloads)
    html = html.replace("</head>", PRINT_STYLE + "</head>", 1)
    head, found, rest = html.partition("<body>\n")
    return head + found + bar + rest if found else html


@require_GET
@page_errors
def public_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """A published form as a file: PDF or XLSX in the official layout, or its JSON data."""
    record = _published(pk)
    if fmt not in analytics.PUBLIC_FORMATS:
        raise NotFound(f"不提供“{fmt}”格式，可用：{'、'.join(analytics.PUBLIC_FORMATS)}")
    try:
        content = render_export([evaluation_of(record)], f"form.{fmt}")
    except ExportError as exc:
        return error_page(request, 500, str(exc))
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    name = f"{record.year or ''}{record.project_name or '自评表'}-绩效自评表.{fmt}"
    response.headers["Content-Disposition"] = content_disposition_header(True, name)
    return response


urlpatterns = [
    path("", public_forms, name="public_forms"),
    path("forms.json", public_forms_json, name="public_forms_json"),
    path("forms/<int:pk>/", public_form, name="public_form"),
    path("forms/<int:pk>/document.html", public_document, name="public_document"),
    path("forms/<int:pk>/download.<str:fmt>", public_download, name="public_download"),
]
