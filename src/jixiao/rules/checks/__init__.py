"""Checks of a 自评表: registered data (code, family, severity, title, source) plus a function.

Public API:
    run_checks(form, profile, scorecard, *, ignore=(), sources=None, params=None) -> list[Finding]
    ProfileParams(profile): a profile's check parameters, to pass to many run_checks calls
    catalogue() -> list[CheckSpec]

Codes: JX1xx arithmetic, JX2xx structure, JX3xx meaning, JX4xx reasons, JX5xx plausibility,
JX9xx internal (JX0xx is reserved for reader import findings). Codes are stable and never reused.
"""

from __future__ import annotations

from jixiao.rules.checks import (  # noqa: F401 - importing a family registers its checks
    arithmetic,
    meaning,
    plausibility,
    reasons,
    structure,
)
from jixiao.rules.checks.registry import CheckSpec, ProfileParams, catalogue, run_checks

__all__ = ["CheckSpec", "ProfileParams", "catalogue", "run_checks"]
