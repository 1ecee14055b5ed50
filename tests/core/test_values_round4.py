"""The value grammar's rarer patterns are compiled when first used (issue 9): values of the common
shape need none of them, and the others parse as before."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal

import pytest

from jixiao.core.values import Operator, ValueKind, parse_value

_COMPILED = """
from jixiao.core import values as V
for text in {texts!r}:
    V.parse_value(text)
print([int("compiled" in vars(p)) for p in (V._OPERATOR_HEAD, V._UNIT_HEAD, V._QUALIFIER_OK,
                                            V._BARE_UNIT)])
"""


def _compiled_after(texts: list[str]) -> str:
    done = subprocess.run([sys.executable, "-c", _COMPILED.format(texts=texts)],
                          capture_output=True, text=True, check=True)
    return done.stdout.strip()


def test_common_values_compile_none_of_them() -> None:
    assert _compiled_after(["≥95.00(%)", "97.09(%)", "3人次", "=100%", "12", ""]) == "[0, 0, 0, 0]"


def test_each_is_compiled_by_the_value_that_needs_it() -> None:
    assert _compiled_after(["大于等于95%", "5公里/小时", "100%覆盖", "吨"]) == "[1, 1, 1, 1]"


@pytest.mark.parametrize(("text", "kind", "operator", "number", "unit", "qualifier"), [
    ("大于等于95%", ValueKind.QUANTITY, Operator.GE, Decimal(95), "%", None),
    ("5公里/小时", ValueKind.QUANTITY, None, Decimal(5), "公里/小时", None),
    ("100%覆盖", ValueKind.QUANTITY, None, Decimal(100), "%", "覆盖"),
    ("6个工作日内", ValueKind.QUANTITY, None, Decimal(6), "个工作", "日内"),
    ("2024年12月完成", ValueKind.TEXT, None, None, None, None),
    ("吨", ValueKind.UNIT_ONLY, None, None, "吨", None),
    ("好", ValueKind.TEXT, None, None, None, None),
])
def test_values_read_through_them(text: str, kind: ValueKind, operator: Operator | None,
                                  number: Decimal | None, unit: str | None,
                                  qualifier: str | None) -> None:
    value = parse_value(text)
    assert (value.kind, value.operator, value.number, value.unit, value.qualifier) == (
        kind, operator, number, unit, qualifier)
