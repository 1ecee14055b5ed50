"""What a walk through the pages as each role turned up: a refused 复核 said where in the
table and in Chinese, with what finance typed kept; the comment typed beside 复核 recorded."""

from __future__ import annotations

import html
import json
import re
from typing import Any

from django.test import Client

from jixiao.web.models import AuditEvent, FormRecord
from tests.web.test_workflow import new_clean_draft, step


def approved_form(clients: dict[str, Client], demo: dict[str, Any]) -> FormRecord:
    record = new_clean_draft(demo)
    assert step(clients["unit1"], record, "submit").status == "submitted"
    assert step(clients["dept1"], record, "approve").status == "approved"
    return record


def input_value(page: str, name: str) -> str:
    match = re.search(rf'<input name="{re.escape(name)}"[^>]*value="([^"]*)"', page)
    assert match, f"no input {name}"
    return html.unescape(match.group(1))


def test_a_refused_rescore_names_the_row_in_chinese_and_keeps_what_was_typed(
        clients: dict[str, Client], demo: dict[str, Any]) -> None:
    record = approved_form(clients, demo)
    response = clients["finance1"].post(f"/forms/{record.pk}/transition", {
        "action": "review", "next": f"/forms/{record.pk}/", "comment": "第二行证明材料不全",
        "rescore-0": "27.00", "reason-0": "场次证明只有 9 场",
        "rescore-1": "十八", "reason-1": "完成率证明缺页"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "rescores[" not in page and ".score：" not in page
    assert "第 2 行指标「活动完成率」：“十八”不是数字" in page
    # Everything typed is still there to correct, not to type again.
    assert input_value(page, "rescore-0") == "27.00"
    assert input_value(page, "reason-0") == "场次证明只有 9 场"
    assert input_value(page, "rescore-1") == "十八"
    assert input_value(page, "reason-1") == "完成率证明缺页"
    assert re.search(r'id="comment">第二行证明材料不全</textarea>', page)
    record.refresh_from_db()
    assert record.status == "approved" and record.rescores == []


def test_a_rescore_without_a_reason_says_which_row(clients: dict[str, Client],
                                                    demo: dict[str, Any]) -> None:
    record = approved_form(clients, demo)
    response = clients["finance1"].post(f"/forms/{record.pk}/transition", {
        "action": "review", "next": f"/forms/{record.pk}/", "rescore-3": "8.00"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "第 4 行指标「参与人员满意度」：复核改分必须写明理由" in page
    assert "（第4行）" not in page and "rescores[" not in page
    assert input_value(page, "rescore-3") == "8.00"


def test_the_review_form_carries_the_comment(clients: dict[str, Client],
                                             demo: dict[str, Any]) -> None:
    """The 复核 button submits its own form; the comment box belongs to the other one, so the
    review form has a comment field the page fills from the box (see the browser test)."""
    record = approved_form(clients, demo)
    page = clients["finance1"].get(f"/forms/{record.pk}/").content.decode()
    review_form = re.search(r'<form[^>]*id="review-form".*?</form>', page, re.S)
    assert review_form and 'name="comment"' in review_form.group(0)
    clients["finance1"].post(f"/forms/{record.pk}/transition", {
        "action": "review", "comment": "已核对全部证明材料", "rescore-0": "27.00",
        "reason-0": "场次证明只有 9 场"})
    event = AuditEvent.objects.filter(form=record, action="review").get()
    assert event.comment == "已核对全部证明材料"


def test_goal_texts_are_read_from_the_top(clients: dict[str, Client],
                                          demo: dict[str, Any]) -> None:
    record = approved_form(clients, demo)
    page = clients["dept1"].get(f"/forms/{record.pk}/").content.decode()
    assert page.count('<td colspan="3" class="goal">') == 2


def test_a_mistyped_year_on_the_dashboard_is_not_echoed_as_a_year(
        clients: dict[str, Client], demo: dict[str, Any]) -> None:
    page = clients["finance1"].get("/dashboard/?year=abc").content.decode()
    assert "abc 年度" not in page
    assert "全部年度 · 共 5 张自评表" in page


def test_every_page_names_its_icon_so_the_browser_does_not_ask_for_a_missing_one(
        clients: dict[str, Client], demo: dict[str, Any]) -> None:
    from django.contrib.staticfiles import finders

    for client, path in ((clients["unit1"], "/forms/"), (Client(), "/public/"),
                         (Client(), "/login/")):
        page = client.get(path).content.decode()
        match = re.search(r'<link rel="icon" href="/static/(jixiao/[^"]+)"', page)
        assert match, path
        assert finders.find(match.group(1)), match.group(1)


def test_the_import_preview_splits_its_count_of_findings_as_the_badges_do(
        clients: dict[str, Client], demo: dict[str, Any]) -> None:
    """The preview said "检查发现 35 条问题" beside badges of 0 and 12: most were hints."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from jixiao.web.models import ImportJob
    from tests.conftest import SEED_TEXT

    unit1 = clients["unit1"]
    unit1.post(reverse("imports"),
               {"file": SimpleUploadedFile("seed.txt", SEED_TEXT.read_bytes())})
    job = ImportJob.objects.get()
    third = job.preview["forms"][2]["findings"]
    checks = [f for f in third if not f["code"].startswith("JX0")]
    counts = {level: sum(f["severity"] == level for f in checks)
              for level in ("error", "warning", "info")}
    assert counts["info"] and counts["warning"]
    page = unit1.get(reverse("import_job", args=[job.pk])).content.decode()
    expected = "、".join(f"{label} {counts[level]} 条" for level, label in
                        (("error", "错误"), ("warning", "警告"), ("info", "提示"))
                        if counts[level])
    assert f"检查发现 {len(checks)} 条：{expected}" in page


def test_a_refused_submit_keeps_the_comment_typed_with_it(clients: dict[str, Client],
                                                          demo: dict[str, Any]) -> None:
    record = FormRecord.objects.get(project_name="抚恤金")  # a seed form with error findings
    response = clients["unit1"].post(f"/forms/{record.pk}/transition", {
        "action": "submit", "next": f"/forms/{record.pk}/",
        "comment": "抚恤金按实际发放人数结算，请审核"})
    assert response.status_code == 302
    page = clients["unit1"].get(response["Location"]).content.decode()
    assert "改正后才能提交" in page
    assert 'id="comment">抚恤金按实际发放人数结算，请审核</textarea>' in page
    record.refresh_from_db()
    assert record.status == "draft"
    # put back once: the next visit starts with an empty box
    again = clients["unit1"].get(f"/forms/{record.pk}/").content.decode()
    assert 'id="comment"></textarea>' in again


def test_an_autosave_after_the_session_ran_out_is_told_to_sign_in_again(
        clients: dict[str, Client], demo: dict[str, Any]) -> None:
    """It used to follow the redirect to the sign-in page and show 服务器错误（200）."""
    record = FormRecord.objects.get(project_name="抚恤金")
    body = json.dumps({"version": record.version, "form": record.data})
    response = Client().post(f"/forms/{record.pk}/save", body,
                             content_type="application/json")
    assert response.status_code == 401
    assert "重新登录" in response.json()["error"]["message"]
    # signed in, but the page's CSRF token is stale (signed out and in elsewhere)
    stale = Client(enforce_csrf_checks=True)
    stale.force_login(demo["users"]["unit1"])
    response = stale.post(f"/forms/{record.pk}/save", body, content_type="application/json",
                          HTTP_X_CSRFTOKEN="stale-token")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "csrf_failed"
    assert "重新登录" in response.json()["error"]["message"]
    record.refresh_from_db()
    assert record.version == 1


def test_the_history_page_shows_one_sitting_of_autosaves_as_one_row(
        clients: dict[str, Client], demo: dict[str, Any]) -> None:
    from tests.web.forms import clean_form
    from tests.web.test_workflow import save

    record = new_clean_draft(demo)
    unit = clients["unit1"]
    form = clean_form()
    for note in ("满", "满意度问卷", "满意度问卷 120 份"):  # the editor saves as one types
        form["indicators"][3]["note"] = note
        assert save(unit, record, form, record.version).status_code == 200
        record.refresh_from_db()
    form["indicators"][0]["actual"] = "12.00(场)"
    assert save(unit, record, form, record.version).status_code == 200
    record.refresh_from_db()
    step(unit, record, "submit")

    page = unit.get(f"/forms/{record.pk}/history").content.decode()
    rows = re.findall(r"<tr>\s*<td>(.*?)</tr>", page, re.S)
    assert [re.findall(r"<td>(.*?)</td>", r, re.S)[1] for r in rows] == [
        "创建", "修改", "提交"]
    edit = rows[1]
    assert "连续自动保存 4 次" in edit and "第 2–5 版" in edit
    assert "空 → 满意度问卷 120 份" in edit and "11.00(场) → 12.00(场)" in edit
    assert "满意度问卷 →" not in edit  # the in-between values are not listed
    csv_rows = unit.get(f"/forms/{record.pk}/history?format=csv").content.decode()
    assert csv_rows.count("修改") == 4  # every save is still in the CSV


def test_a_plan_saved_after_the_session_ran_out_is_shown_again_after_signing_in(
        demo: dict[str, Any]) -> None:
    """The plan editor is a plain form: saving it signed out went through the sign-in page to
    an empty editor, and everything typed was gone."""
    from jixiao.web.models import TargetPlan
    from tests.web.conftest import PASSWORD as WEB_PASSWORD
    from tests.web.test_plans import PLAN_POST

    browser = Client()
    response = browser.post("/plans/new/", PLAN_POST)
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert TargetPlan.objects.filter(project_name="学术交流活动资助").count() == 0
    signed = browser.post("/login/", {"username": "unit1", "password": WEB_PASSWORD,
                                      "next": "/plans/new/"})
    assert signed.status_code == 302 and signed["Location"] == "/plans/new/"
    page = browser.get("/plans/new/").content.decode()
    assert "保存时登录已过期，尚未保存" in page
    assert 'value="学术交流活动资助"' in page and "资助学术活动场次" in page
    assert "资助学会举办学术交流活动" in page and "较满意" in page
    # once: the next visit is an empty editor again
    assert "学术交流活动资助" not in browser.get("/plans/new/").content.decode()


def test_an_existing_plan_saved_signed_out_is_shown_again_to_its_author_only(
        clients: dict[str, Client], demo: dict[str, Any]) -> None:
    from tests.web.conftest import PASSWORD as WEB_PASSWORD
    from tests.web.test_plans import PLAN_POST, create_plan

    plan = create_plan(clients["unit1"])
    browser = Client()
    browser.post(f"/plans/{plan.pk}/", {**PLAN_POST, "project_name": "学术交流活动资助（修订）"})
    browser.post("/login/", {"username": "unit1", "password": WEB_PASSWORD})
    page = browser.get(f"/plans/{plan.pk}/").content.decode()
    assert "保存时登录已过期" in page and 'value="学术交流活动资助（修订）"' in page
    plan.refresh_from_db()
    assert plan.project_name == "学术交流活动资助"  # shown, not saved behind the author's back
    # the department signing in on that browser is not shown another unit's typing
    other = Client()
    other.post(f"/plans/{plan.pk}/", {**PLAN_POST, "project_name": "不应出现"})
    other.post("/login/", {"username": "dept1", "password": WEB_PASSWORD})
    assert "不应出现" not in other.get(f"/plans/{plan.pk}/").content.decode()
