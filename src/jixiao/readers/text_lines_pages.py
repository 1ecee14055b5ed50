"""Funds rows of PDF text in page order (cells read across the page, not row by row).

A PDF's text layer gives the cells in the order they stand on the page: a `%` apart from its
number (`100 %`), a row printing fewer amounts than the header has columns, the 项目资金
caption of a merged cell on the 年度资金总额 row's line, and the goals' numbered items
(`1.…; 2. 3.`) right after the funds figures when their cell stands beside them. These helpers
put such a row's pieces in their places for the line reader (`text_lines.read_funds`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from jixiao.core.lazy_pattern import LazyPattern
from jixiao.readers.parts.funds import align, column_key
from jixiao.readers.text_norm import join_lines
from jixiao.readers.vocabulary import (
    BRACKETED_MONEY_UNIT,
    SYNONYMS,
    CaptionKind,
    caption_pattern,
    classify,
    compact,
    funds_source,
)

K = CaptionKind

_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d+)?|\.\d+)$")
#: The first item of a numbered goals text (`1.完成…`, `1、…`), not a decimal (`1.5`).
_FIRST_ITEM = re.compile(r"^1[.、．](?!\d)")
_BLOCK = LazyPattern(f"^(?:{caption_pattern(K.FUNDS_BLOCK)})")
#: What the 项目资金 caption may leave on its row's line besides the money unit: one stray
#: character of a neighbouring cell (the 日 of a signature's 年 月 日), never a row's caption.
STRAY_MAX = 1


def join_percent(tokens: Sequence[str]) -> list[str]:
    """`100 %` → `100%`: a percentage sign the extractor set apart from its number."""
    if "%" not in tokens and "％" not in tokens:  # the common case, decided without a loop
        return list(tokens)
    out: list[str] = []
    for token in tokens:
        if token in ("%", "％") and out and _NUMBER.match(out[-1]):
            out[-1] += "%"
        else:
            out.append(token)
    return out


def split_goals(tokens: Sequence[str], numeric: Sequence[bool]) -> tuple[list[str], str | None]:
    """The row's tokens before a numbered goals text that follows its figures, and that text
    (captions at its end, which begin the next part, left out); None when there is none."""
    seen_value = False
    for i, (token, is_number) in enumerate(zip(tokens, numeric, strict=True)):
        seen_value = seen_value or is_number
        if seen_value and not is_number and _FIRST_ITEM.match(token) and len(token) > 2:
            goal = list(tokens[i:])
            while goal and classify(goal[-1]) is not None:
                goal.pop()
            return list(tokens[:i]), "".join(compact(t) for t in goal) or None
    return list(tokens), None


#: A funds figure as PDF text prints it: an amount (thousands grouped: `500,000.00`), a rate,
#: or the dash of a cell left empty.
FUNDS_NUMBER = re.compile(
    r"^[+-]?(\d+(\.\d+)?|\.\d+|\d{1,3}(,\d{3})+(\.\d+)?)(%|万|万元|元)?$|^[-—–/／]$|^——$")
#: A column caption's unit printed on a line of its own under the captions (`(万元)`, `(%)`,
#: `(分)`).
_UNIT_TOKEN = re.compile(r"^[(（](?:万元|元|%|％|分)[)）]$")


_BLOCK_INITIALS = frozenset(c[0] for c in SYNONYMS[K.FUNDS_BLOCK])


def row_label(caption: Sequence[str]) -> str:
    """A funds row's caption from the words before its figures: the columns' units printed
    under their captions (`(万元) (万元) (%)`) are none of it, and neither is the 项目资金
    block caption printed on the first row's line (`项目资金 年度资金总额`) when the rest
    names a source; nor is that caption printed after the row's first words (a wrapped
    caption, `其中：当年财政` / `项目资金 850.00 …` / `拨款`, centred beside the merged cell's)."""
    if any("资金" in t and classify(t) is K.FUNDS_BLOCK for t in caption[1:]):
        caption = [caption[0], *(t for t in caption[1:] if classify(t) is not K.FUNDS_BLOCK)]
    label = join_lines(caption if isinstance(caption, list) else list(caption))
    if "(" in label or "（" in label:  # the rare case: a unit among the words
        label = join_lines([t for t in caption if not _UNIT_TOKEN.match(t)])
    if label[:1] not in _BLOCK_INITIALS:  # the common case: a row's own caption
        return label
    block = _BLOCK.match(label)
    if block is None:
        return label
    rest = label[block.end():]  # the block's unit (`项目资金（万元）`) is none of the row's caption
    rest = BRACKETED_MONEY_UNIT.sub("", rest, count=1) if rest[:1] in "(（" else rest
    return rest if funds_source(rest) is not None else label


def captions_follow(before: Sequence[str], numeric: Sequence[bool], after: Sequence[str]
                    ) -> bool:
    """Whether a funds block prints each row's caption after its figures
    (`50 50 40 … 年度资金总额`), told by its first row: that line opens with a figure, nothing of
    a caption stands before it (the columns' units and the 项目资金 block caption are none), and
    the words after its figures name a source. Otherwise the words after a row's figures begin
    the next row's caption."""
    if not numeric or not numeric[0] or not after or funds_source(join_lines(list(after))) is None:
        return False
    label = row_label(before) if before else ""
    return not label or block_total(label)


#: The national template's row captions: a caption that is the head of one was cut by a wrap.
_TEMPLATE_ROWS = ("年度资金总额", "其中:当年财政拨款", "当年财政拨款", "上年结转资金", "其他资金")


def completes(label: str | None, words: Sequence[str]) -> str | None:
    """The source a row caption names once the words of the next line go on it (a caption
    wrapped below its row's figures: `其中：当年财政 50 50 40` then `拨款`); None when the
    caption names a source already, or together they name none, or the words name one by
    themselves (the next row's caption alone: `上年结转资金`) and the caption is no template
    caption's head (`年度资金` of `年度资金总额`)."""
    if not label or not words or funds_source(label) is not None:
        return None
    rest = join_lines(list(words))
    if funds_source(rest) is not None and not _cut_caption(label):
        return None
    return funds_source(label + rest)


def _cut_caption(label: str) -> bool:
    head = compact(label).replace("：", ":")
    return any(row.startswith(head) and row != head for row in _TEMPLATE_ROWS)


#: The funds columns' captions as printed whole (a wrapped one's head is none of them).
_WHOLE_CAPTIONS = frozenset(compact(c) for k in (
    K.FUNDS_INITIAL, K.FUNDS_ANNUAL, K.FUNDS_EXECUTED, K.FUNDS_RATE, K.WEIGHT, K.SCORE)
    for c in SYNONYMS[k])
#: A wrapped header names at least this many columns (a row's caption pieces never do).
_HEAD_MIN = 3


def wrapped_head(first: Sequence[str], second: Sequence[str]) -> str | None:
    """The funds header whose captions wrap onto a second line (`年初预 全年预 全年执 分值 执行率
    得分` over `算数 算数 行数`): each piece of the second line ends, in order, a caption of the
    first that is not whole; None unless the pieces match those captions one to one and every
    caption then names a column."""
    if len(first) < _HEAD_MIN or len(second) >= len(first):  # the quick no: rows' captions
        return None
    heads = [t for t in first if classify(t) is not K.FUNDS_BLOCK and not _UNIT_TOKEN.match(t)]
    tails = [t for t in second if classify(t) is not K.FUNDS_BLOCK and not _UNIT_TOKEN.match(t)]
    broken = [i for i, t in enumerate(heads) if compact(t) not in _WHOLE_CAPTIONS]
    if len(heads) < _HEAD_MIN or not tails or len(tails) != len(broken):
        return None
    joined = list(heads)
    for i, tail in zip(broken, tails, strict=True):
        joined[i] += tail
    keys = [column_key(t) for t in joined]
    if None in keys or len(set(keys)) != len(keys):
        return None
    return " ".join(joined)


def placed(columns: Sequence[str], values: Sequence[str]) -> dict[str, str]:
    """A row's values by column. A row printing fewer values than the header, one of them a
    percentage: that is the 执行率, the amounts before it go to the amount columns by the rate
    they satisfy or, failing that, to those just before it (a row without 年初预算数 prints
    全年预算数, 全年执行数, 执行率), the values after it to the columns after it
    (`parts.funds.align`); otherwise in the header's order."""
    if len(values) < len(columns) and "rate" in columns \
            and any(v.endswith(("%", "％")) for v in values):
        cells, _ = align(values, columns, str)
        return cells
    return dict(zip(columns, values, strict=False))


def block_total(label: str) -> bool:
    """A row whose caption is the 项目资金 block's own (a merged cell printed on the
    年度资金总额 row's line), with nothing of a row caption beside it."""
    found = _BLOCK.match(label)
    if found is None:
        return False
    rest = BRACKETED_MONEY_UNIT.sub("", compact(label[found.end():]))
    return len(rest) <= STRAY_MAX


__all__ = ["FUNDS_NUMBER", "STRAY_MAX", "block_total", "captions_follow", "completes",
           "join_percent", "placed",
           "row_label", "split_goals", "wrapped_head"]
