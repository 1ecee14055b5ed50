"""One source of an audit, read and evaluated in a worker: its forms written to a part file.

A part is the audit's checkpoint: two lines per form, what assembly needs (findings, indicator
rows, local risk signals, keys for the cross signals) and the form with its score as they go
into forms.jsonl. It is keyed by the source's content hash, the profile, the
signals, the ignored codes and the jixiao version; a part whose key matches is not read again,
so an interrupted audit run again continues where it stopped. Parts are written through a
temporary file and renamed, the forms (`.jsonl`) before the outcome (`.json`): an outcome on
disk means a complete part.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from jixiao import __version__
from jixiao.core.findings import Finding
from jixiao.core.form_json import form_to_dict
from jixiao.readers.base import UnreadableInput
from jixiao.readers.limits import ReadLimits
from jixiao.readers.stream import read_stream
from jixiao.rules.profile import Profile
from jixiao.rules.risk import SignalSet, form_keys, local_hits
from jixiao.services.audit.sources import Source, content_hash, open_source
from jixiao.services.dataset import DatasetForm, dataset_rows
from jixiao.services.evaluate import Evaluation, evaluate, sort_findings
from jixiao.services.present import score_to_dict

__all__ = ["INDICATOR_COLUMNS", "Outcome", "Settings", "part_paths", "process_source"]

#: The layout of a part's lines: parts of another layout are read again.
PART_FORMAT = "2"
#: Statuses of a source in files.csv.
OK, PARTIAL, FAILED, SKIPPED = "ok", "partial", "failed", "skipped"
#: Words in a reader's message that mean "not a form" (skipped) rather than "broken" (failed).
_NOT_A_FORM = ("未找到绩效自评表", "文件为空", "工作簿是空的", "不是文本文件",
               "是 ZIP 压缩包，但不是", "不是可识别编码的文本文件")
_OFFICE_SUFFIXES = (".xlsx", ".xlsm", ".docx", ".xls", ".doc", ".et", ".wps", ".ods", ".odt",
                    ".xlsb", ".pdf")

#: Indicator columns (from the analysts' dataset) kept in indicators.csv / .parquet.
INDICATOR_COLUMNS = (
    "year", "department", "implementing_unit", "project_name", "row", "level1", "level2", "name",
    "target", "target_kind", "target_operator", "target_number", "target_unit",
    "actual", "actual_kind", "actual_operator", "actual_number", "actual_unit", "actual_tier",
    "weight", "printed_score", "computed_score", "counted_score", "row_status", "note",
    "findings",
)


@dataclass(frozen=True)
class Settings:
    """What every worker needs: the profile (and its fingerprint), signals, ignored codes,
    read limits and the folder of parts."""

    profile: Profile
    profile_fingerprint: str
    signals: SignalSet
    ignore: frozenset[str]
    limits: ReadLimits
    parts: str

    def key_of(self, name: str, digest: str) -> str:
        text = "\0".join([__version__, PART_FORMAT, self.profile_fingerprint,
                          self.signals.fingerprint, ",".join(sorted(self.ignore)),
                          repr(self.limits), name, digest])
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Outcome:
    """A source's line in files.csv, with the part's key; `reused`: read in an earlier run."""

    file: str
    status: str
    forms: int
    message: str
    key: str
    reused: bool = False


def part_paths(parts: str, name: str) -> tuple[Path, Path]:
    """The forms (`.jsonl`) and outcome (`.json`) files of a source's part."""
    stem = hashlib.sha256(name.encode("utf-8")).hexdigest()[:40]
    return Path(parts, stem + ".jsonl"), Path(parts, stem + ".json")


def process_source(source: Source, settings: Settings) -> Outcome:
    """Read and evaluate one source into its part (or find it done); never raises for bad input."""
    forms_path, outcome_path = part_paths(settings.parts, source.name)
    if source.problem:
        return _finish(outcome_path, Outcome(source.name, FAILED, 0, source.problem, ""), None)
    limit = settings.limits.max_uncompressed
    try:
        digest = content_hash(source, limit)
    except (OSError, zipfile.BadZipFile, ValueError, EOFError, RuntimeError) as exc:
        return _finish(outcome_path, Outcome(source.name, FAILED, 0, _reason(exc), ""), None)
    key = settings.key_of(source.name, digest)
    done = _done(outcome_path, forms_path, key)
    if done is not None:
        return done
    tmp = _temporary(forms_path)
    count, problem = 0, None
    try:
        with os.fdopen(tmp[0], "w", encoding="utf-8", newline="\n") as out:
            try:
                for meta, body in _records(source, settings):
                    out.write(json.dumps(meta, ensure_ascii=False, default=_plain))
                    out.write("\n")
                    out.write(json.dumps(body, ensure_ascii=False)[1:-1])
                    out.write("\n")
                    count += 1
            except UnreadableInput as exc:
                problem = _strip_name(str(exc), source.name)
            except (OSError, zipfile.BadZipFile, ValueError, EOFError, RuntimeError) as exc:
                problem = _reason(exc)
            except Exception as exc:  # a reader's bug: listed, never stops the run
                problem = f"内部错误：{type(exc).__name__}: {exc}"
        os.replace(tmp[1], forms_path)
    finally:
        Path(tmp[1]).unlink(missing_ok=True)
    if problem is None:
        status = OK
    elif count:
        status = PARTIAL
    else:
        status = SKIPPED if _not_a_form(problem, source.name) else FAILED
    outcome = Outcome(source.name, status, count, problem or "", key)
    # A document's XML trees (lxml, python-docx) hang in reference cycles; with the batch GC
    # thresholds they pile up (measured: +4.5 MiB per .docx), so collect the young generations
    # once per file (a full collection each time costs 10-20% more on JSON batches).
    gc.collect(1)
    return _finish(outcome_path, outcome, forms_path)


def _not_a_form(problem: str, name: str) -> bool:
    """Whether a reader's refusal means "not a form" rather than "a broken one": a file named
    as an office document that is no such document is broken."""
    if name.lower().endswith(_OFFICE_SUFFIXES) and "不是" in problem:
        return False
    return any(w in problem for w in _NOT_A_FORM)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return f"无法读取（{exc.strerror}）"
    if isinstance(exc, zipfile.BadZipFile | EOFError):
        return f"压缩包已损坏，无法读取（{exc}）"
    return f"无法读取（{exc}）"


def _strip_name(message: str, name: str) -> str:
    return message.removeprefix(f"{name}: ")


def _temporary(target: Path) -> tuple[int, str]:
    return tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=target.suffix)


def _done(outcome_path: Path, forms_path: Path, key: str) -> Outcome | None:
    try:
        data = json.loads(outcome_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if data.get("key") != key or not forms_path.exists():
        return None
    return Outcome(**{**data, "reused": True})


def _finish(outcome_path: Path, outcome: Outcome, forms_path: Path | None) -> Outcome:
    if forms_path is None:  # nothing read: an empty part, so that assembly finds every source
        forms_path = outcome_path.with_suffix(".jsonl")
        fd, tmp = _temporary(forms_path)
        os.close(fd)
        os.replace(tmp, forms_path)
    data = {k: v for k, v in asdict(outcome).items() if k != "reused"}
    fd, tmp = _temporary(outcome_path)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(data, out, ensure_ascii=False)
        os.replace(tmp, outcome_path)
    finally:
        Path(tmp).unlink(missing_ok=True)
    return outcome


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(type(value).__name__)


def _records(source: Source, settings: Settings
             ) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    with open_source(source, settings.limits.max_uncompressed) as handle:
        for index, result in enumerate(read_stream(handle, source.name, settings.limits)):
            ev = evaluate(result, settings.profile, ignore=settings.ignore)
            yield _record(source.name, index, ev, settings)


def _record(name: str, index: int, ev: Evaluation, settings: Settings
            ) -> tuple[dict[str, Any], dict[str, Any]]:
    """A form's two lines in its part: what assembly reads (`meta`), and the form and its score
    (`body`), copied into forms.jsonl as they are."""
    form = ev.form
    findings = sort_findings(ev.findings)
    item = DatasetForm(form_id=index, unit="", status="", profile=settings.profile, evaluation=ev)
    indicators = [{k: row.get(k) for k in INDICATOR_COLUMNS} for row in dataset_rows([item])]
    card = ev.scorecard
    score = score_to_dict(ev)
    body = {"form": form_to_dict(form), "score": score}
    return {
        "index": index,
        "form": {k: body["form"].get(k) for k in ("project_name", "department", "year")},
        "score": {k: score[k] for k in ("total", "printed_total", "grade", "printed_grade",
                                        "execution_rate")},
        "findings": [_finding_row(f) for f in findings],
        "indicators": indicators,
        "local": [h.to_dict() for h in local_hits(settings.signals, form, card, findings,
                                                  settings.profile)],
        "keys": form_keys(form, settings.signals).to_dict(),
    }, body


def _finding_row(f: Finding) -> dict[str, Any]:
    src = f.source
    place = None
    if src is not None:
        place = " ".join(p for p in (f"第{src.page}页" if src.page is not None else "",
                                     f"第{src.line}行" if src.line is not None else "",
                                     src.cell or "") if p) or None
    return {"code": f.code, "severity": f.severity.value, "path": f.path, "message": f.message,
            "source": place}
