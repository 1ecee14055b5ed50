"""Rule profiles: strict TOML parameter files, overlaid province on national (规则配置)."""

from __future__ import annotations

import pkgutil
import re
import stat
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from functools import cached_property, lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any

from jixiao.core.model import FUNDS_SOURCES, FundsSource
from jixiao.core.money import round2, to_decimal
from jixiao.core.values import Tier, Vocabulary, normalize_text
from jixiao.rules.notes import fold_words, is_substantive

DEFAULT_PROFILE = "national-2020"


_PROFILE_PACKAGE = "jixiao.rules"
_PROFILE_DIR = "profiles"
_NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
_KEY = re.compile(r"^[a-z][a-z0-9_]*$")
_ONE = Decimal(1)
_ZERO = Decimal(0)


class ProfileError(ValueError):
    """A rule profile that cannot be used; the message names the file and the dotted key."""

    def __init__(self, file: str, key: str, message: str) -> None:
        super().__init__(f"{file}: {key}: {message}" if key else f"{file}: {message}")
        self.file = file
        self.key = key
        self.message = message


# --------------------------------------------------------------------------- policies

# Each policy is written in the TOML files as its value (`policy = "linear_capped"`) and read
# into its enum when the profile is loaded; an unknown value is refused there, naming the file
# and the key (`_Scalar.choices`).


class ExecutionPolicy(StrEnum):
    """执行率得分: 分值 × 执行率, capped at 100 % or not."""

    LINEAR_CAPPED = "linear_capped"
    LINEAR = "linear"


class NoSatisfactionPolicy(StrEnum):
    """Where the points of a missing 满意度指标 block go."""

    SPLIT_PROPORTIONAL = "split_proportional"  # to 产出 and 效益 by their weights
    TO_OUTPUT = "to_output"
    TO_OUTCOME = "to_outcome"


class ReverseFormula(StrEnum):
    """反向指标 (≤ <) done worse than the target: linear down to 0 at 2T, w × T / A, or people."""

    LINEAR_TO_2T = "linear_to_2T"
    RATIO = "ratio"
    MANUAL = "manual"


class EqualMissPolicy(StrEnum):
    """等于指标 (=) missed: scored by the positive formula, or left to people."""

    FORMULA = "formula"
    MANUAL = "manual"


class NotApplicablePolicy(StrEnum):
    """What happens to the points of a 不适用 row."""

    ZERO_WEIGHT = "zero_weight"
    RESCALE_WITHIN_LEVEL1 = "rescale_within_level1"
    RESCALE_TOTAL = "rescale_total"


# --------------------------------------------------------------------------- profile types


@dataclass(frozen=True)
class FormRules:
    """The printed form: its title, money unit and the funds rows it prints."""

    title: str
    money_unit: str
    funds_rows: tuple[FundsSource, ...]


@dataclass(frozen=True)
class ExecutionCap:
    """执行率封顶: an execution rate (%) below `below` caps the total at `max_total`."""

    below: Decimal
    max_total: Decimal


@dataclass(frozen=True)
class ExecutionRules:
    """预算执行率 item: weight, scoring policy, explanation threshold, caps on the total."""

    weight: Decimal
    policy: ExecutionPolicy
    explain_below: Decimal | None
    explain_max_chars: int | None
    caps: tuple[ExecutionCap, ...]
    source: str


@dataclass(frozen=True)
class WeightRules:
    """How the 100 points are laid out and where a missing satisfaction block's points go."""

    total: Decimal
    per_indicator: bool
    no_satisfaction_policy: NoSatisfactionPolicy
    source: str


@dataclass(frozen=True)
class Level1:
    """A 一级指标 family (`key` e.g. `output`), its default weight and its known 二级 names."""

    key: str
    name: str
    weight: Decimal | None
    level2: tuple[str, ...]
    required: bool

    def matches(self, name: str | None) -> bool:
        """Whether a printed 一级指标 names this family (`产出`, `产出指标` …)."""
        return name is not None and level_key(name) == level_key(self.name)

    def accepts(self, level2: str | None) -> bool:
        """Whether a printed 二级指标 belongs under this 一级."""
        return level2 is not None and level_key(level2) in self._level2_keys

    @cached_property
    def _level2_keys(self) -> frozenset[str]:
        return frozenset(level_key(n) for n in self.level2)


@dataclass(frozen=True)
class DeviationPenalty:
    """指标偏离扣分: an actual `threshold` (share) above target loses `points` points."""

    enabled: bool
    threshold: Decimal
    points: Decimal


@dataclass(frozen=True)
class QuantitativeRules:
    """Options of the quantitative formulas."""

    reverse_formula: ReverseFormula
    equal_miss: EqualMissPolicy
    overcompletion_ratio: Decimal
    deviation_penalty: DeviationPenalty
    source: str


@dataclass(frozen=True)
class TierRule:
    """A qualitative tier: canonical label, synonyms and its band as shares of the weight."""

    tier: Tier
    label: str
    synonyms: tuple[str, ...]
    low: Decimal
    high: Decimal
    high_inclusive: bool

    @property
    def labels(self) -> tuple[str, ...]:
        """The canonical label followed by its synonyms."""
        return (self.label, *self.synonyms)

    def band(self, weight: Decimal) -> tuple[Decimal, Decimal]:
        """The allowed score range for a row of weight `weight`, rounded to 2 places."""
        return round2(weight * self.low), round2(weight * self.high)

    def contains(self, score: Decimal, weight: Decimal) -> bool:
        """Whether `score` lies in this tier's (rounded) band for `weight`; the lower bound is
        always closed, the upper one closed only for the top tier."""
        low, high = self.band(weight)
        if score < low:
            return False
        return score <= high if self.high_inclusive else score < high


@dataclass(frozen=True)
class QualitativeRules:
    """The three tiers of qualitative indicators."""

    tiers: tuple[TierRule, ...]
    source: str

    def rule(self, tier: Tier) -> TierRule:
        """The rule of one tier."""
        return next(t for t in self.tiers if t.tier is tier)


@dataclass(frozen=True)
class NotApplicableRules:
    """不适用 words and what happens to their points."""

    words: tuple[str, ...]
    policy: NotApplicablePolicy
    source: str


@dataclass(frozen=True)
class GradeBand:
    """A grade and the lowest total that earns it."""

    grade: str
    min: Decimal


@dataclass(frozen=True)
class GradeRules:
    """评分等级 bands, highest first, and the grade below the last band."""

    bands: tuple[GradeBand, ...]
    lowest: str
    source: str

    def grade_of(self, total: Decimal) -> str:
        """The grade of a total (`93.04` → 优 under 90/80/60)."""
        return next((b.grade for b in self.bands if total >= b.min), self.lowest)


@dataclass(frozen=True)
class ComparisonRules:
    """How printed scores are compared with computed ones."""

    tolerance: Decimal
    accept_noted_deductions: bool
    boilerplate_notes: tuple[str, ...]
    source: str

    def is_substantive(self, note: str | None) -> bool:
        """Whether a 偏差原因 is a real reason: not empty and not one of `boilerplate_notes`
        (无, 暂无, 已达成 …), folded alike (`rules.notes.is_substantive`)."""
        return is_substantive(note, self.boilerplate)

    @cached_property
    def boilerplate(self) -> frozenset[str]:
        """`boilerplate_notes` folded as notes are (`rules.notes.fold_words`)."""
        return fold_words(self.boilerplate_notes)


@dataclass(frozen=True)
class Profile:
    """A rule profile: every parameter the engine and the checks use, with its sources.

    `sources` lists the documents of this profile and of the profiles it extends (its own
    first). `checks` is the check registry's table, kept opaque here.
    """

    name: str
    title: str
    valid_from: date
    extends: str | None
    sources: tuple[str, ...]
    description: str | None
    form: FormRules
    execution: ExecutionRules
    weights: WeightRules
    structure: tuple[Level1, ...]
    quantitative: QuantitativeRules
    qualitative: QualitativeRules
    not_applicable: NotApplicableRules
    grades: GradeRules
    comparison: ComparisonRules
    checks: dict[str, Any] = field(default_factory=dict)

    @property
    def source(self) -> str:
        """The profile's own (first) source document."""
        return self.sources[0]

    @cached_property
    def vocabulary(self) -> Vocabulary:
        """Tier labels and 不适用 words for `core.values.parse_value`."""
        tiers = {normalize_text(label): t.tier
                 for t in self.qualitative.tiers for label in t.labels}
        words = frozenset(normalize_text(w) for w in self.not_applicable.words)
        return Vocabulary(tiers=tiers, not_applicable=words)

    def level1_for(self, name: str | None) -> Level1 | None:
        """The 一级 family a printed 一级指标 name belongs to, or None if unknown."""
        return None if name is None else self._level1_by_key.get(level_key(name))

    def level1_for_key(self, key: str) -> Level1 | None:
        """`level1_for` of a name already reduced by `level_key`."""
        return self._level1_by_key.get(key)

    @cached_property
    def _level1_by_key(self) -> dict[str, Level1]:
        out: dict[str, Level1] = {}
        for lv in self.structure:
            out.setdefault(level_key(lv.name), lv)
        return out

    def level1(self, key: str) -> Level1 | None:
        """The 一级 family with a given key (`output`, `outcome`, `satisfaction`, `cost`)."""
        return next((lv for lv in self.structure if lv.key == key), None)

    def level1_weights(self, has_satisfaction: bool = True) -> dict[str, Decimal]:
        """Default 一级 weights by key; without satisfaction its points move per the policy.

        Args:
            has_satisfaction: whether the form has a 满意度 block.
        """
        weights = {lv.key: lv.weight for lv in self.structure if lv.weight is not None}
        moved = weights.pop("satisfaction", None) if not has_satisfaction else None
        if not moved:
            return weights
        policy = self.weights.no_satisfaction_policy
        if policy is NoSatisfactionPolicy.TO_OUTPUT:
            weights["output"] = weights.get("output", _ZERO) + moved
        elif policy is NoSatisfactionPolicy.TO_OUTCOME:
            weights["outcome"] = weights.get("outcome", _ZERO) + moved
        else:
            out, inc = weights.get("output", _ZERO), weights.get("outcome", _ZERO)
            base = out + inc
            if base:
                weights["output"] = round2(out + moved * out / base)
                weights["outcome"] = round2(inc + moved * inc / base)
        return weights


@lru_cache(maxsize=4096)
def level_key(name: str) -> str:
    """A 一级/二级 name reduced for matching: no whitespace, no trailing 指标."""
    text = normalize_text(name)
    return text[: -len("指标")] if text.endswith("指标") and len(text) > 2 else text


# --------------------------------------------------------------------------- schema


_Check = Callable[[Any], str | None]


@dataclass(frozen=True)
class _Scalar:
    kind: str  # decimal | count | text | bool | date | texts | decimals
    required: bool = True
    choices: tuple[str, ...] = ()
    check: _Check | None = None


@dataclass(frozen=True)
class _Table:
    fields: dict[str, Any]
    required: bool = True


@dataclass(frozen=True)
class _Map:
    value: _Table
    required: bool = True


@dataclass(frozen=True)
class _TableList:
    item: _Table
    required: bool = False


@dataclass(frozen=True)
class _Opaque:
    required: bool = False


def _non_negative(v: Decimal) -> str | None:
    return "不能为负数" if v < 0 else None


def _positive(v: Decimal) -> str | None:
    return "应大于 0" if v <= 0 else None


def _percent(v: Decimal) -> str | None:
    return "应在 0 到 100 之间" if not _ZERO <= v <= 100 else None


def _band(v: list[Decimal]) -> str | None:
    if len(v) != 2:
        return "应为两个数字字符串 [下限, 上限]"
    low, high = v
    if not (_ZERO <= low <= _ONE and _ZERO <= high <= _ONE):
        return "区间端点应在 0 到 1 之间"
    return "区间下限应小于上限" if low >= high else None


def _funds_rows(v: list[str]) -> str | None:
    bad = [s for s in v if s not in FUNDS_SOURCES]
    return f"未知资金来源 {bad[0]!r}，应为 {'、'.join(FUNDS_SOURCES)} 之一" if bad else None


def _opt(kind: str, **kw: Any) -> _Scalar:
    return _Scalar(kind, required=False, **kw)


_SOURCE = _opt("text")

_SCHEMA = _Table({
    "title": _Scalar("text"),
    "valid_from": _Scalar("date"),
    "extends": _opt("text"),
    "description": _opt("text"),
    "sources": _Scalar("texts"),
    "form": _Table({
        "title": _Scalar("text"),
        "money_unit": _Scalar("text", choices=("万元", "元")),
        "funds_rows": _Scalar("texts", check=_funds_rows),
    }),
    "execution": _Table({
        "weight": _Scalar("decimal", check=_non_negative),
        "policy": _Scalar("text", choices=tuple(ExecutionPolicy)),
        "explain_below": _opt("decimal", check=_percent),
        "explain_max_chars": _opt("count"),
        "caps": _TableList(_Table({
            "below": _Scalar("decimal", check=_percent),
            "max_total": _Scalar("decimal", check=_non_negative),
        })),
        "source": _SOURCE,
    }),
    "weights": _Table({
        "total": _Scalar("decimal", check=_positive),
        "per_indicator": _Scalar("bool"),
        "no_satisfaction_policy": _Scalar("text", choices=tuple(NoSatisfactionPolicy)),
        "source": _SOURCE,
    }),
    "structure": _Map(_Table({
        "name": _Scalar("text"),
        "weight": _opt("decimal", check=_non_negative),
        "required": _Scalar("bool"),
        "level2": _Scalar("texts"),
    })),
    "quantitative": _Table({
        "reverse_formula": _Scalar("text", choices=tuple(ReverseFormula)),
        "equal_miss": _Scalar("text", choices=tuple(EqualMissPolicy)),
        "overcompletion_ratio": _Scalar("decimal", check=_positive),
        "deviation_penalty": _Table({
            "enabled": _Scalar("bool"),
            "threshold": _Scalar("decimal", check=_positive),
            "points": _Scalar("decimal", check=_non_negative),
        }),
        "source": _SOURCE,
    }),
    "qualitative": _Table({
        "tiers": _Table({
            tier.value: _Table({
                "label": _Scalar("text"),
                "synonyms": _Scalar("texts"),
                "band": _Scalar("decimals", check=_band),
                "high_inclusive": _Scalar("bool"),
            }) for tier in Tier
        }),
        "source": _SOURCE,
    }),
    "not_applicable": _Table({
        "words": _Scalar("texts"),
        "policy": _Scalar("text", choices=tuple(NotApplicablePolicy)),
        "source": _SOURCE,
    }),
    "grades": _Table({
        "bands": _TableList(_Table({
            "grade": _Scalar("text"),
            "min": _Scalar("decimal", check=_percent),
        }), required=True),
        "lowest": _Scalar("text"),
        "source": _SOURCE,
    }),
    "comparison": _Table({
        "tolerance": _Scalar("decimal", check=_non_negative),
        "accept_noted_deductions": _Scalar("bool"),
        "boilerplate_notes": _Scalar("texts"),
        "source": _SOURCE,
    }),
    "checks": _Opaque(),
})


class _Validator:
    """Walks a raw TOML table against the schema; `complete` also requires required keys."""

    def __init__(self, file: str, complete: bool) -> None:
        self.file = file
        self.complete = complete

    def fail(self, key: str, message: str) -> ProfileError:
        return ProfileError(self.file, key, message)

    def node(self, value: Any, node: Any, key: str) -> None:
        if isinstance(node, _Scalar):
            self.scalar(value, node, key)
        elif isinstance(node, _Table):
            self.table(value, node, key)
        elif isinstance(node, _Map):
            for k, v in self.mapping(value, key).items():
                sub = f"{key}.{k}"
                if not _KEY.match(k):
                    raise self.fail(sub, "键名只能用小写英文字母、数字和下划线")
                self.table(v, node.value, sub)
        elif isinstance(node, _TableList):
            if not isinstance(value, list):
                raise self.fail(key, "应为表数组（[[...]]）")
            for i, item in enumerate(value):
                self.table(item, node.item, f"{key}[{i}]")
        else:
            self.mapping(value, key)

    def mapping(self, value: Any, key: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(key or "(根)", "应为表")
        return value

    def table(self, value: Any, node: _Table, key: str) -> None:
        data = self.mapping(value, key)
        for k in data:
            if k not in node.fields:
                raise self.fail(_join(key, k), "未知键")
        for k, sub in node.fields.items():
            if k in data:
                self.node(data[k], sub, _join(key, k))
            elif self.complete and sub.required:
                raise self.fail(_join(key, k), "缺少必填键")

    def scalar(self, value: Any, node: _Scalar, key: str) -> None:
        converted = _convert(value, node.kind)
        if converted is None:
            raise self.fail(key, _KIND_MESSAGES[node.kind])
        if node.choices and converted not in node.choices:
            raise self.fail(key, f"取值 {converted!r} 无效，应为 {'、'.join(node.choices)} 之一")
        if node.check is not None:
            message = node.check(converted)
            if message:
                raise self.fail(key, message)


_KIND_MESSAGES = {
    "decimal": "应为数字字符串（如 \"10\"）",
    "count": "应为正整数字符串（如 \"100\"）",
    "text": "应为非空字符串",
    "bool": "应为布尔值 true 或 false",
    "date": "应为日期（YYYY-MM-DD）",
    "texts": "应为字符串列表",
    "decimals": "应为数字字符串列表",
}


def _join(key: str, sub: str) -> str:
    return f"{key}.{sub}" if key else sub


def _decimal(value: Any) -> Decimal | None:
    if not isinstance(value, str):
        return None
    try:
        number = to_decimal(value)
    except ValueError:
        return None
    return number if number.is_finite() else None


def _convert(value: Any, kind: str) -> Any:
    """The typed value of a raw TOML scalar, or None when it has the wrong type."""
    if kind == "decimal":
        return _decimal(value)
    if kind == "count":
        ok = isinstance(value, str) and value.isascii() and value.isdigit() and int(value) > 0
        return int(value) if ok else None
    if kind == "text":
        return value if isinstance(value, str) and value.strip() else None
    if kind == "bool":
        return value if isinstance(value, bool) else None
    if kind == "date":
        return _date(value)
    if kind == "texts":
        ok = isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)
        return list(value) if ok else None
    numbers = [_decimal(v) for v in value] if isinstance(value, list) else [None]
    return None if any(n is None for n in numbers) else numbers


def _date(value: Any) -> date | None:
    if isinstance(value, date) and not hasattr(value, "hour"):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


# --------------------------------------------------------------------------- loading


@dataclass(frozen=True)
class _Located:
    """A profile file found on disk or in the package."""

    name: str
    display: str
    text: str
    directory: Path | None  # where a user file's `extends` may also be looked for
    max_bytes: int = 256 * 1024  # the largest user file read (`extends` siblings too)


def _builtin(name: str) -> _Located | None:
    if not _NAME.match(name):
        return None
    # read through the package's loader as `importlib.resources` would, without loading it
    # (with `tempfile` and `zipfile`, about a tenth of the command's start-up)
    try:
        data = pkgutil.get_data(_PROFILE_PACKAGE, f"{_PROFILE_DIR}/{name}.toml")
    except OSError:  # no such file (or a folder of that name)
        return None
    return None if data is None else _Located(name, f"{name}.toml", data.decode("utf-8"), None)


#: `extends` chains longer than this are refused (the shipped ones are two deep).
MAX_EXTENDS = 16


def _user_file(path: Path, max_bytes: int) -> _Located:
    """A user's profile file, read only when it is a regular file no larger than `max_bytes`
    (not a device, a FIFO or `/dev/zero`)."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise ProfileError(str(path), "", "不是普通文件（设备、管道或目录），不予读取")
        if info.st_size > max_bytes:
            raise ProfileError(str(path), "", f"文件过大（{info.st_size} 字节，上限 "
                               f"{max_bytes} 字节；可用环境变量 JIXIAO_PROFILE_MAX_KB 调整）")
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise ProfileError(str(path), "", f"文件过大（上限 {max_bytes} 字节；"
                               "可用环境变量 JIXIAO_PROFILE_MAX_KB 调整）")
        text = data.decode("utf-8")
    except OSError as exc:
        raise ProfileError(str(path), "", f"无法读取文件（{exc.strerror or exc}）") from exc
    except UnicodeDecodeError as exc:
        raise ProfileError(str(path), "", "文件不是 UTF-8 编码") from exc
    return _Located(path.stem, str(path), text, path.parent, max_bytes)


def _parse(located: _Located) -> dict[str, Any]:
    try:
        raw = tomllib.loads(located.text)
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(located.display, "", f"TOML 语法错误：{exc}") from exc
    except RecursionError as exc:  # arrays or inline tables nested thousands deep
        raise ProfileError(located.display, "", "嵌套过深，不是规则配置") from exc
    _Validator(located.display, complete=False).node(raw, _SCHEMA, "")
    return raw


def _parent(located: _Located, name: str) -> _Located:
    if located.directory is not None and _NAME.match(name):
        sibling = located.directory / f"{name}.toml"
        if sibling.is_file():
            return _user_file(sibling, located.max_bytes)
    found = _builtin(name)
    if found is None:
        raise ProfileError(located.display, "extends", f"找不到要继承的规则配置「{name}」")
    return found


def _merged(located: _Located, chain: tuple[str, ...]) -> dict[str, Any]:
    """The raw table of a profile with everything it extends merged underneath."""
    raw = _parse(located)
    parent_name = raw.get("extends")
    if parent_name is None:
        return raw
    if len(chain) >= MAX_EXTENDS:
        raise ProfileError(located.display, "extends", f"继承链超过 {MAX_EXTENDS} 层")
    if parent_name in (*chain, located.name):
        cycle = " → ".join((*chain, located.name, parent_name))
        raise ProfileError(located.display, "extends", f"循环继承：{cycle}")
    base = _merged(_parent(located, parent_name), (*chain, located.name))
    merged = deep_merge(base, raw)
    merged["sources"] = _unique([*raw.get("sources", []), *base.get("sources", [])])
    return merged


def deep_merge(base: dict[str, Any], overlay: dict[str, Any]) -> dict[str, Any]:
    """Overlay on base: tables merge key by key, everything else (lists too) replaces.

    Args:
        base: the table of the extended profile (not modified).
        overlay: the table of the extending profile (not modified).
    """
    out = dict(base)
    for key, value in overlay.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = deep_merge(out[key], value)
        else:
            out[key] = value
    return out


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _load(located: _Located) -> Profile:
    merged = _merged(located, ())
    _Validator(located.display, complete=True).node(merged, _SCHEMA, "")
    return _Builder(located, merged).build()


def load_profile(name: str = DEFAULT_PROFILE) -> Profile:
    """Load a shipped profile by name (`national-2020`, `shanghai-2024`, …).

    Raises:
        ProfileError: when there is no such profile or it is not valid.
    """
    located = _builtin(name)
    if located is None:
        known = "、".join(p.name for p in list_profiles())
        raise ProfileError(f"{name}.toml", "", f"没有名为「{name}」的规则配置（可用：{known}）")
    return _load(located)


def load_profile_file(path: str | Path, max_bytes: int = 256 * 1024) -> Profile:
    """Load a user's own profile file; its `extends` may name a shipped profile or a sibling file.

    Args:
        path: the TOML file.
        max_bytes: the largest file read (this one and the siblings it extends).

    Raises:
        ProfileError: naming the file and the dotted key of the first problem.
    """
    return _load(_user_file(Path(path), max_bytes))


def list_profiles() -> list[Profile]:
    """All shipped profiles, sorted by name."""
    from importlib import resources

    folder = resources.files(_PROFILE_PACKAGE).joinpath(_PROFILE_DIR)
    names = sorted(p.name[: -len(".toml")] for p in folder.iterdir()
                   if p.name.endswith(".toml") and p.is_file())
    return [_load(located) for n in names if (located := _builtin(n)) is not None]


# --------------------------------------------------------------------------- building


# The 一级指标 keys that receive a missing satisfaction block's points, by policy.
_RECEIVERS = {
    NoSatisfactionPolicy.TO_OUTPUT: ("output",),
    NoSatisfactionPolicy.TO_OUTCOME: ("outcome",),
    NoSatisfactionPolicy.SPLIT_PROPORTIONAL: ("output", "outcome"),
}


class _Builder:
    """Turns a merged, schema-valid table into a Profile and checks what spans several keys."""

    def __init__(self, located: _Located, data: dict[str, Any]) -> None:
        self.located = located
        self.data = data
        self.default_source = data["sources"][0] if data["sources"] else ""

    def fail(self, key: str, message: str) -> ProfileError:
        return ProfileError(self.located.display, key, message)

    def source(self, section: dict[str, Any]) -> str:
        return section.get("source", self.default_source)

    def build(self) -> Profile:
        d = self.data
        if not d["sources"]:
            raise self.fail("sources", "至少应列出一个依据文件")
        return Profile(
            name=self.located.name,
            title=d["title"],
            valid_from=_date(d["valid_from"]) or date.min,
            extends=d.get("extends"),
            sources=tuple(d["sources"]),
            description=d.get("description"),
            form=FormRules(d["form"]["title"], d["form"]["money_unit"],
                           tuple(FundsSource(s) for s in d["form"]["funds_rows"])),
            execution=self.execution(d["execution"]),
            weights=self.weights(d["weights"]),
            structure=self.structure(d["structure"]),
            quantitative=self.quantitative(d["quantitative"]),
            qualitative=self.qualitative(d["qualitative"]),
            not_applicable=self.not_applicable(d["not_applicable"]),
            grades=self.grades(d["grades"]),
            comparison=self.comparison(d["comparison"]),
            checks=dict(d.get("checks", {})),
        )

    def execution(self, s: dict[str, Any]) -> ExecutionRules:
        caps = tuple(sorted((ExecutionCap(to_decimal(c["below"]), to_decimal(c["max_total"]))
                             for c in s.get("caps", [])), key=lambda c: c.below))
        weight = to_decimal(s["weight"])
        if weight > to_decimal(self.data["weights"]["total"]):
            raise self.fail("execution.weight", "不能大于 weights.total")
        chars = s.get("explain_max_chars")
        return ExecutionRules(
            weight=weight, policy=ExecutionPolicy(s["policy"]),
            explain_below=to_decimal(s["explain_below"]) if "explain_below" in s else None,
            explain_max_chars=int(chars) if chars is not None else None,
            caps=caps, source=self.source(s))

    def weights(self, s: dict[str, Any]) -> WeightRules:
        return WeightRules(to_decimal(s["total"]), s["per_indicator"],
                           NoSatisfactionPolicy(s["no_satisfaction_policy"]), self.source(s))

    def structure(self, s: dict[str, Any]) -> tuple[Level1, ...]:
        levels = tuple(
            Level1(key=k, name=v["name"],
                   weight=to_decimal(v["weight"]) if "weight" in v else None,
                   level2=tuple(v["level2"]), required=v["required"])
            for k, v in s.items())
        if not levels:
            raise self.fail("structure", "至少应有一个一级指标")
        seen: dict[str, str] = {}
        for lv in levels:
            if level_key(lv.name) in seen:
                raise self.fail(f"structure.{lv.key}.name",
                                f"与 structure.{seen[level_key(lv.name)]} 重名")
            seen[level_key(lv.name)] = lv.key
        wanted = _RECEIVERS[NoSatisfactionPolicy(self.data["weights"]["no_satisfaction_policy"])]
        missing = [k for k in wanted if k not in s]
        if missing:
            raise self.fail("weights.no_satisfaction_policy",
                            f"需要一级指标 structure.{missing[0]}")
        return levels

    def quantitative(self, s: dict[str, Any]) -> QuantitativeRules:
        p = s["deviation_penalty"]
        penalty = DeviationPenalty(p["enabled"], to_decimal(p["threshold"]),
                                   to_decimal(p["points"]))
        return QuantitativeRules(ReverseFormula(s["reverse_formula"]),
                                 EqualMissPolicy(s["equal_miss"]),
                                 to_decimal(s["overcompletion_ratio"]), penalty, self.source(s))

    def qualitative(self, s: dict[str, Any]) -> QualitativeRules:
        tiers = []
        owner: dict[str, str] = {}
        for tier in Tier:
            key = f"qualitative.tiers.{tier.value}"
            t = s["tiers"][tier.value]
            rule = TierRule(tier, t["label"], tuple(t["synonyms"]), to_decimal(t["band"][0]),
                            to_decimal(t["band"][1]), t["high_inclusive"])
            for label in rule.labels:
                norm = normalize_text(label)
                if norm in owner and owner[norm] != key:
                    raise self.fail(key, f"标签「{label}」已用于 {owner[norm]}")
                owner[norm] = key
            tiers.append(rule)
        self.check_bands(tiers)
        return QualitativeRules(tuple(tiers), self.source(s))

    def check_bands(self, tiers: list[TierRule]) -> None:
        achieved, partial, missed = tiers
        if achieved.high != _ONE or not achieved.high_inclusive:
            raise self.fail("qualitative.tiers.achieved.band", "达成档上限应为 1 且包含上限")
        if missed.low != _ZERO:
            raise self.fail("qualitative.tiers.missed.band", "未达成档下限应为 0")
        if partial.high != achieved.low:
            raise self.fail("qualitative.tiers.partial.band", "部分达成档上限应等于达成档下限")
        if missed.high != partial.low:
            raise self.fail("qualitative.tiers.missed.band", "未达成档上限应等于部分达成档下限")

    def not_applicable(self, s: dict[str, Any]) -> NotApplicableRules:
        if not s["words"]:
            raise self.fail("not_applicable.words", "至少应有一个词")
        return NotApplicableRules(tuple(s["words"]), NotApplicablePolicy(s["policy"]),
                                  self.source(s))

    def grades(self, s: dict[str, Any]) -> GradeRules:
        bands = tuple(GradeBand(b["grade"], to_decimal(b["min"])) for b in s["bands"])
        if not bands:
            raise self.fail("grades.bands", "至少应有一个等级")
        for i, (hi, lo) in enumerate(pairwise(bands), start=1):
            if lo.min >= hi.min:
                raise self.fail(f"grades.bands[{i}].min", "等级下限应从高到低严格递减")
        names = [b.grade for b in bands] + [s["lowest"]]
        if len(set(names)) != len(names):
            raise self.fail("grades", "等级名称重复")
        return GradeRules(bands, s["lowest"], self.source(s))

    def comparison(self, s: dict[str, Any]) -> ComparisonRules:
        return ComparisonRules(to_decimal(s["tolerance"]), s["accept_noted_deductions"],
                               tuple(s["boilerplate_notes"]), self.source(s))
