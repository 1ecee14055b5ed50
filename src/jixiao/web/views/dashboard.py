"""The dashboard (统计分析) of departments and finance: forms by status, grades, execution
rates, score against execution rate, frequent findings and units with 自评虚高 signals."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from jixiao.services.workflow import Role
from jixiao.web import analytics
from jixiao.web.errors import Forbidden
from jixiao.web.models import Department
from jixiao.web.store import role_of, visible_forms
from jixiao.web.views.common import page_errors

#: The query-string value that selects every year.
ALL_YEARS = "all"


@login_required
@require_GET
@page_errors
def dashboard(request: HttpRequest) -> HttpResponse:
    """The statistics of the forms the user may see, for one year and (finance) department."""
    role = role_of(request.user)
    if role not in (Role.DEPARTMENT, Role.FINANCE):
        raise Forbidden("统计分析只对主管部门和财政开放")
    forms = visible_forms(request.user)
    years = analytics.years_of(forms)
    year = request.GET.get("year", "").strip() or (str(years[0]) if years else ALL_YEARS)
    if year != ALL_YEARS and not year.isdigit():
        year = ALL_YEARS  # a mistyped year in the address is not echoed as "abc 年度"
    department = request.GET.get("department", "").strip() if role is Role.FINANCE else ""
    selected = analytics.filter_forms(forms, year, department)
    board = analytics.build_dashboard(analytics.points_of(selected))
    return render(request, "jixiao/dashboard.html", {
        "board": board, "charts": analytics.chart_data(board),
        "years": years, "year": year, "all_years": ALL_YEARS,
        "departments": Department.objects.all() if role is Role.FINANCE else None,
        "department": department,
        "department_name": _department_name(department) if department else "",
        "high_total": analytics.HIGH_TOTAL, "low_rate": analytics.LOW_RATE,
    })


def _department_name(department: str) -> str:
    if not department.isdigit():
        return ""
    found = Department.objects.filter(pk=int(department)).values_list("name", flat=True)
    return next(iter(found), "")


urlpatterns = [path("", dashboard, name="dashboard")]
