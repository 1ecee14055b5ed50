"""Cases for the mutants mutmut left alive in the checks' round-3 speed work (2026-12-01):
`rules/checks/registry.py` (the run plan kept per silenced codes, a check's row set) and
`rules/checks/row_facts.py`."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest

from jixiao.core.findings import Severity
from jixiao.core.model import Indicator
from jixiao.rules.checks import ProfileParams, run_checks
from jixiao.rules.checks import registry as registry_module
from jixiao.rules.checks.registry import CheckContext, Hit, register
from jixiao.rules.engine import score_form
from jixiao.rules.profile import load_profile
from tests.rules.test_checks_base import BASE, BASE_INDICATORS, findings, with_row, with_rows


@pytest.fixture
def fresh_registry(monkeypatch: pytest.MonkeyPatch) -> dict:
    table = dict(registry_module._REGISTRY)
    monkeypatch.setattr(registry_module, "_REGISTRY", table)
    return table


def test_a_check_with_a_row_set_is_not_called_on_a_form_without_such_rows(
        fresh_registry: dict) -> None:
    calls: list[str] = []

    def docked_rows(ctx: CheckContext) -> Iterator[Hit]:
        calls.append(ctx.form.project_name)
        for i in ctx.facts.docked:
            yield Hit(f"indicators[{i}].score", "扣分")

    register("JX596", Severity.INFO, "测试", "测试", "测试", rows="docked")(docked_rows)
    assert fresh_registry["JX596"].rows == "docked"
    assert not [f for f in findings(BASE) if f.code == "JX596"]
    assert calls == []  # every row of the clean form has full marks: nothing to look at
    docked = with_row(1, score="12.00", note="部分学员补考后合格，合格率统计口径调整")
    [hit] = [f for f in findings(docked) if f.code == "JX596"]
    assert hit.path == "indicators[1].score" and calls == ["职业技能培训"]


def test_the_plan_is_made_once_per_silenced_codes() -> None:
    params = ProfileParams(load_profile("national-2020"))
    quiet = frozenset({"JX503"})
    plan = params.plan(frozenset())
    assert params.plan(frozenset()) is plan
    assert params.plan(quiet) is params.plan(quiet) is not plan
    assert params.plan(frozenset()) is plan  # a second set does not replace the first
    assert "JX503" not in [code for code, *_ in params.plan(quiet)]


def test_the_kept_plans_stay_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry_module, "_FACTS_LIMIT", 2)
    prof = load_profile("national-2020")
    params = ProfileParams(prof)
    for code in ("JX101", "JX102", "JX103", "JX104"):
        params.plan(frozenset({code}))
        assert len(params._plans) <= 2
    form = with_row(0, actual="30(场)")
    card = score_form(form, prof)
    assert run_checks(form, prof, card, params=params) == run_checks(form, prof, card)


@pytest.mark.parametrize("name", ["不适用", "项目不涉及采购", "残疾人就业（不涉及）", "不 适 用",
                                  "培训合格率", "涉及人次", ""])
def test_a_name_mentions_not_applicable_as_the_row_fact_reads_it(name: str) -> None:
    row = Indicator("产出指标", "质量指标", name, "≥90.00(%)", "95.00(%)", "15.00", "15.00")
    form = with_rows([*BASE_INDICATORS, row])
    prof = load_profile("national-2020")
    ctx = CheckContext(form, prof, score_form(form, prof))
    assert ctx.names_not_applicable[-1] is (name in ("不适用", "项目不涉及采购",
                                                    "残疾人就业（不涉及）", "不 适 用"))


def test_two_findings_are_sorted_by_severity_not_by_code() -> None:
    # JX310 (info) runs before JX311 (warning); the warning is listed first
    form = with_row(2, with_row(0, actual="24(场)"), target="力争完成")
    assert [(f.code, f.severity) for f in findings(form)] == [("JX311", Severity.WARNING),
                                                             ("JX310", Severity.INFO)]


@pytest.mark.parametrize("kind", ["decimal", "words", "any_word"])
def test_a_kept_parameter_is_used_again_only_for_its_own_default(kind: str) -> None:
    params = ProfileParams(load_profile("national-2020"))
    if kind == "decimal":
        first, other = "100", "90"
        assert params.decimal("total_weight", first) == Decimal("100")
        assert params.decimal("total_weight", first) == Decimal("100")  # kept
        assert params.decimal("total_weight", other) == Decimal("90")
        return
    first_words, other_words = ("万元", "元"), ("小时",)
    if kind == "words":
        assert params.words("money_units", first_words) == first_words
        assert params.words("money_units", first_words) == first_words  # kept
        assert params.words("money_units", other_words) == other_words
        return
    assert params.any_word("cost_words", first_words).search("人均 3 万元")
    assert params.any_word("cost_words", first_words).search("人均 3 万元")  # kept
    assert not params.any_word("cost_words", other_words).search("人均 3 万元")


def test_a_row_whose_name_alone_says_not_applicable_is_not_applicable() -> None:
    # the engine reads a name that is a 不涉及 word; the checks also one that carries it
    row = Indicator("产出指标", "数量指标", "残疾人就业岗位（本年度不涉及）", "≥1(个)", "0(个)",
                    "0.00", "0.00")
    form = with_rows([BASE_INDICATORS[0], row, *BASE_INDICATORS[1:]])
    prof = load_profile("national-2020")
    facts = CheckContext(form, prof, score_form(form, prof)).facts
    assert facts.not_applicable[1] and not facts.scored[1] and 1 not in facts.zero_weight
    assert findings(form) == []  # no JX208: a 0-point row that does not apply


def test_row_facts_show_their_public_fields() -> None:
    prof = load_profile("national-2020")
    facts = CheckContext(BASE, prof, score_form(BASE, prof)).facts
    shown = repr(facts)
    assert shown.startswith("RowFacts({'not_applicable': (False, False, False, False, False), ")
    assert "'full_marks': (0, 1, 2, 3, 4)" in shown and "_notes" not in shown
