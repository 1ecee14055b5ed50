"""The caption vocabulary: every synonym classifies to its kind and reads its field in every
layout (cell stream, grid, lines), wrapped and spaced captions are tolerated, the tables stay
consistent when entries are added."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jixiao.core.model import Form, Indicator
from jixiao.readers.grid import Cell, Table
from jixiao.readers.grid_form import read_tables
from jixiao.readers.text_cells import read_cells
from jixiao.readers.text_lines import read_lines
from jixiao.readers.vocabulary import (
    FUNDS_ROW_SOURCES,
    SCORE_SUFFIX,
    SYNONYMS,
    CaptionKind,
    caption_key,
    classify,
    funds_row,
    funds_source,
    score_in,
    strip_score,
)

K = CaptionKind

# ---------------------------------------------------------------- the tables themselves


def test_no_caption_is_listed_under_two_kinds() -> None:
    seen: dict[str, CaptionKind] = {}
    for kind, captions in SYNONYMS.items():
        for caption in captions:
            key = caption_key(caption)
            assert seen.setdefault(key, kind) is kind, f"{caption}: {seen[key]} and {kind}"


def test_every_kind_has_synonyms_or_row_patterns() -> None:
    assert set(SYNONYMS) | set(FUNDS_ROW_SOURCES) == set(CaptionKind)


@pytest.mark.parametrize(("kind", "caption"),
                         [(k, c) for k, cs in SYNONYMS.items() for c in cs])
def test_every_synonym_classifies_to_its_kind(kind: CaptionKind, caption: str) -> None:
    assert classify(caption) is kind
    spaced = " ".join(caption)  # a caption split by spaces or wrapped in a narrow cell
    assert classify(spaced) is kind
    assert classify(f"{caption}：") is kind
    assert classify(f"一、{caption}") is kind


@pytest.mark.parametrize(("text", "kind"), [
    ("年初 预算数", K.FUNDS_INITIAL), ("产出 指标 (50分 )", None), ("年度总 体目标", K.GOALS_BLOCK),
    ("执行率(B/A)", K.FUNDS_RATE), ("全年预算数（A）", K.FUNDS_ANNUAL),
    ("预算执行情况（万元）(20分)", K.FUNDS_BLOCK), ("实施单位（盖章）", K.IMPLEMENTING_UNIT),
    ("实施单位及代码", K.IMPLEMENTING_UNIT), ("年初目标值(A)", K.TARGET),
    ("得分 (20分*执行率)", K.SCORE), ("春节走访慰问经费", None), ("100.00", None), ("", None),
])
def test_classify_tolerates_wrapping_spacing_and_qualifiers(text: str,
                                                            kind: CaptionKind | None) -> None:
    assert classify(text) is kind


def test_one_score_suffix_pattern() -> None:
    assert score_in("产出 指标 (50分 )") == "50"
    assert score_in("预算执行情况（万元）（20.5 分）") == "20.5"
    assert strip_score("产出指标(50分)") == "产出指标"
    assert score_in("产出指标") is None
    assert SCORE_SUFFIX.pattern.count("分") == 1


#: Row captions of the funds table, by `FundsRow.source`: the national template's and the
#: provinces' (the fiscal sub-rows 中央、省补助 / 市级 / 县级财政资金).
FUNDS_ROWS = {
    "total": ["年度资金总额", "年度资金总额：", "资金总额", "合计", "总计"],
    "fiscal": ["其中：当年财政拨款", "本年财政拨款", "其中：财政资金", "其中：中央、省补助",
               "市级财政资金", "县级财政资金"],
    "carryover": ["上年结转资金"],
    "special_account": ["财政专户管理资金"],
    "unit_funds": ["单位资金"],
    "other": ["其他资金"],
}


@pytest.mark.parametrize(("source", "caption"),
                         [(s, c) for s, cs in FUNDS_ROWS.items() for c in cs])
def test_funds_row_captions(source: str, caption: str) -> None:
    assert funds_source(caption) == source
    assert FUNDS_ROW_SOURCES[funds_row(" ".join(caption))] == source


@given(st.sampled_from([c for cs in SYNONYMS.values() for c in cs]),
       st.lists(st.sampled_from([" ", "\u3000", "\t"]), min_size=1, max_size=3))
def test_any_spacing_inside_a_caption_keeps_its_kind(caption: str, gaps: list[str]) -> None:
    cut = len(caption) // 2
    assert classify(caption[:cut] + "".join(gaps) + caption[cut:]) is classify(caption)


# ---------------------------------------------------------------- a tiny form, three layouts

Row = list[str]


@dataclass(frozen=True)
class Case:
    """One synonym placed in the form: which kind it stands for and what must be read."""

    kind: CaptionKind
    caption: str


def _c(case: Case, kind: CaptionKind, default: str) -> str:
    return case.caption if case.kind is kind else default


SPLIT_KINDS = (K.OPERATOR, K.UNIT, K.VALUE)


def form_rows(case: Case) -> list[Row]:
    """The rows of a small national-template form, with `case.caption` standing for its kind."""
    c = lambda kind, default: _c(case, kind, default)  # noqa: E731
    rows: list[Row] = [["项目支出绩效自评表"]]
    rows.append([c(K.PROJECT_NAME, "项目名称"), "乡村教师培训"])
    if case.kind is K.IGNORED_FIELD:
        rows.append([case.caption, "编号甲乙"])
    rows.append([c(K.DEPARTMENT, "主管部门"), "某市教育局", c(K.IMPLEMENTING_UNIT, "实施单位"),
                 "某市教师进修学校"])
    rows.append([c(K.YEAR, "项目年度") if case.kind is K.YEAR else "（2024年度）"]
                + (["2023"] if case.kind is K.YEAR else []))
    weight, score = c(K.WEIGHT, "分值"), c(K.SCORE, "得分")
    rows.append([f"{c(K.FUNDS_BLOCK, '项目资金')}（万元）", c(K.FUNDS_INITIAL, "年初预算数"),
                 c(K.FUNDS_ANNUAL, "全年预算数"), c(K.FUNDS_EXECUTED, "全年执行数"), weight,
                 c(K.FUNDS_RATE, "执行率"), score])
    rows.append(["年度资金总额", "100", "120", "108", "10", "90%", "9"])
    rows.append(["其中：当年财政拨款", "100", "120", "108", "-", "90%", "-"])
    rows.append([c(K.GOALS_BLOCK, "年度总体目标"), c(K.GOALS_EXPECTED, "预期目标"),
                 c(K.GOALS_ACTUAL, "实际完成情况")])
    rows.append(["", "完成乡村教师培训。", "本项目已完成乡村教师培训。"])
    note = c(K.NOTE, c(K.REMARK, "偏差原因分析及改进措施"))
    levels = [c(K.INDICATOR_BLOCK, "绩效指标"), c(K.LEVEL1, "一级指标"),
              c(K.LEVEL2, "二级指标"), c(K.LEVEL3, "三级指标")]
    tail = [c(K.ACTUAL, "实际完成值"), weight, score, note]
    extra = [case.caption] if case.kind is K.IGNORED_COLUMN else []
    if case.kind in SPLIT_KINDS:
        values = [c(K.OPERATOR, "指标性质"), c(K.VALUE, "指标值"), c(K.UNIT, "度量单位")]
        rows.append([*levels, *values, *tail, *extra])
        first, second = ["≥", "50", "人"], ["≥", "90", "%"]
    else:
        rows.append([*levels, c(K.TARGET, "年度指标值"), *tail, *extra])
        first, second = ["≥50人"], ["≥90%"]
    flag = ["是"] if extra else []
    rows.append(["", "产出指标", "数量指标", "指标 1：培训人数", *first, "52人", "50", "48",
                 "超额完成", *flag])
    rows.append(["", "满意度指标", "服务对象满意度指标", "指标 2：学员满意度", *second, "95%",
                 "40", "40", "已达成", *flag])
    if case.kind is K.END:
        rows.append([case.caption, "张三"])
    if case.kind is K.SELF_SCORE:
        rows.append([case.caption, "97"])
    else:
        rows.append([c(K.TOTAL, "总分"), "100", "97"])
    rows.append([c(K.GRADE, "评分等级"), "优"])
    return rows


def as_cells(rows: Sequence[Row]) -> str:
    """Cell stream: a web table copied as text, each cell terminated by `|`, rows padded."""
    return "\n".join(" | ".join(r) + " | ||||" for r in rows) + "\n"


def as_lines(rows: Sequence[Row]) -> str:
    """PDF-text lines: a row per line, cells separated by spaces (empty cells vanish)."""
    return "\n".join(" ".join(x for x in r if x) for r in rows) + "\n"


def as_grid(rows: Sequence[Row]) -> list[Table]:
    """A table: each row's cells in its own columns (an empty cell prints nothing)."""
    return [Table(tuple(Cell(text, r, k) for r, row in enumerate(rows)
                        for k, text in enumerate(row) if text))]


LAYOUTS: dict[str, Callable[[list[Row]], Form]] = {
    "cells": lambda rows: read_cells(as_cells(rows))[0].form,
    "lines": lambda rows: read_lines(as_lines(rows))[0].form,
    "grid": lambda rows: read_tables(as_grid(rows))[0].form,
}


def _first(form: Form) -> Indicator:
    return form.indicators[0]


#: What each kind's caption makes the reader read: (field, expected value).
EXPECT: dict[CaptionKind, list[tuple[Callable[[Form], object], object]]] = {
    K.PROJECT_NAME: [(lambda f: f.project_name, "乡村教师培训")],
    K.DEPARTMENT: [(lambda f: f.department, "某市教育局")],
    K.IMPLEMENTING_UNIT: [(lambda f: f.implementing_unit, "某市教师进修学校")],
    K.YEAR: [(lambda f: f.year, 2023)],
    K.FUNDS_BLOCK: [(lambda f: [r.source for r in f.funds.rows], ["total", "fiscal"])],
    K.FUNDS_INITIAL: [(lambda f: f.funds.rows[0].initial, "100")],
    K.FUNDS_ANNUAL: [(lambda f: f.funds.rows[0].annual, "120")],
    K.FUNDS_EXECUTED: [(lambda f: f.funds.rows[0].executed, "108")],
    K.FUNDS_RATE: [(lambda f: f.funds.rows[0].rate, "90%")],
    K.WEIGHT: [(lambda f: _first(f).weight, "50"), (lambda f: f.funds.weight, "10")],
    K.SCORE: [(lambda f: _first(f).score, "48"), (lambda f: f.funds.score, "9")],
    K.NOTE: [(lambda f: _first(f).note, "超额完成")],
    K.REMARK: [(lambda f: _first(f).note, "超额完成")],
    K.GOALS_BLOCK: [(lambda f: f.goals.actual, "本项目已完成乡村教师培训。")],
    K.GOALS_EXPECTED: [(lambda f: f.goals.expected, "完成乡村教师培训。")],
    K.GOALS_ACTUAL: [(lambda f: f.goals.actual, "本项目已完成乡村教师培训。")],
    K.INDICATOR_BLOCK: [(lambda f: len(f.indicators), 2)],
    K.LEVEL1: [(lambda f: [i.level1 for i in f.indicators], ["产出指标", "满意度指标"])],
    K.LEVEL2: [(lambda f: [i.level2 for i in f.indicators], ["数量指标", "服务对象满意度指标"])],
    K.LEVEL3: [(lambda f: [i.name for i in f.indicators], ["培训人数", "学员满意度"])],
    K.TARGET: [(lambda f: _first(f).target, "≥50人")],
    K.VALUE: [(lambda f: _first(f).target, "≥50人")],
    K.OPERATOR: [(lambda f: _first(f).target, "≥50人")],
    K.UNIT: [(lambda f: _first(f).target, "≥50人")],
    K.ACTUAL: [(lambda f: _first(f).actual, "52人")],
    K.TOTAL: [(lambda f: f.total.score, "97")],
    K.SELF_SCORE: [(lambda f: f.total.score, "97")],
    K.GRADE: [(lambda f: f.grade, "优")],
    K.END: [(lambda f: (len(f.indicators), f.indicators[-1].note, f.total.score),
             (2, "已达成", "97"))],
    K.IGNORED_FIELD: [(lambda f: (f.project_name, f.department), ("乡村教师培训", "某市教育局"))],
    K.IGNORED_COLUMN: [(lambda f: [(i.score, i.note) for i in f.indicators],
                        [("48", "超额完成"), ("40", "已达成")])],
}

#: Layouts that cannot show a kind at all: PDF-text lines lose the column boundaries, so the
#: split target columns (指标性质 | 指标值 | 度量单位) and an extra trailing column cannot be
#: told apart from the note there.
NOT_IN_LAYOUT = {("lines", k) for k in (*SPLIT_KINDS, K.IGNORED_COLUMN)}

CASES = [(layout, kind, caption) for kind, captions in SYNONYMS.items() for caption in captions
         for layout in LAYOUTS if (layout, kind) not in NOT_IN_LAYOUT]


@pytest.mark.parametrize(("layout", "kind", "caption"), CASES)
def test_every_synonym_reads_its_field_in_every_layout(layout: str, kind: CaptionKind,
                                                       caption: str) -> None:
    form = LAYOUTS[layout](form_rows(Case(kind, caption)))
    for field, expected in EXPECT[kind]:
        assert field(form) == expected, (layout, caption)


@pytest.mark.parametrize("layout", list(LAYOUTS))
@pytest.mark.parametrize(("source", "caption"),
                         [(s, c) for s, cs in FUNDS_ROWS.items() for c in cs
                          if s not in ("total",)])
def test_funds_row_captions_in_every_layout(layout: str, source: str, caption: str) -> None:
    rows = form_rows(Case(K.FUNDS_BLOCK, "项目资金"))
    at = next(i for i, r in enumerate(rows) if r[0] == "其中：当年财政拨款")
    rows[at] = [caption, *rows[at][1:]]
    form = LAYOUTS[layout](rows)
    assert [r.source for r in form.funds.rows] == ["total", source]


def test_every_kind_says_what_it_reads() -> None:
    assert set(EXPECT) | set(FUNDS_ROW_SOURCES) == set(CaptionKind)
    assert all(re.fullmatch(r"[a-z_.0-9]+", k.value) for k in CaptionKind)
