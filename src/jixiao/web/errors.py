"""Request errors as exception classes carrying their HTTP status and a stable code.

Pages turn them into messages, the API into `{"error": {"code", "message"}}`.
"""

from __future__ import annotations

from typing import Any


class RequestError(Exception):
    """A request that cannot be served as asked; `message` is Chinese."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, code: str | None = None,
                 details: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.details = details or {}


class BadRequest(RequestError):
    status, code = 400, "bad_request"


class Unauthorized(RequestError):
    status, code = 401, "unauthorized"


class Forbidden(RequestError):
    status, code = 403, "forbidden"


class NotFound(RequestError):
    status, code = 404, "not_found"


class Conflict(RequestError):
    status, code = 409, "conflict"


class PreconditionRequired(RequestError):
    status, code = 428, "precondition_required"


class TooLarge(RequestError):
    status, code = 413, "too_large"


class TooManyRequests(RequestError):
    status, code = 429, "too_many_requests"
