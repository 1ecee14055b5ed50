"""pdftotext -layout of an indicator table whose cells are centred on their rows, as printed
by real tables: the 一级 and 二级 columns wrap their merged captions beside a row's cells
(`成本指标   经济成本   …` over `指标`), a wrapped name and a wrapped note share the lines
around a row's middle line (their columns set them apart), a note's piece above its row has
no sentence mark, some rows print from their top, and a 一级 caption stands where two groups
of rows are as near."""

from __future__ import annotations

from jixiao.core.model import Indicator
from jixiao.readers.text import read_text

HEAD = """项目支出绩效自评表
项目名称    某区社区食堂运营补助
年初预算数  全年预算数  全年执行数  分值  执行率  得分
年度资金总额   300.00   300.00   288.00   10   96.00%   9.60
预期目标    实际完成情况
建成社区食堂20个。    建成社区食堂20个。
一级指标   二级指标   三级指标     年度指标值    实际完成值    分值   得分   偏差原因分析及改进措施
"""

#: 产出 (two rows) | 成本 (one) | 效益 (two: the first centred, the second from its top)
#: | 满意度 (one): captions wrapped in their narrow columns beside the rows' cells.
TABLE = """                      社区食堂建成数量        ≥20个         20个          20     20
  产出指标   数量指标
                      日均供餐人次            ≥3000人次     3120人次      20     20

  成本指标   经济成本   每餐补助标准          ≤5元          5元           10     10
             指标

                      老年人助餐需求满                                        部分街道食堂选址偏
                      足率               ≥90%          86.5%         20     16   远，拟增设送餐点与
             社会效益                                                                 流动餐车。
  效益指标   指标
             可持续影   食堂运营长效     长效运行      基本建立      10      8   运营收入尚难覆盖成
             响指标     机制                                                   本，拟引入社会资本。

  满意度指   服务对象   就餐老人满意度        ≥90%          95%           10     10
  标         满意度指
             标
                                  总分                                    100   94.00
"""


def _rows() -> list[Indicator]:
    (result,) = read_text(HEAD + TABLE, filename="c.txt")
    return list(result.form.indicators)


def test_wrapped_captions_beside_the_rows_name_their_groups() -> None:
    rows = _rows()
    assert [(r.level1, r.level2) for r in rows] == [
        ("产出指标", "数量指标"), ("产出指标", "数量指标"), ("成本指标", "经济成本指标"),
        ("效益指标", "社会效益指标"), ("效益指标", "可持续影响指标"),
        ("满意度指标", "服务对象满意度指标")]


def test_a_name_and_a_note_wrapped_side_by_side_are_set_apart() -> None:
    rows = _rows()
    assert [r.name for r in rows] == [
        "社区食堂建成数量", "日均供餐人次", "每餐补助标准", "老年人助餐需求满足率",
        "食堂运营长效机制", "就餐老人满意度"]
    assert rows[3].note == "部分街道食堂选址偏远，拟增设送餐点与流动餐车。"
    assert rows[4].note == "运营收入尚难覆盖成本，拟引入社会资本。"
    assert [r.note for r in rows if r.note is None] == [None] * 4
    assert (rows[3].target, rows[3].actual, rows[3].weight, rows[3].score) == (
        "≥90%", "86.5%", "20", "16")


def test_a_level1_caption_as_near_two_groups_is_placed_by_its_level2_names() -> None:
    """效益指标 printed low in its group: the groups of rows above and below it are as near;
    the 二级 names (社会效益指标, 可持续影响指标 are 效益指标's) tell which."""
    low = TABLE.replace("  效益指标   指标\n", "             指标\n").replace(
        "             响指标     机制", "  效益指标   响指标     机制")
    (result,) = read_text(HEAD + low, filename="c.txt")
    assert [r.level1 for r in result.form.indicators] == [
        "产出指标", "产出指标", "成本指标", "效益指标", "效益指标", "满意度指标"]
