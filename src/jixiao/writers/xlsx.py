"""Forms → an Excel/WPS workbook of the official layout; and the blank fill-in template.

One sheet per form (names from the project, unique, ≤31 characters, without `[]:*?/\\`), the
grid of `layout.official_layout` with its merged cells, wrapped text, column widths, borders,
drop-downs and print setup (A4 portrait, fit to width, the 一级指标… row repeated on every page).

Computed cells (执行率, 执行率得分, 总分 and the 分值 total) — the one rule:
- `render_template()` writes **live formulas** there:
  执行率 `=ROUND(IFERROR(执行数/预算数*100,0),2)`, 执行率得分 `=ROUND(分数*MIN(执行率,100)/100,2)`,
  总分 `=SUM(执行率得分, 得分列)`, 分值合计 `=SUM(分数, 分值列)`.
- `render_xlsx(forms)` writes **what the form printed** there, like every other cell, so that the
  workbook reads back as exactly the same form; the formula the template would use is attached
  to the cell as a comment. A recomputed value is never written over a printed one.

How a printed value is written: a number column (预算数, 执行数, 执行率, 分数/分值, 得分) whose
printed string a number format reproduces exactly — plain digits with an optional decimal part,
no sign games, at most 15 significant digits — is written as that number (a Decimal, never a
float) with the format `0`, `0.0`, `0.00`, … of its printed decimals (`"7.20"` → 7.2 shown with
`0.00`; `"10"` → 10 with `0`). Everything else (`"-"`, `"—"`, `"100.00%"`, `"1,234.00"`,
`"≥95.00(%)"`, `"=1.00(次)"`, all names and notes) is written as text with the `@` format and
data type string, so text starting with `=` never becomes a formula. A reader gets the printed
string back by formatting a number cell with its number format.

Cells the unit fills in are unlocked; captions and computed cells are locked, and the sheet is
protected without a password (审阅 → 撤销工作表保护 unlocks it).
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from jixiao.core.model import Form
from jixiao.writers.layout import (
    CHOICES,
    Align,
    Formula,
    Layout,
    LayoutCell,
    Role,
    blank_form,
    estimate_lines,
    official_layout,
    span_width,
)

FONT_NAME = "宋体"
FONT_SIZE = 10
LINE_HEIGHT = 13.5  # points per wrapped line at FONT_SIZE
MAX_SHEET_NAME = 31
TEMPLATE_SHEET = "自评表"

NUMBER_FIELDS = frozenset({"initial", "annual", "executed", "rate", "weight", "score"})
_PLAIN_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.([0-9]+))?")  # ASCII digits only
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_NO_BORDER = Border()

_CHOICE_PROMPTS = {
    "level1": "请选择一级指标（也可填写列表外的名称）",
    "level2": "请选择二级指标（也可填写列表外的名称）",
    "tier": "定性指标请选择完成档次；定量指标直接填写实际完成值",
    "grade": "请选择评分等级",
}


# --------------------------------------------------------------------------- public API


def render_xlsx(forms: Sequence[Form]) -> bytes:
    """Render forms as a workbook, one sheet per form, every cell as the form printed it.

    Args:
        forms: the forms, in order (at least one sheet is always written).

    Returns:
        The .xlsx file as bytes.
    """
    wb = Workbook()
    wb.remove(wb.active)
    names: set[str] = set()
    for form in forms:
        name = sheet_name(form.project_name, names)
        names.add(name.casefold())
        _draw(wb.create_sheet(name), official_layout(form), formulas=False)
    if not forms:
        _draw(wb.create_sheet(TEMPLATE_SHEET), official_layout(blank_form()), formulas=False)
    return _save(wb, title="项目支出绩效自评表")


def render_template(kind: str = "project") -> bytes:
    """A blank form to fill in: the official layout with live formulas in computed cells.

    Args:
        kind: `project` (财政项目支出绩效自评表) or `department`.

    Returns:
        The .xlsx file as bytes: the form sheet and a 填表说明 sheet.
    """
    wb = Workbook()
    ws = wb.active
    ws.title = TEMPLATE_SHEET
    _draw(ws, official_layout(blank_form(kind)), formulas=True)
    _instructions(wb.create_sheet("填表说明"))
    return _save(wb, title="项目支出绩效自评表（空白模板）")


def sheet_name(project_name: str, taken: set[str]) -> str:
    """A valid, unique sheet name from a project name.

    Args:
        project_name: the form's 项目名称.
        taken: casefolded names already used in the workbook.

    Returns:
        At most 31 characters, none of `[]:*?/\\`, no leading/trailing apostrophe, not
        `History`, and not in `taken` (a `(2)`, `(3)` … suffix is added).
    """
    base = _BAD_SHEET_CHARS.sub("_", _CONTROL_CHARS.sub("", project_name)).strip().strip("'")
    base = base or "表"
    if base.casefold() == "history":
        base = f"{base}_"
    candidate, n = base[:MAX_SHEET_NAME], 1
    while candidate.casefold() in taken:
        n += 1
        suffix = f"({n})"
        candidate = base[: MAX_SHEET_NAME - len(suffix)] + suffix
    return candidate


def printed_number(text: str | None) -> tuple[Decimal, str] | None:
    """A printed number as (value, number format) when the format reproduces it exactly.

    `"7.20"` → (Decimal("7.20"), "0.00"); `"10"` → (Decimal("10"), "0"); `"-"`, `"100%"`,
    `"1,234"`, `"007"`, `"-0.00"` → None (written as text).
    """
    if text is None:
        return None
    match = _PLAIN_NUMBER.fullmatch(text)
    if not match:
        return None
    value = Decimal(text)
    if text.startswith("-") and value == 0:
        return None
    if len(text.lstrip("-").replace(".", "").lstrip("0")) > 15:
        return None
    decimals = len(match.group(1) or "")
    return value, ("0." + "0" * decimals) if decimals else "0"


# --------------------------------------------------------------------------- drawing


def _draw(ws: Worksheet, layout: Layout, *, formulas: bool) -> None:
    """Draw a layout on a sheet; `formulas` puts live formulas in computed cells."""
    refs = cell_refs(layout)
    for width_index, width in enumerate(layout.col_widths, start=1):
        ws.column_dimensions[get_column_letter(width_index)].width = width
    for cell in layout.cells:
        _style_range(ws, cell)
        if cell.rowspan > 1 or cell.colspan > 1:
            ws.merge_cells(start_row=cell.row + 1, start_column=cell.col + 1,
                           end_row=cell.last_row + 1, end_column=cell.last_col + 1)
        _write(ws, cell, refs, formulas=formulas)
    _row_heights(ws, layout, blank=formulas)
    _validations(ws, layout)
    _protect(ws)
    _print_setup(ws, layout)


def cell_refs(layout: Layout) -> dict[str, str]:
    """Each semantic key → its sheet address (`funds.rows[0].executed` → `F6`)."""
    refs: dict[str, str] = {}
    for cell in layout.cells:
        for key in cell.keys:
            refs.setdefault(key, _address(cell))
    return refs


def _address(cell: LayoutCell) -> str:
    return f"{get_column_letter(cell.col + 1)}{cell.row + 1}"


def _style_range(ws: Worksheet, cell: LayoutCell) -> None:
    """Border, alignment, font and lock state for every sheet cell the layout cell covers."""
    framed = cell.role not in (Role.TITLE, Role.SUBTITLE)
    unlocked = cell.editable or (cell.key == "year")
    for r in range(cell.row + 1, cell.last_row + 2):
        for c in range(cell.col + 1, cell.last_col + 2):
            target = ws.cell(row=r, column=c)
            target.border = _BORDER if framed else _NO_BORDER
            target.alignment = Alignment(
                horizontal="left" if cell.align is Align.LEFT else "center",
                vertical="center", wrap_text=True)
            target.font = _font(cell.role)
            target.protection = Protection(locked=not unlocked)


def _font(role: Role) -> Font:
    if role is Role.TITLE:
        return Font(name=FONT_NAME, size=16, bold=True)
    if role is Role.SUBTITLE:
        return Font(name=FONT_NAME, size=11)
    return Font(name=FONT_NAME, size=FONT_SIZE, bold=role is Role.CAPTION)


def _is_number_field(cell: LayoutCell) -> bool:
    return any(k.rsplit(".", 1)[-1] in NUMBER_FIELDS for k in cell.keys)


def _write(ws: Worksheet, cell: LayoutCell, refs: dict[str, str], *, formulas: bool) -> None:
    target = ws.cell(row=cell.row + 1, column=cell.col + 1)
    formula = excel_formula(cell.formula, refs) if cell.formula else None
    if formulas and formula:
        target.value = formula
        target.number_format = "0.00"
        return
    _write_printed(target, cell)
    if formula and not formulas:
        target.comment = Comment(f"计算公式（空白模板中为实时公式）：{formula}", "jixiao",
                                 width=260, height=60)


def _write_printed(target: Cell, cell: LayoutCell) -> None:
    """Write a printed value: a reproducible number as a number, everything else as text."""
    text = _CONTROL_CHARS.sub("", cell.text)
    number_field = _is_number_field(cell)
    number = printed_number(text) if number_field else None
    if number is not None:
        target.value, target.number_format = number
        return
    if not text:
        if cell.editable or cell.role is Role.COMPUTED:
            target.number_format = "0.00" if number_field else "@"
        return
    target.value = text
    target.data_type = "s"  # "=1.00(次)" stays text, never a formula
    target.number_format = "@"
    if text.startswith("="):
        target.quotePrefix = True


def excel_formula(formula: Formula, refs: dict[str, str]) -> str | None:
    """The Excel formula of a layout formula, or None when a referenced cell is missing.

    Args:
        formula: the layout's rule over semantic keys.
        refs: key → address, from `cell_refs`.
    """
    if formula.op == "sum":
        parts = [p for p in (_sum_part(a, refs) for a in formula.args) if p]
        return f"=SUM({','.join(parts)})" if parts else None
    args = [refs.get(a) for a in formula.args]
    if any(a is None for a in args):
        return None
    if formula.op == "rate":
        return f"=ROUND(IFERROR({args[0]}/{args[1]}*100,0),2)"
    if formula.op == "rate_score":
        return f"=ROUND({args[0]}*MIN({args[1]},100)/100,2)"
    raise ValueError(f"unknown formula op {formula.op!r}")


def _sum_part(arg: str, refs: dict[str, str]) -> str | None:
    if "[*]" not in arg:
        return refs.get(arg)
    prefix, field_name = arg.split("[*].")
    matches = [refs[k] for k in refs
               if k.startswith(prefix + "[") and k.endswith("]." + field_name)]
    if not matches:
        return None
    return matches[0] if len(matches) == 1 else f"{matches[0]}:{matches[-1]}"


# Room left for writing in the blank template: lines per empty text cell.
BLANK_LINES = {"goals": 8, "indicators": 2}


def _lines_needed(cell: LayoutCell, layout: Layout, *, blank: bool) -> int:
    if blank and not cell.text and cell.role is Role.TEXT and cell.key:
        return BLANK_LINES.get(cell.key.split(".", 1)[0].split("[", 1)[0], 1)
    return estimate_lines(cell.text, span_width(cell, layout.col_widths) - 1)


def _row_heights(ws: Worksheet, layout: Layout, *, blank: bool) -> None:
    """Set row heights from the wrapped text (spreadsheets do not fit merged cells); `blank`
    leaves room for writing in empty text cells."""
    lines = [1] * layout.n_rows
    for cell in sorted(layout.cells, key=lambda c: c.rowspan):
        need = _lines_needed(cell, layout, blank=blank)
        have = sum(lines[cell.row: cell.last_row + 1])
        if need > have:
            lines[cell.last_row] += need - have
    for r, n in enumerate(lines):
        height = LINE_HEIGHT * n + 6
        if r == layout.sections.get("title"):
            height = 30
        ws.row_dimensions[r + 1].height = height


def _validations(ws: Worksheet, layout: Layout) -> None:
    """Drop-downs: 一级/二级指标 and 评分等级 warn outside the list; tiers only suggest."""
    for name, values in CHOICES.items():
        cells = [c for c in layout.cells if c.choices == name]
        if not cells:
            continue
        dv = DataValidation(type="list", formula1='"' + ",".join(values) + '"',
                            allow_blank=True, showErrorMessage=name != "tier",
                            errorStyle="warning", showInputMessage=True,
                            promptTitle="可选值", prompt=_CHOICE_PROMPTS[name],
                            errorTitle="不在常用列表中",
                            error="该值不在常用列表中，确定继续填写吗？")
        for cell in cells:
            dv.add(_address(cell))
        ws.add_data_validation(dv)


def _protect(ws: Worksheet) -> None:
    """Lock captions and computed cells; no password; rows can still be inserted and sized."""
    p = ws.protection
    p.sheet = True
    p.formatCells = p.formatRows = p.formatColumns = False
    p.insertRows = p.deleteRows = False


def _print_setup(ws: Worksheet, layout: Layout) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins = PageMargins(left=0.5, right=0.5, top=0.6, bottom=0.6,
                                  header=0.3, footer=0.3)
    ws.print_options.horizontalCentered = True
    header = layout.sections.get("indicators")
    if header is not None:
        ws.print_title_rows = f"{header + 1}:{header + 1}"
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.sheet_view.showGridLines = False


def _instructions(ws: Worksheet) -> None:
    lines = (
        "填表说明",
        "1. 在「自评表」中填写未锁定的单元格：项目名称、主管部门、实施单位、各项资金、"
        "年度总体目标、各项指标。",
        "2. 执行率、执行率得分、总分和分值合计为公式，自动计算，已锁定。",
        "   执行率 = 全年执行数 ÷ 全年预算数 × 100（预算数为 0 时记 0）；"
        "执行率得分 = 分数 × min(执行率, 100) ÷ 100；总分 = 执行率得分 + 各指标得分之和。",
        "3. 一级指标、二级指标、定性指标的实际完成值和评分等级可从下拉列表中选择。",
        "4. 年度指标值请写明指标性质、数值和计量单位，如「≥95.00(%)」「=1.00(次)」；"
        "定性指标填写文字。",
        "5. 得分低于分值时，请在「偏差原因分析及改进措施」中写明原因。",
        "6. 指标行不够时可插入行；工作表保护无密码，审阅 → 撤销工作表保护即可修改锁定单元格。",
    )
    ws.column_dimensions["A"].width = 110
    for i, text in enumerate(lines, start=1):
        cell = ws.cell(row=i, column=1, value=text)
        cell.font = Font(name=FONT_NAME, size=14 if i == 1 else FONT_SIZE + 1, bold=i == 1)
        cell.alignment = Alignment(wrap_text=True, vertical="center")


def _save(wb: Workbook, *, title: str) -> bytes:
    wb.properties.title = title
    wb.properties.creator = "jixiao"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
