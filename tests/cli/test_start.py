"""Fast start: the command imports only what it uses (no writers, office or web libraries)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from jixiao.cli import main
from tests.conftest import SEED_TEXT

#: Heavy libraries no parse/score/check of text or JSON needs.
HEAVY = ("openpyxl", "docx", "reportlab", "numpy", "django", "rich", "pypdfium2", "onnxruntime")

_PROBE = """
import sys
from pathlib import Path
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


#: The readers of documents (and the dispatcher that picks them): a text or JSON batch is read
#: as a stream and never needs them.
DOCUMENT_READERS = ("jixiao.readers.dispatch", "jixiao.readers.pdf", "jixiao.readers.html",
                    "jixiao.readers.office", "jixiao.readers.grid_form", "jixiao.readers.xlsx",
                    "jixiao.readers.docx")


#: The text layouts: a JSON batch does not need them either.
TEXT_LAYOUTS = ("jixiao.readers.text", "jixiao.readers.text_lines", "jixiao.readers.text_cells",
                "jixiao.readers.glued", "jixiao.readers.scrambled")


def _document_readers_loaded(argv: list[str],
                             readers: tuple[str, ...] = DOCUMENT_READERS) -> list[str]:
    code = ("import contextlib, io, sys\nfrom jixiao.cli import main\n"
            f"with contextlib.redirect_stdout(io.StringIO()):\n    main({argv!r})\n"
            f"print(' '.join(sorted(set(sys.modules) & set({readers!r}))))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    return done.stdout.split()


def test_checking_text_or_json_loads_no_document_reader(tmp_path: Path) -> None:
    forms = tmp_path / "seed.json"
    assert main(["parse", str(SEED_TEXT), "-o", str(forms)]) == 0
    assert _document_readers_loaded(["check", str(SEED_TEXT)]) == []
    assert _document_readers_loaded(["check", str(forms)]) == []
    assert _document_readers_loaded(["check", str(forms)], TEXT_LAYOUTS) == []
    assert "jixiao.readers.text_lines" in _document_readers_loaded(["check", str(SEED_TEXT)],
                                                                    TEXT_LAYOUTS)


def test_the_document_probe_sees_a_document_reader() -> None:
    pdf = Path(__file__).parents[1] / "data" / "pdf"
    first = sorted(pdf.glob("*.pdf"))[0]
    assert "jixiao.readers.pdf" in _document_readers_loaded(["parse", str(first)])
