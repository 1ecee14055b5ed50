"""A merged caption's spare column (a sheet's `项目资金（万元）` over two columns, printed with an
empty cell after it in the header and in every row it heads) holds no place: the values after
it stay under their captions, in CSV and in tab-ruled text alike. An empty cell under a caption
of its own (an empty 得分, 偏差原因 or funds amount) is a blank value and keeps its place."""

from __future__ import annotations

from typing import Any

from jixiao.core.form_json import form_to_dict
from jixiao.readers.spare_columns import drop_spare_columns
from jixiao.readers.text import read_text

TITLE = ["项目支出绩效自评表", "（2023年度）"]


def _form(lines: list[str], filename: str) -> dict[str, Any]:
    (result,) = read_text("\n".join(lines) + "\n", filename=filename)
    assert result.form is not None
    return form_to_dict(result.form)


def _funds_cells(row: dict[str, Any]) -> tuple[Any, ...]:
    return row["initial"], row["annual"], row["executed"], row["rate"]


SPACED_CSV = [
    "项目支出绩效自评表,,,,,,,,",
    "（2023年度）,,,,,,,,",
    "项目名称,,乡村文化站运行,,,,,,",
    "主管部门,,某县文化和旅游局,,,实施单位,某县文化馆,,",
    "项目资金（万元）,,年初预算数,全年预算数,全年执行数,分值,执行率,得分,",
    '年度资金总额,,"1,200.00","1,250.00","1,180.00",10,94.40%,9.44,',
    '其中：当年财政拨款,,"1,200.00","1,250.00","1,180.00",—,94.40%,—,',
    "年度总体目标,,预期目标,,,实际完成情况,,,",
    ",,保障全县15个文化站正常运行,,,15个文化站全年开放,,,",
    "一级指标,,二级指标,三级指标,年度指标值,实际完成值,分值,得分,偏差原因分析及改进措施",
    "产出指标,,数量指标,开放文化站数,≥15个,15个,20,20,",
    ",,质量指标,设备完好率,≥95%,93%,20,18,设备老化",
    "效益指标,,社会效益指标,群众参与活动人次,≥1万人次,1.2万人次,30,30,",
    "满意度指标,,服务对象满意度指标,群众满意度,≥90%,92%,10,10,",
    "总分,,,,,,100,97.58,",
]


def test_csv_funds_caption_over_two_columns_keeps_amounts_in_place() -> None:
    data = _form(SPACED_CSV, "自评表.csv")
    funds = data["funds"]
    assert [_funds_cells(r) for r in funds["rows"]] == [
        ("1,200.00", "1,250.00", "1,180.00", "94.40%")] * 2
    assert (funds["weight"], funds["rate"], funds["score"]) == ("10", "94.40%", "9.44")
    goals = {"expected": "保障全县15个文化站正常运行", "actual": "15个文化站全年开放"}
    assert data["goals"] == goals
    assert data["indicators"][1]["note"] == "设备老化"
    assert data["total"] == {"weight": "100", "score": "97.58"}


def test_tab_text_funds_caption_over_two_columns() -> None:
    lines = [
        *TITLE,
        "项目名称\t\t乡村文化站运行",
        "项目资金（万元）\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分",
        "年度资金总额\t\t80.00\t96.00\t90.00\t10\t93.75%\t9.38",
        "其中：当年财政拨款\t\t80.00\t96.00\t90.00\t—\t93.75%\t—",
        "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分",
        "产出指标\t数量指标\t慰问人数\t≥200人\t210人\t40\t40",
        "总分\t\t\t\t\t50\t49.38",
    ]
    funds = _form(lines, "自评表.txt")["funds"]
    assert [_funds_cells(r) for r in funds["rows"]] == [("80.00", "96.00", "90.00", "93.75%")] * 2
    assert funds["score"] == "9.38"


def test_tab_text_merged_indicator_captions_over_two_columns() -> None:
    lines = [
        *TITLE,
        "项目名称\t\t乡村文化站运行",
        "一级指标\t\t二级指标\t三级指标\t\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施",
        "产出指标\t\t数量指标\t开放文化站数\t\t≥15个\t15个\t20\t20\t",
        "\t\t质量指标\t设备完好率\t\t≥95%\t93%\t20\t18\t设备老化",
        "效益指标\t\t社会效益指标\t群众参与活动人次\t\t≥1万人次\t1.2万人次\t30\t30\t",
        "总分\t\t\t\t\t\t\t70\t68\t",
    ]
    rows = _form(lines, "自评表.txt")["indicators"]
    assert [(r["level1"], r["level2"], r["name"], r["target"], r["actual"], r["weight"],
             r["score"], r["note"]) for r in rows] == [
        ("产出指标", "数量指标", "开放文化站数", "≥15个", "15个", "20", "20", None),
        ("产出指标", "质量指标", "设备完好率", "≥95%", "93%", "20", "18", "设备老化"),
        ("效益指标", "社会效益指标", "群众参与活动人次", "≥1万人次", "1.2万人次", "30", "30", None),
    ]


def test_two_row_header_with_a_spare_column() -> None:
    lines = [
        "一级指标,,二级指标,三级指标,年度指标值,,,实际完成值,分值,得分",
        ",,,,指标性质,指标值,度量单位,,,",
        "产出指标,,数量指标,开放文化站数,≥,15,个,15个,20,20",
    ]
    assert drop_spare_columns([ln.replace(",", "\t") for ln in lines], _captions) == [
        "一级指标\t二级指标\t三级指标\t年度指标值\t\t\t实际完成值\t分值\t得分",
        "\t\t\t指标性质\t指标值\t度量单位\t\t\t",
        "产出指标\t数量指标\t开放文化站数\t≥\t15\t个\t15个\t20\t20",
    ]


def _captions(text: str) -> bool:
    return text in {"一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
                    "指标性质", "指标值", "度量单位", "偏差原因分析及改进措施"}


def test_a_blank_score_and_a_blank_note_keep_their_columns() -> None:
    lines = [
        *TITLE,
        "项目名称\t乡村文化站运行",
        "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施",
        "产出指标\t数量指标\t开放文化站数\t≥15个\t15个\t20\t\t",
        "效益指标\t社会效益指标\t群众参与活动人次\t≥1万人次\t1.2万人次\t30\t\t",
        "总分\t\t\t\t\t50\t\t",
    ]
    assert drop_spare_columns(lines, _captions) == lines  # under captions: no spare columns
    rows = _form(lines, "自评表.txt")["indicators"]
    assert [(r["actual"], r["weight"], r["score"], r["note"]) for r in rows] == [
        ("15个", "20", None, None), ("1.2万人次", "30", None, None)]


def test_a_blank_funds_column_under_its_caption_keeps_its_place() -> None:
    lines = [
        "项目支出绩效自评表,,,,,,,",
        "项目名称,乡村文化站运行,,,,,,",
        "项目资金（万元）,年初预算数,全年预算数,全年执行数,分值,执行率,得分,",
        "年度资金总额,,96.00,90.00,10,93.75%,9.38,",
        "其中：当年财政拨款,,96.00,90.00,—,93.75%,—,",
        "一级指标,二级指标,三级指标,年度指标值,实际完成值,分值,得分,",
        "产出指标,数量指标,慰问人数,≥200人,210人,40,40,",
        "总分,,,,,50,49.38,",
    ]
    funds = _form(lines, "自评表.csv")["funds"]
    assert [_funds_cells(r) for r in funds["rows"]] == [(None, "96.00", "90.00", "93.75%")] * 2


def test_bordered_table_with_a_spare_column_and_a_rule_line() -> None:
    lines = [
        "项目支出绩效自评表",
        "| 项目名称 | | 乡村文化站运行 | | | | | |",
        "| 项目资金（万元） | | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |",
        "|---|---|---|---|---|---|---|---|",
        "| 年度资金总额 | | 60.00 | 64.00 | 62.00 | 10 | 96.88% | 9.69 |",
        "| 一级指标 | | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |",
        "| 产出指标 | | 数量指标 | 开放文化站数 | ≥15个 | 15个 | 20 | 20 |",
        "| 总分 | | | | | | 30 | 29.69 |",
    ]
    data = _form(lines, "自评表.md")
    assert _funds_cells(data["funds"]["rows"][0]) == ("60.00", "64.00", "62.00", "96.88%")
    assert data["funds"]["score"] == "9.69"
    assert data["total"] == {"weight": "30", "score": "29.69"}
