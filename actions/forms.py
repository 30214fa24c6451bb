"""Form validation: every form that asks for an account, an amount, a stage or a time checks it here."""

from __future__ import annotations

import json
import re
from abc import abstractmethod
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import asker, choose_account, core
from actions.formatting import parse_when
from actions.pending import interruption
from actions.writes import account_named_in, ask_if_impossible
from crm_core.domain.money import amount_text, parse_amount
from crm_core.domain.names import search_key
from crm_core.errors import DomainError
from crm_core.read_models.common import Resolution
from crm_core.services import accounts, flow


def match_stage(text: str, language: str) -> str | None:
    """The status key the user meant ("propuesta", "Proposal", "proposal"), or None."""
    wanted = search_key(text)
    for status in flow.list_statuses(core().uow()):
        if wanted in {search_key(status.key), search_key(status.label_es), search_key(status.label_en)}:
            return status.key
    return None


_STAGE_TAIL = re.compile(r"\b(?:a|al|to|into|en|etapa|stage)\s+(?:la\s+|el\s+|the\s+)?(?:etapa\s+|stage\s+)?"
                         r"(?P<stage>[^\s,.;!?]+(?:\s+[^\s,.;!?]+)?)\s*[.!?]*\s*$", re.IGNORECASE)


def stage_said(text: str) -> str | None:
    """The stage a move request ends with ("... a congelado", "... to frozen"), as typed."""
    match = _STAGE_TAIL.search(text or "")
    return match.group("stage") if match else None


def unknown_stage(dispatcher: CollectingDispatcher, query: str, language: str, account_id: int | None = None) -> None:
    """Say the stage is unknown, with the valid ones as buttons that redo the move."""
    extra = {"account_id": account_id} if account_id is not None else {}
    buttons = [{"title": s.label(language),
                "payload": "/move_stage" + json.dumps({**extra, "stage": s.key}, ensure_ascii=False)}
               for s in flow.list_statuses(core().uow())]
    dispatcher.utter_message(response="utter_bad_stage", query=query, stages=stage_names(language), buttons=buttons)


def stage_names(language: str) -> str:
    """The flow's statuses in the user's language, for a hint."""
    return ", ".join(s.label(language) for s in flow.list_statuses(core().uow()))


def fits(tracker: Tracker, slot: str, text: str) -> bool:
    """Whether `text` answers the question for `slot` (an account, a stage, an amount, a time)."""
    who = asker(tracker)
    if who is None:
        return True
    if slot == "account":
        try:
            found = accounts.resolve_account(core().uow(), who.actor, text)
        except DomainError:
            return False
        return found.match is not None or bool(found.candidates)
    if slot == "stage":
        return match_stage(text, who.language) is not None
    if slot == "amount":
        return parse_amount(text) is not None
    if slot == "time":
        return parse_when(text, who.language, who.timezone) is not None
    return True


def _with_stage(tracker: Tracker) -> Tracker:
    """A copy of the tracker whose stage counts as said, to resolve the account without recursing."""
    copy = Tracker.from_dict(tracker.current_state())
    copy.slots["stage"] = "?"
    return copy


class AccountSlotValidation(FormValidationAction):
    """Resolves the typed account name to one account, or offers candidates as buttons."""

    @abstractmethod
    def name(self) -> str:
        """validate_<form>."""

    def form_name(self) -> str:
        return self.name().removeprefix("validate_")

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        dropped = interruption(dispatcher, tracker, domain, self.form_name(), lambda slot, text: fits(tracker, slot, text))
        return dropped if dropped is not None else await super().run(dispatcher, tracker, domain)

    def validate_account(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                         domain: DomainDict) -> dict[str, Any]:
        """Accept an account the user may see; a button's id wins over typed text."""
        who = asker(tracker)
        if who is None:
            return {"account": value}
        found: Resolution | None
        if self.form_name() == "move_stage_form" and not tracker.get_slot("stage"):
            tail = stage_said((tracker.latest_message or {}).get("text") or "")
            if tail and match_stage(tail, who.language) is None and search_key(tail) not in search_key(str(value)):
                # "pasa Acme a congelado": no such stage; say so at once rather than ask which stage.
                resolved = self.validate_account(value, dispatcher, _with_stage(tracker), domain)
                return {**resolved, "stage": tail, "requested_slot": None}
            if tail and match_stage(str(value), who.language) is None and search_key(tail) == search_key(str(value)):
                found = accounts.resolve_account(core().uow(), who.actor, str(value))
                if found.match is None and not found.candidates:
                    return {"account": None, "stage": tail, "requested_slot": None}
        try:
            if isinstance(value, (int, float)) or str(value).strip().isdigit():
                view = accounts.get_account(core().uow(), who.actor, int(float(value)))
                return {"account": view.name, "account_id": view.id, "account_choices": None}
            found = accounts.resolve_account(core().uow(), who.actor, str(value))
        except DomainError:
            found = None
        if found is not None and found.match is not None:
            return {"account": found.match.name, "account_id": found.match.id, "account_choices": None}
        if found is not None and not found.candidates:
            # NLU tagged the wrong words ("piden"); the rep's own account may be named whole in the sentence.
            named = account_named_in(who, (tracker.latest_message or {}).get("text") or "")
            if named is not None:
                view = accounts.get_account(core().uow(), who.actor, named)
                return {"account": view.name, "account_id": view.id, "account_choices": None}
        if found is not None and found.candidates:
            intent = self.form_name().removesuffix("_form")
            choose_account(dispatcher, intent, str(value), found.candidates)
            return {"account": None, "account_choices": [c.id for c in found.candidates]}
        dispatcher.utter_message(response="utter_account_unknown", query=str(value))
        return {"account": None, "account_choices": []}

    async def extract_amount(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> dict[str, Any]:
        """The amount of an opportunity request NLU did not tag ("nueva oportunidad con X por 3,5k")."""
        message = tracker.latest_message or {}
        intent = (message.get("intent") or {}).get("name")
        if tracker.get_slot("amount") or intent not in ("create_opportunity", "mark_won"):
            return {}
        text = message.get("text") or ""
        for entity in message.get("entities", []):
            if entity.get("entity") == "account" and entity.get("value"):
                text = text.replace(str(entity["value"]), " ")
        found = amount_text(text)
        return {"amount": found} if found else {}

    def validate_amount(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                        domain: DomainDict) -> dict[str, Any]:
        """Keep amounts that parse (5000, 12k, USD 800)."""
        if parse_amount(str(value)) is None:
            dispatcher.utter_message(response="utter_bad_amount", query=str(value))
            return {"amount": None}
        return {"amount": str(value)}

    def validate_stage(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                       domain: DomainDict) -> dict[str, Any]:
        """Keep a stage of the sales flow, by key or by its label in either language."""
        language = tracker.get_slot("language") or "es"
        key = match_stage(str(value), language)
        if key is None:
            # The move action says at once that the stage is unknown, with the valid ones as buttons.
            return {"stage": str(value), "requested_slot": None}
        return {"stage": key}

    def validate_time(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                      domain: DomainDict) -> dict[str, Any]:
        """Keep a date/time that dateparser understands in the user's language."""
        who = asker(tracker)
        if who is not None and ask_if_impossible(dispatcher, who, str(value)):
            return {"time": None}
        if who is not None and parse_when(str(value), who.language, who.timezone) is None:
            dispatcher.utter_message(response="utter_bad_time", query=str(value))
            return {"time": None}
        return {"time": str(value)}


def _validation(form: str) -> type[AccountSlotValidation]:
    name = f"Validate{form.title().replace('_', '')}"
    made = type(name, (AccountSlotValidation,),
                {"name": lambda self, _form=form: f"validate_{_form}", "__doc__": f"Validates {form}.",
                 "__module__": __name__})
    # The action server pickles its actions into its worker processes: pickle finds a class by
    # module and name, so each made class must be a name of this module.
    globals()[name] = made
    return made


FORMS = ("log_activity_form", "move_stage_form", "add_contact_form", "create_opportunity_form",
         "mark_won_form", "mark_lost_form", "account_info_form", "add_to_list_form",
         "schedule_task_form", "reschedule_task_form")
VALIDATIONS = [_validation(form) for form in FORMS]


class ValidateCreateLeadForm(FormValidationAction):
    """A new lead's name is new by definition: keep it as typed."""

    def name(self) -> str:
        return "validate_create_lead_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        dropped = interruption(dispatcher, tracker, domain, "create_lead_form", lambda _slot, _text: True)
        return dropped if dropped is not None else await super().run(dispatcher, tracker, domain)

    def validate_account(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                         domain: DomainDict) -> dict[str, Any]:
        """Any non-empty name will do."""
        text = str(value or "").strip()
        return {"account": text or None}


class AskAccount(Action):
    """Asks "¿con qué cuenta?" unless validation just offered choices or said nothing matched."""

    def name(self) -> str:
        return "action_ask_account"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[EventType]:
        if tracker.get_slot("account_choices") is None:
            dispatcher.utter_message(response="utter_ask_account")
        return [SlotSet("account_choices", None)]
