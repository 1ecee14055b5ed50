"""A form printed without 分值 (weights) gets a total from its printed 得分: the engine cannot
check them, and the page, the editor's JSON and the API say so beside the total."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from jixiao.core.form_json import form_from_dict
from jixiao.services.present import score_to_dict, total_note
from jixiao.services.records import evaluate_record, profile_named
from jixiao.web.models import FormRecord
from jixiao.web.security import issue_token
from tests.web.forms import clean_form

WHOLE_TABLE = ("指标表未印分值，无法按规则计算指标得分：总分中的指标得分 90.00 "
               "是表中印制的 4 项得分直接相加，未经复核")


def without_weights(*rows: int) -> dict[str, Any]:
    """CLEAN_FORM with no 分值 on the given rows (every row when none is given)."""
    form = clean_form()
    for i, indicator in enumerate(form["indicators"]):
        if not rows or i in rows:
            indicator["weight"] = None
    form["total"] = {"weight": None, "score": None}
    return form


def save(client: Client, record: FormRecord, form: dict[str, Any]) -> dict[str, Any]:
    body = json.dumps({"version": record.version, "form": form})
    response = client.post(f"/forms/{record.pk}/save", body, content_type="application/json")
    assert response.status_code == 200, response.content.decode()
    return response.json()


def test_a_table_without_weights_says_the_printed_scores_were_summed(
        clients: dict[str, Client], demo: dict[str, Any]) -> None:
    record: FormRecord = demo["forms"]["unit1"][0]
    saved = save(clients["unit1"], record, without_weights())
    score = saved["score"]
    assert score["total"] == "100.00"  # 10.00 execution + 90.00 as printed
    assert score["total_note"] == WHOLE_TABLE

    page = clients["unit1"].get(f"/forms/{record.pk}/").content.decode()
    assert page.count(WHOLE_TABLE) == 2  # under the total row and in the score box
    assert 'data-total-note hidden' not in page

    api = Client(headers={"Authorization": f"Bearer {issue_token(demo['users']['unit1'])}"})
    assert api.get(f"/api/forms/{record.pk}/score").json()["total_note"] == WHOLE_TABLE


def test_rows_without_weights_are_named(clients: dict[str, Client],
                                        demo: dict[str, Any]) -> None:
    record: FormRecord = demo["forms"]["unit1"][0]
    score = save(clients["unit1"], record, without_weights(1, 3))["score"]
    assert score["total_note"] == ("指标第2、4行未印分值，无法按规则计分：按表中印制的得分计入总分"
                                   "（合计 30.00），未经复核")


def test_a_weighted_form_has_no_note_and_the_note_is_hidden(clients: dict[str, Client],
                                                            demo: dict[str, Any]) -> None:
    record: FormRecord = demo["forms"]["unit1"][0]
    assert save(clients["unit1"], record, clean_form())["score"]["total_note"] is None
    page = clients["unit1"].get(f"/forms/{record.pk}/").content.decode()
    assert page.count('class="total-note" data-total-note hidden></') == 2  # both, empty
    assert "未印分值" not in page


def test_the_cli_object_is_unchanged_unless_the_note_is_asked_for() -> None:
    ev = evaluate_record(form_from_dict(without_weights()), profile_named("shanghai-2024"))
    assert "total_note" not in score_to_dict(ev)
    assert score_to_dict(ev, with_note=True)["total_note"] == total_note(ev) == WHOLE_TABLE
