"""Streamed reading gives exactly the forms (and errors) of reading the whole content at once."""

from __future__ import annotations

import io
import json

import pytest

from jixiao.readers.base import UnreadableInput
from jixiao.readers.decoding import physical_lines
from jixiao.readers.dispatch import read_bytes
from jixiao.readers.json_reader import iter_json_array
from jixiao.readers.stream import iter_text_blocks, read_stream
from jixiao.readers.tidy import tidied
from tests.conftest import DATA, SEED_TEXT


def _blocks(data: bytes, size: int) -> list[bytes]:
    return [data[i:i + size] for i in range(0, len(data), size)]


def _error(call) -> str:
    with pytest.raises(UnreadableInput) as caught:
        call()
    return str(caught.value)


SOURCES = [SEED_TEXT, *sorted((DATA / "corpus" / "raw").glob("*.txt")),
           DATA / "golden" / "seed.json"]


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
@pytest.mark.parametrize("size", [7, 4096, 1 << 20])
def test_blocks_of_any_size_give_the_forms_of_the_whole(path, size: int) -> None:
    data = path.read_bytes()
    try:
        whole = read_bytes(data, path.name)
    except UnreadableInput as exc:
        assert _error(lambda: list(read_stream(io.BytesIO(data), path.name))) == str(exc)
        return
    # the whole is tidied (placeholder rows, an execution row) after the text layouts
    assert [tidied(r, path.name) for r in iter_text_blocks(_blocks(data, size), path.name)] \
        == whole


@pytest.mark.parametrize("text", [
    "a\r\nb\rc\nd", "\r\n\r\n", "x\f\ny\x0bz\u2028w\x85v", "one\r", "\n\n\nlast\n", "",
    "页\r\n\r\n\r\n第二页\r\n",
])
@pytest.mark.parametrize("size", [1, 2, 3, 100])
def test_physical_lines_split_as_splitlines(text: str, size: int) -> None:
    pieces = [text[i:i + size] for i in range(0, len(text), size)]
    assert list(physical_lines(pieces)) == text.splitlines()


def test_line_endings_and_page_breaks_survive_block_boundaries() -> None:
    text = SEED_TEXT.read_text(encoding="utf-8").replace("\n", "\r\n")
    data = text.encode("gb18030")
    assert list(iter_text_blocks(_blocks(data, 5), "gbk.txt")) == read_bytes(data, "gbk.txt")


def test_a_json_array_is_read_element_by_element() -> None:
    forms = json.loads((DATA / "golden" / "seed.json").read_text(encoding="utf-8"))
    text = json.dumps(forms, ensure_ascii=False, indent=3)
    stream = iter_json_array(iter(text[i:i + 11] for i in range(0, len(text), 11)),
                             filename="a.json")
    first = next(stream)
    assert first.form.project_name == forms[0]["project_name"]
    assert [first, *stream] == read_bytes(text.encode(), "a.json")


@pytest.mark.parametrize("text", [
    "[", "[\n", "[{}", '[{"a": 1}\n  {"b": 2}]', "[1,]", "[] x", "[\n\n  tru]", '["\\q"]',
    "[1, 2", "  [ ]  ]",
])
@pytest.mark.parametrize("size", [1, 4, 1000])
def test_malformed_json_is_reported_where_json_loads_reports_it(text: str, size: int) -> None:
    with pytest.raises(json.JSONDecodeError) as caught:
        json.loads(text)
    exc = caught.value
    expected = f"x.json: JSON 格式错误（第{exc.lineno}行第{exc.colno}列）：{exc.msg}"
    pieces = [text[i:i + size] for i in range(0, len(text), size)]
    message = _error(lambda: list(iter_json_array(pieces, filename="x.json")))
    if message.startswith("x.json: $["):  # a whole element that is not a form comes first
        assert exc.msg == "Extra data" or exc.msg.startswith("Expecting")
        return
    assert message == expected


def test_a_wrong_element_names_its_index_after_the_forms_before_it() -> None:
    forms = json.loads((DATA / "golden" / "seed.json").read_text(encoding="utf-8"))
    text = json.dumps([forms[0], {"schema_version": "1", "project_name": 3}], ensure_ascii=False)
    stream = iter_json_array([text], filename="y.json")
    assert next(stream).form.project_name == forms[0]["project_name"]
    assert _error(lambda: next(stream)).startswith("y.json: $[1].project_name")
    assert _error(lambda: read_bytes(text.encode(), "y.json")).startswith(
        "y.json: $[1].project_name")


def test_an_empty_array_and_whitespace_have_no_form() -> None:
    assert "未找到绩效自评表" in _error(lambda: list(read_stream(io.BytesIO(b" [ ] "), "e")))
    assert "文件为空" in _error(lambda: list(read_stream(io.BytesIO(b" \n\t"), "e")))
    assert "文件为空" in _error(lambda: list(read_stream(io.BytesIO(b""), "e")))


def test_text_that_stops_being_utf8_is_refused_at_its_line() -> None:
    good = SEED_TEXT.read_bytes() * 20  # beyond the head the encoding is chosen from
    assert len(good) > 65536
    data = good + b"\n\xff\xfe broken\n"
    message = _error(lambda: list(read_stream(io.BytesIO(data), "mixed.txt")))
    assert message.startswith("mixed.txt: 第") and "编码" in message


def test_the_stream_holds_one_form_at_a_time() -> None:
    """Forms come out while the source is still being read: the reader is lazy."""
    data = SEED_TEXT.read_bytes() * 50
    handle = io.BytesIO(data)
    stream = read_stream(handle, "many.txt")
    next(stream)
    assert handle.tell() < len(data) // 2


@pytest.mark.parametrize("head", [b"%PDF-1.7\n", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
                                  b"{\\rtf1\\ansi ", b"<html><body><table>"])
def test_documents_are_read_whole_not_streamed(head: bytes) -> None:
    from jixiao.readers.dispatch import sniff_document

    assert sniff_document(head + b"\0" * 100)
    assert not sniff_document(b'[{"schema_version": "1"}]')
    assert not sniff_document(SEED_TEXT.read_bytes())
