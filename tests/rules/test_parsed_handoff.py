"""The engine's parsed 年度指标值 / 实际完成值 reach the checks of the same form, and only those."""

from __future__ import annotations

import dataclasses

from jixiao.core.model import Form, Indicator
from jixiao.core.values import parse_value
from jixiao.rules.checks.registry import CheckContext
from jixiao.rules.engine import parse_rows, score_form, score_indicators
from jixiao.rules.profile import load_profile

NATIONAL = load_profile("national-2020")
SHANGHAI = load_profile("shanghai-2024")

ROWS = (
    Indicator("产出指标", "数量指标", "培训次数", "≥5次", "6次", "10", "10"),
    Indicator("产出指标", "质量指标", "合格率", "≥95%", "90%", "10", "8", "原因"),
    Indicator("效益指标", "社会效益指标", "群众满意", "明显提升", "基本达成", "20", "15"),
)


def fresh(form: Form, profile: object) -> tuple[tuple, tuple]:
    vocabulary = profile.vocabulary  # type: ignore[attr-defined]
    return (tuple(parse_value(i.target, vocabulary) for i in form.indicators),
            tuple(parse_value(i.actual, vocabulary) for i in form.indicators))


def test_checks_reuse_the_engines_values_for_the_scored_form() -> None:
    form = Form("项目", indicators=ROWS)
    card = score_form(form, NATIONAL)
    assert card.parsed is not None
    assert (card.parsed.targets, card.parsed.actuals) == fresh(form, NATIONAL)
    context = CheckContext(form, NATIONAL, card)
    assert context.targets is card.parsed.targets and context.actuals is card.parsed.actuals


def test_another_form_or_profile_parses_afresh() -> None:
    form = Form("项目", indicators=ROWS)
    card = score_form(form, NATIONAL)
    other = Form("项目", indicators=(*ROWS[:2], dataclasses.replace(ROWS[2], actual="未达成")))
    context = CheckContext(other, NATIONAL, card)
    assert (context.targets, context.actuals) == fresh(other, NATIONAL)
    assert context.actuals[2] != card.parsed.actuals[2]  # type: ignore[union-attr]
    equal_copy = Form("项目", indicators=tuple(ROWS))  # equal rows, another tuple: still fine
    assert CheckContext(equal_copy, NATIONAL, card).targets == card.parsed.targets  # type: ignore[union-attr]
    elsewhere = CheckContext(form, SHANGHAI, card)
    assert elsewhere.targets is not card.parsed.targets  # type: ignore[union-attr]
    assert (elsewhere.targets, elsewhere.actuals) == fresh(form, SHANGHAI)


def test_the_handoff_is_no_part_of_the_scorecards_value() -> None:
    form = Form("项目", indicators=ROWS)
    card = score_form(form, NATIONAL)
    bare = dataclasses.replace(card, parsed=None)
    assert card == bare and hash(card) == hash(bare) and repr(card) == repr(bare)


def test_score_indicators_same_with_or_without_parsed_rows() -> None:
    parsed = parse_rows(ROWS, NATIONAL)
    assert score_indicators(ROWS, NATIONAL, parsed) == score_indicators(ROWS, NATIONAL)
    assert score_indicators(list(ROWS), NATIONAL, parsed) == score_indicators(ROWS, NATIONAL)
    wrong = parse_rows(ROWS[:1], NATIONAL)  # not these rows: ignored, parsed afresh
    assert score_indicators(ROWS, NATIONAL, wrong) == score_indicators(ROWS, NATIONAL)
