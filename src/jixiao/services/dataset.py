"""The analysts' dataset: one row per indicator (三级指标) of many forms, with the form's keys
and what the services compute — parsed targets and actuals, scores, the row's status, its
findings — as XLSX or CSV (UTF-8 with BOM, so that Excel opens it in Chinese).

Every number comes from the evaluation handed in; nothing is computed here but the parse of
the printed 年度指标值 / 实际完成值 with the profile's vocabulary.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from jixiao.core.findings import Finding
from jixiao.core.money import fmt2
from jixiao.core.scorecard import RowScore
from jixiao.core.values import Tier, Value, ValueKind, parse_value
from jixiao.rules.profile import Profile
from jixiao.services.evaluate import Evaluation

Cell = str | int | Decimal | None

#: (key, column header) in the order written.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("form_id", "表ID"), ("year", "年度"), ("department", "主管部门"),
    ("implementing_unit", "实施单位"), ("unit", "填报单位"), ("project_name", "项目名称"),
    ("status", "流转状态"), ("profile", "规则配置"),
    ("execution_rate", "预算执行率（计算，%）"), ("total", "总分（计算）"),
    ("printed_total", "总分（表上）"), ("grade", "评分等级（计算）"),
    ("printed_grade", "评分等级（表上）"), ("reviewed_total", "复核总分"),
    ("row", "指标序号"), ("level1", "一级指标"), ("level2", "二级指标"), ("name", "三级指标"),
    ("target", "年度指标值"), ("target_kind", "指标值类型"), ("target_operator", "指标值符号"),
    ("target_number", "指标值数值"), ("target_unit", "指标值单位"),
    ("actual", "实际完成值"), ("actual_kind", "完成值类型"), ("actual_operator", "完成值符号"),
    ("actual_number", "完成值数值"), ("actual_unit", "完成值单位"),
    ("actual_tier", "完成档次"),
    ("weight", "分值"), ("printed_score", "得分（表上）"), ("computed_score", "得分（计算）"),
    ("counted_score", "计入总分的得分"), ("row_status", "核对结果"),
    ("reviewed_score", "复核得分"), ("review_reason", "复核理由"),
    ("note", "偏差原因分析及改进措施"), ("findings", "问题代码"),
)

_KIND_LABELS = {ValueKind.QUANTITY: "数值", ValueKind.TIER: "定性档次",
                ValueKind.NOT_APPLICABLE: "不适用", ValueKind.UNIT_ONLY: "仅单位",
                ValueKind.TEXT: "文字", ValueKind.EMPTY: "空"}
_TIER_LABELS = {Tier.ACHIEVED: "达成", Tier.PARTIAL: "部分达成", Tier.MISSED: "未达成"}
_ROW_PATH = re.compile(r"^indicators\[(\d+)\]")
#: First characters that make a spreadsheet read a text cell as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[+-]?\d+(?:\.\d+)?%?$")


@dataclass(frozen=True)
class DatasetForm:
    """One stored form for the dataset: its record's keys, its profile and its evaluation;
    for a form finance re-checked (复核), the re-scored rows (index → score, reason) and the
    reviewed total."""

    form_id: int
    unit: str
    status: str
    profile: Profile
    evaluation: Evaluation
    rescores: Mapping[int, tuple[Decimal, str]] = field(default_factory=dict)
    reviewed_total: Decimal | None = None


def dataset_rows(forms: Iterable[DatasetForm]) -> Iterator[dict[str, Cell]]:
    """One dict per indicator row (keys as `COLUMNS`), forms in the order given."""
    for item in forms:
        head = _form_columns(item)
        by_row = _findings_by_row(item.evaluation.findings)
        card = item.evaluation.scorecard
        for row in card.rows:
            yield {**head, **_row_columns(item, row, by_row.get(row.index, []))}


def _form_columns(item: DatasetForm) -> dict[str, Cell]:
    form, card = item.evaluation.form, item.evaluation.scorecard
    return {
        "form_id": item.form_id, "year": form.year, "department": form.department,
        "implementing_unit": form.implementing_unit, "unit": item.unit,
        "project_name": form.project_name, "status": item.status, "profile": card.profile,
        "execution_rate": _money(card.execution_rate.value), "total": _money(card.total.value),
        "printed_total": form.total.score, "grade": card.grade, "printed_grade": form.grade,
        "reviewed_total": _money(item.reviewed_total),
    }


def _row_columns(item: DatasetForm, row: RowScore, codes: list[str]) -> dict[str, Cell]:
    ind = item.evaluation.form.indicators[row.index]
    vocabulary = item.profile.vocabulary
    target = parse_value(ind.target, vocabulary)
    actual = parse_value(ind.actual, vocabulary)
    return {
        "row": row.index + 1, "level1": ind.level1, "level2": ind.level2, "name": ind.name,
        "target": ind.target, **_value_columns("target", target),
        "actual": ind.actual, **_value_columns("actual", actual),
        "actual_tier": _TIER_LABELS.get(actual.tier) if actual.tier else None,
        "weight": _money(ind.weight_value), "printed_score": _money(row.printed_score),
        "computed_score": _money(row.computed.value), "counted_score": _money(row.counted_score),
        "row_status": row.status.label, "note": ind.note, "findings": " ".join(codes) or None,
        **_review_columns(item.rescores.get(row.index)),
    }


def _review_columns(rescore: tuple[Decimal, str] | None) -> dict[str, Cell]:
    if rescore is None:
        return {"reviewed_score": None, "review_reason": None}
    return {"reviewed_score": _money(rescore[0]), "review_reason": rescore[1]}


def _value_columns(prefix: str, value: Value) -> dict[str, Cell]:
    return {f"{prefix}_kind": _KIND_LABELS[value.kind],
            f"{prefix}_operator": value.operator.value if value.operator else None,
            f"{prefix}_number": value.number, f"{prefix}_unit": value.unit}


def _findings_by_row(findings: Sequence[Finding]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for f in findings:
        m = _ROW_PATH.match(f.path or "")
        if m:
            out.setdefault(int(m.group(1)), []).append(f.code)
    return out


def _money(value: Decimal | None) -> Decimal | None:
    """A score, rate or weight with two decimals, as the forms print them."""
    text = fmt2(value)
    return Decimal(text) if text is not None else None


# ---------------------------------------------------------------- files


def neutralised(value: str) -> str:
    """Text that a spreadsheet would take for a formula (`=…`, `+…`, `@…`) with a leading
    apostrophe, so that it stays text; plain numbers as printed (`-5`, `+3.5%`) are kept."""
    if value.startswith(_FORMULA_START) and not _PLAIN_NUMBER.match(value):
        return "'" + value
    return value


def _csv_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralised(value)
    return str(value)


def render_csv(rows: Iterable[dict[str, Cell]]) -> bytes:
    """The dataset as CSV: UTF-8 with BOM, CRLF lines, a header row of Chinese names."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([label for _, label in COLUMNS])
    for row in rows:
        writer.writerow([_csv_cell(row.get(key)) for key, _ in COLUMNS])
    return out.getvalue().encode("utf-8-sig")


def render_xlsx(rows: Iterable[dict[str, Cell]]) -> bytes:
    """The dataset as one XLSX sheet: a frozen, filterable header row, numbers as numbers
    and every text as text (never a formula)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = "指标数据"
    sheet.append([label for _, label in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    count = 0
    for count, row in enumerate(rows, start=1):
        for col, (key, _) in enumerate(COLUMNS, start=1):
            _set_cell(sheet.cell(row=count + 1, column=col), row.get(key))
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{count + 1}"
    for col, (_, label) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = max(10, len(label) * 2 + 2)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _set_cell(cell: Any, value: Cell) -> None:
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # "=…" stays text: openpyxl would write it as a formula
    elif isinstance(value, Decimal) and value.as_tuple().exponent == -2:
        cell.number_format = "0.00"


def render_dataset(forms: Iterable[DatasetForm], fmt: str) -> bytes:
    """The dataset of `forms` as `xlsx` or `csv`."""
    rows = dataset_rows(forms)
    if fmt == "csv":
        return render_csv(rows)
    if fmt == "xlsx":
        return render_xlsx(rows)
    raise ValueError(f"unknown dataset format {fmt!r}")
