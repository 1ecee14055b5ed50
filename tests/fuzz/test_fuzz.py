"""Hostile inputs end fast, small and clean: each case in a child process under time and memory
limits (`hostile.run_case`), and property tests of the readers in this process."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jixiao.cli import main
from jixiao.readers.base import UnreadableInput
from jixiao.readers.dispatch import read_bytes
from jixiao.readers.limits import ReadLimits
from tests.fuzz import hostile


def _failures(cases: Iterable[hostile.Case], tmp_path: Path) -> list[str]:
    out = []
    for case in cases:
        problem = hostile.verdict(case, hostile.run_case(case, tmp_path))
        if problem:
            out.append(f"{case.name}: {problem}")
    return out


@pytest.mark.parametrize("category", [hostile.bombs, hostile.nesting, hostile.numbers,
                                      hostile.control, hostile.other],
                         ids=lambda f: f.__name__)
def test_hostile_inputs_end_small_and_clean(category: Callable[[], Iterable[hostile.Case]],
                                            tmp_path: Path) -> None:
    assert _failures(category(), tmp_path) == []


def test_damaged_files_end_small_and_clean(tmp_path: Path) -> None:
    import random

    assert _failures(hostile.damage(random.Random(0), 18), tmp_path) == []


def test_the_verdict_catches_what_is_wrong() -> None:
    case = hostile.Case("x", "in.txt", b"")
    assert hostile.verdict(case, hostile.Outcome(None, 0, "")) is not None
    assert hostile.verdict(case, hostile.Outcome(2, 10, "jixiao: 内部错误：ValueError\n"))
    assert hostile.verdict(case, hostile.Outcome(2, 10, "jixiao: a\nb\n"))
    assert hostile.verdict(case, hostile.Outcome(2, 10, "jixiao: 别的文件\n"))
    assert hostile.verdict(case, hostile.Outcome(0, 2 << 20, ""))
    assert hostile.verdict(case, hostile.Outcome(2, 10, "jixiao: in.txt: 文件为空\n")) is None


# ---------------------------------------------------------------- properties of the readers

_SMALL = ReadLimits(max_bytes=1 << 20, max_uncompressed=8 << 20, max_cells=20_000,
                    max_table_cells=20_000, max_merged=5_000)


def _read(data: bytes, name: str) -> None:
    try:
        results = read_bytes(data, name, _SMALL)
    except UnreadableInput as exc:
        assert "\n" not in str(exc) and str(exc).startswith(name)
        return
    for result in results:  # whatever was read can be written out as JSON (UTF-8)
        json.dumps(result.form.project_name, ensure_ascii=False).encode("utf-8")


@pytest.mark.parametrize("ext", ["txt", "json", "html", "xlsx", "docx"])
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.data_too_large])
@given(data=st.data())
def test_readers_refuse_or_read_damaged_seeds(ext: str, data: st.DataObject) -> None:
    seed = hostile.seeds()[ext]
    cut = data.draw(st.integers(1, len(seed)), label="cut")
    flips = data.draw(st.lists(st.tuples(st.integers(0, len(seed) - 1), st.integers(0, 255)),
                               max_size=8), label="flips")
    damaged = bytearray(seed[:cut])
    for at, value in flips:
        if at < len(damaged):
            damaged[at] = value
    _read(bytes(damaged), f"seed.{ext}")


_PIECES = st.text(max_size=12) | st.sampled_from(
    ["\x1b[31m", "\x00", "[/x]", "9" * 40, "项目名称 ", "\n", "{", "[", "<td rowspan=9999>",
     "年初预算数 全年预算数 全年执行数", "一级指标 二级指标 三级指标", "总分 100.00"])


@settings(max_examples=60, deadline=None)
@given(pieces=st.lists(_PIECES, max_size=40))
def test_readers_take_any_text(pieces: list[str]) -> None:
    _read("".join(pieces).encode("utf-8", "surrogatepass"), "any.txt")


# ---------------------------------------------------------------- people's screens


def test_terminal_sequences_and_markup_in_a_form_reach_no_screen(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    form = json.loads(hostile.seeds()["json"])[0]
    form["project_name"] = "项目\x1b[2J\x1b]8;;file:///etc/passwd\x07点我\x1b]8;;\x07"
    form["indicators"][0]["name"] = "[link=a]指标[/x]\x9b31m"  # narrower than its column
    source = tmp_path / "f.json"
    source.write_text(json.dumps([form]), encoding="utf-8")
    for command in ("score", "check"):
        main([command, str(source)])
        out = capsys.readouterr().out
        assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out
        assert "[link=a]指标[/x]" in out or command == "check"  # markup is text
        assert "点我" in out


# ---------------------------------------------------------------- the web upload path


@pytest.mark.parametrize("case", ["xlsx-merge-whole-sheet", "html-span-bomb", "pdf-flate-bomb",
                                  "pdf-huge-page"])
def test_uploads_meet_the_same_budgets(case: str) -> None:
    from jixiao.services.inputs import InputError
    from jixiao.services.intake import read_document

    found = next(c for c in hostile.bombs() if c.name == case)
    with pytest.raises(InputError, match=rf"^{found.filename}: .*可用环境变量 JIXIAO_\w+ 调整"):
        read_document(found.data, found.filename)


def test_output_over_an_input_is_refused_and_the_input_kept(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]
                                                             ) -> None:
    source = tmp_path / "in.txt"
    source.write_bytes(hostile.SEED_TEXT.read_bytes())
    link = tmp_path / "link.txt"
    link.symlink_to(source)
    for given_name in (source, link):
        assert main(["parse", str(given_name), "-o", str(source)]) == 2
        assert "输出文件就是输入文件" in capsys.readouterr().err
    assert source.read_bytes() == hostile.SEED_TEXT.read_bytes()
