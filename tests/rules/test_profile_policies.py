"""Profile policies are enums: read from their TOML strings at load, refused when unknown."""

from __future__ import annotations

from enum import StrEnum
from importlib import resources
from pathlib import Path

import pytest

from jixiao.core.model import FundsSource
from jixiao.rules.profile import (
    EqualMissPolicy,
    ExecutionPolicy,
    NoSatisfactionPolicy,
    NotApplicablePolicy,
    Profile,
    ProfileError,
    ReverseFormula,
    list_profiles,
    load_profile_file,
)

_NATIONAL = resources.files("jixiao.rules").joinpath("profiles", "national-2020.toml") \
    .read_text(encoding="utf-8")


def _policies(p: Profile) -> list[tuple[object, type[StrEnum]]]:
    return [(p.execution.policy, ExecutionPolicy),
            (p.weights.no_satisfaction_policy, NoSatisfactionPolicy),
            (p.quantitative.reverse_formula, ReverseFormula),
            (p.quantitative.equal_miss, EqualMissPolicy),
            (p.not_applicable.policy, NotApplicablePolicy),
            *((source, FundsSource) for source in p.form.funds_rows)]


@pytest.mark.parametrize("prof", list_profiles(), ids=lambda p: p.name)
def test_every_policy_of_a_shipped_profile_is_read_into_its_enum(prof: Profile) -> None:
    for value, enum in _policies(prof):
        assert type(value) is enum


@pytest.mark.parametrize("line,key", [
    ('policy = "linear_capped"', "execution.policy"),
    ('no_satisfaction_policy = "split_proportional"', "weights.no_satisfaction_policy"),
    ('reverse_formula = "linear_to_2T"', "quantitative.reverse_formula"),
    ('equal_miss = "formula"', "quantitative.equal_miss"),
    ('policy = "zero_weight"', "not_applicable.policy"),
])
def test_an_unknown_policy_names_file_key_and_the_known_values(tmp_path: Path, line: str,
                                                               key: str) -> None:
    assert line in _NATIONAL
    name, _ = line.split(" = ")
    path = tmp_path / "mine.toml"
    path.write_text(_NATIONAL.replace(line, f'{name} = "sometimes"', 1), encoding="utf-8")
    with pytest.raises(ProfileError) as info:
        load_profile_file(path)
    error = info.value
    assert error.file == str(path) and error.key == key
    assert "取值 'sometimes' 无效" in error.message and "之一" in error.message
    assert str(error).startswith(f"{path}: {key}: ")


def test_a_policy_compares_with_its_toml_string() -> None:
    """The TOML keeps its strings: an enum member is equal to, and prints as, its value."""
    assert ExecutionPolicy.LINEAR_CAPPED == "linear_capped"
    assert f"execution.{ExecutionPolicy.LINEAR}" == "execution.linear"
    assert ReverseFormula("linear_to_2T") is ReverseFormula.LINEAR_TO_2T
