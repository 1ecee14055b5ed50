"""The registry as a newly written check meets it: registered at run time (not only when the
check modules are imported), its spec kept field by field, malformed and repeated codes refused
with their message, a per-profile fact kept per key, a crash reported as JX901 (or silenced), and
a finding located by the nearest known source of its path."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from jixiao.core.findings import Severity, SourceRef
from jixiao.rules.checks import catalogue, run_checks
from jixiao.rules.checks import registry as registry_module
from jixiao.rules.checks.registry import (
    CheckContext,
    CheckSpec,
    Hit,
    ProfileParams,
    _per_form,
    _source_for,
    per_profile,
    register,
    registered_checks,
)
from jixiao.rules.engine import score_form
from tests.rules.test_checks_base import BASE, findings, profile


@pytest.fixture
def fresh_registry(monkeypatch: pytest.MonkeyPatch) -> dict:
    table = dict(registry_module._REGISTRY)
    monkeypatch.setattr(registry_module, "_REGISTRY", table)
    return table


def _note(ctx: CheckContext) -> Iterator[Hit]:
    yield Hit("project_name", f"项目「{ctx.form.project_name}」")


def test_a_check_registered_at_run_time(fresh_registry: dict) -> None:
    returned = register("JX598", Severity.INFO, "测试检查", "测试理由", "测试依据")(_note)
    assert returned is _note
    spec = next(s for s in catalogue() if s.code == "JX598")
    assert spec == CheckSpec(code="JX598", family="plausibility", severity=Severity.INFO,
                             title="测试检查", rationale="测试理由", source="测试依据")
    check = next(c for c in registered_checks() if c.spec.code == "JX598")
    assert check.function is _note and check.spec == spec
    [hit] = [f for f in findings(BASE) if f.code == "JX598"]
    assert (hit.severity, hit.path, hit.message) == (Severity.INFO, "project_name",
                                                      "项目「职业技能培训」")


@pytest.mark.parametrize(("code", "family"), [("JX101", "arithmetic"), ("JX299", "structure"),
                                              ("JX399", "meaning"), ("JX499", "reasons"),
                                              ("JX902", "internal")])
def test_the_family_is_the_code_s_first_digit(fresh_registry: dict, code: str,
                                               family: str) -> None:
    fresh_registry.pop(code, None)
    register(code, Severity.WARNING, "测试", "测试", "测试")(_note)
    assert fresh_registry[code].spec.family == family


@pytest.mark.parametrize("code", ["JX001", "JX1001", "JX10", "XX101", "jx101", "JX10a"])
def test_malformed_codes_are_refused(fresh_registry: dict, code: str) -> None:
    with pytest.raises(ValueError, match=f"^检查代码格式错误：{code}$"):
        register(code, Severity.ERROR, "测试", "测试", "测试")
    assert code not in fresh_registry


def test_a_repeated_code_is_refused(fresh_registry: dict) -> None:
    with pytest.raises(ValueError, match=r"^检查代码重复注册：JX101$"):
        register("JX101", Severity.ERROR, "重复", "重复", "测试")
    assert fresh_registry["JX101"].spec.title == "资金总额与分项之和不符"


def test_registered_checks_follow_the_registry(fresh_registry: dict) -> None:
    before = [c.spec.code for c in registered_checks()]
    register("JX597", Severity.INFO, "测试", "测试", "测试")(_note)
    after = [c.spec.code for c in registered_checks()]
    assert after == sorted([*before, "JX597"])


# ---- crashing checks -----------------------------------------------------------------------

def _boom(ctx: CheckContext) -> Iterator[Hit]:
    raise RuntimeError("故意出错")
    yield  # pragma: no cover


def test_a_crash_is_reported_in_full(fresh_registry: dict) -> None:
    register("JX199", Severity.WARNING, "测试检查", "会出错", "测试")(_boom)
    [internal] = [f for f in findings(BASE) if f.code == "JX901"]
    assert internal.message == "检查 JX199（测试检查）运行出错：RuntimeError: 故意出错"
    assert internal.hint == "检查 JX199 已跳过，其余检查照常运行"
    assert internal.severity is Severity.ERROR and internal.path is None


def test_a_crash_can_be_silenced(fresh_registry: dict) -> None:
    register("JX199", Severity.WARNING, "测试检查", "会出错", "测试")(_boom)
    assert findings(BASE, ignore=["JX901"]) == []
    assert findings(BASE, ignore=["JX199"]) == []
    assert findings(BASE, profile(severity={"JX199": "off"})) == []


# ---- per-profile facts ----------------------------------------------------------------------

def _context(params: ProfileParams) -> CheckContext:
    return CheckContext(BASE, params.profile, score_form(BASE, params.profile), params)


def test_a_fact_made_at_run_time_is_kept_per_key() -> None:
    calls: list[str] = []

    def short(ctx: CheckContext, name: str) -> bool:
        """Whether a name is short."""
        calls.append(name)
        return len(name) <= int(ctx.param("short_name", 2))

    fact = per_profile(short)
    assert (fact.__name__, fact.__doc__) == ("short", "Whether a name is short.")
    ctx = _context(ProfileParams(profile()))
    assert [fact(ctx, "场次"), fact(ctx, "培训场次"), fact(ctx, "场次")] == [True, False, True]
    assert fact(ctx, "培训场次") is False  # a False fact is kept like any other
    assert calls == ["场次", "培训场次"]


def test_two_facts_about_the_same_text_are_kept_apart() -> None:
    def shorter(ctx: CheckContext, name: str) -> bool:
        return len(name) <= 2

    def longer(ctx: CheckContext, name: str) -> bool:
        return len(name) > 2

    ctx = _context(ProfileParams(profile()))
    assert per_profile(shorter)(ctx, "场次") is True
    assert per_profile(longer)(ctx, "场次") is False


def test_a_per_form_value_is_computed_once_under_its_name() -> None:
    class Row:
        computed = 0

        @_per_form
        def label(self) -> str:
            """The row's label."""
            Row.computed += 1
            return "第1行"

    row = Row()
    assert (row.label, row.label, Row.computed) == ("第1行", "第1行", 1)
    assert row.__dict__ == {"label": "第1行"}
    assert Row.__dict__["label"].__doc__ == "The row's label."


# ---- where a finding points in the input ----------------------------------------------------

_A, _B, _C = (SourceRef(file="a.pdf", page=n, line=1) for n in (1, 2, 3))


@pytest.mark.parametrize(("path", "sources", "found"), [
    ("funds.rows[0].rate", {"funds.rows[0]": _A, "funds": _B}, _A),
    ("funds.rows[0].rate", {"funds.rows": _A, "funds": _B}, _A),
    ("funds.rows[0].rate", {"funds": _B}, _B),
    ("a[1].b[2]", {"a[1].b": _A, "a[1]": _B}, _A),
    ("a.b", {"a": _C}, _C),
    ("funds", {"fund": _A}, None),
    ("indicators[1].score", {"indicators[2]": _A}, None),
    (None, {"indicators": _A}, None),
    ("indicators[1].score", None, None),
])
def test_the_nearest_known_source(path: str | None, sources: dict | None,
                                  found: SourceRef | None) -> None:
    assert _source_for(path, sources) == found


def test_findings_carry_their_source() -> None:
    from tests.rules.test_checks_base import with_row
    form = with_row(1, score="25.00")
    prof = profile()
    found = run_checks(form, prof, score_form(form, prof),
                       sources={"indicators[1].score": _A, "indicators": _B})
    assert {f.path: f.source for f in found} == {"indicators[1].score": _A, "total.score": None}


# ---- a run goes on past silenced and crashing checks ----------------------------------------

def test_checks_after_a_silenced_one_still_run() -> None:
    from tests.rules.test_checks_base import with_row
    form = with_row(0, score="25.00")
    assert "JX105" in {f.code for f in findings(form, ignore=["JX101"])}
    assert "JX105" in {f.code for f in findings(form, profile(severity={"JX101": "off"}))}


def test_checks_after_a_crashing_one_still_run(fresh_registry: dict) -> None:
    from tests.rules.test_checks_base import with_row
    register("JX100", Severity.WARNING, "测试检查", "会出错", "测试")(_boom)
    codes = [f.code for f in findings(with_row(0, score="25.00"))]
    assert "JX901" in codes and "JX105" in codes


def test_the_given_parameters_are_the_ones_used() -> None:
    from tests.rules.test_checks_base import with_row
    form = with_row(1, name="重大事故率", target="≥0.00(起)", actual="0.00(起)")
    prof = profile()
    params = ProfileParams(prof)
    run_checks(form, prof, score_form(form, prof), params=params)
    assert params.facts("jixiao.rules.checks.meaning._risky")["重大事故率"] is True


def test_parameters_of_another_profile_are_refused() -> None:
    prof = profile()
    with pytest.raises(ValueError, match=r"^检查参数与规则配置不对应$"):
        CheckContext(BASE, prof, score_form(BASE, prof), ProfileParams(profile()))


def test_facts_are_forgotten_when_their_memo_is_full() -> None:
    params = ProfileParams(profile())
    memo = params.facts("测试")
    memo.update((i, True) for i in range(8191))
    assert params.facts("测试") is memo
    memo[8191] = True  # 8192 entries: full
    assert params.facts("测试") == {}
