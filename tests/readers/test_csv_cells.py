"""Forms saved as CSV (a spreadsheet or a budget system's export): read as the tab-ruled cells
they are, `"1,200.00"` one cell, a quoted note over two lines one cell, `""` a quote, UTF-8 with
a BOM or GBK; prose and PDF text printing ASCII commas stay what they were."""

from __future__ import annotations

import csv
import io
import random
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jixiao.core.form_json import form_to_dict
from jixiao.readers.csv_cells import csv_as_tabs, sniff_csv
from jixiao.readers.stream import read_stream
from jixiao.readers.text import read_text
from jixiao.readers.text_norm import join_lines

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import accuracy  # noqa: E402
import accuracy_variants as variants  # noqa: E402

RAW = ROOT / "tests" / "data" / "corpus" / "raw"

SHEET = "\n".join([
    "项目支出绩效自评表,,,,,,,",
    "（2023年度）,,,,,,,",
    "项目名称,乡村文化站运行,,,,,,",
    "主管部门,某县文化和旅游局,,,实施单位,某县文化馆,,",
    "项目资金（万元）,年初预算数,全年预算数,全年执行数,分值,执行率,得分,",
    '年度资金总额,"1,200.00","1,200.00","1,150.00",10,95.83%,9.58,',
    '其中：当年财政拨款,"1,200.00","1,200.00","1,150.00",—,95.83%,—,',
    "年度总体目标,预期目标,,,实际完成情况,,,",
    ",保障全县15个文化站正常运行,,,15个文化站全年开放,,,",
    "一级指标,二级指标,三级指标,年度指标值,实际完成值,分值,得分,偏差原因分析及改进措施",
    "产出指标,数量指标,开放文化站数,≥15个,15个,20,20,",
    ',质量指标,设备完好率,≥95%,93%,20,18,"部分设备老化，\n已列入明年更新计划"',
    "效益指标,社会效益指标,群众参与活动人次,≥1万人次,1.2万人次,30,30,",
    '满意度指标,服务对象满意度指标,群众满意度,≥90%,"""满意""占92%",10,10,',
    "总分,,,,,100,97.58,",
]) + "\n"


def _forms(text: str) -> list[dict[str, object]]:
    return [form_to_dict(r.form) for r in read_text(text) if r.form is not None]


def _as_csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def test_a_sheet_saved_as_csv_reads_cell_by_cell() -> None:
    (form,) = read_text(SHEET, filename="自评表.csv")
    assert form.form is not None
    data = form_to_dict(form.form)
    assert (data["project_name"], data["department"], data["implementing_unit"]) == (
        "乡村文化站运行", "某县文化和旅游局", "某县文化馆")
    funds = data["funds"]
    assert isinstance(funds, dict)
    assert funds["rows"][0]["annual"] == "1,200.00"  # a quoted amount is one cell, as printed
    assert funds["rows"][0]["executed"] == "1,150.00"
    notes = [row["note"] for row in data["indicators"]]  # type: ignore[union-attr]
    assert notes[1] == "部分设备老化，已列入明年更新计划"  # the quoted line break joined
    assert data["indicators"][3]["actual"] == '"满意"占92%'  # type: ignore[index]
    assert data["total"] == {"weight": "100", "score": "97.58"}


def test_line_numbers_stay_the_csv_files() -> None:
    (form,) = read_text(SHEET, filename="自评表.csv")
    assert form.sources["indicators[1].note"].line == 12
    assert form.sources["total.score"].line == 16  # after the note's second line
    assert csv_as_tabs(SHEET).count("\n") == SHEET.count("\n")


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gbk"])
def test_a_csv_file_in_bom_utf8_or_gbk_reads_through_the_stream(encoding: str) -> None:
    data = SHEET.replace("≥", ">=").encode(encoding)  # GBK has no ≥
    (form,) = list(read_stream(io.BytesIO(data), "自评表.csv"))
    assert form.form is not None and form.form.project_name == "乡村文化站运行"
    assert form.form.total is not None and str(form.form.total.score) == "97.58"


def _tab_text(name: str) -> str:
    body, _ = accuracy.split_header((RAW / name).read_text(encoding="utf-8"))
    return variants.tabs(body, random.Random(0))


#: Corpus texts ruled by pipes: as tab text they are a spreadsheet's cells.
RULED = ["002.txt", "003.txt", "006.txt", "007.txt", "012.txt", "013.txt", "017.txt"]


@pytest.mark.parametrize("name", RULED)
def test_a_corpus_form_as_csv_reads_as_its_tab_text(name: str) -> None:
    tabbed = _tab_text(name)
    as_csv = _as_csv([line.split("\t") for line in tabbed.split("\n")])
    assert sniff_csv(as_csv)
    assert _forms(as_csv) == _forms(tabbed)


@pytest.mark.parametrize("name", sorted(p.name for p in RAW.glob("*.txt")))
def test_corpus_text_with_ascii_commas_is_not_csv(name: str) -> None:
    body, _ = accuracy.split_header((RAW / name).read_text(encoding="utf-8"))
    for text in (body, variants.wrap18(body, random.Random(0))):
        assert not sniff_csv(text)


def test_prose_and_pdf_text_with_ascii_commas_are_not_csv() -> None:
    prose = "\n".join([
        "项目名称 乡村文化站运行",
        "年度资金总额 1,200.00 1,200.00 1,150.00 10 95.83% 9.58",
        "其中:财政拨款 1,200.00 1,200.00 1,150.00",
        "保障全县15个文化站正常运行,全年开放,群众满意度达到90%以上。",
        "严格执行相关政策,保障工资及时、足额发放,预算编制科学合理。",
        "部分设备老化,已列入明年更新计划,下一步将加强管理。",
    ])
    assert not sniff_csv(prose)
    assert _forms(prose) == [form_to_dict(r.form) for r in read_text(prose) if r.form]


def test_tab_and_pipe_ruled_text_is_read_as_it_is() -> None:
    piped = "项目名称 | 乡村文化站运行 |\n主管部门 | 某县文化局, 文化馆 |\n金额 | 1,200.00 | , |\n"
    tabbed = piped.replace(" | ", "\t").replace(" |", "\t")
    assert not sniff_csv(piped) and not sniff_csv(tabbed)


_CELL = st.text(st.sampled_from("项目名称资金万元,.\"%≥ 1209"), max_size=8).map(str.strip)


@given(st.lists(st.lists(_CELL, min_size=1, max_size=6), min_size=1, max_size=12))
def test_tab_text_to_csv_and_back_is_the_tab_text(grid: list[list[str]]) -> None:
    tabbed = "\n".join("\t".join(row) for row in grid)
    assert csv_as_tabs(_as_csv(grid)) == tabbed + "\n"


@given(st.lists(st.text(st.sampled_from("指标值说明\n\t 12,\""), max_size=10), min_size=2,
                max_size=5))
def test_a_cell_with_line_breaks_or_tabs_stays_one_cell_on_its_row(cells: list[str]) -> None:
    back = csv_as_tabs(_as_csv([cells, ["总分", "100"]]))
    first, *rest = back.split("\n")
    assert first.split("\t") == [join_lines(c.replace("\t", " ").splitlines())
                                 if "\n" in c or "\r" in c else c.replace("\t", " ")
                                 for c in cells]
    assert rest[-2:] == ["总分\t100", ""]
