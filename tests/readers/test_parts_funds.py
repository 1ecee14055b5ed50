"""The funds table read once for every layout (`readers/parts/funds.py`)."""

from __future__ import annotations

import io
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.core.form_json import form_to_dict
from jixiao.readers.parts.funds import (
    AMOUNTS,
    FUNDS_DEFAULT,
    RowRead,
    align,
    column_key,
    columns_from,
    funds_part,
)
from jixiao.readers.segment import FUNDS_KEYS, split_funds
from jixiao.readers.stream import read_stream


def _same(text: str) -> str:
    return text


def test_column_keys_from_captions_of_any_province() -> None:
    captions = ["年初 预算数", "全年预算数（A）", "全年执行数（B）", "分值", "执行率（B/A）",
                "得分"]
    assert columns_from(column_key(c) for c in captions) == FUNDS_DEFAULT
    assert column_key("权重占比") == "weight"
    assert column_key("预算资金") is None  # the block's caption, not a column


def test_group_caption_above_its_columns_goes() -> None:
    assert columns_from(["annual", "initial", "annual", "executed", "rate"]) == (
        "initial", "annual", "executed", "rate")
    assert columns_from([]) == FUNDS_DEFAULT


def test_lost_cells_placed_by_the_rate_they_satisfy() -> None:
    keys = ["initial", "annual", "executed", "weight", "rate", "score"]
    mapping, mismatch = align(["100", "120", "108", "90%", "9"], keys, _same)  # 分值 lost
    assert mapping == {"initial": "100", "annual": "120", "executed": "108", "rate": "90%",
                       "score": "9"}
    mapping, mismatch = align(["120", "108", "10", "90%"], keys, _same)  # 108 / 120 = 90%
    assert (mapping["annual"], mapping["executed"], mapping["weight"]) == ("120", "108", "10")
    assert "initial" not in mapping and mismatch


def test_all_cells_present_map_in_order() -> None:
    keys = list(FUNDS_DEFAULT)
    values = ["100", "120", "108", "10", "90%", "9"]
    assert align(values, keys, _same) == (dict(zip(keys, values, strict=True)), False)


@given(st.lists(st.sampled_from(["100", "120", "108", "10", "90%", "9", "说明", "-"]),
                max_size=6))
def test_no_value_is_given_to_two_columns(texts: list[str]) -> None:
    values = list(enumerate(texts))  # each value distinct, whatever it prints
    mapping, _ = align(values, list(FUNDS_DEFAULT), lambda v: v[1])
    placed = list(mapping.values())
    assert len(placed) == len(set(placed))
    assert set(mapping) <= set(FUNDS_DEFAULT)


def test_funds_part_item_from_the_total_row_and_points_from_the_caption() -> None:
    total = RowRead("total", None, 3, {"initial": ("100", 3), "annual": ("120", 3),
                                       "executed": ("108", 3), "rate": ("90%", 3),
                                       "score": ("9", 3)})
    fiscal = RowRead("fiscal", None, 4, {"annual": ("120", 4), "weight": ("-", 4)})
    blank = RowRead("carryover", None, 5, {})
    funds, places = funds_part([fiscal, total, blank], unit=("万元", 1), block_points=("10", 2))
    assert [r.source for r in funds.rows] == ["fiscal", "total"]  # the blank row is dropped
    assert (funds.weight, funds.rate, funds.score, funds.unit) == ("10", "90%", "9", "万元")
    assert places["funds.weight"] == 2 and places["funds.rows[1].executed"] == 3
    assert places["funds.rows[0]"] == 4


def test_without_a_total_row_there_is_no_item() -> None:
    row = RowRead("fiscal", None, 1, {"annual": ("5", 1), "weight": ("10", 1)})
    funds, _ = funds_part([row], unit=(None, None))
    assert (funds.weight, funds.rate, funds.score) == (None, None, None)


def test_execution_item_points_named_after_the_rate() -> None:
    """Department forms print the item's 分值/得分 as `执行率权重` / `执行率得分(分)`."""
    captions = ["年初预算数", "全年(调整)预算数", "全年执行数", "执行率(%)", "执行率权重",
                "执行率得分(分)"]
    assert columns_from(column_key(c) for c in captions) == (
        "initial", "annual", "executed", "rate", "weight", "score")
    assert column_key("预算执行率分值") == "weight"
    assert column_key("执行率(B/A)") == "rate"


def test_execution_item_captions_split_apart_keep_their_order() -> None:
    """Glued text splits `执行率权重` into `执行率 | 权重`: that 执行率 names the item."""
    keys = ["initial", "annual", "executed", "rate", "rate", "weight", "rate", "score"]
    assert columns_from(keys) == ("initial", "annual", "executed", "rate", "weight", "score")
    national = ["initial", "annual", "executed", "weight", "rate", "score"]
    assert columns_from(national) == tuple(national)


def test_execution_item_printed_without_its_amounts() -> None:
    """全年预算数/执行数 blank: `76%107.6` is 执行率 76%, 分值 10, 得分 7.6."""
    columns = ("initial", "annual", "executed", "rate", "weight", "score")
    assert split_funds("76%107.6", columns) == [{"rate": "76%", "weight": "10", "score": "7.6"}]
    assert split_funds("076%107.6", columns) == [
        {"initial": "0", "rate": "76%", "weight": "10", "score": "7.6"}]
    assert split_funds("76%107.6", columns, scored=False) == []
    assert split_funds("76107.6", columns) == []  # a rate without its % is not trusted
    assert split_funds("76%103", columns) == []  # 得分 3 is not 10 × 76%


@given(st.integers(1, 20), st.integers(30, 100))
def test_item_without_amounts_reads_back(weight: int, rate: int) -> None:
    score = (Decimal(weight) * rate / 100).quantize(Decimal("0.01")).normalize()
    printed = {"weight": str(weight), "rate": f"{rate}%", "score": f"{score:f}"}
    found = split_funds("".join(printed[k] for k in FUNDS_KEYS if k in printed), FUNDS_KEYS)
    assert printed in found
    for reading in found:
        assert Decimal(reading["score"]) <= Decimal(reading["weight"])


#: Two printings of the funds header: the national template and the 部门整体 form, whose item
#: columns are named after the rate and follow it.
HEADERS = {
    ("initial", "annual", "executed", "weight", "rate", "score"):
        ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"),
    ("initial", "annual", "executed", "rate", "weight", "score"):
        ("年初预算数", "全年(调整)预算数", "全年执行数", "执行率(%)", "执行率权重",
         "执行率得分(分)"),
}


@st.composite
def funds_blocks(draw: st.DrawFn) -> dict[str, str]:
    """An arithmetic-consistent funds item: 执行率 = 执行数 ÷ 预算数, 得分 = 分值 × 执行率."""
    annual = Decimal(draw(st.integers(100, 99_999))) / 100
    executed = Decimal(draw(st.integers(1, int(annual * 100)))) / 100
    rate = (executed / annual * 100).quantize(Decimal("0.01"))
    weight = Decimal(draw(st.integers(5, 20)))
    return {"initial": f"{annual:.2f}", "annual": f"{annual:.2f}", "executed": f"{executed:.2f}",
            "rate": f"{rate}%", "weight": f"{weight}",
            "score": f"{(weight * rate / 100).quantize(Decimal('0.01'))}"}


def _render(values: dict[str, str], order: tuple[str, ...], cells: bool) -> str:
    lines = [["项目支出绩效自评表"], ["项目名称", "河道保洁", "主管部门", "某某局"],
             ["项目资金(万元)", *HEADERS[order]], ["年度资金总额", *(values[k] for k in order)],
             ["其中:当年财政拨款", *(values[k] for k in order[:3]), "", values["rate"]],
             ["年度总体目标", "预期目标", "保障运转", "实际完成情况", "已完成"],
             ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
             ["产出指标", "数量指标", "保洁河道长度", "≥20公里", "21公里", "90", "86"]]
    if cells:
        return "\n".join("| " + " | ".join(line) + " |" for line in lines)
    return "\n".join(" ".join(x for x in line if x) for line in lines)


@settings(max_examples=25, deadline=None)
@given(funds_blocks(), st.sampled_from(sorted(HEADERS)), st.booleans())
def test_consistent_funds_block_reads_back_in_any_layout(
        values: dict[str, str], order: tuple[str, ...], cells: bool) -> None:
    text = _render(values, order, cells)
    forms = [r.form for r in read_stream(io.BytesIO(text.encode()), "x.txt") if r.form]
    funds = form_to_dict(forms[0])["funds"]
    assert (funds["weight"], funds["rate"], funds["score"]) == (
        values["weight"], values["rate"], values["score"])
    assert funds["rows"][0] == {"source": "total", **{k: values[k] for k in AMOUNTS}}


def test_a_row_printing_only_blank_marks_is_not_read() -> None:
    rows = [RowRead("total", None, None, {"annual": ("20.00", None), "executed": ("18.00", None),
                                          "rate": ("90.00%", None)}),
            RowRead("fiscal", None, None, {"annual": ("20.00", None), "executed": ("18.00", None),
                                           "rate": ("—", None)}),
            RowRead("other", "其他资金", None, {"initial": ("—", None), "annual": ("—", None),
                                              "executed": ("/", None), "rate": ("-", None)})]
    funds, _ = funds_part(rows, unit=("万元", None))
    assert [(r.source, r.rate) for r in funds.rows] == [("total", "90.00%"), ("fiscal", "—")]


def test_a_short_row_pairs_the_amounts_whose_quotient_rounds_to_the_printed_rate() -> None:
    # 2660 / 2800 = 95.00% is within half a point of 95.05%, but 2528.26 / 2660 is the rate
    keys = ["initial", "annual", "executed", "weight", "rate", "score"]
    mapping, _ = align(["2800.00", "2660.00", "2528.26", "95.05%"], keys, _same)
    assert mapping == {"initial": "2800.00", "annual": "2660.00", "executed": "2528.26",
                       "rate": "95.05%"}
