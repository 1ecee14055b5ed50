"""What the dashboard (统计分析) and the public pages (信息公开) show, computed from the stored
summary columns of forms (total, grade, execution rate, printed total, finding codes, status):
a form is never re-evaluated here."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from jixiao.core.money import parse_printed
from jixiao.services.inputs import check_catalogue
from jixiao.services.workflow import Status
from jixiao.web.models import Department, FormRecord

#: The grades of the official scale, best first (总分 ≥90 优, 80–90 良, 60–80 中, <60 差).
GRADES = ("优", "良", "中", "差")
NO_GRADE = "未评级"
NO_RATE = "无执行率"
#: 自评虚高: a total this high …
HIGH_TOTAL = Decimal(90)
#: … while less than this share of the budget was spent (percent).
LOW_RATE = Decimal(80)
#: The finding family of 自评虚高 signals (JX501 完成值照抄指标值 …).
PLAUSIBILITY_PREFIX = "JX5"
#: How many finding codes the "most frequent findings" chart lists.
TOP_FINDINGS = 10
#: The columns the dashboard reads: the summary copies, never the form data.
SUMMARY_FIELDS = ("pk", "project_name", "year", "status", "total", "grade", "execution_rate",
                  "printed_total", "finding_codes", "unit_id", "unit__name")


@dataclass(frozen=True)
class RateBand:
    """An execution-rate band: `low` ≤ rate < `high` (percent; None is unbounded)."""

    label: str
    low: Decimal | None
    high: Decimal | None

    def holds(self, rate: Decimal) -> bool:
        return ((self.low is None or rate >= self.low)
                and (self.high is None or rate < self.high))


RATE_BANDS = (
    RateBand("<60%", None, Decimal(60)),
    RateBand("60%–80%", Decimal(60), Decimal(80)),
    RateBand("80%–90%", Decimal(80), Decimal(90)),
    RateBand("90%–100%", Decimal(90), Decimal(100)),
    RateBand("≥100%", Decimal(100), None),
)


@dataclass(frozen=True)
class FormPoint:
    """One form as the dashboard sees it: its summary columns."""

    pk: int
    project_name: str
    year: int | None
    status: str
    total: Decimal | None
    grade: str
    execution_rate: Decimal | None
    printed_total: Decimal | None
    finding_codes: tuple[str, ...]
    unit_id: int
    unit_name: str

    @property
    def url(self) -> str:
        return reverse("form", args=[self.pk])

    @property
    def high_score_low_rate(self) -> bool:
        """总分 ≥ 90 with 执行率 < 80%: a score the spending does not bear out."""
        return (self.total is not None and self.execution_rate is not None
                and self.total >= HIGH_TOTAL and self.execution_rate < LOW_RATE)

    @property
    def printed_above_computed(self) -> bool:
        """The total printed on the form is higher than the total the rules compute."""
        return (self.printed_total is not None and self.total is not None
                and self.printed_total > self.total)

    @property
    def plausibility_codes(self) -> list[str]:
        return [c for c in self.finding_codes if c.startswith(PLAUSIBILITY_PREFIX)]


@dataclass(frozen=True)
class Count:
    """One bar of a distribution: its key, its Chinese label and how many."""

    key: str
    label: str
    count: int


@dataclass(frozen=True)
class FindingCount:
    """A finding code with its catalogue title: how often it occurs and in how many forms."""

    code: str
    title: str
    occurrences: int
    forms: int


@dataclass(frozen=True)
class FlaggedForm:
    """A form with a 自评虚高 signal, and its JX5xx findings tallied (code, title, count)."""

    point: FormPoint
    plausibility: list[Count]


@dataclass
class UnitSignals:
    """A unit's 自评虚高 signals over its forms in the selection."""

    unit_id: int
    unit_name: str
    form_count: int = 0
    plausibility_findings: int = 0
    high_score_low_rate: list[FormPoint] = field(default_factory=list)
    printed_above: list[FormPoint] = field(default_factory=list)
    flagged: list[FlaggedForm] = field(default_factory=list)

    @property
    def any(self) -> bool:
        return bool(self.plausibility_findings or self.high_score_low_rate or self.printed_above)


@dataclass(frozen=True)
class Dashboard:
    """Everything the dashboard draws, for one selection of forms."""

    form_count: int
    statuses: list[Count]
    grades: list[Count]
    rate_bands: list[Count]
    points: list[FormPoint]
    findings: list[FindingCount]
    signals: list[UnitSignals]

    @property
    def scatter(self) -> list[FormPoint]:
        """The forms that have both a total and an execution rate."""
        return [p for p in self.points if p.total is not None and p.execution_rate is not None]

    @property
    def unplotted(self) -> int:
        """How many forms the scatter leaves out (no total or no execution rate)."""
        return self.form_count - len(self.scatter)


def points_of(forms: QuerySet[FormRecord]) -> list[FormPoint]:
    """The summary of each form of the query, read in one query."""
    return [FormPoint(pk=row["pk"], project_name=row["project_name"], year=row["year"],
                      status=row["status"], total=row["total"], grade=row["grade"] or "",
                      execution_rate=row["execution_rate"],
                      printed_total=parse_printed(row["printed_total"] or None),
                      finding_codes=tuple(row["finding_codes"] or ()),
                      unit_id=row["unit_id"], unit_name=row["unit__name"])
            for row in forms.order_by("pk").values(*SUMMARY_FIELDS)]


def build_dashboard(points: Sequence[FormPoint]) -> Dashboard:
    """The counts, distributions and signals of these forms."""
    return Dashboard(form_count=len(points), statuses=status_counts(points),
                     grades=grade_counts(points), rate_bands=rate_band_counts(points),
                     points=list(points), findings=top_findings(points),
                     signals=unit_signals(points))


def status_counts(points: Iterable[FormPoint]) -> list[Count]:
    """Forms per workflow status, every status listed (草稿 … 已公开)."""
    counts = Counter(p.status for p in points)
    return [Count(s.value, s.label, counts[s.value]) for s in Status]


def grade_counts(points: Iterable[FormPoint]) -> list[Count]:
    """Forms per grade 优/良/中/差; forms without one as 未评级 (listed only when any)."""
    counts = Counter(p.grade if p.grade in GRADES else NO_GRADE for p in points)
    rows = [Count(g, g, counts[g]) for g in GRADES]
    if counts[NO_GRADE]:
        rows.append(Count("none", NO_GRADE, counts[NO_GRADE]))
    return rows


def rate_band_of(rate: Decimal | None) -> str | None:
    """The label of the band an execution rate falls in; None without a rate."""
    if rate is None:
        return None
    return next(b.label for b in RATE_BANDS if b.holds(rate))


def rate_band_counts(points: Iterable[FormPoint]) -> list[Count]:
    """Forms per execution-rate band; forms without a rate last (listed only when any)."""
    counts = Counter(rate_band_of(p.execution_rate) for p in points)
    rows = [Count(b.label, b.label, counts[b.label]) for b in RATE_BANDS]
    if counts[None]:
        rows.append(Count("none", NO_RATE, counts[None]))
    return rows


def finding_titles() -> dict[str, str]:
    """Every finding code's Chinese title, from the check catalogue."""
    return {spec.code: spec.title for spec in check_catalogue()}


def top_findings(points: Iterable[FormPoint], limit: int = TOP_FINDINGS) -> list[FindingCount]:
    """The most frequent finding codes (by occurrences, then code), with their titles."""
    occurrences: Counter[str] = Counter()
    forms: Counter[str] = Counter()
    for p in points:
        occurrences.update(p.finding_codes)
        forms.update(set(p.finding_codes))
    titles = finding_titles()
    ranked = sorted(occurrences.items(), key=lambda item: (-item[1], item[0]))[:limit]
    return [FindingCount(code, titles.get(code, "（未收录的代码）"), n, forms[code])
            for code, n in ranked]


def unit_signals(points: Iterable[FormPoint]) -> list[UnitSignals]:
    """Units with 自评虚高 signals, the most signals first: JX5xx findings, forms scored
    ≥ 90 with execution rate < 80%, forms whose printed total exceeds the computed one."""
    units: dict[int, UnitSignals] = {}
    titles = finding_titles()
    for p in points:
        unit = units.setdefault(p.unit_id, UnitSignals(p.unit_id, p.unit_name))
        unit.form_count += 1
        unit.plausibility_findings += len(p.plausibility_codes)
        if p.high_score_low_rate:
            unit.high_score_low_rate.append(p)
        if p.printed_above_computed:
            unit.printed_above.append(p)
        if p.plausibility_codes or p.high_score_low_rate or p.printed_above_computed:
            tally = sorted(Counter(p.plausibility_codes).items())
            unit.flagged.append(FlaggedForm(p, [Count(code, titles.get(code, ""), n)
                                                for code, n in tally]))
    flagged = [u for u in units.values() if u.any]
    return sorted(flagged, key=lambda u: (-(u.plausibility_findings + len(u.high_score_low_rate)
                                            + len(u.printed_above)), u.unit_name))


def chart_data(dashboard: Dashboard) -> dict[str, Any]:
    """The numbers the charts draw, as JSON-ready values (numbers as strings: Decimal)."""
    def bars(rows: list[Count]) -> dict[str, list[Any]]:
        return {"labels": [r.label for r in rows], "values": [r.count for r in rows]}

    return {
        "statuses": bars(dashboard.statuses),
        "grades": bars(dashboard.grades),
        "rates": bars(dashboard.rate_bands),
        "scatter": [{"rate": str(p.execution_rate), "total": str(p.total),
                     "name": p.project_name, "unit": p.unit_name, "url": p.url}
                    for p in dashboard.scatter],
        "thresholds": {"rate": str(LOW_RATE), "total": str(HIGH_TOTAL)},
        "findings": {"labels": [f"{f.code} {f.title}" for f in dashboard.findings],
                     "values": [f.occurrences for f in dashboard.findings]},
    }


# ---------------------------------------------------------------- the selection


def years_of(forms: QuerySet[FormRecord]) -> list[int]:
    """The years the forms cover, latest first."""
    return sorted({y for y in forms.order_by().values_list("year", flat=True).distinct() if y},
                  reverse=True)


def filter_forms(forms: QuerySet[FormRecord], year: str = "", department: str = ""
                 ) -> QuerySet[FormRecord]:
    """The forms of a year and a department (ids as typed in a query string; anything
    else than digits selects all)."""
    if year.isdigit():
        forms = forms.filter(year=int(year))
    if department.isdigit():
        forms = forms.filter(unit__department_id=int(department))
    return forms


# ---------------------------------------------------------------- published forms


def published_forms() -> QuerySet[FormRecord]:
    """The forms made public by finance (已公开): the only ones the public pages show."""
    return (FormRecord.objects.select_related("unit", "unit__department")
            .filter(status=Status.PUBLISHED.value)
            .order_by("-year", "unit__department__name", "unit__name", "project_name", "pk"))


def published_departments() -> QuerySet[Department]:
    """The departments that have at least one published form."""
    return Department.objects.filter(
        units__forms__status=Status.PUBLISHED.value).distinct().order_by("name")


#: The formats a published form can be downloaded in (the official layout or its data).
PUBLIC_FORMATS = ("pdf", "xlsx", "json")


def public_row(record: FormRecord) -> dict[str, Any]:
    """A published form as the public JSON list gives it: no user names, no findings."""
    return {
        "id": record.pk,
        "project_name": record.project_name,
        "year": record.year,
        "department": record.unit.department.name,
        "implementing_unit": record.unit.name,
        "total": _text(record.total),
        "printed_total": record.printed_total or None,
        "reviewed_total": _text(record.reviewed_total),
        "grade": record.grade or None,
        "execution_rate": _text(record.execution_rate),
        "published_at": record.published_at.isoformat() if record.published_at else None,
        "view": reverse("public_form", args=[record.pk]),
        "document": reverse("public_document", args=[record.pk]),
        "downloads": {fmt: reverse("public_download", args=[record.pk, fmt])
                      for fmt in PUBLIC_FORMATS},
    }


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)
