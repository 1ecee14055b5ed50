"""Placeholder: the public pages (filled in by its owner)."""

from __future__ import annotations

from django.urls import path

from jixiao.web.views.placeholder import pending

urlpatterns = [path("", pending, name="public_forms")]
