"""The shared inbox from chat: which customer conversations wait for the user."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.common import Asker, BusinessAction, core
from crm_core.services import inbox
from texts import t


class InboxPending(BusinessAction):
    """Conversations waiting for an answer, oldest first."""

    def name(self) -> str:
        return "action_inbox_pending"

    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any],
            who: Asker) -> list[EventType]:
        waiting = inbox.pending_conversations(core().uow(), who.actor)
        if not waiting:
            dispatcher.utter_message(response="utter_inbox_none")
            return []
        lines = [t("assistant.inbox.line", who.language, id=c.id, channel=c.channel,
                   customer=c.contact_name or c.account_name or t("assistant.nothing", who.language),
                   minutes=c.waited_seconds // 60, text=c.last_text[:80]) for c in waiting]
        dispatcher.utter_message(response="utter_inbox_pending", count=len(waiting), lines="\n".join(lines))
        return []
