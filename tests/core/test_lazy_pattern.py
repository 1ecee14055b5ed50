"""A pattern compiled on first use answers as the compiled pattern does, then is it."""

from __future__ import annotations

import re

import pytest

from jixiao.core.lazy_pattern import LazyPattern

_SOURCE = r"(项目)?名称[:：]?"
_TEXT = "项目名称：某项目 单位名称 名称"


@pytest.mark.parametrize("call", [
    lambda p: [m.span() for m in p.finditer(_TEXT)],
    lambda p: p.findall(_TEXT),
    lambda p: p.split(_TEXT),
    lambda p: p.sub("|", _TEXT),
    lambda p: p.subn("|", _TEXT, 1),
    lambda p: p.search(_TEXT, 5).span(),
    lambda p: p.match(_TEXT).group(0),
    lambda p: p.fullmatch("名称：") is not None,
])
def test_answers_as_the_compiled_pattern(call) -> None:
    assert call(LazyPattern(_SOURCE)) == call(re.compile(_SOURCE))


def test_compiles_once_and_hands_its_methods_over() -> None:
    lazy = LazyPattern(_SOURCE, re.IGNORECASE)
    assert "search" not in vars(lazy)  # nothing compiled before the first use
    lazy.search(_TEXT)
    assert isinstance(lazy.search.__self__, re.Pattern)
    assert lazy.match.__self__ is lazy.compiled
    assert lazy.compiled.flags & re.IGNORECASE
