"""Meta's webhook security, shared by WhatsApp, Messenger and Instagram: signature, handshake, replay window."""

from __future__ import annotations

import hashlib
import hmac
import logging
import time
from typing import Any

from flask import Response, abort, request

from connectors.deps import ChannelSettings

logger = logging.getLogger(__name__)

# Meta retries a failed delivery for up to 7 days; anything older is a replay, not a retry.
REPLAY_WINDOW_SECONDS = 7 * 24 * 3600


def valid_signature(secret: str | None, body: bytes, header: str | None) -> bool:
    """True when `X-Hub-Signature-256` is the HMAC-SHA256 of the raw body with the app secret."""
    if not secret or not header or not header.startswith("sha256="):
        return False
    expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header.removeprefix("sha256="))


def sign(secret: str, body: bytes) -> str:
    """The `X-Hub-Signature-256` value Meta would send for `body`."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def handshake(settings: ChannelSettings) -> Response:
    """Answer Meta's subscription check: echo `hub.challenge` when the verify token matches."""
    token = request.args.get("hub.verify_token", "")
    if (request.args.get("hub.mode") != "subscribe" or not settings.meta_verify_token
            or not hmac.compare_digest(token, settings.meta_verify_token)):
        logger.warning("meta webhook handshake refused")
        abort(403)
    return Response(request.args.get("hub.challenge", ""), mimetype="text/plain")


def signed_json(settings: ChannelSettings) -> dict[str, Any]:
    """The request's JSON once its signature checks out; 401 otherwise, with nothing stored."""
    body = request.get_data(cache=True)  # raises 413 past MAX_CONTENT_LENGTH, even when chunked
    if not valid_signature(settings.meta_app_secret, body, request.headers.get("X-Hub-Signature-256")):
        logger.warning("refused %s: missing or wrong X-Hub-Signature-256", request.path)
        abort(401)
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        abort(400)
    return data


def too_old(timestamps: list[float], now: float | None = None) -> bool:
    """True when any event is older than Meta's retry window: a replayed payload."""
    now = now or time.time()
    return any(now - ts > REPLAY_WINDOW_SECONDS for ts in timestamps if ts)
