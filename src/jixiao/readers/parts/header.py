"""Header fields printed inline (表头栏目同格): several captions and values in one cell or line.

System exports and pasted pages print the header as one run — `项目名称：甲 是否为专项资金：
实施(主管)单位 乙 金额单位：万元` — where each caption ends the value before it, whether the
form reads it (项目名称, 实施单位 …) or not (是否为专项资金, 金额单位, 填报日期 …). A caption
counts before a colon, between spaces, or before a code (spaces are often lost in copying), so
that a name holding the words (`某县项目单位管理中心`) is not cut.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from jixiao.readers.lazy_pattern import LazyPattern
from jixiao.readers.text_norm import join_lines
from jixiao.readers.vocabulary import (
    HEADER_KINDS,
    CaptionKind,
    caption_pattern,
    classify,
)

K = CaptionKind

_FIELD = caption_pattern(*HEADER_KINDS)
#: The header's captions that are not read (项目编码, 填报日期, 联系人 …, and those that end the
#: form): each ends the value before it.
STOP_CAPTIONS = caption_pattern(K.IGNORED_FIELD, K.END)
#: What a header caption may carry before its colon: the seal mark (`实施单位（盖章）`).
SEAL = "(?:[(（]盖章[)）])?"
#: A caption of the run: group 1 a field the form reads, group 2 one it does not, group 3 its
#: colon; where it stands decides whether it counts (`_counts`).
_CAPTION = LazyPattern(rf"(?:({_FIELD})|({STOP_CAPTIONS})){SEAL}(\s*[:：]\s*)?")
_CODE_START = re.compile(r"[0-9A-Za-z]")


def _counts(text: str, m: re.Match[str]) -> bool:
    """A caption ends the value before it when a colon follows it, when it stands between
    spaces, or when a code follows it at once (`实施单位314002-某局`, spaces lost in copying);
    inside a name (`某县项目单位管理中心`) it does not."""
    if m.group(3):
        return True
    start, end = m.start(), m.end()
    after = text[end:end + 1]
    if (start == 0 or text[start - 1].isspace()) and (not after or after.isspace()):
        return True
    return bool(after) and _CODE_START.match(after) is not None


class InlineField(NamedTuple):
    """One field of an inline header: its key (`project_name` …), its caption as printed, its
    value (None when nothing stands between the caption and the next)."""

    key: str
    caption: str
    value: str | None


def inline_fields(text: str) -> list[InlineField]:
    """The header fields a run of text prints, in order; [] when it begins with none.

    >>> [(f.key, f.value) for f in inline_fields("项目名称：甲 是否为专项资金：否 实施单位 乙")]
    [('project_name', '甲'), ('implementing_unit', '乙')]
    """
    marks = [m for m in _CAPTION.finditer(text) if _counts(text, m)]
    if not marks or marks[0].start() != len(text) - len(text.lstrip()):
        return []
    out: list[InlineField] = []
    for i, m in enumerate(marks):
        if m.group(1) is None:
            continue  # a caption that is not read: it only ends the value before it
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        kind = classify(m.group(1))
        if kind is None:
            continue
        value = join_lines([text[m.end():end]]) or None
        out.append(InlineField(str(kind), m.group(1), value))
    return out


__all__ = ["SEAL", "STOP_CAPTIONS", "InlineField", "inline_fields"]
