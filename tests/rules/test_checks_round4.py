"""Round 4 of the checks (issue 9): the row checks that emit one finding per row of an index set
say it through `registry.row_hits`; the engine-status checks read the row facts' index sets."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from jixiao.core.model import Indicator
from jixiao.core.scorecard import RowStatus
from jixiao.rules.checks import run_checks
from jixiao.rules.checks.registry import CheckContext, Hit, row_hits
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
