"""Hostile inputs per format, and a runner that proves each ends small and clean.

The generator makes what an attacker or a careless user would hand `jixiao`: truncations and byte
flips of real forms in every format, resource bombs (merged ranges, rows, spans, inflating
streams, huge pages, endless lines), absurd numbers, control characters and terminal sequences,
deep nesting and markup. `run_case` runs one case as `jixiao` in a child process under
`resource.setrlimit` (address space, CPU) and a wall-clock limit, measuring its peak memory
through a small launcher (as `tests/cli/test_flat_memory.py` does); `verdict` says what is
wrong with the outcome, if anything: it must end with exit 0 or 1, or exit 2 with one line on
stderr naming the input — never "内部错误", never a traceback.

`python tests/fuzz/hostile.py --count 2000 --seed 7` is the long campaign (`scripts/fuzz.sh`).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEED_TEXT = ROOT / "examples" / "seed-shanghai-2024.txt"

#: Safety limits of one case: they prove "ends", they are not speed goals.
WALL_SECONDS = 60
CPU_SECONDS = 45
ADDRESS_SPACE = 3 << 30  # bytes of virtual memory the child may map
PEAK_LIMIT_KIB = 1 << 20  # 1 GiB resident, the bound


@dataclass(frozen=True)
class Case:
    """One hostile input: a file name and its bytes, the command, the environment."""

    name: str
    filename: str
    data: bytes
    command: tuple[str, ...] = ("check",)
    stdin: bool = False
    env: dict[str, str] = field(default_factory=dict)


# ---------------------------------------------------------------- seeds: one real form per format


@cache
def seeds() -> dict[str, bytes]:
    """The seed forms in every format jixiao reads and writes (made once per process)."""
    sys.path.insert(0, str(ROOT / "src"))
    from jixiao.readers.dispatch import read_bytes
    from jixiao.rules.profile import load_profile
    from jixiao.services.evaluate import evaluate
    from jixiao.services.export import render

    text = SEED_TEXT.read_bytes()
    profile = load_profile("shanghai-2024")
    evaluations = [evaluate(r, profile) for r in read_bytes(text, "seed.txt")][:1]
    out = {"txt": text}
    for ext in ("json", "xlsx", "docx", "html", "pdf"):
        out[ext] = render(evaluations, f"seed.{ext}")
    return out


# ---------------------------------------------------------------- categories


def _zip_replace(data: bytes, part: str, change: Callable[[bytes], bytes]) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            target.writestr(info, change(content) if info.filename == part else content)
    return out.getvalue()


def _pdf(objects: list[bytes]) -> bytes:
    out = b"%PDF-1.7\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return out


def _pdf_page(box: bytes, content: bytes, extra: bytes = b"") -> bytes:
    return _pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                 b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                 b"<< /Type /Page /Parent 2 0 R /MediaBox " + box + extra
                 + b" /Contents 4 0 R >>",
                 b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content
                 + b"\nendstream"])


def bombs() -> Iterator[Case]:
    """Small files that ask for huge work or memory."""
    xlsx = seeds()["xlsx"]
    sheet = "xl/worksheets/sheet1.xml"
    yield Case("xlsx-merge-whole-sheet", "merge.xlsx", _zip_replace(
        xlsx, sheet, lambda c: _merged(c, b'<mergeCell ref="A1:XFD1048576"/>')))
    merges = b"".join(b'<mergeCell ref="A%d:Z%d"/>' % (i, i + 70) for i in range(1, 2001))
    yield Case("xlsx-2000-overlapping-merges", "merges.xlsx", _zip_replace(
        xlsx, sheet, lambda c: _merged(c, merges)))
    rows = b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (i, i)
                    for i in range(200, 300_000))
    yield Case("xlsx-300k-rows", "rows.xlsx", _zip_replace(
        xlsx, sheet, lambda c: c.replace(b"</sheetData>", rows + b"</sheetData>")))
    yield Case("xlsx-far-cell", "far.xlsx", _zip_replace(
        xlsx, sheet, lambda c: c.replace(b"</sheetData>",
                                         b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
                                         b"</sheetData>")))
    spans = "".join("<tr><td rowspan=1000 colspan=1000>x</td></tr>" for _ in range(1000))
    yield Case("html-span-bomb", "span.html",
               f"<table><tr><td>项目名称</td><td>x</td></tr>{spans}</table>".encode())
    inflating = zlib.compress(b"\0" * (300 << 20), 9)
    yield Case("pdf-flate-bomb", "flate.pdf", _pdf_page(b"[0 0 595 842]", inflating))
    yield Case("pdf-huge-page", "page.pdf",
               _pdf_page(b"[0 0 14400 14400]", zlib.compress(b"BT ET")))
    yield Case("pdf-userunit", "unit.pdf",
               _pdf_page(b"[0 0 14400 14400]", zlib.compress(b"BT ET"), b" /UserUnit 75000"))
    yield Case("text-endless-line", "-", b"a" * (60 << 20), ("parse", "-"), stdin=True)
    yield Case("text-only-spaces", "-", b" " * (60 << 20), ("parse", "-"), stdin=True)
    yield Case("docx-gridspan-bomb", "span.docx", _gridspan_docx(2000, 4096))
    yield Case("zip-bomb-docx", "bomb.docx", _zip_replace(
        seeds()["docx"], "word/document.xml", lambda c: c + b" " * (600 << 20)))


def _gridspan_docx(rows: int, span: int) -> bytes:
    """A Word table of `rows` rows, each one cell `span` grid columns wide."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    table = document.add_table(rows=1, cols=1)
    table.cell(0, 0).text = "项目名称"
    for _ in range(rows):
        row, cell, props, grid = (OxmlElement(t) for t in ("w:tr", "w:tc", "w:tcPr",
                                                           "w:gridSpan"))
        grid.set(qn("w:val"), str(span))
        props.append(grid)
        cell.append(props)
        cell.append(OxmlElement("w:p"))
        row.append(cell)
        table._tbl.append(row)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _merged(sheet: bytes, ranges: bytes) -> bytes:
    """A worksheet's XML with more merged ranges."""
    if b"</mergeCells>" in sheet:
        return sheet.replace(b"</mergeCells>", ranges + b"</mergeCells>")
    return sheet.replace(b"</sheetData>", b"</sheetData><mergeCells>" + ranges + b"</mergeCells>")


def nesting() -> Iterator[Case]:
    """Deep structures: JSON 100,000 deep (also in a PDF attachment), long integers."""
    yield Case("json-deep-array", "deep.json", b"[" * 100_000 + b"]" * 100_000)
    yield Case("json-deep-object", "deep.json", b'{"a":' * 100_000 + b"1" + b"}" * 100_000)
    yield Case("json-long-integer", "int.json",
               b'[{"schema_version": "1", "project_name": "x", "year": ' + b"9" * 5000 + b"}]")
    yield Case("json-stdin-deep", "-", b"[" * 100_000, ("parse", "-"), stdin=True)
    pdf = seeds()["pdf"]
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    while doc.count_attachments():
        doc.del_attachment(0)
    doc.new_attachment("jixiao-forms.json").set_data(b"[" * 100_000 + b"]" * 100_000)
    out = io.BytesIO()
    doc.save(out)
    yield Case("pdf-deep-attachment", "attached.pdf", out.getvalue())
    yield Case("xlsx-nested-formula", "formula.xlsx", _formula_book(
        ["=" + "(" * 1000 + "1" + ")" * 1000, "=10^1000000", "=0^-1", "=SUM(C10:F20)"]))


def _formula_book(formulas: list[str]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet["A1"], sheet["B1"] = "项目名称", "公式"
    sheet["A2"], sheet["B2"] = "年初预算数", "7.20"
    for row, formula in enumerate(formulas, 3):
        sheet.cell(row, 2, formula)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


ABSURD = ("1" + "0" * 40, "9" * 29 + ".99", "0." + "0" * 60 + "1", "1" * 5000, "-" + "9" * 30,
          "１２３４５６７８９０１２３４５６７８９０")


def numbers() -> Iterator[Case]:
    """Amounts, rates, weights and scores far outside any sane value, in JSON and text."""
    form = json.loads(seeds()["json"])[0]
    for i, value in enumerate(ABSURD):
        changed = json.loads(json.dumps(form))
        changed["funds"]["rows"][0]["annual"] = value
        changed["indicators"][0]["weight"] = value
        changed["indicators"][1]["target"] = f"≥{value}(次)"
        changed["total"]["score"] = value
        yield Case(f"json-absurd-{i}", "n.json", json.dumps([changed]).encode(),
                   ("score", "--profile", "shanghai-2024"))
    text = SEED_TEXT.read_text(encoding="utf-8")
    yield Case("text-absurd", "n.txt", text.replace("7.20 7.20 7.20", f"7.20 {ABSURD[0]} 7.20")
               .replace("100.00 10.00", f"{ABSURD[1]} 10.00").encode())


CONTROL = ("\x00", "\x0b", "\x1b[31m红\x1b[0m", "\x1b]8;;file:///etc/passwd\x07链接\x1b]8;;\x07",
           "[link=file:///etc/passwd]x[/link]", "[/x]", "<script>alert(1)</script>", "\ud800",
           "\u202e", "\x9b2J")


def control() -> Iterator[Case]:
    """Control characters, terminal sequences, lone surrogates and markup in form text, through
    every command and into DOCX and XLSX."""
    form = json.loads(seeds()["json"])[0]
    for i, bad in enumerate(CONTROL):
        changed = json.loads(json.dumps(form))
        changed["project_name"] += bad
        changed["indicators"][0]["name"] = bad + "指标"
        changed["goals"]["expected"] = "目标" + bad
        data = json.dumps([changed], ensure_ascii=True).encode()
        for command in (("score",), ("check",), ("render", "-o", "{out}.docx"),
                        ("render", "-o", "{out}.xlsx")):
            yield Case(f"json-control-{i}-{command[0]}-{command[-1][-4:]}", "c.json", data,
                       command)
    text = SEED_TEXT.read_text(encoding="utf-8").replace("科技社团党建工作",
                                                          "科技\x1b[2J社团\x00[/x]")
    yield Case("text-control", "c.txt", text.encode("utf-8", "surrogatepass"), ("score",))


def damage(rng: random.Random, count: int) -> Iterator[Case]:
    """Truncations and byte flips of the seed in every format."""
    formats = list(seeds())
    for i in range(count):
        ext = formats[i % len(formats)]
        data = seeds()[ext]
        if i % 2 == 0:
            cut = rng.randrange(1, len(data))
            yield Case(f"truncated-{ext}-{cut}", f"t.{ext}", data[:cut])
        else:
            flipped = bytearray(data)
            for _ in range(rng.choice((1, 4, 32))):
                flipped[rng.randrange(len(flipped))] = rng.randrange(256)
            yield Case(f"flipped-{ext}-{i}", f"f.{ext}", bytes(flipped))


def other() -> Iterator[Case]:
    """Inputs that are not files, settings that are not numbers, absurd profiles."""
    yield Case("device", "/dev/zero", b"", ("parse",))
    yield Case("setting-superscript", "s.txt", SEED_TEXT.read_bytes(), ("parse",),
               env={"JIXIAO_MAX_FILE_MB": "²"})
    yield Case("one-line-form", "one.txt", "项目名称 x\n".encode(), ("parse",))
    yield Case("profile-device", "p.txt", SEED_TEXT.read_bytes(),
               ("score", "--profile", "/dev/zero"))
    yield Case("profile-deep", "p.txt", SEED_TEXT.read_bytes(),
               ("score", "--profile", "{dir}/deep.toml"))


def quick_cases(seed: int = 0) -> list[Case]:
    """The cases CI runs: every category, a few damaged files per format."""
    rng = random.Random(seed)
    return [*bombs(), *nesting(), *numbers(), *control(), *other(), *damage(rng, 24)]


def long_cases(seed: int, count: int) -> Iterator[Case]:
    """The campaign: the quick cases, then `count` damaged files."""
    yield from quick_cases(seed)
    yield from damage(random.Random(seed), count)


# ---------------------------------------------------------------- running

_LAUNCHER = """
import os, resource, subprocess, sys
space, cpu, stdin, err = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
def limit():
    resource.setrlimit(resource.RLIMIT_AS, (space, space))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
with open(stdin or os.devnull, "rb") as i, open(err, "wb") as e:
    proc = subprocess.Popen(sys.argv[5:], stdin=i, stdout=subprocess.DEVNULL, stderr=e,
                            preexec_fn=limit)
    _, status, usage = os.wait4(proc.pid, 0)
print(os.waitstatus_to_exitcode(status), usage.ru_maxrss)
"""


@dataclass(frozen=True)
class Outcome:
    """How a case ended: exit code, peak resident KiB, stderr text (None: killed for time)."""

    code: int | None
    peak_kib: int
    stderr: str


def run_case(case: Case, workdir: Path) -> Outcome:
    """Run `jixiao` on the case in a child under the limits (see the module docstring)."""
    path = case.filename if case.filename.startswith("/") else str(workdir / case.filename)
    if not case.stdin and not case.filename.startswith("/"):
        Path(path).write_bytes(case.data)
    (workdir / "deep.toml").write_text("a = " + "[" * 50_000 + "]" * 50_000 + "\n")
    stdin = ""
    if case.stdin:
        stdin = str(workdir / "stdin.bin")
        Path(stdin).write_bytes(case.data)
    command = [c.format(out=workdir / "out", dir=workdir) for c in case.command]
    files = [] if case.stdin else [path]
    if command[0] == "render":
        argv = ["render", *files, *command[1:]]
    else:
        argv = [command[0], *files, *command[1:]]
    err = workdir / "stderr.txt"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), **case.env}
    launcher = [sys.executable, "-c", _LAUNCHER, str(ADDRESS_SPACE), str(CPU_SECONDS), stdin,
                str(err), sys.executable, "-m", "jixiao.cli", *argv]
    proc = subprocess.Popen(launcher, stdout=subprocess.PIPE, env=env, start_new_session=True,
                            text=True)
    try:
        out, _ = proc.communicate(timeout=WALL_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        return Outcome(None, 0, err.read_text(encoding="utf-8", errors="replace"))
    code, peak = out.split()
    return Outcome(int(code), int(peak), err.read_text(encoding="utf-8", errors="replace"))


def verdict(case: Case, outcome: Outcome) -> str | None:
    """What is wrong with how the case ended, or None when it ended small and clean."""
    if outcome.code is None:
        return f"did not end within {WALL_SECONDS} s"
    if outcome.peak_kib > PEAK_LIMIT_KIB:
        return f"peak memory {outcome.peak_kib // 1024} MiB"
    lines = outcome.stderr.splitlines()
    if "内部错误" in outcome.stderr or "Traceback" in outcome.stderr:
        return f"internal error: {outcome.stderr[:300]!r}"
    if any(ch in outcome.stderr for ch in "\x1b\x00\x9b\x07"):
        return "control characters on stderr"
    if outcome.code in (0, 1):
        return None
    if outcome.code != 2:
        return f"exit {outcome.code}: {outcome.stderr[:300]!r}"
    if len(lines) != 1 or not lines[0].startswith("jixiao: "):
        return f"not one line: {outcome.stderr[:300]!r}"
    named = ["<stdin>" if case.stdin else case.filename,
             *(Path(a).name for a in case.command if "/" in a or a.endswith(".toml"))]
    if not any(n in lines[0] for n in named) and "JIXIAO_" not in lines[0]:
        return f"the message does not name the input: {lines[0][:200]!r}"
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="hostile inputs against jixiao (long campaign)")
    parser.add_argument("--count", type=int, default=500, help="damaged files beyond the quick set")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    failures = 0
    total = 0
    with tempfile.TemporaryDirectory(prefix="jixiao-fuzz-") as tmp:
        for case in long_cases(args.seed, args.count):
            total += 1
            outcome = run_case(case, Path(tmp))
            problem = verdict(case, outcome)
            status = "FAIL" if problem else "ok"
            print(f"{status:4} {case.name:40} exit={outcome.code} "
                  f"peak={outcome.peak_kib // 1024}MiB {problem or ''}", flush=True)
            failures += problem is not None
    print(f"{total} cases, {failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
