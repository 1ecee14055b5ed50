"""A large batch is streamed: the command's peak memory does not grow with the number of forms.

Memory, not time: the peak resident size of a `jixiao check` process over 2,000 generated forms
stays far below what holding them would take (≈ 80 KB a form before streaming).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent.parent.parent / "benchmarks"))
from generate import write_batch

FORMS = 2000
LIMIT_MIB = 130  # about 50 MiB for the interpreter and libraries; 2,000 held forms take ~160 more


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_peak_memory_of_a_large_batch_stays_small(fmt: str, tmp_path: Path) -> None:
    source = tmp_path / f"forms.{'txt' if fmt == 'text' else 'json'}"
    with open(source, "w", encoding="utf-8") as out:
        write_batch(FORMS, fmt, out)
    code, peak_kib = _run_measured([sys.executable, "-m", "jixiao.cli", "check", str(source),
                                    "--profile", "shanghai-2024", "--format", "json"])
    assert code == 1  # the generated forms have deductions
    assert peak_kib / 1024 < LIMIT_MIB


# Linux carries a process's peak RSS across fork and exec, so a command started straight from this
# (large) test process would report at least this process's size: a small launcher starts it.
_LAUNCHER = """
import os, subprocess, sys
proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
_, status, usage = os.wait4(proc.pid, 0)
print(os.waitstatus_to_exitcode(status), usage.ru_maxrss)
"""


def _run_measured(command: list[str]) -> tuple[int, int]:
    """Exit code and peak resident size (KiB) of `command`."""
    done = subprocess.run([sys.executable, "-c", _LAUNCHER, *command], capture_output=True,
                          text=True, check=True)
    code, peak = done.stdout.split()
    return int(code), int(peak)
