"""`Explanation.deferred`: the formula and inputs written when first read, and then the same
explanation in every observable way as one built with them (equality, hash, text, pickling)."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from jixiao.core.scorecard import Explanation

_FORMULA = "10.00 × 80.44% = 8.04"
_INPUTS = (("分值", "10.00"), ("执行率", "80.44%"))


def _deferred(calls: list[int]) -> Explanation:
    def write() -> tuple[str, tuple[tuple[str, str], ...]]:
        calls.append(1)
        return _FORMULA, _INPUTS

    return Explanation.deferred(write, "execution.linear_capped", "财预〔2020〕10号")


def test_written_once_when_first_read() -> None:
    calls: list[int] = []
    explanation = _deferred(calls)
    assert explanation.rule == "execution.linear_capped" and not calls
    assert explanation.inputs == _INPUTS and explanation.formula == _FORMULA
    assert explanation.formula == _FORMULA
    assert calls == [1]


def test_the_same_as_one_built_with_its_texts() -> None:
    eager = Explanation(_FORMULA, _INPUTS, "execution.linear_capped", "财预〔2020〕10号")
    deferred = _deferred([])
    assert deferred == eager and hash(deferred) == hash(_deferred([])) == hash(eager)
    assert repr(_deferred([])) == repr(eager)
    assert _deferred([]).describe() == eager.describe() == (
        "10.00 × 80.44% = 8.04（规则 execution.linear_capped；依据 财预〔2020〕10号）")
    assert dataclasses.astuple(_deferred([])) == dataclasses.astuple(eager)
    assert dataclasses.replace(_deferred([]), rule="r") == dataclasses.replace(eager, rule="r")


def test_pickled_with_its_texts() -> None:
    copy = pickle.loads(pickle.dumps(_deferred([])))
    assert copy == Explanation(_FORMULA, _INPUTS, "execution.linear_capped", "财预〔2020〕10号")


def test_still_frozen() -> None:
    explanation = _deferred([])
    with pytest.raises(dataclasses.FrozenInstanceError):
        explanation.formula = "x"  # type: ignore[misc]
    assert explanation.formula == _FORMULA
