"""繁体字 compared as simplified: the core's table is OpenCC's, and a form printed in traditional
characters scores and checks exactly as its simplified twin, while keeping its printed text."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import opencc
from hypothesis import given
from hypothesis import strategies as st

from jixiao.core.form_json import forms_from_json_value
from jixiao.core.model import Form
from jixiao.core.traditional import _SIMPLIFIED, _TRADITIONAL, is_traditional, simplified
from jixiao.core.values import normalize_text, parse_value
from jixiao.readers.base import ReadResult
from jixiao.rules.profile import load_profile
from jixiao.services.evaluate import evaluate

SEED = Path(__file__).resolve().parent.parent / "data" / "golden" / "seed.json"
_S2T = opencc.OpenCC("s2t")


def test_the_table_is_opencc_character_for_character() -> None:
    t2s = opencc.OpenCC("t2s")
    assert len(_TRADITIONAL) == len(_SIMPLIFIED) > 3000
    assert t2s.convert(_TRADITIONAL) == _SIMPLIFIED
    assert not set(_TRADITIONAL) & set(_SIMPLIFIED)  # 后/干/里 are simplified too: not in it


def test_words_of_the_rules_read_the_same_in_either_script() -> None:
    for printed, rules in [("產出指標", "产出指标"), ("優", "优"), ("不低於 95%", "不低于95%"),
                           ("萬元", "万元"), ("暫無", "暂无"), ("滿意度", "满意度")]:
        assert normalize_text(printed) == rules
    assert parse_value("不低於95%").operator == parse_value("不低于95%").operator is not None


@given(st.text(max_size=30))
def test_simplified_keeps_the_length_and_is_idempotent(text: str) -> None:
    once = simplified(text)
    assert len(once) == len(text)
    assert simplified(once) == once
    assert not is_traditional(once)


def _traditional(form: Form) -> Form:
    """Every text of the form (names, levels, values, notes, grade, unit) in traditional."""
    def t(text: str | None) -> str | None:
        return None if text is None else _S2T.convert(text)
    indicators = tuple(dataclasses.replace(
        i, level1=t(i.level1), level2=t(i.level2), name=t(i.name), target=t(i.target),
        actual=t(i.actual), note=t(i.note)) for i in form.indicators)
    funds = dataclasses.replace(form.funds, unit=t(form.funds.unit))
    return dataclasses.replace(form, project_name=t(form.project_name), grade=t(form.grade),
                               indicators=indicators, funds=funds)


def test_a_traditional_form_scores_and_checks_as_its_simplified_twin() -> None:
    profile = load_profile()
    forms = forms_from_json_value(json.loads(SEED.read_text(encoding="utf-8")))
    converted = 0
    for form in forms:
        twin = _traditional(form)
        converted += sum(i.level1 != t.level1 for i, t in zip(form.indicators, twin.indicators,
                                                               strict=True))
        plain, trad = evaluate(ReadResult(form), profile), evaluate(ReadResult(twin), profile)
        assert trad.scorecard.total.value == plain.scorecard.total.value
        assert trad.scorecard.grade == plain.scorecard.grade
        assert [(r.kind, r.computed.value, r.status) for r in trad.scorecard.rows] == [
            (r.kind, r.computed.value, r.status) for r in plain.scorecard.rows]
        assert [(f.code, f.path) for f in trad.findings] == [
            (f.code, f.path) for f in plain.findings]
    assert converted > 10  # the twins really print 產出指標 …
