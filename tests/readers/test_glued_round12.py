"""Glued forms (`readers.glued`), round 12: one small synthetic case per general cause —
a header of two rows (指标性质 | 指标值 | 度量单位 under 年度指标值), a column caption the
caption search misses but the vocabulary names, a long end mark after the last row, the points
the rows read before leave to a disputed row, the next form's title before its 项目名称, and
no 偏差原因 warning for a table none of whose rows prints a note."""

from __future__ import annotations

from jixiao.readers.glued import read_glued

HEAD = ("2022年度项目支出绩效自评表项目名称春季河道保洁主管部门水务局实施单位河道所"
        "项目资金(万元)年初预算数全年预算数全年执行数分值执行率得分"
        "年度资金总额101010100%10年度总体目标预期目标保洁河道。实际完成情况完成保洁。")


def test_two_row_header_reads_the_target_whole() -> None:
    """`年度指标值实际完成值分值得分偏差原因` over `指标性质指标值度量单位`: the second row
    divides the target column, whose cell a row prints as one value (`≥20公里`)."""
    text = (HEAD + "绩效指标年度指标值实际完成值分值得分偏差原因一级指标二级指标三级指标"
            "指标性质指标值度量单位产出指标数量指标保洁河道长度≥20公里21公里4540"
            "质量指标保洁合格率≥95%96%4545总分10095")
    form = read_glued(text)[0].form
    assert [(i.name, i.target, i.actual, i.weight, i.score) for i in form.indicators] == [
        ("保洁河道长度", "≥20公里", "21公里", "45", "40"),
        ("保洁合格率", "≥95%", "96%", "45", "45")]


def test_header_word_the_vocabulary_names_is_its_column() -> None:
    """`未完成原因和` + `改进措施` (a 偏差原因 caption wrapped in another wording): a column, not
    an unknown header word that hides the order of the values."""
    text = ("项目名称春季河道保洁主管部门水务局一级指标二级指标三级指标指标值实际完成值"
            "未完成原因和改进措施产出指标数量指标保洁河道长度≥20公里21公里"
            "质量指标保洁合格率≥95%96%")
    result = read_glued(text)[0]
    assert [(i.name, i.target, i.actual) for i in result.form.indicators] == [
        ("保洁河道长度", "≥20公里", "21公里"), ("保洁合格率", "≥95%", "96%")]
    assert not any(f.code == "JX031" for f in result.findings)


def test_long_end_mark_ends_the_rows() -> None:
    """`其他需要说明事项` after the last row ends the table: its text is no row of it."""
    text = (HEAD + "一级指标二级指标三级指标年度指标值实际完成值分值得分产出指标数量指标"
            "保洁河道长度≥20公里21公里4545质量指标保洁合格率≥95%96%4545"
            "其他需要说明事项无总分100100")
    result = read_glued(text)[0]
    assert [i.name for i in result.form.indicators] == ["保洁河道长度", "保洁合格率"]
    assert result.form.indicators[-1].score == "45"
    assert not any(f.code in ("JX016", "JX031") for f in result.findings)


def test_points_lost_before_narrow_a_later_row() -> None:
    """`…1010家长满意度…`: 分值 10 得分 10, or 分值 1 得分 0 and a name `10家长满意度`. The
    totals say the rows lost 3 points, which the rows read before lost already: the row
    after them loses none."""
    text = (HEAD + "一级指标二级指标三级指标年度指标值实际完成值分值得分产出指标数量指标"
            "保洁河道长度≥20公里18公里4542满意度指标服务对象满意度指标"
            "学生满意度≥95%100%1010家长满意度≥95%100%1010总分10097")
    result = read_glued(text)[0]
    assert [(i.name, i.weight, i.score) for i in result.form.indicators] == [
        ("保洁河道长度", "45", "42"), ("学生满意度", "10", "10"), ("家长满意度", "10", "10")]
    assert not any(f.code == "JX016" for f in result.findings)
    assert any("此前各行已扣3分" in f.message for f in result.findings)


def test_next_forms_title_before_its_project_name() -> None:
    """Two forms glued: the second's `…自评表(2023年度)` printed after the first's table is the
    second's title (its year), not text of the first."""
    table = ("一级指标二级指标三级指标年度指标值实际完成值分值得分产出指标数量指标"
             "保洁河道长度≥20公里21公里9090总分100100")
    text = (HEAD + table + "项目负责人:部门预算项目支出绩效自评表(2023年度)项目名称秋季河道保洁"
            "主管部门水务局" + table)
    forms = [r.form for r in read_glued(text)]
    assert [(f.project_name, f.year) for f in forms] == [("春季河道保洁", 2022),
                                                           ("秋季河道保洁", 2023)]


def test_no_note_warning_when_no_row_prints_a_note() -> None:
    """A 偏差原因 column left empty in every row: no warning that notes ran into names."""
    text = (HEAD + "一级指标二级指标三级指标年度指标值实际完成值分值得分偏差原因产出指标"
            "数量指标保洁河道长度≥20公里21公里4545保洁次数≥3次3次4545总分100100")
    result = read_glued(text)[0]
    assert len(result.form.indicators) == 2
    assert not any(f.code == "JX031" and "偏差原因" in f.message for f in result.findings)


def test_table_published_before_its_self_evaluation() -> None:
    """实际完成值 and 得分 left empty in every row (a form published before its self-evaluation
    was filled in): the rows read from the other columns, and the reader says so (JX034)."""
    text = ("项目名称春季河道保洁主管部门水务局一级指标二级指标三级指标指标性质指标值度量单位"
            "完成值权重得分未完成原因分析产出指标数量指标保洁河道长度≥20公里60"
            "效益指标社会效益指标群众满意度=100%30合计100")
    result = read_glued(text)[0]
    assert [(i.name, i.target, i.actual, i.weight, i.score)
            for i in result.form.indicators] == [("保洁河道长度", "≥20公里", None, "60", None),
                                                 ("群众满意度", "=100%", None, "30", None)]
    assert any(f.code == "JX034" for f in result.findings)


def test_a_row_that_reads_keeps_the_full_columns() -> None:
    """Rows that read with every column are not read again without 实际完成值 and 得分."""
    text = ("项目名称春季河道保洁主管部门水务局一级指标二级指标三级指标年度指标值实际完成值分值得分"
            "产出指标数量指标保洁河道长度≥20公里21公里9090总分100100")
    result = read_glued(text)[0]
    assert [(i.actual, i.score) for i in result.form.indicators] == [("21公里", "90")]
    assert not any(f.code == "JX034" for f in result.findings)


SICHUAN_FUNDS = ("项目名称春季河道保洁主管部门水务局预算执行情况(10分)年度预算数(万元)年初预算"
                 "调整后预算数预算执行数预算执行率权重得分原因总额{run}1.预算执行率=预算执行数/"
                 "调整后预算数,未达到90%的需说明原因。其中:财政资金12.0012.0012.00100.00%//")


def test_funds_item_without_its_score_and_a_footnote_after_the_run() -> None:
    """`…100.00%10` + `1.预算执行率=…`: the footnote's number is no amount, and the item's 得分
    left empty leaves 分值 alone — the block's printed (10分), not 分值 1 and 得分 0. The unit
    printed in a column's caption (`年度预算数(万元)`) is the funds' unit."""
    result = read_glued(SICHUAN_FUNDS.format(run="12.0012.0012.00100.00%10"))[0]
    funds = result.form.funds
    total = funds.rows[0]
    assert (total.source, total.initial, total.annual, total.executed, total.rate) == (
        "total", "12.00", "12.00", "12.00", "100.00%")
    assert (funds.weight, funds.score, funds.unit) == ("10", None, "万元")
    assert not any(f.code == "JX016" for f in result.findings)


def test_funds_weight_is_the_blocks_points() -> None:
    """`…100%109` under `预算执行情况(10分)`: 分值 10 得分 9 (the printed points), never 分值 1."""
    result = read_glued(SICHUAN_FUNDS.format(run="12.0012.0011.4095.00%109"))[0]
    assert (result.form.funds.weight, result.form.funds.score) == ("10", "9")


def test_capture_that_begins_mid_table() -> None:
    """A capture that begins inside the indicator table (its header lost): the rows before
    the first level name and after it read by the national template's columns, checked by the
    arithmetic; the reader says the start is missing (JX005) and how it read (JX035), not that
    the funds are (JX002). A name of both levels after rows read under none is a 二级 name."""
    text = ("保洁河道长度≥20公里21公里55成本指标保洁成本≤10万元9万元55满意度指标"
            "服务对象满意度指标群众满意度≥95%96%1010合计100100评价结论较好")
    result = read_glued(text)[0]
    assert [(i.level1, i.level2, i.name, i.target, i.actual, i.weight, i.score)
            for i in result.form.indicators] == [
        (None, None, "保洁河道长度", "≥20公里", "21公里", "5", "5"),
        (None, "成本指标", "保洁成本", "≤10万元", "9万元", "5", "5"),
        ("满意度指标", "服务对象满意度指标", "群众满意度", "≥95%", "96%", "10", "10")]
    codes = {f.code for f in result.findings}
    assert {"JX005", "JX035"} <= codes and "JX002" not in codes


def test_unfilled_row_worth_nothing_is_not_read() -> None:
    """Read without 得分, a row whose 分值 reads 0 has nothing to check the cut
    (`…优良中低差10`: 年度指标值 1, 分值 0): it keeps its levels only and says so."""
    text = ("项目名称春季河道保洁主管部门水务局一级指标二级指标三级指标指标性质指标值度量单位"
            "完成值权重得分产出指标数量指标保洁河道长度≥20公里60"
            "效益指标可持续影响指标管护机制健全性定性优良中低差10合计100")
    result = read_glued(text)[0]
    rows = result.form.indicators
    assert (rows[0].name, rows[0].weight) == ("保洁河道长度", "60")
    assert (rows[1].level2, rows[1].name, rows[1].weight) == ("可持续影响指标", None, None)
    assert any(f.code == "JX031" and "分值读作0" in f.message for f in result.findings)


def test_section_number_before_a_caption_is_not_the_text_before() -> None:
    """`…减少结余资金。2.项目实施内容及过程概述`: the `2.` numbers the next caption."""
    text = ("项目名称春季河道保洁主管部门水务局年度总体目标预期目标保洁河道,减少结余资金。"
            "2.项目实施内容及过程概述按计划实施一级指标二级指标三级指标年度指标值实际完成值分值得分"
            "产出指标数量指标保洁河道长度≥20公里21公里9090总分100100")
    form = read_glued(text)[0].form
    assert form.goals.expected == "保洁河道,减少结余资金。"


def test_funds_numbers_kept_apart_by_blanks_are_not_reported_glued() -> None:
    """`年度资金总额 12.00 12.00 11.40 10 95.00% 9.5`: blanks keep the numbers apart, nothing is
    split, and nothing is reported as glued (JX015); a glued run still is."""
    apart = ("项目名称春季河道保洁主管部门水务局项目资金(万元)年初预算数全年预算数全年执行数分值"
             "执行率得分年度资金总额 12.00 12.00 11.40 10 95.00% 9.5 年度总体目标预期目标保洁。")
    result = read_glued(apart)[0]
    row = result.form.funds.rows[0]
    assert (row.annual, row.executed, row.rate, result.form.funds.score) == (
        "12.00", "11.40", "95.00%", "9.5")
    assert not any(f.code == "JX015" for f in result.findings)
    glued = read_glued(apart.replace(" ", ""))[0]
    assert any(f.code == "JX015" for f in glued.findings)


def test_transfer_payment_header_central_department() -> None:
    """A transfer payment's header names the 中央主管部门 beside the 地方主管部门: the project
    name ends before it."""
    text = ("转移支付(项目)名称医疗救助补助资金中央主管部门医疗保障局地方主管部门医疗保障局"
            "一级指标二级指标三级指标年度指标值实际完成值分值得分产出指标数量指标"
            "救助人次≥500人次600人次9090总分100100")
    form = read_glued(text)[0].form
    assert (form.project_name, form.department) == ("医疗救助补助资金", "医疗保障局")


def test_goal_rows_printed_the_same_in_both_columns() -> None:
    """Each goal row printing the same text as target and as actual, glued (`AA100.00BB`, a
    completion rate after the first): both goals are the rows' text; a run not all such pairs
    is cut as before."""
    text = ("项目名称春季河道保洁主管部门水务局年度总体目标预期目标实际完成情况"
            "保洁河道十公里,按时完成。保洁河道十公里,按时完成。100.00群众满意度提高群众满意度提高"
            "一级指标二级指标三级指标年度指标值实际完成值分值得分产出指标数量指标"
            "保洁河道长度≥20公里21公里9090总分100100")
    goals = read_glued(text)[0].form.goals
    assert goals.expected == goals.actual == "保洁河道十公里,按时完成。群众满意度提高"
    different = text.replace("群众满意度提高群众满意度提高", "群众满意度提高")
    assert read_glued(different)[0].form.goals.expected != "保洁河道十公里,按时完成。群众满意度提高"


def test_rows_under_a_merged_score_cell() -> None:
    """A group's 得分 printed once, in a cell merged over its rows: the rows after its first
    read without it (JX034); a row whose name would hold a digit stays unread."""
    text = ("项目名称春季河道保洁主管部门水务局一级指标二级指标三级指标年度指标值实际完成值得分"
            "产出指标数量指标河道保洁全覆盖100%覆盖100%覆盖10垃圾清运全覆盖100%覆盖100%覆盖"
            "质量指标保洁达标良好良好10总分20")
    result = read_glued(text)[0]
    assert [(i.level2, i.name, i.target, i.actual, i.score) for i in result.form.indicators] == [
        ("数量指标", "河道保洁全覆盖", "100%覆盖", "100%覆盖", "10"),
        ("数量指标", "垃圾清运全覆盖", "100%覆盖", "100%覆盖", None),
        ("质量指标", "保洁达标", "良好", "良好", "10")]
    assert any(f.code == "JX034" and "垃圾清运全覆盖" in f.message for f in result.findings)


def test_last_row_cut_off_after_its_first_values() -> None:
    """A capture that ends inside its last row, after the row's target: the row reads by the
    first columns (JX006); earlier rows keep every column."""
    text = ("项目名称春季河道保洁主管部门水务局一级指标二级指标三级指标年度指标值实际完成值分值得分"
            "产出指标数量指标保洁河道长度≥20公里21公里4545质量指标保洁合格率≥95%")
    result = read_glued(text)[0]
    assert [(i.name, i.target, i.actual, i.weight) for i in result.form.indicators] == [
        ("保洁河道长度", "≥20公里", "21公里", "45"), ("保洁合格率", "≥95%", None, None)]
    assert any(f.code == "JX006" and "保洁合格率" in f.message for f in result.findings)


def test_funds_row_the_caption_search_missed_inside_the_run_before() -> None:
    """`…829.3万100%彩票公益金用于医疗救助00100%地方资金…`: a funds source the vocabulary knows,
    its caption too long to be found as a row's, is the next row, not words after a run."""
    text = ("转移支付(项目)名称医疗救助补助资金资金投入情况(万元)全年预算数(A)全年执行数(B)"
            "预算执行率(B/A×100%)年度资金总额:3359.62万3359.62万100%"
            "其中:中央财政资金829.3万829.3万100%彩票公益金用于医疗救助00100%"
            "地方资金2530.32万2530.32万100%年度总体目标预期目标救助困难群众。")
    rows = read_glued(text)[0].form.funds.rows
    assert [(r.label, r.annual, r.executed, r.rate) for r in rows] == [
        (None, "3359.62万", "3359.62万", "100%"),  # the standard total: no label
        ("其中:中央财政资金", "829.3万", "829.3万", "100%"),
        ("彩票公益金用于医疗救助", "0", "0", "100%"),
        ("地方资金", "2530.32万", "2530.32万", "100%")]


def test_level_name_in_a_title_begins_no_table() -> None:
    """A level name in the words before the first form (`关于满意度指标调查的…自评表`) that no row
    follows is no capture begun mid-table: no form of its own."""
    text = ("关于满意度指标调查的2022年度项目支出绩效自评表项目名称春季河道保洁主管部门水务局"
            "一级指标二级指标三级指标年度指标值实际完成值分值得分产出指标数量指标"
            "保洁河道长度≥20公里21公里9090总分100100")
    results = read_glued(text)
    assert [r.form.project_name for r in results] == ["春季河道保洁"]
    assert not any(f.code == "JX005" for r in results for f in r.findings)


def test_total_row_of_an_unfilled_table_prints_its_points_only() -> None:
    """Where every row's 得分 is empty, so is the 总分 row's: `合计100` is its 分值."""
    text = ("项目名称春季河道保洁主管部门水务局一级指标二级指标三级指标指标性质指标值度量单位"
            "完成值权重得分产出指标数量指标保洁河道长度≥20公里60"
            "效益指标社会效益指标群众满意度=100%30合计100")
    total = read_glued(text)[0].form.total
    assert (total.weight, total.score) == ("100", None)


def test_a_row_of_words_with_its_points_keeps_the_full_columns() -> None:
    """A row whose name, target and actual stay one text (`保洁及时按时完成达成指标10.008.00`)
    prints its 得分: the columns are filled, and text left unread elsewhere does not make the
    table read as one without 实际完成值 and 得分."""
    text = ("项目名称河道保洁一级指标二级指标三级指标年度指标值实际完成值分值得分产出指标时效指标"
            "保洁及时按时完成达成指标10.008.00质量指标保洁合格率≥95%%9x总分10.008.00")
    result = read_glued(text)[0]
    row = result.form.indicators[0]
    assert (row.name, row.target, row.weight, row.score) == (None, None, "10.00", "8.00")
    assert "indicators[0].weight" in result.sources
    assert not any(f.code == "JX034" for f in result.findings)
