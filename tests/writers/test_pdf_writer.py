"""The PDF writer: official layout on A4, an embedded CJK TrueType font, the JSON attachment,
headers repeated on continuation pages, and lines that never cut a number."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.core.form_json import form_to_dict, forms_from_json_value
from jixiao.core.model import Form, Indicator
from jixiao.writers import fonts
from jixiao.writers.pdf import (
    ATTACHMENT_NAME,
    _register_fonts,
    _width,
    render_pdf,
    tokens,
    wrap_text,
)
from tests.conftest import SEED_GOLDEN


def _font_or_skip() -> None:
    """Without a CJK TrueType font the writer cannot run: skip, saying what to install."""
    from jixiao.writers.fonts import FontNotFound, find_cjk_font

    try:
        find_cjk_font()
    except FontNotFound as exc:
        pytest.skip(f"{exc}（或运行 scripts/system-deps.sh）", allow_module_level=True)


_font_or_skip()


def seed_forms() -> list[Form]:
    return forms_from_json_value(json.loads(SEED_GOLDEN.read_text(encoding="utf-8")))


@lru_cache(maxsize=8)
def seed_pdf(attach_json: bool = True) -> bytes:
    return render_pdf(seed_forms(), attach_json=attach_json)


def long_form(n: int = 60) -> Form:
    base = seed_forms()[0]
    inds = tuple(Indicator("产出指标", "数量指标", f"第{i}项调研活动按计划开展并形成报告",
                           f"≥{i}.00(次)", f"{i}.00(次)", "1.00", "1.00", None)
                 for i in range(n))
    return replace(base, indicators=inds)


def page_texts(pdf: bytes) -> list[str]:
    doc = pdfium.PdfDocument(pdf)
    try:
        return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    finally:
        doc.close()


def test_pages_are_a4_and_each_form_starts_a_page() -> None:
    doc = pdfium.PdfDocument(seed_pdf())
    sizes = {tuple(round(v) for v in doc[i].get_size()) for i in range(len(doc))}
    assert sizes == {(595, 842)}
    texts = page_texts(seed_pdf())
    starts = [i for i, t in enumerate(texts) if "项目名称" in t]
    assert len(starts) == 4 and starts[0] == 0
    for i, form in zip(starts, seed_forms(), strict=True):
        assert "财政项目支出绩效自评表" in texts[i] and form.project_name in texts[i]
        assert "（2024年度）" in texts[i]


def test_official_captions_are_printed() -> None:
    text = "".join(page_texts(render_pdf(seed_forms()[:1], attach_json=False)))
    for caption in ("项目名称", "主管部门", "实施单位", "项目资金", "年初预算数", "全年预算数",
                    "全年执行数", "年度资金总额", "年度总体目标", "预期目标", "实际完成情况",
                    "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "偏差原因",
                    "总分", "评分等级"):
        assert caption in re.sub(r"\s+", "", text), caption


def test_forms_ride_along_as_json_attachment() -> None:
    doc = pdfium.PdfDocument(seed_pdf())
    names = [doc.get_attachment(i).get_name() for i in range(doc.count_attachments())]
    assert names == [ATTACHMENT_NAME]
    payload = json.loads(bytes(doc.get_attachment(0).get_data()).decode("utf-8"))
    assert payload == [form_to_dict(f) for f in seed_forms()]
    plain = pdfium.PdfDocument(seed_pdf(attach_json=False))
    assert plain.count_attachments() == 0


def test_output_is_deterministic() -> None:
    assert render_pdf(seed_forms()[:1], attach_json=False) == \
        render_pdf(seed_forms()[:1], attach_json=False)


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils not installed")
def test_only_an_embedded_truetype_font_is_used(tmp_path: Path) -> None:
    path = tmp_path / "seed.pdf"
    path.write_bytes(seed_pdf())
    out = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True,
                         text=True).stdout
    rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
    assert rows, out
    for row in rows:
        # name type encoding emb sub uni …: every font embedded TrueType, none a base-14 font
        assert "TrueType" in row and row[-5] == "yes", out


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_first_page_renders_with_ink_in_the_table(tmp_path: Path) -> None:
    path = tmp_path / "seed.pdf"
    path.write_bytes(seed_pdf())
    subprocess.run(["pdftoppm", "-png", "-r", "30", "-f", "1", "-l", "1", str(path),
                    str(tmp_path / "page")], check=True, capture_output=True)
    png = next(tmp_path.glob("page*.png"))
    from PIL import Image

    image = Image.open(png).convert("L")
    dark = sum(image.histogram()[:128])
    assert dark > 0.01 * image.width * image.height  # lines and text, not a blank page


def test_long_table_repeats_header_and_merged_cell_on_each_page() -> None:
    texts = page_texts(render_pdf([long_form(60)], attach_json=False))
    assert len(texts) >= 3
    for text in texts:
        flat = text.replace("\r\n", "")
        assert "一级指标" in flat and "三级指标" in flat  # header row repeated
        assert "产出" in flat  # the merged 一级 cell shows its text on every page


def test_blank_form_renders() -> None:
    pdf = render_pdf([Form(project_name="")], attach_json=False)
    assert pdf.startswith(b"%PDF-")
    lines = page_texts(pdf)[0].splitlines()
    assert lines[:3] == ["财政项目支出绩效自评表", "（ 年度）", "项目名称"]  # no year, no name


# ---------------------------------------------------------------- wrapping


@pytest.fixture(scope="module")
def cjk_fonts():
    return _register_fonts(fonts.find_cjk_font())


@pytest.mark.parametrize("text", [
    "≥95.00(%)", "123456789012.34", "2024年按照项目计划执行1.00(次)", "Wi-Fi 6 AP",
    "51000021R000000019951-工资性支出", "支部书记、通讯员参与率98%，各项活动开展及时。",
])
def test_numbers_and_latin_runs_are_one_unit(text: str) -> None:
    units = [t.text for t in tokens(text)]
    for number in ("95.00(%)", "123456789012.34", "1.00(次)", "98%", "2024"):
        if number in text:
            assert any(number in u for u in units), (number, units)


def test_closing_punctuation_never_starts_a_line(cjk_fonts) -> None:
    text = "组织党建工作调研座谈会，开展党建联络员培训，在科技社团贯彻落实全面从严治党责任；" * 3
    for width in (40, 55, 70, 95, 130):
        for line in wrap_text(text, width, 9, cjk_fonts):
            assert line[:1] not in "，。、；：）", (width, line)


_CJK = st.sampled_from(list("项目资金执行率预算绩效指标活动开展完成情况满意度"))
_PUNCT = st.sampled_from(list("，。、；（）"))
_NUMBER = st.from_regex(r"[≥≤=]?\d{1,9}(\.\d{1,2})?(%|\(次\)|万元)?", fullmatch=True)
_WORD = st.from_regex(r"[A-Za-z]{1,12}", fullmatch=True)


@settings(max_examples=80, deadline=None)
@given(parts=st.lists(st.one_of(_CJK, _PUNCT, _NUMBER, _WORD), min_size=1, max_size=40),
       width=st.floats(min_value=30, max_value=200))
def test_wrapping_never_cuts_a_unit_that_fits_and_loses_nothing(
        cjk_fonts, parts: list[str], width: float) -> None:
    text = "".join(parts)
    lines = wrap_text(text, width, 9, cjk_fonts)
    assert "".join(lines) == text
    for unit in tokens(text):
        if _width(unit.text, 9, cjk_fonts) <= width:
            assert any(unit.text in line for line in lines), (unit.text, lines)


# ---------------------------------------------------------------- fonts


def test_font_search_honours_the_setting(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(fonts.FONT_ENV, str(tmp_path / "missing.ttf"))
    with pytest.raises(fonts.FontNotFound, match="字体文件不存在"):
        fonts.find_cjk_font()
    not_a_font = tmp_path / "x.ttf"
    not_a_font.write_bytes(b"OTTO" + b"\x00" * 64)  # an OpenType/CFF header
    monkeypatch.setenv(fonts.FONT_ENV, str(not_a_font))
    with pytest.raises(fonts.FontNotFound, match="TrueType"):
        fonts.find_cjk_font()


def test_no_font_at_all_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(fonts.FONT_ENV, raising=False)
    monkeypatch.setattr(fonts, "CANDIDATES", ("/nonexistent/a.ttc",))
    with pytest.raises(fonts.FontNotFound) as info:
        fonts.find_cjk_font()
    assert "apt-get install fonts-arphic-uming" in str(info.value)
    assert fonts.FONT_ENV in str(info.value)


def test_found_font_is_truetype() -> None:
    found = fonts.find_cjk_font()
    assert fonts.is_truetype(found.path, found.index)


def test_symbols_missing_from_the_cjk_font_still_print(cjk_fonts) -> None:
    form = replace(seed_forms()[0], project_name="测试•项目№1")
    text = page_texts(render_pdf([form], attach_json=False))[0]
    assert "测试" in text and "项目" in text
    if cjk_fonts.fallback is not None or ord("•") in cjk_fonts.main_chars:
        assert "测试•项目" in text


def test_cells_longer_than_a_page_still_render_every_character() -> None:
    base = seed_forms()[0]
    note = "偏差说明：" + "因疫情影响，部分活动改为线上举办，参与人数有所下降。" * 100
    goal = "目标" + "组织党建工作调研座谈会，开展党建联络员培训。" * 120
    inds = list(base.indicators)
    inds[1] = replace(inds[1], note=note)
    form = replace(base, indicators=tuple(inds), goals=replace(base.goals, expected=goal))
    flat = re.sub(r"\s+", "", "".join(page_texts(render_pdf([form], attach_json=False))))
    # a long cell runs over pages (the repeated header row comes between): count characters
    # that occur once per sentence and nowhere else on the form
    assert flat.count("疫") == 100 and flat.count("谈") == 120
