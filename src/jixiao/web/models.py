"""What the web system stores: departments, units, people's roles, target plans, forms and
their append-only history.

A form is kept as its schema-1 JSON (`FormRecord.data`); the columns beside it (project name,
year, total, grade) are copies for listing and sorting, refreshed from the services on save.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from jixiao.services.workflow import Role, Status


class Department(models.Model):
    """主管部门: reviews its units' forms. Its rule profile scores them."""

    name = models.CharField("部门名称", max_length=200, unique=True)
    profile = models.CharField("规则配置", max_length=100, default="national-2020")

    class Meta:
        ordering = ["name"]
        verbose_name = "主管部门"

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """填报单位 (预算单位): fills the forms of its projects."""

    name = models.CharField("单位名称", max_length=200)
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="units",
                                   verbose_name="主管部门")

    class Meta:
        ordering = ["department__name", "name"]
        constraints = [models.UniqueConstraint(fields=["department", "name"],
                                               name="unit_name_unique_in_department")]
        verbose_name = "填报单位"

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A person's role: a unit's user, a department's user, or finance (sees everything)."""

    ROLE_CHOICES = [(r.value, r.label) for r in Role]
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="membership")
    role = models.CharField("角色", max_length=20, choices=ROLE_CHOICES)
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="members")
    department = models.ForeignKey(Department, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="members")

    class Meta:
        constraints = [models.CheckConstraint(
            name="membership_scope_matches_role",
            condition=(models.Q(role="unit", unit__isnull=False, department__isnull=True)
                       | models.Q(role="department", unit__isnull=True,
                                  department__isnull=False)
                       | models.Q(role="finance", unit__isnull=True, department__isnull=True)))]

    @property
    def role_enum(self) -> Role:
        return Role(self.role)


class TargetPlan(models.Model):
    """绩效目标: a project's goals and indicators (targets, weights) declared at the start of
    the year; once the department approves them, the self-evaluation is made from them."""

    class PlanStatus(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "已提交"
        RETURNED = "returned", "退回"
        APPROVED = "approved", "已批复"

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="target_plans")
    year = models.PositiveIntegerField("年度")
    project_name = models.CharField("项目名称", max_length=300)
    #: `{"goals_expected": str, "indicators": [{level1, level2, name, target, weight}]}`
    data = models.JSONField(default=dict)
    status = models.CharField(max_length=20, choices=PlanStatus.choices,
                              default=PlanStatus.DRAFT)
    comment = models.TextField("审核意见", blank=True, default="")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "project_name"]


class FormRecord(models.Model):
    """One 自评表 in the system: its schema-1 data, workflow state and version (for
    optimistic locking: every save must name the version it was based on)."""

    class Origin(models.TextChoices):
        TARGETS = "targets", "由批复目标生成"
        ENTERED = "entered", "网页填报"
        IMPORTED = "imported", "文件导入（无批复目标）"

    STATUS_CHOICES = [(s.value, s.label) for s in Status]
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="forms")
    target_plan = models.ForeignKey(TargetPlan, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="forms")
    origin = models.CharField(max_length=20, choices=Origin.choices, default=Origin.ENTERED)
    source_name = models.CharField("来源文件", max_length=300, blank=True, default="")
    profile = models.CharField("规则配置", max_length=100)
    data = models.JSONField()
    status = models.CharField(max_length=20, choices=STATUS_CHOICES, default=Status.DRAFT.value)
    version = models.PositiveIntegerField(default=1)
    #: Finance's re-scores: `[{"index", "score", "reason"}]` (复核).
    rescores = models.JSONField(default=list, blank=True)
    #: Written reasons for changed approved targets, by row index (as strings).
    target_reasons = models.JSONField(default=dict, blank=True)

    # Copies for lists, filters and the dashboard, refreshed from the services on every save.
    project_name = models.CharField(max_length=300, db_index=True)
    year = models.PositiveIntegerField(null=True, blank=True, db_index=True)
    total = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    grade = models.CharField(max_length=10, blank=True, default="")
    execution_rate = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    printed_total = models.CharField(max_length=30, blank=True, default="")
    error_count = models.PositiveIntegerField(default=0)
    warning_count = models.PositiveIntegerField(default=0)
    reviewed_total = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    #: What the reader noticed when the form was imported from a file (JX0xx findings as
    #: `jixiao check --format json` objects, with their place in the file).
    import_findings = models.JSONField(default=list, blank=True)
    #: The codes of the form's findings (with repeats), for the dashboard's counts.
    finding_codes = models.JSONField(default=list, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-year", "unit__name", "project_name", "id"]
        indexes = [models.Index(fields=["status", "year"])]

    @property
    def status_enum(self) -> Status:
        return Status(self.status)

    def __str__(self) -> str:
        return f"{self.project_name}（{self.year or '—'}）"


class AuditEvent(models.Model):
    """One entry of a form's history: who, when, what, the state before and after, the fields
    changed and the comment. Append-only: never updated or deleted."""

    form = models.ForeignKey(FormRecord, on_delete=models.PROTECT, related_name="events",
                             null=True, blank=True)
    plan = models.ForeignKey(TargetPlan, on_delete=models.PROTECT, related_name="events",
                             null=True, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                              related_name="+")
    action = models.CharField(max_length=30)
    from_status = models.CharField(max_length=20, blank=True, default="")
    to_status = models.CharField(max_length=20, blank=True, default="")
    version = models.PositiveIntegerField(null=True, blank=True)
    comment = models.TextField(blank=True, default="")
    changes = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("审计日志只能追加，不能修改")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("审计日志只能追加，不能删除")


class ApiToken(models.Model):
    """A program's bearer token; only its SHA-256 is stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)


class LoginFailure(models.Model):
    """A failed login, kept to throttle guessing (by user name and by address)."""

    username = models.CharField(max_length=150, db_index=True)
    address = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)


class ImportJob(models.Model):
    """An upload of one or many files read in the background: its progress and outcome."""

    class JobStatus(models.TextChoices):
        PENDING = "pending", "排队中"
        RUNNING = "running", "读取中"
        READY = "ready", "待确认"
        DONE = "done", "已导入"
        FAILED = "failed", "失败"

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                              related_name="import_jobs")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="import_jobs")
    file_name = models.CharField(max_length=300)
    status = models.CharField(max_length=20, choices=JobStatus.choices,
                              default=JobStatus.PENDING)
    total_files = models.PositiveIntegerField(default=0)
    done_files = models.PositiveIntegerField(default=0)
    #: `{"forms": [{"file", "form", "findings"}], "errors": [{"file", "message"}]}`
    preview = models.JSONField(default=dict, blank=True)
    message = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
