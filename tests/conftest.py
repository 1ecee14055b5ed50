"""Shared fixtures: the real forms the tests read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
SEED_TEXT = DATA / "seed.txt"
SEED_GOLDEN = DATA / "golden" / "seed.json"


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED_TEXT.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_golden() -> list[dict]:
    return json.loads(SEED_GOLDEN.read_text(encoding="utf-8"))
