"""Benchmark: PDF reading (read + score + check) in ms per page, beside pdfplumber's
`extract_tables` alone and pypdfium2's raw text extraction (the floor), in the same run.

Run: `.venv/bin/python benchmarks/bench_pdf.py [--repeat 3] [--pages 50] [--stages] [--ocr]
[--batch-gc] [FILE.pdf ...]`; `--stages` adds where a page's time goes (page load, text runs,
ruling lines, grids and cells, tables, the table mapper, score + check); `--batch-gc` tunes the
cycle collector as every `jixiao` command does (`services.runtime.tune_for_batches`; by default
Python's settings, as earlier rounds measured); `--ocr` times OCR of the seed forms' pages
scanned (rendered at 144 dpi, some turned by a degree as a sheet fed crooked), CPU seconds
per page. The PDFs are the seed's four forms drawn by our writer (without the JSON attachment,
so the page content is read), a longer document of the seed forms repeated, one form whose
indicator table runs over half as many pages (the table's pages joined), the same drawn as a
three-line table (generated at run time by `tests/data/pdf/make_three_line.py`), the PDFs under
`tests/data/pdf` (three-line tables, drawn by reportlab) and any FILE given; a last table gives
each file's ratio to the raw-text floor. The scoring profile is loaded once per process (as
the CLI and the batch audit load it), outside the per-page times; its load time is printed.
Aim: faster than pdfplumber's extract_tables alone, within 3× of the raw-text floor.
"""

from __future__ import annotations

import argparse
import functools
import io
import json
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from jixiao.core.form_json import forms_from_json_value
from jixiao.core.model import Form
from jixiao.readers.pdf import read_pdf
from jixiao.rules.profile import Profile, load_profile
from jixiao.services.evaluate import evaluate
from jixiao.writers.pdf import render_pdf

SEED_GOLDEN = Path(__file__).resolve().parent.parent / "tests" / "data" / "golden" / "seed.json"
TEST_PDFS = Path(__file__).resolve().parent.parent / "tests" / "data" / "pdf"


def seed_forms() -> list[Form]:
    return forms_from_json_value(json.loads(SEED_GOLDEN.read_text(encoding="utf-8")))


def page_count(pdf: bytes) -> int:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        return len(doc)
    finally:
        doc.close()


def document_of(pages: int) -> bytes:
    """The seed forms repeated (in order) until the PDF has at least `pages` pages."""
    forms = seed_forms()
    per_round = page_count(render_pdf(forms, attach_json=False))
    rounds = -(-pages // per_round)
    chosen = forms * rounds
    pdf = render_pdf(chosen, attach_json=False)
    while page_count(pdf) - 1 >= pages and len(chosen) > 1:  # trim to the smallest ≥ pages
        shorter = render_pdf(chosen[:-1], attach_json=False)
        if page_count(shorter) < pages:
            break
        chosen, pdf = chosen[:-1], shorter
    return pdf


@functools.cache
def bench_profile() -> Profile:
    """The profile scored against, loaded once per process (as the CLI and the batch audit
    do): its load is a fixed cost, timed apart (`profile_load_ms`), not a per-page one."""
    return load_profile("shanghai-2024")


def profile_load_ms(repeat: int) -> float:
    """CPU ms of loading the profile (the best of `repeat` loads)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        load_profile("shanghai-2024")
        best = min(best, time.process_time() - start)
    return best * 1000


def long_table_of(pages: int) -> bytes:
    """One seed form whose indicator table runs over at least `pages` pages (its indicators
    repeated): joining a table's pages must cost each page its own cells."""
    form = seed_forms()[0]
    copies = 1
    while True:
        pdf = render_pdf([replace(form, indicators=form.indicators * copies)],
                         attach_json=False)
        if page_count(pdf) >= pages:
            return pdf
        copies *= 2


def three_line_long_table_of(pages: int) -> bytes:
    """The long table's form drawn as a three-line table (horizontal rules only, the caption
    row repeated on each page), by `tests/data/pdf/make_three_line.py`'s writer, generated
    here rather than committed: its columns and rows come from the text on every page."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_three_line",
                                                  TEST_PDFS / "make_three_line.py")
    assert spec is not None and spec.loader is not None
    maker = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(maker)
    form = seed_forms()[0]
    copies = 1
    while True:
        pdf = maker.render([replace(form, indicators=form.indicators * copies)])
        if page_count(pdf) >= pages:
            return pdf
        copies *= 2


def jixiao_read_and_evaluate(pdf: bytes) -> int:
    profile = bench_profile()
    findings = 0
    for result in read_pdf(pdf, filename="bench.pdf", use_attachment=False):
        findings += len(evaluate(result, profile).findings)
    return findings


def jixiao_read_only(pdf: bytes) -> int:
    return len(read_pdf(pdf, filename="bench.pdf", use_attachment=False))


def pdfplumber_tables(pdf: bytes) -> int:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return sum(len(page.extract_tables()) for page in doc.pages)


def pdfium_raw_text(pdf: bytes) -> int:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    total = 0
    try:
        for i in range(len(doc)):
            page = doc[i]
            textpage = page.get_textpage()
            total += len(textpage.get_text_range())
            textpage.close()
            page.close()
    finally:
        doc.close()
    return total


class _Clock:
    """CPU time per stage: each `lap` gives the time since the previous lap to a stage."""

    def __init__(self) -> None:
        self.spent: dict[str, float] = defaultdict(float)
        self._last = time.process_time()

    def lap(self, stage: str) -> None:
        now = time.process_time()
        self.spent[stage] += now - self._last
        self._last = now


def staged_read_and_evaluate(pdf: bytes) -> dict[str, float]:
    """`read_pdf` + evaluation with the reader's stages called in its order, timed apart
    (seconds per stage)."""
    import pypdfium2 as pdfium

    from jixiao.readers import pdf as reader
    from jixiao.readers.grid_form import read_tables
    from jixiao.readers.limits import ReadLimits
    from jixiao.readers.pdf_grid import assemble_tables, page_blocks

    profile = bench_profile()
    clock = _Clock()
    reader.check_streams(pdf, "bench.pdf", ReadLimits())
    clock.lap("流检查")
    doc = pdfium.PdfDocument(pdf)
    blocks: list = []
    for index in range(len(doc)):
        page = doc[index]
        space = reader._page_space(page)
        textpage = page.get_textpage()
        clock.lap("打开页面")
        runs, chars = reader._text_runs(textpage, space)
        runs = space.visible(runs)
        clock.lap("文字")
        rules = reader._rules(page, space)
        clock.lap("表格线")
        blocks.append(page_blocks(rules, runs, page=index + 1, split_run=chars.split,
                                  caption_kind=reader.caption_kind,
                                  guide=reader._guide(blocks)))
        clock.lap("单元格")
        textpage.close()
        page.close()
        clock.lap("打开页面")
    doc.close()
    tables = assemble_tables(blocks, filename="bench.pdf")
    clock.lap("拼表")
    results = read_tables(tables, filename="bench.pdf")
    clock.lap("表→表单")
    for result in results:
        evaluate(result, profile)
    clock.lap("计分+审核")
    return dict(clock.spent)


def stage_ms_per_page(pdf: bytes, pages: int, repeat: int) -> dict[str, float]:
    """CPU ms per page of each stage, the best of `repeat` runs for each."""
    best: dict[str, float] = {}
    for _ in range(repeat):
        for stage, seconds in staged_read_and_evaluate(pdf).items():
            best[stage] = min(best.get(stage, float("inf")), seconds * 1000 / pages)
    return best


def best_ms_per_page(fn: Callable[[bytes], int], pdf: bytes, pages: int, repeat: int) -> float:
    """Best of `repeat` runs, in CPU milliseconds per page (CPU time of this process, so that
    other work on a shared machine does not blur the comparison; all contenders are
    single-threaded)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        fn(pdf)
        best = min(best, time.process_time() - start)
    return best * 1000 / pages


def scanned(pdf: bytes, skews: tuple[float, ...] = (0.0, 1.2, -0.7)) -> bytes:
    """Each page of `pdf` as a scan: rendered to a grey image (turned by the next of `skews`
    degrees) on an image-only page of the same size."""
    import pypdfium2 as pdfium
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    doc = pdfium.PdfDocument(pdf)
    out = io.BytesIO()
    sheet = canvas.Canvas(out)
    try:
        for index in range(len(doc)):
            page = doc[index]
            width, height = page.get_size()
            image = page.render(scale=2.0).to_pil().convert("L")
            skew = skews[index % len(skews)]
            if skew:
                image = image.rotate(skew, fillcolor=255)
            sheet.setPageSize((width, height))
            sheet.drawImage(ImageReader(image), 0, 0, width=width, height=height)
            sheet.showPage()
    finally:
        doc.close()
    sheet.save()
    return out.getvalue()


def ocr_seconds_per_page(pdf: bytes) -> list[float]:
    """CPU seconds of `ocr_page` for each page of a scanned PDF (the engine loaded before)."""
    import pypdfium2 as pdfium

    from jixiao.readers import pdf as reader
    from jixiao.readers.limits import ReadLimits

    reader._ocr_engine()
    doc = pdfium.PdfDocument(pdf)
    spent = []
    try:
        for index in range(len(doc)):
            page = doc[index]
            start = time.process_time()
            reader.ocr_page(page, reader.ocr_scale(*page.get_size(), ReadLimits()))
            spent.append(time.process_time() - start)
            page.close()
    finally:
        doc.close()
    return spent


def print_ocr() -> None:
    from jixiao.readers.pdf import ocr_available

    if not ocr_available():
        print("\nOCR 未安装，跳过（pip install 'jixiao[ocr]'）")
        return
    pdf = scanned(render_pdf(seed_forms(), attach_json=False))
    # onnxruntime sets itself up on a process's first inference (about 1 s here, whatever the
    # image), so the first pass carries it on its first page and the second shows pages alone
    for label in ("首遍（含进程内首次推理的准备）", "再遍"):
        spent = ocr_seconds_per_page(pdf)
        print(f"\n扫描页 OCR {label}：{len(spent)} 页，"
              f"每页 CPU {min(spent):.2f}–{max(spent):.2f} 秒，"
              f"平均 {sum(spent) / len(spent):.2f} 秒；逐页 {' '.join(f'{s:.2f}' for s in spent)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("files", nargs="*", type=Path, help="more PDFs to time")
    parser.add_argument("--repeat", type=int, default=3, help="best of N runs (default 3)")
    parser.add_argument("--pages", type=int, default=50, help="pages of the long document")
    parser.add_argument("--stages", action="store_true", help="also time each stage")
    parser.add_argument("--ocr", action="store_true", help="also time OCR of scanned pages")
    parser.add_argument("--batch-gc", action="store_true",
                        help="tune the cycle collector as the CLI does (tune_for_batches); "
                             "default: Python's defaults, as earlier rounds measured")
    args = parser.parse_args()
    if args.batch_gc:
        from jixiao.services.runtime import tune_for_batches

        tune_for_batches()  # as the command does (every `jixiao` command, `serve` included)
    bench_profile()
    docs = [("种子表（4 张）", render_pdf(seed_forms(), attach_json=False)),
            (f"重复表（≥{args.pages} 页）", document_of(args.pages)),
            (f"长表（一张表 ≥{args.pages // 2} 页）", long_table_of(args.pages // 2)),
            (f"三线长表（≥{args.pages // 2} 页）", three_line_long_table_of(args.pages // 2))]
    docs += [(path.name, path.read_bytes())
             for path in [*sorted(TEST_PDFS.glob("*.pdf")), *args.files]]
    try:
        import pdfplumber  # noqa: F401
        have_plumber = True
    except ImportError:
        have_plumber = False
    print(f"jixiao PDF 基准：每页 CPU 毫秒数，取 {args.repeat} 次最好成绩，"
          f"Python {sys.version.split()[0]}，"
          f"{'垃圾回收按命令行的批量设置' if args.batch_gc else '垃圾回收为 Python 默认设置'}")
    print(f"（计分配置每个进程加载一次，不计入每页时间：加载 "
          f"{profile_load_ms(args.repeat):.2f} ms）")
    ratios: list[tuple[str, int, float, float]] = []
    for label, pdf in docs:
        pages = page_count(pdf)
        ours = best_ms_per_page(jixiao_read_and_evaluate, pdf, pages, args.repeat)
        read = best_ms_per_page(jixiao_read_only, pdf, pages, args.repeat)
        floor = best_ms_per_page(pdfium_raw_text, pdf, pages, args.repeat)
        ratios.append((label, pages, ours, floor))
        print(f"\n{label}：{pages} 页")
        print(f"  jixiao 读取+计分+审核   {ours:8.2f} ms/页")
        print(f"  jixiao 仅读取           {read:8.2f} ms/页")
        print(f"  pypdfium2 纯文本（下限） {floor:8.2f} ms/页   jixiao/下限 = {ours / floor:5.2f}×")
        if have_plumber:
            plumber = best_ms_per_page(pdfplumber_tables, pdf, pages, max(1, args.repeat - 2))
            print(f"  pdfplumber extract_tables {plumber:6.2f} ms/页   "
                  f"jixiao/pdfplumber = {ours / plumber:5.2f}×")
        else:
            print("  pdfplumber 未安装，跳过对比（pip install pdfplumber）")
        if args.stages:
            stages = stage_ms_per_page(pdf, pages, args.repeat)
            print("  各阶段（ms/页）：" + "  ".join(f"{k} {v:.2f}" for k, v in stages.items()))
    print("\n各文件（读取+计分+审核 / 纯文本下限）：")
    for label, pages, ours, floor in ratios:
        print(f"  {label:28s} {pages:3d} 页  {ours:6.2f} / {floor:5.2f} ms/页 "
              f"= {ours / floor:5.2f}×")
    if args.ocr:
        print_ocr()
    return 0


if __name__ == "__main__":
    sys.exit(main())
