"""One API call as a handler sees it: the request, the caller and the path's parameters."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest


@dataclass(frozen=True)
class Call:
    """`user` is the token's user, or None for the endpoints that need no login;
    `params` are the path's parameters, converted (`{"id": 12, "format": "pdf"}`)."""

    request: HttpRequest
    user: Any
    params: dict[str, Any]
