"""Where forms and rules come from: files or stdin, a profile by name or file, the catalogues."""

from __future__ import annotations

import io
import os
import stat
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import nullcontext
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

from jixiao.core.findings import Severity
from jixiao.core.safe_text import one_line
from jixiao.readers.base import ReadResult, UnreadableInput
from jixiao.readers.codes import IMPORT_CODES
from jixiao.readers.limits import ReadLimits
from jixiao.readers.stream import read_stream
from jixiao.rules.checks import CheckSpec, catalogue
from jixiao.rules.checks.registry import FAMILY_LABELS
from jixiao.rules.profile import (
    Profile,
    ProfileError,
    list_profiles,
    load_profile,
    load_profile_file,
)
from jixiao.rules.targets import TARGET_CHECKS
from jixiao.services.settings import SettingError, profile_max_bytes, read_limits

__all__ = [
    "InputError",
    "Profile",
    "ReadResult",
    "check_catalogue",
    "family_label",
    "iter_paths",
    "pick_profile",
    "read_limits_of",
    "read_paths",
    "shipped_profiles",
]


class InputError(Exception):
    """Input a user gave that cannot be used; the message names the place, in Chinese."""


def read_paths(paths: Sequence[str], read_stdin: Callable[[], bytes],
               environ: Mapping[str, str] | None = None) -> list[ReadResult]:
    """Read every form from the given files; `-` reads standard input via `read_stdin`.

    Limits come from the settings in `environ` (default: the process environment).
    """
    return list(iter_paths(paths, lambda: io.BytesIO(read_stdin()), environ))


def iter_paths(paths: Sequence[str], open_stdin: Callable[[], BinaryIO],
               environ: Mapping[str, str] | None = None) -> Iterator[ReadResult]:
    """Every form of the given files in order, read as a stream (one form held at a time for
    text and JSON); `-` is the binary stream `open_stdin()` gives (not closed here).

    Raises:
        InputError: a file missing or unreadable, a setting or a source that cannot be used.
    """
    limits = read_limits_of(environ)
    for path in paths:
        yield from iter_path(path, open_stdin, limits)


def read_limits_of(environ: Mapping[str, str] | None = None) -> ReadLimits:
    """The read limits the settings in `environ` (default: the process environment) give."""
    try:
        return read_limits(os.environ if environ is None else environ)
    except SettingError as exc:
        raise InputError(str(exc)) from exc


def iter_path(path: str, open_stdin: Callable[[], BinaryIO], limits: ReadLimits
              ) -> Iterator[ReadResult]:
    """The forms of one file (`-`: standard input), as `iter_paths`."""
    name = "<stdin>" if path == "-" else one_line(path)  # a name with "\n" or ESC stays one line
    with nullcontext(open_stdin()) if path == "-" else _open_file(Path(path)) as handle:
        try:
            yield from read_stream(handle, name, limits)
        except UnreadableInput as exc:
            raise InputError(str(exc)) from exc
        except OSError as exc:
            raise InputError(f"{name}: 无法读取（{exc.strerror}）") from exc


def _open_file(path: Path) -> BinaryIO:
    """A regular file open for reading; devices, FIFOs and sockets are refused before they are
    opened (opening a FIFO blocks, `/dev/zero` never ends): `-` is the way to read a stream."""
    try:
        info = path.stat()
    except FileNotFoundError as exc:
        raise InputError(f"{path}: 文件不存在") from exc
    except OSError as exc:
        raise InputError(f"{path}: 无法读取（{exc.strerror}）") from exc
    if stat.S_ISDIR(info.st_mode):
        raise InputError(f"{path}: 是目录，不是文件")
    if not stat.S_ISREG(info.st_mode):
        raise InputError(f"{path}: 不是普通文件（设备、管道或套接字），不予读取；"
                         "要读取数据流请用 - 从标准输入读取")
    try:
        return path.open("rb")
    except FileNotFoundError as exc:
        raise InputError(f"{path}: 文件不存在") from exc
    except IsADirectoryError as exc:
        raise InputError(f"{path}: 是目录，不是文件") from exc
    except OSError as exc:
        raise InputError(f"{path}: 无法读取（{exc.strerror}）") from exc


def pick_profile(name: str) -> Profile:
    """A shipped profile by name, or a user's TOML file by path.

    A shipped profile is read once in a process (its file never changes) and the same object
    handed out again, so what is kept for it (`evaluate.check_params`) serves every batch; a
    user's file is read each time, as it may have been edited meanwhile.
    """
    try:
        if name.endswith(".toml") or os.sep in name:
            try:
                max_bytes = profile_max_bytes(os.environ)
            except SettingError as exc:
                raise InputError(str(exc)) from exc
            return load_profile_file(Path(name), max_bytes)
        return _shipped_profile(name)
    except ProfileError as exc:
        raise InputError(str(exc)) from exc


@lru_cache(maxsize=32)  # an unknown name raises, and is not kept
def _shipped_profile(name: str) -> Profile:
    return load_profile(name)


def shipped_profiles() -> list[Profile]:
    """Every profile that ships with jixiao."""
    return list_profiles()


def check_catalogue() -> list[CheckSpec]:
    """Every finding code, in code order: the readers' import findings, then the checks."""
    imports = [CheckSpec(code=code, family="import", severity=Severity.WARNING, title=title,
                         rationale="读取时发现的缺失或歧义，须人工核对原件", source="读取器")
               for code, title in sorted(IMPORT_CODES.items())]
    return sorted([*imports, *catalogue(), *TARGET_CHECKS], key=lambda spec: spec.code)


def family_label(family: str) -> str:
    """The Chinese name of a finding family (`import` → 导入, `arithmetic` → 算术)."""
    return {"import": "导入", **FAMILY_LABELS}.get(family, family)
