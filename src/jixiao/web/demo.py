"""Demo data for `jixiao serve --demo`: one department, two units, a person for each role.

The forms are real: the four 2024 forms of 上海市科学技术协会学会服务中心 (the seed) as its
drafts, one published county form as the second unit's, and the first seed project's
indicators as approved 2025 targets, so the targets-first flow can be tried at once.
"""

from __future__ import annotations

import secrets
import string
from dataclasses import dataclass
from importlib import resources
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from jixiao.core.form_json import form_to_dict
from jixiao.services.intake import read_document
from jixiao.services.present import finding_to_dict
from jixiao.services.workflow import Role
from jixiao.web.models import Department, FormRecord, Membership, TargetPlan, Unit
from jixiao.web.store import create_form

DEPARTMENT = "上海市科学技术协会"
UNIT1 = "上海市科学技术协会学会服务中心"
UNIT2 = "演示单位（第二填报单位）"
PROFILE = "shanghai-2024"
USERS = (("unit1", Role.UNIT, UNIT1), ("unit2", Role.UNIT, UNIT2),
         ("dept1", Role.DEPARTMENT, None), ("finance1", Role.FINANCE, None))


@dataclass(frozen=True)
class DemoAccounts:
    password: str
    created: bool


def generated_password() -> str:
    """A password that passes the password policy (length, not numeric, not common)."""
    alphabet = string.ascii_letters + string.digits
    return "Jx-" + "".join(secrets.choice(alphabet) for _ in range(13))


def _demo_text(name: str) -> bytes:
    return resources.files("jixiao.web").joinpath("demo", name).read_bytes()


@transaction.atomic
def load_demo(password: str) -> DemoAccounts:
    """Create the demo organisation, users and forms once; later runs only set the password."""
    department, _ = Department.objects.get_or_create(name=DEPARTMENT,
                                                     defaults={"profile": PROFILE})
    unit1, _ = Unit.objects.get_or_create(name=UNIT1, department=department)
    unit2, _ = Unit.objects.get_or_create(name=UNIT2, department=department)
    units = {UNIT1: unit1, UNIT2: unit2}
    User = get_user_model()
    created = not User.objects.filter(username="unit1").exists()
    for username, role, unit_name in USERS:
        user, _ = User.objects.get_or_create(username=username)
        user.set_password(password)
        user.save()
        Membership.objects.update_or_create(user=user, defaults={
            "role": role.value, "unit": units.get(unit_name or ""),
            "department": department if role is Role.DEPARTMENT else None})
    if created:
        _demo_forms(unit1, unit2, User.objects.get(username="unit1"),
                    User.objects.get(username="unit2"), User.objects.get(username="dept1"))
    return DemoAccounts(password=password, created=created)


def _demo_forms(unit1: Unit, unit2: Unit, user1: Any, user2: Any, dept: Any) -> None:
    seed = read_document(_demo_text("seed-shanghai-2024.txt"), "seed-shanghai-2024.txt")
    for result in seed:
        create_form(user1, unit1, result.form, origin=FormRecord.Origin.IMPORTED,
                    source_name="seed-shanghai-2024.txt",
                    import_findings=[finding_to_dict(f) for f in result.findings])
    for result in read_document(_demo_text("corpus-017.txt"), "corpus-017.txt")[:1]:
        create_form(user2, unit2, result.form, origin=FormRecord.Origin.IMPORTED,
                    source_name="corpus-017.txt", profile="national-2020")
    first = form_to_dict(seed[0].form)
    TargetPlan.objects.create(
        unit=unit1, year=(seed[0].form.year or 2024) + 1, project_name=first["project_name"],
        status=TargetPlan.PlanStatus.APPROVED, approved_by=dept, approved_at=timezone.now(),
        data={"goals_expected": first["goals"]["expected"],
              "indicators": [{k: ind[k] for k in ("level1", "level2", "name", "target",
                                                  "weight")}
                             for ind in first["indicators"]]})
