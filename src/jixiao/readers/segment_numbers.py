"""Printed numbers in glued runs (粘连数字): what a number looks like as printed (no leading
zero, a `%` ending a rate), the cuts of a run into numbers, and the limits shared by the funds
and the indicator splitters (`segment`)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation

from jixiao.core.values import OPERATOR_SPELLINGS
from jixiao.readers.parts.funds import FUNDS_DEFAULT

HUNDRED = Decimal(100)
#: Enough survivors to know a run is ambiguous; enumerating further only costs time.
MAX_SURVIVORS = 64
#: A 三级指标 name is short; a longer stretch before the values is not one row.
MAX_NAME = 80
#: A unit printed after a number (`人`, `万元`, `平方米`, `人次/年`) is a few characters.
MAX_UNIT = 4
#: Text values repeated as target and actual (`按时完成按时完成`) are at most this long.
MAX_TEXT_VALUE = 40

#: A printed number: no leading zero; thousands grouped by commas or not at all (`1,234.56`).
_NUMBER = re.compile(r"(?:0|[1-9]\d*)(?:\.\d+)?")
_GROUPED = re.compile(r"[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?")
_POINTS = re.compile(r"^(?:0|[1-9]\d{0,2})(?:\.\d{1,2})?$")
_DIGIT = frozenset("0123456789")
#: Operators printed before a target (计算符号), longest first: the value grammar's spellings.
OPERATORS = OPERATOR_SPELLINGS
_SYMBOLS = tuple(op for op in OPERATORS if op.isascii() or len(op) == 1)
_NUMERIC_CHARS = frozenset("0123456789.%")
#: Characters inside a number: a digit after them continues it (after a `%` one begins).
_NUMBER_CHARS = frozenset("0123456789.")
_OPERATOR_HEADS = frozenset(op[0] for op in OPERATORS)

#: Printed in a cell left blank (`-`, `—`, `/`): a column without a value, not a digit.
BLANKS = frozenset("-—–－/／")
#: A dash OCR or a typist printed as the character `一`: read as a blank cell only where
#: nothing else reads (after a number, no repeated words), as it also begins words (`一致`).
DASH_LOOKALIKES = frozenset("一")

#: Letters OCR reads for digits (`IO` for 10, `O` for 0): as digits they are split, as
#: printed they are kept. A run of two or three stands alone (no other letter beside it); a
#: single one counts only beside a digit (`O76%`), as a lone `I` may be a numeral (`I类`).
_OCR_DIGIT_RUN = re.compile(r"(?<![A-Za-z])(?:[OoIl]{2,3}|(?<=\d)[Oo]|[Oo](?=\d))(?![A-Za-z])")
_OCR_DIGITS = str.maketrans("OoIl", "0011")


def ocr_digits(text: str) -> str:
    """The text with the OCR letters that stand for digits read as digits (same length, so a
    place in one is the same place in the other)."""
    if not any(ch in text for ch in "OoIl"):
        return text
    return _OCR_DIGIT_RUN.sub(lambda m: m.group().translate(_OCR_DIGITS), text)


#: The funds columns in the national template's order (`parts.funds`).
FUNDS_KEYS = FUNDS_DEFAULT


#: The unit of points (`30分`, `15 分`), printed after a 分值 / 得分 or a group's points.
POINTS = "分"


def points_value(token: str) -> Decimal:
    """The number of a 分值 / 得分 read as points, printed with its unit or without (`30分`)."""
    return Decimal(token.removesuffix(POINTS))


def printed_number(token: str) -> Decimal | None:
    """The value of a printed number without leading zeros (`0.5`, `12`, not `012`; commas
    only between groups of three digits: `1,234.56`), or None."""
    if not _NUMBER.fullmatch(token):
        if "," not in token or not _GROUPED.fullmatch(token):
            return None
        token = token.replace(",", "")
    try:
        return Decimal(token)
    except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
        return None


def cuts(run: str, count: int) -> Iterator[tuple[str, ...]]:
    """Every way to cut `run` into `count` printed numbers (a `%` may end any piece)."""
    if count == 0:
        if not run:
            yield ()
        return
    for end in range(1, len(run) - count + 2):
        head = run[:end]
        if printed_number(head.removesuffix("%")) is None:
            continue
        for rest in cuts(run[end:], count - 1):
            yield (head, *rest)
