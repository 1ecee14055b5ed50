"""Approved targets (绩效目标): where a self-evaluation departs from what was approved.

At the start of the year a unit declares each project's indicators with targets and weights
and its department approves them; the self-evaluation is then filled against them. These
checks need the approved targets besides the form, so they run where those are known (the
web system), not in `run_checks`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from jixiao.core.findings import Finding, Severity
from jixiao.core.model import Form, Indicator
from jixiao.rules.checks.registry import CheckSpec


@dataclass(frozen=True)
class ApprovedIndicator:
    """One indicator as the department approved it at the start of the year."""

    level1: str | None
    level2: str | None
    name: str | None
    target: str | None
    weight: str | None

    @classmethod
    def of(cls, indicator: Indicator) -> ApprovedIndicator:
        return cls(indicator.level1, indicator.level2, indicator.name, indicator.target,
                   indicator.weight)

    @property
    def key(self) -> tuple[str, str, str]:
        return (_norm(self.level1), _norm(self.level2), _norm(self.name))


def _norm(text: str | None) -> str:
    return "".join((text or "").split())


TARGET_CHECKS = (
    CheckSpec(code="JX220", family="structure", severity=Severity.WARNING,
              title="指标与批复的绩效目标不一致",
              rationale="自评应对照年初批复的绩效目标；目标值或分值的修改须有书面理由并经审核",
              source="财政部《项目支出绩效评价管理办法》（财预〔2020〕10号）第十条"),
    CheckSpec(code="JX221", family="structure", severity=Severity.WARNING,
              title="批复的绩效指标在自评表中缺失",
              rationale="批复的每一项指标都应在自评中报告完成情况",
              source="财政部《项目支出绩效评价管理办法》（财预〔2020〕10号）第十条"),
    CheckSpec(code="JX222", family="structure", severity=Severity.INFO,
              title="自评表中有批复目标之外的指标",
              rationale="新增指标不在年初批复的绩效目标中，审核时应核实其来由",
              source="财政部《项目支出绩效评价管理办法》（财预〔2020〕10号）第十条"),
)
_SPEC = {s.code: s for s in TARGET_CHECKS}


@dataclass(frozen=True)
class TargetChange:
    """An approved 年度指标值 or 分值 that the self-evaluation prints differently."""

    index: int
    field: str
    label: str
    approved: str | None
    now: str | None


def target_changes(form: Form, approved: Sequence[ApprovedIndicator]) -> list[TargetChange]:
    """The approved rows (matched by 一级/二级/三级 name) whose target or weight changed."""
    by_key = {a.key: a for a in approved}
    out = []
    for index, ind in enumerate(form.indicators):
        plan = by_key.get(ApprovedIndicator.of(ind).key)
        if plan is None:
            continue
        for field_name, label in (("target", "年度指标值"), ("weight", "分值")):
            was, now = getattr(plan, field_name), getattr(ind, field_name)
            if _norm(was) != _norm(now):
                out.append(TargetChange(index, field_name, label, was, now))
    return out


def target_findings(form: Form, approved: Sequence[ApprovedIndicator],
                    reasons: Mapping[int, str] | None = None) -> list[Finding]:
    """Where the form's indicators differ from the approved targets.

    Rows are matched by 一级/二级/三级 name; a changed 年度指标值 or 分值 is JX220 (with the
    written reason, when one was given), an approved row that is gone JX221, a row that was
    never approved JX222.
    """
    reasons = reasons or {}
    keys = {ApprovedIndicator.of(ind).key for ind in form.indicators}
    out: list[Finding] = []
    approved_keys = {a.key for a in approved}
    for index, ind in enumerate(form.indicators):
        if ApprovedIndicator.of(ind).key not in approved_keys:
            out.append(_finding("JX222", f"{_row(index, ind)}不在批复的绩效目标中",
                                f"indicators[{index}]", form))
    for change in target_changes(form, approved):
        why = reasons.get(change.index)
        because = f"，修改理由：{why}" if why else "，未写修改理由"
        out.append(_finding(
            "JX220", f"{_row(change.index, form.indicators[change.index])}的{change.label}"
            f"与批复不一致：批复“{change.approved or '空'}”，现为“{change.now or '空'}”{because}",
            f"indicators[{change.index}].{change.field}", form))
    for plan in approved:
        if plan.key not in keys:
            out.append(_finding("JX221", f"批复的指标“{plan.name or '（无名称）'}”"
                                f"（{plan.level1 or ''}/{plan.level2 or ''}）不在自评表中",
                                "indicators", form))
    return out


def _row(index: int, ind: Indicator) -> str:
    return f"第{index + 1}行“{ind.name or '（未填名称）'}”"


def _finding(code: str, message: str, path: str, form: Form) -> Finding:
    return Finding(code, _SPEC[code].severity, message, path, form.project_name)
