"""The last step of every read: what every layout may leave, tidied; no form, refused."""

from __future__ import annotations

from jixiao.readers.base import ReadResult, UnreadableInput
from jixiao.readers.parts.execution_row import move_execution_rows
from jixiao.readers.placeholders import drop_placeholders


def tidied(result: ReadResult, name: str) -> ReadResult:
    """A read form without template placeholder rows (JX039) and with a 预算执行率 row of its
    indicator table read into its funds part (JX017): what every layout may leave."""
    return move_execution_rows(drop_placeholders(result, name), name)


def no_form(name: str, *, name_only: bool = False) -> UnreadableInput:
    """The refusal of a source without a form (nothing found, or a project name and nothing
    else: `name_only`)."""
    if name_only:
        return UnreadableInput(f"{name}: 未找到绩效自评表（只有「项目名称」，没有表头其他栏目、"
                               "资金表、绩效目标或指标表，不算一张表）")
    return UnreadableInput(f"{name}: 未找到绩效自评表（没有「项目名称」或指标表）")
