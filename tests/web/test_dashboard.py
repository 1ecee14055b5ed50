"""The dashboard (统计分析) on the demo: the seed forms counted by status, grade and execution
rate, their most frequent findings, 自评虚高 signals, and each role's scope."""

from __future__ import annotations

import copy
from collections import Counter
from typing import Any

from django.contrib.auth import get_user_model
from django.test import Client

from jixiao.services.inputs import check_catalogue
from jixiao.services.records import parse_form
from jixiao.web.models import Department, FormRecord, Membership, Unit
from jixiao.web.store import create_form, evaluation_of
from tests.web.tables import table_rows

SEED_2024 = {"抚恤金", "科技工作者系列服务", "科技社团党建工作", "科技社团能力提升及港澳台科技交流"}


def _page(client: Client, **params: str) -> str:
    response = client.get("/dashboard/", params)
    assert response.status_code == 200
    return response.content.decode()


def _counts(html: str, table: str) -> dict[str, int]:
    return {label: int(count) for label, count in table_rows(html, table)}


def _all_forms(demo: dict[str, Any]) -> list[FormRecord]:
    return [*demo["forms"]["unit1"], *demo["forms"]["unit2"]]


def test_department_sees_the_latest_year_by_default(clients: dict[str, Client]) -> None:
    html = _page(clients["dept1"])
    assert "2024 年度" in html
    names = {row[0] for row in table_rows(html, "table-scatter")}
    assert names == SEED_2024


def test_counts_by_status_grade_and_execution_rate(clients: dict[str, Client]) -> None:
    html = _page(clients["dept1"], year="2024")
    assert _counts(html, "table-statuses") == {
        "草稿": 4, "已提交": 0, "退回": 0, "已审核": 0, "已复核": 0, "已公开": 0}
    assert _counts(html, "table-grades") == {"优": 4, "良": 0, "中": 0, "差": 0}
    # Three seed projects spent their whole budget; 港澳台科技交流 spent 60.33 of 75 (80.44%).
    assert _counts(html, "table-rates") == {
        "<60%": 0, "60%–80%": 0, "80%–90%": 1, "90%–100%": 0, "≥100%": 3}


def test_all_years_include_the_second_units_2022_form(clients: dict[str, Client]) -> None:
    html = _page(clients["dept1"], year="all")
    assert sum(_counts(html, "table-statuses").values()) == 5
    assert "春节走访慰问经费" in {row[0] for row in table_rows(html, "table-scatter")}


def test_top_findings_are_the_seed_forms_findings(clients: dict[str, Client],
                                                  demo: dict[str, Any]) -> None:
    occurrences = Counter(f.code for record in _all_forms(demo)
                          for f in evaluation_of(record).findings)
    expected = sorted(occurrences.items(), key=lambda item: (-item[1], item[0]))[:10]
    titles = {spec.code: spec.title for spec in check_catalogue()}
    for user in ("dept1", "finance1"):
        rows = table_rows(_page(clients[user], year="all"), "table-findings")
        assert [(code, int(n)) for code, _, n, _ in rows] == expected, user
        assert all(title == titles[code] for code, title, _, _ in rows)
    assert ("JX310", 12) in expected  # the seed's vague targets (提升, 宣传, 顺利进行 …)


def test_units_with_plausibility_findings_are_listed(clients: dict[str, Client],
                                                     demo: dict[str, Any]) -> None:
    rows = table_rows(_page(clients["dept1"], year="2024"), "table-signals")
    plausible = sum(f.code.startswith("JX5") for record in demo["forms"]["unit1"]
                    for f in evaluation_of(record).findings)
    assert plausible > 0
    assert [row[:5] for row in rows] == [
        ["上海市科学技术协会学会服务中心", "4", str(plausible), "0", "0"]]


def test_high_score_with_low_spending_is_a_signal(clients: dict[str, Client],
                                                  demo: dict[str, Any]) -> None:
    """unit1 imports a file of a second 科技工作者系列服务 project that spent 28.50 of 38.00
    万元 (75%) yet prints 执行率 100.00 and 总分 93.00: scored ≥ 90 on three quarters of
    the budget, and printed above what the rules compute."""
    seed = next(r for r in demo["forms"]["unit1"] if r.project_name == "科技工作者系列服务")
    data = dict(copy.deepcopy(seed.data), project_name="科技工作者系列服务（二期）")
    for row in data["funds"]["rows"]:
        if row["source"] in ("total", "fiscal"):
            row["executed"] = "28.50"
    record = create_form(demo["users"]["unit1"], seed.unit, parse_form(data),
                         origin=FormRecord.Origin.IMPORTED, source_name="二期.xlsx")
    assert record.execution_rate is not None and record.execution_rate < 80
    assert record.total is not None and 90 <= record.total < 93
    assert record.printed_total == "93.00"
    html = _page(clients["dept1"], year="2024")
    unit, forms, _, low_spending, printed_above, flagged = table_rows(html, "table-signals")[0]
    assert (unit, forms, low_spending, printed_above) == (
        "上海市科学技术协会学会服务中心", "5", "1", "1")
    assert (f"科技工作者系列服务（二期） 总分 {record.total} · 执行率 {record.execution_rate}%"
            " · 表上 93.00") in flagged
    assert _counts(html, "table-rates")["60%–80%"] == 1


def test_a_unit_may_not_see_the_dashboard(clients: dict[str, Client]) -> None:
    response = clients["unit1"].get("/dashboard/")
    assert response.status_code == 403
    assert "统计分析只对主管部门和财政开放" in response.content.decode()


def test_signed_out_visitors_are_sent_to_sign_in() -> None:
    response = Client().get("/dashboard/")
    assert response.status_code == 302 and response.url.startswith("/login/")


def _second_department(demo: dict[str, Any]) -> FormRecord:
    """Another department with a unit and one form (a copy of unit2's, renamed)."""
    department = Department.objects.create(name="上海市测试局", profile="national-2020")
    unit = Unit.objects.create(name="上海市测试局信息中心", department=department)
    user = get_user_model().objects.create_user("unit3", password="Xx-unit3-Pass-2024")
    Membership.objects.create(user=user, role="unit", unit=unit)
    data = dict(demo["forms"]["unit2"][0].data, project_name="测试局信息化运维经费")
    return create_form(user, unit, parse_form(data), origin=FormRecord.Origin.ENTERED)


def test_a_department_sees_only_its_units_forms(clients: dict[str, Client],
                                                demo: dict[str, Any]) -> None:
    other = _second_department(demo)
    html = _page(clients["dept1"], year="all", department=str(other.unit.department_id))
    names = {row[0] for row in table_rows(html, "table-scatter")}
    assert "测试局信息化运维经费" not in names
    assert sum(_counts(html, "table-statuses").values()) == 5
    assert "上海市测试局信息中心" not in html


def test_finance_sees_every_department_and_filters_by_one(clients: dict[str, Client],
                                                          demo: dict[str, Any]) -> None:
    other = _second_department(demo)
    html = _page(clients["finance1"], year="all")
    assert sum(_counts(html, "table-statuses").values()) == 6
    html = _page(clients["finance1"], year="all", department=str(other.unit.department_id))
    assert {row[0] for row in table_rows(html, "table-scatter")} == {"测试局信息化运维经费"}
    assert _counts(html, "table-statuses")["草稿"] == 1


def test_charts_get_their_numbers_as_json(clients: dict[str, Client]) -> None:
    response = clients["finance1"].get("/dashboard/", {"year": "2024"})
    charts = response.context["charts"]
    assert charts["grades"] == {"labels": ["优", "良", "中", "差"], "values": [4, 0, 0, 0]}
    assert sorted(p["total"] for p in charts["scatter"]) == ["93.00", "93.00", "93.00", "93.04"]
    html = response.content.decode()
    assert 'id="dashboard-data" type="application/json"' in html
    assert "vendor/echarts-6.1.0.min.js" in html and "dashboard.js" in html
    assert "<script>" not in html  # the CSP forbids inline scripts
