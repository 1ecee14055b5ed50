"""`jixiao audit`: every file under the paths read on N processes (or a Dask cluster) into parts,
then the outputs assembled from the parts.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from jixiao import __version__
from jixiao.rules.risk import SignalError, SignalSet, load_signals, parse_signals
from jixiao.services.audit.assemble import Assembly, assemble
from jixiao.services.audit.report import write_report
from jixiao.services.audit.sources import Source, find_sources
from jixiao.services.audit.work import Outcome, Settings, part_paths, process_source
from jixiao.services.inputs import InputError, pick_profile, read_limits_of
from jixiao.services.runtime import tune_for_batches

__all__ = ["WORK_DIR", "AuditOptions", "AuditSummary", "run_audit"]

#: The audit's working folder inside DIR: parts (the checkpoint) and the index.
WORK_DIR = ".jixiao-audit"
#: Sources in flight per process: enough to keep every process busy, few enough to stop fast.
IN_FLIGHT_PER_JOB = 4

Progress = Callable[[Outcome], None]


@dataclass(frozen=True)
class AuditOptions:
    """What `jixiao audit` was asked to do."""

    paths: tuple[str, ...]
    out: str
    profile: str = "national-2020"
    signals: str | None = None
    jobs: int = 1
    sample: int = 0
    seed: int = 0
    resume: bool = False
    ignore: frozenset[str] = frozenset()
    cluster: str | None = None


@dataclass
class AuditSummary:
    """What the audit did: files by status, forms, files taken from an earlier run, sample."""

    files: int = 0
    forms: int = 0
    reused: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    sample: int = 0
    out: str = ""


def load_signal_set(path: str | None) -> SignalSet:
    """The shipped signals, or a user's signals file."""
    try:
        if path is None:
            return load_signals()
        try:
            text = Path(path).read_text(encoding="utf-8")
        except FileNotFoundError:
            raise InputError(f"{path}: 文件不存在") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"{path}: 无法读取风险信号配置（{exc}）") from exc
        return parse_signals(text, path)
    except SignalError as exc:
        raise InputError(str(exc)) from exc


def _profile_fingerprint(name: str) -> str:
    if name.endswith(".toml") or os.sep in name:
        data = Path(name).read_bytes()
        return "file:" + hashlib.sha256(data).hexdigest()
    return "shipped:" + name


def prepare(options: AuditOptions) -> tuple[Settings, list[Source], Path]:
    """Check the options, find the sources and make the working folders.

    Raises:
        InputError: a path missing, the profile, signals, settings or DIR unusable.
    """
    profile = pick_profile(options.profile)
    signals = load_signal_set(options.signals)
    limits = read_limits_of()
    out = Path(options.out)
    work = out / WORK_DIR
    if options.resume and not (work / "parts").is_dir():
        raise InputError(f"{out}: 没有可继续的审核（--resume 只用于继续在此目录中中断的运行）")
    try:
        sources = list(find_sources(options.paths, exclude=[str(out)]))
    except FileNotFoundError as exc:
        raise InputError(f"{exc.args[0]}: 文件或目录不存在") from None
    names = [s.name for s in sources]
    if len(set(names)) != len(names):
        dup = next(n for n in names if names.count(n) > 1)
        raise InputError(f"{dup}: 多个输入得到同一个名称，请分开运行或改名")
    try:
        (work / "parts").mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"{out}: 无法创建输出目录（{exc.strerror}）") from exc
    settings = Settings(profile=profile, profile_fingerprint=_profile_fingerprint(options.profile),
                        signals=signals, ignore=options.ignore, limits=limits,
                        parts=str((work / "parts").resolve()))
    return settings, sources, out


def run_audit(options: AuditOptions, progress: Progress | None = None,
              started: Callable[[int], None] | None = None) -> AuditSummary:
    """Audit every file under `options.paths` into `options.out`; `started(n)` is told the number
    of sources, `progress` each source's outcome as it is done.

    Raises:
        InputError: as `prepare`; KeyboardInterrupt: the parts done so far are kept.
    """
    settings, sources, out = prepare(options)
    if started is not None:
        started(len(sources))
    outcomes: dict[str, Outcome] = {}
    if options.cluster:
        from jixiao.services.audit.cluster import run_on_cluster

        results: Iterable[Outcome] = run_on_cluster(options.cluster, sources, settings)
    else:
        results = _run_local(sources, settings, options.jobs)
    for outcome in results:
        outcomes[outcome.file] = outcome
        if progress is not None:
            progress(outcome)
    assembly = assemble(out, out / WORK_DIR, settings.parts, sources, outcomes,
                        settings.signals, options.sample, options.seed,
                        lambda db, result, outputs: write_report(
                            db, result, outputs, options, settings))
    _forget_stale(settings.parts, sources)
    _write_manifest(out / WORK_DIR, options, settings)
    return _summary(assembly, outcomes, out)


def _run_local(sources: Sequence[Source], settings: Settings, jobs: int) -> Iterator[Outcome]:
    if jobs <= 1 or len(sources) < 2:
        for source in sources:
            yield process_source(source, settings)
        return
    pool = ProcessPoolExecutor(max_workers=min(jobs, len(sources)), initializer=tune_for_batches)
    waiting = iter(sources)
    running: set[Future[Outcome]] = set()
    try:
        for source in waiting:
            running.add(pool.submit(process_source, source, settings))
            if len(running) >= IN_FLIGHT_PER_JOB * jobs:
                break
        while running:
            done, running = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                for source in waiting:
                    running.add(pool.submit(process_source, source, settings))
                    break
                yield future.result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _forget_stale(parts: str, sources: Sequence[Source]) -> None:
    """Remove the parts of sources that are gone (and temporary files of killed workers)."""
    keep = {p.name for s in sources for p in part_paths(parts, s.name)}
    for entry in Path(parts).iterdir():
        if entry.name not in keep:
            if entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)


def _write_manifest(work: Path, options: AuditOptions, settings: Settings) -> None:
    manifest = {"jixiao": __version__, "profile": settings.profile.name,
                "profile_fingerprint": settings.profile_fingerprint,
                "signals": settings.signals.name, "signals_fingerprint":
                settings.signals.fingerprint, "paths": list(options.paths)}
    tmp = work / ".run.json.tmp"
    tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, work / "run.json")


def _summary(assembly: Assembly, outcomes: dict[str, Outcome], out: Path) -> AuditSummary:
    return AuditSummary(files=assembly.files, forms=assembly.forms,
                        reused=sum(o.reused for o in outcomes.values()),
                        statuses=dict(assembly.statuses), sample=len(assembly.sample),
                        out=str(out))
