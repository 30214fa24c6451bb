"""What the rep said, read before anything is written: the task's short title and type, dates that do not exist."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import Asker, core
from actions.formatting import clock_in, impossible_date
from crm_core.domain.filters import AccountFilter
from crm_core.domain.names import search_key
from crm_core.services import accounts
from texts import t

TITLE_LENGTH = 80
_VERB_TYPES = (
    ("call", re.compile(r"\b(llam\w*|telefone\w*|call\w*|phone|ring)\b", re.IGNORECASE)),
    ("meeting", re.compile(r"\b(reuni[oó]n\w*|reun\w+|junta|meet\w*|zoom|meet)\b", re.IGNORECASE)),
    ("visit", re.compile(r"\b(visit\w*|pasar por|ir a ver|drop by)\b", re.IGNORECASE)),
    ("email", re.compile(r"\b(correo|mail\w*|e-mail|email\w*|escribir\w*|cotizaci[oó]n por mail)\b", re.IGNORECASE)),
    ("whatsapp", re.compile(r"\b(whatsapp\w*|wsp|wasap\w*|whats)\b", re.IGNORECASE)),
    ("sms", re.compile(r"\b(sms|mensaje de texto|text message)\b", re.IGNORECASE)),
)
_COMMAND = re.compile(
    r"^\s*(?:oye\s+|porfa\s+|por favor\s+|please\s+|hey\s+)?(?:recu[eé]rdame\s+(?:que\s+)?(?:tengo\s+que\s+)?|"
    r"recordarme\s+|agend[aá](?:me)?\s+|anota(?:me)?\s+|ag[eé]ndame\s+|pon(?:me)?\s+|"
    r"remind me to\s+|remind me\s+|schedule\s+|set up\s+|book\s+|add\s+|i have to\s+|tengo que\s+)+",
    re.IGNORECASE)


def task_type(slot_value: str | None, sentence: str, known: tuple[str, ...]) -> str:
    """The task's type: what NLU saw, else the verb of the sentence, else a to-do."""
    if slot_value in known and slot_value != "note":
        return slot_value
    for kind, verb in _VERB_TYPES:
        if verb.search(sentence):
            return kind
    return "todo"


def task_title(kind: str, account: str | None, sentence: str, time_text: str | None, language: str) -> str:
    """A short title in the rep's language ("Llamar a Café de la Plaza"), not the whole sentence."""
    if account:
        return t(f"writes.task.{kind}", language, account=account)[:TITLE_LENGTH]
    words = sentence
    if time_text:
        words = re.sub(re.escape(time_text), " ", words, flags=re.IGNORECASE)
    clock = clock_in(words)
    words = clock[1] if clock else words
    words = _COMMAND.sub("", words)
    words = re.sub(r"\s+", " ", words).strip(" ,.;:!")
    title = words[:1].upper() + words[1:]
    return (title or sentence)[:TITLE_LENGTH]


def ask_if_impossible(dispatcher: CollectingDispatcher, who: Asker, *texts: str | None) -> bool:
    """Say a day does not exist and ask which one was meant (True); False when every day is real."""
    today = datetime.now(ZoneInfo(who.timezone)).date()
    for text in texts:
        day = impossible_date(text or "", today)
        if day is not None:
            dispatcher.utter_message(text=t("writes.impossible_date", who.language, day=day))
            return True
    return False


def with_clock(time_text: str | None, sentence: str) -> str:
    """The time slot, plus the hour the sentence gave when NLU left it out ("mañana" + "a las 3")."""
    slot = time_text or ""
    if clock_in(slot) is None:
        found = clock_in(sentence)
        if found is not None:
            return f"{slot} a las {found[0].hour}:{found[0].minute:02d}".strip()
    return slot


_NOT_A_REQUEST_END = ("action_listen", "action_session_start", "action_ask_account", "action_fallback",
                      "action_default_fallback", "action_deactivate_loop", "action_two_stage_fallback")


def first_report(tracker: Tracker, intent: str | None = None) -> str:
    """The text of `first_message`."""
    return first_message(tracker, intent).get("text", "").strip()


def first_said(tracker: Tracker, entity: str, intent: str | None = None) -> str | None:
    """An entity of the request's first message (a clarification's "el jueves" does not move the reminder)."""
    found = [e.get("value") for e in (first_message(tracker, intent).get("parse_data") or {}).get("entities", [])
             if e.get("entity") == entity and e.get("value")]
    return str(found[0]) if found else tracker.get_slot(entity)


def first_message(tracker: Tracker, intent: str | None = None) -> dict[str, Any]:
    """The rep's own words for this request: its first message, not the answers to my questions.

    Messages after the last finished request that carry this request's intent count; of
    those the first typed one is the report ("llamé a Cordillera, ..."), so a clarification
    ("la de obras civiles") never replaces it.
    """
    intent = intent or ((tracker.latest_message or {}).get("intent") or {}).get("name")
    typed: list[tuple[dict[str, Any], str | None]] = []
    for event in reversed(tracker.events):
        kind = event.get("event")
        if kind == "action" and _finished_request(event.get("name") or ""):
            break
        if kind == "user":
            text = (event.get("text") or "").strip()
            if text and not text.startswith("/"):
                said = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
                typed.append((event, said))
    typed.reverse()
    for event, said in typed:
        if said == intent:
            return event
    return max((event for event, _ in typed), key=lambda e: len(e.get("text") or ""), default={})


def _finished_request(name: str) -> bool:
    if name in _NOT_A_REQUEST_END or name.startswith(("validate_", "utter_", "action_ask_")):
        return False
    return name.startswith("action_")


def account_named_in(who: Asker, sentence: str) -> int | None:
    """The rep's account whose whole name appears in the sentence (the longest), when NLU tagged none."""
    key = f" {search_key(sentence)} "
    found = accounts.list_accounts(core().uow(), who.actor, AccountFilter(owner_id=who.actor.user_id), limit=500)
    named = [a for a in found.items if f" {search_key(a.name)} " in key]
    return max(named, key=lambda a: len(a.name)).id if named else None


_REMINDER = re.compile(r"\b(?:recu[eé]rd(?:a|e)me|recordarme|av[ií]same|remind me|follow up|ll[aá]mame)\b\s*(?P<when>.*)$",
                       re.IGNORECASE)


def reminder_when(report: str, tagged: str | None) -> str | None:
    """When the follow-up is: the words after "recuérdame" / "remind me" win over another date in the report.

    "quieren 200 cajas para enero, recuérdame el lunes" is a reminder on Monday, not on January 1st.
    """
    match = _REMINDER.search(report or "")
    if match:
        tail = match.group("when").strip(" ,.")
        if tail and (clock_in(tail) or _has_day(tail)):
            return tail
    return tagged


def _has_day(text: str) -> bool:
    return bool(re.search(r"\d|lunes|martes|mi[eé]rcoles|jueves|viernes|s[aá]bado|domingo|ma[ñn]ana|semana|mes|"
                          r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|week|month|today|hoy",
                          text, re.IGNORECASE))
