"""The assistant writes what the rep said: currency, hour, close month, dates that do not exist."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from actions.opportunities import CreateOpportunity
from crm_core.services import accounts, currencies, opportunities
from crm_core.services.common import SYSTEM
from tests.integration.actions.helpers import run, tracker


def opened(core, me, account_id):
    return opportunities.list_opportunities(core.uow(), me, account_id=account_id, status="open").items[-1]


@pytest.mark.parametrize(
    ("country", "amount", "text", "currency", "value"),
    [
        ("CO", "12 millones de pesos", "oportunidad de 12 millones de pesos con Andes", "COP", "12000000"),
        ("CL", "4000 pesos", "abre 4000 pesos con Andes", "CLP", "4000"),
        ("CL", "20 lucas", "oportunidad de 20 lucas con Andes", "CLP", "20000"),
        ("CL", "12 palos", "12 palos con Andes", "CLP", "12000000"),
        ("CL", "USD 800", "oportunidad USD 800 con Andes", "USD", "800"),
        ("CL", "500 euros", "500 euros con Andes", "EUR", "500"),
        ("PE", "3000", "oportunidad de 3000 con Andes", "PEN", "3000"),
        (None, "3,5k", "oportunidad de 3,5k con Andes", "CLP", "3500"),
    ],
)
def test_the_opportunity_is_stored_in_the_currency_the_rep_meant(core, people, domain, country, amount, text,
                                                                 currency, value) -> None:
    me = people.actor(people.rep)
    andes = accounts.create_account(core.uow(), me, name="Andes SpA", country=country)
    messages, _ = run(CreateOpportunity(), tracker(f"{people.rep.id}:slack", text, "create_opportunity", {
        "account": "Andes", "account_id": andes.id, "amount": amount}), domain)
    stored = opened(core, me, andes.id)
    assert (stored.currency, stored.value) == (currency, Decimal(value))
    assert currency in messages[0]["amount"] or "$" in messages[0]["amount"] or "€" in messages[0]["amount"]


def test_without_a_currency_the_accounts_open_opportunities_then_the_team_decide(core, people, domain) -> None:
    me = people.actor(people.rep)
    globex = accounts.create_account(core.uow(), me, name="Globex")
    opportunities.open_opportunity(core.uow(), me, account_id=globex.id, value=100, currency="USD")
    run(CreateOpportunity(), tracker(f"{people.rep.id}:slack", "otra de 900 con Globex", "create_opportunity", {
        "account_id": globex.id, "amount": "900"}), domain)
    assert opened(core, me, globex.id).currency == "USD"
    currencies.set_team_currency(core.uow(), SYSTEM, "Norte", "MXN")
    fresh = accounts.create_account(core.uow(), me, name="Initech")
    run(CreateOpportunity(), tracker(f"{people.rep.id}:slack", "900 con Initech", "create_opportunity", {
        "account_id": fresh.id, "amount": "900"}), domain)
    assert opened(core, me, fresh.id).currency == "MXN"


def test_the_close_month_becomes_the_expected_close_date(core, people, domain) -> None:
    me = people.actor(people.rep)
    acme = accounts.create_account(core.uow(), me, name="Acme", country="CL")
    messages, _ = run(CreateOpportunity(), tracker(f"{people.rep.id}:slack", "oportunidad de 5 palos con Acme, cierre en marzo",
                                                   "create_opportunity", {"account_id": acme.id, "amount": "5 palos"}),
                      domain)
    stored = opened(core, me, acme.id)
    today = datetime.now(ZoneInfo("America/Santiago")).date()
    assert stored.expected_close.month == 3 and stored.expected_close.day == 31
    assert stored.expected_close >= today
    assert "31" in messages[-1]["text"]
