"""How much a reader may take in: sizes, pages, sheets, cells, tables (values set by settings)."""

from __future__ import annotations

from dataclasses import dataclass

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
