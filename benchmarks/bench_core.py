"""Benchmark of the `jixiao` command itself: start-up, and parse + score + check of realistic
batches of 1,000 / 10,000 / 100,000 forms in one file (text and JSON): CPU and wall time, forms
per second, peak resident memory of the process.

Run: `.venv/bin/python benchmarks/bench_core.py [--sizes 1000 10000 100000]` (see README).
The forms come from `benchmarks/generate.py` (varied names, targets, units, layouts). Each figure
is one run of the installed command in a fresh process, measured by the kernel (`wait4`): CPU is
user + system time of that process, so other work on the machine inflates the wall time more
than the CPU time.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generate import write_batch

ROOT = Path(__file__).resolve().parent.parent
JIXIAO = ROOT / ".venv" / "bin" / "jixiao"
SMALL = ROOT / "tests" / "data" / "corpus" / "raw" / "002.txt"


def measure(args: list[str]) -> tuple[float, float, float]:
    """(CPU seconds, wall seconds, peak RSS MiB) of one run of `jixiao args`."""
    start = time.perf_counter()
    with open(os.devnull, "wb") as sink:
        proc = subprocess.Popen([str(JIXIAO), *args], stdout=sink, stderr=sink)
        _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"jixiao {' '.join(args)} failed ({proc.returncode})")
    return usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024


def best(args: list[str], runs: int) -> tuple[float, float, float]:
    """The run with the least CPU time of `runs` (the least disturbed by other work)."""
    return min((measure(args) for _ in range(runs)), key=lambda m: m[0])


def start_up(runs: int) -> None:
    print(f"\n启动时间（最少 CPU 的一次，共 {runs} 次）")
    print(f"{'命令':<44} {'CPU s':>7} {'墙钟 s':>7} {'内存 MiB':>9}")
    for args in (["--help"], ["check", str(SMALL), "--format", "json"],
                 ["score", str(SMALL)]):
        cpu, wall, rss = best(args, runs)
        label = "jixiao " + " ".join(a if "/" not in a else Path(a).name for a in args)
        print(f"{label:<44} {cpu:7.3f} {wall:7.3f} {rss:9.1f}")


def batches(sizes: list[int], folder: Path, profile: str) -> None:
    print(f"\n批量：一个文件中的 N 张表，规则 {profile}，单进程")
    print(f"{'输入':<6} {'张数':>7} {'命令与输出':<12} {'CPU s':>8} {'墙钟 s':>8} "
          f"{'张/秒(CPU)':>11} {'张/秒(墙钟)':>11} {'内存峰值 MiB':>12}")
    for size in sizes:
        for fmt in ("text", "json"):
            path = folder / f"forms-{size}.{'txt' if fmt == 'text' else 'json'}"
            if not path.exists():
                with open(path, "w", encoding="utf-8") as out:
                    write_batch(size, fmt, out)
            runs = [("check", "json"), ("check", "people")]
            if size == min(sizes):
                runs += [("score", "json"), ("score", "people")]
            for command, output in runs if size <= 10_000 else runs[:1]:
                extra = ["--format", "json"] if output == "json" else []
                cpu, wall, rss = measure([command, str(path), "--profile", profile, *extra])
                print(f"{fmt:<6} {size:>7} {command + ' ' + output:<12} {cpu:8.2f} {wall:8.2f} "
                      f"{size / cpu:11.0f} {size / wall:11.0f} {rss:12.1f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--profile", default="shanghai-2024")
    parser.add_argument("--runs", type=int, default=5, help="runs of each start-up command")
    parser.add_argument("--keep", metavar="DIR", help="keep the generated files in DIR")
    args = parser.parse_args()
    print(f"jixiao 基准（{time.strftime('%Y-%m-%d')}，Python {sys.version.split()[0]}，"
          f"{os.cpu_count()} 核）")
    start_up(args.runs)
    if args.keep:
        Path(args.keep).mkdir(parents=True, exist_ok=True)
        batches(args.sizes, Path(args.keep), args.profile)
    else:
        with tempfile.TemporaryDirectory(prefix="jixiao-bench-") as folder:
            batches(args.sizes, Path(folder), args.profile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
