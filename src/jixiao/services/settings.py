"""Settings, declared once: name, environment variable, default, help. They feed the readers'
limits, the `jixiao settings` listing and the README (a test keeps the README complete)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from jixiao.readers.limits import MIB, ReadLimits


@dataclass(frozen=True)
class Setting:
    """One setting: its environment variable, default (a positive integer) and help text."""

    name: str
    env: str
    default: int
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("max_file_mb", "JIXIAO_MAX_FILE_MB", 50,
            "须整体读入的文件（PDF、Office、网页）大小上限（MB）；"
            "文本与 JSON 逐表流式读取，不受此限"),
    Setting("max_uncompressed_mb", "JIXIAO_MAX_UNCOMPRESSED_MB", 500,
            "XLSX/DOCX 解压后总大小上限（MB），防 ZIP 炸弹"),
    Setting("pdf_max_pages", "JIXIAO_PDF_MAX_PAGES", 200, "PDF 页数上限"),
    Setting("xlsx_max_sheets", "JIXIAO_XLSX_MAX_SHEETS", 200, "XLSX 工作表个数上限"),
    Setting("xlsx_max_cells", "JIXIAO_XLSX_MAX_CELLS", 2_000_000, "XLSX 单元格总数上限"),
    Setting("docx_max_tables", "JIXIAO_DOCX_MAX_TABLES", 2000, "DOCX 表格个数上限"),
)


class SettingError(ValueError):
    """A setting with a value that cannot be used; the message names the variable."""


def setting_values(environ: Mapping[str, str]) -> dict[str, int]:
    """Every setting's value: the environment's when set, else the default.

    Raises:
        SettingError: a value that is not a positive integer.
    """
    values: dict[str, int] = {}
    for setting in SETTINGS:
        raw = environ.get(setting.env, "").strip()
        if not raw:
            values[setting.name] = setting.default
        elif raw.isdigit() and int(raw) > 0:
            values[setting.name] = int(raw)
        else:
            raise SettingError(f"环境变量 {setting.env}={raw!r} 无效：应为正整数（{setting.help}）")
    return values


def read_limits(environ: Mapping[str, str]) -> ReadLimits:
    """The readers' limits under the current settings."""
    v = setting_values(environ)
    return ReadLimits(max_bytes=v["max_file_mb"] * MIB,
                      max_uncompressed=v["max_uncompressed_mb"] * MIB,
                      max_pdf_pages=v["pdf_max_pages"], max_sheets=v["xlsx_max_sheets"],
                      max_cells=v["xlsx_max_cells"], max_tables=v["docx_max_tables"])
