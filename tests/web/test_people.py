"""Finance administers people and organisations: departments with their rule profile, units,
users with role and scope; and `python -m django adduser` creates real users on a server."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from jixiao.web.models import AuditEvent, Department, Membership, Unit
from jixiao.web.people import password_problems

NEW_PASSWORD = "Kexie-Fuwu-2026"


def new_user(client: Client, **fields: str) -> Any:
    data = {"username": "zhangsan", "full_name": "张三", "role": "unit", "unit": "",
            "department": "", "password": NEW_PASSWORD, "password2": NEW_PASSWORD, **fields}
    return client.post("/people/users/new/", data)


def test_finance_creates_a_department_a_unit_and_a_user_who_signs_in(
        clients: dict[str, Client]) -> None:
    finance = clients["finance1"]
    finance.post("/people/departments/new", {"name": "上海市卫生健康委员会",
                                             "profile": "shanghai-2024"})
    department = Department.objects.get(name="上海市卫生健康委员会")
    assert department.profile == "shanghai-2024"
    finance.post("/people/units/new", {"name": "上海市卫生健康委员会信息中心",
                                       "department": department.pk})
    unit = Unit.objects.get(name="上海市卫生健康委员会信息中心", department=department)
    response = new_user(finance, unit=str(unit.pk))
    assert response.status_code == 302
    member = Membership.objects.get(user__username="zhangsan")
    assert (member.role, member.unit, member.department) == ("unit", unit, None)

    person = Client()
    signed = person.post("/login/", {"username": "zhangsan", "password": NEW_PASSWORD})
    assert signed.status_code == 302
    assert "上海市卫生健康委员会信息中心" in person.get("/forms/").content.decode()
    assert "抚恤金" not in person.get("/forms/").content.decode()

    page = finance.get("/people/").content.decode()
    for text in ("上海市卫生健康委员会", "上海市卫生健康委员会信息中心", "zhangsan",
                 "新建用户 zhangsan（填报单位：上海市卫生健康委员会信息中心）"):
        assert text in page


def test_a_department_user_needs_a_department(clients: dict[str, Client]) -> None:
    response = new_user(clients["finance1"], username="lisi", role="department")
    assert response.status_code == 400
    assert "主管部门的用户须选择所属主管部门" in response.content.decode()
    department = Department.objects.get()
    new_user(clients["finance1"], username="lisi", role="department",
             department=str(department.pk))
    member = Membership.objects.get(user__username="lisi")
    assert (member.role, member.unit, member.department) == ("department", None, department)


def test_a_weak_password_is_refused_in_chinese(clients: dict[str, Client]) -> None:
    response = new_user(clients["finance1"], unit=str(Unit.objects.first().pk),
                        password="12345678", password2="12345678")
    assert response.status_code == 400
    page = response.content.decode()
    assert "密码不符合要求：密码太短，至少需要 10 个字符" in page
    assert "密码不能全是数字" in page and "密码太常见" in page
    assert "zhangsan" in page  # what was typed is kept
    assert not get_user_model().objects.filter(username="zhangsan").exists()
    assert password_problems("zhangsan2024", get_user_model()(username="zhangsan2024")) == [
        "密码与用户名等个人信息太相似"]


def test_taken_user_names_and_mismatched_passwords_are_refused(
        clients: dict[str, Client]) -> None:
    unit = str(Unit.objects.first().pk)
    assert "已被使用" in new_user(clients["finance1"], username="UNIT1", unit=unit
                               ).content.decode()
    mismatch = new_user(clients["finance1"], unit=unit, password2="Other-Pass-2026")
    assert "两次输入的密码不一致" in mismatch.content.decode()
    bad_name = new_user(clients["finance1"], username="张 三", unit=unit)
    assert "用户名只能包含字母、数字和 @ . + - _" in bad_name.content.decode()


@pytest.mark.parametrize("user", ["unit1", "dept1"])
def test_people_pages_are_for_finance_only(clients: dict[str, Client], user: str,
                                           demo: dict[str, Any]) -> None:
    client = clients[user]
    other = demo["users"]["unit2"]
    department = Department.objects.get()
    assert client.get("/people/").status_code == 403
    assert client.get("/people/users/new/").status_code == 403
    assert new_user(client, unit=str(Unit.objects.first().pk)).status_code == 403
    assert client.post("/people/departments/new", {"name": "某局", "profile": "national-2020"}
                       ).status_code == 403
    assert client.post("/people/units/new", {"name": "某单位", "department": department.pk}
                       ).status_code == 403
    assert client.post(f"/people/departments/{department.pk}/profile",
                       {"profile": "national-2020"}).status_code == 403
    assert client.post(f"/people/users/{other.pk}/password/",
                       {"password": NEW_PASSWORD, "password2": NEW_PASSWORD}).status_code == 403
    assert client.post(f"/people/users/{other.pk}/active", {"active": "0"}).status_code == 403
    assert not get_user_model().objects.filter(username="zhangsan").exists()
    assert Department.objects.get().profile == "shanghai-2024"
    other.refresh_from_db()
    assert other.is_active and other.check_password("Test-Password-2024")


def test_deactivated_users_cannot_sign_in_and_come_back_when_reactivated(
        clients: dict[str, Client], demo: dict[str, Any]) -> None:
    unit2 = demo["users"]["unit2"]
    finance = clients["finance1"]
    finance.post(f"/people/users/{unit2.pk}/active", {"active": "0"})
    unit2.refresh_from_db()
    assert not unit2.is_active
    assert clients["unit2"].get("/forms/").status_code == 302  # the session ends
    refused = Client().post("/login/", {"username": "unit2", "password": "Test-Password-2024"})
    assert "用户名或密码不正确" in refused.content.decode()
    finance.post(f"/people/users/{unit2.pk}/active", {"active": "1"})
    assert Client().post("/login/", {"username": "unit2", "password": "Test-Password-2024"}
                         ).status_code == 302
    assert [e.action for e in AuditEvent.objects.filter(action__startswith="admin_user_")] == [
        "admin_user_deactivate", "admin_user_activate"]
    own = finance.post(f"/people/users/{demo['users']['finance1'].pk}/active",
                       {"active": "0", "next": "/people/"}, follow=True)
    assert "不能停用自己的账号" in own.content.decode()


def test_finance_resets_a_password(clients: dict[str, Client], demo: dict[str, Any]) -> None:
    unit2 = demo["users"]["unit2"]
    weak = clients["finance1"].post(f"/people/users/{unit2.pk}/password/",
                                    {"password": "password", "password2": "password"})
    assert weak.status_code == 400 and "密码太常见" in weak.content.decode()
    clients["finance1"].post(f"/people/users/{unit2.pk}/password/",
                             {"password": NEW_PASSWORD, "password2": NEW_PASSWORD})
    unit2.refresh_from_db()
    assert unit2.check_password(NEW_PASSWORD)


def test_a_department_changes_its_profile_for_forms_made_afterwards(
        clients: dict[str, Client], demo: dict[str, Any]) -> None:
    department = Department.objects.get()
    response = clients["finance1"].post(f"/people/departments/{department.pk}/profile",
                                        {"profile": "national-2020"}, follow=True)
    assert "此后新建的自评表按新配置评分" in response.content.decode()
    department.refresh_from_db()
    assert department.profile == "national-2020"
    assert {f.profile for f in demo["forms"]["unit1"]} == {"shanghai-2024"}
    clients["unit1"].post("/forms/new/", {"project_name": "新项目", "year": "2026"})
    assert demo["users"]["unit1"].membership.unit.forms.get(project_name="新项目"
                                                             ).profile == "national-2020"
    unknown = clients["finance1"].post(f"/people/departments/{department.pk}/profile",
                                       {"profile": "beijing-2099", "next": "/people/"},
                                       follow=True)
    assert "没有规则配置“beijing-2099”" in unknown.content.decode()


def test_duplicate_organisations_are_refused(clients: dict[str, Client]) -> None:
    response = clients["finance1"].post("/people/departments/new", {
        "name": "上海市科学技术协会", "profile": "national-2020", "next": "/people/"}, follow=True)
    assert "已有主管部门“上海市科学技术协会”" in response.content.decode()
    assert Department.objects.count() == 1


def test_the_people_page_escapes_names(clients: dict[str, Client]) -> None:
    clients["finance1"].post("/people/departments/new", {"name": "<b>某局</b>",
                                                         "profile": "national-2020"})
    page = clients["finance1"].get("/people/").content.decode()
    assert "<b>某局</b>" not in page and "&lt;b&gt;某局&lt;/b&gt;" in page


def test_adduser_command_creates_a_unit_user(demo: dict[str, Any],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JX_NEW_PASSWORD", NEW_PASSWORD)
    call_command("adduser", "wangwu", "--role", "unit", "--unit", "上海市科学技术协会学会服务中心",
                 "--password-env", "JX_NEW_PASSWORD")
    user = get_user_model().objects.get(username="wangwu")
    assert user.check_password(NEW_PASSWORD)
    assert user.membership.role == "unit"
    assert user.membership.unit.name == "上海市科学技术协会学会服务中心"

    call_command("adduser", "zhaoliu", "--role", "department", "--department", "新部门",
                 "--create", "--profile", "sichuan-2023", "--password-env", "JX_NEW_PASSWORD")
    member = get_user_model().objects.get(username="zhaoliu").membership
    assert (member.department.name, member.department.profile) == ("新部门", "sichuan-2023")


def test_adduser_command_refuses_without_half_written_data(
        demo: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JX_WEAK", "123")
    with pytest.raises(CommandError, match="密码不符合要求"):
        call_command("adduser", "qianqi", "--role", "department", "--department", "另一部门",
                     "--create", "--password-env", "JX_WEAK")
    assert not Department.objects.filter(name="另一部门").exists()
    with pytest.raises(CommandError, match="没有填报单位“不存在的单位”"):
        call_command("adduser", "qianqi", "--role", "unit", "--unit", "不存在的单位",
                     "--password-env", "JX_WEAK")


def test_adduser_runs_as_readme_tells_admins(tmp_path: Path) -> None:
    """Exactly the server invocation: a fresh data folder, `python -m django adduser`."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "jixiao.web.settings",
           "JIXIAO_DATA": str(tmp_path), "JX_PASSWORD": NEW_PASSWORD}
    env.pop("DATABASE_URL", None)
    command = [sys.executable, "-m", "django", "adduser", "admin", "--role", "finance",
               "--password-env", "JX_PASSWORD"]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert "已创建用户 admin：财政（全部数据）" in done.stdout
    again = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300,
                           check=False)
    assert again.returncode == 1 and "用户名“admin”已被使用" in again.stderr
