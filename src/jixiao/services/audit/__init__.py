"""`jixiao audit`: a parallel, resumable batch audit of many forms with a risk-ranked sample,
the dataset and a report (see README "批量审核")."""

from jixiao.services.audit.pipeline import AuditOptions, AuditSummary, run_audit

__all__ = ["AuditOptions", "AuditSummary", "run_audit"]
