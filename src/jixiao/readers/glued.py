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
The text, its captions and slots are `glued_text`'s; the indicator table is `glued_table`'s.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import replace

from jixiao.core.findings import Finding, SourceRef
from jixiao.core.model import Form, Funds, Goals, Indicator, Total
from jixiao.readers import segment
from jixiao.readers import vocabulary as vocab
from jixiao.readers.base import ReadResult, import_finding
from jixiao.readers.codes import IMPORT_CODES
from jixiao.readers.glued_table import FULL_MARKS, HAN, LEADING_NUMBER, read_table
from jixiao.readers.glued_text import (
    ADJACENT,
    GOAL_KINDS,
    MID_TABLE,
    ROW_AFTER_HEADER,
    RUN_CHARS,
    SHORT,
    TABLE_OPENERS,
    TAIL_KINDS,
    Caption,
    Glued,
    K,
    Reading,
    Slot,
    clean,
    damaged_header_captions,
    find_captions,
    join_glued,
    points_run,
    shown,
)
from jixiao.readers.parts import funds as funds_part
from jixiao.readers.parts import goals as goals_part
from jixiao.readers.parts.header import department_subject, title_subject

#: A glued line is long: a form's header alone, glued, is longer than any line of PDF text.
GLUED_LINE_MIN = 200
#: Captions a glued line shows in its first part (header, funds and table captions).
GLUED_CAPTIONS_MIN = 5
#: The sniff looks at this many characters only: the layout shows in the first page.
SNIFF_CHARS = 4096


def sniff_glued(text: str) -> bool:
    """Whether the text is a form glued into long lines (looks at the first `SNIFF_CHARS`)."""
    head = text[:SNIFF_CHARS]
    for line in head.splitlines():
        if len(line) < GLUED_LINE_MIN or "|" in line or "\t" in line:
            continue
        captions = find_captions(line)
        if len(line.split()) > len(line) / 20 and not _runs_into(line, captions):
            continue  # words separated by spaces: a line of cells, not a glued string
        if len({c.kind for c in captions}) >= GLUED_CAPTIONS_MIN:
            return True
    return False


#: Captions printed straight after another caption: a line of cells never shows this many
#: (its cells are set apart), a page glued but for blanks kept around its numbers does
#: (`年初预算数全年预算数全年执行数执行率得分`).
GLUED_PAIRS_MIN = 5
#: Level names run into the words after them (`产出指标数量指标道路保洁面积`): this many, and
#: two in three of the line's level names (a line of cells sets them apart; a word of a text
#: cell, 财务管理制度, may begin with one).
GLUED_LEVELS_MIN = 3


def _runs_into(line: str, captions: Sequence[Caption]) -> bool:
    """Whether a line whose numbers keep blanks around them is still glued: its captions run
    into one another, or its rows' level names into the names after them."""
    if sum(b.start == a.end for a, b in itertools.pairwise(captions)) >= GLUED_PAIRS_MIN:
        return True
    levels = [c for c in captions if c.kind == "level"]
    glued = sum(bool(HAN.match(line, c.end)) for c in levels)
    return glued >= GLUED_LEVELS_MIN and 3 * glued >= 2 * len(levels)


def _accepted(captions: Sequence[Caption]) -> list[Caption]:
    """The captions that stand where a caption can: free text (goals, indicator names) only
    ends at the captions that open the next part."""
    out: list[Caption] = []
    state = "header"
    for i, c in enumerate(captions):
        if c.kind == MID_TABLE:
            out.append(c)
            continue
        if state == "table" and out and c.start - out[-1].end > ROW_AFTER_HEADER:
            state = "rows"  # text after the table header: the rows have begun
        if c.kind == "row" and state in ("table", "rows") and (
                vocab.classify(c.text) is K.TOTAL):
            c = replace(c, kind=K.TOTAL.value)  # 合计 after the indicator table: the form's total
        short = len(vocab.compact(c.text)) <= SHORT
        if state == "goals":
            adjacent = bool(out) and c.start - out[-1].end <= ADJACENT
            if c.kind in GOAL_KINDS and (adjacent or (
                    _heads_actual(c) and not any(_heads_actual(o) for o in out))):
                out.append(c)
            elif c.kind == K.IGNORED_COLUMN and adjacent and out[-1].kind in GOAL_KINDS:
                out.append(c)  # 总体完成率 beside the goal captions (system exports)
            elif (c.kind in TABLE_OPENERS and not short) or c.kind == "level":
                state = "table"
                out.append(c)
            elif c.kind == K.IGNORED_FIELD and len(vocab.compact(c.text)) >= IGNORED_AMONG_GOALS:
                out.append(c)  # 项目实施内容及过程概述 after the goals: their text ends there
            elif c.kind == K.FUNDS_BLOCK and _opens_funds(c, captions[i + 1:i + 2]):
                state = "header"  # funds after the goals (Sichuan): read as before them
                out.append(c)
            continue
        if state == "rows":
            if c.kind in ("level", "title") or c.kind in TAIL_KINDS - {K.END} or (
                    c.kind == K.PROJECT_NAME) or (
                    c.kind == K.END and len(vocab.compact(c.text)) >= IGNORED_AMONG_GOALS):
                # an end mark this long (其他需要说明事项) is no word of a 偏差原因
                out.append(c)
                if c.kind == K.PROJECT_NAME:
                    state = "header"
            continue
        if short and c.kind not in (K.WEIGHT, K.SCORE, K.TOTAL, "row") and state != "table":
            continue  # a short word is a caption where a table's header stands, or (a funds
            # row's caption: 合计) where its numbers follow it
        if c.kind in GOAL_KINDS:
            state = "goals"
        elif c.kind in TABLE_OPENERS:
            state = "table"
        elif c.kind == "level" and (state == "table" or not out or out[-1].kind == MID_TABLE):
            state = "rows"  # a level name first of all: a capture that begins mid-table
        out.append(c)
    return out


#: A caption of a field not read this long ends the goal text before it, and an end mark
#: this long the table's rows (a short one, 联系人 or 存在问题, may be words of the text).
IGNORED_AMONG_GOALS = 6
#: Funds column captions: one right after a funds block caption in the goals' text shows the
#: block is the funds table, not words of the goals.
_FUNDS_COLUMNS = frozenset({K.FUNDS_INITIAL, K.FUNDS_ANNUAL, K.FUNDS_EXECUTED, K.FUNDS_RATE})


def _opens_funds(c: Caption, after: Sequence[Caption]) -> bool:
    """Whether a funds block caption met among the goals opens the funds table: a funds
    column caption follows it at once."""
    return bool(after) and after[0].kind in _FUNDS_COLUMNS and after[0].start - c.end <= ADJACENT


def _heads_actual(c: Caption) -> bool:
    """A goal caption of the actual (实际完成情况, 总体目标完成情况): the goal text before it
    ends there even where it is printed apart from the other captions."""
    return c.kind in GOAL_KINDS and goals_part.lone_column(c.text) is goals_part.GoalColumn.ACTUAL


def slots(glued: Glued, captions: Sequence[Caption]) -> list[Slot]:
    """Each accepted caption with the text up to the next one."""
    out: list[Slot] = []
    for i, c in enumerate(captions):
        end = captions[i + 1].start if i + 1 < len(captions) else len(glued.flat)
        mark = _SECTION_MARK.search(glued.flat, c.end, end) if i + 1 < len(captions) else None
        if mark:  # `…完成情况2.` + `项目实施内容…`: the next caption's number, not this text's
            end = mark.start()
        out.append(Slot(c, c.end, end, glued.flat[c.end:end]))
    return out


#: A section's number printed before its caption (`2.项目实施内容及过程概述`, `二、预算执行情况`):
#: a text or a run before it never ends so.
_SECTION_MARK = re.compile(r"(?:(?<![\d.])\d{1,2}[.．、]|[一二三四五六七八九十]{1,3}、)$")


def split_forms(all_slots: Sequence[Slot]) -> list[list[Slot]]:
    """Forms follow one another: a 项目名称 after a form's table begins the next form."""
    forms: list[list[Slot]] = [[]]
    seen_table = False
    for slot in all_slots:
        kind = slot.caption.kind
        if kind == K.PROJECT_NAME and seen_table:
            titles = 0  # the next form's title (`…自评表(2022年度)`) just before its 项目名称
            while titles < len(forms[-1]) and forms[-1][-1 - titles].caption.kind == "title":
                titles += 1
            forms.append(forms[-1][len(forms[-1]) - titles:])
            del forms[-2][len(forms[-2]) - titles:]
            seen_table = False
        if kind in ("level", K.TOTAL, MID_TABLE):
            seen_table = True
        forms[-1].append(slot)
    return [f for f in forms if f]


def _header(reading: Reading, form_slots: Sequence[Slot], title: str) -> None:
    year = vocab.YEAR.search(title) or vocab.YEAR_LOOSE.search(title)
    if year:
        reading.values["year"] = int(year.group(1))
    department_form = "部门整体" in title
    if department_form:
        reading.values["kind"] = "department"
        subject = title_subject(title)
        if subject:
            reading.values[K.PROJECT_NAME] = subject
    for slot in form_slots:
        kind = slot.caption.kind
        if kind in (K.PROJECT_NAME, K.DEPARTMENT, K.IMPLEMENTING_UNIT):
            value = clean(slot.value)
            if value and len(value) <= vocab.HEADER_VALUE_MAX and kind not in reading.values:
                reading.values[kind] = value
                reading.sources[str(kind)] = reading.glued.source(slot.start)
    if department_form and K.PROJECT_NAME not in reading.values:
        # no department named by the title: the one printed, else the title itself
        department = reading.values.get(K.DEPARTMENT)
        subject = department_subject(title, department if isinstance(department, str) else None)
        if subject:
            reading.values[K.PROJECT_NAME] = subject


def _funds(reading: Reading, form_slots: Sequence[Slot]) -> None:
    """项目资金: the column order from its captions, each row's glued run split, and the rows
    handed to the one funds part (`parts.funds`)."""
    keys: list[str] = []
    rows: list[funds_part.RowRead[SourceRef]] = []
    unit: tuple[str | None, SourceRef | None] = (None, None)
    points: tuple[str, SourceRef | None] | None = None  # `预算执行情况(20分)`: the item's 分值
    for slot in _with_inner_rows(form_slots):
        kind = slot.caption.kind
        if kind in TABLE_OPENERS or kind == "level" or (kind in GOAL_KINDS and (keys or rows)):
            break
        if kind in GOAL_KINDS:
            continue  # the goals before the funds (Sichuan): the funds come after them
        if kind == K.FUNDS_BLOCK:
            reading.values["funds_found"] = True
            money = vocab.MONEY_UNIT.search(slot.caption.text)
            if money:
                unit = (money.group(1) or money.group(2), reading.glued.source(slot.start))
            printed = vocab.score_in(slot.caption.text)
            if printed and points is None:
                points = (printed, reading.glued.source(slot.start))
        if kind in _FUNDS_KINDS and unit[0] is None:  # `年度预算数(万元)`: the unit printed
            money = vocab.MONEY_UNIT.search(slot.caption.text)  # in a column's caption
            if money:
                unit = (money.group(1) or money.group(2), reading.glued.source(slot.start))
        key = funds_part.column_key(slot.caption.text) if kind in _FUNDS_KINDS else None
        if key:  # the captions that are columns, in order (`columns_from` sorts repeats)
            keys.append(key)
        source = vocab.funds_source(slot.caption.text) if kind == "row" else (
            "total" if key else None)
        label = clean(slot.caption.text) if kind == "row" else None
        if source and keys and slot.value.strip() and not any(
                (r.source, r.label) == (source, label) for r in rows):  # 其中 rows: 省级, 市级…
            columns = [k for k in funds_part.columns_from(keys) if k in segment.FUNDS_KEYS]
            whole = next((r for r in rows if r.source == "total"), None)
            row = _funds_row(reading, slot, source, columns, points and points[0],
                             {k: v for k, (v, _) in whole.values.items()} if whole else None)
            if row is not None:
                rows.append(row)
                reading.values["funds_found"] = True
    if unit[0] is None and rows:
        unit = _unit_before(reading, form_slots)
    printed = next((r for r in rows if r.source == "total" and _ITEM_POINTS & r.values.keys()),
                   None)
    item = reading.values.get("funds_item") if printed is None else None
    funds, places = funds_part.funds_part(
        rows, unit=unit, block_points=points,
        item=item if isinstance(item, funds_part.RowRead) else None)
    reading.values["funds"] = funds
    reading.sources.update(places)




#: A funds row the caption search did not find, after the run of the row before it
#: (`…829.3万100%` + `彩票公益金用于医疗救助` + `00100%`): its words, then its own run to the end.
_INNER_ROW = re.compile(rf"(?<=[{RUN_CHARS}万元])(?P<words>[\u4e00-\u9fff()（）:：]{{2,16}})"
                        rf"(?P<run>[{RUN_CHARS}]*\d[{RUN_CHARS}]*)$")


def _with_inner_rows(form_slots: Sequence[Slot]) -> Iterator[Slot]:
    """The slots, a funds row's slot cut where another row (one of the vocabulary's funds
    sources, `vocab.funds_source`) follows its run inside it."""
    for slot in form_slots:
        m = _INNER_ROW.search(slot.value) if slot.caption.kind == "row" else None
        if m is None or vocab.funds_source(m.group("words")) is None or not any(
                ch.isdigit() for ch in slot.value[:m.start()]):
            yield slot
            continue
        at = slot.start + m.start()
        yield replace(slot, end=at, value=slot.value[:m.start()])
        words = m.group("words")
        yield Slot(Caption(at, at + len(words), "row", words), at + len(words), slot.end,
                   m.group("run"))


def _as_printed(values: dict[str, str], printed: str) -> dict[str, str]:
    """The split values as the run printed them (an OCR `O` stays `O`): the cut is the same,
    character for character, once blanks and spaces are gone."""
    kept = "".join(ch for ch in printed if not ch.isspace() and ch not in segment.BLANKS)
    if len(kept) != sum(map(len, values.values())):
        return values
    out: dict[str, str] = {}
    for key, piece in values.items():  # in printed order
        out[key], kept = kept[:len(piece)], kept[len(piece):]
    return out


#: What only the execution item prints (a total row printing it leads the funds' item).
_ITEM_POINTS = frozenset({"weight", "score"})
_FUNDS_KINDS = frozenset({K.FUNDS_INITIAL, K.FUNDS_ANNUAL, K.FUNDS_EXECUTED, K.FUNDS_RATE,
                          K.WEIGHT, K.SCORE})
_LEADING_RUN = re.compile(f"[{RUN_CHARS}]+")
#: A footnote's number ending a run before its text (`1.预算执行率=…`): a number never ends
#: with its point.
_FOOTNOTE_MARK = re.compile(r"(?<=[\d%])[1-9][.．]$")
#: Amounts glued each with its unit (`3359.62万3359.62万100%`): a unit ends an amount, so the
#: run goes on after it, and every unit is a cut every reading must make.
_UNIT_RUN = re.compile(f"(?:[{RUN_CHARS}]*\\d(?:万元|万|元))+[{RUN_CHARS}]*")
_UNIT = re.compile(r"(?<=\d)(?:万元|万|元)")


def _unit_cuts(value: str) -> tuple[str, list[tuple[int, str]], str] | None:
    """The run of amounts glued with their units, without the units, where each unit was
    (its place in the run, its text), and the run as printed; None when no unit ends an
    amount."""
    match = _UNIT_RUN.match(value)
    if match is None:
        return None
    run, cuts, at = "", [], 0
    for unit in _UNIT.finditer(match.group()):
        run += vocab.compact(match.group()[at:unit.start()])
        cuts.append((len(run), unit.group()))
        at = unit.end()
    run += vocab.compact(match.group()[at:])
    return run, cuts, vocab.compact(match.group())


def _with_units(readings: list[dict[str, str]], cuts: list[tuple[int, str]]
                ) -> list[dict[str, str]]:
    """The readings that cut the run at every unit, each amount with its unit again."""
    out = []
    for values in readings:
        ends, at = {}, 0
        for key, piece in values.items():  # in printed order
            at += len(piece)
            ends[at] = key
        if all(place in ends for place, _ in cuts):
            units = {ends[place]: unit for place, unit in cuts}
            out.append({k: v + units.get(k, "") for k, v in values.items()})
    return out


def _template_order(columns: Sequence[str]) -> bool:
    """The funds captions found are some of the national template's, in its order: the others
    were not recognised (OCR damage, a caption unknown), and the template tells where they are."""
    keys = list(segment.FUNDS_KEYS)
    positions = [keys.index(c) for c in columns if c in keys]
    return len(positions) < len(keys) and positions == sorted(positions)


def _funds_row(reading: Reading, slot: Slot, source: str, columns: Sequence[str],
               points: str | None = None, whole: dict[str, str] | None = None
               ) -> funds_part.RowRead[SourceRef] | None:
    """One funds row from its glued run (the numbers after the caption; words after them
    are the next caption, perhaps damaged); None when no numbers follow the caption."""
    digits = segment.ocr_digits(slot.value)
    lead = _LEADING_RUN.match(digits)  # `O76%`: split as 0, kept
    end = lead.end() if lead else 0
    mark = _FOOTNOTE_MARK.search(digits, 0, end)
    if mark and HAN.match(reading.glued.flat, slot.start + end):
        end = mark.start()  # `…100.00%10` + `1.预算执行率=…`: a footnote's number, no amount
    head = digits[:end]
    run = vocab.compact(head)
    if not run or not any(ch.isdigit() for ch in run):
        return None
    printed = vocab.compact(slot.value[:end])
    place = reading.glued.source(slot.start)
    label = clean(slot.caption.text) if slot.caption.kind == "row" else None
    united = _unit_cuts(digits)
    if united is not None and len(united[1]) > 1:
        found = _with_units(segment.split_funds(united[0], columns, scored=source == "total",
                                                points=points),
                            united[1])
        if len(found) == 1:
            if not _apart(found[0], head):
                reading.note("JX015", f"「{label or '年度资金总额'}」的「{united[2]}」→ "
                             f"{shown(found[0])}", slot.start, "funds")
            return funds_part.RowRead(source, label, place,
                                      {k: (v, place) for k, v in found[0].items()})
    found = segment.split_funds(run, columns, scored=source == "total",
                                points=points)
    if not found and _template_order(columns):
        found = segment.split_funds(run, segment.FUNDS_KEYS, scored=source == "total")
        if found:
            reading.note("JX014", f"「{label or '年度资金总额'}」列标题不全（可能被 OCR 损坏）",
                         slot.start, "funds")
    if not found:
        if segment.lost_integer_part(run):
            _damaged_row(reading, slot, source, run, columns)
        return None
    if len(found) > 1:
        found = _at_blanks(found, head)
    if len(found) > 1 and whole:
        found = _within(found, whole)
    if len(found) > 1:
        reading.note("JX016", f"资金行「{label or '年度资金总额'}」的「{run}」有"
                     f"{len(found)}种拆分", slot.start, "funds")
        return funds_part.RowRead(source, label, place)
    values = _as_printed(found[0], printed)
    if not _apart(values, head):
        reading.note("JX015", f"「{label or '年度资金总额'}」的「{printed}」→ {shown(values)}",
                     slot.start, "funds")
    return funds_part.RowRead(source, label, place,
                              {k: (v, place) for k, v in values.items()})


def _apart(values: dict[str, str], run: str) -> bool:
    """Whether blanks kept the run's numbers apart, one value between two blanks (`238.93
    251.89 100%`): nothing was split, and nothing is reported as glued (JX015)."""
    tokens = ["".join(ch for ch in t if ch not in segment.BLANKS) for t in run.split()]
    return [t for t in tokens if t] == [v for v in values.values() if v]


def _within(readings: list[dict[str, str]], whole: dict[str, str]) -> list[dict[str, str]]:
    """Of several readings of a 其中 row, those whose amounts the total row's cover (a part
    of the funds is no more than the whole); all of them when none is."""
    def covered(values: dict[str, str]) -> bool:
        for key in ("initial", "annual", "executed"):
            part = segment.printed_number(values.get(key, ""))
            total = segment.printed_number(whole.get(key, ""))
            if part is not None and total is not None and part > total:
                return False
        return True

    return [r for r in readings if covered(r)] or readings


def _at_blanks(readings: list[dict[str, str]], printed: str) -> list[dict[str, str]]:
    """Of several readings of a run whose numbers keep blanks between them (`1 11 11 10 100%
    10`), the one that cuts at every blank; all of them when not exactly one does."""
    ends, at = set(), 0
    for token in printed.split():
        at += sum(ch not in segment.BLANKS for ch in token)
        ends.add(at)
    ends.discard(at)
    if not ends:
        return readings
    fitting = [r for r in readings if ends <= set(itertools.accumulate(map(len, r.values())))]
    return fitting if len(fitting) == 1 else readings


#: A bracketed money unit as OCR prints it too (`(万兀)`: 兀 read for 元).
_OCR_UNIT = re.compile(r"[(（](万?)[元兀][)）]")


def _unit_before(reading: Reading, form_slots: Sequence[Slot]
                 ) -> tuple[str | None, SourceRef | None]:
    """The unit printed without its block caption (damaged: `项Fl资金(万兀)`): the last
    bracketed unit in the text before the first funds caption."""
    found: tuple[str | None, SourceRef | None] = (None, None)
    for slot in form_slots:
        if slot.caption.kind in _FUNDS_KINDS or slot.caption.kind in ("row", K.FUNDS_BLOCK):
            break
        for m in _OCR_UNIT.finditer(slot.value):
            found = (m.group(1) + "元", reading.glued.source(slot.start + m.start()))
    return found


def _damaged_row(reading: Reading, slot: Slot, source: str, run: str, columns: Sequence[str]
                 ) -> None:
    """A row whose amounts lost their integer parts (`.32.06.5`): reported at its place and
    left unread; the execution item after them (merged over the rows, printed after the last)
    is the funds' item when one cut of it checks (得分 = 分值 × 执行率)."""
    place = reading.glued.source(slot.start)
    label = clean(slot.caption.text) if slot.caption.kind == "row" else None
    item = segment.item_after_damage(run, columns)
    amounts = run[:len(run) - sum(map(len, item.values()))]
    reading.note("JX083", f"资金行「{label or '年度资金总额'}」的金额「{amounts}」", slot.start,
                 "funds")
    if item and "funds_item" not in reading.values:
        reading.values["funds_item"] = funds_part.RowRead(
            source, label, place, {k: (v, place) for k, v in item.items()})
        reading.values["funds_found"] = True


def _goals(reading: Reading, form_slots: Sequence[Slot]) -> None:
    """年度总体目标: each text read under the goal columns whose captions precede it. Captions
    printed side by side before their texts leave one run for two or three columns: it is cut
    where the actual begins (`parts.goals`, JX022); where that cannot be told, all is the
    expected (JX021)."""
    columns: list[goals_part.GoalColumn] = []
    read: list[tuple[goals_part.GoalColumn, str | None, int]] = []
    for slot in form_slots:
        if slot.caption.kind == K.IGNORED_COLUMN and columns:
            text = _TRAILING_RATE.sub("", clean(slot.value))  # the goals' 总体完成率 ends the row
        elif slot.caption.kind not in GOAL_KINDS:
            continue
        else:
            column = goals_part.goal_column(slot.caption.text, first=not columns)
            if column is not None:
                columns.append(column)
            text = clean(slot.value)
        if not text:
            continue
        lone = [goals_part.lone_column(slot.caption.text)]
        read += _goal_texts(reading, slot, columns or lone, text)
        columns = []
    expected, actual = goals_part.goals_of([c for c, _, _ in read], [t for _, t, _ in read])
    for path, value in (("goals.expected", expected), ("goals.actual", actual)):
        pos = next((p for _, t, p in read if t is not None and t == value), None)
        if value is not None and pos is not None:
            reading.sources[path] = reading.glued.source(pos)
    reading.values["goals"] = Goals(expected=expected, actual=actual)


#: A rate printed after the goal texts, in an unread column beside them (总体完成率 100%).
_TRAILING_RATE = re.compile(r"\d+(?:\.\d+)?%$")


def _goal_texts(reading: Reading, slot: Slot, columns: Sequence[goals_part.GoalColumn],
                text: str) -> list[tuple[goals_part.GoalColumn, str | None, int]]:
    """The texts of `columns` from the run after their captions (a run that prints each row's
    text twice, once per column, is both: `_doubled`)."""
    if len(columns) == 1:
        return [(columns[0], text, slot.start)]
    same = _doubled(text) if goals_part.GoalColumn.ACTUAL in columns else None
    if same is not None:
        reading.note("JX022", f"两栏文字相同：「{same[:12]}…」", slot.start, "goals")
        return [(goals_part.GoalColumn.INITIAL, same, slot.start),
                (goals_part.GoalColumn.ACTUAL, same, slot.start)]
    split = goals_part.split_run(text, columns)
    if split is None:
        reading.note("JX021", "", slot.start, "goals")
        return [(goals_part.GoalColumn.INITIAL, text, slot.start)]
    reading.note("JX022", split.shown(), slot.start, "goals")
    return [(c, t, slot.start) for c, t in zip(columns, split.texts, strict=True)]


#: The shortest text taken as printed twice (a shorter repeat is as likely words: 好好).
DOUBLED_MIN = 6
#: The longest goal run searched for its repeats (the search is quadratic at worst).
DOUBLED_MAX = 4000
#: A completion rate printed after a goal row's two texts (the 总体完成率 column: `100.00`).
_ROW_RATE = re.compile(r"\d+(?:\.\d+)?%?")


def _doubled(text: str) -> str | None:
    """The goal text of a run whose rows each print the same text in the target column and
    the actual column (`AA100.00BB`: expected and actual both `AB`, each row's completion
    rate between), the longest repeat first; None when the run is not all such pairs."""
    if len(text) > DOUBLED_MAX:
        return None
    pieces: list[str] = []
    pos = 0
    while pos < len(text):
        head = text[pos:pos + DOUBLED_MIN]
        length = 0
        at = text.find(head, pos + DOUBLED_MIN) if len(head) == DOUBLED_MIN else -1
        while at >= 0:
            size = at - pos
            if text[pos:at] == text[at:at + size]:
                length = size  # later occurrences are longer repeats
            at = text.find(head, at + 1)
        if not length:
            return None
        pieces.append(text[pos:pos + length])
        pos += 2 * length
        rate = _ROW_RATE.match(text, pos)
        if rate:
            pos = rate.end()
    return "".join(pieces) or None


def _tail(reading: Reading, form_slots: Sequence[Slot], columns: Sequence[str]) -> None:
    """总分 row (分值 and 得分 glued: `10095`), 自评总分, 评分等级."""
    total: Total | None = None
    self_score = grade = printed_grade = None
    keys = [k for k in ("weight", "score") if k in columns] or ["weight", "score"]
    if reading.values.get("unfilled"):
        keys = [k for k in keys if k != "score"]  # 得分 empty in every row: in the 总分 row too
    for slot in form_slots:
        kind = slot.caption.kind
        run = vocab.compact(slot.value).lstrip(":：")  # `自评总分:95`
        if kind == K.TOTAL and total is None and run:
            run = points_run(slot.value)
            after = vocab.compact(slot.value.lstrip(":： "))[len(run):]
            if vocab.GRADE_VALUE.match(after):
                printed_grade = after[0]  # the row's last cell: `总分10096优`
            found = segment.split_points(run.rstrip("分"), keys)
            if len(keys) > 1 and _one_value(run.rstrip("分")):
                # `合计100`: 100 alone (the other cell empty), or 10 and 0
                found += [{key: run.rstrip("分")} for key in keys]
            if len(found) > 1:
                found = _adding_up(found, reading)
            if len(found) == 1:
                total = Total(weight=found[0].get("weight"), score=found[0].get("score"))
                reading.sources["total.score"] = reading.glued.source(slot.start)
            elif len(found) > 1:
                reading.note("JX016", f"总分行的「{run}」有{len(found)}种拆分", slot.start,
                             "total")
        elif kind == K.SELF_SCORE and self_score is None:
            m = LEADING_NUMBER.match(run)
            self_score = m.group() if m else None
        elif kind == K.GRADE and grade is None and run[:1] in vocab.GRADES:
            grade = run[0]
    reading.values["total"] = total or Total(score=self_score)
    reading.values["total_found"] = total is not None or self_score is not None
    reading.values["grade"] = grade or printed_grade


def _adding_up(found: list[dict[str, str]], reading: Reading) -> list[dict[str, str]]:
    """Of several readings of the 总分 row, the one whose 分值 (or 得分) is what the funds item
    and the indicator rows print together; all of them when not exactly one is."""
    funds = reading.values.get("funds")
    rows = reading.values.get("indicators") or ()
    if not rows:
        return found  # no part of the table read: nothing to add up
    parts = [*(r for r in rows if isinstance(r, Indicator)),
             *([funds] if isinstance(funds, Funds) else [])]
    fitting = []
    for key in ("weight", "score"):
        values = [segment.printed_number(getattr(p, key) or "") for p in parts if (
            getattr(p, key) or isinstance(p, Indicator))]
        if not values or any(v is None for v in values):
            continue
        whole = sum(v for v in values if v is not None)
        fitting += [r for r in found if key in r and segment.printed_number(r[key]) == whole]
    unique = {tuple(r.items()) for r in fitting}
    return [dict(unique.pop())] if len(unique) == 1 else found


def _one_value(run: str) -> bool:
    """Whether a 总分 row's run is also one value alone (its other cell left empty)."""
    value = segment.printed_number(run)
    return value is not None and value <= FULL_MARKS  # a lone value is at most full marks


def read_form(glued: Glued, form_slots: Sequence[Slot], title: str,
              budget: segment.Budget | None = None) -> ReadResult | None:
    """One form from its slots; None when nothing of a form is in them."""
    budget = budget or segment.Budget()
    reading = Reading(glued, budget)
    _header(reading, form_slots, title)
    _funds(reading, form_slots)
    _goals(reading, form_slots)
    read_table(reading, form_slots)
    columns: Sequence[str] = reading.values.get("columns", ())  # type: ignore[assignment]
    _tail(reading, form_slots, columns)
    v = reading.values
    table = bool(v.get("columns")) and not (v.get("mid_table") and not v.get("indicators"))
    # (a level name first of all that no row follows is words, not a table begun before)
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


def _missing(glued: Glued, reading: Reading, form: Form, pos: int) -> list[Finding]:
    """JX001–JX004: the parts of the form not found."""
    out = []
    if not form.project_name and form.kind == "project":
        out.append(_finding(glued, "JX001", "", pos, "project_name"))
    if not reading.values.get("funds_found") and not reading.values.get("mid_table"):
        out.append(_finding(glued, "JX002", "", pos, "funds"))  # (a capture begun mid-table
        # lost its funds with its header: JX005 says so)
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
    found = sorted([*found, *damaged_header_captions(glued.flat, found)], key=lambda c: c.start)
    if found and found[0].kind == "level" and glued.flat[:found[0].start].strip():
        found.insert(0, Caption(0, 0, MID_TABLE, ""))  # rows before the first level name
    captions = _accepted(found)
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
