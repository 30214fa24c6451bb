"""Low confidence: say what was understood and offer the likely intents as buttons."""

from __future__ import annotations

import json
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.common import response_text
from texts import t

OFFERED = 3
SKIPPED = {"nlu_fallback", "out_of_scope", "affirm", "deny", "thank", "goodbye"}


class Fallback(Action):
    """Offers the two or three intents NLU found most likely, keeping the entities it saw."""

    def name(self) -> str:
        return "action_fallback"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[EventType]:
        message = tracker.latest_message or {}
        language = tracker.get_slot("language") or "es"
        text = message.get("text") or ""
        entities = {e["entity"]: e["value"] for e in message.get("entities", []) if e.get("entity")}
        payload = json.dumps(entities, ensure_ascii=False) if entities else ""
        ranking = [r.get("name") for r in message.get("intent_ranking", []) if r.get("name") != "nlu_fallback"]
        if ranking[:1] == ["move_stage"] and unknown_stage_said(dispatcher, tracker, text, language, entities):
            return []
        buttons = []
        for ranked in message.get("intent_ranking", []):
            intent = ranked.get("name")
            title = response_text(domain, f"utter_intent_{intent}", language)
            if intent in SKIPPED or not title:
                continue
            buttons.append({"title": title, "payload": f"/{intent}{payload}"})
            if len(buttons) == OFFERED:
                break
        if buttons:
            buttons.append({"title": response_text(domain, "utter_intent_help", language), "payload": "/help"})
            dispatcher.utter_message(response="utter_fallback", text_seen=text, buttons=buttons)
        else:
            dispatcher.utter_message(response="utter_fallback_none", text_seen=text)
        return []


def unknown_stage_said(dispatcher: CollectingDispatcher, tracker: Tracker, text: str, language: str,
                       entities: dict[str, Any]) -> bool:
    """A move to a stage that does not exist ("pasa Acme a congelado") is said at once, with the stages as buttons."""
    from actions.common import asker, core
    from actions.forms import match_stage, stage_said, unknown_stage
    from crm_core.services import accounts

    tail = stage_said(text)
    if not tail or match_stage(tail, language) is not None:
        return False
    account_id = None
    who = asker(tracker)
    if who is not None and entities.get("account"):
        found = accounts.resolve_account(core().uow(), who.actor, str(entities["account"]))
        account_id = found.match.id if found.match is not None else None
    unknown_stage(dispatcher, tail, language, account_id)
    return True


class NothingPending(Action):
    """A yes, a no or an emoji with no question open still gets an answer."""

    def name(self) -> str:
        return "action_nothing_pending"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[EventType]:
        dispatcher.utter_message(text=t("writes.nothing_pending", tracker.get_slot("language")),
                                 buttons=[{"title": response_text(domain, "utter_intent_help",
                                                                  tracker.get_slot("language") or "es"),
                                           "payload": "/help"}])
        return []
