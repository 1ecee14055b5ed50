"""Documents that people upload (the web system's import): read one file into forms."""

from __future__ import annotations

import os

from jixiao.readers.base import ReadResult, UnreadableInput
from jixiao.readers.dispatch import read_bytes
from jixiao.services.inputs import InputError
from jixiao.services.settings import SettingError, read_limits


def read_document(data: bytes, name: str) -> list[ReadResult]:
    """Every form in one uploaded document; an unreadable one is an InputError naming it."""
    try:
        limits = read_limits(os.environ)
    except SettingError as exc:
        raise InputError(str(exc)) from exc
    try:
        return list(read_bytes(data, name, limits))
    except UnreadableInput as exc:
        raise InputError(str(exc)) from exc
