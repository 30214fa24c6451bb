"""Opportunities: open one, win it, lose it (after saying why and confirming)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.activities import typed_text
from actions.common import Asker, BusinessAction, core, resolve
from actions.formatting import close_month_end
from actions.writes import first_report
from crm_core.domain.money import parse_amount, read_amount
from crm_core.errors import Missing
from crm_core.read_models.common import AccountRef, OpportunityView
from crm_core.services import currencies, opportunities
from texts import t
from texts.formatting import day_text, money_text


def latest_open(who: Asker, ref: AccountRef) -> OpportunityView | None:
    """The account's most recent open opportunity, the one "ganamos Acme" is about."""
    return opportunities.latest_open(core().uow(), who.actor, ref.id)


class CreateOpportunity(BusinessAction):
    """"abre una oportunidad de 5000 con Acme"."""

    def name(self) -> str:
        return "action_create_opportunity"

    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any],
            who: Asker) -> list[EventType]:
        ref = resolve(dispatcher, tracker, who, "create_opportunity")
        if ref is None:
            return []
        amount = read_amount(tracker.get_slot("amount") or "")
        if amount is None:
            raise Missing("the amount is missing or unreadable", field="amount")
        said = first_report(tracker, "create_opportunity") or typed_text(tracker)
        # "5 mil en pesos" may come as amount "5 mil" with the currency word left in the sentence.
        in_sentence = read_amount(said)
        named = amount.named or (in_sentence.named if in_sentence else None)
        currency = currencies.currency_for(core().uow(), who.actor, named, ref.id)
        closes = close_month_end(" ".join(filter(None, [said, tracker.get_slot("time")])),
                                 datetime.now(ZoneInfo(who.timezone)).date())
        opened = opportunities.open_opportunity(core().uow(), who.actor, account_id=ref.id, value=amount.value,
                                                currency=currency, expected_close=closes)
        dispatcher.utter_message(response="utter_opportunity_created", account=ref.name,
                                 amount=money_text(opened.value, opened.currency, who.language))
        if opened.expected_close is not None:
            dispatcher.utter_message(text=t("writes.close_date", who.language,
                                            day=day_text(opened.expected_close, who.language)))
        return []


class MarkWon(BusinessAction):
    """"ganamos Acme": the latest open opportunity is won and the account becomes a client."""

    def name(self) -> str:
        return "action_mark_won"

    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any],
            who: Asker) -> list[EventType]:
        ref = resolve(dispatcher, tracker, who, "mark_won")
        if ref is None:
            return []
        opportunity = latest_open(who, ref)
        if opportunity is None:
            dispatcher.utter_message(response="utter_no_open_opportunity", account=ref.name)
            return []
        parsed = parse_amount(tracker.get_slot("amount") or "")
        won = opportunities.win_opportunity(core().uow(), who.actor, opportunity.id,
                                            value=parsed[0] if parsed else None)
        dispatcher.utter_message(response="utter_opportunity_won", account=ref.name,
                                 amount=money_text(won.value, won.currency, who.language))
        return []


class ConfirmMarkLost(BusinessAction):
    """Shows which opportunity would be lost and why, and asks yes/no (nothing changes yet)."""

    def name(self) -> str:
        return "action_confirm_mark_lost"

    # The request's slots must survive until the yes arrives.
    keeps_request = True

    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any],
            who: Asker) -> list[EventType]:
        ref = resolve(dispatcher, tracker, who, "mark_lost")
        if ref is None:
            return []
        opportunity = latest_open(who, ref)
        if opportunity is None:
            dispatcher.utter_message(response="utter_no_open_opportunity", account=ref.name)
            return [SlotSet("account_id", None)]
        dispatcher.utter_message(response="utter_confirm_mark_lost", account=ref.name,
                                 reason=tracker.get_slot("reason") or "",
                                 amount=money_text(opportunity.value, opportunity.currency, who.language))
        return [SlotSet("account_id", ref.id)]


class MarkLost(BusinessAction):
    """After the yes: the opportunity is lost with the reason given."""

    def name(self) -> str:
        return "action_mark_lost"

    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any],
            who: Asker) -> list[EventType]:
        ref = resolve(dispatcher, tracker, who, "mark_lost")
        if ref is None:
            return []
        opportunity = latest_open(who, ref)
        if opportunity is None:
            dispatcher.utter_message(response="utter_no_open_opportunity", account=ref.name)
            return []
        reason = tracker.get_slot("reason") or ""
        opportunities.lose_opportunity(core().uow(), who.actor, opportunity.id, reason)
        dispatcher.utter_message(response="utter_opportunity_lost", account=ref.name, reason=reason)
        return []
