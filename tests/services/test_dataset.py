"""The analysts' dataset: one row per indicator with parsed values, scores and findings; CSV
with a BOM and formula-like text kept as text; XLSX with numbers as numbers."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from jixiao.readers.base import ReadResult
from jixiao.services.dataset import (
    COLUMNS,
    DatasetForm,
    dataset_rows,
    neutralised,
    render_csv,
    render_dataset,
    render_xlsx,
)
from jixiao.services.evaluate import evaluate
from jixiao.services.intake import read_document
from jixiao.services.records import profile_named
from tests.conftest import SEED_TEXT

PROFILE = profile_named("shanghai-2024")


@pytest.fixture(scope="module")
def seed_forms() -> list[DatasetForm]:
    results = read_document(SEED_TEXT.read_bytes(), "seed.txt")
    return [DatasetForm(form_id=n, unit="学会服务中心", status="草稿", profile=PROFILE,
                        evaluation=evaluate(r, PROFILE)) for n, r in enumerate(results, 1)]


def test_one_row_per_indicator_with_the_forms_keys(seed_forms: list[DatasetForm]) -> None:
    rows = list(dataset_rows(seed_forms))
    assert len(rows) == sum(len(f.evaluation.form.indicators) for f in seed_forms)
    assert [r["form_id"] for r in rows[:2]] == [1, 1]
    assert {r["total"] for r in rows if r["form_id"] == 3} == {Decimal("93.04")}
    assert {r["project_name"] for r in rows if r["form_id"] == 4} == {"抚恤金"}
    assert all(set(r) == {key for key, _ in COLUMNS} for r in rows)


def test_targets_and_actuals_are_parsed_with_the_profile_vocabulary(
        seed_forms: list[DatasetForm]) -> None:
    rows = list(dataset_rows(seed_forms))
    first = rows[0]  # 支部书记、通讯员政治素质得到提升 ≥95.00(%) / 95.00(%)
    assert (first["target_operator"], first["target_number"], first["target_unit"]) == (
        "≥", Decimal("95.00"), "%")
    assert (first["actual_kind"], first["actual_number"]) == ("数值", Decimal("95.00"))
    pension = [r for r in rows if r["form_id"] == 4]
    assert pension[0]["actual"] == "达成指标"
    assert (pension[0]["actual_kind"], pension[0]["actual_tier"]) == ("定性档次", "达成")


def test_scores_status_and_findings_per_row(seed_forms: list[DatasetForm]) -> None:
    rows = [r for r in dataset_rows(seed_forms) if r["form_id"] == 1]
    satisfaction = rows[11]  # printed 3.00 of 10.00, the deduction explained
    assert (satisfaction["weight"], satisfaction["printed_score"],
            satisfaction["computed_score"]) == (Decimal("10.00"), Decimal("3.00"),
                                                Decimal("10.00"))
    assert satisfaction["row_status"] == "扣分有说明"
    assert satisfaction["findings"] == "JX502 JX408"
    assert rows[9]["row_status"] == "不适用" and rows[9]["computed_score"] is None
    assert rows[0]["findings"] is None


def test_csv_has_a_bom_chinese_headers_and_neutralised_formulas(
        seed_forms: list[DatasetForm]) -> None:
    form = seed_forms[0]
    ev = form.evaluation
    rows = list(ev.form.indicators)
    rows[0] = replace(rows[0], note='=HYPERLINK("http://x","点击")')
    tricked = replace(form, evaluation=evaluate(
        ReadResult(form=replace(ev.form, indicators=tuple(rows))), PROFILE))
    data = render_csv(dataset_rows([tricked]))
    assert data.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert table[0] == [label for _, label in COLUMNS]
    assert len(table) == 1 + len(rows)
    note = table[0].index("偏差原因分析及改进措施")
    assert table[1][note] == '\'=HYPERLINK("http://x","点击")'
    assert table[1][table[0].index("分值")] == "30.00"


def test_xlsx_keeps_formula_like_text_as_text_and_numbers_as_numbers(
        seed_forms: list[DatasetForm]) -> None:
    form = seed_forms[0]
    rows = list(form.evaluation.form.indicators)
    rows[1] = replace(rows[1], note="=1+1")
    tricked = replace(form, evaluation=evaluate(
        ReadResult(form=replace(form.evaluation.form, indicators=tuple(rows))), PROFILE))
    sheet = load_workbook(io.BytesIO(render_xlsx(dataset_rows([tricked])))).active
    header = [c.value for c in sheet[1]]
    note = sheet.cell(row=3, column=header.index("偏差原因分析及改进措施") + 1)
    assert (note.value, note.data_type) == ("=1+1", "s")
    weight = sheet.cell(row=2, column=header.index("分值") + 1)
    assert weight.value == 30 and weight.data_type == "n"


def test_render_dataset_knows_two_formats(seed_forms: list[DatasetForm]) -> None:
    assert render_dataset(seed_forms, "xlsx").startswith(b"PK")
    assert render_dataset(seed_forms, "csv").startswith(b"\xef\xbb\xbf")
    with pytest.raises(ValueError):
        render_dataset(seed_forms, "ods")


@pytest.mark.parametrize(("text", "kept"), [
    ("-5", True), ("+3.5%", True), ("≥95.00(%)", True), ("达成指标", True),
    ("=SUM(A1)", False), ("@cmd", False), ("-1+2", False), ("+cmd|' /C calc'!A0", False),
    ("\tx", False),
])
def test_neutralised(text: str, kept: bool) -> None:
    assert (neutralised(text) == text) is kept
    if not kept:
        assert neutralised(text) == "'" + text


def test_finance_re_scores_are_columns_of_their_rows(seed_forms: list[DatasetForm]) -> None:
    reviewed = replace(seed_forms[0], rescores={0: (Decimal("27"), "证明材料不全")},
                       reviewed_total=Decimal("90"))
    rows = list(dataset_rows([reviewed]))
    assert (rows[0]["reviewed_score"], rows[0]["review_reason"]) == (Decimal("27.00"),
                                                                     "证明材料不全")
    assert rows[1]["reviewed_score"] is None and rows[1]["review_reason"] is None
    assert {r["reviewed_total"] for r in rows} == {Decimal("90.00")}
