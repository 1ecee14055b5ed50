"""A batch process leaves the collector out of its exit: the objects still alive are frozen by
the last exit handler, and the command's output is whole (issue 9)."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import SEED_TEXT

# A handler registered before tuning runs after the tuning's own (handlers run last first).
_PROBE = """
import atexit, gc, sys
atexit.register(lambda: print("frozen" if gc.get_freeze_count() else "walked"))
{tune}
kept = [[i] for i in range(1000)]
atexit.register(lambda: print(gc.get_freeze_count() == 0))  # runs first: nothing frozen yet
"""


def _exit_of(tune: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", _PROBE.format(tune=tune)], capture_output=True,
                          text=True, check=True)
    return done.stdout.split()


def test_tuned_for_batches_the_objects_are_frozen_at_exit() -> None:
    tune = "from jixiao.services.runtime import tune_for_batches\ntune_for_batches()"
    assert _exit_of(tune) == ["True", "frozen"]


def test_untuned_the_exit_walks_them() -> None:
    assert _exit_of("pass") == ["True", "walked"]


def test_the_command_writes_its_whole_output_before_exiting() -> None:
    done = subprocess.run([sys.executable, "-m", "jixiao.cli", "check", str(SEED_TEXT),
                           "--format", "json"], capture_output=True, text=True)
    assert done.returncode in (0, 1), done.stderr
    findings = json.loads(done.stdout)
    assert findings and all("code" in f for f in findings)
