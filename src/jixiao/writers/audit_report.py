"""The audit report: one self-contained HTML page (charts drawn here as SVG, no script, no
network) and the same tables as an XLSX workbook.

The services hand in plain data (`AuditReport` and the forms one at a time); nothing is
computed here but the geometry of the bars.
"""

from __future__ import annotations

import re
import tempfile
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from html import escape
from typing import IO, Any

__all__ = ["AuditReport", "Bar", "FindingStat", "FormEntry", "GroupRow", "Page", "SampleRow",
           "render_forms_page", "render_report_html", "render_report_xlsx"]


@dataclass(frozen=True)
class Bar:
    label: str
    count: int


@dataclass(frozen=True)
class FindingStat:
    """A finding code: how often, on how many forms, and a few examples (form: message)."""

    code: str
    title: str
    severity: str
    count: int
    forms: int
    examples: tuple[str, ...]


@dataclass(frozen=True)
class GroupRow:
    """A department or unit: its forms, mean computed total and rate, errors, risky forms."""

    name: str
    forms: int
    mean_total: str
    mean_rate: str
    errors: int
    risky: int
    mean_risk: str


@dataclass(frozen=True)
class SampleRow:
    link: str | None  # to the form in the forms list
    file: str
    index: int
    project: str
    risk: str
    reasons: str
    drawn_as: str


@dataclass(frozen=True)
class FormEntry:
    """One form in the report: keys, numbers, risk, findings (severity label, code, message,
    place) and a link to its source file."""

    anchor: int
    file: str
    href: str
    index: int
    project: str
    department: str
    unit: str
    year: str
    total: str
    printed_total: str
    grade: str
    rate: str
    risk: str
    signals: tuple[tuple[str, str, str, str], ...]  # code, title, weight, reason
    findings: tuple[tuple[str, str, str, str], ...]


@dataclass(frozen=True)
class AuditReport:
    """Everything on the report but the forms, which come one at a time."""

    title: str
    generated: str
    profile: str
    signals_title: str
    paths: tuple[str, ...]
    totals: tuple[tuple[str, str], ...]
    grades: tuple[Bar, ...]
    rate_bands: tuple[Bar, ...]
    total_bands: tuple[Bar, ...]
    risk_bands: tuple[Bar, ...]
    findings: tuple[FindingStat, ...]
    departments: tuple[GroupRow, ...]
    units: tuple[GroupRow, ...]
    sample: tuple[SampleRow, ...]
    sample_note: str
    problem_files: tuple[tuple[str, str, str, str], ...]  # file, href, status, message
    signal_catalogue: tuple[tuple[str, str, str, str, str], ...]  # code, title, weight, why, source
    forms_note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


_CSS = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei","Microsoft YaHei",
sans-serif;margin:24px auto;max-width:1200px;color:#1f2933;line-height:1.5;padding:0 16px}
h1{font-size:26px;margin-bottom:4px}h2{font-size:20px;border-bottom:2px solid #2f6db5;
padding-bottom:4px;margin-top:32px}h3{font-size:16px;margin:16px 0 4px}
.meta{color:#52606d;font-size:13px}.cards{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}
.card{border:1px solid #d9e2ec;border-radius:6px;padding:8px 16px;min-width:110px;
background:#f5f7fa}
.card b{display:block;font-size:22px;color:#2f6db5}.card span{font-size:13px;color:#52606d}
.charts{display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:16px}
.chart{border:1px solid #d9e2ec;border-radius:6px;padding:8px}
table{border-collapse:collapse;width:100%;font-size:13px;margin:8px 0}
th,td{border:1px solid #d9e2ec;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#e4ecf7;white-space:nowrap}td.n{text-align:right;white-space:nowrap}
.risk-high{color:#b42318;font-weight:bold}.risk-mid{color:#b54708}.sev-error{color:#b42318}
.sev-warning{color:#b54708}.sev-info{color:#52606d}ul.sig{margin:0;padding-left:18px}
details{margin:0}summary{cursor:pointer}.small{font-size:12px;color:#52606d}
@media print{.charts{grid-template-columns:1fr 1fr}details{display:block}}
"""


def _e(text: object) -> str:
    return escape("" if text is None else str(text), quote=True)


def _bars_svg(title: str, bars: Sequence[Bar], colour: str = "#2f6db5") -> str:
    """A horizontal bar chart as inline SVG (labels left, counts right)."""
    width, row, left, right = 520, 26, 150, 60
    height = 34 + row * max(1, len(bars))
    top = max((b.count for b in bars), default=0) or 1
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{_e(title)}" '
           f'viewBox="0 0 {width} {height}" width="100%">',
           f'<text x="0" y="18" font-size="15" font-weight="bold" fill="#1f2933">'
           f"{_e(title)}</text>"]
    for i, bar in enumerate(bars):
        y = 30 + i * row
        span = (width - left - right) * bar.count / top
        out.append(f'<text x="{left - 8}" y="{y + 16}" font-size="13" text-anchor="end" '
                   f'fill="#1f2933">{_e(bar.label)}</text>')
        out.append(f'<rect x="{left}" y="{y + 3}" width="{span:.1f}" height="{row - 8}" '
                   f'fill="{colour}" rx="2"><title>{_e(bar.label)}：{bar.count}</title></rect>')
        out.append(f'<text x="{left + span + 6:.1f}" y="{y + 16}" font-size="13" '
                   f'fill="#1f2933">{bar.count}</text>')
    if not bars:
        out.append('<text x="0" y="48" font-size="13" fill="#52606d">（无数据）</text>')
    out.append("</svg>")
    return "".join(out)


def _risk_class(risk: str) -> str:
    try:
        value = Decimal(risk)
    except InvalidOperation:
        return ""
    return "risk-high" if value >= 50 else "risk-mid" if value >= 20 else ""


def _table(head: Sequence[str], rows: Iterable[Sequence[str]], numeric: Sequence[int] = ()
           ) -> str:
    out = ["<table><thead><tr>", *(f"<th>{_e(h)}</th>" for h in head), "</tr></thead><tbody>"]
    for row in rows:
        out.append("<tr>")
        for i, cell in enumerate(row):
            out.append(f'<td class="n">{cell}</td>' if i in numeric else f"<td>{cell}</td>")
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _group_table(rows: Sequence[GroupRow], what: str) -> str:
    return _table((what, "表数", "平均总分（计算）", "平均执行率（%）", "错误", "高风险表（≥50）",
                   "平均风险分"),
                  ([_e(r.name), str(r.forms), _e(r.mean_total), _e(r.mean_rate), str(r.errors),
                    str(r.risky), _e(r.mean_risk)] for r in rows), numeric=(1, 2, 3, 4, 5, 6))


def _signals_html(signals: Sequence[tuple[str, str, str, str]]) -> str:
    if not signals:
        return '<span class="small">无</span>'
    return '<ul class="sig">' + "".join(
        f"<li><b>{_e(c)}</b> {_e(t)}（+{_e(w)}）：{_e(r)}</li>" for c, t, w, r in signals) + "</ul>"


def render_report_html(report: AuditReport, forms: Iterable[FormEntry],
                       pages: Sequence[Page] = ()) -> Iterator[str]:
    """The report page in pieces (write them in turn): totals, charts, findings, departments,
    units, the sample, files that could not be read, and every form with its findings — or,
    with `pages`, links to the pages of the forms list."""
    yield ('<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
           '<meta name="viewport" content="width=device-width, initial-scale=1">'
           f"<title>{_e(report.title)}</title><style>{_CSS}</style></head><body>")
    yield f"<h1>{_e(report.title)}</h1>"
    yield (f'<p class="meta">由 {_e(report.generated)} 生成 · 规则配置 {_e(report.profile)} · '
           f"风险信号 {_e(report.signals_title)} · 输入 {_e('、'.join(report.paths))}</p>")
    yield '<div class="cards">' + "".join(
        f'<div class="card"><b>{_e(v)}</b><span>{_e(k)}</span></div>'
        for k, v in report.totals) + "</div>"
    yield '<h2>分布</h2><div class="charts">'
    for title, bars, colour in (("评分等级（计算）", report.grades, "#2f6db5"),
                                ("预算执行率（计算）", report.rate_bands, "#3c8d5a"),
                                ("总分（计算）", report.total_bands, "#7c5cc4"),
                                ("风险分", report.risk_bands, "#c2410c")):
        yield f'<div class="chart">{_bars_svg(title, bars, colour)}</div>'
    yield "</div>"
    yield "<h2>最常见的问题</h2>"
    yield _table(("代码", "问题", "级别", "条数", "涉及表数", "示例"), (
        [f"<b>{_e(s.code)}</b>", _e(s.title), f'<span class="sev-{_e(s.severity)}">'
         f"{_e(_SEVERITY.get(s.severity, s.severity))}</span>", str(s.count), str(s.forms),
         "<br>".join(_e(x) for x in s.examples)] for s in report.findings), numeric=(3, 4))
    yield "<h2>抽查样本</h2>"
    yield f'<p class="small">{_e(report.sample_note)}</p>'
    if report.sample:
        yield _table(("序", "文件", "项目名称", "风险分", "抽取方式", "理由"), (
            [str(n), _e(f"{s.file}#{s.index + 1}"),
             (f'<a href="{_e(s.link)}">{_e(s.project)}</a>' if s.link
              else _e(s.project)), f'<span class="{_risk_class(s.risk)}">{_e(s.risk)}</span>',
             _e(s.drawn_as), _e(s.reasons) or "无信号"]
            for n, s in enumerate(report.sample, start=1)), numeric=(0, 3))
    yield "<h2>按主管部门</h2>" + _group_table(report.departments, "主管部门")
    yield "<h2>按单位</h2>" + _group_table(report.units, "单位（实施单位）")
    yield "<h2>未能读取或部分读取的文件</h2>"
    if report.problem_files:
        yield _table(("文件", "状态", "原因"), (
            [f'<a href="{_e(href)}">{_e(name)}</a>', _e(_STATUS.get(status, status)), _e(msg)]
            for name, href, status, msg in report.problem_files))
    else:
        yield '<p class="small">全部文件均已读取。</p>'
    yield "<h2>风险信号</h2>"
    yield '<p class="small">一张表的风险分 = 触发的信号权重之和（最高 100）。</p>'
    yield _table(("代码", "信号", "权重", "理由", "依据"), (
        [f"<b>{_e(c)}</b>", _e(t), _e(w), _e(r), _e(s)]
        for c, t, w, r, s in report.signal_catalogue), numeric=(2,))
    yield "<h2>全部表</h2>"
    if report.forms_note:
        yield f'<p class="small">{_e(report.forms_note)}</p>'
    if pages:
        yield _table(("分页", "表", "文件"), (
            [f'<a href="{_e(pg.href)}">第 {pg.number} 页</a>', f"{pg.first}–{pg.last}",
             _e(f"{pg.first_file} … {pg.last_file}")] for pg in pages), numeric=(1,))
    else:
        yield from _forms_table(forms, "")
    yield _FOOTER


@dataclass(frozen=True)
class Page:
    """A page of the forms list (large batches): its number, link, and first and last forms."""

    number: int
    href: str
    first: int
    last: int
    first_file: str
    last_file: str


def render_forms_page(report: AuditReport, page: Page, pages: int, forms: Iterable[FormEntry],
                      up: str) -> Iterator[str]:
    """One page of the forms list, for a batch too large for one page; `up` leads from the page
    back to the report's folder (`../`), for the report and the source files."""
    title = f"{report.title}：全部表 第 {page.number} / {pages} 页"
    yield ('<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
           '<meta name="viewport" content="width=device-width, initial-scale=1">'
           f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>")
    yield (f'<h1>{_e(title)}</h1><p class="meta"><a href="{_e(up)}report.html">返回报告</a>'
           f" · 表 {page.first}–{page.last}</p>")
    yield from _forms_table(forms, up)
    yield _FOOTER


_FOOTER = ('<p class="small">由 jixiao audit 生成。数据文件：files.csv、forms.jsonl、findings.csv、'
           "indicators.csv、indicators.parquet、sample.csv、report.xlsx。</p></body></html>\n")


def _forms_table(forms: Iterable[FormEntry], up: str) -> Iterator[str]:
    yield ("<table><thead><tr><th>#</th><th>项目名称 / 文件</th><th>单位</th><th>年度</th>"
           "<th>总分（表上/计算）</th><th>等级</th><th>执行率</th><th>风险分</th>"
           "<th>风险信号与问题</th></tr></thead><tbody>")
    for f in forms:
        detail = _signals_html(f.signals)
        if f.findings:
            items = "".join(f'<li><span class="sev-{_e(sev)}">{_e(_SEVERITY.get(sev, sev))}'
                            f"</span> <b>{_e(code)}</b> {_e(msg)}"
                            f'{" <span class=small>（" + _e(src) + "）</span>" if src else ""}</li>'
                            for sev, code, msg, src in f.findings)
            detail += (f"<details><summary>{len(f.findings)} 条问题</summary>"
                       f'<ul class="sig">{items}</ul></details>')
        href = f.href if f.href.startswith("/") else up + f.href
        yield (f'<tr id="form-{f.anchor}"><td class="n">{f.anchor}</td><td>{_e(f.project)}<br>'
               f'<a class="small" href="{_e(href)}">{_e(f.file)}</a> 第{f.index + 1}张</td>'
               f"<td>{_e(f.unit)}</td><td>{_e(f.year)}</td>"
               f'<td class="n">{_e(f.printed_total)} / {_e(f.total)}</td><td>{_e(f.grade)}</td>'
               f'<td class="n">{_e(f.rate)}</td>'
               f'<td class="n {_risk_class(f.risk)}">{_e(f.risk)}</td><td>{detail}</td></tr>')
    yield "</tbody></table>"


_SEVERITY = {"error": "错误", "warning": "警告", "info": "提示"}
_STATUS = {"ok": "已读取", "partial": "部分读取", "failed": "失败", "skipped": "跳过（不是自评表）"}


def render_report_xlsx(report: AuditReport, forms: Iterable[FormEntry], out: IO[bytes]) -> None:
    """The report's tables as an XLSX workbook written to `out` (rows streamed, every text
    kept as text)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    bold = Font(bold=True)

    def sheet(title: str, head: Sequence[str], rows: Iterable[Sequence[Any]],
              widths: Sequence[int] = ()) -> None:
        ws = book.create_sheet(title)
        for i, w in enumerate(widths):
            ws.column_dimensions[chr(ord("A") + i)].width = w
        ws.freeze_panes = "A2"
        cells = []
        for h in head:
            c = WriteOnlyCell(ws, value=h)
            c.font = bold
            cells.append(c)
        ws.append(cells)
        for row in rows:
            ws.append([_text_cell(ws, v) if isinstance(v, str) and v.startswith("=") else v
                       for v in row])

    sheet("概况", ("项目", "数值"), [(k, v) for k, v in report.totals], (24, 16))
    sheet("分布", ("分布", "区间", "表数"),
          [(name, b.label, b.count) for name, bars in (
              ("评分等级", report.grades), ("执行率", report.rate_bands),
              ("总分", report.total_bands), ("风险分", report.risk_bands)) for b in bars],
          (12, 16, 10))
    sheet("常见问题", ("代码", "问题", "级别", "条数", "涉及表数", "示例"),
          [(s.code, s.title, _SEVERITY.get(s.severity, s.severity), s.count, s.forms,
            "\n".join(s.examples)) for s in report.findings], (8, 30, 8, 8, 10, 80))
    group_head = ("名称", "表数", "平均总分（计算）", "平均执行率（%）", "错误", "高风险表（≥50）",
                  "平均风险分")
    for title, rows in (("按主管部门", report.departments), ("按单位", report.units)):
        sheet(title, group_head, [(r.name, r.forms, r.mean_total, r.mean_rate, r.errors, r.risky,
                                   r.mean_risk) for r in rows], (36, 8, 14, 14, 8, 14, 10))
    sheet("抽查样本", ("文件", "表序号", "项目名称", "风险分", "抽取方式", "理由"),
          [(s.file, s.index + 1, s.project, s.risk, s.drawn_as, s.reasons)
           for s in report.sample], (30, 8, 40, 8, 12, 100))
    sheet("文件问题", ("文件", "状态", "原因"),
          [(n, _STATUS.get(st, st), m) for n, _, st, m in report.problem_files], (40, 16, 80))
    sheet("风险信号", ("代码", "信号", "权重", "理由", "依据"),
          [list(x) for x in report.signal_catalogue], (8, 24, 8, 60, 40))
    sheet("全部表", ("文件", "表序号", "项目名称", "主管部门", "单位", "年度", "总分（表上）",
                   "总分（计算）", "等级（计算）", "执行率（%）", "风险分", "风险信号", "问题代码"),
          ((f.file, f.index + 1, f.project, f.department, f.unit, f.year, f.printed_total,
            f.total, f.grade, f.rate, f.risk, "；".join(f"{c} {t}" for c, t, _, _ in f.signals),
            " ".join(code for _, code, _, _ in f.findings)) for f in forms),
          (30, 8, 40, 24, 24, 6, 10, 10, 8, 10, 8, 40, 30))
    with tempfile.TemporaryFile() as saved:
        book.save(saved)
        saved.seek(0)
        _reproducible(saved, out)


def _text_cell(ws: Any, value: str) -> Any:
    """A text that openpyxl would write as a formula (`=…`), kept as text."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=value)
    cell.data_type = "s"
    return cell


_STAMP = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")
_COPY_BLOCK = 1 << 20


def _reproducible(package: IO[bytes], out: IO[bytes]) -> None:
    """The workbook copied member by member with fixed dates and document times: the same
    tables give the same bytes (a resumed audit writes what an uninterrupted one does), and the
    large sheets are never held whole in memory."""
    with zipfile.ZipFile(package) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            if info.filename == "docProps/core.xml":
                target.writestr(fixed, _STAMP.sub(rb"\g<1>2000-01-01T00:00:00Z\g<2>",
                                                  source.read(info)))
                continue
            with source.open(info) as src, target.open(fixed, "w") as dst:
                while block := src.read(_COPY_BLOCK):
                    dst.write(block)
