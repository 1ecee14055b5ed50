"""Glued funds runs the arithmetic used to leave open: a cut scoring a rate under half above
its share (no tiered rule lifts such a score), and a 其中 row cut into amounts larger than the
total row's (a part of the funds is no more than the whole)."""

from __future__ import annotations

from jixiao.readers import segment
from jixiao.readers.glued import read_glued

COLUMNS = ["initial", "annual", "executed", "rate", "weight", "score"]


def test_a_rate_under_half_is_not_lifted_by_a_tier() -> None:
    # 99.769 | 9.761 | 0.001 | 0.02% scored 1.00 of 10: a score of 0.002 printed as 1
    assert segment.split_funds("99.7699.7610.0010.02%10.001.00", COLUMNS) == [
        {"initial": "99.76", "annual": "99.76", "executed": "10.00", "rate": "10.02%",
         "weight": "10.00", "score": "1.00"}]


def test_a_rate_of_half_or_more_may_still_be_lifted() -> None:
    # `≥90% 得满分` style tiers: 85% scored 10 of 10
    assert segment.split_funds("20201785%1010", COLUMNS) == [
        {"initial": "20", "annual": "20", "executed": "17", "rate": "85%", "weight": "10",
         "score": "10"}]


def test_a_part_row_is_no_more_than_the_total() -> None:
    # the 其中 row alone reads 49.92|49.92|10.00|20.03% or 49.924|9.921|0.002|0.03%
    assert len(segment.split_funds("49.9249.9210.0020.03%", COLUMNS, scored=False)) == 2
    text = ("项目名称河道保洁主管部门某县水利局项目资金(万元)"
            "年初预算数全年预算数全年执行数执行率分值得分"
            "年度资金总额49.9249.9210.0020.03%10.002.00"
            "其中:当年财政拨款49.9249.9210.0020.03%"
            "一级指标二级指标三级指标年度指标值实际完成值分值得分"
            "产出指标数量指标保洁河道长度≥20公里21公里1010总分2012")
    (read,) = read_glued(text)
    assert read.form is not None
    rows = read.form.funds.rows
    assert [(r.source, r.initial, r.annual, r.executed, r.rate) for r in rows] == [
        ("total", "49.92", "49.92", "10.00", "20.03%"),
        ("fiscal", "49.92", "49.92", "10.00", "20.03%")]


def test_rows_run_together_into_one_name_are_reported_not_read() -> None:
    # without totals, `1288` is 12|8|8 or 1|28|8; no reading may take two rows for a name
    text = ("项目名称河道保洁主管部门某县水利局"
            "一级指标二级指标三级指标年度指标值实际完成值分值得分偏差原因分析及改进措施"
            "产出指标数量指标保洁河道长度≥120公里1262020清洗次数≥10次1288"
            "保洁机制逐步完善逐步完善22质量指标保洁达标率≥95%962020")
    (read,) = read_glued(text)
    assert read.form is not None
    assert all("1262020" not in (i.name or "") for i in read.form.indicators)
    assert any(f.code == "JX016" and "几行连在一起" in f.message for f in read.findings)
