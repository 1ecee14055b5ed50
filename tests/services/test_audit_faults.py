"""A generated batch with known faults: each found at its place, inflated forms ranked above
clean ones, the sample mostly risky forms with their reasons."""

from __future__ import annotations

import csv
import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from jixiao.services.audit import AuditOptions, run_audit

ROOT = Path(__file__).parent.parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import FAULT_SIGNALS, FILE_FAULTS, INFLATING, write_audit_batch  # noqa: E402

SAMPLE = 40


@pytest.fixture(scope="module")
def audit(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("faults")
    manifest = write_audit_batch(root / "batch", 400, seed=11, per_file=40, office=0.03,
                                 faults=0.3)
    out = root / "out"
    run_audit(AuditOptions(paths=(str(root / "batch"),), out=str(out), sample=SAMPLE, seed=9,
                           jobs=2))
    forms = {}
    for line in (out / "forms.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        forms[(record["file"], record["index"])] = record
    with open(out / "findings.csv", encoding="utf-8-sig", newline="") as handle:
        findings = list(csv.DictReader(handle))
    with open(out / "files.csv", encoding="utf-8-sig", newline="") as handle:
        files = {r["file"]: r for r in csv.DictReader(handle)}
    with open(out / "sample.csv", encoding="utf-8-sig", newline="") as handle:
        sample = list(csv.DictReader(handle))
    return {"manifest": manifest, "forms": forms, "findings": findings, "files": files,
            "sample": sample}


def _signal(record: dict[str, Any], code: str) -> dict[str, Any] | None:
    return next((s for s in record["risk"]["signals"] if s["code"] == code), None)


def test_the_batch_has_every_kind_of_fault_and_file(audit: dict[str, Any]) -> None:
    manifest = audit["manifest"]
    assert {f["fault"] for f in manifest["forms"]} == set(FAULT_SIGNALS)
    suffixes = {Path(name.split("!")[-1]).suffix for name in audit["files"]}
    assert {".json", ".txt", ".xlsx", ".docx", ".html", ".pdf"} <= suffixes
    assert any("!" in name for name in audit["files"])  # ZIP members


def test_each_injected_fault_is_found_at_its_place(audit: dict[str, Any]) -> None:
    forms, findings = audit["forms"], audit["findings"]
    for fault in audit["manifest"]["forms"]:
        record = forms[(fault["file"], fault["index"])]
        hit = _signal(record, fault["signal"])
        assert hit is not None, fault
        rows = fault["rows"]
        where = [f for f in findings
                 if f["file"] == fault["file"] and f["index"] == str(fault["index"])]
        if fault["fault"] in ("inflated_rows", "copied_notes"):
            for i in rows[:3]:
                assert f"第{i + 1}行" in hit["reason"], (fault, hit)
        elif fault["fault"] == "unexplained_deduction":
            assert any(f["code"] == "JX401" and f["path"].startswith(f"indicators[{rows[0]}]")
                       for f in where), fault
        elif fault["fault"] == "arithmetic_total":
            assert any(f["code"] == "JX107" and f["path"] == "total.score" for f in where)
        elif fault["fault"] == "high_total_low_rate":
            assert "60.00%" in hit["reason"]
        elif fault["fault"] == "targets_never_move":
            assert f"{record['form']['year'] - 1} 年" in hit["reason"]


def test_broken_files_are_listed_with_their_status(audit: dict[str, Any]) -> None:
    for broken in audit["manifest"]["files"]:
        row = audit["files"][broken["file"]]
        assert row["status"] == FILE_FAULTS[broken["fault"]] == broken["status"]
        assert row["message"]
    assert audit["files"]["broken/truncated.json"]["forms"] == "1"


def test_inflated_forms_rank_above_clean_ones(audit: dict[str, Any]) -> None:
    forms, manifest = audit["forms"], audit["manifest"]
    inflated = [Decimal(forms[(f["file"], f["index"])]["risk"]["score"])
                for f in manifest["forms"] if f["fault"] in INFLATING]
    clean = [Decimal(forms[(c["file"], c["index"])]["risk"]["score"]) for c in manifest["clean"]]
    assert len(inflated) >= 20 and len(clean) >= 200
    assert min(inflated) > max(clean)


def test_the_sample_draws_mostly_risky_forms_with_reasons(audit: dict[str, Any]) -> None:
    faulty = {(f["file"], f["index"]) for f in audit["manifest"]["forms"]}
    sample = audit["sample"]
    assert len(sample) == SAMPLE
    drawn_faulty = sum((s["file"], int(s["index"])) in faulty for s in sample)
    assert drawn_faulty >= 0.7 * SAMPLE  # faulty forms are about a quarter of the batch
    risky = [s for s in sample if s["drawn_as"] == "风险加权"]
    low = [s for s in sample if s["drawn_as"] == "低风险随机"]
    assert low and len(risky) > len(low)
    for s in risky:
        assert s["reasons"] and Decimal(s["risk"]) >= 20
        codes = [part.split(" ")[0] for part in s["reasons"].split("；")]
        record = audit["forms"][(s["file"], int(s["index"]))]
        assert codes == [x["code"] for x in record["risk"]["signals"]]
