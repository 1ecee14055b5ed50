"""The check registry: every check is registered data (code, family, severity, title, source).

A check is a function `CheckContext → Iterable[Hit]`; the registry turns hits into findings,
applies the profile's severities and the user's silenced codes, and turns a check that
raised into an internal finding (JX901) instead of aborting the run.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property, lru_cache
from typing import Any

from jixiao.core.findings import SEVERITY_ORDER, Finding, Severity, SourceRef
from jixiao.core.model import Form, Indicator
from jixiao.core.scorecard import RowScore, Scorecard
from jixiao.core.values import (
    EMPTY_VOCABULARY,
    Value,
    ValueKind,
    Vocabulary,
    normalize_text,
    parse_value,
)
from jixiao.rules.profile import Level1, Profile, level_key

FAMILIES: dict[str, str] = {
    "1": "arithmetic",
    "2": "structure",
    "3": "meaning",
    "4": "reasons",
    "5": "plausibility",
    "9": "internal",
}
FAMILY_LABELS: dict[str, str] = {
    "arithmetic": "算术",
    "structure": "结构",
    "meaning": "含义",
    "reasons": "说明",
    "plausibility": "可信度",
    "internal": "内部",
}
_CODE = re.compile(r"^JX([1-9])\d\d$")
DEFAULT_TOLERANCE = Decimal("0.01")


@dataclass(frozen=True)
class CheckSpec:
    """What a check is, as data: stable `code`, `family`, default `severity`, a Chinese
    `title` and one-line `rationale`, and the `source` document it rests on."""

    code: str
    family: str
    severity: Severity
    title: str
    rationale: str
    source: str


@dataclass(frozen=True)
class Hit:
    """One thing a check noticed; the registry turns it into a `Finding`.

    `severity` overrides the check's default for this hit (e.g. a profile that *requires*
    an explanation); the profile's `[checks.severity]` still wins over both.
    """

    path: str | None
    message: str
    severity: Severity | None = None
    hint: str | None = None


CheckFunction = Callable[["CheckContext"], Iterable[Hit]]


@dataclass(frozen=True)
class Check:
    """A registered check: its spec and its function."""

    spec: CheckSpec
    function: CheckFunction


_REGISTRY: dict[str, Check] = {}


def register(code: str, severity: Severity, title: str, rationale: str,
             source: str) -> Callable[[CheckFunction], CheckFunction]:
    """Decorator registering a check under a stable code (JX1xx … JX5xx, JX9xx).

    Raises:
        ValueError: for a malformed or already registered code (programmer error).
    """
    match = _CODE.match(code)
    if not match or match.group(1) not in FAMILIES:
        raise ValueError(f"检查代码格式错误：{code}")
    if code in _REGISTRY:
        raise ValueError(f"检查代码重复注册：{code}")
    spec = CheckSpec(code=code, family=FAMILIES[match.group(1)], severity=severity,
                     title=title, rationale=rationale, source=source)

    def decorate(function: CheckFunction) -> CheckFunction:
        _REGISTRY[code] = Check(spec=spec, function=function)
        return function

    return decorate


INTERNAL = CheckSpec(
    code="JX901", family="internal", severity=Severity.ERROR,
    title="检查程序内部错误",
    rationale="某项检查运行时出错；其余检查照常进行，请报告此问题",
    source="jixiao 架构约定 3（发现即数据，检查出错不中断运行）",
)


def catalogue() -> list[CheckSpec]:
    """Every registered check (and the internal JX901), sorted by code."""
    specs = [c.spec for c in _REGISTRY.values()] + [INTERNAL]
    return sorted(specs, key=lambda s: s.code)


def registered_checks() -> list[Check]:
    """The registered checks with their functions, sorted by code."""
    return [_REGISTRY[code] for code in sorted(_REGISTRY)]


# --------------------------------------------------------------------------------------
# The context a check reads
# --------------------------------------------------------------------------------------


class CheckContext:
    """What a check sees: the form, the profile, the engine's scorecard, and parsed values.

    Parsed targets/actuals are computed once and shared by all checks.
    """

    def __init__(self, form: Form, profile: Profile, scorecard: Scorecard) -> None:
        self.form = form
        self.profile = profile
        self.scorecard = scorecard

    # -- profile parameters -------------------------------------------------------------

    @property
    def checks_table(self) -> Mapping[str, Any]:
        """The profile's `[checks]` table (empty when the profile has none)."""
        return self.profile.checks

    def param(self, key: str, default: Any) -> Any:
        """A check parameter from the profile's `[checks.params]`, or `default`."""
        params = self.checks_table.get("params", {})
        if isinstance(params, Mapping) and key in params:
            return params[key]
        return default

    def decimal_param(self, key: str, default: str) -> Decimal:
        """A numeric check parameter as Decimal (TOML floats are read via their text)."""
        raw = self.param(key, default)
        return raw if isinstance(raw, Decimal) else Decimal(str(raw))

    def words_param(self, key: str, default: Iterable[str]) -> tuple[str, ...]:
        """A word-list check parameter."""
        raw = self.param(key, None)
        if raw is None:
            return tuple(default)
        return tuple(str(w) for w in raw)

    @property
    def tolerance(self) -> Decimal:
        """The profile's score tolerance (default 0.01)."""
        return self.profile.comparison.tolerance

    @property
    def vocabulary(self) -> Vocabulary:
        """The profile's tier and 不适用 vocabulary."""
        return self.profile.vocabulary

    def grade_for(self, total: Decimal) -> str:
        """The grade whose band holds `total` under the profile."""
        return self.profile.grades.grade_of(total)

    def is_substantive(self, note: str | None) -> bool:
        """A 偏差原因 that says something: not empty, not the profile's boilerplate, not one
        of the check parameter `boilerplate_notes` (default 无, /, 已完成, 暂无…)."""
        extra = self.words_param("boilerplate_notes", DEFAULT_BOILERPLATE)
        return is_substantive_note(note, (*self.profile.comparison.boilerplate_notes, *extra))

    # -- structure ----------------------------------------------------------------------

    @cached_property
    def levels(self) -> tuple[tuple[str | None, str | None], ...]:
        """(一级, 二级) as printed for every row, blanks filled down from the row above."""
        out: list[tuple[str | None, str | None]] = []
        last1: str | None = None
        last2: str | None = None
        for ind in self.form.indicators:
            l1 = ind.level1 if ind.level1 and ind.level1.strip() else last1
            if ind.level2 and ind.level2.strip():
                l2: str | None = ind.level2
            else:
                l2 = last2 if l1 == last1 else None
            out.append((l1, l2))
            last1, last2 = l1, l2
        return tuple(out)

    @cached_property
    def level_keys(self) -> tuple[tuple[str, str], ...]:
        """(一级, 二级) of every row reduced for matching (`产出指标` → `产出`)."""
        return tuple((level_key(l1 or ""), level_key(l2 or "")) for l1, l2 in self.levels)

    def level1_of(self, index: int) -> Level1 | None:
        """The profile's 一级 family of a row, or None when its 一级 is unknown."""
        return self.profile.level1_for(self.levels[index][0])

    # -- parsed values ------------------------------------------------------------------

    @cached_property
    def targets(self) -> tuple[Value, ...]:
        """年度指标值 of every row, parsed with the profile vocabulary."""
        return tuple(parse_value(i.target, self.vocabulary) for i in self.form.indicators)

    @cached_property
    def actuals(self) -> tuple[Value, ...]:
        """实际完成值 of every row, parsed with the profile vocabulary."""
        return tuple(parse_value(i.actual, self.vocabulary) for i in self.form.indicators)

    @cached_property
    def row_scores(self) -> dict[int, RowScore]:
        """The engine's row scores by indicator index."""
        return {r.index: r for r in self.scorecard.rows}

    def indicators(self) -> Iterable[tuple[int, Indicator]]:
        """(index, indicator) pairs in printed order."""
        return enumerate(self.form.indicators)

    def is_not_applicable(self, index: int) -> bool:
        """A 不适用 / 不涉及 row: NA name, NA target, or the engine says so."""
        return self._not_applicable[index]

    @cached_property
    def _not_applicable(self) -> tuple[bool, ...]:
        out = []
        for index, ind in enumerate(self.form.indicators):
            row = self.row_scores.get(index)
            out.append((row is not None and row.kind == "not_applicable")
                       or self.targets[index].kind is ValueKind.NOT_APPLICABLE
                       or mentions_not_applicable(ind.name, self.vocabulary))
        return tuple(out)

    def is_scored(self, index: int) -> bool:
        """A row that carries points: 分值 > 0 (or 分值 not printed) and not 不适用."""
        return self._scored[index]

    @cached_property
    def _scored(self) -> tuple[bool, ...]:
        out = []
        for index, ind in enumerate(self.form.indicators):
            weight = ind.weight_value
            out.append(not (weight is not None and weight <= 0)
                       and not self.is_not_applicable(index))
        return tuple(out)

    def close(self, a: Decimal, b: Decimal) -> bool:
        """Equal within the profile's tolerance."""
        return abs(a - b) <= self.tolerance


# --------------------------------------------------------------------------------------
# Shared wording and text helpers
# --------------------------------------------------------------------------------------


def row_label(ind: Indicator, index: int) -> str:
    """`指标「重大事故率」`, or `第6行指标` when the row has no name."""
    if ind.name:
        return f"指标「{ind.name}」"
    return f"第{index + 1}行指标"


def quoted(text: str | None) -> str:
    """`「…」` around a printed value, `（空）` for none."""
    return f"「{text}」" if text not in (None, "") else "（空）"


def fmt(value: Decimal | None) -> str:
    """A Decimal as printed on forms (two places), `—` for none."""
    if value is None:
        return "—"
    return f"{value.quantize(Decimal('0.01')):.2f}"


def mentions_not_applicable(text: str | None, vocabulary: Vocabulary = EMPTY_VOCABULARY) -> bool:
    """Whether a text carries a 不适用 / 不涉及 word."""
    if not text:
        return False
    folded = normalize_text(text)
    return any(word in folded for word in vocabulary.not_applicable | {"不适用", "不涉及"})


_NOTE_PUNCT = re.compile(r"[\s。．.，,；;：:、!！?？\"“”'‘’（）()]+")
DEFAULT_BOILERPLATE = ("无", "/", "／", "-", "—", "——", "*", "已完成", "完成", "暂无", "没有",
                       "无偏差", "无差异", "正常", "不适用", "不涉及", "无原因", "已达成", "达成")


@lru_cache(maxsize=16384)
def fold_note(note: str | None) -> str:
    """A note without whitespace and punctuation, for boilerplate comparison."""
    return _NOTE_PUNCT.sub("", normalize_text(note or ""))


def is_substantive_note(note: str | None, boilerplate: Iterable[str] = DEFAULT_BOILERPLATE) -> bool:
    """A 偏差原因 that says something: not empty and not boilerplate (无, /, 已完成, 暂无…)."""
    folded = fold_note(note)
    if not folded:
        return False
    return folded not in {fold_note(b) or b for b in boilerplate}


# --------------------------------------------------------------------------------------
# Running
# --------------------------------------------------------------------------------------

_TOP_ORDER = ("schema_version", "kind", "year", "project_name", "department", "implementing_unit",
              "funds", "goals", "indicators", "total", "grade")
_FIELD_ORDER = ("unit", "rows", "source", "label", "initial", "annual", "executed", "weight",
                "rate", "expected", "level1", "level2", "name", "target", "actual", "score",
                "note")
_TOKEN = re.compile(r"([A-Za-z_]+)|\[(\d+)\]")


def path_key(path: str | None) -> tuple[int, ...]:
    """Sort key placing a field path in printed order (`indicators[2].target` after
    `indicators[1].note`, funds before goals before indicators)."""
    if not path:
        return (len(_TOP_ORDER) + 1,)
    key: list[int] = []
    for i, match in enumerate(_TOKEN.finditer(path)):
        name, number = match.groups()
        if number is not None:
            key.append(int(number))
        elif i == 0:
            key.append(_TOP_ORDER.index(name) if name in _TOP_ORDER else len(_TOP_ORDER))
        else:
            key.append(_FIELD_ORDER.index(name) if name in _FIELD_ORDER else len(_FIELD_ORDER))
    return tuple(key)


def _severity_overrides(context: CheckContext) -> dict[str, Severity | None]:
    table = context.checks_table.get("severity", {})
    if not isinstance(table, Mapping):
        return {}
    out: dict[str, Severity | None] = {}
    for code, value in table.items():
        out[str(code)] = None if str(value) == "off" else Severity(str(value))
    return out


def _source_for(path: str | None, sources: Mapping[str, SourceRef] | None) -> SourceRef | None:
    if not path or not sources:
        return None
    probe = path
    while probe:
        if probe in sources:
            return sources[probe]
        cut = max(probe.rfind("."), probe.rfind("["))
        probe = probe[:cut] if cut > 0 else ""
    return None


def _run_one(check: Check, context: CheckContext) -> tuple[list[Hit], str | None]:
    """The check's hits, or an error description when it raised."""
    try:
        return list(check.function(context)), None
    except Exception as exc:  # a crashing check must not abort the run (convention 3)
        return [], (f"检查 {check.spec.code}（{check.spec.title}）运行出错："
                    f"{type(exc).__name__}: {exc}")


def run_checks(form: Form, profile: Profile, scorecard: Scorecard, *,
               ignore: Collection[str] = (),
               sources: Mapping[str, SourceRef] | None = None) -> list[Finding]:
    """Run every registered check on one form.

    Args:
        form: the form as printed.
        profile: the rule profile (its `[checks]` table sets severities and parameters).
        scorecard: the engine's scorecard of this form under this profile.
        ignore: codes the user silenced.
        sources: field path → place in the input, from the reader, to locate findings.

    Returns:
        Findings sorted by severity, then by the printed order of their paths, then code.
    """
    context = CheckContext(form, profile, scorecard)
    overrides = _severity_overrides(context)
    silenced = set(ignore)
    findings: list[Finding] = []
    for check in registered_checks():
        code = check.spec.code
        if code in silenced or (code in overrides and overrides[code] is None):
            continue
        hits, error = _run_one(check, context)
        if error is not None:
            if INTERNAL.code not in silenced:
                findings.append(Finding(code=INTERNAL.code, severity=INTERNAL.severity,
                                        message=error, form=form.project_name,
                                        hint=f"检查 {code} 已跳过，其余检查照常运行"))
            continue
        for hit in hits:
            severity = overrides.get(code) or hit.severity or check.spec.severity
            findings.append(Finding(code=code, severity=severity, message=hit.message,
                                    path=hit.path, form=form.project_name,
                                    source=_source_for(hit.path, sources), hint=hit.hint))
    findings.sort(key=lambda f: (SEVERITY_ORDER[f.severity], path_key(f.path), f.code))
    return findings
