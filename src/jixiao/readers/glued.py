"""The glued layout: a whole 自评表 published as one string without separators (粘连文本).

Document-sharing sites and some disclosure pages give a form as one very long line (or a few,
one per page): `…项目名称初中公用经费主管部门…年初预算数全年预算数全年执行数执行率64.864.864.8100%
…保障人数102370人2370人10…`. The reader

1. joins the long lines into one text, remembering each character's line and column;
2. finds the captions in it with the shared vocabulary (`vocabulary.py`), section by section,
   so that words of free text (goals, names) are not taken for captions;
3. cuts the text into the form's slots in printed order — header fields, the funds block (its
   column order read from its captions), goals, the indicator table (column order from its
   header: 分值 may come before 年度指标值, a column may be missing), total, grade;
4. splits each run of glued numbers with `segment.py`, keeping only the readings the arithmetic
   accepts; a run with several readings leaves its values null and says so (JX016).

Every split is reported at its place (JX011 glued text, JX015 funds run, JX038 indicator run).
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace

from jixiao.core.findings import Finding, SourceRef
from jixiao.core.model import Form, Goals, Indicator, Total
from jixiao.core.values import compose_split_value
from jixiao.readers import segment
from jixiao.readers import vocabulary as vocab
from jixiao.readers.base import ReadResult, import_finding
from jixiao.readers.codes import IMPORT_CODES
from jixiao.readers.parts import funds as funds_part
from jixiao.readers.placeholders import is_placeholder_name
from jixiao.readers.text_norm import strip_enumerator

K = vocab.CaptionKind

#: A glued line is long: a form's header alone, glued, is longer than any line of PDF text.
GLUED_LINE_MIN = 200
#: Captions a glued line shows in its first part (header, funds and table captions).
GLUED_CAPTIONS_MIN = 5
#: The sniff looks at this many characters only: the layout shows in the first page.
SNIFF_CHARS = 4096

_TABLE_COLUMN = {K.TARGET: "target", K.VALUE: "target", K.ACTUAL: "actual", K.WEIGHT: "weight",
                 K.SCORE: "score", K.NOTE: "note", K.UNIT: "unit", K.OPERATOR: "op"}
_GOAL_KINDS = frozenset({K.GOALS_BLOCK, K.GOALS_EXPECTED, K.GOALS_ACTUAL})
_TABLE_OPENERS = frozenset({K.INDICATOR_BLOCK, K.LEVEL1, K.LEVEL2, K.LEVEL3})
_TAIL_KINDS = frozenset({K.TOTAL, K.SELF_SCORE, K.GRADE, K.END})
#: Captions that begin the form's body (funds, goals, the table): the header is before them.
_BODY_KINDS = frozenset({K.FUNDS_BLOCK, K.FUNDS_INITIAL, K.FUNDS_ANNUAL, K.FUNDS_EXECUTED,
                         K.GOALS_BLOCK, K.GOALS_EXPECTED, K.INDICATOR_BLOCK, K.LEVEL1})
#: Short synonyms that are ordinary words inside names and prose (`单位`, `说明`, `一级`):
#: trusted only where a table header stands.
_SHORT = 2


# ---------------------------------------------------------------- captions in running text


#: What a funds row's run is made of (digits, `.`, `%`, spaces, blank marks): a row caption
#: ends where it begins.
_RUN = r"\d\s.%" + re.escape("".join(sorted(segment.BLANKS)))


def _caption_regex() -> re.Pattern[str]:
    kinds = [k for k in K if k in vocab.SYNONYMS]
    # a level name may be split by blanks (a page marker removed inside it: `社会效益 指标`)
    levels = [r"\s*".join(map(re.escape, name)) for name in sorted(
        set(vocab.LEVEL1_NAMES) | set(vocab.LEVEL2_NAMES), key=len, reverse=True)]
    # the row patterns match a normalised caption (NFKC, `^`-anchored); here they are found
    # inside printed text: unanchored, either colon width, after an optional `其中：`
    rows = ["(?:其中\\s*[:：]?\\s*)?" + p.pattern.replace("^", "").replace(":", "[:：]")
            for p, _ in vocab.FUNDS_ROW_PATTERNS]
    return re.compile(
        f"(?P<title>{vocab.TITLE.pattern})"
        f"|(?P<level>(?:{'|'.join(levels)})(?:{vocab.SCORE_SUFFIX.pattern})?)"
        f"|(?P<row>(?:{'|'.join(rows)})[^{_RUN}]{{0,4}}?(?=[{_RUN}]))"
        f"|(?P<caption>(?:{vocab.caption_pattern(*kinds)})"
        f"(?:[(（][^()（）\\d]{{0,6}}[)）])?(?:{vocab.SCORE_SUFFIX.pattern})?)")


_CAPTIONS = _caption_regex()


@dataclass(frozen=True)
class Caption:
    """A caption found in the glued text: its span and what it is."""

    start: int
    end: int
    kind: str  # a CaptionKind value, or "title", "level", "row"
    text: str


def find_captions(flat: str) -> list[Caption]:
    """Every caption the vocabulary recognises in the text, left to right, longest first."""
    out: list[Caption] = []
    for m in _CAPTIONS.finditer(flat):
        group = m.lastgroup or ""
        if group == "caption":
            kind = vocab.classify(m.group())
            if kind is None:
                continue
            out.append(Caption(m.start(), m.end(), kind.value, m.group()))
        elif group == "row":
            out.append(Caption(m.start(), m.end(), "row", m.group()))
        else:
            out.append(Caption(m.start(), m.end(), group, m.group()))
    return out


#: Header fields whose caption OCR may damage (`主管部n`, `实施第位`), and the shortest caption
#: read with one character wrong (a shorter one is too often an ordinary word).
_DAMAGEABLE = (K.PROJECT_NAME, K.DEPARTMENT, K.IMPLEMENTING_UNIT)
DAMAGED_MIN = 4


def damaged_header_captions(flat: str, found: Sequence[Caption]) -> list[Caption]:
    """Header captions (项目名称, 主管部门, 实施单位) OCR printed with one character wrong, in each
    form's header (from its title, or the text's start, to its first funds, goals or table
    caption), where no caption stands and the field has none: `主管部n…` is 主管部门."""
    out: list[Caption] = []
    starts = [0, *(c.start for c in found if c.kind == "title")]
    body = [c.start for c in found if c.kind in _BODY_KINDS]
    covered = -1
    for start in sorted(set(starts)):
        if start < covered:
            continue  # inside the header looked at already
        at = bisect.bisect_left(body, start)
        end = body[at] if at < len(body) else len(flat)
        covered = min(end, start + HEADER_SPAN)
        first = bisect.bisect_left(found, start, key=lambda c: c.start)
        last = bisect.bisect_left(found, covered, key=lambda c: c.start)
        out += _damaged_in(flat, found[first:last], start, covered)
    return out


#: A glued header (title to funds) is a few hundred characters: damaged captions are looked
#: for this far after a title at most.
HEADER_SPAN = 600


def _damaged_in(flat: str, found: Sequence[Caption], start: int, end: int) -> list[Caption]:
    """The damaged captions of one header (`found`: the captions in it)."""
    taken = [(c.start, c.end) for c in found]
    have = {c.kind for c in found}
    out: list[Caption] = []
    for kind in _DAMAGEABLE:
        if kind in have:
            continue
        for synonym in sorted(vocab.SYNONYMS[kind], key=len, reverse=True):
            pos = _one_wrong(flat, synonym, start, end, taken)
            if pos is not None and len(synonym) >= DAMAGED_MIN:
                out.append(Caption(pos, pos + len(synonym), kind.value,
                                   flat[pos:pos + len(synonym)]))
                taken.append((pos, pos + len(synonym)))
                break
    return out


def _one_wrong(flat: str, word: str, start: int, end: int, taken: Sequence[tuple[int, int]]
               ) -> int | None:
    """Where `word` is printed with exactly one character wrong, not its first (`监管单位` is
    no 主管单位), before `end` and outside the captions taken."""
    pos = flat.find(word[0], start, end - len(word) + 1)
    while pos >= 0:
        piece = flat[pos:pos + len(word)]
        if sum(a != b for a, b in zip(piece, word, strict=True)) == 1 and not any(
                s < pos + len(word) and pos < e for s, e in taken):
            return pos
        pos = flat.find(word[0], pos + 1, end - len(word) + 1)
    return None


# ---------------------------------------------------------------- the text and its places


@dataclass
class Glued:
    """The glued lines as one text, with where each line starts in it."""

    flat: str
    starts: list[int]
    filename: str | None = None
    first_line: int = 1

    def source(self, pos: int) -> SourceRef:
        """The place of the character at `pos`: its line and its column (`第N字`)."""
        index = max(bisect.bisect_right(self.starts, pos) - 1, 0)
        column = pos - self.starts[index] + 1
        return SourceRef(file=self.filename, line=self.first_line + index, cell=f"第{column}字")


def join_glued(text: str, filename: str | None = None, first_line: int = 1) -> Glued:
    """The lines of the text joined into one (a page of a glued form ends mid-row: the line
    break is no separator). Page text a sharing site adds has been blanked by `text_prep`."""
    lines = text.splitlines()
    starts = list(itertools.accumulate((len(line) for line in lines[:-1]), initial=0))
    return Glued("".join(lines), starts, filename, first_line)


def sniff_glued(text: str) -> bool:
    """Whether the text is a form glued into long lines (looks at the first `SNIFF_CHARS`)."""
    head = text[:SNIFF_CHARS]
    for line in head.splitlines():
        if len(line) < GLUED_LINE_MIN or "|" in line or "\t" in line:
            continue
        if len(line.split()) > len(line) / 20:
            continue  # words separated by spaces: a line of cells, not a glued string
        kinds = {c.kind for c in find_captions(line)}
        if len(kinds) >= GLUED_CAPTIONS_MIN:
            return True
    return False


# ---------------------------------------------------------------- sections


@dataclass
class Slot:
    """A caption and the text after it up to the next caption."""

    caption: Caption
    start: int
    end: int
    value: str


#: Captions printed side by side (a header row) are this close; a goal caption further from
#: the previous caption is a word of the goal text.
_ADJACENT = 2
#: Text longer than this after a table column caption is the first row: the header has ended.
_ROW_AFTER_HEADER = 6


def _accepted(captions: Sequence[Caption]) -> list[Caption]:
    """The captions that stand where a caption can: free text (goals, indicator names) only
    ends at the captions that open the next part."""
    out: list[Caption] = []
    state = "header"
    for c in captions:
        if state == "table" and out and c.start - out[-1].end > _ROW_AFTER_HEADER:
            state = "rows"  # text after the table header: the rows have begun
        short = len(vocab.compact(c.text)) <= _SHORT
        if state == "goals":
            adjacent = bool(out) and c.start - out[-1].end <= _ADJACENT
            if c.kind in _GOAL_KINDS and (adjacent or (
                    c.kind == K.GOALS_ACTUAL and all(o.kind != c.kind for o in out))):
                out.append(c)
            elif (c.kind in _TABLE_OPENERS and not short) or c.kind == "level":
                state = "table"
                out.append(c)
            continue
        if state == "rows":
            if c.kind in ("level", "title") or c.kind in _TAIL_KINDS - {K.END} or (
                    c.kind == K.PROJECT_NAME):
                out.append(c)
                if c.kind == K.PROJECT_NAME:
                    state = "header"
            continue
        if short and c.kind not in (K.WEIGHT, K.SCORE, K.TOTAL) and state != "table":
            continue
        if c.kind in _GOAL_KINDS:
            state = "goals"
        elif c.kind in _TABLE_OPENERS:
            state = "table"
        elif c.kind == "level" and state == "table":
            state = "rows"
        out.append(c)
    return out


def slots(glued: Glued, captions: Sequence[Caption]) -> list[Slot]:
    """Each accepted caption with the text up to the next one."""
    out: list[Slot] = []
    for i, c in enumerate(captions):
        end = captions[i + 1].start if i + 1 < len(captions) else len(glued.flat)
        out.append(Slot(c, c.end, end, glued.flat[c.end:end]))
    return out


def split_forms(all_slots: Sequence[Slot]) -> list[list[Slot]]:
    """Forms follow one another: a 项目名称 after a form's table begins the next form."""
    forms: list[list[Slot]] = [[]]
    seen_table = False
    for slot in all_slots:
        kind = slot.caption.kind
        if kind == K.PROJECT_NAME and seen_table:
            forms.append([])
            seen_table = False
        if kind in ("level", K.TOTAL):
            seen_table = True
        forms[-1].append(slot)
    return [f for f in forms if f]


# ---------------------------------------------------------------- reading one form


@dataclass
class _Reading:
    """What one form's slots gave, with findings and sources."""

    glued: Glued
    budget: segment.Budget
    values: dict[str, object] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    sources: dict[str, SourceRef] = field(default_factory=dict)

    def note(self, code: str, detail: str, pos: int, path: str | None = None) -> None:
        message = f"{IMPORT_CODES[code]}：{detail}" if detail else IMPORT_CODES[code]
        self.findings.append(import_finding(code, message, path=path,
                                            source=self.glued.source(pos)))


def _clean(text: str) -> str:
    return vocab.compact(text).strip(":：、，,;；")


def _header(reading: _Reading, form_slots: Sequence[Slot], title: str) -> None:
    year = vocab.YEAR.search(title) or vocab.YEAR_LOOSE.search(title)
    if year:
        reading.values["year"] = int(year.group(1))
    if "部门整体" in title:
        reading.values["kind"] = "department"
        subject = _subject(title)
        if subject:
            reading.values[K.PROJECT_NAME] = subject
    for slot in form_slots:
        kind = slot.caption.kind
        if kind in (K.PROJECT_NAME, K.DEPARTMENT, K.IMPLEMENTING_UNIT):
            value = _clean(slot.value)
            if value and len(value) <= vocab.HEADER_VALUE_MAX and kind not in reading.values:
                reading.values[kind] = value
                reading.sources[str(kind)] = reading.glued.source(slot.start)


def _subject(title: str) -> str | None:
    """What a 部门整体 form (which has no 项目名称) is about: the department its title names
    (`某某局2023年度部门整体绩效自评表` → 某某局), else the printed title itself."""
    text = vocab.compact(title)
    found = vocab.TITLE.search(text)
    if found is None:
        return None
    text = text[:found.end()].strip(":：、，,。")
    cut = vocab.YEAR_LOOSE.search(text) or re.search("部门整体", text)
    subject = text[:cut.start()] if cut else ""
    return (subject or text)[:vocab.HEADER_VALUE_MAX] or None


def _funds(reading: _Reading, form_slots: Sequence[Slot]) -> None:
    """项目资金: the column order from its captions, each row's glued run split, and the rows
    handed to the one funds part (`parts.funds`)."""
    keys: list[str] = []
    rows: list[funds_part.RowRead[SourceRef]] = []
    unit: tuple[str | None, SourceRef | None] = (None, None)
    for slot in form_slots:
        kind = slot.caption.kind
        if kind in _GOAL_KINDS or kind in _TABLE_OPENERS or kind == "level":
            break
        if kind == K.FUNDS_BLOCK:
            reading.values["funds_found"] = True
            money = vocab.MONEY_UNIT.search(slot.caption.text)
            if money:
                unit = (money.group(1) or money.group(2), reading.glued.source(slot.start))
        key = funds_part.column_key(slot.caption.text) if kind in _FUNDS_KINDS else None
        if key:  # the captions that are columns, in order; a repeated one counts where last
            if key in keys and key != "reason":
                keys.remove(key)
            keys.append(key)
        source = vocab.funds_source(slot.caption.text) if kind == "row" else (
            "total" if key else None)
        if source and keys and slot.value.strip() and not any(
                r.source == source for r in rows):
            columns = [k for k in funds_part.columns_from(keys) if k in segment.FUNDS_KEYS]
            row = _funds_row(reading, slot, source, columns)
            if row is not None:
                rows.append(row)
                reading.values["funds_found"] = True
    funds, places = funds_part.funds_part(rows, unit=unit)
    reading.values["funds"] = funds
    reading.sources.update(places)


_FUNDS_KINDS = frozenset({K.FUNDS_INITIAL, K.FUNDS_ANNUAL, K.FUNDS_EXECUTED, K.FUNDS_RATE,
                          K.WEIGHT, K.SCORE})
_LEADING_RUN = re.compile(f"[{_RUN}]+")


def _template_order(columns: Sequence[str]) -> bool:
    """The funds captions found are some of the national template's, in its order: the others
    were not recognised (OCR damage, a caption unknown), and the template tells where they are."""
    keys = list(segment.FUNDS_KEYS)
    positions = [keys.index(c) for c in columns if c in keys]
    return len(positions) < len(keys) and positions == sorted(positions)


def _funds_row(reading: _Reading, slot: Slot, source: str, columns: Sequence[str]
               ) -> funds_part.RowRead[SourceRef] | None:
    """One funds row from its glued run (the numbers after the caption; words after them
    are the next caption, perhaps damaged); None when no numbers follow the caption."""
    lead = _LEADING_RUN.match(slot.value)
    run = vocab.compact(lead.group()) if lead else ""
    if not run or not any(ch.isdigit() for ch in run):
        return None
    place = reading.glued.source(slot.start)
    label = _clean(slot.caption.text) if slot.caption.kind == "row" else None
    found = segment.split_funds(run, columns, scored=source == "total")
    if not found and _template_order(columns):
        found = segment.split_funds(run, segment.FUNDS_KEYS, scored=source == "total")
        if found:
            reading.note("JX014", f"「{label or '年度资金总额'}」列标题不全（可能被 OCR 损坏）",
                         slot.start, "funds")
    if not found:
        return None
    if len(found) > 1:
        reading.note("JX016", f"资金行「{label or '年度资金总额'}」的「{run}」有"
                     f"{len(found)}种拆分", slot.start, "funds")
        return funds_part.RowRead(source, label, place)
    values = found[0]
    reading.note("JX015", f"「{label or '年度资金总额'}」的「{run}」→ {_shown(values)}",
                 slot.start, "funds")
    return funds_part.RowRead(source, label, place,
                              {k: (v, place) for k, v in values.items()})


def _goals(reading: _Reading, form_slots: Sequence[Slot]) -> None:
    """年度总体目标: the text after 预期目标 and after 实际完成情况. Both captions printed side by
    side before both texts leave no boundary between the texts: all is the expected (JX021)."""
    expected = actual = None
    for slot in form_slots:
        kind = slot.caption.kind
        text = _clean(slot.value)
        if kind == K.GOALS_EXPECTED and text and expected is None:
            expected = text
            reading.sources["goals.expected"] = reading.glued.source(slot.start)
        elif kind == K.GOALS_ACTUAL and text and actual is None:
            if expected is None:
                expected = text
                reading.sources["goals.expected"] = reading.glued.source(slot.start)
                reading.note("JX021", "", slot.start, "goals")
            else:
                actual = text
                reading.sources["goals.actual"] = reading.glued.source(slot.start)
        elif kind == K.GOALS_BLOCK and text and expected is None:
            expected = text
            reading.sources["goals.expected"] = reading.glued.source(slot.start)
    reading.values["goals"] = Goals(expected=expected, actual=actual)


def _table(reading: _Reading, form_slots: Sequence[Slot]) -> None:
    """The indicator table: its column order from its header, then the rows under each
    一级/二级 name, split by `segment.split_rows` and checked against the group's `(N分)`."""
    columns: list[str] = []
    level1 = level2 = None
    points: str | None = None
    rows: list[Indicator] = []
    in_table = captioned = False
    missing = _missing_columns(form_slots)
    for i, slot in enumerate(form_slots):
        kind = slot.caption.kind
        if kind in _TABLE_OPENERS:
            in_table = True
        if not in_table:
            continue
        column = _column_of(slot.caption)
        if column and column not in columns:
            columns.append(column)
        if kind in _TAIL_KINDS:
            break
        if kind == "level":
            captioned = True
            name = vocab.strip_score(vocab.compact(slot.caption.text))
            if vocab.canonical_level1(name) and name in vocab.LEVEL1_NAMES and (
                    name not in vocab.LEVEL2_NAMES or (level1 is None and level2 is None)):
                level1, level2 = vocab.canonical_level1(name), None
            else:
                level2 = vocab.canonical_level2(name)
            points = vocab.score_in(slot.caption.text)
        text = vocab.compact(_without_page_captions(reading, slot))
        if kind != "level" and level1 is None and level2 is None and not rows and (
                _unknown_column(text)):
            following = form_slots[i + 1].caption if i + 1 < len(form_slots) else None
            if following and _prefix_of(text, following):
                continue  # `年初` + `指标值`: words of the next caption, split from it
            scrambled = _scrambled_column(text, missing)
            if scrambled is None:
                reading.note("JX031", f"表头中有无法识别的栏目「{text}」，各列的顺序不明，"
                             "指标行未读取", slot.start, "indicators")
                break
            columns.append(scrambled)
            missing.discard(scrambled)
            reading.note("JX035", f"表头中的「{text}」按缺少的栏目「{_FIELD_NAMES[scrambled]}」"
                         "读取（栏目名称的字被 OCR 打乱或损坏）", slot.start, "indicators")
            continue
        if level1 or level2 or rows:
            text = _without_placeholders(reading, slot, text, len(rows))
        at_end = slot.end >= len(reading.glued.flat.rstrip())
        if (len(text) > _ROW_AFTER_HEADER or (at_end and text and (level1 or level2))) and (
                _TABLE_VALUES & set(columns)):
            for piece, group in _groups(text):
                rows += _rows(reading, slot, piece, columns, (level1, level2), points, len(rows),
                              at_end and group is None)
                if group is not None:  # a group the vocabulary does not know, by its (N分)
                    name, points, rows_follow = group
                    if rows_follow and captioned:
                        level2 = name
                    else:
                        level1, level2 = name, None
    if len(rows) > 1 and "note" in columns and columns.index("note") == len(columns) - 1:
        start = next(s.start for s in form_slots if s.caption.kind in _TABLE_OPENERS)
        reading.note("JX031", "「偏差原因」一栏的文字与下一行的三级指标连在一起，无法分开："
                     "只读取了每组最后一行的偏差原因，其他三级指标可能带有上一行的偏差原因", start,
                     "indicators")
    reading.values["indicators"] = tuple(rows)
    reading.values["columns"] = tuple(columns)


_TABLE_VALUES = frozenset({"target", "actual", "weight", "score"})
_HAN = re.compile(r"[\u4e00-\u9fff]")
#: Columns the vocabulary lists as not read (`IGNORED_COLUMN`) whose cells the glued rows still
#: print, and how `segment` reads them: 得分系数 (a percentage), 是否核心指标 (是/否).
_IGNORED_CELLS = {"得分系数": "coef", "是否核心指标": "flag"}
#: The captions of each value column, for an unrecognised header word to be matched against.
_COLUMN_KINDS = {"target": (K.TARGET, K.VALUE), "actual": (K.ACTUAL,), "weight": (K.WEIGHT,),
                 "score": (K.SCORE,)}
#: Characters an unrecognised header word may have beyond a caption's (OCR debris, a prefix
#: such as 参考 in 参考分值).
_EXTRA_CHARS = 2


def _column_of(caption: Caption) -> str | None:
    """The table column a header caption names (None for captions that are not columns)."""
    if caption.kind in _TABLE_COLUMN:
        return _TABLE_COLUMN[caption.kind]
    if caption.kind == K.IGNORED_COLUMN:
        text = vocab.compact(caption.text)
        return next((v for k, v in _IGNORED_CELLS.items() if text.startswith(k)), None)
    return None


#: A caption's first word wrapped off it (`年初` / `指标值`, `调整` / `指标值`) is this short.
_WRAPPED_PREFIX = 2


def _prefix_of(word: str, caption: Caption) -> bool:
    """Whether `word` is the first characters of the caption after it, split off by wrapping:
    short, and with it the caption is still of its kind (`年初指标值` is a 指标值)."""
    if len(word) > _WRAPPED_PREFIX:
        return False
    kind = vocab.classify(word + vocab.compact(caption.text))
    return (kind is not None and kind.value == caption.kind) or (
        kind == K.TARGET and caption.kind == K.VALUE)


def _missing_columns(form_slots: Sequence[Slot]) -> set[str]:
    """The value columns no caption of the table header names."""
    seen: set[str] = set()
    in_table = False
    for slot in form_slots:
        in_table = in_table or slot.caption.kind in _TABLE_OPENERS
        column = _column_of(slot.caption) if in_table else None
        if column:
            seen.add(column)
    return set(_COLUMN_KINDS) - seen


def _scrambled_column(word: str, missing: set[str]) -> str | None:
    """The one missing column whose caption's characters are all in `word` (in any order, with
    at most `_EXTRA_CHARS` more): `考值参分` (参考分值, its two lines read crosswise) is 分值,
    `年成值全完值` is 全年完成值. None when no column, or more than one, fits."""
    have = Counter(word)
    fits = {column for column in missing for kind in _COLUMN_KINDS[column]
            for synonym in vocab.SYNONYMS.get(kind, ())
            if not Counter(synonym) - have and len(word) - len(synonym) <= _EXTRA_CHARS}
    return fits.pop() if len(fits) == 1 else None


#: The table's vertical caption (`绩效指标`) printed again where a page begins: before the blanks
#: a removed page marker left.
_PAGE_CAPTION = re.compile(
    f"(?:{'|'.join(sorted(vocab.SYNONYMS[K.INDICATOR_BLOCK], key=len, reverse=True))})\\s+")


def _without_page_captions(reading: _Reading, slot: Slot) -> str:
    """The slot's text without the table's caption repeated at a page break (JX031)."""
    text = slot.value
    for m in reversed(list(_PAGE_CAPTION.finditer(text))):
        reading.note("JX031", f"页首重复的栏目「{m.group().strip()}」", slot.start + m.start(),
                     "indicators")
        text = text[:m.start()] + text[m.end():]
    return text


#: The longest template enumerator left in a row's place (`指标12：`).
_ENUMERATOR_MAX = 6


def _without_placeholders(reading: _Reading, slot: Slot, text: str, index: int) -> str:
    """The rows' text without the template's unused `指标2：` left before the first row or
    after the last one (between a group caption and its rows): not rows (JX039)."""
    dropped: list[str] = []
    changed = True
    while changed and text:
        changed = False
        for j in range(min(len(text), _ENUMERATOR_MAX), 2, -1):
            if _enumerator(text[:j]):
                dropped.append(text[:j])
                text, changed = text[j:], True
                break
            if _enumerator(text[-j:]):
                dropped.append(text[-j:])
                text, changed = text[:-j], True
                break
    if dropped:
        reading.note("JX039", "、".join(f"「{d}」" for d in dropped), slot.start,
                     f"indicators[{index}]")
    return text


def _enumerator(piece: str) -> bool:
    """`指标2：`, `指标1.`: the template's enumerator with a number and nothing after it."""
    return piece.startswith("指标") and piece[2:3] not in ("", ":", "：") and (
        is_placeholder_name(piece))


def _unknown_column(text: str) -> bool:
    """Words between two captions of the table header: a column the vocabulary does not know
    (or a caption damaged by OCR), so the order of the values is unknown."""
    return 0 < len(text) <= _ROW_AFTER_HEADER and len(_HAN.findall(text)) >= 2


#: A group's name is short (`项目决策`, `服务对象满意度指标`).
_GROUP_NAME_MAX = 12
#: A group caption the vocabulary does not know, printed with its points inside the rows'
#: text (`…6项目产出(30分)`, OCR-damaged or another system's name): the words before `(N分)`
#: back to the previous row's last number.
_GROUP = re.compile(f"(?:(?<=[\\d.%])|^)(?P<name>[^\\d.%<>=≥≤＜＞＝]{{2,{_GROUP_NAME_MAX}}})"
                    f"{vocab.SCORE_SUFFIX.pattern}")


def _groups(text: str) -> Iterator[tuple[str, tuple[str, str, bool] | None]]:
    """The rows' text cut at the group captions in it: each piece of rows, then the group
    after it (name, points, whether rows follow it in this text) or None at the end."""
    start = 0
    for m in _GROUP.finditer(text):
        name = m.group("name")
        if len(_HAN.findall(name)) < 2:
            continue
        yield text[start:m.start()], (name, m.group(2), m.end() < len(text))
        start = m.end()
    yield text[start:], None


def _rows(reading: _Reading, slot: Slot, text: str, columns: Sequence[str],
          levels: tuple[str | None, str | None], points: str | None, first: int,
          at_end: bool = False) -> list[Indicator]:
    """The indicator rows of one run of text under a 二级 name (`at_end`: the run ends the
    text, which may cut its last row off)."""
    tokens = slot.value.split()
    if len(tokens) > 2:
        spaced = segment.weights_fit(segment.split_spaced(tokens, columns), points)
        agreement = segment.agreed(spaced)
        if agreement is not None and not agreement[1]:
            return [_indicator(reading, slot, row, levels, first + i, frozenset())
                    for i, row in enumerate(agreement[0])]
    out: list[Indicator] = []
    read_end = -1
    for stretch, whole_end in _stretches(text, columns, points, reading.budget):
        piece = text[stretch.start:stretch.end]
        path = f"indicators[{first + len(out)}]"
        if _last_note(columns, text, stretch, read_end) and out and not at_end:
            out[-1] = replace(out[-1], note=piece)  # the group ends the last row's note
            continue
        if at_end and _cut_off(columns, text, stretch, read_end, whole_end):
            reading.note("JX006", f"最后一行只有三级指标「{piece}」", slot.start, path)
            out.append(Indicator(level1=levels[0], level2=levels[1], name=piece))
            reading.sources[f"{path}.name"] = reading.glued.source(slot.start)
            continue
        if stretch.row is None and not stretch.readings:
            reading.note("JX031", f"「{piece[:30]}」", slot.start, path)
            continue
        if stretch.row is None:
            reading.note("JX016", f"「{piece[:30]}」有{stretch.readings}种拆分，未读取",
                         slot.start, path)
            continue
        if stretch.disputed:
            reading.note("JX016", f"「{piece[:30]}」的{_fields(stretch.disputed)}有"
                         f"{stretch.readings}种拆分，未读取", slot.start, path)
        if stretch.row.whole:
            reading.note("JX016", f"「{stretch.row.name[:30]}」中三级指标、年度指标值与实际完成值"
                         "连在一起，无法分开，未读取", slot.start, path)
        elif stretch.row.joined:
            reading.note("JX016", f"「{piece[:30]}」中年度指标值与实际完成值连在一起，无法分开，"
                         "未读取", slot.start, path)
        if any(ch.isdigit() for ch in piece):
            reading.note("JX038", f"「{piece[:40]}」→ {_shown(dict(stretch.row.values))}",
                         slot.start, path)
        out.append(_indicator(reading, slot, stretch.row, levels, first + len(out),
                              stretch.disputed))
        read_end = stretch.end
    return out


def _stretches(text: str, columns: Sequence[str], points: str | None, budget: segment.Budget
               ) -> Iterator[tuple[segment.Stretch, int]]:
    """The stretches of a run, each with where the last complete reading before it ended (a
    row boundary every reading agrees on; -1 before any)."""
    whole_end = 0
    for stretch in segment.read_rows(text, columns, points, budget):
        yield stretch, whole_end
        whole_end = stretch.end if stretch.readings else -1


def _cut_off(columns: Sequence[str], text: str, stretch: segment.Stretch, read_end: int,
             whole_end: int) -> bool:
    """Whether the stretch is a row's name the end of the captured text cut off: words (no
    number) ending the text, where a row begins (`whole_end`: after readings that end there;
    not after a row when the last column is the note: they could be its 偏差原因)."""
    words = text[stretch.start:stretch.end]
    after_row = stretch.start == read_end
    return (stretch.row is None and not stretch.readings and stretch.end == len(text)
            and stretch.start == whole_end and not any(ch.isdigit() for ch in words)
            and not (after_row and columns and columns[-1] == "note")
            and len(words) <= segment.MAX_NAME)


def _last_note(columns: Sequence[str], text: str, stretch: segment.Stretch, read_end: int
               ) -> bool:
    """Whether the stretch is the 偏差原因 of the row just read: words (no number) after the
    last row of a group, in a table whose last column is the note (the group's end, the next
    caption, delimits it; a note before another row runs into that row's name)."""
    return (bool(columns) and columns[-1] == "note" and stretch.row is None
            and stretch.start == read_end and stretch.end == len(text)
            and not any(ch.isdigit() for ch in text[stretch.start:stretch.end]))


#: How a split names its parts in a finding (the form's own column names).
_FIELD_NAMES = {"target": "年度指标值", "actual": "实际完成值", "weight": "分值",
                "score": "得分", "unit": "计量单位", "op": "指标性质", "initial": "年初预算数",
                "annual": "全年预算数", "executed": "全年执行数", "rate": "执行率",
                "coef": "得分系数", "flag": "是否核心指标"}


def _shown(values: dict[str, str]) -> str:
    """`分值 10｜年度指标值 2370人｜…`: a split as a reviewer checks it."""
    return "｜".join(f"{_FIELD_NAMES.get(k, k)} {v}" for k, v in values.items() if v)


def _fields(keys: frozenset[str]) -> str:
    return "、".join(_FIELD_NAMES.get(k, k) for k in sorted(keys))


def _indicator(reading: _Reading, slot: Slot, row: segment.RowSplit,
               levels: tuple[str | None, str | None], index: int,
               disputed: frozenset[str]) -> Indicator:
    values = {k: (None if k in disputed or v == "" else v) for k, v in row.values}
    target = _composed_target(values)
    for key in ("name", "target", "actual", "weight", "score"):
        reading.sources[f"indicators[{index}].{key}"] = reading.glued.source(slot.start)
    name = None if row.whole else strip_enumerator(row.name) or None
    return Indicator(level1=levels[0], level2=levels[1], name=name,
                     target=target, actual=values.get("actual"), weight=values.get("weight"),
                     score=values.get("score"))


def _composed_target(values: dict[str, str | None]) -> str | None:
    """年度指标值 with the 指标性质 and 计量单位 cells of its row (`≥` + `50` + `人`): an operator
    only when the cell prints one (定量指标 and 正向 are no operators), the unit only when the
    value does not print it already; nothing when the value is blank."""
    target = values.get("target")
    if not target or not ("unit" in values or "op" in values):
        return target
    op = values.get("op") or ""
    unit = values.get("unit") or ""
    if op not in segment.OPERATORS and op not in ("定性", "定性指标"):
        op = ""
    if unit and (target.endswith(unit) or not segment.measure_of(target).number):
        unit = ""
    return compose_split_value(op, target, unit)


def _tail(reading: _Reading, form_slots: Sequence[Slot], columns: Sequence[str]) -> None:
    """总分 row (分值 and 得分 glued: `10095`), 自评总分, 评分等级."""
    total: Total | None = None
    self_score = grade = None
    keys = [k for k in ("weight", "score") if k in columns] or ["weight", "score"]
    for slot in form_slots:
        kind = slot.caption.kind
        run = vocab.compact(slot.value)
        if kind == K.TOTAL and total is None and run:
            found = segment.split_points(run.rstrip("分"), keys)
            if len(found) == 1:
                total = Total(weight=found[0].get("weight"), score=found[0].get("score"))
                reading.sources["total.score"] = reading.glued.source(slot.start)
            elif len(found) > 1:
                reading.note("JX016", f"总分行的「{run}」有{len(found)}种拆分", slot.start,
                             "total")
        elif kind == K.SELF_SCORE and self_score is None:
            m = re.match(r"(?:0|[1-9]\d*)(?:\.\d+)?", run)
            self_score = m.group() if m else None
        elif kind == K.GRADE and grade is None and run[:1] in vocab.GRADES:
            grade = run[0]
    reading.values["total"] = total or Total(score=self_score)
    reading.values["total_found"] = total is not None or self_score is not None
    reading.values["grade"] = grade


def read_form(glued: Glued, form_slots: Sequence[Slot], title: str,
              budget: segment.Budget | None = None) -> ReadResult | None:
    """One form from its slots; None when nothing of a form is in them."""
    budget = budget or segment.Budget()
    reading = _Reading(glued, budget)
    _header(reading, form_slots, title)
    _funds(reading, form_slots)
    _goals(reading, form_slots)
    _table(reading, form_slots)
    columns: Sequence[str] = reading.values.get("columns", ())  # type: ignore[assignment]
    _tail(reading, form_slots, columns)
    v = reading.values
    table = bool(v.get("columns"))
    if not (v.get(K.PROJECT_NAME) or v.get("indicators") or v.get("funds_found") or table):
        return None
    form = Form(
        project_name=v.get(K.PROJECT_NAME) or "",  # type: ignore[arg-type]
        kind=v.get("kind", "project"),  # type: ignore[arg-type]
        year=v.get("year"),  # type: ignore[arg-type]
        department=v.get(K.DEPARTMENT),  # type: ignore[arg-type]
        implementing_unit=v.get(K.IMPLEMENTING_UNIT),  # type: ignore[arg-type]
        funds=v["funds"],  # type: ignore[arg-type]
        goals=v["goals"],  # type: ignore[arg-type]
        indicators=v["indicators"],  # type: ignore[arg-type]
        total=v["total"],  # type: ignore[arg-type]
        grade=v.get("grade"),  # type: ignore[arg-type]
    )
    start = form_slots[0].caption.start
    findings = [_finding(glued, "JX011", "", start), *_missing(glued, reading, form, start)]
    findings += reading.findings
    named = form.project_name or None
    return ReadResult(form=form, findings=tuple(replace(f, form=named) for f in findings),
                      sources=reading.sources)


def _finding(glued: Glued, code: str, detail: str, pos: int, path: str | None = None
             ) -> Finding:
    message = f"{IMPORT_CODES[code]}：{detail}" if detail else IMPORT_CODES[code]
    return import_finding(code, message, path=path, source=glued.source(pos))


def _missing(glued: Glued, reading: _Reading, form: Form, pos: int) -> list[Finding]:
    """JX001–JX004: the parts of the form not found."""
    out = []
    if not form.project_name and form.kind == "project":
        out.append(_finding(glued, "JX001", "", pos, "project_name"))
    if not reading.values.get("funds_found"):
        out.append(_finding(glued, "JX002", "", pos, "funds"))
    if not form.indicators:
        out.append(_finding(glued, "JX003", "", pos, "indicators"))
    if not reading.values.get("total_found"):
        out.append(_finding(glued, "JX004", "", pos, "total"))
    return out


# ---------------------------------------------------------------- public API


def read_glued(text: str, *, filename: str | None = None, first_line: int = 1
               ) -> list[ReadResult]:
    """Every form of a glued text, in order, with import findings and provenance.

    Args:
        text: the text as captured (one or a few very long lines).
        filename: the file named in provenance and findings.
        first_line: the number of the text's first line in that file.

    Returns:
        One `ReadResult` per form found; [] when no form is recognisable.
    """
    glued = join_glued(text, filename, first_line)
    found = find_captions(glued.flat)
    captions = _accepted(sorted([*found, *damaged_header_captions(glued.flat, found)],
                                key=lambda c: c.start))
    if not captions:
        return []
    out: list[ReadResult] = []
    previous_end = 0
    budget = segment.Budget()  # one for the whole text: a hostile text ends in time
    for form_slots in split_forms(slots(glued, captions)):
        result = read_form(glued, form_slots, _title(glued, form_slots, previous_end), budget)
        previous_end = form_slots[-1].end
        if result is not None:
            out.append(result)
    return out


def _title(glued: Glued, form_slots: Sequence[Slot], previous_end: int) -> str:
    """The form's title: the text before its last `…自评表` ahead of the first field (a
    sharing site's banners name the file's title too, sometimes with another year)."""
    titles = []
    for slot in form_slots:
        if slot.caption.kind != "title":
            break
        titles.append(slot)
    if not titles:
        return glued.flat[previous_end:form_slots[0].caption.start]
    start = titles[-2].caption.end if len(titles) > 1 else previous_end
    return glued.flat[start:titles[-1].caption.end] + titles[-1].value


def iter_glued(text: str, *, filename: str | None = None) -> Iterator[ReadResult]:
    """`read_glued` one form at a time."""
    yield from read_glued(text, filename=filename)


__all__ = ["GLUED_LINE_MIN", "Caption", "Glued", "find_captions", "iter_glued", "join_glued",
           "read_glued", "sniff_glued"]
