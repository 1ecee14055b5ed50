"""Funds tables printing the sources as columns and the amounts as rows (`资金来源 | 合计 | 中央
| …`, then `全年预算数 | …`, `全年执行数 | …`, `执行率 | …`): each source a funds row, the 合计
the total, a one-value 得分 line the item's score and its `(N分)` the weight."""

from __future__ import annotations

import pytest

from jixiao.core.model import FundsRow
from jixiao.readers.parts.funds import read_sources_down, source_of_column, sources_down
from jixiao.readers.text_lines import read_lines
from tests.readers.test_published_causes import Case, read

_FUNDS = [["项目资金（万元）", "资金来源", "上级补助", "县级", "其他", "合计"],
          ["全年预算数（A）", "60", "30", "10", "100"],
          ["全年执行数（B）", "60", "20", "10", "90"],
          ["执行率（B/A）", "100%", "66.67%", "100%", "90%"],
          ["预算执行得分（10分）", "9"]]


@pytest.mark.parametrize("layout", ["padded", "one_per_line", "lines"])
def test_sources_across_amounts_down(layout: str) -> None:
    if layout == "lines":
        (result,) = read_lines("\n".join(" ".join(r) for r in Case(funds=_FUNDS).printed()))
        form = result.form
    else:
        form = read(Case(funds=_FUNDS), layout)
    assert form.funds.rows == (
        FundsRow(source="fiscal", label="上级补助", initial=None, annual="60", executed="60",
                 rate="100%"),
        FundsRow(source="fiscal", label="县级", initial=None, annual="30", executed="20",
                 rate="66.67%"),
        # 其他 is the standard name of its row: no label (form-json.md)
        FundsRow(source="other", label=None, initial=None, annual="10", executed="10",
                 rate="100%"),
        FundsRow(source="total", label=None, initial=None, annual="100", executed="90",
                 rate="90%"))
    assert (form.funds.weight, form.funds.rate, form.funds.score) == ("10", "90%", "9")
    assert form.indicators[0].name == "保洁河道长度"


@pytest.mark.parametrize(("captions", "ok"), [
    (["合计", "中央", "省级", "本级"], True),
    (["中央财政资金", "自筹资金", "合计"], True),
    (["中央", "省级"], False),  # no total
    (["合计"], False),  # no source
    (["合计", "中央", "执行数"], False),  # a column caption among them
])
def test_which_captions_are_sources_down(captions: list[str], ok: bool) -> None:
    assert (sources_down(captions) is not None) is ok


def test_source_of_column() -> None:
    assert source_of_column("合计") == ("total", None)
    assert source_of_column("本级") == ("fiscal", "本级")
    assert source_of_column("自筹资金") == ("other", "自筹资金")
    assert source_of_column("评价意见") is None


def test_read_sources_down() -> None:
    heads = [("中央", 1), ("县级", 1), ("合计", 1)]
    read = read_sources_down(heads, [
        ("全年预算数", [("60", 2), ("40", 2), ("100", 2)]),
        ("全年执行数", [("60", 3), ("30", 3)]),  # a cell lost: reported, read in order
        ("得分（10分）", [("9", 4)])])
    assert read is not None
    assert [(r.source, r.label) for r in read.rows] == [
        ("fiscal", "中央"), ("fiscal", "县级"), ("total", None)]
    assert read.rows[2].values == {"annual": ("100", 2), "score": ("9", 4)}
    assert (read.points, read.uneven) == ("10", ["全年执行数"])
    assert read_sources_down(heads, [("备注", [("无", 5)])]) is None
