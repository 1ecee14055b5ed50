"""The demo as a user first sees it: sign in, the four seed forms scored as printed."""

from __future__ import annotations

from typing import Any

from django.test import Client

from tests.web.conftest import PASSWORD


def test_unit_signs_in_and_sees_the_seed_forms_scored(demo: dict[str, Any]) -> None:
    client = Client()
    response = client.post("/login/", {"username": "unit1", "password": PASSWORD})
    assert response.status_code == 302
    page = client.get("/forms/").content.decode()
    for name in ("抚恤金", "科技工作者系列服务", "科技社团党建工作",
                 "科技社团能力提升及港澳台科技交流"):
        assert name in page
    totals = sorted(str(f.total) for f in demo["forms"]["unit1"])
    assert totals == ["93.00", "93.00", "93.00", "93.04"]


def test_wrong_password_is_refused_in_chinese(demo: dict[str, Any]) -> None:
    response = Client().post("/login/", {"username": "unit1", "password": "wrong"})
    assert "用户名或密码不正确" in response.content.decode()


def test_editor_page_renders_for_each_role(clients: dict[str, Client],
                                           demo: dict[str, Any]) -> None:
    form = demo["forms"]["unit1"][0]
    for name in ("unit1", "dept1", "finance1"):
        response = clients[name].get(f"/forms/{form.pk}/")
        assert response.status_code == 200, name
        assert form.project_name in response.content.decode()
    assert clients["unit2"].get(f"/forms/{form.pk}/").status_code == 404


def test_what_the_reader_noticed_stays_with_the_imported_form(clients: dict[str, Client],
                                                              demo: dict[str, Any]) -> None:
    gapped = [f for f in demo["forms"]["unit1"]
              if any(x["code"] == "JX037" for x in f.import_findings)]
    assert len(gapped) == 1  # the seed's third form skips 指标 4 under 可持续影响
    page = clients["unit1"].get(f"/forms/{gapped[0].pk}/").content.decode()
    assert "导入时的发现" in page and "JX037" in page
