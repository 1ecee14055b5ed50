"""JX310 rests on a rule: no number, no comparable standard, only words of intent, activity or
manner. The cases are generic phrasings and forms other than the seed (the corpus)."""

from __future__ import annotations

import re

import pytest

from jixiao.readers.text import read_text
from jixiao.rules.checks import meaning
from jixiao.rules.checks.meaning import is_vague_text
from tests.rules.test_checks_base import (
    BASE,
    DATA,
    corpus_form,
    findings,
    of_code,
    profile,
    with_row,
)

WORDS = tuple(sorted({*meaning.DEFAULT_VAGUE_INTENT_WORDS, *meaning.DEFAULT_VAGUE_ACTIVITY_WORDS,
                      *meaning.DEFAULT_VAGUE_MANNER_WORDS}, key=len, reverse=True))
STANDARD = re.compile("|".join(meaning.DEFAULT_VAGUE_STANDARD_WORDS))


def vague(text: str) -> bool:
    return is_vague_text(text, WORDS, meaning.DEFAULT_VAGUE_INTENT_WORDS, STANDARD)


@pytest.mark.parametrize("text", [
    # a verb of intent alone or with its manner words
    "提高", "加强", "改善", "进一步完善", "持续优化", "有效提升", "进一步加强和完善", "稳步推进",
    # an activity with no quantity, a manner with nothing to grade
    "开展", "组织实施", "顺利开展", "有效", "显著", "高效", "积极推广",
    # a short phrase opening with a verb of intent and no measure
    "提升服务能力", "增强群众获得感", "加强队伍建设。", "切实提高管理水平",
])
def test_vague(text: str) -> None:
    assert vague(text)


@pytest.mark.parametrize("text", [
    # a number (digits, a number in words, 百分之)
    "提高5个百分点", "开展两场", "完成三次", "提升百分之十",
    # a comparable standard: norm, acceptance, deadline, completeness, zero events
    "符合国家标准", "达到规定要求", "通过验收", "按期完成", "按时完成", "年底前完成",
    "全部完成", "全面覆盖", "无安全事故", "及时处理", "合格",
    # … also after a verb of intent
    "提高至国家标准", "确保按期完成", "确保全部完成", "加强管理符合规定", "完善制度并通过验收",
    # grades are a scale of their own
    "优", "良好", "较好",
    # nouns and descriptions: not a promise to do better
    "项目制度", "主题", "成长", "公益性事业", "全天候可用",
    # a long sentence opening with a verb of intent describes a content, not a value
    "提升全市中小学校园网络基础设施与信息化应用水平",
    # empty
    "", "。",
])
def test_not_vague(text: str) -> None:
    assert not vague(text)


def test_full_width_and_spaces_are_folded() -> None:
    assert vague(" 有 效 提 升 ")
    assert not vague("提高５个百分点")


@pytest.mark.parametrize("target", ["加强", "提升服务能力", "有效"])
def test_check_reports_vague_targets_on_scored_rows(target: str) -> None:
    found = of_code(with_row(2, target=target), "JX310")
    assert [f.path for f in found] == ["indicators[2].target"]
    assert f"「{target}」" in found[0].message


def test_not_applicable_rows_are_not_reported() -> None:
    assert not of_code(with_row(2, target="加强", actual="不适用", weight="0.00", score="0.00"),
                       "JX310")


def test_vague_tier_synonym_is_not_also_a_tier_written_as_target() -> None:
    form = with_row(2, target="完成")  # 完成 is a tier synonym in national-2020
    assert of_code(form, "JX310") and not of_code(form, "JX306")
    form = with_row(2, target="全部完成")  # a tier with a standard: not vague, but a tier
    assert not of_code(form, "JX310") and of_code(form, "JX306")


def test_the_vocabulary_is_a_profile_parameter() -> None:
    prof = profile(params={"vague_intent_words": ["提质"], "vague_standard_words": ["规定"]})
    assert of_code(with_row(2, target="提质增效"), "JX310", prof)
    assert not of_code(with_row(2, target="加强"), "JX310", prof)
    assert of_code(with_row(2, target="加强"), "JX310")


def test_corpus_003_effective_is_vague() -> None:
    form = corpus_form("003")
    rows = [i for i, ind in enumerate(form.indicators) if ind.target == "有效"]
    assert rows
    found = {f.path for f in findings(form) if f.code == "JX310"}
    assert {f"indicators[{i}].target" for i in rows} <= found


def test_corpus_017_a_deadline_is_a_standard() -> None:
    form = corpus_form("017")
    rows = [i for i, ind in enumerate(form.indicators) if ind.target == "按时限完成"]
    assert rows
    found = {f.path for f in findings(form) if f.code == "JX310"}
    assert not {f"indicators[{i}].target" for i in rows} & found


def test_corpus_006_grades_and_descriptions_are_not_vague() -> None:
    text = (DATA / "corpus" / "raw" / "006.txt").read_text(encoding="utf-8")
    forms = [r.form for r in read_text(text) if r.form is not None]
    targets = {ind.target for form in forms for ind in form.indicators}
    assert {"良好", "公益性事业", "全天候可用"} <= targets
    for form in forms:
        assert not [f for f in findings(form) if f.code == "JX310"]


def test_base_form_has_no_vague_target() -> None:
    assert not of_code(BASE, "JX310")


@pytest.mark.parametrize(("key", "words", "target", "flagged"), [
    ("vague_activity_words", ["开展"], "宣传", False),  # 宣传 no longer an activity word
    ("vague_activity_words", ["研讨"], "研讨", True),
    ("vague_manner_words", [], "有效", False),
    ("vague_manner_words", ["扎实"], "扎实推进", True),
    ("vague_intent_words", [], "提升服务能力", False),
    ("vague_standard_words", [], "确保按期完成", True),
])
def test_each_vocabulary_is_its_own_parameter(key: str, words: list[str], target: str,
                                              flagged: bool) -> None:
    prof = profile(params={key: words})
    assert bool(of_code(with_row(2, target=target), "JX310", prof)) is flagged
    # the default vocabulary says the opposite
    assert bool(of_code(with_row(2, target=target), "JX310")) is not flagged
