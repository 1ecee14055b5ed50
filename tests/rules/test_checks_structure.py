"""Structure checks (JX2xx): failing and passing examples, seed duplicates and split groups."""

from __future__ import annotations

from dataclasses import replace

import pytest

from jixiao.core.model import Goals, Indicator
from tests.rules.test_checks_base import (
    BASE,
    BASE_INDICATORS,
    Case,
    of_code,
    run_case,
    seed_forms,
    with_row,
    with_rows,
)

NA_ROW = Indicator("效益指标", "生态效益指标", "不适用", "不适用", "不适用", "0.00", "0.00")
_ROWS = BASE_INDICATORS


def _reordered(*order: int) -> list[Indicator]:
    return [_ROWS[i] for i in order]


CASES = [
    Case("JX201", lambda: replace(BASE, department=None), lambda: BASE),
    Case("JX202", lambda: with_row(4, level1="服务指标"), lambda: with_row(4, level1="满意度")),
    Case("JX203", lambda: with_row(0, level2="社会效益指标"), lambda: with_row(0, level2="数量")),
    Case("JX204", lambda: with_rows(_ROWS[:4]), lambda: BASE),
    Case("JX205", lambda: with_row(0, target=None),
         lambda: with_rows([*_ROWS, replace(NA_ROW, target=None)])),
    Case("JX206", lambda: with_row(0, actual=""),
         lambda: with_rows([*_ROWS, replace(NA_ROW, actual=None)])),
    Case("JX207", lambda: with_row(0, score=None), lambda: BASE),
    Case("JX208", lambda: with_row(0, weight="0.00"), lambda: with_rows([*_ROWS, NA_ROW])),
    Case("JX209", lambda: replace(BASE, goals=Goals(BASE.goals.expected, None)), lambda: BASE),
    Case("JX210", lambda: with_rows([*_ROWS, _ROWS[0]]), lambda: BASE),
    Case("JX211", lambda: with_rows([*_ROWS, replace(_ROWS[0], target="≥30(场)")]),
         lambda: BASE),
    Case("JX212", lambda: with_rows(_reordered(0, 4, 1, 2, 3)),
         lambda: with_rows(_reordered(0, 1, 2, 3, 4))),
    Case("JX213", lambda: with_rows([replace(_ROWS[0], weight="30.00", score="30.00"),
                                     *_ROWS[1:3], replace(_ROWS[3], weight="20.00",
                                                          score="20.00"), _ROWS[4]]),
         lambda: BASE),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_case(case: Case) -> None:
    run_case(case)


def test_level2_under_the_wrong_level1_names_its_owner() -> None:
    [hit] = of_code(with_row(0, level2="社会效益指标"), "JX203")
    assert "应属于「效益指标」" in hit.message and hit.path == "indicators[0].level2"


def test_unknown_level2_once_per_pair() -> None:
    form = with_rows([replace(r, level2="规模指标") if r.level1 == "产出指标" else r
                      for r in _ROWS])
    hits = of_code(form, "JX203")
    assert len(hits) == 1 and "不在「产出指标」的规则结构中" in hits[0].message


def test_blank_levels_are_filled_down() -> None:
    rows = [_ROWS[0], replace(_ROWS[1], level1=None, level2=None), *_ROWS[2:]]
    form = with_rows(rows)
    assert not of_code(form, "JX212") and not of_code(form, "JX203")


def test_satisfaction_not_required_in_sichuan() -> None:
    form = with_rows(_ROWS[:4])
    assert of_code(form, "JX204", "national-2020")
    assert not of_code(form, "JX204", "sichuan-2023")


def test_weights_are_not_required_per_indicator_under_hubei() -> None:
    form = with_row(0, weight=None)
    assert [h.path for h in of_code(form, "JX207")] == ["indicators[0].weight"]
    assert not of_code(form, "JX207", "hubei-2021")


def test_template_goal_text() -> None:
    form = replace(BASE, goals=Goals(BASE.goals.expected,
                                     "对照年度目标,说明相关任务目标的完成情况(100字以内)"))
    [hit] = of_code(form, "JX209")
    assert hit.path == "goals.actual" and "模板" in hit.message


def test_duplicate_row_is_reported_on_the_later_row() -> None:
    [hit] = of_code(with_rows([*_ROWS, _ROWS[0]]), "JX210")
    assert hit.path == "indicators[5].name" and "第1行" in hit.message


def test_exact_duplicates_are_not_also_same_name_findings() -> None:
    assert not of_code(with_rows([*_ROWS, _ROWS[0]]), "JX211")


def test_split_level2_group() -> None:
    extra = replace(_ROWS[0], name="培训教材册数", target="≥100(册)", actual="110(册)")
    form = with_rows([_ROWS[0], _ROWS[1], extra, *_ROWS[2:]])
    [hit] = of_code(form, "JX212")
    assert hit.path == "indicators[2].level2"


def test_level1_weights_respect_the_profile_policy_without_satisfaction() -> None:
    rows = [replace(_ROWS[0], weight="30.00", score="30.00"), *_ROWS[1:4]]
    assert not of_code(with_rows(rows), "JX213", "sichuan-2023")  # 产出 60 + 效益 30


def test_seed_duplicates_and_split_groups() -> None:
    forms = seed_forms()
    third = forms[2]
    dup_rows = [h.path for h in of_code(third, "JX210", "shanghai-2024")]
    names = [third.indicators[int(p.split("[")[1].split("]")[0])].name for p in dup_rows]
    assert "按各节点工作时间完成各项任务，保证会议顺利举行" in names     # 时效 row twice
    assert "通过各媒体对会议活动报道宣传，提升影响力" in names           # 社会效益 rows 1 and 3
    split = of_code(forms[1], "JX212", "shanghai-2024")
    assert {h.path for h in split} == {"indicators[3].level1", "indicators[4].level1"}
