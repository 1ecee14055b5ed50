"""Indicator rows read in one pass (issue 9) as field by field: the same Indicator, or the same
error (path and message) for a row that is not a well-formed object."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from jixiao.core.form_json import FormJSONError, _indicator, _indicators

_FIELDS = ["level1", "level2", "name", "target", "actual", "weight", "score", "note", "other"]
_VALUES = st.one_of(st.none(), st.text(max_size=3), st.integers(), st.booleans(),
                    st.lists(st.none(), max_size=1))
_ROWS = st.one_of(st.dictionaries(st.sampled_from(_FIELDS), _VALUES, max_size=9),
                  st.lists(st.none(), max_size=1), st.text(max_size=2), st.none())


def _outcome(read: object) -> object:
    try:
        return read()  # type: ignore[operator]
    except FormJSONError as exc:
        return ("error", exc.path, exc.message)


@given(st.lists(_ROWS, max_size=3))
def test_rows_read_in_one_pass_as_field_by_field(rows: list[object]) -> None:
    def careful() -> tuple[object, ...]:
        return tuple(_indicator(r, f"$.indicators[{i}]") for i, r in enumerate(rows))

    assert _outcome(lambda: _indicators(rows, "$.indicators")) == _outcome(careful)
