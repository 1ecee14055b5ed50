"""`python -m django adduser NAME --role unit|department|finance …`: create a user on a server.

    DJANGO_SETTINGS_MODULE=jixiao.web.settings JIXIAO_DATA=/srv/jixiao \\
        python -m django adduser zhangsan --role unit --unit 某某中心 --department 某某局

The password is asked twice at the prompt, or read from the environment variable named by
`--password-env` (for scripts); it must pass the password policy. `--create` makes a missing
department or unit first. Database migrations are applied when the database is new.
"""

from __future__ import annotations

import getpass
import os
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor

from jixiao.services.workflow import Role
from jixiao.web import people
from jixiao.web.errors import RequestError
from jixiao.web.models import Department, Unit


class Command(BaseCommand):
    help = "新建用户：指定角色（填报单位 / 主管部门 / 财政）及所属单位或主管部门"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="登录名")
        parser.add_argument("--role", required=True, choices=[r.value for r in Role],
                            help="unit（填报单位）、department（主管部门）或 finance（财政）")
        parser.add_argument("--unit", help="填报单位名称（role=unit 时必填）")
        parser.add_argument("--department",
                            help="主管部门名称（role=department 时必填；"
                                 "role=unit 时用于区分同名单位）")
        parser.add_argument("--profile", default="national-2020",
                            help="用 --create 新建主管部门时的规则配置（默认 national-2020）")
        parser.add_argument("--create", action="store_true",
                            help="主管部门或填报单位不存在时先新建")
        parser.add_argument("--full-name", default="", help="姓名（可选）")
        parser.add_argument("--password-env", metavar="VAR",
                            help="从这个环境变量读取初始密码（不给则在提示符下输入两次）")

    def handle(self, *args: Any, **options: Any) -> None:
        self._migrate()
        role = Role(options["role"])
        password = self._password(options)
        try:
            with transaction.atomic():
                user = self._create(role, password, options)
        except RequestError as exc:
            raise CommandError(exc.message) from None
        member = user.membership
        where = member.unit or member.department or "全部数据"
        self.stdout.write(f"已创建用户 {user.get_username()}：{role.label}（{where}）")

    def _create(self, role: Role, password: str, options: dict[str, Any]) -> Any:
        """The user with its membership; a missing department or unit made first (--create)."""
        department = unit = None
        if role is Role.DEPARTMENT or (role is Role.UNIT and options["department"]):
            department = self._department(options)
        if role is Role.UNIT:
            unit = self._unit(options, department)
            department = None
        return people.create_user(None, options["username"], role.value, password, unit=unit,
                                  department=department, full_name=options["full_name"])

    def _migrate(self) -> None:
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            call_command("migrate", interactive=False, verbosity=0)
            self.stdout.write("已初始化（迁移）数据库")

    def _department(self, options: dict[str, Any]) -> Department:
        name = (options["department"] or "").strip()
        if not name:
            raise CommandError("role=department 须用 --department 指定主管部门名称")
        found = Department.objects.filter(name=name).first()
        if found is not None:
            return found
        if not options["create"]:
            raise CommandError(f"没有主管部门“{name}”；加 --create 可新建")
        return people.create_department(None, name, options["profile"])

    def _unit(self, options: dict[str, Any], department: Department | None) -> Unit:
        name = (options["unit"] or "").strip()
        if not name:
            raise CommandError("role=unit 须用 --unit 指定填报单位名称")
        units = Unit.objects.filter(name=name)
        if department is not None:
            units = units.filter(department=department)
        found = list(units[:2])
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise CommandError(f"有多个名为“{name}”的填报单位，请用 --department 指明主管部门")
        if not options["create"] or department is None:
            raise CommandError(f"没有填报单位“{name}”；加 --create 和 --department 可新建")
        return people.create_unit(None, name, department)

    def _password(self, options: dict[str, Any]) -> str:
        var = options["password_env"]
        if var:
            value = os.environ.get(var)
            if not value:
                raise CommandError(f"环境变量 {var} 未设置或为空")
            return value
        first = getpass.getpass("初始密码：")
        if first != getpass.getpass("再次输入："):
            raise CommandError("两次输入的密码不一致")
        return first
