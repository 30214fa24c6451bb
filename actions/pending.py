"""A pending question never swallows a different request: the question is dropped and the new request handled."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import REQUEST_SLOTS
from texts import t

# Below this the message is more likely an answer NLU misread than a new request.
CONFIDENT = 0.7
# A short reply that fits the question is its answer, whatever intent NLU gave it.
SHORT_ANSWER_WORDS = 4
ANSWERS = frozenset({"affirm", "deny", "thank", "greet", "goodbye", "out_of_scope", "nlu_fallback", "help"})
# Requests that are never the answer to a question, however short ("undo" is not a lost reason).
COMMANDS = frozenset({"undo"})
# Intents whose first step is not `action_<intent>` or `<intent>_form`.
FIRST_ACTION = {"close_sprint": "action_preview_close_sprint", "undo": "action_undo_activity"}
# A request that names its action ("nuevo lead X, contacto Luis ...") is that action, whatever NLU ranked first.
NAMED_ACTIONS = (
    (re.compile(r"\s*(?:nuevo|nueva|new|crea(?:r)?(?:\s+un)?|create(?:\s+a)?|add(?:\s+a)?)\s+(?:lead|prospecto)\b",
                re.IGNORECASE), "create_lead"),
)
_INTENT_ENTITY_SLOTS = {"account_id": "account", "campaign_id": "campaign"}


def first_action(intent: str, domain: dict[str, Any]) -> str | None:
    """The action that starts handling `intent`: its form, its own action, or a known exception."""
    if intent in FIRST_ACTION:
        return FIRST_ACTION[intent]
    if f"{intent}_form" in (domain.get("forms") or {}):
        return f"{intent}_form"
    if f"action_{intent}" in (domain.get("actions") or []):
        return f"action_{intent}"
    return None


def fits_question(text: str, requested: str | None, fits: Any) -> bool:
    """A short reply that the requested slot accepts ("Acme", "propuesta", "el martes") is an answer."""
    words = re.findall(r"\w+", text)
    if len(words) > SHORT_ANSWER_WORDS or not requested:
        return False
    return bool(fits(requested, text))


def interruption(dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any], form: str,
                 fits: Any = lambda _slot, _text: False) -> list[EventType] | None:
    """Events that drop the open question for a confident different request, or None to go on validating.

    The slots the new message set stay; the rest of the old request is forgotten.
    """
    message = tracker.latest_message or {}
    text = (message.get("text") or "").strip()
    named = next((intent for pattern, intent in NAMED_ACTIONS if pattern.match(text)), None)
    if named is not None and form != f"{named}_form":
        return [SlotSet("requested_slot", None), ActiveLoop(None), FollowupAction(f"{named}_form")]
    requested = tracker.get_slot("requested_slot")
    if (tracker.active_loop or {}).get("name") != form or requested is None:
        return None
    intent = (message.get("intent") or {}).get("name") or ""
    confidence = float((message.get("intent") or {}).get("confidence") or 0)
    if text.startswith("/") or intent in ANSWERS or intent == form.removesuffix("_form") or confidence < CONFIDENT:
        return None
    follow = first_action(intent, domain)
    if follow is None or (intent not in COMMANDS and fits_question(text, requested, fits)):
        return None
    said = {_INTENT_ENTITY_SLOTS.get(e.get("entity"), e.get("entity")) for e in message.get("entities", [])}
    dispatcher.utter_message(text=t("writes.question_dropped", tracker.get_slot("language")))
    stale = [SlotSet(name, None) for name in REQUEST_SLOTS if name not in said and tracker.get_slot(name) is not None]
    return [*stale, SlotSet("requested_slot", None), ActiveLoop(None), FollowupAction(follow)]
