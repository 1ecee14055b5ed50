"""Risk of an inflated (自评虚高) or careless self-evaluation: signals as data, explained scores.

The signals are a data file (`signals/default.toml`, or a user's copy): each one named (`code`,
`title`), weighted, with its reason and source; `kind` names one of the tests below and the
other keys are that test's parameters. A form's risk score is the sum of the weights of the
signals that fired, capped at 100, and each fired signal says why with the form's numbers.

Two families of tests: *local* ones look at one form (its scorecard and findings); *cross* ones
compare it with the other forms of a batch — the caller finds the other forms (this module
touches no files) and hands in `CrossFacts`; the keys it should group forms by come from
`form_keys`.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from importlib import resources
from typing import Any

from jixiao.core.findings import SEVERITY_ORDER, Finding, Severity
from jixiao.core.model import Form
from jixiao.core.money import fmt2, round2
from jixiao.core.scorecard import RowStatus, Scorecard
from jixiao.core.values import Operator, ValueKind, normalize_text, parse_value
from jixiao.rules.notes import fold_note
from jixiao.rules.profile import Profile

__all__ = [
    "KINDS", "MAX_RISK", "CrossFacts", "FormKeys", "History", "Risk", "Signal", "SignalError",
    "SignalHit", "SignalSet", "cross_hits", "form_keys", "load_signals", "local_hits",
    "parse_signals", "risk_of",
]

#: A risk score never exceeds this, however many signals fire.
MAX_RISK = Decimal(100)
DEFAULT_SIGNALS = "default"
_PACKAGE, _DIR = "jixiao.rules", "signals"
_CODE = re.compile(r"^[A-Z][A-Z0-9]{1,7}$")
_YEAR = re.compile(r"(?:19|20)\d\d\s*年度?|[（(]\s*(?:19|20)\d\d\s*[)）]")


class SignalError(ValueError):
    """A signals file that cannot be used: the message names the file and the key."""


@dataclass(frozen=True)
class Signal:
    """One named, weighted signal: what it tests (`kind` and `params`), why and on what basis."""

    code: str
    kind: str
    title: str
    weight: Decimal
    reason: str
    source: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def param(self, name: str) -> Any:
        return self.params.get(name, KINDS[self.kind].params[name][1])

    def decimal(self, name: str) -> Decimal:
        return Decimal(str(self.param(name)))


@dataclass(frozen=True)
class SignalSet:
    """The signals of one file, in file order, with the file's name, title and sources."""

    name: str
    title: str
    sources: tuple[str, ...]
    signals: tuple[Signal, ...]
    fingerprint: str  # SHA-256 of the file's text: results computed under it can be reused

    def of_kind(self, *kinds: str) -> list[Signal]:
        return [s for s in self.signals if s.kind in kinds]


@dataclass(frozen=True)
class SignalHit:
    """A signal that fired on a form: its code, title and weight, and why, with numbers."""

    code: str
    title: str
    weight: Decimal
    reason: str

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "title": self.title, "weight": fmt2(self.weight) or "0.00",
                "reason": self.reason}

    @classmethod
    def from_dict(cls, data: Mapping[str, str]) -> SignalHit:
        return cls(data["code"], data["title"], Decimal(data["weight"]), data["reason"])


@dataclass(frozen=True)
class Risk:
    """A form's risk: the fired signals and their summed weight, capped at `MAX_RISK`."""

    score: Decimal
    hits: tuple[SignalHit, ...]

    @property
    def reasons(self) -> str:
        return "；".join(f"{h.code} {h.title}（+{fmt2(h.weight)}）：{h.reason}" for h in self.hits)


def risk_of(hits: Iterable[SignalHit], signals: SignalSet) -> Risk:
    """The risk of a form whose signals `hits` fired: in the file's order, score = Σ weights
    (at most `MAX_RISK`)."""
    order = {s.code: i for i, s in enumerate(signals.signals)}
    ordered = tuple(sorted(hits, key=lambda h: order.get(h.code, len(order))))
    return Risk(round2(min(MAX_RISK, sum((h.weight for h in ordered), Decimal(0)))), ordered)


# ---------------------------------------------------------------- local tests


@dataclass(frozen=True)
class _Local:
    form: Form
    scorecard: Scorecard
    findings: Sequence[Finding]
    profile: Profile


def _hit(signal: Signal, reason: str) -> SignalHit:
    return SignalHit(signal.code, signal.title, signal.weight, reason)


def _quantity_rows(ctx: _Local) -> list[tuple[int, Any, Any]]:
    vocabulary = ctx.profile.vocabulary
    rows = []
    for row in ctx.scorecard.rows:
        if row.status is RowStatus.NOT_APPLICABLE:
            continue
        ind = ctx.form.indicators[row.index]
        target, actual = parse_value(ind.target, vocabulary), parse_value(ind.actual, vocabulary)
        if ValueKind.QUANTITY == target.kind == actual.kind and target.number is not None:
            rows.append((row.index, target, actual))
    return rows


def _all_actuals_equal_targets(signal: Signal, ctx: _Local) -> str | None:
    rows = _quantity_rows(ctx)
    if len(rows) < int(signal.param("min_rows")):
        return None
    if all(actual.number == target.number for _, target, actual in rows):
        return f"全部 {len(rows)} 个定量指标的实际完成值都恰好等于年度指标值"
    return None


def _is_satisfaction(ctx: _Local, index: int) -> bool:
    ind = ctx.form.indicators[index]
    level1 = ctx.profile.level1_for(ind.level1)
    return (level1 is not None and level1.key == "satisfaction") or "满意" in (ind.name or "")


def _satisfaction_at_threshold(signal: Signal, ctx: _Local) -> str | None:
    rows = [(i, t, a) for i, t, a in _quantity_rows(ctx)
            if t.operator in (Operator.GE, Operator.EQ) and _is_satisfaction(ctx, i)]
    if rows and all(a.number == t.number for _, t, a in rows):
        shown = "、".join(f"{ctx.form.indicators[i].name or ''} {ctx.form.indicators[i].actual}"
                         for i, _, _ in rows[:3])
        return f"{len(rows)} 个满意度指标全部恰好等于目标门槛（{shown}）"
    return None


def _all_full_marks(signal: Signal, ctx: _Local) -> str | None:
    rows = [ctx.form.indicators[r.index] for r in ctx.scorecard.rows
            if r.status is not RowStatus.NOT_APPLICABLE]
    printed = [(ind.score_value, ind.weight_value) for ind in rows]
    scored = [(s, w) for s, w in printed if s is not None and w is not None and w > 0]
    if len(scored) < int(signal.param("min_rows")):
        return None
    if all(s >= w for s, w in scored):
        return f"全部 {len(scored)} 个指标都得满分"
    return None


def _high_total_low_rate(signal: Signal, ctx: _Local) -> str | None:
    total = ctx.form.total.score_value
    rate = ctx.scorecard.execution_rate.value
    if rate is None:
        rate = ctx.form.funds.rate_value
    if total is None or rate is None:
        return None
    if total >= signal.decimal("min_total") and rate < signal.decimal("max_rate"):
        return (f"总分 {ctx.form.total.score} 不低于 {fmt2(signal.decimal('min_total'))}，"
                f"而预算执行率仅 {fmt2(rate)}%（低于 {fmt2(signal.decimal('max_rate'))}%）")
    return None


def _rows_of_status(ctx: _Local, status: RowStatus) -> list[int]:
    return [r.index for r in ctx.scorecard.rows if r.status is status]


def _row_names(ctx: _Local, rows: Sequence[int]) -> str:
    names = [f"第{i + 1}行 {ctx.form.indicators[i].name or ''}".rstrip() for i in rows[:3]]
    return "、".join(names) + ("等" if len(rows) > 3 else "")


def _inflated_rows(signal: Signal, ctx: _Local) -> str | None:
    rows = _rows_of_status(ctx, RowStatus.INFLATED)
    if len(rows) < int(signal.param("min_rows")):
        return None
    by_index = {r.index: r for r in ctx.scorecard.rows}
    shown = "、".join(
        f"第{i + 1}行 表上 {fmt2(by_index[i].printed_score)} / 计算 "
        f"{fmt2(by_index[i].computed.value)}" for i in rows[:3])
    return f"{len(rows)} 个指标的表上得分高于计算得分：{shown}" + ("等" if len(rows) > 3 else "")


def _matches(code: str, patterns: Sequence[str]) -> bool:
    return any(code.startswith(p) for p in patterns)


def _findings(signal: Signal, ctx: _Local) -> str | None:
    patterns = list(signal.param("codes"))
    floor = SEVERITY_ORDER[Severity(signal.param("severity"))]
    hits = [f for f in ctx.findings
            if _matches(f.code, patterns) and SEVERITY_ORDER[f.severity] <= floor]
    if not hits:
        return None
    codes = "、".join(sorted({f.code for f in hits}))
    return f"{len(hits)} 条（{codes}），如：{hits[0].message}"


def _notes_copied_within(signal: Signal, ctx: _Local) -> str | None:
    seen: dict[str, list[int]] = {}
    for i, ind in enumerate(ctx.form.indicators):
        folded = fold_note(ind.note)
        if len(folded) >= int(signal.param("min_chars")):
            seen.setdefault(folded, []).append(i)
    copied = [rows for rows in seen.values() if len(rows) >= int(signal.param("min_rows"))]
    if not copied:
        return None
    rows = max(copied, key=len)
    note = ctx.form.indicators[rows[0]].note or ""
    return f"{len(rows)} 个指标的偏差说明相同（{_row_names(ctx, rows)}）：“{_clip(note)}”"


def _clip(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


LocalTest = Callable[[Signal, _Local], "str | None"]


def local_hits(signals: SignalSet, form: Form, scorecard: Scorecard,
               findings: Sequence[Finding], profile: Profile) -> list[SignalHit]:
    """The local signals of `signals` that fire on one evaluated form."""
    ctx = _Local(form, scorecard, findings, profile)
    return _fired(signals, lambda kind: kind.local, ctx)


# ---------------------------------------------------------------- cross tests


@dataclass(frozen=True)
class FormKeys:
    """What a batch groups a form by to find the cross signals.

    `notes`: folded deviation notes long enough to count as copied; `indicator_set`: a hash
    of the form's indicator names when it has enough rows; `series`: the project across years
    (unit and name without the year); `values`: each indicator name → (target, actual).
    """

    unit: str
    year: int | None
    notes: tuple[str, ...]
    indicator_set: str | None
    series: str | None
    values: tuple[tuple[str, str | None, str | None], ...]

    def to_dict(self) -> dict[str, Any]:
        return {"unit": self.unit, "year": self.year, "notes": list(self.notes),
                "indicator_set": self.indicator_set, "series": self.series,
                "values": [list(v) for v in self.values]}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FormKeys:
        return cls(data["unit"], data["year"], tuple(data["notes"]), data["indicator_set"],
                   data["series"], tuple((n, t, a) for n, t, a in data["values"]))


def unit_of(form: Form) -> str:
    """The unit a form belongs to: 实施单位, else 主管部门."""
    return (form.implementing_unit or form.department or "").strip()


def form_keys(form: Form, signals: SignalSet) -> FormKeys:
    """The keys by which a batch finds the cross signals of `form`."""
    min_chars = min((int(s.param("min_chars")) for s in signals.of_kind("notes_copied_across")),
                    default=None)
    notes: tuple[str, ...] = ()
    if min_chars is not None:
        folded = {fold_note(ind.note) for ind in form.indicators}
        notes = tuple(sorted(n for n in folded if len(n) >= min_chars))
    min_rows = min((int(s.param("min_rows"))
                    for s in signals.of_kind("indicators_copied_across")), default=None)
    names = sorted(normalize_text(ind.name) for ind in form.indicators if ind.name)
    indicator_set = None
    if min_rows is not None and len(names) >= min_rows:
        indicator_set = hashlib.sha256("\n".join(names).encode()).hexdigest()[:32]
    unit = unit_of(form)
    project = _YEAR.sub("", normalize_text(form.project_name))
    series = f"{normalize_text(unit)}\n{project}" if project and form.year else None
    values = tuple((normalize_text(ind.name), ind.target, ind.actual)
                   for ind in form.indicators if ind.name)
    return FormKeys(unit, form.year, notes, indicator_set, series, values)


@dataclass(frozen=True)
class History:
    """The same project's form of an earlier year: its year and indicator values."""

    year: int
    values: tuple[tuple[str, str | None, str | None], ...]


@dataclass(frozen=True)
class CrossFacts:
    """What the batch knows about a form among the others.

    `copied_notes`: (note, other forms with it); `indicator_set_units`: other units whose
    forms have the same indicator names; `previous`: the project's form of the latest earlier
    year, if any.
    """

    keys: FormKeys
    copied_notes: tuple[tuple[str, int], ...] = ()
    indicator_set_units: tuple[str, ...] = ()
    previous: History | None = None


def _notes_copied_across(signal: Signal, facts: CrossFacts) -> str | None:
    least = int(signal.param("min_chars"))
    long_enough = [(n, c) for n, c in facts.copied_notes if len(n) >= least]
    if not long_enough:
        return None
    note, count = max(long_enough, key=lambda nc: (nc[1], nc[0]))
    return f"偏差说明“{_clip(note)}”也出现在另外 {count} 张表中"


def _indicators_copied_across(signal: Signal, facts: CrossFacts) -> str | None:
    units = facts.indicator_set_units
    if not units or len(facts.keys.values) < int(signal.param("min_rows")):
        return None
    shown = "、".join(units[:3]) + ("等" if len(units) > 3 else "")
    return (f"{len(facts.keys.values)} 个三级指标与另外 {len(units)} 个单位的表完全相同"
            f"（{shown}）")


def _paired(facts: CrossFacts) -> list[tuple[str, tuple[str | None, str | None],
                                            tuple[str | None, str | None]]]:
    if facts.previous is None:
        return []
    before = {n: (t, a) for n, t, a in facts.previous.values}
    return [(n, before[n], (t, a)) for n, t, a in facts.keys.values if n in before]


def _targets_never_move(signal: Signal, facts: CrossFacts) -> str | None:
    pairs = _paired(facts)
    if facts.previous is None or len(pairs) < int(signal.param("min_rows")):
        return None
    if len(pairs) == len(facts.keys.values) and all(old[0] == new[0] for _, old, new in pairs):
        return (f"与 {facts.previous.year} 年同一项目相比，全部 {len(pairs)} 个指标的"
                f"年度指标值都没有变化")
    return None


def _number(text: str | None) -> Decimal | None:
    value = parse_value(text)
    return value.number if value.kind is ValueKind.QUANTITY else None


def _actuals_jump(signal: Signal, facts: CrossFacts) -> str | None:
    ratio = signal.decimal("min_ratio")
    for name, old, new in _paired(facts):
        if old[0] != new[0]:
            continue
        before, after = _number(old[1]), _number(new[1])
        if before is None or after is None or before <= 0 or after <= 0:
            continue
        if after >= before * ratio or before >= after * ratio:
            assert facts.previous is not None
            return (f"指标“{name}”目标未变（{new[0]}），实际完成值由 {facts.previous.year} 年的 "
                    f"{old[1]} 变为 {new[1]}")
    return None


CrossTest = Callable[[Signal, CrossFacts], "str | None"]


def cross_hits(signals: SignalSet, facts: CrossFacts) -> list[SignalHit]:
    """The cross signals of `signals` that fire on a form, given what the batch knows."""
    return _fired(signals, lambda kind: kind.cross, facts)


def _fired(signals: SignalSet, test_of: Callable[[Kind], Any], facts: Any) -> list[SignalHit]:
    """The signals whose test (local or cross, as `test_of` picks it) fires on `facts`."""
    out = []
    for signal in signals.signals:
        test = test_of(KINDS[signal.kind])
        if test is not None and (reason := test(signal, facts)) is not None:
            out.append(_hit(signal, reason))
    return out


# ---------------------------------------------------------------- the catalogue of kinds


@dataclass(frozen=True)
class Kind:
    """A test a signal can run: local (one form) or cross (among forms), and its parameters
    (name → (type, default))."""

    params: Mapping[str, tuple[type, Any]]
    local: LocalTest | None = None
    cross: CrossTest | None = None


KINDS: dict[str, Kind] = {
    "all_actuals_equal_targets": Kind({"min_rows": (int, 3)}, local=_all_actuals_equal_targets),
    "satisfaction_at_threshold": Kind({}, local=_satisfaction_at_threshold),
    "all_full_marks": Kind({"min_rows": (int, 5)}, local=_all_full_marks),
    "high_total_low_rate": Kind({"min_total": (str, "90"), "max_rate": (str, "80")},
                                local=_high_total_low_rate),
    "inflated_rows": Kind({"min_rows": (int, 1)}, local=_inflated_rows),
    "findings": Kind({"codes": (list, []), "severity": (str, "info")}, local=_findings),
    "notes_copied_within": Kind({"min_rows": (int, 2), "min_chars": (int, 6)},
                                local=_notes_copied_within),
    "notes_copied_across": Kind({"min_chars": (int, 12)}, cross=_notes_copied_across),
    "indicators_copied_across": Kind({"min_rows": (int, 4)}, cross=_indicators_copied_across),
    "targets_never_move": Kind({"min_rows": (int, 3)}, cross=_targets_never_move),
    "actuals_jump": Kind({"min_ratio": (str, "2")}, cross=_actuals_jump),
}


# ---------------------------------------------------------------- the strict loader


_TOP = {"name", "title", "sources", "signal"}
_FIELDS = {"code", "kind", "title", "weight", "reason", "source"}


def load_signals(name: str = DEFAULT_SIGNALS) -> SignalSet:
    """A signals file that ships with jixiao (`signals/NAME.toml`)."""
    ref = resources.files(_PACKAGE).joinpath(_DIR, f"{name}.toml")
    if not re.fullmatch(r"[a-z0-9-]+", name) or not ref.is_file():
        raise SignalError(f"{name}: 没有这个风险信号配置")
    return parse_signals(ref.read_text(encoding="utf-8"), f"{name}.toml")


def parse_signals(text: str, display: str) -> SignalSet:
    """A signals file's text (named `display` in messages), strictly checked.

    Raises:
        SignalError: TOML syntax, unknown or missing keys, wrong types, bad values, duplicate
            codes — naming the file and the key.
    """
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SignalError(f"{display}: TOML 语法错误：{exc}") from exc
    _no_unknown(raw, _TOP, display, "")
    for key in ("name", "title"):
        _typed(raw, key, str, display, key)
    sources = raw.get("sources", [])
    if not isinstance(sources, list) or not all(isinstance(s, str) for s in sources):
        raise SignalError(f"{display}: sources: 应为字符串数组")
    entries = raw.get("signal")
    if not isinstance(entries, list) or not entries:
        raise SignalError(f"{display}: signal: 至少要有一个 [[signal]]")
    signals: list[Signal] = []
    for n, entry in enumerate(entries):
        signals.append(_signal(entry, display, f"signal[{n}]"))
    codes = [s.code for s in signals]
    if dup := sorted({c for c in codes if codes.count(c) > 1}):
        raise SignalError(f"{display}: signal: 代码重复：{'、'.join(dup)}")
    fingerprint = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return SignalSet(raw["name"], raw["title"], tuple(sources), tuple(signals), fingerprint)


def _signal(entry: Any, display: str, where: str) -> Signal:
    if not isinstance(entry, dict):
        raise SignalError(f"{display}: {where}: 应为表")
    for key in _FIELDS:
        _typed(entry, key, str, display, f"{where}.{key}")
    code, kind = entry["code"], entry["kind"]
    if not _CODE.match(code):
        raise SignalError(
            f"{display}: {where}.code: 代码应为大写字母开头的 2–8 个字母或数字：{code}")
    if kind not in KINDS:
        raise SignalError(f"{display}: {where}.kind: 未知的信号类型 {kind}"
                          f"（可用：{'、'.join(sorted(KINDS))}）")
    spec = KINDS[kind]
    _no_unknown(entry, _FIELDS | set(spec.params), display, where)
    try:
        weight = Decimal(entry["weight"])
    except InvalidOperation:
        weight = Decimal(-1)
    if not weight.is_finite() or not Decimal(0) <= weight <= MAX_RISK:
        raise SignalError(f"{display}: {where}.weight: 权重应为 0–100 的数：{entry['weight']}")
    params: dict[str, Any] = {}
    for key, (kind_type, _default) in spec.params.items():
        if key not in entry:
            continue
        value = entry[key]
        if kind_type is int and (isinstance(value, bool) or not isinstance(value, int)
                                 or value < 0):
            raise SignalError(f"{display}: {where}.{key}: 应为非负整数")
        if kind_type is str:
            if not isinstance(value, str):
                raise SignalError(f"{display}: {where}.{key}: 应为字符串")
            if key == "severity":
                if value not in {s.value for s in Severity}:
                    raise SignalError(f"{display}: {where}.{key}: 应为 error、warning 或 info")
            else:
                try:
                    Decimal(value)
                except InvalidOperation:
                    raise SignalError(f"{display}: {where}.{key}: 应为数字字符串") from None
        if kind_type is list and (not isinstance(value, list)
                                  or not all(isinstance(v, str) for v in value)):
            raise SignalError(f"{display}: {where}.{key}: 应为字符串数组")
        params[key] = tuple(value) if isinstance(value, list) else value
    return Signal(code, kind, entry["title"], weight, entry["reason"], entry["source"], params)


def _no_unknown(table: Mapping[str, Any], allowed: set[str], display: str, where: str) -> None:
    unknown = sorted(set(table) - allowed)
    if unknown:
        place = f"{where}.{unknown[0]}" if where else unknown[0]
        raise SignalError(f"{display}: {place}: 未知的键")


def _typed(table: Mapping[str, Any], key: str, kind: type, display: str, where: str) -> None:
    if key not in table:
        raise SignalError(f"{display}: {where}: 缺少此键")
    if not isinstance(table[key], kind):
        raise SignalError(f"{display}: {where}: 应为字符串")
