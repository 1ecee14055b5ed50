"""A form glued into one string except for the blanks kept around its numbers, as a
document-sharing page prints it (`…年初预算数全年预算数全年执行数执行率得分年度资金总额 80.00
96.00 …`): its captions run into one another, so it is a glued form (not a line of cells, whose
captions stand apart), and the blanks are cuts the rows' reading makes."""

from __future__ import annotations

import re

from jixiao.core.form_json import form_to_dict
from jixiao.readers.glued import sniff_glued
from jixiao.readers.text import read_text

HEAD = ("项目支出绩效自评表(2022年度)项目名称城区道路保洁主管部门某市城市管理局"
        "实施单位某市环境卫生服务中心")
FUNDS = ("项目资金(万元)年初预算数全年预算数全年执行数分值执行率得分"
         "年度资金总额 80.00 96.00 91.20 10 95% 9 其中:当年财政拨款 80.00 96.00 91.20 — 95% — "
         "上年结转资金 — — — — — — ")
GOALS = ("年度总体目标预期目标实际完成情况保洁城区道路120万平方米,垃圾日产日清。"
         "全年保洁城区道路126万平方米,垃圾做到日产日清。")
TABLE = ("绩效指标一级指标二级指标三级指标年度指标值实际完成值分值得分偏差原因分析及改进措施"
         "产出指标数量指标道路保洁面积 ≥120万平方米 126 20 20 果皮箱清洗次数 ≥4次 4 10 10 "
         "质量指标保洁达标率 ≥95% 96 20 20\n"
         "效益指标社会效益指标市容环境面貌持续改善持续改善 20 18 "
         "满意度指标服务对象满意度指标市民满意度 ≥90% 92 20 20 总分 100 97 评分等级优\n")
TEXT = HEAD + FUNDS + GOALS + TABLE


def test_the_form_is_found_and_read() -> None:
    assert sniff_glued(TEXT)
    (read,) = read_text(TEXT)
    form = read.form
    assert form is not None
    assert (form.project_name, form.department, form.year) == (
        "城区道路保洁", "某市城市管理局", 2022)
    assert [(r.initial, r.annual, r.executed, r.rate) for r in form.funds.rows] == [
        ("80.00", "96.00", "91.20", "95%")] * 2
    assert (form.funds.weight, form.funds.score) == ("10", "9")
    assert form.goals.actual == "全年保洁城区道路126万平方米,垃圾做到日产日清。"
    assert [(i.level2, i.name, i.target, i.actual, i.weight, i.score)
            for i in form.indicators] == [
        ("数量指标", "道路保洁面积", "≥120万平方米", "126", "20", "20"),
        ("数量指标", "果皮箱清洗次数", "≥4次", "4", "10", "10"),
        ("质量指标", "保洁达标率", "≥95%", "96", "20", "20"),
        ("社会效益指标", "市容环境面貌", "持续改善", "持续改善", "20", "18"),
        ("服务对象满意度指标", "市民满意度", "≥90%", "92", "20", "20"),
    ]
    assert (form.total.weight, form.total.score, form.grade) == ("100", "97", "优")


def test_the_blanks_decide_a_row_the_glued_digits_leave_open() -> None:
    # without the totals, glued `≥10次1288` is 12|8|8 or 1|28|8 (JX016); the blanks cut it
    rows = TEXT[:TEXT.index("总分")].replace("≥4次 4 10 10", "≥10次 12 8 8") + "\n"
    (glued,) = read_text(rows.replace(" ", ""))
    assert glued.form is not None and glued.form.indicators[1].actual is None
    (read,) = read_text(rows)
    assert read.form is not None
    row = read.form.indicators[1]
    assert (row.target, row.actual, row.weight, row.score) == ("≥10次", "12", "8", "8")
    assert not [f for f in read.findings if f.code == "JX016"]


def test_it_reads_as_the_same_form_glued_without_blanks() -> None:
    (blanked,) = read_text(TEXT)
    (glued,) = read_text(TEXT.replace(" ", ""))
    assert blanked.form is not None and glued.form is not None
    assert form_to_dict(blanked.form)["funds"] == form_to_dict(glued.form)["funds"]
    assert form_to_dict(blanked.form)["total"] == form_to_dict(glued.form)["total"]


def test_a_line_of_cells_is_not_glued() -> None:
    cells = " ".join(["项目名称", "城区道路保洁", "主管部门", "某市城市管理局", "实施单位",
                      "某市环境卫生服务中心", "年初预算数", "全年预算数", "全年执行数", "分值",
                      "执行率", "得分", "年度资金总额", "80.00", "96.00", "91.20", "10", "95%",
                      "9", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值",
                      "分值", "得分", "产出指标", "数量指标", "道路保洁面积", "≥120万平方米",
                      "126", "20", "20", "果皮箱清洗次数", "≥4次", "4", "10", "10",
                      "质量指标", "保洁达标率", "≥95%", "96", "20", "20"])
    assert len(cells) >= 200
    assert not sniff_glued(cells)


def test_the_blanks_decide_a_funds_row_the_arithmetic_leaves_open() -> None:
    # glued, `1111110100%10` is 1|11|11|10|100%|10 or 111|1|1|10|100%|10 (JX016)
    text = TEXT.replace("80.00 96.00 91.20 10 95% 9", "1 11 11 10 100% 10")
    (glued,) = read_text(text.replace(" ", ""))
    assert glued.form is not None and glued.form.funds.rows[0].source == "fiscal"
    (read,) = read_text(text)
    assert read.form is not None
    total = read.form.funds.rows[0]
    assert (total.source, total.initial, total.annual, total.executed) == (
        "total", "1", "11", "11")
    assert not [f for f in read.findings if f.code == "JX016"]


def _captions_apart(text: str) -> str:
    for caption in ("项目名称", "主管部门", "实施单位", "项目资金(万元)", "年初预算数",
                    "全年预算数", "全年执行数", "分值", "执行率", "得分", "年度资金总额",
                    "其中:当年财政拨款",
                    "上年结转资金", "年度总体目标", "预期目标", "实际完成情况", "绩效指标",
                    "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值",
                    "偏差原因分析及改进措施"):
        text = text.replace(caption, f" {caption} ")
    return text


def test_rows_glued_under_captions_set_apart_read_as_glued() -> None:
    # the header's captions stand apart, but every level name runs into the words after it
    text = _captions_apart(TEXT)
    assert sniff_glued(text)
    (read,) = read_text(text)
    (glued,) = read_text(TEXT)
    assert read.form is not None and glued.form is not None
    assert read.form.indicators == glued.form.indicators
    assert read.form.indicators[2].level2 == "质量指标"


def test_level_names_set_apart_leave_a_line_of_cells() -> None:
    levels = ("服务对象满意度指标", "社会效益指标", "满意度指标", "产出指标", "数量指标",
              "质量指标", "效益指标")
    text = re.sub("|".join(levels), lambda m: f" {m.group()} ", _captions_apart(TEXT))
    assert not sniff_glued(text)


def test_rows_read_from_their_blanks_beside_a_row_printed_as_one_word() -> None:
    # `道路保洁机制逐步完善逐步完善` (name, target, actual) keeps the group from reading from
    # its blanks as a whole: the rows around it still do, and it is read glued
    for rows in ("道路保洁面积 ≥120万平方米 126 20 20 果皮箱清洗次数 ≥10次 12 8 8 "
                 "道路保洁机制逐步完善逐步完善 2 2 ",
                 "道路保洁机制逐步完善逐步完善 2 2 道路保洁面积 ≥120万平方米 126 20 20 "
                 "果皮箱清洗次数 ≥10次 12 8 8 "):
        text = TEXT[:TEXT.index("总分")].replace(
            "道路保洁面积 ≥120万平方米 126 20 20 果皮箱清洗次数 ≥4次 4 10 10 ", rows) + "\n"
        (read,) = read_text(text)
        assert read.form is not None
        got = {(i.name, i.target, i.actual, i.weight, i.score)
               for i in read.form.indicators if i.level2 == "数量指标"}
        assert got == {("道路保洁面积", "≥120万平方米", "126", "20", "20"),
                       ("果皮箱清洗次数", "≥10次", "12", "8", "8"),
                       ("道路保洁机制", "逐步完善", "逐步完善", "2", "2")}


def test_a_total_row_with_page_text_run_on_after_it() -> None:
    # the site's words after the last page join the 总分 row's numbers
    tail = "下载提示：1. 本站所有资源如无特殊说明，都需要本地电脑安装阅读器。\n"
    for text in (TEXT.replace(" 评分等级优\n", tail), TEXT.replace(" 评分等级优\n", "") + tail):
        for shown in (text, text.replace(" ", "")):
            (read,) = read_text(shown)
            assert read.form is not None
            assert (read.form.total.weight, read.form.total.score) == ("100", "97")


def test_a_total_row_printing_one_value_is_not_split_in_two() -> None:
    # `总分96评价结论…`: 96 alone (the other cell empty) or 9 and 6, and the parts add up to
    # neither (分值 100, 得分 97) — reported, not guessed
    text = TEXT.replace("总分 100 97 评分等级优", "总分 96 评价结论项目完成良好。")
    for shown in (text, text.replace(" ", "")):
        (read,) = read_text(shown)
        assert read.form is not None
        assert read.form.total.weight is None and read.form.total.score is None
        assert any(f.code == "JX016" and f.path == "total" for f in read.findings)


def test_a_grade_printed_as_the_total_rows_last_cell() -> None:
    text = TEXT.replace("总分 100 97 评分等级优", "总分 100 97 良好")
    for shown in (text, text.replace(" ", "")):
        (read,) = read_text(shown)
        assert read.form is not None
        assert (read.form.total.score, read.form.grade) == ("97", "良")


def test_a_total_row_printing_one_value_is_the_sum_of_the_parts() -> None:
    # 100 alone or 10 and 0: the funds item (10) and the rows (90) print 分值 100 together
    text = TEXT.replace("总分 100 97 评分等级优", "总分 100 评价结论项目完成良好。")
    for shown in (text, text.replace(" ", "")):
        (read,) = read_text(shown)
        assert read.form is not None
        assert (read.form.total.weight, read.form.total.score) == ("100", None)


def test_a_self_score_and_grade_after_a_colon() -> None:
    text = TEXT.replace("总分 100 97 评分等级优", "自评总分: 97 评分等级:优")
    for shown in (text, text.replace(" ", "")):
        (read,) = read_text(shown)
        assert read.form is not None
        assert (read.form.total.score, read.form.grade) == ("97", "优")
