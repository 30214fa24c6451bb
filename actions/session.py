"""Session start: who is talking (from the sender id), in which language and timezone."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import asker, core, refuse_stranger
from bot.senders import parse_sender
from crm_core.errors import NotFound
from crm_core.services import users

IDENTITY_SLOTS = ("user_id", "user_name", "language", "timezone", "channel")


class SessionStart(Action):
    """Loads the Rumbo user behind the sender id; strangers are told to ask their admin."""

    def name(self) -> str:
        return "action_session_start"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[EventType]:
        events: list[EventType] = [SessionStarted()]
        parsed = parse_sender(tracker.sender_id)
        user = None
        if parsed is not None:
            try:
                user = users.get_user(core().uow(), parsed[0])
            except NotFound:
                user = None
        if user is None:
            dispatcher.utter_message(response="utter_not_linked")
            events += [SlotSet(name, None) for name in IDENTITY_SLOTS]
        else:
            events += [SlotSet("user_id", user.id), SlotSet("user_name", user.name.split()[0]),
                       SlotSet("language", user.language if user.language in ("es", "en") else "es"),
                       SlotSet("timezone", user.timezone), SlotSet("channel", parsed[1] if parsed else None)]
        events.append(ActionExecuted("action_listen"))
        return events


class Greet(Action):
    """Greets a known user by name; a stranger hears that they are not linked."""

    def name(self) -> str:
        return "action_greet"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[EventType]:
        if asker(tracker) is None or tracker.get_slot("user_id") is None:
            refuse_stranger(dispatcher, tracker)
        else:
            dispatcher.utter_message(response="utter_greet")
        return []
