"""The sanitising edge's shortcut (nothing to clean, decided without paths) agrees with the walk
that builds the findings: same forms pass untouched, same forms get JX081/JX082."""

from __future__ import annotations

import dataclasses
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from jixiao.core.model import Form, Funds, FundsRow, Goals, Indicator, Total
from jixiao.readers import sanitise
from jixiao.readers.base import ReadResult

_TEXT = st.one_of(st.none(), st.text(alphabet="≥95.0%人\x07\n\t\ud800１2", max_size=20),
                  st.from_regex(r"≥?[0-9]{14,17}(\.[0-9]{9,12})?%?", fullmatch=True))


@st.composite
def _forms(draw: st.DrawFn) -> Form:
    def text() -> str | None:
        return draw(_TEXT)

    rows = tuple(FundsRow(source="total", initial=text(), annual=text(), executed=text(),
                          rate=text(), label=text()) for _ in range(draw(st.integers(0, 2))))
    indicators = tuple(Indicator(text(), text(), text(), text(), text(), text(), text(), text())
                       for _ in range(draw(st.integers(0, 3))))
    return Form(project_name=draw(st.text(alphabet="项目\x1b", max_size=4)),
                department=text(), funds=Funds(weight=text(), rate=text(), score=text(), rows=rows),
                goals=Goals(expected=text(), actual=text()), indicators=indicators,
                total=Total(weight=text(), score=text()), grade=text())


@given(_forms())
def test_the_shortcut_agrees_with_the_walk(form: Form) -> None:
    found: list[tuple[str, str, str]] = []
    sanitise._clean(form, "", found)
    assert sanitise._nothing_to_clean(form) is (not found)
    result = ReadResult(form=form)
    assert (sanitise.sanitise_result(result, "a.json") is result) is (not found)


_CLEAN = st.one_of(st.none(), st.text(alphabet="项目≥95.0%人１2 ", max_size=12))
_PLANTED = st.sampled_from(["完成\x07率", "\ud800", "\x1b[31m", "\ufffe", "\x85",
                            "12345678901234567", "１２３４５６７８９０１２３４５６７",
                            "0.12345678901",
                            "≥1,234,567,890,123,456元"])


def _string_fields(value: object, path: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    """The path of every string field of a form, found the generic way (any new field is in)."""
    paths = []
    for f in dataclasses.fields(value):  # type: ignore[arg-type]
        item = getattr(value, f.name)
        if isinstance(item, tuple):
            for i, element in enumerate(item):
                paths += _string_fields(element, (*path, f.name, i))
        elif dataclasses.is_dataclass(item):
            paths += _string_fields(item, (*path, f.name))
        elif "str" in str(f.type):
            paths.append((*path, f.name))
    return paths


def _planted(value: Any, path: tuple[str | int, ...], text: str) -> Any:
    if not path:
        return text
    head, *rest = path
    if isinstance(head, int):
        return (*value[:head], _planted(value[head], tuple(rest), text), *value[head + 1:])
    return dataclasses.replace(value, **{head: _planted(getattr(value, head), tuple(rest), text)})


@st.composite
def _clean_forms(draw: st.DrawFn) -> Form:
    def text() -> str | None:
        return draw(_CLEAN)

    rows = tuple(FundsRow(source="fiscal", initial=text(), annual=text(), executed=text(),
                          rate=text(), label=text()) for _ in range(draw(st.integers(0, 2))))
    indicators = tuple(Indicator(text(), text(), text(), text(), text(), text(), text(), text())
                       for _ in range(draw(st.integers(0, 2))))
    return Form(project_name=draw(st.text(alphabet="项目", max_size=4)), department=text(),
                implementing_unit=text(), grade=text(),
                funds=Funds(unit=text(), weight=text(), rate=text(), score=text(), rows=rows),
                goals=Goals(expected=text(), actual=text()), indicators=indicators,
                total=Total(weight=text(), score=text()))


@given(_clean_forms(), _PLANTED)
def test_every_string_field_of_the_model_is_seen(form: Form, text: str) -> None:
    assert sanitise._nothing_to_clean(form)
    for path in _string_fields(form):
        planted = _planted(form, path, text)
        found: list[tuple[str, str, str]] = []
        sanitise._clean(planted, "", found)
        assert sanitise._nothing_to_clean(planted) is (not found), path


def test_the_planting_reaches_every_part_of_the_form() -> None:
    form = Form(project_name="项目", funds=Funds(rows=(FundsRow(source="total"),)),
                indicators=(Indicator(None, None, None),))
    paths = {".".join(str(p) for p in path) for path in _string_fields(form)}
    assert {"kind", "schema_version", "funds.unit", "funds.rows.0.source", "funds.rows.0.label",
            "indicators.0.note", "total.score", "goals.actual", "grade"} <= paths


def test_a_value_of_another_type_is_left_to_the_walk() -> None:
    form = Form(project_name="项目", indicators=(Indicator(None, None, 12),))  # type: ignore[arg-type]
    assert not sanitise._nothing_to_clean(form)
    result = ReadResult(form=form)
    assert sanitise.sanitise_result(result, "a.json") is result
