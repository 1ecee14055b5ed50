"""The review workflow through the pages people use: fill, submit, return, fix, approve,
re-score, publish — each step in the history, each refusal explained."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from jixiao.services.records import parse_form
from jixiao.web.models import AuditEvent, FormRecord
from jixiao.web.store import create_form, evaluation_of
from tests.web.forms import clean_form


def new_clean_draft(demo: dict[str, Any]) -> FormRecord:
    unit = demo["users"]["unit1"].membership.unit
    return create_form(demo["users"]["unit1"], unit, parse_form(clean_form()),
                       origin=FormRecord.Origin.ENTERED)


def save(client: Client, record: FormRecord, form: dict[str, Any], version: int,
         **extra: Any) -> Any:
    body = {"version": version, "form": form, **extra}
    return client.post(f"/forms/{record.pk}/save", json.dumps(body),
                       content_type="application/json")


def step(client: Client, record: FormRecord, action: str, **fields: str) -> FormRecord:
    client.post(f"/forms/{record.pk}/transition",
                {"action": action, "next": f"/forms/{record.pk}/", **fields})
    record.refresh_from_db()
    return record


def messages_of(client: Client, record: FormRecord) -> str:
    return client.get(f"/forms/{record.pk}/").content.decode()


def test_the_whole_review_from_draft_to_published(clients: dict[str, Client],
                                                   demo: dict[str, Any]) -> None:
    record = new_clean_draft(demo)
    unit, dept, finance = clients["unit1"], clients["dept1"], clients["finance1"]
    assert step(unit, record, "submit").status == "submitted"

    assert step(dept, record, "return").status == "submitted"
    assert "必须填写意见" in messages_of(dept, record)
    assert step(dept, record, "return", comment="满意度调查请附问卷").status == "returned"
    assert "满意度调查请附问卷" in messages_of(unit, record)

    form = clean_form()
    form["indicators"][3]["note"] = "满意度问卷 120 份，已附。"
    assert save(unit, record, form, record.version).status_code == 200
    record.refresh_from_db()
    assert step(unit, record, "submit").status == "submitted"
    assert step(dept, record, "approve").status == "approved"

    record = step(finance, record, "review", **{"rescore-0": "27.00",
                                                "reason-0": "场次证明材料只有 9 场"})
    assert record.status == "reviewed"
    assert record.rescores == [{"index": 0, "score": "27.00", "reason": "场次证明材料只有 9 场"}]
    assert str(record.reviewed_total) == "97.00"
    assert step(finance, record, "publish").status == "published"
    assert record.published_at is not None

    actions = [(e.actor.get_username(), e.action, e.to_status)
               for e in AuditEvent.objects.filter(form=record).order_by("at", "id")]
    assert actions == [
        ("unit1", "create", "draft"), ("unit1", "submit", "submitted"),
        ("dept1", "return", "returned"), ("unit1", "edit", "returned"),
        ("unit1", "submit", "submitted"), ("dept1", "approve", "approved"),
        ("finance1", "review", "reviewed"), ("finance1", "publish", "published")]
    edit = AuditEvent.objects.get(form=record, action="edit")
    assert {"field": "indicators[3].note", "before": None,
            "after": "满意度问卷 120 份，已附。"} in edit.changes


def test_errors_block_submission_and_the_message_names_the_rows(
        clients: dict[str, Client], demo: dict[str, Any]) -> None:
    seed = next(f for f in demo["forms"]["unit1"] if f.project_name == "抚恤金")
    # 抚恤金 has targets 「人」 without a number (JX309).
    assert seed.error_count > 0
    response = clients["unit1"].post(f"/forms/{seed.pk}/transition",
                                     {"action": "submit", "next": f"/forms/{seed.pk}/"},
                                     follow=True)
    seed.refresh_from_db()
    assert seed.status == "draft"
    page = response.content.decode()
    assert "改正后才能提交" in page and "JX309" in page


@pytest.mark.parametrize(("who", "action"), [("unit1", "approve"), ("dept1", "publish"),
                                             ("dept1", "submit"), ("unit1", "publish")])
def test_a_role_may_not_take_another_roles_step(clients: dict[str, Client], demo: dict[str, Any],
                                                who: str, action: str) -> None:
    record = new_clean_draft(demo)
    response = clients[who].post(f"/forms/{record.pk}/transition", {"action": action})
    assert response.status_code == 403
    record.refresh_from_db()
    assert record.status == "draft"


def test_withdraw_only_before_review(clients: dict[str, Client], demo: dict[str, Any]) -> None:
    record = new_clean_draft(demo)
    unit = clients["unit1"]
    assert step(unit, record, "submit").status == "submitted"
    assert step(unit, record, "withdraw").status == "draft"
    assert step(unit, record, "submit").status == "submitted"
    assert step(clients["dept1"], record, "approve").status == "approved"
    response = unit.post(f"/forms/{record.pk}/transition", {"action": "withdraw"})
    assert response.status_code == 409
    assert "不能“撤回”" in response.content.decode()


def test_review_needs_a_reason_and_a_score_within_the_weight(
        clients: dict[str, Client], demo: dict[str, Any]) -> None:
    record = new_clean_draft(demo)
    step(clients["unit1"], record, "submit")
    step(clients["dept1"], record, "approve")
    finance = clients["finance1"]
    no_reason = finance.post(f"/forms/{record.pk}/transition",
                             {"action": "review", "rescore-1": "10.00"})
    assert no_reason.status_code == 400 and "必须写明理由" in no_reason.content.decode()
    too_high = finance.post(f"/forms/{record.pk}/transition",
                            {"action": "review", "rescore-1": "25", "reason-1": "x"})
    assert too_high.status_code == 400 and "应在 0 与分值 20.00 之间" in too_high.content.decode()
    record.refresh_from_db()
    assert record.status == "approved" and record.rescores == []


def test_only_the_owning_unit_edits_and_only_drafts(clients: dict[str, Client],
                                                    demo: dict[str, Any]) -> None:
    record = new_clean_draft(demo)
    assert save(clients["dept1"], record, clean_form(), record.version).status_code == 403
    step(clients["unit1"], record, "submit")
    response = save(clients["unit1"], record, clean_form(), record.version)
    assert response.status_code == 403
    assert "已提交" in response.json()["error"]["message"]


def test_saving_fills_every_computed_number(clients: dict[str, Client],
                                            demo: dict[str, Any]) -> None:
    record = new_clean_draft(demo)
    form = clean_form()
    form["funds"]["rows"][0]["executed"] = "60.33"
    form["funds"]["rows"][1]["executed"] = "60.33"
    response = save(clients["unit1"], record, form, record.version)
    body = response.json()
    stored = body["form"]
    assert stored["funds"]["rows"][0]["rate"] == "80.44"
    assert stored["funds"]["rate"] == "80.44" and stored["funds"]["score"] == "8.04"
    assert stored["total"] == {"weight": "100.00", "score": "98.04"}  # 8.04 + 90
    assert stored["grade"] == "优"
    assert body["score"]["execution_score_explanation"]["formula"].startswith("10.00 × 80.44%")
    assert body["version"] == record.version + 1


def test_a_finding_appears_and_disappears_as_the_unit_types(
        clients: dict[str, Client], demo: dict[str, Any]) -> None:
    record = new_clean_draft(demo)
    form = clean_form()
    form["indicators"][3]["score"] = "8.00"  # docked without a reason
    first = save(clients["unit1"], record, form, record.version).json()
    docked = [f for f in first["findings"] if f["path"] and f["path"].startswith("indicators[3]")]
    assert [f["code"] for f in docked] == ["JX401"], first["findings"]
    assert first["form"]["total"]["score"] == "98.00"  # the unit's own scores, summed
    form["indicators"][3]["note"] = "满意度问卷中有 3 份不满意，已整改。"
    second = save(clients["unit1"], record, form, first["version"]).json()
    assert not [f for f in second["findings"] if f["code"] == "JX401"]


def test_two_people_saving_the_same_version_do_not_overwrite_each_other(
        demo: dict[str, Any]) -> None:
    record = new_clean_draft(demo)
    first, second = Client(), Client()
    first.force_login(demo["users"]["unit1"])
    second.force_login(demo["users"]["unit1"])
    version = record.version
    mine = clean_form(project_name="改名一")
    theirs = clean_form(project_name="改名二")
    assert save(first, record, mine, version).status_code == 200
    refused = save(second, record, theirs, version)
    assert refused.status_code == 409
    error = refused.json()["error"]
    assert error["code"] == "version_conflict" and error["version"] == version + 1
    assert "unit1" in error["message"]
    change = {"field": "project_name", "label": "项目名称",
              "before": "科技社团能力提升及港澳台科技交流", "after": "改名一"}
    assert change in error["changed"][0]["changes"]
    record.refresh_from_db()
    assert record.data["project_name"] == "改名一"


def test_a_malformed_save_is_refused_naming_the_field(clients: dict[str, Client],
                                                      demo: dict[str, Any]) -> None:
    record = new_clean_draft(demo)
    form = clean_form()
    form["indicators"][1]["weight"] = 20
    response = save(clients["unit1"], record, form, record.version)
    assert response.status_code == 400
    assert "indicators[1].weight" in response.json()["error"]["message"]
    broken = clients["unit1"].post(f"/forms/{record.pk}/save", "{not json",
                                   content_type="application/json")
    assert broken.status_code == 400
    assert "不是合法的 JSON：第 1 行第 2 列" in broken.json()["error"]["message"]
    record.refresh_from_db()
    assert record.version == 1


def test_the_audit_log_is_append_only(demo: dict[str, Any]) -> None:
    record = new_clean_draft(demo)
    event = AuditEvent.objects.get(form=record)
    event.comment = "改写历史"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()


def test_history_page_and_csv_show_who_did_what(clients: dict[str, Client],
                                                demo: dict[str, Any]) -> None:
    record = new_clean_draft(demo)
    step(clients["unit1"], record, "submit")
    step(clients["dept1"], record, "return", comment="=HYPERLINK(\"x\")")
    page = clients["unit1"].get(f"/forms/{record.pk}/history").content.decode()
    assert "dept1" in page and "退回" in page
    csv_text = clients["unit1"].get(f"/forms/{record.pk}/history?format=csv").content.decode()
    assert csv_text.startswith("\ufeff时间")
    assert "'=HYPERLINK" in csv_text  # formula-like comments cannot run in Excel


@pytest.mark.parametrize("path", ["/forms/{pk}/", "/forms/{pk}/history",
                                  "/forms/{pk}/history?format=csv"])
def test_another_units_form_is_not_found(clients: dict[str, Client], demo: dict[str, Any],
                                         path: str) -> None:
    record = demo["forms"]["unit1"][0]
    assert clients["unit2"].get(path.format(pk=record.pk)).status_code == 404


def test_another_units_form_cannot_be_saved_or_moved(clients: dict[str, Client],
                                                     demo: dict[str, Any]) -> None:
    record = demo["forms"]["unit1"][0]
    other = clients["unit2"]
    assert save(other, record, clean_form(), record.version).status_code == 404
    assert other.post(f"/forms/{record.pk}/transition",
                      {"action": "submit"}).status_code == 404
    name = record.project_name
    record.refresh_from_db()
    assert (record.status, record.version) == ("draft", 1)
    assert evaluation_of(record).form.project_name == name


def test_the_list_shows_what_waits_for_each_role(clients: dict[str, Client],
                                                 demo: dict[str, Any]) -> None:
    record = new_clean_draft(demo)
    step(clients["unit1"], record, "submit")

    def waiting(who: str) -> str:
        return clients[who].get("/forms/?status=todo").content.decode()

    assert "待办 1" in waiting("dept1") and record.project_name in waiting("dept1")
    assert "待办" not in clients["finance1"].get("/forms/").content.decode()
    assert "待办 4" in waiting("unit1")  # the four seed drafts; the submitted one waits elsewhere
    step(clients["dept1"], record, "approve")
    assert "待办 1" in waiting("finance1")
