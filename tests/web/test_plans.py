"""Targets first (绩效目标): a unit declares a project's goals and indicators, its department
approves them, and the self-evaluation is made from the approved plan."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from jixiao.web.models import AuditEvent, Department, FormRecord, Membership, TargetPlan, Unit
from jixiao.web.plans import form_data_of
from tests.web.conftest import signed_in

#: A 2026 plan as the 学会服务中心 would type it: two quantity targets and a qualitative one.
PLAN_POST = {
    "project_name": "学术交流活动资助",
    "year": "2026",
    "goals_expected": "资助学会举办学术交流活动，提升学术影响力。",
    "level1": ["产出指标", "产出指标", "满意度指标", ""],
    "level2": ["数量指标", "时效指标", "服务对象满意度指标", ""],
    "name": ["资助学术活动场次", "资金拨付及时率", "参会人员满意度", ""],
    "target_op": ["≥", "=", "text", "≥"],
    "target_num": ["30", "100", "", ""],
    "target_unit": ["场", "%", "", ""],
    "target_text": ["", "", "较满意", ""],
    "weight": ["40", "20", "30", ""],
}


def create_plan(client: Client, **changes: Any) -> TargetPlan:
    response = client.post("/plans/new/", {**PLAN_POST, **changes})
    assert response.status_code == 302, response.content.decode()
    return TargetPlan.objects.get(pk=int(response["Location"].strip("/").split("/")[-1]))


def step(client: Client, plan: TargetPlan, action: str, comment: str = "") -> Any:
    return client.post(f"/plans/{plan.pk}/transition", {"action": action, "comment": comment})


def test_unit_creates_a_plan_with_targets_composed_and_weights_written_in_full(
        clients: dict[str, Client]) -> None:
    plan = create_plan(clients["unit1"])
    assert plan.status == "draft" and plan.unit.name == "上海市科学技术协会学会服务中心"
    assert plan.data["indicators"] == [
        {"level1": "产出指标", "level2": "数量指标", "name": "资助学术活动场次",
         "target": "≥30场", "weight": "40.00"},
        {"level1": "产出指标", "level2": "时效指标", "name": "资金拨付及时率",
         "target": "=100%", "weight": "20.00"},
        {"level1": "满意度指标", "level2": "服务对象满意度指标", "name": "参会人员满意度",
         "target": "较满意", "weight": "30.00"},
    ]
    created = plan.events.get()
    assert created.action == "create" and created.to_status == "draft"


def test_the_full_flow_from_draft_to_self_evaluation(clients: dict[str, Client]) -> None:
    unit, dept = clients["unit1"], clients["dept1"]
    plan = create_plan(unit)
    assert step(unit, plan, "submit").status_code == 302
    plan.refresh_from_db()
    assert plan.status == "submitted"

    refused = dept.post(f"/plans/{plan.pk}/transition", {"action": "return", "comment": " "})
    assert refused.status_code == 400
    assert "必须填写意见" in refused.content.decode()
    plan.refresh_from_db()
    assert plan.status == "submitted"

    step(dept, plan, "return", "满意度指标应量化，请改为百分比")
    plan.refresh_from_db()
    assert plan.status == "returned" and plan.comment == "满意度指标应量化，请改为百分比"
    page = unit.get(f"/plans/{plan.pk}/").content.decode()
    assert "退回意见：满意度指标应量化，请改为百分比" in page

    fixed = {**PLAN_POST, "target_op": ["≥", "=", "≥", "≥"],
             "target_num": ["30", "100", "90", ""], "target_unit": ["场", "%", "%", ""],
             "then": "submit"}
    assert unit.post(f"/plans/{plan.pk}/", fixed).status_code == 302
    plan.refresh_from_db()
    assert plan.status == "submitted"
    assert plan.data["indicators"][2]["target"] == "≥90%"
    edit = plan.events.get(action="edit")
    assert {"field": "indicators[2].target", "before": "较满意", "after": "≥90%"} in edit.changes

    step(dept, plan, "approve", "同意")
    plan.refresh_from_db()
    assert plan.status == "approved" and plan.approved_by.username == "dept1"
    assert [e.action for e in plan.events.order_by("id")] == [
        "create", "submit", "return", "edit", "submit", "approve"]

    response = unit.post(f"/plans/{plan.pk}/create-form")
    record = FormRecord.objects.get(target_plan=plan)
    assert response["Location"] == f"/forms/{record.pk}/"
    assert record.origin == "targets" and record.status == "draft"
    assert [{k: i[k] for k in ("level1", "level2", "name", "target", "weight")}
            for i in record.data["indicators"]] == plan.data["indicators"]
    assert all(i["actual"] is None and i["score"] is None for i in record.data["indicators"])
    assert record.data["goals"]["expected"] == PLAN_POST["goals_expected"]
    assert record.data["project_name"] == "学术交流活动资助" and record.year == 2026

    again = unit.post(f"/plans/{plan.pk}/create-form")
    assert again["Location"] == f"/forms/{record.pk}/"
    assert FormRecord.objects.filter(target_plan=plan).count() == 1
    history = unit.get(f"/plans/{plan.pk}/").content.decode()
    assert "创建自评表" in history and "同意" in history
    assert "第3行 年度指标值：较满意 → ≥90%" in history


def test_the_self_evaluation_reports_a_changed_approved_target(demo: dict[str, Any]) -> None:
    """The demo's approved 2025 plan (the seed's first project): the form made from it has no
    target findings until a target is changed, then JX220 names the row."""
    plan = TargetPlan.objects.get(status="approved")
    unit = signed_in(demo["users"]["unit1"])
    unit.post(f"/plans/{plan.pk}/create-form")
    record = FormRecord.objects.get(target_plan=plan)
    assert not [c for c in record.finding_codes if c in ("JX220", "JX221", "JX222")]
    data = form_data_of(plan)
    data["indicators"][0]["target"] = "≥1(次)"
    body = {"version": record.version, "form": data}
    response = unit.post(f"/forms/{record.pk}/save", body, content_type="application/json")
    assert response.status_code == 400  # an approved target changes only with a reason
    body["target_reasons"] = {"0": "年中调整为按次考核"}
    response = unit.post(f"/forms/{record.pk}/save", body, content_type="application/json")
    assert response.status_code == 200
    record.refresh_from_db()
    assert "JX220" in record.finding_codes


def test_a_plan_is_read_only_once_approved(clients: dict[str, Client]) -> None:
    plan = TargetPlan.objects.get(status="approved")
    before = dict(plan.data)
    response = clients["unit1"].post(f"/plans/{plan.pk}/", {**PLAN_POST, "project_name": "改名"})
    assert response.status_code == 403
    plan.refresh_from_db()
    assert plan.data == before and plan.project_name != "改名"
    page = clients["unit1"].get(f"/plans/{plan.pk}/").content.decode()
    assert 'name="project_name"' not in page and "创建自评表" in page
    assert step(clients["dept1"], plan, "return", "重新申报").status_code == 409


def test_another_unit_does_not_find_the_plan(clients: dict[str, Client]) -> None:
    plan = create_plan(clients["unit1"])
    assert clients["unit2"].get(f"/plans/{plan.pk}/").status_code == 404
    assert clients["unit2"].post(f"/plans/{plan.pk}/", PLAN_POST).status_code == 404
    assert step(clients["unit2"], plan, "submit").status_code == 404
    assert clients["unit2"].post(f"/plans/{plan.pk}/create-form").status_code == 404
    assert "学术交流活动资助" not in clients["unit2"].get("/plans/").content.decode()
    assert "学术交流活动资助" in clients["dept1"].get("/plans/").content.decode()
    assert "学术交流活动资助" in clients["finance1"].get("/plans/").content.decode()


def test_another_department_cannot_approve(clients: dict[str, Client]) -> None:
    plan = create_plan(clients["unit1"])
    step(clients["unit1"], plan, "submit")
    other = Department.objects.create(name="上海市卫生健康委员会", profile="shanghai-2024")
    Unit.objects.create(name="上海市卫生健康委员会机关", department=other)
    reviewer = get_user_model().objects.create_user("dept2", password="Other-Pass-2024")
    Membership.objects.create(user=reviewer, role="department", department=other)
    outsider = signed_in(reviewer)
    assert step(outsider, plan, "approve", "同意").status_code == 404
    plan.refresh_from_db()
    assert plan.status == "submitted"
    assert "学术交流活动资助" not in outsider.get("/plans/").content.decode()


def test_roles_take_only_their_steps(clients: dict[str, Client]) -> None:
    plan = create_plan(clients["unit1"])
    assert step(clients["unit1"], plan, "approve").status_code == 403
    assert step(clients["dept1"], plan, "submit").status_code == 403
    assert clients["dept1"].post(f"/plans/{plan.pk}/", PLAN_POST).status_code == 403
    assert step(clients["unit1"], plan, "publish").status_code == 400
    step(clients["unit1"], plan, "submit")
    assert step(clients["unit1"], plan, "withdraw").status_code == 302
    plan.refresh_from_db()
    assert plan.status == "draft"
    assert clients["dept1"].get("/plans/new/").status_code == 403
    assert clients["unit1"].post(f"/plans/{plan.pk}/create-form").status_code == 409


def test_an_incomplete_plan_is_saved_but_not_submitted(clients: dict[str, Client]) -> None:
    unit = clients["unit1"]
    response = unit.post("/plans/new/", {**PLAN_POST, "weight": ["40", "20", "", ""],
                                         "then": "submit"}, follow=True)
    plan = TargetPlan.objects.get(project_name="学术交流活动资助")
    assert plan.status == "draft"
    assert "未能提交：第3行缺少：分值" in response.content.decode()


def test_bad_input_is_refused_with_the_place_and_kept(clients: dict[str, Client]) -> None:
    response = clients["unit1"].post("/plans/new/", {**PLAN_POST,
                                                     "weight": ["40", "二十", "30", ""]})
    assert response.status_code == 400
    page = response.content.decode()
    assert "第2行 分值：“二十”不是数字" in page
    assert "资助学术活动场次" in page and "二十" in page
    assert not TargetPlan.objects.filter(project_name="学术交流活动资助").exists()
    bad_target = clients["unit1"].post("/plans/new/", {**PLAN_POST,
                                                       "target_num": ["三十", "100", "", ""]})
    assert "第1行 年度指标值：“三十”不是数字" in bad_target.content.decode()


def test_a_second_plan_of_the_same_project_and_year_is_refused(
        clients: dict[str, Client]) -> None:
    create_plan(clients["unit1"])
    response = clients["unit1"].post("/plans/new/", PLAN_POST)
    assert response.status_code == 409
    assert "已有项目“学术交流活动资助”的绩效目标" in response.content.decode()


def test_weights_not_adding_to_100_are_shown_not_blocked(clients: dict[str, Client]) -> None:
    """Indicators 40 + 20 + 20 with the profile's 10 for execution make 90: a warning, and the
    plan still goes to the department."""
    plan = create_plan(clients["unit1"], weight=["40", "20", "20", ""])
    page = clients["unit1"].get(f"/plans/{plan.pk}/").content.decode()
    assert "指标分值合计 80.00 加预算执行率分值 10.00 为 90.00，不等于 100" in page
    assert step(clients["unit1"], plan, "submit").status_code == 302
    plan.refresh_from_db()
    assert plan.status == "submitted"
    balanced = clients["unit1"].get(f"/plans/{create_plan(clients['unit1'], year='2027').pk}/")
    assert "不等于 100" not in balanced.content.decode()


def test_free_text_is_escaped(clients: dict[str, Client]) -> None:
    plan = create_plan(clients["unit1"], goals_expected="<script>alert(1)</script>")
    page = clients["dept1"].get(f"/plans/{plan.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_plan_audit_events_are_append_only(clients: dict[str, Client]) -> None:
    plan = create_plan(clients["unit1"])
    event = AuditEvent.objects.get(plan=plan)
    with pytest.raises(PermissionError):
        event.delete()


@pytest.mark.parametrize("user", ["unit1", "dept1", "finance1"])
def test_plan_pages_open_for_every_role(clients: dict[str, Client], user: str) -> None:
    plan = TargetPlan.objects.get(status="approved")
    assert clients[user].get("/plans/").status_code == 200
    assert clients[user].get(f"/plans/{plan.pk}/").status_code == 200
