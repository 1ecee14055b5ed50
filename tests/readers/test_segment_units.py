"""Glued rows of tables with a 计量单位 column: the unit cell is a unit (its magnitude
included), and a number opening the next name counts something."""

from __future__ import annotations

from jixiao.readers.segment import read_rows, split_row
from jixiao.readers.segment_values import name_meets_unit, unit_word

UNIT_FIRST = ("unit", "target", "weight", "actual", "score")
PLAIN = ("target", "actual", "weight", "score")


def test_unit_cell_is_a_unit_word() -> None:
    assert unit_word("万亩") and unit_word("公里") and unit_word("株") and unit_word("百分比")
    assert not unit_word("面积万亩") and not unit_word("积万亩") and not unit_word("好")


def test_magnitude_belongs_to_the_unit_not_the_name() -> None:
    assert name_meets_unit("造林面积", "万亩")
    assert not name_meets_unit("造林面积万", "亩")
    assert not name_meets_unit("造林面积万亩", "")
    assert name_meets_unit("培训人次", "")


def test_name_ends_where_the_unit_cell_begins() -> None:
    """`…面积万亩36…`: the name is `…面积`, the cell `万亩`, whatever the numbers read."""
    found = split_row("荒山造林面积万亩3610936", UNIT_FIRST)
    assert found
    assert {(r.name, r.get("unit")) for r in found} == {("荒山造林面积", "万亩")}


def test_unknown_words_are_no_unit_cell() -> None:
    found = split_row("道路养护长度公里1251012510", UNIT_FIRST)
    assert {(r.name, r.get("unit")) for r in found} == {("道路养护长度", "公里")}


def test_bare_number_glued_after_a_row_is_no_name_start() -> None:
    """`…810` + `城区…`: a number before words (`10城区…`) or a long one (`110天…`) is the row's
    digits, so the rows' names are certain even where their numbers are not."""
    text = "绿化覆盖率%801010810城区公园面积万亩361036"
    names = [s.row.name for s in read_rows(text, UNIT_FIRST) if s.row]
    assert names == ["绿化覆盖率", "城区公园面积"]
    text = "苗木成活率%951110天然林保护面积万亩361036"
    names = [s.row.name for s in read_rows(text, UNIT_FIRST) if s.row]
    assert names == ["苗木成活率", "天然林保护面积"]


def test_a_count_or_a_year_still_opens_a_name() -> None:
    text = "培训人数≥20人30人10102024年新增场地≥2个3个10102场专题讲座≥1场2场55"
    names = [s.row.name for s in read_rows(text, PLAIN) if s.row]
    assert names == ["培训人数", "2024年新增场地", "2场专题讲座"]
    text = "培训人数≥20人30人10102023城市论坛参会人数≥50人60人1010"
    names = [s.row.name for s in read_rows(text, PLAIN) if s.row]
    assert names == ["培训人数", "2023城市论坛参会人数"]


WEIGHT_FIRST = ("weight", "target", "actual", "score")


def test_dash_printed_as_yi_after_a_number() -> None:
    """`…6一档案管理规范6`: a dash printed as `一` (no target set) and the actual in words; a
    quantity after it too; words that begin with `一` are no dash."""
    text = "档案管理有效性6一档案齐全规范6资金使用合规性3一100%3"
    rows = [s.row for s in read_rows(text, WEIGHT_FIRST) if s.row]
    assert [(r.name, r.get("target"), r.get("actual")) for r in rows] == [
        ("档案管理有效性", "一", "档案齐全规范"), ("资金使用合规性", "一", "100%")]
    found = split_row("群众满意度5一般满意5", WEIGHT_FIRST)
    assert all(r.get("target") != "一" for r in found)


DEPARTMENT = ("unit", "op", "target", "actual", "coef", "weight", "score", "flag")


def test_kind_cell_read_crosswise_ends_the_name() -> None:
    """`…规范性性标定指好好…`: the 指标性质 cell `定性指标` printed on two lines and read
    crosswise by OCR is still that cell, not the name's end; nor does a blank cell leave
    `定性指标` at the name's end."""
    found = split_row("档案管理规范性性标定指好好100%44否", DEPARTMENT)
    assert [(r.name, r.get("op"), r.get("target")) for r in found] == [
        ("档案管理规范性", "性标定指", "好")]
    found = split_row("档案管理规范性定性指标好好100%44否", DEPARTMENT)
    assert [(r.name, r.get("op")) for r in found] == [("档案管理规范性", "定性指标")]
