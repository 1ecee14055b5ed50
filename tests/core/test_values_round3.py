"""`normalize_once` returns a text without spaces as it stands (issue 9, round 3): the shortcut
rests on every whitespace character but the space being unprintable, checked here for all of
Unicode, and gives what the whitespace split gives."""

from __future__ import annotations

import sys
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from jixiao.core.values import normalize_once


def test_every_whitespace_character_but_the_space_is_unprintable() -> None:
    printable_spaces = [code for code in range(sys.maxunicode + 1)
                        if chr(code).isspace() and chr(code).isprintable()]
    assert printable_spaces == [ord(" ")]


@given(st.text(alphabet=st.sampled_from(["不", "适", "用", "Ａ", "1", " ", "\u3000", "\u2028",
                                          "\x1c", "\t", "\x85", "\xa0", "\u1680", "\ufb01"]),
               max_size=6))
def test_the_shortcut_gives_the_split_of_the_folded_text(text: str) -> None:
    folded = unicodedata.normalize("NFKC", text)
    assert normalize_once(text) == "".join(folded.split())
