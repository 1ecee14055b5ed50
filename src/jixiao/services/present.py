"""Plain-data views of evaluations for programs (`--format json`) and, later, the web API."""

from __future__ import annotations

import json
from decimal import Decimal
from json.encoder import encode_basestring
from typing import Any

from jixiao.core.findings import Finding, Severity
from jixiao.core.money import fmt2
from jixiao.core.scorecard import Computed, Explanation, RowScore, RowStatus
from jixiao.rules.engine import NO_WEIGHT_RULE
from jixiao.services.evaluate import Evaluation


def explanation_to_dict(explanation: Explanation) -> dict[str, Any]:
    return {
        "formula": explanation.formula,
        "inputs": dict(explanation.inputs),
        "rule": explanation.rule,
        "source": explanation.source,
        "text": explanation.describe(),
    }


def _computed(value: Computed) -> str | None:
    return fmt2(value.value)


def row_to_dict(ev: Evaluation, row: RowScore) -> dict[str, Any]:
    ind = ev.form.indicators[row.index]
    return {
        "index": row.index,
        "level1": ind.level1,
        "level2": ind.level2,
        "name": ind.name,
        "target": ind.target,
        "actual": ind.actual,
        "weight": ind.weight,
        "kind": row.kind,
        "printed_score": fmt2(row.printed_score),
        "computed_score": _computed(row.computed),
        "counted_score": fmt2(row.counted_score),
        "band": [fmt2(row.band[0]), fmt2(row.band[1])] if row.band else None,
        "status": row.status.value,
        "status_label": row.status.label,
        "explanation": explanation_to_dict(row.computed.explanation),
    }


def total_note(ev: Evaluation) -> str | None:
    """What the total's formula does not say: indicator rows printed without a 分值 cannot be
    scored by the rules, so the total counts their 得分 as printed, unchecked. None when every
    counted row has its weight."""
    unweighted = [r for r in ev.scorecard.rows if r.computed.value is None
                  and r.computed.explanation.rule == NO_WEIGHT_RULE]
    counted = [r.counted_score for r in unweighted if r.counted_score is not None]
    if not counted:
        return None
    summed = fmt2(sum(counted, Decimal(0)))
    scorable = [r for r in ev.scorecard.rows if r.status is not RowStatus.NOT_APPLICABLE]
    if len(unweighted) == len(scorable):
        return (f"指标表未印分值，无法按规则计算指标得分：总分中的指标得分 {summed} "
                f"是表中印制的 {len(counted)} 项得分直接相加，未经复核")
    lines = "、".join(str(r.index + 1) for r in unweighted if r.counted_score is not None)
    return (f"指标第{lines}行未印分值，无法按规则计分：按表中印制的得分计入总分"
            f"（合计 {summed}），未经复核")


def score_to_dict(ev: Evaluation, *, with_note: bool = False) -> dict[str, Any]:
    """The `jixiao score --format json` object of one form; `with_note` adds `total_note`
    (`total_note(ev)`: the printed scores the total took unchecked), as the web shows it."""
    card = ev.scorecard
    noted = {"total_note": total_note(ev)} if with_note else {}
    return {
        "project_name": ev.form.project_name,
        "profile": card.profile,
        "execution_rate": _computed(card.execution_rate),
        "execution_rate_explanation": explanation_to_dict(card.execution_rate.explanation),
        "execution_score": _computed(card.execution_score),
        "execution_score_explanation": explanation_to_dict(card.execution_score.explanation),
        "printed_execution_score": ev.form.funds.score,
        "total": _computed(card.total),
        "total_explanation": explanation_to_dict(card.total.explanation),
        "printed_total": ev.form.total.score,
        **noted,
        "grade": card.grade,
        "grade_explanation": explanation_to_dict(card.grade_explanation),
        "printed_grade": ev.form.grade,
        "indicators": [row_to_dict(ev, r) for r in card.rows],
    }


def finding_to_dict(finding: Finding) -> dict[str, Any]:
    """The `jixiao check --format json` object of one finding."""
    src = finding.source
    return {
        "form": finding.form,
        "code": finding.code,
        "severity": finding.severity.value,
        "message": finding.message,
        "path": finding.path,
        "source": src.line if src else None,
        "file": src.file if src else None,
        "hint": finding.hint,
    }


def finding_json(finding: Finding) -> str:
    """`json.dumps(finding_to_dict(finding), ensure_ascii=False)`, written without the dict
    (twice as fast; the strings escaped by the json module's own function)."""
    src = finding.source
    line = None if src is None else src.line
    severity = finding.severity
    try:
        if line is not None and type(line) is not int:
            raise TypeError(line)  # an int subclass (bool) is written otherwise
        form, path, hint = finding.form, finding.path, finding.hint
        file = None if src is None else src.file
        return (f'{{"form": {"null" if form is None else _form_json(form)}, '
                f'"code": {encode_basestring(finding.code)}, '
                f'"severity": {_SEVERITY_JSON[severity] if type(severity) is Severity else encode_basestring(severity.value)}, '  # noqa: E501
                f'"message": {encode_basestring(finding.message)}, '
                f'"path": {"null" if path is None else encode_basestring(path)}, '
                f'"source": {"null" if line is None else int.__repr__(line)}, '
                f'"file": {"null" if file is None else encode_basestring(file)}, '
                f'"hint": {"null" if hint is None else encode_basestring(hint)}}}')
    except TypeError:  # a field of another type than the model's: the encoder decides
        return json.dumps(finding_to_dict(finding), ensure_ascii=False)


#: The severities as JSON strings (`Severity.value` is read through the enum's descriptor).
_SEVERITY_JSON = {severity: encode_basestring(severity.value) for severity in Severity}


def _form_json(name: str) -> str:
    """A form's name as a JSON string: a form's findings come one after another and name it
    alike, so the last name's text is kept (a plain string, compared by value)."""
    global _last_form
    last = _last_form  # one read: threads may replace it meanwhile
    if name == last[0]:
        return last[1]
    text = encode_basestring(name)
    _last_form = (name, text)
    return text


_last_form = ("", '""')
