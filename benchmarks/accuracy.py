"""Field accuracy of the text reader on the labelled corpus (real published 绩效自评表 text).

    .venv/bin/python benchmarks/accuracy.py [--labels DIR] [--raw DIR] [--json] [--misses]

For every `labels/NNN.json` with a `raw/NNN.txt`, the captured text (its small `key: value`
header stripped) is read as `jixiao parse` reads it (`readers.stream.read_stream`), the forms read
are aligned with the labelled form(s) and compared field for field. A field counts when the label
gives it a value, and also when the label says null but the reader filled it (a false value); a
labelled form, funds row or indicator row not found counts every labelled field of it as missed.
Values are compared after NFKC, without whitespace, with numbers as decimals (`100.00%` = `100%`
= `100`). The labels are written by hand from the raw text, never from the reader's output.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import sys
import unicodedata
from collections.abc import Callable, Container, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "corpus"

HEADER_FIELDS = ("kind", "year", "project_name", "department", "implementing_unit")
FUNDS_FIELDS = ("unit", "weight", "rate", "score")
ROW_FIELDS = ("initial", "annual", "executed", "rate")
GOAL_FIELDS = ("expected", "actual")
INDICATOR_FIELDS = ("level1", "level2", "name", "target", "actual", "weight", "score", "note")
TOTAL_FIELDS = ("weight", "score")
#: Two indicator rows are the same row when their names (or, without names, their values) agree
#: at least this much: a name cut off at the end of a partial capture still pairs with its whole.
ROW_SIMILARITY = 0.5
#: The parts of a form the figures are broken down by.
PARTS = ("header", "funds", "goals", "indicators", "total")

_HEADER_LINE = re.compile(r"^[a-z_]+:\s")
_DECIMAL = re.compile(r"(?<![\d.])\d+\.\d+(?![\d.])")
_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")


# ---------------------------------------------------------------- tallies

@dataclass(frozen=True)
class Miss:
    """A field the reader got wrong: `want` is the label's value, `got` the reader's."""

    path: str
    want: Any
    got: Any
    line: int | None = None


@dataclass
class Tally:
    """Fields right out of fields counted, with what was missed."""

    right: int = 0
    total: int = 0
    misses: list[Miss] = field(default_factory=list)
    #: part of the form (`PARTS`) → [right, total]
    parts: dict[str, list[int]] = field(default_factory=dict)

    def count(self, path: str, right: bool) -> None:
        self.total += 1
        self.right += right
        part = self.parts.setdefault(part_of(path), [0, 0])
        part[0] += right
        part[1] += 1

    def add(self, other: Tally) -> None:
        self.right += other.right
        self.total += other.total
        self.misses.extend(other.misses)
        for name, (right, total) in other.parts.items():
            part = self.parts.setdefault(name, [0, 0])
            part[0] += right
            part[1] += total

    @property
    def percent(self) -> Decimal:
        if not self.total:
            return Decimal(0)
        return (Decimal(100) * self.right / self.total).quantize(Decimal("0.1"))


@dataclass
class FormScore:
    """One labelled form against the form read for it (or none)."""

    tally: Tally
    rows_found: int
    rows_expected: int


@dataclass
class FileScore:
    """One corpus file: fields, forms and indicator rows found."""

    name: str
    tally: Tally
    forms_found: int
    forms_expected: int
    forms_read: int
    rows_found: int
    rows_expected: int
    error: str | None = None

    def to_json(self, misses: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "file": self.name, "right": self.tally.right, "total": self.tally.total,
            "percent": str(self.tally.percent), "forms_found": self.forms_found,
            "forms_expected": self.forms_expected, "forms_read": self.forms_read,
            "rows_found": self.rows_found, "rows_expected": self.rows_expected,
            "parts": _part_figures(self.tally),
        }
        if self.error:
            out["error"] = self.error
        if misses:
            out["misses"] = [
                {"path": m.path, "want": m.want, "got": m.got, "line": m.line}
                for m in self.tally.misses
            ]
        return out


def part_of(path: str) -> str:
    """The part of the form a field path belongs to (`indicators[3].score` → indicators)."""
    head = re.split(r"[.\[]", path, maxsplit=1)[0]
    if head in PARTS:
        return head
    return "total" if head == "grade" else "header"


# ---------------------------------------------------------------- normalising values

def normalise(value: Any) -> str | None:
    """The comparable form of a printed value: NFKC, no whitespace, decimals without trailing
    zeros (`7.20` = `7.2`, `100.00` = `100`), and a bare number's `%` dropped (`100%` = `100`)."""
    if value is None:
        return None
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(value)))
    if not text:
        return None
    text = _DECIMAL.sub(lambda m: _plain(m.group()), text)
    if text.endswith("%") and _NUMBER.fullmatch(text[:-1]):
        text = text[:-1]
    return text


def _plain(number: str) -> str:
    try:
        return format(Decimal(number).normalize(), "f")
    except InvalidOperation:  # pragma: no cover - the pattern only matches decimals
        return number


def same(want: Any, got: Any) -> bool:
    """Whether a labelled value and a read value are the same printed value."""
    return normalise(want) == normalise(got)


# ---------------------------------------------------------------- comparing one form

Lines = dict[str, int]  # field path of the read form → line in the raw file


def compare_field(tally: Tally, path: str, want: Any, got: Any, line: int | None = None) -> None:
    """Count one field: a labelled value (right or missed), or a value the label says is absent."""
    want_n, got_n = normalise(want), normalise(got)
    if want_n is None and got_n is None:
        return
    tally.count(path, want_n == got_n)
    if want_n != got_n:
        tally.misses.append(Miss(path, want, got, line))


def _fields(tally: Tally, prefix: str, want: dict[str, Any] | None, got: dict[str, Any] | None,
            keys: Sequence[str], lines: Lines, got_prefix: str | None = None,
            skip: Container[str] = ()) -> None:
    got_prefix = prefix if got_prefix is None else got_prefix
    for key in keys:
        if f"{prefix}{key}" in skip:
            continue
        line = lines.get(f"{got_prefix}{key}") if got is not None else None
        compare_field(tally, f"{prefix}{key}", (want or {}).get(key), (got or {}).get(key), line)


def compare_form(want: dict[str, Any], got: dict[str, Any] | None,
                 lines: Lines | None = None, skip: Container[str] = ()) -> FormScore:
    """A labelled form against a form read (None: not found, every labelled field missed);
    labelled fields whose path is in `skip` are not counted."""
    lines = lines or {}
    tally = Tally()
    _fields(tally, "", want, got, HEADER_FIELDS, lines)
    _fields(tally, "funds.", want.get("funds"), (got or {}).get("funds"), FUNDS_FIELDS, lines)
    _compare_rows(tally, _rows(want), _rows(got), lines)
    _fields(tally, "goals.", want.get("goals"), (got or {}).get("goals"), GOAL_FIELDS, lines)
    found = _compare_indicators(tally, want.get("indicators") or [],
                                (got or {}).get("indicators") or [], lines, skip)
    _fields(tally, "total.", want.get("total"), (got or {}).get("total"), TOTAL_FIELDS, lines)
    _fields(tally, "", want, got, ("grade",), lines)
    return FormScore(tally, found, len(want.get("indicators") or []))


def _rows(form: dict[str, Any] | None) -> list[dict[str, Any]]:
    return list(((form or {}).get("funds") or {}).get("rows") or [])


def _compare_rows(tally: Tally, want: list[dict[str, Any]], got: list[dict[str, Any]],
                  lines: Lines) -> None:
    """Funds rows paired by `source`, then in order among rows of the same source; a row on one
    side only counts its filled amounts (missed, or false values)."""
    for source in dict.fromkeys([r.get("source") for r in want + got]):
        w = [(i, r) for i, r in enumerate(want) if r.get("source") == source]
        g = [(j, r) for j, r in enumerate(got) if r.get("source") == source]
        for k in range(max(len(w), len(g))):
            wi, wr = w[k] if k < len(w) else (None, None)
            gj, gr = g[k] if k < len(g) else (None, None)
            index = wi if wi is not None else f"+{gj}"
            _fields(tally, f"funds.rows[{index}].", wr, gr, ROW_FIELDS, lines,
                    got_prefix=f"funds.rows[{gj}].")


def _compare_indicators(tally: Tally, want: list[dict[str, Any]], got: list[dict[str, Any]],
                        lines: Lines, skip: Container[str] = ()) -> int:
    """Indicator rows aligned in order by name similarity; returns the labelled rows found."""
    pairs = align_rows(want, got)
    paired_got = {j for _, j in pairs}
    by_want = dict(pairs)
    for i, row in enumerate(want):
        j = by_want.get(i)
        _fields(tally, f"indicators[{i}].", row, got[j] if j is not None else None,
                INDICATOR_FIELDS, lines, got_prefix=f"indicators[{j}].", skip=skip)
    for j, row in enumerate(got):
        if j not in paired_got:  # a row the label does not have: every filled field is false
            _fields(tally, f"indicators[+{j}].", None, row, INDICATOR_FIELDS, lines,
                    got_prefix=f"indicators[{j}].")
    return len(pairs)


def row_similarity(want: dict[str, Any], got: dict[str, Any]) -> float:
    """How alike two indicator rows are: their names, or their values when a name is missing."""
    a, b = normalise(want.get("name")), normalise(got.get("name"))
    if a and b:
        return SequenceMatcher(None, a, b).ratio()
    keys = [k for k in ("target", "actual", "weight", "score") if normalise(want.get(k))]
    if not keys:
        return 0.0
    return sum(same(want.get(k), got.get(k)) for k in keys) / len(keys)


def align_rows(want: list[dict[str, Any]], got: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """The order-keeping pairing of labelled and read rows with the greatest total similarity
    (pairs below `ROW_SIMILARITY` are not pairs), then the rows between pairs paired in order."""
    n, m = len(want), len(got)
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            sim = row_similarity(want[i], got[j])
            take = best[i + 1][j + 1] + sim if sim >= ROW_SIMILARITY else -1.0
            best[i][j] = max(take, best[i + 1][j], best[i][j + 1])
    pairs: list[tuple[int, int]] = []
    i = j = 0
    while i < n and j < m:
        sim = row_similarity(want[i], got[j])
        if sim >= ROW_SIMILARITY and best[i][j] == best[i + 1][j + 1] + sim:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    return _fill_gaps(pairs, n, m)


def _fill_gaps(pairs: list[tuple[int, int]], n: int, m: int) -> list[tuple[int, int]]:
    """Rows left between the same two pairs on both sides are paired in order: a row read with
    its name wrong is still that row (its fields are compared, not missed and false at once)."""
    out: list[tuple[int, int]] = []
    last_i = last_j = -1
    for i, j in [*pairs, (n, m)]:
        out.extend(zip(range(last_i + 1, i), range(last_j + 1, j), strict=False))
        if i < n:
            out.append((i, j))
        last_i, last_j = i, j
    return out


# ---------------------------------------------------------------- forms of one file

@dataclass(frozen=True)
class ReadForm:
    """A form as the reader gave it (canonical JSON) and the raw-file line of each field."""

    data: dict[str, Any]
    lines: Lines


def align_forms(want: list[dict[str, Any]], got: list[ReadForm]) -> list[ReadForm | None]:
    """For each labelled form, the read form that agrees with it on most fields (each read form
    used once; a read form agreeing on no field but `kind` is no match)."""
    scored = []
    for i, w in enumerate(want):
        for j, g in enumerate(got):
            right = compare_form(w, g.data).tally.right - same(w.get("kind"), g.data.get("kind"))
            if right:
                scored.append((-right, abs(i - j), i, j))
    match: list[ReadForm | None] = [None] * len(want)
    used: set[int] = set()
    for _, _, i, j in sorted(scored):
        if match[i] is None and j not in used:
            match[i] = got[j]
            used.add(j)
    return match


def score_forms(name: str, want: list[dict[str, Any]], got: list[ReadForm],
                error: str | None = None,
                skip: Callable[[dict[str, Any]], Container[str]] | None = None) -> FileScore:
    """The score of one file: every labelled form against the read form aligned with it
    (without the fields `skip` names for a labelled form)."""
    tally = Tally()
    found = rows_found = rows_expected = 0
    for w, g in zip(want, align_forms(want, got), strict=True):
        form = compare_form(w, g.data if g else None, g.lines if g else None,
                            skip(w) if skip else ())
        tally.add(form.tally)
        found += g is not None
        rows_found += form.rows_found
        rows_expected += form.rows_expected
    return FileScore(name, tally, found, len(want), len(got), rows_found, rows_expected, error)


# ---------------------------------------------------------------- reading the corpus

def split_header(text: str) -> tuple[str, int]:
    """The captured text without its `key: value` header and blank line, and the number of
    lines removed (add it to a line of the body to get the line of the raw file)."""
    lines = text.split("\n")
    count = 0
    while count < len(lines) and _HEADER_LINE.match(lines[count]):
        count += 1
    if count and count < len(lines) and not lines[count].strip():
        return "\n".join(lines[count + 1:]), count + 1
    return text, 0


def read_forms(body: str, name: str, offset: int = 0) -> tuple[list[ReadForm], str | None]:
    """The forms `jixiao parse` reads from `body` (the stream path), as canonical JSON, and the
    reader's refusal if it stopped (the forms handed out before it are kept)."""
    from jixiao.core.form_json import form_to_dict
    from jixiao.readers.base import UnreadableInput
    from jixiao.readers.stream import read_stream

    forms: list[ReadForm] = []
    try:
        for result in read_stream(io.BytesIO(body.encode("utf-8")), name):
            if result.form is None:
                continue
            lines = {path: ref.line + offset for path, ref in result.sources.items()
                     if ref.line is not None}
            forms.append(ReadForm(form_to_dict(result.form), lines))
    except UnreadableInput as exc:
        return forms, str(exc)
    return forms, None


def load_label(path: Path) -> list[dict[str, Any]]:
    """The labelled form(s) of a label file: one form object or a list of them."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return data if isinstance(data, list) else [data]


def score_file(label_path: Path, raw_path: Path) -> FileScore:
    """Read one raw file and compare it with its label."""
    body, offset = split_header(raw_path.read_text(encoding="utf-8"))
    got, error = read_forms(body, raw_path.name, offset)
    return score_forms(label_path.stem, load_label(label_path), got, error)


def labelled_pairs(labels: Path, raw: Path) -> Iterator[tuple[Path, Path]]:
    """Every label file with its raw text, in name order."""
    for label_path in sorted(labels.glob("*.json")):
        raw_path = raw / f"{label_path.stem}.txt"
        if raw_path.is_file():
            yield label_path, raw_path


def score_corpus(labels: Path = CORPUS / "labels", raw: Path = CORPUS / "raw") -> list[FileScore]:
    """The score of every labelled corpus file."""
    return [score_file(lp, rp) for lp, rp in labelled_pairs(labels, raw)]


def overall(scores: Sequence[FileScore]) -> Tally:
    """All files' fields added up, by part (misses not kept)."""
    total = Tally()
    for s in scores:
        total.add(Tally(s.tally.right, s.tally.total, parts=s.tally.parts))
    return total


def _part_figures(tally: Tally) -> dict[str, dict[str, int]]:
    return {name: {"right": tally.parts[name][0], "total": tally.parts[name][1]}
            for name in PARTS if name in tally.parts}


# ---------------------------------------------------------------- output

def render_table(scores: Sequence[FileScore], misses: bool = False) -> str:
    """The per-file table and the overall percentage, as text."""
    head = f"{'file':<6} {'fields':>9} {'%':>6}  {'forms':>9}  {'rows':>7}"
    out = [head, "-" * len(head)]
    for s in scores:
        out.append(f"{s.name:<6} {s.tally.right:>4}/{s.tally.total:<4} {s.tally.percent:>6}  "
                   f"{s.forms_found:>2}/{s.forms_expected:<2} ({s.forms_read} read)  "
                   f"{s.rows_found:>3}/{s.rows_expected:<3}" + (f"  {s.error}" if s.error else ""))
    total = overall(scores)
    out.append("-" * len(head))
    out.append(f"{'all':<6} {total.right:>4}/{total.total:<4} {total.percent:>6}")
    out.append("by part: " + ", ".join(f"{name} {f['right']}/{f['total']}"
                                        for name, f in _part_figures(total).items()))
    if misses:
        for s in scores:
            for m in s.tally.misses:
                where = f" (line {m.line})" if m.line else ""
                out.append(f"{s.name} {m.path}: want {m.want!r}, got {m.got!r}{where}")
    return "\n".join(out)


def render_json(scores: Sequence[FileScore], misses: bool = False) -> str:
    total = overall(scores)
    return json.dumps({
        "files": [s.to_json(misses) for s in scores],
        "overall": {"right": total.right, "total": total.total, "percent": str(total.percent),
                    "parts": _part_figures(total)},
    }, ensure_ascii=False, indent=1)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Field accuracy of the text reader on the "
                                                 "labelled corpus.")
    parser.add_argument("--labels", type=Path, default=CORPUS / "labels")
    parser.add_argument("--raw", type=Path, default=CORPUS / "raw")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--misses", action="store_true", help="list every field missed")
    args = parser.parse_args(argv)
    scores = score_corpus(args.labels, args.raw)
    if not scores:
        print(f"no label in {args.labels} has a raw text in {args.raw}", file=sys.stderr)
        return 1
    print(render_json(scores, args.misses) if args.json else render_table(scores, args.misses))
    return 0


if __name__ == "__main__":
    # last, so that PYTHONPATH=<another checkout>/src measures that checkout's readers
    sys.path.append(str(ROOT / "src"))
    raise SystemExit(main())
