"""Scores and findings stay exactly what they were before the streaming/speed work (issue 9).

`tests/data/golden/evaluations.json` was written by the code before the change (whole-file
reading, one list per stage); the CLI now streams, so the same inputs must give the same scores
and the same findings, in the same order.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jixiao.cli import main
from tests.conftest import DATA

GOLDEN = json.loads((DATA / "golden" / "evaluations.json").read_text(encoding="utf-8"))
CASES = sorted(GOLDEN)


@pytest.mark.parametrize("case", CASES)
def test_scores_and_findings_unchanged(case: str, capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(DATA.parent.parent)
    path, profile = case.rsplit(" ", 1)
    assert Path(path).is_file()
    expected = GOLDEN[case]
    code = main(["score", path, "--profile", profile, "--format", "json"])
    out, err = capsys.readouterr()
    if "error" in expected:
        assert code == 2 and err.strip() == f"jixiao: {expected['error']}"
        return
    assert code == 0 and json.loads(out) == expected["scores"]
    code = main(["check", path, "--profile", profile, "--format", "json"])
    out, _ = capsys.readouterr()
    findings = json.loads(out)
    assert findings == expected["findings"]
    assert code == (1 if any(f["severity"] == "error" for f in findings) else 0)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_all_inputs_at_once_in_input_order(jobs: str, capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(DATA.parent.parent)
    readable = [c for c in CASES if c.endswith(" shanghai-2024") and "error" not in GOLDEN[c]]
    paths = [c.rsplit(" ", 1)[0] for c in readable]
    code = main(["check", *paths, "--profile", "shanghai-2024", "--format", "json", "-j", jobs])
    out, _ = capsys.readouterr()
    assert json.loads(out) == [f for c in readable for f in GOLDEN[c]["findings"]]
    assert code == 1
