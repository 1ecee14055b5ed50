"""Exit codes of `jixiao check`: 0 clean or warnings only, 1 errors, 2 unusable input.

Each test names one exact code: a check that always returned 1, warnings counted as errors, or an
internal error reported as findings all fail here.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from jixiao.cli import main
from jixiao.core.findings import Severity
from jixiao.core.form_json import form_to_dict
from jixiao.core.model import Form
from tests.rules.test_checks_base import BASE, findings, with_row

PROFILE = "national-2020"


def _write(tmp_path: Path, form: Form, name: str = "form.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(form_to_dict(form), ensure_ascii=False), encoding="utf-8")
    return path


def _check(path: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, list[dict]]:
    code = main(["check", str(path), "--profile", PROFILE, "--format", "json", *extra])
    out, _ = capsys.readouterr()
    return code, (json.loads(out) if out.strip() else [])


# A unit mismatch between target and actual: a warning, never an error.
WARNINGS = with_row(0, target="≥20(场)", actual="22(次)")
ERRORS = replace(BASE, total=replace(BASE.total, score="80.00"))  # a wrong 总分: an error


def test_the_examples_are_what_their_names_say() -> None:
    assert findings(BASE, PROFILE) == []
    warned = findings(WARNINGS, PROFILE)
    assert warned and all(f.severity is Severity.WARNING for f in warned)
    assert any(f.severity is Severity.ERROR for f in findings(ERRORS, PROFILE))


def test_clean_form_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, found = _check(_write(tmp_path, BASE), capsys)
    assert found == []
    assert code == 0


def test_warnings_only_exit_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, found = _check(_write(tmp_path, WARNINGS), capsys)
    assert found and {f["severity"] for f in found} == {"warning"}
    assert code == 0


def test_errors_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, found = _check(_write(tmp_path, ERRORS), capsys)
    assert any(f["severity"] == "error" for f in found)
    assert code == 1


def test_one_error_form_among_clean_ones_exits_1(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    paths = [_write(tmp_path, BASE, "a.json"), _write(tmp_path, ERRORS, "b.json"),
             _write(tmp_path, WARNINGS, "c.json")]
    code = main(["check", *map(str, paths), "--profile", PROFILE, "--format", "json"])
    capsys.readouterr()
    assert code == 1


def test_ignoring_the_error_code_exits_0(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    errors = {f.code for f in findings(ERRORS, PROFILE) if f.severity is Severity.ERROR}
    code, found = _check(_write(tmp_path, ERRORS), capsys, "--ignore", ",".join(sorted(errors)))
    assert not any(f["severity"] == "error" for f in found)
    assert code == 0


def test_text_output_has_the_same_exit_codes(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(_write(tmp_path, BASE)), "--profile", PROFILE]) == 0
    assert main(["check", str(_write(tmp_path, WARNINGS, "w.json")), "--profile", PROFILE]) == 0
    assert main(["check", str(_write(tmp_path, ERRORS, "e.json")), "--profile", PROFILE]) == 1
    capsys.readouterr()


@pytest.mark.parametrize("content", [b"", b"\x00\x01\x02 not a form", b'{"schema": 1, "project'])
def test_unusable_input_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                content: bytes) -> None:
    path = tmp_path / "broken.json"
    path.write_bytes(content)
    code = main(["check", str(path), "--profile", PROFILE, "--format", "json"])
    _, err = capsys.readouterr()
    assert err.startswith("jixiao: ")
    assert code == 2


def test_missing_file_and_unknown_profile_exit_2(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(tmp_path / "nope.json"), "--profile", PROFILE]) == 2
    assert main(["check", str(_write(tmp_path, BASE)), "--profile", "no-such-profile"]) == 2
    capsys.readouterr()


def test_internal_error_exits_2_not_1(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import jixiao.rules.checks as checks

    def crash(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(checks, "run_checks", crash)
    import jixiao.services.evaluate as evaluate

    if hasattr(evaluate, "run_checks"):
        monkeypatch.setattr(evaluate, "run_checks", crash)
    code = main(["check", str(_write(tmp_path, BASE)), "--profile", PROFILE, "-j", "1"])
    _, err = capsys.readouterr()
    assert "内部错误" in err
    assert code == 2
