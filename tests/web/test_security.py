"""Security at the edges: CSRF, cookies, throttled sign-in, the password policy, the Content
Security Policy, escaped free text, and nothing loaded from outside."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client

from jixiao.web.models import FormRecord
from jixiao.web.security import CSP
from tests.web.conftest import PASSWORD
from tests.web.forms import clean_form


def test_posts_without_a_csrf_token_are_refused(demo: dict[str, Any]) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(demo["users"]["unit1"])
    record = demo["forms"]["unit1"][0]
    body = json.dumps({"version": record.version, "form": clean_form()})
    response = client.post(f"/forms/{record.pk}/save", body, content_type="application/json")
    assert response.status_code == 403
    assert "CSRF" in response.content.decode()
    record.refresh_from_db()
    assert record.version == 1


def test_session_cookie_is_http_only_and_same_site(demo: dict[str, Any]) -> None:
    client = Client()
    client.post("/login/", {"username": "unit1", "password": PASSWORD})
    cookie = client.cookies["sessionid"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


def test_sign_in_is_throttled_after_repeated_failures(demo: dict[str, Any]) -> None:
    client = Client()
    for _ in range(5):
        client.post("/login/", {"username": "dept1", "password": "guess"})
    locked = client.post("/login/", {"username": "dept1", "password": PASSWORD})
    assert locked.status_code == 429
    assert "登录失败次数过多" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # Another user from elsewhere is not affected.
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert other.post("/login/", {"username": "unit1", "password": PASSWORD}).status_code == 302


def test_sign_in_does_not_redirect_to_another_site(demo: dict[str, Any]) -> None:
    response = Client().post("/login/", {"username": "unit1", "password": PASSWORD,
                                         "next": "https://evil.example/"})
    assert response["Location"] == "/forms/"


@pytest.mark.parametrize("password", ["12345678901", "password123", "qwertyuiop", "Ab1"])
def test_the_password_policy_refuses_weak_passwords(demo: dict[str, Any],
                                                    password: str) -> None:
    with pytest.raises(ValidationError):
        validate_password(password, demo["users"]["unit1"])


def test_every_page_carries_the_content_security_policy(clients: dict[str, Client],
                                                        demo: dict[str, Any]) -> None:
    record = demo["forms"]["unit1"][0]
    for path in ("/login/", "/forms/", f"/forms/{record.pk}/"):
        response = clients["unit1"].get(path)
        assert response["Content-Security-Policy"] == CSP
        assert response["X-Frame-Options"] == "DENY"
    script_src = CSP.split("script-src")[1].split(";")[0]
    assert script_src.strip() == "'self'"


def test_pages_have_no_inline_scripts_and_load_nothing_from_outside(
        clients: dict[str, Client], demo: dict[str, Any]) -> None:
    record = demo["forms"]["unit1"][0]
    page = clients["unit1"].get(f"/forms/{record.pk}/").content.decode()
    for tag in re.findall(r"<script[^>]*>", page):
        assert 'src="/static/' in tag or 'type="application/json"' in tag, tag
    assert not re.search(r'(src|href)="(https?:)?//', page)


def test_free_text_is_escaped_everywhere(clients: dict[str, Client],
                                         demo: dict[str, Any]) -> None:
    record: FormRecord = demo["forms"]["unit1"][0]
    hostile = '<script>alert("x")</script>'
    form = dict(record.data)
    form["project_name"] = hostile
    form["indicators"] = [dict(i) for i in form["indicators"]]
    form["indicators"][0]["note"] = hostile
    body = json.dumps({"version": record.version, "form": form})
    assert clients["unit1"].post(f"/forms/{record.pk}/save", body,
                                 content_type="application/json").status_code == 200
    for path in ("/forms/", f"/forms/{record.pk}/", f"/forms/{record.pk}/history"):
        page = clients["unit1"].get(path).content.decode()
        assert hostile not in page, path
        assert "&lt;script&gt;" in page or "\\u003Cscript\\u003E" in page, path


def test_an_anonymous_visitor_is_sent_to_sign_in(demo: dict[str, Any]) -> None:
    record = demo["forms"]["unit1"][0]
    for path in ("/forms/", f"/forms/{record.pk}/", f"/forms/{record.pk}/history"):
        response = Client().get(path)
        assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_errors_raised_before_the_api_views_keep_the_api_shape(settings: Any) -> None:
    settings.ALLOWED_HOSTS = ["jixiao.example"]
    response = Client(HTTP_HOST="evil.example").get("/api/health")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_request"
    page = Client(HTTP_HOST="evil.example").get("/login/")
    assert page.status_code == 400 and "请求有误" in page.content.decode()
