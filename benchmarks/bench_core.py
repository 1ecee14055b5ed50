"""Benchmark of the `jixiao` command itself: start-up, and parse + score + check of realistic
batches of 1,000 / 10,000 / 100,000 forms in one file (text and JSON): CPU and wall time, forms
per second, peak resident memory of the process.

Run: `.venv/bin/python benchmarks/bench_core.py [--sizes 1000 10000 100000]` (see README).
The forms come from `benchmarks/generate.py` (varied names, targets, units, layouts). Each figure
is one run of the installed command in a fresh process, measured by the kernel (`wait4`): CPU is
user + system time of that process, so other work on the machine inflates the wall time more
than the CPU time.

`--stages N` adds where one form's time goes, measured inside one process that reads, scores,
checks and encodes N generated forms one at a time as `jixiao check --format json` does (CPU
time of each stage, summed over the forms; the clock calls themselves add about 1 µs a stage),
and what the command spends besides: the CPU of a run on one form (start-up and exit).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import BinaryIO

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


STAGES = ("读取（含清理）", "计分", "审核", "输出 JSON")


def stages(path: Path, profile_name: str) -> tuple[int, list[float]]:
    """(forms, CPU seconds of each of `STAGES`) for one pass over the file, form by form: the
    parts of `services.evaluate.evaluate` and of the command's JSON output, timed apart."""
    from jixiao.rules.checks import run_checks
    from jixiao.rules.engine import score_form
    from jixiao.services.evaluate import check_params, sort_findings
    from jixiao.services.inputs import iter_path, pick_profile, read_limits_of
    from jixiao.services.present import finding_json
    from jixiao.services.runtime import tune_for_batches

    tune_for_batches()  # as the command does
    profile = pick_profile(profile_name)
    params = check_params(profile)
    clock = time.process_time
    spent = [0.0] * len(STAGES)
    forms = 0
    results = iter_path(str(path), _no_stdin, read_limits_of())
    while True:
        start = clock()
        result = next(results, None)
        read = clock()
        if result is None:
            break
        forms += 1
        card = score_form(result.form, profile)
        scored = clock()
        findings = run_checks(result.form, profile, card, params=params)
        checked = clock()
        ", ".join(map(finding_json, sort_findings([*result.findings, *findings])))  # as batch
        written = clock()
        for i, seconds in enumerate((read - start, scored - read, checked - scored,
                                     written - checked)):
            spent[i] += seconds
    return forms, spent


def _no_stdin() -> BinaryIO:
    raise SystemExit("--stages reads a file, not standard input")


def print_stages(size: int, folder: Path, profile: str) -> None:
    path = folder / f"stages-{size}.json"
    with open(path, "w", encoding="utf-8") as out:
        write_batch(size, "json", out)
    forms, spent = stages(path, profile)
    total = sum(spent)
    print(f"\n每张表的 CPU 时间（JSON，{forms} 张，规则 {profile}，单进程逐张处理）")
    for label, seconds in zip(STAGES, spent, strict=True):
        print(f"  {label:<12} {seconds / forms * 1000:7.3f} ms  {seconds / total:6.1%}")
    print(f"  {'合计':<12} {total / forms * 1000:7.3f} ms  ≈ {forms / total:,.0f} 张/秒")
    # what the command spends besides the stages: start-up and exit, once per run
    one = folder / "one.json"
    with open(one, "w", encoding="utf-8") as out:
        write_batch(1, "json", out)
    fixed, _, _ = best(["check", str(one), "--profile", profile, "--format", "json"], 5)
    print(f"  {'启动与退出':<12} {fixed:7.3f} s（只有一张表的命令，5 次中最少的 CPU；"
          f"{forms:,} 张时每张 {fixed / forms * 1000:.3f} ms）")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--profile", default="shanghai-2024")
    parser.add_argument("--runs", type=int, default=5, help="runs of each start-up command")
    parser.add_argument("--keep", metavar="DIR", help="keep the generated files in DIR")
    parser.add_argument("--stages", type=int, metavar="N",
                        help="only: per-stage CPU time of N JSON forms in this process")
    args = parser.parse_args()
    print(f"jixiao 基准（{time.strftime('%Y-%m-%d')}，Python {sys.version.split()[0]}，"
          f"{os.cpu_count()} 核）")
    if args.stages:
        with tempfile.TemporaryDirectory(prefix="jixiao-bench-") as folder:
            print_stages(args.stages, Path(folder), args.profile)
        return 0
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
