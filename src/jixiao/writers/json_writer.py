"""Forms → the canonical JSON array of form-json.md (schema 1), as `jixiao parse` prints it."""

from __future__ import annotations

import json
from collections.abc import Sequence

from jixiao.core.form_json import form_to_dict
from jixiao.core.model import Form


def render_json(forms: Sequence[Form]) -> str:
    """Render forms as the canonical JSON array (UTF-8 text, not ASCII-escaped).

    Args:
        forms: the forms, in order; one form still gives an array of one.

    Returns:
        The JSON text with a trailing newline; numbers stay the printed strings.
    """
    return json.dumps([form_to_dict(f) for f in forms], ensure_ascii=False, indent=1) + "\n"
