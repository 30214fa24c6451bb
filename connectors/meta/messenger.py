"""Messenger and Instagram: intake of `POST /webhooks/meta`, parsing, replies.

`POST /webhooks/meta` carries Messenger (`object: page`) and Instagram
(`object: instagram`) events signed with `X-Hub-Signature-256` (HMAC-SHA256
of the raw body with the app secret). Each message is stored under its `mid`
before the 200; echoes of the page's own messages and read receipts of
Rumbo's messages become delivery receipts.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Blueprint, Response, abort

from connectors.customer import SendError, accept, post_json
from connectors.deps import ChannelSettings, Deps
from connectors.meta.signature import handshake, signed_json, too_old
from crm_core.read_models.inbox import IncomingMessage, OutboundView

logger = logging.getLogger(__name__)

OBJECTS = {"page": "messenger", "instagram": "instagram"}


def split(data: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """Messenger/Instagram events as (external id, kind, item) queue entries."""
    channel = OBJECTS.get(str(data.get("object")))
    if channel is None:
        return []
    items: list[tuple[str, str, dict[str, Any]]] = []
    for entry in data.get("entry") or []:
        for event in entry.get("messaging") or []:
            item = {"channel": channel, "event": event}
            message = event.get("message") or {}
            if message.get("mid") and not message.get("is_echo"):
                items.append((message["mid"], "message", item))
            elif message.get("is_echo") and message.get("mid"):
                items.append((f"echo:{message['mid']}", "status", {**item, "status": "sent",
                                                                   "mid": message["mid"]}))
            for mid in (event.get("delivery") or {}).get("mids") or []:
                items.append((f"delivered:{mid}", "status", {**item, "status": "delivered", "mid": mid}))
            if event.get("read") and event["read"].get("mid"):
                mid = event["read"]["mid"]
                items.append((f"read:{mid}", "status", {**item, "status": "read", "mid": mid}))
            if event.get("postback"):
                key = event["postback"].get("mid") or f"postback:{event.get('sender', {}).get('id')}:{event.get('timestamp')}"
                items.append((key, "message", item))
    return items


def timestamps(data: dict[str, Any]) -> list[float]:
    """Event times in seconds (Meta sends milliseconds)."""
    return [float(e.get("timestamp") or 0) / 1000 for entry in data.get("entry") or []
            for e in entry.get("messaging") or []]


class MetaChannel:
    """Messenger or Instagram through the Send API."""

    def __init__(self, name: str, settings: ChannelSettings) -> None:
        self.name = name
        self.settings = settings

    def incoming(self, payload: dict[str, Any]) -> IncomingMessage:
        """A Messenger/Instagram event as a customer message; attachments keep their type and URL."""
        event = payload["event"]
        sender = str((event.get("sender") or {}).get("id"))
        message = event.get("message") or {}
        attachments = [{"type": a.get("type"), "url": (a.get("payload") or {}).get("url")}
                       for a in message.get("attachments") or []]
        kind, text, meta = "text", message.get("text") or "", {}
        if event.get("postback"):
            kind, text = "interactive", event["postback"].get("title") or event["postback"].get("payload", "")
            meta = {"payload": event["postback"].get("payload")}
        elif attachments:
            kind = attachments[0]["type"] or "unknown"
        elif not text:
            kind, meta = "unknown", {"type": ",".join(sorted(k for k in message if k not in ("mid", "text")))}
        postback = event.get("postback") or {}
        external = message.get("mid") or postback.get("mid") or f"postback:{sender}:{event.get('timestamp')}"
        return IncomingMessage(channel=self.name, external_id=external, thread_key=sender, kind=kind,
                               text=text, attachments=attachments, handle=sender, meta=meta)

    def send(self, outbound: OutboundView) -> str | None:
        """POST /me/messages with the page token, as a RESPONSE inside the messaging window."""
        if not self.settings.messenger_page_token:
            raise SendError(f"{self.name} is off: MESSENGER_PAGE_TOKEN is not set", transient=False)
        answer = post_json(
            f"{self.settings.meta_graph_url}/me/messages",
            {"recipient": {"id": outbound.conversation.thread_key}, "messaging_type": "RESPONSE",
             "message": {"text": outbound.message.text}},
            params={"access_token": self.settings.messenger_page_token})
        return answer.get("message_id")

    @staticmethod
    def receipt(payload: dict[str, Any]) -> tuple[str, str, str | None]:
        """(message id, status, error) of a stored receipt."""
        return payload["mid"], payload["status"], None


def blueprint(deps: Deps) -> Blueprint:
    """GET|POST /webhooks/meta."""
    bp = Blueprint("meta_webhook", __name__)

    @bp.get("/webhooks/meta")
    def verify() -> Response:
        return handshake(deps.settings)

    @bp.post("/webhooks/meta")
    def receive() -> Response:
        data = signed_json(deps.settings)
        if too_old(timestamps(data)):
            logger.warning("refused a replayed meta payload")
            abort(403)
        return accept(deps, "meta", split(data))

    return bp
