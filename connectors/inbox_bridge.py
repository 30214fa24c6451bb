"""Rep replies to the inbox, caught in the reps' own chat before the assistant sees them.

Each customer message is posted to the assigned rep (connectors/rep_inbox.py); what the
rep writes in that Slack thread, or as a Telegram reply to a notification, goes back to
the customer. The rep-channel listeners call `from_slack` / `from_telegram` first: they
return True when the event belonged to an inbox thread, after storing it durably in the
inbox queue (keyed by the platform's event id, so a retry changes nothing); the inbox
worker then does the work.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from connectors.customer import nudge
from crm_core.bootstrap import Core
from crm_core.services import inbox

logger = logging.getLogger(__name__)

ACTIONS = ("inbox_claim", "inbox_reassign", "inbox_resolve", "inbox_template")


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
