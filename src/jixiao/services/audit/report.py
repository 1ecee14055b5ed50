"""The audit report's data, read from the assembly's SQLite index, drawn by the writer as
report.html and report.xlsx. Means and bands are computed here in Decimal."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jixiao import __version__
from jixiao.core.money import fmt2
from jixiao.services.audit.assemble import OUTPUT_FOLDERS, Assembly
from jixiao.services.audit.sample import LOW_SHARE
from jixiao.services.audit.work import FAILED, OK, PARTIAL, SKIPPED, Settings
from jixiao.services.inputs import check_catalogue
from jixiao.writers.audit_report import (
    AuditReport,
    Bar,
    FindingStat,
    FormEntry,
    GroupRow,
    Page,
    SampleRow,
    render_forms_page,
    render_report_html,
    render_report_xlsx,
)

if TYPE_CHECKING:
    from jixiao.services.audit.pipeline import AuditOptions

__all__ = ["write_report"]

#: The most common finding codes shown, and examples of each.
TOP_FINDINGS, EXAMPLES = 20, 3
#: Forms listed on report.html itself; a larger batch's list goes on pages of this many forms
#: in report-forms/ (a browser opens a page of 2,000 forms in about a second).
FORMS_PER_PAGE = 2000
PAGES_FOLDER = OUTPUT_FOLDERS[0]
#: A form this risky counts as 高风险 in the tables.
HIGH_RISK = Decimal(50)
_GRADES = ("优", "良", "中", "差")
_RATE_BANDS = ((Decimal(0), "低于 60%"), (Decimal(60), "60%–80%"), (Decimal(80), "80%–90%"),
               (Decimal(90), "90%–100%"), (Decimal(100), "100% 及以上"))
_TOTAL_BANDS = ((Decimal(0), "低于 60"), (Decimal(60), "60–70"), (Decimal(70), "70–80"),
                (Decimal(80), "80–90"), (Decimal(90), "90–95"), (Decimal(95), "95 及以上"))
_RISK_BANDS = ((Decimal(0), "0（无信号）"), (Decimal("0.01"), "1–19"), (Decimal(20), "20–49"),
               (Decimal(50), "50–79"), (Decimal(80), "80–100"))


def _dec(text: Any) -> Decimal | None:
    if text is None:
        return None
    try:
        return Decimal(str(text))
    except InvalidOperation:
        return None


def _band(value: Decimal | None, bands: tuple[tuple[Decimal, str], ...]) -> str:
    if value is None:
        return "无法计算"
    label = bands[0][1]
    for floor, name in bands:
        if value >= floor:
            label = name
    return label


def _bars(counts: dict[str, int], order: list[str]) -> tuple[Bar, ...]:
    """Every band in order (empty ones too, so that charts of two batches read alike), but
    无法计算 only when some form is in it."""
    return tuple(Bar(label, counts.get(label, 0)) for label in order
                 if counts.get(label) or label != "无法计算")


def _mean(total: Decimal, n: int) -> str:
    return fmt2(total / n) if n else "—"  # type: ignore[return-value]


class _Group:
    def __init__(self) -> None:
        self.forms = self.errors = self.risky = 0
        self.totals, self.rates = [Decimal(0), 0], [Decimal(0), 0]
        self.risk = Decimal(0)

    def add(self, total: Decimal | None, rate: Decimal | None, errors: int, risk: Decimal) -> None:
        self.forms += 1
        self.errors += errors
        self.risky += risk >= HIGH_RISK
        self.risk += risk
        for acc, value in ((self.totals, total), (self.rates, rate)):
            if value is not None:
                acc[0] += value
                acc[1] += 1

    def row(self, name: str) -> GroupRow:
        return GroupRow(name or "（未填）", self.forms, _mean(*self.totals), _mean(*self.rates),  # type: ignore[arg-type]
                        self.errors, self.risky, _mean(self.risk, self.forms))


def _report(db: sqlite3.Connection, assembly: Assembly, options: AuditOptions,
            settings: Settings) -> AuditReport:
    grades: dict[str, int] = {}
    rates: dict[str, int] = {}
    totals: dict[str, int] = {}
    risks: dict[str, int] = {}
    departments: dict[str, _Group] = {}
    units: dict[str, _Group] = {}
    counts = {"error": 0, "warning": 0, "high": 0}
    risk_sum = Decimal(0)
    for dept, unit, grade, total, rate, errors, warnings, risk in db.execute(
            "SELECT department, unit, grade, total, rate, errors, warnings, risk FROM forms"):
        total_d, rate_d, risk_d = _dec(total), _dec(rate), _dec(risk) or Decimal(0)
        grades[grade or "无法计算"] = grades.get(grade or "无法计算", 0) + 1
        for acc, value, bands in ((rates, rate_d, _RATE_BANDS), (totals, total_d, _TOTAL_BANDS),
                                  (risks, risk_d, _RISK_BANDS)):
            label = _band(value, bands)
            acc[label] = acc.get(label, 0) + 1
        departments.setdefault(dept or "", _Group()).add(total_d, rate_d, errors, risk_d)
        units.setdefault(unit or "", _Group()).add(total_d, rate_d, errors, risk_d)
        counts["error"] += errors
        counts["warning"] += warnings
        counts["high"] += risk_d >= HIGH_RISK
        risk_sum += risk_d
    statuses = assembly.statuses
    n = assembly.forms
    return AuditReport(
        title="财政项目支出绩效自评表 批量审核报告",
        generated=f"jixiao {__version__}",
        profile=f"{settings.profile.name}（{settings.profile.title}）",
        signals_title=settings.signals.title,
        paths=tuple(options.paths),
        totals=(("文件", str(assembly.files)), ("已读取", str(statuses.get(OK, 0))),
                ("部分读取", str(statuses.get(PARTIAL, 0))), ("失败", str(statuses.get(FAILED, 0))),
                ("跳过（非自评表）", str(statuses.get(SKIPPED, 0))), ("自评表", str(n)),
                ("错误", str(counts["error"])), ("警告", str(counts["warning"])),
                (f"高风险表（≥{HIGH_RISK}）", str(counts["high"])),
                ("平均风险分", _mean(risk_sum, n)), ("抽查样本", str(len(assembly.sample)))),
        grades=_bars(grades, [*_GRADES, "无法计算"]),
        rate_bands=_bars(rates, [b for _, b in _RATE_BANDS] + ["无法计算"]),
        total_bands=_bars(totals, [b for _, b in _TOTAL_BANDS] + ["无法计算"]),
        risk_bands=_bars(risks, [b for _, b in _RISK_BANDS]),
        findings=_finding_stats(db),
        departments=tuple(departments[k].row(k) for k in sorted(departments)),
        units=tuple(units[k].row(k) for k in sorted(units)),
        sample=_sample_rows(db, assembly),
        sample_note=_sample_note(options, assembly),
        forms_note=(f"共 {n} 张表，每页 {FORMS_PER_PAGE} 张；每张表的风险信号与问题见各页，"
                    "全部数据另见 forms.jsonl、findings.csv 与 report.xlsx。"
                    if n > FORMS_PER_PAGE else ""),
        problem_files=tuple(db.execute(
            "SELECT file, href, status, message FROM files WHERE status != ? ORDER BY rowid",
            (OK,))),
        signal_catalogue=tuple((s.code, s.title, fmt2(s.weight) or "", s.reason, s.source)
                               for s in settings.signals.signals),
    )


def _sample_note(options: AuditOptions, assembly: Assembly) -> str:
    if not options.sample:
        return "未抽样（用 --sample N --seed S 抽取）。"
    risky = sum(c.risky for c in assembly.sample)
    return (f"--sample {options.sample} --seed {options.seed}：按风险分加权随机抽取 {risky} 张，"
            f"另从低风险表中均匀随机抽取 {len(assembly.sample) - risky} 张（约 "
            f"{int(LOW_SHARE * 100)}%，防止单位把每张表压在信号之下而规避抽查）；"
            f"同样的输入、--sample 与 --seed 总得到同一样本。")


def _finding_stats(db: sqlite3.Connection) -> tuple[FindingStat, ...]:
    titles = {spec.code: spec.title for spec in check_catalogue()}
    out = []
    for code, severity, count, forms in db.execute(
            "SELECT code, min(severity), count(*) AS n, count(DISTINCT ord) FROM findings "
            "GROUP BY code ORDER BY n DESC, code LIMIT ?", (TOP_FINDINGS,)).fetchall():
        examples = tuple(f"{file}#{idx + 1} {project}：{message}" for file, idx, project, message
                         in db.execute(
                             "SELECT f.file, f.idx, f.project, x.message FROM findings x JOIN "
                             "forms f ON f.ord = x.ord WHERE x.code = ? ORDER BY x.ord LIMIT ?",
                             (code, EXAMPLES)))
        out.append(FindingStat(code, titles.get(code, code), severity, count, forms, examples))
    return tuple(out)


def form_link(anchor: int, forms: int) -> str:
    """Where the report links to form number `anchor`: on the report itself, or on its page of
    the forms list when the batch has more forms than one page holds."""
    if forms <= FORMS_PER_PAGE:
        return f"#form-{anchor}"
    return f"{PAGES_FOLDER}/{_page_name((anchor - 1) // FORMS_PER_PAGE + 1)}#form-{anchor}"


def _page_name(number: int) -> str:
    return f"page-{number:04d}.html"


def _sample_rows(db: sqlite3.Connection, assembly: Assembly) -> tuple[SampleRow, ...]:
    rows = []
    for c in assembly.sample:
        found = db.execute("SELECT ord FROM forms WHERE file = ? AND idx = ?",
                           (c.file, c.index)).fetchone()
        link = form_link(found[0] + 1, assembly.forms) if found else None
        rows.append(SampleRow(link, c.file, c.index, c.project_name, str(c.risk), c.reasons,
                              "风险加权" if c.risky else "低风险随机"))
    return tuple(rows)


def _forms(db: sqlite3.Connection, first: int = 0, count: int = -1) -> Iterator[FormEntry]:
    hrefs = dict(db.execute("SELECT file, href FROM files"))
    cursor = db.execute("SELECT ord, file, idx, project, department, unit, year, total, "
                        "printed_total, grade, rate, risk, signals FROM forms WHERE ord >= ? "
                        "ORDER BY ord LIMIT ?", (first, count))
    for (ord_, file, idx, project, dept, unit, year, total, printed, grade, rate, risk,
         signals) in cursor:
        findings = tuple(db.execute("SELECT severity, code, message, source FROM findings "
                                    "WHERE ord = ? ORDER BY rowid", (ord_,)))
        hits = tuple((h["code"], h["title"], h["weight"], h["reason"])
                     for h in json.loads(signals or "[]"))
        yield FormEntry(ord_ + 1, file, hrefs.get(file, ""), idx, project, dept or "",
                        unit or "", "" if year is None else str(year), total or "—",
                        printed or "—", grade or "—", rate or "—", risk or "0", hits, findings)


def write_report(db: sqlite3.Connection, assembly: Assembly, outputs: Any,
                 options: AuditOptions, settings: Settings) -> None:
    """report.html and report.xlsx into the assembly's pending outputs."""
    report = _report(db, assembly, options, settings)
    pages: list[Page] = []
    if assembly.forms > FORMS_PER_PAGE:
        folder = Path(outputs.folder(PAGES_FOLDER))
        count = (assembly.forms + FORMS_PER_PAGE - 1) // FORMS_PER_PAGE
        for number in range(1, count + 1):
            first = (number - 1) * FORMS_PER_PAGE
            last = min(assembly.forms, first + FORMS_PER_PAGE)
            (first_file,), (last_file,) = (db.execute("SELECT file FROM forms WHERE ord = ?",
                                                      (n,)).fetchone() for n in (first, last - 1))
            page = Page(number, f"{PAGES_FOLDER}/{_page_name(number)}", first + 1, last,
                        first_file, last_file)
            pages.append(page)
            with open(folder / _page_name(number), "w", encoding="utf-8", newline="\n") as out:
                for piece in render_forms_page(report, page, count,
                                               _forms(db, first, FORMS_PER_PAGE), "../"):
                    out.write(piece)
            os.chmod(folder / _page_name(number), 0o644)
    with open(outputs.path("report.html"), "w", encoding="utf-8", newline="\n") as html:
        for piece in render_report_html(report, () if pages else _forms(db), pages):
            html.write(piece)
    with open(outputs.path("report.xlsx"), "wb") as xlsx:
        render_report_xlsx(report, _forms(db), xlsx)
