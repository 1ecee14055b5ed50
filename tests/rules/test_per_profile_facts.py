"""Facts about printed texts under a profile's check parameters live as long as the parameters."""

from __future__ import annotations

import pytest

from jixiao.rules.checks.registry import CheckContext, ProfileParams, per_profile
from jixiao.rules.engine import score_form
from tests.rules.test_checks_base import BASE, profile

calls: list[str] = []


@per_profile
def _long(ctx: CheckContext, name: str) -> bool:
    """A name longer than the profile's `long_name` parameter."""
    calls.append(name)
    return len(name) > int(ctx.param("long_name", 4))


def _context(params: ProfileParams | None = None) -> CheckContext:
    prof = params.profile if params is not None else profile()
    return CheckContext(BASE, prof, score_form(BASE, prof), params)


def test_a_fact_is_kept_with_the_parameters_it_was_derived_from() -> None:
    calls.clear()
    params = ProfileParams(profile())
    assert _long(_context(params), "举办培训场次") is True
    assert _long(_context(params), "举办培训场次") is True
    assert calls == ["举办培训场次"]
    assert _long(_context(), "举办培训场次") is True  # parameters read afresh: computed again
    assert calls == ["举办培训场次"] * 2


def test_a_fact_follows_the_profile_parameters() -> None:
    short = ProfileParams(profile(params={"long_name": 10}))
    assert _long(_context(short), "举办培训场次") is False
    assert _long(_context(), "举办培训场次") is True


def test_a_fact_whose_parameter_fails_is_never_kept() -> None:
    calls.clear()
    broken = ProfileParams(profile(params={"long_name": "很多"}))
    for _ in range(2):
        with pytest.raises(ValueError):
            _long(_context(broken), "名称")
    assert calls == ["名称", "名称"]
