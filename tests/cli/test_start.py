"""Fast start: the command imports only what it uses (no writers, office or web libraries)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import SEED_TEXT

#: Heavy libraries no parse/score/check of text or JSON needs.
HEAVY = ("openpyxl", "docx", "reportlab", "numpy", "django", "rich", "pypdfium2", "onnxruntime")

_PROBE = """
import sys
{code}
heavy = {heavy!r}
print(" ".join(sorted({{m.split(".")[0] for m in sys.modules}} & set(heavy))))
"""


def _loaded(code: str) -> list[str]:
    probe = _PROBE.format(code=code, heavy=HEAVY)
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True)
    return done.stdout.split()


def test_importing_the_cli_loads_no_heavy_library() -> None:
    assert _loaded("import jixiao.cli") == []


@pytest.mark.parametrize("args", [["parse"], ["score"], ["score", "--format", "json"],
                                  ["check"], ["check", "--format", "json"]], ids=" ".join)
def test_reading_text_loads_no_heavy_library(args: list[str]) -> None:
    argv = [args[0], str(SEED_TEXT), *args[1:]]
    code = ("import contextlib, io\nfrom jixiao.cli import main\n"
            f"with contextlib.redirect_stdout(io.StringIO()):\n    main({argv!r})")
    assert _loaded(code) == []


def test_a_user_error_loads_no_heavy_library() -> None:
    code = ("import contextlib, io\nfrom jixiao.cli import main\n"
            "with contextlib.redirect_stderr(io.StringIO()):\n"
            "    assert main(['check', 'no-such-file.txt']) == 2")
    assert _loaded(code) == []


def test_the_probe_sees_a_heavy_import() -> None:
    assert _loaded("import jixiao.writers.xlsx") != []
