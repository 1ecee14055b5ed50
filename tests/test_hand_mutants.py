"""The hand-made mutants (`scripts/hand_mutants.py`) still apply: each one's original text is in
its file exactly once, so a speed-up that rewrites a line cannot silently retire a mutant."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_SPEC = importlib.util.spec_from_file_location("hand_mutants", ROOT / "scripts" / "hand_mutants.py")
assert _SPEC is not None and _SPEC.loader is not None
hand_mutants = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(hand_mutants)


@pytest.mark.parametrize(("name", "path", "original", "mutated"), hand_mutants.MUTANTS,
                         ids=[m[0] for m in hand_mutants.MUTANTS])
def test_each_mutant_applies_once_and_changes_the_code(name: str, path: str, original: str,
                                                       mutated: str) -> None:
    text = (ROOT / "src" / "jixiao" / path).read_text(encoding="utf-8")
    assert text.count(original) == 1, f"{name}: the original text is not in {path} exactly once"
    assert mutated != original
