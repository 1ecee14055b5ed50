"""Start-up of a JSON check (issue 9): the shipped profile is read without `importlib.resources`,
`tempfile` (both load `shutil`, `random`, `zipfile` …) is loaded only to write `-o FILE`, and
the tidying of text forms (`readers.tidy`, the caption vocabulary) only for text."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from jixiao.rules import profile
from tests.conftest import SEED_TEXT

_LIGHT = ("tempfile", "importlib.resources", "zipfile", "traceback", "jixiao.readers.tidy",
          "jixiao.readers.vocabulary")

_PROBE = """
import contextlib, io, json, sys
from jixiao.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    code = main({argv!r})
print(json.dumps([code, sorted(m for m in sys.modules if m in {light!r})]))
"""


def _run(argv: list[str]) -> tuple[int, list[str]]:
    probe = _PROBE.format(argv=argv, light=_LIGHT)
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True)
    code, loaded = json.loads(done.stdout)
    return code, loaded


def _one_json_form(tmp_path: Path) -> Path:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    from generate import write_batch

    path = tmp_path / "one.json"
    with open(path, "w", encoding="utf-8") as out:
        write_batch(1, "json", out)
    return path


def test_a_json_check_to_stdout_loads_none_of_them(tmp_path: Path) -> None:
    code, loaded = _run(["check", str(_one_json_form(tmp_path)), "--format", "json",
                         "--profile", "shanghai-2024"])
    assert code in (0, 1) and loaded == []


def test_writing_to_a_file_loads_tempfile_and_writes_it(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    code, loaded = _run(["check", str(SEED_TEXT), "--format", "json", "-o", str(out)])
    assert code in (0, 1) and {"tempfile", "jixiao.readers.tidy"} <= set(loaded)  # text: tidied
    assert json.loads(out.read_text(encoding="utf-8"))


def test_a_json_array_without_forms_is_still_refused(tmp_path: Path) -> None:
    empty = tmp_path / "empty.json"
    empty.write_text("[]\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "jixiao.cli", "check", str(empty)],
                          capture_output=True, text=True)
    assert done.returncode == 2 and "empty.json" in done.stderr and not done.stdout


def test_every_shipped_profile_is_still_found_and_read() -> None:
    folder = Path(profile.__file__).parent / "profiles"
    names = sorted(p.stem for p in folder.glob("*.toml"))
    assert [p.name for p in profile.list_profiles()] == names and len(names) >= 5
    for name in names:
        assert profile.load_profile(name).name == name
    assert profile._builtin("no-such-profile") is None
    assert profile._builtin("../profiles/national-2020") is None
