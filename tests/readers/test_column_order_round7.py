"""Indicator rows printed one a line read by the header's column order: 分值 before the
target, no 分值/得分 columns, a target split as 指标性质 | 指标值 | 度量单位, a system export's
extra columns; a row the order leaves two ways to read is reported, not guessed."""

from __future__ import annotations

from jixiao.readers.base import ReadResult
from jixiao.readers.dispatch import read_bytes
from jixiao.readers.text_lines_order import order_columns, read_by_order

HEAD = """2024年度项目支出绩效自评表
项目名称：乡村道路养护
主管部门：某县交通运输局 实施单位：某县公路站
项目资金（万元） 年初预算数 全年预算数 全年执行数 分值 执行率 得分
年度资金总额 80.00 80.00 76.00 10 95% 9.5
年度总体目标 预期目标 实际完成情况
养护乡村道路，路况保持良好。 养护乡村道路42公里，路况良好。
"""


def read_text(text: str) -> list[ReadResult]:
    return read_bytes(text.encode(), "form.txt")


def _rows(text: str) -> list[tuple[str | None, ...]]:
    (result,) = read_text(text)
    return [(i.level1, i.level2, i.name, i.target, i.actual, i.weight, i.score, i.note)
            for i in result.form.indicators]


def test_weight_before_target() -> None:
    text = HEAD + ("绩效指标 一级指标 二级指标 三级指标 分值 年度指标值 实际完成值 得分 "
                   "偏差原因分析及改进措施\n") + """\
产出指标（60分） 数量指标 养护里程 30 ≥40公里 42公里 30
质量指标 路况优良率 30 ≥90% 86% 25 雨季水毁较多，已加强巡查。
满意度指标（30分） 服务对象满意度指标 群众满意度 30 ≥85% 90% 30
总分 100 94.5
"""
    assert _rows(text) == [
        ("产出指标", "数量指标", "养护里程", "≥40公里", "42公里", "30", "30", None),
        ("产出指标", "质量指标", "路况优良率", "≥90%", "86%", "30", "25",
         "雨季水毁较多，已加强巡查。"),
        ("满意度指标", "服务对象满意度指标", "群众满意度", "≥85%", "90%", "30", "30", None),
    ]


def test_no_scoring_columns() -> None:
    text = HEAD + """一级指标 二级指标 三级指标 年度指标值 全年实际值 未完成原因及拟采取的改进措施
产出指标 数量指标 养护里程 ≥40公里 42公里
时效指标 完工时间 2024年10月底前 2024年11月15日 工期顺延，下年提前开工。
效益指标 社会效益指标 通行条件 明显改善 明显改善
"""
    assert _rows(text) == [
        ("产出指标", "数量指标", "养护里程", "≥40公里", "42公里", None, None, None),
        ("产出指标", "时效指标", "完工时间", "2024年10月底前", "2024年11月15日", None, None,
         "工期顺延，下年提前开工。"),
        ("效益指标", "社会效益指标", "通行条件", "明显改善", "明显改善", None, None, None),
    ]


def test_split_target_columns() -> None:
    text = HEAD + ("绩效指标 一级指标 二级指标 三级指标 指标性质 指标值 度量单位 实际完成值 "
                   "分值 得分 偏差原因分析及改进措施\n") + """\
产出指标 数量指标 养护里程 ≥ 40 公里 42 30 30
质量指标 路况优良率 ≥ 90 % 86 30 25 雨季水毁较多。
效益指标 社会效益指标 通行条件 定性 改善 改善 30 30
总分 100 94.5
"""
    assert _rows(text) == [
        ("产出指标", "数量指标", "养护里程", "≥40公里", "42", "30", "30", None),
        ("产出指标", "质量指标", "路况优良率", "≥90%", "86", "30", "25", "雨季水毁较多。"),
        ("效益指标", "社会效益指标", "通行条件", "改善", "改善", "30", "30", None),
    ]


def test_export_columns_and_execution_row() -> None:
    text = HEAD.replace(" 分值 执行率 得分", " 执行率").replace(" 10 95% 9.5", " 95%") + (
        "四、年度绩效指标完成情况 一级指标 二级指标 三级指标 指标分值 预期指标值 "
        "单项指标实际完成值 单项指标完成情况 自评得分\n") + """\
符号 单位(文字描述) 单项指标得分 权重占比(%) 单项指标折算得分
产出指标 数量指标 养护里程 养护的乡村道路长度 >= 40 公里 42公里 完成 100.00 45.00 45.00
效益指标 社会效益指标 通行条件 道路通行条件改善情况 明显改善 有所改善 基本完成 80.00 45.00 36.00
预算执行率 预算执行率 预算执行率 执行数占预算数的比例 >= 100 %(百分比) 95% 基本完成 95.00 10.00 9.50
总分 100.00 90.50
"""
    (result,) = read_text(text)
    rows = [(i.level1, i.level2, i.name, i.target, i.actual, i.weight, i.score)
            for i in result.form.indicators]
    assert rows == [
        ("产出指标", "数量指标", "养护里程", ">=40公里", "42公里", "45.00", "45.00"),
        ("效益指标", "社会效益指标", "通行条件", "明显改善", "有所改善", "45.00", "36.00"),
    ]
    assert (result.form.funds.weight, result.form.funds.score) == ("10.00", "9.50")


def test_usual_order_left_to_the_line_rules() -> None:
    header = "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施"
    assert order_columns([(1, header)]) is None
    assert order_columns([(1, header.replace("分值 得分", "得分"))]) is None
    moved = header.replace("年度指标值 实际完成值 分值", "分值 年度指标值 实际完成值")
    assert order_columns([(1, moved)]) is not None


def test_a_row_read_two_ways_is_reported() -> None:
    # no scoring columns, values in words: `城乡 人居环境` may be a name of two words, or a
    # name and its target (and the last word a note); nothing decides, so nothing is guessed
    text = HEAD + """一级指标 二级指标 三级指标 年度指标值 实际完成值 偏差原因分析及改进措施
产出指标 数量指标 养护里程 ≥40公里 42公里
效益指标 社会效益指标 城乡 人居环境 明显改善 明显改善
"""
    (result,) = read_text(text)
    row = result.form.indicators[1]
    assert (row.target, row.actual, row.note) == (None, "明显改善", None)
    assert any(f.code == "JX042" and "城乡人居环境" in f.message
               and "三级指标、年度指标值、偏差原因" in f.message for f in result.findings)


def test_a_line_with_values_that_fits_no_row_leaves_the_table() -> None:
    header = "一级指标 二级指标 三级指标 分值 年度指标值 实际完成值 得分"
    lines = [(1, header), (2, "产出指标 数量指标 养护里程 30 ≥40公里 42公里 30"),
             (3, "这一行 12 13 14 15 16 17")]
    assert read_by_order(lines, lambda _: False, lambda t: t[:1].isdigit(), None) is None


def test_unit_column_first_and_two_target_columns() -> None:
    # 计量单位 before 指标性质, the 年初 and the 调整 target both printed: the target is the
    # 调整 value with its unit; a 定性 row prints no unit
    text = HEAD + ("绩效指标 指标名称 计量单位 指标性质 年初指标值 调整指标值 全年完成值 "
                   "指标权重（分） 指标得分（分）\n") + """\
养护里程 公里 定量指标 ≥40 ≥45 46 50 50
资料规范性 定性指标 规范 规范 较规范 50 40
"""
    assert [row[2:7] for row in _rows(text)] == [
        ("养护里程", "≥45公里", "46", "50", "50"),
        ("资料规范性", "规范", "较规范", "50", "40"),
    ]


def test_a_sentence_is_the_note_not_a_value() -> None:
    # values in words and a note after them: the note's sentence is no 实际完成值, so the
    # name is not stretched over the target
    text = HEAD + """一级指标 二级指标 三级指标 年度指标值 实际完成值 偏差原因分析及改进措施
效益指标 社会效益指标 通行条件 明显改善 有所改善 部分路段雨季损毁，已安排修复。
"""
    assert _rows(text) == [("效益指标", "社会效益指标", "通行条件", "明显改善", "有所改善", None,
                            None, "部分路段雨季损毁，已安排修复。")]


def test_a_second_level_in_other_words_after_its_first_level() -> None:
    # a new 一级 cell prints its 二级 cell: the word after it is the 二级 name as printed
    text = HEAD + ("一级指标 二级指标 三级指标 分值 年度指标值 实际完成值 得分\n") + """\
产出指标 数量 养护里程 50 ≥40公里 42公里 50
满意度指标 服务对象满意度 群众满意度 50 ≥85% 90% 50
"""
    assert [row[:3] for row in _rows(text)] == [
        ("产出指标", "数量", "养护里程"), ("满意度指标", "服务对象满意度", "群众满意度")]


def test_a_form_squashed_onto_one_line() -> None:
    # a web page copied as one line: broken only at its captions, a pseudo-line holds every
    # row of a 二级 group (a note never holds a whole row)
    text = HEAD + ("绩效指标 一级指标 二级指标 三级指标 分值 年度指标值 实际完成值 得分 "
                   "偏差原因分析及改进措施\n") + """\
产出指标（60分） 数量指标 养护里程 20 ≥40公里 42公里 20 桥梁检查 10 ≥12次 10次 8 \
涵洞清淤 10 ≥30处 31处 10
质量指标 路况优良率 20 ≥90% 92% 20
满意度指标（40分） 服务对象满意度指标 群众满意度 40 ≥85% 90% 40
总分 100 98
"""
    expected = [
        ("产出指标", "数量指标", "养护里程", "≥40公里", "42公里", "20", "20", None),
        ("产出指标", "数量指标", "桥梁检查", "≥12次", "10次", "10", "8", None),
        ("产出指标", "数量指标", "涵洞清淤", "≥30处", "31处", "10", "10", None),
        ("产出指标", "质量指标", "路况优良率", "≥90%", "92%", "20", "20", None),
        ("满意度指标", "服务对象满意度指标", "群众满意度", "≥85%", "90%", "40", "40", None),
    ]
    assert _rows(text) == expected
    assert _rows(" ".join(text.split())) == expected


def test_a_note_run_into_the_next_name_is_reported() -> None:
    # `汛期延误 涵洞清淤`: the note and the next name, or no note and a name of two words
    text = HEAD + ("绩效指标 一级指标 二级指标 三级指标 分值 年度指标值 实际完成值 得分 "
                   "偏差原因分析及改进措施\n") + """\
产出指标（60分） 数量指标 桥梁检查 30 ≥12次 10次 25 汛期延误 涵洞清淤 30 ≥30处 31处 30
"""
    (result,) = read_text(" ".join(text.split()))
    rows = result.form.indicators
    assert [(r.name, r.note, r.score) for r in rows] == [("桥梁检查", None, "25"),
                                                         (None, None, "30")]
    assert sum(f.code == "JX042" for f in result.findings) == 2


def test_a_wrapped_header_and_values_set_apart_from_their_parts() -> None:
    # the note caption wrapped onto a line of its own; an operator and a unit printed apart
    # from the number where the table has no column for them
    text = HEAD + """\
一级指标 二级指标 三级指标 分值 年度指标值 实际完成值 得分 偏差原因分析
及改进措施
产出指标 数量指标 养护里程 50 ≥ 40 公里 42 公里 50
满意度指标 服务对象满意度指标 群众满意度 50 ≥ 85 % 90 % 45 个别路段投诉。
"""
    assert _rows(text) == [
        ("产出指标", "数量指标", "养护里程", "≥40公里", "42公里", "50", "50", None),
        ("满意度指标", "服务对象满意度指标", "群众满意度", "≥85%", "90%", "50", "45",
         "个别路段投诉。"),
    ]


def test_captions_and_points_split_by_blanks() -> None:
    # typeset text copied from a page: a blank inside a caption (`一级 指标`, `三级指 标`)
    # and inside a group's points (`（ 60 分）`), or before them
    header = "一级 指标 二级指标 三级指 标 分值 年度指标值 实际完成值 得分 偏差原因分析及改进措施"
    assert order_columns([(1, header)]) == ((
        "level1", "level2", "name", "weight", "target", "actual", "score", "note"), 1, ())
    text = HEAD + header + "\n" + """\
产出指标（ 60 分） 数量 指标 养护里程 60 ≥40公里 42公里 60
满意度指标 （40分） 服务对象满意度指标 群众满意度 40 ≥85% 90% 40
"""
    assert [row[:3] for row in _rows(text)] == [
        ("产出指标", "数量指标", "养护里程"), ("满意度指标", "服务对象满意度指标", "群众满意度")]


def test_a_row_run_into_the_next_and_a_line_that_fits_no_row() -> None:
    # a fold rejoined without its blank runs a score into the next row's 一级 name
    # (`50效益指标`); a line no reading fits is reported, the rows around it kept
    text = HEAD + ("绩效指标 一级指标 二级指标 三级指标 分值 年度指标值 实际完成值 得分 "
                   "偏差原因分析及改进措施\n") + """\
产出指标 数量指标 养护里程 30 ≥40公里 42公里 30效益指标 社会效益指标 通行条件 30 改善 改善 30
满意度指标 服务对象满意度指标 群众满意度 ≥85% 90% 20 20 30
生态效益指标 扬尘 20 减少 减少 20
"""
    (result,) = read_text(text)
    assert [i.name for i in result.form.indicators] == ["养护里程", "通行条件", "扬尘"]
    assert [i.level1 for i in result.form.indicators] == ["产出指标", "效益指标", "效益指标"]
    assert any(f.code == "JX031" and "群众满意度" in f.message for f in result.findings)


def test_a_header_after_a_block_caption_with_a_split_caption() -> None:
    # `四、年度绩效指标完成情况` first, then `三级指 标` split by a blank: still the table's header
    text = HEAD + ("四、年度绩效指标完成情况 一级指标 二级指标 三级指 标 分值 年度指标值 "
                   "实际完成值 得分\n") + """\
产出指标 数量指标 养护里程 100 ≥40公里 42公里 100
"""
    assert _rows(text) == [
        ("产出指标", "数量指标", "养护里程", "≥40公里", "42公里", "100", "100", None)]


def test_rows_before_the_first_caption_take_it() -> None:
    # page order prints a merged cell's caption beside the middle of its rows
    text = HEAD + ("一级指标 二级指标 三级指标 分值 年度指标值 实际完成值 得分\n") + """\
养护里程 30 ≥40公里 42公里 30
产出指标 数量指标 桥梁检查 30 ≥12次 12次 30
涵洞清淤 40 ≥30处 31处 40
"""
    assert [row[:3] for row in _rows(text)] == [
        ("产出指标", "数量指标", "养护里程"), ("产出指标", "数量指标", "桥梁检查"),
        ("产出指标", "数量指标", "涵洞清淤")]


def test_a_note_in_pieces_is_joined_as_printed() -> None:
    # blanks inside Chinese text are wrapping artefacts (form-json.md), also in a note that
    # goes on onto the next line
    text = HEAD + ("一级指标 二级指标 三级指标 分值 年度指标值 实际完成值 得分 "
                   "偏差原因分析及改进措施\n"
                   "产出指标 数量指标 养护里程 100 ≥40公里 38公里 90 雨季 水毁较多，\n"
                   "已加强巡查。\n")
    assert _rows(text)[0][7] == "雨季水毁较多，已加强巡查。"


def test_a_lone_value_column_is_the_target_column() -> None:
    # 指标值 without 指标性质 / 度量单位 beside it is the 年度指标值 column: the usual order, left
    # to the line rules (which also read rows wrapped over several lines)
    header = "一级指标 二级指标 三级指标 指标值 实际值 分值 得分 偏差原因分析及改进措施"
    assert order_columns([(1, header)]) is None
    assert order_columns([(1, header.replace("指标值", "指标性质 指标值 度量单位"))]) is not None


def test_a_row_wrapped_over_two_lines() -> None:
    # PDF text: a row's cells go on onto the next line; neither line is a row, both are
    text = HEAD + ("一级指标 二级指标 三级指标 分值 年度指标值 实际完成值 得分\n") + """\
产出指标 数量指标 养护里程 50 ≥40公里
42公里 50
满意度指标 服务对象满意度指标 群众满意度 50 ≥85% 90% 50
"""
    assert _rows(text) == [
        ("产出指标", "数量指标", "养护里程", "≥40公里", "42公里", "50", "50", None),
        ("满意度指标", "服务对象满意度指标", "群众满意度", "≥85%", "90%", "50", "50", None)]
