"""The `jixiao` command as a user runs it: outputs, exit codes, and bad input."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from jixiao.cli import main
from tests.conftest import SEED_TEXT


def run(capsys: pytest.CaptureFixture[str], *args: str, stdin: bytes | None = None
        ) -> tuple[int, str, str]:
    if stdin is not None:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
            code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_parse_prints_the_forms_as_canonical_json(capsys, seed_golden) -> None:
    code, out, _ = run(capsys, "parse", str(SEED_TEXT))
    assert code == 0
    assert json.loads(out) == seed_golden


def test_parse_reads_its_own_json_back(capsys, tmp_path: Path, seed_golden) -> None:
    path = tmp_path / "forms.json"
    path.write_text(json.dumps(seed_golden, ensure_ascii=False), encoding="utf-8")
    code, out, _ = run(capsys, "parse", str(path))
    assert code == 0 and json.loads(out) == seed_golden


def test_score_json_contract(capsys) -> None:
    code, out, _ = run(capsys, "score", str(SEED_TEXT), "--profile", "shanghai-2024",
                       "--format", "json")
    assert code == 0
    scores = json.loads(out)
    assert [s["total"] for s in scores] == ["93.00", "93.00", "93.04", "93.00"]
    assert [s["grade"] for s in scores] == ["优"] * 4
    assert scores[2]["execution_rate"] == "80.44"
    assert scores[2]["execution_score"] == "8.04"
    row = scores[0]["indicators"][0]
    assert {"printed_score", "computed_score", "status", "explanation"} <= set(row)
    assert row["explanation"]["text"]


def test_score_text_explains_why_8_04(capsys) -> None:
    code, out, _ = run(capsys, "score", str(SEED_TEXT), "--profile", "shanghai-2024")
    assert code == 0
    assert "8.04" in out and "80.44" in out
    assert "科技社团能力提升及港澳台科技交流" in out


def test_check_reports_errors_with_exit_1_and_json_contract(capsys) -> None:
    code, out, _ = run(capsys, "check", str(SEED_TEXT), "--profile", "shanghai-2024",
                       "--format", "json")
    assert code == 1
    findings = json.loads(out)
    assert findings
    for f in findings:
        assert {"form", "code", "severity", "message", "path", "source"} <= set(f)
        assert f["severity"] in {"error", "warning", "info"}
    accident = [f for f in findings if f["path"] and "≥0.00(起)" in f["message"]]
    assert accident and all(isinstance(f["source"], int) for f in accident)


def test_check_ignore_silences_a_code(capsys) -> None:
    _, out, _ = run(capsys, "check", str(SEED_TEXT), "--profile", "shanghai-2024",
                    "--format", "json")
    code = json.loads(out)[0]["code"]
    _, out, _ = run(capsys, "check", str(SEED_TEXT), "--profile", "shanghai-2024",
                    "--format", "json", "--ignore", code)
    assert code not in {f["code"] for f in json.loads(out)}


def test_check_list_prints_the_catalogue(capsys) -> None:
    code, out, _ = run(capsys, "check", "--list", "--format", "json")
    assert code == 0
    codes = [c["code"] for c in json.loads(out)]
    assert codes and len(codes) == len(set(codes))


def test_profiles_name_their_sources(capsys) -> None:
    code, out, _ = run(capsys, "profiles", "--format", "json")
    assert code == 0
    profiles = {p["name"]: p for p in json.loads(out)}
    assert {"national-2020", "shanghai-2024", "sichuan-2023"} <= set(profiles)
    assert all(p["sources"] for p in profiles.values())


def test_output_file_is_written_whole(capsys, tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    code, out, _ = run(capsys, "parse", str(SEED_TEXT), "-o", str(target))
    assert code == 0 and out == ""
    assert len(json.loads(target.read_text(encoding="utf-8"))) == 4


@pytest.mark.parametrize(("content", "message"), [
    (b"", "文件为空"),
    (b"   \n\n", "文件为空"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR" + bytes(range(256)), "不是文本文件"),
    (b"[{\"schema_version\": \"1\", ", "JSON 格式错误"),
    (b"{\"schema_version\": \"1\", \"project_name\": 3}", "$.project_name"),
    ("这是一段与绩效无关的文字。\n第二行。".encode(), "未找到绩效自评表"),
])
def test_bad_input_is_one_line_and_exit_2(capsys, tmp_path: Path, content: bytes,
                                          message: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    code, _, err = run(capsys, "check", str(path))
    assert code == 2
    assert message in err and str(path) in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_missing_file_and_unknown_profile(capsys, tmp_path: Path) -> None:
    code, _, err = run(capsys, "parse", str(tmp_path / "nope.txt"))
    assert code == 2 and "文件不存在" in err
    code, _, err = run(capsys, "score", str(SEED_TEXT), "--profile", "atlantis-2099")
    assert code == 2 and "atlantis-2099" in err


def test_truncated_form_is_read_with_import_findings(capsys, tmp_path: Path) -> None:
    text = SEED_TEXT.read_text(encoding="utf-8")
    cut = tmp_path / "cut.txt"
    cut.write_text(text[: text.index("指标 2：组织科技社团党建活动")], encoding="utf-8")
    code, out, _ = run(capsys, "check", str(cut), "--format", "json")
    assert code in (0, 1)
    codes = {f["code"] for f in json.loads(out)}
    assert "JX004" in codes  # 未找到「总分」行


def test_stdin_and_console_script(tmp_path: Path) -> None:
    exe = Path(sys.executable).with_name("jixiao")
    proc = subprocess.run([str(exe), "parse", "-"], input=SEED_TEXT.read_bytes(),
                          capture_output=True, check=False)
    assert proc.returncode == 0, proc.stderr.decode()
    assert len(json.loads(proc.stdout)) == 4


def test_debug_shows_a_traceback(capsys, tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    code, _, err = run(capsys, "--debug", "parse", str(path))
    assert code == 2 and "Traceback" in err


@pytest.mark.parametrize("ext", ["pdf", "xlsx", "docx", "html", "json"])
def test_render_reads_back_as_printed(capsys, tmp_path: Path, seed_golden, ext: str) -> None:
    target = tmp_path / f"seed.{ext}"
    code, _, err = run(capsys, "render", str(SEED_TEXT), "--profile", "shanghai-2024",
                       "-o", str(target))
    assert code == 0, err
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask
    code, out, _ = run(capsys, "parse", str(target))
    assert code == 0 and json.loads(out) == seed_golden


def test_render_refuses_an_unknown_format_and_writes_nothing(capsys, tmp_path: Path) -> None:
    target = tmp_path / "seed.odt"
    code, _, err = run(capsys, "render", str(SEED_TEXT), "-o", str(target))
    assert code == 2 and "不支持的输出格式" in err
    assert list(tmp_path.iterdir()) == []


def test_template_is_a_blank_workbook(capsys, tmp_path: Path) -> None:
    target = tmp_path / "blank.xlsx"
    code, _, _ = run(capsys, "template", "-o", str(target))
    assert code == 0 and target.read_bytes().startswith(b"PK")


def test_size_limit_is_for_documents_not_streams_of_forms(capsys, monkeypatch,
                                                          tmp_path: Path) -> None:
    monkeypatch.setenv("JIXIAO_MAX_FILE_MB", "1")
    big = tmp_path / "big.txt"
    big.write_bytes(SEED_TEXT.read_bytes() * 200)
    assert big.stat().st_size > 1024 * 1024
    code, out, _ = run(capsys, "parse", str(big))
    assert code == 0 and len(json.loads(out)) == 800


def test_limits_come_from_settings(capsys, monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("JIXIAO_MAX_FILE_MB", "1")
    big = tmp_path / "big.pdf"
    big.write_bytes(b"%PDF-1.7\n" + b" " * (2 * 1024 * 1024))
    code, _, err = run(capsys, "parse", str(big))
    assert code == 2 and "文件过大（2.0 MB" in err and "JIXIAO_MAX_FILE_MB" in err
    code, _, err = run(capsys, "parse", "-", stdin=big.read_bytes())
    assert code == 2 and "文件过大" in err and "<stdin>" in err
    monkeypatch.setenv("JIXIAO_MAX_FILE_MB", "many")
    code, _, err = run(capsys, "parse", str(SEED_TEXT))
    assert code == 2 and "JIXIAO_MAX_FILE_MB" in err


def test_json_is_compact_unless_indent_is_asked(capsys) -> None:
    code, out, _ = run(capsys, "parse", str(SEED_TEXT))
    forms = json.loads(out)
    assert code == 0 and out == json.dumps(forms, ensure_ascii=False) + "\n"
    code, out, _ = run(capsys, "parse", str(SEED_TEXT), "--indent", "2")
    assert code == 0 and out == json.dumps(forms, ensure_ascii=False, indent=2) + "\n"
    code, out, _ = run(capsys, "profiles", "--format", "json", "--indent", "1")
    assert out == json.dumps(json.loads(out), ensure_ascii=False, indent=1) + "\n"


def test_check_text_lists_findings_then_a_summary_without_colours_off_a_terminal(capsys) -> None:
    code, out, _ = run(capsys, "check", str(SEED_TEXT), "--profile", "shanghai-2024")
    _, as_json, _ = run(capsys, "check", str(SEED_TEXT), "--profile", "shanghai-2024",
                        "--format", "json")
    findings = json.loads(as_json)
    lines = out.splitlines()
    assert code == 1 and len(lines) == len(findings) + 1 and "\x1b[" not in out
    labels = {"error": "错误", "warning": "警告", "info": "提示"}
    assert all(line.startswith(f"[{labels[f['severity']]}] {f['code']} ")
               for line, f in zip(lines, findings, strict=False))
    errors = sum(f["severity"] == "error" for f in findings)
    assert lines[-1].startswith(f"共 4 张表：错误 {errors}，")


def test_score_text_is_an_aligned_table(capsys) -> None:
    code, out, _ = run(capsys, "score", str(SEED_TEXT), "--profile", "shanghai-2024")
    from jixiao.services.text_report import text_width

    lines = out.splitlines()
    top = next(i for i, ln in enumerate(lines) if ln.startswith("┏"))
    bottom = next(i for i, ln in enumerate(lines) if ln.startswith("└"))
    table = lines[top:bottom + 1]
    assert code == 0 and len(table) > 10 and "\x1b[" not in out
    assert all(ln[0] in "┏┃┡│└" for ln in table)
    assert len({text_width(ln) for ln in table}) == 1  # every row as wide as the frame


def test_jobs_must_be_positive(capsys) -> None:
    code, _, err = run(capsys, "check", str(SEED_TEXT), "-j", "0")
    assert code == 2 and "-j 0" in err and err.count("\n") == 1


def test_output_file_is_not_left_half_written_when_a_later_file_fails(capsys,
                                                                     tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    code, _, err = run(capsys, "check", str(SEED_TEXT), str(tmp_path / "missing.txt"),
                       "--format", "json", "-o", str(target))
    assert code == 2 and "文件不存在" in err
    assert not target.exists() and list(tmp_path.iterdir()) == []
