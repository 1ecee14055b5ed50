"""Import (导入): a unit uploads documents (or a ZIP of many), the forms are read in the
background with progress, previewed with their import findings and scores, and the ones the
unit keeps become drafts — all of them, or none, in one transaction.

Reading and scoring are the services' (`services.intake`, `services.evaluate`); this module
checks the upload, keeps the job's progress in `ImportJob` and stores the confirmed drafts.
The uploaded bytes wait in the data folder (`uploads/job-N/`), never in the database, and are
deleted once read.
"""

from __future__ import annotations

import logging
import re
import shutil
import time
from collections.abc import Collection, Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from jixiao.core.money import fmt2
from jixiao.services.evaluate import evaluate
from jixiao.services.intake import (
    FileError,
    SourceFile,
    UploadReading,
    looks_like_document,
    read_upload,
    split_uploads,
)
from jixiao.services.present import finding_to_dict
from jixiao.services.records import FormDataError, canonical, parse_form, profile_named
from jixiao.web.errors import BadRequest, Conflict, NotFound, TooLarge
from jixiao.web.models import FormRecord, ImportJob, Unit
from jixiao.web.store import create_form, form_with_unit, own_unit

log = logging.getLogger(__name__)

#: What the upload field takes, for messages and the page.
ACCEPTED = ("PDF、Excel（XLSX/XLS/ET/ODS）、Word（DOCX/DOC/WPS/ODT/RTF）、网页（HTML）、"
            "文本（TXT）、JSON，或装有这些文件的 ZIP 压缩包")
#: Upload folders older than this are left-overs of jobs that never ran (server stopped).
_STALE_SECONDS = 2 * 24 * 3600
_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f]+")


# ---------------------------------------------------------------- the upload


def checked_sources(files: Sequence[UploadedFile]) -> tuple[list[SourceFile], list[FileError]]:
    """The uploaded files' names and bytes, and the files set aside: an empty file or one of
    a kind that cannot hold a form (judged by content, not by name) is named in the second
    list with its reason, so that one stray file does not cost the others.

    Raises:
        BadRequest: no file, or no file that can be imported (each file and why named).
        TooLarge: more than `JIXIAO_MAX_UPLOAD_MB` in all.
    """
    if not files:
        raise BadRequest("请选择要导入的文件", code="no_file")
    limit = settings.JIXIAO_MAX_UPLOAD_MB * 1024 * 1024
    total = sum(f.size or 0 for f in files)
    if total > limit:
        names = "、".join(display_name(f.name) for f in files)
        raise TooLarge(f"{names}: 上传文件过大（{total / 1048576:.1f} MB，上限 "
                       f"{settings.JIXIAO_MAX_UPLOAD_MB} MB）；请分批上传",
                       code="upload_too_large")
    sources: list[SourceFile] = []
    refused: list[tuple[str, str, str]] = []  # (name, code, reason)
    for upload in files:
        name = display_name(upload.name)
        data = upload.read()
        if not data:
            refused.append((name, "empty_file", "文件为空"))
        elif not looks_like_document(data):
            refused.append((name, "unsupported_type", "不是可导入的文件类型"))
        else:
            sources.append(SourceFile(name, data))
    set_aside = [FileError(name, _refusal(name, code, reason)) for name, code, reason in refused]
    if not sources:
        codes = {code for _, code, _ in refused}
        reasons = "；".join(f"{name}: {reason}" for name, _, reason in refused)
        hint = _accepted_hint(codes)
        prefix = "" if len(refused) == 1 else "没有可导入的文件："
        raise BadRequest(f"{prefix}{reasons}{hint}",
                         code=codes.pop() if len(codes) == 1 else "no_importable_file",
                         details={"errors": [_error(e) for e in set_aside]})
    return sources, set_aside


def _refusal(name: str, code: str, reason: str) -> str:
    return f"{name}: {reason}{_accepted_hint({code})}"


def _accepted_hint(codes: Collection[str]) -> str:
    """What can be imported, said once after the reasons when a file was of another type."""
    return f"。可导入 {ACCEPTED}" if "unsupported_type" in codes else ""


def display_name(name: str | None) -> str:
    """An uploaded file's name as shown in messages (no path, no control characters)."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    return _UNSAFE_NAME.sub("", base).strip()[:200] or "（未命名文件）"


# ---------------------------------------------------------------- reading in the background


def start_import(user: Any, files: Sequence[UploadedFile]) -> ImportJob:
    """Check the upload, keep its bytes in the data folder and queue the reading.

    Raises:
        Forbidden: the user is not a unit's; BadRequest / TooLarge: see `checked_sources`.
    """
    unit = own_unit(user)
    sources, set_aside = checked_sources(files)
    _sweep_stale_uploads()
    names = [display_name(f.name) for f in files]
    job = ImportJob.objects.create(
        owner=user, unit=unit, file_name="、".join(names)[:300], total_files=len(sources))
    folder = _job_folder(job.pk)
    folder.mkdir(parents=True, exist_ok=True)
    stored = []
    for n, source in enumerate(sources):
        path = folder / f"{n}.upload"
        path.write_bytes(source.data)
        stored.append((source.name, str(path)))
    from jixiao.web.tasks import read_import  # the task module imports this one

    read_import(job.pk, stored, [(e.file, e.message) for e in set_aside])
    return job


def _uploads_root() -> Path:
    return Path(settings.DATA_DIR) / "uploads"


def _job_folder(job_id: int) -> Path:
    return _uploads_root() / f"job-{int(job_id)}"


def _sweep_stale_uploads() -> None:
    root = _uploads_root()
    if not root.is_dir():
        return
    cutoff = time.time() - _STALE_SECONDS
    for folder in root.glob("job-*"):
        try:
            if folder.stat().st_mtime < cutoff:
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            continue


def run_import(job_id: int, stored: Sequence[tuple[str, str]],
               set_aside: Sequence[tuple[str, str]] = ()) -> None:
    """The background reading of job `job_id`: progress as it goes, then the preview (or
    the reason it failed), listing first the files set aside at upload (`(name, reason)`,
    see `checked_sources`). The uploaded files are deleted in any case."""
    try:
        job = ImportJob.objects.select_related("unit__department").get(pk=job_id)
    except ImportJob.DoesNotExist:
        shutil.rmtree(_job_folder(job_id), ignore_errors=True)
        return
    _set(job, status=ImportJob.JobStatus.RUNNING)
    try:
        sources = [SourceFile(name, Path(path).read_bytes()) for name, path in stored]
        reading = read_upload(split_uploads(sources),
                              lambda done, total: _set(job, done_files=done, total_files=total))
        reading.errors[:0] = [FileError(name, message) for name, message in set_aside]
        counted = len(set_aside)  # the files set aside count among the upload's files
        _set(job, status=ImportJob.JobStatus.READY, preview=preview_of(reading, job.unit),
             done_files=job.done_files + counted, total_files=job.total_files + counted)
    except Exception:  # any failure ends the job with a message instead of "reading…" forever
        log.exception("import job %s failed", job_id)
        _set(job, status=ImportJob.JobStatus.FAILED,
             message="读取过程中出现内部错误，已记录。请重试；如一再出现，请联系管理员。")
    finally:
        shutil.rmtree(_job_folder(job_id), ignore_errors=True)


def _set(job: ImportJob, **fields: Any) -> None:
    for key, value in fields.items():
        setattr(job, key, value)
    ImportJob.objects.filter(pk=job.pk).update(**fields)


def preview_of(reading: UploadReading, unit: Unit) -> dict[str, Any]:
    """The preview of an upload's forms as the unit would file them: each form (schema 1,
    实施单位/主管部门 filled from the unit when empty) with its import findings and checks
    and its total and grade under the department's profile; then the files that failed."""
    profile = profile_named(unit.department.profile)
    forms = []
    for file_forms in reading.forms:
        for result in file_forms.results:
            form = form_with_unit(result.form, unit)
            ev = evaluate(replace(result, form=form), profile)
            forms.append({
                "file": file_forms.file, "form": canonical(form),
                "findings": [finding_to_dict(f) for f in ev.findings],
                "score": {"total": fmt2(ev.scorecard.total.value), "grade": ev.scorecard.grade},
            })
    return {"forms": forms, "errors": [_error(e) for e in reading.errors]}


def _error(error: FileError) -> dict[str, str]:
    return {"file": error.file, "message": error.message}


# ---------------------------------------------------------------- the job and its preview


def get_job(user: Any, pk: Any) -> ImportJob:
    """One of the user's own import jobs; anybody else's is not found."""
    unit = own_unit(user)
    try:
        return ImportJob.objects.get(pk=int(pk), owner=user, unit=unit)
    except (ImportJob.DoesNotExist, ValueError, TypeError):
        raise NotFound("没有这次导入，或您无权查看") from None


def job_status(job: ImportJob) -> dict[str, Any]:
    """The small status object the import page polls."""
    return {"id": job.pk, "status": job.status, "status_label": job.get_status_display(),
            "total_files": job.total_files, "done_files": job.done_files,
            "message": job.message,
            "finished": job.status not in (ImportJob.JobStatus.PENDING,
                                           ImportJob.JobStatus.RUNNING)}


def recent_jobs(user: Any, count: int = 10) -> list[ImportJob]:
    return list(ImportJob.objects.filter(owner=user).order_by("-created_at", "-id")[:count])


@transaction.atomic
def confirm_import(user: Any, job: ImportJob, keep: Iterable[Any]) -> list[FormRecord]:
    """Create the drafts of the previewed forms the unit ticked (indices into the preview),
    in one transaction; the job is then done and cannot be confirmed twice.

    Raises:
        Conflict: the job is not waiting for confirmation; BadRequest: nothing ticked.
    """
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.status != ImportJob.JobStatus.READY:
        raise Conflict(f"这次导入处于“{job.get_status_display()}”状态，不能再确认",
                       code="import_not_ready")
    entries = job.preview.get("forms", [])
    chosen = _chosen(keep, len(entries))
    records = [_create(user, job.unit, entries[i]) for i in chosen]
    job.status = ImportJob.JobStatus.DONE
    job.message = f"已导入 {len(records)} 张自评表"
    job.save(update_fields=["status", "message"])
    return records


def _chosen(keep: Iterable[Any], count: int) -> list[int]:
    chosen = sorted({int(k) for k in keep if str(k).isdigit() and int(k) < count})
    if not chosen:
        raise BadRequest("请至少勾选一张要导入的表", code="nothing_chosen")
    return chosen


def _create(user: Any, unit: Unit, entry: dict[str, Any]) -> FormRecord:
    try:
        form = parse_form(entry["form"])
    except FormDataError as exc:  # the preview was written by us: only a schema change
        raise BadRequest(f"{entry.get('file')}: {exc}", code="invalid_form") from exc
    read = [f for f in entry.get("findings", []) if str(f.get("code", "")).startswith("JX0")]
    return create_form(user, unit, form, origin=FormRecord.Origin.IMPORTED,
                       source_name=str(entry.get("file") or ""), import_findings=read)


# ---------------------------------------------------------------- for programs


def import_upload(user: Any, files: Sequence[UploadedFile]) -> dict[str, Any]:
    """`POST /api/imports`: read the uploaded files now and create a draft of every form in
    them; an empty or unsupported file is listed in `errors` and does not stop the others.

    Returns `{"forms": [{"id", "project_name", "findings"}], "errors": [{"file", "message"}]}`;
    `findings` are the import's and the checks' (`jixiao check --format json` objects).

    Raises:
        Forbidden: not a unit's user. TooLarge: over `JIXIAO_MAX_UPLOAD_MB`.
        BadRequest: no file, no file that can be imported, or no form in any file (the
            per-file reasons in the message and in `details["errors"]`).
    """
    unit = own_unit(user)
    sources, set_aside = checked_sources(files)
    reading = read_upload(split_uploads(sources))
    reading.errors[:0] = set_aside
    preview = preview_of(reading, unit)
    if not preview["forms"]:
        reasons = "；".join(e["message"] for e in preview["errors"]) or "未找到绩效自评表"
        raise BadRequest(f"没有可导入的自评表：{reasons}", code="no_forms",
                         details={"errors": preview["errors"]})
    with transaction.atomic():
        records = [_create(user, unit, entry) for entry in preview["forms"]]
    return {"forms": [{"id": r.pk, "project_name": r.project_name,
                       "findings": entry["findings"]}
                      for r, entry in zip(records, preview["forms"], strict=True)],
            "errors": preview["errors"]}
