"""What a reviewer reads: check messages in full (row names, funds row names, quoted values,
two-place numbers), where findings point in the input, and the edges of the reason checks."""

from __future__ import annotations

from dataclasses import replace

import pytest

from jixiao.core.findings import SourceRef
from jixiao.core.model import FundsRow
from jixiao.rules.checks import run_checks
from jixiao.rules.checks.registry import fmt, quoted, row_label
from jixiao.rules.engine import score_form
from tests.rules.test_checks_base import BASE, of_code, profile, with_funds, with_row


def test_funds_sum_message() -> None:
    rows = list(BASE.funds.rows)
    rows[0] = replace(rows[0], annual="101.00")
    [hit] = of_code(with_funds(rows=tuple(rows)), "JX101")
    assert hit.message == "资金全年预算数：年度资金总额 101.00 ≠ 各分项之和 100.00"


@pytest.mark.parametrize(("source", "label", "name"), [
    ("fiscal", None, "当年财政拨款"), ("carryover", None, "上年结转资金"),
    ("other", None, "其他资金"), ("fiscal", "中央补助", "中央补助"),
])
def test_overspend_names_the_funds_row(source: str, label: str | None, name: str) -> None:
    rows = (BASE.funds.rows[0], FundsRow(source, "10.00", "10.00", "12.00", "120.00", label=label))
    [hit] = of_code(with_funds(rows=rows), "JX104")
    assert hit.message == f"{name}全年执行数 12.00 大于全年预算数 10.00"
    assert hit.path == "funds.rows[1].executed"


def test_rate_message_names_the_formula() -> None:
    [hit] = of_code(with_funds(rate="96.00"), "JX102")
    assert hit.message == ("年度资金总额执行率 「96.00」 ≠ 全年执行数 95.00 / "
                           "全年预算数 100.00 = 95.00%")


def test_score_above_weight_message() -> None:
    [hit] = of_code(with_row(0, score="25.00"), "JX105")
    assert hit.message == "指标「举办培训场次」得分 25.00 超过分值 20.00"


def test_unnamed_row_is_named_by_its_line() -> None:
    [hit] = of_code(with_row(0, name=None, score="25.00"), "JX105")
    assert hit.message.startswith("第1行指标得分 25.00")


@pytest.mark.parametrize(("text", "shown"), [(None, "（空）"), ("", "（空）"), ("0", "「0」"),
                                             (" ", "「 」")])
def test_quoted(text: str | None, shown: str) -> None:
    assert quoted(text) == shown


def test_fmt_and_row_label() -> None:
    from decimal import Decimal

    assert fmt(None) == "—"
    assert fmt(Decimal("8")) == "8.00"
    assert row_label(BASE.indicators[0], 0) == "指标「举办培训场次」"
    assert row_label(replace(BASE.indicators[0], name=""), 4) == "第5行指标"


def test_findings_point_at_the_nearest_known_source() -> None:
    form = with_row(0, score="25.00")
    prof = profile()
    sources = {"indicators[0]": SourceRef(file="f.txt", line=7),
               "indicators[0].score": SourceRef(file="f.txt", line=9),
               "indicators[1]": SourceRef(file="f.txt", line=8)}
    found = run_checks(form, prof, score_form(form, prof), sources=sources)
    [hit] = [f for f in found if f.code == "JX105"]
    assert hit.source == SourceRef(file="f.txt", line=9)
    only_row = {"indicators[0]": SourceRef(file="f.txt", line=7)}
    found = run_checks(form, prof, score_form(form, prof), sources=only_row)
    [hit] = [f for f in found if f.code == "JX105"]
    assert hit.source == SourceRef(file="f.txt", line=7)
    found = run_checks(form, prof, score_form(form, prof), sources={})
    assert [f.source for f in found if f.code == "JX105"] == [None]


# ---- JX403: a reason on a full-marks row, unless the row over-completes or was changed -----

NOTE = "因上级追加任务，多举办了培训"


@pytest.mark.parametrize(("target", "actual", "hit"), [
    ("≥20(场)", "24(场)", False), ("≥20(场)", "23.99(场)", True), ("≥20(场)", "22(场)", True),
    (">20(场)", "30(场)", False), ("=20(场)", "30(场)", False), ("≤20(场)", "10(场)", True),
    ("≥0(场)", "30(场)", True), ("按期完成", "达成年度指标", True),
])
def test_reason_on_full_marks(target: str, actual: str, hit: bool) -> None:
    form = with_row(0, target=target, actual=actual, note=NOTE)
    assert bool(of_code(form, "JX403")) is hit


def test_reason_saying_the_indicator_was_changed_is_not_jx403() -> None:
    form = with_row(0, note="该指标值不适合，修改为“及时性”，以此指标进行考核")
    assert not of_code(form, "JX403")


def test_long_reasons_are_cut_in_messages() -> None:
    note = "因上级追加任务， 多举办了培训，另有两场为补充培训，均已完成验收"
    [hit] = of_code(with_row(0, note=note), "JX403")
    compact = "".join(note.split())
    assert hit.message.endswith(f"却填写了偏差原因「{compact[:24]}…」")


# ---- JX402: what counts as an explanation of unspent money ----------------------------------

@pytest.mark.parametrize(("said", "explained"), [
    ("因合同尾款尚未支付，资金执行率 80%。", True),
    ("受疫情影响，部分采购推迟。", True),
    ("资金结余 20 万元。", True),
    ("因公出差较多。", False),  # 因公 is not a cause
    ("由于天气原因活动延期。", False),  # a cause, but not about money
    ("资金执行率 80%。", False),
])
def test_explanations_of_low_execution(said: str, explained: bool) -> None:
    rows = (FundsRow("total", "100.00", "100.00", "80.00", "80.00"),
            FundsRow("fiscal", "100.00", "100.00", "80.00", "80.00"))
    form = with_funds(rate="80.00", score="8.00", rows=rows)
    form = replace(form, goals=replace(form.goals, actual=said))
    assert (not of_code(form, "JX402")) is explained


def test_an_explanation_in_a_row_note_counts() -> None:
    rows = (FundsRow("total", "100.00", "100.00", "80.00", "80.00"),)
    form = with_funds(rate="80.00", score="8.00", rows=rows)
    form = replace(form, goals=replace(form.goals, actual="完成培训。"))
    assert of_code(form, "JX402")
    assert not of_code(with_row(1, form=form, note="部分经费结余，资金未全部执行"), "JX402")


# ---- JX307: a bound written in the name against the target ---------------------------------

@pytest.mark.parametrize(("name", "target", "message"), [
    ("培训不少于20场", "≥18(场)", "名称写「不少于20场」，指标值 18.00 低于名称所述下限"),
    ("培训20场以上", "≥18(场)", "名称写「20场以上」，指标值 18.00 低于名称所述下限"),
    ("培训至少10场、不少于20场", "≥18(场)", "名称写「不少于20场」，指标值 18.00 低于名称所述下限"),
    ("培训不少于20场", "≤20(场)", "名称写「不少于20场」（下限），指标值却用了「≤」"),
    ("经费不超过5万元", "≥5(万元)", "名称写「不超过5万元」（上限），指标值却用了「≥」"),
    ("经费5万元以内", "≤6(万元)", "名称写「5万元以内」，指标值 6.00 高于名称所述上限"),
    ("全年无安全事故发生", "≤1(起)", "名称写「无安全事故」（应为 0），指标值却容许发生"),
    ("全年无安全事故发生", "<2(起)", "名称写「无安全事故」（应为 0），指标值却容许发生"),
])
def test_name_against_target(name: str, target: str, message: str) -> None:
    [hit] = of_code(with_row(0, name=name, target=target, actual="20(场)"), "JX307")
    assert hit.message.endswith(message)


@pytest.mark.parametrize(("name", "target"), [
    ("培训不少于20场", "≥20(场)"), ("培训不少于20场", "≥25(场)"), ("培训不少于20场", "≥18(次)"),
    ("经费5万元以内", "≤5(万元)"), ("经费5万元以内", "≤6(元)"),
    ("全年无安全事故发生", "=0(起)"), ("全年无安全事故发生", "<1(起)"),
    ("培训不少于20场", "按期完成"), ("举办培训", "≥1(场)"),
])
def test_name_agreeing_with_target(name: str, target: str) -> None:
    assert not of_code(with_row(0, name=name, target=target, actual="20(场)"), "JX307")
