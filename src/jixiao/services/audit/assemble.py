"""The outputs of an audit, assembled from the parts in source order (so a resumed run and an
uninterrupted one write the same bytes).

Two passes over the parts, one form at a time: the first writes files.csv, findings.csv and the
indicator tables and fills an SQLite index of what the cross signals need (notes, indicator
sets, projects across years); the second adds each form's risk (local signals from its part,
cross ones from the index), writes forms.jsonl and offers the form to the sample. The report
reads its tables from the index. Memory holds one form, the sample and the per-unit tallies;
everything else is on disk. Every output goes to a temporary file, renamed at the end.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote

from jixiao.rules.risk import (
    CrossFacts,
    FormKeys,
    History,
    Risk,
    SignalHit,
    SignalSet,
    cross_hits,
    risk_of,
)
from jixiao.services.audit.sample import Candidate, Sampler
from jixiao.services.audit.sources import Source
from jixiao.services.audit.work import INDICATOR_COLUMNS, Outcome, part_paths
from jixiao.services.dataset import neutralised

__all__ = ["OUTPUTS", "Assembly", "assemble"]

FILES_COLUMNS = ("file", "status", "forms", "message")
FINDINGS_COLUMNS = ("file", "index", "project_name", "code", "severity", "path", "message",
                    "source")
SAMPLE_COLUMNS = ("file", "index", "project_name", "risk", "reasons", "drawn_as")
INDICATOR_HEADER = ("file", "index", *INDICATOR_COLUMNS)
#: Columns of indicators.parquet that are money or scores: decimal(12, 2), never float.
DECIMAL_COLUMNS = frozenset({"weight", "printed_score", "computed_score", "counted_score"})
INT_COLUMNS = frozenset({"index", "row", "year"})
#: Rows buffered before a parquet row group is written.
PARQUET_BATCH = 4096
#: Folders of outputs: the pages of the forms list of a large batch.
OUTPUT_FOLDERS = ("report-forms",)
OUTPUTS = ("files.csv", "forms.jsonl", "findings.csv", "indicators.csv", "indicators.parquet",
           "sample.csv", "report.html", "report.xlsx")


@dataclass
class Assembly:
    """What assembly saw: the numbers for the summary line and the report's header."""

    files: int = 0
    forms: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    sample: list[Candidate] = field(default_factory=list)


class _Outputs:
    """Temporary files beside the outputs, renamed over them by `commit`."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.pending: dict[str, str] = {}

    def path(self, name: str) -> str:
        fd, tmp = tempfile.mkstemp(dir=self.out, prefix=f".{name}.", suffix=".tmp")
        os.close(fd)
        self.pending[name] = tmp
        return tmp

    def text(self, name: str, stack: ExitStack) -> IO[str]:
        newline = "" if name.endswith(".csv") else "\n"
        encoding = "utf-8-sig" if name.endswith(".csv") else "utf-8"
        return stack.enter_context(open(self.path(name), "w", encoding=encoding,
                                        newline=newline))

    def folder(self, name: str) -> str:
        tmp = tempfile.mkdtemp(dir=self.out, prefix=f".{name}.", suffix=".tmp")
        self.pending[name] = tmp
        return tmp

    def commit(self, folders: Sequence[str] = ()) -> None:
        """Rename every pending output into place; output folders in `folders` that this run
        did not write are removed (a previous, larger run's pages)."""
        for name, tmp in self.pending.items():
            target = self.out / name
            if os.path.isdir(tmp):
                os.chmod(tmp, 0o755)
                old = None
                if target.exists():
                    old = tempfile.mkdtemp(dir=self.out, prefix=f".{name}.", suffix=".old")
                    os.replace(target, Path(old) / name)
                os.replace(tmp, target)
                if old:
                    shutil.rmtree(old, ignore_errors=True)
            else:
                os.chmod(tmp, 0o644)
                os.replace(tmp, target)
        for name in folders:
            if name not in self.pending:
                shutil.rmtree(self.out / name, ignore_errors=True)
        self.pending.clear()

    def discard(self) -> None:
        for tmp in self.pending.values():
            if os.path.isdir(tmp):
                shutil.rmtree(tmp, ignore_errors=True)
            else:
                Path(tmp).unlink(missing_ok=True)


def _csv(handle: IO[str], header: Sequence[str]) -> Any:
    writer = csv.writer(handle, lineterminator="\r\n")
    writer.writerow(header)
    return writer


def _cell(value: Any) -> str:
    if value is None:
        return ""
    return neutralised(value) if isinstance(value, str) else str(value)


def _parts(parts: str, names: Sequence[str]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each form's assembly record (the first of its two lines), with its source's name."""
    for name in names:
        forms_path, _ = part_paths(parts, name)
        with open(forms_path, encoding="utf-8") as handle:
            for line in handle:
                yield name, json.loads(line)
                next(handle)


def _bodies(parts: str, names: Sequence[str]) -> Iterator[str]:
    """Each form's `"form": …, "score": …` text (the second of its two lines)."""
    for name in names:
        forms_path, _ = part_paths(parts, name)
        with open(forms_path, encoding="utf-8") as handle:
            for _meta in handle:
                yield next(handle).rstrip("\n")


_SCHEMA = """
CREATE TABLE forms (ord INTEGER PRIMARY KEY, file TEXT, idx INT, project TEXT, department TEXT,
  unit TEXT, year INT, total TEXT, printed_total TEXT, grade TEXT, printed_grade TEXT, rate TEXT,
  errors INT, warnings INT, infos INT, series TEXT, indset TEXT, vals TEXT, notes TEXT,
  local TEXT, risk TEXT, signals TEXT);
CREATE TABLE risks (ord INTEGER PRIMARY KEY, risk TEXT, signals TEXT);
CREATE TABLE notes (note TEXT, ord INT);
CREATE TABLE findings (ord INT, code TEXT, severity TEXT, message TEXT, source TEXT);
CREATE TABLE files (file TEXT, status TEXT, forms INT, message TEXT, href TEXT);
"""
_INDEXES = """
CREATE INDEX notes_note ON notes (note);
CREATE TABLE shared_notes AS SELECT note, count(DISTINCT ord) AS n FROM notes GROUP BY note
  HAVING n > 1;
CREATE UNIQUE INDEX shared_notes_note ON shared_notes (note);
CREATE TABLE shared_sets AS SELECT indset, unit FROM forms WHERE indset IN (
  SELECT indset FROM forms WHERE indset IS NOT NULL GROUP BY indset
  HAVING count(DISTINCT unit) > 1) GROUP BY indset, unit;
CREATE INDEX shared_sets_indset ON shared_sets (indset);
CREATE INDEX forms_series ON forms (series, year);
CREATE INDEX findings_ord ON findings (ord);
CREATE INDEX findings_code ON findings (code, ord);
CREATE INDEX forms_place ON forms (file, idx);
"""


def open_index(path: Path) -> sqlite3.Connection:
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA synchronous = OFF")
    db.executescript(_SCHEMA)
    return db


def assemble(out: Path, work: Path, parts: str, sources: Sequence[Source],
             outcomes: dict[str, Outcome], signals: SignalSet, sample_size: int, seed: int,
             write_report: Callable[[sqlite3.Connection, Assembly, _Outputs], None]) -> Assembly:
    """Write every output of the audit into `out` from the parts; `write_report` draws the
    report from the index once the tables are written."""
    names = [s.name for s in sources]
    result = Assembly(files=len(names))
    db = open_index(work / "index.sqlite")
    outputs = _Outputs(out)
    try:
        with ExitStack() as stack:
            _first_pass(db, outputs, stack, sources, outcomes, parts, result)
        db.executescript(_INDEXES)
        sampler = Sampler(sample_size, seed)
        with ExitStack() as stack:
            jsonl = outputs.text("forms.jsonl", stack)
            rows = db.execute("SELECT ord, file, idx, project, unit, year, series, indset, "
                              "notes, local, vals FROM forms ORDER BY ord")
            for (ord_, name, index, project, *cross), body in zip(rows, _bodies(parts, names),
                                                                  strict=True):
                risk = _risk(db, *cross, signals)
                jsonl.write(f'{{"file": {json.dumps(name, ensure_ascii=False)}, '
                            f'"index": {index}, {body}, "risk": '
                            f"{json.dumps(_risk_dict(risk), ensure_ascii=False)}}}\n")
                db.execute("INSERT INTO risks VALUES (?, ?, ?)", (ord_, str(risk.score), json.dumps(
                    [h.to_dict() for h in risk.hits], ensure_ascii=False)))
                sampler.offer(name, index, project, risk.score, risk.reasons)
            db.execute("UPDATE forms SET risk = (SELECT risk FROM risks r WHERE r.ord = forms.ord),"
                       " signals = (SELECT signals FROM risks r WHERE r.ord = forms.ord)")
        db.commit()
        result.sample = sampler.sample() if sample_size else []
        if sample_size:
            with ExitStack() as stack:
                writer = _csv(outputs.text("sample.csv", stack), SAMPLE_COLUMNS)
                for c in result.sample:
                    writer.writerow([_cell(v) for v in (
                        c.file, c.index, c.project_name, c.risk, c.reasons,
                        "风险加权" if c.risky else "低风险随机")])
        write_report(db, result, outputs)
        outputs.commit(folders=OUTPUT_FOLDERS)
    finally:
        outputs.discard()
        db.close()
    if not sample_size:
        (out / "sample.csv").unlink(missing_ok=True)
    return result


def _first_pass(db: sqlite3.Connection, outputs: _Outputs, stack: ExitStack,
                sources: Sequence[Source], outcomes: dict[str, Outcome], parts: str,
                result: Assembly) -> None:
    files = _csv(outputs.text("files.csv", stack), FILES_COLUMNS)
    findings = _csv(outputs.text("findings.csv", stack), FINDINGS_COLUMNS)
    indicators = _csv(outputs.text("indicators.csv", stack), INDICATOR_HEADER)
    parquet = _Parquet(outputs.path("indicators.parquet"))
    stack.callback(parquet.close)
    for source in sources:
        o = outcomes[source.name]
        files.writerow([_cell(v) for v in (o.file, o.status, o.forms, o.message)])
        result.statuses[o.status] = result.statuses.get(o.status, 0) + 1
        db.execute("INSERT INTO files VALUES (?, ?, ?, ?, ?)",
                   (o.file, o.status, o.forms, o.message, _href(outputs.out, source)))
    for ord_, (name, record) in enumerate(_parts(parts, [s.name for s in sources])):
        result.forms += 1
        index, form, score = record["index"], record["form"], record["score"]
        project = form["project_name"]
        counts = {"error": 0, "warning": 0, "info": 0}
        for f in record["findings"]:
            counts[f["severity"]] += 1
            findings.writerow([_cell(v) for v in (name, index, project, f["code"], f["severity"],
                                                  f["path"], f["message"], f["source"])])
            db.execute("INSERT INTO findings VALUES (?, ?, ?, ?, ?)",
                       (ord_, f["code"], f["severity"], f["message"], f["source"]))
        for row in record["indicators"]:
            indicators.writerow([_cell(v) for v in (name, index,
                                                    *(row[k] for k in INDICATOR_COLUMNS))])
            parquet.add({"file": name, "index": index, **row})
        keys = record["keys"]
        db.execute("INSERT INTO forms VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                   " ?, ?, ?, NULL, NULL)",
                   (ord_, name, index, project, form.get("department"), keys["unit"],
                    form.get("year"), score["total"], score["printed_total"], score["grade"],
                    score["printed_grade"], score["execution_rate"], counts["error"],
                    counts["warning"], counts["info"], keys["series"], keys["indicator_set"],
                    json.dumps(keys["values"], ensure_ascii=False),
                    json.dumps(keys["notes"], ensure_ascii=False),
                    json.dumps(record["local"], ensure_ascii=False)))
        db.executemany("INSERT INTO notes VALUES (?, ?)", [(n, ord_) for n in keys["notes"]])


def _href(out: Path, source: Source) -> str:
    """A link from the report to the source file (the archive, for a ZIP member)."""
    rel = os.path.relpath(os.path.abspath(source.path), os.path.abspath(out))
    return quote(Path(rel).as_posix())


def _risk(db: sqlite3.Connection, unit: str, year: int | None, series: str | None,
          indicator_set: str | None, notes: str, local: str, vals: str, signals: SignalSet
          ) -> Risk:
    """A form's risk: its local signals (found by the worker) and the cross ones, found here
    from the index."""
    copied: list[tuple[str, int]] = []
    for note in json.loads(notes):
        row = db.execute("SELECT n FROM shared_notes WHERE note = ?", (note,)).fetchone()
        if row:
            copied.append((note, row[0] - 1))
    units: tuple[str, ...] = ()
    if indicator_set:
        units = tuple(u for (u,) in db.execute(
            "SELECT unit FROM shared_sets WHERE indset = ? AND unit != ? ORDER BY unit",
            (indicator_set, unit)))
    previous = None
    if series and year:
        row = db.execute("SELECT year, vals FROM forms WHERE series = ? AND year < ? "
                         "ORDER BY year DESC, ord LIMIT 1", (series, year)).fetchone()
        if row:
            previous = History(row[0], tuple((n, t, a) for n, t, a in json.loads(row[1])))
    values = tuple((n, t, a) for n, t, a in json.loads(vals))
    keys = FormKeys(unit, year, tuple(json.loads(notes)), indicator_set, series, values)
    facts = CrossFacts(keys, tuple(copied), units, previous)
    hits = [SignalHit.from_dict(h) for h in json.loads(local)] + cross_hits(signals, facts)
    return risk_of(hits, signals)


def _risk_dict(risk: Risk) -> dict[str, Any]:
    return {"score": str(risk.score),
            "signals": [{"code": h.code, "title": h.title, "weight": str(h.weight),
                         "reason": h.reason} for h in risk.hits]}


class _Parquet:
    """indicators.parquet written in row groups: text as strings, scores as decimal(12, 2)."""

    def __init__(self, path: str) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        self.pa = pa
        fields = []
        for name in INDICATOR_HEADER:
            if name in DECIMAL_COLUMNS:
                kind = pa.decimal128(12, 2)
            elif name in INT_COLUMNS:
                kind = pa.int32()
            else:
                kind = pa.string()
            fields.append(pa.field(name, kind))
        self.schema = pa.schema(fields)
        self.writer = pq.ParquetWriter(path, self.schema, compression="zstd")
        self.rows: list[dict[str, Any]] = []

    def add(self, row: dict[str, Any]) -> None:
        self.rows.append(row)
        if len(self.rows) >= PARQUET_BATCH:
            self.flush()

    def flush(self) -> None:
        import pyarrow.compute as pc

        columns = []
        for column in self.schema:
            values = [r.get(column.name) for r in self.rows]
            if column.name in INT_COLUMNS:
                columns.append(self.pa.array(values, self.pa.int32()))
                continue
            text = self.pa.array([None if v is None else str(v) for v in values], self.pa.string())
            # decimal text → decimal(12, 2) by Arrow's exact cast: no float on the way
            columns.append(pc.cast(text, column.type) if column.name in DECIMAL_COLUMNS else text)
        self.writer.write_table(self.pa.Table.from_arrays(columns, schema=self.schema))
        self.rows = []

    def close(self) -> None:
        if self.rows:
            self.flush()
        self.writer.close()
