"""分值 and 得分 printed with their unit (`30分`, `30 分`) are points like bare numbers: the engine
scores them and the checks do not call them missing (JX207) or let the sums drift."""

from __future__ import annotations

from dataclasses import replace

from jixiao.core.model import Total
from jixiao.rules.engine import score_form
from jixiao.rules.profile import load_profile
from tests.rules.test_checks_base import BASE, findings, with_funds


def _with_unit(spacing: str = "") -> object:
    rows = tuple(replace(ind, weight=f"{ind.weight}{spacing}分", score=f"{ind.score}{spacing}分")
                 for ind in BASE.indicators)
    form = with_funds(replace(BASE, indicators=rows), weight=f"10{spacing}分",
                      score=f"9.50{spacing}分")
    return replace(form, total=Total(weight=f"100{spacing}分", score=f"99.50{spacing}分"))


def test_points_with_unit_score_as_bare_numbers() -> None:
    profile = load_profile("national-2020")
    bare = score_form(BASE, profile)
    for spacing in ("", " "):
        card = score_form(_with_unit(spacing), profile)  # type: ignore[arg-type]
        assert card.total == bare.total
        assert [(r.printed_score, r.computed.value, r.status) for r in card.rows] == \
            [(r.printed_score, r.computed.value, r.status) for r in bare.rows]


def test_points_with_unit_give_the_findings_of_bare_numbers() -> None:
    codes = sorted(f.code for f in findings(BASE))
    for spacing in ("", " "):
        with_unit = sorted(f.code for f in findings(_with_unit(spacing)))  # type: ignore[arg-type]
        assert "JX207" not in with_unit
        assert with_unit == codes


def test_money_with_points_unit_stays_unread() -> None:
    form = with_funds(BASE, rows=tuple(replace(r, executed=f"{r.executed}分")
                                       for r in BASE.funds.rows))
    assert all(r.executed_value is None for r in form.funds.rows)
