"""Targets first: a self-evaluation made from approved targets keeps them; changing one needs
a written reason, is logged, and is reported (JX220)."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from jixiao.web.models import AuditEvent, FormRecord, TargetPlan
from jixiao.web.plans import self_evaluation_of


def from_targets(demo: dict[str, Any]) -> FormRecord:
    plan = TargetPlan.objects.get(status=TargetPlan.PlanStatus.APPROVED)
    record, _ = self_evaluation_of(demo["users"]["unit1"], plan)
    return record


def save(client: Client, record: FormRecord, form: dict[str, Any], **extra: Any) -> Any:
    body = json.dumps({"version": record.version, "form": form, **extra})
    return client.post(f"/forms/{record.pk}/save", body, content_type="application/json")


def test_the_form_carries_the_approved_targets_locked(clients: dict[str, Client],
                                                      demo: dict[str, Any]) -> None:
    record = from_targets(demo)
    assert record.origin == "targets"
    plan = record.target_plan.data["indicators"]
    assert [(i["name"], i["target"], i["weight"]) for i in record.data["indicators"]] == [
        (i["name"], i["target"], i["weight"]) for i in plan]
    page = clients["unit1"].get(f"/forms/{record.pk}/").content.decode()
    assert "改目标" in page and "由批复目标生成" in page


def test_changing_an_approved_target_needs_a_reason(clients: dict[str, Client],
                                                    demo: dict[str, Any]) -> None:
    record = from_targets(demo)
    form = json.loads(json.dumps(record.data))
    form["indicators"][1]["target"] = "≥3.00(次)"  # approved: ≥4.00(次)
    refused = save(clients["unit1"], record, form)
    assert refused.status_code == 400
    assert "须写明理由：第2行年度指标值" in refused.json()["error"]["message"]
    record.refresh_from_db()
    assert record.data["indicators"][1]["target"] == "≥4.00(次)"

    reason = "因疫情防控，培训改为线上合并举办"
    accepted = save(clients["unit1"], record, form, target_reasons={"1": reason})
    assert accepted.status_code == 200
    jx220 = [f for f in accepted.json()["findings"] if f["code"] == "JX220"]
    assert [f["path"] for f in jx220] == ["indicators[1].target"]
    assert "批复“≥4.00(次)”，现为“≥3.00(次)”" in jx220[0]["message"]
    assert reason in jx220[0]["message"]
    edit = AuditEvent.objects.filter(form=record, action="edit").get()
    assert edit.comment == f"修改批复目标。第2行：{reason}"


def test_an_imported_form_has_no_targets_to_keep(clients: dict[str, Client],
                                                 demo: dict[str, Any]) -> None:
    record = demo["forms"]["unit1"][0]
    assert record.origin == "imported" and record.target_plan is None
    form = json.loads(json.dumps(record.data))
    form["indicators"][0]["target"] = "≥1.00(次)"
    response = save(clients["unit1"], record, form)
    assert response.status_code == 200
    assert not [f for f in response.json()["findings"] if f["code"].startswith("JX22")]
    assert "文件导入（无批复目标）" in clients["unit1"].get("/forms/").content.decode()
