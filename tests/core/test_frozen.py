"""`direct_init`: the same constructor as the frozen dataclass's own, and as frozen after it."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from jixiao.core.findings import Finding, Severity
from jixiao.core.frozen import direct_init
from jixiao.core.model import FundsRow, Indicator
from jixiao.core.scorecard import Computed, Explanation, RowScore, RowStatus
from jixiao.core.values import Value, ValueKind


@dataclasses.dataclass(frozen=True)
class _Plain:
    a: str
    b: int = 2
    c: tuple[str, ...] = ()


@direct_init
@dataclasses.dataclass(frozen=True)
class _Direct:
    a: str
    b: int = 2
    c: tuple[str, ...] = ()


@pytest.mark.parametrize(("args", "kwargs"), [
    (("x",), {}), (("x", 5), {}), (("x",), {"c": ("y",)}), ((), {"a": "x", "b": 0}),
    (("x", 1, ("p", "q")), {}),
])
def test_same_values_as_the_generated_init(args: tuple, kwargs: dict) -> None:
    plain, direct = _Plain(*args, **kwargs), _Direct(*args, **kwargs)
    assert dataclasses.astuple(plain) == dataclasses.astuple(direct)
    assert repr(direct) == repr(plain).replace("_Plain", "_Direct")
    assert direct == _Direct(*args, **kwargs) and hash(direct) == hash(_Direct(*args, **kwargs))


@pytest.mark.parametrize(("args", "kwargs"), [
    ((), {}), (("x", 1, (), 4), {}), (("x",), {"d": 1}), (("x",), {"a": "y"})])
def test_wrong_arguments_are_refused_alike(args: tuple, kwargs: dict) -> None:
    with pytest.raises(TypeError):
        _Plain(*args, **kwargs)
    with pytest.raises(TypeError):
        _Direct(*args, **kwargs)


def test_still_frozen_and_replaceable() -> None:
    value = _Direct("x")
    with pytest.raises(dataclasses.FrozenInstanceError):
        value.a = "y"  # type: ignore[misc]
    assert dataclasses.replace(value, b=7) == _Direct("x", 7)


def test_classes_it_does_not_fit_are_refused() -> None:
    @dataclasses.dataclass
    class Mutable:
        a: int

    @dataclasses.dataclass(frozen=True)
    class Factory:
        a: list[int] = dataclasses.field(default_factory=list)

    @dataclasses.dataclass(frozen=True)
    class Checked:
        a: int

        def __post_init__(self) -> None:
            pass

    for cls in (Mutable, Factory, Checked):
        with pytest.raises(TypeError):
            direct_init(cls)


def test_the_model_classes_build_as_declared() -> None:
    ind = Indicator("产出指标", "数量指标", "培训", "≥5(次)", actual="6(次)", weight="10")
    assert (ind.level1, ind.target, ind.actual, ind.weight, ind.score, ind.note) == (
        "产出指标", "≥5(次)", "6(次)", "10", None, None)
    assert FundsRow("total", annual="10").rate is None
    assert Value("x", ValueKind.TEXT).number is None
    explanation = Explanation("f", rule="r")
    row = RowScore(0, ValueKind.QUANTITY, Decimal("1"), Computed(None, explanation),
                   RowStatus.EQUAL)
    assert (row.band, row.counted_score, explanation.inputs, explanation.source) == (
        None, None, (), "")
    assert Finding("JX101", Severity.ERROR, "m").hint is None
