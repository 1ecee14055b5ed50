"""A page under construction (temporary: replaced by the module's owner)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse


def pending(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    return HttpResponse("建设中", status=501)
