"""The checks' speed work, round 3 (issue 9): the run plan kept with the profile's parameters,
the fill-down of rows printed as the row above, 得分 = 分值 decided by one comparison, and the
engine's reported rows as row facts give what the row-by-row code gave."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal

import pytest

from jixiao.core.findings import Severity
from jixiao.core.model import Form, Indicator
from jixiao.core.scorecard import RowStatus
from jixiao.rules.checks import ProfileParams, run_checks
from jixiao.rules.checks.registry import CheckContext, Hit, register
from jixiao.rules.engine import score_form
from jixiao.rules.profile import Profile, level_key, load_profile
from tests.rules.test_checks_base import BASE, profile
from tests.rules.test_row_facts import PROFILES, reference, varied_form

REPORTED = {"inflated": RowStatus.INFLATED, "out_of_band": RowStatus.OUT_OF_BAND,
            "unexplained": RowStatus.UNEXPLAINED_DEDUCTION,
            "accepted": RowStatus.ACCEPTED_DEDUCTION}
LEVELS = ("产出指标", "效益指标", "满意度指标", "成本指标", "其他", "", " ", None)
LEVELS2 = ("数量指标", "质量指标", "社会效益指标", "服务对象满意度指标", "", "  ", None)


def _flagged_form() -> Form:
    """A varied form on which several checks report (the first such of a fixed sequence)."""
    prof = load_profile("national-2020")
    for seed in range(100):
        form = varied_form(random.Random(seed))
        if len({f.code for f in run_checks(form, prof, score_form(form, prof))}) >= 3:
            return form
    raise AssertionError("no varied form with three codes")


def _with_tolerance(prof: Profile, tolerance: str) -> Profile:
    return replace(prof, comparison=replace(prof.comparison, tolerance=Decimal(tolerance)))


@pytest.mark.parametrize("tolerance", ["-0.01", "0", "0.01", "0.5"])
def test_score_equal_to_weight_is_decided_as_within_the_tolerance(tolerance: str) -> None:
    # 得分 = 分值 is within a tolerance ≥ 0 both ways; a negative one (no profile has it, the
    # check code still reads it) makes an equal score over the weight, and not full marks
    prof = _with_tolerance(load_profile("national-2020"), tolerance)
    rng = random.Random(f"tolerance {tolerance}")
    equal_rows = 0
    for _ in range(400):
        form = varied_form(rng)
        ctx = CheckContext(form, prof, score_form(form, prof))
        expected = reference(ctx)
        for field in ("over_weight", "docked", "full_marks"):
            assert getattr(ctx.facts, field) == expected[field], (field, form.indicators)
        equal_rows += sum(w is not None and w == s for w, s in zip(ctx.weights, ctx.scores,
                                                                 strict=True))
    assert equal_rows > 30


def _filled_down(form: Form, prof: Profile) -> tuple[list[tuple[str | None, str | None]],
                                                     list[tuple[str, str]], list[object]]:
    """The fill-down row by row, as it was before rows printed alike were passed over."""
    levels, keys, level1s = [], [], []
    last1: str | None = None
    last2: str | None = None
    for ind in form.indicators:
        l1 = ind.level1 if ind.level1 and ind.level1.strip() else last1
        l2 = ind.level2 if ind.level2 and ind.level2.strip() else (
            last2 if l1 == last1 else None)
        key = (level_key(l1 or ""), level_key(l2 or ""))
        levels.append((l1, l2))
        keys.append(key)
        level1s.append(None if l1 is None else prof.level1_for_key(key[0]))
        last1, last2 = l1, l2
    return levels, keys, level1s


def _runs(rng: random.Random) -> Iterator[Indicator]:
    for _ in range(rng.randrange(0, 6)):
        level1, level2 = rng.choice(LEVELS), rng.choice(LEVELS2)
        for _ in range(rng.randrange(1, 4)):  # a block printed alike, or blank below its head
            yield Indicator(level1, level2, "培训场次", "≥5次", "6次", "10", "10", None)
            if rng.random() < 0.3:
                level1, level2 = rng.choice((None, "", level1)), rng.choice((None, level2))


@pytest.mark.parametrize("name", PROFILES)
def test_rows_printed_alike_fill_down_as_row_by_row(name: str) -> None:
    prof = load_profile(name)
    rng = random.Random(f"levels {name}")
    for _ in range(300):
        form = replace(BASE, indicators=tuple(_runs(rng)))
        ctx = CheckContext(form, prof, score_form(form, prof))
        levels, keys, level1s = _filled_down(form, prof)
        assert list(ctx.levels) == levels, form.indicators
        assert list(ctx.level_keys) == keys, form.indicators
        assert all(a is b for a, b in zip(ctx.level1s, level1s, strict=True)), form.indicators


@pytest.mark.parametrize("name", [*PROFILES, "strict"])
def test_reported_rows_are_the_engine_rows_of_their_status(name: str) -> None:
    if name == "strict":
        base = load_profile("national-2020")
        prof = replace(base, comparison=replace(base.comparison, accept_noted_deductions=False))
    else:
        prof = load_profile(name)
    rng = random.Random(f"status {name}")
    seen: set[str] = set()
    for _ in range(200):
        form = varied_form(rng)
        card = score_form(form, prof)
        if card.rows and rng.random() < 0.3:  # a row the form does not have is no row of it
            card = replace(card, rows=(*card.rows, replace(card.rows[0], index=len(
                form.indicators), status=rng.choice(list(REPORTED.values())))))
        facts = CheckContext(form, prof, card).facts
        for field, status in REPORTED.items():
            rows = getattr(facts, field)
            assert rows == tuple(row.index for row in card.rows if row.status is status
                                 and 0 <= row.index < len(form.indicators)), field
            seen.update([field] if rows else [])
    assert {"inflated", "out_of_band", "unexplained"} <= seen


def test_a_kept_plan_follows_the_silenced_codes_and_the_registry(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from jixiao.rules.checks import registry

    form = _flagged_form()
    prof = load_profile("national-2020")
    card = score_form(form, prof)
    params = ProfileParams(prof)
    fresh = run_checks(form, prof, card)
    assert fresh and run_checks(form, prof, card, params=params) == fresh
    silenced = {fresh[0].code}
    quiet = run_checks(form, prof, card, ignore=silenced, params=params)
    assert quiet == [f for f in fresh if f.code not in silenced]
    assert run_checks(form, prof, card, params=params) == fresh  # not the silenced plan

    monkeypatch.setattr(registry, "_REGISTRY", dict(registry._REGISTRY))

    def always(ctx: CheckContext) -> Iterator[Hit]:
        yield Hit("grade", "总是")

    register("JX597", Severity.INFO, "t", "r", "s")(always)
    added = run_checks(form, prof, card, params=params)
    assert [f for f in added if f.code == "JX597"] and len(added) == len(fresh) + 1


def test_a_kept_plan_applies_the_profile_severities() -> None:
    form = _flagged_form()
    base = load_profile("national-2020")
    card = score_form(form, base)
    fresh = run_checks(form, base, card)
    code = fresh[0].code
    odd = profile(severity={code: "info"})
    second = next((f.code for f in fresh if f.code != code), None)
    if second is not None:
        odd = profile(severity={code: "info", second: "off"})
    params = ProfileParams(odd)
    card = score_form(form, odd)
    for _ in range(2):  # the plan read, then kept
        found = run_checks(form, odd, card, params=params)
        assert {f.severity for f in found if f.code == code} == {Severity.INFO}
        assert second is None or not [f for f in found if f.code == second]
