"""Benchmark of `jixiao audit`: forms per second and peak memory for batches of N forms made by
`generate.py --audit` (JSON arrays, PDF-text, .xlsx/.docx/.html/.pdf files, a ZIP, broken
files, faults injected), with N processes.

Run: `.venv/bin/python benchmarks/bench_audit.py [--sizes 10000 100000] [--office 0.05] [-j 2]`.
Each figure is one run of the installed command in a fresh process, measured by the kernel
(`wait4`): CPU is user + system time of the command and its worker processes, peak RSS the
largest resident set of any one of them. A second run on the same output folder measures a
resumed run with every file already done (assembly only).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from bench_core import measure
from generate import write_audit_batch

ROOT = Path(__file__).resolve().parent.parent
JIXIAO = ROOT / ".venv" / "bin" / "jixiao"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--office", type=float, default=0.05,
                        help="share of forms in office files (.xlsx/.docx/.html/.pdf), one each")
    parser.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--keep", metavar="DIR", help="keep the generated batches in DIR")
    args = parser.parse_args()
    folder = Path(args.keep or tempfile.mkdtemp(prefix="jixiao-audit-bench-"))
    print(f"jixiao audit 基准（{time.strftime('%Y-%m-%d')}，Python {sys.version.split()[0]}，"
          f"{os.cpu_count()} 核，-j {args.jobs}，办公文档占 {args.office:.0%}）")
    print(f"{'张数':>8} {'文件数':>7} {'运行':<10} {'CPU s':>8} {'墙钟 s':>8} {'张/秒(墙钟)':>11} "
          f"{'张/秒(CPU)':>11} {'内存峰值 MiB':>12}")
    try:
        for size in args.sizes:
            batch = folder / f"batch-{size}-{args.office}"
            if not batch.exists():
                write_audit_batch(batch, size, office=args.office, faults=0.2, per_file=200)
            files = sum(1 for p in batch.rglob("*") if p.is_file())
            out = folder / f"out-{size}"
            shutil.rmtree(out, ignore_errors=True)
            command = ["audit", str(batch), "--out", str(out), "-j", str(args.jobs),
                       "--sample", "100", "--seed", "1"]
            for label in ("全部读取", "续跑(全部已完成)"):
                cpu, wall, rss = measure(command)
                print(f"{size:>8} {files:>7} {label:<10} {cpu:8.1f} {wall:8.1f} "
                      f"{size / wall:11.0f} {size / cpu:11.0f} {rss:12.1f}", flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
