"""WhatsApp Cloud API: `GET|POST /webhooks/whatsapp` in, Graph API `/{phone-number-id}/messages` out.

A POST is verified (`X-Hub-Signature-256`), split into one queue entry per
message (keyed by its `wamid`, so Meta's retries change nothing) and per
status update, stored, and only then acknowledged. Outside the 24-hour
customer-service window only a template may be sent (the inbox service
refuses free text there).
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

CHANNEL = "whatsapp"
MEDIA = ("image", "audio", "video", "document", "sticker")


def split(data: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """One (external id, kind, item) per message and per status update of a webhook body."""
    items: list[tuple[str, str, dict[str, Any]]] = []
    if data.get("object") != "whatsapp_business_account":
        return items
    for entry in data.get("entry") or []:
        for change in entry.get("changes") or []:
            value = change.get("value") or {}
            profiles = {c.get("wa_id"): (c.get("profile") or {}).get("name") for c in value.get("contacts") or []}
            for message in value.get("messages") or []:
                items.append((str(message["id"]), "message",
                              {"message": message, "profile_name": profiles.get(message.get("from")),
                               "metadata": value.get("metadata") or {}}))
            for status in value.get("statuses") or []:
                items.append((f"status:{status['id']}:{status.get('status')}", "status", {"status": status}))
    return items


def timestamps(data: dict[str, Any]) -> list[float]:
    """Message and status times (seconds) of a webhook body."""
    found: list[float] = []
    for entry in data.get("entry") or []:
        for change in entry.get("changes") or []:
            value = change.get("value") or {}
            for item in (value.get("messages") or []) + (value.get("statuses") or []):
                try:
                    found.append(float(item.get("timestamp") or 0))
                except (TypeError, ValueError):
                    continue
    return found


def _content(message: dict[str, Any]) -> tuple[str, str, list[dict[str, Any]], dict[str, Any]]:
    """(kind, text, attachments, meta) of a WhatsApp message; unknown types are kept as such."""
    kind = str(message.get("type") or "unknown")
    if kind == "text":
        return "text", (message.get("text") or {}).get("body", ""), [], {}
    if kind in MEDIA:
        media = message.get(kind) or {}
        attachment = {"type": kind, "id": media.get("id"), "mime_type": media.get("mime_type"),
                      "caption": media.get("caption"), "filename": media.get("filename")}
        return kind, media.get("caption") or "", [attachment], {}
    if kind == "location":
        place = message.get("location") or {}
        text = " ".join(str(place[k]) for k in ("name", "address") if place.get(k))
        return "location", text or f"{place.get('latitude')},{place.get('longitude')}", [
            {"type": "location", **{k: place.get(k) for k in ("latitude", "longitude", "name", "address")}}], {}
    if kind == "interactive":
        reply = message.get("interactive") or {}
        chosen = reply.get("button_reply") or reply.get("list_reply") or {}
        return "interactive", chosen.get("title", ""), [], {"reply_id": chosen.get("id"), "type": reply.get("type")}
    if kind == "button":
        button = message.get("button") or {}
        return "interactive", button.get("text", ""), [], {"payload": button.get("payload")}
    # Unknown or unsupported types (reaction, contacts, order, "unsupported"…) are kept, never dropped.
    return "unknown", "", [], {"type": kind, "raw": {k: v for k, v in message.items() if k not in ("from", "id")}}


class WhatsAppChannel:
    """WhatsApp Cloud API as a customer channel."""

    name = CHANNEL

    def __init__(self, settings: ChannelSettings) -> None:
        self.settings = settings

    def incoming(self, payload: dict[str, Any]) -> IncomingMessage:
        """A stored WhatsApp message as a customer message; the sender's number is the thread."""
        message = payload["message"]
        kind, text, attachments, meta = _content(message)
        sender = str(message.get("from"))
        return IncomingMessage(channel=CHANNEL, external_id=str(message["id"]), thread_key=sender, kind=kind,
                               text=text, attachments=attachments, sender_name=payload.get("profile_name"),
                               phone=sender, meta=meta)

    @staticmethod
    def receipt(payload: dict[str, Any]) -> tuple[str, str, str | None]:
        """(wamid, status, error) of a stored status update."""
        status = payload["status"]
        errors = status.get("errors") or []
        error = "; ".join(f"{e.get('code')}: {e.get('title')}" for e in errors) or None
        return str(status["id"]), str(status.get("status")), error

    def send(self, outbound: OutboundView) -> str | None:
        """Send text (or the configured template) through the Graph API; returns the wamid."""
        if not (self.settings.whatsapp_token and self.settings.whatsapp_phone_number_id):
            raise SendError("whatsapp is off: WHATSAPP_TOKEN or WHATSAPP_PHONE_NUMBER_ID is not set", transient=False)
        message = outbound.message
        body: dict[str, Any] = {"messaging_product": "whatsapp", "recipient_type": "individual",
                                "to": outbound.conversation.thread_key}
        if message.kind == "template":
            body |= {"type": "template", "template": {"name": message.meta["template"],
                                                      "language": {"code": message.meta.get("language", "es")}}}
        else:
            body |= {"type": "text", "text": {"preview_url": False, "body": message.text}}
        answer = post_json(f"{self.settings.meta_graph_url}/{self.settings.whatsapp_phone_number_id}/messages",
                           body, headers={"Authorization": f"Bearer {self.settings.whatsapp_token}"})
        sent = answer.get("messages") or [{}]
        return sent[0].get("id")


def blueprint(deps: Deps) -> Blueprint:
    """GET|POST /webhooks/whatsapp."""
    bp = Blueprint("whatsapp_webhook", __name__)

    @bp.get("/webhooks/whatsapp")
    def verify() -> Response:
        return handshake(deps.settings)

    @bp.post("/webhooks/whatsapp")
    def receive() -> Response:
        data = signed_json(deps.settings)
        if too_old(timestamps(data)):
            logger.warning("refused a replayed whatsapp payload")
            abort(403)
        return accept(deps, CHANNEL, split(data))

    return bp
