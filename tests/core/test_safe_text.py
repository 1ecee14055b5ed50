"""The characters no output may hold (core/safe_text.py): what is replaced, what is kept, and
that a tree is rebuilt only where something changed."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jixiao.core.model import Form, Indicator
from jixiao.core.safe_text import REPLACEMENT, UNSAFE_CHARS, clean_text, clean_tree, one_line

UNSAFE = ["\x00", "\x08", "\x0b", "\x0c", "\x0e", "\x1b", "\x1f", "\x7f", "\x80", "\x9b", "\x9f",
          "\ud800", "\udfff", "\ufffe", "\uffff"]
KEPT = ["\t", "\n", "\r", " ", "~", "\xa0", "\u3000", "≥", "％", "\ufffd", "\ufeff"]


@pytest.mark.parametrize("char", UNSAFE)
def test_each_unsafe_character_is_replaced_where_it_stands(char: str) -> None:
    assert clean_text(f"预算{char}执行率") == f"预算{REPLACEMENT}执行率"


@pytest.mark.parametrize("char", KEPT)
def test_tabs_breaks_and_printed_signs_are_kept(char: str) -> None:
    text = f"满意度{char}≥90%"
    assert clean_text(text) == text


def test_every_unsafe_character_of_a_run_is_replaced() -> None:
    assert clean_text("\x1b[31m红\x1b[0m") == "\ufffd[31m红\ufffd[0m"


@given(st.text())
def test_cleaned_text_holds_no_unsafe_character_and_keeps_its_length(text: str) -> None:
    cleaned = clean_text(text)
    assert UNSAFE_CHARS.search(cleaned) is None
    assert len(cleaned) == len(text)


def test_one_line_shows_every_kind_of_line_break_once() -> None:
    assert one_line("第一行\r\n第二行\n第三行\r第四行") == "第一行⏎第二行⏎第三行⏎第四行"
    assert one_line("名称\x07") == f"名称{REPLACEMENT}"
    assert one_line("无需改动") == "无需改动"


@dataclass(frozen=True)
class _Box:
    name: str
    items: tuple[str, ...] = ()
    derived: str = field(default="", init=False)


def test_an_untouched_tree_is_returned_as_the_same_objects() -> None:
    box = _Box("名称", ("甲", "乙"))
    nested = (box, ("丙", 3))
    assert clean_tree(nested) is nested
    assert clean_tree(box) is box
    assert clean_tree(box.items) is box.items


def test_a_tree_is_rebuilt_only_where_a_string_changed() -> None:
    clean, dirty = _Box("名称", ("甲",)), _Box("名\x00称", ("乙", "丙\x1b"))
    cleaned = clean_tree((clean, dirty, 7, None))
    assert cleaned[0] is clean
    assert cleaned[1] == _Box(f"名{REPLACEMENT}称", ("乙", f"丙{REPLACEMENT}"))
    assert cleaned[1].items[0] is dirty.items[0]
    assert cleaned[2:] == (7, None)


def test_lists_and_dicts_are_cleaned_keys_included() -> None:
    assert clean_tree(["a\x00", "b"]) == [f"a{REPLACEMENT}", "b"]
    assert clean_tree({"k\x1b": "v\x7f", "x": 1}) == {f"k{REPLACEMENT}": f"v{REPLACEMENT}", "x": 1}


def test_fields_not_given_to_the_constructor_are_left_alone() -> None:
    box = _Box("名\x00称")
    object.__setattr__(box, "derived", "\x00")  # computed, not an __init__ argument
    cleaned = clean_tree(box)
    assert cleaned.name == f"名{REPLACEMENT}称"
    assert cleaned.derived == ""


def _row(name: str) -> Indicator:
    return Indicator(level1="产出指标", level2="数量指标", name=name)


def test_a_form_is_cleaned_in_every_indicator() -> None:
    form = Form(project_name="项目\x0c", indicators=(_row("指标\x1f"), _row("完好")))
    cleaned = clean_tree(form)
    assert cleaned.project_name == f"项目{REPLACEMENT}"
    assert cleaned.indicators[0].name == f"指标{REPLACEMENT}"
    assert cleaned.indicators[1] is form.indicators[1]


def test_a_class_is_not_taken_for_a_dataclass_value() -> None:
    assert clean_tree(_Box) is _Box


@dataclass(frozen=True)
class _Derived:
    first: str
    derived: str = field(default="", init=False)
    last: str = ""


def test_fields_after_a_derived_one_are_cleaned_too() -> None:
    assert clean_tree(_Derived("一", "末\x00")) == _Derived("一", f"末{REPLACEMENT}")
