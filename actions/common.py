"""What every action shares: the core, who is asking, account resolution, error answers."""

from __future__ import annotations

import functools
import json
import logging
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.senders import parse_sender
from bot.settings import Settings
from crm_core.bootstrap import Core, bootstrap
from crm_core.errors import (
    ContactNotFound,
    DomainError,
    ListNotFound,
    ManagersOnly,
    Missing,
    NotFound,
    NotTheAuthor,
    NotYourSprint,
    NotYourTask,
    OpportunityNotFound,
    SprintNotFound,
    TaskClosed,
    TaskNotFound,
    UnknownUser,
)
from crm_core.read_models.common import AccountRef
from crm_core.services import accounts
from crm_core.services.common import Actor

logger = logging.getLogger(__name__)

# Slots that carry one request's details; cleared after each business action so the
# next request starts clean (identity slots such as user_id and language stay).
REQUEST_SLOTS = ("account", "account_id", "account_choices", "contact", "activity_type", "stage",
                 "amount", "time", "list", "sector", "reason", "campaign", "email", "phone",
                 "activity_id", "task_id", "rollover", "undo_token", "country",
                 "new_account")

_core: list[Core] = []


@functools.cache
def settings() -> Settings:
    """The process's settings, read from the environment once (the action server never reloads them)."""
    return Settings.from_env()


def core() -> Core:
    """The CRM core, connected on first use (never at import) and shared by the process."""
    if not _core:
        _core.append(bootstrap(settings().database_url))
    return _core[0]


def use_core(instance: Core) -> None:
    """Make actions use an already bootstrapped core (tests, benchmarks)."""
    _core[:] = [instance]


@dataclass(frozen=True)
class Asker:
    """The Rumbo user behind this conversation, in their language and timezone."""

    actor: Actor
    language: str
    timezone: str


def asker(tracker: Tracker) -> Asker | None:
    """Who asks, from the sender id the gateway set; None for a stranger."""
    parsed = parse_sender(tracker.sender_id)
    if parsed is None:
        return None
    user_id, channel = parsed
    language = tracker.get_slot("language") or "es"
    timezone = tracker.get_slot("timezone") or "America/Santiago"
    return Asker(Actor(user_id, channel), language, timezone)


def clear_request(tracker: Tracker, events: Sequence[EventType] = ()) -> list[EventType]:
    """Events that forget the details of the request just handled.

    Only the slots holding something are reset: Rasa keeps, replays and validates every event
    of a session on each message, so seventeen no-op resets per answer made each later message
    of the session slower.
    """
    set_now = {e.get("name") for e in events if e.get("event") == "slot" and e.get("value") is not None}
    return [SlotSet(name, None) for name in REQUEST_SLOTS if name in set_now or tracker.get_slot(name) is not None]


def response_text(domain: dict[str, Any], name: str, language: str) -> str:
    """The text of a domain response in a language (for button titles and inline labels)."""
    variations = domain.get("responses", {}).get(name, [])
    fallback = ""
    for variation in variations:
        conditions = variation.get("condition") or []
        if not conditions:
            fallback = variation.get("text", "")
        elif any(c.get("name") == "language" and c.get("value") == language for c in conditions):
            return variation.get("text", "")
    return fallback


# Answers for the domain errors reps meet most, by the error's class (the most specific one
# wins); every other error gets the general answer of its kind, so the service's English
# never reaches the chat.
KNOWN_PROBLEMS: dict[type[DomainError], str] = {
    TaskNotFound: "utter_error_task_not_found",
    ListNotFound: "utter_error_list_not_found",
    OpportunityNotFound: "utter_error_opportunity_not_found",
    ContactNotFound: "utter_error_contact_not_found",
    SprintNotFound: "utter_error_sprint_not_found",
    NotTheAuthor: "utter_error_undo_not_author",
    NotYourSprint: "utter_error_not_your_sprint",
    NotYourTask: "utter_error_not_your_task",
    ManagersOnly: "utter_error_goal_managers",
    TaskClosed: "utter_error_task_closed",
}
# A missing value is asked for again, by the field it names.
ASK_FOR = {"reason": "utter_ask_reason", "time": "utter_ask_time", "amount": "utter_ask_amount"}
PROBLEM_KINDS = ("not_found", "forbidden", "invalid", "conflict", "ambiguous")


def known_problem(error: DomainError) -> str | None:
    """The answer written for this kind of error, if any."""
    if isinstance(error, Missing):
        return ASK_FOR.get(error.field)
    return next((KNOWN_PROBLEMS[kind] for kind in type(error).__mro__ if kind in KNOWN_PROBLEMS), None)


def explain(dispatcher: CollectingDispatcher, error: DomainError) -> None:
    """Turn a domain error into an answer in the user's language they can act on."""
    logger.info("domain error %s: %s", error.code, error.message)
    known = known_problem(error)
    if error.details.get("list") and isinstance(error, NotFound):
        dispatcher.utter_message(response="utter_list_unknown", list=error.details["list"])
    elif known is not None:
        dispatcher.utter_message(response=known)
    elif error.code in PROBLEM_KINDS:
        dispatcher.utter_message(response=f"utter_error_{error.code}")
    else:
        dispatcher.utter_message(response="utter_error_invalid")


def told_at_session_start(tracker: Tracker) -> bool:
    """Whether session start has just told this stranger, for the very message being handled."""
    events = tracker.events
    users = [i for i, event in enumerate(events) if event.get("event") == "user"]
    if not users:
        return False
    window = events[(users[-2] + 1 if len(users) > 1 else 0):users[-1]]
    return (any(e.get("event") == "session_started" for e in window)
            and any(e.get("event") == "bot" for e in window))


def refuse_stranger(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """Say "not linked" once per message: not again when session start has just said it."""
    if not told_at_session_start(tracker):
        dispatcher.utter_message(response="utter_not_linked")


class BusinessAction(Action, ABC):
    """An action on the CRM: refuses strangers, explains domain errors, forgets the request."""

    keeps_request = False

    @abstractmethod
    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any],
            who: Asker) -> list[EventType]:
        """Do the work for a known user; domain errors are explained by `run`."""

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[EventType]:
        who = asker(tracker)
        if who is None:
            refuse_stranger(dispatcher, tracker)
            return clear_request(tracker)
        try:
            events = self.act(dispatcher, tracker, domain, who)
        except DomainError as error:
            if isinstance(error, UnknownUser):
                refuse_stranger(dispatcher, tracker)
            else:
                explain(dispatcher, error)
            events = []
        return events + ([] if self.keeps_request else clear_request(tracker, events))


def account_id_of(tracker: Tracker) -> int | None:
    """The account already chosen in this request (a button or a validated form slot)."""
    value = tracker.get_slot("account_id")
    if value is None:
        account = tracker.get_slot("account")
        if isinstance(account, (int, float)) or (isinstance(account, str) and account.strip().isdigit()):
            value = account
    return int(float(value)) if value is not None else None


def choose_account(dispatcher: CollectingDispatcher, intent: str, query: str,
                   candidates: list[AccountRef], extra: dict[str, Any] | None = None) -> None:
    """Offer candidate accounts as buttons that re-send the same intent with the chosen id."""
    buttons = []
    for ref in candidates[:5]:
        payload = json.dumps({**(extra or {}), "account_id": ref.id}, ensure_ascii=False)
        buttons.append({"title": ref.name, "payload": f"/{intent}{payload}"})
    dispatcher.utter_message(response="utter_account_choices", query=query, buttons=buttons)


def resolve(dispatcher: CollectingDispatcher, tracker: Tracker, who: Asker, intent: str) -> AccountRef | None:
    """The account this request is about; offers choices or says nothing matched when unsure."""
    chosen = account_id_of(tracker)
    if chosen is not None:
        view = accounts.get_account(core().uow(), who.actor, chosen)
        return AccountRef(view.id, view.name, 100.0)
    query = (tracker.get_slot("account") or "").strip()
    if not query:
        dispatcher.utter_message(response="utter_ask_account")
        return None
    found = accounts.resolve_account(core().uow(), who.actor, query)
    if found.match is not None:
        return found.match
    if found.candidates:
        choose_account(dispatcher, intent, query, found.candidates)
    else:
        dispatcher.utter_message(response="utter_account_unknown", query=query)
    return None

