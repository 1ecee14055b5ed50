"""The public pages (信息公开): only what finance published, open without login, each form
viewable in the official layout and downloadable; any other form's id is not found."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from jixiao.services.records import parse_form
from jixiao.web.models import FormRecord
from jixiao.web.store import create_form, transition
from tests.web.tables import table_rows

PUBLISHED = "科技工作者系列服务"  # a seed form without error findings


def body(response: Any) -> bytes:
    """The whole body, streamed (the list as data) or not."""
    return b"".join(response.streaming_content) if response.streaming else response.content


def public_data(**query: str) -> Any:
    """`/public/forms.json` decoded."""
    return json.loads(body(Client().get("/public/forms.json", query)))


def _publish(demo: dict[str, Any], name: str = PUBLISHED) -> FormRecord:
    """The unit submits, the department approves, finance publishes."""
    users = demo["users"]
    record = next(r for r in demo["forms"]["unit1"] if r.project_name == name)
    record = transition(users["unit1"], record, "submit")
    record = transition(users["dept1"], record, "approve")
    return transition(users["finance1"], record, "publish")


@pytest.fixture
def published(demo: dict[str, Any]) -> FormRecord:
    return _publish(demo)


def test_the_list_shows_only_published_forms(published: FormRecord) -> None:
    response = Client().get("/public/")
    assert response.status_code == 200
    rows = table_rows(response.content.decode(), "public-forms")
    assert [row[:5] for row in rows] == [
        ["2024", PUBLISHED, "上海市科学技术协会", "上海市科学技术协会学会服务中心", "93.00"]]
    for draft in ("抚恤金", "科技社团党建工作", "春节走访慰问经费"):
        assert draft not in response.content.decode()


def test_nothing_is_public_before_finance_publishes(demo: dict[str, Any]) -> None:
    record = next(r for r in demo["forms"]["unit1"] if r.project_name == PUBLISHED)
    transition(demo["users"]["unit1"], record, "submit")
    transition(demo["users"]["dept1"], record, "approve")  # approved, not yet published
    assert table_rows(Client().get("/public/").content.decode(), "public-forms") == [
        ["没有符合条件的已公开自评表。"]]
    assert public_data() == []
    for url in (f"/public/forms/{record.pk}/", f"/public/forms/{record.pk}/document.html",
                f"/public/forms/{record.pk}/download.pdf"):
        assert Client().get(url).status_code == 404, url


def test_a_drafts_id_is_not_found(published: FormRecord, demo: dict[str, Any]) -> None:
    draft = next(r for r in demo["forms"]["unit1"] if r.project_name == "抚恤金")
    for suffix in ("", "document.html", "download.pdf", "download.xlsx", "download.json"):
        response = Client().get(f"/public/forms/{draft.pk}/{suffix}")
        assert response.status_code == 404, suffix
        assert "抚恤金" not in response.content.decode()
    assert Client().get("/public/forms/999999/").status_code == 404


def test_filters_by_year_and_department(published: FormRecord) -> None:
    def names(**params: str) -> list[str]:
        html = Client().get("/public/", params).content.decode()
        return [row[1] for row in table_rows(html, "public-forms") if len(row) > 1]

    department = str(published.unit.department_id)
    assert names(year="2024", department=department) == [PUBLISHED]
    assert names(year="2022") == []
    assert names(department=str(published.unit.department_id + 1)) == []
    assert names(q="系列服务") == [PUBLISHED]


def test_the_list_as_data(published: FormRecord) -> None:
    response = Client().get("/public/forms.json")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    [row] = json.loads(body(response))
    assert (row["id"], row["project_name"], row["year"], row["department"],
            row["implementing_unit"], row["printed_total"], row["grade"]) == (
        published.pk, PUBLISHED, 2024, "上海市科学技术协会", "上海市科学技术协会学会服务中心",
        "93.00", "优")
    assert row["downloads"]["pdf"] == f"/public/forms/{published.pk}/download.pdf"
    assert public_data(year="2023") == []


def test_no_user_names_are_shown(published: FormRecord) -> None:
    pages = [body(Client().get(url)).decode() for url in (
        "/public/", "/public/forms.json", f"/public/forms/{published.pk}/",
        f"/public/forms/{published.pk}/document.html")]
    for page in pages:
        for username in ("unit1", "dept1", "finance1"):
            assert username not in page


def test_a_form_page_and_its_official_layout(published: FormRecord) -> None:
    page = Client().get(f"/public/forms/{published.pk}/").content.decode()
    assert PUBLISHED in page and "93.00" in page
    assert f"/public/forms/{published.pk}/document.html" in page
    response = Client().get(f"/public/forms/{published.pk}/document.html")
    assert response["Content-Type"] == "text/html; charset=utf-8"
    document = response.content.decode()
    assert "项目支出绩效自评表" in document and PUBLISHED in document
    assert '<a href="/public/" style="color:#fff">← 返回信息公开</a>' in document
    assert "<script" not in document


def test_downloads_have_the_right_content(published: FormRecord) -> None:
    base = f"/public/forms/{published.pk}/download"
    pdf = Client().get(f"{base}.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert "attachment" in pdf["Content-Disposition"]
    xlsx = Client().get(f"{base}.xlsx")
    assert xlsx["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert xlsx.content.startswith(b"PK")
    data = json.loads(Client().get(f"{base}.json").content)
    forms = data if isinstance(data, list) else data.get("forms", [data])
    assert forms[0]["project_name"] == PUBLISHED
    assert Client().get(f"{base}.docx").status_code == 404


def test_free_text_is_escaped_on_every_public_page(demo: dict[str, Any]) -> None:
    """A project name with markup is shown as text, never run as script."""
    users = demo["users"]
    seed = next(r for r in demo["forms"]["unit1"] if r.project_name == PUBLISHED)
    hostile = '<script>alert("x")</script>科技服务'
    record = create_form(users["unit1"], seed.unit,
                         parse_form(dict(seed.data, project_name=hostile)),
                         origin=FormRecord.Origin.ENTERED)
    record = transition(users["unit1"], record, "submit")
    record = transition(users["dept1"], record, "approve")
    record = transition(users["finance1"], record, "publish")
    for url in ("/public/", f"/public/forms/{record.pk}/",
                f"/public/forms/{record.pk}/document.html"):
        page = Client().get(url).content.decode()
        assert hostile not in page, url
        assert "&lt;script&gt;" in page, url
    [row] = public_data()
    assert row["project_name"] == hostile  # data stays data; JSON is not HTML
