"""Import: upload documents (or a ZIP of many), preview the forms read with their scores and
findings, confirm to create drafts; per-file errors; only a unit may import."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from jixiao.core.form_json import form_to_dict
from jixiao.services.intake import read_document
from jixiao.web import imports
from jixiao.web.errors import BadRequest, Forbidden, TooLarge
from jixiao.web.models import FormRecord, ImportJob
from tests.conftest import SEED_TEXT

SEED_TOTALS = ["93.00", "93.00", "93.04", "93.00"]


def upload(client: Client, name: str, data: bytes) -> Any:
    return client.post(reverse("imports"), {"file": SimpleUploadedFile(name, data)})


def zip_of(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def job_of(response: Any) -> ImportJob:
    assert response.status_code == 302, response.content.decode()[:500]
    return ImportJob.objects.get(pk=int(response["Location"].rstrip("/").rsplit("/", 1)[-1]))


def test_seed_text_is_previewed_then_confirmed_as_four_scored_drafts(
        clients: dict[str, Client], demo: dict[str, Any]) -> None:
    unit1 = clients["unit1"]
    before = FormRecord.objects.count()
    job = job_of(upload(unit1, "seed.txt", SEED_TEXT.read_bytes()))
    assert job.status == ImportJob.JobStatus.READY
    assert (job.total_files, job.done_files) == (1, 1)
    forms = job.preview["forms"]
    assert [f["score"]["total"] for f in forms] == SEED_TOTALS
    assert {f["file"] for f in forms} == {"seed.txt"}
    assert forms[0]["form"]["implementing_unit"]  # filled from the unit when the form lacks it
    assert job.preview["errors"] == []

    page = unit1.get(reverse("import_job", args=[job.pk])).content.decode()
    assert "科技社团党建工作" in page and "抚恤金" in page and "93.04" in page
    assert page.count('name="keep"') == 4
    # the demo unit filed these four already: each is marked and left unticked
    assert page.count("已有同名表") == 4 and page.count("checked") == 0
    # the 抚恤金 form's findings are listed with their codes
    codes = {f["code"] for f in forms[3]["findings"]}
    assert codes and all(code in page for code in codes)

    response = unit1.post(reverse("import_confirm", args=[job.pk]),
                          {"keep": ["0", "1", "2", "3"]})
    assert response.status_code == 302 and response["Location"] == reverse("forms")
    created = list(FormRecord.objects.order_by("id")[before:])
    assert [str(r.total) for r in created] == SEED_TOTALS
    assert {r.status for r in created} == {"draft"}
    assert {r.origin for r in created} == {FormRecord.Origin.IMPORTED}
    assert {r.source_name for r in created} == {"seed.txt"}
    # what the reader noticed stays with the draft: the third form skips 指标 4 (JX037)
    assert [[f["code"] for f in r.import_findings] for r in created] == [[], [], ["JX037"], []]
    assert {r.profile for r in created} == {"shanghai-2024"}
    assert all(r.unit.members.filter(user=demo["users"]["unit1"]).exists() for r in created)
    job.refresh_from_db()
    assert job.status == ImportJob.JobStatus.DONE
    again = unit1.post(reverse("import_confirm", args=[job.pk]), {"keep": ["0"]})
    assert again.status_code == 302 and FormRecord.objects.count() == before + 4


def test_only_the_ticked_forms_become_drafts(clients: dict[str, Client]) -> None:
    before = FormRecord.objects.count()
    job = job_of(upload(clients["unit1"], "seed.txt", SEED_TEXT.read_bytes()))
    clients["unit1"].post(reverse("import_confirm", args=[job.pk]), {"keep": ["3"]})
    created = FormRecord.objects.order_by("id")[before:]
    assert [r.project_name for r in created] == ["抚恤金"]


def test_confirm_with_nothing_ticked_is_refused(clients: dict[str, Client]) -> None:
    before = FormRecord.objects.count()
    job = job_of(upload(clients["unit1"], "seed.txt", SEED_TEXT.read_bytes()))
    response = clients["unit1"].post(reverse("import_confirm", args=[job.pk]), follow=True)
    assert "请至少勾选一张要导入的表" in response.content.decode()
    assert FormRecord.objects.count() == before
    job.refresh_from_db()
    assert job.status == ImportJob.JobStatus.READY


def test_zip_of_two_files_one_broken(clients: dict[str, Client]) -> None:
    archive = zip_of({"2024/seed.txt": SEED_TEXT.read_bytes(),
                      "2024/坏文件.pdf": b"%PDF-1.4\nnot really a pdf"})
    job = job_of(upload(clients["unit1"], "上报.zip", archive))
    assert job.status == ImportJob.JobStatus.READY
    assert (job.total_files, job.done_files) == (2, 2)
    assert [f["file"] for f in job.preview["forms"]] == ["上报.zip/2024/seed.txt"] * 4
    [error] = job.preview["errors"]
    assert error["file"] == "上报.zip/2024/坏文件.pdf"
    assert "坏文件.pdf" in error["message"] and "PDF" in error["message"]
    page = clients["unit1"].get(reverse("import_job", args=[job.pk])).content.decode()
    assert "无法读取的文件" in page and "上报.zip/2024/坏文件.pdf" in page


def test_empty_file_is_refused_naming_it(clients: dict[str, Client]) -> None:
    response = upload(clients["unit1"], "空白.txt", b"")
    assert response.status_code == 400
    assert "空白.txt: 文件为空" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_picture_is_not_a_document(clients: dict[str, Client]) -> None:
    response = upload(clients["unit1"], "表.pdf", PNG)  # the name says PDF, the content does not
    assert response.status_code == 400
    assert "表.pdf: 不是可导入的文件类型" in response.content.decode()


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64)


def test_one_bad_file_does_not_cost_the_others(clients: dict[str, Client]) -> None:
    unit1 = clients["unit1"]
    files = [SimpleUploadedFile("seed.txt", SEED_TEXT.read_bytes()),
             SimpleUploadedFile("空白.txt", b""), SimpleUploadedFile("截图.png", PNG)]
    job = job_of(unit1.post(reverse("imports"), {"file": files}))
    assert job.status == ImportJob.JobStatus.READY
    assert [f["score"]["total"] for f in job.preview["forms"]] == SEED_TOTALS
    empty, picture = job.preview["errors"]
    assert empty == {"file": "空白.txt", "message": "空白.txt: 文件为空"}
    assert picture["file"] == "截图.png"
    assert picture["message"].startswith("截图.png: 不是可导入的文件类型。可导入 PDF")
    assert job.file_name == "seed.txt、空白.txt、截图.png"
    assert (job.done_files, job.total_files) == (3, 3)  # all three counted, as in a ZIP
    page = unit1.get(reverse("import_job", args=[job.pk])).content.decode()
    assert "读取 3 个文件：4 张自评表，2 个文件无法读取" in page
    assert "无法读取的文件" in page and "<strong>空白.txt</strong>：文件为空" in page
    assert "<strong>截图.png</strong>：不是可导入的文件类型" in page
    assert page.count('name="keep"') == 4
    before = FormRecord.objects.count()
    response = unit1.post(reverse("import_confirm", args=[job.pk]), {"keep": ["0", "3"]})
    assert response.status_code == 302
    assert FormRecord.objects.count() == before + 2


def test_no_importable_file_is_refused_naming_each(clients: dict[str, Client]) -> None:
    files = [SimpleUploadedFile("空白.txt", b""), SimpleUploadedFile("截图.png", PNG)]
    response = clients["unit1"].post(reverse("imports"), {"file": files})
    assert response.status_code == 400
    page = response.content.decode()
    assert ("没有可导入的文件：空白.txt: 文件为空；截图.png: 不是可导入的文件类型。"
            "可导入 PDF") in page
    assert not ImportJob.objects.exists()


def test_text_without_a_form_is_listed_as_an_error(clients: dict[str, Client]) -> None:
    job = job_of(upload(clients["unit1"], "说明.txt", "这是一份说明，不是自评表。\n".encode()))
    assert job.preview["forms"] == []
    assert job.preview["errors"][0]["file"] == "说明.txt"
    page = clients["unit1"].get(reverse("import_job", args=[job.pk])).content.decode()
    assert "没有读到可导入的自评表" in page
    assert "<strong>说明.txt</strong>：未找到绩效自评表" in page


def test_json_with_a_schema_error_names_the_path(clients: dict[str, Client]) -> None:
    form = form_to_dict(read_document(SEED_TEXT.read_bytes(), "seed.txt")[0].form)
    form["indicators"][2]["weight"] = 10  # a number where schema 1 wants a printed string
    data = json.dumps(form, ensure_ascii=False).encode()
    job = job_of(upload(clients["unit1"], "form.json", data))
    [error] = job.preview["errors"]
    assert error["file"] == "form.json"
    assert "$.indicators[2].weight" in error["message"]


def test_upload_over_the_limit_is_too_large(clients: dict[str, Client], settings: Any) -> None:
    settings.JIXIAO_MAX_UPLOAD_MB = 1
    response = upload(clients["unit1"], "大文件.txt", b"x" * (1024 * 1024 + 1))
    assert response.status_code == 413
    assert "大文件.txt" in response.content.decode()


@pytest.mark.parametrize("role", ["dept1", "finance1"])
def test_roles_other_than_a_unit_may_not_import(clients: dict[str, Client], role: str) -> None:
    assert clients[role].get(reverse("imports")).status_code == 403
    assert upload(clients[role], "seed.txt", SEED_TEXT.read_bytes()).status_code == 403
    assert not ImportJob.objects.exists()


def test_another_units_import_is_not_found(clients: dict[str, Client]) -> None:
    job = job_of(upload(clients["unit1"], "seed.txt", SEED_TEXT.read_bytes()))
    for url in ("import_job", "import_status"):
        assert clients["unit2"].get(reverse(url, args=[job.pk])).status_code == 404
    before = FormRecord.objects.count()
    response = clients["unit2"].post(reverse("import_confirm", args=[job.pk]), {"keep": ["0"]})
    assert response.status_code == 404 and FormRecord.objects.count() == before


def test_status_endpoint_reports_progress(clients: dict[str, Client]) -> None:
    job = job_of(upload(clients["unit1"], "seed.txt", SEED_TEXT.read_bytes()))
    status = clients["unit1"].get(reverse("import_status", args=[job.pk])).json()
    assert status == {"id": job.pk, "status": "ready", "status_label": "待确认",
                      "total_files": 1, "done_files": 1, "message": "", "finished": True}


def test_uploaded_bytes_are_deleted_once_read(clients: dict[str, Client], settings: Any) -> None:
    job = job_of(upload(clients["unit1"], "seed.txt", SEED_TEXT.read_bytes()))
    assert not (settings.DATA_DIR / "uploads" / f"job-{job.pk}").exists()


# ---------------------------------------------------------------- the API's service


def test_import_upload_creates_drafts_at_once(demo: dict[str, Any]) -> None:
    archive = zip_of({"seed.txt": SEED_TEXT.read_bytes(), "空.txt": b""})
    result = imports.import_upload(demo["users"]["unit1"],
                                   [SimpleUploadedFile("forms.zip", archive)])
    assert [f["project_name"] for f in result["forms"]] == [
        "科技社团党建工作", "科技工作者系列服务", "科技社团能力提升及港澳台科技交流", "抚恤金"]
    records = FormRecord.objects.filter(pk__in=[f["id"] for f in result["forms"]])
    assert sorted(str(r.total) for r in records) == sorted(SEED_TOTALS)
    assert result["errors"] == [{"file": "forms.zip/空.txt",
                                 "message": "forms.zip/空.txt: 文件为空"}]
    assert all(isinstance(f["findings"], list) for f in result["forms"])


def test_import_upload_refuses_bad_uploads(demo: dict[str, Any], settings: Any) -> None:
    unit1 = demo["users"]["unit1"]
    with pytest.raises(Forbidden):
        imports.import_upload(demo["users"]["dept1"], [SimpleUploadedFile("a.txt", b"x")])
    with pytest.raises(BadRequest, match=r"a\.txt: 文件为空"):
        imports.import_upload(unit1, [SimpleUploadedFile("a.txt", b"")])
    with pytest.raises(BadRequest, match="未找到绩效自评表") as refused:
        imports.import_upload(unit1, [SimpleUploadedFile("a.txt", "无表".encode())])
    assert refused.value.details["errors"][0]["file"] == "a.txt"
    settings.JIXIAO_MAX_UPLOAD_MB = 1
    with pytest.raises(TooLarge):
        imports.import_upload(unit1, [SimpleUploadedFile("a.txt", b"x" * (1024 * 1024 + 1))])


def test_import_upload_sets_aside_a_bad_file_and_refuses_only_when_none_is_good(
        demo: dict[str, Any]) -> None:
    unit1 = demo["users"]["unit1"]
    result = imports.import_upload(unit1, [SimpleUploadedFile("seed.txt", SEED_TEXT.read_bytes()),
                                           SimpleUploadedFile("图.png", PNG)])
    assert len(result["forms"]) == 4
    [error] = result["errors"]
    assert error["file"] == "图.png" and error["message"].startswith("图.png: 不是可导入的文件类型")
    with pytest.raises(BadRequest, match=r"没有可导入的文件：a\.txt: 文件为空；图\.png") as refused:
        imports.import_upload(unit1, [SimpleUploadedFile("a.txt", b""),
                                      SimpleUploadedFile("图.png", PNG)])
    assert refused.value.code == "no_importable_file"
    assert [e["file"] for e in refused.value.details["errors"]] == ["a.txt", "图.png"]


def test_a_failed_reading_ends_the_job_with_a_message(
        clients: dict[str, Client], settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk gone")

    monkeypatch.setattr(imports, "read_upload", broken)
    job = job_of(upload(clients["unit1"], "seed.txt", SEED_TEXT.read_bytes()))
    assert job.status == ImportJob.JobStatus.FAILED
    assert not (settings.DATA_DIR / "uploads" / f"job-{job.pk}").exists()
    page = clients["unit1"].get(reverse("import_job", args=[job.pk])).content.decode()
    assert "导入失败" in page and "内部错误" in page
    response = clients["unit1"].post(reverse("import_confirm", args=[job.pk]), {"keep": ["0"]},
                                     follow=True)
    assert "不能再确认" in response.content.decode()


def test_a_printed_grade_is_shown_beside_the_computed_one_only_when_it_differs(
        clients: dict[str, Client]) -> None:
    import opencc

    seed = SEED_TEXT.read_text(encoding="utf-8")
    first = seed[:seed.index("项目支出绩效自评表", 20)].rsplit("\n", 1)[0]  # the first form
    head, grade, tail = first.rpartition("优")
    assert grade  # the seed form prints 优, and computes 优 too
    unit1 = clients["unit1"]
    traditional = opencc.OpenCC("s2t").convert(first)  # prints 優: the same grade
    page = unit1.get(reverse("import_job", args=[
        job_of(upload(unit1, "t.txt", traditional.encode())).pk])).content.decode()
    assert "（表上 優）" not in page
    page = unit1.get(reverse("import_job", args=[
        job_of(upload(unit1, "w.txt", (head + "良" + tail).encode())).pk])).content.decode()
    assert "（表上 良）" in page
