"""Row facts (`rules/checks/row_facts.py`): the one pass gives, for every index set, exactly the
rows the row-by-row definition the checks used before gives, on varied forms under every
profile; and it is derived once per form."""

from __future__ import annotations

import gc
import random
import weakref
from dataclasses import replace
from decimal import Decimal

import pytest

from jixiao.core.model import Form, Indicator
from jixiao.core.values import Operator, ValueKind, may_be_quantity_or_unit
from jixiao.rules.checks import run_checks
from jixiao.rules.checks.registry import CheckContext
from jixiao.rules.checks.row_facts import units_compatible
from jixiao.rules.engine import score_form
from jixiao.rules.profile import Profile, load_profile
from tests.rules.test_checks_base import BASE, profile

PROFILES = ("national-2020", "shanghai-2024", "sichuan-2023", "hubei-2021", "vendor-80-70-60")
LEVELS = (("产出指标", "数量指标"), ("产出指标", "质量指标"), ("成本指标", "经济成本指标"),
          ("效益指标", "社会效益指标"), ("满意度指标", "服务对象满意度指标"), ("其他", ""),
          ("", ""), (None, None))
NAMES = ("培训场次", "安全事故发生率", "投诉处理率", "不少于10人参加培训", "2场", "人", "不适用",
         "无安全事故发生", "群众满意度", "单位成本", "培训50人；6户；3家", "验收合格率", "",
         None, "培训场次")
VALUES = ("≥5次", "≤5次", "≥0", "≥-1", "≤100%", "120%", ">90%", "=0", "≥20人", "≤3天",
          "≤10万元", "≥500元", "5次", "6", "100%", "人", "提升服务水平", "达成", "部分达成",
          "优", "", "/", "不涉及", "按期完成", None, "≥1‰", "≥2(%)")
WEIGHTS = ("10", "10.00", "5", "0", "-1", "", None, "abc")
SCORES = ("10", "9.995", "9.98", "10.02", "8", "0", "", None, "12")
NOTES = (None, "", "无", " ", "原因是延期支付资金", "指标值调整为10次，以此进行考核", "已完成")


def varied_form(rng: random.Random) -> Form:
    rows = []
    for _ in range(rng.randrange(0, 12)):
        level1, level2 = rng.choice(LEVELS)
        rows.append(Indicator(level1, level2, rng.choice(NAMES), rng.choice(VALUES),
                              rng.choice(VALUES), rng.choice(WEIGHTS), rng.choice(SCORES),
                              rng.choice(NOTES)))
    return replace(BASE, indicators=tuple(rows))


def reference(ctx: CheckContext) -> dict[str, tuple[int, ...]]:
    """Each index set as the checks stated it row by row before the one pass."""
    rows = range(len(ctx.form.indicators))
    t, a, w, s = ctx.targets, ctx.actuals, ctx.weights, ctx.scores
    na = [((r := ctx.row_scores.get(i)) is not None and r.kind == ValueKind.NOT_APPLICABLE)
          or t[i].kind is ValueKind.NOT_APPLICABLE or ctx.names_not_applicable[i] for i in rows]
    scored = [not (w[i] is not None and w[i] <= 0) and not na[i] for i in rows]
    tol = ctx.tolerance
    ratio = ctx.profile.quantitative.overcompletion_ratio
    q = ValueKind.QUANTITY

    def pick(test: object) -> tuple[int, ...]:
        return tuple(i for i in rows if test(i))  # type: ignore[operator]

    def named_twice(i: int) -> bool:
        return bool(ctx.names[i]) and not na[i] and sum(
            1 for j in rows if ctx.names[j] == ctx.names[i] and not na[j]) > 1

    return {
        "not_applicable": tuple(na), "scored": tuple(scored),
        "over_weight": pick(lambda i: s[i] is not None and w[i] is not None
                            and s[i] > w[i] + tol),
        "weight_score_gaps": pick(lambda i: w[i] is None or (s[i] is None and w[i] > 0)),
        "zero_weight": pick(lambda i: w[i] is not None and w[i] <= 0 and not na[i]),
        "weighted_na": pick(lambda i: w[i] is not None and w[i] > 0 and (
            ctx.names_not_applicable[i] or t[i].kind is ValueKind.NOT_APPLICABLE)),
        "docked": pick(lambda i: s[i] is not None and w[i] is not None
                       and not s[i] >= w[i] - tol and not na[i]),
        "full_marks": pick(lambda i: s[i] is not None and w[i] is not None and w[i] > 0
                           and not na[i] and ctx.close(s[i], w[i])),
        "empty_targets": pick(lambda i: t[i].kind is ValueKind.EMPTY and scored[i]),
        "empty_actuals": pick(lambda i: a[i].kind is ValueKind.EMPTY and scored[i]),
        "unit_only_targets": pick(lambda i: t[i].kind is ValueKind.UNIT_ONLY and not na[i]),
        "textual_scored": pick(lambda i: t[i].kind in (ValueKind.TEXT, ValueKind.TIER)
                               and scored[i]),
        "kind_mismatch": pick(lambda i: t[i].kind is ValueKind.TIER or (
            t[i].kind is q and a[i].kind in (ValueKind.TIER, ValueKind.TEXT)) or (
            t[i].kind is ValueKind.TEXT and a[i].kind is q)),
        "directed": pick(lambda i: t[i].kind is q and t[i].operator is not None
                         and t[i].operator is not Operator.EQ),
        "compared": pick(lambda i: t[i].kind is q and t[i].operator is not None
                         and t[i].number is not None),
        "unbounded": pick(lambda i: t[i].kind is q and t[i].number is not None and (
            (t[i].operator in (Operator.GE, Operator.GT) and (t[i].number < 0 or (
                t[i].operator is Operator.GE and t[i].number == 0)))
            or (t[i].operator is Operator.LE and t[i].is_percent and t[i].number >= 100))),
        "percent_over": pick(lambda i: t[i].kind is q and t[i].is_percent
                             and t[i].number is not None and t[i].number > 100),
        "percent_targets": pick(lambda i: t[i].kind is q and t[i].unit == "%"),
        "unit_mismatch": pick(lambda i: t[i].kind is q and a[i].kind is q
                              and not units_compatible(t[i].unit, a[i].unit)),
        "overcompleted": pick(lambda i: t[i].kind is q and a[i].kind is q
                              and t[i].operator in (Operator.GE, Operator.GT, Operator.EQ)
                              and t[i].number is not None and a[i].number is not None
                              and t[i].number > 0 and a[i].number >= ratio * t[i].number),
        "cost_block_scored": pick(lambda i: "成本" in "".join(ctx.level_keys[i]) and scored[i]),
        "value_like_names": pick(lambda i: may_be_quantity_or_unit(ctx.names[i])),
        "repeated_names": pick(named_twice),
        "quantity_rows": pick(lambda i: t[i].kind is q and a[i].kind is q and scored[i]
                              and t[i].number is not None and a[i].number is not None),
        "tier_scored": pick(lambda i: a[i].kind is ValueKind.TIER and scored[i]),
        "noted": pick(lambda i: bool(ctx.form.indicators[i].note)),
    }


def _total(values: tuple[Decimal | None, ...]) -> Decimal | None:
    return None if any(v is None for v in values) else sum(values, Decimal(0))  # type: ignore[arg-type]


@pytest.mark.parametrize("name", PROFILES)
def test_every_index_set_is_its_row_by_row_definition(name: str) -> None:
    prof = load_profile(name)
    rng = random.Random(name)
    for _ in range(150):
        form = varied_form(rng)
        ctx = CheckContext(form, prof, score_form(form, prof))
        facts = ctx.facts
        for field, expected in reference(ctx).items():
            assert getattr(facts, field) == expected, (field, form.indicators)
        assert facts.weight_total == _total(ctx.weights)
        assert facts.score_total == _total(ctx.scores)


def test_substantive_notes_as_the_profile_decides() -> None:
    prof = load_profile("national-2020")
    form = replace(BASE, indicators=tuple(
        replace(BASE.indicators[0], note=note) for note in NOTES))
    ctx = CheckContext(form, prof, score_form(form, prof))
    assert [ctx.facts.substantive(i) for i in range(len(NOTES))] == \
        [prof.comparison.is_substantive(note) for note in NOTES]
    assert [ctx.facts.substantive(i) for i in range(len(NOTES))] == \
        [False, False, False, False, True, True, False]


def test_facts_are_derived_once_per_form() -> None:
    prof = load_profile("national-2020")
    ctx = CheckContext(BASE, prof, score_form(BASE, prof))
    assert ctx.facts is ctx.facts
    assert ctx.is_scored(0) is ctx.facts.scored[0]


def test_a_change_word_list_matching_any_text_still_reads_rows_without_notes() -> None:
    # JX407 looks only at printed notes, unless the profile's words find a change in no note
    # at all (an empty word): then every row is read, as row by row.
    rows = (replace(BASE.indicators[0], note=None), replace(BASE.indicators[1], note="原因"))
    form = replace(BASE, indicators=rows)
    odd: Profile = profile(params={"change_words": [""], "future_words": []})
    card = score_form(form, odd)
    paths = [f.path for f in run_checks(form, odd, card) if f.code == "JX407"]
    assert paths == ["indicators[0].note", "indicators[1].note"]
    assert not [f for f in run_checks(form, load_profile("national-2020"),
                                      score_form(form, load_profile("national-2020")))
                if f.code == "JX407"]


def test_a_checked_form_is_freed_without_the_cycle_collector() -> None:
    # A reference cycle through the context would leave every checked form to the cycle
    # collector, whose passes then grow with the batch (measured: scoring 3× slower).
    prof = load_profile("national-2020")
    form = varied_form(random.Random(5))
    card = score_form(form, prof)
    enabled = gc.isenabled()
    gc.disable()
    try:
        ctx = CheckContext(form, prof, card)
        assert form.indicators and card.rows
        assert ctx.facts.substantive(0) == prof.comparison.is_substantive(form.indicators[0].note)
        assert ctx.facts.row_scores
        gone = weakref.ref(ctx)
        del ctx
        assert gone() is None
    finally:
        if enabled:
            gc.enable()
