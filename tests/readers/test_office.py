"""Old and open office formats: .xls/.et and .ods (calamine), .doc/.wps, .odt and .rtf
(LibreOffice → .docx), each made by LibreOffice from the seed and the labelled corpus forms and
read back field for field; sniffed by content, never by extension; refused with one clear line.
"""

from __future__ import annotations

import base64
import html
import io
import json
import quopri
import re
import struct
import subprocess
import sys
import zipfile
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import openpyxl
import pytest

from jixiao.cli import main
from jixiao.core.form_json import form_from_dict, form_to_dict
from jixiao.readers import office_convert
from jixiao.readers.base import UnreadableInput
from jixiao.readers.biff import ERROR_TEXTS, scan_formats
from jixiao.readers.calamine import SheetFormat, read_spreadsheet
from jixiao.readers.dispatch import read_bytes
from jixiao.readers.grid import Cell
from jixiao.readers.limits import ReadLimits
from jixiao.readers.odf import cell_text
from jixiao.readers.ole import OleKind, ole_kind, ole_stream
from jixiao.readers.xlsb import xlsb_sheets
from jixiao.readers.xlsx import read_xlsx
from jixiao.writers.docx_report import render_report
from jixiao.writers.html import render_html
from jixiao.writers.xlsx import render_xlsx
from tests.libreoffice import convert, require_soffice
from tests.readers.test_docx import docx_bytes
from tests.readers.test_grid_form import all_forms, official_grid, seed_forms, stored_number
from tests.readers.test_xlsx import fill_sheet, workbook_bytes
from tests.writers.support import report_item
from tests.writers.test_readback import comparable

DATA = Path(__file__).parent.parent / "data"
FORMS = all_forms()  # the seed's four forms and the labelled corpus forms, canonical JSON
IDS = [name for name, _ in FORMS]
SHEETS = ("xls", "ods")
DOCUMENTS = ("doc", "odt")


def canonical(results: list) -> list[dict[str, Any]]:
    return [form_to_dict(r.form) for r in results]


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every file LibreOffice makes for these tests, by name (`seed-0.xls`, `report.odt`, …).

    Sources: one workbook and one Word file per form (official layout, numbers stored as
    numbers with their printed decimals as the number format), jixiao's own XLSX and DOCX
    report of all forms, and a workbook whose total is a formula.
    """
    require_soffice()
    folder = tmp_path_factory.mktemp("libreoffice")
    workbooks, documents = [], []
    for name, form in FORMS:
        workbooks.append(folder / f"{name}.xlsx")
        workbooks[-1].write_bytes(workbook_bytes(("自评表", official_grid(form))))
        documents.append(folder / f"{name}.docx")
        documents[-1].write_bytes(docx_bytes([form]))
    writer_forms = [form_from_dict(form) for _, form in FORMS]
    workbooks.append(folder / "writer.xlsx")
    workbooks[-1].write_bytes(render_xlsx(writer_forms))
    workbooks.append(folder / "formula.xlsx")
    workbooks[-1].write_bytes(_formula_workbook(seed_forms()[0]))
    workbooks.append(folder / "error.xlsx")  # a rate computed as =1/0
    workbooks[-1].write_bytes(_error_workbook(seed_forms()[0]))
    workbooks.append(folder / "far.xlsx")  # a few bytes, one value at the sheet's far corner
    far = openpyxl.Workbook()
    far.active["A1"], far.active["IV65536"] = "项目名称", 1
    far.save(workbooks[-1])
    workbooks.append(folder / "offset.xlsx")  # the form starts at C4, not A1
    workbooks[-1].write_bytes(_offset_workbook(seed_forms()[1]))
    documents.append(folder / "report.docx")
    documents[-1].write_bytes(render_report([report_item(f) for f in writer_forms]))
    out = folder / "out"
    out.mkdir()
    files: dict[str, Path] = {}
    for target in SHEETS:
        files.update({p.name: p for p in convert(workbooks, target, out)})
    for target in DOCUMENTS:
        files.update({p.name: p for p in convert(documents, target, out)})
    files.update({p.name: p for p in convert(documents[:1], "rtf", out)})
    recalculated = out / "xlsx"
    recalculated.mkdir()
    files.update({f"lo-{p.name}": p for p in convert([folder / "error.xlsx"], "xlsx",
                                                     recalculated)})
    return files


def _formula_workbook(form: dict[str, Any]) -> bytes:
    """The form with its total score as a formula: `=SUM(indicator scores)+execution score`,
    number format `0.00` (LibreOffice computes it and stores the result)."""
    grid = official_grid(form)
    at = {(c.row, c.col): c.text for c in grid.cells}
    total_row = next(r for (r, c), text in at.items() if text == "总分")
    score_col = max(c for (r, c), text in at.items()
                    if r == total_row and text == form["total"]["score"])
    header_row = next(r for (r, c), text in at.items() if text.startswith("一级"))
    funds_row = next(r for (r, c), text in at.items() if text == "年度资金总额")
    funds_col = max(c for (r, c), text in at.items() if r == funds_row and text)
    letter = "ABCDEFGH"
    wb = openpyxl.Workbook()
    fill_sheet(wb.active, grid)
    cell = wb.active[f"{letter[score_col]}{total_row + 1}"]
    cell.value = (f"=SUM({letter[score_col]}{header_row + 2}:{letter[score_col]}{total_row})"
                  f"+{letter[funds_col]}{funds_row + 1}")
    cell.number_format = "0.00"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _error_workbook(form: dict[str, Any]) -> bytes:
    """The form with the 上年结转资金 row's 执行率 as `=1/0`, which displays `#DIV/0!`."""
    grid = official_grid(form)
    at = {(c.row, c.col): c.text for c in grid.cells}
    row = next(r for (r, c), text in at.items() if text == "上年结转资金")
    col = next(c for (r, c), text in at.items() if text.startswith("执行率"))
    wb = openpyxl.Workbook()
    wb.active.title = "自评表"
    fill_sheet(wb.active, grid)
    wb.active.cell(row + 1, col + 1).value = "=1/0"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _offset_workbook(form: dict[str, Any]) -> bytes:
    wb = openpyxl.Workbook()
    wb.active.title = "自评表"
    fill_sheet(wb.active, [replace(c, col=c.col + 2) for c in official_grid(form).cells], top=3)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# ---------------------------------------------------------------- read back field for field


@pytest.mark.parametrize("target", SHEETS)
@pytest.mark.parametrize(("name", "form"), FORMS, ids=IDS)
def test_spreadsheet_saved_by_libreoffice_reads_back(made: dict[str, Path], name: str,
                                                     form: dict, target: str) -> None:
    path = made[f"{name}.{target}"]
    results = read_bytes(path.read_bytes(), path.name)
    assert canonical(results) == [form]
    assert results[0].findings == ()
    assert results[0].sources["project_name"].cell.startswith("自评表!")


@pytest.mark.parametrize("target", DOCUMENTS)
@pytest.mark.parametrize(("name", "form"), FORMS, ids=IDS)
def test_document_saved_by_libreoffice_reads_back(made: dict[str, Path], name: str,
                                                  form: dict, target: str) -> None:
    path = made[f"{name}.{target}"]
    results = read_bytes(path.read_bytes(), path.name)
    assert canonical(results) == [form]
    assert results[0].findings == ()


@pytest.mark.parametrize("target", SHEETS)
def test_jixiao_xlsx_saved_by_libreoffice_reads_back(made: dict[str, Path], target: str) -> None:
    results = read_bytes(made[f"writer.{target}"].read_bytes(), f"writer.{target}")
    assert [comparable(r.form) for r in results] == \
        [comparable(form_from_dict(f)) for _, f in FORMS]


@pytest.mark.parametrize("target", DOCUMENTS)
def test_jixiao_report_saved_by_libreoffice_reads_back(made: dict[str, Path],
                                                       target: str) -> None:
    results = read_bytes(made[f"report.{target}"].read_bytes(), f"report.{target}")
    assert [comparable(r.form) for r in results] == \
        [comparable(form_from_dict(f)) for _, f in FORMS]


def test_numbers_print_as_their_format_says(made: dict[str, Path]) -> None:
    """`7.2` stored under `0.00` reads `7.20`: from the BIFF formats (.xls), from the text the
    suite displayed (.ods); calamine alone gives the bare value."""
    data = made["seed-0.xls"].read_bytes()
    formats = scan_formats(ole_stream(data, "seed-0.xls", "Workbook") or b"")
    assert not formats.encrypted and "0.00" in formats.sheets["自评表"].values()
    for target in SHEETS:
        path = made[f"seed-0.{target}"]
        result = read_bytes(path.read_bytes(), path.name)[0]
        assert result.form.funds.rows[0].initial == "7.20"
        ref = result.sources["funds.rows[0].initial"].cell
        assert ref is not None and ref.startswith("自评表!")


@pytest.mark.parametrize("target", SHEETS)
def test_a_form_away_from_a1_keeps_its_cells_and_refs(made: dict[str, Path], target: str) -> None:
    result = read_bytes(made[f"offset.{target}"].read_bytes(), f"offset.{target}")[0]
    assert form_to_dict(result.form) == seed_forms()[1]
    assert result.sources["project_name"].cell == "自评表!D6"


@pytest.mark.parametrize("target", SHEETS)
def test_formula_reads_as_its_cached_result(made: dict[str, Path], target: str) -> None:
    path = made[f"formula.{target}"]
    assert canonical(read_bytes(path.read_bytes(), path.name)) == [seed_forms()[0]]


def test_error_values_read_as_excel_displays_them_in_every_format(made: dict[str, Path]) -> None:
    """calamine reads an error cell of .xls as empty: the BIFF record gives `#DIV/0!`, as the
    .xlsx that LibreOffice saved from the same workbook shows it."""
    expected = seed_forms()[0]
    expected["funds"]["rows"][2]["rate"] = "#DIV/0!"
    lo_xlsx = made["lo-error.xlsx"].read_bytes()
    assert canonical(read_xlsx(lo_xlsx, filename="error.xlsx")) == [expected]
    for target in SHEETS:
        assert canonical(read_bytes(made[f"error.{target}"].read_bytes(), "e")) == [expected]


def test_rtf_and_wps_et_names_read_by_content(made: dict[str, Path]) -> None:
    name, form = FORMS[0]
    rtf = made[f"{name}.rtf"].read_bytes()
    assert rtf.startswith(b"{\\rtf")
    assert canonical(read_bytes(rtf, "自评表.doc")) == [form]  # a .doc that is RTF inside
    wps = made[f"{name}.doc"].read_bytes()
    assert canonical(read_bytes(wps, "自评表.wps")) == [form]  # WPS 文字 saves Word binary
    et = made[f"{name}.xls"].read_bytes()
    assert ole_kind(et, "自评表.et") is OleKind.WORKBOOK
    assert canonical(read_bytes(et, "自评表.et")) == [form]  # WPS 表格 saves BIFF8


# ---------------------------------------------------------------- Excel/Word 2003 XML

#: How Excel 2003 names some number formats in SpreadsheetML.
_NAMED = {"0.00": "Fixed", "0.00%": "Percent"}


def spreadsheetml(grid: Any, encoding: str = "utf-8") -> bytes:
    """The form as Excel 2003 saves "XML 表格": numbers as numbers with a style holding their
    format, `ss:Index` only where cells or rows are skipped, merged ranges by
    `ss:MergeAcross`/`ss:MergeDown` with the covered cells left out."""
    styles: dict[str, str] = {}
    rows: dict[int, list[str]] = {}
    last_col: dict[int, int] = {}
    for cell in sorted(grid.cells, key=lambda c: (c.row, c.col)):
        attrs = ""
        if cell.col != last_col.get(cell.row, -1) + 1:
            attrs += f' ss:Index="{cell.col + 1}"'
        if cell.colspan > 1:
            attrs += f' ss:MergeAcross="{cell.colspan - 1}"'
        if cell.rowspan > 1:
            attrs += f' ss:MergeDown="{cell.rowspan - 1}"'
        stored = stored_number(cell.text)
        if stored is not None:
            value, fmt = stored
            style = styles.setdefault(fmt, f"s{len(styles) + 62}")
            data = f'<Data ss:Type="Number">{value}</Data>'
            attrs += f' ss:StyleID="{style}"'
        elif cell.text:
            text = html.escape(cell.text).replace("\n", "&#10;")
            data = f'<Data ss:Type="String">{text}</Data>'
        else:
            data = ""
        rows.setdefault(cell.row, []).append(f"<Cell{attrs}>{data}</Cell>")
        last_col[cell.row] = cell.col + cell.colspan - 1
    style_xml = "".join(f'<Style ss:ID="{sid}"><NumberFormat ss:Format="{_NAMED.get(f, f)}"/>'
                        "</Style>" for f, sid in styles.items())
    row_xml, previous = [], -1
    for r in sorted(rows):
        index = f' ss:Index="{r + 1}"' if r != previous + 1 else ""
        row_xml.append(f"<Row{index}>{''.join(rows[r])}</Row>")
        previous = r
    xml = (f'<?xml version="1.0" encoding="{encoding}"?>\n'
           '<?mso-application progid="Excel.Sheet"?>\n'
           '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
           'xmlns:o="urn:schemas-microsoft-com:office:office" '
           'xmlns:x="urn:schemas-microsoft-com:office:excel" '
           'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet" '
           'xmlns:html="http://www.w3.org/TR/REC-html40">\n'
           f'<Styles><Style ss:ID="Default" ss:Name="Normal"/>{style_xml}</Styles>\n'
           f'<Worksheet ss:Name="自评表"><Table>{"".join(row_xml)}</Table></Worksheet>\n'
           "</Workbook>\n")
    return xml.encode(encoding)


@pytest.mark.parametrize(("name", "form"), FORMS, ids=IDS)
def test_excel_2003_xml_named_xls_reads_back(name: str, form: dict) -> None:
    data = spreadsheetml(official_grid(form))
    results = read_bytes(data, "自评表.xls")
    assert canonical(results) == [form]
    assert results[0].findings == ()
    assert results[0].sources["project_name"].cell == "自评表!B3"


def test_excel_2003_xml_in_gbk_with_formats_named_and_inherited() -> None:
    form = seed_forms()[2]
    data = spreadsheetml(official_grid(form), encoding="gb2312")
    assert canonical(read_bytes(data, "gbk.xls")) == [form]
    fixed = re.search(rb'<Style ss:ID="(s\d+)"><NumberFormat ss:Format="Fixed"/></Style>', data)
    assert fixed is not None
    inherited = data.replace(fixed.group(0), b'<Style ss:ID="base"><NumberFormat '
                             b'ss:Format="Fixed"/></Style><Style ss:ID="' + fixed.group(1) +
                             b'" ss:Parent="base"/>')
    assert canonical(read_bytes(inherited, "inherited.xls")) == [form]
    orphan = data.replace(fixed.group(0), b"")  # no style: General, `75.00` reads `75`
    assert form["funds"]["rows"][0]["initial"] == "75.00"
    assert read_bytes(orphan, "orphan.xls")[0].form.funds.rows[0].initial == "75"
    with pytest.raises(UnreadableInput, match=r"^bad\.xls: Excel 2003 XML 工作簿已损坏"):
        read_bytes(data[:len(data) // 2], "bad.xls")


# ---------------------------------------------------------------- sniffed by content


def test_xls_that_is_html_or_xlsx_inside_is_read_as_what_it_is() -> None:
    form = seed_forms()[1]
    page = render_html([form_from_dict(form)]).encode("utf-8")
    assert comparable(read_bytes(page, "自评表.xls")[0].form) == \
        comparable(form_from_dict(form))
    xlsx = workbook_bytes(("Sheet1", official_grid(form)))
    assert canonical(read_bytes(xlsx, "自评表.xls")) == [form]


def mht(page: str, charset: str, encoding: str) -> bytes:
    """A page saved as Word/Excel "单个文件网页": MIME headers, a note for mail readers, the
    page as the first part (`quoted-printable` or `base64`, charset in the part's header)."""
    body = page.encode("gb18030" if charset == "gb2312" else charset)
    encoded = quopri.encodestring(body) if encoding == "quoted-printable" else \
        base64.encodebytes(body)
    boundary = "----=_NextPart_01DA1234.56789ABC"
    return (f"MIME-Version: 1.0\r\nX-Document-Type: Workbook\r\n"
            f'Content-Type: multipart/related; boundary="{boundary}"\r\n\r\n'
            "此文档为“单个文件网页”，也称为“Web 档案”文件。\r\n\r\n"
            f"--{boundary}\r\nContent-Location: file:///C:/D3A1/form.htm\r\n"
            f"Content-Transfer-Encoding: {encoding}\r\n"
            f'Content-Type: text/html; charset="{charset}"\r\n\r\n').encode("gb18030") + \
        encoded + f"\r\n--{boundary}--\r\n".encode("ascii")


@pytest.mark.parametrize(("charset", "encoding", "name"), [
    ("gb2312", "quoted-printable", "自评表.doc"),
    ("utf-8", "base64", "自评表.xls"),
])
def test_single_file_web_page_named_doc_or_xls_is_read_as_its_page(charset: str, encoding: str,
                                                                     name: str) -> None:
    form = seed_forms()[3]
    page = render_html([form_from_dict(form)]).replace('<meta charset="utf-8">', "")
    data = mht(page, charset, encoding)
    assert "项目名称".encode() not in data and "项目名称".encode("gbk") not in data
    results = read_bytes(data, name)
    assert [comparable(r.form) for r in results] == [comparable(form_from_dict(form))]
    with pytest.raises(UnreadableInput, match=r"^空\.doc: 是单个文件网页（MHT），但其中没有网页"):
        read_bytes(data.replace(b"text/html", b"text/plain"), "空.doc")


def test_zip_packages_are_told_apart_by_their_members() -> None:
    package = io.BytesIO()
    with zipfile.ZipFile(package, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.bin", b"\x83\x01\x00")
    with pytest.raises(UnreadableInput, match=r"x\.bin: Excel 二进制工作簿（\.xlsb）已损坏"):
        read_bytes(package.getvalue(), "x.bin")
    odf = io.BytesIO()
    with zipfile.ZipFile(odf, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<office:document-content xmlns:office="
                   "'urn:oasis:names:tc:opendocument:xmlns:office:1.0'/>")
    with pytest.raises(UnreadableInput, match=r"工作簿是空的|已损坏"):
        read_bytes(odf.getvalue(), "empty.xls")


# ---------------------------------------------------------------- refused with one clear line


@pytest.mark.parametrize(("fixture", "message"), [
    ("encrypted.xls", "Excel 工作簿已加密"),
    ("encrypted.doc", "Word 文档已加密"),
    ("encrypted.ods", "OpenDocument 文件已加密"),
    ("encrypted.odt", "OpenDocument 文件已加密"),
])
def test_password_protected_files_are_refused_clearly(fixture: str, message: str) -> None:
    data = (DATA / "office" / fixture).read_bytes()
    with pytest.raises(UnreadableInput, match=rf"^报表\.{fixture[-3:]}: {message}（设有打开密码）"):
        read_bytes(data, f"报表.{fixture[-3:]}")


def test_password_protected_xlsx_or_docx_is_refused_clearly() -> None:
    """Excel and Word put a password-protected .xlsx/.docx in an OLE2 file whose streams are
    EncryptionInfo and EncryptedPackage: a stream renamed so in a real OLE2 file stands in."""
    data = bytearray((DATA / "office" / "encrypted.xls").read_bytes())
    at = data.find("Workbook".encode("utf-16-le"))
    name = "EncryptedPackage".encode("utf-16-le") + b"\0\0"
    data[at:at + 64] = name.ljust(64, b"\0")  # a directory entry: name, then its byte length
    struct.pack_into("<H", data, at + 64, len(name))
    assert ole_kind(bytes(data), "x") is OleKind.ENCRYPTED_PACKAGE
    with pytest.raises(UnreadableInput, match=r"^表\.xlsx: Office 文件已加密（设有打开密码）"):
        read_bytes(bytes(data), "表.xlsx")


def test_corrupt_doc_and_xls_are_refused_clearly(made: dict[str, Path]) -> None:
    doc = made[f"{FORMS[0][0]}.doc"].read_bytes()
    for cut in (doc[:600], doc[:len(doc) // 2], doc[:512] + bytes(4096)):
        with pytest.raises(UnreadableInput, match=r"^坏\.doc: .*(损坏|没有表格)"):
            read_bytes(cut, "坏.doc")
    xls = made[f"{FORMS[0][0]}.xls"].read_bytes()
    with pytest.raises(UnreadableInput, match=r"^坏\.xls: .*损坏"):
        read_bytes(xls[:len(xls) // 2], "坏.xls")
    with pytest.raises(UnreadableInput, match="损坏"):
        read_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "zero.doc")


@pytest.mark.parametrize(("fixture", "message"), [
    ("encrypted.xls", "已加密"),
    ("encrypted.doc", "已加密"),
    ("corrupt.doc", "损坏"),
])
def test_cli_exit_2_with_one_line_naming_the_file(made: dict[str, Path], capsys: Any,
                                                  tmp_path: Path, fixture: str,
                                                  message: str) -> None:
    path = tmp_path / fixture
    if fixture == "corrupt.doc":
        path.write_bytes(made[f"{FORMS[0][0]}.doc"].read_bytes()[:1536])
    else:
        path.write_bytes((DATA / "office" / fixture).read_bytes())
    code = main(["check", str(path)])
    _, err = capsys.readouterr()
    assert code == 2
    assert message in err and str(path) in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_cli_reads_doc_xls_ods_odt_rtf_and_excel_xml(made: dict[str, Path], capsys: Any,
                                                     tmp_path: Path) -> None:
    xml = tmp_path / "seed-3.xls"
    xml.write_bytes(spreadsheetml(official_grid(seed_forms()[3])))
    for name in ("seed-2.doc", "seed-2.xls", "seed-2.ods", "seed-2.odt", "seed-0.rtf",
                 "seed-3.xls"):
        code = main(["parse", str(made[name] if name != xml.name else xml)])
        out, _ = capsys.readouterr()
        assert code == 0
        assert json.loads(out) == [seed_forms()[int(name[5])]]
    page = tmp_path / "seed-1.doc"  # MHT: the page's funds row labels are the printed ones
    page.write_bytes(mht(render_html([form_from_dict(seed_forms()[1])]), "utf-8", "base64"))
    assert main(["parse", str(page)]) == 0
    assert [comparable(form_from_dict(d)) for d in json.loads(capsys.readouterr()[0])] == \
        [comparable(form_from_dict(seed_forms()[1]))]


def test_without_libreoffice_the_message_says_how_to_install_it(
        made: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(office_convert, "find_soffice", lambda: None)
    with pytest.raises(UnreadableInput) as info:
        read_bytes(made["seed-0.doc"].read_bytes(), "旧表.doc")
    message = str(info.value)
    assert message.startswith("旧表.doc: ") and "未安装 LibreOffice" in message
    assert "apt-get install -y --no-install-recommends libreoffice-writer-nogui " \
           "libreoffice-calc-nogui" in message
    # spreadsheets do not need LibreOffice
    assert canonical(read_bytes(made["seed-0.xls"].read_bytes(), "x.xls")) == [seed_forms()[0]]


@pytest.mark.parametrize(("name", "form"), FORMS, ids=IDS)
def test_odt_is_read_without_libreoffice_too(made: dict[str, Path], name: str, form: dict,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(office_convert, "find_soffice", lambda: None)
    results = read_bytes(made[f"{name}.odt"].read_bytes(), "表.odt")
    assert canonical(results) == [form]
    assert results[0].findings == ()
    assert results[0].sources["project_name"].cell == "表1 第1行第2列"


def test_odt_report_is_read_without_libreoffice(made: dict[str, Path],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(office_convert, "find_soffice", lambda: None)
    results = read_bytes(made["report.odt"].read_bytes(), "report.odt")
    assert [comparable(r.form) for r in results] == \
        [comparable(form_from_dict(f)) for _, f in FORMS]


def test_conversion_has_a_time_limit(made: dict[str, Path]) -> None:
    with pytest.raises(UnreadableInput, match=r"^慢\.doc: LibreOffice 转换超时"):
        office_convert.convert_to_docx(made["seed-0.doc"].read_bytes(),
                                       office_convert.DocumentFormat.DOC, "慢.doc", timeout=0.05)


def test_spreadsheet_limits_apply(made: dict[str, Path]) -> None:
    for target in SHEETS:
        data = made[f"writer.{target}"].read_bytes()
        with pytest.raises(UnreadableInput, match="工作表过多"):
            read_bytes(data, f"w.{target}", ReadLimits(max_sheets=2))
        with pytest.raises(UnreadableInput, match="单元格过多"):
            read_bytes(data, f"w.{target}", ReadLimits(max_cells=100))
        with pytest.raises(UnreadableInput, match="文件过大"):
            read_bytes(data, f"w.{target}", ReadLimits(max_bytes=1000))
    with pytest.raises(UnreadableInput, match="解压后过大"):
        read_spreadsheet(made["writer.ods"].read_bytes(), SheetFormat.ODS, filename="w.ods",
                         limits=ReadLimits(max_uncompressed=1000))


@pytest.mark.parametrize("target", SHEETS)
def test_a_value_in_the_far_corner_is_refused_before_calamine_allocates_the_sheet(
        made: dict[str, Path], target: str) -> None:
    """calamine keeps a sheet as a dense grid up to its last value, and an .xls/.ods is loaded
    whole when opened: 65536 × 256 cells took about 1 GB. The extent is read from the file
    first, in a child process whose peak memory is measured (VmHWM, which starts afresh at
    exec, unlike ru_maxrss which keeps the forking test process's peak)."""
    path = made[f"far.{target}"]
    assert path.stat().st_size < 20_000
    probe = (
        "from jixiao.readers.base import UnreadableInput\n"
        "from jixiao.readers.dispatch import read_bytes\n"
        "try:\n"
        f"    read_bytes(open({str(path)!r}, 'rb').read(), 'far')\n"
        "except UnreadableInput as exc:\n"
        "    print(exc)\n"
        "status = open('/proc/self/status').read()\n"
        "print(next(l.split()[1] for l in status.splitlines() if l.startswith('VmHWM:')))\n")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True, timeout=120).stdout.splitlines()
    assert out[0] == ("far: 单元格过多（上限 200000；可用环境变量 JIXIAO_XLSX_MAX_CELLS 调整），"
                      "不予读取")
    assert int(out[1]) < 200_000  # KiB: well under the 500 MB–1 GB calamine would take


# ---------------------------------------------------------------- pieces


def test_ods_cell_text_keeps_spaces_tabs_and_line_breaks() -> None:
    from xml.etree import ElementTree

    cell = ElementTree.fromstring(
        '<table:table-cell xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
        "<text:p>≥95<text:s text:c='2'/>%<text:tab/>人次</text:p>"
        "<text:p><text:span>上海市</text:span>科协<text:line-break/>学会</text:p>"
        "</table:table-cell>")
    assert cell_text(cell) == "≥95  %\t人次\n上海市科协\n学会"


def test_xlsx_reader_still_refuses_binary_workbooks() -> None:
    data = (DATA / "office" / "encrypted.xls").read_bytes()
    with pytest.raises(UnreadableInput, match=r"\.xls.*另存为.*\.xlsx"):
        read_xlsx(data, filename="old.xls")


def _record(rtype: int, payload: bytes) -> bytes:
    return struct.pack("<HH", rtype, len(payload)) + payload


def _biff(*, encrypted: bool = False) -> bytes:
    """A BIFF8 workbook stream: two styles (built-in 中文 date 31, and custom `0.00"万元"`), one
    sheet with a NUMBER, an RK, a MULRK and a FORMULA cell."""
    bof = _record(0x0809, struct.pack("<HH", 0x0600, 0x0005) + bytes(12))
    fmt = '0.00"万元"'
    globals_ = [bof]
    if encrypted:
        globals_.append(_record(0x002F, bytes(54)))
    globals_ += [
        _record(0x041E, struct.pack("<HHB", 170, len(fmt), 1) + fmt.encode("utf-16-le")),
        _record(0x00E0, struct.pack("<HH", 0, 31) + bytes(16)),
        _record(0x00E0, struct.pack("<HH", 0, 170) + bytes(16)),
    ]
    name = "自评表"
    sheet_record = lambda offset: _record(  # noqa: E731 - the offset is known only afterwards
        0x0085, struct.pack("<IBBBB", offset, 0, 0, len(name), 1) + name.encode("utf-16-le"))
    head = b"".join(globals_) + sheet_record(0) + _record(0x000A, b"")
    sheet = b"".join([
        _record(0x0809, struct.pack("<HH", 0x0600, 0x0010) + bytes(12)),
        _record(0x0203, struct.pack("<HHHd", 0, 1, 1, 7.2)),
        _record(0x027E, struct.pack("<HHHI", 1, 1, 0, 0)),
        _record(0x00BD, struct.pack("<HH", 2, 3) + struct.pack("<HI", 1, 0) * 2
                + struct.pack("<H", 4)),
        _record(0x0006, struct.pack("<HHH", 3, 0, 1) + bytes(14)),
        _record(0x000A, b""),
    ])
    return b"".join(globals_) + sheet_record(len(head)) + _record(0x000A, b"") + sheet


def test_biff_scan_reads_styles_of_every_number_record() -> None:
    formats = scan_formats(_biff())
    assert not formats.encrypted
    assert formats.sheets == {"自评表": {
        (0, 1): '0.00"万元"', (1, 1): 'yyyy"年"m"月"d"日"', (2, 3): '0.00"万元"',
        (2, 4): '0.00"万元"', (3, 0): '0.00"万元"'}}
    assert scan_formats(_biff(encrypted=True)).encrypted
    cut = scan_formats(_biff()[:-35])  # cut inside MULRK: what came before is kept
    assert cut.sheets == {"自评表": {(0, 1): '0.00"万元"', (1, 1): 'yyyy"年"m"月"d"日"'}}
    assert scan_formats(b"not a biff stream").sheets == {}


# ---------------------------------------------------------------- .xlsb


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def _brt(rtype: int, payload: bytes = b"") -> bytes:
    return _varint(rtype) + _varint(len(payload)) + payload


def _wide(text: str) -> bytes:
    return struct.pack("<I", len(text)) + text.encode("utf-16-le")


_ERROR_CODES = {text: code for code, text in ERROR_TEXTS.items()}


def xlsb_bytes(grid: Any, sheet: str = "自评表") -> bytes:
    """The form as Excel saves an .xlsb (BIFF12 records): numbers as BrtCellReal with a cell
    style whose number format is their printed decimals, text as BrtCellSt, merged ranges as
    BrtMergeCell."""
    formats: dict[str, int] = {"General": 0}
    rows: dict[int, list[bytes]] = {}
    for cell in sorted(grid.cells, key=lambda c: (c.row, c.col)):
        stored = stored_number(cell.text)
        if stored is not None:
            value, fmt = stored
            style = formats.setdefault(fmt, len(formats))
            record = _brt(5, struct.pack("<IId", cell.col, style, float(value)))
        elif cell.text in _ERROR_CODES:
            record = _brt(3, struct.pack("<IIB", cell.col, 0, _ERROR_CODES[cell.text]))
        elif cell.text:
            record = _brt(6, struct.pack("<II", cell.col, 0) + _wide(cell.text))
        else:
            record = _brt(1, struct.pack("<II", cell.col, 0))
        rows.setdefault(cell.row, []).append(record)
    last_row = max(rows)
    sheet_data = b"".join(_brt(0, struct.pack("<IIHHBBI", r, 0, 300, 0, 0, 0, 0)) + b"".join(rs)
                          for r, rs in sorted(rows.items()))
    merges = [c for c in grid.cells if c.rowspan > 1 or c.colspan > 1]
    sheet_bin = (_brt(129) + _brt(148, struct.pack("<IIII", 0, last_row, 0, 7)) + _brt(145)
                 + sheet_data + _brt(146) + _brt(177, struct.pack("<I", len(merges)))
                 + b"".join(_brt(176, struct.pack("<IIII", c.row, c.row + c.rowspan - 1, c.col,
                                                  c.col + c.colspan - 1)) for c in merges)
                 + _brt(178) + _brt(130))
    codes = {fmt: 164 + i for i, fmt in enumerate(f for f in formats if f != "General")}
    xf = lambda fmt: struct.pack("<HHHHHBBH", 0xFFFF, codes.get(fmt, 0), 0, 0, 0, 0, 0, 0)  # noqa: E731
    styles_bin = (_brt(278) + _brt(615, struct.pack("<I", len(codes)))
                  + b"".join(_brt(44, struct.pack("<H", i) + _wide(f)) for f, i in codes.items())
                  + _brt(616) + _brt(626, struct.pack("<I", 1)) + _brt(47, xf("General"))
                  + _brt(627) + _brt(617, struct.pack("<I", len(formats)))
                  + b"".join(_brt(47, xf(f)) for f in formats) + _brt(618) + _brt(279))
    workbook_bin = (_brt(131) + _brt(143) + _brt(156, struct.pack("<II", 0, 1) + _wide("rId1")
                                                 + _wide(sheet)) + _brt(144) + _brt(132))
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    package = io.BytesIO()
    with zipfile.ZipFile(package, "w") as z:
        z.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"><Default Extension="bin" ContentType="application/'
            'vnd.ms-excel.sheet.binary.macroEnabled.main"/><Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.bin" ContentType="application/'
            'vnd.ms-excel.worksheet"/><Override PartName="/xl/styles.bin" ContentType='
            '"application/vnd.ms-excel.styles"/></Types>'))
        z.writestr("_rels/.rels", (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            f'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}/'
            'officeDocument" Target="xl/workbook.bin"/></Relationships>'))
        z.writestr("xl/_rels/workbook.bin.rels", (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            f'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}/'
            'worksheet" Target="worksheets/sheet1.bin"/><Relationship Id="rId2" '
            f'Type="{rel}/styles" Target="styles.bin"/></Relationships>'))
        z.writestr("xl/workbook.bin", workbook_bin)
        z.writestr("xl/styles.bin", styles_bin)
        z.writestr("xl/worksheets/sheet1.bin", sheet_bin)
    return package.getvalue()


@pytest.mark.parametrize(("name", "form"), FORMS, ids=IDS)
def test_xlsb_reads_back(name: str, form: dict) -> None:
    results = read_bytes(xlsb_bytes(official_grid(form)), "自评表.xlsb")
    assert canonical(results) == [form]
    assert results[0].findings == ()
    assert results[0].sources["project_name"].cell == "自评表!B3"


def test_xlsb_error_cells_read_as_displayed() -> None:
    expected = seed_forms()[0]
    expected["funds"]["rows"][2]["rate"] = "#DIV/0!"
    results = read_bytes(xlsb_bytes(official_grid(expected)), "e.xlsb")
    assert canonical(results) == [expected]


def test_xlsb_with_a_value_in_the_far_corner_is_refused() -> None:
    grid = SimpleNamespace(cells=[Cell("项目名称", 0, 0), Cell("1", 65535, 255)])
    assert xlsb_sheets(xlsb_bytes(grid))["自评表"].extent == (65536, 256)
    with pytest.raises(UnreadableInput, match=r"^far\.xlsb: 单元格过多"):
        read_bytes(xlsb_bytes(grid), "far.xlsb")
