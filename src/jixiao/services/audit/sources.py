"""What an audit reads: every file under the paths given, ZIP archives opened member by member.

A source is named as the user will see it in every output: relative to the PATH given (with
several PATHs, under the PATH's own name), a ZIP member as `archive.zip!member`. Office files
are ZIP packages too; they are documents, not archives, and are read whole.
"""

from __future__ import annotations

import hashlib
import io
import os
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from jixiao.readers.sniff import ZIP_MAGIC

__all__ = ["Source", "content_hash", "find_sources", "open_source"]

#: Members that make a ZIP an office document (OOXML, OpenDocument) rather than an archive.
_OFFICE_MEMBERS = ("[Content_Types].xml", "mimetype")
_HASH_BLOCK = 1 << 20
#: Nested archives are opened in memory; deeper than this they are listed, not opened.
MAX_ARCHIVE_DEPTH = 3


@dataclass(frozen=True)
class Source:
    """One file to read: `name` as shown, `path` on disk, and the chain of ZIP members inside it
    (empty for a plain file). `problem`: why it cannot be read at all (a broken archive)."""

    name: str
    path: str
    members: tuple[str, ...] = ()
    problem: str | None = None


def find_sources(paths: Sequence[str], exclude: Sequence[str] = ()) -> Iterator[Source]:
    """Every source under `paths` in a stable order (each PATH's files sorted by name),
    skipping the folders in `exclude` (the audit's own output).

    Raises:
        FileNotFoundError: a PATH that does not exist (its name in the message).
    """
    excluded = {os.path.realpath(p) for p in exclude}
    bases = [os.path.basename(os.path.normpath(p)) or p for p in paths]
    prefix_by_base = len(paths) > 1 and len(set(bases)) == len(bases)
    for path, base in zip(paths, bases, strict=True):
        if not os.path.exists(path):
            raise FileNotFoundError(path)
        if os.path.isdir(path):
            top = base if prefix_by_base else (os.path.normpath(path) if len(paths) > 1 else "")
            for file in _walk(Path(path), excluded):
                rel = file.relative_to(path).as_posix()
                yield from _expand(str(file), f"{top}/{rel}" if top else rel)
        else:
            yield from _expand(path, os.path.normpath(path) if len(paths) > 1 else base)


def _walk(root: Path, excluded: set[str]) -> Iterator[Path]:
    entries = sorted(root.iterdir(), key=lambda p: p.name)
    for entry in entries:
        if entry.is_dir() and not entry.is_symlink():
            if os.path.realpath(entry) not in excluded:
                yield from _walk(entry, excluded)
        elif entry.is_file():
            yield entry


def _is_archive(head: bytes, package: zipfile.ZipFile) -> bool:
    names = set(package.namelist())
    return head.startswith(ZIP_MAGIC) and not any(m in names for m in _OFFICE_MEMBERS) and not (
        "xl/workbook.xml" in names or "word/document.xml" in names)


def _expand(path: str, name: str) -> Iterator[Source]:
    try:
        with open(path, "rb") as handle:
            head = handle.read(4)
    except OSError as exc:
        yield Source(name, path, problem=f"无法读取（{exc.strerror}）")
        return
    if not head.startswith(ZIP_MAGIC):
        yield Source(name, path)
        return
    try:
        with zipfile.ZipFile(path) as package:
            if not _is_archive(head, package):
                yield Source(name, path)
                return
            yield from _members(package, path, name, ())
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        if name.lower().endswith(".zip"):
            yield Source(name, path, problem=f"压缩包已损坏，无法打开（{exc}）")
        else:  # a damaged office file: its reader says what is wrong
            yield Source(name, path)


def _members(package: zipfile.ZipFile, path: str, name: str, chain: tuple[str, ...]
             ) -> Iterator[Source]:
    for info in sorted(package.infolist(), key=lambda i: i.filename):
        if info.is_dir():
            continue
        member = _member_name(info)
        here = (*chain, info.filename)
        shown = f"{name}!{member}"
        if info.flag_bits & 0x1:
            yield Source(shown, path, here, problem="压缩包成员设有密码，无法读取")
            continue
        if len(here) < MAX_ARCHIVE_DEPTH and member.lower().endswith(".zip"):
            try:
                data = package.read(info)
                if data.startswith(ZIP_MAGIC):
                    with zipfile.ZipFile(io.BytesIO(data)) as inner:
                        if _is_archive(data[:4], inner):
                            yield from _members(inner, path, shown, here)
                            continue
            except (zipfile.BadZipFile, OSError, EOFError, RuntimeError) as exc:
                yield Source(shown, path, here, problem=f"压缩包已损坏，无法打开（{exc}）")
                continue
        yield Source(shown, path, here)


def _member_name(info: zipfile.ZipInfo) -> str:
    """A member's name; names stored in GBK without the UTF-8 flag (Windows archivers) decoded."""
    name = info.filename
    if not info.flag_bits & 0x800:
        with suppress(UnicodeEncodeError, UnicodeDecodeError):
            name = name.encode("cp437").decode("gbk")
    return name


@contextmanager
def open_source(source: Source, max_member_bytes: int) -> Iterator[BinaryIO]:
    """The source's bytes as a binary stream (a ZIP member larger than `max_member_bytes`
    uncompressed is refused with `ValueError`, against ZIP bombs).

    Raises:
        OSError, zipfile.BadZipFile, ValueError: the source cannot be opened.
    """
    if not source.members:
        with open(source.path, "rb") as handle:
            yield handle
        return
    with zipfile.ZipFile(source.path) as package:
        current = package
        for depth, member in enumerate(source.members):
            info = current.getinfo(member)
            if info.file_size > max_member_bytes:
                raise ValueError(f"解压后 {info.file_size // (1 << 20)} MB，超过上限")
            if depth == len(source.members) - 1:
                with current.open(info) as handle:
                    yield handle  # type: ignore[misc]
                return
            current = zipfile.ZipFile(io.BytesIO(current.read(info)))


def content_hash(source: Source, max_member_bytes: int) -> str:
    """SHA-256 of the source's bytes."""
    digest = hashlib.sha256()
    with open_source(source, max_member_bytes) as handle:
        while block := handle.read(_HASH_BLOCK):
            digest.update(block)
    return digest.hexdigest()
