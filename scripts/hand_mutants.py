"""Hand-made mutants: plausible one-line bugs named after what they break, where mutmut does not
go or does not make that very change — the value grammar's `@lru_cache`d parser (mutmut 3 does
not mutate decorated functions), the CLI's exit codes (cli.py is not in the mutation run), a
tolerance scaled ×10 — and a few in the checks' bodies, which mutmut also mutates since the checks
are registered by a call (`register(...)(check)`) rather than by a decorator.

Each mutant is applied to a copy of `src/` in a temporary directory, the fast tests run against
the copy (`PYTHONPATH` first), and the mutant is killed when a test fails. Usage:

    .venv/bin/python scripts/hand_mutants.py            # all, one after another
    .venv/bin/python scripts/hand_mutants.py JX311 JX402  # those whose name contains a word
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TESTS = ["tests/core", "tests/rules", "tests/cli/test_check_exit_codes.py"]

#: (name, file under src/jixiao, original text, mutated text)
MUTANTS: list[tuple[str, str, str, str]] = [
    ("JX311 over-completion >= → >", "rules/checks/row_facts.py",
     "done >= ratio * number", "done > ratio * number"),
    ("JX311 unit comparison dropped", "rules/checks/meaning.py",
     "if not _units_compatible(target.unit, actual.unit) or facts.substantive(i):",
     "if False and not _units_compatible(target.unit, actual.unit) or facts.substantive(i):"),
    ("JX402 execution boundary >= → >", "rules/checks/reasons.py",
     "if rate is None or rate >= threshold", "if rate is None or rate > threshold"),
    ("JX502 exactly at → at least", "rules/checks/plausibility.py",
     "if actual.number != target.number or target.operator not in _AT_THRESHOLD:",
     "if actual.number < target.number or target.operator not in _AT_THRESHOLD:"),
    ("JX501 all → any", "rules/checks/plausibility.py",
     "if all(ctx.actuals[i].number == ctx.targets[i].number for i in rows):",
     "if any(ctx.actuals[i].number == ctx.targets[i].number for i in rows):"),
    ("JX101 all → any", "rules/checks/arithmetic.py",
     "        if not values:\n            continue\n        summed",
     "        if len(values) < len(parts):\n            continue\n        summed"),
    ("tolerance × 10", "rules/checks/registry.py",
     "return abs(a - b) <= self.tolerance", "return abs(a - b) <= self.tolerance * 10"),
    ("printed tolerance one place finer", "rules/checks/arithmetic.py",
     "Decimal(5) / Decimal(10) ** (places + 1)", "Decimal(5) / Decimal(10) ** (places + 2)"),
    ("JX104 tolerance dropped", "rules/checks/arithmetic.py",
     "if executed > annual + ctx.tolerance:", "if executed > annual:"),
    ("JX105 > → >=", "rules/checks/row_facts.py",
     "if score > weight + tolerance:", "if score >= weight + tolerance:"),
    ("JX401 >= → >", "rules/checks/row_facts.py",
     "if score < weight - tolerance:", "if score <= weight - tolerance:"),
    ("JX310 standard words ignored", "rules/checks/meaning.py",
     "_NUMBER_IN_WORDS.search(folded) or standard.search(folded)",
     "_NUMBER_IN_WORDS.search(folded)"),
    ("grade band >= → >", "rules/profile.py",
     "total >= b.min", "total > b.min"),
    ("不超过 → ≥", "core/values.py", '("不超过", Operator.LE)', '("不超过", Operator.GE)'),
    ("以下 → ≥", "core/values.py", '("以下", Operator.LE)', '("以下", Operator.GE)'),
    ("大于等于 not recognised", "core/values.py", '("大于等于", Operator.GE), ', ""),
    ("百分之 loses its %", "core/values.py",
     '    if percent_prefix:\n        unit = "%"\n', ""),
    ("万元 suffix not dropped", "core/money.py", "(%|万元|万|元)$", "(%|万|元)$"),
    ("full-width ， not stripped", "core/money.py", r'_STRIP = re.compile(r"[\s,，]")',
     r'_STRIP = re.compile(r"[\s,]")'),
    ("True accepted as a number", "core/money.py",
     "isinstance(value, (bool, float))", "isinstance(value, float)"),
    ("negative 执行数 not floored", "rules/engine.py",
     "(HUNDRED if capped else max(rate, ZERO))", "(HUNDRED if capped else rate)"),
    ("negative 实际完成值 not floored", "rules/engine.py",
     "    negative = a < 0\n", "    negative = a < -1000\n"),
    ("不适用 only in the actual", "rules/engine.py",
     "or t.kind is _NOT_APPLICABLE or a.kind is _NOT_APPLICABLE:",
     "or a.kind is _NOT_APPLICABLE:"),
    ("zero weight with a score is 不适用", "rules/engine.py",
     "and (score is None or score == 0)", "and True"),
    ("check always exits 1", "cli.py",
     'if job.command == "check" and tally.has_errors:', 'if job.command == "check":'),
    ("internal error exits 1", "cli.py", "        return EXIT_BAD_INPUT\n\n\ndef _quiet_stdout",
     "        return EXIT_FINDINGS\n\n\ndef _quiet_stdout"),
]


def run(name: str, path: str, old: str, new: str, work: Path) -> bool:
    """True when the tests kill the mutant."""
    src = work / "src"
    if src.exists():
        shutil.rmtree(src)
    shutil.copytree(ROOT / "src", src, ignore=shutil.ignore_patterns("__pycache__"))
    target = src / "jixiao" / path
    text = target.read_text(encoding="utf-8")
    if text.count(old) != 1:
        raise SystemExit(f"{name}: the original text is not found once in {path}")
    target.write_text(text.replace(old, new), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(src), "PYTHONDONTWRITEBYTECODE": "1"}
    result = subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider",
                             *TESTS], cwd=ROOT, env=env, capture_output=True, text=True)
    return result.returncode != 0


def main(argv: list[str]) -> int:
    chosen = [m for m in MUTANTS if not argv or any(w in m[0] for w in argv)]
    survived = []
    with tempfile.TemporaryDirectory(prefix="jixiao-hand-mutants-") as tmp:
        for name, path, old, new in chosen:
            killed = run(name, path, old, new, Path(tmp))
            print(f"{'已杀死 killed ' if killed else '存活 SURVIVED'}  {name}", flush=True)
            if not killed:
                survived.append(name)
    print(f"\n{len(chosen) - len(survived)} / {len(chosen)} 个手工变异体被杀死")
    return 1 if survived else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
