"""Meaning checks (JX3xx) at their edges: which rows are cost rows, which units compare, the
vague-target rule's punctuation, phrase length and overlapping words."""

from __future__ import annotations

import random
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jixiao.core.model import Indicator
from jixiao.rules.checks import meaning
from jixiao.rules.checks.meaning import is_vague_text
from tests.rules.test_checks_base import BASE_INDICATORS, of_code, with_row, with_rows

# ---- JX301: a cost row is named as a cost or listed under 成本指标, and counted in money ----

def _extra(level2: str, name: str, target: str, actual: str) -> list[Indicator]:
    return [*BASE_INDICATORS, Indicator("产出指标", level2, name, target, actual, "5.00", "5.00")]


@pytest.mark.parametrize(("level2", "name", "target", "hit"), [
    ("成本指标", "人均培训投入", "≥500(元)", True),      # listed under 成本指标
    ("质量指标", "人均培训费用", "≥500(元)", True),      # named as a cost
    ("质量指标", "人均培训费用", "≥500(万元)", True),
    ("成本指标", "成本控制率", "≥90(%)", False),         # a cost row not counted in money
    ("质量指标", "人均培训补助发放", "≥500(元)", False),  # money, but not a cost
    ("成本指标", "人均培训成本", "≤500(元)", False),
])
def test_direction_of_cost_rows(level2: str, name: str, target: str, hit: bool) -> None:
    form = with_rows(_extra(level2, name, target, target[1:]))
    found = [f for f in of_code(form, "JX301") if f.path == "indicators[5].target"]
    assert bool(found) is hit
    if hit:
        assert found[0].message.endswith("方向错误：成本指标应为 ≤")


# ---- JX305: units compare when equal, or both ratios -------------------------------------

@pytest.mark.parametrize(("target", "actual", "hit"), [
    ("≥90(%)", "950(‰)", False), ("≥90(%)", "95(%)", False), ("≥20(场)", "22(场)", False),
    ("≥20(场)", "22(%)", True), ("≥90(%)", "22(场)", True), ("≥20(场)", "22(次)", True),
])
def test_unit_mismatch(target: str, actual: str, hit: bool) -> None:
    assert bool(of_code(with_row(0, target=target, actual=actual), "JX305")) is hit


# ---- JX310: the vague-target rule ----------------------------------------------------------

WORDS = tuple(sorted({*meaning.DEFAULT_VAGUE_INTENT_WORDS, *meaning.DEFAULT_VAGUE_ACTIVITY_WORDS,
                      *meaning.DEFAULT_VAGUE_MANNER_WORDS}, key=len, reverse=True))
STANDARD = re.compile("|".join(meaning.DEFAULT_VAGUE_STANDARD_WORDS))


def _vague(text: str, words: tuple[str, ...] = WORDS) -> bool:
    return is_vague_text(text, words, meaning.DEFAULT_VAGUE_INTENT_WORDS, STANDARD)


@pytest.mark.parametrize("text", ["顺利进行。", "顺利进行；", "顺利进行!", "有效提升，"])
def test_trailing_punctuation_is_not_a_word(text: str) -> None:
    assert _vague(text)


def test_leading_punctuation_is_kept() -> None:
    assert not _vague("。顺利进行")


def test_intent_phrase_up_to_ten_characters() -> None:
    assert _vague("提升社会公众知晓程度")        # 10 characters
    assert not _vague("提升社会公众的知晓程度")    # 11


@pytest.mark.parametrize("text", ["全力争取", "努力争取", "大力推进并持续推动"])
def test_overlapping_vague_words_in_any_order(text: str) -> None:
    # 全力争取 is 全力 + 争取 although 力争 is a vague word too: the answer cannot depend on
    # which word is tried first.
    orders = [WORDS, tuple(reversed(WORDS))]
    shuffled = list(WORDS)
    for seed in range(5):
        random.Random(seed).shuffle(shuffled)
        orders.append(tuple(shuffled))
    assert all(_vague(text, words) for words in orders)


def test_vague_words_with_something_left_over_are_not_vague() -> None:
    # 资金 is no vague word, and after its manner words the phrase opens with no verb of intent
    assert not _vague("全力争取资金")
    assert _vague("全力争取并持续推进")


def test_vague_target_only_on_scored_rows() -> None:
    assert of_code(with_row(2, target="顺利进行"), "JX310")
    assert not of_code(with_row(2, target="顺利进行", weight="0.00", score="0.00"), "JX310")


# ---- JX303 / JX304: targets any result meets, percentages over 100 -----------------------

@pytest.mark.parametrize(("target", "hit"), [
    ("≥0(%)", True), (">0(%)", False), ("≥-1(%)", True), (">-1(%)", True), ("=0(%)", False),
    ("≥0.01(%)", False), ("≤100(%)", True), ("≤99.99(%)", False), ("≤100(场)", False),
    ("<100(%)", False),
])
def test_degenerate_targets(target: str, hit: bool) -> None:
    assert bool(of_code(with_row(1, target=target), "JX303")) is hit


@pytest.mark.parametrize(("target", "hit"), [
    ("≥100.00(%)", False), ("≥100.01(%)", True), ("≤120(%)", True), ("≥110(场)", False),
])
def test_percent_over_100(target: str, hit: bool) -> None:
    assert bool(of_code(with_row(1, target=target), "JX304")) is hit


# ---- JX307: a bound written in the name, with its unit --------------------------------------

@pytest.mark.parametrize(("name", "target", "hit"), [
    ("培训费用不超过5万元", "≤6(万元)", True), ("培训费用不超过5万元", "≤5(万元)", False),
    ("培训费用不超过5万元", "≤6(%)", False),       # another unit: not comparable
    ("培训费用不超过5％", "≤6(%)", True),           # a full-width ％ is a %
    ("培训合格率不少于5％", "≥4(%)", True),
    ("培训不少于5场", "≥4(次)", False), ("培训不少于5场", "≥4", True),  # no unit: comparable
])
def test_name_bound_against_target_with_units(name: str, target: str, hit: bool) -> None:
    assert bool(of_code(with_row(0, name=name, target=target), "JX307")) is hit


_NAME_PIECES = st.sampled_from(["不少于", "不超过", "以上", "以内", "无", "零", "杜绝", "未发生",
                                 "不发生", "事故", "投诉", "5", "10.5", "\u0663", "人", "%", "，",
                                 "培训", "合格率"])


@given(st.lists(st.one_of(_NAME_PIECES, st.text(max_size=3)), max_size=6).map("".join))
def test_names_passed_over_state_no_bound(name: str) -> None:
    bounds = meaning._name_bounds.__wrapped__(name)  # type: ignore[attr-defined]
    assert bounds == (meaning._bounds(meaning._LOWER_RE, name),
                      meaning._bounds(meaning._UPPER_RE, name),
                      (m.group() if (m := meaning._ZERO_RE.search(name)) else None))


# ---- JX314: two or more counts in the name over a percentage -------------------------------

@pytest.mark.parametrize(("name", "target", "hit"), [
    ("慰问伤残军人50人;烈士家庭6户", "100%", True), ("慰问伤残军人50人;烈士家庭6户", "100‰", False),
    ("慰问伤残军人50人;烈士家庭6户", "100(人)", False), ("慰问伤残军人50人", "100%", False),
])
def test_counts_in_the_name_over_a_percentage(name: str, target: str, hit: bool) -> None:
    assert bool(of_code(with_row(0, name=name, target=target, actual=target), "JX314")) is hit


def test_a_unit_only_target_is_not_a_unit_mismatch() -> None:
    form = with_row(0, target="场", actual="22(次)")
    assert of_code(form, "JX309") and not of_code(form, "JX305")
