"""The table mapper (`grid_form.read_tables`) on printed grids of real and varied forms.

The helpers at the top lay a canonical form out as a printed grid (official or Sichuan layout):
a list of `Cell`s with spans. The HTML, DOCX and XLSX reader tests render the same grids into
files. Wrapped text gets line breaks where a printed cell would wrap (never between two Latin
letters or digits, so the text reads back unchanged).
"""

from __future__ import annotations

import itertools
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.core.findings import Severity
from jixiao.core.form_json import form_to_dict
from jixiao.readers.grid import Cell, Table
from jixiao.readers.grid_form import FINDING_CODES, expand_table, read_tables

DATA = Path(__file__).parent.parent / "data"
LABELS = DATA / "corpus" / "labels"

_LATIN = re.compile(r"[A-Za-z0-9.]")


def wrap(text: str | None, width: int = 9) -> str:
    """Insert `\\n` every `width` characters where a break is invisible after join_lines."""
    if not text:
        return text or ""
    out: list[str] = []
    run = 0
    for i, ch in enumerate(text):
        if run >= width and i and not (_LATIN.match(text[i - 1]) and _LATIN.match(ch)) \
                and not text[i - 1].isspace() and not ch.isspace():
            out.append("\n")
            run = 0
        out.append(ch)
        run += 1
    return "".join(out)


class Grid:
    """A grid under construction: `put` a cell at the next free row."""

    def __init__(self, width: int, ref: str = "R{r}C{c}") -> None:
        self.width = width
        self.cells: list[Cell] = []
        self.row = 0
        self.ref = ref

    def put(self, row: int, col: int, text: str | None, rowspan: int = 1, colspan: int = 1
            ) -> None:
        self.cells.append(Cell(text or "", row, col, rowspan, colspan,
                               ref=self.ref.format(r=row + 1, c=col + 1)))

    def line(self, *items: tuple[str | None, int]) -> None:
        """One row of (text, colspan) items from column 0."""
        col = 0
        for text, span in items:
            self.put(self.row, col, text, 1, span)
            col += span
        self.row += 1


def _runs(values: list[Any]) -> list[tuple[int, int]]:
    """(start, length) of runs of equal consecutive values."""
    runs: list[tuple[int, int]] = []
    for i, v in enumerate(values):
        if runs and values[runs[-1][0]] == v:
            runs[-1] = (runs[-1][0], runs[-1][1] + 1)
        else:
            runs.append((i, 1))
    return runs


TITLE = {"project": "财政项目支出绩效自评表", "department": "部门整体支出绩效自评表"}
DEFAULT_LABEL = {"total": "年度资金总额", "fiscal": "其中：当年财政拨款",
                 "carryover": "上年结转资金", "other": "其他资金",
                 "special_account": "财政专户管理资金", "unit_funds": "单位资金"}


def official_grid(form: dict[str, Any], *, merged: bool = True, wrap_text: bool = True,
                  title: bool = True) -> Grid:
    """The official 8-column layout (the Shanghai print): merged 一级/二级 cells when `merged`,
    else 一级/二级 repeated on every row."""
    w = (lambda t: wrap(t)) if wrap_text else (lambda t: t or "")
    g = Grid(8)
    if title:
        g.line((TITLE[form["kind"]], 8))
        if form.get("year") is not None:
            g.line((f"（{form['year']}年度）", 8))
    g.line(("项目名称", 1), (w(form["project_name"]), 7))
    g.line(("主管部门", 1), (w(form["department"]), 3), ("实施单位", 1),
           (w(form["implementing_unit"]), 3))
    funds = form["funds"]
    unit = f"（{funds['unit']}）" if funds.get("unit") else ""
    rows = funds["rows"]
    top = g.row
    g.put(top, 0, f"项目资金\n{unit}" if unit else "项目资金", rowspan=len(rows) + 1)
    g.put(top, 1, "")
    for col, caption in enumerate(("年初预算数", "全年预算数", "全年执行数", "分数",
                                   "执行率(%)", "得分"), start=2):
        g.put(top, col, caption)
    g.row += 1
    for row in rows:
        total = row["source"] == "total"
        g.put(g.row, 1, w(row.get("label") or DEFAULT_LABEL[row["source"]]))
        values = (row["initial"], row["annual"], row["executed"],
                  funds["weight"] if total else "-", row["rate"],
                  funds["score"] if total else "-")
        for col, value in enumerate(values, start=2):
            g.put(g.row, col, value)
        g.row += 1
    goals = form["goals"]
    g.put(g.row, 0, "年度\n总体\n目标", rowspan=2)
    g.put(g.row, 1, "预期目标", colspan=3)
    g.put(g.row, 4, "实际完成情况", colspan=4)
    g.row += 1
    g.put(g.row, 1, w(goals["expected"]), colspan=3)
    g.put(g.row, 4, w(goals["actual"]), colspan=4)
    g.row += 1
    g.line(("一级\n指标", 1), ("二级\n指标", 1), ("三级指标", 1), ("年度指标值", 1),
           ("实际完成值", 1), ("分值", 1), ("得分", 1), ("偏差原因分析\n及改进措施", 1))
    inds = form["indicators"]
    first = g.row
    if merged:
        for start, length in _runs([i["level1"] for i in inds]):
            g.put(first + start, 0, w(inds[start]["level1"]), rowspan=length)
            sub = inds[start:start + length]
            for s2, l2 in _runs([i["level2"] for i in sub]):
                g.put(first + start + s2, 1, w(sub[s2]["level2"]), rowspan=l2)
    for k, ind in enumerate(inds):
        r = first + k
        if not merged:
            g.put(r, 0, w(ind["level1"]))
            g.put(r, 1, w(ind["level2"]))
        g.put(r, 2, w(ind["name"]))
        for col, key in enumerate(("target", "actual", "weight", "score"), start=3):
            g.put(r, col, ind[key])
        g.put(r, 7, w(ind["note"]))
    g.row = first + len(inds)
    g.line(("总分", 5), (form["total"]["weight"], 1), (form["total"]["score"], 1), ("", 1))
    g.line(("评分等级", 5), (form["grade"], 3))
    return g


def sichuan_grid(form: dict[str, Any], split: dict[str, tuple[str, str, str]]) -> Grid:
    """Sichuan 510000_0013zp: 指标性质/指标值/度量单位 split columns, a two-row funds header.

    `split` maps an indicator name to its (指标性质, 指标值, 度量单位) cells.
    """
    g = Grid(11)
    g.line(("报表编号:510000_0013zp", 11))
    g.line((f"部门预算项目支出绩效自评表({form['year']}年度)", 11))
    g.line(("项目名称", 2), (form["project_name"], 9))
    g.line(("主管部门", 2), (form["department"], 4), ("实施单位 (盖章)", 2),
           (form["implementing_unit"], 3))
    goals = form["goals"]
    g.put(g.row, 0, "项目基本情况", rowspan=3)
    g.put(g.row, 1, "1.项目年度目标完成情况", colspan=10)
    g.row += 1
    g.put(g.row, 1, "项目年度目标", colspan=5)
    g.put(g.row, 6, "年度目标完成情况", colspan=5)
    g.row += 1
    g.put(g.row, 1, goals["expected"], colspan=5)
    g.put(g.row, 6, goals["actual"], colspan=5)
    g.row += 1
    funds = form["funds"]
    rows = funds["rows"]
    top = g.row
    g.put(top, 0, "预算执行情况(10分)", rowspan=len(rows) + 2)
    g.put(top, 1, "", rowspan=2)
    g.put(top, 2, "年度预算数", colspan=3)
    for col, caption in ((5, "预算执行率"), (6, "权重"), (7, "得分")):
        g.put(top, col, caption, rowspan=2)
    g.put(top, 8, "原因", rowspan=2, colspan=3)
    for col, caption in ((2, "年初预算"), (3, "调整后预算数"), (4, "预算执行数")):
        g.put(top + 1, col, caption)
    g.row = top + 2
    g.put(g.row, 8, "1.预算执行率=预算执行数/调整后预算数", rowspan=len(rows), colspan=3)
    for row in rows:
        total = row["source"] == "total"
        g.put(g.row, 1, {"total": "总额", "fiscal": "其中:财政资金"}.get(
            row["source"], DEFAULT_LABEL[row["source"]]))
        for col, value in enumerate((row["initial"], row["annual"], row["executed"], row["rate"],
                                     funds["weight"] if total else "/",
                                     funds["score"] if total else "/"), start=2):
            g.put(g.row, col, value)
        g.row += 1
    inds = form["indicators"]
    g.put(g.row, 0, "绩效指标(90分)", rowspan=len(inds) + 1)
    for col, caption in enumerate(("一级指标", "二级指标", "三级指标", "指标性质", "指标值",
                                   "度量单位", "完成值", "权重", "得分", "未完成原因分析"),
                                  start=1):
        g.put(g.row, col, caption)
    g.row += 1
    for ind in inds:
        op, value, unit = split[ind["name"]]
        for col, text in enumerate((ind["level1"], ind["level2"], ind["name"], op, value, unit,
                                    ind["actual"], ind["weight"], ind["score"], ind["note"]),
                                   start=1):
            g.put(g.row, col, text)
        g.row += 1
    g.line(("合计", 8), (form["total"]["weight"], 1), (form["total"]["score"], 1), ("", 1))
    g.line(("评价结论", 2), ("结合自评情况,说明项目自评总分。(200字以内)", 9))
    return g


# ---------------------------------------------------------------- expected forms


def label(name: str) -> dict[str, Any]:
    """A corpus label in canonical shape: `year` as an integer, no `label_notes`.

    The fields `label_notes` marks as guesses (003: which funds columns a row's values sit in)
    need no skipping here: the tests render the label itself, so they read back exactly; only
    a comparison with a reading of the published page would have to leave them out.
    """
    data = json.loads((LABELS / f"{name}.json").read_text(encoding="utf-8"))
    data.pop("label_notes", None)
    if data.get("year") is not None:
        data["year"] = int(data["year"])
    return data


def seed_forms() -> list[dict[str, Any]]:
    """The seed's four forms in canonical JSON (the golden file)."""
    return json.loads((DATA / "golden" / "seed.json").read_text(encoding="utf-8"))


def all_forms() -> list[tuple[str, dict[str, Any]]]:
    """(id, canonical form) for every seed form and labelled corpus form."""
    seed = [(f"seed-{i}", form) for i, form in enumerate(seed_forms())]
    return seed + [(name, label(name)) for name in ("002", "003", "017")]


def stored_number(text: str | None) -> tuple[Any, str] | None:
    """How a spreadsheet stores a printed number: (value, number_format), or None for text.

    `7.20` → (7.2, "0.00"); `100` → (100, "General"); `80.44%` → (0.8044, "0.00%").
    """
    if not text:
        return None
    m = re.fullmatch(r"(-?(?:0|[1-9][0-9]{0,11}))(?:\.([0-9]{1,6}))?(%?)", text)
    if not m:
        return None
    decimals = len(m.group(2) or "")
    number = Decimal(text.rstrip("%"))
    fmt = "0" + ("." + "0" * decimals if decimals else "")
    if m.group(3):
        return float(number / 100), fmt + "%"
    if decimals == 0:
        return int(number), "General"
    return float(number), fmt


# ================================================================ tests


FORMS = all_forms()
IDS = [name for name, _ in FORMS]


def read_grid(*grids: Grid | list[Cell], filename: str = "t.pdf") -> list:
    tables = [Table(tuple(g.cells if isinstance(g, Grid) else g)) for g in grids]
    return read_tables(tables, filename=filename)


def as_json(results: list) -> list[dict[str, Any]]:
    return [form_to_dict(r.form) for r in results]


def codes(result: Any) -> set[str]:
    return {f.code for f in result.findings}


@pytest.mark.parametrize("merged", [True, False], ids=["merged", "repeated"])
@pytest.mark.parametrize(("name", "form"), FORMS, ids=IDS)
def test_official_layout_reads_back_exactly(name: str, form: dict, merged: bool) -> None:
    results = read_grid(official_grid(form, merged=merged))
    assert as_json(results) == [form]
    assert results[0].findings == ()


def test_provenance_names_the_cell_of_each_field() -> None:
    form = seed_forms()[2]
    grid = official_grid(form)
    by_ref = {c.ref: c.text for c in grid.cells}
    result = read_grid(grid)[0]
    for path, want in (("project_name", form["project_name"]),
                       ("funds.rows[0].executed", "60.33"), ("funds.rate", "80.44"),
                       ("indicators[0].target", "≥3.00(次)"), ("total.score", "93.04"),
                       ("grade", "优")):
        src = result.sources[path]
        assert src.file == "t.pdf"
        assert by_ref[src.cell].replace("\n", "") == want, path
    assert by_ref[result.sources["indicators[33].level1"].cell] == "满意度指标"


def test_sichuan_split_columns_and_two_row_funds_header() -> None:
    form = label("002")
    split = {"发放(缴纳)覆盖率": ("=", "100", "%"), "足额保障率(参保率)": ("=", "100", "%")}
    results = read_grid(sichuan_grid(form, split))
    assert as_json(results) == [form]
    assert results[0].findings == ()


def test_sichuan_qualitative_operator_takes_the_value_as_target() -> None:
    form = label("002")
    form["indicators"][1]["target"] = "保障到位"
    split = {"发放(缴纳)覆盖率": ("=", "100", "%"), "足额保障率(参保率)": ("定性", "保障到位", "")}
    assert as_json(read_grid(sichuan_grid(form, split))) == [form]


def _split_at(grid: Grid, row: int, *, repeat_header: bool = True,
              break_level: bool = True) -> tuple[list[Cell], list[Cell]]:
    """Cut a grid into two tables at `row`, as a PDF page break does: a merged cell crossing
    the break is split in two, the header row is repeated on the second page."""
    first: list[Cell] = []
    second: list[Cell] = []
    header = next(c.row for c in grid.cells if c.text == "三级指标")
    offset = row - (1 if repeat_header else 0)
    if repeat_header:
        second += [Cell(c.text, 0, c.col, 1, c.colspan, ref=f"p2 {c.ref}")
                   for c in grid.cells if c.row == header]
    for c in grid.cells:
        end = c.row + c.rowspan
        if end <= row:
            first.append(c)
        elif c.row >= row:
            second.append(Cell(c.text, c.row - offset, c.col, c.rowspan, c.colspan,
                               ref=f"p2 {c.ref}"))
        else:  # crosses the break
            first.append(Cell(c.text, c.row, c.col, row - c.row, c.colspan, ref=c.ref))
            second.append(Cell("" if break_level else c.text, row - offset, c.col,
                               end - row, c.colspan, ref=f"p2 {c.ref}"))
    return first, second


@pytest.mark.parametrize("repeat_header", [True, False], ids=["header-repeated", "no-header"])
def test_page_break_splits_merged_cells_and_repeats_the_header(repeat_header: bool) -> None:
    form = seed_forms()[2]  # 34 indicators, long merged 一级/二级 runs
    grid = official_grid(form)
    header = next(c.row for c in grid.cells if c.text == "三级指标")
    tables = _split_at(grid, header + 6, repeat_header=repeat_header)
    results = read_grid(*tables)
    assert as_json(results) == [form]
    assert results[0].findings == ()


def test_page_break_inside_a_caption_joins_its_two_halves() -> None:
    form = seed_forms()[0]
    grid = official_grid(form, wrap_text=False)
    header = next(c.row for c in grid.cells if c.text == "三级指标")
    first, second = _split_at(grid, header + 3, break_level=False)
    # the merged 产出指标/数量指标 cells print half of their caption on each page
    first = [replace_text(c, "产出") if c.text == "产出指标" else
             replace_text(c, "数量") if c.text == "数量指标" else c for c in first]
    second = [replace_text(c, "指标") if c.text in ("产出指标", "数量指标") and c.row == 1
              else c for c in second]
    assert as_json(read_grid(first, second)) == [form]


def replace_text(cell: Cell, text: str) -> Cell:
    return Cell(text, cell.row, cell.col, cell.rowspan, cell.colspan, cell.ref)


def test_row_split_by_a_page_break_continues_the_indicator() -> None:
    form = seed_forms()[0]
    grid = official_grid(form, wrap_text=False)
    header = next(c.row for c in grid.cells if c.text == "三级指标")
    row = header + 7  # 妇女节活动开展时间, with a note
    first, second = _split_at(grid, row + 1)
    # the last row of page 1 loses the end of its name and note to page 2
    ind = form["indicators"][6]
    name_cut, note_cut = 4, 10
    first = [replace_text(c, ind["name"][:name_cut]) if c.text == ind["name"] else
             replace_text(c, ind["note"][:note_cut]) if c.text == ind["note"] and c.row == row
             else c for c in first]
    second = [Cell(c.text, c.row + 1, c.col, c.rowspan, c.colspan, c.ref) if c.row >= 1 else c
              for c in second]
    second += [Cell(ind["name"][name_cut:], 1, 2, ref="p2 name"),
               Cell(ind["note"][note_cut:], 1, 7, ref="p2 note")]
    results = read_grid(first, second)
    assert as_json(results) == [form]
    assert codes(results[0]) == {"JX053"}
    assert all(f.severity is Severity.INFO for f in results[0].findings)


def test_two_forms_in_one_table_stream_are_split_at_their_titles() -> None:
    forms = seed_forms()[:2]
    tables = [official_grid(f) for f in forms]
    assert as_json(read_grid(*tables)) == forms
    # and when both are stacked in one grid (one sheet), too
    stacked = list(tables[0].cells) + [
        Cell(c.text, c.row + tables[0].row + 2, c.col, c.rowspan, c.colspan)
        for c in tables[1].cells]
    assert as_json(read_grid(stacked)) == forms


def test_forms_without_titles_are_split_at_project_name() -> None:
    forms = seed_forms()[1:3]
    tables = [official_grid(f, title=False) for f in forms]
    got = as_json(read_grid(*tables))
    assert [g["project_name"] for g in got] == [f["project_name"] for f in forms]
    assert [g["year"] for g in got] == [None, None]


@pytest.mark.parametrize("cut", ["indicators", "goals", "funds", "header"])
def test_truncated_table_gives_findings_not_exceptions(cut: str) -> None:
    form = seed_forms()[0]
    grid = official_grid(form)
    caption = {"indicators": "三级指标", "goals": "预期目标", "funds": "年初预算数",
               "header": "主管部门"}[cut]
    at = next(c.row for c in grid.cells if c.text == caption) + 2
    cells = [Cell(c.text, c.row, c.col, min(c.rowspan, at - c.row), c.colspan)
             for c in grid.cells if c.row < at]
    results = read_grid(cells)
    assert len(results) == 1
    found = codes(results[0])
    assert "JX004" in found
    assert ("JX003" in found) == (cut != "indicators")
    assert ("JX002" in found) == (cut == "header")
    assert results[0].form.project_name == form["project_name"]
    for f in results[0].findings:
        assert f.message.startswith(FINDING_CODES[f.code])
        assert f.form == form["project_name"]


def test_a_table_that_starts_mid_form_reads_what_is_there() -> None:
    form = seed_forms()[0]
    grid = official_grid(form)
    header = next(c.row for c in grid.cells if c.text == "三级指标")
    _, second = _split_at(grid, header + 4)
    result = read_grid(second)[0]
    assert {"JX001", "JX002", "JX004"} - codes(result) == {"JX004"} - codes(result)
    assert [i.name for i in result.form.indicators] == \
        [i["name"] for i in form["indicators"][3:]]


def test_nothing_form_like_gives_no_result() -> None:
    assert read_tables([]) == []
    assert read_grid([Cell("首页", 0, 0), Cell("新闻动态", 0, 1)]) == []
    assert read_grid([]) == []


def test_overlapping_and_malformed_cells_are_findings() -> None:
    form = seed_forms()[3]
    cells = list(official_grid(form).cells)
    cells.append(Cell("重叠", 0, 0, 2, 2, ref="X1"))  # overlaps the title and 项目名称
    cells.append(Cell("负", -1, 3))
    cells.append(Cell("零", 200, 0, 0, 0))
    results = read_grid(cells)
    assert results[0].form.project_name == form["project_name"]
    assert "JX051" in codes(results[0])


def test_expand_table_repeats_merged_cells_on_every_row() -> None:
    cells = (Cell("产出指标", 0, 0, rowspan=3), Cell("a", 0, 1), Cell("b", 1, 1),
             Cell("c", 2, 1, colspan=2))
    rows, findings = expand_table(Table(cells))
    assert findings == []
    assert [[s.text for s in r.spans] for r in rows] == [["产出指标", "a"], ["产出指标", "b"],
                                                         ["产出指标", "c"]]
    assert [r.spans[0].fresh for r in rows] == [True, False, False]
    assert (rows[2].spans[1].first, rows[2].spans[1].last) == (1, 2)


HUBEI = [  # the Hubei 20/80 layout as published in Yunnan (corpus 017), block weights only
    [("2022年度项目支出绩效自评表", 7)],
    [("项目名称", 1), ("春节走访慰问经费", 6)],
    [("主管部门", 1), ("保山市退役军人事务局", 2), ("项目实施单位", 1),
     ("保山市退役军人事务局", 3)],
    [("项目类别", 1), ("1、部门预算项目 R 2、市直专项 □", 6)],
    [("预算执行情况(万元)\n(20分)", 2), ("预算数(A)", 1), ("执行数(B)", 1),
     ("执行率(B/A)", 1), ("得分\n(20分*执行率)", 2)],
    [("年度财政资金总额", 2), ("34.64", 1), ("34.64", 1), ("100%", 1), ("20", 2)],
    [("年度绩效目标\n(80分)", 1), ("一级指标", 1), ("二级指标", 1), ("三级指标", 1),
     ("年初目标值(A)", 1), ("实际完成值(B)", 1), ("得分", 1)],
]


def hubei_cells() -> list[Cell]:
    cells: list[Cell] = []
    for r, items in enumerate(HUBEI):
        col = 0
        for text, span in items:
            cells.append(Cell(text, r, col, 1, span, ref=f"r{r}c{col}"))
            col += span
    r = len(HUBEI)
    # the block caption 年度绩效目标(80分) spans the indicator rows
    cells = [Cell(c.text, c.row, c.col, 5 if c.text.startswith("年度绩效目标") else 1,
                  c.colspan, c.ref) for c in cells]
    rows = [("产出指标(60分)", "数量指标", "慰问伤残军人50人", "100%", "100%", "20"),
            ("", "质量指标", "补助经费足额拨付率", "100%", "100%", "20"),
            ("", "", "", "", "", ""),
            ("效益指标(10分)", "社会效益指标", "年内无群体性事件发生", "小于5次", "无上访", "10")]
    for k, values in enumerate(rows):
        for col, text in enumerate(values, start=1):
            cells.append(Cell(text, r + k, col))
    r += len(rows)
    cells += [Cell("总分(100分)", r, 0), Cell("100", r, 1), Cell("自评等级", r, 2),
              Cell("优", r, 3, 1, 4)]
    cells += [Cell("偏差大或\n目标未完成\n原因分析", r + 1, 0), Cell("无", r + 1, 1, 1, 6)]
    return cells


def test_hubei_block_weights_total_and_grade_in_one_row() -> None:
    result = read_grid(hubei_cells())[0]
    form = form_to_dict(result.form)
    assert form["year"] == 2022
    assert form["implementing_unit"] == "保山市退役军人事务局"
    assert form["funds"] == {"unit": "万元", "weight": "20", "rate": "100%", "score": "20",
                             "rows": [{"source": "total", "initial": None, "annual": "34.64",
                                       "executed": "34.64", "rate": "100%"}]}
    assert [(i["level1"], i["level2"], i["name"], i["target"], i["weight"], i["score"])
            for i in form["indicators"]] == [
        ("产出指标", "数量指标", "慰问伤残军人50人", "100%", None, "20"),
        ("产出指标", "质量指标", "补助经费足额拨付率", "100%", None, "20"),
        ("效益指标", "社会效益指标", "年内无群体性事件发生", "小于5次", None, "10")]
    assert form["total"] == {"weight": None, "score": "100"}
    assert form["grade"] == "优"
    assert codes(result) == {"JX054"}


def _one_form(**changes: Any) -> dict[str, Any]:
    form = json.loads(json.dumps(seed_forms()[3]))
    form.update(changes)
    return form


def test_unknown_levels_are_kept_as_printed_and_enumerators_stripped() -> None:
    form = _one_form()
    form["indicators"][0]["level1"] = "履职效能"
    form["indicators"][0]["level2"] = "重点工作完成"
    grid = official_grid(form)
    cells = [replace_text(c, "指标 1：" + c.text) if c.text == wrap("抚恤金发放完成率") else c
             for c in grid.cells]
    assert as_json(read_grid(cells)) == [form]


def test_level_captions_are_kept_as_printed_without_spaces_or_score() -> None:
    form = _one_form()
    cells = [replace_text(c, "产 出\n(50分)") if c.text == "产出指标" else
             replace_text(c, "数量") if c.text == "数量指标" else c
             for c in official_grid(form).cells]
    got = as_json(read_grid(cells))[0]
    assert (got["indicators"][1]["level1"], got["indicators"][1]["level2"]) == ("产出", "数量")


def test_unknown_funds_row_is_other_with_its_caption() -> None:
    form = _one_form()
    form["funds"]["rows"][3]["label"] = "社会投入资金"
    form["funds"]["rows"][3]["source"] = "other"
    result = read_grid(official_grid(form))[0]
    assert form_to_dict(result.form) == form
    assert codes(result) == {"JX013"}
    assert result.findings[0].source.cell is not None


def test_funds_unit_from_a_unit_line_and_points_caption() -> None:
    form = _one_form()
    form["funds"]["unit"] = None
    cells = list(official_grid(form).cells)
    cells = [Cell(c.text, c.row + 1, c.col, c.rowspan, c.colspan) for c in cells]
    cells.append(Cell("单位：元", 0, 0, 1, 8))
    got = as_json(read_grid(cells))[0]
    assert got["funds"]["unit"] == "元"


def test_grade_ticked_among_four_and_unreadable_grade() -> None:
    form = _one_form(grade=None)
    grid = official_grid(form)
    ticked = [replace_text(c, "□优 ☑良 □中 □差") if c.row == grid.row - 1 and c.col == 5
              else c for c in grid.cells]
    assert read_grid(ticked)[0].form.grade == "良"
    boxes = [c for c in grid.cells if not (c.row == grid.row - 1 and c.col == 5)]
    boxes += [Cell(text, grid.row - 1, 5 + k) for k, text in
              enumerate(("优 □", "良 □", "中 R"))]
    assert read_grid(boxes)[0].form.grade == "中"
    vague = [replace_text(c, "待定") if c.row == grid.row - 1 and c.col == 5 else c
             for c in grid.cells]
    result = read_grid(vague)[0]
    assert result.form.grade is None
    assert "JX055" in codes(result)


def test_extra_columns_are_ignored_and_stray_text_is_a_finding() -> None:
    form = _one_form()
    grid = official_grid(form, wrap_text=False)
    header = next(c.row for c in grid.cells if c.text == "三级指标")
    n = len(form["indicators"])
    cells = [*grid.cells, Cell("是否核心指标", header, 8)]
    cells += [Cell("否", header + 1 + k, 8) for k in range(n)]
    cells.append(Cell("见附件三", header + 1, 9))  # under no caption at all
    result = read_grid(cells)[0]
    assert form_to_dict(result.form) == form
    assert codes(result) == {"JX031"}


def test_two_target_columns_take_the_adjusted_one() -> None:
    form = _one_form()
    grid = official_grid(form, wrap_text=False)
    header = next(c.row for c in grid.cells if c.text == "三级指标")
    cells = [replace_text(c, "年初指标值") if c.text == "年度指标值" else c for c in grid.cells]
    cells += [Cell("调整后指标值", header, 8)]
    cells += [Cell("调" + str(k), header + 1 + k, 8) for k in range(len(form["indicators"]))]
    result = read_grid(cells)[0]
    assert [i.target for i in result.form.indicators] == \
        ["调" + str(k) for k in range(len(form["indicators"]))]
    assert "JX056" in codes(result)


def test_indicator_values_without_a_name_are_a_finding() -> None:
    form = _one_form()
    form["indicators"][2]["name"] = None
    result = read_grid(official_grid(form))[0]
    assert form_to_dict(result.form) == form
    assert codes(result) == {"JX052"}


def test_header_fields_written_in_one_cell() -> None:
    form = _one_form()
    grid = official_grid(form)
    top = [c for c in grid.cells if c.row < 4]
    rest = [c for c in grid.cells if c.row >= 4]
    cells = [*(c for c in top if c.row < 2),
             Cell(f"项目名称：{form['project_name']}", 2, 0, 1, 8),
             Cell(f"主管部门：{form['department']}  实施单位：{form['implementing_unit']}",
                  3, 0, 1, 8), *rest]
    assert as_json(read_grid(cells)) == [form]


def test_every_finding_code_is_documented_and_in_range() -> None:
    assert all(re.fullmatch(r"JX0\d\d", code) for code in FINDING_CODES)
    assert all(message and not message.isascii() for message in FINDING_CODES.values())


CJK = "甲乙丙丁戊己庚辛壬癸山水木火土春夏秋冬东南西北上中下左右天地人和"
TEXT = st.text(alphabet=CJK + "、，。（）ABC123", min_size=1, max_size=40).filter(
    lambda t: not re.search(r"[A-Za-z0-9]{2}", t))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 12), st.integers(0, 8), st.integers(1, 4),
                          st.integers(1, 4), TEXT), max_size=40))
def test_arbitrary_grids_never_raise(specs: list) -> None:
    cells = [Cell(text, r, c, rs, cs) for r, c, rs, cs, text in specs]
    captions = ["项目名称", "年初预算数", "三级指标", "分值", "得分", "总分", "产出指标"]
    for (r, c), caption in zip(itertools.product(range(3), range(3)), captions, strict=False):
        cells.append(Cell(caption, r + 13, c))
    for result in read_grid(cells):
        assert isinstance(result.form.project_name, str)


def test_goal_text_continued_on_the_next_page() -> None:
    form = seed_forms()[0]
    grid = official_grid(form, wrap_text=False)
    value_row = next(c.row for c in grid.cells if c.text == "预期目标") + 1
    expected, actual = form["goals"]["expected"], form["goals"]["actual"]
    first = [Cell(c.text[:30] if c.row == value_row and c.col == 1 else
                  c.text[:40] if c.row == value_row and c.col == 4 else c.text,
                  c.row, c.col, min(c.rowspan, value_row + 1 - c.row), c.colspan, c.ref)
             for c in grid.cells if c.row <= value_row]
    second = [Cell(expected[30:], 0, 1, 1, 3), Cell(actual[40:], 0, 4, 1, 4)]
    second += [Cell(c.text, c.row - value_row, c.col, c.rowspan, c.colspan, c.ref)
               for c in grid.cells if c.row > value_row]
    assert as_json(read_grid(first, second)) == [form]


def test_subtotal_rows_are_not_indicators() -> None:
    form = _one_form()
    grid = official_grid(form, wrap_text=False)
    last = grid.row - 3  # the last indicator row
    grows = {0, 1}  # the merged 一级/二级 cells take the subtotal row in
    cells = [Cell(c.text, c.row + (1 if c.row > last else 0), c.col,
                  c.rowspan + (1 if c.col in grows and c.row <= last < c.row + c.rowspan
                               else 0), c.colspan)
             for c in grid.cells]
    cells += [Cell("满意度指标小计", last + 1, 2), Cell("10.00", last + 1, 5),
              Cell("3.00", last + 1, 6)]
    result = read_grid(cells)[0]
    assert form_to_dict(result.form) == form
    assert codes(result) == {"JX059"}


def test_duplicate_columns_reported_once_across_repeated_headers() -> None:
    form = seed_forms()[2]
    grid = official_grid(form, wrap_text=False)
    header = next(c.row for c in grid.cells if c.text == "三级指标")
    extra = [Cell("指标值", header, 8)]
    first, second = _split_at(grid, header + 10)
    first = [*first, *extra]
    second = [*second, Cell("指标值", 0, 8)]
    result = read_grid(first, second)[0]
    assert [f.code for f in result.findings] == ["JX056"]


def test_project_name_repeated_as_a_page_header_does_not_split_the_form() -> None:
    form = seed_forms()[2]
    grid = official_grid(form)
    header = next(c.row for c in grid.cells if c.text == "三级指标")
    first, second = _split_at(grid, header + 12)
    page_header = [Cell(f"项目名称：{form['project_name']}", 0, 0, 1, 8)]
    second = page_header + [Cell(c.text, c.row + 1, c.col, c.rowspan, c.colspan, c.ref)
                            for c in second]
    assert as_json(read_grid(first, second)) == [form]


def test_header_values_printed_under_their_captions() -> None:
    form = _one_form()
    grid = official_grid(form)
    cells = [c for c in grid.cells if c.row not in (2, 3)]
    cells += [Cell("项目名称", 2, 0, 1, 3), Cell("主管部门", 2, 3, 1, 2),
              Cell("实施单位", 2, 5, 1, 3), Cell(form["project_name"], 3, 0, 1, 3),
              Cell(form["department"], 3, 3, 1, 2), Cell(form["implementing_unit"], 3, 5, 1, 3)]
    result = read_grid(cells)[0]
    assert form_to_dict(result.form) == form
    assert result.findings == ()
