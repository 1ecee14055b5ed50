"""Find a CJK font with TrueType outlines for the PDF writer (reportlab embeds only those).

Search order: the file named by `JIXIAO_PDF_FONT` (`path` or `path#index` for a collection),
then the usual Debian/Ubuntu, Fedora, macOS and Windows locations. OpenType/CFF fonts
(`.otf`, Noto CJK `.ttc`) are skipped: reportlab cannot embed them, and a PDF whose Chinese
font is not embedded does not show the same on every machine.
"""

from __future__ import annotations

import os
import struct
from dataclasses import dataclass
from pathlib import Path

FONT_ENV = "JIXIAO_PDF_FONT"

#: Known CJK TrueType fonts, best first (a Ming/Song face looks like the printed form).
CANDIDATES: tuple[str, ...] = (
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/arphic/ukai.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/wqy-zenhei/wqy-zenhei.ttc",
    "/usr/share/fonts/wqy-microhei/wqy-microhei.ttc",
    "/usr/share/fonts/google-droid-sans-fonts/DroidSansFallbackFull.ttf",
    "/Library/Fonts/Arial Unicode.ttf",
    "/System/Library/Fonts/Supplemental/Songti.ttc",
    "C:/Windows/Fonts/simsun.ttc",
    "C:/Windows/Fonts/simhei.ttf",
    "C:/Windows/Fonts/msyh.ttc",
)
#: A Latin TrueType font for the few symbols a CJK font may lack (e.g. `•`).
FALLBACK_CANDIDATES: tuple[str, ...] = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/Library/Fonts/Arial.ttf",
    "C:/Windows/Fonts/arial.ttf",
)

INSTALL_HINT = (
    "请安装中文 TrueType 字体（Debian/Ubuntu：apt-get install fonts-arphic-uming 或 "
    f"fonts-wqy-zenhei），或用环境变量 {FONT_ENV} 指定 .ttf/.ttc 字体文件"
)


class FontNotFound(RuntimeError):
    """No embeddable CJK TrueType font on this machine; the message says what to install."""


@dataclass(frozen=True)
class FontFile:
    """A TrueType font file and, for a collection (.ttc), the index of the face to use."""

    path: str
    index: int = 0


def is_truetype(path: str | os.PathLike[str], index: int = 0) -> bool:
    """Whether the file (face `index` of a collection) has TrueType (`glyf`) outlines.

    Reads only the table directory; a missing, unreadable or CFF-flavoured file is False.
    """
    try:
        with open(path, "rb") as fh:
            head = fh.read(12)
            offset = 0
            if head[:4] == b"ttcf":
                count = struct.unpack(">I", head[8:12])[0]
                if index >= count:
                    return False
                fh.seek(12 + 4 * index)
                offset = struct.unpack(">I", fh.read(4))[0]
                fh.seek(offset)
                head = fh.read(12)
            if head[:4] not in (b"\x00\x01\x00\x00", b"true"):
                return False
            n_tables = struct.unpack(">H", head[4:6])[0]
            fh.seek(offset + 12)
            directory = fh.read(16 * n_tables)
    except (OSError, struct.error):
        return False
    tags = {directory[i:i + 4] for i in range(0, len(directory), 16)}
    return b"glyf" in tags and b"cmap" in tags


def _parse_spec(spec: str) -> FontFile:
    path, _, index = spec.partition("#")
    return FontFile(path, int(index) if index.isdigit() else 0)


def find_cjk_font(extra: tuple[str, ...] = ()) -> FontFile:
    """The CJK TrueType font to embed.

    Args:
        extra: more candidate paths, tried after `JIXIAO_PDF_FONT` and before the defaults.

    Raises:
        FontNotFound: `JIXIAO_PDF_FONT` names a file that is missing or not TrueType, or no
            known font is installed. The message is Chinese and says what to install.
    """
    spec = os.environ.get(FONT_ENV, "").strip()
    if spec:
        chosen = _parse_spec(spec)
        if not Path(chosen.path).is_file():
            raise FontNotFound(f"{FONT_ENV}={spec}：字体文件不存在。{INSTALL_HINT}")
        if not is_truetype(chosen.path, chosen.index):
            raise FontNotFound(
                f"{FONT_ENV}={spec}：不是 TrueType 轮廓字体（OpenType/CFF 字体无法嵌入 PDF）。"
                f"{INSTALL_HINT}")
        return chosen
    for path in (*extra, *CANDIDATES):
        if Path(path).is_file() and is_truetype(path):
            return FontFile(path)
    raise FontNotFound(f"未找到可嵌入 PDF 的中文字体。{INSTALL_HINT}")


def find_fallback_font() -> FontFile | None:
    """A Latin TrueType font for symbols missing from the CJK font, or None."""
    for path in FALLBACK_CANDIDATES:
        if Path(path).is_file() and is_truetype(path):
            return FontFile(path)
    return None
