"""Outbound messages to reps on their linked channel, and what their buttons do when pressed.

Button payloads are Rasa intents with entities (`/complete_task{"task_id": 12}`), so a
click that reaches the assistant as a user message works there; `handle_action` runs the
same payloads directly against the core, for channel code that wants to answer a click
without a round trip through the assistant. The short `rumbo:task:<id>:done|snooze|tomorrow`
form is accepted too.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
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
from crm_core.bootstrap import Core
from crm_core.domain import schedule
from crm_core.errors import DomainError
from crm_core.persistence.types import utcnow
from crm_core.services import sprints, tasks, users
from crm_core.services.common import Actor
from crm_core.services.notifications import Recipient
from texts import t
from texts.formatting import when_text

logger = logging.getLogger(__name__)

_RASA_PAYLOAD = re.compile(r"^/(?P<intent>\w+)(?P<entities>\{.*\})?$", re.S)
_SHORT_PAYLOAD = re.compile(r"^rumbo:task:(?P<id>\d+):(?P<verb>done|snooze|tomorrow)$")
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


# --- button clicks -----------------------------------------------------------------------------


def parse_payload(payload: str) -> tuple[str, dict[str, Any]] | None:
    """(intent, entities) of a button payload this module understands, else None."""
    short = _SHORT_PAYLOAD.match(payload.strip())
    if short:
        task_id, verb = int(short["id"]), short["verb"]
        if verb == "done":
            return "complete_task", {"task_id": task_id}
        return "reschedule_task", {"task_id": task_id, "time": (SNOOZE_TIME if verb == "snooze" else TOMORROW_TIME)["en"]}
    match = _RASA_PAYLOAD.match(payload.strip())
    if not match:
        return None
    try:
        entities = json.loads(match["entities"] or "{}")
    except json.JSONDecodeError:
        return None
    intent = match["intent"]
    if intent == "complete_task" and isinstance(entities.get("task_id"), int):
        return intent, entities
    if intent == "reschedule_task" and isinstance(entities.get("task_id"), int) \
            and entities.get("time") in (*SNOOZE_TIME.values(), *TOMORROW_TIME.values()):
        return intent, entities
    if intent == "close_sprint" and isinstance(entities.get("sprint_id"), int) \
            and isinstance(entities.get("rollover"), bool):
        return intent, entities
    return None


def handle_action(core: Core, user_id: int, payload: str, channel: str = "slack",
                  now: datetime | None = None) -> str | None:
    """Run a reminder or sprint button for `user_id`; the reply text, or None when not ours."""
    parsed = parse_payload(payload)
    if parsed is None:
        return None
    intent, entities = parsed
    user = users.get_user(core.uow(), user_id)
    actor = Actor(user_id, channel)
    now = now or utcnow()
    try:
        if intent == "complete_task":
            done = tasks.complete_task(core.uow(), actor, entities["task_id"])
            return t("scheduler.action.done", user.language, task=done.title or done.type)
        if intent == "reschedule_task":
            due = schedule.snoozed(now) if entities["time"] in SNOOZE_TIME.values() else \
                schedule.tomorrow_morning(now, user.timezone)
            moved = tasks.reschedule_task(core.uow(), actor, entities["task_id"], due_at=due)
            return t("scheduler.action.moved", user.language, task=moved.title or moved.type,
                                 when=when_text(due, user.language, user.timezone))
        closed = sprints.close_sprint(core.uow(), actor, entities["sprint_id"], rollover=entities["rollover"])
    except DomainError as exc:
        logger.info("button %s by user %s refused: %s", intent, user_id, exc.message)
        return t("scheduler.action.failed", user.language, reason=exc.message)
    if closed.rolled_into is not None:
        return t("scheduler.sprint.closed", user.language, name=closed.sprint.name,
                             rolled=closed.rolled_over, next=closed.rolled_into.name)
    return t("scheduler.sprint.closed_plain", user.language, name=closed.sprint.name)
