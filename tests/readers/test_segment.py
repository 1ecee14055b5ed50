"""Glued number runs split by the arithmetic (`readers.segment`): one small case per cause, and
properties: no reading the arithmetic rejects is ever returned, an ambiguous run is reported."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.readers.segment import (
    FUNDS_KEYS,
    Budget,
    can_start,
    coef_agrees,
    cuts,
    name_ok,
    printed_number,
    rate_agrees,
    read_rows,
    split_funds,
    split_points,
    split_row,
    split_spaced,
)

PLAIN = ("target", "actual", "weight", "score")
WEIGHT_FIRST = ("weight", "target", "actual", "score")


def _tokens(line: str) -> list[str]:
    """A printed line cut at its spaces, as the glued reader cuts a spaced run."""
    return line.split()


# ---------------------------------------------------------------- numbers


def test_printed_numbers_have_no_leading_zero() -> None:
    assert printed_number("0.5") == Decimal("0.5")
    assert printed_number("012") is None
    assert printed_number("1.") is None


def test_cuts_never_give_a_leading_zero() -> None:
    assert list(cuts("1005", 2)) == [("100", "5")]


# ---------------------------------------------------------------- funds


def test_funds_run_split_by_the_rate() -> None:
    """年初预算数, 全年预算数, 全年执行数, 执行率 glued: one cut gives 执行率 = 执行数/预算数."""
    found = split_funds("64.864.864.8100%", ("initial", "annual", "executed", "rate"))
    assert found == [{"initial": "64.8", "annual": "64.8", "executed": "64.8", "rate": "100%"}]


def test_funds_total_row_with_weight_and_score() -> None:
    found = split_funds("75.0075.0060.3310.0080.448.04", FUNDS_KEYS)
    assert found == [{"initial": "75.00", "annual": "75.00", "executed": "60.33",
                      "weight": "10.00", "rate": "80.44", "score": "8.04"}]


def test_funds_sub_row_leaves_weight_and_score_blank() -> None:
    assert split_funds("36.0036.0027.0075.00", FUNDS_KEYS) == [
        {"initial": "36.00", "annual": "36.00", "executed": "27.00", "rate": "75.00"}]


def test_a_zero_printed_with_decimals_shows_the_rows_format() -> None:
    """Nothing spent: `750.00 750.00 0.00 0.00` glued. `750.0075 | 0.00 | 0.00 | 0.00` also
    passes the arithmetic (0 of 0), but its amounts print 4 and 2 decimals; a bare `0` may
    stand beside `750.00`."""
    assert split_funds("750.00750.000.000.00", ("initial", "annual", "executed", "rate"),
                       scored=False) == [
        {"initial": "750.00", "annual": "750.00", "executed": "0.00", "rate": "0.00"}]
    assert {"initial": "750.00", "annual": "750.00", "executed": "0", "rate": "0"} in split_funds(
        "750.00750.0000", ("initial", "annual", "executed", "rate"), scored=False)


def test_funds_sub_rows_print_no_score() -> None:
    """`12.50 12.50 1080.00` could be `12.501 2.501 0 8 0.0 0` on a scored row (a bare `0`
    prints no format); a `其中` row has no 分值/得分 cells, so it has one reading."""
    assert len(split_funds("12.5012.501080.00", FUNDS_KEYS)) == 2
    assert split_funds("12.5012.501080.00", FUNDS_KEYS, scored=False) == [
        {"initial": "12.50", "annual": "12.50", "executed": "1080.00"}]
    # `0.00` shows its row's format: `12.501 2.501 0.00 …` is no reading of the next run
    assert len(split_funds("12.5012.5010.0080.00", FUNDS_KEYS)) == 1
    assert split_funds("12.5012.5010.0080.00", FUNDS_KEYS, scored=False) == [
        {"initial": "12.50", "annual": "12.50", "executed": "10.00", "rate": "80.00"}]


def test_funds_score_follows_the_rate() -> None:
    """Full marks for a rate near 0 is no reading: 得分 stays near 分值 × 执行率."""
    assert split_funds("66.6766.670.0110.000.010.00", FUNDS_KEYS) == [
        {"initial": "66.67", "annual": "66.67", "executed": "0.01", "weight": "10.00",
         "rate": "0.01", "score": "0.00"}]


def test_funds_run_with_a_wrapping_space_and_placeholders() -> None:
    found = split_funds("20.0020.001 00%10.0010.00", ("annual", "executed", "rate", "weight",
                                                         "score"))
    assert found == [{"annual": "20.00", "executed": "20.00", "rate": "100%", "weight": "10.00",
                      "score": "10.00"}]
    assert split_funds("7.207.207.20-100.00-", FUNDS_KEYS) == [
        {"initial": "7.20", "annual": "7.20", "executed": "7.20", "rate": "100.00"}]


def test_funds_columns_in_another_order() -> None:
    """分值 before 执行率 or after: the header's order is followed."""
    found = split_funds("30.0027.0010.0090.009.00",
                        ("annual", "executed", "weight", "rate", "score"))
    assert found == [{"annual": "30.00", "executed": "27.00", "weight": "10.00", "rate": "90.00",
                      "score": "9.00"}]


def test_funds_ambiguous_run_gives_every_reading() -> None:
    """Without 执行率 nothing ties 预算数 to 执行数: every cut survives, the caller says so."""
    assert len(split_funds("309309", ("annual", "executed"))) > 1


def test_rate_agrees_within_the_printed_rounding() -> None:
    assert rate_agrees("75.00", "60.33", "80.44")
    assert not rate_agrees("75.00", "60.33", "80.40")
    assert rate_agrees("3", "2", "67%")
    assert rate_agrees("0", "0", "0")


def test_total_points_split() -> None:
    assert split_points("10095", ("weight", "score")) == [{"weight": "100", "score": "95"}]


# ---------------------------------------------------------------- indicator rows


def test_row_weight_before_target() -> None:
    """`保障人数102370人2370人10`: 分值 10, 年度指标值 2370人, 实际完成值 2370人, 得分 10."""
    found = split_row("保障人数102370人2370人10", WEIGHT_FIRST)
    assert [(r.name, dict(r.values)) for r in found] == [
        ("保障人数", {"weight": "10", "target": "2370人", "actual": "2370人", "score": "10"})]


def test_row_target_first_with_bracketed_units() -> None:
    found = split_row("资料发放完成率=100.00(%)100.00(%)15.0015.00", PLAIN)
    assert [dict(r.values) for r in found] == [
        {"target": "=100.00(%)", "actual": "100.00(%)", "weight": "15.00", "score": "15.00"}]


def test_row_text_value_printed_twice() -> None:
    found = split_row("经费到位时间52021年12月完成2021年12月完成4", WEIGHT_FIRST)
    assert [dict(r.values) for r in found] == [
        {"weight": "5", "target": "2021年12月完成", "actual": "2021年12月完成", "score": "4"}]


def test_row_without_weight_column() -> None:
    """Forms with no 分值 column (Hubei 20/80 style: one score per row)."""
    found = split_row("道路养护里程≥300公里300公里15", ("target", "actual", "score"))
    assert [dict(r.values) for r in found] == [
        {"target": "≥300公里", "actual": "300公里", "score": "15"}]


def test_row_without_score_column() -> None:
    found = split_row("培训场次≥6场8场10", ("target", "actual", "weight"))
    assert [dict(r.values) for r in found] == [{"target": "≥6场", "actual": "8场", "weight": "10"}]


def test_unit_column_between_name_and_values() -> None:
    found = split_row("森林覆盖率%85.5108610", ("unit", "target", "weight", "actual", "score"))
    values = [dict(r.values) for r in found]
    assert {"unit": "%", "target": "85.5", "weight": "10", "actual": "86", "score": "10"} in values


DEPARTMENT = ("unit", "op", "target", "actual", "coef", "weight", "score", "flag")


def test_department_row_with_coefficient_and_core_columns() -> None:
    """部门整体 forms: 计量单位 指标性质 指标值 完成值 得分系数 指标权重 指标得分 是否核心指标."""
    found = split_row("绿化达标率%定量指标95%97%100%44是", DEPARTMENT)
    assert [(r.name, dict(r.values)) for r in found] == [
        ("绿化达标率", {"unit": "%", "op": "定量指标", "target": "95%", "actual": "97%",
                   "coef": "100%", "weight": "4", "score": "4", "flag": "是"})]


def test_score_follows_weight_times_coefficient() -> None:
    """指标得分 = 指标权重 × 得分系数 (within the printed rounding): `80%` of 5 is 4, not 5."""
    assert coef_agrees("5", "80%", "4") and coef_agrees("2", "76%", "1.5")
    assert not coef_agrees("5", "80%", "5") and not coef_agrees("1", "0%", "1")
    assert split_row("绿化达标率%95%97%80%55否", DEPARTMENT) == []


def test_unit_column_value_may_repeat_the_unit_or_print_it_bare() -> None:
    """With a 计量单位 column a value prints the unit or not (`2%` and `0`), never another."""
    found = split_row("结余率%2%080%54否", DEPARTMENT)
    assert [dict(r.values)["actual"] for r in found] == ["0"]
    assert split_row("结余率%2次0100%55否", DEPARTMENT) == []


def test_row_without_values_needs_a_symbol_unit() -> None:
    """A row printing neither value is read where its unit is `%` (a unit in words could be
    the name's end); a name never ends in the `%` of the unit cell."""
    found = split_row("经费变动率%100%33否", DEPARTMENT)
    assert [(r.name, dict(r.values)["target"]) for r in found] == [("经费变动率", "")]
    assert split_row("宣传次数次100%33否", DEPARTMENT) == []


def test_single_character_words_printed_twice() -> None:
    found = split_row("资料完整性好好100%33否", DEPARTMENT)
    assert [(r.name, dict(r.values)["target"]) for r in found] == [("资料完整性", "好")]


def test_name_never_holds_a_percentage_and_a_number() -> None:
    """`…率%100%33否` inside a name is another row's values (`%` then a digit: two numbers)."""
    assert not name_ok("变动率%100%33否完善")
    text = "经费变动率%100%33否信息完善%100%100%100%22否"
    assert [s.row.name for s in read_rows(text, DEPARTMENT) if s.row] == [
        "经费变动率", "信息完善"]


def test_unread_row_ends_where_the_last_column_does() -> None:
    """After a row no reading gets through, the next row begins after the last column's cell
    (是/否), not inside the unread row."""
    text = "宣传活动次数次到5次43次100%1010是资料完整性好好100%33否"
    stretches = read_rows(text, DEPARTMENT)
    assert stretches[0].row is None and text[stretches[0].end - 1] == "是"
    assert [s.row.name for s in stretches if s.row] == ["资料完整性"]


def test_name_never_holds_a_whole_row() -> None:
    """Of the rows starting at one place, one whose name holds another's values (`档案齐全
    齐全33资料完整` + `好好55`) is not a row: a name never holds a row's values."""
    stretches = read_rows("档案齐全齐全33资料完整好好55", PLAIN)
    assert [(s.row.name, s.readings) for s in stretches if s.row] == [
        ("档案", 1), ("资料完整", 1)]


def test_dash_target_and_the_actual_after_it() -> None:
    """A target printed as a dash (none set): the actual is the words or quantity after it."""
    found = split_row("制度执行6—严格执行制度6", WEIGHT_FIRST)
    assert [dict(r.values) for r in found] == [
        {"weight": "6", "target": "—", "actual": "严格执行制度", "score": "6"}]
    found = split_row("资料报送率-100%5.005.00", PLAIN)
    assert [dict(r.values)["actual"] for r in found] == ["100%"]


def test_words_ending_in_a_full_stop_printed_twice() -> None:
    """`环境优美.环境优美.`: a `.` after words is a full stop, not a decimal point."""
    found = split_row("校园环境10环境优美.环境优美.8", WEIGHT_FIRST)
    assert [dict(r.values)["target"] for r in found] == ["环境优美."]


def test_weight_never_exceeds_the_group_points() -> None:
    """`(10分)`: `415万元15万元4` is 4 | 15万元 | 15万元 | 4, not 41 | 5万元 | …, even where
    another row of the group is unreadable and the points cannot be summed."""
    text = "办公成本415万元15万元4绿化成本三万元三万元3"
    read = [s.row for s in read_rows(text, WEIGHT_FIRST, "10") if s.row]
    assert [(r.name, dict(r.values)["weight"]) for r in read] == [("办公成本", "4")]
    unbounded = read_rows(text, WEIGHT_FIRST)
    assert unbounded[0].row is None or unbounded[0].disputed


def test_score_above_weight_is_rejected() -> None:
    assert split_row("验收合格率≥95%96%5.0010.00", PLAIN) == []


def test_target_and_actual_share_the_unit() -> None:
    assert split_row("慰问人数≥50人50次55", PLAIN) == []


def test_bare_number_actual_is_read_where_spaces_separate() -> None:
    """`≥50个 50 8 8`: target, a bare-number actual, weight, score."""
    readings = split_spaced(_tokens("培训人数 ≥50个 50 8 8"), PLAIN)
    assert [[(r.name, dict(r.values)) for r in reading] for reading in readings] == [[
        ("培训人数", {"target": "≥50个", "actual": "50", "weight": "8", "score": "8"})]]


def test_two_rows_share_a_line() -> None:
    readings = split_spaced(_tokens("培训人数 ≥50个 50个 8 8 检查 次数 ≥3次 4次 5 5"), PLAIN)
    assert len(readings) == 1
    assert [r.name for r in readings[0]] == ["培训人数", "检查次数"]


def test_rows_glued_one_after_another() -> None:
    stretches = read_rows("办公用品采购415万元15万元4设备维护335万元35万元3", WEIGHT_FIRST, "7")
    assert [(s.row.name if s.row else None, s.readings) for s in stretches] == [
        ("办公用品采购", 1), ("设备维护", 1)]
    assert dict(stretches[0].row.values)["weight"] == "4"  # type: ignore[union-attr]


def test_group_points_decide_and_their_absence_is_reported() -> None:
    """Without the group's `(7分)` both 4 + 15万元 and 41 + 5万元 add up: the disputed fields
    are named, not guessed."""
    stretches = read_rows("办公用品采购415万元15万元4设备维护335万元35万元3", WEIGHT_FIRST)
    assert [s.row.name for s in stretches if s.row] == ["办公用品采购", "设备维护"]
    assert stretches[0].disputed == {"weight", "target"}


def test_name_beginning_with_a_number() -> None:
    stretches = read_rows("活动场次≥1场2场1.001.002024年培训人数≥20人30人2.002.00", PLAIN)
    assert [s.row.name for s in stretches if s.row] == ["活动场次", "2024年培训人数"]


def test_value_never_gives_digits_or_unit_to_the_next_name() -> None:
    assert not can_start("5.00支部", 1)
    assert not can_start("05场", 0)
    assert can_start("0-6岁儿童", 0)
    assert not can_start("0森林面积", 0)  # the 0 ends the score before it
    assert not name_ok("办公用品采购415万元15万元4设备维护")
    assert name_ok("会期2-3天")


def test_words_only_row_keeps_weight_and_score() -> None:
    stretches = read_rows("活动组织有序顺利开展达成指标3.003.00", PLAIN)
    assert len(stretches) == 1 and stretches[0].row is not None
    assert stretches[0].row.whole
    assert dict(stretches[0].row.values)["weight"] == "3.00"


def test_unreadable_text_is_one_stretch() -> None:
    stretches = read_rows("乱码乱码IO乱码指标甲≥1次1次2.002.00", PLAIN)
    unread = [s for s in stretches if s.row is None and not s.readings]
    assert len(unread) <= 1


# ---------------------------------------------------------------- properties

_amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999.99"), places=2)


@st.composite
def funds_runs(draw: st.DrawFn) -> tuple[str, tuple[str, ...]]:
    annual = draw(_amounts)
    executed = draw(st.decimals(min_value=Decimal("0.00"), max_value=annual, places=2))
    rate = (executed / annual * 100).quantize(Decimal("0.01"))
    weight = Decimal(draw(st.integers(1, 20)))
    score = (weight * rate / 100).quantize(Decimal("0.01"))
    columns = draw(st.sampled_from([FUNDS_KEYS, ("annual", "executed", "rate", "weight", "score"),
                                    ("initial", "annual", "executed", "rate")]))
    values = {"initial": str(annual), "annual": str(annual), "executed": str(executed),
              "rate": f"{rate}%", "weight": f"{weight}.00", "score": str(score)}
    return "".join(values[k] for k in columns), columns


@settings(max_examples=150, deadline=None)
@given(run=st.text(alphabet="0123456789.%", min_size=1, max_size=14),
       columns=st.sampled_from([FUNDS_KEYS, ("annual", "executed", "rate"),
                                ("annual", "executed", "weight", "rate", "score")]))
def test_funds_split_is_never_arithmetically_impossible(run: str, columns: tuple[str, ...]
                                                        ) -> None:
    for values in split_funds(run, columns):
        assert "".join(values[k] for k in columns if k in values) == run
        assert all(printed_number(v.removesuffix("%")) is not None for v in values.values())
        if "rate" in values and "annual" in values:
            assert rate_agrees(values["annual"], values["executed"], values["rate"])
        elif "rate" in values:  # the item printed without amounts: 得分 = 分值 × 执行率
            rate = min(Decimal(values["rate"].removesuffix("%")), 100)
            assert abs(Decimal(values["weight"]) * rate / 100 - Decimal(values["score"])) <= 1
        if "weight" in values:
            assert Decimal(values["score"]) <= Decimal(values["weight"]) <= 100


@settings(max_examples=150, deadline=None)
@given(funds_runs())
def test_funds_written_run_is_among_the_readings(case: tuple[str, tuple[str, ...]]) -> None:
    run, columns = case
    readings = split_funds(run, columns)
    assert any("".join(r[k] for k in columns if k in r) == run and len(r) == len(columns)
               for r in readings)


_NAMES = st.text(alphabet="春夏秋冬山水林木花草河湖云雨风雪桥路灯塔", min_size=2, max_size=8)
_UNITS = st.sampled_from(["人", "次", "(%)", "万元", "(篇)", "公里"])


@st.composite
def rows(draw: st.DrawFn) -> tuple[str, dict[str, str]]:
    unit = draw(_UNITS)
    target = f"{draw(st.sampled_from(['≥', '≤', '=']))}{draw(st.integers(0, 999))}{unit}"
    actual = f"{draw(st.integers(0, 999))}{unit}"
    weight = draw(st.integers(1, 30))
    score = draw(st.integers(0, weight))
    return draw(_NAMES), {"target": target, "actual": actual, "weight": f"{weight}.00",
                          "score": f"{score}.00"}


@settings(max_examples=150, deadline=None)
@given(st.lists(rows(), min_size=1, max_size=4), st.sampled_from([PLAIN, WEIGHT_FIRST]))
def test_glued_rows_read_back_or_are_reported(case: list[tuple[str, dict[str, str]]],
                                             columns: tuple[str, ...]) -> None:
    """Rows glued in the header's column order: each row reads back, or its disputed fields
    are listed (never a silent other value)."""
    text = "".join(name + "".join(values[k] for k in columns) for name, values in case)
    stretches = read_rows(text, columns)
    read = [s for s in stretches if s.row is not None]
    assert len(read) == len(case)
    for stretch, (name, values) in zip(read, case, strict=True):
        assert stretch.row is not None and stretch.row.name == name
        for key, value in stretch.row.values:
            assert key in stretch.disputed or value == values[key]


@settings(max_examples=150, deadline=None)
@given(text=st.text(alphabet="指标人次%≥0123456789.", min_size=1, max_size=18),
       columns=st.sampled_from([PLAIN, WEIGHT_FIRST, ("target", "actual", "score")]))
def test_row_split_is_never_arithmetically_impossible(text: str, columns: tuple[str, ...]
                                                      ) -> None:
    for row in split_row(text, columns):
        values = dict(row.values)
        if row.strict:
            assert row.name + "".join(values[k] for k in columns) == text
        if "weight" in values and "score" in values:
            assert Decimal(values["score"]) <= Decimal(values["weight"]) <= 100
        assert not row.name[-1:].isdigit()


@settings(max_examples=100, deadline=None)
@given(st.lists(rows(), min_size=2, max_size=3))
def test_ambiguous_run_is_reported_not_guessed(case: list[tuple[str, dict[str, str]]]) -> None:
    """Integer weights and scores glued (`41` `5` or `4` `15`?): whatever is disputed is named."""
    bare = [(n, {**v, "weight": v["weight"][:-3], "score": v["score"][:-3]}) for n, v in case]
    text = "".join(n + "".join(v[k] for k in WEIGHT_FIRST) for n, v in bare)
    for stretch in read_rows(text, WEIGHT_FIRST):
        if stretch.row is None:
            assert stretch.readings != 1
            continue
        assert (stretch.readings > 1) == bool(stretch.disputed)


def test_spent_budget_leaves_the_rest_unread() -> None:
    """Pages of noise stop when the text's budget is spent: the rest is one unread stretch."""
    text = "活动场次≥1场2场1.001.00培训人数≥20人30人2.002.00"
    full = read_rows(text, PLAIN)
    assert [s.row.name for s in full if s.row] == ["活动场次", "培训人数"]
    cut = read_rows(text, PLAIN, budget=Budget(starts=1))
    assert [s.row.name for s in cut if s.row] == ["活动场次"]
    assert cut[-1].row is None and cut[-1].end == len(text)


@st.composite
def department_rows(draw: st.DrawFn) -> tuple[str, dict[str, str]]:
    unit = draw(st.sampled_from(["%", "人", "次", "万元"]))
    target, actual = draw(st.integers(0, 999)), draw(st.integers(0, 999))
    weight = draw(st.integers(1, 20))
    coef = draw(st.sampled_from([100, 80, 50, 0]))
    score = Decimal(weight * coef) / 100
    return draw(_NAMES), {"unit": unit, "op": draw(st.sampled_from(["", "定量指标"])),
                          "target": f"{target}{unit}", "actual": f"{actual}{unit}",
                          "coef": f"{coef}%", "weight": str(weight),
                          "score": format(score.normalize(), "f") if score else "0",
                          "flag": draw(st.sampled_from(["是", "否"]))}


@settings(max_examples=100, deadline=None)
@given(st.lists(department_rows(), min_size=1, max_size=4))
def test_department_rows_read_back_or_are_reported(case: list[tuple[str, dict[str, str]]]
                                                   ) -> None:
    """部门整体 rows glued (unit, coefficient and core-indicator columns): each row reads back,
    or its disputed fields are listed; the coefficient always agrees with weight and score."""
    text = "".join(name + "".join(values[k] for k in DEPARTMENT) for name, values in case)
    stretches = read_rows(text, DEPARTMENT)
    read = [s for s in stretches if s.row is not None]
    assert len(read) == len(case)
    for stretch, (name, values) in zip(read, case, strict=True):
        assert stretch.row is not None and stretch.row.name == name
        got = dict(stretch.row.values)
        assert coef_agrees(got["weight"], got["coef"], got["score"])
        for key, value in got.items():
            assert key in stretch.disputed or value == values[key]


def test_funds_item_weight_alone_is_the_blocks_points() -> None:
    """得分 left empty: 分值 alone, only where the block prints the item's points, and equal
    to them; a printed 分值 that is not those points is no reading."""
    from jixiao.readers.segment_funds import split_funds

    columns = ["initial", "annual", "executed", "rate", "weight", "score"]
    assert split_funds("12.0012.0012.00100.00%10", columns, points="10") == [
        {"initial": "12.00", "annual": "12.00", "executed": "12.00", "rate": "100.00%",
         "weight": "10"}]
    assert split_funds("12.0012.0012.00100.00%10", columns) == [
        {"initial": "12.00", "annual": "12.00", "executed": "12.00", "rate": "100.00%",
         "weight": "1", "score": "0"}]
    assert split_funds("12.0012.0012.00100.00%2020", columns, points="10") == []


def test_a_name_holds_no_printed_target() -> None:
    """`…知晓率=100%15`: 年度指标值 =100% and 分值 15, not a name ending in `=100%` with 年度指标值
    1 and 分值 5 — where a reading keeps the operator and its number out of the name."""
    from jixiao.readers.segment import read_rows

    found = read_rows("网络宣传群众知晓率=100%15参保工作经费发放率=100%5", ("target", "weight"))
    assert [(s.row.name, s.row.values) for s in found if s.row] == [
        ("网络宣传群众知晓率", (("target", "=100%"), ("weight", "15"))),
        ("参保工作经费发放率", (("target", "=100%"), ("weight", "5")))]
