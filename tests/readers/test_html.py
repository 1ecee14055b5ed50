"""The HTML reader: form tables on disclosure pages (charsets, site chrome, spans, `<br>`)."""

from __future__ import annotations

import html
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.core.form_json import form_from_dict, form_to_dict
from jixiao.readers.base import UnreadableInput
from jixiao.readers.dispatch import read_bytes
from jixiao.readers.grid import Cell
from jixiao.readers.html import decode_html, read_html, sniff_html
from jixiao.readers.vocabulary import LEVEL1_NAMES, LEVEL2_NAMES
from jixiao.writers.html import render_html
from tests.readers.test_grid_form import (
    Grid,
    all_forms,
    label,
    official_grid,
    seed_forms,
    sichuan_grid,
)

FORMS = all_forms()
IDS = [name for name, _ in FORMS]


def table_html(cells: list[Cell] | Grid, *, attrs: str = ' border="1"') -> str:
    """A `<table>` of the cells: rowspan/colspan, `<br>` for line breaks, `&nbsp;` for blanks."""
    cells = cells.cells if isinstance(cells, Grid) else cells
    rows: dict[int, list[Cell]] = {}
    for cell in cells:
        rows.setdefault(cell.row, []).append(cell)
    out = [f"<table{attrs}>\n<tbody>"]
    for r in range(max(rows) + 1 if rows else 0):
        out.append("  <tr>")
        for cell in sorted(rows.get(r, []), key=lambda c: c.col):
            span = (f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else "") + \
                   (f' colspan="{cell.colspan}"' if cell.colspan > 1 else "")
            text = "<br>\n      ".join(html.escape(line) for line in cell.text.split("\n"))
            out.append(f"    <td{span}><p style='text-align:center'>{text or '&nbsp;'}</p></td>")
        out.append("  </tr>")
    out.append("</tbody>\n</table>")
    return "\n".join(out)


CHROME_HEAD = """<!DOCTYPE html>
<html><head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>关于2024年度项目支出绩效自评结果的公示 - 某某区人民政府</title>
<script>var nav = "<table><tr><td>项目名称</td></tr></table>";</script>
<style>td {{ border: 1px solid; }}</style>
</head><body>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li>
<li>财政预决算</li></ul></div>
<table class="layout" width="100%"><tr><td class="side">
  <table><tr><td><a href="#">2023年度项目支出绩效自评表</a></td></tr>
         <tr><td>通知公告</td></tr></table>
</td><td class="main">
<h2>关于公开2024年度项目支出绩效自评结果的说明</h2>
<p>发布时间：2025-03-01&nbsp;&nbsp;来源：区财政局</p>
"""
CHROME_TAIL = """
<p>附件：<a href="x.pdf">自评报告.pdf</a></p>
</td></tr></table>
<table class="footer"><tr><td>主办单位：某某区人民政府办公室 版权所有</td></tr>
<tr><td>网站标识码 1234567890 备案号：沪ICP备00000000号</td></tr></table>
</body></html>"""


def chrome_page(forms: list[dict[str, Any]], charset: str = "utf-8", **kw: Any) -> str:
    """Forms on a government page: navigation, a layout table, titles in headings, a footer."""
    parts = [CHROME_HEAD.format(charset=charset)]
    for form in forms:
        parts.append(f"<h1 align=center>{'财政项目支出绩效自评表'}</h1>")
        if form.get("year") is not None:
            parts.append(f"<p align=center>（{form['year']}年度）</p>")
        parts.append(table_html(official_grid(form, title=False, **kw)))
    parts.append(CHROME_TAIL)
    return "\n".join(parts)


def canonical(results: list) -> list[dict[str, Any]]:
    return [form_to_dict(r.form) for r in results]


@pytest.mark.parametrize(("name", "form"), FORMS, ids=IDS)
def test_every_form_reads_back_from_a_plain_table(name: str, form: dict) -> None:
    results = read_html(table_html(official_grid(form)).encode(), filename="f.html")
    assert canonical(results) == [form]
    assert results[0].findings == ()


@pytest.mark.parametrize(("name", "form"), FORMS, ids=IDS)
def test_every_form_reads_back_from_a_gbk_page_with_site_chrome(name: str, form: dict) -> None:
    page = chrome_page([form], charset="gb2312").encode("gb18030")
    results = read_html(page, filename="page.htm")
    assert canonical(results) == [form]
    assert results[0].findings == ()


def test_all_forms_on_one_page_in_order_with_their_years() -> None:
    forms = [form for _, form in FORMS]
    results = read_html(chrome_page(forms).encode(), filename="p.html")
    assert canonical(results) == forms
    src = results[1].sources["indicators[0].name"]
    assert src.file == "p.html" and src.cell.startswith("表")


def test_repeated_levels_layout() -> None:
    form = seed_forms()[1]
    page = chrome_page([form], merged=False).encode()
    assert canonical(read_html(page)) == [form]


def test_sichuan_layout_page() -> None:
    form = label("002")
    split = {"发放(缴纳)覆盖率": ("=", "100", "%"), "足额保障率(参保率)": ("=", "100", "%")}
    page = f"<html><body><p>四川省青神县</p>{table_html(sichuan_grid(form, split))}</body></html>"
    results = read_html(page.encode())
    assert canonical(results) == [form]


def test_form_split_over_several_tables() -> None:
    form = seed_forms()[0]
    grid = official_grid(form)
    header = next(c.row for c in grid.cells if c.text == "三级指标")
    goals = next(c.row for c in grid.cells if c.text == "预期目标")
    parts = [[c for c in grid.cells if c.row < goals],
             [c for c in grid.cells if goals <= c.row < header],
             [c for c in grid.cells if c.row >= header]]
    page = "".join(table_html([Cell(c.text, c.row - min(x.row for x in part), c.col, c.rowspan,
                                    c.colspan) for c in part]) + "<p>&nbsp;</p>"
                   for part in parts)
    assert canonical(read_html(page.encode())) == [form]


def test_charset_declared_detected_or_bom() -> None:
    form = seed_forms()[3]
    body = table_html(official_grid(form))
    undeclared = f"<html><body>{body}</body></html>".encode("gb18030")
    assert canonical(read_html(undeclared)) == [form]
    meta5 = f'<html><head><meta charset="GBK"></head><body>{body}</body></html>'
    assert canonical(read_html(meta5.encode("gbk"))) == [form]
    bom = b"\xef\xbb\xbf" + f"<html><body>{body}</body></html>".encode()
    assert canonical(read_html(bom)) == [form]
    wrong = f'<html><head><meta charset="utf-8"></head><body>{body}</body></html>'
    assert canonical(read_html(wrong.encode("gb18030"))) == [form]
    assert decode_html("<p>中文</p>".encode("gb18030")) == "<p>中文</p>"


def test_sloppy_markup_th_missing_end_tags_and_entities() -> None:
    form = seed_forms()[3]
    grid = official_grid(form)
    page = table_html(grid).replace("</td>", "").replace("</tr>", "").replace(
        "<td", "<TD").replace("项目名称", "项目&nbsp;名称").replace("<p style='text-align:center'>",
                                                             "<span>").replace("</p>", "</span>")
    page = page.replace("<TD><span>一级", "<th><span>一级")
    assert canonical(read_html(page.encode())) == [form]


def test_table_caption_carries_the_title() -> None:
    form = seed_forms()[3]
    body = table_html(official_grid(form, title=False)).replace(
        "<tbody>", f"<caption>财政项目支出绩效自评表（{form['year']}年度）</caption><tbody>", 1)
    assert canonical(read_html(body.encode())) == [form]


def test_page_without_a_form() -> None:
    page = CHROME_HEAD.format(charset="utf-8") + "<p>暂无内容</p>" + CHROME_TAIL
    assert read_html(page.encode()) == []
    with pytest.raises(UnreadableInput, match="未找到绩效自评表"):
        read_bytes(page.encode(), "empty.html")
    with pytest.raises(UnreadableInput, match="为空"):
        read_html(b"  ")


def test_truncated_page_gives_findings() -> None:
    form = seed_forms()[2]
    page = table_html(official_grid(form))
    cut = page[: len(page) // 2]  # the download stopped mid-table
    results = read_html(cut.encode())
    assert len(results) == 1
    assert "JX004" in {f.code for f in results[0].findings}


def test_dispatch_reads_html_by_content() -> None:
    form = seed_forms()[0]
    results = read_bytes(chrome_page([form]).encode(), "download.txt")
    assert canonical(results) == [form]
    assert sniff_html(b"<TABLE><tr><td>x</td></tr></TABLE>")
    assert not sniff_html("项目名称 | 春节走访慰问经费 |".encode())


@pytest.mark.parametrize(("name", "form"), FORMS, ids=IDS)
def test_reads_exactly_what_the_html_writer_writes(name: str, form: dict) -> None:
    page = render_html([form_from_dict(form)]).encode()
    results = read_html(page, filename="w.html")
    assert canonical(results) == [form]
    assert results[0].findings == ()


def test_reads_a_multi_form_page_of_the_html_writer() -> None:
    forms = [form for _, form in FORMS]
    page = render_html([form_from_dict(f) for f in forms]).encode()
    assert canonical(read_html(page)) == forms


# ---------------------------------------------------------------- property: any well-formed form

CJK = "甲乙丙丁戊己庚辛壬癸山水木火土春夏秋冬东南西北左右天地和平安康乐"
WORD = st.text(alphabet=CJK + "、，。（）", min_size=1, max_size=30)
TEXT = st.lists(st.one_of(WORD, st.sampled_from(["A1", "B级", "3D", "5G"])), min_size=1,
                max_size=4).map("".join)
AMOUNT = st.one_of(st.from_regex(r"\A(0|[1-9][0-9]{0,5})(\.[0-9]{2})?\Z"),
                   st.from_regex(r"\A(0|[1-9][0-9]{0,2})\.[0-9]{2}%\Z"))
NUMBER = st.one_of(st.sampled_from(["-", "—", "/"]), AMOUNT)
MAYBE_NUMBER = st.one_of(st.none(), NUMBER)
MAYBE_TEXT = st.one_of(st.none(), TEXT)
LEVEL1 = st.one_of(st.sampled_from(LEVEL1_NAMES), WORD.map(lambda w: w[:6] + "类"))
LEVEL2 = st.one_of(st.sampled_from(LEVEL2_NAMES), WORD.map(lambda w: w[:6] + "项"))


@st.composite
def funds_rows(draw: st.DrawFn) -> list[dict[str, Any]]:
    sources = draw(st.lists(st.sampled_from(["fiscal", "carryover", "other", "special_account",
                                             "unit_funds"]), max_size=4, unique=True))
    if draw(st.booleans()):
        sources = ["total", *sources]
    rows = []
    for source in sources:
        # a row printing only blank marks prints no amount and is not read (parts.funds)
        amounts = draw(st.tuples(MAYBE_NUMBER, MAYBE_NUMBER, AMOUNT))
        initial, annual, executed = draw(st.permutations(amounts))
        rows.append({"source": source, "initial": initial, "annual": annual,
                     "executed": executed, "rate": draw(MAYBE_NUMBER)})
    return rows


@st.composite
def forms(draw: st.DrawFn) -> dict[str, Any]:
    rows = draw(funds_rows())
    total = rows[0] if rows and rows[0]["source"] == "total" else None
    indicators = [
        {"level1": draw(LEVEL1), "level2": draw(LEVEL2), "name": draw(TEXT),
         "target": draw(st.one_of(MAYBE_TEXT, MAYBE_NUMBER)),
         "actual": draw(st.one_of(MAYBE_TEXT, MAYBE_NUMBER)), "weight": draw(MAYBE_NUMBER),
         "score": draw(MAYBE_NUMBER), "note": draw(MAYBE_TEXT)}
        for _ in range(draw(st.integers(0, 12)))]
    return {
        "schema_version": "1", "kind": "project",
        "year": draw(st.one_of(st.none(), st.integers(2015, 2030))),
        "project_name": draw(TEXT), "department": draw(MAYBE_TEXT),
        "implementing_unit": draw(MAYBE_TEXT),
        "funds": {"unit": draw(st.sampled_from([None, "万元", "元"])),
                  "weight": draw(MAYBE_NUMBER) if total else None,
                  "rate": total["rate"] if total else None,
                  "score": draw(MAYBE_NUMBER) if total else None, "rows": rows},
        "goals": {"expected": draw(MAYBE_TEXT), "actual": draw(MAYBE_TEXT)},
        "indicators": indicators,
        "total": {"weight": draw(MAYBE_NUMBER), "score": draw(MAYBE_NUMBER)},
        "grade": draw(st.sampled_from([None, "优", "良", "中", "差"])),
    }


@settings(max_examples=150, deadline=None)
@given(forms(), st.booleans(), st.booleans())
def test_any_well_formed_form_round_trips(form: dict, merged: bool, chrome: bool) -> None:
    if chrome:
        page = chrome_page([form], merged=merged)
    else:
        page = table_html(official_grid(form, merged=merged))
    results = read_html(page.encode())
    assert [json.loads(json.dumps(d)) for d in canonical(results)] == [form]


def test_page_printing_the_form_without_tables_goes_to_the_text_readers() -> None:
    form = seed_forms()[3]
    cells = sorted(official_grid(form).cells, key=lambda c: (c.row, c.col))
    body = "\n".join(f"<div class='cell'>{html.escape(c.text.replace(chr(10), ''))}</div>"
                     for c in cells if c.text)
    page = f"<html><body><div class='form'>{body}</div></body></html>".encode()
    assert read_html(page) == []
    results = read_bytes(page, "divs.html")
    assert results[0].form.project_name == form["project_name"]
    assert len(results[0].form.indicators) == len(form["indicators"])
