"""The clean base form the check tests vary, the case table type, and a runner.

Every family test module declares `CASES`: (code, failing builder, passing builder); the
catalogue test collects them and requires every registered code to have a failing case.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Collection
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest

from jixiao.core.findings import Finding, Severity
from jixiao.core.form_json import form_from_dict, forms_from_json_value
from jixiao.core.model import Form, Funds, FundsRow, Goals, Indicator, Total
from jixiao.rules.checks import run_checks
from jixiao.rules.engine import score_form
from jixiao.rules.profile import Profile, load_profile

DATA = Path(__file__).parent.parent / "data"

BASE_INDICATORS = (
    Indicator("产出指标", "数量指标", "举办培训场次", "≥20(场)", "22(场)", "20.00", "20.00"),
    Indicator("产出指标", "质量指标", "培训合格率", "≥90.00(%)", "95.00(%)", "15.00", "15.00"),
    Indicator("产出指标", "时效指标", "培训按期完成", "按期完成", "达成年度指标", "15.00", "15.00"),
    Indicator("效益指标", "社会效益指标", "学员技能提升人次", "≥1000(人次)", "1050(人次)",
              "30.00", "30.00"),
    Indicator("满意度指标", "服务对象满意度指标", "学员满意度", "≥90.00(%)", "96.00(%)",
              "10.00", "10.00"),
)

BASE = Form(
    project_name="职业技能培训",
    year=2024,
    department="某市人力资源和社会保障局",
    implementing_unit="某市职业技能鉴定中心",
    funds=Funds(unit="万元", weight="10.00", rate="95.00", score="9.50", rows=(
        FundsRow("total", "100.00", "100.00", "95.00", "95.00"),
        FundsRow("fiscal", "80.00", "80.00", "76.00", "95.00"),
        FundsRow("carryover", "20.00", "20.00", "19.00", "95.00"),
        FundsRow("other", "0.00", "0.00", "0.00", "0.00"),
    )),
    goals=Goals(expected="举办职业技能培训 20场，培训学员 1000人次，合格率不低于 90%。",
                actual="全年举办培训 22场，培训学员 1050人次，合格率 95%，预算执行率 95%。"),
    indicators=BASE_INDICATORS,
    total=Total(weight="100.00", score="99.50"),
    grade="优",
)


def base() -> Form:
    """The clean base form (no warnings or errors under national-2020)."""
    return BASE


def with_row(index: int, form: Form = BASE, **changes: Any) -> Form:
    """The form with one indicator row changed."""
    rows = list(form.indicators)
    rows[index] = replace(rows[index], **changes)
    return replace(form, indicators=tuple(rows))


def with_rows(rows: Collection[Indicator], form: Form = BASE) -> Form:
    """The form with another indicator table."""
    return replace(form, indicators=tuple(rows))


def with_funds(form: Form = BASE, **changes: Any) -> Form:
    """The form with its funds block changed."""
    return replace(form, funds=replace(form.funds, **changes))


def with_funds_row(index: int, form: Form = BASE, **changes: Any) -> Form:
    """The form with one funds row changed."""
    rows = list(form.funds.rows)
    rows[index] = replace(rows[index], **changes)
    return with_funds(form, rows=tuple(rows))


def profile(name: str = "national-2020", **checks: Any) -> Profile:
    """A shipped profile, optionally with a `[checks]` table."""
    loaded = load_profile(name)
    return dataclasses.replace(loaded, checks=dict(checks)) if checks else loaded


def findings(form: Form, prof: Profile | str = "national-2020", *,
             ignore: Collection[str] = ()) -> list[Finding]:
    """Score and check a form under a profile."""
    p = profile(prof) if isinstance(prof, str) else prof
    return run_checks(form, p, score_form(form, p), ignore=ignore)


def codes(form: Form, prof: Profile | str = "national-2020") -> set[str]:
    """The codes found on a form."""
    return {f.code for f in findings(form, prof)}


def of_code(form: Form, code: str, prof: Profile | str = "national-2020") -> list[Finding]:
    """The findings of one code."""
    return [f for f in findings(form, prof) if f.code == code]


@dataclass(frozen=True)
class Case:
    """A check's failing and passing example: `fail()` must yield `code`, `ok()` must not."""

    code: str
    fail: Callable[[], Form]
    ok: Callable[[], Form]
    profile: Callable[[], Profile] = profile
    note: str = ""

    @property
    def id(self) -> str:
        return f"{self.code}-{self.note}" if self.note else self.code


def run_case(case: Case) -> None:
    """Assert the failing example yields the code and the passing one does not."""
    prof = case.profile()
    failing = of_code(case.fail(), case.code, prof)
    assert failing, f"{case.id}: failing example found nothing"
    for f in failing:
        assert f.message and "\n" not in f.message
        assert f.form == case.fail().project_name
    assert not of_code(case.ok(), case.code, prof), f"{case.id}: passing example flagged"


def seed_forms() -> list[Form]:
    """The four Shanghai 2024 seed forms (canonical JSON)."""
    data = json.loads((DATA / "golden" / "seed.json").read_text(encoding="utf-8"))
    return forms_from_json_value(data)


def corpus_form(number: str) -> Form:
    """A labelled corpus form, normalised (year as int, `label_notes` dropped)."""
    data = json.loads((DATA / "corpus" / "labels" / f"{number}.json").read_text(encoding="utf-8"))
    data.pop("label_notes", None)
    if isinstance(data.get("year"), str):
        data["year"] = int(data["year"])
    return form_from_dict(data)


@pytest.mark.parametrize("name", ["national-2020", "shanghai-2024", "sichuan-2023"])
def test_base_form_is_clean(name: str) -> None:
    bad = [f for f in findings(BASE, name) if f.severity is not Severity.INFO]
    assert bad == []


def test_base_form_has_no_findings_at_all_under_national() -> None:
    assert findings(BASE) == []
