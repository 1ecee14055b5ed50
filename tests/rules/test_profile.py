"""Rule profiles: the shipped files load, overlays merge, broken files fail with file and key."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from jixiao.core.values import Tier, ValueKind, parse_value
from jixiao.rules.profile import (
    DEFAULT_PROFILE,
    Profile,
    ProfileError,
    deep_merge,
    level_key,
    list_profiles,
    load_profile,
    load_profile_file,
)

SHIPPED = ["hubei-2021", "national-2020", "shanghai-2024", "sichuan-2023", "vendor-80-70-60"]
NATIONAL_TEXT = (resources.files("jixiao.rules") / "profiles" / "national-2020.toml").read_text(
    encoding="utf-8")


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _broken(tmp_path: Path, old: str, new: str) -> ProfileError:
    """A copy of national-2020 with one edit, loaded as a user file; returns the error."""
    assert old in NATIONAL_TEXT
    path = _write(tmp_path, "x", NATIONAL_TEXT.replace(old, new, 1))
    with pytest.raises(ProfileError) as info:
        load_profile_file(path)
    return info.value


def _overlay(tmp_path: Path, body: str, name: str = "mine") -> Profile:
    head = ('title = "测试"\nvalid_from = 2024-01-01\nextends = "national-2020"\n'
            'sources = ["测试依据"]\n')
    return load_profile_file(_write(tmp_path, name, head + body))


def _walk(value: Any) -> list[Any]:
    """Every leaf value inside dataclasses, tuples, lists and dicts."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [x for f in dataclasses.fields(value) for x in _walk(getattr(value, f.name))]
    if isinstance(value, (tuple, list)):
        return [x for v in value for x in _walk(v)]
    if isinstance(value, dict):
        return [x for v in value.values() for x in _walk(v)]
    return [value]


# --------------------------------------------------------------------------- shipped profiles


@pytest.mark.parametrize("name", SHIPPED)
def test_every_shipped_profile_loads(name: str) -> None:
    profile = load_profile(name)
    assert profile.name == name
    assert profile.title and profile.sources and isinstance(profile.valid_from, date)
    assert not any(isinstance(v, float) for v in _walk(profile))


def test_list_profiles_names_every_shipped_file() -> None:
    assert [p.name for p in list_profiles()] == SHIPPED


def test_default_profile_is_national() -> None:
    assert DEFAULT_PROFILE == "national-2020"
    assert load_profile().name == "national-2020"


def test_national_parameters() -> None:
    p = load_profile("national-2020")
    assert p.extends is None
    assert p.form.title == "项目支出绩效自评表" and p.form.money_unit == "万元"
    assert p.execution.weight == Decimal("10") and p.execution.policy == "linear_capped"
    assert p.execution.explain_below is None and p.execution.caps == ()
    assert p.level1_weights() == {"output": 50, "outcome": 30, "satisfaction": 10}
    assert p.level1_weights(has_satisfaction=False) == {"output": Decimal("56.25"),
                                                        "outcome": Decimal("33.75")}
    q = p.quantitative
    assert (q.reverse_formula, q.equal_miss, q.overcompletion_ratio) == (
        "linear_to_2T", "formula", Decimal("1.2"))
    assert not q.deviation_penalty.enabled
    assert q.deviation_penalty.threshold == Decimal("0.30") and q.deviation_penalty.points == 2
    bands = {t.tier: (t.low, t.high, t.high_inclusive) for t in p.qualitative.tiers}
    assert bands == {Tier.ACHIEVED: (Decimal("0.8"), 1, True),
                     Tier.PARTIAL: (Decimal("0.6"), Decimal("0.8"), False),
                     Tier.MISSED: (0, Decimal("0.6"), False)}
    assert p.qualitative.rule(Tier.ACHIEVED).label == "达成年度指标"
    assert p.not_applicable.words == ("不适用", "不涉及")
    assert p.not_applicable.policy == "zero_weight"
    assert [(b.grade, b.min) for b in p.grades.bands] == [("优", 90), ("良", 80), ("中", 60)]
    assert p.grades.lowest == "差"
    assert p.comparison.tolerance == Decimal("0.01")
    assert "财预〔2020〕10号" in p.source


def test_shanghai_overlays_national(tmp_path: Path) -> None:
    sh, nat = load_profile("shanghai-2024"), load_profile("national-2020")
    assert sh.extends == "national-2020"
    assert sh.form.title == "财政项目支出绩效自评表"
    assert sh.form.money_unit == nat.form.money_unit  # inherited
    assert sh.execution == nat.execution
    assert sh.qualitative.rule(Tier.ACHIEVED).label == "达成指标"
    assert sh.qualitative.rule(Tier.PARTIAL).label == "部分达成指标并具有一定效果"
    assert sh.qualitative.rule(Tier.MISSED).label == "未达成指标且效果较差"
    assert sh.not_applicable.policy == "zero_weight"
    assert sh.comparison.accept_noted_deductions
    assert "上海" in sh.sources[0]
    assert sh.sources[-len(nat.sources):] == nat.sources  # inherited ones last
    assert "上海" in sh.qualitative.source and "财预" in sh.execution.source


def test_sichuan_overlay_has_its_own_shape() -> None:
    p = load_profile("sichuan-2023")
    assert p.form.funds_rows == ("total", "fiscal", "special_account", "unit_funds", "other")
    assert p.execution.weight == 10
    assert p.execution.explain_below == Decimal("90") and p.execution.explain_max_chars == 100
    assert p.weights.no_satisfaction_policy == "to_output"
    satisfaction = p.level1("satisfaction")
    assert satisfaction is not None and not satisfaction.required
    assert p.level1_weights(has_satisfaction=False) == {"output": 60, "outcome": 30}
    assert p.execution.weight + sum(p.level1_weights(False).values()) == p.weights.total


def test_hubei_and_vendor_overlays() -> None:
    hubei = load_profile("hubei-2021")
    assert hubei.execution.weight == 20 and not hubei.weights.per_indicator
    assert hubei.execution.weight + sum(hubei.level1_weights().values()) == 100
    vendor = load_profile("vendor-80-70-60")
    assert [b.min for b in vendor.grades.bands] == [80, 70, 60]
    assert vendor.execution.policy == "linear"


@pytest.mark.parametrize("label,tier", [
    ("达成指标", Tier.ACHIEVED), ("达成年度指标", Tier.ACHIEVED), ("达成预期指标", Tier.ACHIEVED),
    ("完成", Tier.ACHIEVED), ("已完成", Tier.ACHIEVED), ("全部完成", Tier.ACHIEVED),
    ("部分达成指标并具有一定效果", Tier.PARTIAL), ("部分达成年度指标并具有一定效果", Tier.PARTIAL),
    ("未达成指标且效果较差", Tier.MISSED), ("未达成年度指标且效果较差", Tier.MISSED),
    ("未达成指标\n且效果较差", Tier.MISSED), ("未完成", Tier.MISSED), ("未达成", Tier.MISSED),
])
@pytest.mark.parametrize("name", ["national-2020", "shanghai-2024"])
def test_vocabulary_tiers(name: str, label: str, tier: Tier) -> None:
    value = parse_value(label, load_profile(name).vocabulary)
    assert value.kind is ValueKind.TIER and value.tier is tier


def test_vocabulary_not_applicable() -> None:
    vocabulary = load_profile("shanghai-2024").vocabulary
    assert parse_value("不适用", vocabulary).kind is ValueKind.NOT_APPLICABLE
    assert parse_value("不涉及", vocabulary).kind is ValueKind.NOT_APPLICABLE
    assert parse_value("顺利进行", vocabulary).kind is ValueKind.TEXT


def test_structure_lookup() -> None:
    p = load_profile("national-2020")
    output = p.level1_for("产出指标")
    assert output is not None and output.key == "output"
    assert p.level1_for("产出") is output and p.level1_for(" 产出 指标") is output
    assert output.accepts("数量指标") and output.accepts("数量") and output.accepts("成本指标")
    assert not output.accepts("社会效益指标")
    cost = p.level1_for("成本指标")
    assert cost is not None and cost.accepts("经济成本指标") and cost.weight is None
    assert p.level1_for("履职效能") is None


@pytest.mark.parametrize("name", ["产出指标", "产出", " 产出 指标", "成本指标", "满意度指标",
                                  "履职效能", "", "指标", "效益"])
def test_structure_lookup_by_reduced_key(name: str) -> None:
    for p in (load_profile("national-2020"), load_profile("shanghai-2024")):
        assert p.level1_for_key(level_key(name)) is p.level1_for(name)


@pytest.mark.parametrize("note,ok", [
    (None, False), ("", False), ("无", False), (" 无。", False), ("/", False), ("已完成", False),
    ("未留存满意度资料，建议后续加强满意度资料存档管理。", True),
    ("长效管理机制需进一步完善", True),
])
def test_substantive_notes(note: str | None, ok: bool) -> None:
    assert load_profile("national-2020").comparison.is_substantive(note) is ok


# --------------------------------------------------------------------------- user files


def test_user_overlay_extends_shipped_profile(tmp_path: Path) -> None:
    p = _overlay(tmp_path, '[execution]\nweight = "20"\n[grades]\nlowest = "不合格"\n')
    assert p.name == "mine" and p.extends == "national-2020"
    assert p.execution.weight == 20 and p.execution.policy == "linear_capped"
    assert p.grades.lowest == "不合格" and len(p.grades.bands) == 3
    assert p.sources[0] == "测试依据" and "财预〔2020〕10号" in p.sources[1]


def test_lists_replace_on_overlay(tmp_path: Path) -> None:
    p = _overlay(tmp_path, '[[grades.bands]]\ngrade = "合格"\nmin = "60"\n')
    assert [(b.grade, b.min) for b in p.grades.bands] == [("合格", 60)]


def test_checks_table_is_opaque_and_deep_merged(tmp_path: Path) -> None:
    _overlay(tmp_path, '[checks.severity]\nE101 = "error"\n[checks.params.any]\nx = 1\n'
             'y = [1.5, "z"]\n', name="base")
    child = ('title = "子"\nvalid_from = 2024-01-01\nextends = "base"\nsources = ["子依据"]\n'
             '[checks.severity]\nW201 = "info"\n')
    p = load_profile_file(_write(tmp_path, "child", child))
    assert p.checks == {"severity": {"E101": "error", "W201": "info"},
                        "params": {"any": {"x": 1, "y": [1.5, "z"]}}}
    assert p.sources == ("子依据", "测试依据", *load_profile("national-2020").sources)


def test_deep_merge() -> None:
    base = {"a": {"b": 1, "c": [1, 2]}, "d": 1}
    assert deep_merge(base, {"a": {"c": [3]}, "e": 2}) == {"a": {"b": 1, "c": [3]}, "d": 1, "e": 2}
    assert base == {"a": {"b": 1, "c": [1, 2]}, "d": 1}


def test_profile_file_without_extends_must_be_complete(tmp_path: Path) -> None:
    path = _write(tmp_path, "lonely", 'title = "t"\nvalid_from = 2024-01-01\nsources = ["s"]\n')
    with pytest.raises(ProfileError, match=r"lonely\.toml: form: 缺少必填键"):
        load_profile_file(path)


# --------------------------------------------------------------------------- broken files


@pytest.mark.parametrize("old,new,key,message", [
    ('weight = "10"\npolicy', 'wieght = "10"\npolicy', "execution.wieght", "未知键"),
    ('weight = "10"\npolicy', 'weight = 10\npolicy', "execution.weight", "应为数字字符串"),
    ('weight = "10"\npolicy', 'weight = 10.0\npolicy', "execution.weight", "应为数字字符串"),
    ('weight = "10"\npolicy', 'weight = "十"\npolicy', "execution.weight", "应为数字字符串"),
    ('weight = "10"\npolicy', 'weight = "-1"\npolicy', "execution.weight", "不能为负数"),
    ('weight = "10"\npolicy', 'weight = "120"\npolicy', "execution.weight", "不能大于"),
    ('policy = "linear_capped"', 'policy = "tiers"', "execution.policy", "无效"),
    ('band = ["0.6", "0.8"]', 'band = ["0.8", "0.6"]', "qualitative.tiers.partial.band",
     "下限应小于上限"),
    ('band = ["0.6", "0.8"]', 'band = ["0.6", "1.8"]', "qualitative.tiers.partial.band",
     "0 到 1"),
    ('band = ["0.6", "0.8"]', 'band = ["0.6"]', "qualitative.tiers.partial.band", "两个"),
    ('band = ["0.6", "0.8"]', 'band = ["0.5", "0.8"]', "qualitative.tiers.missed.band",
     "等于部分达成档下限"),
    ('band = ["0.8", "1"]', 'band = ["0.8", "0.9"]', "qualitative.tiers.achieved.band",
     "上限应为 1"),
    ('high_inclusive = true', 'high_inclusive = "yes"', "qualitative.tiers.achieved.high_inclusive",
     "布尔值"),
    ('"达成指标", "达成预期指标"', '"未达成", "达成预期指标"', "qualitative.tiers.missed",
     "已用于 qualitative.tiers.achieved"),
    ('valid_from = 2020-02-25', 'valid_from = "2020-13-01"', "valid_from", "日期"),
    ('money_unit = "万元"', 'money_unit = "美元"', "form.money_unit", "无效"),
    ('funds_rows = ["total", "fiscal", "carryover", "other"]', 'funds_rows = ["total", "bank"]',
     "form.funds_rows", "未知资金来源"),
    ('[structure.cost]', '[structure.Cost]', "structure.Cost", "小写"),
    ('words = ["不适用", "不涉及"]', 'words = "不适用"', "not_applicable.words", "字符串列表"),
    ('min = "80"', 'min = "95"', "grades.bands[1].min", "递减"),
    ('tolerance = "0.01"', 'tolerance = "0.01"\nmystery = true', "comparison.mystery", "未知键"),
    ('[checks]', '[checks]\n[extra]', "extra", "未知键"),
    ('overcompletion_ratio = "1.2"', 'overcompletion_ratio = "0"',
     "quantitative.overcompletion_ratio", "应大于 0"),
])
def test_broken_profile_names_file_and_key(tmp_path: Path, old: str, new: str, key: str,
                                           message: str) -> None:
    error = _broken(tmp_path, old, new)
    assert error.file.endswith("x.toml")
    assert error.key == key
    assert message in error.message
    assert str(error).startswith(f"{error.file}: {key}: ")


def test_missing_required_key(tmp_path: Path) -> None:
    error = _broken(tmp_path, 'lowest = "差"\n', "")
    assert (error.key, error.message) == ("grades.lowest", "缺少必填键")


def test_toml_syntax_and_duplicate_keys(tmp_path: Path) -> None:
    error = _broken(tmp_path, 'weight = "10"\npolicy', 'weight = "10"\nweight = "20"\npolicy')
    assert "TOML 语法错误" in error.message and error.key == ""
    error = _broken(tmp_path, 'weight = "10"\npolicy', "weight = \npolicy")
    assert "TOML 语法错误" in str(error) and "x.toml" in str(error)


def test_missing_extends_target(tmp_path: Path) -> None:
    path = _write(tmp_path, "orphan", 'title = "t"\nvalid_from = 2024-01-01\n'
                  'extends = "atlantis-2099"\nsources = ["s"]\n')
    with pytest.raises(ProfileError, match=r"orphan\.toml: extends: 找不到.*atlantis-2099"):
        load_profile_file(path)


def test_extends_cycle(tmp_path: Path) -> None:
    head = 'title = "t"\nvalid_from = 2024-01-01\nsources = ["s"]\n'
    _write(tmp_path, "a", head + 'extends = "b"\n')
    _write(tmp_path, "b", head + 'extends = "a"\n')
    with pytest.raises(ProfileError, match=r"extends: 循环继承：a → b → a"):
        load_profile_file(tmp_path / "a.toml")
    _write(tmp_path, "self", head + 'extends = "self"\n')
    with pytest.raises(ProfileError, match="循环继承"):
        load_profile_file(tmp_path / "self.toml")


def test_error_in_parent_names_the_parent_file(tmp_path: Path) -> None:
    head = 'title = "t"\nvalid_from = 2024-01-01\nsources = ["s"]\n'
    _write(tmp_path, "parent", head + 'extends = "national-2020"\n[execution]\nweight = 5\n')
    _write(tmp_path, "kid", head + 'extends = "parent"\n')
    with pytest.raises(ProfileError) as info:
        load_profile_file(tmp_path / "kid.toml")
    assert info.value.file.endswith("parent.toml") and info.value.key == "execution.weight"


def test_unknown_profile_name_and_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match="没有名为「nope」的规则配置"):
        load_profile("nope")
    with pytest.raises(ProfileError, match="无法读取"):
        load_profile_file(tmp_path / "missing.toml")
    bad = tmp_path / "latin1.toml"
    bad.write_bytes("title = '\xe9'".encode("latin-1"))
    with pytest.raises(ProfileError, match="UTF-8"):
        load_profile_file(bad)


def test_overlay_error_in_merged_result(tmp_path: Path) -> None:
    with pytest.raises(ProfileError) as info:
        _overlay(tmp_path, '[weights]\nno_satisfaction_policy = "to_output"\n'
                 '[structure.output]\nname = "效益指标"\n')
    assert info.value.file.endswith("mine.toml")
    assert info.value.key == "structure.outcome.name" and "重名" in info.value.message
