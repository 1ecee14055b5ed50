"""Files through the API: a form exported in each format, documents imported as drafts."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from jixiao.services.intake import read_document
from jixiao.web.models import FormRecord
from jixiao.web.security import issue_token
from tests.conftest import SEED_TEXT
from tests.web.test_api import Api, assert_error, seed_form

# The `api` fixture (re-exported so that pytest finds it here).
from tests.web.test_api import api as api

# ---------------------------------------------------------------- export


def _download_name(response: Any) -> str:
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="')  # an ASCII name for old clients
    return disposition


def test_export_json_is_the_stored_form(demo: dict[str, Any], api: dict[str, Api]) -> None:
    record = seed_form(demo, "抚恤金")
    response = api["unit1"].get(f"/api/forms/{record.pk}/export.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "%E6%8A%9A%E6%81%A4%E9%87%91" in _download_name(response)  # 抚恤金, RFC 5987
    exported = json.loads(response.content)
    forms = exported if isinstance(exported, list) else [exported]
    assert [f["project_name"] for f in forms] == ["抚恤金"]
    assert forms[0]["indicators"] == record.data["indicators"]


@pytest.mark.parametrize(("fmt", "magic"), [("xlsx", b"PK"), ("docx", b"PK"),
                                            ("html", b"<")])
def test_export_office_and_html_files(demo: dict[str, Any], api: dict[str, Api], fmt: str,
                                      magic: bytes) -> None:
    record = seed_form(demo, "科技工作者系列服务")
    response = api["dept1"].get(f"/api/forms/{record.pk}/export.{fmt}")
    assert response.status_code == 200, response.content[:300]
    assert response.content.lstrip().startswith(magic)
    if magic == b"PK":
        assert zipfile.ZipFile(io.BytesIO(response.content)).testzip() is None
    else:
        assert "科技工作者系列服务" in response.content.decode("utf-8")


def test_export_pdf_reads_back_as_the_same_form(demo: dict[str, Any],
                                                api: dict[str, Api]) -> None:
    record = seed_form(demo, "科技社团能力提升及港澳台科技交流")
    response = api["finance1"].get(f"/api/forms/{record.pk}/export.pdf")
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    results = read_document(response.content, "export.pdf")
    assert [r.form.project_name for r in results] == [record.project_name]
    assert results[0].form.total.score == record.data["total"]["score"]


# ---------------------------------------------------------------- import


def _upload(api: Api, name: str, content: bytes) -> Any:
    return api.client.post("/api/imports",
                           {"file": SimpleUploadedFile(name, content)}, headers=api.headers)


def test_import_creates_a_draft_of_every_form(demo: dict[str, Any],
                                              api: dict[str, Api]) -> None:
    before = set(FormRecord.objects.values_list("pk", flat=True))
    response = _upload(api["unit2"], "seed.txt", SEED_TEXT.read_bytes())
    assert response.status_code == 201, response.content.decode()
    body = response.json()
    assert sorted(f["project_name"] for f in body["forms"]) == sorted(
        ["抚恤金", "科技工作者系列服务", "科技社团党建工作", "科技社团能力提升及港澳台科技交流"])
    assert body["errors"] == []
    created = FormRecord.objects.exclude(pk__in=before)
    assert {r.pk for r in created} == {f["id"] for f in body["forms"]}
    assert {(r.unit.name, r.status, r.origin) for r in created} == {
        ("演示单位（第二填报单位）", "draft", FormRecord.Origin.IMPORTED)}
    党建 = next(f for f in body["forms"] if f["project_name"] == "科技社团党建工作")
    assert [f["code"] for f in 党建["findings"] if f["severity"] == "error"] == ["JX407"] * 3
    # The new drafts are the importer's: in its list, not in the other unit's.
    listed = {f["id"] for f in api["unit2"].get("/api/forms").json()}
    assert {f["id"] for f in body["forms"]} <= listed
    assert not {f["id"] for f in body["forms"]} & {
        f["id"] for f in api["unit1"].get("/api/forms").json()}


def test_import_of_a_file_that_holds_no_form_is_400(demo: dict[str, Any],
                                                    api: dict[str, Api]) -> None:
    count = FormRecord.objects.count()
    assert_error(_upload(api["unit1"], "photo.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64), 400)
    assert FormRecord.objects.count() == count


def test_import_of_several_files_sets_aside_the_bad_one(demo: dict[str, Any],
                                                        api: dict[str, Api]) -> None:
    files = [SimpleUploadedFile("seed.txt", SEED_TEXT.read_bytes()),
             SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64),
             SimpleUploadedFile("empty.txt", b"")]
    response = api["unit2"].client.post("/api/imports", {"file": files},
                                        headers=api["unit2"].headers)
    assert response.status_code == 201, response.content.decode()
    body = response.json()
    assert len(body["forms"]) == 4
    assert [e["file"] for e in body["errors"]] == ["photo.png", "empty.txt"]
    assert body["errors"][0]["message"].startswith("photo.png: 不是可导入的文件类型")
    assert body["errors"][1]["message"] == "empty.txt: 文件为空"
    # The document says so: the field repeats, a bad file is listed, not refused.
    operation = api["unit2"].client.get("/api/openapi.json").json()["paths"]["/api/imports"]["post"]
    assert "可重复" in operation["description"] and "不影响其他文件" in operation["description"]
    body_schema = operation["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert "多个文件" in body_schema["properties"]["file"]["description"]


def test_import_of_only_bad_files_is_400_naming_each(demo: dict[str, Any],
                                                     api: dict[str, Api]) -> None:
    count = FormRecord.objects.count()
    files = [SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64),
             SimpleUploadedFile("empty.txt", b"")]
    response = api["unit1"].client.post("/api/imports", {"file": files},
                                        headers=api["unit1"].headers)
    error = assert_error(response, 400, "no_importable_file")
    assert "photo.png: 不是可导入的文件类型" in error["message"]
    assert "empty.txt: 文件为空" in error["message"]
    assert [e["file"] for e in error["errors"]] == ["photo.png", "empty.txt"]
    assert FormRecord.objects.count() == count


def test_import_without_a_file_field_is_400(api: dict[str, Api]) -> None:
    response = api["unit1"].client.post("/api/imports", {"other": "x"},
                                        headers=api["unit1"].headers)
    error = assert_error(response, 400, "missing_file")
    assert "file" in error["message"]


@pytest.mark.parametrize("caller", ["dept1", "finance1"])
def test_only_units_import(demo: dict[str, Any], api: dict[str, Api], caller: str) -> None:
    assert_error(_upload(api[caller], "seed.txt", SEED_TEXT.read_bytes()), 403)


def test_import_over_the_size_limit_is_413(demo: dict[str, Any], api: dict[str, Api],
                                           settings: Any) -> None:
    settings.JIXIAO_MAX_UPLOAD_MB = 1
    response = _upload(api["unit1"], "big.txt", b"x" * (1024 * 1024 + 10))
    assert_error(response, 413)


def test_import_with_a_token_needs_no_csrf_token(demo: dict[str, Any]) -> None:
    strict = Api(issue_token(demo["users"]["unit2"]), Client(enforce_csrf_checks=True))
    assert _upload(strict, "seed.txt", SEED_TEXT.read_bytes()).status_code == 201
