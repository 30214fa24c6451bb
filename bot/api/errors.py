"""One error format for the whole gateway: {"error": {"code", "message", "details"}}."""

from __future__ import annotations

import json
import logging
from typing import Any

from apiflask import APIFlask
from apiflask.exceptions import HTTPError
from flask import Response, jsonify, request
from sqlalchemy.exc import DataError, IntegrityError, OperationalError

from crm_core.errors import (
    Ambiguous,
    Conflict,
    DomainError,
    InvalidInput,
    NotFound,
    PermissionDenied,
)

logger = logging.getLogger(__name__)

HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    429: "too_many_requests",
    500: "internal_error",
    503: "unavailable",
}

DOMAIN_STATUS: tuple[tuple[type[DomainError], int], ...] = (
    (NotFound, 404),
    (PermissionDenied, 403),
    (InvalidInput, 422),
    (Ambiguous, 409),
    (Conflict, 409),
)

# The OpenAPI description of the envelope, so the document says what clients really get.
ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "error": {
            "type": "object",
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "details": {"type": "object"},
            },
            "required": ["code", "message", "details"],
        }
    },
}


def error_body(code: str, message: str, details: dict[str, Any] | None = None) -> dict[str, Any]:
    """The error envelope every client of the gateway can rely on."""
    return {"error": {"code": code, "message": message, "details": details or {}}}


def error_response(status: int, code: str, message: str, details: dict[str, Any] | None = None) -> Response:
    """A JSON error response in the common envelope."""
    response = jsonify(error_body(code, message, details))
    response.status_code = status
    return response


def status_of(exc: DomainError) -> int:
    """The HTTP status a domain error stands for."""
    for kind, status in DOMAIN_STATUS:
        if isinstance(exc, kind):
            return status
    return 400


def _http_error(error: HTTPError) -> tuple[dict[str, Any], int, Any]:
    """HTTP errors raised by Flask, APIFlask validation and auth, in the common envelope."""
    status = error.status_code
    code = error.extra_data.get("code") or HTTP_CODES.get(status, "error")
    details = error.detail if isinstance(error.detail, dict) else {}
    message = error.message or "error"
    if status == 422 and "code" not in error.extra_data:
        message = "the request does not match the expected fields"
    if status == 429:
        message = "too many requests; try again after the seconds in Retry-After"
    if status == 400 and not details and message == "Bad Request":
        message = "the request body is not valid JSON"
    return error_body(code, message, details), status, error.headers


def _domain_error(exc: DomainError) -> Response:
    status = status_of(exc)
    logger.info("domain error %s: %s", exc.code, exc.message)
    return error_response(status, exc.code, exc.message, exc.details)


def _database_unavailable(exc: OperationalError) -> Response:
    # A briefly unavailable database answers 503 so callers (and platforms) retry.
    logger.error("database unavailable: %s", exc.__class__.__name__)
    return error_response(503, "unavailable", "the database is unavailable, try again shortly")


def _integrity_error(exc: IntegrityError) -> Response:
    # Unique keys the services do not pre-check (e.g. a custom field key defined twice); a
    # reference to a missing record is a 404, not a clash, so ids tell nothing either way.
    logger.info("integrity error: %s", exc.__class__.__name__)
    if _is_foreign_key(exc):
        return error_response(404, "not_found", "a record this refers to was not found")
    return error_response(409, "conflict", "this clashes with an existing record")


def _is_foreign_key(exc: IntegrityError) -> bool:
    sqlstate = getattr(exc.orig, "sqlstate", None)
    return sqlstate == "23503" or "FOREIGN KEY" in str(exc.orig).upper()


def _data_error(exc: DataError) -> Response:
    # A value the database cannot hold (too long, out of range, NUL byte) is the caller's input.
    logger.info("data error: %s", exc.__class__.__name__)
    return error_response(422, "invalid", "a value is too long, out of range or holds characters that cannot be stored")


def _too_deep(exc: RecursionError) -> Response:
    return error_response(400, "bad_request", "the request body is nested too deeply")


# Below this many brackets a JSON body cannot nest deep enough to exhaust the parser, so
# ordinary bodies are never parsed an extra time.
_BRACKETS_WORTH_CHECKING = 256


def _refuse_deep_json() -> Response | None:
    """A JSON body nested deeper than the parser can follow answers 400 on every route."""
    if not request.is_json or request.content_length is None or request.content_length < _BRACKETS_WORTH_CHECKING:
        return None
    data = request.get_data(cache=True)
    if data.count(b"[") + data.count(b"{") < _BRACKETS_WORTH_CHECKING:
        return None
    try:
        json.loads(data)
    except RecursionError:
        return _too_deep(RecursionError())
    except ValueError:
        return None  # malformed JSON: each route answers it as it always has
    return None


def init_app(app: APIFlask) -> None:
    """Route every error of the app through the common envelope."""
    app.config["VALIDATION_ERROR_SCHEMA"] = ERROR_SCHEMA
    app.config["HTTP_ERROR_SCHEMA"] = ERROR_SCHEMA
    app.error_processor(_http_error)
    app.register_error_handler(DomainError, _domain_error)
    app.register_error_handler(OperationalError, _database_unavailable)
    app.register_error_handler(IntegrityError, _integrity_error)
    app.register_error_handler(DataError, _data_error)
    app.register_error_handler(RecursionError, _too_deep)
    app.before_request(_refuse_deep_json)
