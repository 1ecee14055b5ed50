"""Spreadsheet text extracted in scrambled order (`readers.scrambled`): one small case per
cause, the routing from `text.py`, and the property that a funds block scrambled in the ways
handled reads back field for field or reports its ambiguity, never a pairing the arithmetic
rejects."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.core.model import Form, Funds
from jixiao.readers import scrambled, scrambled_rows
from jixiao.readers.base import ReadResult
from jixiao.readers.segment import rate_agrees
from jixiao.readers.stream import iter_text_blocks
from jixiao.readers.text import read_text

COLUMNS = ("initial", "annual", "executed", "weight", "rate", "score")
CAPTIONS = {"initial": "年初预算数", "annual": "全年预算数", "executed": "全年执行数",
            "weight": "分值", "rate": "执行率", "score": "得分"}
ROWS = {"total": "年度资金总额", "fiscal": "其中：当年财政拨款", "carryover": "上年结转资金",
        "other": "其他资金"}
HEAD = ("测试县项目支出绩效自评表 （2023年度） 项目名称 乡村道路养护 主管部门 测试县交通运输局 "
        "实施单位 测试县公路站 项目资金（万元） ")
TAIL = (" 年度总体目标 完成道路养护 一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 "
        "产出指标 数量指标 养护里程 ≥300公里 310公里 50 50 "
        "效益指标 社会效益指标 通行条件改善 有效改善 有效改善 40 40 总分 100 99\n")


def block_of(text: str) -> scrambled.Block:
    (block,) = scrambled.blocks(scrambled.tokens(text))
    return block


def readings(text: str) -> list[dict[str, dict[str, str]]]:
    """Each pairing as row → column → printed value."""
    block = block_of(text)
    return [{source: {k: block.values[i].text for k, i in cells} for source, cells in r}
            for r in scrambled.pairings(block)]


def total(initial: str, annual: str, executed: str, weight: str, rate: str, score: str
          ) -> dict[str, str]:
    return dict(zip(COLUMNS, (initial, annual, executed, weight, rate, score), strict=True))


# ---------------------------------------------------------------- tokens and blocks


def test_a_caption_split_by_spaces_is_one_token_and_a_row_caption_swallows_no_word() -> None:
    toks = scrambled.tokens("年初预算 数 0 项目资金 (万元) 其他资金 年度 总体 目标")
    assert [(t.text, t.sort) for t in toks] == [
        ("年初预算 数", "caption"), ("0", "value"), ("项目资金 (万元)", "caption"),
        ("其他资金", "row"), ("年度 总体 目标", "caption")]


def test_rows_printed_as_rows_are_not_detached() -> None:
    text = ("项目资金（万元） 全年预算数 全年执行数 执行率 | 年度资金总额 | 10 | 10 | 100% | "
            "其中：当年财政拨款 | 10 | 10 | 100% 年度总体目标")
    assert not block_of(text).detached
    assert not scrambled.sniff_scrambled(text)


def test_row_captions_together_then_numbers_are_detached() -> None:
    text = ("项目资金（万元） 全年预算数 全年执行数 执行率 年度资金总额 其中：当年财政拨款 "
            "10 10 100% 8 8 100% 年度总体目标")
    assert block_of(text).detached
    assert scrambled.sniff_scrambled(text)


def test_a_number_after_a_header_caption_is_not_a_funds_value() -> None:
    text = ("全年预算数 全年执行数 执行率 年度资金总额 联系电话 13800000000 "
            "其中：当年财政拨款 10 10 100% 年度总体目标")
    assert [v.text for v in block_of(text).values] == ["10", "10", "100%"]


# ---------------------------------------------------------------- pairing


def test_numbers_after_all_row_captions_fill_the_rows_in_order() -> None:
    text = ("年初预算数 全年预算数 全年执行数 分值 执行率 得分 年度资金总额 其中：当年财政拨款 "
            "50 50 45 10 90% 9 40 40 36 — 90% — 年度总体目标")
    assert readings(text) == [{
        "total": total("50", "50", "45", "10", "90%", "9"),
        "fiscal": {"initial": "40", "annual": "40", "executed": "36", "rate": "90%"}}]


def test_a_column_read_top_to_bottom_after_another() -> None:
    text = ("年初预算数 全年预算数 全年执行数 分值 执行率 得分 年度资金总额 其中：当年财政拨款 "
            "50 40 50 40 45 36 10 — 90% 90% 9 — 年度总体目标")
    assert readings(text) == [{
        "total": total("50", "50", "45", "10", "90%", "9"),
        "fiscal": {"initial": "40", "annual": "40", "executed": "36", "rate": "90%"}}]


def test_values_before_the_row_captions() -> None:
    text = ("全年预算数 全年执行数 执行率 200 150 75% 年度资金总额 其他资金 年度总体目标")
    assert readings(text) == [{"total": {"annual": "200", "executed": "150", "rate": "75%"}}]


def test_no_pairing_when_the_arithmetic_rejects_every_order() -> None:
    text = ("全年预算数 全年执行数 执行率 年度资金总额 其中：当年财政拨款 "
            "200 150 90% 100 100 100% 年度总体目标")
    assert readings(text) == []


def test_a_part_larger_than_the_total_is_rejected() -> None:
    # row by row the 其中 row would be 300 > 200; no other order passes either
    text = ("全年预算数 全年执行数 执行率 年度资金总额 其中：当年财政拨款 "
            "200 200 100% 300 300 100% 年度总体目标")
    assert readings(text) == []


def test_which_part_row_is_left_empty_is_ambiguous() -> None:
    text = ("全年预算数 全年执行数 执行率 年度资金总额 其中：当年财政拨款 其他资金 "
            "200 200 100% 120 120 100% 年度总体目标")
    found = readings(text)
    assert len(found) == 2
    assert {"fiscal", "other"} == {next(k for k in r if k != "total") for r in found}
    assert all(r["total"] == {"annual": "200", "executed": "200", "rate": "100%"}
               for r in found)


# ---------------------------------------------------------------- the form, routed from text.py


def scrambled_form(values: str, rows: tuple[str, ...] = ("total", "fiscal")) -> str:
    return (HEAD + " ".join(CAPTIONS[k] for k in COLUMNS) + " "
            + " ".join(ROWS[r] for r in rows) + " " + values + TAIL)


def test_read_text_re_pairs_the_funds_and_says_where() -> None:
    text = scrambled_form("50 50 45 10 90% 9 40 40 36 — 90% —")
    (result,) = read_text(text, filename="t.txt")
    funds = result.form.funds
    assert (funds.weight, funds.rate, funds.score) == ("10", "90%", "9")
    assert [(r.source, r.initial, r.annual, r.executed, r.rate) for r in funds.rows] == [
        ("total", "50", "50", "45", "90%"), ("fiscal", "40", "40", "36", "90%")]
    (note,) = [f for f in result.findings if f.code == "JX040"]
    assert note.source is not None and note.source.line == 1
    assert note.source.cell == f"第{text.index('项目资金') + 1}字"
    assert result.sources["funds.rows[1].executed"].cell == f"第{text.index('36') + 1}字"
    assert not [f for f in result.findings if f.code in ("JX002", "JX012")]


def test_a_layout_reading_placed_by_guess_gives_way_to_the_pairing() -> None:
    """Read column by column, the run's first six numbers `1 1 0 1 1 1` pass the arithmetic
    as one row (a rate `1` is 0% within its rounding), but the layout took them from fourteen
    values by order (JX012): the template's pairing is read."""
    text = scrambled_form("1 1 0 1 1 1 0 0 0 5 0.00% 0.00% 0.00% 0.00",
                          rows=("total", "fiscal", "other"))
    (result,) = read_text(text, filename="t.txt")
    funds = result.form.funds
    assert (funds.weight, funds.rate, funds.score) == ("5", "0.00%", "0.00")
    assert [(r.source, r.initial, r.annual, r.executed) for r in funds.rows] == [
        ("total", "1", "1", "0"), ("fiscal", "1", "1", "0"), ("other", "0", "1", "0")]
    assert "JX040" in {f.code for f in result.findings}


def test_read_from_a_stream_as_from_the_whole_text() -> None:
    text = scrambled_form("50 50 45 10 90% 9 40 40 36 — 90% —")
    data = text.encode()
    streamed = list(iter_text_blocks([data[i:i + 64] for i in range(0, len(data), 64)], "t.txt"))
    assert [r.form for r in streamed] == [r.form for r in read_text(text, filename="t.txt")]


def test_read_text_reports_the_part_rows_it_cannot_place() -> None:
    text = scrambled_form("50 50 45 10 90% 9 40 40 36 — 90% —",
                          rows=("total", "fiscal", "carryover", "other"))
    (result,) = read_text(text, filename="t.txt")
    assert [r.source for r in result.form.funds.rows] == ["total"]
    assert result.form.funds.rows[0].executed == "45"
    assert {"JX016", "JX040"} <= {f.code for f in result.findings}


def test_funds_printed_as_rows_are_left_to_the_layout() -> None:
    text = (HEAD + "全年预算数 全年执行数 执行率\n年度资金总额 50 45 90%\n"
            "其中：当年财政拨款 40 36 90%\n" + TAIL)
    (result,) = read_text(text, filename="t.txt")
    assert not [f for f in result.findings if f.code in ("JX040", "JX016")]


# ---------------------------------------------------------------- property


@st.composite
def funds_blocks(draw: st.DrawFn) -> tuple[dict[str, dict[str, str]], tuple[str, ...]]:
    """A funds table whose rows satisfy the arithmetic: row → column → printed value."""
    annual = draw(st.integers(1, 9999))
    executed = draw(st.integers(0, annual))
    weight = draw(st.sampled_from((5, 10, 20)))
    rate = Decimal(executed * 100) / annual
    out = {"total": {"initial": str(draw(st.integers(0, annual))), "annual": str(annual),
                     "executed": str(executed), "weight": str(weight),
                     "rate": f"{rate:.2f}%",
                     "score": str((weight * rate / 100).quantize(Decimal("0.01")))}}
    printed: list[str] = ["total"]
    for source in ("fiscal", "carryover", "other"):
        if not draw(st.booleans()):
            continue
        printed.append(source)
        if draw(st.booleans()):
            continue  # the caption printed, the row left empty
        part = draw(st.integers(1, annual))
        spent = draw(st.integers(0, min(part, executed)))
        start = draw(st.integers(0, min(part, int(out["total"]["initial"]))))
        out[source] = {"initial": str(start), "annual": str(part),
                       "executed": str(spent),
                       "rate": f"{Decimal(spent * 100) / part:.2f}%"}
    return out, tuple(printed)


def scramble(table: dict[str, dict[str, str]], printed: tuple[str, ...], by_column: bool,
             dashes: bool) -> str:
    """The table as a sharing site extracts a spreadsheet: the row captions together, then
    the numbers row by row or column by column (empty cells dropped, `—` where printed)."""
    def cell(source: str, key: str) -> str | None:
        if source not in table:
            return None
        return table[source].get(key) or ("—" if dashes else None)
    order = ([(s, k) for k in COLUMNS for s in printed] if by_column
             else [(s, k) for s in printed for k in COLUMNS])
    numbers = [v for s, k in order if (v := cell(s, k)) is not None]
    return (" ".join(CAPTIONS[k] for k in COLUMNS) + " " + " ".join(ROWS[s] for s in printed)
            + " " + " ".join(numbers) + " 年度总体目标")


def _accepted(found: dict[str, dict[str, str]]) -> bool:
    """Every row of a pairing passes the arithmetic."""
    whole = found["total"]
    for source, row in found.items():
        if "rate" in row and not rate_agrees(row["annual"], row["executed"], row["rate"]):
            return False
        if source != "total" and any(Decimal(row[k]) > Decimal(whole[k])
                                     for k in ("annual", "executed") if k in row):
            return False
    return "score" not in whole or Decimal(whole["score"]) <= Decimal(whole["weight"])


@settings(max_examples=60, deadline=None)
@given(funds_blocks(), st.booleans(), st.booleans())
def test_scrambled_funds_read_back_or_report_ambiguity(
        drawn: tuple[dict[str, dict[str, str]], tuple[str, ...]], by_column: bool,
        dashes: bool) -> None:
    table, printed = drawn
    text = scramble(table, printed, by_column, dashes)
    found = readings(text)
    assert table in found
    assert all(_accepted(f) for f in found)
    block = block_of(text)
    empty = ReadResult(form=Form(project_name="x", funds=Funds()))
    result = scrambled.repair(empty, block, scrambled.PlaceOf(text, None))
    got = {r.source: r for r in result.form.funds.rows}
    codes = {f.code for f in result.findings}
    if len(found) == 1:
        assert set(got) == set(table) and "JX016" not in codes
    else:
        assert "JX016" in codes and set(got) <= {"total"}
    for source, row in got.items():
        want = table[source]
        assert (row.initial, row.annual, row.executed, row.rate) == tuple(
            want.get(k) for k in ("initial", "annual", "executed", "rate"))
    if got:
        assert (result.form.funds.weight, result.form.funds.score) == (
            table["total"]["weight"], table["total"]["score"])


AMOUNT_KEYS = ("initial", "annual", "executed", "rate")


@settings(max_examples=40, deadline=None)
@given(funds_blocks(), st.booleans(), st.booleans())
def test_a_scrambled_form_reads_its_funds_back_or_reports_ambiguity(
        drawn: tuple[dict[str, dict[str, str]], tuple[str, ...]], by_column: bool,
        dashes: bool) -> None:
    """Through `read_text`: the line layout reads the form, the scrambled block is re-paired;
    the layout's own (arithmetically impossible) reading of the run never survives."""
    table, printed = drawn
    body = scramble(table, printed, by_column, dashes)
    (result,) = read_text(HEAD + body.removesuffix(" 年度总体目标") + TAIL, filename="t.txt")
    got = {row.source: {k: getattr(row, k) for k in AMOUNT_KEYS if getattr(row, k)}
           for row in result.form.funds.rows}
    want = {source: {k: v for k, v in row.items() if k in AMOUNT_KEYS}
            for source, row in table.items()}
    if len(readings(body)) == 1:
        assert got == want
    else:
        assert "JX016" in {f.code for f in result.findings}
        assert all(got[source] == want[source] for source in got)


# ---------------------------------------------------------------- indicator rows (scrambled_rows)

TABLE_HEAD = (HEAD + "年初预算数 全年预算数 全年执行数 分值 执行率 得分 年度资金总额 "
              "其中：当年财政拨款 50 50 45 10 90% 9 40 40 36 — 90% — 年度总体目标 完成道路养护 "
              "一级指标 二级指标 三级指标 年度指标值 实际完成值 ")


def table_of(text: str) -> tuple[tuple[str, ...], list[scrambled_rows.Cell]]:
    toks = scrambled.tokens(text)
    (block,) = scrambled.blocks(toks)
    return scrambled_rows.columns_and_cells(toks[block.end:])


def stretch_readings(text: str) -> list[list[list[str]]]:
    columns, cells = table_of(text)
    return [[[cell.text for cell in (dict(r)[c] for c in columns)] for r in reading]
            for run, _ in scrambled_rows.stretches(cells, columns)
            for reading in scrambled_rows.readings([c for c in run if c.sort == "value"],
                                                   columns)]


def test_columns_cut_into_consecutive_groups_every_way() -> None:
    found = list(scrambled_rows.groupings(("target", "actual", "weight", "score")))
    assert len(found) == 8 and len(set(found)) == 8
    assert (("target",), ("actual", "weight", "score")) in found


def test_a_number_wrapped_from_its_unit_is_one_value() -> None:
    _, cells = table_of(TABLE_HEAD + "分值 得分 产出指标 指标1:里程 不少于12 种 14种 5 5 "
                        "总分 100 95")
    assert [c.text for c in cells if c.sort == "value"] == ["不少于12种", "14种", "5", "5"]


def test_a_targets_column_before_the_rest_of_the_rows() -> None:
    text = (TABLE_HEAD + "产出指标 数量指标 指标1:养护里程 ≥300公里 指标2:新建桥梁 4座 分值 得分 "
            "310公里 20 20 3座 20 15 指标3:路灯安装 100盏 100盏 10 10 总分 100 95\n")
    assert stretch_readings(text) == [[["≥300公里", "310公里", "20", "20"],
                                       ["4座", "3座", "20", "15"]]]
    (result,) = read_text(text, filename="t.txt")
    assert [(i.name, i.target, i.actual) for i in result.form.indicators] == [
        ("养护里程", "≥300公里", "310公里"), ("新建桥梁", "4座", "3座"),
        ("路灯安装", "100盏", "100盏")]
    (note,) = [f for f in result.findings if f.code == "JX040" and f.path == "indicators[0]"]
    assert note.source is not None and note.source.cell == f"第{text.index('指标1') + 1}字"


def test_numbered_names_go_to_their_rows_when_names_are_missing() -> None:
    text = (TABLE_HEAD + "分值 得分 产出指标 指标1:甲 10人 指标3:丙 5次 6座 "
            "9人 5 5 7次 3 3 8座 2 2 效益指标 指标1:丁 ≥90% 95% 90 90 总分 100 100\n")
    (result,) = read_text(text, filename="t.txt")
    assert [(i.name, i.target, i.actual) for i in result.form.indicators[:3]] == [
        ("甲", "10人", "9人"), (None, "5次", "7次"), ("丙", "6座", "8座")]


def test_a_wrapped_name_before_the_next_name_and_rows_after_both() -> None:
    text = (TABLE_HEAD + "分值 得分 产出指标 指标1:道路 巡查 次数 指标2:桥梁检测率 12次 12次 5 5 "
            "98% 97% 5 4 效益指标 指标1:丁 ≥90% 95% 90 90 总分 100 99\n")
    (result,) = read_text(text, filename="t.txt")
    assert [i.name for i in result.form.indicators[:2]] == ["道路巡查次数", "桥梁检测率"]


def test_a_stretch_more_than_one_reading_fits_is_reported_not_guessed() -> None:
    # 5人 6人 | 7人 8人 | 5 5 5 5: targets then actuals, or row by row, both pass
    text = (TABLE_HEAD + "分值 得分 产出指标 指标1:甲 指标2:乙 5人 6人 7人 8人 5 5 5 5 "
            "效益指标 指标1:丁 ≥90% 95% 90 90 总分 100 100\n")
    assert len(stretch_readings(text)) > 1
    (result,) = read_text(text, filename="t.txt")
    assert "JX016" in {f.code for f in result.findings if f.path == "indicators"}
    assert not [f for f in result.findings if f.code == "JX040" and f.path == "indicators[0]"]


def test_a_pairing_the_units_reject_is_not_read() -> None:
    columns = ("target", "actual", "weight", "score")
    cells = [scrambled_rows.Cell(t, i, "value") for i, t in
             enumerate(["5人", "5次", "5", "5"])]
    assert scrambled_rows.readings(cells, columns) == []


@st.composite
def table_rows(draw: st.DrawFn) -> list[tuple[str, str, str, str]]:
    """Indicator rows whose values pass the arithmetic: target, actual, 分值, 得分."""
    out = []
    for _ in range(draw(st.integers(1, 5))):
        unit = draw(st.sampled_from(("人", "次", "%", "公里", "座")))
        op = draw(st.sampled_from(("", "≥", "≤")))
        target, actual = draw(st.integers(1, 999)), draw(st.integers(0, 999))
        weight = draw(st.integers(1, 30))
        score = draw(st.integers(0, weight))
        out.append((f"{op}{target}{unit}", f"{actual}{unit}", str(weight), str(score)))
    return out


@settings(max_examples=80, deadline=None)
@given(table_rows(), st.data())
def test_scrambled_rows_read_back_and_never_break_the_arithmetic(
        rows: list[tuple[str, str, str, str]], data: st.DataObject) -> None:
    columns = ("target", "actual", "weight", "score")
    grouping = data.draw(st.sampled_from(list(scrambled_rows.groupings(columns))))
    printed = [rows[r][columns.index(c)] for group in grouping
               for r in range(len(rows)) for c in group]
    cells = [scrambled_rows.Cell(t, i, "value") for i, t in enumerate(printed)]
    found = [[tuple(cell.text for _, cell in row) for row in reading]
             for reading in scrambled_rows.readings(cells, columns)]
    assert rows in found
    assert all(scrambled_rows.row_ok(dict(zip(columns, row, strict=True)))
               for reading in found for row in reading)


def test_the_layouts_findings_on_a_renamed_row_name_it_anew() -> None:
    text = (TABLE_HEAD + "分值 得分 指标1:养护里程 ≥300公里 指标2:新建桥梁 4座 分值 得分 "
            "310公里 20 20 3座 20 15 指标3:路灯安装 100盏 100盏 10 10 总分 100 95\n")
    (result,) = read_text(text, filename="t.txt")
    about = [f.message for f in result.findings
             if (f.path or "").startswith("indicators[1]") and f.code != "JX040"]
    assert about and all("新建桥梁" in m for m in about)


def test_of_several_readings_those_adding_up_to_the_groups_points_are_kept() -> None:
    text = (TABLE_HEAD + "分值 得分 产出指标(30分) 指标1:甲 指标2:乙 20人 10人 20 5 10 5 20 5 "
            "效益指标(70分) 指标1:丁 ≥90% 95% 70 70 总分 100 75\n")
    columns, cells = table_of(text)
    ((run, group),) = scrambled_rows.stretches(cells, columns)
    assert (group.points, group.weights, group.stretches) == (Decimal(30), [], 1)
    found = scrambled_rows.readings([c for c in run if c.sort == "value"], columns)
    assert len(found) == 3
    (kept,) = scrambled_rows.fitting(found, group)
    assert [dict(row)["weight"].text for row in kept] == ["10", "20"]
    unknown = scrambled_rows.Group(Decimal(99))
    unknown.stretches = 1
    assert scrambled_rows.fitting(found, unknown) == found  # none adds up: all kept
