"""Published text prepared before the layouts read it: 繁体 with 拼音注音 (JX009) and the page text
of document-sharing sites (JX010) — each cause a small case, plus the identity on clean text."""

from __future__ import annotations

import dataclasses
from functools import lru_cache

import opencc
import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from jixiao.core.model import Form
from jixiao.readers.base import ReadResult
from jixiao.readers.stream import iter_text_blocks
from jixiao.readers.text import read_text
from jixiao.readers.text_prep import HINTS, TextPrep, conversion_table, is_traditional

FORM = """\
财政项目支出绩效自评表
（2023年度）
项目名称 社区后勤保障服务
主管部门 某区发展和改革委员会 实施单位 某区后勤服务中心
项目资金（万元）
年初预算数 全年预算数 全年执行数 分值 执行率(%) 得分
年度资金总额： 0.00 50.00 45.00 10.00 90.00 9.00
其中：当年财政拨款 0.00 50.00 45.00 - 90.00 -
其他资金 0.00 0.00 0.00 - 0.00 -
年度总体目标
预期目标 实际完成情况
为社区居民提供后勤保障服务。
全年完成后勤保障任务，发放物资。
一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施
产出指标 数量指标 指标 1：发放物资批次 ≥12.00(次) 12.00(次) 40.00 40.00
效益指标 社会效益指标 指标 1：居民生活条件改善 有效改善 达成指标 40.00 36.00 后续加强项目管理。
满意度指标 服务对象满意度指标 指标 1：居民满意度 ≥90.00(%) 92.00(%) 10.00 10.00
总分 100.00 95.00
评分等级 优
"""

BANNER = ("《社区后勤保障服务自评表.docx》由会员分享,可在线阅读,更多相关"
          "《社区后勤保障服务自评表.docx(3页珍藏版)》请在某某文库上搜索。")


@lru_cache(maxsize=1)
def _s2t() -> dict[int, str]:
    """Simplified → traditional, one character at a time (the expected printed text)."""
    chars = sorted({ch for ch in FORM + _seed() if "\u4e00" <= ch <= "\u9fff"})
    out = opencc.OpenCC("s2t").convert("\n".join(chars)).split("\n")
    return {ord(c): t for c, t in zip(chars, out, strict=True) if len(t) == 1}


@lru_cache(maxsize=1)
def _seed() -> str:
    from pathlib import Path

    return (Path(__file__).parent.parent / "data" / "seed.txt").read_text(encoding="utf-8")


def _traditional(text: str) -> str:
    return text.translate(_s2t())


def _codes(result: ReadResult, code: str) -> list[str]:
    return [f.message for f in result.findings if f.code == code]


def _without(result: ReadResult, *codes: str) -> tuple:
    return tuple(f for f in result.findings if f.code not in codes)


# ---------------------------------------------------------------- the conversion table

def test_every_hint_is_a_traditional_only_character() -> None:
    table = conversion_table()
    assert [h for h in HINTS if ord(h) not in table] == []


def test_the_table_keeps_lengths_and_leaves_simplified_text_alone() -> None:
    table = conversion_table()
    assert all(len(v) == 1 for v in table.values())
    assert _seed().translate(table) == _seed()
    assert FORM.translate(table) == FORM


def test_traditional_text_is_told_from_its_head() -> None:
    assert is_traditional(_traditional(FORM))
    assert not is_traditional(FORM)
    assert not is_traditional("于某某同志 " + FORM)  # one stray character is no traditional text


# ---------------------------------------------------------------- 繁体 and 拼音注音

def test_a_traditional_form_reads_as_printed() -> None:
    (plain,) = read_text(FORM, filename="f.txt")
    (read,) = read_text(_traditional(FORM), filename="t.txt")
    form = plain.form
    assert read.form.project_name == _traditional(form.project_name) != form.project_name
    assert read.form.department == _traditional(form.department or "")
    assert read.form.goals == dataclasses.replace(
        form.goals, expected=_traditional(form.goals.expected or ""),
        actual=_traditional(form.goals.actual or ""))
    for mine, theirs in zip(read.form.indicators, form.indicators, strict=True):
        assert mine.name == _traditional(theirs.name or "")
        assert mine.note == (_traditional(theirs.note) if theirs.note else None)
        assert (mine.level1, mine.level2) == (  # printed too: the rules read either script
            _traditional(theirs.level1 or ""), _traditional(theirs.level2 or ""))
        assert (mine.target, mine.weight, mine.score) == (theirs.target, theirs.weight,
                                                          theirs.score)
    assert read.form.funds == dataclasses.replace(form.funds,
                                                  unit=_traditional(form.funds.unit or ""))
    assert read.form.total == form.total
    assert read.form.grade == _traditional(form.grade or "")
    assert read.sources == {k: dataclasses.replace(v, file="t.txt")
                            for k, v in plain.sources.items()}
    (jx009,) = [f for f in read.findings if f.code == "JX009"]
    assert jx009.source is not None and jx009.source.line == 1
    assert _without(read, "JX009") == tuple(dataclasses.replace(f, source=dataclasses.replace(
        f.source, file="t.txt") if f.source else None) for f in plain.findings)


def test_pinyin_glosses_are_stripped_from_the_fields() -> None:
    text = _traditional(FORM).replace("項目名稱", "項(xiàng)目(mù)名稱").replace(
        "後勤", "後(hòu)勤", 1)
    (read,) = read_text(text)
    assert read.form.project_name == _traditional("社区后勤保障服务")
    assert "(" not in read.form.project_name
    assert len(_codes(read, "JX009")) == 1


def test_glosses_in_simplified_text_are_stripped_too() -> None:
    (read,) = read_text(FORM.replace("社区后勤", "社区(shè qū)后勤"))
    (plain,) = read_text(FORM)
    assert read.form == plain.form
    assert _codes(read, "JX009")[0].endswith("第3行起")


@pytest.mark.parametrize("kept", ["预算数(A)", "长度(cm)", "执行率(B/A)", "指标(de)"])
def test_brackets_without_tone_marks_are_no_glosses(kept: str) -> None:
    prep = TextPrep()
    assert list(prep.lines([f"项目 {kept} 10"])) == [f"项目 {kept} 10"]


def test_a_character_printed_two_ways_maps_back_to_its_own_place() -> None:
    # 后 stays 后 in the name, 後 in the unit: each field keeps the shape printed there
    text = _traditional(FORM).replace("社區後勤保障服務", "社區后勤保障服務")
    (read,) = read_text(text)
    assert read.form.project_name == "社區后勤保障服務"
    assert read.form.implementing_unit == _traditional("某区后勤服务中心")


def test_a_later_traditional_form_in_a_batch_is_converted_from_its_title() -> None:
    text = FORM + _traditional(FORM)
    first, second = read_text(text)
    assert _codes(first, "JX009") == []
    assert second.form.project_name == _traditional(first.form.project_name)
    assert second.form.indicators[0].level1 == "產出指標"
    assert len(_codes(second, "JX009")) == 1


def test_the_seed_in_traditional_with_glosses_reads_as_printed() -> None:
    seed = _seed()
    glossed = _traditional(seed).replace("項目", "項(xiàng)目")
    plain = read_text(seed, filename="s")
    read = read_text(glossed, filename="s")
    assert len(read) == len(plain) == 4
    for mine, theirs in zip(read, plain, strict=True):
        a, b = mine.form, theirs.form
        assert (a.project_name, a.department, a.implementing_unit) == tuple(
            _traditional(x or "") or x for x in (b.project_name, b.department,
                                                  b.implementing_unit))
        assert a.goals.expected == _traditional(b.goals.expected or "")
        assert [(i.name, i.target, i.actual, i.note) for i in a.indicators] == [
            tuple(_traditional(x) if x else x for x in (i.name, i.target, i.actual, i.note))
            for i in b.indicators]
        assert [(i.level1, i.level2, i.weight, i.score) for i in a.indicators] == [
            (_traditional(i.level1 or ""), _traditional(i.level2 or ""), i.weight, i.score)
            for i in b.indicators]
        assert (a.total, a.year) == (b.total, b.year)
        assert a.funds == dataclasses.replace(b.funds, unit=_traditional(b.funds.unit or ""))
        assert a.grade == (_traditional(b.grade) if b.grade else b.grade)
        assert len(_codes(mine, "JX009")) == 1
        assert "无法对应" not in _codes(mine, "JX009")[0]
        assert _without(mine, "JX009") == tuple(  # the form named as printed
            dataclasses.replace(f, form=a.project_name) for f in theirs.findings)


def test_a_traditional_stream_reads_as_the_whole_text() -> None:
    data = (BANNER + "\n" + _traditional(FORM)).encode()
    blocks = [data[i:i + 100] for i in range(0, len(data), 100)]
    assert list(iter_text_blocks(blocks, "t.txt")) == read_text(data.decode(), filename="t.txt")


# ---------------------------------------------------------------- document-sharing page text

def test_a_download_banner_is_removed_and_reported_at_its_line() -> None:
    (read,) = read_text(BANNER + "\n" + FORM, filename="d.txt")
    (plain,) = read_text("\n" + FORM, filename="d.txt")
    assert read.form == plain.form
    (jx010,) = [f for f in read.findings if f.code == "JX010"]
    assert jx010.source is not None and jx010.source.line == 1
    assert "下载提示" in jx010.message


def test_page_chunks_lose_their_page_numbers_but_list_items_keep_theirs() -> None:
    goals = "1、为社区居民提供后勤保障服务。\n2、全年完成后勤保障任务。"
    page_one = "1、" + "财政项目支出绩效自评表" * 25
    page_two = "2、" + "项目资金" * 10
    prep = TextPrep()
    out = list(prep.lines([BANNER, page_one, page_two, goals.split("\n")[0],
                           goals.split("\n")[1]]))
    assert out[0].strip() == ""
    assert out[1].lstrip() == page_one[2:] and out[2].lstrip() == page_two[2:]
    assert out[3:] == goals.split("\n")  # the next line is no page chunk: sequence ended
    assert len(out[1]) == len(page_one)


def test_a_short_first_item_is_no_page_chunk_even_after_a_banner() -> None:
    lines = [BANNER, "1、为社区居民提供后勤保障服务。", "2、全年完成后勤保障任务。"]
    assert list(TextPrep().lines(lines))[1:] == lines[1:]


def test_a_goal_list_in_a_form_keeps_its_enumerators() -> None:
    text = FORM.replace("为社区居民提供后勤保障服务。",
                        "1、为社区居民提供后勤保障服务。\n2、全年完成后勤保障任务。")
    (read,) = read_text(text)
    assert read.form.goals.expected is not None and read.form.goals.expected.startswith("1、")
    assert "2、" in read.form.goals.expected
    assert _codes(read, "JX010") == []


def test_a_long_first_line_needs_no_banner_but_more_length() -> None:
    long_item = "1、" + "为社区居民提供后勤保障服务" * 20  # 262 characters: a long list item
    assert list(TextPrep().lines([long_item])) == [long_item]
    page = "1、" + "为社区居民提供后勤保障服务" * 40
    assert list(TextPrep().lines([page])) == ["  " + page[2:]]


@pytest.mark.parametrize("marker", ["第 2 页 共 5 页", "第2页/共5页", "共 5 页 第 2 页"])
def test_page_of_markers_are_removed_inside_a_line(marker: str) -> None:
    prep = TextPrep()
    (out,) = prep.lines([f"年度总体目标 {marker} 预期目标"])
    assert out.split() == ["年度总体目标", "预期目标"]


@pytest.mark.parametrize("line", ["- 3 -", "— 12 —", "-3-"])
def test_a_line_that_is_only_a_page_number_is_removed(line: str) -> None:
    (out,) = TextPrep().lines([line])
    assert out.strip() == ""


@pytest.mark.parametrize("line", ["得分 — 10 — 100%", "0-6岁儿童健康管理数 - 20 -", "-3- 分"])
def test_dashes_around_a_number_inside_a_row_stay(line: str) -> None:
    assert list(TextPrep().lines([line])) == [line]


def test_site_navigation_is_removed() -> None:
    nav = "作者:某某 上传时间:2023-08-14 浏览次数:12次 返回上级"
    (read,) = read_text(nav + "\n" + FORM)
    (plain,) = read_text("\n" + FORM)
    assert read.form == plain.form
    assert "网站导航" in _codes(read, "JX010")[0]


@pytest.mark.parametrize("line", ["作者:某某 资金来源：财政拨款", "上传时间:2023-08-14",
                                  "返回上级 " + "项目资金" * 50])
def test_one_navigation_word_or_a_long_line_is_not_navigation(line: str) -> None:
    assert list(TextPrep().lines([line])) == [line]


def test_page_text_is_reported_with_the_form_it_was_in() -> None:
    text = BANNER + "\n" + FORM + "第 2 页 共 2 页\n" + BANNER + "\n" + FORM
    first, second = read_text(text)
    assert [m[-5:] for m in _codes(first, "JX010")] == ["（第1行）"]
    # the page number after the first form is found while the second is read: reported there
    lines = [int(m.rsplit("第", 1)[1].rstrip("行）")) for m in _codes(second, "JX010")]
    end = FORM.count("\n") + 1
    assert lines == [end + 1, end + 2]


def test_page_text_after_the_last_form_is_reported_with_it() -> None:
    text = FORM + "第 1 页 共 1 页\n" + BANNER + "\n"
    (whole,) = read_text(text)
    data = text.encode()
    (streamed,) = iter_text_blocks([data[:50], data[50:]], "<stdin>")
    assert len(_codes(whole, "JX010")) == 2
    assert streamed == read_text(text, filename="<stdin>")[0]


# ---------------------------------------------------------------- clean text passes unchanged

_CLEAN = sorted({ch for ch in _seed() if not ch.isspace()} - set("页享浏返-－—–"))


@settings(max_examples=80, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_seed().splitlines()),
                          st.text(alphabet=[*_CLEAN, " "], max_size=80)), max_size=40))
def test_preparing_clean_simplified_text_is_the_identity(lines: list[str]) -> None:
    prep = TextPrep("x")
    text = "\n".join(lines)
    assert prep.text(text) == text
    assert list(TextPrep("x").lines(lines)) == lines
    result = ReadResult(form=Form(project_name="x"))
    assert prep.restore(result) is result


def test_the_seed_reads_without_preparation_findings() -> None:
    for result in read_text(_seed()):
        assert not [f for f in result.findings if f.code in ("JX009", "JX010")]


_PIECES = [FORM, BANNER + "\n", "第 2 页 共 3 页\n", "- 2 -\n", "\x0c", "\r\n",
           "2、" + "项目资金" * 60 + "\n", "1、" + "项目名称" * 60 + "\n",
           "作者:某某 上传时间:2023-08-14 返回上级\n", "項(xiàng)目名稱 某某\n"]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from([*_PIECES, "TRAD"]), min_size=1, max_size=6))
# a field is mapped to the printed text only on lines up to its form's last: the lines after it
# (the next form's, here `項目名稱 某某` twice) are read by the whole text, not yet by a stream
@example(pieces=[_PIECES[-1], FORM, FORM, _PIECES[-1], _PIECES[-1]])
def test_a_stream_reads_page_text_as_the_whole_text_does(pieces: list[str]) -> None:
    assume(FORM in pieces or "TRAD" in pieces)
    text = "".join(_traditional(FORM) if p == "TRAD" else p for p in pieces)
    data = text.encode()
    blocks = [data[i:i + 64] for i in range(0, len(data), 64)]
    assert list(iter_text_blocks(blocks, "t.txt")) == read_text(text, filename="t.txt")


_TRICKY = st.text(alphabet="12、- —项目\n\r\x0c\x0b\u2028 \u3000", max_size=60)


@settings(max_examples=300, deadline=None)
@given(_TRICKY)
def test_a_block_passed_whole_is_one_the_lines_would_leave_alone(text: str) -> None:
    lines = list(TextPrep().lines(text.splitlines()))
    by_block = TextPrep()
    assert list(by_block.blocks([text])) == lines
    assert by_block._line == len(lines)
    whole = TextPrep()
    prepared = whole.text(text)
    assert prepared.splitlines() == lines and whole._line == len(lines)


def test_a_traditional_text_without_forms_holds_a_bounded_amount(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import jixiao.readers.text_prep as text_prep

    monkeypatch.setattr(text_prep, "HELD_MAX_CHARS", 1000)
    monkeypatch.setattr(text_prep, "EVENTS_HELD_MAX", 10)
    prep = TextPrep()
    line = _traditional("为社区居民提供后勤保障服务") + " - 2 -"
    for _ in prep.lines([line, "- 3 -"] * 500):
        pass
    assert prep._held_chars <= 1000 and len(prep._events) == 10
    assert len(prep._changed) == 10 and prep._changed[-1] == [999, 999]
    for _ in prep.lines([line] * 100):
        pass
    assert prep._changed[-1] == [1001, 1100]


def test_a_whole_text_is_held_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    import jixiao.readers.text_prep as text_prep

    monkeypatch.setattr(text_prep, "HELD_MAX_CHARS", 100)
    monkeypatch.setattr(text_prep, "EVENTS_HELD_MAX", 2)
    results = read_text((BANNER + "\n" + _traditional(FORM)) * 4)
    assert [r.form.project_name for r in results] == [_traditional("社区后勤保障服务")] * 4
    assert [len(_codes(r, "JX009")) for r in results] == [1] * 4
    assert [len(_codes(r, "JX010")) for r in results] == [1] * 4


def test_a_field_begun_before_the_text_turns_traditional_keeps_that_part_as_printed() -> None:
    # the first line is longer than the head the text is sniffed on: conversion starts on the
    # second, and 项目 of the first line is printed 项目, not 項目 as everywhere after it
    head = "社区项目服务" * 700
    text = f"项目名称 {head}\n項(xiàng)目名稱 某某\n" + _traditional(FORM)
    for first in (read_text(text)[0], next(iter_text_blocks([text.encode()], "t.txt"))):
        assert first.form.project_name.startswith(head)
        assert _codes(first, "JX009")[0].endswith("第2行起")
