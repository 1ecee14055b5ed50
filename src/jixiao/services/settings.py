"""Settings, declared once: name, environment variable, default, help. They feed the readers'
limits, the `jixiao settings` listing and the README (a test keeps the README complete)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from jixiao.readers.limits import MIB, ReadLimits


@dataclass(frozen=True)
class Setting:
    """One setting: its environment variable, default (a positive integer), help text, and the
    reader limit it sets (`ReadLimits` field, in units of `scale`), if any."""

    name: str
    env: str
    default: int
    help: str
    limit: str | None = None
    scale: int = 1


SETTINGS: tuple[Setting, ...] = (
    Setting("max_file_mb", "JIXIAO_MAX_FILE_MB", 50,
            "须整体读入的文件（PDF、Office、网页）大小上限（MB）；"
            "文本与 JSON 逐表流式读取，不受此限，但其中单张表（单个 JSON 值、单行）也不得超过此值",
            "max_bytes", MIB),
    Setting("max_uncompressed_mb", "JIXIAO_MAX_UNCOMPRESSED_MB", 500,
            "XLSX/DOCX 解压后总大小上限（MB），防 ZIP 炸弹", "max_uncompressed", MIB),
    Setting("pdf_max_pages", "JIXIAO_PDF_MAX_PAGES", 200, "PDF 页数上限", "max_pdf_pages"),
    Setting("xlsx_max_sheets", "JIXIAO_XLSX_MAX_SHEETS", 200, "XLSX 工作表个数上限",
            "max_sheets"),
    Setting("xlsx_max_cells", "JIXIAO_XLSX_MAX_CELLS", 200_000,
            "XLSX 单元格总数上限（合并区域覆盖的单元格也计入），读入前按文件内容清点",
            "max_cells"),
    Setting("docx_max_tables", "JIXIAO_DOCX_MAX_TABLES", 2000, "DOCX 表格个数上限",
            "max_tables"),
    Setting("xlsx_max_rows", "JIXIAO_XLSX_MAX_ROWS", 100_000, "XLSX 每个工作表的行数上限",
            "max_rows"),
    Setting("xlsx_max_columns", "JIXIAO_XLSX_MAX_COLUMNS", 1000, "XLSX 每个工作表的列数上限",
            "max_columns"),
    Setting("xlsx_max_merged_cells", "JIXIAO_XLSX_MAX_MERGED_CELLS", 100_000,
            "XLSX 每个工作表中合并区域覆盖的单元格总数上限（读入前按文件内容清点）", "max_merged"),
    Setting("max_table_cells", "JIXIAO_MAX_TABLE_CELLS", 1_000_000,
            "网页表格的单元格总数上限（按 rowspan/colspan 展开后计）", "max_table_cells"),
    Setting("pdf_max_page_pt", "JIXIAO_PDF_MAX_PAGE_PT", 5000,
            "PDF 页面边长上限（点，1 点 = 1/72 英寸；A0 为 2384 × 3370；含 /UserUnit 放大）",
            "max_page_side"),
    Setting("ocr_max_megapixels", "JIXIAO_OCR_MAX_MEGAPIXELS", 40,
            "OCR 时每页渲染的像素上限（百万像素）；超过时降低分辨率", "max_render_pixels",
            1000 * 1000),
    Setting("pdf_max_stream_mb", "JIXIAO_PDF_MAX_STREAM_MB", 256,
            "PDF 中单个压缩数据流解压后的大小上限（MB），在 pdfium 解压之前测量",
            "max_stream_bytes", MIB),
    Setting("ocr_max_pages", "JIXIAO_OCR_MAX_PAGES", 20, "一个 PDF 中需 OCR 识别的扫描页数上限",
            "max_ocr_pages"),
    Setting("profile_max_kb", "JIXIAO_PROFILE_MAX_KB", 256,
            "规则配置文件（--profile 文件.toml）大小上限（KB）；继承链最多 16 层"),
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
        elif raw.isascii() and raw.isdigit() and len(raw) <= 12 and int(raw) > 0:
            values[setting.name] = int(raw)  # isdigit alone accepts "²" and other digits
        else:
            raise SettingError(f"环境变量 {setting.env}={raw!r} 无效："
                               f"应为不超过 12 位的正整数（{setting.help}）")
    return values


def read_limits(environ: Mapping[str, str]) -> ReadLimits:
    """The readers' limits under the current settings."""
    values = setting_values(environ)
    return ReadLimits(**{s.limit: values[s.name] * s.scale for s in SETTINGS if s.limit})


def profile_max_bytes(environ: Mapping[str, str]) -> int:
    """The largest profile file (`--profile my.toml`) read, in bytes."""
    return setting_values(environ)["profile_max_kb"] * 1024
