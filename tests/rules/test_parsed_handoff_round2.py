"""The engine's printed 分值 / 得分 reach the checks of the same form, and only those."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from jixiao.core.model import Form, Indicator
from jixiao.rules.checks.registry import CheckContext
from jixiao.rules.engine import effective_weights, score_form
from jixiao.rules.profile import load_profile

PROFILES = ["national-2020", "shanghai-2024", "hubei-2021", "sichuan-2023", "vendor-80-70-60"]

ROWS = (
    Indicator("产出指标", "数量指标", "培训次数", "≥5次", "6次", "10", "10"),
    Indicator("产出指标", "质量指标", "合格率", "≥95%", "90%", "１０分", "8.5"),
    Indicator("产出指标", "时效指标", "不适用", "不适用", "不适用", "5", "-"),
    Indicator("效益指标", "社会效益指标", "群众满意", "明显提升", "基本达成", "", "abc"),
    Indicator("满意度指标", "服务对象满意度指标", "满意度", "≥90%", "92%", None, None),
)


def printed(form: Form) -> tuple[tuple, tuple]:
    return (tuple(i.weight_value for i in form.indicators),
            tuple(i.score_value for i in form.indicators))


@pytest.mark.parametrize("name", PROFILES)
def test_checks_read_the_engines_weights_and_scores(name: str) -> None:
    profile = load_profile(name)
    form = Form("项目", indicators=ROWS)
    card = score_form(form, profile)
    assert card.parsed is not None
    assert (card.parsed.weights, card.parsed.scores) == printed(form)
    context = CheckContext(form, profile, card)
    assert context.weights is card.parsed.weights and context.scores is card.parsed.scores


def test_another_form_reads_its_own_weights_and_scores() -> None:
    profile = load_profile("national-2020")
    card = score_form(Form("项目", indicators=ROWS), profile)
    other = Form("项目", indicators=(dataclasses.replace(ROWS[0], weight="20", score="3"),
                                     *ROWS[1:]))
    context = CheckContext(other, profile, card)
    assert (context.weights, context.scores) == printed(other)
    assert context.weights[0] == Decimal("20") and context.scores[0] == Decimal("3")


@pytest.mark.parametrize("name", PROFILES)
def test_effective_weights_same_with_the_printed_weights_at_hand(name: str) -> None:
    profile = load_profile(name)
    na = [False, False, True, False, False]
    weights = tuple(i.weight_value for i in ROWS)
    assert effective_weights(ROWS, na, profile, weights) == effective_weights(ROWS, na, profile)
