"""The audit's progress bar on a terminal: files, forms, failures, forms per second, ETA."""

from __future__ import annotations

from types import TracebackType
from typing import TextIO

from jixiao.services.audit.work import FAILED, PARTIAL, Outcome

__all__ = ["ProgressBar"]


class ProgressBar:
    """A rich progress bar on `stream`, fed by the audit's `started` and `progress` callbacks."""

    def __init__(self, stream: TextIO) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self.progress = Progress(
            TextColumn("审核"), BarColumn(), MofNCompleteColumn(), TextColumn("个文件"),
            TextColumn("{task.fields[forms]} 张表 · 失败 {task.fields[failed]} · "
                       "{task.fields[rate]} 张/秒"),
            TimeElapsedColumn(), TextColumn("剩余"), TimeRemainingColumn(),
            console=Console(file=stream), transient=False)
        self.task = self.progress.add_task("audit", total=None, forms=0, failed=0, rate="—")
        self.forms = self.failed = 0

    def __enter__(self) -> ProgressBar:
        self.progress.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.progress.stop()

    def started(self, total: int) -> None:
        self.progress.update(self.task, total=total)

    def update(self, outcome: Outcome) -> None:
        self.forms += outcome.forms
        self.failed += outcome.status in (FAILED, PARTIAL)
        elapsed = self.progress.tasks[0].elapsed or 0
        rate = f"{self.forms / elapsed:,.0f}" if elapsed > 0 else "—"  # display only
        self.progress.update(self.task, advance=1, forms=self.forms, failed=self.failed,
                             rate=rate)
