"""The streaming text readers hand out exactly the forms of the list-returning ones."""

from __future__ import annotations

import types

from jixiao.readers.text import iter_text, read_text
from jixiao.readers.text_lines import iter_lines, read_lines


def test_iter_lines_yields_read_lines_forms_lazily(seed_text: str) -> None:
    stream = iter_lines(seed_text, filename="seed.txt")
    assert isinstance(stream, types.GeneratorType)
    assert list(stream) == read_lines(seed_text, filename="seed.txt")


def test_iter_text_yields_read_text_forms(seed_text: str) -> None:
    assert list(iter_text(seed_text, filename="seed.txt")) == read_text(seed_text,
                                                                        filename="seed.txt")


def test_iter_text_of_unrecognisable_text_is_empty() -> None:
    assert list(iter_text("nothing form-like here")) == read_text("nothing form-like here") == []
