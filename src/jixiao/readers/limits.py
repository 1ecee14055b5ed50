"""How much a reader may take in: sizes, pages, sheets, cells, tables (values set by settings)."""

from __future__ import annotations

from dataclasses import dataclass

from jixiao.readers.base import UnreadableInput

MIB = 1024 * 1024


@dataclass(frozen=True)
class ReadLimits:
    """Limits for one source; bigger inputs are refused with a clear message, not read."""

    max_bytes: int = 50 * MIB
    max_uncompressed: int = 500 * MIB
    max_pdf_pages: int = 200
    max_sheets: int = 200
    max_cells: int = 2_000_000
    max_tables: int = 2000


def check_size(data: bytes, name: str, limits: ReadLimits) -> None:
    """Refuse an empty file or one larger than `limits.max_bytes` (UnreadableInput)."""
    if not data:
        raise UnreadableInput(f"{name}: 文件为空")
    check_length(len(data), name, limits)


def check_length(size: int, name: str, limits: ReadLimits) -> None:
    """Refuse a source of `size` bytes larger than `limits.max_bytes` (UnreadableInput)."""
    if size > limits.max_bytes:
        raise UnreadableInput(f"{name}: 文件过大（{size / MIB:.1f} MB，上限 "
                              f"{limits.max_bytes / MIB:.0f} MB，可用 JIXIAO_MAX_FILE_MB 调整）")


def check_unpacked(sizes: list[int], name: str, limits: ReadLimits) -> None:
    """Refuse a ZIP package whose members unpack beyond `limits.max_uncompressed`."""
    if sum(sizes) > limits.max_uncompressed:
        raise UnreadableInput(
            f"{name}: 解压后过大（上限 {limits.max_uncompressed // MIB} MB），不予读取")
