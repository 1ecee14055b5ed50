"""A large batch is streamed: the command's peak memory does not grow with the number of forms.

Memory, not time: the peak resident size of a `jixiao check` process over 2,000 generated forms
stays far below what holding them would take (≈ 80 KB a form before streaming).
"""

from __future__ import annotations

import os
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
    proc = subprocess.Popen([sys.executable, "-m", "jixiao.cli", "check", str(source),
                             "--profile", "shanghai-2024", "--format", "json"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    assert os.waitstatus_to_exitcode(status) == 1  # the generated forms have deductions
    assert usage.ru_maxrss / 1024 < LIMIT_MIB
