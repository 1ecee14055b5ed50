"""Approved targets (JX220–JX222): each code with a failing and a passing example, on the
seed's 抚恤金 form as if its printed targets had been approved."""

from __future__ import annotations

from dataclasses import replace

import pytest

from jixiao.core.form_json import form_from_dict
from jixiao.core.model import Form
from jixiao.rules.targets import TARGET_CHECKS, ApprovedIndicator, target_findings


@pytest.fixture
def form(seed_golden: list[dict]) -> Form:
    return form_from_dict(next(f for f in seed_golden if f["project_name"] == "抚恤金"))


def approved_of(form: Form) -> list[ApprovedIndicator]:
    return [ApprovedIndicator.of(i) for i in form.indicators]


def codes(form: Form, approved: list[ApprovedIndicator], **kw: dict) -> list[str]:
    return [f.code for f in target_findings(form, approved, **kw)]


def test_the_form_as_approved_has_no_finding(form: Form) -> None:
    assert codes(form, approved_of(form)) == []


@pytest.mark.parametrize(("field", "value"), [("target", "=99.00(1)"), ("weight", "14.00")])
def test_a_changed_target_or_weight_is_jx220(form: Form, field: str, value: str) -> None:
    approved = approved_of(form)
    rows = list(form.indicators)
    rows[1] = replace(rows[1], **{field: value})
    changed = replace(form, indicators=tuple(rows))
    (finding,) = target_findings(changed, approved)
    assert (finding.code, finding.path) == ("JX220", f"indicators[1].{field}")
    assert "未写修改理由" in finding.message
    (explained,) = target_findings(changed, approved, reasons={1: "口径调整"})
    assert "修改理由：口径调整" in explained.message


def test_spacing_alone_is_no_change(form: Form) -> None:
    rows = list(form.indicators)
    rows[1] = replace(rows[1], target=" = 100.00 (1) ")
    assert codes(replace(form, indicators=tuple(rows)), approved_of(form)) == []


def test_a_dropped_row_is_jx221_and_a_new_one_jx222(form: Form) -> None:
    approved = approved_of(form)
    dropped = replace(form, indicators=form.indicators[1:])
    assert codes(dropped, approved) == ["JX221"]
    extra = replace(form.indicators[0], name="新增的指标")
    added = replace(form, indicators=(*form.indicators, extra))
    assert codes(added, approved) == ["JX222"]


def test_the_codes_are_documented() -> None:
    assert [s.code for s in TARGET_CHECKS] == ["JX220", "JX221", "JX222"]
    assert all(s.title and s.rationale and s.source for s in TARGET_CHECKS)
