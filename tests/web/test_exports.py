"""Export: a form through the writers, a selection as a ZIP, the dataset of the list's forms;
all scoped — another unit's form is not found."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from typing import Any
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from jixiao.services.dataset import COLUMNS
from jixiao.services.intake import read_document
from jixiao.services.records import canonical
from jixiao.web.exports import content_disposition, safe_stem

TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html; charset=utf-8",
    "json": "application/json; charset=utf-8",
}


def indicator_count(records: list[Any]) -> int:
    return sum(len(r.data["indicators"]) for r in records)


@pytest.mark.parametrize("fmt", list(TYPES))
def test_each_format_downloads_with_its_type_and_name(
        clients: dict[str, Client], demo: dict[str, Any], fmt: str) -> None:
    record = demo["forms"]["unit1"][0]
    response = clients["unit1"].get(reverse("form_export", args=[record.pk, fmt]))
    assert response.status_code == 200
    assert response["Content-Type"] == TYPES[fmt]
    assert len(response.content) > 1000
    expected = f"{record.project_name}-{record.pk}.{fmt}"
    assert f"filename*=UTF-8''{quote(expected)}" in response["Content-Disposition"]
    assert response["Content-Disposition"].startswith("attachment; ")


def test_json_export_is_the_stored_form(clients: dict[str, Client], demo: dict[str, Any]) -> None:
    record = demo["forms"]["unit1"][2]
    response = clients["unit1"].get(reverse("form_export", args=[record.pk, "json"]))
    exported = json.loads(response.content)
    assert (exported[0] if isinstance(exported, list) else exported) == record.data


def test_pdf_export_reads_back_as_the_same_form(
        clients: dict[str, Client], demo: dict[str, Any]) -> None:
    record = demo["forms"]["unit1"][3]  # 抚恤金: the form with the changed target
    response = clients["unit1"].get(reverse("form_export", args=[record.pk, "pdf"]))
    [result] = read_document(response.content, "export.pdf")
    assert canonical(result.form) == record.data


def test_unknown_format_is_not_found(clients: dict[str, Client], demo: dict[str, Any]) -> None:
    record = demo["forms"]["unit1"][0]
    assert clients["unit1"].get(reverse("form_export", args=[record.pk, "exe"])
                                ).status_code == 404


def test_another_units_form_is_not_found_in_every_export(
        clients: dict[str, Client], demo: dict[str, Any]) -> None:
    theirs = demo["forms"]["unit1"][0]
    unit2 = clients["unit2"]
    for fmt in TYPES:
        assert unit2.get(reverse("form_export", args=[theirs.pk, fmt])).status_code == 404
    mine = demo["forms"]["unit2"][0]
    response = unit2.post(reverse("export_selection"),
                          {"ids": [mine.pk, theirs.pk], "format": "json"})
    assert response.status_code == 404
    dataset = unit2.get(reverse("export_dataset"), {"format": "csv"})
    rows = list(csv.reader(io.StringIO(dataset.content.decode("utf-8-sig"))))[1:]
    assert {row[0] for row in rows} == {str(mine.pk)}


def test_department_and_finance_export_their_units_forms(
        clients: dict[str, Client], demo: dict[str, Any]) -> None:
    record = demo["forms"]["unit2"][0]
    for role in ("dept1", "finance1"):
        response = clients[role].get(reverse("form_export", args=[record.pk, "html"]))
        assert response.status_code == 200


def test_selection_zip_has_one_file_per_form(
        clients: dict[str, Client], demo: dict[str, Any]) -> None:
    records = demo["forms"]["unit1"]
    response = clients["unit1"].post(reverse("export_selection"),
                                     {"ids": [r.pk for r in records], "format": "xlsx"})
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        names = archive.namelist()
        assert names == [f"{safe_stem(r.project_name)}-{r.pk}.xlsx" for r in records]
        assert all(archive.read(n).startswith(b"PK") for n in names)
    assert "4%E5%BC%A0" in response["Content-Disposition"]  # 自评表-4张-日期.zip


def test_selection_without_forms_goes_back_with_a_message(clients: dict[str, Client]) -> None:
    response = clients["unit1"].post(reverse("export_selection"), {"format": "pdf"}, follow=True)
    assert "请先勾选要导出的自评表" in response.content.decode()


def test_dataset_csv_has_a_bom_and_one_row_per_indicator(
        clients: dict[str, Client], demo: dict[str, Any]) -> None:
    response = clients["unit1"].get(reverse("export_dataset"), {"format": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == indicator_count(demo["forms"]["unit1"])
    first = demo["forms"]["unit1"][0]
    mine = [r for r in rows if r["表ID"] == str(first.pk)]
    assert {r["总分（计算）"] for r in mine} == {"93.00"}
    assert [r["三级指标"] for r in mine] == [i["name"] for i in first.data["indicators"]]


def test_dataset_follows_the_list_filters(clients: dict[str, Client],
                                          demo: dict[str, Any]) -> None:
    response = clients["dept1"].get(reverse("export_dataset"),
                                    {"format": "csv", "q": "抚恤金"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    pension = demo["forms"]["unit1"][3]
    assert len(rows) == len(pension.data["indicators"])
    assert {r["项目名称"] for r in rows} == {"抚恤金"}


def test_dataset_xlsx(clients: dict[str, Client], demo: dict[str, Any]) -> None:
    response = clients["finance1"].get(reverse("export_dataset"), {"format": "xlsx"})
    assert response["Content-Type"] == TYPES["xlsx"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == tuple(label for _, label in COLUMNS)
    everyone = demo["forms"]["unit1"] + demo["forms"]["unit2"]
    assert len(rows) - 1 == indicator_count(everyone)


def test_content_disposition_keeps_the_chinese_name() -> None:
    header = content_disposition("科技社团党建工作-1.pdf")
    assert header == ('attachment; filename="1.pdf"; filename*=UTF-8\'\''
                      + quote("科技社团党建工作-1.pdf"))
    assert safe_stem('a/b\\c:d*e?"f<g>h|i 项目') == "a_b_c_d_e_f_g_h_i_项目"
    assert safe_stem("../..") == "自评表"


def test_dataset_carries_finance_re_scores(clients: dict[str, Client],
                                           demo: dict[str, Any]) -> None:
    record = demo["forms"]["unit1"][0]
    type(record).objects.filter(pk=record.pk).update(
        rescores=[{"index": 1, "score": "6.00", "reason": "培训记录缺 1 次"}],
        reviewed_total="91.00")
    response = clients["finance1"].get(reverse("export_dataset"), {"format": "csv",
                                                                    "q": record.project_name})
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(r["复核得分"], r["复核理由"]) for r in rows[:3]] == [
        ("", ""), ("6.00", "培训记录缺 1 次"), ("", "")]
    assert {r["复核总分"] for r in rows} == {"91.00"}
