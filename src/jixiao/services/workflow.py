"""The review workflow of a self-evaluation (自评表流转): who may do what, from which state.

草稿 → 已提交 → 退回 (comment required) / 已审核 → 已复核 → 已公开; a unit may withdraw a
submission that is not yet reviewed. Pure data and functions: the web app stores the state,
this module decides whether a step is allowed.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    """Who a user acts as: 填报单位, 主管部门 or 财政."""

    UNIT = "unit"
    DEPARTMENT = "department"
    FINANCE = "finance"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {Role.UNIT: "填报单位", Role.DEPARTMENT: "主管部门", Role.FINANCE: "财政"}


class Status(StrEnum):
    """Where a form is in its review."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    APPROVED = "approved"
    REVIEWED = "reviewed"
    PUBLISHED = "published"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]

    @property
    def editable(self) -> bool:
        """A unit edits its form only while it is a draft or was returned to it."""
        return self in (Status.DRAFT, Status.RETURNED)


STATUS_LABELS = {
    Status.DRAFT: "草稿", Status.SUBMITTED: "已提交", Status.RETURNED: "退回",
    Status.APPROVED: "已审核", Status.REVIEWED: "已复核", Status.PUBLISHED: "已公开",
}


class Action(StrEnum):
    """A step of the workflow, as named in the API (`POST …/transitions {"action": …}`)."""

    SUBMIT = "submit"
    WITHDRAW = "withdraw"
    RETURN = "return"
    APPROVE = "approve"
    REVIEW = "review"
    PUBLISH = "publish"

    @property
    def label(self) -> str:
        return ACTION_LABELS[self]


ACTION_LABELS = {
    Action.SUBMIT: "提交", Action.WITHDRAW: "撤回", Action.RETURN: "退回",
    Action.APPROVE: "审核通过", Action.REVIEW: "复核", Action.PUBLISH: "公开",
}


@dataclass(frozen=True)
class Step:
    """One allowed transition: from which states, to which, by which roles."""

    action: Action
    sources: frozenset[Status]
    target: Status
    roles: frozenset[Role]
    comment_required: bool = False


STEPS: dict[Action, Step] = {s.action: s for s in (
    Step(Action.SUBMIT, frozenset({Status.DRAFT, Status.RETURNED}), Status.SUBMITTED,
         frozenset({Role.UNIT})),
    Step(Action.WITHDRAW, frozenset({Status.SUBMITTED}), Status.DRAFT, frozenset({Role.UNIT})),
    # Finance may return a form too: a 抽查 that finds a form wrong sends it back to the unit.
    Step(Action.RETURN, frozenset({Status.SUBMITTED, Status.APPROVED}), Status.RETURNED,
         frozenset({Role.DEPARTMENT, Role.FINANCE}), comment_required=True),
    Step(Action.APPROVE, frozenset({Status.SUBMITTED}), Status.APPROVED,
         frozenset({Role.DEPARTMENT, Role.FINANCE})),
    Step(Action.REVIEW, frozenset({Status.APPROVED, Status.REVIEWED}), Status.REVIEWED,
         frozenset({Role.FINANCE})),
    Step(Action.PUBLISH, frozenset({Status.APPROVED, Status.REVIEWED}), Status.PUBLISHED,
         frozenset({Role.FINANCE})),
)}


class TransitionRefused(Exception):
    """A step that cannot be taken; `reason` says why (`role`, `state`, `comment`)."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


def parse_action(name: str) -> Action:
    """The action of an API name; an unknown name is refused."""
    try:
        return Action(name)
    except ValueError:
        known = "、".join(a.value for a in Action)
        raise TransitionRefused("unknown", f"未知的操作“{name}”，可用：{known}") from None


def next_status(action: Action, status: Status, role: Role, comment: str = "") -> Status:
    """The state after `action`, or TransitionRefused saying why not.

    The role is checked before the state: a unit asking to publish learns that it may not,
    whatever the form's state.
    """
    step = STEPS[action]
    if role not in step.roles:
        who = "、".join(r.label for r in step.roles)
        raise TransitionRefused("role", f"“{action.label}”只能由{who}操作")
    if status not in step.sources:
        raise TransitionRefused(
            "state", f"表处于“{status.label}”状态，不能“{action.label}”")
    if step.comment_required and not comment.strip():
        raise TransitionRefused("comment", f"“{action.label}”必须填写意见")
    return step.target


def actions_for(status: Status, role: Role) -> list[Action]:
    """The actions a role may take on a form in this state, in workflow order."""
    return [s.action for s in STEPS.values() if role in s.roles and status in s.sources]
