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


class MethodNotAllowed(RequestError):
    status, code = 405, "method_not_allowed"


class InternalError(RequestError):
    status, code = 500, "internal_error"


class Unavailable(RequestError):
    status, code = 503, "unavailable"


def error_body(exc: RequestError) -> dict[str, Any]:
    """The one error shape of JSON answers: `{"error": {"code", "message", …details}}`."""
    body: dict[str, Any] = {"code": exc.code, "message": exc.message}
    body.update({k: v for k, v in exc.details.items() if k not in body})
    return {"error": body}


#: Every error class, for answering by status where only the status is known.
ERRORS: tuple[type[RequestError], ...] = (
    BadRequest, Unauthorized, Forbidden, NotFound, Conflict, PreconditionRequired, TooLarge,
    TooManyRequests, MethodNotAllowed, InternalError, Unavailable)
