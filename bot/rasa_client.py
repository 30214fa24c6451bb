"""HTTP client for the Rasa server's REST channel (`/webhooks/rest/webhook`).

Every edge that talks to the assistant (Slack, Telegram, the web chat, the
terminal chat) sends the user's text through `send` and renders the list of
bot messages it gets back (`text`, `buttons`, `image`, `custom`).
"""

from __future__ import annotations

import logging
from typing import Any

import requests

from bot import metrics

logger = logging.getLogger(__name__)

REST_PATH = "/webhooks/rest/webhook"
DEFAULT_TIMEOUT = 30.0


class AssistantUnavailable(Exception):
    """The Rasa server could not be reached or failed; the user should retry later."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class RasaClient:
    """Talks to one Rasa server over its REST channel, reusing connections."""

    def __init__(self, base_url: str, timeout: float = DEFAULT_TIMEOUT,
                 session: requests.Session | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self._session = session or requests.Session()

    def send(self, sender_id: str, text: str, metadata: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Send one user message; return the bot's replies in order."""
        body: dict[str, Any] = {"sender": sender_id, "message": text}
        if metadata:
            body["metadata"] = metadata
        url = self.base_url + REST_PATH
        try:
            with metrics.assistant_round_trip():
                response = self._session.post(url, json=body, timeout=self.timeout)
        except requests.Timeout as exc:
            raise AssistantUnavailable(f"the assistant did not answer within {self.timeout:g} s") from exc
        except requests.RequestException as exc:
            raise AssistantUnavailable(f"the assistant is not reachable at {self.base_url}") from exc
        if response.status_code >= 500:
            raise AssistantUnavailable(f"the assistant failed (HTTP {response.status_code})")
        if response.status_code >= 400:
            # A 4xx means our request was wrong, not that Rasa is down: say so loudly.
            raise ValueError(f"Rasa rejected the message (HTTP {response.status_code}): {response.text[:200]}")
        try:
            replies = response.json()
        except ValueError as exc:
            raise AssistantUnavailable("the assistant answered with something that is not JSON") from exc
        logger.info("rasa replied to %s with %s messages", sender_id, len(replies))
        return list(replies or [])

    def close(self) -> None:
        """Release pooled connections."""
        self._session.close()


_default: dict[str, RasaClient] = {}


def send(sender_id: str, text: str, metadata: dict[str, Any] | None = None,
         base_url: str | None = None) -> list[dict[str, Any]]:
    """Send one message to the Rasa server at `base_url` (default: settings' RASA_URL)."""
    if base_url is None:
        from bot import settings

        base_url = settings.current().rasa_url
    client = _default.get(base_url)
    if client is None:
        client = _default[base_url] = RasaClient(base_url)
    return client.send(sender_id, text, metadata)
