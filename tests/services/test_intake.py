"""Uploads: one document or a ZIP of many, read in memory with limits, each file's failure
reported for that file."""

from __future__ import annotations

import io
import zipfile

import pytest

from jixiao.readers.limits import ReadLimits
from jixiao.services import intake
from jixiao.services.evaluate import evaluate
from jixiao.services.export import render
from jixiao.services.intake import (
    FileError,
    InputError,
    SourceFile,
    Upload,
    is_archive,
    looks_like_document,
    read_upload,
    split_upload,
    split_uploads,
)
from jixiao.services.records import profile_named
from tests.conftest import SEED_TEXT

SEED = SEED_TEXT.read_bytes()
SEED_NAMES = ["科技社团党建工作", "科技工作者系列服务", "科技社团能力提升及港澳台科技交流",
              "抚恤金"]


def zip_of(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def seed_xlsx() -> bytes:
    results = intake.read_document(SEED, "seed.txt")
    return render([evaluate(r, profile_named("shanghai-2024")) for r in results], "x.xlsx")


def test_a_document_is_one_file() -> None:
    assert split_upload(SEED, "seed.txt") == Upload(files=(SourceFile("seed.txt", SEED),))


def test_an_office_file_is_a_document_not_an_archive() -> None:
    workbook = seed_xlsx()
    assert workbook.startswith(b"PK") and not is_archive(workbook)
    reading = read_upload(split_upload(workbook, "表.xlsx"))
    assert [r.form.project_name for r in reading.forms[0].results] == SEED_NAMES


def test_zip_members_are_read_in_order_skipping_folders_and_junk() -> None:
    archive = zip_of({"a/seed.txt": SEED, "__MACOSX/a/._seed.txt": b"\x00\x05",
                      "a/.DS_Store": b"\x00\x00", "b/表.xlsx": seed_xlsx()})
    upload = split_upload(archive, "all.zip")
    assert [f.name for f in upload.files] == ["all.zip/a/seed.txt", "all.zip/b/表.xlsx"]
    assert upload.errors == ()
    reading = read_upload(upload)
    assert [len(f.results) for f in reading.forms] == [4, 4]


def test_gbk_member_names_are_decoded() -> None:
    # An archiver on Chinese Windows writes GBK names without the UTF-8 flag.
    archive = zip_of({"ABCDEF.txt": SEED}).replace(b"ABCDEF", "自评表".encode("gbk"))
    assert [f.name for f in split_upload(archive, "x.zip").files] == ["x.zip/自评表.txt"]


def test_each_broken_member_is_an_error_of_its_own() -> None:
    archive = zip_of({"seed.txt": SEED, "空.txt": b"", "坏.pdf": b"%PDF-1.4 broken",
                      "inner.zip": zip_of({"seed.txt": SEED})})
    progress: list[tuple[int, int]] = []
    reading = read_upload(split_upload(archive, "u.zip"), lambda *p: progress.append(p))
    assert [f.file for f in reading.forms] == ["u.zip/seed.txt"]
    messages = {e.file: e.message for e in reading.errors}
    assert messages["u.zip/空.txt"] == "u.zip/空.txt: 文件为空"
    assert messages["u.zip/坏.pdf"].startswith("u.zip/坏.pdf: PDF")
    assert "压缩包中又有压缩包" in messages["u.zip/inner.zip"]
    assert progress == [(0, 3), (1, 3), (2, 3), (3, 3)]


def test_too_many_members_refuse_the_archive(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(intake, "MAX_ARCHIVE_MEMBERS", 2)
    archive = zip_of({f"{n}.txt": SEED for n in range(3)})
    with pytest.raises(InputError, match=r"many\.zip: ZIP 压缩包中有 3 个文件，一次最多导入 2 个"):
        split_upload(archive, "many.zip")


def test_a_member_over_the_file_limit_is_refused_alone() -> None:
    archive = zip_of({"small.txt": b"x" * 100, "big.txt": b"x" * 2000})
    upload = split_upload(archive, "z.zip", ReadLimits(max_bytes=1000))
    assert [f.name for f in upload.files] == ["z.zip/small.txt"]
    assert upload.errors[0].file == "z.zip/big.txt" and "文件过大" in upload.errors[0].message


def test_an_archive_unpacking_too_far_is_refused() -> None:
    bomb = zip_of({f"{n}.txt": b"0" * 10_000 for n in range(5)})
    assert len(bomb) < 2000
    with pytest.raises(InputError, match=r"bomb\.zip: ZIP 压缩包解压后过大"):
        split_upload(bomb, "bomb.zip", ReadLimits(max_uncompressed=20_000))


def test_an_archive_lying_about_its_sizes_is_still_capped() -> None:
    data = bytearray(zip_of({"a.txt": b"0" * 5000}))
    # declare 10 bytes unpacked in the central directory: reading must not trust it
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).infolist()[0]
    central = bytes(data).rindex(b"PK\x01\x02")
    data[central + 24:central + 28] = (10).to_bytes(4, "little")
    upload = split_upload(bytes(data), "lie.zip", ReadLimits(max_bytes=1000,
                                                             max_uncompressed=100_000))
    assert info.file_size == 5000
    assert upload.files == ()
    assert upload.errors[0].file == "lie.zip/a.txt"


def test_empty_and_damaged_archives() -> None:
    with pytest.raises(InputError, match=r"empty\.zip: ZIP 压缩包中没有文件"):
        split_upload(zip_of({}), "empty.zip")
    only_folders = zip_of({"__MACOSX/x": b"1"})
    with pytest.raises(InputError, match="ZIP 压缩包中没有文件"):
        split_upload(only_folders, "f.zip")


def test_several_uploads_with_one_refused_archive(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(intake, "MAX_ARCHIVE_MEMBERS", 1)
    upload = split_uploads([SourceFile("seed.txt", SEED),
                            SourceFile("two.zip", zip_of({"a.txt": SEED, "b.txt": SEED}))])
    assert [f.name for f in upload.files] == ["seed.txt"]
    assert [e.file for e in upload.errors] == ["two.zip"]


def test_a_reader_crash_is_reported_for_that_file_only(
        monkeypatch: pytest.MonkeyPatch) -> None:
    real = intake.read_document

    def flaky(data: bytes, name: str) -> list:
        if name == "crash.txt":
            raise RuntimeError("reader bug")
        return real(data, name)

    monkeypatch.setattr(intake, "read_document", flaky)
    reading = read_upload(Upload(files=(SourceFile("crash.txt", SEED),
                                        SourceFile("seed.txt", SEED))))
    assert [f.file for f in reading.forms] == ["seed.txt"]
    [error] = reading.errors
    assert isinstance(error, FileError) and error.file == "crash.txt"
    assert "内部错误" in error.message


@pytest.mark.parametrize(("data", "document"), [
    (SEED, True), ("项目名称".encode("gbk"), True), (b"%PDF-1.7\n", True),
    (b"PK\x05\x06" + bytes(18), True), (b"<html><table></table></html>", True),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(32), False),
    (b"MZ\x90\x00\x03\x00\x00\x00", False),
])
def test_looks_like_document(data: bytes, document: bool) -> None:
    assert looks_like_document(data) is document
