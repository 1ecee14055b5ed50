"""Process settings for batch work, shared by the CLI and the benchmarks."""

from __future__ import annotations

import atexit
import gc

#: Forms are trees of small immutable objects without reference cycles; the default
#: generation-0 threshold (700) makes the cycle collector rescan them constantly in a batch.
GC_THRESHOLDS = (100_000, 50, 100)


def tune_for_batches() -> None:
    """Collect cycles far less often: measured here, 30–40% faster on 10,000 forms.

    And leave the collector out of the process's exit: the interpreter's last collections walk
    every object still alive (after a batch, the parsers' memos hold tens of thousands) only
    for the memory to be given back anyway. Frozen first (`gc.freeze`, the last exit handler
    to run), they are not walked: measured 0.08–0.12 s of the exit of a 10,000-form `check`,
    0.01 s frozen.
    """
    gc.set_threshold(*GC_THRESHOLDS)
    atexit.unregister(gc.freeze)  # once, however often a process is tuned
    atexit.register(gc.freeze)
