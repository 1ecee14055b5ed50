"""What a printed value looks like, for the readers that must tell values from captions and
names: a number (`238.93`, `3359.62万`, `95分`), a rate (`100%`), a blank mark (`—`, `/`).

Full-width digits and signs count (NFKC), as do thousands separators.
"""

from __future__ import annotations

import re
import unicodedata

from jixiao.readers.vocabulary import compact

_NUMBER_LIKE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)(%|分|万元|万|元)?$")
_RATE_LIKE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)%$")
#: The marks a cell prints for "nothing here" / "not applicable".
BLANK_MARKS = frozenset({"-", "—", "–", "——", "─", "/", "\\", "*", "－", "／"})


def is_value(text: str) -> bool:
    """A number (`238.93`, `100%`, `3359.62万`) or a blank mark (`—`, `/`)."""
    c = unicodedata.normalize("NFKC", compact(text).replace(",", "").replace("，", ""))
    return bool(_NUMBER_LIKE.match(c)) or c in BLANK_MARKS


def is_number(text: str) -> bool:
    """A number, perhaps with its unit or `%` (not a blank mark)."""
    c = unicodedata.normalize("NFKC", compact(text).replace(",", ""))
    return bool(_NUMBER_LIKE.match(c))


def is_rate(text: str) -> bool:
    """A percentage (`100%`, `98.5％`)."""
    return bool(_RATE_LIKE.match(unicodedata.normalize("NFKC", compact(text))))


__all__ = ["BLANK_MARKS", "is_number", "is_rate", "is_value"]
