"""What every customer channel shares: the durable intake, the worker's wake-up, sending replies."""

from __future__ import annotations

import threading
import time
from datetime import timedelta
from typing import Any, Protocol

import requests
from flask import Response

from connectors.deps import Deps
from crm_core.read_models.inbox import IncomingMessage, OutboundView
from crm_core.services import inbox

SEND_TIMEOUT = 10
# Routing a message costs several times the CPU of acknowledging it; while webhooks keep arriving
# (a store less than BUSY_WINDOW ago) the inbox worker yields to them (see bot/inbox_worker.py).
BUSY_WINDOW = timedelta(milliseconds=250)
WAKE = threading.Event()
_last_store = 0.0


def nudge() -> None:
    """Wake the inbox worker now (something was just stored) instead of at its next poll."""
    global _last_store
    _last_store = time.monotonic()
    WAKE.set()


def stored_lately() -> bool:
    """True while webhooks are being stored by this process."""
    return time.monotonic() - _last_store < BUSY_WINDOW.total_seconds()


def accept(deps: Deps, channel: str, items: list[tuple[str, str, dict[str, Any]]]) -> Response:
    """Store the payload items durably, wake the worker, then acknowledge."""
    stored = inbox.enqueue(deps.core.uow(), channel, items)
    if stored:
        nudge()
    return Response("EVENT_RECEIVED", mimetype="text/plain")


class SendError(Exception):
    """A send the platform refused; `transient` ones (timeouts, 429, 5xx) are retried."""

    def __init__(self, message: str, *, transient: bool) -> None:
        super().__init__(message)
        self.transient = transient


class CustomerChannel(Protocol):
    """One customer platform as the inbox worker sees it."""

    name: str

    def incoming(self, payload: dict[str, Any]) -> IncomingMessage:
        """The customer message held in a stored payload."""

    def send(self, outbound: OutboundView) -> str | None:
        """Send a reply; the platform's message id, if it gives one."""


def post_json(url: str, body: dict[str, Any], headers: dict[str, str] | None = None,
              params: dict[str, str] | None = None) -> dict[str, Any]:
    """POST JSON to a platform API; SendError (transient or not) when it does not accept it."""
    try:
        response = requests.post(url, json=body, headers=headers or {}, params=params, timeout=SEND_TIMEOUT)
    except requests.RequestException as exc:
        raise SendError(f"{type(exc).__name__}: {exc}", transient=True) from exc
    if response.status_code == 429 or response.status_code >= 500:
        raise SendError(f"HTTP {response.status_code}: {response.text[:300]}", transient=True)
    if response.status_code >= 400:
        raise SendError(f"HTTP {response.status_code}: {response.text[:300]}", transient=False)
    try:
        return response.json()
    except ValueError:
        return {}
