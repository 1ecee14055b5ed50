"""PDF text in page order from a table whose cells are centred vertically: a wrapped cell
prints as many lines above its row's middle line (the values) as below it, and the merged
一级/二级 cells are centred on their groups of rows (`text_lines_centred`). Also a unit printed
apart from its number with its magnitude (`≥52 万亩`)."""

from __future__ import annotations

from jixiao.readers.text_lines import read_lines

_HEAD = [
    "项目支出绩效自评表（2024年度）",
    "项目名称 乡村道路养护 主管部门 某县交通运输局 实施单位 某县公路站",
    "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施",
]


def _read(body: list[str]) -> list[tuple[str | None, ...]]:
    (result,) = read_lines("\n".join([*_HEAD, *body, "总分 100 95"]) + "\n")
    return [(i.level1, i.level2, i.name, i.target, i.actual, i.weight, i.score, i.note)
            for i in result.form.indicators]


def test_a_name_wrapped_around_a_middle_line_without_name() -> None:
    rows = _read([
        "养护农村公路里程数达到",  # the name's head, above its row's middle line
        "数量指标 ≥120公里 126公里 30 30",
        "规划要求",  # its rest, below
        "产出指标",
        "路面完好率 ≥85% 88% 30 30",
        "质量指标",
        "效益指标 社会效益指标 群众出行条件 改善 改善 20 20",
        "满意度指标 服务对象满意度指标 沿线群众满意度 ≥90% 93% 20 15",
    ])
    assert rows[0][2:] == ("养护农村公路里程数达到规划要求", "≥120公里", "126公里", "30", "30",
                           None)
    assert [r[:2] for r in rows] == [
        ("产出指标", "数量指标"), ("产出指标", "质量指标"),
        ("效益指标", "社会效益指标"), ("满意度指标", "服务对象满意度指标")]


def test_a_note_centred_on_its_row() -> None:
    rows = _read([
        "数量指标 新建候车亭 10个 10个 25 25",
        "部分路段雨季塌方，",  # the note's first line, above its row's middle line
        "产出指标 路面修复及时率 100% 92% 25 20 修复工期延长，下一步",
        "时效指标",
        "提前储备抢修物资。",  # its last line, below
        "沿线绿化覆盖",
        "效益指标 生态效益指标 ≥95% 96% 25 25",
        "率",
        "满意度指标 服务对象满意度指标 沿线群众满意度 ≥90% 93% 25 25",
    ])
    assert [(r[0], r[1], r[2], r[7]) for r in rows] == [
        ("产出指标", "数量指标", "新建候车亭", None),
        ("产出指标", "时效指标", "路面修复及时率",
         "部分路段雨季塌方，修复工期延长，下一步提前储备抢修物资。"),
        ("效益指标", "生态效益指标", "沿线绿化覆盖率", None),
        ("满意度指标", "服务对象满意度指标", "沿线群众满意度", None),
    ]


def test_merged_captions_centred_on_their_groups() -> None:
    rows = _read([
        "数量指标 新建候车亭 10个 10个 10 10",
        "质量指标 路面完好率 ≥85% 88% 10 10",
        "产出指标",  # the middle of the first three rows
        "农村公路养护工程",
        "时效指标 100% 100% 10 10",
        "按期完工率",
        "成本指标 经济成本指标 单位养护成本 ≤2万元 1.8万元 10 10",
        "社会效益指标 群众出行条件 改善 改善 10 10",
        "效益指标",  # between its two rows
        "生态效益指标 沿线绿化率 ≥95% 96% 10 10",
        "服务对象满",  # a caption wrapped in its narrow cell: head above, rest below
        "满意度指标 沿线群众满意度 ≥90% 93% 10 10",
        "意度指标",
    ])
    assert [r[:2] for r in rows] == [
        ("产出指标", "数量指标"), ("产出指标", "质量指标"), ("产出指标", "时效指标"),
        ("成本指标", "经济成本指标"), ("效益指标", "社会效益指标"), ("效益指标", "生态效益指标"),
        ("满意度指标", "服务对象满意度指标")]
    assert rows[2][2] == "农村公路养护工程按期完工率"
    assert rows[-1][2] == "沿线群众满意度"


def test_centred_groups_of_a_table_with_a_wrapped_name() -> None:
    rows = _read([
        "培训基层养护人员",
        "数量指标 ≥200人次 215人次 20 20",
        "数量",  # the name's last line, which begins like a caption (数量指标)
        "产出指标",
        "质量指标 养护工程验收合格率 100% 100% 20 20",
        "社会效益指标 群众出行条件 改善 改善 20 20",
        "效益指标",
        "可持续影响指",
        "养护机制运行 良好 良好 20 20",
        "标",
        "服务对象满意",
        "满意度指标 沿线群众满意度 ≥90% 93% 20 15",
        "度指标",
    ])
    assert rows == [
        ("产出指标", "数量指标", "培训基层养护人员数量", "≥200人次", "215人次", "20", "20", None),
        ("产出指标", "质量指标", "养护工程验收合格率", "100%", "100%", "20", "20", None),
        ("效益指标", "社会效益指标", "群众出行条件", "改善", "改善", "20", "20", None),
        ("效益指标", "可持续影响指标", "养护机制运行", "良好", "良好", "20", "20", None),
        ("满意度指标", "服务对象满意度指标", "沿线群众满意度", "≥90%", "93%", "20", "15", None),
    ]


def test_a_top_aligned_table_keeps_its_reading() -> None:
    rows = _read([
        "产出指标 数量指标 养护农村公路里程数 ≥120公里 126公里 50 50",
        "达标",
        "效益指标 社会效益指标 群众出行条件 改善 改善 50 45 雨季部分路段通行受阻，",
        "已增设排水沟。",
    ])
    assert [r[2] for r in rows] == ["养护农村公路里程数达标", "群众出行条件"]
    assert rows[1][7] == "雨季部分路段通行受阻，已增设排水沟。"


def test_a_unit_with_its_magnitude_set_apart() -> None:
    rows = _read([
        "产出指标 数量指标 完成油菜种植面积 ≥3.5 万亩 3.8 万亩 50 50",
        "效益指标 社会效益指标 群众出行条件 改善 改善 50 45",
    ])
    assert rows[0][2:5] == ("完成油菜种植面积", "≥3.5万亩", "3.8万亩")


def _goals(block: list[str]) -> tuple[str | None, str | None]:
    (result,) = read_lines("\n".join([*_HEAD[:2], *block, *_HEAD[2:],
                                      "产出指标 数量指标 新建候车亭 10个 10个 100 100",
                                      "总分 100 100"]) + "\n")
    return result.form.goals.expected, result.form.goals.actual


_EXPECTED = ("养护农村公路120公里，修复坑槽路面3000平方米，路面完好率达到85%以上，"
             "群众出行条件明显改善。")


def test_goal_columns_side_by_side_with_spaces_inside_their_texts() -> None:
    # the text layer sets digits apart from Chinese: a line's first column ends where its
    # width (the same on every full line) does, not at its first space
    assert _goals([
        "预期目标 实际完成情况",
        "年度 养护农村公路 120 公里，修复坑槽路面 全年养护农村公路 126 公里，修复",
        "总体 3000 平方米，路面完好率达到 85%以 坑槽路面 3150 平方米，路面完好率",
        "目标 上，群众出行条件明显改善。 88%。",
    ]) == (_EXPECTED,
           "全年养护农村公路126公里，修复坑槽路面3150平方米，路面完好率88%。")


def test_the_first_goal_column_going_on_alone() -> None:
    assert _goals([
        "预期目标 实际完成情况",
        "养护农村公路 120 公里，修复坑槽路面 全年养护农村公路 126 公里，修复",
        "3000 平方米，路面完好率达到 85%以 坑槽路面 3150 平方米。",
        "上，群众出行条件明显改善。",
    ]) == (_EXPECTED,
           "全年养护农村公路126公里，修复坑槽路面3150平方米。")


def test_the_block_caption_wrapped_in_a_narrow_cell() -> None:
    assert _goals([
        "总体目标 实际完成情况",
        "年度总",
        "养护农村公路一百二十公里。 全年养护农村公路一百二十六公里。",
        "体目标",
    ]) == ("养护农村公路一百二十公里。", "全年养护农村公路一百二十六公里。")
    assert _goals([
        "总体目标 实际完成情况",
        "年度总 养护农村公路一百二十公里， 全年养护农村公路一百二十六公",
        "体目标 路面完好率达到八成五。 里，路面完好率八成八。",
    ]) == ("养护农村公路一百二十公里，路面完好率达到八成五。",
           "全年养护农村公路一百二十六公里，路面完好率八成八。")


def test_goal_captions_with_a_colon_before_their_texts() -> None:
    assert _goals([
        "年度总体目标 预期目标：养护农村公路一百二十公里，路面完好率达到八成五。",
        "实际完成情况：全年养护农村公路一百二十六公里，",
        "路面完好率八成八。",
    ]) == ("养护农村公路一百二十公里，路面完好率达到八成五。",
           "全年养护农村公路一百二十六公里，路面完好率八成八。")


def test_names_printed_above_their_values_are_not_centred_cells() -> None:
    # each row's name on the line above its values: giving the first row a line below (as many
    # as above) would leave the second without a name, so the table is not read as centred
    rows = _read([
        "产出指标 数量指标 培训基层养护人员数量",
        "≥200人次 215人次 50 50",
        "效益指标 社会效益指标 养护质量达标率",
        "100% 100% 50 50",
    ])
    assert [r[:3] for r in rows] == [("产出指标", "数量指标", "培训基层养护人员数量"),
                                     ("效益指标", "社会效益指标", "养护质量达标率")]


def test_goal_texts_one_after_another_are_not_cut_by_width() -> None:
    # the captions side by side, the texts one after the other: no line is cut inside
    expected, actual = _goals([
        "预期目标 实际完成情况",
        "完成道路 300 公里养护。",
        "道路养护 310 公里，其中县道 120 公里。",
    ])
    assert "300公里" in (expected or "") and "310公里" in (actual or "")


def test_a_caption_wrapped_in_three_lines_around_a_row() -> None:
    rows = _read([
        "培训基层养护人员",
        "产出指标 数量指标 ≥200人次 215人次 50 50",
        "数量",
        "服务对",  # 服务对象满意度指标 in a narrow cell: its middle opens the row's line
        "满意度指标 象满意度 沿线群众满意度 ≥90% 93% 50 45",
        "指标",
    ])
    assert [r[:3] for r in rows] == [
        ("产出指标", "数量指标", "培训基层养护人员数量"),
        ("满意度指标", "服务对象满意度指标", "沿线群众满意度")]


def test_both_levels_printed_as_one_word_on_a_centred_row() -> None:
    rows = _read([
        "培训基层养护人员",
        "产出指标数量指标 ≥200人次 215人次 50 50",
        "数量",
        "满意度指标服务对象满意度指标 沿线群众满意度 ≥90% 93% 50 45",
    ])
    assert [r[:3] for r in rows] == [
        ("产出指标", "数量指标", "培训基层养护人员数量"),
        ("满意度指标", "服务对象满意度指标", "沿线群众满意度")]


def test_a_name_and_a_note_sharing_their_lines() -> None:
    rows = _read([
        "部分村组位置偏远，",  # the note's first line
        "培训基层养护 组织不便，",  # the name's and the note's second line, side by side
        "产出指标 数量指标 ≥200人次 185人次 50 45",
        "人员数量 下一步送教",  # the name's rest and the note's third line
        "上门。",
        "满意度指标 服务对象满意度指标 沿线群众满意度 ≥90% 93% 50 50",
    ])
    assert rows[0][2] == "培训基层养护人员数量"
    assert rows[0][7] == "部分村组位置偏远，组织不便，下一步送教上门。"


def test_a_note_centred_on_a_row_under_one_without_note() -> None:
    rows = _read([
        "产出指标 数量指标 新建候车亭 10个 10个 25 25",
        "部分路段雨季塌方，",  # above the row it explains, under a row printing no note
        "路面修复及时率 100% 92% 25 20 修复工期延长，下一步",
        "时效指标",
        "提前储备抢修物资。",
        "效益指标 生态效益指标 沿线绿化率 ≥95% 96% 25 25",
        "满意度指标 服务对象满意度指标 沿线群众满意度 ≥90% 93% 25 25",
    ])
    assert [(r[1], r[7]) for r in rows] == [
        ("数量指标", None),
        ("时效指标", "部分路段雨季塌方，修复工期延长，下一步提前储备抢修物资。"),
        ("生态效益指标", None), ("服务对象满意度指标", None)]
