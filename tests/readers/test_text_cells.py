"""The cell-stream reader (web tables flattened to text) against the corpus and synthetic forms."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jixiao.core.form_json import form_to_dict, forms_from_json_value
from jixiao.core.model import Form, Funds, FundsRow, Goals, Indicator, Total
from jixiao.readers.base import ReadResult
from jixiao.readers.text_cells import (
    FINDING_CODES,
    indicator_columns,
    read_cells,
    sniff_cells,
    split_forms,
    tokenize,
)

CORPUS = Path(__file__).parent.parent / "data" / "corpus"


def corpus_text(name: str) -> tuple[str, int]:
    """The captured text of `raw/NAME.txt` without its small header, and its first line number."""
    lines = (CORPUS / "raw" / f"{name}.txt").read_text(encoding="utf-8").splitlines()
    end = next(i for i, ln in enumerate(lines) if ln.startswith("completeness:"))
    assert lines[end + 1] == ""
    return "\n".join(lines[end + 2:]), end + 3


def read_corpus(name: str) -> list[ReadResult]:
    text, first_line = corpus_text(name)
    return read_cells(text, filename=f"{name}.txt", first_line=first_line)


def codes(result: ReadResult) -> set[str]:
    return {f.code for f in result.findings}


# ---------------------------------------------------------------- labelled corpus forms

# Where the reader deliberately differs from a hand label, and why. Nothing here is a file-specific
# rule in the reader; these are the label's own gaps, decided by form-json.md.
#
# * `funds.unit`: every label says null, but each form prints its unit in a funds caption
#   (002 `年度预算数(万元)`, 003 `项目资金 (元)`, 017 `预算执行情况(万元)`). form-json.md: the
#   unit is what the form says (default 万元); a printed unit is never "not printed". The reader
#   gives the printed unit (null only when no caption prints one) — see `printed_unit` below.
# * `total.weight`: the labels leave it null, but 002 prints `合计 | 100` under 权重 (its own
#   label_notes: "合计 100 is the weight total") and 003 prints `总分 | 100 | 96` under 分值 | 得分.
#   form-json.md: total = the 总分 row's printed weight and score. 017 (Hubei 20/80) has only a
#   得分 column, so its `100` is the score and the weight stays null, as labelled.
# * 003 `funds.rows`: marked a guess in its label_notes (a flattened empty cell). The total row
#   and the fiscal row's amounts agree with the label; the rest is not compared.
TOTAL_WEIGHT = {"002": "100", "003": "100", "017": None}
ROWS_ARE_GUESSED = {"003"}


def printed_unit(text: str) -> str | None:
    m = re.search(r"[(（]\s*(万元|元)\s*[)）]", text)
    return m.group(1) if m else None


def expected_from_label(name: str, text: str) -> dict[str, Any]:
    label = json.loads((CORPUS / "labels" / f"{name}.json").read_text(encoding="utf-8"))
    label.pop("label_notes", None)
    label["year"] = int(label["year"]) if label["year"] is not None else None
    if label["funds"]["unit"] is None:
        label["funds"]["unit"] = printed_unit(text)
    label["total"]["weight"] = TOTAL_WEIGHT[name]
    return label


@pytest.mark.parametrize("name", ["002", "003", "017"])
def test_labelled_forms_read_field_for_field(name: str) -> None:
    text, _ = corpus_text(name)
    results = read_corpus(name)
    assert len(results) == 1
    got = form_to_dict(results[0].form)
    want = expected_from_label(name, text)
    if name in ROWS_ARE_GUESSED:
        got_rows, want_rows = got["funds"].pop("rows"), want["funds"].pop("rows")
        assert got_rows[0] == want_rows[0]
        assert {k: got_rows[1][k] for k in ("source", "annual", "executed")} == \
            {k: want_rows[1][k] for k in ("source", "annual", "executed")}
    assert {k: v for k, v in got.items() if k != "indicators"} == \
        {k: v for k, v in want.items() if k != "indicators"}
    assert len(got["indicators"]) == len(want["indicators"])
    for i, (g, w) in enumerate(zip(got["indicators"], want["indicators"], strict=True)):
        assert g == w, f"{name} indicators[{i}]"


def test_label_corrections_name_what_the_form_prints() -> None:
    assert printed_unit(corpus_text("002")[0]) == "万元"
    assert printed_unit(corpus_text("003")[0]) == "元"
    assert printed_unit(corpus_text("017")[0]) == "万元"


def test_complete_labelled_forms_need_no_structural_findings() -> None:
    # 003 prints 生态效益指标 with an empty row (its label_notes say so): reported, not dropped
    assert codes(read_corpus("003")[0]) == {"JX036"}
    assert codes(read_corpus("017")[0]) == set()
    # 002 is a template filled only with weights: the reader says so, once.
    assert codes(read_corpus("002")[0]) == {"JX034"}


def test_provenance_points_at_the_printed_line() -> None:
    _, first_line = corpus_text("002")
    result = read_corpus("002")[0]
    lines = (CORPUS / "raw" / "002.txt").read_text(encoding="utf-8").splitlines()

    def line_of(path: str) -> str:
        ref = result.sources[path]
        assert ref.file == "002.txt"
        assert ref.line is not None
        return lines[ref.line - 1]

    assert "51000021R000000019951-工资性支出" in line_of("project_name")
    assert "青神县发展和改革局本级" in line_of("department")
    assert line_of("funds.rows[0]").startswith("总额")
    assert line_of("funds.rows[0].executed").startswith("251.89")
    assert line_of("funds.rows[2].rate").startswith("0.00%")
    assert line_of("indicators[1].name").startswith("足额保障率")
    assert line_of("indicators[1].target").startswith("100")
    assert line_of("indicators[1].weight").startswith("30")
    assert line_of("total.weight").startswith("100")
    assert "2023年度" in line_of("year")
    assert first_line == 7


def test_provenance_in_a_padded_row_layout() -> None:
    result = read_corpus("017")[0]
    lines = (CORPUS / "raw" / "017.txt").read_text(encoding="utf-8").splitlines()
    assert lines[result.sources["indicators[3].target"].line - 1] == "小于5次"
    assert lines[result.sources["funds.rows[0].annual"].line - 1] == "34.64"
    assert lines[result.sources["grade"].line - 1] == "优"


# ---------------------------------------------------------------- unlabelled corpus forms

ALL_CORPUS = ["002", "003", "004", "006", "007", "012", "013", "016", "017", "018", "020",
              "901", "902"]


@pytest.mark.parametrize("name", ALL_CORPUS)
def test_every_corpus_file_reads_without_exceptions(name: str) -> None:
    results = read_corpus(name)
    assert results
    for result in results:
        assert all(f.code in FINDING_CODES for f in result.findings)
        assert all(ref.line is not None for ref in result.sources.values())


def test_006_hubei_padded_rows() -> None:
    (result,) = read_corpus("006")
    form = result.form
    assert (form.project_name, form.department, form.implementing_unit, form.year) == \
        ("共享工程", "黄石市文化和旅游局", "黄石市图书馆", 2022)
    assert form.funds == Funds(unit="万元", weight="20", rate="100%", score="20", rows=(
        FundsRow(source="total", annual="5", executed="5", rate="100%"),))
    first = form.indicators[0]
    assert first == Indicator("产出指标", "数量指标", "一个存储备份器", "25TB", "25TB", None,
                              "10", None)
    wifi = form.indicators[1]
    assert (wifi.level2, wifi.name, wifi.target, wifi.score) == \
        ("数量指标", "WIFI布点全覆盖", "100%覆盖", None)
    social = [i for i in form.indicators if i.level2 == "社会效益"]  # as printed
    assert social[0].level1 == "效益指标"
    assert form.indicators[-1].level1 == "满意度指标"
    # Hubei 20/80: no 分值 column, so no indicator weight is invented
    assert all(i.weight is None for i in form.indicators)
    assert {"JX004", "JX006", "JX034"} <= codes(result)


def test_007_tail_of_one_form_and_start_of_the_next() -> None:
    tail, head = read_corpus("007")
    assert tail.form.project_name == ""
    assert {"JX005", "JX001", "JX035"} <= codes(tail)
    assert [i.name for i in tail.form.indicators] == [
        "公益性讲座知晓率", "图书馆管理机制健全性", "活动参与人员满意度", "聘用人员满意度"]
    first = tail.form.indicators[0]
    assert (first.level1, first.target, first.actual, first.weight, first.score) == \
        (None, "=100%", "100", "5", "5")
    qualitative = tail.form.indicators[1]
    assert (qualitative.level2, qualitative.target, qualitative.actual) == \
        ("可持续影响指标", "好坏", "好坏")
    assert tail.form.indicators[2].level1 == "满意度指标"
    assert tail.form.total == Total(weight="100", score="100")

    form = head.form
    assert form.project_name == "51092322T000000436802-文化市场综合行政执法人员制式服装预算经费"
    assert (form.department, form.implementing_unit, form.year) == \
        ("大英县文化广播电视和旅游局部门", "大英县文化广播电视和旅游局", 2022)
    assert form.goals.expected is not None and form.goals.expected.startswith("2022年年度内")
    assert form.goals.actual == "执法队配备购置服装数量9套,配备制式服装的人员数量9人。"
    assert form.funds.weight == "10"
    assert "JX006" in codes(head)


def test_012_sichuan_rows_whose_empty_cells_were_dropped() -> None:
    tail, head = read_corpus("012")
    inds = tail.form.indicators
    assert len(inds) == 7
    assert [(i.target, i.weight, i.actual, i.score) for i in inds[:3]] == [
        ("=100%", "5", None, None), ("≤101400元", "5", None, None), ("=1元/人", "5", None, None)]
    assert inds[1].level2 == "成本指标" and inds[1].level1 is None
    assert inds[5].target == "优良中低差" and inds[5].weight == "10"
    assert tail.form.total == Total(weight="100", score=None)
    assert "JX033" in codes(tail)
    assert head.form.project_name == "51092322T000000431595-城乡居民监管工作经费"
    assert (head.form.year, head.form.funds.unit, head.form.funds.weight) == (2023, "万元", "10")


def test_013_transfer_payment_form() -> None:
    (result,) = read_corpus("013")
    form = result.form
    assert (form.project_name, form.year, form.department, form.implementing_unit) == \
        ("医疗救助补助资金", 2024, "医疗保障局", "医疗保障局")
    rows = form.funds.rows
    assert rows[0] == FundsRow(source="total", annual="3359.62万", executed="3359.62万",
                               rate="100%")
    assert rows[1].source == "fiscal" and rows[1].annual == "829.3万"
    # 彩票公益金 and 地方资金 are public money: fiscal rows (vocabulary.FUNDS_ROW_PATTERNS)
    assert [r.source for r in rows[2:]] == ["fiscal", "fiscal"]
    assert form.funds.unit == "万元" and form.funds.rate == "100%"
    assert form.goals.actual is not None and form.goals.actual.startswith("2024年度医疗救助")
    assert form.indicators[0] == Indicator("产出指标", "数量指标", "享受医疗救助人次",
                                           "≥50000人次", "110406")
    assert "JX006" in codes(result)


@pytest.mark.parametrize(("name", "fields"), [
    ("004", {"project_name": "国家基本公共卫生服务", "year": 2021,
             "department": "稷山县卫生健康和体育局", "implementing_unit": "稷山县翟店镇卫生院"}),
    ("016", {"project_name": "19名百岁老人高龄津贴", "year": 2020}),
    ("018", {"implementing_unit": "广水市交通运输局"}),
    ("020", {"project_name": "初中公用经费", "year": 2021}),
    ("901", {"kind": "department", "year": 2023}),
    ("902", {"kind": "department", "department": None}),  # 财政处室 is a caption
])
def test_squashed_forms_give_their_header_only(name: str, fields: dict[str, Any]) -> None:
    (result,) = read_corpus(name)
    got = form_to_dict(result.form)
    assert {k: got[k] for k in fields} == fields
    assert got["indicators"] == []  # nothing is guessed from a squashed table
    assert "JX008" in codes(result)


def test_self_score_of_squashed_department_forms() -> None:
    assert read_corpus("901")[0].form.total.score == "97.93"
    assert read_corpus("902")[0].form.total.score == "97.6"
    assert read_corpus("018")[0].form.total.score == "95"


def test_sniff_prefers_tables_over_pdf_text(seed_text: str) -> None:
    for name in ("002", "003", "006", "007", "012", "013", "017"):
        assert sniff_cells(corpus_text(name)[0]) >= 0.5, name
    assert sniff_cells(seed_text) < 0.5
    assert sniff_cells("") == 0.0
    one_per_line = "项目名称\n共享工程\n主管部门\n某局\n实施单位\n某馆\n年初预算数\n全年预算数\n"
    assert sniff_cells(one_per_line) >= 0.5


# ---------------------------------------------------------------- synthetic forms


def render(rows: Sequence[Sequence[str | None]], style: str, width: int = 9) -> str:
    """A table as a flattening tool would give it; None is an empty cell, `\\n` wraps a cell.

    * `terminated`: one cell per line ending ` |`, an empty cell a lone `|` (Sichuan 002);
    * `separated`: each cell's lines then a `|` line, rows closed by a padding run (017);
    * `padded`: a row per line, `a | b | ||||` (006);
    * `markdown`: bordered rows of one width with a rule line;
    * `plain`: one cell per line, no pipes (empty cells cannot be shown).
    """
    out: list[str] = []
    for n, row in enumerate(rows):
        if style == "terminated":
            out += [f"{c} |" if c else "|" for c in row]
        elif style == "separated":
            for c in row:
                out += [*(c or "").split("\n"), "|"] if c else ["|"]
            out.append("|" * max(2, width - len(row)))
        elif style == "padded":
            out.append(" | ".join(c or "" for c in row) + " | " + "|" * max(2, width - len(row)))
        elif style == "markdown":
            cells = [(c or "").replace("\n", " ") for c in row] + [""] * (width - len(row))
            out.append("| " + " | ".join(cells) + " |")
            if n == 0:
                out.append("|" + "---|" * width)
        elif style == "plain":
            out += [p for c in row if c for p in c.split("\n")]
    return "\n".join(out) + "\n"


NATIONAL = [
    ["乐山市项目支出绩效自评表", "(2024年度)"],
    ["项目名称", "社区居家养老服务补助", "主管部门", "某县民政局", "实施单位",
     "某县养老服务\n指导中心"],
    ["项目资金(万元)", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
    ["年度资金总额", "120.00", "118.50", "110.20", "10", "93.00%", "9.30"],
    ["其中：当年财政\n拨款", "120.00", "118.50", "110.20", "—", "93.00%", "—"],
    ["上年结转资金", "0.00", "0.00", "0.00", "—", "0.00%", "—"],
    ["其他资金", None, None, None, "—", None, "—"],
    ["年度总体目标", "预期目标", "实际完成情况"],
    [None, "为全县 1200 名老人提供 Wi Fi 呼叫服务。", "全年服务 1180 名老人，\n满意度 96%。"],
    ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
     "偏差原因分析及改进措施"],
    ["产出指标", "数量指标", "服务老人人数", "≥1200人", "1180人", "30", "28",
     "部分老人迁出，\n下年度加强摸底。"],
    ["质量指标", "回访满意率", "≥90%", "95%", "20", "20", None],
    ["效益指标", "社会效益指标", "老人生活质量改善", "明显改善", "达成预期指标", "20", "18",
     "个别老人未达预期"],
    ["满意度指标", "服务对象满意度指标", "老人满意度", "≥90%", "96%", "20", "20", None],
    ["总分", "100", "95.30", "评分等级", "优"],
]

NATIONAL_EXPECTED = Form(
    project_name="社区居家养老服务补助", year=2024, department="某县民政局",
    implementing_unit="某县养老服务指导中心",
    funds=Funds(unit="万元", weight="10", rate="93.00%", score="9.30", rows=(
        FundsRow("total", "120.00", "118.50", "110.20", "93.00%"),
        FundsRow("fiscal", "120.00", "118.50", "110.20", "93.00%"),
        FundsRow("carryover", "0.00", "0.00", "0.00", "0.00%"))),
    goals=Goals(expected="为全县1200名老人提供Wi Fi呼叫服务。",
                actual="全年服务1180名老人，满意度96%。"),
    indicators=(
        Indicator("产出指标", "数量指标", "服务老人人数", "≥1200人", "1180人", "30", "28",
                  "部分老人迁出，下年度加强摸底。"),
        Indicator("产出指标", "质量指标", "回访满意率", "≥90%", "95%", "20", "20"),
        Indicator("效益指标", "社会效益指标", "老人生活质量改善", "明显改善", "达成预期指标", "20",
                  "18", "个别老人未达预期"),
        Indicator("满意度指标", "服务对象满意度指标", "老人满意度", "≥90%", "96%", "20", "20"),
    ),
    total=Total(weight="100", score="95.30"), grade="优")


@pytest.mark.parametrize("style", ["terminated", "separated", "padded", "markdown"])
def test_national_layout_in_every_cell_stream_style(style: str) -> None:
    (result,) = read_cells(render(NATIONAL, style), filename="syn.txt")
    assert result.form == NATIONAL_EXPECTED
    assert codes(result) == set()


def test_plain_one_cell_per_line_without_pipes() -> None:
    # without pipes a wrapped value cannot be told from two cells: only captions wrap here
    rows = [[c if c.startswith("其中") else c.replace("\n", "") for c in row if c is not None]
            for row in NATIONAL if row[0] != "其他资金"]
    text = render(rows, "plain").replace("年度总体目标", "年度\n总体\n目标")
    assert sniff_cells(text) >= 0.5
    (result,) = read_cells(text)
    form = result.form
    assert (form.project_name, form.year, form.implementing_unit) == \
        ("社区居家养老服务补助", 2024, "某县养老服务指导中心")
    assert [r.source for r in form.funds.rows] == ["total", "fiscal", "carryover"]
    assert form.funds.rows[0] == NATIONAL_EXPECTED.funds.rows[0]
    assert form.indicators[3] == NATIONAL_EXPECTED.indicators[3]
    assert form.total == NATIONAL_EXPECTED.total and form.grade == "优"


SICHUAN = [
    ["报表编号:510000_0013zp"],
    ["部门预算项目支出绩效自评表(2023年度)"],
    ["项目名称", "51092322T000000999999-乡村文化站运行经费"],
    ["主管部门", "某县文化广播电视和旅游局部门", "实施单位 (盖章)", "某县文化馆"],
    ["项目基本情况", "1.项目年度目标完成情况", "项目年度目标", "年度目标完成情况"],
    ["保障 12 个乡镇文化站\n正常运行。", "12 个文化站全部开放。"],
    ["预算执行情况(10分)", "年度预算数(万元)", "年初预算", "调整后预算数", "预算执行数",
     "预算执行率", "权重", "得分", "原因"],
    ["总额", "36.00", "40.00", "38.00", "95.00%", "10", "9.5", "追加 4 万元用于设备维护"],
    ["其中:财政资金", "36.00", "40.00", "38.00", "95.00%", "/", "/"],
    ["财政专户管理资金", "0.00", "0.00", "0.00", "0.00%", "/", "/"],
    ["单位资金", None, None, None, None, "/", "/"],
    ["绩效指标(90分)", "一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位",
     "完成值", "权重", "得分", "未完成原因分析"],
    ["产出指标", "数量指标", "开放文化站数量", "≥", "12", "个", "12", "30", "30", None],
    ["时效指标", "全年开放天数", "≥", "300", "天", "290", "20", "18", "两站维修\n停开10天"],
    ["效益指标", "可持续影响指标", "群众文化活动机制健全性", "定性", "健全", None, "健全", "20",
     "20", None],
    ["满意度指标", "服务对象满意度指标", "群众满意度", "≥", "90", "%", "93", "20", "20", None],
    ["合计", "100", "97.5", None],
    ["评价结论", "结合自评情况，项目完成较好。"],
]


@pytest.mark.parametrize("style", ["terminated", "separated", "padded"])
def test_sichuan_split_columns(style: str) -> None:
    (result,) = read_cells(render(SICHUAN, style, width=11), filename="sc.txt")
    form = result.form
    assert form.project_name == "51092322T000000999999-乡村文化站运行经费"
    assert (form.year, form.department, form.implementing_unit) == \
        (2023, "某县文化广播电视和旅游局部门", "某县文化馆")
    assert form.goals == Goals("保障12个乡镇文化站正常运行。", "12个文化站全部开放。")
    assert form.funds == Funds(unit="万元", weight="10", rate="95.00%", score="9.5", rows=(
        FundsRow("total", "36.00", "40.00", "38.00", "95.00%"),
        FundsRow("fiscal", "36.00", "40.00", "38.00", "95.00%"),
        FundsRow("special_account", "0.00", "0.00", "0.00", "0.00%")))
    assert form.indicators == (
        Indicator("产出指标", "数量指标", "开放文化站数量", "≥12个", "12", "30", "30"),
        Indicator("产出指标", "时效指标", "全年开放天数", "≥300天", "290", "20", "18",
                  "两站维修停开10天"),
        Indicator("效益指标", "可持续影响指标", "群众文化活动机制健全性", "健全", "健全", "20",
                  "20"),
        Indicator("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "93", "20", "20"),
    )
    assert form.total == Total(weight="100", score="97.5")
    assert codes(result) == set()


HUBEI_TWO = """\
附件2
2023年度项目支出绩效自评表
单位名称:某市体育局 填报日期:2024年3月1日
项目名称 | 全民健身场地维护 | ||||||||
主管部门 | 某市体育局 | 项目实施单位 | 某市体育中心 | ||||||
预算执行情况(万元) (20分) | 预算数(A) | 执行数(B) | 执行率(B/A) | 得分 (20分*执行率) | |||||
年度财政资金总额 | 80 | 72 | 90% | 18 | |||||
年度绩效目标 (80分) | 一级指标 | 二级指标 | 三级指标 | 年初目标值(A) | 实际完成值(B) | 得分 | |||
产出指标(50分) | 数量指标 | 维护健身路径 | 40条 | 40条 | 25 | ||||
时效指标 | 年底前完成维护 | 12月前 | 11月完成 | 25 | |||||
效益指标(20分) | 社会效益 | 群众健身便利度提高 | 明显 | 明显 | 20 | ||||
满意度指标(10分) | 服务对象满意度指标 | 健身群众满意度 | ≥90% | 92% | 10 | ||||
总分(100分) | 98 | 自评等级 | 优 | ||||||
2023年度项目支出绩效自评表
项目名称 | 青少年体育培训 | ||||||||
主管部门 | 某市体育局 | 项目实施单位 | 某市业余体校 | ||||||
预算执行情况(万元) (20分) | 预算数(A) | 执行数(B) | 执行率(B/A) | 得分 (20分*执行率) | |||||
年度财政资金总额 | 12.5 | 12.5 | 100% | 20 | |||||
年度绩效目标 (80分) | 一级指标 | 二级指标 | 三级指标 | 年初目标值(A) | 实际完成值(B) | 得分 | |||
产出指标(50分) | 数量指标 | 培训学员人数 | 300人 | 310人 | 50 | ||||
效益指标(20分) | 社会效益指标 | 学员体质达标率 | ≥95% | 97% | 20 | ||||
满意度指标(10分) | 服务对象满意度指标 | 家长满意度 | ≥90% | 95% | 10 | ||||
总分(100分) | 100 | 自评等级 | 优 | ||||||
"""


def test_two_hubei_forms_in_one_text() -> None:
    first, second = read_cells(HUBEI_TWO, filename="hb.txt")
    assert (first.form.project_name, second.form.project_name) == \
        ("全民健身场地维护", "青少年体育培训")
    assert first.form.implementing_unit == "某市体育中心"
    assert first.form.funds == Funds(unit="万元", weight="20", rate="90%", score="18", rows=(
        FundsRow("total", annual="80", executed="72", rate="90%"),))
    assert first.form.indicators[1] == Indicator("产出指标", "时效指标", "年底前完成维护", "12月前",
                                                 "11月完成", None, "25")
    assert first.form.indicators[2].level2 == "社会效益"  # as printed
    assert first.form.total == Total(score="98") and first.form.grade == "优"
    assert second.form.year == 2023 and len(second.form.indicators) == 3
    assert second.form.total == Total(score="100")
    assert codes(first) == codes(second) == set()
    # provenance runs on through the whole text
    assert second.sources["project_name"].line == HUBEI_TWO.splitlines().index(
        "项目名称 | 青少年体育培训 | ||||||||") + 1


def test_department_kind_and_repeated_project_name_split() -> None:
    text = render([
        ["某区部门整体支出绩效自评表(2022年度)"],
        ["项目名称", "区文旅局部门整体"],
        ["总分", "100", "90"],
        ["项目名称", "第二张表"],
        ["总分", "100", "88"],
    ], "terminated")
    first, second = read_cells(text)
    assert first.form.kind == "department" and first.form.year == 2022
    assert (first.form.project_name, second.form.project_name) == ("区文旅局部门整体", "第二张表")
    assert second.form.total == Total(weight="100", score="88")


def test_missing_parts_become_findings_not_guesses() -> None:
    text = render([
        ["项目支出绩效自评表(2021年度)"],
        ["主管部门", "某局", "实施单位", None],
        ["项目资金(万元)", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        ["年度资金总额", "10", "100%", "10"],
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
         "偏差原因分析及改进措施"],
        ["产出指标", "数量指标", "培训场次", "≥10场", "10场", "50", None, None],
    ], "padded")
    (result,) = read_cells(text, filename="bad.txt")
    form = result.form
    assert form.project_name == "" and form.implementing_unit is None
    assert form.funds.rows[0] == FundsRow("total", executed="10", rate="100%")
    assert form.funds.score == "10"
    assert form.indicators[0].score is None
    assert {"JX001", "JX007", "JX012", "JX034", "JX004", "JX006"} <= codes(result)
    by_code = {f.code: f for f in result.findings}
    assert by_code["JX012"].source is not None and by_code["JX012"].source.line == 4
    assert "年度资金总额" in by_code["JX012"].message


@pytest.mark.parametrize("text", [
    "", "|", "||||\n|\n", "garbage\nmore garbage", "项目名称 |", "总分 | | |",
    "一级指标 |\n产出指标 |", "项目资金(万元) | 年初预算数 |\n年度资金总额 | x | y |",
    "\n\n\t\t\n", "自评表" * 30,
])
def test_odd_input_never_raises(text: str) -> None:
    results = read_cells(text)
    assert isinstance(results, list)
    assert 0.0 <= sniff_cells(text) <= 1.0


def test_tokenize_keeps_column_empties_and_turns_padding_into_breaks() -> None:
    cells = tokenize("a |\n|\nb | c | ||||\n| d |\n", first_line=10)
    assert [(c.text, c.line, c.brk) for c in cells] == [
        ("a", 10, False), ("", 11, False), ("b", 12, False), ("c", 12, False), ("", 12, True),
        ("", 13, False), ("d", 13, False)]


def test_split_forms_keeps_preamble_titles_with_their_form() -> None:
    cells = tokenize("某某自评表 |\n发布日期 |\n某某自评表(2020年度) |\n项目名称 |\nX |\n")
    assert len(split_forms(cells)) == 1


def test_indicator_columns_put_split_columns_where_their_group_stood() -> None:
    flattened_two_rows = ["年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施",
                          "一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位"]
    assert indicator_columns(flattened_two_rows) == (
        "level1", "level2", "name", "op", "value", "unit", "actual", "weight", "score", "note")
    assert indicator_columns(["一级指标", "二级指标", "三级指标", "年初目标值(A)", "实际完成值(B)",
                              "得分"]) == ("level1", "level2", "name", "target", "actual", "score")


def test_finding_table_is_documented() -> None:
    assert all(re.fullmatch(r"JX0\d\d", code) for code in FINDING_CODES)
    assert all(message for message in FINDING_CODES.values())


# ---------------------------------------------------------------- property: render → read


SAFE = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥春夏秋冬东西南北山水木火土金石竹松梅兰菊桥"
words = st.text(alphabet=SAFE, min_size=2, max_size=14)
amounts = st.integers(min_value=0, max_value=9_999_999).map(lambda n: f"{n // 100}.{n % 100:02d}")
points = st.integers(min_value=0, max_value=3000).map(lambda n: f"{n // 100}.{n % 100:02d}")
rates = st.integers(min_value=0, max_value=12000).map(lambda n: f"{n // 100}.{n % 100:02d}%")
values = st.one_of(
    words,
    st.builds(lambda op, n, u: f"{op}{n}{u}", st.sampled_from(["≥", "≤", "=", ">", ""]),
              st.integers(min_value=0, max_value=5000),
              st.sampled_from(["%", "人", "个", "天", ""])),
)
LEVELS = [("产出指标", ["数量指标", "质量指标", "时效指标", "成本指标"]),
          ("效益指标", ["经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"]),
          ("满意度指标", ["服务对象满意度指标"])]
ROW_CAPTIONS = {"total": "年度资金总额", "fiscal": "其中：当年财政拨款",
                "carryover": "上年结转资金", "other": "其他资金"}


@st.composite
def indicators(draw: st.DrawFn) -> tuple[Indicator, ...]:
    out: list[Indicator] = []
    for level1, level2s in LEVELS:
        for level2 in draw(st.lists(st.sampled_from(level2s), min_size=0, max_size=2, unique=True)):
            for _ in range(draw(st.integers(min_value=1, max_value=3))):
                out.append(Indicator(
                    level1, level2, draw(words), draw(st.none() | values), draw(st.none() | values),
                    draw(st.none() | points), draw(st.none() | points), draw(st.none() | words)))
    return tuple(out)


@st.composite
def funds_rows(draw: st.DrawFn) -> tuple[FundsRow, ...]:
    rows = []
    for source in ("total", "fiscal", "carryover", "other"):
        if source != "total" and not draw(st.booleans()):
            continue
        initial, annual, executed = draw(st.none() | amounts), draw(amounts), draw(amounts)
        rows.append(FundsRow(source, initial, annual, executed, draw(st.none() | rates)))
    return tuple(rows)


@st.composite
def forms(draw: st.DrawFn) -> Form:
    rows = draw(funds_rows())
    goals = draw(st.none() | st.tuples(words, words))
    return Form(
        project_name=draw(words), year=draw(st.integers(min_value=2015, max_value=2030)),
        department=draw(st.none() | words), implementing_unit=draw(st.none() | words),
        funds=Funds(unit=draw(st.sampled_from(["万元", "元"])), weight=draw(st.none() | points),
                    rate=rows[0].rate, score=draw(st.none() | points), rows=rows),
        goals=Goals(*goals) if goals else Goals(),
        indicators=draw(indicators()),
        total=Total(draw(st.none() | points), draw(st.none() | points)),
        grade=draw(st.none() | st.sampled_from(["优", "良", "中", "差"])))


def wrapped(text: str | None, wrap: bool) -> str | None:
    """A Chinese text cell wrapped onto two lines (only SAFE words are ever wrapped)."""
    if not wrap or text is None or len(text) < 4 or any(ch not in SAFE for ch in text):
        return text
    return text[: len(text) // 2] + "\n" + text[len(text) // 2:]


def form_rows(form: Form, wrap: bool = False) -> list[list[str | None]]:
    """The national layout of a form as table rows, merged 一级/二级 cells printed once."""
    rows: list[list[str | None]] = [
        [f"项目支出绩效自评表({form.year}年度)"],
        ["项目名称", wrapped(form.project_name, wrap), "主管部门", wrapped(form.department, wrap),
         "实施单位", wrapped(form.implementing_unit, wrap)],
        [f"项目资金({form.funds.unit})", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率",
         "得分"],
    ]
    for r in form.funds.rows:
        lead = r.source == "total"
        rows.append([ROW_CAPTIONS[r.source], r.initial, r.annual, r.executed,
                     form.funds.weight if lead else "—", r.rate, form.funds.score if lead else "—"])
    rows += [["年度总体目标", "预期目标", "实际完成情况"],
             [wrapped(form.goals.expected, wrap), wrapped(form.goals.actual, wrap)]]
    rows.append(["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值",
                 "得分", "偏差原因分析及改进措施"])
    last: tuple[str | None, str | None] = (None, None)
    for ind in form.indicators:
        lead: list[str | None] = []
        if ind.level1 != last[0]:
            lead = [ind.level1, ind.level2]
        elif ind.level2 != last[1]:
            lead = [ind.level2]
        last = (ind.level1, ind.level2)
        rows.append([*lead, wrapped(ind.name, wrap), ind.target, ind.actual, ind.weight,
                     ind.score, wrapped(ind.note, wrap)])
    rows.append(["总分", form.total.weight, form.total.score])
    if form.grade:
        rows.append(["评分等级", form.grade])
    return rows


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(forms(), st.sampled_from(["terminated", "separated", "padded", "markdown"]), st.booleans())
def test_rendered_forms_read_back(form: Form, style: str, wrap: bool) -> None:
    text = render(form_rows(form, wrap), style)
    results = read_cells(text, filename="gen.txt", first_line=101)
    assert len(results) == 1
    assert form_to_dict(results[0].form) == form_to_dict(form)
    lines = text.splitlines()
    for i, ind in enumerate(form.indicators):
        ref = results[0].sources[f"indicators[{i}].name"]
        assert ref.file == "gen.txt" and ref.line is not None
        assert ind.name[: len(ind.name) // 2] in lines[ref.line - 101]  # where the cell starts


@settings(max_examples=40, deadline=None)
@given(st.lists(forms(), min_size=2, max_size=3))
def test_several_rendered_forms_in_one_text(many: list[Form]) -> None:
    text = "".join(render(form_rows(f), "terminated") for f in many)
    results = read_cells(text)
    assert [form_to_dict(r.form) for r in results] == [form_to_dict(f) for f in many]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(
    st.sampled_from(["|", "||||", " | ", "项目名称", "总分", "合计", "一级指标", "产出指标",
                     "数量指标", "年度资金总额", "项目资金(万元)", "年初预算数", "执行率", "100%",
                     "10", "—", "自评表(2020年度)", "预期目标", "\n", "\t", "≥", "定性",
                     "评分等级", "优"]),
    st.text(max_size=6)), max_size=60))
def test_random_cell_soup_never_raises(parts: list[str]) -> None:
    text = " ".join(parts)
    for result in read_cells(text):
        assert isinstance(result.form, Form)
    assert 0.0 <= sniff_cells(text) <= 1.0


def test_renderer_round_trip_example() -> None:
    form = replace(NATIONAL_EXPECTED, goals=Goals("甲乙", "丙丁"))
    (result,) = read_cells(render(form_rows(form), "separated"))
    assert result.form.indicators == form.indicators


@pytest.mark.parametrize("style", ["terminated", "separated", "padded", "markdown"])
def test_seed_forms_rendered_as_web_tables(style: str, seed_golden: list[dict]) -> None:
    """The four real Shanghai forms of the seed, flattened as a web page would give them."""
    for want in seed_golden:
        form = forms_from_json_value(want)[0]
        (result,) = read_cells(render(form_rows(form, wrap=True), style))
        expected = form_to_dict(form)
        for row in expected["funds"]["rows"]:
            row.pop("label", None)  # standard row captions are not repeated as labels
        assert form_to_dict(result.form) == expected
