"""Old Office files in an OLE2 compound file (.xls/.et, .doc/.wps, password-protected OOXML):
what is inside, told by the container's stream names rather than by the file extension."""

from __future__ import annotations

import enum
import io
import struct
from typing import Any

from jixiao.readers.base import UnreadableInput, damage_reason

__all__ = ["OLE_MAGIC", "OleKind", "ole_kind", "ole_stream", "word_encrypted"]

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class OleKind(enum.Enum):
    """What an OLE2 compound file holds."""

    WORKBOOK = "workbook"  # Excel 97-2003 / WPS 表格 .et (stream Workbook, or Book for Excel 5/95)
    DOCUMENT = "document"  # Word 97-2003 / WPS 文字 .wps (stream WordDocument)
    ENCRYPTED_PACKAGE = "encrypted"  # a password-protected .xlsx/.docx (EncryptedPackage)
    OTHER = "other"


#: Stream names, lower-cased, that tell the kind.
_WORKBOOK_STREAMS = ("workbook", "book")
_DOCUMENT_STREAM = "worddocument"
_ENCRYPTED_STREAM = "encryptedpackage"


def _open(data: bytes, name: str) -> Any:
    import olefile  # only when an OLE file is read

    try:
        return olefile.OleFileIO(io.BytesIO(data))
    except Exception as exc:  # olefile raises OSError and plain exceptions on damaged files
        raise UnreadableInput(
            f"{name}: 旧版 Office 文件已损坏，无法打开（{damage_reason(exc)}）") from exc


def ole_kind(data: bytes, name: str) -> OleKind:
    """The kind of an OLE2 compound file, from its top-level stream names.

    Raises:
        UnreadableInput: the container itself is damaged.
    """
    ole = _open(data, name)
    try:
        streams = {"/".join(path).lower() for path in ole.listdir()}
    except Exception as exc:  # a damaged directory
        raise UnreadableInput(
            f"{name}: 旧版 Office 文件已损坏，无法读取目录（{damage_reason(exc)}）") from exc
    finally:
        ole.close()
    if _ENCRYPTED_STREAM in streams:
        return OleKind.ENCRYPTED_PACKAGE
    if any(s in streams for s in _WORKBOOK_STREAMS):
        return OleKind.WORKBOOK
    if _DOCUMENT_STREAM in streams:
        return OleKind.DOCUMENT
    return OleKind.OTHER


def ole_stream(data: bytes, name: str, *candidates: str) -> bytes | None:
    """The first top-level stream among `candidates` (case-insensitive), or None.

    Raises:
        UnreadableInput: the container or the stream is damaged.
    """
    ole = _open(data, name)
    try:
        present = {"/".join(path).lower(): path for path in ole.listdir()}
        for wanted in candidates:
            path = present.get(wanted.lower())
            if path is not None:
                return ole.openstream(path).read()
        return None
    except UnreadableInput:
        raise
    except Exception as exc:  # a truncated or cyclic sector chain
        raise UnreadableInput(
            f"{name}: 旧版 Office 文件已损坏，无法读取内容（{damage_reason(exc)}）") from exc
    finally:
        ole.close()


#: The Word binary File Information Block: flags at byte 10, bit 8 `fEncrypted` (MS-DOC 2.5.2).
_FIB_FLAGS_OFFSET = 0x0A
_FIB_ENCRYPTED = 0x0100


def word_encrypted(data: bytes, name: str) -> bool:
    """Whether a Word 97-2003 document (.doc/.wps) is password-protected (FIB `fEncrypted`).

    Raises:
        UnreadableInput: the container is damaged.
    """
    stream = ole_stream(data, name, "WordDocument") or b""
    if len(stream) < _FIB_FLAGS_OFFSET + 2:
        return False
    (flags,) = struct.unpack_from("<H", stream, _FIB_FLAGS_OFFSET)
    return bool(flags & _FIB_ENCRYPTED)
