"""The inbox in the reps' own chat: a Slack thread (or Telegram message) per conversation.

Each customer message is posted to the assigned rep, rendered by the platform's renderer
(connectors/slack/render.py, connectors/telegram/render.py); the rep's replies and buttons
come back through connectors/inbox_bridge.py and the inbox queue, and are carried out here.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from telegram.constants import ParseMode
from telegram.error import TelegramError

from connectors.deps import ChannelSettings
from connectors.slack import render as slack_render
from connectors.telegram import render as telegram_render
from crm_core.bootstrap import Core
from crm_core.errors import Conflict, DomainError
from crm_core.read_models.inbox import Received
from crm_core.services import inbox, users
from crm_core.services.common import Actor
from texts import t

if TYPE_CHECKING:
    from connectors.telegram.client import TelegramClient

logger = logging.getLogger(__name__)


def _text(language: str, key: str, **values: Any) -> str:
    return t(f"inbox_chat.{key}", language, **values)


class RepNotifier:
    """Posts customer messages to the assigned rep and carries out what reps do in their threads."""

    def __init__(self, core: Core, settings: ChannelSettings, slack: WebClient | None = None,
                 telegram: TelegramClient | None = None) -> None:
        self.core = core
        self.settings = settings
        self.slack = slack
        self.telegram = telegram

    # --- customer → rep -------------------------------------------------------------------

    def notify(self, received: Received) -> bool:
        """Show a customer message to the assigned rep in their Slack thread and on Telegram; True when shown."""
        conversation = received.conversation
        if self.slack is None and self.telegram is None:
            return False
        if conversation.assignee_id is None:
            logger.warning("conversation %s has nobody to notify", conversation.id)
            return False
        rep = users.get_user(self.core.uow(), conversation.assignee_id)
        identities = inbox.rep_identities(self.core.uow(), rep.id)
        shown = False
        if self.slack is not None and "slack" in identities:
            self._notify_slack(received, rep.language, identities["slack"], rep.id)
            shown = True
        if self.telegram is not None and "telegram" in identities:
            self._notify_telegram(received, rep.language, identities["telegram"], rep.id)
            shown = True
        return shown

    def _notify_slack(self, received: Received, language: str, slack_user: str, rep_id: int) -> None:
        assert self.slack is not None
        conversation = received.conversation
        threads = inbox.threads_of(self.core.uow(), conversation.id, "slack")
        if not threads:
            channel = self.slack.conversations_open(users=slack_user)["channel"]["id"]
            header, blocks = slack_render.inbox_root(received, language)
            root = self.slack.chat_postMessage(channel=channel, text=header, blocks=blocks)
            inbox.link_thread(self.core.uow(), conversation.id, "slack", root["channel"], root["ts"], rep_id)
            threads = inbox.threads_of(self.core.uow(), conversation.id, "slack")
        thread = threads[0]
        self.slack.chat_postMessage(channel=thread.chat_id, thread_ts=thread.thread_id,
                                    text=slack_render.inbox_message(received))

    def _telegram(self, chat_id: str, text: str, rows: list[list[tuple[str, str]]] | None = None,
                  reply_to: str | None = None) -> int:
        """Send an HTML message through the process's Telegram client; its message id."""
        assert self.telegram is not None
        bot = self.telegram.bot
        sent = self.telegram.call(lambda: bot.send_message(
            chat_id, text, parse_mode=ParseMode.HTML, reply_markup=telegram_render.keyboard(rows) if rows else None,
            reply_to_message_id=int(reply_to) if reply_to else None))
        return sent.message_id

    def _notify_telegram(self, received: Received, language: str, chat_id: str, rep_id: int) -> None:
        conversation = received.conversation
        text, rows = telegram_render.inbox_notification(received, language)
        message_id = self._telegram(chat_id, text, rows)
        inbox.link_thread(self.core.uow(), conversation.id, "telegram", chat_id, str(message_id), rep_id)

    # --- rep → customer ---------------------------------------------------------------------

    def handle_rep_job(self, kind: str, payload: dict[str, Any]) -> None:
        """Carry out a stored rep reply or button press."""
        provider = payload["provider"]
        user = users.identify(self.core.uow(), provider, payload["user"])
        if user is None:
            self._answer(payload, "es", _text("es", "stranger"))
            return
        actor = Actor(user.id, provider)
        try:
            if kind == "rep_reply":
                thread = inbox.find_thread(self.core.uow(), provider, payload["chat_id"], payload["thread_id"])
                if thread is not None:
                    inbox.reply(self.core.uow(), actor, thread.conversation_id, payload["text"])
                return
            feedback = self._act(actor, payload["action"], int(payload["conversation_id"]))
            self._answer(payload, user.language, _text(user.language, feedback, id=payload["conversation_id"]))
        except Conflict as exc:
            if exc.details.get("reason") == "outside_service_window":
                self._outside_window(payload, user.language, exc.details.get("template"))
            else:
                self._answer(payload, user.language, _text(user.language, "error", error=exc.message))
        except DomainError as exc:
            self._answer(payload, user.language, _text(user.language, "error", error=exc.message))

    def _act(self, actor: Actor, action: str, conversation_id: int) -> str:
        uow = self.core.uow()
        if action == "inbox_claim":
            inbox.claim_conversation(uow, actor, conversation_id)
            return "claimed"
        if action == "inbox_reassign":
            inbox.reassign_conversation(uow, actor, conversation_id)
            return "reassigned"
        if action == "inbox_resolve":
            inbox.resolve_conversation(uow, actor, conversation_id)
            return "resolved"
        inbox.send_template(uow, actor, conversation_id)
        return "template_sent"

    def _outside_window(self, payload: dict[str, Any], language: str, template: str | None) -> None:
        if not template:
            self._answer(payload, language, f"{_text(language, 'window', template='-')} {_text(language, 'no_template')}")
            return
        text = _text(language, "window", template=template)
        thread = inbox.find_thread(self.core.uow(), payload["provider"], payload["chat_id"], payload["thread_id"])
        conversation_id = thread.conversation_id if thread else 0
        if payload["provider"] == "slack" and self.slack is not None:
            self.slack.chat_postMessage(channel=payload["chat_id"], thread_ts=payload["thread_id"], text=text,
                                        blocks=slack_render.inbox_template_offer(text, language, conversation_id))
        elif payload["provider"] == "telegram" and self.telegram is not None:
            self._telegram(payload["chat_id"], telegram_render.html_text(text),
                           telegram_render.inbox_template_rows(language, conversation_id), reply_to=payload["thread_id"])

    def _answer(self, payload: dict[str, Any], language: str, text: str) -> None:
        """A short answer in the thread the rep acted in."""
        try:
            if payload["provider"] == "slack" and self.slack is not None:
                self.slack.chat_postMessage(channel=payload["chat_id"], thread_ts=payload.get("thread_id"), text=text)
            elif payload["provider"] == "telegram" and self.telegram is not None:
                self._telegram(payload["chat_id"], telegram_render.html_text(text))
        except (SlackApiError, TelegramError, OSError):
            logger.exception("could not answer the rep on %s", payload["provider"])

    def send_failed(self, conversation_id: int, error: str) -> None:
        """Tell the rep in the conversation's thread that a reply could not be delivered."""
        for provider in ("slack", "telegram"):
            for thread in inbox.threads_of(self.core.uow(), conversation_id, provider)[:1]:
                language = "es"
                if thread.user_id:
                    language = users.get_user(self.core.uow(), thread.user_id).language
                self._answer({"provider": provider, "chat_id": thread.chat_id,
                              "thread_id": thread.thread_id if provider == "slack" else None},
                             language, _text(language, "failed", error=error))
