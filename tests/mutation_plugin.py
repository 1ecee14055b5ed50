"""A pytest plugin for mutation runs (scripts/mutation.sh): forget every memo before each test.

mutmut forks each mutant's test run from a process that already ran the tests, so memoised
results (`functools.lru_cache`, the engine's and the checks' memo dicts) computed by the
unmutated code would hide a mutant in a memoised function. Clearing them makes each test compute
afresh. Loaded by tests/conftest.py when JIXIAO_MUTATION=1 (set by scripts/mutation.sh); not
used by ordinary test runs.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest

#: Module-level memos (module, attribute): dicts, or the evaluation boundary's list.
_MEMO_DICTS = (
    ("jixiao.core.money", "_FMT2"),
    ("jixiao.services.evaluate", "_kept"),
    ("jixiao.rules.engine", "_NUMBER_TEXTS"),
)


def forget_memos() -> None:
    for name, module in list(sys.modules.items()):
        if not name.startswith(("jixiao.core", "jixiao.rules")) or module is None:
            continue
        for value in list(vars(module).values()):
            clear = getattr(value, "cache_clear", None)
            if callable(clear):
                clear()
    for name, attribute in _MEMO_DICTS:
        memo = getattr(sys.modules.get(name), attribute, None)
        if isinstance(memo, dict | list):
            memo.clear()


@pytest.fixture(autouse=True)
def _fresh_memos() -> Iterator[None]:
    forget_memos()
    yield
