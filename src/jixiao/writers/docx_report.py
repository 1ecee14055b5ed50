"""Form + scorecard + findings → the 绩效自评报告 (Word) a unit attaches to its 自评表.

Per form: a title, 一、基本情况 (project, department, funds: budget, executed, rate),
二、绩效目标完成情况 (goals and a short account of the indicators), 三、扣分与偏差说明 built
from the scorecard's explanations (never recomputed here), 四、存在问题 (error and warning
findings), 五、改进措施 (the unit's notes and the findings' hints), 六、自评结论 (printed vs
computed total and grade), and the form itself as a Word table drawn from
`layout.official_layout` with merged 一级/二级 cells. Several forms give one document, each
report starting on a new page. Styles use 宋体 (body) and 黑体 (headings) with the East Asian
font set, so Word and WPS show CJK text in those fonts.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.styles.style import CharacterStyle
from docx.table import _Cell

from jixiao.core.findings import SEVERITY_ORDER, Finding, Severity
from jixiao.core.model import Form, Indicator
from jixiao.core.money import ZERO, fmt2, parse_printed
from jixiao.core.scorecard import RowScore, RowStatus, Scorecard
from jixiao.core.values import normalize_text
from jixiao.writers.layout import (
    FUNDS_ROW_CAPTIONS,
    Align,
    Layout,
    LayoutCell,
    Role,
    official_layout,
)

BODY_FONT = "宋体"
HEADING_FONT = "黑体"
LATIN_FONT = "Times New Roman"
TABLE_FONT_SIZE = Pt(9)
PAGE_WIDTH_CM = 21.0
MARGIN_CM = 2.0
NAMES_IN_SUMMARY = 8

SECTION_TITLES = (
    "一、基本情况", "二、绩效目标完成情况", "三、扣分与偏差说明", "四、存在问题", "五、改进措施",
    "六、自评结论",
)
_ORDINALS = "一二三四五六七八九十"


class ReportInput(Protocol):
    """What one report needs: the form, its scorecard and its findings (an Evaluation fits)."""

    @property
    def form(self) -> Form: ...

    @property
    def scorecard(self) -> Scorecard: ...

    @property
    def findings(self) -> Sequence[Finding]: ...


@dataclass(frozen=True)
class ReportItem:
    """A form with its scorecard and findings, for callers without an Evaluation at hand."""

    form: Form
    scorecard: Scorecard
    findings: tuple[Finding, ...] = ()


# --------------------------------------------------------------------------- public API


def render_report(items: Sequence[ReportInput]) -> bytes:
    """Render the 绩效自评报告 of each item into one Word document.

    Args:
        items: forms with their scorecards and findings (e.g. `services.evaluate.Evaluation`).

    Returns:
        The .docx file as bytes.
    """
    doc = Document()
    _setup(doc)
    for i, item in enumerate(items):
        if i:
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        _report(doc, item)
    if not items:
        doc.add_paragraph("（没有可生成报告的自评表）")
    else:
        # Word always ends a body with a paragraph; a body ending in a table is saved by
        # LibreOffice as .doc with that last table flattened into paragraphs.
        doc.add_paragraph()
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def report_sections(item: ReportInput) -> list[tuple[str, list[str]]]:
    """The report's text: each section title with its paragraphs (the table excluded).

    Args:
        item: a form with its scorecard and findings.
    """
    form, card = item.form, item.scorecard
    return [
        (SECTION_TITLES[0], basic_facts(form, card)),
        (SECTION_TITLES[1], goal_paragraphs(form, card)),
        (SECTION_TITLES[2], deduction_paragraphs(form, card)),
        (SECTION_TITLES[3], problem_paragraphs(item.findings)),
        (SECTION_TITLES[4], measure_paragraphs(form, card, item.findings)),
        (SECTION_TITLES[5], conclusion_paragraphs(form, card)),
    ]


def report_title(form: Form) -> str:
    """`抚恤金项目绩效自评报告`; a department-wide form: `…部门整体支出绩效自评报告`."""
    name = form.project_name or "（未填写项目名称）"
    if form.kind == "department":
        return f"{name}部门整体支出绩效自评报告"
    return f"{name}{'' if name.endswith('项目') else '项目'}绩效自评报告"


# --------------------------------------------------------------------------- text


def _v(text: str | None, empty: str = "（未填写）") -> str:
    return text if text else empty


def _num(value: Decimal | None) -> str:
    return fmt2(value) or "无法计算"


def basic_facts(form: Form, card: Scorecard) -> list[str]:
    """一、基本情况: the project, its department and unit, and its funds."""
    unit = form.funds.unit or "万元"
    out = [f"项目名称：{_v(form.project_name)}；主管部门：{_v(form.department)}；"
           f"实施单位：{_v(form.implementing_unit)}。"]
    row = form.funds.row("total") or (form.funds.rows[0] if form.funds.rows else None)
    if row is None:
        out.append("表中未填写项目资金。")
        return out
    printed_rate = _percent(row.rate or form.funds.rate)
    out.append(
        f"项目资金：年初预算数 {_v(row.initial, '未填写')} {unit}，全年预算数 "
        f"{_v(row.annual, '未填写')} {unit}，全年执行数 {_v(row.executed, '未填写')} {unit}；"
        f"预算执行率表中填报 {_v(printed_rate, '未填写')}，按公式计算为 "
        f"{_num(card.execution_rate.value)}%（{card.execution_rate.explanation.formula}）。")
    others = [r for r in form.funds.rows if r is not row and (r.annual_value or ZERO) != 0]
    if others:
        parts = "，".join(f"{_source_name(r.label, r.source)} {r.annual} {unit}"
                         for r in others)
        out.append(f"资金来源：{parts}。")
    out.append(f"预算执行率分值 {_v(form.funds.weight, '未填写')} 分，表中得分 "
               f"{_v(form.funds.score, '未填写')} 分，按公式计算得分 "
               f"{_num(card.execution_score.value)} 分"
               f"（{card.execution_score.explanation.formula}）。")
    return out


def _percent(text: str | None) -> str | None:
    return f"{text}%" if text and parse_printed(text) is not None and "%" not in text else text


def _source_name(label: str | None, source: str) -> str:
    name = label or FUNDS_ROW_CAPTIONS.get(source, source)
    return name.removeprefix("其中").lstrip("：:").rstrip("：:")


def _sentence(text: str) -> str:
    return text if text.endswith(("。", "！", "？", "…", ".", "；")) else text + "。"


def goal_paragraphs(form: Form, card: Scorecard) -> list[str]:
    """二、绩效目标完成情况: goals, then a short account of the indicators by 一级指标."""
    out = [f"（一）年度总体目标。预期目标：{_v(form.goals.expected)}",
           f"实际完成情况：{_v(form.goals.actual)}"]
    rows = {r.index: r for r in card.rows}
    applicable = [i for i in range(len(form.indicators))
                  if i not in rows or rows[i].status is not RowStatus.NOT_APPLICABLE]
    na = len(form.indicators) - len(applicable)
    full = [i for i in applicable if _full_marks(form.indicators[i])]
    docked = [i for i in applicable if _docked(form.indicators[i])]
    head = f"（二）绩效指标完成情况。本表共设三级指标 {len(form.indicators)} 个"
    head += f"，其中不适用指标 {na} 个" if na else ""
    head += (f"；参与评分的 {len(applicable)} 个指标中，{len(full)} 个得满分，"
             f"{len(docked)} 个扣分。")
    out.append(head + _by_level1(form.indicators, applicable))
    if full:
        out.append("得满分的指标：" + _name_list(form.indicators, full) + "。")
    return out


def _full_marks(ind: Indicator) -> bool:
    w, s = ind.weight_value, ind.score_value
    return w is not None and s is not None and w > 0 and s >= w


def _docked(ind: Indicator) -> bool:
    w, s = ind.weight_value, ind.score_value
    return w is not None and s is not None and s < w


def _by_level1(indicators: Sequence[Indicator], indexes: Iterable[int]) -> str:
    groups: dict[str, list[Indicator]] = {}
    for i in indexes:
        groups.setdefault(indicators[i].level1 or "未分类指标", []).append(indicators[i])
    parts = []
    for name, inds in groups.items():
        weight = sum((i.weight_value or ZERO for i in inds), ZERO)
        score = sum((i.score_value or ZERO for i in inds), ZERO)
        parts.append(f"{name} {len(inds)} 个，分值 {fmt2(weight)} 分，自评得分 {fmt2(score)} 分")
    return ("按一级指标：" + "；".join(parts) + "。") if parts else ""


def _name_list(indicators: Sequence[Indicator], indexes: Sequence[int]) -> str:
    names = [f"「{_v(indicators[i].name, '未命名')}」" for i in indexes[:NAMES_IN_SUMMARY]]
    more = f"等 {len(indexes)} 个" if len(indexes) > NAMES_IN_SUMMARY else ""
    return "、".join(names) + more


def deduction_paragraphs(form: Form, card: Scorecard) -> list[str]:
    """三、扣分与偏差说明: every row below its 分值 or not `equal`, from the scorecard."""
    out = []
    exec_line = _execution_deviation(form, card)
    if exec_line:
        out.append(exec_line)
    listed = [r for r in card.rows if _needs_explaining(form, r)]
    for n, row in enumerate(listed, start=1):
        out.append(f"（{n}）" + _row_account(form.indicators[row.index], row))
    na = [r for r in card.rows if r.status is RowStatus.NOT_APPLICABLE]
    if na:
        names = _name_list(form.indicators, [r.index for r in na])
        out.append(f"不适用指标 {len(na)} 个（{names}）："
                   f"{_sentence(na[0].computed.explanation.formula)}")
    if not out:
        out.append("各项指标自评得分均与分值及计算结果一致，无扣分。")
    return out


def _needs_explaining(form: Form, row: RowScore) -> bool:
    if row.status is RowStatus.NOT_APPLICABLE:
        return False
    ind = form.indicators[row.index]
    below = (row.printed_score is not None and ind.weight_value is not None
             and row.printed_score < ind.weight_value)
    return below or row.status is not RowStatus.EQUAL


def _row_account(ind: Indicator, row: RowScore) -> str:
    where = "—".join(x for x in (ind.level1, ind.level2) if x)
    band = f"，定性档次得分区间 {fmt2(row.band[0])}～{fmt2(row.band[1])}" if row.band else ""
    note = f"偏差原因分析及改进措施：{ind.note}" if ind.note else "表中未填写偏差原因。"
    return (f"{where}「{_v(ind.name, '未命名')}」：分值 {_v(ind.weight, '未填写')} 分，"
            f"自评得分 {_v(ind.score, '未填写')} 分，计算得分 {_num(row.computed.value)} 分"
            f"{band}（{row.status.label}）。计算过程：{row.computed.explanation.formula}。{note}")


def _execution_deviation(form: Form, card: Scorecard) -> str | None:
    printed, weight = form.funds.score_value, form.funds.weight_value
    computed = card.execution_score.value
    below = printed is not None and weight is not None and printed < weight
    differs = printed is not None and computed is not None and printed != computed
    if not (below or differs):
        return None
    return (f"预算执行率：分值 {_v(form.funds.weight, '未填写')} 分，自评得分 "
            f"{_v(form.funds.score, '未填写')} 分，计算得分 {_num(computed)} 分。计算过程："
            f"{card.execution_rate.explanation.formula}；{card.execution_score.explanation.formula}。")


def _serious(findings: Iterable[Finding]) -> list[Finding]:
    chosen = [f for f in findings if f.severity in (Severity.ERROR, Severity.WARNING)]
    return sorted(chosen, key=lambda f: SEVERITY_ORDER[f.severity])


def problem_paragraphs(findings: Sequence[Finding]) -> list[str]:
    """四、存在问题: the error and warning findings in plain Chinese, errors first."""
    messages = _unique(f.message for f in _serious(findings))
    if not messages:
        return ["审核未发现错误或警告类问题。"]
    return [f"{n}. {_sentence(m)}" for n, m in enumerate(messages, start=1)]


def measure_paragraphs(form: Form, card: Scorecard, findings: Sequence[Finding]) -> list[str]:
    """五、改进措施: the unit's deviation notes of docked rows, then the findings' hints."""
    docked = {r.index for r in card.rows if _needs_explaining(form, r)}
    by_note: dict[str, list[int]] = {}
    for i in sorted(docked):
        note = form.indicators[i].note
        if note:
            by_note.setdefault(note, []).append(i)
    notes = [f"{_name_list(form.indicators, idx)}：{note}" for note, idx in by_note.items()]
    hints = _unique(f.hint for f in _serious(findings) if f.hint)
    lines = _unique([*notes, *hints])
    if not lines:
        return ["表中未填写改进措施，审核也未提出改进建议。"]
    return [f"{n}. {_sentence(line)}" for n, line in enumerate(lines, start=1)]


def conclusion_paragraphs(form: Form, card: Scorecard) -> list[str]:
    """六、自评结论: the printed total and grade against the computed ones."""
    printed, computed = form.total.score_value, card.total.value
    out = [f"本项目自评总分 {_v(form.total.score, '未填写')} 分，评分等级"
           f"“{_v(form.grade, '未填写')}”。按 {card.profile} 规则复核计算总分 "
           f"{_num(computed)} 分（{card.total.explanation.formula}），评分等级"
           f"“{_v(card.grade, '无法确定')}”（{card.grade_explanation.formula}）。"]
    if printed is not None and computed is not None and printed != computed:
        out.append(f"复核总分与表中总分相差 {fmt2(computed - printed)} 分，差异见第三部分。")
    elif printed is not None and computed is not None:
        out.append("复核总分与表中总分一致。")
    if form.grade and card.grade and normalize_text(form.grade) != card.grade:  # 優 is 优
        out.append(f"表中评分等级“{form.grade}”与复核等级“{card.grade}”不一致。")
    return out


def _unique(items: Iterable[str | None]) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        if item:
            seen.setdefault(item, None)
    return list(seen)


# --------------------------------------------------------------------------- document


def _setup(doc: DocumentObject) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(PAGE_WIDTH_CM), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(MARGIN_CM))
    _font(doc.styles["Normal"], BODY_FONT, Pt(12))
    for name, size in (("Title", Pt(18)), ("Heading 1", Pt(14)), ("Heading 2", Pt(12))):
        style = doc.styles[name]
        _font(style, HEADING_FONT, size)
        style.font.bold = True
        style.font.color.rgb = RGBColor(0, 0, 0)
    title = doc.styles["Title"]
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    border = title.element.find(f"{qn('w:pPr')}/{qn('w:pBdr')}")
    if border is not None:  # the default template underlines titles in blue
        border.getparent().remove(border)
    doc.core_properties.title = "绩效自评报告"
    doc.core_properties.author = "jixiao"


def _font(style: CharacterStyle, east_asian: str, size: Pt) -> None:
    """Set a style's font for Latin and East Asian text, dropping theme fonts."""
    style.font.name = LATIN_FONT
    style.font.size = size
    rpr = style.element.get_or_add_rPr()
    rfonts = rpr.get_or_add_rFonts()
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)
    rfonts.set(qn("w:eastAsia"), east_asian)


def _report(doc: DocumentObject, item: ReportInput) -> None:
    form = item.form
    doc.add_heading(report_title(form), level=0)
    if form.year is not None:
        doc.add_paragraph(f"（{form.year}年度）").alignment = WD_ALIGN_PARAGRAPH.CENTER
    for title, paragraphs in report_sections(item):
        doc.add_heading(title, level=1)
        for text in paragraphs:
            paragraph = doc.add_paragraph(text)
            paragraph.paragraph_format.first_line_indent = Pt(24)
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    layout = official_layout(form)
    doc.add_heading(f"附表：{layout.title}", level=1)
    form_table(doc, layout)


def form_table(doc: DocumentObject, layout: Layout) -> None:
    """The form as a Word table: the layout without its title rows, merged cells merged."""
    body = [c for c in layout.cells if c.role not in (Role.TITLE, Role.SUBTITLE)]
    year = layout.by_key("year")
    if year is not None:
        doc.add_paragraph(year.text).alignment = WD_ALIGN_PARAGRAPH.CENTER
    top = min(c.row for c in body)
    table = doc.add_table(rows=layout.n_rows - top, cols=layout.n_cols)
    table.style = doc.styles["Table Grid"]
    table.autofit = False
    usable = PAGE_WIDTH_CM - 2 * MARGIN_CM
    total = sum(layout.col_widths)
    widths = [Cm(usable * w / total) for w in layout.col_widths]
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width  # the grid LibreOffice and WPS go by
    # every cell once, before merging (`table.cell` walks the whole table on each call)
    grid = [list(row.cells) for row in table.rows]
    for row_cells in grid:
        for target, width in zip(row_cells, widths, strict=True):
            target.width = width  # the cell widths Word goes by
    for cell in body:
        target = grid[cell.row - top][cell.col]
        if cell.rowspan > 1 or cell.colspan > 1:
            target = target.merge(grid[cell.last_row - top][cell.last_col])
        _fill(target, cell)


def _fill(target: _Cell, cell: LayoutCell) -> None:
    target.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    paragraph = target.paragraphs[0]
    paragraph.alignment = (WD_ALIGN_PARAGRAPH.LEFT if cell.align is Align.LEFT
                           else WD_ALIGN_PARAGRAPH.CENTER)
    run = paragraph.add_run(cell.text)
    run.font.size = TABLE_FONT_SIZE
    run.font.bold = cell.role is Role.CAPTION
