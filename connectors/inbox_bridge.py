"""The inbox in the reps' own chat: a Slack thread (or Telegram message) per conversation.

Each customer message is posted to the assigned rep; what the rep writes in
that Slack thread, or as a Telegram reply to a notification, goes back to
the customer. The rep-channel listeners call `from_slack` / `from_telegram`
first: they return True when the event belonged to an inbox thread, after
storing it durably in the inbox queue (keyed by the platform's event id,
so a retry changes nothing); the inbox worker then does the work.
"""

from __future__ import annotations

import hashlib
import html
import logging
from typing import TYPE_CHECKING, Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from telegram.constants import ParseMode
from telegram.error import TelegramError

from connectors.customer import nudge
from connectors.deps import ChannelSettings
from connectors.telegram.render import html_text, keyboard
from crm_core.bootstrap import Core
from crm_core.errors import Conflict, DomainError
from crm_core.read_models.inbox import Received
from crm_core.services import inbox, users
from crm_core.services.common import Actor

if TYPE_CHECKING:
    from connectors.telegram.client import TelegramClient

logger = logging.getLogger(__name__)

ACTIONS = ("inbox_claim", "inbox_reassign", "inbox_resolve", "inbox_template")
CHANNEL_NAMES = {"whatsapp": "WhatsApp", "messenger": "Messenger", "instagram": "Instagram",
                 "telegram": "Telegram", "widget": "Web chat", "email": "Email"}
TEXTS = {
    "es": {
        "new": "Nueva conversación por {channel} de *{name}*{lead}",
        "lead": " (nuevo cliente potencial)",
        "hint": "Responde en este hilo para contestarle.",
        "tg_hint": "Responde a este mensaje para contestarle.",
        "claim": "Tomar", "reassign": "Reasignar", "resolve": "Resolver", "template": "Enviar plantilla",
        "claimed": "Tomaste la conversación {id}.", "reassigned": "Conversación {id} reasignada.",
        "resolved": "Conversación {id} resuelta.", "template_sent": "Plantilla en camino.",
        "window": "No envié tu mensaje: el cliente escribió hace más de 24 horas y WhatsApp solo permite "
                  "una plantilla aprobada ({template}).",
        "no_template": "No hay plantilla de WhatsApp configurada; pide a un administrador que la configure.",
        "failed": "No pude entregar el mensaje al cliente: {error}",
        "stranger": "Tu cuenta de chat no está vinculada a Rumbo; no envié nada al cliente.",
        "error": "No pude hacerlo: {error}",
    },
    "en": {
        "new": "New {channel} conversation from *{name}*{lead}",
        "lead": " (new lead)",
        "hint": "Reply in this thread to answer them.",
        "tg_hint": "Reply to this message to answer them.",
        "claim": "Claim", "reassign": "Reassign", "resolve": "Resolve", "template": "Send template",
        "claimed": "You took conversation {id}.", "reassigned": "Conversation {id} reassigned.",
        "resolved": "Conversation {id} resolved.", "template_sent": "Template on its way.",
        "window": "I did not send your message: the customer wrote more than 24 hours ago and WhatsApp "
                  "only allows an approved template ({template}).",
        "no_template": "No WhatsApp template is configured; ask an admin to set one.",
        "failed": "I could not deliver the message to the customer: {error}",
        "stranger": "Your chat account is not linked to Rumbo; nothing was sent to the customer.",
        "error": "I could not do that: {error}",
    },
}


def _text(language: str, key: str, **values: Any) -> str:
    return TEXTS.get(language, TEXTS["es"])[key].format(**values)


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:40]


def _store(core: Core, external_id: str, kind: str, payload: dict[str, Any]) -> None:
    if inbox.enqueue(core.uow(), "rep", [(external_id, kind, payload)]):
        nudge()


def route_rep_reply(core: Core, provider: str, channel_id: str, thread_id: str | None,
                    user_external_id: str, text: str, event_id: str | None = None) -> bool:
    """True when the message answers an inbox thread; it is then stored for the worker to send."""
    if not thread_id or not text:
        return False
    if inbox.find_thread(core.uow(), provider, str(channel_id), str(thread_id)) is None:
        return False
    key = event_id or _digest(f"{channel_id}:{thread_id}:{user_external_id}:{text}")
    _store(core, f"{provider}:{key}", "rep_reply", {
        "provider": provider, "chat_id": str(channel_id), "thread_id": str(thread_id),
        "user": str(user_external_id), "text": text})
    return True


def route_rep_action(core: Core, provider: str, action: str, conversation_id: int, user_external_id: str,
                     chat_id: str, thread_id: str | None, event_id: str) -> bool:
    """True when a button belongs to the inbox (claim, reassign, resolve, template); stored for the worker."""
    if action not in ACTIONS:
        return False
    _store(core, f"{provider}:{event_id}", "rep_action", {
        "provider": provider, "action": action, "conversation_id": int(conversation_id),
        "user": str(user_external_id), "chat_id": str(chat_id), "thread_id": thread_id})
    return True


def from_slack(core: Core, body: dict[str, Any]) -> bool:
    """Slack hook: True when `body` is a reply in an inbox thread or an inbox button (already stored)."""
    if body.get("type") == "event_callback":
        event = body.get("event") or {}
        if event.get("type") != "message" or event.get("bot_id") or event.get("subtype") or not event.get("user"):
            return False
        thread = event.get("thread_ts")
        if not thread or thread == event.get("ts"):
            return False
        return route_rep_reply(core, "slack", str(event.get("channel")), str(thread), str(event["user"]),
                               event.get("text") or "", event_id=body.get("event_id"))
    if body.get("type") == "block_actions":
        action = (body.get("actions") or [{}])[0]
        if action.get("action_id") not in ACTIONS:
            return False
        message = body.get("message") or {}
        return route_rep_action(core, "slack", action["action_id"], int(action.get("value") or 0),
                                str((body.get("user") or {}).get("id")), str((body.get("channel") or {}).get("id")),
                                message.get("thread_ts") or message.get("ts"),
                                _digest(str(body.get("trigger_id") or action.get("action_ts"))))
    return False


def from_telegram(core: Core, update: dict[str, Any]) -> bool:
    """Telegram hook: True when `update` replies to an inbox notification or presses an inbox button."""
    message = update.get("message") or {}
    replied = message.get("reply_to_message") or {}
    if replied and message.get("text") and message.get("from"):
        return route_rep_reply(core, "telegram", str(message["chat"]["id"]), str(replied.get("message_id")),
                               str(message["from"]["id"]), message["text"], event_id=str(update.get("update_id")))
    query = update.get("callback_query") or {}
    data = str(query.get("data") or "")
    if data.startswith("inbox_") and ":" in data and query.get("from"):
        action, conversation_id = data.split(":", 1)
        origin = query.get("message") or {}
        return route_rep_action(core, "telegram", action, int(conversation_id), str(query["from"]["id"]),
                                str((origin.get("chat") or {}).get("id")), str(origin.get("message_id")),
                                str(update.get("update_id")))
    return False


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

    def _buttons(self, language: str, conversation_id: int, template: bool = False) -> list[dict[str, Any]]:
        names = ("inbox_template",) if template else ("inbox_claim", "inbox_reassign", "inbox_resolve")
        return [{"type": "button", "action_id": name, "value": str(conversation_id),
                 "text": {"type": "plain_text", "text": _text(language, name.removeprefix("inbox_"))}}
                for name in names]

    def _notify_slack(self, received: Received, language: str, slack_user: str, rep_id: int) -> None:
        assert self.slack is not None
        conversation = received.conversation
        threads = inbox.threads_of(self.core.uow(), conversation.id, "slack")
        if not threads:
            channel = self.slack.conversations_open(users=slack_user)["channel"]["id"]
            header = _text(language, "new", channel=CHANNEL_NAMES.get(conversation.channel, conversation.channel),
                           name=received.contact_name, lead=_text(language, "lead") if received.new_lead else "")
            root = self.slack.chat_postMessage(channel=channel, text=header, blocks=[
                {"type": "section", "text": {"type": "mrkdwn", "text": f"{header}\n{_text(language, 'hint')}"}},
                {"type": "actions", "elements": self._buttons(language, conversation.id)},
            ])
            inbox.link_thread(self.core.uow(), conversation.id, "slack", root["channel"], root["ts"], rep_id)
            threads = inbox.threads_of(self.core.uow(), conversation.id, "slack")
        thread = threads[0]
        self.slack.chat_postMessage(channel=thread.chat_id, thread_ts=thread.thread_id,
                                    text=f"*{received.contact_name}:* {received.message.display_text()}")

    def _telegram(self, chat_id: str, text: str, rows: list[list[tuple[str, str]]] | None = None,
                  reply_to: str | None = None) -> int:
        """Send an HTML message through the process's Telegram client; its message id."""
        assert self.telegram is not None
        bot = self.telegram.bot
        sent = self.telegram.call(lambda: bot.send_message(
            chat_id, text, parse_mode=ParseMode.HTML, reply_markup=keyboard(rows) if rows else None,
            reply_to_message_id=int(reply_to) if reply_to else None))
        return sent.message_id

    def _notify_telegram(self, received: Received, language: str, chat_id: str, rep_id: int) -> None:
        conversation = received.conversation
        channel = CHANNEL_NAMES.get(conversation.channel, conversation.channel)
        text = (f"💬 {html.escape(channel)} · <b>{html.escape(received.contact_name)}</b> (#{conversation.id})\n"
                f"{html.escape(received.message.display_text())}\n\n<i>{_text(language, 'tg_hint')}</i>")
        rows = [[(_text(language, name), f"inbox_{name}:{conversation.id}") for name in ("claim", "reassign", "resolve")]]
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
            self.slack.chat_postMessage(channel=payload["chat_id"], thread_ts=payload["thread_id"], text=text, blocks=[
                {"type": "section", "text": {"type": "mrkdwn", "text": text}},
                {"type": "actions", "elements": self._buttons(language, conversation_id, template=True)}])
        elif payload["provider"] == "telegram" and self.telegram is not None:
            self._telegram(payload["chat_id"], html_text(text), [[(_text(language, "template"),
                                                                  f"inbox_template:{conversation_id}")]],
                           reply_to=payload["thread_id"])

    def _answer(self, payload: dict[str, Any], language: str, text: str) -> None:
        """A short answer in the thread the rep acted in."""
        try:
            if payload["provider"] == "slack" and self.slack is not None:
                self.slack.chat_postMessage(channel=payload["chat_id"], thread_ts=payload.get("thread_id"), text=text)
            elif payload["provider"] == "telegram" and self.telegram is not None:
                self._telegram(payload["chat_id"], html_text(text))
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
