"""What every customer channel gives the inbox worker: parse stored payloads, send replies."""

from __future__ import annotations

from typing import Any, Protocol

import requests

from crm_core.read_models.inbox import IncomingMessage, OutboundView

SEND_TIMEOUT = 10


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
