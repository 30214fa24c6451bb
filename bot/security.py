"""The gateway's guards: rate limits, security headers, quiet HTTP client logs, keyed link codes."""

from __future__ import annotations

import hashlib
import logging
import os
import re
import traceback
from collections.abc import Callable, Iterable
from typing import Any, cast

from apiflask import APIBlueprint, APIFlask
from flask import Response, request
from flask.typing import RouteCallable
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

from crm_core.services import users

logger = logging.getLogger(__name__)

# Per token on the REST API, per address and per visitor on the customer widget, per address on
# the web chat's link login. Memory storage by default; RATE_LIMIT_STORAGE_URL=redis://... shares
# the counters between gateway workers; RATE_LIMIT_ENABLED=0 turns them off (load benchmarks).
API_LIMIT = "600/minute"
WIDGET_SESSION_LIMIT = "20/minute;200/hour"
WIDGET_SEND_PER_ADDRESS = "60/minute;600/hour"
WIDGET_SEND_PER_VISITOR = "20/minute"
WIDGET_READ_LIMIT = "120/minute"
CHAT_LOGIN_LIMIT = "10/minute;60/hour"

# Pages the gateway renders itself need no script or style from elsewhere.
HTML_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
               "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
JSON_POLICY = "default-src 'none'; frame-ancestors 'none'"

# Loggers of HTTP clients that put the request URL, and with it a bot token, in INFO lines.
HTTP_CLIENT_LOGGERS = ("httpx", "httpcore", "urllib3", "telegram", "telegram.ext", "slack_sdk", "slack_bolt",
                       "requests")
_SECRET_IN_URL = re.compile(r"(/bot)[0-9]+:[A-Za-z0-9_-]+|(/charts/)[^\s\"'?]+|([?&](?:token|t|access_token)=)[^\s&\"']+")


def _redact(text: str) -> str:
    return _SECRET_IN_URL.sub(lambda m: (m.group(1) or m.group(2) or m.group(3)) + "<redacted>", text)


class RedactSecrets(logging.Filter):
    """Masks bot tokens, signed chart links and login tokens in URLs of a log record."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = _redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and not record.exc_text:
            # a traceback quotes the failing request's URL; formatters reuse exc_text when set
            record.exc_text = _redact("".join(traceback.format_exception(*record.exc_info)).rstrip("\n"))
        return True


def quiet_http_loggers() -> None:
    """Keep HTTP client loggers at WARNING and mask secrets in what they still say."""
    for name in HTTP_CLIENT_LOGGERS:
        client = logging.getLogger(name)
        if client.level == logging.NOTSET or client.level < logging.WARNING:
            client.setLevel(logging.WARNING)
        if not any(isinstance(f, RedactSecrets) for f in client.filters):
            client.addFilter(RedactSecrets())
    from flask.logging import default_handler

    # every place a line can end up without logging set up: root's handlers, Flask's own,
    # and Python's last resort (warnings and errors to stderr)
    for handler in (*logging.getLogger().handlers, default_handler, logging.lastResort):
        if handler is not None and not any(isinstance(f, RedactSecrets) for f in handler.filters):
            handler.addFilter(RedactSecrets())


def _token_key() -> str:
    header = request.headers.get("Authorization", "")
    if header:
        return "token:" + hashlib.sha256(header.encode("utf-8", "replace")).hexdigest()[:32]
    return "address:" + get_remote_address()


def _visitor_key() -> str:
    token = request.headers.get("X-Widget-Token", "")
    if not token:
        body = request.get_json(silent=True)
        token = str(body.get("token") or "") if isinstance(body, dict) else ""
    return "visitor:" + hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()[:32] if token \
        else "address:" + get_remote_address()


def _chat_login_only() -> bool:
    """The web chat page is limited only when it carries a login link."""
    return not request.args.get("t")


def _security_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "no-referrer")
    headers.setdefault("X-Frame-Options", "DENY")
    if response.mimetype == "text/html":
        headers.setdefault("Content-Security-Policy", HTML_POLICY)
    elif response.mimetype == "application/json":
        headers.setdefault("Content-Security-Policy", JSON_POLICY)
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    return response


def _retry_after_only_when_limited(response: Response) -> Response:
    # the limiter sends Retry-After on every answer; it means "you were refused" only with a 429
    if response.status_code != 429:
        response.headers.pop("Retry-After", None)
    return response


def _limit_view(app: APIFlask, limiter: Limiter, endpoint: str, limit: str,
                key: Callable[[], str] | None = None, **options: Any) -> None:
    view = app.view_functions.get(endpoint)
    if view is None:
        logger.info("rate limit for %s not set: no such endpoint", endpoint)
        return
    # the limiter's ParamSpec decorator merges the sync | async RouteCallable union into one callable
    app.view_functions[endpoint] = cast("RouteCallable", limiter.limit(limit, key_func=key, **options)(view))


def init_app(app: APIFlask, api_blueprints: Iterable[APIBlueprint]) -> Limiter:
    """Install the guards on a built gateway (after its blueprints are registered)."""
    settings = app.extensions["rumbo"].settings
    users.use_secret(settings.secret_key)
    quiet_http_loggers()
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", True)
    storage = app.config.get("RATELIMIT_STORAGE_URI") or os.environ.get("RATE_LIMIT_STORAGE_URL") or "memory://"
    app.config.setdefault("RATELIMIT_ENABLED",
                          os.environ.get("RATE_LIMIT_ENABLED", "1").lower() not in ("0", "false", "no"))
    # registered before the limiter's own hook, so it runs after it (Flask runs them in reverse)
    app.after_request(_retry_after_only_when_limited)
    prefix = os.environ.get("RATE_LIMIT_KEY_PREFIX", "rumbo")
    limiter = Limiter(get_remote_address, app=app, storage_uri=storage, strategy="moving-window",
                      headers_enabled=True, key_prefix=prefix)
    for blueprint in api_blueprints:
        limiter.limit(API_LIMIT, key_func=_token_key)(blueprint)
    _limit_view(app, limiter, "widget.session", WIDGET_SESSION_LIMIT)
    _limit_view(app, limiter, "widget.send", WIDGET_SEND_PER_ADDRESS)
    _limit_view(app, limiter, "widget.send", WIDGET_SEND_PER_VISITOR, _visitor_key)
    _limit_view(app, limiter, "widget.receive", WIDGET_READ_LIMIT, _visitor_key)
    _limit_view(app, limiter, "webchat.page", CHAT_LOGIN_LIMIT, exempt_when=_chat_login_only)
    app.after_request(_security_headers)
    app.extensions["rumbo_limiter"] = limiter
    return limiter
