"""People and organisations (finance's administration): departments with their rule profile,
units, users with their role and scope. Users are deactivated, never deleted: the audit log
names them. Every change is written with an audit event (neither form nor plan) in one
transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from jixiao.services.inputs import shipped_profiles
from jixiao.services.workflow import Role
from jixiao.web.errors import BadRequest, Conflict, Forbidden
from jixiao.web.models import AuditEvent, Department, Membership, Unit
from jixiao.web.store import membership_of

MAX_NAME = 200


def require_finance(user: Any) -> None:
    """Only finance administers people and organisations."""
    member = membership_of(user)
    if member is None or member.role != Role.FINANCE:
        raise Forbidden("只有财政部门的用户可以管理用户、单位和主管部门")


def profile_choices() -> list[tuple[str, str]]:
    """The shipped rule profiles a department may use: (name, title)."""
    return [(p.name, p.title) for p in shipped_profiles()]


def _profile(name: Any) -> str:
    names = dict(profile_choices())
    if name not in names:
        raise BadRequest(f"没有规则配置“{name}”，可选：{'、'.join(names)}", code="invalid_profile")
    return str(name)


def _name(value: Any, label: str) -> str:
    text = " ".join(str(value or "").split())
    if not text:
        raise BadRequest(f"请填写{label}", code="invalid_name")
    if len(text) > MAX_NAME:
        raise BadRequest(f"{label}不能超过 {MAX_NAME} 个字", code="invalid_name")
    return text


def _audit(actor: Any, action: str, comment: str,
           changes: Sequence[dict[str, Any]] = ()) -> None:
    """An administration entry of the audit log; none without a person (the command line's
    departments and units: its user creation is logged, naming the command line)."""
    if actor is None:
        return
    AuditEvent.objects.create(form=None, plan=None, actor=actor, action=action,
                              comment=comment, changes=list(changes))


# ---------------------------------------------------------------- passwords


def password_problems(password: str, user: Any = None) -> list[str]:
    """What the password policy says about a password, in Chinese (empty when it passes)."""
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        return [_chinese(e) for e in exc.error_list]
    return []


def _chinese(error: ValidationError) -> str:
    """Django's policy messages in our words (its own catalogue is not complete in Chinese)."""
    params = error.params or {}
    known = {
        "password_too_short": f"密码太短，至少需要 {params.get('min_length', '')} 个字符",
        "password_too_similar": "密码与用户名等个人信息太相似",
        "password_too_common": "密码太常见，容易被猜到",
        "password_entirely_numeric": "密码不能全是数字",
    }
    if error.code in known:
        return known[error.code]
    return str(error.message % params if params else error.message)


def policy_help() -> list[str]:
    """The password policy as shown beside a password field."""
    return ["至少 10 个字符", "不能全是数字", "不能是常见密码", "不能与用户名相似"]


def _check_password(password: str, user: Any) -> None:
    problems = password_problems(password, user)
    if problems:
        raise BadRequest("密码不符合要求：" + "；".join(problems), code="weak_password")


# ---------------------------------------------------------------- organisations


@transaction.atomic
def create_department(actor: Any, name: Any, profile: Any) -> Department:
    name = _name(name, "主管部门名称")
    profile = _profile(profile)
    if Department.objects.filter(name=name).exists():
        raise Conflict(f"已有主管部门“{name}”", code="department_exists")
    department = Department.objects.create(name=name, profile=profile)
    _audit(actor, "admin_department_create", f"新建主管部门“{name}”（规则配置 {profile}）")
    return department


@transaction.atomic
def set_department_profile(actor: Any, department: Department, profile: Any) -> Department:
    """A department's rule profile; forms created afterwards use it, existing ones keep theirs."""
    profile = _profile(profile)
    before = department.profile
    if before == profile:
        return department
    department.profile = profile
    department.save(update_fields=["profile"])
    _audit(actor, "admin_department_profile", f"主管部门“{department.name}”更换规则配置",
           [{"field": "profile", "before": before, "after": profile}])
    return department


@transaction.atomic
def create_unit(actor: Any, name: Any, department: Department) -> Unit:
    name = _name(name, "填报单位名称")
    if Unit.objects.filter(department=department, name=name).exists():
        raise Conflict(f"主管部门“{department.name}”下已有填报单位“{name}”", code="unit_exists")
    unit = Unit.objects.create(name=name, department=department)
    _audit(actor, "admin_unit_create", f"新建填报单位“{name}”（主管部门 {department.name}）")
    return unit


# ---------------------------------------------------------------- users


def _username(value: Any) -> str:
    username = str(value or "").strip()
    if not username:
        raise BadRequest("请填写用户名", code="invalid_username")
    if len(username) > 150:
        raise BadRequest("用户名不能超过 150 个字符", code="invalid_username")
    try:
        UnicodeUsernameValidator()(username)
    except ValidationError:
        raise BadRequest("用户名只能包含字母、数字和 @ . + - _", code="invalid_username") from None
    if get_user_model().objects.filter(username__iexact=username).exists():
        raise Conflict(f"用户名“{username}”已被使用", code="username_exists")
    return username


def _scope(role: Any, unit: Unit | None, department: Department | None) -> dict[str, Any]:
    """The membership a role needs: a unit for a unit user, a department for a department's."""
    try:
        role = Role(role)
    except ValueError:
        raise BadRequest("请选择角色：填报单位、主管部门或财政", code="invalid_role") from None
    if role is Role.UNIT:
        if unit is None:
            raise BadRequest("填报单位的用户须选择所属单位", code="invalid_scope")
        return {"role": role.value, "unit": unit, "department": None}
    if role is Role.DEPARTMENT:
        if department is None:
            raise BadRequest("主管部门的用户须选择所属主管部门", code="invalid_scope")
        return {"role": role.value, "unit": None, "department": department}
    return {"role": role.value, "unit": None, "department": None}


@transaction.atomic
def create_user(actor: Any, username: Any, role: Any, password: str, *,
                unit: Unit | None = None, department: Department | None = None,
                full_name: str = "") -> Any:
    """A user with a role and scope and an initial password that passes the policy.

    `actor` is the finance user who creates it; None when created from the command line
    (the new user is then named as the actor of its own creation).
    """
    scope = _scope(role, unit, department)
    username = _username(username)
    User = get_user_model()
    user = User(username=username, first_name=" ".join(full_name.split())[:150])
    _check_password(password, user)
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        raise Conflict(f"用户名“{username}”已被使用", code="username_exists") from None
    Membership.objects.create(user=user, **scope)
    where = (scope["unit"] or scope["department"] or "财政")
    _audit(actor or user, "admin_user_create",
           f"新建用户 {username}（{Role(scope['role']).label}：{where}）"
           + ("，命令行创建" if actor is None else ""))
    return user


@transaction.atomic
def reset_password(actor: Any, user: Any, password: str) -> None:
    """A new password set by finance (the user's sessions end: Django ties them to it)."""
    _check_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    _audit(actor, "admin_user_password", f"重设用户 {user.get_username()} 的密码")


@transaction.atomic
def set_active(actor: Any, user: Any, active: bool) -> None:
    """Deactivate (the user can no longer sign in or use tokens) or reactivate a user."""
    if not active and user.pk == actor.pk:
        raise BadRequest("不能停用自己的账号", code="self_deactivate")
    if user.is_active == active:
        return
    user.is_active = active
    user.save(update_fields=["is_active"])
    _audit(actor, "admin_user_activate" if active else "admin_user_deactivate",
           f"{'启用' if active else '停用'}用户 {user.get_username()}")


def admin_events(limit: int = 30) -> list[AuditEvent]:
    """The latest administration entries of the audit log, newest first."""
    return list(AuditEvent.objects.filter(action__startswith="admin_", form=None, plan=None)
                .select_related("actor").order_by("-at", "-id")[:limit])
