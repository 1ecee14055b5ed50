"""Who calls the API: a bearer token (`Authorization: Bearer TOKEN`), obtained with a user name
and password at `POST /api/token` under the same throttling as the sign-in page.

Session cookies are deliberately ignored: a program authenticates with its token only, so the
API needs no CSRF protection and a signed-in browser cannot be led to call it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate
from django.http import HttpRequest

from jixiao.web.errors import BadRequest, TooManyRequests, Unauthorized
from jixiao.web.security import (
    clear_login_failures,
    client_address,
    issue_token,
    login_locked,
    record_login_failure,
    user_of_token,
)

#: Our tokens are `jx_` + 43 characters; anything far longer is not one of ours.
MAX_TOKEN_LENGTH = 200
#: Sent with every 401: how to authenticate.
CHALLENGE = {"WWW-Authenticate": 'Bearer realm="jixiao"'}


def bearer_token(request: HttpRequest) -> str:
    """The token of the `Authorization: Bearer …` header; 401 when absent or malformed."""
    header = request.META.get("HTTP_AUTHORIZATION", "").strip()
    if not header:
        raise Unauthorized("缺少访问令牌：请先 POST /api/token 获取令牌，"
                           "再在请求头中加上 Authorization: Bearer 令牌")
    scheme, _, token = header.partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise Unauthorized("Authorization 请求头应为“Bearer 令牌”", code="invalid_token")
    return token


def token_user(request: HttpRequest) -> Any:
    """The active user owning the request's bearer token (401 otherwise)."""
    token = bearer_token(request)
    user = user_of_token(token) if len(token) <= MAX_TOKEN_LENGTH else None
    if user is None:
        raise Unauthorized("访问令牌无效或账号已停用，请重新获取令牌", code="invalid_token")
    return user


def new_token(request: HttpRequest, username: str, password: str) -> str:
    """A token for a correct user name and password; failures count toward the lock (429)."""
    username = username.strip()
    if not username or not password:
        raise BadRequest("请提供 username 和 password", code="invalid_body")
    address = client_address(request)
    if login_locked(username, address):
        minutes = settings.LOGIN_LOCK_SECONDS // 60
        raise TooManyRequests(f"登录失败次数过多，请 {minutes} 分钟后再试，或联系管理员。",
                              code="login_locked")
    user = authenticate(request, username=username, password=password)
    if user is None:
        record_login_failure(username, address)
        raise Unauthorized("用户名或密码不正确。", code="invalid_credentials")
    clear_login_failures(username)
    return issue_token(user)
