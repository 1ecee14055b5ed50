"""Summarise mutmut 3 results (mutants/**/*.meta) per package: score and surviving mutants.

Usage: python scripts/mutation_report.py [MUTANTS_DIR] [REPORT.md]
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

#: mutmut exit codes (mutmut.stats.status_by_exit_code): 0 survived, 5/33 no test ran it (counted
#: as survived), None/2/34 not run, skipped or interrupted (not counted); every other code is a
#: kill (test failure, timeout, crash).
SURVIVED = {0, 5, 33}
NOT_RUN = {None, 2, 34}
PACKAGES = (
    ("core/values.py", "src/jixiao/core/values.py"),
    ("core（其余）", "src/jixiao/core/"),
    ("rules/engine.py", "src/jixiao/rules/engine.py"),
    ("rules/profile.py", "src/jixiao/rules/profile.py"),
    ("rules/checks", "src/jixiao/rules/checks/"),
)


def package_of(source: str) -> str | None:
    for name, prefix in PACKAGES:
        if source.startswith(prefix):
            return name
    return None


def main(argv: list[str]) -> int:
    root = Path(argv[1] if len(argv) > 1 else "mutants")
    out = Path(argv[2]) if len(argv) > 2 else None
    killed: dict[str, int] = defaultdict(int)
    total: dict[str, int] = defaultdict(int)
    survivors: dict[str, list[str]] = defaultdict(list)
    for meta in sorted(root.rglob("*.py.meta")):
        source = str(meta.relative_to(root))[: -len(".meta")]
        package = package_of(source)
        if package is None:
            continue
        data = json.loads(meta.read_text(encoding="utf-8"))
        for name, code in sorted(data.get("exit_code_by_key", {}).items()):
            if code in NOT_RUN:
                continue
            total[package] += 1
            if code in SURVIVED:
                survivors[package].append(name)
            else:
                killed[package] += 1
    lines = ["| 包 package | 已杀死 killed | 变异体 mutants | 得分 score |", "|---|---:|---:|---:|"]
    for name, _ in PACKAGES:
        if total[name]:
            lines.append(f"| {name} | {killed[name]} | {total[name]} | "
                         f"{100 * killed[name] / total[name]:.1f}% |")
    all_killed, all_total = sum(killed.values()), sum(total.values())
    if all_total:
        lines.append(f"| 合计 total | {all_killed} | {all_total} | "
                     f"{100 * all_killed / all_total:.1f}% |")
    lines += ["", "存活的变异体 surviving mutants（`.venv/bin/mutmut show NAME`）:", ""]
    for name, _ in PACKAGES:
        lines += [f"- `{m}`" for m in survivors[name]]
    text = "\n".join(lines) + "\n"
    print(text)
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
