"""An indicator table under a two-line header (system exports copied as lines) with blanks
inside its words, as typeset text copied from a page has them (`单项指标实际完成 值`,
`产出指 标`): the split words are joined back, so the table is read by its columns as without
the blanks."""

from __future__ import annotations

import pytest

from jixiao.core.form_json import form_to_dict
from jixiao.readers.text_lines import read_lines
from jixiao.readers.text_lines_columns import header_columns, rejoined
from jixiao.readers.vocabulary import is_level_name

LINES = [
    "某县交通局2020年度预算项目绩效自评表",
    "一、基本情况 项目名称: 乡村道路养护 实施(主管)单位 101001-某县交通局 金额单位: 万元",
    "项目资金 年初预算数 全年预算数 全年执行数 执行率",
    "年度资金总额 50.00 50.00 45.00 90%",
    "四、年度绩效指标完成情况 一级指标 二级指标 三级指标 指标分值 预期指标值 单项指标实际完成值 "
    "单项指标完成情况 自评得分",
    "符号 单位(文字描述) 单项指标得分 权重占比(%) 单项指标折算得分",
    "产出指标 数量指标 养护里程 全年养护道路的里程 >= 30 公里 32公里 完成 100.00 40.00 40.00",
    "时效指标 完工时间 年内完工的比例 = 100 % 100% 完成 100.00 20.00 20.00",
    "满意度指标 服务对象满意度指标 群众满意度 群众对道路的满意程度 >= 90 % 95% 完成 "
    "100.00 10.00 10.00",
]
SPACED = {4: ("单项指标实际完成值", "单项指标实际完成 值"), 6: ("产出指标", "产出指 标"),
          8: ("满意度指标", "满意度指 标")}


def _spaced() -> list[str]:
    lines = list(LINES)
    for at, (word, split) in SPACED.items():
        lines[at] = lines[at].replace(word, split, 1)
    return lines


def _read(lines: list[str]) -> dict[str, object]:
    (result,) = read_lines("\n".join(lines) + "\n")
    return form_to_dict(result.form)


def test_the_spaced_table_reads_as_the_plain_one() -> None:
    plain = _read(LINES)
    assert [i["name"] for i in plain["indicators"]] == ["养护里程", "完工时间", "群众满意度"]
    assert _read(_spaced()) == plain


def test_the_header_columns_are_those_of_the_plain_header() -> None:
    spaced = _spaced()
    assert header_columns(spaced[4], spaced[5]) == header_columns(LINES[4], LINES[5])


@pytest.mark.parametrize(("tokens", "joined"), [
    (["产出指", "标", "数量指标"], ["产出指标", "数量指标"]),
    (["产出指标", "数量指标", "养护里程"], ["产出指标", "数量指标", "养护里程"]),
    (["效益", "指标"], ["效益指标"]),
    (["养护", "里程"], ["养护", "里程"]),  # no level name: left as printed
])
def test_rejoined(tokens: list[str], joined: list[str]) -> None:
    assert rejoined(tokens, is_level_name) == joined
