"""The editor's side of saving: JSON from the page in, the new version with score and findings
out; the rows the template draws. Numbers come from the services, never computed here."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

from django.http import QueryDict
from django.urls import reverse

from jixiao.services.present import finding_to_dict, score_to_dict
from jixiao.services.records import (
    ApprovedIndicator,
    level_choices,
    profile_named,
    target_parts,
    tier_labels,
)
from jixiao.services.workflow import Action, Role, Status, actions_for
from jixiao.web.errors import BadRequest
from jixiao.web.models import FormRecord
from jixiao.web.store import (
    approved_targets,
    editable_by,
    evaluation_of,
    reviewed_evaluation,
    role_of,
    save_form,
)

FUNDS_LABELS = {
    "total": "年度资金总额", "fiscal": "其中：当年财政拨款", "carryover": "上年结转资金",
    "other": "其他资金", "special_account": "财政专户管理资金", "unit_funds": "单位资金",
}


def save_from_editor(user: Any, record: FormRecord, body: dict[str, Any]) -> FormRecord:
    """Save `{"version", "form", "target_reasons"}` (the store fills the computed numbers)."""
    version = body.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise BadRequest("缺少版本号（version），请刷新页面")
    reasons = body.get("target_reasons") or {}
    if not isinstance(reasons, dict):
        raise BadRequest("target_reasons 应为对象：{行号: 修改理由}")
    return save_form(user, record, body.get("form"), version, reasons)


def saved_payload(record: FormRecord) -> dict[str, Any]:
    ev = evaluation_of(record)
    return {"version": record.version, "status": record.status,
            "saved_at": record.updated_at.isoformat(), "form": record.data,
            "score": score_to_dict(ev, with_note=True),
            "findings": [finding_to_dict(f) for f in ev.findings]}


EXPORT_FORMATS = (("pdf", "PDF"), ("xlsx", "Excel"), ("docx", "Word 报告"), ("html", "HTML"),
                  ("json", "JSON"))
OPERATORS = ("≥", ">", "=", "≤", "<", "")
FUNDS_KEYS = ("initial", "annual", "executed")


def detail_context(record: FormRecord, user: Any) -> dict[str, Any]:
    """Everything the form page draws: the form, its score and findings from the services,
    the workflow steps open to this person, the editor's choices."""
    ev = evaluation_of(record)
    role = role_of(user)
    profile = profile_named(record.profile)
    editable = editable_by(record, user)
    score = score_to_dict(ev, with_note=True)
    findings = [finding_to_dict(f) for f in ev.findings]
    reviewed = reviewed_evaluation(record)
    approved = approved_targets(record)
    actions = actions_for(record.status_enum, role) if role else []
    can_review = role is Role.FINANCE and record.status in (Status.APPROVED, Status.REVIEWED)
    show_review = can_review or bool(record.rescores)
    return {
        "record": record, "form": record.data, "score": score, "findings": findings,
        "form_title": profile.form.title,
        "rows": indicator_rows(record, score, approved),
        "funds_rows": funds_rows(record.data),
        "blank_row": _blank_row(),
        "editable": editable, "role": role, "actions": actions,
        "action_values": [a.value for a in actions],
        "from_targets": approved is not None,
        "levels": level_choices(profile), "tiers": tier_labels(profile),
        "operators": OPERATORS, "funds_labels": FUNDS_LABELS, "funds_keys": FUNDS_KEYS,
        "export_formats": EXPORT_FORMATS,
        "reviewed_total": reviewed.scorecard.total.value if reviewed else None,
        "reviewed_grade": reviewed.scorecard.grade if reviewed else None,
        "last_return": record.events.filter(action="return").select_related("actor")
                                    .order_by("-at").first(),
        "can_review": can_review, "show_review": show_review,
        "indicator_columns": 9 + show_review + editable,
        "editor_state": {
            "saveUrl": reverse("form_save", args=[record.pk]), "version": record.version,
            "editable": editable, "levels": level_choices(profile),
            "tiers": tier_labels(profile), "score": score, "findings": findings,
        },
    }


def indicator_rows(record: FormRecord, score: dict[str, Any],
                   approved: list[ApprovedIndicator] | None) -> list[dict[str, Any]]:
    """Each indicator with its computed score, status and explanation beside it, finance's
    re-score when there is one, and whether its target is an approved (locked) one."""
    scored = {r["index"]: r for r in score["indicators"]}
    rescores = {int(r["index"]): r for r in record.rescores or []}
    reasons = record.target_reasons or {}
    plan_keys = {a.key for a in approved or []}
    rows = []
    for index, ind in enumerate(record.data.get("indicators", [])):
        row = dict(ind)
        row.update(index=index, scored=scored.get(index), rescore=rescores.get(index),
                   target_parts=target_parts(ind.get("target")),
                   reason=reasons.get(str(index)))
        plan = ApprovedIndicator(ind.get("level1"), ind.get("level2"), ind.get("name"),
                                 None, None)
        row["locked"] = approved is not None and (plan.key in plan_keys
                                                   or str(index) in reasons)
        rows.append(row)
    return rows


def funds_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The funds block's rows with their captions and the three amounts a unit types."""
    rows = data.get("funds", {}).get("rows", [])
    return [{"index": i, "source": r["source"], "label": r.get("label"),
             "caption": r.get("label") or FUNDS_LABELS.get(r["source"], r["source"]),
             "cells": [(k, r.get(k)) for k in FUNDS_KEYS], "rate": r.get("rate")}
            for i, r in enumerate(rows)]


def _blank_row() -> dict[str, Any]:
    return {"index": "", "level1": None, "level2": None, "name": None, "target": None,
            "actual": None, "weight": None, "score": None, "note": None, "scored": None,
            "rescore": None, "target_parts": target_parts(None), "locked": False}


def rescores_from_post(post: QueryDict) -> list[dict[str, Any]]:
    """Finance's review form: `rescore-N` and `reason-N` for every row it changed."""
    out = []
    for key, value in post.items():
        if not key.startswith("rescore-") or not value.strip():
            continue
        index = key.removeprefix("rescore-")
        if not index.isdigit():
            continue
        out.append({"index": int(index), "score": value.strip(),
                    "reason": post.get(f"reason-{index}", "")})
    return out


_RESCORE_PLACE = re.compile(r"^rescores\[(\d+)\](?:\.\w+)?：")
_ROW_SUFFIX = re.compile(r"（第\s*\d+\s*行）$")


def review_refusal(message: str, posted: list[dict[str, Any]], record: FormRecord) -> str:
    """A refused re-score as finance reads it: `rescores[1].score：…` (the API's place) becomes
    the row number and indicator name of the table on the page."""
    match = _RESCORE_PLACE.match(message)
    if match is None or int(match.group(1)) >= len(posted):
        return message
    index = int(posted[int(match.group(1))]["index"])
    indicators = record.data.get("indicators", [])
    name = indicators[index].get("name") if 0 <= index < len(indicators) else None
    place = f"第 {index + 1} 行指标" + (f"「{name}」" if name else "")
    rest = _ROW_SUFFIX.sub("", message[match.end():])
    return f"复核未完成：{place}：{rest}。已填写的复核得分和理由保留在表中，改正后再点“复核”。"


def with_posted_review(context: dict[str, Any], post: QueryDict) -> dict[str, Any]:
    """The form page after a refused re-score, with what finance typed still in the table
    (every `rescore-N`/`reason-N`, blank ones too) and the comment still in its box."""
    for row in context["rows"]:
        score = post.get(f"rescore-{row['index']}", "")
        reason = post.get(f"reason-{row['index']}", "")
        if score.strip() or reason.strip():
            row["rescore"] = {"index": row["index"], "score": score, "reason": reason}
    context["comment"] = post.get("comment", "")
    return context


def action_label(action: str | None) -> str:
    extra = {"create": "创建", "edit": "修改", "target_change": "修改批复目标"}
    try:
        return Action(action).label
    except ValueError:
        return extra.get(action or "", action or "")


def status_label(status: str | None) -> str:
    try:
        return Status(status).label
    except ValueError:
        return ""



#: Autosaves by one person closer together than this are one sitting on the history page.
EDIT_SITTING_GAP = timedelta(minutes=30)


def edit_sittings(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The history as people read it: the editor saves after every pause in typing, so one
    sitting made dozens of 修改 rows that buried the submits and returns between them. Runs of
    edits by one person without a gap of `EDIT_SITTING_GAP` become one row with each field's
    first value before and last value after (the CSV keeps every save)."""
    out: list[dict[str, Any]] = []
    for event in events:
        if out and _same_sitting(out[-1], event):
            out[-1] = _joined(out[-1], event)
        else:
            out.append(event)
    for event in out:
        if "saves" in event:
            event["comment"] = (f"连续自动保存 {event['saves']} 次（自 {event['first_at'][11:19]} "
                                f"起，第 {event['first_version']}–{event['version']} 版；"
                                "逐次记录见 CSV）")
    return out


def _same_sitting(last: dict[str, Any], event: dict[str, Any]) -> bool:
    return (event["action"] == last["action"] == "edit" and event["actor"] == last["actor"]
            and datetime.fromisoformat(event["at"]) - datetime.fromisoformat(last["at"])
            <= EDIT_SITTING_GAP)


def _joined(last: dict[str, Any], event: dict[str, Any]) -> dict[str, Any]:
    """`event` as the last save of a sitting `last` began: each field's first value before."""
    changes = {c["label"]: c for c in last["changes"]}
    for c in event["changes"]:
        earlier = changes.get(c["label"])
        changes[c["label"]] = c if earlier is None else {**c, "before": earlier["before"]}
    return {**event,
            "changes": [c for c in changes.values() if c.get("before") != c.get("after")],
            "saves": last.get("saves", 1) + 1, "first_at": last.get("first_at", last["at"]),
            "first_version": last.get("first_version", last["version"])}
