"""Background tasks (huey, on SQLite in the data folder): reading an upload of many files.

`jixiao serve` runs the consumer in its own process; tests and `JIXIAO_TASKS_IMMEDIATE=1`
run a task at once, in the request that queues it.
"""

from __future__ import annotations

from collections.abc import Sequence

from huey.contrib.djhuey import db_task

from jixiao.web import imports


@db_task()
def read_import(job_id: int, stored: Sequence[tuple[str, str]],
                set_aside: Sequence[tuple[str, str]] = ()) -> None:
    """Read the files of import job `job_id` (names as uploaded, paths in the data folder);
    `set_aside` are the files refused at upload, `(name, reason)`, listed in the preview."""
    imports.run_import(job_id, stored, set_aside)
