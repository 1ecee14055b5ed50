"""The audit report opens offline in Chromium, in Chinese, with its charts and every form; the
XLSX carries the same tables. A screenshot is saved under test-artifacts/screenshots/."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

DATA = Path(__file__).parent.parent / "data"
ROOT = Path(__file__).parent.parent.parent
CHROMIUM = next((p for p in ("/usr/lib/chromium/chromium", shutil.which("chromium") or "")
                 if p and os.path.exists(p)), None)
SHOTS = Path(os.environ.get("JIXIAO_SCREENSHOTS", ROOT / "test-artifacts" / "screenshots"))


#: Every form of the seed (4) and of the corpus copies (15, in 13 files).
FORMS = 19


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`jixiao audit` of the repository's copies of the seed and the corpus, as a user runs it."""
    root = tmp_path_factory.mktemp("report")
    seed, corpus = root / "seed", root / "raw"
    seed.mkdir()
    shutil.copy(DATA / "seed.txt", seed / "000_seed.txt")
    shutil.copytree(DATA / "corpus" / "raw", corpus)
    (corpus / "说明.txt").write_text("本文件夹收录各单位公开的绩效自评表。", encoding="utf-8")
    out = root / "out"
    result = subprocess.run([sys.executable, "-m", "jixiao.cli", "audit", str(seed), str(corpus),
                             "--out", str(out), "--profile", "shanghai-2024", "--sample", "6",
                             "--seed", "1", "-j", "2"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "已审核 15 个文件" in result.stderr and f"{FORMS} 张表" in result.stderr
    return out


def test_report_is_self_contained(report: Path) -> None:
    html = (report / "report.html").read_text(encoding="utf-8")
    for loads in ("<script", "<link", "<img", "src=", "url(", "@import"):  # nothing fetched
        assert loads not in html, loads
    for words in ("批量审核报告", "评分等级", "预算执行率", "最常见的问题", "按主管部门", "按单位",
                  "抽查样本", "风险信号", "全部表", "未能读取或部分读取的文件"):
        assert words in html, words
    assert html.count('<tr id="form-') == FORMS
    assert html.count("<svg") == 4
    assert "raw/说明.txt" in html  # a file that held no form is listed with its reason


def test_report_xlsx_has_the_tables(report: Path) -> None:
    book = load_workbook(report / "report.xlsx", read_only=True)
    assert book.sheetnames == ["概况", "分布", "常见问题", "按主管部门", "按单位", "抽查样本",
                               "文件问题", "风险信号", "全部表"]
    rows = list(book["全部表"].iter_rows(values_only=True))
    assert len(rows) == 1 + FORMS
    assert len(list(book["抽查样本"].iter_rows(values_only=True))) == 1 + 6


@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM is None and not os.environ.get("CI"),
                    reason="Debian's chromium is not installed (scripts/system-deps.sh)")
def test_report_opens_in_chromium(report: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM or "/usr/lib/chromium/chromium",
                                    args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 1600})
            requests: list[str] = []
            page.on("request", lambda r: requests.append(r.url))
            page.goto((report / "report.html").as_uri())
            assert page.title() == "财政项目支出绩效自评表 批量审核报告"
            assert page.locator("svg").count() == 4
            assert page.locator("svg rect").count() >= 4  # bars drawn
            assert page.locator("tr[id^=form-]").count() == FORMS
            link = page.locator("a[href^='#form-']").first
            target = link.get_attribute("href")
            link.click()
            assert page.evaluate("location.hash") == target
            page.goto((report / "report.html").as_uri())
            page.screenshot(path=str(SHOTS / "audit-report.png"), full_page=False)
            assert all(u.startswith("file://") for u in requests), requests
        finally:
            browser.close()
