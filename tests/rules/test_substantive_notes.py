"""One definition of a substantive 偏差原因: the engine and the checks agree on every note.

A row printed below its computed score is an accepted deduction (engine) exactly when the
checks do not report a missing reason (JX401) and do record the accepted deduction (JX408).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.core.findings import Finding
from jixiao.core.scorecard import RowStatus
from jixiao.rules.checks import run_checks
from jixiao.rules.checks.registry import CheckContext
from jixiao.rules.engine import score_form
from jixiao.rules.notes import fold_note, fold_words, is_substantive
from jixiao.rules.profile import Profile, list_profiles, load_profile, load_profile_file
from tests.rules.test_checks_base import BASE, with_row

# Row 1 (培训合格率, ≥90%, 分值 15) done at 95%: computed 15.00, printed 12.00 — a deduction.
_ROW = 1
_EMPTY = [None, "", "   ", "。", "（）"]
_SAYS_NOTHING = ["暂无", "（无）", "已达成", "无。", " 暂 无 ", "“无”", "／", "已完成；", "不适用"]
_SAYS_SOMETHING = [
    "未留存满意度资料，建议加强资料存档管理。",
    "部分学员因病缺考，下年度增设补考场次。",
    "无法取得第三方评估报告，暂按内部统计扣分",  # starts with 无 but says something
    "暂无佐证材料，下一步补充归档",
]


def _deducted(note: str | None) -> tuple[RowStatus, list[Finding]]:
    """The engine's status of the deducted row and the checks' findings on it."""
    prof = load_profile("national-2020")
    return _judged(prof, note)


def _judged(prof: Profile, note: str | None) -> tuple[RowStatus, list[Finding]]:
    form = with_row(_ROW, BASE, actual="95.00(%)", score="12.00", note=note)
    card = score_form(form, prof)
    path = f"indicators[{_ROW}]."
    found = [f for f in run_checks(form, prof, card) if (f.path or "").startswith(path)]
    return card.rows[_ROW].status, found


def _codes(found: list[Finding]) -> set[str]:
    return {f.code for f in found}


@pytest.mark.parametrize("note", _EMPTY + _SAYS_NOTHING)
def test_a_note_that_says_nothing_is_refused_by_engine_and_reported_by_checks(
        note: str | None) -> None:
    status, found = _deducted(note)
    assert status is RowStatus.UNEXPLAINED_DEDUCTION  # the engine counts the computed score
    assert "JX401" in _codes(found) and "JX408" not in _codes(found)


@pytest.mark.parametrize("note", _SAYS_SOMETHING)
def test_a_real_reason_is_accepted_by_engine_and_not_reported_by_checks(note: str) -> None:
    status, found = _deducted(note)
    assert status is RowStatus.ACCEPTED_DEDUCTION  # the engine keeps the printed score
    assert "JX408" in _codes(found)
    assert not _codes(found) & {"JX401", "JX406"}


@pytest.mark.parametrize("prof", list_profiles(), ids=lambda p: p.name)
@pytest.mark.parametrize("note", _EMPTY + _SAYS_NOTHING + _SAYS_SOMETHING)
def test_engine_and_check_context_use_one_definition(prof: Profile, note: str | None) -> None:
    form = with_row(_ROW, BASE, note=note)
    context = CheckContext(form, prof, score_form(form, prof))
    expected = is_substantive(note, fold_words(prof.comparison.boilerplate_notes))
    assert prof.comparison.is_substantive(note) is expected
    assert context.is_substantive(note) is expected


def test_the_profile_list_is_the_only_list(tmp_path: Path) -> None:
    """A profile that drops 暂无 from its boilerplate makes both sides accept it."""
    file = tmp_path / "mine.toml"
    file.write_text('title = "测试"\nvalid_from = 2024-01-01\nextends = "national-2020"\n'
                    'sources = ["测试依据"]\n[comparison]\nboilerplate_notes = ["无"]\n',
                    encoding="utf-8")
    mine = load_profile_file(file)
    status, found = _judged(mine, "暂无")
    assert status is RowStatus.ACCEPTED_DEDUCTION and "JX401" not in _codes(found)
    status, found = _judged(mine, "（无）")
    assert status is RowStatus.UNEXPLAINED_DEDUCTION and "JX401" in _codes(found)


def test_folding_drops_whitespace_and_punctuation_only() -> None:
    assert fold_note(" （ 暂无 ）。") == "暂无"
    assert fold_note("１、无") == "1无"
    assert fold_note(None) == "" and fold_words(["/", "。"]) == frozenset({"/", "。"})


_DECORATION = st.sampled_from(["", " ", "。", "（", "）", "“", "”", "；", "\u3000"])
_WORDS = st.sampled_from([*load_profile("national-2020").comparison.boilerplate_notes,
                          "未留存资料", "延期", "无法", "次年"])
_NOTES = st.one_of(
    st.none(),
    st.lists(st.one_of(_DECORATION, _WORDS), max_size=5).map("".join),
    st.text(max_size=12),
)


@settings(max_examples=150, deadline=None)
@given(note=_NOTES)
def test_engine_and_checks_never_contradict_each_other(note: str | None) -> None:
    status, found = _deducted(note)
    accepted = status is RowStatus.ACCEPTED_DEDUCTION
    assert accepted is ("JX401" not in _codes(found))
    assert accepted is ("JX408" in _codes(found))
    assert accepted is load_profile("national-2020").comparison.is_substantive(note)


def test_noted_deductions_refused_by_profile_are_still_judged_alike() -> None:
    strict = load_profile("national-2020")
    strict = dataclasses.replace(strict, comparison=dataclasses.replace(
        strict.comparison, accept_noted_deductions=False))
    status, found = _judged(strict, _SAYS_SOMETHING[0])
    assert status is RowStatus.UNEXPLAINED_DEDUCTION
    assert "JX406" in _codes(found) and "JX401" not in _codes(found)
