"""Security at the edges: the Content Security Policy, login throttling, API tokens."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

#: Scripts and styles only from our own static files (vendored, no CDN); no inline script.
#: Inline style attributes are allowed: ECharts positions its tooltips with them.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; object-src 'none'; "
       "base-uri 'self'; form-action 'self'; frame-ancestors 'none'")


class ContentSecurityPolicy:
    """Adds the Content-Security-Policy header to every response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        return response


def client_address(request: HttpRequest) -> str:
    """The caller's address (behind nginx, the first X-Forwarded-For hop it set)."""
    if getattr(settings, "HTTPS", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()[:64]
    return str(request.META.get("REMOTE_ADDR", ""))[:64]


def login_locked(username: str, address: str) -> bool:
    """Too many recent failures for this user name or from this address."""
    from jixiao.web.models import LoginFailure
    since = timezone.now() - timedelta(seconds=settings.LOGIN_LOCK_SECONDS)
    recent = LoginFailure.objects.filter(at__gte=since)
    limit = settings.LOGIN_MAX_FAILURES
    return (recent.filter(username=username.lower()).count() >= limit
            or recent.filter(address=address).count() >= limit * 4)


def record_login_failure(username: str, address: str) -> None:
    from jixiao.web.models import LoginFailure
    LoginFailure.objects.create(username=username.lower()[:150], address=address)


def clear_login_failures(username: str) -> None:
    from jixiao.web.models import LoginFailure
    LoginFailure.objects.filter(username=username.lower()).delete()


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_token(user: Any) -> str:
    """A new bearer token for `user`; only its hash is stored."""
    from jixiao.web.models import ApiToken
    token = "jx_" + secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, key_hash=hash_token(token))
    return token


def user_of_token(token: str) -> Any | None:
    from jixiao.web.models import ApiToken
    try:
        row = ApiToken.objects.select_related("user").get(key_hash=hash_token(token))
    except ApiToken.DoesNotExist:
        return None
    if not row.user.is_active:
        return None
    now = timezone.now()
    # Recorded to the minute: a write per request would queue every API read behind
    # SQLite's single writer.
    if row.last_used_at is None or now - row.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
    return row.user
