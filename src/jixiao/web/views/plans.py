"""Placeholder: target plans and people (filled in by its owner)."""

from __future__ import annotations

from django.urls import path

from jixiao.web.views.placeholder import pending

urlpatterns = [
    path("plans/", pending, name="plans"),
    path("people/", pending, name="admin_people"),
]
