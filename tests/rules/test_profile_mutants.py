"""Rule profiles, edge by edge: each broken file is national-2020 with one wrong value, and the
error is the exact Chinese message naming the file and the dotted key; loaded values are read
back as scoring uses them; `extends` chains at their limits (issue 11, mutation testing)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from importlib import resources
from pathlib import Path

import pytest

from jixiao.core.values import Tier
from jixiao.rules.profile import (
    MAX_EXTENDS,
    Profile,
    ProfileError,
    list_profiles,
    load_profile,
    load_profile_file,
)

NATIONAL = (resources.files("jixiao.rules") / "profiles" / "national-2020.toml").read_text(
    encoding="utf-8")
NATIONAL_SOURCE = "财政部《项目支出绩效评价管理办法》（财预〔2020〕10号）"
HEAD = ('title = "测试"\nvalid_from = 2024-01-01\nextends = "national-2020"\n'
        'sources = ["测试依据"]\n')


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _edited(*edits: tuple[str, str]) -> str:
    """national-2020's text with each (old, new) edit made once; each old text must be there."""
    text = NATIONAL
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def _error(path: Path, **kw: int) -> str:
    with pytest.raises(ProfileError) as info:
        load_profile_file(path, **kw)
    return str(info.value)


def _standalone_error(tmp_path: Path, *edits: tuple[str, str]) -> tuple[Path, str]:
    path = _write(tmp_path, "x", _edited(*edits))
    return path, _error(path)


def _overlay(tmp_path: Path, body: str, head: str = HEAD, name: str = "mine") -> Path:
    return _write(tmp_path, name, head + body)


# --------------------------------------------------------------------------- one wrong value


@pytest.mark.parametrize("old,new,key,message", [
    # every kind of value, with its own message
    ('weight = "10"\npolicy', 'weight = "十"\npolicy', "execution.weight",
     '应为数字字符串（如 "10"）'),
    ('# explain_max_chars = "100"', 'explain_max_chars = "0"', "execution.explain_max_chars",
     '应为正整数字符串（如 "100"）'),
    ('# explain_max_chars = "100"', 'explain_max_chars = "１００"', "execution.explain_max_chars",
     '应为正整数字符串（如 "100"）'),
    ('# explain_max_chars = "100"', 'explain_max_chars = 100', "execution.explain_max_chars",
     '应为正整数字符串（如 "100"）'),
    ('title = "项目支出绩效自评表"', 'title = "  "', "form.title", "应为非空字符串"),
    ('per_indicator = true', 'per_indicator = "true"', "weights.per_indicator",
     "应为布尔值 true 或 false"),
    ('valid_from = 2020-02-25', 'valid_from = 2020-02-25T08:00:00', "valid_from",
     "应为日期（YYYY-MM-DD）"),
    ('valid_from = 2020-02-25', 'valid_from = 20200225', "valid_from", "应为日期（YYYY-MM-DD）"),
    ('level2 = ["数量指标", "质量指标", "时效指标", "成本指标"]', 'level2 = ["数量指标", " "]',
     "structure.output.level2", "应为字符串列表"),
    ('level2 = ["数量指标", "质量指标", "时效指标", "成本指标"]', 'level2 = ["数量指标", 2]',
     "structure.output.level2", "应为字符串列表"),
    ('band = ["0.6", "0.8"]', 'band = ["0.6", 0.8]', "qualitative.tiers.partial.band",
     "应为数字字符串列表"),
    ('band = ["0.6", "0.8"]', 'band = "0.6"', "qualitative.tiers.partial.band",
     "应为数字字符串列表"),
    # the limits of each number
    ('weight = "10"\npolicy', 'weight = "-0.01"\npolicy', "execution.weight", "不能为负数"),
    ('points = "2"', 'points = "-1"', "quantitative.deviation_penalty.points", "不能为负数"),
    ('threshold = "0.30"', 'threshold = "0"', "quantitative.deviation_penalty.threshold",
     "应大于 0"),
    ('total = "100"', 'total = "-5"', "weights.total", "应大于 0"),
    ('# explain_below = "90"', 'explain_below = "100.01"', "execution.explain_below",
     "应在 0 到 100 之间"),
    ('# explain_below = "90"', 'explain_below = "-0.01"', "execution.explain_below",
     "应在 0 到 100 之间"),
    ('weight = "10"\npolicy', 'weight = "100.01"\npolicy', "execution.weight",
     "不能大于 weights.total"),
    # a tier's band
    ('band = ["0.6", "0.8"]', 'band = ["0.6", "0.6"]', "qualitative.tiers.partial.band",
     "区间下限应小于上限"),
    ('band = ["0.6", "0.8"]', 'band = ["0.6", "0.8", "0.9"]', "qualitative.tiers.partial.band",
     "应为两个数字字符串 [下限, 上限]"),
    ('band = ["0", "0.6"]', 'band = ["-0.1", "0.6"]', "qualitative.tiers.missed.band",
     "区间端点应在 0 到 1 之间"),
    ('band = ["0.8", "1"]', 'band = ["0.8", "1.01"]', "qualitative.tiers.achieved.band",
     "区间端点应在 0 到 1 之间"),
    ('high_inclusive = true', 'high_inclusive = false', "qualitative.tiers.achieved.band",
     "达成档上限应为 1 且包含上限"),
    ('band = ["0.8", "1"]', 'band = ["0.8", "0.9"]', "qualitative.tiers.achieved.band",
     "达成档上限应为 1 且包含上限"),
    ('band = ["0", "0.6"]', 'band = ["0.1", "0.6"]', "qualitative.tiers.missed.band",
     "未达成档下限应为 0"),
    ('band = ["0.6", "0.8"]', 'band = ["0.6", "0.7"]', "qualitative.tiers.partial.band",
     "部分达成档上限应等于达成档下限"),
    ('band = ["0", "0.6"]', 'band = ["0", "0.5"]', "qualitative.tiers.missed.band",
     "未达成档上限应等于部分达成档下限"),
    # labels, words, grades, names
    ('"未达成指标",\n', '"达成 指标",\n', "qualitative.tiers.missed",
     "标签「达成 指标」已用于 qualitative.tiers.achieved"),
    ('words = ["不适用", "不涉及"]', "words = []", "not_applicable.words", "至少应有一个词"),
    ('min = "80"', 'min = "90"', "grades.bands[1].min", "等级下限应从高到低严格递减"),
    ('min = "60"', 'min = "80"', "grades.bands[2].min", "等级下限应从高到低严格递减"),
    ('lowest = "差"', 'lowest = "中"', "grades", "等级名称重复"),
    ('grade = "良"', 'grade = "优"', "grades", "等级名称重复"),
    ('name = "效益指标"', 'name = "产出 指标"', "structure.outcome.name",
     "与 structure.output 重名"),
    ('sources = [\n', 'sources = [\n]\nold_sources = [\n', "old_sources", "未知键"),
    ('money_unit = "万元"', 'money_unit = "美元"', "form.money_unit",
     "取值 '美元' 无效，应为 万元、元 之一"),
    ('policy = "linear_capped"', 'policy = "tiers"', "execution.policy",
     "取值 'tiers' 无效，应为 linear_capped、linear 之一"),
    ('funds_rows = ["total", "fiscal", "carryover", "other"]', 'funds_rows = ["total", "bank"]',
     "form.funds_rows",
     "未知资金来源 'bank'，应为 total、fiscal、carryover、other、special_account、unit_funds 之一"),
    ('[structure.cost]', '[structure.Cost]', "structure.Cost",
     "键名只能用小写英文字母、数字和下划线"),
    ('lowest = "差"\n', "", "grades.lowest", "缺少必填键"),
])
def test_one_wrong_value_is_named_by_file_and_key(tmp_path: Path, old: str, new: str, key: str,
                                                  message: str) -> None:
    """national-2020 with one wrong value: the exact message, after the file and the key."""
    path, error = _standalone_error(tmp_path, (old, new))
    assert error == f"{path}: {key}: {message}"


def test_funds_sources_are_listed_in_the_model_order() -> None:
    """The 未知资金来源 message lists the sources of the model (checked here, not assumed)."""
    from jixiao.core.model import FUNDS_SOURCES
    assert "、".join(FUNDS_SOURCES) == (
        "total、fiscal、carryover、other、special_account、unit_funds")


def test_empty_sources_are_refused(tmp_path: Path) -> None:
    """A profile citing no document at all is refused at `sources`."""
    path = _write(tmp_path, "y", _edited(
        ('sources = [\n  "财政部《项目支出绩效评价管理办法》（财预〔2020〕10号）",\n'
         '  "财政部预算司 绩效评价等级划分：优 90–100、良 80–89、中 60–79、差 0–59",\n'
         '  "预算绩效管理系统（pmkpi）自评自动计分规则：正向 / 等于 / 反向 / 定性区间",\n]',
         "sources = []")))
    assert _error(path) == f"{path}: sources: 至少应列出一个依据文件"


@pytest.mark.parametrize("text,key,message", [
    ('form = "项目支出绩效自评表"\n', "form", "应为表"),
    ('checks = 5\n', "checks", "应为表"),
    ('structure = 5\n', "structure", "应为表"),
    ('[execution]\ncaps = 5\n', "execution.caps", "应为表数组（[[...]]）"),
    ('[[execution.caps]]\nbelow = "80"\nmax_total = "89"\n'
     '[[execution.caps]]\nbelow = "101"\nmax_total = "79"\n',
     "execution.caps[1].below", "应在 0 到 100 之间"),
    ('[[execution.caps]]\nbelow = "80"\nmax_total = "-1"\n',
     "execution.caps[0].max_total", "不能为负数"),
    ('[[execution.caps]]\nbelow = "80"\n', "execution.caps[0].max_total", "缺少必填键"),
    ('[grades]\nbands = []\n', "grades.bands", "至少应有一个等级"),
    ('[execution]\nweight = "100.5"\n', "execution.weight", "不能大于 weights.total"),
])
def test_an_overlay_with_one_wrong_value(tmp_path: Path, text: str, key: str,
                                         message: str) -> None:
    """A user's overlay on national-2020 with one wrong value: exact message, file and key."""
    path = _overlay(tmp_path, text) if text.startswith("[") else _overlay(tmp_path, "", HEAD + text)
    assert _error(path) == f"{path}: {key}: {message}"


# --------------------------------------------------------------------------- limits accepted


def test_numbers_exactly_at_their_limits_load(tmp_path: Path) -> None:
    """0 and 100 are valid percentages, 0 a valid weight or penalty, 1 a valid count; an
    execution weight equal to the total is allowed; caps are sorted by their rate."""
    path = _overlay(tmp_path, '[execution]\nweight = "100"\nexplain_below = "100"\n'
                    'explain_max_chars = "1"\n'
                    '[[execution.caps]]\nbelow = "100"\nmax_total = "0"\n'
                    '[[execution.caps]]\nbelow = "0"\nmax_total = "95"\n'
                    '[[execution.caps]]\nbelow = "60"\nmax_total = "59"\n'
                    '[quantitative.deviation_penalty]\npoints = "0"\nthreshold = "0.01"\n')
    p = load_profile_file(path)
    assert p.execution.weight == 100 and p.execution.explain_below == 100
    assert p.execution.explain_max_chars == 1
    assert [(c.below, c.max_total) for c in p.execution.caps] == [(0, 95), (60, 59), (100, 0)]
    assert p.quantitative.deviation_penalty.points == 0
    assert p.quantitative.deviation_penalty.threshold == Decimal("0.01")
    zero = load_profile_file(_overlay(tmp_path, '[execution]\nweight = "0"\nexplain_below = "0"\n',
                                      name="zero"))
    assert zero.execution.weight == 0 and zero.execution.explain_below == 0


def test_a_date_written_as_text_and_counts_as_integers(tmp_path: Path) -> None:
    """`valid_from = "2024-03-01"` (quoted) is read as that date; explain_max_chars an int."""
    head = HEAD.replace("valid_from = 2024-01-01", 'valid_from = "2024-03-01"')
    p = load_profile_file(_overlay(tmp_path, '[execution]\nexplain_max_chars = "100"\n', head))
    assert p.valid_from == date(2024, 3, 1)
    assert p.execution.explain_max_chars == 100 and type(p.execution.explain_max_chars) is int


def test_a_label_repeated_within_its_own_tier_is_allowed(tmp_path: Path) -> None:
    """Listing a tier's label again among its synonyms is harmless (only other tiers clash)."""
    p = load_profile_file(_overlay(
        tmp_path, '[qualitative.tiers.achieved]\nsynonyms = ["达成年度指标", "完成"]\n'))
    assert p.qualitative.rule(Tier.ACHIEVED).labels == ("达成年度指标", "达成年度指标", "完成")


def test_a_complete_profile_without_section_sources_or_checks(tmp_path: Path) -> None:
    """A standalone file whose sections cite nothing takes its first source for every section,
    and has an empty checks table when it writes none."""
    text = NATIONAL.replace(f'source = "{NATIONAL_SOURCE}"\n', "")
    text = text.replace("sources = [\n", 'sources = [\n  "某省办法",\n', 1)
    text = text.replace("[checks]\n", "")
    p = load_profile_file(_write(tmp_path, "plain", text))
    assert p.sources[0] == "某省办法" and p.source == "某省办法"
    assert {p.execution.source, p.weights.source, p.quantitative.source, p.qualitative.source,
            p.not_applicable.source, p.grades.source, p.comparison.source} == {"某省办法"}
    assert p.checks == {}
    assert p.description is not None and p.description.startswith("单位自评：预算执行率 10 分")


# --------------------------------------------------------------------------- structure


def _without_level(text: str, key: str, rename: str) -> str:
    assert f"[structure.{key}]" in text
    return text.replace(f"[structure.{key}]", f"[structure.{rename}]", 1)


@pytest.mark.parametrize("policy,gone,missing", [
    ("to_output", "output", "output"),
    ("to_outcome", "outcome", "outcome"),
    ("split_proportional", "output", "output"),
    ("split_proportional", "outcome", "outcome"),
])
def test_the_policy_needs_its_receiving_level(tmp_path: Path, policy: str, gone: str,
                                              missing: str) -> None:
    """A missing satisfaction block's points need the 一级指标 they go to."""
    text = _without_level(NATIONAL, gone, "other")
    text = text.replace('no_satisfaction_policy = "split_proportional"',
                        f'no_satisfaction_policy = "{policy}"')
    path = _write(tmp_path, "x", text)
    assert _error(path) == (
        f"{path}: weights.no_satisfaction_policy: 需要一级指标 structure.{missing}")


def test_a_profile_needs_at_least_one_level(tmp_path: Path) -> None:
    """An empty [structure] is refused at `structure`."""
    start, end = NATIONAL.index("[structure.output]"), NATIONAL.index("[quantitative]")
    path = _write(tmp_path, "x", NATIONAL[:start] + "[structure]\n\n" + NATIONAL[end:])
    assert _error(path) == f"{path}: structure: 至少应有一个一级指标"


def test_level_names_match_and_reject_none() -> None:
    """A printed 一级/二级 name matches with or without 指标; a blank (None) cell matches
    nothing."""
    p = load_profile("national-2020")
    output = p.level1("output")
    assert output is not None and output.key == "output" and output.name == "产出指标"
    assert output.matches("产出") and output.matches("产出指标")
    assert not output.matches("效益指标") and not output.matches(None)
    assert not output.accepts(None)
    assert p.level1_for(None) is None
    assert p.level1("nowhere") is None
    assert [lv.key for lv in p.structure] == ["output", "outcome", "satisfaction", "cost"]
    assert [lv.required for lv in p.structure] == [True, True, True, False]


@pytest.mark.parametrize("policy,expected", [
    ("to_outcome", {"output": Decimal("50"), "outcome": Decimal("40")}),
    ("to_output", {"output": Decimal("60"), "outcome": Decimal("30")}),
])
def test_satisfaction_points_move_by_policy(tmp_path: Path, policy: str,
                                            expected: dict[str, Decimal]) -> None:
    """Without a 满意度 block its 10 points go where the profile's policy says."""
    p = load_profile_file(_overlay(tmp_path, f'[weights]\nno_satisfaction_policy = "{policy}"\n'))
    assert p.level1_weights(has_satisfaction=False) == expected
    assert p.level1_weights() == {**{"satisfaction": Decimal("10")},
                                  "output": Decimal("50"), "outcome": Decimal("30")}


def test_proportional_split_rounds_each_share(tmp_path: Path) -> None:
    """产出 50 / 效益 20 / 满意度 10: the 10 points split 50:20, each rounded to 2 places."""
    p = load_profile_file(_overlay(tmp_path, '[structure.outcome]\nweight = "20"\n'))
    assert p.level1_weights(False) == {"output": Decimal("57.14"), "outcome": Decimal("22.86")}


def test_proportional_split_with_nothing_to_split_by(tmp_path: Path) -> None:
    """产出 and 效益 both weighted 0: the satisfaction points have no share to follow; the two
    stay at 0 rather than dividing by zero."""
    p = load_profile_file(_overlay(tmp_path, '[structure.output]\nweight = "0"\n'
                                   '[structure.outcome]\nweight = "0"\n'))
    assert p.level1_weights(False) == {"output": 0, "outcome": 0}


def test_points_moved_to_an_unweighted_level(tmp_path: Path) -> None:
    """A standalone profile whose 产出 carries no default weight: to_output gives it exactly
    the satisfaction points; a profile without satisfaction weight moves nothing."""
    text = NATIONAL.replace('name = "产出指标"\nweight = "50"\n', 'name = "产出指标"\n')
    text = text.replace('no_satisfaction_policy = "split_proportional"',
                        'no_satisfaction_policy = "to_output"')
    p = load_profile_file(_write(tmp_path, "x", text))
    assert p.level1("output").weight is None  # type: ignore[union-attr]
    assert p.level1_weights(False) == {"outcome": 30, "output": 10}
    text = NATIONAL.replace('name = "满意度指标"\nweight = "10"\n', 'name = "满意度指标"\n')
    p = load_profile_file(_write(tmp_path, "y", text))
    assert p.level1_weights(False) == {"output": 50, "outcome": 30}


# --------------------------------------------------------------------------- tiers and grades


@pytest.mark.parametrize("tier,score,inside", [
    (Tier.ACHIEVED, "8.00", True), (Tier.ACHIEVED, "10.00", True),
    (Tier.ACHIEVED, "7.99", False), (Tier.ACHIEVED, "10.01", False),
    (Tier.PARTIAL, "6.00", True), (Tier.PARTIAL, "7.99", True),
    (Tier.PARTIAL, "8.00", False), (Tier.PARTIAL, "5.99", False),
    (Tier.MISSED, "0.00", True), (Tier.MISSED, "6.00", False), (Tier.MISSED, "5.99", True),
])
def test_a_qualitative_score_inside_its_tier(tier: Tier, score: str, inside: bool) -> None:
    """Weight 10 under national-2020: 达成 [8, 10], 部分达成 [6, 8), 未达成 [0, 6)."""
    rule = load_profile("national-2020").qualitative.rule(tier)
    assert rule.tier is tier
    assert rule.contains(Decimal(score), Decimal("10")) is inside


def test_a_tier_band_is_rounded_for_the_row_weight() -> None:
    """A 3.33-point row: 达成 from 2.66 (3.33 × 0.8 = 2.664) to 3.33; 部分达成 from 2.00."""
    q = load_profile("national-2020").qualitative
    assert q.rule(Tier.ACHIEVED).band(Decimal("3.33")) == (Decimal("2.66"), Decimal("3.33"))
    assert q.rule(Tier.PARTIAL).band(Decimal("3.33")) == (Decimal("2.00"), Decimal("2.66"))
    assert q.rule(Tier.ACHIEVED).contains(Decimal("2.66"), Decimal("3.33"))


@pytest.mark.parametrize("total,grade", [
    ("100", "优"), ("90.00", "优"), ("89.99", "良"), ("80", "良"), ("79.99", "中"),
    ("60.00", "中"), ("59.99", "差"), ("0", "差"),
])
def test_grade_of_a_total_at_and_below_each_line(total: str, grade: str) -> None:
    """The grade lines of national-2020 (90 / 80 / 60) are reached exactly; below 60 is 差."""
    assert load_profile("national-2020").grades.grade_of(Decimal(total)) == grade


def test_an_overlay_grade_line_is_used_for_the_grade(tmp_path: Path) -> None:
    """A user's own bands (合格 from 75, else 不合格) grade totals by those lines."""
    p = load_profile_file(_overlay(tmp_path, '[grades]\nlowest = "不合格"\n'
                                   '[[grades.bands]]\ngrade = "合格"\nmin = "75"\n'))
    assert [p.grades.grade_of(Decimal(t)) for t in ("75", "74.99")] == ["合格", "不合格"]


# --------------------------------------------------------------------------- files


def test_unknown_or_malformed_profile_names(tmp_path: Path) -> None:
    """A name that is no shipped profile lists the known ones; names outside [a-z0-9_.-] are
    not looked up at all (no path walking)."""
    known = "、".join(p.name for p in list_profiles())
    assert known == "hubei-2021、national-2020、shanghai-2024、sichuan-2023、vendor-80-70-60"
    for name in ("nope", "National-2020", "../rules/profiles/national-2020", "-national"):
        with pytest.raises(ProfileError) as info:
            load_profile(name)
        assert str(info.value) == f"{name}.toml: 没有名为「{name}」的规则配置（可用：{known}）"


def test_a_directory_is_not_read(tmp_path: Path) -> None:
    """A directory given as a profile is refused before anything is read."""
    assert _error(tmp_path) == f"{tmp_path}: 不是普通文件（设备、管道或目录），不予读取"


def test_a_missing_file_and_a_non_utf8_file(tmp_path: Path) -> None:
    """Unreadable files say why, naming the file."""
    missing = tmp_path / "missing.toml"
    assert _error(missing) == f"{missing}: 无法读取文件（No such file or directory）"
    latin = tmp_path / "latin1.toml"
    latin.write_bytes("title = '\xe9'".encode("latin-1"))
    assert _error(latin) == f"{latin}: 文件不是 UTF-8 编码"


def test_file_size_limit_exactly_reached(tmp_path: Path) -> None:
    """A file exactly at the size limit is read; one byte more is refused with both sizes."""
    text = NATIONAL + "#" * 10 + "\n"
    size = len(text.encode("utf-8"))
    path = _write(tmp_path, "x", text)
    assert load_profile_file(path, max_bytes=size).name == "x"
    assert _error(path, max_bytes=size - 1) == (
        f"{path}: 文件过大（{size} 字节，上限 {size - 1} 字节；"
        "可用环境变量 JIXIAO_PROFILE_MAX_KB 调整）")


def test_default_size_limit_is_256_kib(tmp_path: Path) -> None:
    """Without `max_bytes` the limit is 256 KiB: a 262,144-byte file loads, 262,145 do not."""
    size = 256 * 1024
    body = NATIONAL.encode("utf-8")
    pad = size - len(body) - 1
    path = tmp_path / "big.toml"
    path.write_bytes(body + b"#" * pad + b"\n")
    assert path.stat().st_size == size and load_profile_file(path).name == "big"
    path.write_bytes(body + b"#" * (pad + 1) + b"\n")
    assert _error(path) == (f"{path}: 文件过大（{size + 1} 字节，上限 {size} 字节；"
                            "可用环境变量 JIXIAO_PROFILE_MAX_KB 调整）")


def test_toml_errors_name_the_file(tmp_path: Path) -> None:
    """Broken TOML and absurdly nested arrays are refused with the file name, no key."""
    path = _write(tmp_path, "x", NATIONAL.replace('weight = "10"\npolicy', "weight = \npolicy", 1))
    assert _error(path).startswith(f"{path}: TOML 语法错误：")
    deep = _write(tmp_path, "deep", "a = " + "[" * 100_000 + "]" * 100_000 + "\n")
    assert _error(deep) == f"{deep}: 嵌套过深，不是规则配置"


# --------------------------------------------------------------------------- extends


def test_a_sibling_file_is_preferred_to_a_shipped_profile_of_that_name(tmp_path: Path) -> None:
    """`extends = "national-2020"` next to a user's own national-2020.toml uses the user's file."""
    _write(tmp_path, "national-2020", NATIONAL.replace('title = "项目支出绩效自评表"',
                                                       'title = "本地表名"', 1))
    p = load_profile_file(_overlay(tmp_path, ""))
    assert p.form.title == "本地表名" and p.extends == "national-2020"


def test_an_extended_sibling_obeys_the_same_size_limit(tmp_path: Path) -> None:
    """The size limit given for a file holds for the sibling it extends."""
    parent = _write(tmp_path, "parent", NATIONAL)
    child = _overlay(tmp_path, "", HEAD.replace("national-2020", "parent"))
    limit = len(NATIONAL.encode("utf-8")) - 1
    assert _error(child, max_bytes=limit).startswith(
        f"{parent}: 文件过大（{limit + 1} 字节，上限 {limit} 字节")


def test_extends_names_are_not_paths(tmp_path: Path) -> None:
    """`extends` with capitals (or a path) is not looked up beside the file or in the package."""
    _write(tmp_path, "Parent", NATIONAL)
    child = _overlay(tmp_path, "", HEAD.replace("national-2020", "Parent"))
    assert _error(child) == f"{child}: extends: 找不到要继承的规则配置「Parent」"


def test_an_overlay_without_sources_inherits_them(tmp_path: Path) -> None:
    """An overlay may cite nothing of its own: its sources are the extended profile's; a source
    cited again is listed once, the overlay's order first."""
    p = load_profile_file(_overlay(tmp_path, "", HEAD.replace('sources = ["测试依据"]\n', "")))
    assert p.sources == load_profile("national-2020").sources
    again = _overlay(tmp_path, "", HEAD.replace('"测试依据"', f'"测试依据", "{NATIONAL_SOURCE}"'),
                     name="again")
    sources = load_profile_file(again).sources
    assert sources[:2] == ("测试依据", NATIONAL_SOURCE) and sources.count(NATIONAL_SOURCE) == 1


def _chain(folder: Path, length: int) -> Path:
    """p0 extends p1 … extends p{length-1}, which extends national-2020."""
    for i in range(length):
        parent = f"p{i + 1}" if i + 1 < length else "national-2020"
        _write(folder, f"p{i}", f'title = "第{i}层"\nvalid_from = 2024-01-01\n'
               f'extends = "{parent}"\nsources = ["依据{i}"]\n')
    return folder / "p0.toml"


def test_an_extends_chain_at_the_limit_loads(tmp_path: Path) -> None:
    """16 user files chained on national-2020 load; every source listed, nearest first."""
    p = load_profile_file(_chain(tmp_path, MAX_EXTENDS))
    assert MAX_EXTENDS == 16
    assert p.sources[:MAX_EXTENDS] == tuple(f"依据{i}" for i in range(MAX_EXTENDS))
    assert p.title == "第0层" and p.extends == "p1"


def test_an_extends_chain_one_longer_is_refused(tmp_path: Path) -> None:
    """17 user files: the 17th, whose `extends` would go one level deeper, is named."""
    _chain(tmp_path, MAX_EXTENDS + 1)
    last = tmp_path / f"p{MAX_EXTENDS}.toml"
    assert _error(tmp_path / "p0.toml") == f"{last}: extends: 继承链超过 16 层"


def test_a_profile_is_its_own_profile(tmp_path: Path) -> None:
    """A shipped profile loaded by name carries its name and its parent's name."""
    sh = load_profile("shanghai-2024")
    assert (sh.name, sh.extends) == ("shanghai-2024", "national-2020")
    assert isinstance(sh, Profile)


def test_a_user_profile_drives_the_scoring(tmp_path: Path) -> None:
    """An overlay's own grade line and reverse formula are what the engine scores with: 75.00
    is 合格 by the line 75, and a ≤10 target done in 20 is scored w × T / A under `ratio`."""
    from jixiao.core.values import parse_value
    from jixiao.rules.engine import grade_total, quantitative_score
    p = load_profile_file(_overlay(tmp_path, '[quantitative]\nreverse_formula = "ratio"\n'
                                   '[grades]\nlowest = "不合格"\n'
                                   '[[grades.bands]]\ngrade = "合格"\nmin = "75"\n'))
    assert grade_total(Decimal("75.00"), p)[0] == "合格"
    assert grade_total(Decimal("74.99"), p)[0] == "不合格"
    vocabulary = p.vocabulary
    target, actual = parse_value("≤10(天)", vocabulary), parse_value("20(天)", vocabulary)
    score = quantitative_score(target, actual, Decimal("5"), p.quantitative)
    assert score.value == Decimal("2.50")
