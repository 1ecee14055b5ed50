"""The form's own captions, shared by the text-like readers: what to look for, not where."""

from __future__ import annotations

import re
from functools import lru_cache

#: Entries of each memo of parsed or folded texts: enough for the strings a batch repeats
#: (captions, common targets), small enough that memory stays flat on a batch of any size.
_CACHE = 8192

# 一级指标 as printed, and the canonical spelling we keep when the print wraps or spaces it.
LEVEL1_NAMES = ("产出指标", "效益指标", "满意度指标", "成本指标", "效果指标")
LEVEL2_NAMES = (
    "数量指标", "质量指标", "时效指标", "成本指标", "经济成本指标", "社会成本指标",
    "生态环境成本指标", "经济效益指标", "社会效益指标", "生态效益指标", "环境效益指标",
    "可持续影响指标", "服务对象满意度指标",
)

# 资金 row captions → `FundsRow.source`; checked in order, first match wins.
FUNDS_ROW_CAPTIONS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^(年度)?(财政)?资金总额|^总额|^合计|^(年度)?总金额|^总计"), "total"),
    (re.compile(r"(当年|本年)财政拨款|^其中[:：]?\s*(中央)?财政资金|^其中[:：]?财政"), "fiscal"),
    (re.compile(r"上年结转"), "carryover"),
    (re.compile(r"财政专户"), "special_account"),
    (re.compile(r"单位资金"), "unit_funds"),
    (re.compile(r"其他资金|^其他$"), "other"),
)

HEADER_CAPTIONS = {
    "project_name": ("项目名称", "转移支付(项目)名称", "转移支付（项目）名称"),
    "department": ("主管部门", "项目主管单位", "地方主管部门"),
    "implementing_unit": (
        "实施单位", "项目实施单位", "资金使用单位", "实施单位(盖章)", "实施单位（盖章）",
    ),
}

GRADES = ("优", "良", "中", "差")

NOT_APPLICABLE_NAMES = ("不适用", "不涉及")


@lru_cache(maxsize=_CACHE)
def compact(text: str) -> str:
    """Drop all whitespace (wrapping artefacts) from a caption or a Chinese cell."""
    return _WHITESPACE.sub("", text)


_WHITESPACE = re.compile(r"\s+")


def funds_source(caption: str) -> str | None:
    """The `FundsRow.source` a row caption denotes, or None."""
    c = compact(caption)
    for pattern, source in FUNDS_ROW_CAPTIONS:
        if pattern.search(c):
            return source
    return None


def canonical_level1(text: str) -> str | None:
    """`产出\\n指标` / `产 出 指 标` / `产出指标(50分)` → `产出指标`; otherwise None."""
    c = re.sub(r"[(（]\d+(\.\d+)?分[)）]$", "", compact(text))
    if c in LEVEL1_NAMES:
        return c
    if c in ("产出", "效益", "满意度", "成本", "效果"):
        return c + "指标"
    return None


def canonical_level2(text: str) -> str | None:
    """`社会\\n效益\\n指标` → `社会效益指标`; `经济效益` → `经济效益指标`; otherwise None."""
    c = re.sub(r"[(（]\d+(\.\d+)?分[)）]$", "", compact(text))
    c = c.removesuffix("等")
    if c in LEVEL2_NAMES:
        return c
    if c + "指标" in LEVEL2_NAMES:
        return c + "指标"
    return None
