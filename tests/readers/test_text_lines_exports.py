"""System exports copied as lines (预算绩效管理系统 pages pasted as space-separated text).

The line reader learns what the cell stream and grid learned (tests/readers/
test_system_exports.py), one small form per cause:
- a two-role caption (实施(主管)单位) fills the department too when none is printed;
- funds printed with a caption before each group's value (预算数 x 到位数 y 执行数 z rate), the
  group captions on the block's caption line, and the money unit among the header's fields;
- a goals heading beginning with the actual goal's caption (目标完成情况 年度预期目标 具体完成情况
  总体完成率), the two texts wrapped side by side over several lines: joined column by column;
- an indicator header on two lines (预期指标值 over 符号 | 单位, its 值 caption lost; 自评得分
  over 单项指标得分 | 权重占比 | 单项指标折算得分), one indicator per line, 一级 carried down.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jixiao.core.model import Form
from jixiao.readers.text_lines import read_lines
from jixiao.readers.text_lines_columns import header_columns, read_by_columns

TITLE = "某县交通局2020年度预算项目绩效自评表"
HEADER = ("一、基本情况 项目名称: 乡村道路养护 是否为专项资金: 实施(主管)单位 "
          "101001-某县交通局 金额单位: 万元")
FUNDS = ["项目资金 年初预算数 全年预算数 全年执行数 执行率",
         "年度资金总额 50.00 50.00 45.00 90%"]
INDICATORS = ["一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施",
              "产出指标 数量指标 养护里程 >=30公里 32公里 40 40",
              "效益指标 社会效益指标 通行条件 改善 改善 30 24"]


def read(lines: list[str]) -> Form:
    results = read_lines("\n".join(lines) + "\n")
    assert len(results) == 1
    return results[0].form


def form_lines(*, header: list[str] | None = None, funds: list[str] | None = None,
               goals: list[str] | None = None, indicators: list[str] | None = None
               ) -> list[str]:
    return [TITLE, *(header or [HEADER]), *(funds or FUNDS), *(goals or []),
            *(indicators or INDICATORS)]


def test_two_role_caption_fills_both_units() -> None:
    form = read(form_lines())
    assert form.project_name == "乡村道路养护"
    assert form.department == form.implementing_unit == "101001-某县交通局"


def test_own_caption_wins_over_the_second_role() -> None:
    run = HEADER.removeprefix("一、基本情况 ")
    for header in ([run, "主管部门: 某县人民政府"], ["主管部门: 某县人民政府", run]):
        form = read(form_lines(header=header))
        assert form.department == "某县人民政府"
        assert form.implementing_unit == "101001-某县交通局"


GROUPED_FUNDS = ["二、预算执行情况 预算安排情况(调整后) 资金到位情况 资金执行情况 预算执行进度(%)",
                 "预算数 50.00 到位数 48.00 执行数 45.00 90.00",
                 "其中:财政资金 40.00 其中:财政资金 40.00 其中:财政资金 36.00",
                 "其他 10.00 其他 8.00 其他 9.00"]


def test_funds_captioned_per_group() -> None:
    funds = read(form_lines(funds=GROUPED_FUNDS)).funds
    assert [(r.source, r.annual, r.executed, r.rate) for r in funds.rows] == [
        ("total", "50.00", "45.00", "90.00"), ("fiscal", "40.00", "36.00", None),
        ("other", "10.00", "9.00", None)]
    assert (funds.unit, funds.rate) == ("万元", "90.00")


def test_funds_groups_without_a_total_row() -> None:
    funds = read(form_lines(funds=[GROUPED_FUNDS[0], *GROUPED_FUNDS[2:]])).funds
    assert [(r.source, r.annual, r.executed) for r in funds.rows] == [
        ("fiscal", "40.00", None), ("other", "10.00", None)]


GOALS_HEAD = "三、目标完成情况 年度预期目标 具体完成情况 总体完成率(%)"


def test_goals_wrapped_side_by_side() -> None:
    goals = [GOALS_HEAD, "完成道路养护， 已完成道路养护， 90.00", "保障通行。 通行顺畅。"]
    form = read(form_lines(goals=goals))
    assert (form.goals.expected, form.goals.actual) == ("完成道路养护，保障通行。",
                                                        "已完成道路养护，通行顺畅。")


def test_goals_on_one_line_under_such_a_heading() -> None:
    form = read(form_lines(goals=[GOALS_HEAD, "完成道路养护。 道路养护到位。 90.00"]))
    assert (form.goals.expected, form.goals.actual) == ("完成道路养护。", "道路养护到位。")


def test_actual_caption_alone_is_no_goals_heading() -> None:
    goals = ["具体完成情况 已完成道路养护。"]
    assert read(form_lines(goals=goals)).goals.expected is None


TWO_LINE_HEADER = [
    "四、年度绩效指标完成情况 一级指标 二级指标 三级指标 指标分值 预期指标值 单项指标实际完成值 "
    "单项指标完成情况 自评得分",
    "符号 单位(文字描述) 单项指标得分 权重占比(%) 单项指标折算得分"]
TWO_LINE_ROWS = [
    "产出指标 数量指标 养护里程 全年养护道路的里程 >= 30 公里 32公里 完成 100.00 40.00 40.00",
    "时效指标 完工时间 年内完工的比例 = 100 % 100% 完成 100.00 20.00 20.00",
    "效益指标 社会效益指标 通行条件 道路通行条件改善情况 = 改善 无 改善 完成 80.00 30.00 24.00"]


def test_header_columns_from_two_lines() -> None:
    assert header_columns(*TWO_LINE_HEADER) == (
        "level1", "level2", "name", "ignored", "op", "value", "unit", "actual", "ignored",
        "ignored", "weight", "score")


@pytest.mark.parametrize(("first", "second"), [
    ("一级指标 二级指标 三级指标 指标分值 得分", "产出指标 数量指标 养护里程 40 40"),
    ("产出指标 数量指标 养护里程 40 40", "符号 单位"),
    ("一级指标 二级指标 三级指标 分值 得分", "符号 单位"),  # no group over them
])
def test_no_two_line_header(first: str, second: str) -> None:
    assert header_columns(first, second) is None


def test_indicators_under_a_two_line_header() -> None:
    form = read(form_lines(indicators=[*TWO_LINE_HEADER, *TWO_LINE_ROWS]))
    assert [(i.level1, i.level2, i.name, i.target, i.actual, i.weight, i.score, i.note)
            for i in form.indicators] == [
        ("产出指标", "数量指标", "养护里程", ">=30公里", "32公里", "40.00", "40.00", None),
        ("产出指标", "时效指标", "完工时间", "=100%", "100%", "20.00", "20.00", None),
        ("效益指标", "社会效益指标", "通行条件", "=改善无", "改善", "30.00", "24.00", None)]


def test_a_misfit_line_leaves_the_table_to_the_row_rules() -> None:
    assert read_by_columns(
        [(n, t) for n, t in enumerate([*TWO_LINE_HEADER, "产出指标 数量指标 养护里程 30",
                                       *TWO_LINE_ROWS])],
        lambda _: False, lambda t: t.isdigit()) is None


@pytest.mark.parametrize(("above", "line"), [
    # no 一级 above to carry down
    ([], "数量指标 养护里程 全年养护道路的里程 >= 30 公里 32公里 完成 100.00 40.00 40.00"),
    # 一级 printed: another value is missing
    (TWO_LINE_ROWS[:1],
     "产出指标 数量指标 养护里程 全年养护道路的里程 >= 30 公里 完成 100.00 40.00 40.00"),
])
def test_one_value_short_only_when_level1_is_carried(above: list[str], line: str) -> None:
    lines = [*TWO_LINE_HEADER, *above, line, *TWO_LINE_ROWS[1:]]
    assert read_by_columns(list(enumerate(lines)), lambda _: False, lambda t: t.isdigit()) is None


_WORD = st.text(alphabet="道路养护里程通行条件改善完成率", min_size=2, max_size=8)
_NUMBER = st.decimals(min_value=0, max_value=100, places=2).map(str)


@given(st.lists(st.tuples(st.booleans(), _WORD, _WORD, _NUMBER, _NUMBER), min_size=1,
                max_size=5))
def test_rows_by_columns_keep_every_value(rows: list[tuple[bool, str, str, str, str]]) -> None:
    lines = list(TWO_LINE_HEADER)
    for k, (carry, level2, name, weight, score) in enumerate(rows):
        level1 = [] if carry and k else ["产出指标"]
        lines.append(" ".join([*level1, level2, name, "说明", ">=", "1", "个", "2个", "完成",
                               "100", weight, score]))
    found = read_by_columns(list(enumerate(lines)), lambda _: False, lambda t: t.isdigit())
    assert found is not None
    assert [(r.values["level2"], r.values["name"], r.values["target"], r.values["weight"],
             r.values["score"]) for r in found] == [
        (level2, name, ">=1个", weight, score) for _, level2, name, weight, score in rows]
