"""The OCR engine starts and runs without writing its own log lines to the user's terminal."""

from __future__ import annotations

import subprocess
import sys

import pytest

from jixiao.readers import pdf as pdf_reader

_PROBE = """
import numpy
from jixiao.readers.pdf import _ocr_engine
engine = _ocr_engine()
assert _ocr_engine() is engine  # loaded once per process
engine(numpy.full((120, 320, 3), 255, dtype=numpy.uint8))  # a blank region: RapidOCR warns
print("done")
"""


def test_ocr_engine_is_silent_and_loaded_once() -> None:
    pytest.importorskip("rapidocr")
    if not pdf_reader.ocr_available():
        pytest.skip("OCR extra not installed")
    done = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True,
                          timeout=300, check=True)
    assert done.stdout.strip() == "done"
    assert done.stderr == ""
