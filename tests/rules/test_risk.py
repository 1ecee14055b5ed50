"""Risk signals as data: the strict loader, the score as the capped sum of fired weights, and
the local and cross tests on small forms."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jixiao.core.model import Form, Funds, FundsRow, Indicator, Total
from jixiao.rules.checks import run_checks
from jixiao.rules.engine import score_form
from jixiao.rules.profile import load_profile
from jixiao.rules.risk import (
    KINDS,
    MAX_RISK,
    CrossFacts,
    History,
    SignalError,
    SignalHit,
    cross_hits,
    form_keys,
    load_signals,
    local_hits,
    parse_signals,
    risk_of,
)

SIGNALS = load_signals()
PROFILE = load_profile()
HEAD = 'name = "t"\ntitle = "测试"\n'


def _signal_toml(**fields: str) -> str:
    base = {"code": '"X1"', "kind": '"all_full_marks"', "title": '"t"', "weight": '"10"',
            "reason": '"r"', "source": '"s"'}
    base.update(fields)
    return HEAD + "[[signal]]\n" + "".join(f"{k} = {v}\n" for k, v in base.items())


def test_the_shipped_signals_cover_every_kind_with_reasons() -> None:
    assert {s.kind for s in SIGNALS.signals} == set(KINDS)
    for s in SIGNALS.signals:
        assert s.title and s.reason and s.source and Decimal(0) < s.weight <= MAX_RISK


@pytest.mark.parametrize(("fields", "message"), [
    ({"kind": '"nope"'}, "未知的信号类型"),
    ({"weight": '"120"'}, "权重应为 0–100"),
    ({"weight": '"abc"'}, "权重应为 0–100"),
    ({"min_rows": '"3"'}, "应为非负整数"),
    ({"min_total": "3"}, "未知的键"),
    ({"colour": '"red"'}, "未知的键"),
    ({"code": '"x"'}, "代码应为"),
])
def test_the_loader_is_strict(fields: dict[str, str], message: str) -> None:
    with pytest.raises(SignalError, match=message) as info:
        parse_signals(_signal_toml(**fields), "my.toml")
    assert str(info.value).startswith("my.toml: signal[0]")


def test_duplicate_codes_and_missing_keys_are_refused() -> None:
    twice = _signal_toml() + _signal_toml().removeprefix(HEAD)
    with pytest.raises(SignalError, match="代码重复：X1"):
        parse_signals(twice, "my.toml")
    with pytest.raises(SignalError, match=r"signal\[0\]\.reason: 缺少此键"):
        parse_signals(_signal_toml().replace('reason = "r"\n', ""), "my.toml")


hits = st.lists(st.builds(SignalHit, code=st.sampled_from([s.code for s in SIGNALS.signals]),
                          title=st.just("t"),
                          weight=st.decimals(min_value=0, max_value=100, places=2),
                          reason=st.just("r")), max_size=12)


@given(hits)
def test_risk_is_the_capped_sum_of_the_fired_weights(fired: list[SignalHit]) -> None:
    risk = risk_of(fired, SIGNALS)
    assert risk.score == min(MAX_RISK, sum((h.weight for h in fired), Decimal(0)))
    assert sorted(risk.hits, key=id) == sorted(fired, key=id)
    order = [s.code for s in SIGNALS.signals]
    assert [order.index(h.code) for h in risk.hits] == sorted(order.index(h.code)
                                                              for h in risk.hits)


def _form(rate: str = "95.00", *, actual: str = "12", score: str = "30.00",
          note: str | None = None, total: str = "100.00") -> Form:
    rows = (
        Indicator("产出指标", "数量指标", "培训场次", "≥12场", actual, "30.00", score, note),
        Indicator("产出指标", "质量指标", "合格率", "≥95%", "95%", "20.00", "20.00"),
        Indicator("效益指标", "社会效益指标", "受益人数", "≥100人", "100人", "30.00", "30.00"),
        Indicator("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "90%", "10.00",
                  "10.00"),
    )
    executed = Decimal(rate)
    funds = Funds(unit="万元", weight="10.00", rate=rate, score=str(min(Decimal(10),
                                                                          executed / 10)),
                  rows=(FundsRow("total", "100.00", "100.00", rate, rate),))
    return Form(project_name="2024年某区培训项目", year=2024, department="某区财政局",
                implementing_unit="某区培训中心", funds=funds, indicators=rows,
                total=Total("100.00", total), grade="优")


def _local(form: Form) -> dict[str, str]:
    card = score_form(form, PROFILE)
    findings = run_checks(form, PROFILE, card)
    return {h.code: h.reason for h in local_hits(SIGNALS, form, card, findings, PROFILE)}


def test_local_signals_fire_with_their_numbers() -> None:
    fired = _local(_form(rate="60.00"))
    assert "全部 4 个定量指标" in fired["R01"]
    assert "群众满意度 90%" in fired["R02"]
    assert "R03" not in fired  # 4 rows at full marks: fewer than min_rows = 5
    assert "预算执行率仅 60.00%" in fired["R04"]
    inflated = _local(_form(actual="6"))
    assert "第1行 表上 30.00 / 计算 15.00" in inflated["R06"]
    assert "R01" not in inflated


def test_a_careful_form_fires_nothing() -> None:
    form = _form(actual="10", score="25.00", note="两场培训因场地改造延期至次年", total="94.50")
    form = replace(form, indicators=(*form.indicators[:3],
                                     replace(form.indicators[3], actual="93%")))
    assert _local(form) == {}


def test_cross_signals_compare_with_the_batch() -> None:
    form = _form()
    keys = form_keys(form, SIGNALS)
    assert keys.series and "2024" not in keys.series
    previous = History(2023, tuple((n, t, "4场" if n == "培训场次" else a)
                                   for n, t, a in keys.values))
    facts = CrossFacts(keys, copied_notes=(("这是一段足够长的偏差原因说明文字", 3),),
                       indicator_set_units=("另一单位",), previous=previous)
    fired = {h.code: h.reason for h in cross_hits(SIGNALS, facts)}
    assert "另外 3 张表" in fired["R09"]
    assert "另外 1 个单位" in fired["R10"]
    assert "2023 年" in fired["R11"]
    assert "由 2023 年的 4场 变为 12" in fired["R12"]
    assert cross_hits(SIGNALS, CrossFacts(keys)) == []
