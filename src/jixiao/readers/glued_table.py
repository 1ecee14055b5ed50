"""The indicator table of a glued form (绩效指标): its column order from the header (captions
wrapped, scrambled or unknown to the vocabulary placed by the missing column), groups found by
their `(N分)`, rows split by `segment`, template enumerators, page captions, notes and a row the
end of the text cuts off (`glued`)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import replace
from decimal import Decimal
from typing import NamedTuple

from jixiao.core.model import Funds, Indicator
from jixiao.core.values import compose_split_value
from jixiao.readers import segment
from jixiao.readers import vocabulary as vocab
from jixiao.readers.glued_text import (
    FIELD_NAMES,
    MID_TABLE,
    ROW_AFTER_HEADER,
    TABLE_COLUMN,
    TABLE_OPENERS,
    TAIL_KINDS,
    Caption,
    K,
    Reading,
    Slot,
    field_names,
    points_run,
    shown,
)
from jixiao.readers.placeholders import is_placeholder_name
from jixiao.readers.text_norm import strip_enumerator


def read_table(reading: Reading, form_slots: Sequence[Slot]) -> None:
    """The indicator table: its column order from its header, then the rows under each
    一级/二级 name, split by `segment.split_rows` and checked against the group's `(N分)`.

    A form published before its self-evaluation was filled in leaves 实际完成值 and 得分 empty
    in every row (`发放覆盖率=100%60`): when rows are left unread and no run splits with every
    column, the table is read again without those two, kept if it reads more rows, and the
    reader says so (JX034)."""
    before, sources = len(reading.findings), dict(reading.sources)
    reading.values["split"] = reading.values["unread"] = 0
    rows, columns = _read_table(reading, form_slots, frozenset())
    if reading.values["unread"] and not reading.values["split"] and not _filled(rows) and (
            set(columns) >= UNFILLED) and (
            _TABLE_VALUES - UNFILLED & set(columns)):
        first, kept, kept_sources = reading.findings[before:], rows, dict(reading.sources)
        del reading.findings[before:]
        reading.sources.clear()
        reading.sources.update(sources)
        rows, _ = _read_table(reading, form_slots, UNFILLED)
        rows = _vouched(reading, rows, _table_start(form_slots))
        if _read(rows) > _read(kept):
            reading.values["unfilled"] = True
            start = _table_start(form_slots)
            reading.note("JX034", "没有一行读得出实际完成值和得分（两栏都空着：自评尚未填写），"
                         "已按其余栏目读取各行", start, "indicators")
        else:
            rows = kept
            del reading.findings[before:]
            reading.findings += first
            reading.sources.clear()
            reading.sources.update(kept_sources)
    reading.values["indicators"] = tuple(rows)
    reading.values["columns"] = tuple(columns)


def _vouched(reading: Reading, rows: list[Indicator], start: int) -> list[Indicator]:
    """The rows read without 得分 but those worth nothing (分值 0): with no 得分 ≤ 分值 to check
    the cut, a `0` is as likely the last digit of the value before (`…优良中低差10`: 年度指标值
    1, 分值 0); those keep their 一级/二级 only, the rest left unread (JX031)."""
    out = []
    for row in rows:
        weight = segment.printed_number(row.weight or "")
        if weight is not None and weight == 0:
            reading.note("JX031", f"「{row.name or ''}」的分值读作0，但没有得分可以核对，未读取",
                         start, f"indicators[{len(out)}]")
            row = Indicator(level1=row.level1, level2=row.level2, name=None)
        out.append(row)
    return out


def _filled(rows: Sequence[Indicator]) -> bool:
    """Whether a row prints 实际完成值 or a 得分 other than 0 (the columns are filled; so are
    they where a run splits with every column, one way or several: `split`). A row whose
    words stay unsplit counts too; its 得分 0 does not (the `0` is as likely the last digit
    of its 分值: `…优良中低差10`)."""
    return any(r.actual or (r.score and segment.printed_number(
        r.score.removesuffix(segment.POINTS)) != 0) for r in rows)


def _read(rows: Sequence[Indicator]) -> int:
    """How many rows were read with a name and a value."""
    return sum(bool(r.name) and any((r.target, r.actual, r.weight, r.score)) for r in rows)


#: The columns a form published before its self-evaluation leaves empty in every row.
UNFILLED = frozenset({"actual", "score"})
#: A capture that begins mid-table, its header lost, is read by the national template's value
#: columns (JX035), the arithmetic checking every row.
TEMPLATE_COLUMNS = vocab.TEMPLATE_VALUE_COLUMNS


def _table_start(form_slots: Sequence[Slot]) -> int:
    """Where the indicator table begins: its first caption (header or level name)."""
    return next((s.start for s in form_slots if s.caption.kind in TABLE_OPENERS or (
        s.caption.kind in (MID_TABLE, "level"))), form_slots[0].start if form_slots else 0)


def _read_table(reading: Reading, form_slots: Sequence[Slot], empty: frozenset[str]
                ) -> tuple[list[Indicator], list[str]]:
    """`read_table` with the `empty` columns printing nothing in any row: the rows read and
    the columns of the header."""
    columns: list[str] = []
    level1 = level2 = None
    points: str | None = None
    opened: tuple[str | None, int] = (None, 0)  # the 一级 group's (N分), its first row
    rows: list[Indicator] = []
    joined: list[_Joined] = []
    in_table = captioned = False
    missing = _missing_columns(form_slots)
    parts = _target_parts(form_slots)
    reading.values["lost"] = _lost_points(reading, form_slots)
    for i, slot in enumerate(form_slots):
        kind = slot.caption.kind
        if kind in TABLE_OPENERS:
            in_table = True
        elif i == 0 and kind in (MID_TABLE, "level"):  # a capture begun mid-table: its rows
            in_table = True  # before any header, read by the template's columns
            columns = list(TEMPLATE_COLUMNS)
            reading.values["mid_table"] = True
            reading.note("JX005", "", slot.caption.start, "indicators")
            reading.note("JX035", "没有表头，按国家模板的栏目顺序（年度指标值、实际完成值、分值、"
                         "得分）读取，每行都经算术核对", slot.caption.start, "indicators")
        if not in_table:
            continue
        column = None if i in parts else _column_of(slot.caption)
        if column and column not in columns:
            columns.append(column)
        if kind in TAIL_KINDS:
            break
        if kind == "level":
            captioned = True
            name = vocab.strip_score(vocab.compact(slot.caption.text))
            points = vocab.score_in(slot.caption.text)
            if vocab.canonical_level1(name) and name in vocab.LEVEL1_NAMES and (
                    name not in vocab.LEVEL2_NAMES or (level1 is None and level2 is None
                                                       and not rows)):
                # (a name of both levels after rows read under none — a capture begun inside
                # a 一级 group — is that group's 二级)
                level1, level2 = vocab.canonical_level1(name), None
                opened = (points, len(rows))
            else:
                level2 = vocab.canonical_level2(name)
                points = points or _rest_of_group(opened, rows, form_slots[i + 1:])
        text = vocab.compact(_without_page_captions(reading, slot))
        if kind != "level" and level1 is None and level2 is None and not rows and (
                _unknown_column(text)):
            following = form_slots[i + 1].caption if i + 1 < len(form_slots) else None
            if following and _prefix_of(text, following):
                continue  # `年初` + `指标值`: words of the next caption, split from it
            named = vocab.classify(text)
            if named in TABLE_COLUMN:  # `未完成原因和` (+ `改进措施`): a column's caption
                if TABLE_COLUMN[named] not in columns:  # printed in words the search missed
                    columns.append(TABLE_COLUMN[named])
                missing.discard(TABLE_COLUMN[named])
                continue
            scrambled = _scrambled_column(text, missing)
            if scrambled is None:
                reading.note("JX031", f"表头中有无法识别的栏目「{text}」，各列的顺序不明，"
                             "指标行未读取", slot.start, "indicators")
                break
            columns.append(scrambled)
            missing.discard(scrambled)
            reading.note("JX035", f"表头中的「{text}」按缺少的栏目「{FIELD_NAMES[scrambled]}」"
                         "读取（栏目名称的字被 OCR 打乱或损坏）", slot.start, "indicators")
            continue
        if level1 or level2 or rows:
            text = _without_placeholders(reading, slot, text, len(rows))
        at_end = slot.end >= len(reading.glued.flat.rstrip())
        if (len(text) > ROW_AFTER_HEADER or (at_end and text and (level1 or level2))) and (
                _TABLE_VALUES & set(columns)):
            reading.values["lost_left"] = _lost_left(reading.values.get("lost"), rows)
            for piece, group in _groups(text):
                printed = [c for c in columns if c not in empty]
                rows += _rows(reading, slot, piece, printed, (level1, level2), points, len(rows),
                              joined, at_end and group is None)
                if group is not None:  # a group the vocabulary does not know, by its (N分)
                    name, points, rows_follow = group
                    if rows_follow and captioned:
                        level2 = name
                    else:
                        level1, level2 = name, None
    _joined_words(reading, rows, joined)
    _points_unit_of_the_table(reading, rows)
    if len(rows) > 1 and "note" in columns and columns.index("note") == len(columns) - 1 and (
            any(r.note or _NOTE_MARK.search(r.name or "") for r in rows)):
        start = _table_start(form_slots)
        reading.note("JX031", "「偏差原因」一栏的文字与下一行的三级指标连在一起，无法分开："
                     "只读取了每组最后一行的偏差原因，其他三级指标可能带有上一行的偏差原因", start,
                     "indicators")
    return rows, columns


#: A form's points when its 总分 row prints none: the national template's.
FULL_MARKS = Decimal(100)
#: A number leading a text (`95` of `95分`).
LEADING_NUMBER = re.compile(r"(?:0|[1-9]\d*)(?:\.\d+)?")


def _lost_points(reading: Reading, form_slots: Sequence[Slot]) -> Decimal | None:
    """The points the indicator rows lost together, by the form's own totals: what the form
    lost (100 less its 得分 on the 总分 row or its 自评总分) less what the funds item lost
    (its 分值 less its 得分, nothing when not both are read); None when no total is printed,
    when the 总分 row's 分值 is not 100 (a subtotal, or weights that do not add up) or when the
    totals do not add up (the form then lost less than its funds item did)."""
    order = [c for slot in form_slots if (c := _column_of(slot.caption)) in ("weight", "score")]
    keys = list(dict.fromkeys(order)) if len(set(order)) == 2 else ["weight", "score"]
    whole = score = None
    for slot in form_slots:
        run = vocab.compact(slot.value).lstrip(":：")
        if slot.caption.kind == K.TOTAL and run and whole is None:
            run = points_run(slot.value)
            found = segment.split_points(run.rstrip(segment.POINTS), keys)
            if len(found) == 1 and Decimal(found[0]["weight"]) == FULL_MARKS:
                whole, score = FULL_MARKS, Decimal(found[0]["score"])
        elif slot.caption.kind == K.SELF_SCORE and score is None:
            m = LEADING_NUMBER.match(run)
            score = Decimal(m.group()) if m else None
    if score is None:
        return None
    funds = reading.values.get("funds")
    funds_lost = Decimal(0)
    if isinstance(funds, Funds) and funds.weight and funds.score:
        weight, got = segment.printed_number(funds.weight), segment.printed_number(funds.score)
        if weight is not None and got is not None and got <= weight:
            funds_lost = weight - got
    lost = (whole or FULL_MARKS) - score - funds_lost
    return lost if lost >= 0 else None


def _rest_of_group(group: tuple[str | None, int], rows: Sequence[Indicator],
                   later: Sequence[Slot]) -> str | None:
    """The points left to the last 二级 name of a 一级 group that prints its (N分) when the
    二级 names print none (`项目决策(10分)` over 项目目标 and 项目立项): the group's points
    less the weights of its rows read before; None when it is not the last or a weight is
    not a plain number."""
    points, first = group
    total = segment.printed_number(points) if points else None
    if total is None or not _last_of_group(later):
        return None
    weights = [segment.printed_number((r.weight or "").removesuffix(segment.POINTS))
               for r in rows[first:]]
    if any(w is None for w in weights):
        return None
    rest = total - sum(w for w in weights if w is not None)
    return str(rest.normalize()) if rest > 0 else None


def _last_of_group(later: Sequence[Slot]) -> bool:
    """Whether no other 二级 name follows before the next 一级 name or the table's end."""
    for slot in later:
        if slot.caption.kind in TAIL_KINDS:
            return True
        if slot.caption.kind == "level":
            name = vocab.strip_score(vocab.compact(slot.caption.text))
            return name in vocab.LEVEL1_NAMES and name not in vocab.LEVEL2_NAMES
    return True


_TABLE_VALUES = frozenset({"target", "actual", "weight", "score"})
#: A Han character.
HAN = re.compile(r"[\u4e00-\u9fff]")
#: Columns the vocabulary lists as not read (`IGNORED_COLUMN`) whose cells the glued rows still
#: print, and how `segment` reads them: 得分系数 (a percentage), 是否核心指标 (是/否); a Hebei
#: export's 单项指标得分 (0–100, weighed by 权重占比 into 单项指标折算得分) is one too.
_IGNORED_CELLS = {"得分系数": "coef", "是否核心指标": "flag", "单项指标得分": "coef"}
#: The captions of each value column, for an unrecognised header word to be matched against.
_COLUMN_KINDS = {"target": (K.TARGET, K.VALUE), "actual": (K.ACTUAL,), "weight": (K.WEIGHT,),
                 "score": (K.SCORE,)}
#: Characters an unrecognised header word may have beyond a caption's (OCR debris, a prefix
#: such as 参考 in 参考分值).
_EXTRA_CHARS = 2


def _column_of(caption: Caption) -> str | None:
    """The table column a header caption names (None for captions that are not columns)."""
    if caption.kind in TABLE_COLUMN:
        return TABLE_COLUMN[caption.kind]
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


def _target_parts(form_slots: Sequence[Slot]) -> set[int]:
    """The slots of 指标性质 | 指标值 | 度量单位 printed under 年度指标值 (a header of two rows:
    `年度指标值实际完成值分值得分…一级指标…指标性质指标值度量单位`): parts of the target column,
    which a row prints as one value (`≧735人次`), not columns of their own. A 指标值 caption
    after the target column and a column after it begins them."""
    out: set[int] = set()
    seen: list[str] = []
    in_table = False
    for i, slot in enumerate(form_slots):
        kind = slot.caption.kind
        in_table = in_table or kind in TABLE_OPENERS
        if not in_table:
            continue
        if kind == "level" or kind in TAIL_KINDS:
            break
        if kind == K.VALUE and "target" in seen and seen.index("target") < len(seen) - 1:
            out.add(i)
            if form_slots[i - 1].caption.kind == K.OPERATOR and not form_slots[i - 1].value:
                out.add(i - 1)
            if i + 1 < len(form_slots) and form_slots[i + 1].caption.kind == K.UNIT:
                out.add(i + 1)
        column = _column_of(slot.caption)
        if column and column not in seen:
            seen.append(column)
    return out


def _missing_columns(form_slots: Sequence[Slot]) -> set[str]:
    """The value columns no caption of the table header names."""
    seen: set[str] = set()
    in_table = False
    for slot in form_slots:
        in_table = in_table or slot.caption.kind in TABLE_OPENERS
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


def _without_page_captions(reading: Reading, slot: Slot) -> str:
    """The slot's text without the table's caption repeated at a page break (JX031)."""
    text = slot.value
    for m in reversed(list(_PAGE_CAPTION.finditer(text))):
        reading.note("JX031", f"页首重复的栏目「{m.group().strip()}」", slot.start + m.start(),
                     "indicators")
        text = text[:m.start()] + text[m.end():]
    return text


#: The longest template enumerator left in a row's place (`指标12：`).
_ENUMERATOR_MAX = 6


def _without_placeholders(reading: Reading, slot: Slot, text: str, index: int) -> str:
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
    return 0 < len(text) <= ROW_AFTER_HEADER and len(HAN.findall(text)) >= 2


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
        if len(HAN.findall(name)) < 2:
            continue
        yield text[start:m.start()], (name, m.group(2), m.end() < len(text))
        start = m.end()
    yield text[start:], None


def _rows(reading: Reading, slot: Slot, text: str, columns: Sequence[str],
          levels: tuple[str | None, str | None], points: str | None, first: int,
          joined: list[_Joined], at_end: bool = False) -> list[Indicator]:
    """The indicator rows of one run of text under a 二级 name (`at_end`: the run ends the
    text, which may cut its last row off); rows whose target and actual are words left
    unsplit go to `joined`, decided for the whole table (`_joined_words`)."""
    tokens = slot.value.split()
    if len(tokens) > 2:
        spaced = segment.weights_fit(segment.split_spaced(tokens, columns), points)
        agreement = segment.agreed(spaced)
        if agreement is not None and not agreement[1]:
            return [_indicator(reading, slot, row, levels, first + i, frozenset())
                    for i, row in enumerate(agreement[0])]
        part = _spaced_part(tokens, columns, text)
        if part is not None:
            rows, rest, head = part
            left = _points_left(points, rows)
            if head:
                out = [_indicator(reading, slot, row, levels, first + i, frozenset())
                       for i, row in enumerate(rows)]
                return out + _glued_rows(reading, slot, rest, columns, levels, left,
                                         first + len(out), joined, at_end)
            out = _glued_rows(reading, slot, rest, columns, levels, left, first, joined)
            return out + [_indicator(reading, slot, row, levels, first + len(out) + i,
                                     frozenset()) for i, row in enumerate(rows)]
    return _glued_rows(reading, slot, text, columns, levels, points, first, joined, at_end)


#: The most tokens a run is searched for a part read from its blanks (each size tried costs a
#: reading of the part; a 二级 group's rows, ten rows of five cells, are fewer).
SPACED_PART_TOKENS = 80


def _spaced_part(tokens: Sequence[str], columns: Sequence[str], text: str
                 ) -> tuple[tuple[segment.RowSplit, ...], str, bool] | None:
    """Whole rows at the start (or else the end) of a run whose values keep blanks between
    them, read one way only from the blanks, where the rest does not read so (a row's name,
    target and actual printed as one word: `机制健全健全 5 5`): those rows, the rest's text
    (read glued) and whether the rows come first. The most tokens read so win; None when
    no part reads (or the run's text is not the tokens', a page caption or a placeholder
    dropped from it)."""
    if len(tokens) > SPACED_PART_TOKENS or vocab.compact("".join(tokens)) != text:
        return None
    for size in range(len(tokens) - 1, 1, -1):
        for head in (True, False):
            part = tokens[:size] if head else tokens[len(tokens) - size:]
            if not head and any(ch.isdigit() for ch in part[0]):
                continue  # a row begins with its name
            agreement = segment.agreed(segment.split_spaced(part, columns))
            if agreement is not None and agreement[0] and not agreement[1]:
                rest = tokens[size:] if head else tokens[:len(tokens) - size]
                return agreement[0], "".join(rest), head
    return None


def _points_left(points: str | None, rows: Sequence[segment.RowSplit]) -> str | None:
    """The group's `(N分)` less the 分值 of rows read apart (None when not known)."""
    total = segment.printed_number(points) if points else None
    weights = [segment.printed_number(r.get("weight") or "") for r in rows]
    if total is None or any(w is None for w in weights):
        return None
    left = total - sum(w for w in weights if w is not None)
    return str(left.normalize()) if left > 0 else None


def _glued_rows(reading: Reading, slot: Slot, text: str, columns: Sequence[str],
                levels: tuple[str | None, str | None], points: str | None, first: int,
                joined: list[_Joined], at_end: bool = False) -> list[Indicator]:
    """`_rows` of a run read glued: its stretches split by `segment.read_rows`."""
    out: list[Indicator] = []
    read_end = -1
    printed, text = text, segment.ocr_digits(text)  # `IO` split as 10, kept as printed
    lost = reading.values.get("lost")
    left = reading.values.get("lost_left", lost)
    for stretch, whole_end in _stretches(text, columns, points, reading.budget,
                                         left if isinstance(left, Decimal) else None):
        piece = printed[stretch.start:stretch.end]
        path = f"indicators[{first + len(out)}]"
        if _last_note(columns, text, stretch, read_end) and out and not at_end:
            out[-1] = replace(out[-1], note=piece)  # the group ends the last row's note
            continue
        if at_end and _cut_off(columns, text, stretch, read_end, whole_end):
            reading.note("JX006", f"最后一行只有三级指标「{piece}」", slot.start, path)
            out.append(Indicator(level1=levels[0], level2=levels[1], name=piece))
            reading.sources[f"{path}.name"] = reading.glued.source(slot.start)
            continue
        cut = _cut_short(text[stretch.start:stretch.end], columns, reading.budget) if (
            at_end and stretch.row is None and not stretch.readings
            and stretch.end == len(text) and stretch.start == whole_end) else None
        if cut is not None:
            row = _as_printed(cut, text[stretch.start:stretch.end], piece)
            reading.note("JX006", f"最后一行只印到「{FIELD_NAMES[row.values[-1][0]]}」："
                         f"「{piece[:40]}」→ {shown(dict(row.values))}", slot.start, path)
            out.append(_indicator(reading, slot, row, levels, first + len(out), frozenset()))
            continue
        if stretch.readings and not (stretch.row and stretch.row.whole):
            reading.values["split"] = int(reading.values.get("split") or 0) + 1  # with every
            # column, one way or several: the columns are filled
        if stretch.row is None and not stretch.readings:
            merged = _under_merged_score(text[stretch.start:stretch.end], piece, columns,
                                         reading.budget) if out and (
                stretch.start == read_end) else None
            if merged:
                for row in merged:
                    reading.note("JX034", f"「{row.name[:30]}」的得分是合并单元格，"
                                 "只印在本组第一行", slot.start, f"indicators[{first + len(out)}]")
                    out.append(_indicator(reading, slot, row, levels, first + len(out),
                                          frozenset()))
                read_end = stretch.end
                continue
            reading.note("JX031", f"「{piece[:30]}」", slot.start, path)
            reading.values["unread"] = int(reading.values.get("unread") or 0) + 1
            continue
        if stretch.row is None:
            reading.note("JX016", f"「{piece[:30]}」有{stretch.readings}种拆分，未读取",
                         slot.start, path)
            continue
        if stretch.disputed:
            reading.note("JX016", f"「{piece[:30]}」的{field_names(stretch.disputed)}有"
                         f"{stretch.readings}种拆分，未读取", slot.start, path)
        row = _as_printed(stretch.row, text[stretch.start:stretch.end], piece)
        if _ROWS_IN_A_NAME.search(row.name):
            reading.note("JX016", f"「{piece[:30]}」的三级指标中夹有指标值和数字，"
                         "可能是几行连在一起", slot.start, path)
            continue
        if out and stretch.start == read_end and columns and columns[-1] == "note":
            note, name = _note_before_name(row.name)
            if note and out[-1].note is None:
                out[-1] = replace(out[-1], note=note)
                row = replace(row, name=name)
        if row.whole:
            reading.note("JX016", f"「{row.name[:30]}」中三级指标、年度指标值与实际完成值"
                         "连在一起，无法分开，未读取", slot.start, path)
        elif row.joined:
            at = text.find(row.words, stretch.start, stretch.end)
            joined.append(_Joined(first + len(out), piece, printed[at:at + len(row.words)],
                                  path, slot.start))
        if any(ch.isdigit() for ch in piece):
            certain = {k: v for k, v in row.values if k not in stretch.disputed}
            reading.note("JX038", f"「{piece[:40]}」→ {shown(certain)}"
                         f"{_narrowing(stretch.narrowed, lost, left)}", slot.start, path)
        out.append(_indicator(reading, slot, row, levels, first + len(out), stretch.disputed))
        read_end = stretch.end
    return out


def _cut_short(text: str, columns: Sequence[str], budget: segment.Budget
               ) -> segment.RowSplit | None:
    """The last row of a capture the end cut off after its first values (`医疗救助合规率100`:
    年度指标值 only): read by the first value columns, the most that read it one way and
    whole; None when none does."""
    values = [c for c in columns if c in _TABLE_VALUES]
    for size in range(len(values) - 1, 0, -1):
        keys = [c for c in columns if c not in values[size:]]
        found = segment.read_rows(text, keys, None, budget, None)
        if len(found) == 1 and found[0].row is not None and found[0].readings == 1 and (
                not found[0].disputed and not found[0].row.whole):
            return found[0].row
    return None


def _under_merged_score(text: str, printed: str, columns: Sequence[str],
                       budget: segment.Budget) -> list[segment.RowSplit] | None:
    """The rows of a stretch after a group's first row that read only without 得分: the
    group's score printed once, in a cell merged over its rows (`…25TB25TB10` +
    `WIFI布点全覆盖100%覆盖100%覆盖`). Kept when every row reads one way, split whole, with a
    name of words (no digit: a digit in it may be a score the reading skipped); None else."""
    if "score" not in columns:
        return None
    rest = [c for c in columns if c != "score"]
    if not _TABLE_VALUES & set(rest):
        return None
    out: list[segment.RowSplit] = []
    for stretch in segment.read_rows(text, rest, None, budget, None):
        row = stretch.row
        if row is None or stretch.readings != 1 or stretch.disputed or row.whole or (
                row.joined) or any(ch.isdigit() for ch in row.name):
            return None
        out.append(_as_printed(row, text[stretch.start:stretch.end],
                               printed[stretch.start:stretch.end]))
    return out or None


_NO_TARGET = segment.BLANKS | segment.DASH_LOOKALIKES
#: A name holding a row's values (`面积≥120万平方米1262020果皮箱…`: a target, then a run of
#: digits after its unit): rows run together that the arithmetic could not part.
_ROWS_IN_A_NAME = re.compile(
    f"[{re.escape(''.join(op for op in segment.OPERATORS if len(op) == 1))}]"
    r"[\d.]+\D+\d{3,}")


def _points_unit_of_the_table(reading: Reading, rows: list[Indicator]) -> None:
    """A table prints its 得分 with the unit 分 in every row or in none: where the other rows
    print bare scores, a row's `18分` before its 偏差原因 (`18分公司配合验收`) is the score 18
    and a note beginning with 分 (a table with 分值 beside 得分 is held to this row by row,
    `segment`)."""
    if any(r.weight for r in rows):
        return
    bare = [r for r in rows if r.score and segment.printed_number(r.score) is not None]
    if not bare:
        return
    for i, row in enumerate(rows):
        score = row.score or ""
        if row.note and score.endswith(segment.POINTS) and (
                segment.printed_number(score.removesuffix(segment.POINTS)) is not None):
            rows[i] = replace(row, score=score.removesuffix(segment.POINTS),
                              note=segment.POINTS + row.note)
            reading.note("JX038", f"「{score}{row.note[:20]}」→ 得分 {rows[i].score}｜偏差原因"
                         f" {rows[i].note[:20]}（同表其他行的得分不带“分”）",
                         max(reading.glued.flat.find(score + row.note), 0), f"indicators[{i}]")


def _lost_left(lost: object, rows: Sequence[Indicator]) -> Decimal | None:
    """The points the rows not read yet may lose at most: what the indicators lost together
    less what the rows read lost (each row loses its 分值 less its 得分, never less than
    nothing; a row without both plain numbers counts as losing nothing, so the figure stays
    an upper bound); None when the totals do not say."""
    if not isinstance(lost, Decimal):
        return None
    spent = Decimal(0)
    for row in rows:
        weight = segment.printed_number((row.weight or "").removesuffix(segment.POINTS))
        score = segment.printed_number((row.score or "").removesuffix(segment.POINTS))
        if weight is not None and score is not None and score <= weight:
            spent += weight - score
    return max(lost - spent, Decimal(0))


def _narrowing(narrowed: Sequence[str], lost: object, left: object = None) -> str:
    """What ruled other splits of a row out, for its JX038 finding ('' when nothing did):
    `lost` what the totals say the indicators lost, `left` what the rows read before left."""
    reasons = []
    if "lost" in narrowed and left is not None and left != lost:
        reasons.append(f"总分与资金得分表明指标共扣{lost}分，此前各行已扣{lost - left}分"  # type: ignore[operator]
                       f"，排除了扣分超过{left}分的拆分")
    elif "lost" in narrowed:
        reasons.append("总分与资金得分表明指标未扣分，排除了未得满分的拆分" if lost == 0 else
                       f"总分与资金得分表明指标共扣{lost}分，排除了扣分更多的拆分")
    if "weight" in narrowed:
        reasons.append("排除了分值为0的拆分")
    return f"（{'；'.join(reasons)}）" if reasons else ""


class _Joined(NamedTuple):
    """A row whose 年度指标值 and 实际完成值 are words left unsplit."""

    index: int
    piece: str
    words: str
    path: str
    start: int


def _joined_words(reading: Reading, rows: list[Indicator], joined: Sequence[_Joined]) -> None:
    """Words printed alone between a row's numbers where 年度指标值 and 实际完成值 stand
    (`可行性2实际工作需求2`): the 实际完成值 when another row of the table prints its target
    blank (`一`, `—`) before words (`相关性2一按照标准管理2`), as process rows do; otherwise
    one unsplit text, left unread (JX016)."""
    if not joined:
        return
    blank_targets = any(r.target in _NO_TARGET and r.actual
                        and segment.measure_of(r.actual).is_text for r in rows)
    for row in joined:
        if blank_targets and row.words:
            rows[row.index] = replace(rows[row.index], actual=row.words)
            reading.note("JX038", f"「{row.piece[:40]}」中的文字「{row.words[:30]}」按实际完成值"
                         "读取（同表其他行的年度指标值为空白）", row.start, row.path)
        else:
            reading.note("JX016", f"「{row.piece[:30]}」中年度指标值与实际完成值连在一起，"
                         "无法分开，未读取", row.start, row.path)


#: Punctuation of prose: a 三级指标 name run into a 偏差原因 shows some (a table none of
#: whose rows shows a note nor such a name leaves its 偏差原因 column empty).
_NOTE_MARK = re.compile(r"[。；;，,！!？?]")
#: The end of a sentence: a 三级指标 name never holds one, a 偏差原因 often ends with one.
_SENTENCE_END = re.compile(r"[。；;！!？?]")


def _note_before_name(name: str) -> tuple[str | None, str]:
    """`汛期运力不足。设置垃圾桶数`: the previous row's 偏差原因 run into this row's name, cut
    after the last sentence end in it (a name prints none); (None, name) when there is none."""
    ends = [m.end() for m in _SENTENCE_END.finditer(name) if m.end() < len(name)]
    if not ends:
        return None, name
    return name[:ends[-1]], name[ends[-1]:]


def _as_printed(row: segment.RowSplit, read: str, printed: str) -> segment.RowSplit:
    """The row's name and values as printed where OCR letters were read as digits: each found
    in the read text after the one before it, and taken from the same place of the printed."""
    if read == printed:
        return row
    at = 0

    def back(value: str) -> str:
        nonlocal at
        pos = read.find(value, at) if value else -1
        if pos < 0:
            return value
        at = pos + len(value)
        return printed[pos:at]

    name = back(row.name)
    return replace(row, name=name, values=tuple((k, back(v)) for k, v in row.values))


def _stretches(text: str, columns: Sequence[str], points: str | None, budget: segment.Budget,
               lost: Decimal | None = None) -> Iterator[tuple[segment.Stretch, int]]:
    """The stretches of a run, each with where the last complete reading before it ended (a
    row boundary every reading agrees on; -1 before any)."""
    whole_end = 0
    for stretch in segment.read_rows(text, columns, points, budget, lost):
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


def _indicator(reading: Reading, slot: Slot, row: segment.RowSplit,
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
