"""The check catalogue: codes well formed and covered by cases; running, silencing, ordering."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from jixiao.core.findings import SEVERITY_ORDER, Severity, SourceRef
from jixiao.rules.checks import catalogue, run_checks
from jixiao.rules.checks import registry as registry_module
from jixiao.rules.checks.registry import Check, CheckContext, CheckSpec, Hit, path_key, register
from jixiao.rules.engine import score_form
from tests.rules import (
    test_checks_arithmetic,
    test_checks_meaning,
    test_checks_plausibility,
    test_checks_reasons,
    test_checks_structure,
)
from tests.rules.test_checks_base import BASE, findings, profile, with_funds, with_row

ALL_CASES = [*test_checks_arithmetic.CASES, *test_checks_structure.CASES,
             *test_checks_meaning.CASES, *test_checks_reasons.CASES,
             *test_checks_plausibility.CASES]
FAMILY_DIGIT = {"arithmetic": "1", "structure": "2", "meaning": "3", "reasons": "4",
                "plausibility": "5", "internal": "9"}
_CJK = re.compile(r"[\u4e00-\u9fff]")


def test_every_code_has_a_failing_and_a_passing_case() -> None:
    covered = {case.code for case in ALL_CASES}
    registered = {spec.code for spec in catalogue()} - {"JX901"}  # JX901: see below
    assert registered - covered == set()
    assert covered - registered == set()


def test_codes_are_unique_well_formed_and_in_their_family() -> None:
    specs = catalogue()
    assert len({s.code for s in specs}) == len(specs)
    assert [s.code for s in specs] == sorted(s.code for s in specs)
    for spec in specs:
        assert re.fullmatch(r"JX[1-59]\d\d", spec.code), spec.code
        assert spec.code[2] == FAMILY_DIGIT[spec.family], spec.code


def test_specs_are_documented_in_chinese() -> None:
    for spec in catalogue():
        assert isinstance(spec.severity, Severity)
        assert _CJK.search(spec.title) and _CJK.search(spec.rationale), spec.code
        assert "\n" not in spec.rationale and spec.source.strip(), spec.code


def test_a_code_cannot_be_registered_twice() -> None:
    with pytest.raises(ValueError):
        register("JX101", Severity.ERROR, "重复", "重复", "测试")
    with pytest.raises(ValueError):
        register("JX001", Severity.ERROR, "读取", "读取代码保留给读取器", "测试")


def _boom(ctx: CheckContext) -> Iterator[Hit]:
    raise RuntimeError("故意出错")
    yield  # pragma: no cover


def test_a_crashing_check_becomes_jx901_and_the_run_goes_on(monkeypatch) -> None:
    spec = CheckSpec("JX199", "arithmetic", Severity.WARNING, "测试检查", "会出错", "测试")
    monkeypatch.setitem(registry_module._REGISTRY, "JX199", Check(spec, _boom))
    form = with_row(0, score="25.00")
    found = findings(form)
    internal = [f for f in found if f.code == "JX901"]
    assert len(internal) == 1 and "JX199" in internal[0].message
    assert "RuntimeError" in internal[0].message and internal[0].form == form.project_name
    assert "JX105" in {f.code for f in found}


def test_ignore_silences_codes() -> None:
    form = with_row(0, score="25.00")
    assert "JX105" in {f.code for f in findings(form)}
    assert "JX105" not in {f.code for f in findings(form, ignore=["JX105"])}


def test_profile_can_switch_a_check_off() -> None:
    form = with_row(0, score="25.00")
    assert "JX105" not in {f.code for f in findings(form, profile(severity={"JX105": "off"}))}


def test_profile_severity_wins_over_a_hit_severity() -> None:
    from tests.rules.test_checks_reasons import low_execution
    prof_info = profile("sichuan-2023", severity={"JX402": "info"})
    [hit] = [f for f in findings(low_execution(), prof_info) if f.code == "JX402"]
    assert hit.severity is Severity.INFO


def test_findings_are_sorted_by_severity_then_printed_order() -> None:
    form = with_funds(with_row(3, score="40.00", form=with_row(0, score="25.00")),
                      score="12.00")
    found = findings(form)
    keys = [(SEVERITY_ORDER[f.severity], path_key(f.path)) for f in found]
    assert keys == sorted(keys)
    errors = [f.path for f in found if f.code == "JX105"]
    assert errors == ["funds.score", "indicators[0].score", "indicators[3].score"]


def test_path_key_orders_as_printed() -> None:
    paths = ["grade", "indicators[10].target", "indicators[2].note", "indicators[2].target",
             "funds.rate", "funds.rows[1].executed", "goals.actual", "department", "total.score",
             "indicators"]
    assert sorted(paths, key=path_key) == [
        "department", "funds.rows[1].executed", "funds.rate", "goals.actual", "indicators",
        "indicators[2].target", "indicators[2].note", "indicators[10].target", "total.score",
        "grade"]


def test_sources_locate_findings() -> None:
    form = with_row(0, score="25.00")
    prof = profile()
    ref = SourceRef(file="a.pdf", page=1, line=30)
    found = run_checks(form, prof, score_form(form, prof),
                       sources={"indicators[0]": ref})
    [hit] = [f for f in found if f.code == "JX105"]
    assert hit.source == ref


def test_clean_form_has_no_findings() -> None:
    assert findings(BASE) == []
