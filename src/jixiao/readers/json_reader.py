"""The JSON reader: canonical form JSON (schema 1), a single object or an array."""

from __future__ import annotations

import json

from jixiao.core.form_json import FormJSONError, forms_from_json_value
from jixiao.readers.base import ReadResult, UnreadableInput


def sniff_json(text: str) -> bool:
    """Whether the text is meant as JSON (starts with `[` or `{`)."""
    return text.lstrip().startswith(("[", "{"))


def read_json(text: str, *, filename: str | None = None) -> list[ReadResult]:
    """Forms from canonical JSON; malformed JSON or a wrong shape is UnreadableInput."""
    name = filename or "<stdin>"
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UnreadableInput(
            f"{name}: JSON 格式错误（第{exc.lineno}行第{exc.colno}列）：{exc.msg}") from exc
    try:
        forms = forms_from_json_value(data)
    except FormJSONError as exc:
        raise UnreadableInput(f"{name}: {exc.path}: {exc.message}") from exc
    return [ReadResult(form=f) for f in forms]
