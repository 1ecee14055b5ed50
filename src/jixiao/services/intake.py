"""Documents that people upload (the web system's import): one file, or a ZIP of many, read
into forms with a clear message for each file that cannot be read.

A ZIP archive is opened in memory: its members are read as bytes, never extracted to paths
named by the archive, and refused when there are too many, when one is too large or when all
together unpack beyond the readers' limits (settings `JIXIAO_MAX_FILE_MB`,
`JIXIAO_MAX_UNCOMPRESSED_MB`).
"""

from __future__ import annotations

import io
import logging
import os
import posixpath
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from jixiao.readers.base import ReadResult, UnreadableInput
from jixiao.readers.dispatch import read_bytes
from jixiao.readers.limits import MIB, ReadLimits
from jixiao.readers.sniff import SNIFF_BYTES, ZIP_MAGIC, sniff_document
from jixiao.services.inputs import InputError
from jixiao.services.settings import SettingError, read_limits

log = logging.getLogger(__name__)

#: Most files one archive may hold: a unit files a few dozen projects a year; a department
#: collecting its units' forms stays well below this.
MAX_ARCHIVE_MEMBERS = 500

#: Share of control bytes above which content that no reader sniffed is binary, not text.
_BINARY_SHARE = 0.05
_EMPTY_ZIP = b"PK\x05\x06"
#: Members that make a ZIP an office document (XLSX, DOCX, XLSB, ODS, ODT), not an archive.
_OFFICE_MEMBERS = frozenset({"[Content_Types].xml", "mimetype"})
#: Members that archivers add and that are no forms (macOS resource forks, Finder and
#: Explorer metadata).
_JUNK_PREFIXES = ("__MACOSX/",)
_JUNK_NAMES = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})
#: The ZIP flag saying a member name is UTF-8 (else the archiver's code page, GBK on
#: Chinese Windows).
_UTF8_FLAG = 0x800


@dataclass(frozen=True)
class SourceFile:
    """One uploaded document: its name as the person knows it and its bytes."""

    name: str
    data: bytes


@dataclass(frozen=True)
class FileError:
    """A file of an upload that could not be read, with the Chinese reason."""

    file: str
    message: str


@dataclass(frozen=True)
class Upload:
    """An upload split into documents: the files to read, and those refused already."""

    files: tuple[SourceFile, ...]
    errors: tuple[FileError, ...] = ()


@dataclass(frozen=True)
class FileForms:
    """The forms read from one file of an upload."""

    file: str
    results: tuple[ReadResult, ...]


@dataclass(frozen=True)
class UploadReading:
    """What an upload gave: the forms of each readable file and the files that failed."""

    forms: list[FileForms] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)


def upload_limits() -> ReadLimits:
    """The readers' limits under the current settings (environment)."""
    try:
        return read_limits(os.environ)
    except SettingError as exc:
        raise InputError(str(exc)) from exc


def read_document(data: bytes, name: str) -> list[ReadResult]:
    """Every form in one uploaded document; an unreadable one is an InputError naming it."""
    limits = upload_limits()
    try:
        return list(read_bytes(data, name, limits))
    except UnreadableInput as exc:
        raise InputError(str(exc)) from exc


def looks_like_document(data: bytes) -> bool:
    """Whether the content is a kind a reader takes — PDF, a ZIP (office file or archive),
    an old Office file, RTF, HTML, or text (TXT, JSON) — and not, say, an image or a
    program: judged by content, whatever the file's name says."""
    head = data[:SNIFF_BYTES]
    if head.startswith(_EMPTY_ZIP) or sniff_document(head):
        return True
    sample = head[:4096]
    control = sum(1 for b in sample if b < 32 and b not in b"\r\n\t\f")
    return b"\x00" not in sample and control <= _BINARY_SHARE * len(sample)


# ---------------------------------------------------------------- archives


def is_archive(data: bytes) -> bool:
    """Whether `data` is a ZIP archive of documents (not an XLSX/DOCX/ODS … package, which
    is a ZIP too but read as one document)."""
    if data.startswith(_EMPTY_ZIP):
        return True
    if not data.startswith(ZIP_MAGIC):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError):
        return False
    return not (names & _OFFICE_MEMBERS)


def split_upload(data: bytes, name: str, limits: ReadLimits | None = None) -> Upload:
    """The documents of an upload: the file itself, or each member of a ZIP archive.

    Raises:
        InputError: an archive that cannot be opened, has too many members or unpacks
            beyond the limits (the whole upload is refused, naming it).
    """
    if not is_archive(data):
        return Upload(files=(SourceFile(name, data),))
    limits = limits or upload_limits()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return _archive_members(archive, name, limits)
    except (zipfile.BadZipFile, ValueError, NotImplementedError) as exc:
        raise InputError(f"{name}: ZIP 压缩包已损坏，无法打开（{exc}）") from exc


def _archive_members(archive: zipfile.ZipFile, name: str, limits: ReadLimits) -> Upload:
    members = [info for info in archive.infolist() if _is_document(info)]
    if not members:
        raise InputError(f"{name}: ZIP 压缩包中没有文件")
    if len(members) > MAX_ARCHIVE_MEMBERS:
        raise InputError(f"{name}: ZIP 压缩包中有 {len(members)} 个文件，一次最多导入 "
                         f"{MAX_ARCHIVE_MEMBERS} 个，请分批上传")
    declared = sum(info.file_size for info in members)
    if declared > limits.max_uncompressed:
        raise InputError(f"{name}: ZIP 压缩包解压后过大（{declared / MIB:.1f} MB，上限 "
                         f"{limits.max_uncompressed // MIB} MB，可用 "
                         "JIXIAO_MAX_UNCOMPRESSED_MB 调整）")
    files: list[SourceFile] = []
    errors: list[FileError] = []
    budget = limits.max_uncompressed
    for info in members:
        label = f"{name}/{member_name(info)}"
        try:
            content = _member_bytes(archive, info, label, limits, budget)
        except InputError as exc:
            errors.append(FileError(label, str(exc)))
            continue
        budget -= len(content)
        if is_archive(content):
            errors.append(FileError(label, f"{label}: 压缩包中又有压缩包，请解压后再上传"))
            continue
        files.append(SourceFile(label, content))
    return Upload(files=tuple(files), errors=tuple(errors))


def _is_document(info: zipfile.ZipInfo) -> bool:
    if info.is_dir() or info.filename.startswith(_JUNK_PREFIXES):
        return False
    base = posixpath.basename(info.filename)
    return base not in _JUNK_NAMES and not base.startswith("._")


def member_name(info: zipfile.ZipInfo) -> str:
    """A member's name as its author wrote it: archivers on Chinese Windows store names in
    GBK without the UTF-8 flag, which Python decodes as CP437."""
    name = info.filename
    if not info.flag_bits & _UTF8_FLAG:
        try:
            raw = name.encode("cp437")
        except UnicodeEncodeError:
            return name
        for encoding in ("utf-8", "gb18030"):
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError:
                continue
    return name


def _member_bytes(archive: zipfile.ZipFile, info: zipfile.ZipInfo, label: str,
                  limits: ReadLimits, budget: int) -> bytes:
    """A member's bytes, read no further than the limits allow (the sizes an archive
    declares are not trusted)."""
    if info.flag_bits & 0x1:
        raise InputError(f"{label}: 文件已加密，无法读取")
    cap = min(limits.max_bytes, budget)
    try:
        with archive.open(info) as member:
            content = member.read(cap + 1)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError,
            EOFError, RuntimeError) as exc:
        raise InputError(f"{label}: 无法从压缩包中读出（{exc}）") from exc
    if len(content) > limits.max_bytes:
        raise InputError(f"{label}: 文件过大（上限 {limits.max_bytes // MIB} MB，可用 "
                         "JIXIAO_MAX_FILE_MB 调整）")
    if len(content) > cap:
        raise InputError(f"{label}: 压缩包解压后过大（上限 {limits.max_uncompressed // MIB} "
                         "MB，可用 JIXIAO_MAX_UNCOMPRESSED_MB 调整）")
    return content


# ---------------------------------------------------------------- reading an upload


def iter_upload(upload: Upload) -> Iterator[FileForms | FileError]:
    """Each file of the upload read in turn: its forms, or why it could not be read. A reader
    that fails unexpectedly on one file is reported for that file and the others go on."""
    for source in upload.files:
        try:
            yield FileForms(source.name, tuple(read_document(source.data, source.name)))
        except InputError as exc:
            yield FileError(source.name, str(exc))
        except Exception:  # a reader's bug must not lose the other files of the batch
            log.exception("reading %s failed", source.name)
            yield FileError(source.name, f"{source.name}: 读取时出现内部错误，已记录；"
                                         "请另存为其他格式（如 PDF 或 XLSX）后重试")


def split_uploads(sources: Iterable[SourceFile]) -> Upload:
    """The documents of several uploaded files (each a document or a ZIP of many); an
    archive refused as a whole is an error of that file, the others go on."""
    files: list[SourceFile] = []
    errors: list[FileError] = []
    limits = upload_limits()
    for source in sources:
        try:
            upload = split_upload(source.data, source.name, limits)
        except InputError as exc:
            errors.append(FileError(source.name, str(exc)))
            continue
        files.extend(upload.files)
        errors.extend(upload.errors)
    return Upload(files=tuple(files), errors=tuple(errors))


def read_upload(upload: Upload,
                progress: Callable[[int, int], None] | None = None) -> UploadReading:
    """Every form of an upload's documents, with the files that could not be read.

    `progress(done, total)` is called before the first file and after each one.
    """
    reading = UploadReading(errors=list(upload.errors))
    total = len(upload.files)
    if progress:
        progress(0, total)
    for done, outcome in enumerate(iter_upload(upload), start=1):
        if isinstance(outcome, FileError):
            reading.errors.append(outcome)
        else:
            reading.forms.append(outcome)
        if progress:
            progress(done, total)
    return reading
