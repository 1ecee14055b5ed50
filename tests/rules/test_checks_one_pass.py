"""A check registered with `rows` (a `RowFacts` index set) is skipped on forms where that set is
empty: that is sound only if the check says nothing there, which these tests hold it to, under
every profile, on varied forms; and the registry refuses a set that does not exist."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from jixiao.core.findings import Severity
from jixiao.rules.checks.registry import CheckContext, register, registered_checks, run_checks
from jixiao.rules.checks.row_facts import ROW_SETS
from jixiao.rules.engine import score_form
from jixiao.rules.profile import load_profile
from tests.rules.test_checks_base import BASE
from tests.rules.test_row_facts import PROFILES, varied_form

RESTRICTED = [c for c in registered_checks() if c.rows is not None]


def test_the_row_checks_name_index_sets_of_the_row_facts() -> None:
    assert len(RESTRICTED) >= 20
    prof = load_profile("national-2020")
    facts = CheckContext(BASE, prof, score_form(BASE, prof)).facts
    for check in RESTRICTED:
        assert check.rows in ROW_SETS
        rows = getattr(facts, check.rows)  # type: ignore[arg-type]
        assert isinstance(rows, tuple) and all(isinstance(i, int) for i in rows)


@pytest.mark.parametrize("name", PROFILES)
def test_a_check_says_nothing_where_its_rows_are_empty(name: str) -> None:
    prof = load_profile(name)
    rng = random.Random(f"one-pass {name}")
    seen_empty = {c.spec.code: 0 for c in RESTRICTED}
    seen_hits = {c.spec.code: 0 for c in RESTRICTED}
    for _ in range(200):
        form = varied_form(rng)
        ctx = CheckContext(form, prof, score_form(form, prof))
        for check in RESTRICTED:
            hits = list(check.function(ctx))
            if not getattr(ctx.facts, check.rows):  # type: ignore[arg-type]
                assert hits == [], check.spec.code
                seen_empty[check.spec.code] += 1
            seen_hits[check.spec.code] += bool(hits)
    assert all(seen_empty.values()), seen_empty
    assert sum(bool(n) for n in seen_hits.values()) >= len(RESTRICTED) // 2, seen_hits


def test_run_checks_skips_a_check_whose_rows_are_empty(monkeypatch: pytest.MonkeyPatch) -> None:
    from jixiao.rules.checks import registry

    calls: list[str] = []

    def counting(code: str, function):  # type: ignore[no-untyped-def]
        def wrapped(ctx: CheckContext):  # type: ignore[no-untyped-def]
            calls.append(code)
            return function(ctx)
        return wrapped

    table = {code: replace(check, function=counting(code, check.function))
             for code, check in registry._REGISTRY.items()}
    monkeypatch.setattr(registry, "_REGISTRY", table)
    prof = load_profile("national-2020")
    card = score_form(BASE, prof)
    ctx = CheckContext(BASE, prof, card)
    empty = {c.spec.code for c in table.values()
             if c.rows is not None and not getattr(ctx.facts, c.rows)}
    assert empty and "JX205" in empty
    run_checks(BASE, prof, card)
    assert not empty & set(calls)
    assert set(calls) == set(table) - empty


def test_an_unknown_row_set_is_refused() -> None:
    with pytest.raises(ValueError, match="行集合"):
        register("JX599", Severity.INFO, "t", "r", "s", rows="no_such_rows")
    with pytest.raises(ValueError, match="行集合"):
        register("JX599", Severity.INFO, "t", "r", "s", rows="weight_total")  # not an index set
