"""Pages of import and export: upload, progress, preview and confirm; a form, a selection
or the dataset as a download."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_GET, require_POST

from jixiao.core.values import normalize_text
from jixiao.services.records import parse_form
from jixiao.web import exports, imports
from jixiao.web.errors import RequestError
from jixiao.web.models import FormRecord, ImportJob
from jixiao.web.store import get_form, own_unit
from jixiao.web.views.common import page_errors

# ---------------------------------------------------------------- import


@login_required
@page_errors
def import_page(request: HttpRequest) -> HttpResponse:
    """The upload form and the unit's recent imports; a POST starts reading the files."""
    unit = own_unit(request.user)
    if request.method == "POST":
        try:
            job = imports.start_import(request.user, request.FILES.getlist("file"))
        except RequestError as exc:
            if exc.status == 403:
                raise
            return _upload_page(request, unit, error=exc.message, status=exc.status)
        return redirect("import_job", pk=job.pk)
    return _upload_page(request, unit)


def _upload_page(request: HttpRequest, unit: Any, *, error: str = "",
                 status: int = 200) -> HttpResponse:
    return render(request, "jixiao/import.html", {
        "unit": unit, "error": error, "accepted": imports.ACCEPTED,
        "max_mb": settings.JIXIAO_MAX_UPLOAD_MB, "jobs": imports.recent_jobs(request.user),
    }, status=status)


@login_required
@require_GET
@page_errors
def import_job_page(request: HttpRequest, pk: int) -> HttpResponse:
    """One import: its progress while reading, then the preview to confirm."""
    job = imports.get_job(request.user, pk)
    preview = job.preview or {}
    return render(request, "jixiao/import_job.html", {
        "job": job, "status": imports.job_status(job), "entries": _entries(job),
        "errors": [{"file": e["file"], "text": _without_file(e["message"], e["file"])}
                   for e in preview.get("errors", [])],
    })


def _entries(job: ImportJob) -> list[dict[str, Any]]:
    """The previewed forms as the page shows them: names, score, findings (the import's
    own JX0xx first), and whether the unit already has a form of that name and year."""
    existing = set(FormRecord.objects.filter(unit=job.unit).values_list("project_name", "year"))
    out = []
    for index, entry in enumerate((job.preview or {}).get("forms", [])):
        form = parse_form(entry["form"])
        findings = [{**f, "place": _place(f)} for f in entry.get("findings", [])]
        imported = [f for f in findings if f["code"].startswith("JX0")]
        checks = [f for f in findings if f not in imported]
        out.append({
            "index": index, "file": entry.get("file", ""), "project_name": form.project_name,
            "year": form.year, "unit": form.implementing_unit,
            "total": entry["score"]["total"], "grade": entry["score"]["grade"],
            "printed_total": form.total.score, "printed_grade": form.grade,
            # a printed grade the same in either script (優 is 优) is no difference to show
            "grade_differs": bool(form.grade)
            and normalize_text(form.grade or "") != (entry["score"]["grade"] or ""),
            "indicators": len(form.indicators), "count": len(findings),
            "errors": sum(f["severity"] == "error" for f in findings),
            "warnings": sum(f["severity"] == "warning" for f in findings),
            "imported": imported, "checks": checks,
            "check_levels": _levels(checks),
            "duplicate": (form.project_name[:300], form.year) in existing,
        })
    return out


def _levels(findings: list[dict[str, Any]]) -> str:
    """`错误 1 条、警告 11 条、提示 23 条`: the summary's count split as the badges are, so a
    count of 35 beside badges of 12 is not a puzzle."""
    names = (("error", "错误"), ("warning", "警告"), ("info", "提示"))
    counts = [(label, sum(f["severity"] == level for f in findings)) for level, label in names]
    return "、".join(f"{label} {n} 条" for label, n in counts if n)


def _place(finding: dict[str, Any]) -> str:
    """Where a finding points: the field, and the line or cell of the file."""
    source = finding.get("source")
    where = f"第 {source} 行" if isinstance(source, int) else (source or "")
    return "，".join(p for p in (finding.get("path") or "", where) if p)


def _without_file(message: str, file: str) -> str:
    """A reader's message without the file name it starts with (the page shows it already)."""
    return message.removeprefix(f"{file}: ")


@login_required
@require_GET
def import_status(request: HttpRequest, pk: int) -> JsonResponse:
    """The job's progress, polled by the import page every second."""
    try:
        job = imports.get_job(request.user, pk)
    except RequestError as exc:
        return JsonResponse({"error": {"code": exc.code, "message": exc.message}},
                            status=exc.status)
    return JsonResponse(imports.job_status(job))


@login_required
@require_POST
@page_errors
def import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """Create drafts of the ticked forms, then back to the list."""
    job = imports.get_job(request.user, pk)
    try:
        records = imports.confirm_import(request.user, job, request.POST.getlist("keep"))
    except RequestError as exc:
        if exc.status in (400, 409):
            messages.error(request, exc.message)
            return redirect("import_job", pk=job.pk)
        raise
    messages.success(request, f"已导入 {len(records)} 张自评表，均为草稿（来源：文件导入，"
                              "无批复目标）。")
    return redirect("forms")


# ---------------------------------------------------------------- export


def _download(export: exports.Export) -> HttpResponse:
    data, content_type, filename = export
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = exports.content_disposition(filename)
    response["Content-Length"] = str(len(data))
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
@page_errors
def form_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    return _download(exports.export_form(get_form(request.user, pk), fmt))


@login_required
@require_POST
@page_errors
def export_selection(request: HttpRequest) -> HttpResponse:
    ids = request.POST.getlist("ids")
    if not ids:
        messages.error(request, "请先勾选要导出的自评表。")
        return redirect("forms")
    return _download(exports.export_selection(request.user, ids,
                                              request.POST.get("format", "pdf")))


@login_required
@require_GET
@page_errors
def export_dataset(request: HttpRequest) -> HttpResponse:
    return _download(exports.export_dataset(request.user, request.GET))


urlpatterns = [
    path("imports/", import_page, name="imports"),
    path("imports/<int:pk>/", import_job_page, name="import_job"),
    path("imports/<int:pk>/status", import_status, name="import_status"),
    path("imports/<int:pk>/confirm", import_confirm, name="import_confirm"),
    path("forms/<int:pk>/export.<str:fmt>", form_export, name="form_export"),
    path("forms/export/", export_selection, name="export_selection"),
    path("forms/dataset/", export_dataset, name="export_dataset"),
]
