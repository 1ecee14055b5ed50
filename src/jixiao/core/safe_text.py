"""Characters no output may hold, and the one function that replaces them."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

#: C0 controls but tab, line feed and carriage return (ESC among them: no terminal sequence from
#: a form reaches a screen), DEL and C1 (CSI, OSC), lone surrogates, U+FFFE and U+FFFF: XML 1.0
#: (DOCX, XLSX) cannot hold them, UTF-8 cannot encode surrogates, terminals obey the rest.
UNSAFE_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
REPLACEMENT = "\ufffd"


def clean_text(text: str) -> str:
    """`text` with every unsafe character (`UNSAFE_CHARS`) replaced by U+FFFD."""
    if text.isprintable():  # the common case, checked in C: nothing to replace
        return text
    return UNSAFE_CHARS.sub(REPLACEMENT, text)


def one_line(text: str) -> str:
    """`text` as one line for a message: line breaks shown as `⏎`, unsafe characters replaced."""
    return clean_text(text.replace("\r\n", "⏎").replace("\n", "⏎").replace("\r", "⏎"))


def clean_tree(value: Any) -> Any:
    """`value` with `clean_text` applied to every string inside it (frozen dataclasses, tuples,
    lists and dicts rebuilt only where something changed)."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, tuple):
        items = tuple(clean_tree(v) for v in value)
        return items if any(a is not b for a, b in zip(items, value, strict=True)) else value
    if isinstance(value, list):
        return [clean_tree(v) for v in value]
    if isinstance(value, dict):
        return {clean_tree(k): clean_tree(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for f in dataclasses.fields(value):
            if not f.init:
                continue
            old = getattr(value, f.name)
            new = clean_tree(old)
            if new is not old:
                changes[f.name] = new
        return dataclasses.replace(value, **changes) if changes else value
    return value
