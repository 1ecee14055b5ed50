"""Batches of forms: read, evaluate and present form by form — or file by file on several cores.

Each form is read, evaluated and turned into its output piece before the next is read, so a batch
holds one form at a time however many there are; with `jobs` > 1, whole files are handed to
worker processes and their pieces come back in input order.
"""

from __future__ import annotations

import itertools
import json
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, BinaryIO

from jixiao.core.findings import Severity
from jixiao.core.form_json import form_to_dict
from jixiao.readers.base import ReadResult
from jixiao.readers.limits import ReadLimits
from jixiao.services.evaluate import evaluate, sort_findings
from jixiao.services.inputs import iter_path, pick_profile, read_limits_of
from jixiao.services.present import finding_json, finding_to_dict, score_to_dict
from jixiao.services.runtime import tune_for_batches
from jixiao.services.text_report import PLAIN, Style, finding_line, score_text

if TYPE_CHECKING:
    from concurrent.futures import Future

__all__ = ["COMMANDS", "BatchJob", "Tally", "present", "run_batch"]

#: What a batch can do with each form.
COMMANDS = ("parse", "score", "check")


@dataclass(frozen=True)
class BatchJob:
    """What to do with each form (`parse`, `score`, `check`) and how to present it.

    `as_json`: each piece is one JSON array element, or several (one form's findings) joined
    as the array separates them (`indent` spaces per level, None for the compact form);
    otherwise text for people in `style`.
    """

    command: str
    as_json: bool = True
    profile: str = "national-2020"
    ignore: frozenset[str] = frozenset()
    indent: int | None = None
    style: Style = PLAIN


@dataclass
class Tally:
    """What a batch has seen: forms, and findings by severity (after `ignore`)."""

    forms: int = 0
    counts: dict[Severity, int] = field(default_factory=lambda: dict.fromkeys(Severity, 0))

    @property
    def has_errors(self) -> bool:
        return self.counts[Severity.ERROR] > 0

    def add(self, other: Tally) -> None:
        self.forms += other.forms
        for severity, n in other.counts.items():
            self.counts[severity] += n


def _encoder(indent: int | None) -> Callable[[object], str]:
    return json.JSONEncoder(ensure_ascii=False, indent=indent).encode


def _indented(encode: Callable[[object], str], items: list[object]) -> str:
    """Indented array elements as one piece: `cli.write_json_array` indents each line break,
    so `,\n` between them becomes the separator it writes between pieces."""
    return ",\n".join(map(encode, items))


def present(job: BatchJob, results: Iterable[ReadResult], tally: Tally) -> Iterator[str]:
    """The output pieces of each form in turn (JSON elements, or text), counted in `tally`.

    Raises:
        InputError: a source or the profile cannot be used (after the pieces before it).
    """
    encode = _encoder(job.indent)
    if job.command == "parse":
        for result in results:
            tally.forms += 1
            yield encode(form_to_dict(result.form))
        return
    profile = pick_profile(job.profile)
    counts = tally.counts
    for result in results:
        ev = evaluate(result, profile, ignore=job.ignore)
        tally.forms += 1
        findings = sort_findings(ev.findings)
        for f in findings:
            counts[f.severity] += 1
        if job.command == "score":
            yield encode(score_to_dict(ev)) if job.as_json else score_text(ev, job.style)
        elif job.as_json:
            if not findings:
                continue
            if job.indent is None:
                yield ", ".join(map(finding_json, findings))  # the array's own separator
            else:
                yield _indented(encode, [finding_to_dict(f) for f in findings])
        elif findings:
            yield "".join([finding_line(f, job.style) + "\n" for f in findings])


def run_batch(job: BatchJob, paths: Sequence[str], open_stdin: Callable[[], BinaryIO],
              tally: Tally, *, jobs: int = 1) -> Iterator[str]:
    """`present` over every form of `paths` in order; `jobs` > 1 spreads files over processes.

    Raises:
        InputError: as `present`; with several processes the first failing file in input order
            stops the batch after the pieces of the files before it.
    """
    limits = read_limits_of()
    if jobs <= 1 or len(paths) < 2 or "-" in paths:
        results = (r for path in paths for r in iter_path(path, open_stdin, limits))
        yield from present(job, results, tally)
        return
    from concurrent.futures import ProcessPoolExecutor  # only when there are processes to start

    pool = ProcessPoolExecutor(max_workers=min(jobs, len(paths)), initializer=tune_for_batches)
    waiting = iter(paths)
    running: deque[Future[tuple[list[str], Tally]]] = deque()
    try:
        # at most two files per process in flight: the outputs waiting for their turn stay few
        for path in itertools.islice(waiting, 2 * jobs):
            running.append(pool.submit(_run_file, job, path, limits))
        while running:
            pieces, part = running.popleft().result()
            for path in itertools.islice(waiting, 1):
                running.append(pool.submit(_run_file, job, path, limits))
            tally.add(part)
            yield from pieces
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _run_file(job: BatchJob, path: str, limits: ReadLimits) -> tuple[list[str], Tally]:
    """One file in a worker process: its pieces and its tally."""
    tally = Tally()
    pieces = list(present(job, iter_path(path, _no_stdin, limits), tally))
    return pieces, tally


def _no_stdin() -> BinaryIO:
    raise AssertionError("standard input is read in the main process only")
