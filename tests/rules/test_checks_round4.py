"""Round 4 of the checks (issue 9): the row checks that emit one finding per row of an index set
say it through `registry.row_hits` (`register_rows` for a check that reports every such row);
the engine-status checks read the row facts' index sets."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from jixiao.core.findings import Severity
from jixiao.core.model import Indicator
from jixiao.core.scorecard import RowStatus
from jixiao.rules.checks import registry as registry_module
from jixiao.rules.checks import run_checks
from jixiao.rules.checks.registry import (
    CheckContext,
    Hit,
    register_rows,
    registered_checks,
    row_hits,
)
from jixiao.rules.engine import score_form
from jixiao.rules.profile import load_profile
from tests.rules.test_checks_base import BASE, BASE_INDICATORS


def test_row_hits_name_the_row_and_its_field_in_the_order_given() -> None:
    form = replace(BASE, indicators=(BASE_INDICATORS[0],
                                     Indicator("产出指标", "数量指标", None, "≥1(个)", "1(个)")))
    prof = load_profile("national-2020")
    ctx = CheckContext(form, prof, score_form(form, prof))
    hits = list(row_hits(ctx, (1, 0), "target", lambda i, ind: f"：{i}/{ind.target}"))
    assert hits == [Hit("indicators[1].target", "第2行指标：1/≥1(个)"),
                    Hit("indicators[0].target", "指标「举办培训场次」：0/≥20(场)")]
    assert list(row_hits(ctx, (), "note", lambda i, ind: "不会调用")) == []


def test_engine_status_checks_report_the_rows_of_their_status_and_only_the_forms() -> None:
    prof = load_profile("national-2020")
    card = score_form(BASE, prof)
    rows = list(card.rows)
    statuses = {3: RowStatus.INFLATED, 1: RowStatus.INFLATED, 0: RowStatus.OUT_OF_BAND,
                2: RowStatus.ACCEPTED_DEDUCTION}
    for index, status in statuses.items():
        rows[index] = replace(rows[index], status=status,
                              band=(Decimal("8"), Decimal("10")) if index == 0 else None)
    rows = [rows[3], rows[1], rows[0], rows[2], rows[4],  # not in row order: the engine's order
            replace(rows[4], index=len(BASE.indicators), status=RowStatus.INFLATED)]  # no row
    card = replace(card, rows=tuple(rows))
    findings = run_checks(BASE, prof, card)
    assert "JX901" not in {f.code for f in findings}  # the row past the form is no row of it
    found = [(f.code, f.path) for f in findings if f.code in ("JX404", "JX405", "JX408")]
    assert sorted(found) == [("JX404", "indicators[1].score"), ("JX404", "indicators[3].score"),
                             ("JX405", "indicators[0].score"), ("JX408", "indicators[2].score")]
    messages = {f.path: f.message for f in findings if f.code == "JX405"}
    assert messages["indicators[0].score"].startswith(
        "指标「举办培训场次」实际完成值「22(场)」的得分区间为 [8.00, 10.00]，")


@pytest.fixture
def fresh_registry(monkeypatch: pytest.MonkeyPatch) -> dict:
    table = dict(registry_module._REGISTRY)
    monkeypatch.setattr(registry_module, "_REGISTRY", table)
    return table


def test_a_row_check_reports_every_row_of_its_set_and_is_skipped_without_one(
        fresh_registry: dict) -> None:
    register_rows("JX597", Severity.INFO, "测试行检查", "测试理由", "测试依据",
                  rows="full_marks", field="weight",
                  says=lambda ctx, i, ind: f"分值 {ind.weight}（{ctx.form.project_name}，{i}）")
    check = next(c for c in registered_checks() if c.spec.code == "JX597")
    assert check.rows == "full_marks" and check.spec.title == "测试行检查"
    prof = load_profile("national-2020")
    found = [(f.path, f.message) for f in run_checks(BASE, prof, score_form(BASE, prof))
             if f.code == "JX597"]
    assert found[0] == ("indicators[0].weight", "指标「举办培训场次」分值 20.00（职业技能培训，0）")
    assert [p for p, _ in found] == [f"indicators[{i}].weight" for i in range(5)]
    docked = replace(BASE, indicators=tuple(replace(ind, score="1.00")
                                            for ind in BASE_INDICATORS))
    assert not [f for f in run_checks(docked, prof, score_form(docked, prof))
                if f.code == "JX597"]


def test_a_row_check_needs_a_known_index_set(fresh_registry: dict) -> None:
    with pytest.raises(ValueError, match="行集合未定义"):
        register_rows("JX596", Severity.INFO, "测试", "测试", "测试", rows="no_such_rows",
                      field="weight", says=lambda ctx, i, ind: "")
