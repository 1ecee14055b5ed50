"""What evaluation keeps between forms lives at the boundary (`services.evaluate`), switchable.

The engine and the checks keep nothing between calls; `evaluate` keeps a profile's check
parameters. Switching that off changes no score and no finding.
"""

from __future__ import annotations

import re
from dataclasses import replace
from importlib import resources
from pathlib import Path

import pytest

from jixiao.core.model import Form
from jixiao.readers.base import ReadResult
from jixiao.rules.checks import ProfileParams
from jixiao.rules.checks.registry import CheckContext
from jixiao.rules.engine import score_form
from jixiao.rules.profile import load_profile
from jixiao.services import evaluate as service
from jixiao.services.evaluate import KEPT_PROFILES, check_params, evaluate, memo_off
from tests.rules.test_checks_base import BASE, seed_forms, with_row

_PROFILES = ("national-2020", "shanghai-2024", "hubei-2021")


def _forms() -> list[Form]:
    noted = with_row(1, BASE, actual="95.00(%)", score="12.00", note="暂无")
    return [*seed_forms(), BASE, noted]


@pytest.mark.parametrize("name", _PROFILES)
def test_the_memo_changes_no_score_and_no_finding(name: str) -> None:
    profile = load_profile(name)
    kept = [evaluate(ReadResult(form=f), profile) for f in _forms() * 2]
    with memo_off():
        fresh = [evaluate(ReadResult(form=f), profile) for f in _forms() * 2]
    assert kept == fresh


def test_check_parameters_are_kept_per_profile_object_and_not_within_memo_off() -> None:
    first, again = load_profile("national-2020"), load_profile("national-2020")
    assert check_params(first) is check_params(first)
    assert check_params(again) is not check_params(first)  # matched by identity, not by name
    with memo_off():
        assert check_params(first) is not check_params(first)
    assert check_params(first) is check_params(first)  # on again after the block


def test_the_memo_is_bounded() -> None:
    profiles = [load_profile("national-2020") for _ in range(KEPT_PROFILES + 1)]
    for p in profiles:
        check_params(p)
    assert len(service._kept) == KEPT_PROFILES
    assert all(kept is not profiles[0] for kept, _ in service._kept)


def test_a_profile_edited_with_replace_is_read_again() -> None:
    """A different profile object with other check parameters is never answered from the memo."""
    plain = load_profile("national-2020")
    silenced = replace(plain, checks={"severity": {"JX401": "off"}})
    form = with_row(1, BASE, actual="95.00(%)", score="12.00", note="无")
    codes = {f.code for f in evaluate(ReadResult(form=form), plain).findings}
    quiet = {f.code for f in evaluate(ReadResult(form=form), silenced).findings}
    assert "JX401" in codes and "JX401" not in quiet


def test_parameters_of_another_profile_are_refused() -> None:
    national, shanghai = load_profile("national-2020"), load_profile("shanghai-2024")
    with pytest.raises(ValueError):
        CheckContext(BASE, national, score_form(BASE, national), ProfileParams(shanghai))


def _source(module: str) -> str:
    return resources.files("jixiao").joinpath(*module.split("/")).read_text(encoding="utf-8")


@pytest.mark.parametrize("module", [
    "rules/engine.py", *(f"rules/checks/{p.name}" for p in
                         sorted(Path(str(resources.files("jixiao"))).joinpath(
                             "rules", "checks").glob("*.py")))])
def test_the_pure_rules_keep_no_cache_keyed_by_identity(module: str) -> None:
    assert not re.search(r"\bid\(", _source(module)), module
