"""Build trackers and run actions the way the action server does."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher


def tracker(sender: str, text: str = "", intent: str = "", slots: dict[str, Any] | None = None,
            language: str = "es", timezone: str = "America/Santiago") -> Tracker:
    message = {"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": [],
               "intent_ranking": []}
    return Tracker(sender, {"language": language, "timezone": timezone, "user_id": 1.0, **(slots or {})},
                   message, [{"event": "user", "text": text, "parse_data": message}], False, None, {}, "action_listen")


def run(action: Action, track: Tracker, domain: dict[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, track, domain)
    return dispatcher.messages, events
