"""The web system's fixtures: the demo organisation (one department, two units, a user per
role) with the real seed forms, and signed-in clients for each role."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from jixiao.web.demo import load_demo
from jixiao.web.models import FormRecord

PASSWORD = "Test-Password-2024"


@pytest.fixture
def demo(db: Any) -> dict[str, Any]:
    """The demo data: users `unit1`, `unit2`, `dept1`, `finance1` (password PASSWORD), the four
    seed forms of unit1, one form of unit2, an approved 2025 target plan of unit1."""
    load_demo(PASSWORD)
    User = get_user_model()
    users = {name: User.objects.get(username=name)
             for name in ("unit1", "unit2", "dept1", "finance1")}
    forms = {name: list(FormRecord.objects.filter(unit__members__user=user).order_by("id"))
             for name, user in users.items() if name.startswith("unit")}
    return {"users": users, "forms": forms}


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def clients(demo: dict[str, Any]) -> dict[str, Client]:
    """A signed-in browser session per demo user."""
    return {name: signed_in(user) for name, user in demo["users"].items()}
