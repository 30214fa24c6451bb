"""Telegram customer bot (`TELEGRAM_CUSTOMER_BOT_TOKEN`): customers write to it, reps answer from the inbox.

`POST /telegram/customer-webhook` must carry `X-Telegram-Bot-Api-Secret-Token`
equal to `TELEGRAM_CUSTOMER_WEBHOOK_SECRET` (its own secret, not the rep
bot's); each update is stored under its `update_id` before the 200.
"""

from __future__ import annotations

import hmac
import logging
from typing import Any

from flask import Blueprint, Response, abort, request
from telegram.error import BadRequest, Forbidden, InvalidToken, TelegramError

from connectors.customer import SendError, accept
from connectors.deps import ChannelSettings, Deps
from connectors.telegram.client import TelegramClient
from crm_core.read_models.inbox import IncomingMessage, OutboundView

logger = logging.getLogger(__name__)

CHANNEL = "telegram"
MEDIA = ("photo", "document", "audio", "voice", "video", "sticker")


def _content(message: dict[str, Any]) -> tuple[str, str, list[dict[str, Any]], dict[str, Any]]:
    if message.get("text") is not None:
        return "text", message["text"], [], {}
    for kind in MEDIA:
        if kind in message:
            media = message[kind][-1] if isinstance(message[kind], list) else message[kind]
            return ("image" if kind == "photo" else kind), message.get("caption") or "", [
                {"type": kind, "id": media.get("file_id"), "mime_type": media.get("mime_type")}], {}
    if "location" in message:
        place = message["location"]
        return "location", f"{place.get('latitude')},{place.get('longitude')}", [{"type": "location", **place}], {}
    known = {"message_id", "from", "chat", "date"}
    return "unknown", "", [], {"type": ",".join(sorted(set(message) - known)) or "unknown"}


class TelegramCustomerChannel:
    """The customer-facing Telegram bot as an inbox channel."""

    name = CHANNEL

    def __init__(self, settings: ChannelSettings) -> None:
        self.settings = settings
        self._client: TelegramClient | None = None

    def incoming(self, payload: dict[str, Any]) -> IncomingMessage:
        """A stored update as a customer message; the chat is the thread."""
        message = payload.get("message") or payload.get("edited_message") or {}
        chat = str((message.get("chat") or {}).get("id"))
        sender = message.get("from") or {}
        name = " ".join(p for p in (sender.get("first_name"), sender.get("last_name")) if p) or sender.get("username")
        language = (sender.get("language_code") or "")[:2]
        kind, text, attachments, meta = _content(message)
        return IncomingMessage(channel=CHANNEL, external_id=f"{chat}:{message.get('message_id')}", thread_key=chat,
                               kind=kind, text=text, attachments=attachments, sender_name=name, handle=chat,
                               language=language if language in ("es", "en") else None, meta=meta)

    def send(self, outbound: OutboundView) -> str | None:
        """sendMessage to the customer's chat."""
        if not self.settings.telegram_customer_bot_token:
            raise SendError("telegram customer bot is off: TELEGRAM_CUSTOMER_BOT_TOKEN is not set", transient=False)
        if self._client is None:
            self._client = TelegramClient(self.settings.telegram_customer_bot_token, self.settings.telegram_api_url)
        bot, chat = self._client.bot, outbound.conversation.thread_key
        try:
            # One attempt: a 429 or an outage is the inbox queue's to retry, with its backoff.
            sent = self._client.call(lambda: bot.send_message(chat, outbound.message.text), attempts=1)
        except (BadRequest, Forbidden, InvalidToken) as exc:
            raise SendError(f"{type(exc).__name__}: {exc}", transient=False) from exc
        except (TelegramError, TimeoutError) as exc:
            raise SendError(f"{type(exc).__name__}: {exc}", transient=True) from exc
        return f"{chat}:{sent.message_id}" if sent.message_id else None


def blueprint(deps: Deps) -> Blueprint:
    """POST /telegram/customer-webhook."""
    bp = Blueprint("telegram_customer_webhook", __name__)

    @bp.post("/telegram/customer-webhook")
    def receive() -> Response:
        settings = deps.settings
        secret = settings.telegram_customer_webhook_secret
        given = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
        if not secret or not hmac.compare_digest(given, secret):
            logger.warning("refused a telegram customer update: wrong or missing secret token")
            abort(401)
        update = request.get_json(silent=True)
        if not isinstance(update, dict) or "update_id" not in update:
            abort(400)
        message = update.get("message") or {}
        if not message or (message.get("chat") or {}).get("type") != "private":
            return Response("", status=200)
        return accept(deps, CHANNEL, [(str(update["update_id"]), "message", update)])

    return bp
