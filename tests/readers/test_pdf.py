"""The PDF reader: our writer's PDFs read back field for field (with and without the attached
JSON), PDFs made by other software, and bad files refused with a clear Chinese message."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

import pytest

from jixiao.core.form_json import form_from_dict, form_to_dict, forms_from_json_value
from jixiao.core.model import Form, Funds, FundsRow, Goals, Indicator, Total
from jixiao.readers import pdf as pdf_reader
from jixiao.readers.base import UnreadableInput
from jixiao.readers.dispatch import read_bytes
from jixiao.readers.limits import ReadLimits
from jixiao.readers.pdf import ATTACHMENT_NAME, read_pdf
from jixiao.readers.pdf_grid import (
    Rule,
    TextRow,
    TextRun,
    assemble_tables,
    find_grids,
    grid_cells,
    is_page_furniture,
    join_runs,
    merge_rules,
    page_blocks,
)
from jixiao.writers.pdf import render_pdf
from tests.conftest import DATA, SEED_GOLDEN
from tests.libreoffice import convert


def seed_forms() -> list[Form]:
    """The seed's four forms as the readers' golden JSON has them."""
    return forms_from_json_value(json.loads(SEED_GOLDEN.read_text(encoding="utf-8")))


def corpus_forms() -> list[tuple[str, Form]]:
    """The labelled corpus forms, normalised: `year` as int, no `label_notes`."""
    out = []
    for path in sorted((DATA / "corpus" / "labels").glob("*.json")):
        loaded = json.loads(path.read_text(encoding="utf-8"))
        labels = loaded if isinstance(loaded, list) else [loaded]  # a file may hold several
        for k, data in enumerate(labels):
            data.pop("label_notes", None)
            if isinstance(data.get("year"), str):
                data["year"] = int(data["year"])
            if data.get("project_name") is None:
                continue  # a label may leave unknown what a form requires: not a form to draw
            suffix = f"-{k + 1}" if len(labels) > 1 else ""
            out.append((f"corpus-{path.stem}{suffix}", form_from_dict(data)))
    return out


def _font_or_skip() -> None:
    """Without a CJK TrueType font the writer cannot run: skip, saying what to install."""
    from jixiao.writers.fonts import FontNotFound, find_cjk_font

    try:
        find_cjk_font()
    except FontNotFound as exc:
        pytest.skip(f"{exc}（或运行 scripts/system-deps.sh）", allow_module_level=True)


_font_or_skip()


FORMS = [(f"seed-{i}", f) for i, f in enumerate(seed_forms())] + corpus_forms()


# ---------------------------------------------------------------- PDFs to read


@lru_cache(maxsize=64)
def rendered(forms: tuple[Form, ...], attach_json: bool) -> bytes:
    """Our writer's PDF of the forms (memoised: rendering is the slow part of these tests)."""
    return render_pdf(list(forms), attach_json=attach_json)


def strip_attachments(pdf: bytes) -> bytes:
    """The PDF re-saved by pdfium after deleting every embedded file."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        for i in reversed(range(doc.count_attachments())):
            doc.del_attachment(i)
        out = io.BytesIO()
        doc.save(out)
    finally:
        doc.close()
    return out.getvalue()


def long_form(n: int = 70) -> Form:
    """A form whose one 一级/二级 group runs over three pages, with long names and notes."""
    indicators = tuple(
        Indicator(level1="产出指标", level2="数量指标",
                  name=f"第{i}项：组织开展科技社团党建宣传及走访调研活动并形成书面报告",
                  target=f"≥{i}.00(次)", actual=f"{i + 1}.00(次)", weight="1.00",
                  score="1.00", note="按计划完成，资料已存档。" if i % 7 == 0 else None)
        for i in range(1, n + 1))
    return Form(
        project_name="长表测试项目", year=2024, department="某区科学技术委员会",
        implementing_unit="某区科技服务中心",
        funds=Funds(unit="万元", weight="10.00", rate="100.00", score="10.00", rows=(
            FundsRow("total", "70.00", "70.00", "70.00", "100.00"),
            FundsRow("fiscal", "70.00", "70.00", "70.00", "100.00"))),
        goals=Goals(expected="完成全部调研与宣传任务。", actual="已完成全部调研与宣传任务。"),
        indicators=indicators, total=Total("80.00", "80.00"), grade="良")


def big_numbers_form() -> Form:
    """Numbers and codes wider than their cells at the normal font size: never cut."""
    base = long_form(3)
    return replace(
        base, project_name="51000021R000000019951-工资性支出ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        funds=Funds(unit="元", weight="10.00", rate="99.99", score="9.99", rows=(
            FundsRow("total", "123456789012.34", "123456789012.34", "123456789000.00", "99.99"),
            FundsRow("other", "1.00", "2.00", "3.00", "150.00"))),
        indicators=(
            Indicator("产出指标", "数量指标", "完成Wi-Fi 6 AP部署（含IPv6与5G回传）",
                      "≥123456789.00(万元)", "123456789.01(万元)", "12345.67", "12345.67",
                      "偏差0.01万元，系四舍五入所致。"),
            *base.indicators[1:]))


def minimal_pdf(objects: list[str]) -> bytes:
    """A hand-written PDF from object bodies (object 1 is the catalog), with a valid xref."""
    out = b"%PDF-1.4\n"
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n"
            "%%EOF\n").encode()
    return out


def zero_page_pdf() -> bytes:
    return minimal_pdf(["<< /Type /Catalog /Pages 2 0 R >>",
                        "<< /Type /Pages /Kids [] /Count 0 >>"])


def canvas_pdf(draw, *, encrypt: str | None = None, pagesize=None) -> bytes:
    """A PDF drawn with reportlab's canvas (`draw(canvas)`), optionally encrypted."""
    from reportlab.lib import pdfencrypt
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    enc = pdfencrypt.StandardEncryption(encrypt, ownerPassword="owner") \
        if encrypt is not None else None
    c = canvas.Canvas(buf, pagesize=pagesize or A4, encrypt=enc)
    draw(c)
    c.save()
    return buf.getvalue()


def scanned_pdf(source_pdf: bytes, page: int = 0, scale: float = 2.0,
                skew: float = 0.0) -> bytes:
    """A 'scan': one page of a PDF rendered to an image (turned by `skew` degrees, as a sheet
    fed crooked) and placed on an image-only page."""
    import pypdfium2 as pdfium
    from reportlab.lib.utils import ImageReader

    doc = pdfium.PdfDocument(source_pdf)
    try:
        pg = doc[page]
        width, height = pg.get_size()
        image = pg.render(scale=scale).to_pil().convert("L")
        if skew:
            image = image.rotate(skew, fillcolor=255)
    finally:
        doc.close()

    def draw(c) -> None:
        c.drawImage(ImageReader(image), 0, 0, width=width, height=height)

    return canvas_pdf(draw, pagesize=(width, height))



def canonical(results) -> list[dict]:
    return [comparable(form_to_dict(r.form)) for r in results]


def comparable(data: dict) -> dict:
    """A form's JSON as a reader gives it back: a funds row's printed caption is kept only for
    a row that is not a standard source (the others are named by `source`)."""
    for row in data["funds"]["rows"]:
        if row.get("source") != "other":
            row.pop("label", None)
    return data


def expected_codes(form: Form) -> set[str]:
    """The import findings a form's own gaps call for: a row without 二级指标 (JX032) or
    without a name (JX052), no funds rows (JX002), no indicator rows (JX058)."""
    codes = {"JX032" for i in form.indicators if not i.level2}
    codes |= {"JX052" for i in form.indicators if not i.name}
    if not form.funds.rows:
        codes.add("JX002")
    if not form.indicators:
        codes.add("JX058")
    return codes


# ---------------------------------------------------------------- our writer, read back


@pytest.mark.parametrize(("name", "form"), FORMS, ids=[n for n, _ in FORMS])
def test_page_content_reads_back_exactly(name: str, form: Form) -> None:
    results = read_pdf(rendered((form,), False), filename=f"{name}.pdf")
    assert canonical(results) == [comparable(form_to_dict(form))]
    assert {f.code for r in results for f in r.findings} == expected_codes(form)


@pytest.mark.parametrize(("name", "form"), FORMS, ids=[n for n, _ in FORMS])
def test_attachment_reads_back_losslessly(name: str, form: Form) -> None:
    results = read_pdf(rendered((form,), True), filename=f"{name}.pdf")
    assert canonical(results) == [comparable(form_to_dict(form))]
    assert results[0].sources["form"].cell == ATTACHMENT_NAME


@pytest.mark.parametrize(("name", "form"), FORMS, ids=[n for n, _ in FORMS])
def test_written_pdf_without_its_attachment_reads_the_same(name: str, form: Form) -> None:
    stripped = strip_attachments(rendered((form,), True))
    assert b"jixiao-forms.json" not in stripped
    assert canonical(read_pdf(stripped, filename=f"{name}.pdf")) == [
        comparable(form_to_dict(form))]


@pytest.mark.parametrize(("name", "form"), FORMS[:1] + FORMS[-1:], ids=["seed-0", "corpus"])
def test_page_content_is_read_when_asked_even_with_attachment(name: str, form: Form) -> None:
    results = read_pdf(rendered((form,), True), filename=name, use_attachment=False)
    assert canonical(results) == [comparable(form_to_dict(form))]
    assert "form" not in results[0].sources


def test_attachment_removed_with_pypdf_reads_the_same() -> None:
    pypdf = pytest.importorskip("pypdf")
    form = seed_forms()[0]
    reader = pypdf.PdfReader(io.BytesIO(rendered((form,), True)))
    writer = pypdf.PdfWriter()
    for page in reader.pages:
        writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    data = out.getvalue()
    assert b"EmbeddedFile" not in data
    assert canonical(read_pdf(data, filename="pypdf.pdf")) == [form_to_dict(form)]


def test_all_seed_forms_in_one_pdf(seed_golden: list[dict]) -> None:
    data = rendered(tuple(seed_forms()), False)
    results = read_pdf(data, filename="seed.pdf")
    assert canonical(results) == seed_golden
    assert [f.code for r in results for f in r.findings] == []


def test_provenance_names_page_and_cell() -> None:
    results = read_pdf(rendered(tuple(seed_forms()), False), filename="seed.pdf")
    src = results[0].sources["indicators[0].target"]
    assert (src.file, src.page) == ("seed.pdf", 1)
    assert src.cell and src.cell.startswith("第1页")
    last = results[3].sources["total.score"]
    assert last.page is not None and last.page > 1


def test_merged_cell_split_over_three_pages_reads_back() -> None:
    form = long_form(70)
    data = rendered((form,), False)
    import pypdfium2 as pdfium

    assert len(pdfium.PdfDocument(data)) >= 3
    results = read_pdf(data, filename="long.pdf")
    assert canonical(results) == [comparable(form_to_dict(form))]


def test_numbers_and_codes_are_never_split() -> None:
    form = big_numbers_form()
    results = read_pdf(rendered((form,), False), filename="big.pdf")
    assert canonical(results) == [comparable(form_to_dict(form))]


def test_dispatch_reads_pdf_by_content() -> None:
    results = read_bytes(rendered((seed_forms()[1],), False), "no-extension")
    assert canonical(results) == [form_to_dict(seed_forms()[1])]


# ---------------------------------------------------------------- other software


def test_libreoffice_pdf_of_our_xlsx(tmp_path: Path, seed_golden: list[dict]) -> None:
    from jixiao.writers.xlsx import render_xlsx

    source = tmp_path / "seed.xlsx"
    source.write_bytes(render_xlsx(seed_forms()))
    (pdf,) = convert([source], "pdf", tmp_path)
    results = read_pdf(pdf.read_bytes(), filename="lo.pdf")
    assert canonical(results) == seed_golden


OTHER_FORM = Form(
    project_name="义务教育营养改善计划专项资金", year=2023, department="某县教育体育局",
    implementing_unit="某县第一中学",
    funds=Funds(unit="元", weight="10", rate="98.5%", score="9.85", rows=(
        FundsRow("total", "400000.00", "387664.62", "381849.65", "98.5%"),
        FundsRow("fiscal", "400000.00", "387664.62", "381849.65", "98.5%"))),
    goals=Goals(expected="确保每一个学生都能享受到国家政策福利，改善学生体质。",
                actual="全年为735名学生提供营养膳食补助，学生体质有所改善。"),
    indicators=(
        Indicator("产出指标", "数量指标", "学生受资助人数", "≥735人次", "735人次", "20", "20",
                  None),
        Indicator("产出指标", "质量指标", "营养改善计划覆盖率", "=100%", "100%", "20", "20", None),
        Indicator("产出指标", "时效指标", "资金到位及时率", "≥95%", "90%", "10", "9.47",
                  "第四季度资金晚到，已督促财政提前拨付。"),
        Indicator("效益指标", "社会效益指标", "学生体质达标率", "≥90%", "92%", "30", "30", None),
        Indicator("满意度指标", "服务对象满意度指标", "家长满意度", "≥95%", "97%", "10", "10",
                  None),
    ),
    total=Total("100", "99.32"), grade="优")


def _other_software_pdf(form: Form) -> bytes:
    """A differently drawn form: landscape, hairlines, four separate tables, 一级/二级 printed
    on every row (no merged cells), a 单位 line, another font, columns in another order."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from jixiao.writers.fonts import find_cjk_font

    font = find_cjk_font(extra=("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",))
    pdfmetrics.registerFont(TTFont("OtherCJK", font.path, subfontIndex=font.index))
    para = ParagraphStyle("p", fontName="OtherCJK", fontSize=8, leading=10, wordWrap="CJK")
    title = ParagraphStyle("t", parent=para, fontSize=14, leading=18, alignment=1)

    def table(rows: list[list[str]], widths: list[float], spans=()) -> Table:
        style = [("GRID", (0, 0), (-1, -1), 0.25, "#333333"),
                 ("FONTNAME", (0, 0), (-1, -1), "OtherCJK"), ("FONTSIZE", (0, 0), (-1, -1), 8),
                 ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
        style += [("SPAN", a, b) for a, b in spans]
        cells = [[Paragraph(t, para) if len(t) > 14 else t for t in row] for row in rows]
        return Table(cells, colWidths=widths, style=TableStyle(style))

    f, g = form.funds, form.goals
    funds_rows = [["项目资金（元）", "年初预算数", "全年预算数（A）", "全年执行数（B）", "分值",
                   "执行率（B/A）", "得分"]]
    captions = {"total": "年度资金总额", "fiscal": "其中：当年财政拨款"}
    for i, row in enumerate(f.rows):
        first = i == 0
        funds_rows.append([captions[row.source], row.initial or "", row.annual or "",
                           row.executed or "", f.weight if first else "—", row.rate or "",
                           f.score if first else "—"])
    ind_rows = [["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
                 "偏差原因分析及改进措施"]]
    ind_rows += [[i.level1, i.level2, i.name, i.target, i.actual, i.weight, i.score, i.note or ""]
                 for i in form.indicators]
    ind_rows += [["总分", "", "", "", "", form.total.weight, form.total.score, ""],
                 ["评分等级", "", "", "", "", form.grade, "", ""]]
    n = len(ind_rows)
    story = [
        Paragraph("项目支出绩效自评表", title),
        Paragraph(f"（{form.year}年度）", ParagraphStyle("y", parent=para, alignment=1)),
        Paragraph("单位：元", para), Spacer(1, 4),
        table([["项目名称", form.project_name, "主管部门", form.department,
                "实施单位", form.implementing_unit]], [60, 200, 60, 150, 60, 170]),
        Spacer(1, 6),
        table(funds_rows, [140, 100, 100, 100, 80, 100, 80]),
        Spacer(1, 6),
        table([["年度总体目标", "预期目标", "实际完成情况"], ["", g.expected, g.actual]],
              [100, 300, 300], spans=[((0, 0), (0, 1))]),
        Spacer(1, 6),
        table(ind_rows, [60, 80, 160, 80, 80, 50, 50, 140],
              spans=[((0, n - 2), (4, n - 2)), ((0, n - 1), (4, n - 1)),
                     ((5, n - 1), (7, n - 1))]),
    ]
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=landscape(A4), leftMargin=30, rightMargin=30,
                      topMargin=30, bottomMargin=30).build(story)
    return buf.getvalue()


def test_pdf_drawn_another_way_landscape_hairlines_no_merges() -> None:
    data = _other_software_pdf(OTHER_FORM)
    results = read_pdf(data, filename="other.pdf")
    assert canonical(results) == [form_to_dict(OTHER_FORM)]


def test_landscape_page_shown_by_rotate_and_drawn_in_a_form_xobject() -> None:
    """A portrait page with /Rotate 90 whose content (a form XObject, turned by its matrix)
    shows upright in landscape: read in display orientation, through the XObject."""
    import pypdfium2 as pdfium

    source = pdfium.PdfDocument(_other_software_pdf(OTHER_FORM))
    width, height = source[0].get_size()  # landscape: width > height
    assert width > height
    doc = pdfium.PdfDocument.new()
    page = doc.new_page(height, width)  # portrait media box
    xobject = source.page_as_xobject(0, doc)
    placed = xobject.as_pageobject()
    placed.transform(pdfium.PdfMatrix(0, 1, -1, 0, height, 0))
    page.insert_obj(placed)
    page.gen_content()
    page.set_rotation(90)
    out = io.BytesIO()
    doc.save(out)
    results = read_pdf(out.getvalue(), filename="rotated.pdf")
    assert canonical(results) == [form_to_dict(OTHER_FORM)]


# ---------------------------------------------------------------- bad files


def _hello(c) -> None:
    c.drawString(100, 700, "hello, no table here")


def _unreadable(data: bytes, **kw) -> str:
    with pytest.raises(UnreadableInput) as info:
        read_pdf(data, filename="bad.pdf", **kw)
    return str(info.value)


def test_encrypted_pdf_is_refused_clearly() -> None:
    message = _unreadable(canvas_pdf(_hello, encrypt="secret"))
    assert "加密" in message and "bad.pdf" in message


def test_pdf_with_only_an_owner_password_is_read() -> None:
    def draw(c) -> None:
        c.drawString(100, 700, "x")

    assert "没有表格" in _unreadable(canvas_pdf(draw, encrypt=""))


@pytest.mark.parametrize("fraction", [0.05, 0.5, 0.95])
def test_truncated_pdf_is_refused_clearly(fraction: float) -> None:
    data = rendered((seed_forms()[0],), False)
    message = _unreadable(data[: int(len(data) * fraction)])
    assert "损坏" in message or "不完整" in message


def test_zero_page_pdf_is_refused_clearly() -> None:
    assert "没有" in _unreadable(zero_page_pdf()) and "页" in _unreadable(zero_page_pdf())


def test_garbage_and_empty_are_refused() -> None:
    assert "损坏" in _unreadable(b"%PDF-1.7\n\x00\x01 garbage")
    assert "为空" in _unreadable(b"")
    assert "不是 PDF" in _unreadable(b"just text")


def test_text_only_pdf_has_no_table() -> None:
    message = _unreadable(canvas_pdf(_hello))
    assert "第1页没有表格" in message


def test_page_limit_is_a_setting() -> None:
    data = rendered(tuple(seed_forms()), False)
    assert "上限3页" in _unreadable(data, max_pages=3)
    with pytest.raises(UnreadableInput, match="上限2页"):
        read_bytes(data, "seed.pdf", ReadLimits(max_pdf_pages=2))


def test_scanned_page_without_ocr_names_page_and_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_reader, "ocr_available", lambda: False)
    message = _unreadable(scanned_pdf(rendered((seed_forms()[0],), False)))
    assert "第1页是扫描图像" in message and "jixiao[ocr]" in message


def test_scanned_crooked_page_is_ocrd_with_findings() -> None:
    pytest.importorskip("rapidocr")
    if not pdf_reader.ocr_available():
        pytest.skip("OCR extra not installed")
    form = seed_forms()[1]  # a one-page form
    results = read_pdf(scanned_pdf(rendered((form,), False), skew=1.2), filename="scan.pdf")
    assert len(results) == 1
    got = results[0].form
    assert got.project_name == form.project_name
    assert [(i.weight, i.score) for i in got.indicators] == \
        [(i.weight, i.score) for i in form.indicators]
    assert got.total == form.total and got.grade == form.grade
    scanned = [f for f in results[0].findings if f.code == "JX061"]
    assert scanned and "第1页" in scanned[0].message


def test_ocr_line_is_shared_out_across_a_border() -> None:
    run = TextRun("年初预算数7.20", 0, 0, 140, 10, conf=0.9)
    left, right = pdf_reader.split_ocr_run(run, [100])
    assert (left.text, right.text) == ("年初预算数", "7.20")
    assert left.conf == right.conf == 0.9


def test_image_rules_and_deskew_on_a_drawn_grid() -> None:
    np = pytest.importorskip("numpy")
    cv2 = pytest.importorskip("cv2")
    image = np.full((400, 600), 255, np.uint8)
    for y in (50, 150, 250, 350):
        cv2.line(image, (50, y), (550, y), 0, 2)
    for x in (50, 300, 550):
        cv2.line(image, (x, 50), (x, 350), 0, 2)
    rules = pdf_reader.image_rules(image)
    horizontal = [r for r in rules if r.horizontal]
    assert len(horizontal) == 4 and len(rules) == 7
    grid = find_grids(*merge_rules(rules))[0]
    assert len(grid.xs) == 3 and len(grid.ys) == 4
    assert abs(pdf_reader.deskew_angle(image)) < 0.2
    matrix = cv2.getRotationMatrix2D((300, 200), 2.0, 1.0)
    crooked = cv2.warpAffine(image, matrix, (600, 400), borderValue=255)
    assert abs(abs(pdf_reader.deskew_angle(crooked)) - 2.0) < 0.3


def test_page_without_table_among_forms_is_a_finding() -> None:
    form_pdf = rendered((seed_forms()[2],), False)
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(form_pdf)
    blank_page = len(doc) + 1
    extra = pdfium.PdfDocument(canvas_pdf(_hello))
    doc.import_pages(extra)
    out = io.BytesIO()
    doc.save(out)
    results = read_pdf(out.getvalue(), filename="mixed.pdf")
    assert canonical(results) == [form_to_dict(seed_forms()[2])]
    codes = [(f.code, f.source.page if f.source else None) for r in results for f in r.findings]
    assert ("JX060", blank_page) in codes


def test_broken_attachment_falls_back_to_page_content() -> None:
    import pypdfium2 as pdfium

    form = seed_forms()[0]
    doc = pdfium.PdfDocument(rendered((form,), False))
    doc.new_attachment(ATTACHMENT_NAME).set_data(b"{not json")
    out = io.BytesIO()
    doc.save(out)
    results = read_pdf(out.getvalue(), filename="att.pdf")
    assert canonical(results) == [comparable(form_to_dict(form))]
    assert [f.code for f in results[0].findings] == ["JX063"]


def test_attachment_with_wrong_shape_falls_back() -> None:
    import pypdfium2 as pdfium

    form = seed_forms()[1]
    doc = pdfium.PdfDocument(rendered((form,), False))
    doc.new_attachment(ATTACHMENT_NAME).set_data(json.dumps([{"x": 1}]).encode())
    out = io.BytesIO()
    doc.save(out)
    results = read_pdf(out.getvalue(), filename="att.pdf")
    assert canonical(results) == [comparable(form_to_dict(form))]
    assert "JX063" in [f.code for f in results[0].findings]


def test_hand_written_pdf_with_a_ruled_table_but_no_form() -> None:
    content = "0 0 0 RG 1 w 50 700 m 300 700 l S 50 650 m 300 650 l S 50 650 m 50 700 l S " \
              "300 650 m 300 700 l S 175 650 m 175 700 l S"
    pdf = minimal_pdf([
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
    ])
    assert "没有找到绩效自评表" in _unreadable(pdf)


# ---------------------------------------------------------------- geometry stages


def _box_rules(x0: float, y0: float, x1: float, y1: float) -> list[Rule]:
    return [Rule(x0, y0, x1, y0), Rule(x0, y1, x1, y1), Rule(x0, y0, x0, y1), Rule(x1, y0, x1, y1)]


def test_missing_inner_border_makes_a_merged_cell() -> None:
    # 3×3 grid; the border between rows 1 and 2 is missing in column 0 (a merged 一级 cell).
    rules = _box_rules(0, 0, 300, 90)
    rules += [Rule(100, 0, 100, 90), Rule(200, 0, 200, 90)]
    rules += [Rule(0, 30, 300, 30), Rule(100, 60, 300, 60)]
    grids = find_grids(*merge_rules(rules))
    assert len(grids) == 1
    cells = grid_cells(grids[0])
    assert (cells[0].row, cells[0].col, cells[0].rowspan) == (0, 0, 1)
    merged = next(c for c in cells if c.row == 1 and c.col == 0)
    assert merged.rowspan == 2 and merged.colspan == 1
    assert len(cells) == 3 + 3 + 2


def test_double_and_split_lines_merge_into_one_edge() -> None:
    rules = [Rule(0, 0, 150, 0), Rule(148, 0.6, 300, 0.6), Rule(0, 50, 300, 50),
             Rule(0, 0, 0, 50), Rule(0.8, 0, 0.8, 50), Rule(300, 0, 300, 50)]
    grid = find_grids(*merge_rules(rules))[0]
    assert len(grid.xs) == 2 and len(grid.ys) == 2


def test_glyph_by_glyph_number_is_one_word() -> None:
    runs = [TextRun(ch, 10 + 5 * i, 0, 15 + 5 * i, 9) for i, ch in enumerate("7.20")]
    assert join_runs(runs) == "7.20"
    spaced = [TextRun("单位：", 0, 0, 27, 9), TextRun("万元", 60, 0, 78, 9)]
    assert join_runs(spaced) == "单位： 万元"


def test_lines_of_a_cell_join_top_to_bottom() -> None:
    runs = [TextRun("第二行", 0, 20, 27, 29), TextRun("第一行", 0, 5, 27, 14)]
    assert join_runs(runs) == "第一行\n第二行"


def test_text_crossing_a_border_is_cut_there() -> None:
    rules = [*_box_rules(0, 0, 200, 20), Rule(100, 0, 100, 20)]
    run = TextRun("左边右边", 40, 5, 160, 15)

    def split(r: TextRun, cuts) -> list[TextRun]:
        return [TextRun("左边", r.x0, r.top, cuts[0] - 1, r.bottom),
                TextRun("右边", cuts[0] + 1, r.top, r.x1, r.bottom)]

    table = page_blocks(rules, [run], page=1, split_run=split)[0]
    assert [c.text for c in table.cells] == ["左边", "右边"]


def test_page_numbers_are_furniture() -> None:
    for text in ("第 3 页，共 6 页", "- 2 -", "3/7", "Page 2 of 5", "12"):
        assert is_page_furniture(text), text
    assert not is_page_furniture("单位：万元")


def test_table_continued_on_next_page_is_joined() -> None:
    header = [Rule(0, 0, 300, 0), Rule(0, 20, 300, 20)]

    def page(n: int, rows: list[tuple[str, str]], first_span: bool) -> list:
        bottom = 20 + 20 * len(rows)
        rules = [*header, Rule(0, 0, 0, bottom), Rule(150, 0, 150, bottom),
                 Rule(300, 0, 300, bottom)]
        for i in range(len(rows)):
            y = 40 + 20 * i
            rules.append(Rule(0 if not first_span or i == len(rows) - 1 else 150, y, 300, y))
        runs = [TextRun("一级指标", 10, 5, 50, 15), TextRun("三级指标", 160, 5, 200, 15)]
        for i, (a, b) in enumerate(rows):
            if a:
                runs.append(TextRun(a, 10, 25 + 20 * i, 50, 35 + 20 * i))
            runs.append(TextRun(b, 160, 25 + 20 * i, 200, 35 + 20 * i))
        return page_blocks(rules, runs, page=n)

    p1 = [TextRow(1, "项目支出绩效自评表", -30, -20),
          *page(1, [("产出指标", "甲"), ("", "乙")], True)]
    p2 = [*page(2, [("", "丙"), ("", "丁")], True), TextRow(2, "第 2 页", 700, 710)]
    tables = assemble_tables([p1, p2], filename="x.pdf")
    assert len(tables) == 1
    cells = sorted(tables[0].cells, key=lambda c: (c.row, c.col))
    texts = [c.text for c in cells]
    assert texts.count("一级指标") == 1  # the repeated header row is dropped
    level1 = next(c for c in cells if c.text == "产出指标")
    assert level1.rowspan == 4  # the merged cell cut by the page break is one cell again
    assert "第 2 页" not in texts
