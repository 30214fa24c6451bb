"""Outbound messages to reps on their linked channel, and what their buttons do when pressed.

Button payloads are Rasa intents with entities (`/complete_task{"task_id": 12}`): a click
reaches the assistant as the user's message and its task and sprint actions answer it.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from telegram.constants import ParseMode
from telegram.error import TelegramError

from bot.settings import Settings
from connectors.slack.client import make_client
from connectors.slack.render import render as render_slack
from connectors.telegram.client import TelegramClient
from connectors.telegram.render import html_text, keyboard
from crm_core.services.notifications import Recipient

logger = logging.getLogger(__name__)

_RASA_PAYLOAD = re.compile(r"^/(?P<intent>\w+)(?P<entities>\{.*\})?$", re.S)
# The `time` entity of reschedule buttons, in words the assistant's date parser reads in each language.
SNOOZE_TIME = {"es": "en 1 hora", "en": "in 1 hour"}
TOMORROW_TIME = {"es": "mañana 9:00", "en": "tomorrow 9:00"}
# Telegram keeps 64 bytes of a button's callback_data: compact JSON and short time words keep
# every payload below that for ids up to nine digits.
COMPACT: dict[str, Any] = {"separators": (",", ":"), "ensure_ascii": False}


class DeliveryFailed(Exception):
    """The message could not be handed to any channel of the user."""


@dataclass(frozen=True)
class Button:
    title: str
    payload: str


@dataclass(frozen=True)
class Image:
    png: bytes
    title: str


def complete_payload(task_id: int) -> str:
    return "/complete_task" + json.dumps({"task_id": task_id}, **COMPACT)


def reschedule_payload(task_id: int, time: str) -> str:
    return "/reschedule_task" + json.dumps({"task_id": task_id, "time": time}, **COMPACT)


def close_sprint_payload(sprint_id: int, rollover: bool) -> str:
    return "/close_sprint" + json.dumps({"sprint_id": sprint_id, "rollover": rollover}, **COMPACT)


class Notifier:
    """Sends a text with optional buttons and an optional image to a user's Slack or Telegram."""

    def __init__(self, settings: Settings) -> None:
        self.slack: WebClient | None = None
        self.telegram: TelegramClient | None = None
        if settings.slack_bot_token:
            self.slack = make_client(settings.slack_bot_token, settings.slack_api_url)
        if settings.telegram_bot_token:
            self.telegram = TelegramClient(settings.telegram_bot_token, settings.telegram_api_url)

    def channel_for(self, person: Recipient) -> str | None:
        """The channel a message to this person goes through: Slack first, then Telegram."""
        if self.slack is not None and "slack" in person.addresses:
            return "slack"
        if self.telegram is not None and "telegram" in person.addresses:
            return "telegram"
        return None

    def send(self, person: Recipient, text: str, buttons: Sequence[Button] = (),
             images: Sequence[Image] = ()) -> str:
        """Deliver the message (then its images); returns the channel used, raises DeliveryFailed otherwise."""
        channel = self.channel_for(person)
        try:
            if channel == "slack":
                self._slack(person.addresses["slack"], text, buttons, images)
            elif channel == "telegram":
                self._telegram(person.addresses["telegram"], text, buttons, images)
            else:
                raise DeliveryFailed(f"user {person.user_id} has no channel this scheduler can reach")
        except (SlackApiError, TelegramError, OSError) as exc:
            raise DeliveryFailed(f"{channel}: {type(exc).__name__}: {exc}") from exc
        return channel

    def _slack(self, user: str, text: str, buttons: Sequence[Button], images: Sequence[Image]) -> None:
        assert self.slack is not None
        reply = {"text": text, "buttons": [{"title": b.title, "payload": b.payload} for b in buttons]}
        for post in render_slack([reply]):
            self.slack.chat_postMessage(channel=user, text=post.text, blocks=post.blocks)
        if images:
            dm = self.slack.conversations_open(users=user)["channel"]["id"]
            for image in images:
                self.slack.files_upload_v2(channel=dm, content=image.png, filename="chart.png", title=image.title)

    def _telegram(self, chat: str, text: str, buttons: Sequence[Button], images: Sequence[Image]) -> None:
        assert self.telegram is not None
        client, bot = self.telegram, self.telegram.bot
        markup = keyboard([[(b.title, b.payload)] for b in buttons]) if buttons else None
        client.call(lambda: bot.send_message(chat_id=int(chat), text=html_text(text), parse_mode=ParseMode.HTML,
                                             reply_markup=markup))
        for image in images:
            client.call(partial(bot.send_photo, chat_id=int(chat), photo=image.png, caption=image.title))

    def close(self) -> None:
        """Release the Telegram client and its event loop."""
        if self.telegram is not None:
            self.telegram.close()
