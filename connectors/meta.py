"""Meta platforms: the signature and handshake shared with WhatsApp, and Messenger + Instagram.

`POST /webhooks/meta` carries Messenger (`object: page`) and Instagram
(`object: instagram`) events signed with `X-Hub-Signature-256` (HMAC-SHA256
of the raw body with the app secret). Each message is stored under its `mid`
before the 200; echoes of the page's own messages and read receipts of
Rumbo's messages become delivery receipts.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import time
from typing import Any

from flask import Blueprint, Response, abort, request

from bot.app import rumbo
from bot.settings import Settings
from connectors.customer_channels import SendError, post_json
from crm_core.read_models.inbox import IncomingMessage, OutboundView
from crm_core.services import inbox

logger = logging.getLogger(__name__)

# Meta retries a failed delivery for up to 7 days; anything older is a replay, not a retry.
REPLAY_WINDOW_SECONDS = 7 * 24 * 3600
OBJECTS = {"page": "messenger", "instagram": "instagram"}


def valid_signature(secret: str | None, body: bytes, header: str | None) -> bool:
    """True when `X-Hub-Signature-256` is the HMAC-SHA256 of the raw body with the app secret."""
    if not secret or not header or not header.startswith("sha256="):
        return False
    expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header.removeprefix("sha256="))


def sign(secret: str, body: bytes) -> str:
    """The `X-Hub-Signature-256` value Meta would send for `body`."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def handshake(settings: Settings) -> Response:
    """Answer Meta's subscription check: echo `hub.challenge` when the verify token matches."""
    token = request.args.get("hub.verify_token", "")
    if (request.args.get("hub.mode") != "subscribe" or not settings.meta_verify_token
            or not hmac.compare_digest(token, settings.meta_verify_token)):
        logger.warning("meta webhook handshake refused")
        abort(403)
    return Response(request.args.get("hub.challenge", ""), mimetype="text/plain")


def signed_json(settings: Settings) -> dict[str, Any]:
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


def accept(channel: str, items: list[tuple[str, str, dict[str, Any]]]) -> Response:
    """Store the payload items durably, wake the worker, then acknowledge."""
    from bot.inbox_worker import nudge

    stored = inbox.enqueue(rumbo().core.uow(), channel, items)
    if stored:
        nudge()
    return Response("EVENT_RECEIVED", mimetype="text/plain")


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

    def __init__(self, name: str, settings: Settings) -> None:
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


def blueprint() -> Blueprint:
    """GET|POST /webhooks/meta."""
    bp = Blueprint("meta_webhook", __name__)

    @bp.get("/webhooks/meta")
    def verify() -> Response:
        return handshake(rumbo().settings)

    @bp.post("/webhooks/meta")
    def receive() -> Response:
        data = signed_json(rumbo().settings)
        if too_old(timestamps(data)):
            logger.warning("refused a replayed meta payload")
            abort(403)
        return accept("meta", split(data))

    return bp
