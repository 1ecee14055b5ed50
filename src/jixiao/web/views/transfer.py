"""Placeholder: imports and exports (filled in by its owner)."""

from __future__ import annotations

from django.urls import path

from jixiao.web.views.placeholder import pending

urlpatterns = [
    path("imports/", pending, name="imports"),
    path("forms/<int:pk>/export.<str:fmt>", pending, name="form_export"),
    path("forms/export/", pending, name="export_selection"),
    path("forms/dataset/", pending, name="export_dataset"),
]
