"""A spreadsheet's funds block extracted by the cells' height: the columns interleaved (each
column still top to bottom), neither row- nor column-major. The template's slots are filled in
every such order and only the pairings the arithmetic checks are kept; when several are left,
the ambiguity is reported and only what they agree on is read."""

from __future__ import annotations

import pytest

from jixiao.readers import scrambled
from jixiao.readers.text import read_text

CAPTIONS = "年初预算数 全年预算数 全年执行数 分值 执行率 得分"
HEAD = ("某县项目支出绩效自评表 （2023年度） 项目名称 农村饮水安全维护 主管部门 某县水利局 "
        "实施单位 某县供水站 项目资金（万元） ")
TAIL = (" 年度总体目标 完成供水管网维护 一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 "
        "产出指标 数量指标 维护管网长度 ≥40公里 42公里 50 50 "
        "效益指标 社会效益指标 供水保障率 ≥95% 98% 40 40 总分 100 99\n")


def readings(text: str) -> list[dict[str, dict[str, str]]]:
    (block,) = scrambled.blocks(scrambled.tokens(text))
    return [{source: {k: block.values[i].text for k, i in cells} for source, cells in r}
            for r in scrambled.pairings(block)]


# total 120 | 150 | 135 | 10 | 90% | 9 ; fiscal 100 | 120 | 108 | — | 90% | —, read by height:
# the total's 执行数 lower in its cell than the fiscal row's 年初预算数.
INTERLEAVED = "120 100 150 10 90% 9 135 120 108 — 90% —"


def test_columns_interleaved_by_height_pair_when_the_arithmetic_checks_one_reading() -> None:
    text = f"{CAPTIONS} 年度资金总额 其中：当年财政拨款 {INTERLEAVED} 年度总体目标"
    assert readings(text) == [{
        "total": {"initial": "120", "annual": "150", "executed": "135", "weight": "10",
                  "rate": "90%", "score": "9"},
        "fiscal": {"initial": "100", "annual": "120", "executed": "108", "rate": "90%"}}]


def test_the_form_reads_the_pairing_and_says_so() -> None:
    text = HEAD + f"{CAPTIONS} 年度资金总额 其中：当年财政拨款 {INTERLEAVED}" + TAIL
    (result,) = read_text(text, filename="t.txt")
    funds = result.form.funds
    assert (funds.weight, funds.rate, funds.score) == ("10", "90%", "9")
    assert [(r.source, r.initial, r.annual, r.executed, r.rate) for r in funds.rows] == [
        ("total", "120", "150", "135", "90%"), ("fiscal", "100", "120", "108", "90%")]
    (note,) = [f for f in result.findings if f.code == "JX040"]
    assert note.path == "funds" and note.source is not None and note.source.line == 1


def test_a_part_row_printing_its_rate_only_leaves_which_row_unsaid() -> None:
    # the 其中 row prints 年初预算数 and 执行率 but not its amounts: any 其中 row may be it
    text = (HEAD + f"{CAPTIONS} 年度资金总额 其中：当年财政拨款 其他资金 "
            "0 0 185.5 10 100% 10 185.5 — 100% —" + TAIL)
    (result,) = read_text(text, filename="t.txt")
    funds = result.form.funds
    assert (funds.weight, funds.rate, funds.score) == ("10", "100%", "10")
    assert [(r.source, r.initial, r.annual, r.executed, r.rate) for r in funds.rows] == [
        ("total", "0", "185.5", "185.5", "100%")]
    (note,) = [f for f in result.findings if f.code == "JX016"]
    assert "「其中」各行未读取" in note.message


def test_two_totals_the_arithmetic_accepts_are_reported_not_guessed() -> None:
    # 85.5 may be the amounts (分值 10) or the 分值 and 得分 (amounts 10): both check
    text = (HEAD + f"{CAPTIONS} 年度资金总额 其中：当年财政拨款 其他资金 "
            "0 0 85.5 10 100% 10 85.5 — 100% —" + TAIL)
    (result,) = read_text(text, filename="t.txt")
    funds = result.form.funds
    assert (funds.weight, funds.rate, funds.score, funds.rows) == (None, None, None, ())
    (note,) = [f for f in result.findings if f.code == "JX016" and f.path == "funds"]
    assert "4种合乎算术的配对" in note.message


def test_out_of_order_a_total_whose_rate_is_unchecked_is_no_pairing() -> None:
    # interleaved, the only fits leave the total without a 执行率 on a budget: nothing read
    text = "全年预算数 全年执行数 执行率 年度资金总额 其中：当年财政拨款 0 5 0 100% 5 年度总体目标"
    assert readings(text) == []


def test_row_major_reading_still_wins_over_interleaved_orders() -> None:
    # read row by row the block pairs: interleaved orders are not tried, nothing ambiguous
    text = (f"{CAPTIONS} 年度资金总额 其中：当年财政拨款 "
            "50 50 45 10 90% 9 40 40 36 — 90% — 年度总体目标")
    assert len(readings(text)) == 1


def test_orders_left_untried_pair_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    # the search stopped before every order was tried: the one pairing found may not be the
    # only one, so none is given
    text = f"{CAPTIONS} 年度资金总额 其中：当年财政拨款 {INTERLEAVED} 年度总体目标"
    monkeypatch.setattr(scrambled, "MAX_STEPS", 50)
    assert readings(text) == []
