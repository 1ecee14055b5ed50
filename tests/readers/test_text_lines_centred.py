"""PDF text (page order) of a table whose merged 一级/二级 cells are centred on their rows:
each caption is printed on the middle line of its group, often on a line of its own between
two rows, so carried down it would name the rows above it wrongly (issue 8)."""

from __future__ import annotations

from jixiao.core.model import Indicator
from jixiao.readers.text_lines import read_lines

TITLE = "2023年度项目支出绩效自评表\n项目名称 饮水工程\n"
FUNDS = "项目资金 (万元) 年初预算数 全年预算数 全年执行数 执行率\n年度资金总额 50 50 45 90%\n"
HEAD = "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因\n"

#: Groups of two, one, three and one rows; each caption on its group's middle line.
CENTRED = (
    "改造工程数量 10处 10处 10 10\n"
    "数量指标\n"
    "新建管网长度 ≥20公里 22公里 10 10\n"
    "质量指标 水质达标率 ≥95% 96% 10 10\n"
    "产出指标\n"
    "完工及时率 100% 90% 10 8\n"
    "时效指标 开工及时率 100% 100% 10 10\n"
    "资金拨付及时率 100% 100% 10 10\n"
    "效益指标 社会效益指标 受益人口 ≥5000人 5200人 20 20\n"
)
LEVELS = [("产出指标", "数量指标"), ("产出指标", "数量指标"), ("产出指标", "质量指标"),
          ("产出指标", "时效指标"), ("产出指标", "时效指标"), ("产出指标", "时效指标"),
          ("效益指标", "社会效益指标")]


def _rows(table: str) -> list[Indicator]:
    results = read_lines(TITLE + FUNDS + HEAD + table)
    assert len(results) == 1
    return list(results[0].form.indicators)


def _levels(rows: list[Indicator]) -> list[tuple[str | None, str | None]]:
    return [(r.level1, r.level2) for r in rows]


def test_captions_centred_on_their_groups_name_the_rows_around_them() -> None:
    rows = _rows(CENTRED)
    assert [r.name for r in rows] == [
        "改造工程数量", "新建管网长度", "水质达标率", "完工及时率", "开工及时率", "资金拨付及时率",
        "受益人口"]
    assert _levels(rows) == LEVELS


def test_top_aligned_captions_are_carried_down() -> None:
    table = ("产出指标 数量指标 改造工程数量 10处 10处 10 10\n"
             "新建管网长度 ≥20公里 22公里 10 10\n"
             "质量指标 水质达标率 ≥95% 96% 10 10\n"
             "管网验收合格率 100% 100% 10 10\n")
    assert _levels(_rows(table)) == [("产出指标", "数量指标")] * 2 + [("产出指标", "质量指标")] * 2


def test_captions_that_fit_no_centred_groups_are_carried_down() -> None:
    """数量指标 below the first row, 质量指标 too far down for any group centred on it: the
    names carried down stay (no group is guessed)."""
    table = ("改造工程数量 10处 10处 10 10\n"
             "数量指标\n"
             "新建管网长度 ≥20公里 22公里 10 10\n"
             "水质达标率 ≥95% 96% 10 10\n"
             "管网验收合格率 100% 100% 10 10\n"
             "设备完好率 100% 100% 10 10\n"
             "质量指标 管材合格率 100% 100% 10 10\n")
    assert [r.level2 for r in _rows(table)] == ["数量指标"] * 5 + ["质量指标"]
