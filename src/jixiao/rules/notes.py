"""偏差原因分析及改进措施 (deviation notes): when a note says something, defined once.

The engine (accepting a noted deduction), the checks (a deduction without a reason) and the
risk signals (notes copied between rows and forms) all read notes through these functions, so
the scorecard and the findings cannot disagree about the same note. The words that say nothing
(无, 暂无, 已达成 …) are profile data: `[comparison] boilerplate_notes`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from jixiao.core.values import normalize_text

# Whitespace and the punctuation a unit puts around a one-word note (`无。`, `（无）`, `“暂无”`).
_NOTE_PUNCT = re.compile(r"[\s。．.，,；;：:、!！?？\"“”'‘’（）()]+")


@lru_cache(maxsize=16384)
def fold_note(note: str | None) -> str:
    """A note reduced for comparison: full-width folded (NFKC), without whitespace and
    punctuation (`（无）` → `无`, ` 暂无。` → `暂无`)."""
    return _NOTE_PUNCT.sub("", normalize_text(note or ""))


def fold_words(words: Iterable[str]) -> frozenset[str]:
    """Boilerplate words folded as notes are (a word of punctuation alone is kept as it is)."""
    return frozenset(fold_note(w) or w for w in words)


def is_substantive(note: str | None, boilerplate: frozenset[str]) -> bool:
    """Whether a 偏差原因 says something: not empty once folded, and not a boilerplate word.

    Args:
        note: the row's 偏差原因分析及改进措施 as printed.
        boilerplate: folded words that say nothing (`fold_words` of the profile's list).
    """
    folded = fold_note(note)
    return bool(folded) and folded not in boilerplate
