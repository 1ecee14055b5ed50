"""Export (导出): one form through the writers (PDF official layout, XLSX, DOCX 自评报告, HTML,
JSON), a selection of forms as a ZIP, and the analysts' dataset (XLSX, CSV) of the forms a
list shows. Every form passes `store.get_form` / `visible_forms`: another unit's is not found.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from django.utils import timezone

from jixiao.services.dataset import DatasetForm, render_dataset
from jixiao.services.export import ExportError, render
from jixiao.services.records import profile_named
from jixiao.web.errors import BadRequest, NotFound, RequestError
from jixiao.web.models import FormRecord
from jixiao.web.store import evaluation_of, filtered_forms, get_form

#: Formats of one form, with their content types.
FORM_TYPES: dict[str, str] = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html; charset=utf-8",
    "json": "application/json; charset=utf-8",
}
DATASET_TYPES: dict[str, str] = {
    "xlsx": FORM_TYPES["xlsx"],
    "csv": "text/csv; charset=utf-8",
}
ZIP_TYPE = "application/zip"
#: Most forms one selection ZIP may hold (each PDF takes a moment to draw).
MAX_SELECTION = 200
#: Characters kept in file names: letters and digits of any script, a few marks; the rest
#: (path separators, `:*?"<>|`, spaces, control characters) become `_`.
_UNSAFE = re.compile(r"[^\w（）()\-]+")
_ASCII_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_NAME_LENGTH = 60

Export = tuple[bytes, str, str]


class ExportFailed(RequestError):
    """A file the writers could not produce (e.g. no CJK font for the PDF)."""

    status, code = 500, "export_failed"


def safe_stem(text: str | None, fallback: str = "自评表") -> str:
    """A file-name stem from free text: safe characters only, never empty, not too long."""
    stem = _UNSAFE.sub("_", text or "").strip("_.")[:_NAME_LENGTH].strip("_")
    return stem or fallback


def form_filename(record: FormRecord, fmt: str) -> str:
    """`项目名称-ID.fmt`: readable, unique within a selection, safe on every system."""
    return f"{safe_stem(record.project_name)}-{record.pk}.{fmt}"


def content_disposition(filename: str) -> str:
    """`attachment` with an ASCII fallback and the UTF-8 name (RFC 6266 / RFC 5987)."""
    fallback = _ASCII_UNSAFE.sub("_", filename).strip("_-.") or "download"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def _format(fmt: str, allowed: Mapping[str, str]) -> str:
    fmt = (fmt or "").lower().lstrip(".")
    if fmt not in allowed:
        raise NotFound(f"不支持的导出格式“{fmt}”，可用 {'、'.join(allowed)}")
    return fmt


def _render(records: Sequence[FormRecord], fmt: str) -> bytes:
    try:
        return render([evaluation_of(r) for r in records], "x." + fmt)
    except ExportError as exc:
        raise ExportFailed(f"导出失败：{exc}") from exc


# ---------------------------------------------------------------- one form, a selection


def export_form(record: FormRecord, fmt: str) -> Export:
    """The form (already checked visible) as `fmt`: (bytes, content type, file name).

    Raises:
        NotFound: an unknown format. ExportFailed: the writer could not draw it.
    """
    fmt = _format(fmt, FORM_TYPES)
    return _render([record], fmt), FORM_TYPES[fmt], form_filename(record, fmt)


def export_selection(user: Any, ids: Iterable[Any], fmt: str) -> Export:
    """The chosen forms as a ZIP with one `fmt` file each.

    Raises:
        BadRequest: nothing chosen, or too many. NotFound: a form the user may not see, or
            an unknown format.
    """
    fmt = _format(fmt, FORM_TYPES)
    chosen = list(dict.fromkeys(str(i).strip() for i in ids if str(i).strip()))
    if not chosen:
        raise BadRequest("请先勾选要导出的自评表", code="nothing_chosen")
    if len(chosen) > MAX_SELECTION:
        raise BadRequest(f"一次最多导出 {MAX_SELECTION} 张表，请分批导出", code="too_many")
    records = [get_form(user, pk) for pk in chosen]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for record in records:
            archive.writestr(form_filename(record, fmt), _render([record], fmt))
    stamp = timezone.localdate().strftime("%Y%m%d")
    return buffer.getvalue(), ZIP_TYPE, f"自评表-{len(records)}张-{stamp}.zip"


# ---------------------------------------------------------------- the dataset


def export_dataset(user: Any, params: Mapping[str, str]) -> Export:
    """One row per indicator of every visible form the filters select, as `params["format"]`
    (`xlsx` or `csv`).

    Raises:
        NotFound: an unknown format.
    """
    fmt = _format(params.get("format") or "xlsx", DATASET_TYPES)
    records = filtered_forms(user, params).select_related("target_plan")
    forms = (_dataset_form(r) for r in records.iterator())
    stamp = timezone.localdate().strftime("%Y%m%d")
    return render_dataset(forms, fmt), DATASET_TYPES[fmt], f"自评指标数据集-{stamp}.{fmt}"


def _dataset_form(record: FormRecord) -> DatasetForm:
    rescores = {int(r["index"]): (Decimal(str(r["score"])), str(r.get("reason") or ""))
                for r in record.rescores or []}
    return DatasetForm(form_id=record.pk, unit=record.unit.name,
                       status=record.status_enum.label, profile=profile_named(record.profile),
                       evaluation=evaluation_of(record), rescores=rescores,
                       reviewed_total=record.reviewed_total)
