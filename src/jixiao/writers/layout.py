"""The official 项目支出绩效自评表 layout as data: one grid of cells shared by every writer.

`official_layout(form)` is a pure function from a form to a `Layout`: an 8-column grid of cells
with their text (exactly as the form printed it, nothing reformatted), row and column spans,
a role (title, caption, value, …), the semantic keys they show (`funds.rows[1].executed`,
`indicators[3].level1`, …) and, for computed cells, a `Formula` over other keys. The HTML,
XLSX, DOCX and PDF writers draw this grid, so they all draw the same form.

The grid has nine columns A–I, so that the funds block and the indicator table each get the
widths they need (三级指标 spans C:D, a funds row caption B:C), as on the official Shanghai form
(财政项目支出绩效自评表):

    财政项目支出绩效自评表                           (title, A:I)
    （2024年度）                                     (subtitle, A:I)
    项目名称 (A:B) | project_name (C:I)
    主管部门 (A:B) | department (C:E) | 实施单位 (F) | implementing_unit (G:I)
    项目资金（万元）↓ | (blank, B:C) | 年初预算数 | 全年预算数 | 全年执行数
                      | 分数 | 执行率(%) | 得分
                      | label (B:C) | initial | annual | executed | weight/"-"
                      | rate | score/"-"
    年度总体目标↓ | 预期目标 (B:E) | 实际完成情况 (F:I)
                  | expected       | actual
    一级指标 | 二级指标 | 三级指标 (C:D) | 年度指标值 | 实际完成值 | 分值 | 得分
             | 偏差原因分析及改进措施
    level1↓  | level2↓  | name | target | actual | weight | score | note
    总分 (A:F) | total.weight | total.score | (blank)
    评分等级 (A:F) | grade (G:I)

(Rows too long for a line continue on the next one.)
`↓` marks a rowspan: 项目资金 spans its block, 年度总体目标 its two rows, and consecutive
indicators with the same 一级指标 (and, inside it, the same 二级指标) share one merged cell.

Decisions: the 执行率 of the 年度资金总额 row is one printed cell, so it carries both
`funds.rows[0].rate` and `funds.rate` (the row's value is shown); the execution-rate 分数/得分
sit on the 年度资金总额 row (a row is added when the form has none but prints them);
`label` None prints the usual caption of its source; `year` None prints `（    年度）`;
`funds.unit` None prints `项目资金`; indicator names are printed without an enumerator.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from jixiao.core.model import Form, Funds, FundsRow, Goals, Indicator

N_COLS = 9
# Column widths in spreadsheet character units (one CJK character is about two units).
COL_WIDTHS: tuple[int, ...] = (7, 7, 10, 15, 13, 13, 9, 9, 19)

TITLES = {"project": "财政项目支出绩效自评表", "department": "部门整体支出绩效自评表"}
BLANK_YEAR = "（    年度）"

FUNDS_HEADERS = ("年初预算数", "全年预算数", "全年执行数", "分数", "执行率(%)", "得分")
GOALS_HEADERS = ("预期目标", "实际完成情况")
INDICATOR_HEADERS = (
    "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
    "偏差原因分析及改进措施",
)
FUNDS_ROW_CAPTIONS = {
    "total": "年度资金总额",
    "fiscal": "其中：当年财政拨款",
    "carryover": "上年结转资金",
    "other": "其他资金",
    "special_account": "财政专户管理资金",
    "unit_funds": "单位资金",
}
PLACEHOLDER = "-"
_INDICATOR_COLS = (0, 1, 2, 4, 5, 6, 7, 8)  # 三级指标 spans C:D

# Drop-down lists a spreadsheet offers (suggestions: other values stay allowed).
LEVEL1_CHOICES = ("产出指标", "效益指标", "满意度指标", "成本指标")
LEVEL2_CHOICES = (
    "数量指标", "质量指标", "时效指标", "成本指标", "经济成本指标", "社会成本指标",
    "生态环境成本指标", "经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标",
    "服务对象满意度指标",
)
TIER_CHOICES = (
    "达成指标", "部分达成指标并具有一定效果", "未达成指标且效果较差",
    "达成年度指标", "部分达成年度指标并具有一定效果", "未达成年度指标且效果较差",
)
GRADE_CHOICES = ("优", "良", "中", "差")
CHOICES = {
    "level1": LEVEL1_CHOICES,
    "level2": LEVEL2_CHOICES,
    "tier": TIER_CHOICES,
    "grade": GRADE_CHOICES,
}

# The skeleton of a blank form: (一级指标, 二级指标, number of empty rows).
TEMPLATE_GROUPS: tuple[tuple[str, str, int], ...] = (
    ("产出指标", "数量指标", 3),
    ("产出指标", "质量指标", 2),
    ("产出指标", "时效指标", 2),
    ("产出指标", "成本指标", 1),
    ("效益指标", "经济效益指标", 1),
    ("效益指标", "社会效益指标", 2),
    ("效益指标", "生态效益指标", 1),
    ("效益指标", "可持续影响指标", 1),
    ("满意度指标", "服务对象满意度指标", 2),
)


class Role(StrEnum):
    """What a cell is on the form."""

    TITLE = "title"              # 财政项目支出绩效自评表
    SUBTITLE = "subtitle"        # （2024年度）
    CAPTION = "caption"          # a printed caption: 项目名称, 年初预算数, 一级指标 …
    VALUE = "value"              # a short value the unit fills in (numbers, names)
    TEXT = "text"                # a long text the unit fills in (goals, names, notes)
    COMPUTED = "computed"        # a value the form computes (执行率, 得分, 总分)
    PLACEHOLDER = "placeholder"  # a fixed "-" (分数/得分 of the 其中 rows)


class Align(StrEnum):
    """Horizontal alignment."""

    LEFT = "left"
    CENTER = "center"


@dataclass(frozen=True)
class Formula:
    """A computed cell's rule over other cells, named by their semantic keys.

    `op` is one of:
    - `rate`: ROUND(IFERROR(args[0] / args[1] × 100, 0), 2) — 执行率 = 执行数 / 预算数 × 100;
    - `rate_score`: ROUND(args[0] × MIN(args[1], 100) / 100, 2) — 执行率得分;
    - `sum`: the sum of args; an arg `indicators[*].score` means every indicator's score.
    """

    op: str
    args: tuple[str, ...]


@dataclass(frozen=True)
class LayoutCell:
    """One (possibly merged) cell of the grid: top-left `row`/`col` (0-based) and spans."""

    row: int
    col: int
    text: str
    role: Role
    rowspan: int = 1
    colspan: int = 1
    keys: tuple[str, ...] = ()
    align: Align = Align.CENTER
    formula: Formula | None = None
    choices: str | None = None  # a key of CHOICES offered as a drop-down

    @property
    def key(self) -> str | None:
        """The main semantic key (`funds.rows[1].executed`), or None for captions."""
        return self.keys[0] if self.keys else None

    @property
    def editable(self) -> bool:
        """Whether a unit fills this cell in (values and texts, not captions or computed)."""
        return self.role in (Role.VALUE, Role.TEXT)

    @property
    def last_row(self) -> int:
        return self.row + self.rowspan - 1

    @property
    def last_col(self) -> int:
        return self.col + self.colspan - 1


@dataclass(frozen=True)
class Layout:
    """A form drawn as a grid: cells (merged ones once), size, widths, and section rows.

    `sections` names the first row of each part: `title`, `header`, `funds`, `goals`,
    `indicators` (the 一级指标… caption row), `total`, `grade`; `indicator_rows` is the
    range of indicator rows (empty for a form without indicators).
    """

    title: str
    cells: tuple[LayoutCell, ...]
    n_rows: int
    n_cols: int = N_COLS
    col_widths: tuple[int, ...] = COL_WIDTHS
    sections: dict[str, int] = field(default_factory=dict)
    indicator_rows: range = range(0)

    def by_key(self, key: str) -> LayoutCell | None:
        """The cell that shows a semantic key, or None."""
        return next((c for c in self.cells if key in c.keys), None)

    def rows(self) -> Iterator[tuple[int, list[LayoutCell]]]:
        """Each grid row with the cells whose top-left is on it, left to right."""
        by_row: dict[int, list[LayoutCell]] = {}
        for cell in self.cells:
            by_row.setdefault(cell.row, []).append(cell)
        for r in range(self.n_rows):
            yield r, sorted(by_row.get(r, []), key=lambda c: c.col)


# --------------------------------------------------------------------------- building


class _Grid:
    """Collects cells row by row."""

    def __init__(self) -> None:
        self.cells: list[LayoutCell] = []
        self.row = 0
        self.sections: dict[str, int] = {}

    def add(self, col: int, text: str | None, role: Role, *, rowspan: int = 1,
            colspan: int = 1, keys: tuple[str, ...] = (), align: Align = Align.CENTER,
            formula: Formula | None = None, choices: str | None = None) -> None:
        self.cells.append(LayoutCell(
            row=self.row, col=col, text=text or "", role=role, rowspan=rowspan,
            colspan=colspan, keys=keys, align=align, formula=formula, choices=choices))

    def next_row(self) -> None:
        self.row += 1

    def mark(self, name: str) -> None:
        self.sections[name] = self.row


def official_layout(form: Form) -> Layout:
    """Draw a form on the official grid.

    Args:
        form: the form as printed (a blank form gives the fill-in template).

    Returns:
        The layout: every cell with its printed text, spans, role, keys and formula.
    """
    grid = _Grid()
    title = TITLES.get(form.kind, TITLES["project"])
    _title(grid, title, form.year)
    _header(grid, form)
    _funds(grid, form.funds)
    _goals(grid, form.goals)
    first = _indicators(grid, form.indicators)
    _total(grid, form)
    indicator_rows = range(first, first + len(form.indicators))
    return Layout(title=title, cells=tuple(grid.cells), n_rows=grid.row,
                  sections=dict(grid.sections), indicator_rows=indicator_rows)


def _title(grid: _Grid, title: str, year: int | None) -> None:
    grid.mark("title")
    grid.add(0, title, Role.TITLE, colspan=N_COLS)
    grid.next_row()
    subtitle = f"（{year}年度）" if year is not None else BLANK_YEAR
    grid.add(0, subtitle, Role.SUBTITLE, colspan=N_COLS, keys=("year",))
    grid.next_row()


def _header(grid: _Grid, form: Form) -> None:
    grid.mark("header")
    grid.add(0, "项目名称", Role.CAPTION, colspan=2)
    grid.add(2, form.project_name, Role.VALUE, colspan=7, keys=("project_name",),
             align=Align.LEFT)
    grid.next_row()
    grid.add(0, "主管部门", Role.CAPTION, colspan=2)
    grid.add(2, form.department, Role.VALUE, colspan=3, keys=("department",), align=Align.LEFT)
    grid.add(5, "实施单位", Role.CAPTION)
    grid.add(6, form.implementing_unit, Role.VALUE, colspan=3, keys=("implementing_unit",),
             align=Align.LEFT)
    grid.next_row()


def _funds_rows(funds: Funds) -> tuple[FundsRow, ...]:
    """The rows to draw: a 年度资金总额 row is added when the execution item has nowhere to go."""
    if funds.row("total") is None and any(v is not None for v in (
            funds.weight, funds.rate, funds.score)):
        return (FundsRow(source="total"), *funds.rows)
    return funds.rows


def _funds(grid: _Grid, funds: Funds) -> None:
    grid.mark("funds")
    rows = _funds_rows(funds)
    offset = len(rows) - len(funds.rows)  # 1 when a total row was added
    caption = f"项目资金（{funds.unit}）" if funds.unit else "项目资金"
    grid.add(0, caption, Role.CAPTION, rowspan=1 + len(rows), keys=("funds.unit",))
    grid.add(1, "", Role.CAPTION, colspan=2)
    for i, text in enumerate(FUNDS_HEADERS):
        grid.add(3 + i, text, Role.CAPTION)
    grid.next_row()
    total_index = next((i for i, r in enumerate(rows) if r.source == "total"), None)
    for i, row in enumerate(rows):
        index = i - offset
        _funds_row(grid, row, index, funds if i == total_index else None)
        grid.next_row()


def _funds_row(grid: _Grid, row: FundsRow, index: int, funds: Funds | None) -> None:
    """One funds row; `funds` is given for the 年度资金总额 row, which carries the score item."""
    key = f"funds.rows[{index}]" if index >= 0 else None

    def keys(name: str) -> tuple[str, ...]:
        return (f"{key}.{name}",) if key else ()

    label = row.label if row.label is not None else FUNDS_ROW_CAPTIONS.get(row.source, "")
    grid.add(1, label, Role.CAPTION, colspan=2, keys=keys("label"))
    grid.add(3, row.initial, Role.VALUE, keys=keys("initial"))
    grid.add(4, row.annual, Role.VALUE, keys=keys("annual"))
    grid.add(5, row.executed, Role.VALUE, keys=keys("executed"))
    rate_formula = Formula("rate", (f"{key}.executed", f"{key}.annual")) if key else None
    if funds is None:
        grid.add(6, PLACEHOLDER, Role.PLACEHOLDER)
        grid.add(7, row.rate, Role.COMPUTED, keys=keys("rate"), formula=rate_formula)
        grid.add(8, PLACEHOLDER, Role.PLACEHOLDER)
        return
    grid.add(6, funds.weight, Role.VALUE, keys=("funds.weight",))
    rate = row.rate if key else funds.rate
    grid.add(7, rate, Role.COMPUTED, keys=(*keys("rate"), "funds.rate"),
             formula=rate_formula)
    grid.add(8, funds.score, Role.COMPUTED, keys=("funds.score",),
             formula=Formula("rate_score", ("funds.weight", "funds.rate")))


def _goals(grid: _Grid, goals: Goals) -> None:
    grid.mark("goals")
    grid.add(0, "年度总体目标", Role.CAPTION, rowspan=2)
    grid.add(1, GOALS_HEADERS[0], Role.CAPTION, colspan=4)
    grid.add(5, GOALS_HEADERS[1], Role.CAPTION, colspan=4)
    grid.next_row()
    grid.add(1, goals.expected, Role.TEXT, colspan=4, keys=("goals.expected",),
             align=Align.LEFT)
    grid.add(5, goals.actual, Role.TEXT, colspan=4, keys=("goals.actual",), align=Align.LEFT)
    grid.next_row()


def group_spans(values: Sequence[str | None], within: Sequence[int] | None = None) -> list[int]:
    """Rowspan of each row for a merged column: consecutive equal non-empty values merge.

    Args:
        values: the column's values, one per row.
        within: group ids of an enclosing column; a run never crosses a change of group.

    Returns:
        One number per row: the span for the first row of a run, 0 for rows it covers.
    """
    spans = [0] * len(values)
    start = 0
    for i in range(1, len(values) + 1):
        ends = (i == len(values) or not values[i] or values[i] != values[start]
                or (within is not None and within[i] != within[start]))
        if ends:
            spans[start] = i - start
            start = i
    return spans


def _group_ids(spans: Sequence[int]) -> list[int]:
    ids, current = [], -1
    for i, span in enumerate(spans):
        if span:
            current = i
        ids.append(current)
    return ids


def _indicators(grid: _Grid, indicators: Sequence[Indicator]) -> int:
    """The caption row and one row per indicator; returns the first indicator row."""
    grid.mark("indicators")
    for col, text in zip(_INDICATOR_COLS, INDICATOR_HEADERS, strict=True):
        grid.add(col, text, Role.CAPTION, colspan=2 if col == 2 else 1)
    grid.next_row()
    first = grid.row
    span1 = group_spans([ind.level1 for ind in indicators])
    span2 = group_spans([ind.level2 for ind in indicators], within=_group_ids(span1))
    for i, ind in enumerate(indicators):
        if span1[i]:
            grid.add(0, ind.level1, Role.VALUE, rowspan=span1[i], choices="level1",
                     keys=tuple(f"indicators[{j}].level1" for j in range(i, i + span1[i])))
        if span2[i]:
            grid.add(1, ind.level2, Role.VALUE, rowspan=span2[i], choices="level2",
                     keys=tuple(f"indicators[{j}].level2" for j in range(i, i + span2[i])))
        _indicator_row(grid, i, ind)
        grid.next_row()
    return first


def _indicator_row(grid: _Grid, i: int, ind: Indicator) -> None:
    key = f"indicators[{i}]"
    grid.add(2, ind.name, Role.TEXT, colspan=2, keys=(f"{key}.name",), align=Align.LEFT)
    grid.add(4, ind.target, Role.VALUE, keys=(f"{key}.target",))
    grid.add(5, ind.actual, Role.VALUE, keys=(f"{key}.actual",), choices="tier")
    grid.add(6, ind.weight, Role.VALUE, keys=(f"{key}.weight",))
    grid.add(7, ind.score, Role.VALUE, keys=(f"{key}.score",))
    grid.add(8, ind.note, Role.TEXT, keys=(f"{key}.note",), align=Align.LEFT)


def _total(grid: _Grid, form: Form) -> None:
    grid.mark("total")
    grid.add(0, "总分", Role.CAPTION, colspan=6)
    grid.add(6, form.total.weight, Role.COMPUTED, keys=("total.weight",),
             formula=Formula("sum", ("funds.weight", "indicators[*].weight")))
    grid.add(7, form.total.score, Role.COMPUTED, keys=("total.score",),
             formula=Formula("sum", ("funds.score", "indicators[*].score")))
    grid.add(8, "", Role.PLACEHOLDER)
    grid.next_row()
    grid.mark("grade")
    grid.add(0, "评分等级", Role.CAPTION, colspan=6)
    grid.add(6, form.grade, Role.VALUE, colspan=3, keys=("grade",), choices="grade")
    grid.next_row()


# --------------------------------------------------------------------------- blank form


def blank_form(kind: str = "project") -> Form:
    """A form with nothing filled in: the four usual funds rows and the usual indicator groups."""
    rows = tuple(FundsRow(source=s, label=FUNDS_ROW_CAPTIONS[s])
                 for s in ("total", "fiscal", "carryover", "other"))
    indicators = tuple(Indicator(level1=l1, level2=l2, name=None)
                       for l1, l2, n in TEMPLATE_GROUPS for _ in range(n))
    return Form(project_name="", kind=kind, funds=Funds(rows=rows), indicators=indicators)


# --------------------------------------------------------------------------- measuring


def text_width(text: str) -> int:
    """Width of a text in character units: CJK and full-width characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def estimate_lines(text: str, width: float) -> int:
    """How many lines a text wraps to in a column `width` units wide (at least one)."""
    if not text or width <= 0:
        return 1
    return sum(max(1, math.ceil(text_width(part) / width)) for part in text.split("\n"))


def span_width(cell: LayoutCell, widths: Sequence[int] = COL_WIDTHS) -> int:
    """The width of a (merged) cell in character units."""
    return sum(widths[cell.col: cell.col + cell.colspan])
