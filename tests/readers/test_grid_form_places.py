"""The table mapper's `ReadResult.sources` makes an indicator's places when asked for (issue 9:
speed); asked one by one, before or after the whole is made, it answers as the dict of the
same places, in the same order, and pickles, copies and compares as that dict."""

from __future__ import annotations

import copy
import pickle
from typing import Any

import pytest

from jixiao.readers.pdf import read_pdf
from jixiao.writers.pdf import render_pdf
from tests.writers.support import seed_forms
from tests.writers.test_pdf_writer import _font_or_skip


@pytest.fixture(autouse=True)
def _font() -> None:
    _font_or_skip()


def _read() -> list[Any]:
    """The seed forms written as a PDF and read back from the page content (fresh places)."""
    return read_pdf(render_pdf(seed_forms(), attach_json=False), filename="seed.pdf",
                    use_attachment=False)


_ODD = ["indicators", "indicators[", "indicators[]", "indicators[x]", "indicators[01]",
        "indicators[-1]", "indicators[1e1]", "indicators[٣]", "indicators[999]",
        "indicators[0]name", "indicators[0].", "indicators[0].nothing", "indicators[0].name.x",
        "funds", "", "grade.x"]


def test_places_asked_one_by_one_are_the_whole_dict() -> None:
    whole = [dict(result.sources) for result in _read()]
    for result, places in zip(_read(), whole, strict=True):
        sources = result.sources
        assert bool(sources) == bool(places)
        for path, place in places.items():  # asked before the whole is made
            assert path in sources
            assert sources[path] == place
            assert sources.get(path) == place
        for path in _ODD:
            assert (path in sources) == (path in places)
            assert sources.get(path, "none") == places.get(path, "none")
        assert 5 not in sources
        assert list(sources) == list(places)  # the same order
        assert list(sources.items()) == list(places.items())
        assert len(sources) == len(places)
        for path in _ODD:  # and after
            assert (path in sources) == (path in places)


def test_places_compare_pickle_and_copy_as_a_dict() -> None:
    for result in _read():
        places = dict(result.sources)
        assert result.sources == places
        assert places == result.sources
        assert {**result.sources} == places
        assert pickle.loads(pickle.dumps(result.sources)) == places
        assert type(pickle.loads(pickle.dumps(result.sources))) is dict
        assert copy.deepcopy(result.sources) == places
        assert repr(result.sources) == repr(places)


def test_a_missing_place_is_a_key_error() -> None:
    sources = _read()[0].sources
    with pytest.raises(KeyError):
        sources["indicators[999].name"]
    with pytest.raises(KeyError):
        sources["indicators[0].nothing"]
