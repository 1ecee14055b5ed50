"""Scores printed with their unit (`30分`, `30 分`): read as printed in every text layout (the
three cell renderings and PDF text lines), while a group's points after its caption
(`数量指标 15 分`, `项目 绩效 85 分`) still close no row (issue 8)."""

from __future__ import annotations

import pytest

from jixiao.core.model import Indicator
from jixiao.readers.segment import split_row
from jixiao.readers.text_lines import read_lines
from tests.readers.test_published_causes import (
    ALL,
    ROWS,
    TABLE,
    Case,
    indicators,
    read,
    want_rows,
)

KEYS = ("target", "actual", "weight", "score", "note")


@pytest.mark.parametrize("unit", ["分", " 分"])
@pytest.mark.parametrize("layout", ALL)
def test_weights_and_scores_printed_with_their_unit(layout: str, unit: str) -> None:
    """`30 分` is printed `30分` (whitespace removed, form-json)."""
    printed = [(*r[:5], r[5] + unit, r[6] + unit, r[7]) for r in ROWS]
    form = read(Case(rows=printed), layout)
    assert indicators(form) == want_rows(Case(rows=[
        (*r[:5], r[5] + "分", r[6] + "分", r[7]) for r in ROWS]))
    assert (form.total.weight, form.total.score) == ("100", "96")


@pytest.mark.parametrize(("text", "weight", "score"), [
    ("保洁河道长度≥20公里21公里30分28分", "30分", "28分"),
    ("保洁河道长度≥20公里21公里3028", "30", "28"),
])
def test_a_glued_row_reads_its_points_with_their_unit_or_without(
        text: str, weight: str, score: str) -> None:
    (row,) = split_row(text, KEYS[:4])
    values = dict(row.values)
    assert (row.name, values["weight"], values["score"]) == ("保洁河道长度", weight, score)


@pytest.mark.parametrize("unit", ["", "分"])
@pytest.mark.parametrize("note", ["分段验收", "分析原因", "工期延误"])
def test_a_glued_note_beginning_with_the_unit_stays_the_note(unit: str, note: str) -> None:
    """`3028分段验收`: a row prints both points with 分 or neither, so the 分 is the note's."""
    rows = [(*r[:5], r[5] + unit, r[6] + unit, note) for r in ROWS]
    form = read(Case(rows=rows), "glued")
    assert [(i.weight, i.score, i.note) for i in form.indicators] == [
        (r[5] + unit, r[6] + unit, note) for r in ROWS]


TITLE = "2023年度项目支出绩效自评表\n项目名称 食堂改造\n"
FUNDS = "项目资金 (万元) 年初预算数 全年预算数 全年执行数 执行率\n年度资金总额 50 50 45 90%\n"
SINGLE = "一级指标 二级指标 三级指标 年度指标值 实际完成值 得分 评价标准\n"
PAIRED = "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因\n"


def _rows(table: str) -> list[Indicator]:
    results = read_lines(TITLE + FUNDS + table)
    assert len(results) == 1
    return list(results[0].form.indicators)


def _fields(rows: list[Indicator]) -> list[tuple[str | None, ...]]:
    return [(r.level2, r.name, r.target, r.actual, r.weight, r.score) for r in rows]


@pytest.mark.parametrize("unit", ["分", " 分"])
def test_pdf_lines_single_score_printed_with_its_unit(unit: str) -> None:
    rows = _rows(SINGLE + f"产出指标 数量指标 改造食堂数量 3个 3个 20{unit}\n"
                 f"质量指标 验收合格率 良好 良好 18{unit}\n")
    assert _fields(rows) == [("数量指标", "改造食堂数量", "3个", "3个", None, "20分"),
                             ("质量指标", "验收合格率", "良好", "良好", None, "18分")]


def test_pdf_lines_group_points_after_a_caption_close_no_row() -> None:
    """`数量指 … 标 15 分`, `项目 绩效 85 分`: a merged cell's caption and its points, after
    the row they are printed beside; not that row's score, nor a row of their own."""
    rows = _rows(SINGLE + "改造食堂数量 3个 3个 15 按比例计分 数量指 标 15 分\n"
                 "验收合格率 100% 98% 12 质量指 标 12 分 产出 指标 40 分 项目 绩效 85 分\n")
    assert [(r.name, r.score) for r in rows] == [("改造食堂数量", "15"), ("验收合格率", "12")]


@pytest.mark.parametrize("unit", ["分", " 分"])
def test_pdf_lines_paired_scores_printed_with_their_unit(unit: str) -> None:
    rows = _rows(PAIRED + f"产出指标 数量指标 改造食堂数量 3个 3个 20{unit} 20{unit}\n"
                 f"满意度指标 服务对象满意度指标 满意度 ≥90分 95分 10{unit} 9{unit} 个别不满\n")
    assert _fields(rows) == [
        ("数量指标", "改造食堂数量", "3个", "3个", "20分", "20分"),
        ("服务对象满意度指标", "满意度", "≥90分", "95分", "10分", "9分")]
    assert rows[1].note == "个别不满"


@pytest.mark.parametrize("unit", ["", "分"])
def test_a_glued_score_alone_before_a_note_beginning_with_a_word_of_fen(unit: str) -> None:
    """No 分值 column to agree with: `18分段验收` is 得分 18 and the note 分段验收 (a word), and
    `18分分段验收` is 得分 18分 and the same note."""
    table = [c for c in TABLE if c != "分值"]
    columns = ("target", "actual", "score", "note")
    rows = [(*r[:3], r[3], r[4], r[6] + unit, "分段验收") for r in ROWS]
    form = read(Case(table=table, columns=columns, rows=rows), "glued")
    assert [(i.score, i.note) for i in form.indicators] == [
        (r[6] + unit, "分段验收") for r in ROWS]
