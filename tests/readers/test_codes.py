"""Every import finding code a reader emits is in the one catalogue, and the catalogue has no
code nobody emits."""

from __future__ import annotations

import re
from pathlib import Path

from jixiao.readers.codes import IMPORT_CODES

READERS = Path(__file__).parents[2] / "src" / "jixiao" / "readers"


def _emitted() -> set[str]:
    codes: set[str] = set()
    for path in READERS.rglob("*.py"):
        if path.name == "codes.py":
            continue
        codes |= set(re.findall(r'"(JX0\d\d)"', path.read_text(encoding="utf-8")))
    return codes


def test_every_emitted_code_is_catalogued() -> None:
    assert _emitted() <= set(IMPORT_CODES)


def test_every_catalogued_code_is_emitted() -> None:
    assert set(IMPORT_CODES) <= _emitted()
