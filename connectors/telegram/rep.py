"""Telegram rep bot (python-telegram-bot v21): webhook or polling, HTML replies, inline keyboards.

The PTB Application runs on the Telegram client's event loop (connectors/telegram/client.py)
with the process's one `Bot`. The webhook route verifies the
secret header, stores the update (its `update_id`) and only then hands it to
PTB's update queue; the handlers drain the sender's queue in a worker thread.
"""

from __future__ import annotations

import asyncio
import hmac
import html
import logging
from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any, TypeVar

import requests
from flask import Blueprint, jsonify, request
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)

from connectors import inbox_bridge
from connectors.deps import ChannelSettings, RepDispatcher
from connectors.telegram.client import TelegramClient
from connectors.telegram.render import CALLBACK_LIMIT, html_text
from crm_core.bootstrap import Core
from crm_core.read_models.common import UserView
from crm_core.services import inbound, users
from crm_core.services.inbound import InboundView

logger = logging.getLogger(__name__)

SOURCE = "telegram"
T = TypeVar("T")


def describe(update: dict[str, Any]) -> tuple[str, str] | None:
    """(update id, Telegram user id) of an update Rumbo answers; None for what it ignores."""
    if "update_id" not in update:
        return None
    message = update.get("message") or {}
    if message.get("text") and (message.get("chat") or {}).get("type") == "private" and message.get("from"):
        return str(update["update_id"]), str(message["from"]["id"])
    query = update.get("callback_query") or {}
    if query.get("data") and query.get("from"):
        return str(update["update_id"]), str(query["from"]["id"])
    return None


async def on_update(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Drain the writer's queue (the update is already stored)."""
    dispatcher: RepDispatcher = context.bot_data["dispatcher"]
    if update.callback_query is not None:
        try:
            await update.callback_query.answer()  # stops the button's spinner
        except Exception:  # noqa: BLE001 - cosmetic; the answer still comes as a message
            logger.warning("could not answer telegram callback query")
    assert update.effective_user is not None  # stored updates have a sender (describe())
    await asyncio.to_thread(dispatcher.drain, SOURCE, str(update.effective_user.id))


async def store_polled(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Polling mode: store each update before handling it; a repeated update stops here."""
    dispatcher: RepDispatcher = context.bot_data["dispatcher"]
    data = update.to_dict()
    # PTB handles a polled batch concurrently; one store at a time, in the order the updates were
    # fetched (the lock is FIFO), keeps a writer's messages in the order they were sent
    async with context.bot_data.setdefault("store_lock", asyncio.Lock()):
        if await asyncio.to_thread(inbox_bridge.from_telegram, dispatcher.core, data):  # an inbox reply
            raise ApplicationHandlerStop
        described = describe(data)
        stored: tuple[str, str] | int | None = described and await asyncio.to_thread(dispatcher.receive, SOURCE, described[0], data, described[1])
    if not stored:
        raise ApplicationHandlerStop


class TelegramRunner:
    """The PTB Application (webhook updates or polling) on the process's Telegram client loop."""

    def __init__(self, settings: ChannelSettings, dispatcher: RepDispatcher, client: TelegramClient) -> None:
        self.settings = settings
        self.client = client
        self.polling = settings.telegram_mode == "polling"
        builder = Application.builder().bot(client.bot).concurrent_updates(64)
        if not self.polling:
            builder = builder.updater(None)
        self.application = builder.build()
        self.application.bot_data["dispatcher"] = dispatcher
        if self.polling:
            self.application.add_handler(TypeHandler(Update, store_polled), group=-1)
        private_text = filters.TEXT & filters.ChatType.PRIVATE
        self.application.add_handler(MessageHandler(private_text, on_update))
        self.application.add_handler(CallbackQueryHandler(on_update))
        self._started = False

    async def _start(self) -> None:
        await self.application.initialize()
        await self.application.start()
        if self.polling and self.application.updater is not None:
            await self.application.updater.start_polling(allowed_updates=["message", "callback_query"])
        logger.info("telegram bot started (%s)", "polling" if self.polling else "webhook")

    def start(self, timeout: float = 30.0) -> None:
        """Start the bot and wait until it is ready to take updates."""
        try:
            self.client.run(self._start(), timeout=timeout)
        except TimeoutError as exc:
            raise RuntimeError("the Telegram bot did not start") from exc
        self._started = True

    def stop(self) -> None:
        """Stop polling and the application, then the client's loop."""
        async def shutdown() -> None:
            if self.application.updater is not None and self.application.updater.running:
                await self.application.updater.stop()
            await self.application.stop()
            await self.application.shutdown()

        if self._started:
            self._started = False
            self.client.run(shutdown(), timeout=10)
            self.client.loop.call_soon_threadsafe(self.client.loop.stop)

    def submit(self, data: dict[str, Any]) -> None:
        """Hand a stored update to PTB."""
        update = Update.de_json(data, self.application.bot)
        self.client.run(self.application.update_queue.put(update), timeout=5)

    def call(self, factory: Callable[[], Awaitable[T]]) -> T:
        """Run a Bot API call through the client, waiting out 429 retry_after."""
        return self.client.call(factory)


def keyboard(event_id: int, index: int, buttons: list[dict[str, Any]]) -> InlineKeyboardMarkup:
    """Inline buttons; a payload too long for callback_data points at the stored reply instead."""
    rows = []
    for j, button in enumerate(buttons):
        payload = str(button.get("payload") or button.get("title") or "")
        data = payload if len(payload.encode()) <= CALLBACK_LIMIT else f"r:{event_id}:{index}:{j}"
        rows.append([InlineKeyboardButton(str(button.get("title") or payload)[:64], callback_data=data)])
    return InlineKeyboardMarkup(rows)


class TelegramChannel:
    """How the dispatcher reads Telegram updates and answers on Telegram."""

    name = "telegram"

    def __init__(self, runner: TelegramRunner, core: Core) -> None:
        self.runner = runner
        self.core = core

    @property
    def bot(self) -> Any:
        return self.runner.application.bot

    def external_id(self, event: InboundView) -> str | None:
        return event.sender

    def identify(self, core: Core, event: InboundView) -> UserView | None:
        return users.identify(core.uow(), "telegram", event.sender or "")

    def text(self, event: InboundView) -> str | None:
        query = event.payload.get("callback_query")
        if query:
            return self._resolve(str(query["data"]))
        return str(event.payload["message"]["text"])

    def _resolve(self, data: str) -> str:
        """The button payload behind callback_data (direct, or a reference to a stored reply)."""
        if not data.startswith("r:"):
            return data
        _, event_id, index, button = data.split(":")
        replies = inbound.get(self.core.uow(), int(event_id)).payload.get("result", {}).get("replies", [])
        return str(replies[int(index)]["buttons"][int(button)]["payload"])

    @staticmethod
    def _chat(event: InboundView) -> int:
        query = event.payload.get("callback_query")
        message = query["message"] if query else event.payload["message"]
        return int(message["chat"]["id"])

    def deliver(self, event: InboundView, replies: list[dict[str, Any]]) -> None:
        chat = self._chat(event)
        if event.payload.get("callback_query"):
            self._show_choice(event.payload["callback_query"])
        for index, reply in enumerate(replies):
            text, buttons = reply.get("text"), reply.get("buttons") or []
            if text or buttons:
                markup = keyboard(event.id, index, buttons) if buttons else None
                body = html_text(str(text or "…"))
                self.runner.call(partial(self.bot.send_message, chat, body, parse_mode=ParseMode.HTML,
                                         reply_markup=markup))
            if reply.get("image"):
                picture = requests.get(str(reply["image"]), timeout=15)
                picture.raise_for_status()
                self.runner.call(partial(self.bot.send_photo, chat, photo=picture.content))
        logger.info("answered telegram event %s with %s messages", event.id, len(replies))

    def notice(self, event: InboundView, text: str) -> None:
        chat = self._chat(event)
        self.runner.call(lambda: self.bot.send_message(chat, html_text(text), parse_mode=ParseMode.HTML))

    def _show_choice(self, query: dict[str, Any]) -> None:
        """Replace the keyboard by the choice made, so the question cannot be answered twice."""
        message = query.get("message") or {}
        rows = (message.get("reply_markup") or {}).get("inline_keyboard") or []
        label = next((b.get("text") for row in rows for b in row if b.get("callback_data") == query["data"]),
                     query["data"])
        text = f"{html.escape(message.get('text') or '')}\n\n→ <b>{html.escape(str(label))}</b>"
        self.runner.call(lambda: self.bot.edit_message_text(
            text, chat_id=message["chat"]["id"], message_id=message["message_id"], parse_mode=ParseMode.HTML))


def blueprint(settings: ChannelSettings, dispatcher: RepDispatcher, runner: TelegramRunner) -> Blueprint:
    """POST /telegram/webhook: secret header checked, update stored, then handed to PTB."""
    bp = Blueprint("telegram", __name__)
    secret = settings.telegram_webhook_secret or ""

    @bp.post("/telegram/webhook")
    def webhook() -> Any:
        given = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
        if not secret or not hmac.compare_digest(given.encode(), secret.encode()):
            logger.warning("telegram webhook refused: wrong secret token")
            return jsonify({"error": {"code": "forbidden", "message": "wrong secret token"}}), 403
        data = request.get_json(silent=True)
        if not isinstance(data, dict):
            return jsonify({"error": {"code": "invalid", "message": "expected a JSON update"}}), 400
        if inbox_bridge.from_telegram(dispatcher.core, data):  # a reply to an inbox notification
            return "", 200
        described = describe(data)
        if described is None or dispatcher.receive(SOURCE, described[0], data, sender=described[1]) is None:
            return "", 200
        try:
            runner.submit(data)
        except Exception:  # noqa: BLE001 - stored already: the retry loop answers it
            logger.exception("could not hand telegram update %s to the bot", described[0])
        return "", 200

    return bp


def setup(settings: ChannelSettings, dispatcher: RepDispatcher, core: Core, client: TelegramClient) -> TelegramRunner:
    """Build and start the rep bot and register its channel with the dispatcher."""
    runner = TelegramRunner(settings, dispatcher, client)
    dispatcher.register(SOURCE, TelegramChannel(runner, core))
    runner.start()
    return runner
