"""The sanitising edge's shortcut (nothing to clean, decided without paths) agrees with the walk
that builds the findings: same forms pass untouched, same forms get JX081/JX082."""

from __future__ import annotations

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
