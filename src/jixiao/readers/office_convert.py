"""Word processor files jixiao does not parse itself (.doc, WPS .wps, .odt, .rtf), converted to
.docx by LibreOffice and then read by `readers.docx`.

LibreOffice runs headless as a child process: in a temporary folder that is removed afterwards,
with a private profile there (so it neither touches nor waits for the user's own LibreOffice),
without network where the system allows it (`unshare -rn`: a new network namespace holding only
a dead loopback), and under a time limit after which the whole process group is killed.
LibreOffice is an optional system dependency: without it the message says how to install it.
"""

from __future__ import annotations

import contextlib
import enum
import functools
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from jixiao.readers.base import ReadResult, UnreadableInput
from jixiao.readers.limits import DEFAULT_LIMITS, ReadLimits, check_size

__all__ = ["CONVERT_TIMEOUT_SECONDS", "INSTALL_HINT", "DocumentFormat", "convert_to_docx",
           "find_soffice", "read_converted"]

#: Converting one form file takes 1–5 s; a file that takes this long is hostile or broken.
CONVERT_TIMEOUT_SECONDS = 120

INSTALL_HINT = ("apt-get install -y --no-install-recommends "
                "libreoffice-writer-nogui libreoffice-calc-nogui")



class DocumentFormat(enum.Enum):
    """Formats converted by LibreOffice: (name in messages, file suffix, LibreOffice filter)."""

    DOC = ("Word 97-2003 / WPS 文字文档（.doc/.wps）", ".doc", "MS Word 97")
    ODT = ("OpenDocument 文本（.odt）", ".odt", "writer8")
    RTF = ("RTF 文档（.rtf）", ".rtf", "Rich Text Format")

    @property
    def label(self) -> str:
        return self.value[0]


#: Where the LibreOffice installers put the program when it is not on PATH.
_INSTALLED_AT = ("/Applications/LibreOffice.app/Contents/MacOS/soffice",
                 r"C:\Program Files\LibreOffice\program\soffice.exe",
                 "/opt/libreoffice/program/soffice", "/usr/lib/libreoffice/program/soffice")


def find_soffice() -> str | None:
    """The LibreOffice executable: `soffice` or `libreoffice` on PATH, or where the installers
    put it; None when LibreOffice is not installed."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    return found or next((p for p in _INSTALLED_AT if Path(p).is_file()), None)


@functools.cache
def _no_network_prefix() -> tuple[str, ...]:
    """`unshare -rn` when this system lets an unprivileged process drop its network, else ()."""
    unshare = shutil.which("unshare")
    if unshare is None:
        return ()
    try:
        probe = subprocess.run([unshare, "-rn", "true"], capture_output=True, timeout=10,
                               check=False)
    except (OSError, subprocess.SubprocessError):
        return ()
    return (unshare, "-rn") if probe.returncode == 0 else ()


def convert_to_docx(data: bytes, kind: DocumentFormat, name: str,
                    timeout: float = CONVERT_TIMEOUT_SECONDS) -> bytes:
    """The document converted to .docx by LibreOffice headless.

    Raises:
        UnreadableInput: LibreOffice is not installed, timed out, or could not open the file.
    """
    soffice = find_soffice()
    if soffice is None:
        raise UnreadableInput(
            f"{name}: 是{kind.label}，需要 LibreOffice 转换后读取，但本机未安装 LibreOffice；"
            f"请安装（Debian/Ubuntu：{INSTALL_HINT}），或在 Word/WPS 中另存为 .docx 后再读取")
    with tempfile.TemporaryDirectory(prefix="jixiao-soffice-") as tmp:
        folder = Path(tmp)
        source = folder / f"input{kind.value[1]}"
        source.write_bytes(data)
        out = folder / "out"
        command = [*_no_network_prefix(), soffice, "--headless", "--norestore", "--nologo",
                   "--nolockcheck", "--nodefault",
                   f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                   f"--infilter={kind.value[2]}",
                   "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out), str(source)]
        env = {**os.environ, "HOME": tmp, "TMPDIR": tmp}
        try:
            process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                       stdin=subprocess.DEVNULL, cwd=tmp, env=env,
                                       start_new_session=True)
        except OSError as exc:
            raise UnreadableInput(f"{name}: 无法启动 LibreOffice（{exc.strerror or exc}）") \
                from exc
        try:
            process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            with contextlib.suppress(ProcessLookupError):  # it may have ended meanwhile
                if hasattr(os, "killpg"):  # the whole group: LibreOffice starts helpers
                    os.killpg(process.pid, signal.SIGKILL)
                else:
                    process.kill()
            process.communicate()
            raise UnreadableInput(
                f"{name}: LibreOffice 转换超时（超过 {timeout:g} 秒），文件可能已损坏") from exc
        result = out / "input.docx"
        if process.returncode != 0 or not result.is_file() or result.stat().st_size == 0:
            raise UnreadableInput(
                f"{name}: {kind.label}已损坏或无法打开（LibreOffice 未能转换）")
        return result.read_bytes()


def read_converted(data: bytes, kind: DocumentFormat, *, filename: str | None = None,
                   limits: ReadLimits = DEFAULT_LIMITS) -> list[ReadResult]:
    """Every form in a .doc/.wps/.odt/.rtf document: converted by LibreOffice, read as .docx.

    Raises:
        UnreadableInput: LibreOffice missing or failing, or the converted document unreadable.
    """
    from jixiao.readers.docx import read_docx

    name = filename or "<document>"
    check_size(data, name, limits)
    converted = convert_to_docx(data, kind, name)
    return read_docx(converted, filename=filename, limits=limits)
