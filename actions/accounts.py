"""Accounts: create leads, the summary card, search, contacts, stages, lists."""

from __future__ import annotations

import json
import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.activities import typed_text
from actions.common import Asker, BusinessAction, account_id_of, core, resolve, response_text
from actions.writes import first_report
from crm_core.domain.filters import AccountFilter
from crm_core.domain.names import search_key
from crm_core.domain.places import country_of
from crm_core.errors import NotFound
from crm_core.services import accounts, contacts, flow, leads, lists
from texts import t
from texts.formatting import money_text, when_text

SHOWN = 10


def stage_label(key: str, language: str) -> str:
    """The status label of the sales flow in the user's language."""
    for status in flow.list_statuses(core().uow()):
        if status.key == key:
            return status.label(language)
    return key


class CreateLead(BusinessAction):
    """"nuevo lead Panadería Sol, retail, Chile, contacto Ana Ruiz ana@sol.cl": the lead and its contact.

    An account with the same or a very close name gets a question first; nothing is written until
    the rep says it is another company.
    """

    def name(self) -> str:
        return "action_create_lead"

    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any],
            who: Asker) -> list[EventType]:
        name = (tracker.get_slot("account") or "").strip()
        if not name:
            dispatcher.utter_message(response="utter_ask_account")
            return []
        said = first_report(tracker, "create_lead") or typed_text(tracker)
        rest = re.sub(re.escape(name), " ", said, flags=re.IGNORECASE)
        person = contact_in(rest)
        details = {"sector": tracker.get_slot("sector"),
                   "country": tracker.get_slot("country") or country_of(rest),
                   "contact": tracker.get_slot("contact") or person.get("contact"),
                   "email": tracker.get_slot("email") or person.get("email"),
                   "phone": tracker.get_slot("phone") or person.get("phone")}
        made = leads.create_lead(core().uow(), who.actor, name=name, source=who.actor.channel,
                                 confirmed=bool(tracker.get_slot("new_account")), **details)
        if made.similar:
            ask_about_duplicates(dispatcher, who, name, made.similar, details)
            return []
        assert made.account is not None  # written when nothing similar stood in the way
        dispatcher.utter_message(response="utter_lead_created", account=made.account.name)
        extras = [made.account.sector, made.account.country]
        if made.contact is not None:
            extras.append(t("writes.lead.contact", who.language, contact=made.contact.name))
        if any(extras):
            dispatcher.utter_message(text=" · ".join(e for e in extras if e))
        return []


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"\+?\d[\d\s-]{6,}\d")
_WORD = r"(?![\w.+-]*@)[^\W\d_]+"
_CONTACT = re.compile(rf"\b(?:contacto|contact|hablar con|talk to)\s*:?\s+(?:es\s+|is\s+)?"
                      rf"(?P<name>{_WORD}(?:\s+{_WORD}){{0,2}})", re.IGNORECASE)
_NOT_NAME = {"email", "mail", "correo", "tel", "telefono", "teléfono", "phone", "fono", "cel", "celular", "y", "and"}


def contact_in(text: str) -> dict[str, str]:
    """The contact a lead request names: "contacto Luis Soto luis@soto.cl +56 9 1234 5678"."""
    found: dict[str, str] = {}
    if (match := _CONTACT.search(text)) is not None:
        words = []
        for word in match.group("name").split():
            if word.lower() in _NOT_NAME:
                break
            words.append(word if word[:1].isupper() else word.capitalize())
        if words:
            found["contact"] = " ".join(words)
    if (email := _EMAIL.search(text)) is not None:
        found["email"] = email.group(0)
    if (phone := _PHONE.search(text)) is not None:
        found["phone"] = phone.group(0).strip()
    return found


def ask_about_duplicates(dispatcher: CollectingDispatcher, who: Asker, name: str, similar: list[Any],
                         details: dict[str, Any]) -> None:
    """"Ya existe X, de Bruno: ¿es esa, o creo otra?" with one button per existing account and one to go on."""
    first = similar[0]
    buttons = [{"title": t("writes.lead.is_that", who.language, account=s.name, owner=s.owner or "—"),
                "payload": "/account_info" + json.dumps({"account_id": s.id})} for s in similar]
    again = {"account": name, "new_account": True, **{k: v for k, v in details.items() if v}}
    buttons.append({"title": t("writes.lead.create_other", who.language),
                    "payload": "/create_lead" + json.dumps(again, ensure_ascii=False)})
    dispatcher.utter_message(text=t("writes.lead.exists", who.language, account=first.name,
                                    owner=first.owner or "—"), buttons=buttons)


class AccountInfo(BusinessAction):
    """The account's summary card: status, owner, potential, contacts, last activity, open tasks."""

    def name(self) -> str:
        return "action_account_info"

    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any],
            who: Asker) -> list[EventType]:
        ref = resolve(dispatcher, tracker, who, "account_info")
        if ref is None:
            return []
        card = accounts.account_summary(core().uow(), who.actor, ref.id)
        none = response_text(domain, "utter_none", who.language)
        currency = card.open_opportunities[0].currency if card.open_opportunities else "USD"
        last = card.last_activities[0] if card.last_activities else None
        dispatcher.utter_message(
            response="utter_account_card",
            account=card.account.name,
            status=card.status_label_en if who.language == "en" else card.status_label_es,
            owner=card.owner_name or none,
            sector=card.account.sector or none,
            potential=money_text(card.potential, currency, who.language),
            opportunities=len(card.open_opportunities),
            contacts=", ".join(c.name for c in card.contacts) or none,
            last_activity=(t("assistant.account.last_activity", who.language,
                             when=when_text(last.occurred_at, who.language, who.timezone), outcome=last.outcome)
                           if last else none),
            tasks=len(card.open_tasks),
        )
        return []


class FindAccounts(BusinessAction):
    """Accounts matching the filters the user said: sector, stage, name."""

    def name(self) -> str:
        return "action_find_accounts"

    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any],
            who: Asker) -> list[EventType]:
        from actions.forms import match_stage

        stage = tracker.get_slot("stage")
        spec = AccountFilter(sector=tracker.get_slot("sector"),
                             status=match_stage(stage, who.language) if stage else None,
                             name=tracker.get_slot("account"))
        found = accounts.list_accounts(core().uow(), who.actor, spec, limit=SHOWN)
        if not found.items:
            dispatcher.utter_message(response="utter_no_accounts_found")
            return []
        lines = "\n".join(t("assistant.accounts.line", who.language, name=a.name,
                             stage=stage_label(a.status, who.language)) for a in found.items)
        dispatcher.utter_message(response="utter_accounts_found", count=found.total, lines=lines)
        return []


class AddContact(BusinessAction):
    """"agrega a Ana Pérez en Acme": a contact with the email and phone that were said."""

    def name(self) -> str:
        return "action_add_contact"

    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any],
            who: Asker) -> list[EventType]:
        ref = resolve(dispatcher, tracker, who, "add_contact")
        if ref is None:
            return []
        contact = contacts.add_contact(core().uow(), who.actor, account_id=ref.id,
                                       name=tracker.get_slot("contact") or "",
                                       email=tracker.get_slot("email"), phone=tracker.get_slot("phone"))
        dispatcher.utter_message(response="utter_contact_added", contact=contact.name, account=ref.name)
        return []


class MoveStage(BusinessAction):
    """"pasa a Acme a propuesta": the account moves to that status of the flow."""

    def name(self) -> str:
        return "action_move_stage"

    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any],
            who: Asker) -> list[EventType]:
        from actions.forms import match_stage, stage_said, unknown_stage

        said = tracker.get_slot("stage") or stage_said(typed_text(tracker)) or ""
        key = match_stage(said, who.language) if said else None
        if key is None:
            # An unknown stage is said at once, before any question about the account.
            unknown_stage(dispatcher, said or "?", who.language, account_id_of(tracker))
            return []
        ref = resolve(dispatcher, tracker, who, "move_stage")
        if ref is None:
            return []
        account = accounts.move_status(core().uow(), who.actor, ref.id, key)
        dispatcher.utter_message(response="utter_stage_moved", account=account.name,
                                 stage=stage_label(account.status, who.language))
        return []


class AddToList(BusinessAction):
    """"agrega Acme a la lista Estratégicas"."""

    def name(self) -> str:
        return "action_add_to_list"

    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any],
            who: Asker) -> list[EventType]:
        ref = resolve(dispatcher, tracker, who, "add_to_list")
        if ref is None:
            return []
        wanted = tracker.get_slot("list") or ""
        found = find_list(who, wanted)
        lists.add_accounts(core().uow(), who.actor, found.id, [ref.id])
        dispatcher.utter_message(response="utter_added_to_list", account=ref.name, list=found.name)
        return []


def find_list(who: Asker, wanted: str) -> Any:
    """The visible list whose name matches what the user typed."""
    key = search_key(wanted)
    visible = lists.list_lists(core().uow(), who.actor)
    for candidate in visible:
        if search_key(candidate.name) == key:
            return candidate
    for candidate in visible:
        if key and key in search_key(candidate.name):
            return candidate
    raise NotFound(f"no list called {wanted!r}", list=wanted)
