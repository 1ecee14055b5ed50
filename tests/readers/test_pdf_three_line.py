"""三线表 (three-line tables) in PDFs: tables drawn with horizontal rules only, read by the
columns and rows their text shows (`readers.pdf_open`).

Two kinds of case: small tables laid out here as text runs and rules (pure geometry, with a
property test over column orders, widths and wrapped cells), and the PDFs of
`tests/data/pdf/` (the project's writer drawing the seed forms as three-line tables, see
`make_three_line.py`), each read field for field like the writer's ruled PDF of the same forms.
"""

from __future__ import annotations

import importlib.util
import itertools
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.core.form_json import form_to_dict
from jixiao.readers.grid_form import read_tables
from jixiao.readers.pdf import caption_kind, read_pdf
from jixiao.readers.pdf_grid import Rule, RuledTable, TextRow, TextRun, assemble_tables, page_blocks

PDF_DATA = Path(__file__).resolve().parent.parent / "data" / "pdf"
H = 9.0  # text height of the synthetic tables (points)
PAD = 3.0  # cell padding
LEADING = 11.7


# ---------------------------------------------------------------- synthetic tables


def _width(text: str) -> float:
    return sum(H if unicodedata.east_asian_width(ch) in "WF" else 0.55 * H for ch in text)


@dataclass
class Sheet:
    """Text runs and rules of one synthetic page, drawn top to bottom."""

    runs: list[TextRun]
    rules: list[Rule]
    y: float = 60.0

    def row(self, xs: Sequence[float], cells: Sequence[Sequence[str]],
            valign: str = "middle", pad: float = PAD) -> None:
        """A table row: cells (lines of text) in the columns between `xs`, centred."""
        height = max(len(c) for c in cells) * LEADING + 2 * pad
        for (x0, x1), lines in zip(itertools.pairwise(xs), cells, strict=True):
            used = len(lines) * LEADING
            top = self.y + pad + ((height - 2 * pad - used) / 2 if valign == "middle" else 0)
            for k, line in enumerate(lines):
                if not line:
                    continue
                w = _width(line)
                left = (x0 + x1) / 2 - w / 2
                t = top + k * LEADING + (LEADING - H) / 2
                self.runs.append(TextRun(line, left, t, left + w, t + H))
        self.y += height

    def rule(self, x0: float, x1: float) -> None:
        self.rules.append(Rule(x0, self.y, x1, self.y))

    def text(self, line: str, x: float) -> None:
        self.runs.append(TextRun(line, x, self.y, x + _width(line), self.y + H))
        self.y += LEADING + 4


CAPTIONS = ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分")


def _widths_of(order: Sequence[str], extra: Sequence[float]) -> list[float]:
    base = {"一级指标": 60, "二级指标": 90, "三级指标": 110, "年度指标值": 70, "实际完成值": 70,
            "分值": 40, "得分": 40}
    return [base[c] + e for c, e in zip(order, extra, strict=True)]


def _edges(widths: Sequence[float], left: float = 40.0) -> list[float]:
    xs = [left]
    for w in widths:
        xs.append(xs[-1] + w)
    return xs


def _indicator_page(order: Sequence[str], rows: Sequence[dict[str, list[str]]],
                    widths: Sequence[float], *, rule_rows: bool = False,
                    style: tuple[str, float] = ("middle", PAD)) -> Sheet:
    """A form's header lines and its indicator table as a three-line table."""
    sheet = Sheet([], [])
    sheet.text("某项目绩效自评表", 200)
    xs = _edges(widths)
    sheet.rule(xs[0], xs[-1])
    sheet.row(xs, [["项目名称"], ["某某项目"], *([[""]] * (len(order) - 2))])
    sheet.rule(xs[0], xs[-1])  # top rule of the indicator table
    sheet.row(xs, [[c] for c in order])
    sheet.rule(xs[0], xs[-1])  # under the caption row
    for row in rows:
        sheet.row(xs, [row.get(c, [""]) for c in order], *style)
        if rule_rows:
            sheet.rule(xs[0], xs[-1])
    if not rule_rows:
        sheet.rule(xs[0], xs[-1])
    return sheet


def _read(sheet: Sheet):
    blocks = page_blocks(sheet.rules, sheet.runs, page=1, caption_kind=caption_kind)
    return blocks, read_tables(assemble_tables([blocks], filename="t.pdf"), filename="t.pdf")


def _row(name: str, target: str, actual: str, weight: str, score: str,
         level1: str = "", level2: str = "") -> dict[str, list[str]]:
    return {"一级指标": [level1], "二级指标": [level2], "三级指标": [name],
            "年度指标值": [target], "实际完成值": [actual], "分值": [weight], "得分": [score]}


ROWS = [
    _row("培训人数", "≥100人", "120人", "20", "20", "产出指标", "数量指标"),
    _row("培训合格率", "≥90%", "95%", "20", "18", "", "质量指标"),
    _row("满意度", "≥90%", "92%", "10", "10", "满意度指标", "服务对象满意度指标"),
]


def _indicators(results) -> list[tuple]:
    return [(i.level1, i.level2, i.name, i.target, i.actual, i.weight, i.score)
            for i in results[0].form.indicators]


EXPECTED = [
    ("产出指标", "数量指标", "培训人数", "≥100人", "120人", "20", "20"),
    ("产出指标", "质量指标", "培训合格率", "≥90%", "95%", "20", "18"),
    ("满意度指标", "服务对象满意度指标", "满意度", "≥90%", "92%", "10", "10"),
]


def test_a_three_line_table_becomes_a_table_with_its_columns() -> None:
    sheet = _indicator_page(CAPTIONS, ROWS, _widths_of(CAPTIONS, [0] * 7))
    blocks, results = _read(sheet)
    tables = [b for b in blocks if isinstance(b, RuledTable)]
    assert len(tables) == 1
    header = [c for c in tables[0].cells if "一级指标" in c.text]
    assert header and all(c.colspan == 1 for c in header)
    assert results[0].form.project_name == "某某项目"
    assert _indicators(results) == EXPECTED


def test_without_the_vocabulary_the_text_stays_outside_any_table() -> None:
    sheet = _indicator_page(CAPTIONS, ROWS, _widths_of(CAPTIONS, [0] * 7))
    blocks = page_blocks(sheet.rules, sheet.runs, page=1)
    assert not any(isinstance(b, RuledTable) for b in blocks)


def test_rules_around_text_without_a_caption_row_are_no_table() -> None:
    sheet = Sheet([], [])
    sheet.rule(40, 500)
    sheet.text("本项目按计划实施，资金使用规范。", 45)
    sheet.text("其他说明：无。", 45)
    sheet.rule(40, 500)
    blocks = page_blocks(sheet.rules, sheet.runs, page=1, caption_kind=caption_kind)
    assert [b.text for b in blocks if isinstance(b, TextRow)] == [
        "本项目按计划实施，资金使用规范。", "其他说明：无。"]
    assert not any(isinstance(b, RuledTable) for b in blocks)


def test_columns_in_another_order_read_by_their_captions() -> None:
    order = ("一级指标", "二级指标", "三级指标", "分值", "年度指标值", "实际完成值", "得分")
    sheet = _indicator_page(order, ROWS, _widths_of(order, [0] * 7))
    _, results = _read(sheet)
    assert _indicators(results) == EXPECTED


def test_wrapped_cells_stay_one_row() -> None:
    rows = [dict(r) for r in ROWS]
    rows[0]["三级指标"] = ["组织开展培训的", "人数（含线上）"]
    rows[1]["年度指标值"] = ["≥90%", "(抽查)"]
    sheet = _indicator_page(CAPTIONS, rows, _widths_of(CAPTIONS, [0] * 7))
    _, results = _read(sheet)
    got = _indicators(results)
    assert len(got) == 3
    assert got[0][2] == "组织开展培训的人数（含线上）"
    assert got[1][3] == "≥90%(抽查)"
    assert got[2] == EXPECTED[2]


def test_a_level_centred_on_its_group_spans_the_group() -> None:
    rows = [_row("甲", "≥1个", "1个", "10", "10"), _row("乙", "≥2个", "2个", "10", "10"),
            _row("丙", "≥3个", "3个", "10", "10"), _row("丁", "≥90%", "95%", "10", "10")]
    sheet = Sheet([], [])
    xs = _edges(_widths_of(CAPTIONS, [0] * 7))
    sheet.text("某项目绩效自评表", 200)
    sheet.rule(xs[0], xs[-1])
    sheet.row(xs, [[c] for c in CAPTIONS])
    sheet.rule(xs[0], xs[-1])
    group_top = sheet.y
    for row in rows:
        sheet.row(xs, [row[c] for c in CAPTIONS])
    sheet.rule(xs[0], xs[-1])
    # 一级指标 centred on all four rows, 二级指标 on the first three and on the last
    mid = (group_top + sheet.y) / 2
    row_h = H + 2 * PAD + (LEADING - H)
    for text, col, y in (("产出指标", 0, mid), ("数量指标", 1, group_top + 1.5 * row_h),
                         ("质量指标", 1, group_top + 3.5 * row_h)):
        w = _width(text)
        left = (xs[col] + xs[col + 1]) / 2 - w / 2
        sheet.runs.append(TextRun(text, left, y - H / 2, left + w, y + H / 2))
    _, results = _read(sheet)
    assert [(i.level1, i.level2, i.name) for i in results[0].form.indicators] == [
        ("产出指标", "数量指标", "甲"), ("产出指标", "数量指标", "乙"),
        ("产出指标", "数量指标", "丙"), ("产出指标", "质量指标", "丁")]


def test_rules_between_rows_give_the_rows() -> None:
    rows = [dict(r) for r in ROWS]
    rows[0]["三级指标"] = ["组织开展培训的", "人数（含线上）"]
    sheet = _indicator_page(CAPTIONS, rows, _widths_of(CAPTIONS, [0] * 7), rule_rows=True)
    _, results = _read(sheet)
    got = _indicators(results)
    assert [g[2] for g in got] == ["组织开展培训的人数（含线上）", "培训合格率", "满意度"]
    assert got[1:] == EXPECTED[1:]


_NAMES = st.text(alphabet="培训人数合格率覆盖面积完成及时", min_size=1, max_size=6)
_NUMBERS = st.integers(min_value=1, max_value=99).map(str)


@settings(max_examples=40, deadline=None)
@given(order=st.permutations(CAPTIONS[2:]),
       extra=st.lists(st.integers(min_value=0, max_value=30).map(float), min_size=7,
                      max_size=7),
       data=st.lists(st.tuples(_NAMES, _NUMBERS, _NUMBERS, _NUMBERS, _NUMBERS, st.booleans()),
                     min_size=1, max_size=6),
       style=st.sampled_from([("middle", PAD), ("top", PAD), ("top", 0.0)]))
def test_any_column_order_width_and_wrapping_reads_back(order, extra, data, style) -> None:
    """Cells centred or at the top, with padding or (at the top) without."""
    columns = (*CAPTIONS[:2], *order)
    rows = []
    for k, (name, target, actual, weight, score, wrap) in enumerate(data):
        row = _row(f"{name}{k}", f"≥{target}个", f"{actual}个", weight, score,
                   "产出指标" if k == 0 else "", "数量指标" if k == 0 else "")
        if wrap:
            row["三级指标"] = [f"{name}{k}", "（年度）"]
        rows.append(row)
    sheet = _indicator_page(columns, rows, _widths_of(columns, extra), style=style)
    _, results = _read(sheet)
    want = [("产出指标", "数量指标", f"{name}{k}" + ("（年度）" if wrap else ""), f"≥{t}个",
             f"{a}个", w, s) for k, (name, t, a, w, s, wrap) in enumerate(data)]
    assert _indicators(results) == want


# ---------------------------------------------------------------- PDFs drawn by the writer


@lru_cache(maxsize=1)
def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_three_line",
                                                  PDF_DATA / "make_three_line.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _font_or_skip() -> None:
    from jixiao.writers.fonts import FontNotFound, find_cjk_font

    try:
        find_cjk_font()
    except FontNotFound as exc:
        pytest.skip(f"{exc}（或运行 scripts/system-deps.sh）")


def _cases() -> dict[str, tuple]:
    gen = _generator()
    return {
        "three_line_seed.pdf": (gen.seed_forms(), None),
        "three_line_wrapped.pdf": ([gen.wrapped_form()], None),
        "three_line_weight_first.pdf": (gen.seed_forms()[:1], gen.weight_first),
        "three_line_row_rules.pdf": (gen.seed_forms()[:1], None),
        "three_line_no_repeat.pdf": (gen.seed_forms(), None),
        "no_rules.pdf": (gen.seed_forms(), None),
    }


@pytest.mark.parametrize("name", ["three_line_seed.pdf", "three_line_wrapped.pdf",
                                  "three_line_weight_first.pdf", "three_line_row_rules.pdf",
                                  "three_line_no_repeat.pdf", "no_rules.pdf"])
def test_three_line_pdf_reads_like_the_ruled_pdf_of_the_same_forms(name: str) -> None:
    _font_or_skip()
    forms, relayout = _cases()[name]
    ruled = read_pdf(_generator().ruled(forms, relayout), filename=name)
    got = read_pdf((PDF_DATA / name).read_bytes(), filename=name)
    assert [form_to_dict(r.form) for r in got] == [form_to_dict(r.form) for r in ruled]
    assert [sorted(f.code for f in r.findings) for r in got] == \
        [sorted(f.code for f in r.findings) for r in ruled]


def test_three_line_pdf_fields_name_their_pages() -> None:
    results = read_pdf((PDF_DATA / "three_line_seed.pdf").read_bytes(), filename="s.pdf")
    assert [r.sources["project_name"].page for r in results] == [1, 3, 4, 7]
    first = results[0]
    last = first.sources[f"indicators[{len(first.form.indicators) - 1}].name"]
    assert last.cell is not None and last.cell.startswith("第2页 ")


def test_a_continuation_without_its_caption_row_is_read_by_the_previous_pages_columns() -> None:
    sheet = _indicator_page(CAPTIONS, ROWS[:2], _widths_of(CAPTIONS, [0] * 7))
    first = page_blocks(sheet.rules, sheet.runs, page=1, caption_kind=caption_kind)
    guide = [b for b in first if isinstance(b, RuledTable)][-1].guide
    assert guide
    xs = _edges(_widths_of(CAPTIONS, [0] * 7))
    rest = Sheet([], [])
    rest.rule(xs[0], xs[-1])
    rest.row(xs, [ROWS[2][c] for c in CAPTIONS])
    rest.rule(xs[0], xs[-1])
    alone = page_blocks(rest.rules, rest.runs, page=2, caption_kind=caption_kind)
    assert not any(isinstance(b, RuledTable) for b in alone)
    second = page_blocks(rest.rules, rest.runs, page=2, caption_kind=caption_kind, guide=guide)
    results = read_tables(assemble_tables([first, second], filename="t.pdf"), filename="t.pdf")
    assert _indicators(results) == EXPECTED
    assert results[0].sources["indicators[2].name"].cell.startswith("第2页 ")


def test_top_aligned_cells_wrapped_and_levels_on_their_groups_first_row() -> None:
    """Word's default: text at the top of its cell, a merged level printed on its first row."""
    xs = _edges(_widths_of(CAPTIONS, [0] * 7))
    sheet = Sheet([], [])
    sheet.text("某项目绩效自评表", 200)
    sheet.rule(xs[0], xs[-1])
    sheet.row(xs, [[c] for c in CAPTIONS])
    sheet.rule(xs[0], xs[-1])
    rows = [dict(r) for r in ROWS]
    rows[0]["三级指标"] = ["组织开展培训的", "人数（含线上）", "（全年）"]
    rows[0]["一级指标"] = ["产出", "指标"]
    for row in rows:
        sheet.row(xs, [row[c] for c in CAPTIONS], valign="top")
    sheet.rule(xs[0], xs[-1])
    _, results = _read(sheet)
    got = _indicators(results)
    assert got[0] == ("产出指标", "数量指标", "组织开展培训的人数（含线上）（全年）",
                      "≥100人", "120人", "20", "20")
    assert got[1:] == EXPECTED[1:]


def test_cells_without_padding_rows_start_at_the_lines_with_values() -> None:
    """Word's cells have no top or bottom margin: a wrapped line is as far from the next as a
    row is; a row starts where the value columns are filled, the other lines continue it."""
    xs = _edges(_widths_of(CAPTIONS, [0] * 7))
    sheet = Sheet([], [])
    sheet.text("某项目绩效自评表", 200)
    sheet.rule(xs[0], xs[-1])
    sheet.row(xs, [[c] for c in CAPTIONS], pad=0)
    sheet.rule(xs[0], xs[-1])
    rows = [dict(r) for r in ROWS]
    rows[0]["三级指标"] = ["组织开展培训的", "人数（含线上）"]
    rows[0]["一级指标"] = ["产出", "指标"]
    rows[1]["年度指标值"] = ["≥90%（抽查", "合格）"]
    rows[2]["二级指标"] = ["服务对象满意", "度指标"]
    for row in rows:
        sheet.row(xs, [row[c] for c in CAPTIONS], valign="top", pad=0)
    sheet.rule(xs[0], xs[-1])
    _, results = _read(sheet)
    assert _indicators(results) == [
        ("产出指标", "数量指标", "组织开展培训的人数（含线上）", "≥100人", "120人", "20", "20"),
        ("产出指标", "质量指标", "培训合格率", "≥90%（抽查合格）", "95%", "20", "18"),
        EXPECTED[2]]


def test_a_table_drawn_without_any_rule_is_read_between_the_titles() -> None:
    sheet = _indicator_page(CAPTIONS, ROWS, _widths_of(CAPTIONS, [0] * 7))
    sheet.text("第 1 页", 250)
    blocks = page_blocks([], sheet.runs, page=1, caption_kind=caption_kind)
    assert [b.text for b in blocks if isinstance(b, TextRow)] == ["某项目绩效自评表", "第 1 页"]
    results = read_tables(assemble_tables([blocks], filename="t.pdf"), filename="t.pdf")
    assert results[0].form.project_name == "某某项目"
    assert _indicators(results) == EXPECTED


def test_prose_without_rules_stays_text() -> None:
    sheet = Sheet([], [])
    lines = ("关于项目支出绩效自评工作的说明", "一、分值与得分按年度指标值计算。", "二、其他。")
    for line in lines:
        sheet.text(line, 45)
    blocks = page_blocks([], sheet.runs, page=1, caption_kind=caption_kind)
    assert all(isinstance(b, TextRow) for b in blocks) and len(blocks) == 3
