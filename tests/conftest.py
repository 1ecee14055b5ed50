"""Shared fixtures: the real forms the tests read."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import django
import pytest

# The web tests' Django: settings from `jixiao.web.settings`, data in a fresh temporary folder,
# background tasks run in the request; `DATABASE_URL` (when set) picks PostgreSQL. Set here,
# at import, because the web tests' conftest imports the models.
os.environ.setdefault("JIXIAO_DATA", tempfile.mkdtemp(prefix="jixiao-test-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jixiao.web.settings")
os.environ.setdefault("JIXIAO_TASKS_IMMEDIATE", "1")
django.setup()

# Mutation runs (scripts/mutation.sh sets JIXIAO_MUTATION=1): every memo is forgotten before each
# test, so that a mutant in a memoised function is not hidden by results of the unmutated code.
if os.environ.get("JIXIAO_MUTATION") == "1":
    pytest_plugins = ["tests.mutation_plugin"]

DATA = Path(__file__).parent / "data"
SEED_TEXT = DATA / "seed.txt"
SEED_GOLDEN = DATA / "golden" / "seed.json"


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED_TEXT.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_golden() -> list[dict]:
    return json.loads(SEED_GOLDEN.read_text(encoding="utf-8"))

