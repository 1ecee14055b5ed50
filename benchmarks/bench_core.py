"""Benchmark: parse + score + check over many forms, from text and from JSON; peak memory.

Run: `.venv/bin/python benchmarks/bench_core.py [--forms 10000]` (see README).
The forms are the four seed forms repeated with varied project names and numbers.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import sys
import time
import tracemalloc
from pathlib import Path

from jixiao.core.form_json import form_to_dict
from jixiao.readers.json_reader import read_json
from jixiao.readers.text import iter_text
from jixiao.rules.profile import load_profile
from jixiao.services.evaluate import evaluate
from jixiao.services.runtime import tune_for_batches

SEED = Path(__file__).resolve().parent.parent / "examples" / "seed-shanghai-2024.txt"
_ACTUAL = re.compile(r"(?<=\) )(\d+)\.(\d\d)(?=\()")


def varied_forms_text(count: int, seed: int = 7) -> str:
    """`count` forms: the seed's four, renamed and with varied actual values."""
    rng = random.Random(seed)
    base = SEED.read_text(encoding="utf-8").split("财政项目支出绩效自评表")[1:]
    out = []
    for i in range(count):
        form = "财政项目支出绩效自评表" + base[i % len(base)]
        form = form.replace("项目名称 ", f"项目名称 第{i}号", 1)
        form = _ACTUAL.sub(lambda m: f"{int(m.group(1)) + rng.randint(-2, 3)}.{m.group(2)}",
                           form)
        out.append(form)
    return "\n\n\n".join(out)


def run(label: str, read, payload: str, profile) -> tuple[int, float]:
    """Read every form of `payload` and evaluate it; forms are dropped once evaluated (as a
    batch that reports as it goes), so the peak memory is that of a realistic run."""
    start = time.perf_counter()
    forms = findings = 0
    for result in read(payload):
        forms += 1
        findings += len(evaluate(result, profile).findings)
    elapsed = time.perf_counter() - start
    rate = forms / elapsed
    print(f"{label:<6} {forms:>6} 张  {elapsed:7.2f} s  {rate:8.0f} 张/秒  "
          f"发现 {findings} 条")
    return forms, rate


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--forms", type=int, default=10_000)
    parser.add_argument("--memory", action="store_true", help="also trace peak Python allocations")
    args = parser.parse_args()
    tune_for_batches()  # as the CLI does
    profile = load_profile("shanghai-2024")
    text = varied_forms_text(args.forms)
    as_json = json.dumps([form_to_dict(r.form) for r in iter_text(text)], ensure_ascii=False)
    version = sys.version.split()[0]
    print(f"jixiao 基准：{args.forms} 张表（种子表变体），规则 shanghai-2024，Python {version}")
    if args.memory:
        tracemalloc.start()
    run("文本", lambda t: iter_text(t), text, profile)  # read_text's forms, one at a time
    run("JSON", lambda t: read_json(t), as_json, profile)
    if args.memory:
        _, peak = tracemalloc.get_traced_memory()
        print(f"Python 分配峰值：{peak / 2**20:.1f} MiB")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"进程常驻内存峰值：{rss:.1f} MiB（含输入文本与 JSON）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
