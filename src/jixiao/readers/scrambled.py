"""Spreadsheet text extracted in scrambled order (表格文本顺序打乱).

Document-sharing sites extract the text of an uploaded spreadsheet (.xlsx/.xls) cell by cell in
an order of their own: the funds block's row captions (年度资金总额 / 其中：财政拨款 / 其他资金)
stand together and their numbers come in a run elsewhere, or a column is read top to bottom
after another. The values are then detached from their row captions, and a layout that reads a
row as "caption, then its values" finds rows without amounts.

This module re-pairs such a block: it fills the template's slots (rows in the template's order,
columns from the block's captions) with the block's values in printed order — read row by row,
or column by column, else in any order that keeps each column top to bottom (cells extracted by
their height) — letting each row be empty or print the cells a funds row prints, and
keeps only the pairings the arithmetic accepts (执行率 = 执行数 ÷ 预算数 within the printed
rounding, 得分 ≤ 分值 and near 分值 × 执行率, a 其中 row no larger than the total). One pairing
left: it is the form's funds, reported at the block (JX040). Several: reported (JX016), nothing
guessed.

`repaired` applies this to the forms a layout (lines, web-table cells) read from the text: the
layout's own reading of a scrambled block is kept when nothing pairs or when the arithmetic
accepts it too (the two readings then reported, JX016), and replaced when the arithmetic
rejects it. The indicator rows of the same text go to `scrambled_rows`. `text.py` routes here
only texts whose first funds block is scrambled (`sniff_scrambled`).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache

from jixiao.core.findings import Finding, SourceRef
from jixiao.core.lazy_pattern import LazyPattern
from jixiao.core.model import Funds
from jixiao.readers import scrambled_rows as table
from jixiao.readers import segment
from jixiao.readers import vocabulary as vocab
from jixiao.readers.assemble import coded
from jixiao.readers.base import ReadResult
from jixiao.readers.glued import Glued
from jixiao.readers.parts import funds as funds_part

K = vocab.CaptionKind

#: The sniff looks at this many characters: the funds block stands on the first page.
SNIFF_CHARS = 20_000
#: Around the funds header the sniff reads this far back (a row caption or values printed
#: before the column captions) and on (the rows of the funds table, never its whole page).
SNIFF_BEFORE = 600
SNIFF_AFTER = 2400
_FUNDS_HEADER = LazyPattern(vocab.caption_pattern(K.FUNDS_ANNUAL, K.FUNDS_EXECUTED))
#: Pieces whose kind is remembered: the distinct pieces of a batch's captions and values repeat,
#: and the memory stays flat.
_PIECES = 8192
#: Rows a block may hold (the template has at most six funds sources): more is not a block.
MAX_ROWS = 6
#: Row shapes tried per block before giving up (a hostile text ends in time, left unread).
MAX_TRIALS = 200_000
#: Cells tried per block when the values are paired in no printed order (about 15,000 for a
#: four-row national block); past it nothing is paired.
MAX_STEPS = 100_000
#: Kinds that end a funds block: the goals and the indicator table begin.
_BLOCK_END = frozenset({K.GOALS_BLOCK, K.GOALS_EXPECTED, K.GOALS_ACTUAL, K.INDICATOR_BLOCK,
                        K.LEVEL1, K.LEVEL2, K.LEVEL3, K.TARGET, K.ACTUAL, K.TOTAL})
#: The template's rows, in its order (`vocabulary.FUNDS_ROW_SOURCES`).
_ROW_ORDER = tuple(vocab.FUNDS_ROW_SOURCES.values())
#: A number that lost its integer part in the capture (`.32`, `.5%`): a cell no pairing checks.
_DAMAGED_NUMBER = re.compile(r"\.\d+%?")
#: A money unit printed after an amount in its cell (`3359.62万`).
_MONEY_SUFFIX = re.compile(r"(?<=\d)(万元|万|元)$")


# ---------------------------------------------------------------- tokens


@dataclass(frozen=True)
class Token:
    """A piece of text between spaces (a caption split by spaces joined again) and what it is:
    `caption` (a `CaptionKind` in `kind`), `row` (a funds row, its source in `key`), `value`
    (a printed number or `%`), `blank` (`—`, `/`: a cell left empty), `sep` (`|`) or
    `word`."""

    text: str
    start: int
    sort: str
    kind: vocab.CaptionKind | None = None
    key: str | None = None


@lru_cache(maxsize=_PIECES)
def _piece_kind(text: str) -> tuple[str, vocab.CaptionKind | None, str | None]:
    compact = vocab.compact(text).replace(",", "").replace("，", "")
    if compact and all(ch in segment.BLANKS for ch in compact):
        return "blank", None, None
    if not any(ch.isalnum() for ch in compact):
        return "sep", None, None  # `|`, `||||`: a cell border drawn in text
    if segment.printed_number(_MONEY_SUFFIX.sub("", compact).removesuffix("%")) is not None:
        return "value", None, None
    if _DAMAGED_NUMBER.fullmatch(compact):
        return "damaged", None, None
    source = vocab.funds_source(compact) if len(compact) <= vocab.CAPTION_MAX else None
    if source is not None:
        return "row", None, source
    kind = vocab.classify(text)
    if kind is not None:
        return "caption", kind, None
    return "word", None, None


#: Pieces no caption begins with.
_NOT_JOINED = frozenset({"value", "blank", "sep", "damaged"})


def _printed(token: Token) -> str:
    """A value as the funds columns hold it: no spaces or thousands commas, no money unit."""
    return _printed_text(token.text)


@lru_cache(maxsize=_PIECES)
def _printed_text(text: str) -> str:
    return _MONEY_SUFFIX.sub("", vocab.compact(text).replace(",", "").replace("，", ""))


def _is_caption(text: str) -> bool:
    return _piece_kind(text)[0] in ("caption", "row")


def tokens(text: str) -> list[Token]:
    """The text's pieces between whitespace, a caption split over up to `vocabulary.WRAP_TOKENS`
    pieces (`年初预算 数`, `项目资金 (万元)`) joined when no piece after the first is one."""
    spans = [(m.group(), m.start()) for m in re.finditer(r"\S+", text)]
    out: list[Token] = []
    i = 0
    while i < len(spans):
        first = spans[i][0]
        joins = _piece_kind(first)[0] not in _NOT_JOINED and len(first) <= vocab.CAPTION_MAX
        for n in range(min(vocab.WRAP_TOKENS, len(spans) - i) if joins else 1, 0, -1):
            pieces = [s for s, _ in spans[i:i + n]]
            joined = " ".join(pieces)
            if n > 1 and (any(_is_caption(p) for p in pieces[1:])
                          or (vocab.exact_kind(joined) is None and vocab.funds_source(
                              vocab.compact(joined)) is None)):
                continue
            sort, kind, key = _piece_kind(joined)
            if n > 1 and (sort not in ("caption", "row") or _piece_kind(pieces[0])[0] == "row"):
                continue  # a row caption found inside longer text is whole already
            out.append(Token(joined, spans[i][1], sort, kind, key))
            i += n
            break
    return out


# ---------------------------------------------------------------- funds blocks


@dataclass(frozen=True)
class Block:
    """A funds block as printed: its column keys, its rows (template order), its values."""

    columns: tuple[str, ...]
    rows: tuple[str, ...]
    values: tuple[Token, ...]
    start: int
    unit: str | None = None
    unit_at: int | None = None
    #: no row caption standing alone is followed by a value (separators aside): the row
    #: captions stand together or apart from the numbers
    apart: bool = False
    #: the index of the token after the block
    end: int = 0
    #: each row's caption as printed, in `rows` order
    captions: tuple[str, ...] = ()

    @property
    def detached(self) -> bool:
        """Numbers detached from the row captions: the layout cannot have paired them."""
        return self.apart and any(v.sort == "value" for v in self.values)


def _opens(token: Token) -> bool:
    return token.sort == "row" or token.kind == K.FUNDS_BLOCK or (
        token.kind in vocab.FUNDS_COLUMN_KINDS and funds_part.column_key(token.text) in
        segment.FUNDS_KEYS and token.kind not in (K.WEIGHT, K.SCORE))


def blocks(toks: Sequence[Token]) -> list[Block]:
    """Every funds block in the tokens (one with row captions), with its values (a number
    right after a header caption, `项目负责人 …`, is that caption's)."""
    out: list[Block] = []
    i = 0
    while i < len(toks):
        if not _opens(toks[i]):
            i += 1
            continue
        end = next((j for j in range(i + 1, len(toks)) if _ends(toks[j])), len(toks))
        block = replace(_block(toks[i:end]), end=end)
        if block.rows:
            out.append(block)
        i = end
    return out


def _ends(token: Token) -> bool:
    return token.kind in _BLOCK_END or token.kind == K.PROJECT_NAME or (
        token.sort == "word" and vocab.is_level_name(token.text))


def _block(toks: Sequence[Token]) -> Block:
    keys: list[str | None] = []
    rows: dict[str, str] = {}
    values: list[Token] = []
    unit: str | None = None
    unit_at: int | None = None
    previous: Token | None = None
    lone_row = False  # the previous token is a row caption standing alone
    attached = False  # a lone row caption is followed by a value: rows are printed as rows
    for tok in toks:
        if tok.sort == "sep":
            continue
        if tok.sort == "caption":
            keys.append(funds_part.column_key(tok.text))
            money = vocab.MONEY_UNIT.search(tok.text)
            if tok.kind == K.FUNDS_BLOCK and money and unit is None:
                unit, unit_at = money.group(1) or money.group(2), tok.start
        elif tok.sort == "row" and tok.key is not None and tok.key not in rows:
            rows[tok.key] = tok.text
        elif tok.sort in ("value", "blank", "damaged"):
            attached = attached or lone_row
            owned = previous is not None and previous.sort == "caption" and (
                previous.kind not in vocab.FUNDS_COLUMN_KINDS | {K.FUNDS_BLOCK})
            if not owned:
                values.append(tok)
        lone_row = tok.sort == "row" and (previous is None or previous.sort != "row")
        previous = tok
    columns = tuple(k for k in funds_part.columns_from(keys) if k in segment.FUNDS_KEYS)
    ordered = tuple(s for s in _ROW_ORDER if s in rows)
    return Block(columns, ordered, tuple(values), toks[0].start, unit, unit_at, not attached,
                 captions=tuple(vocab.compact(rows[s]) for s in ordered))


# ---------------------------------------------------------------- pairing


#: A row's printed cells: the columns holding numbers, and the columns printed blank.
Shape = tuple[tuple[str, ...], tuple[str, ...]]


def _shapes(columns: Sequence[str], total: bool) -> list[Shape]:
    """The cells a funds row may print: nothing; blanks only; or numbers in the columns a row
    fills (`segment.funds_layouts`: 全年预算数 and 全年执行数 always, 分值/得分 in the total
    row only) with the other cells empty or all printed blank."""
    keys = [k for k in columns if total or k not in ("weight", "score")]
    out: list[Shape] = [((), ()), ((), tuple(columns))]
    for layout in segment.funds_layouts(keys):
        if "annual" not in layout or "executed" not in layout:
            continue
        rest = tuple(k for k in columns if k not in layout)
        out.append((layout, ()))
        if rest:
            out.append((layout, rest))
    return out


def _partial_shapes(columns: Sequence[str]) -> list[Shape]:
    """A 其中 row that prints its 执行率 (and 年初预算数) but not its amounts, the execution
    item's cells printed blank or left empty: tried only when no complete row pairs."""
    item = tuple(k for k in columns if k in ("weight", "score"))
    out: list[Shape] = []
    for layout in (("initial", "rate"), ("rate",)):
        if set(layout) <= set(columns):
            out.extend((layout, blank) for blank in {(), item})
    return out


@lru_cache(maxsize=4096)
def _row_ok(layout: tuple[str, ...], texts: tuple[str, ...], total: bool) -> bool:
    """The numbers of one row, in its columns, pass the funds arithmetic of `segment`."""
    return segment.row_agrees(dict(zip(layout, texts, strict=True)), scored=total)


def _numbers(texts: Sequence[str]) -> bool:
    """Printed numbers, none negative: what can be checked of a row without its amounts."""
    numbers = [segment.printed_number(t.removesuffix("%")) for t in texts]
    return all(n is not None and n >= 0 for n in numbers)


def _slots(columns: Sequence[str], rows: Sequence[str], shapes: Sequence[Shape],
           by_column: bool) -> list[tuple[int, str]]:
    """The printed cells, (row index, column), in reading order."""
    cells = [(r, c) for r in range(len(rows)) for c in columns
             if c in shapes[r][0] or c in shapes[r][1]]
    if by_column:
        cells.sort(key=lambda rc: columns.index(rc[1]))  # stable: top to bottom
    return cells


Reading = tuple[tuple[str, tuple[tuple[str, int], ...]], ...]


def _fits(token: Token, column: str, shape: Shape, percent: bool) -> bool:
    """The token may stand in this cell: a blank mark in a cell printed blank, a number in a
    cell printed; in a table that prints its rates with `%`, a rate there and only there."""
    if (token.sort == "blank") != (column in shape[1]):
        return False
    return not percent or token.sort == "blank" or (
        (column == "rate") == token.text.endswith("%"))


def _assign(block: Block, shapes: Sequence[Shape], cells: Sequence[tuple[int, str]]
            ) -> Reading | None:
    """The values put into the printed cells in order; None when the arithmetic rejects it."""
    if len(cells) != len(block.values):
        return None
    rows: list[dict[str, int]] = [{} for _ in block.rows]
    percent = any(v.text.endswith("%") for v in block.values)
    for (r, column), index in zip(cells, range(len(block.values)), strict=True):
        token = block.values[index]
        if not _fits(token, column, shapes[r], percent):
            return None
        if token.sort == "value":
            rows[r][column] = index
    if not all(_row_passes(block, source, shapes[r][0], rows[r])
               for r, source in enumerate(block.rows)):
        return None
    if not _parts_fit(block, rows):
        return None
    return tuple((source, tuple(sorted(rows[r].items())))
                 for r, source in enumerate(block.rows) if rows[r])


def _row_passes(block: Block, source: str, layout: tuple[str, ...], row: dict[str, int]
                ) -> bool:
    """One row's numbers, in its columns, pass the arithmetic (a row without amounts: they are
    numbers)."""
    if not layout:
        return True
    texts = tuple(_printed(block.values[row[c]]) for c in layout)
    if "annual" in layout:
        return _row_ok(layout, texts, source == "total")
    return _numbers(texts)


def _amount(block: Block, index: int | None) -> Decimal | None:
    if index is None:
        return None
    return segment.printed_number(_printed(block.values[index]).removesuffix("%"))


def _parts_fit(block: Block, rows: Sequence[dict[str, int]]) -> bool:
    """A 其中 row is part of the total: no amount of it exceeds the total's; the total prints."""
    if "total" not in block.rows:
        return True
    total = rows[block.rows.index("total")]
    if not total:
        return False
    for r, source in enumerate(block.rows):
        if source == "total":
            continue
        for key in ("initial", "annual", "executed"):
            whole, part = _amount(block, total.get(key)), _amount(block, rows[r].get(key))
            if whole is not None and part is not None and part > whole:
                return False
    return True


def pairings(block: Block) -> list[Reading]:
    """Every distinct pairing of the block's values with its slots that the arithmetic accepts,
    reading the slots row by row and column by column; when none is accepted, in any order
    that keeps each column top to bottom (a sheet's cells extracted by their height, columns
    interleaved), a 其中 row then also printing its 执行率 without its amounts. Pairings
    that put the same values in the same cells are one. At most `MAX_TRIALS` tried."""
    if not block.rows or len(block.rows) > MAX_ROWS or not block.values or any(
            v.sort == "damaged" for v in block.values):  # a cell the arithmetic cannot check
        return []
    blanks = sum(v.sort == "blank" for v in block.values)
    numbers = len(block.values) - blanks
    found: dict[tuple[object, ...], Reading] = {}
    choices = [_shapes(block.columns, source == "total") for source in block.rows]
    for shapes in itertools.islice(_combinations(choices, numbers, blanks), MAX_TRIALS):
        for by_column in (False, True):
            _keep(found, block, _assign(block, shapes, _slots(
                block.columns, block.rows, shapes, by_column)))
    if found:
        return list(found.values())
    choices = [[shape for shape in _shapes(block.columns, True) if "rate" in shape[0]]
               if source == "total" else
               _shapes(block.columns, False) + _partial_shapes(block.columns)
               for source in block.rows]
    steps = [MAX_STEPS]
    rates = sum(v.text.endswith("%") for v in block.values)
    for shapes in itertools.islice(_combinations(choices, numbers, blanks), MAX_TRIALS):
        if rates and sum("rate" in shape[0] for shape in shapes) != rates:
            continue  # a table printing its rates with `%` prints each rate so
        for cells in _interleaved(block, shapes, steps):
            reading = _assign(block, shapes, cells)
            if reading is not None and _verified(block, reading):
                _keep(found, block, reading)
        if steps[0] <= 0:
            return []  # not every order tried: a pairing left alone may not be the only one
    return list(found.values())


def _verified(block: Block, reading: Reading) -> bool:
    """The total row prints its 执行率 on a budget: the arithmetic has checked the pairing
    (`0 0 100%` checks nothing), as a pairing in no printed order must be checked."""
    total = dict(next((cells for source, cells in reading if source == "total"), ()))
    if not {"annual", "executed", "rate"} <= set(total):
        return False
    budget = _amount(block, total["annual"])
    return budget is not None and budget > 0


def _keep(found: dict[tuple[object, ...], Reading], block: Block, reading: Reading | None
          ) -> None:
    if reading is not None:
        found.setdefault(tuple((source, tuple((key, _printed(block.values[i]))
                                              for key, i in cells))
                               for source, cells in reading), reading)


def _interleaved(block: Block, shapes: Sequence[Shape], steps: list[int]
                 ) -> Iterator[list[tuple[int, str]]]:
    """The orders of the printed cells that keep each column top to bottom, each cell taking
    a value it may hold (`_fits`); each cell tried takes one of `steps[0]`, none left ends."""
    columns = [[(r, c) for r in range(len(block.rows)) if c in shapes[r][0] or c in shapes[r][1]]
               for c in block.columns]
    if sum(map(len, columns)) != len(block.values):
        return
    percent = any(v.text.endswith("%") for v in block.values)
    taken = [0] * len(columns)
    order: list[tuple[int, str]] = []
    rows: list[dict[str, int]] = [{} for _ in block.rows]
    left = [len(shape[0]) for shape in shapes]

    def extend(index: int) -> Iterator[list[tuple[int, str]]]:
        if index == len(block.values):
            yield list(order)
            return
        token = block.values[index]
        for n, column in enumerate(columns):
            if taken[n] == len(column):
                continue
            steps[0] -= 1
            if steps[0] <= 0:
                return
            r, key = column[taken[n]]
            if not _fits(token, key, shapes[r], percent):
                continue
            numeric = token.sort == "value"
            if numeric:
                rows[r][key] = index
                left[r] -= 1
            if not (numeric and left[r] == 0) or _row_passes(
                    block, block.rows[r], shapes[r][0], rows[r]):  # a row checked once whole
                taken[n] += 1
                order.append((r, key))
                yield from extend(index + 1)
                order.pop()
                taken[n] -= 1
            if numeric:
                del rows[r][key]
                left[r] += 1

    yield from extend(0)


def _combinations(choices: Sequence[Sequence[Shape]], numbers: int, blanks: int
                  ) -> Iterator[tuple[Shape, ...]]:
    """The rows' shapes that print exactly `numbers` numbers and `blanks` blank marks."""
    if not choices:
        if numbers == 0 and blanks == 0:
            yield ()
        return
    for shape in choices[0]:
        n, b = numbers - len(shape[0]), blanks - len(shape[1])
        if n >= 0 and b >= 0:
            for rest in _combinations(choices[1:], n, b):
                yield (shape, *rest)


# ---------------------------------------------------------------- the form's funds


def _funds(block: Block, reading: Reading, place: PlaceOf
           ) -> tuple[Funds, dict[str, SourceRef]]:
    rows = []
    for source, cells in reading:
        values = {key: (_printed(block.values[i]), place(block.values[i].start))
                  for key, i in cells}
        rows.append(funds_part.RowRead(source, None, place(block.start), values))
    unit_place = place(block.unit_at) if block.unit_at is not None else None
    return funds_part.funds_part(rows, unit=(block.unit, unit_place))


class PlaceOf:
    """The place (line, `第N字`) of a character of the text."""

    def __init__(self, text: str, filename: str | None) -> None:
        lines = text.splitlines(keepends=True)
        starts = [0]
        for line in lines[:-1]:
            starts.append(starts[-1] + len(line))
        self._glued = Glued(text, starts, filename)

    def __call__(self, pos: int) -> SourceRef:
        return self._glued.source(pos)


def _shown(block: Block, reading: Reading) -> str:
    """`年度资金总额 50 50 45 10 90% 9；…`: each row's caption and its values, as printed."""
    captions = dict(zip(block.rows, block.captions, strict=True))
    return "；".join(f"{captions[source]} " + " ".join(
        block.values[i].text for _, i in sorted(cells, key=lambda c: c[1]))
        for source, cells in reading)


def _within(read: Funds, paired: Funds) -> bool:
    """What the layout read agrees with the pairing (each value it gives is the pairing's): the
    pairing only adds, never overrules a row the layout read."""
    if not _has_amounts(read):
        return True
    rows = {row.source: row for row in paired.rows}
    for row in read.rows:
        other = rows.get(row.source)
        fields = ("initial", "annual", "executed", "rate")
        if other is None or any(_same(getattr(row, f), getattr(other, f)) is False
                                for f in fields):
            return False
    return all(_same(getattr(read, f), getattr(paired, f)) is not False
               for f in ("weight", "rate", "score"))


def _same(a: str | None, b: str | None) -> bool | None:
    """Whether two printed values agree (None when the first is not given)."""
    if not a or segment.printed_number(vocab.compact(a).removesuffix("%")) is None:
        return None
    return bool(b) and vocab.compact(a) == vocab.compact(b or "")


def _has_amounts(funds: Funds) -> bool:
    return any(segment.printed_number(vocab.compact(v or "").removesuffix("%")) is not None
               for row in funds.rows for v in (row.initial, row.annual, row.executed))


def repair(result: ReadResult, block: Block, place: PlaceOf) -> ReadResult:
    """The form with its funds re-paired from a scrambled block (JX040), or with the block's
    ambiguity reported (JX016). The layout's own reading of the block stays when nothing
    pairs; when it disagrees with the pairing it stays only if the arithmetic accepts it too,
    and then the two readings are reported (JX016).

    Pairings that agree on the 年度资金总额 row and differ only in which 其中 row holds the
    rest (a row left empty prints nothing) give the total row, the rest reported (JX016)."""
    found = pairings(block)
    if not found:
        return result
    where = place(block.start)
    read = result.form.funds
    notes: list[Finding] = []
    reading = found[0]
    if len(found) > 1:
        totals = {next((r for r in f if r[0] == "total"), None) for f in found}
        total = totals.pop() if len(totals) == 1 else None
        notes.append(coded("JX016", f"资金表的数值与行标题分离，有{len(found)}种合乎算术的配对"
                           + ("，「其中」各行未读取" if total else ""), path="funds",
                           source=where))
        if total is None:
            if _has_amounts(read) and _accepted(read, result):  # the layout's is one: kept
                return replace(result, findings=(*result.findings, *_named(notes, result)))
            return _with_funds(result, Funds(unit=read.unit), {}, notes)
        reading = (total,)
    funds, places = _funds(block, reading, place)
    if not _within(read, funds) and _accepted(read, result):
        note = coded("JX016", "资金表的数值与行标题分离，按版式读出的配对与按模板顺序的配对"
                     f"（{_shown(block, reading)}）都合乎算术，保留前者", path="funds",
                     source=where)
        return replace(result, findings=(*result.findings, *_named([note], result)))
    notes.insert(0, coded("JX040", f"资金表 {_shown(block, reading)}", path="funds",
                          source=where))
    return _with_funds(result, funds, places, notes)


def _with_funds(result: ReadResult, funds: Funds, places: dict[str, SourceRef],
                notes: Sequence[Finding]) -> ReadResult:
    """The result with these funds (the layout's funds findings and places replaced)."""
    kept = [f for f in result.findings if not (f.path or "").startswith("funds")]
    sources = {k: v for k, v in result.sources.items() if not k.startswith("funds")}
    sources.update(places)
    form = replace(result.form, funds=funds)
    return replace(result, form=form, findings=(*kept, *_named(notes, result)),
                   sources=sources)


def _accepted(funds: Funds, result: ReadResult) -> bool:
    """The funds as read pass the arithmetic: each row's 执行率 = 执行数 ÷ 预算数 where all
    three print, 得分 ≤ 分值; and the layout placed each row's values by their columns (a row
    with more or fewer values than the header, JX012, was placed by guess: `1 1 0 1 1 1` taken
    from a run of fourteen is no reading of the block)."""
    if any(f.code == "JX012" for f in result.findings):
        return False
    for row in funds.rows:
        texts = [_plain(v) for v in (row.annual, row.executed, row.rate)]
        if all(texts) and not segment.rate_agrees(*texts):
            return False
    weight, score = _plain(funds.weight), _plain(funds.score)
    numbers = [segment.printed_number(t) for t in (weight, score)]
    return None in numbers or numbers[1] <= numbers[0]  # type: ignore[operator]


def _plain(text: str | None) -> str:
    return _MONEY_SUFFIX.sub("", vocab.compact(text or "").replace(",", ""))


def _named(findings: Iterable[Finding], result: ReadResult) -> list[Finding]:
    return [replace(f, form=result.form.project_name or None) for f in findings]


def scrambled_blocks(text: str) -> list[Block]:
    """The funds blocks of the text whose values stand apart from their row captions."""
    return [b for b in blocks(tokens(text)) if b.detached]


def sniff_scrambled(text: str) -> bool:
    """Whether the text's first funds block has numbers detached from its row captions (looks
    around the first 全年预算数/全年执行数 caption in the first `SNIFF_CHARS`)."""
    found = _FUNDS_HEADER.search(text, 0, SNIFF_CHARS)
    if found is None:
        return False
    start = text.rfind(" ", 0, max(found.start() - SNIFF_BEFORE, 0)) + 1
    return bool(scrambled_blocks(text[start:found.end() + SNIFF_AFTER]))


def repaired(results: Iterable[ReadResult], text: str, filename: str | None = None
             ) -> Iterator[ReadResult]:
    """The forms a layout read from `text` (the n-th funds block and the table after it are
    the n-th form's): the funds re-paired where the block is scrambled, and the indicator rows
    whose values stand apart from their names (`table.stretches`)."""
    toks = tokens(text)
    found = blocks(toks)
    place = PlaceOf(text, filename)
    forms = list(results)
    if len(found) != len(forms):
        yield from forms
        return
    for n, (result, block) in enumerate(zip(forms, found, strict=True)):
        if block.detached:
            result = repair(result, block, place)
        stop = found[n + 1].start if n + 1 < len(found) else None
        table_toks = [t for t in toks[block.end:] if stop is None or t.start < stop]
        yield table.repair_rows(result, table_toks, place)


__all__ = ["Block", "Token", "blocks", "pairings", "repair", "repaired", "scrambled_blocks",
           "sniff_scrambled", "tokens"]
