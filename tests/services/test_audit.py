"""`jixiao audit`: every file accounted for, outputs as the contract says, resume, sample."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.services.audit import AuditOptions, run_audit
from jixiao.services.audit.pipeline import WORK_DIR
from jixiao.services.inputs import InputError

DATA = Path(__file__).parent.parent / "data"
ROOT = Path(__file__).parent.parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import realistic_forms  # noqa: E402

OUTPUTS = ("files.csv", "forms.jsonl", "findings.csv", "indicators.csv", "indicators.parquet",
           "sample.csv", "report.html", "report.xlsx")


def make_batch(root: Path) -> Path:
    """The seed and corpus, a sub-folder, an archive with a good, a broken and a nested member,
    a broken workbook, an empty file, a picture and an encrypted .xls."""
    batch = root / "batch"
    (batch / "corpus").mkdir(parents=True)
    shutil.copy(DATA / "seed.txt", batch / "seed.txt")
    for f in sorted((DATA / "corpus" / "raw").iterdir()):
        shutil.copy(f, batch / "corpus" / f.name)
    (batch / "broken.xlsx").write_bytes(b"PK\x03\x04" + b"\x00garbage" * 50)
    (batch / "empty.txt").write_bytes(b"")
    (batch / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    shutil.copy(DATA / "office" / "encrypted.xls", batch / "encrypted.xls")
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as z:
        z.writestr("deep/form.json", json.dumps([next(realistic_forms(1, seed=4))],
                                                ensure_ascii=False))
    with zipfile.ZipFile(batch / "submitted.zip", "w") as z:
        z.writestr("单位A/seed.txt", (DATA / "seed.txt").read_text(encoding="utf-8"))
        z.writestr("单位B/broken.docx", b"PK\x03\x04 not a real document")
        z.writestr("inner.zip", inner.getvalue())
        z.writestr("readme.txt", "这是说明文件，不是自评表。")
    return batch


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def audited(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("audit")
    batch = make_batch(root)
    out = root / "out"
    run_audit(AuditOptions(paths=(str(batch),), out=str(out), profile="shanghai-2024",
                           sample=5, seed=3, jobs=2))
    return batch, out


def test_every_file_and_member_is_accounted_for(audited: tuple[Path, Path]) -> None:
    batch, out = audited
    rows = {r["file"]: r for r in read_csv(out / "files.csv")}
    on_disk = {p.relative_to(batch).as_posix() for p in batch.rglob("*")
               if p.is_file() and p.suffix != ".zip"}
    members = {"submitted.zip!单位A/seed.txt", "submitted.zip!单位B/broken.docx",
               "submitted.zip!inner.zip!deep/form.json", "submitted.zip!readme.txt"}
    assert set(rows) == on_disk | members
    assert rows["seed.txt"]["status"] == "ok" and rows["seed.txt"]["forms"] == "4"
    assert rows["submitted.zip!单位A/seed.txt"]["forms"] == "4"
    assert rows["submitted.zip!inner.zip!deep/form.json"]["status"] == "ok"
    assert rows["broken.xlsx"]["status"] == "failed"
    assert "损坏" in rows["broken.xlsx"]["message"] or "不是" in rows["broken.xlsx"]["message"]
    assert rows["submitted.zip!单位B/broken.docx"]["status"] == "failed"
    assert rows["encrypted.xls"]["status"] == "failed"
    assert "加密" in rows["encrypted.xls"]["message"]
    for name in ("empty.txt", "picture.png", "submitted.zip!readme.txt"):
        assert rows[name]["status"] == "skipped", name
        assert rows[name]["message"]
    forms = [json.loads(line) for line in (out / "forms.jsonl").read_text().splitlines()]
    assert sum(int(r["forms"]) for r in rows.values()) == len(forms)


def test_outputs_follow_the_contract(audited: tuple[Path, Path]) -> None:
    _, out = audited
    for name in OUTPUTS:
        assert (out / name).stat().st_size > 0, name
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]
    forms = [json.loads(line) for line in (out / "forms.jsonl").read_text().splitlines()]
    first = forms[0]
    assert set(first) == {"file", "index", "form", "score", "risk"}
    assert first["form"]["schema_version"] == "1"
    assert {"total", "indicators", "execution_rate"} <= set(first["score"])
    findings = read_csv(out / "findings.csv")
    assert list(findings[0]) == ["file", "index", "project_name", "code", "severity", "path",
                                 "message", "source"]
    expected = {(f["file"], f["index"]) for f in findings}
    assert expected <= {(f["file"], str(f["index"])) for f in forms}
    indicators = read_csv(out / "indicators.csv")
    per_form = sum(len(f["score"]["indicators"]) for f in forms)
    assert len(indicators) == per_form
    assert {"target_operator", "target_number", "target_unit", "actual_number", "weight",
            "printed_score", "computed_score", "row_status"} <= set(indicators[0])


def test_parquet_has_the_rows_and_no_floats(audited: tuple[Path, Path]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    _, out = audited
    table = pq.read_table(out / "indicators.parquet")
    assert table.num_rows == len(read_csv(out / "indicators.csv"))
    assert not [f.name for f in table.schema if pa.types.is_floating(f.type)]
    assert pa.types.is_decimal(table.schema.field("computed_score").type)
    scores = [s for s in table.column("computed_score").to_pylist() if s is not None]
    assert scores and all(isinstance(s, Decimal) for s in scores)


def test_risk_score_is_the_sum_of_its_signals(audited: tuple[Path, Path]) -> None:
    _, out = audited
    fired = 0
    for line in (out / "forms.jsonl").read_text().splitlines():
        risk = json.loads(line)["risk"]
        total = sum((Decimal(s["weight"]) for s in risk["signals"]), Decimal(0))
        assert Decimal(risk["score"]) == min(total, Decimal(100))
        for s in risk["signals"]:
            assert s["code"] and s["reason"]
        fired += bool(risk["signals"])
    assert fired


def test_sample_is_reproducible_and_mostly_risky(audited: tuple[Path, Path]) -> None:
    batch, out = audited
    first = read_csv(out / "sample.csv")
    assert len(first) == 5
    assert all(r["reasons"] for r in first if r["drawn_as"] == "风险加权")
    again = out.parent / "again"  # beside the first: the links to the sources read the same
    run_audit(AuditOptions(paths=(str(batch),), out=str(again), profile="shanghai-2024",
                           sample=5, seed=3, jobs=1))
    assert (again / "sample.csv").read_bytes() == (out / "sample.csv").read_bytes()
    for name in OUTPUTS:  # one process or two: the same bytes
        assert (again / name).read_bytes() == (out / name).read_bytes(), name


def test_resume_needs_an_earlier_run(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="没有可继续的审核"):
        run_audit(AuditOptions(paths=(str(DATA / "seed.txt"),), out=str(tmp_path / "o"),
                               resume=True))


def test_a_missing_path_is_one_clear_line(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "jixiao.cli", "audit", str(tmp_path / "nope"),
                             "--out", str(tmp_path / "o")], capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [f"jixiao: {tmp_path / 'nope'}: 文件或目录不存在"]


def _write_generated(folder: Path, files: int, per_file: int) -> None:
    folder.mkdir()
    forms = realistic_forms(files * per_file, seed=21)
    for n in range(files):
        chunk = [next(forms) for _ in range(per_file)]
        (folder / f"batch-{n:03d}.json").write_text(json.dumps(chunk, ensure_ascii=False),
                                                    encoding="utf-8")


def _audit_cli(batch: Path, out: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "jixiao.cli", "audit", str(batch), "--out",
                             str(out), "-j", "1", "--sample", "10", "--seed", "5"],
                            stderr=subprocess.PIPE, text=True)


def test_a_killed_run_resumed_gives_the_same_outputs(tmp_path: Path) -> None:
    batch = tmp_path / "batch"
    _write_generated(batch, files=40, per_file=25)
    whole = tmp_path / "whole"
    assert _audit_cli(batch, whole).wait(timeout=600) == 0

    killed = tmp_path / "killed"
    proc = _audit_cli(batch, killed)
    parts = killed / WORK_DIR / "parts"
    while proc.poll() is None and len(list(parts.glob("*.json")) if parts.exists() else []) < 5:
        time.sleep(0.01)
    assert proc.poll() is None, "the run ended before it could be killed: make the batch larger"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    done = len(list(parts.glob("*.json")))
    assert 5 <= done < 40
    assert not (killed / "files.csv").exists()

    resumed = _audit_cli(batch, killed)
    _, err = resumed.communicate(timeout=600)
    assert resumed.returncode == 0, err
    assert f"沿用上次结果 {done}）" in err or f"沿用上次结果 {done + 1}）" in err
    for name in OUTPUTS:
        assert (killed / name).read_bytes() == (whole / name).read_bytes(), name
    assert not [p for p in parts.iterdir() if p.name.startswith(".tmp-")]


def test_a_changed_file_is_read_again(tmp_path: Path) -> None:
    batch = tmp_path / "batch"
    batch.mkdir()
    shutil.copy(DATA / "seed.txt", batch / "a.txt")
    out = tmp_path / "out"
    first = run_audit(AuditOptions(paths=(str(batch),), out=str(out)))
    assert first.reused == 0 and first.forms == 4
    (batch / "a.txt").write_text("不是自评表", encoding="utf-8")
    second = run_audit(AuditOptions(paths=(str(batch),), out=str(out), resume=True))
    assert second.reused == 0 and second.forms == 0
    assert read_csv(out / "files.csv")[0]["status"] == "skipped"
    third = run_audit(AuditOptions(paths=(str(batch),), out=str(out), profile="shanghai-2024"))
    assert third.reused == 0
    fourth = run_audit(AuditOptions(paths=(str(batch),), out=str(out), profile="shanghai-2024"))
    assert fourth.reused == 1


def test_outputs_are_never_read_half_written(tmp_path: Path) -> None:
    """Every output appears whole by a rename: no output file is ever open for writing."""
    out = tmp_path / "out"
    run_audit(AuditOptions(paths=(str(DATA / "seed.txt"),), out=str(out)))
    before = {name: (out / name).stat().st_ino for name in OUTPUTS if name != "sample.csv"}
    run_audit(AuditOptions(paths=(str(DATA / "seed.txt"),), out=str(out)))
    after = {name: (out / name).stat().st_ino for name in before}
    assert all(before[n] != after[n] for n in before)  # replaced, not rewritten in place
    assert os.listdir(out).count("sample.csv") == 0


def test_a_large_batch_lists_its_forms_on_pages(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from jixiao.services.audit import report

    batch = make_batch(tmp_path)
    out = tmp_path / "out"
    monkeypatch.setattr(report, "FORMS_PER_PAGE", 6)
    summary = run_audit(AuditOptions(paths=(str(batch),), out=str(out), sample=4, seed=1))
    pages = sorted((out / "report-forms").iterdir())
    assert [p.name for p in pages] == [f"page-000{n}.html" for n in (1, 2, 3, 4)]
    html = (out / "report.html").read_text(encoding="utf-8")
    assert '<tr id="form-' not in html and 'href="report-forms/page-0004.html"' in html
    rows = [p.read_text(encoding="utf-8").count('<tr id="form-') for p in pages]
    assert rows == [6, 6, 6, summary.forms - 18]
    first = pages[0].read_text(encoding="utf-8")
    assert 'href="../report.html"' in first and 'href="../../batch/' in first
    links = re.findall(r'href="(report-forms/page-\d+\.html)#(form-\d+)"', html)
    assert len(links) == 4  # the sample's forms
    for link in links:
        assert f'id="{link[1]}"' in (out / link[0]).read_text(encoding="utf-8")
    monkeypatch.setattr(report, "FORMS_PER_PAGE", 2000)
    run_audit(AuditOptions(paths=(str(batch),), out=str(out)))
    assert not (out / "report-forms").exists()  # one page again: the old pages are gone


def test_a_bad_signals_file_is_one_clear_line(tmp_path: Path) -> None:
    signals = tmp_path / "signals.toml"
    signals.write_text('name = "x"\ntitle = "x"\n[[signal]]\ncode = "R01"\nkind = "nope"\n'
                       'title = "t"\nweight = "10"\nreason = "r"\nsource = "s"\n',
                       encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "jixiao.cli", "audit", str(DATA / "seed.txt"),
                             "--out", str(tmp_path / "o"), "--signals", str(signals)],
                            capture_output=True, text=True)
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"jixiao: {signals}: signal[0].kind: 未知的信号类型 nope")


def test_the_output_folder_inside_the_input_is_not_read(tmp_path: Path) -> None:
    shutil.copy(DATA / "seed.txt", tmp_path / "seed.txt")
    out = tmp_path / "审核结果"
    for _ in range(2):
        summary = run_audit(AuditOptions(paths=(str(tmp_path),), out=str(out)))
        assert summary.files == 1 and summary.forms == 4
    assert [r["file"] for r in read_csv(out / "files.csv")] == ["seed.txt"]
