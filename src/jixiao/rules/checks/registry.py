"""The check registry: every check is registered data (code, family, severity, title, source).

A check is a function `CheckContext → Iterable[Hit]`; the registry turns hits into findings,
applies the profile's severities and the user's silenced codes, and turns a check that
raised into an internal finding (JX901) instead of aborting the run.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property, lru_cache, partial
from typing import Any, Generic, NamedTuple, TypeVar, overload

from jixiao.core.findings import SEVERITY_ORDER, Finding, Severity, SourceRef
from jixiao.core.model import Form, FundsSource, Indicator
from jixiao.core.money import parse_points, parse_printed
from jixiao.core.scorecard import ParsedRows, RowScore, Scorecard
from jixiao.core.values import (
    Value,
    Vocabulary,
    may_be_quantity_or_unit,
    normalize_text,
    parse_value,
)
from jixiao.rules.checks.row_facts import ROW_SETS, RowFacts
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
_TOTAL_FUNDS = FundsSource.TOTAL  # a module name: an enum member is read slower (Python 3.11)
SEVERITY_OFF = "off"  # a `[checks.severity]` value that silences the check
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


class FormFigures(NamedTuple):
    """The execution item's and the 总分 row's printed figures read as numbers."""

    funds_weight: Decimal | None
    funds_rate: Decimal | None
    funds_score: Decimal | None
    total_weight: Decimal | None
    total_score: Decimal | None


class FundsCells(NamedTuple):
    """One 项目资金 row's printed figures read as numbers (None where not a number)."""

    initial: Decimal | None
    annual: Decimal | None
    executed: Decimal | None
    rate: Decimal | None


class Hit(NamedTuple):
    """One thing a check noticed; the registry turns it into a `Finding`.

    `severity` overrides the check's default for this hit (e.g. a profile that *requires*
    an explanation); the profile's `[checks.severity]` still wins over both. (A named tuple:
    built for every hit of every form, it costs half a frozen dataclass.)
    """

    path: str | None
    message: str
    severity: Severity | None = None
    hint: str | None = None


CheckFunction = Callable[["CheckContext"], Iterable[Hit]]


@dataclass(frozen=True)
class Check:
    """A registered check: its spec and its function, and the `RowFacts` index set of the only
    rows it looks at, if any (the check is not called on a form where that set is empty)."""

    spec: CheckSpec
    function: CheckFunction
    rows: str | None = None


_REGISTRY: dict[str, Check] = {}
_T = TypeVar("_T")


def register(code: str, severity: Severity, title: str, rationale: str,
             source: str, *, rows: str | None = None) -> Callable[[CheckFunction], CheckFunction]:
    """Decorator registering a check under a stable code (JX1xx … JX5xx, JX9xx).

    `rows` names the `RowFacts` index set of the only rows the check looks at: its precondition,
    for a check that says nothing (and reads no parameter) when that set is empty.

    Raises:
        ValueError: for a malformed or already registered code, or an unknown index set
            (programmer error).
    """
    if rows is not None and rows not in ROW_SETS:
        raise ValueError(f"检查 {code} 的行集合未定义：{rows}")
    match = _CODE.match(code)
    if not match or match.group(1) not in FAMILIES:
        raise ValueError(f"检查代码格式错误：{code}")
    if code in _REGISTRY:
        raise ValueError(f"检查代码重复注册：{code}")
    spec = CheckSpec(code=code, family=FAMILIES[match.group(1)], severity=severity,
                     title=title, rationale=rationale, source=source)

    def decorate(function: CheckFunction) -> CheckFunction:
        _REGISTRY[code] = Check(spec=spec, function=function, rows=rows)
        return function

    return decorate


def register_rows(code: str, severity: Severity, title: str, rationale: str, source: str, *,
                  rows: str, field: str,
                  says: Callable[[CheckContext, int, Indicator], str]) -> CheckFunction:
    """Register (as `register`) a check that reports every row of the `RowFacts` index set
    `rows`: a finding on the row's `field` naming the row (`row_hits`), then what
    `says(context, index, row)` says of it."""

    def check(ctx: CheckContext) -> Iterator[Hit]:
        return row_hits(ctx, getattr(ctx.facts, rows), field, partial(says, ctx))

    check.__name__ = check.__qualname__ = f"report_{rows}"
    check.__doc__ = f"{code} {title}: every row of `RowFacts.{rows}`."
    return register(code, severity, title, rationale, source, rows=rows)(check)


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


_SORTED: tuple[tuple[Check, ...], tuple[Check, ...]] = ((), ())


def registered_checks() -> tuple[Check, ...]:
    """The registered checks with their functions, sorted by code."""
    global _SORTED
    snapshot = tuple(_REGISTRY.values())
    if snapshot != _SORTED[0]:  # the registry changed (registration, a test's monkeypatch)
        _SORTED = (snapshot, tuple([_REGISTRY[code] for code in sorted(_REGISTRY)]))
    return _SORTED[1]


# --------------------------------------------------------------------------------------
# A profile's check parameters, read once
# --------------------------------------------------------------------------------------


_NEVER = re.compile(r"(?!)")
_CONSTANT_TYPES = (tuple, frozenset, str, int, Decimal, type(None))
_FACTS_LIMIT = 8192  # memo entries; bounded so that memory stays flat on any batch


class ProfileParams:
    """A profile's `[checks]` table read for the checks: severity overrides, parameters, and
    word lists with the patterns compiled from them.

    Everything is derived on first use, so that a malformed parameter fails in the check that
    reads it (and becomes JX901 there). `run_checks` reads it afresh for each form; a caller
    checking many forms under one profile may pass the same object to every call
    (`services.evaluate` does), and what it derived is then reused.
    """

    def __init__(self, profile: Profile) -> None:
        self.profile = profile
        self.table: Mapping[str, Any] = profile.checks
        self._memo: dict[tuple[Any, ...], Any] = {}
        self._facts: dict[str, dict[Any, Any]] = {}
        self._plans: dict[frozenset[str], tuple[tuple[Check, ...], list[Any]]] = {}

    def facts(self, kind: str) -> dict[Any, Any]:
        """The facts of one kind derived from these parameters (`per_profile`), bounded."""
        memo = self._facts.get(kind)
        if memo is None or len(memo) >= _FACTS_LIMIT:
            memo = self._facts[kind] = {}
        return memo

    def value(self, key: str, default: Any) -> Any:
        """A check parameter from `[checks.params]`, or `default`."""
        params = self.table.get("params", {})
        if isinstance(params, Mapping) and key in params:
            return params[key]
        return default

    # Each derived value is kept with the `default` it was derived from and is used again only
    # for that very default object (checks pass module-level constants).

    def _keep(self, memo_key: tuple[Any, ...], result: Any, default: object) -> Any:
        if isinstance(default, _CONSTANT_TYPES):  # a generator and the like is read afresh
            self._memo[memo_key] = (default, result)
        return result

    def decimal(self, key: str, default: str) -> Decimal:
        """A numeric parameter as Decimal (TOML floats are read via their text)."""
        entry = self._memo.get(("decimal", key))
        if entry is not None and entry[0] is default:
            return entry[1]
        raw = self.value(key, default)
        return self._keep(("decimal", key),
                          raw if isinstance(raw, Decimal) else Decimal(str(raw)), default)

    def words(self, key: str, default: Iterable[str]) -> tuple[str, ...]:
        """A word-list parameter."""
        entry = self._memo.get(("words", key))
        if entry is not None and entry[0] is default:
            return entry[1]
        raw = self.value(key, None)
        words = tuple(default) if raw is None else tuple(str(w) for w in raw)
        return self._keep(("words", key), words, default)

    def any_word(self, key: str, default: Iterable[str], before: str = "") -> re.Pattern[str]:
        """A pattern finding any word of a word-list parameter in a text (`w in text` for
        some w), each word optionally preceded by the pattern `before` (a look-behind)."""
        entry = self._memo.get(("any_word", key, before))
        if entry is not None and entry[0] is default:
            return entry[1]
        words = self.words(key, default)
        pattern = re.compile(before + "(?:" + "|".join(map(re.escape, words)) + ")") \
            if words else _NEVER
        return self._keep(("any_word", key, before), pattern, default)

    def plan(self, silenced: frozenset[str]) -> list[tuple[str, CheckFunction, str | None,
                                                           Severity | None, Check]]:
        """The checks to run, sorted by code, with their `[checks.severity]` override: (code,
        function, index set, override, check), the silenced and `off` ones left out."""
        snapshot = registered_checks()
        kept = self._plans.get(silenced)
        if kept is not None and kept[0] is snapshot:
            return kept[1]
        overrides = self.severities
        plan = [(c.spec.code, c.function, c.rows, overrides.get(c.spec.code), c)
                for c in snapshot
                if c.spec.code not in silenced
                and not (c.spec.code in overrides and overrides[c.spec.code] is None)]
        if len(self._plans) >= _FACTS_LIMIT:
            self._plans.clear()
        self._plans[silenced] = (snapshot, plan)
        return plan

    @cached_property
    def severities(self) -> dict[str, Severity | None]:
        """`[checks.severity]`: code → severity, None for `off`."""
        table = self.table.get("severity", {})
        if not isinstance(table, Mapping):
            return {}
        out: dict[str, Severity | None] = {}
        for code, value in table.items():
            out[str(code)] = None if str(value) == SEVERITY_OFF else Severity(str(value))
        return out


_K = TypeVar("_K")
_V = TypeVar("_V")
_UNKNOWN = object()
_NO_FACTS: dict[Any, Any] = {}  # never written


def per_profile(function: Callable[[CheckContext, _K], _V]) -> Callable[[CheckContext, _K], _V]:
    """A pure fact about one printed text under a profile's check parameters (is this name a
    risk name?), kept with those parameters: for one form when `run_checks` reads them afresh,
    for a whole batch when the caller passes the same `ProfileParams` (`services.evaluate`).
    A fact whose parameters fail to read is never kept, so every use fails alike (JX901)."""
    kind = f"{function.__module__}.{function.__qualname__}"

    def kept(ctx: CheckContext, key: _K) -> _V:
        value = ctx.params._facts.get(kind, _NO_FACTS).get(key, _UNKNOWN)
        if value is _UNKNOWN:  # `facts` (bounded) only on a miss: hits are most calls
            value = ctx.params.facts(kind)[key] = function(ctx, key)
        return value  # type: ignore[return-value]

    kept.__doc__, kept.__name__ = function.__doc__, function.__name__
    return kept


# --------------------------------------------------------------------------------------
# The context a check reads
# --------------------------------------------------------------------------------------


class _per_form(Generic[_T]):
    """A value computed on first use and kept on the instance: `functools.cached_property`
    without its lock, which in Python 3.11 costs more than most of the values it guards (a
    context belongs to one run of the checks on one form)."""

    def __init__(self, function: Callable[[Any], _T]) -> None:
        self.function = function
        self.name = function.__name__
        self.__doc__ = function.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> _per_form[_T]: ...

    @overload
    def __get__(self, instance: object, owner: type | None = None) -> _T: ...

    def __get__(self, instance: object | None, owner: type | None = None) -> Any:
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.function(instance)
        return value


class CheckContext:
    """What a check sees: the form, the profile, the engine's scorecard, and parsed values.

    Parsed targets/actuals are computed once and shared by all checks. `params` are the
    profile's check parameters, read afresh when not given.
    """

    def __init__(self, form: Form, profile: Profile, scorecard: Scorecard,
                 params: ProfileParams | None = None) -> None:
        if params is not None and params.profile is not profile:
            raise ValueError("检查参数与规则配置不对应")  # programmer error
        self.form = form
        self.profile = profile
        self.scorecard = scorecard
        self.params = params if params is not None else ProfileParams(profile)

    # -- profile parameters -------------------------------------------------------------

    @property
    def checks_table(self) -> Mapping[str, Any]:
        """The profile's `[checks]` table (empty when the profile has none)."""
        return self.profile.checks

    def param(self, key: str, default: Any) -> Any:
        """A check parameter from the profile's `[checks.params]`, or `default`."""
        return self.params.value(key, default)

    def decimal_param(self, key: str, default: str) -> Decimal:
        """A numeric check parameter as Decimal (TOML floats are read via their text)."""
        return self.params.decimal(key, default)

    def words_param(self, key: str, default: Iterable[str]) -> tuple[str, ...]:
        """A word-list check parameter."""
        return self.params.words(key, default)

    def words_pattern(self, key: str, default: Iterable[str], before: str = "") -> re.Pattern[str]:
        """A compiled pattern finding any word of a word-list parameter (see `words_param`),
        each optionally preceded by the look-behind `before`."""
        return self.params.any_word(key, default, before)

    @_per_form
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
        """A 偏差原因 that says something, exactly as the engine decides it when it accepts a
        noted deduction: not empty and not one of the profile's `comparison.boilerplate_notes`
        (`rules.notes.is_substantive`)."""
        return self.profile.comparison.is_substantive(note)

    # -- structure ----------------------------------------------------------------------

    @_per_form
    def levels(self) -> tuple[tuple[str | None, str | None], ...]:
        """(一级, 二级) as printed for every row, blanks filled down from the row above."""
        return self._level_rows[0]

    @_per_form
    def level_keys(self) -> tuple[tuple[str, str], ...]:
        """(一级, 二级) of every row reduced for matching (`产出指标` → `产出`)."""
        return self._level_rows[1]

    def level1_of(self, index: int) -> Level1 | None:
        """The profile's 一级 family of a row, or None when its 一级 is unknown."""
        return self.level1s[index]

    @_per_form
    def level1s(self) -> tuple[Level1 | None, ...]:
        """The profile's 一级 family of every row (None when its 一级 is unknown)."""
        return self._level_rows[2]

    @_per_form
    def _level_rows(self) -> tuple[tuple[tuple[str | None, str | None], ...],
                                   tuple[tuple[str, str], ...], tuple[Level1 | None, ...]]:
        """`levels`, `level_keys` and `level1s` in one pass (a block's rows share them)."""
        level1_for_key = self.profile.level1_for_key  # on the keys already reduced
        levels: list[tuple[str | None, str | None]] = []
        keys: list[tuple[str, str]] = []
        level1s: list[Level1 | None] = []
        last1: str | None = None
        last2: str | None = None
        key: tuple[str, str] = ("", "")
        level1: Level1 | None = None
        pair: tuple[str | None, str | None] = (None, None)
        printed: tuple[str | None, str | None] | None = None
        for ind in self.form.indicators:
            raw1, raw2 = ind.level1, ind.level2
            if printed is None or raw1 != printed[0] or raw2 != printed[1]:
                # a row printed as the one above fills down to what that one did
                printed = (raw1, raw2)
                l1 = raw1 if raw1 and raw1.strip() else last1
                if raw2 and raw2.strip():
                    l2: str | None = raw2
                else:
                    l2 = last2 if l1 == last1 else None
                if not levels or l1 != last1 or l2 != last2:
                    key = (level_key(l1 or ""), level_key(l2 or ""))
                    level1 = None if l1 is None else level1_for_key(key[0])
                    pair = (l1, l2)
                last1, last2 = l1, l2
            levels.append(pair)
            keys.append(key)
            level1s.append(level1)
        rows = tuple(levels), tuple(keys), tuple(level1s)
        # kept as the three values too, each of which would otherwise cost its first reading
        self.__dict__.update(levels=rows[0], level_keys=rows[1], level1s=rows[2])
        return rows

    @_per_form
    def names(self) -> tuple[str, ...]:
        """三级指标 name of every row, normalised (`normalize_text`, "" for none)."""
        return self._name_rows[0]

    @_per_form
    def names_not_applicable(self) -> tuple[bool, ...]:
        """Whether each row's name carries a 不适用 / 不涉及 word."""
        return self._name_rows[1]

    @_per_form
    def _name_rows(self) -> tuple[tuple[str, ...], tuple[bool, ...], tuple[bool, ...]]:
        """`names`, `names_not_applicable` and `RowFacts.value_like_names` in one pass."""
        search = _not_applicable_pattern(self.vocabulary).search  # a 不适用 word in the name
        names: list[str] = []
        named: list[bool] = []
        value_like: list[bool] = []
        for ind in self.form.indicators:
            raw = ind.name
            if raw:
                name = normalize_text(raw)
                names.append(name)
                named.append(search(name) is not None)
                value_like.append(may_be_quantity_or_unit(name))
            else:
                names.append("")
                named.append(False)
                value_like.append(False)  # "" is no value
        rows = tuple(names), tuple(named), tuple(value_like)
        self.__dict__.update(names=rows[0], names_not_applicable=rows[1])  # as `_level_rows`
        return rows

    @_per_form
    def weights(self) -> tuple[Decimal | None, ...]:
        """分值 of every row as Decimal (None when not a number)."""
        parsed = self._engine_parsed
        if parsed is not None:
            return parsed.weights
        return tuple([i.weight_value for i in self.form.indicators])

    @_per_form
    def scores(self) -> tuple[Decimal | None, ...]:
        """得分 of every row as Decimal (None when not a number)."""
        parsed = self._engine_parsed
        if parsed is not None:
            return parsed.scores
        return tuple([i.score_value for i in self.form.indicators])

    @_per_form
    def figures(self) -> FormFigures:
        """分值, 执行率, 得分 of the execution item and 分值, 总分 of the total row, read once."""
        funds, total = self.form.funds, self.form.total
        return FormFigures(parse_points(funds.weight), parse_printed(funds.rate),
                           parse_points(funds.score), parse_points(total.weight),
                           parse_points(total.score))

    @_per_form
    def funds_values(self) -> tuple[FundsCells, ...]:
        """Each 项目资金 row's printed figures as Decimal (`parse_printed`), read once."""
        return tuple([FundsCells(parse_printed(r.initial), parse_printed(r.annual),
                                 parse_printed(r.executed), parse_printed(r.rate))
                      for r in self.form.funds.rows])

    @_per_form
    def funds_total_index(self) -> int | None:
        """The index of the 年度资金总额 row among the funds rows, or None."""
        for i, row in enumerate(self.form.funds.rows):
            if row.source == _TOTAL_FUNDS:
                return i
        return None

    # -- parsed values ------------------------------------------------------------------

    @_per_form
    def targets(self) -> tuple[Value, ...]:
        """年度指标值 of every row, parsed with the profile vocabulary."""
        parsed = self._engine_parsed
        if parsed is not None:
            return parsed.targets
        vocabulary = self.vocabulary
        return tuple([parse_value(i.target, vocabulary) for i in self.form.indicators])

    @_per_form
    def actuals(self) -> tuple[Value, ...]:
        """实际完成值 of every row, parsed with the profile vocabulary."""
        parsed = self._engine_parsed
        if parsed is not None:
            return parsed.actuals
        vocabulary = self.vocabulary
        return tuple([parse_value(i.actual, vocabulary) for i in self.form.indicators])

    @_per_form
    def _engine_parsed(self) -> ParsedRows | None:
        """The values the engine parsed when scoring this very form under this profile."""
        parsed = self.scorecard.parsed
        if parsed is not None and parsed.for_rows(self.form.indicators, self.vocabulary):
            self.__dict__.update(targets=parsed.targets, actuals=parsed.actuals,  # as
                                 weights=parsed.weights, scores=parsed.scores)  # `_level_rows`
            return parsed
        return None

    @_per_form
    def facts(self) -> RowFacts:
        """The row facts and the rows each check looks at, derived in one pass (`row_facts`)."""
        return RowFacts(self)

    @property
    def quantity_rows(self) -> tuple[int, ...]:
        """Scored rows whose target and actual are both numbers."""
        return self.facts.quantity_rows

    @property
    def row_scores(self) -> dict[int, RowScore]:
        """The engine's row scores by indicator index."""
        return self.facts.row_scores

    def is_not_applicable(self, index: int) -> bool:
        """A 不适用 / 不涉及 row: NA name, NA target, or the engine says so."""
        return self.facts.not_applicable[index]

    def is_scored(self, index: int) -> bool:
        """A row that carries points: 分值 > 0 (or 分值 not printed) and not 不适用."""
        return self.facts.scored[index]

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


def row_hits(ctx: CheckContext, rows: Iterable[int], field: str,
             says: Callable[[int, Indicator], str]) -> Iterator[Hit]:
    """A hit on `field` of each of `rows` (indices of indicator rows), its message the row
    (`row_label`) and what `says` says of it."""
    indicators = ctx.form.indicators
    for i in rows:
        ind = indicators[i]
        yield Hit(f"indicators[{i}].{field}", row_label(ind, i) + says(i, ind))


def quoted(text: str | None) -> str:
    """`「…」` around a printed value, `（空）` for none."""
    return f"「{text}」" if text not in (None, "") else "（空）"


def fmt(value: Decimal | None) -> str:
    """A Decimal as printed on forms (two places), `—` for none."""
    if value is None:
        return "—"
    return str(value.quantize(_CENT))  # the text of a two-place Decimal, as f"{…:.2f}"


_CENT = Decimal("0.01")


@lru_cache(maxsize=64)
def _not_applicable_pattern(vocabulary: Vocabulary) -> re.Pattern[str]:
    """Any 不适用 word of a vocabulary (or the two standard ones), as one pattern."""
    words = sorted(vocabulary.not_applicable | {"不适用", "不涉及"})
    return re.compile("|".join(map(re.escape, words)))


# --------------------------------------------------------------------------------------
# Running
# --------------------------------------------------------------------------------------

_TOP_ORDER = ("schema_version", "kind", "year", "project_name", "department", "implementing_unit",
              "funds", "goals", "indicators", "total", "grade")
_FIELD_ORDER = ("unit", "rows", "source", "label", "initial", "annual", "executed", "weight",
                "rate", "expected", "level1", "level2", "name", "target", "actual", "score",
                "note")
_TOKEN = re.compile(r"([A-Za-z_]+)|\[(\d+)\]")


@lru_cache(maxsize=8192)
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


def _failure(check: Check, exc: Exception) -> str:
    """What a check that raised is reported as."""
    return f"检查 {check.spec.code}（{check.spec.title}）运行出错：{type(exc).__name__}: {exc}"


def run_checks(form: Form, profile: Profile, scorecard: Scorecard, *,
               ignore: Collection[str] = (),
               sources: Mapping[str, SourceRef] | None = None,
               params: ProfileParams | None = None) -> list[Finding]:
    """Run every registered check on one form.

    Args:
        form: the form as printed.
        profile: the rule profile (its `[checks]` table sets severities and parameters).
        scorecard: the engine's scorecard of this form under this profile.
        ignore: codes the user silenced.
        sources: field path → place in the input, from the reader, to locate findings.
        params: the profile's check parameters when the caller keeps them between forms;
            read afresh when None.

    Returns:
        Findings sorted by severity, then by the printed order of their paths, then code.
    """
    context = CheckContext(form, profile, scorecard, params)
    silenced = ignore if isinstance(ignore, frozenset) else frozenset(ignore)
    name = form.project_name
    findings: list[Finding] = []
    facts: RowFacts | None = None
    for code, function, rows, override, check in context.params.plan(silenced):
        try:  # a crashing check must not abort the run (convention 3); inline: 48 per form
            if rows is not None:
                if facts is None:
                    facts = context.facts
                if not getattr(facts, rows):
                    continue  # none of the rows it looks at on this form
            hits = list(function(context))
        except Exception as exc:
            if INTERNAL.code not in silenced:
                findings.append(Finding(code=INTERNAL.code, severity=INTERNAL.severity,
                                        message=_failure(check, exc), form=name,
                                        hint=f"检查 {code} 已跳过，其余检查照常运行"))
            continue
        for hit in hits:
            severity = override or hit.severity or check.spec.severity
            findings.append(Finding(code, severity, hit.message, hit.path, name,
                                    _source_for(hit.path, sources) if sources else None,
                                    hit.hint))
    if len(findings) > 1:
        findings.sort(key=_finding_order)
    return findings


def _finding_order(finding: Finding) -> tuple[int, tuple[int, ...], str]:
    return SEVERITY_ORDER[finding.severity], path_key(finding.path), finding.code
