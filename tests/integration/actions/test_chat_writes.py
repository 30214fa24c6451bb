"""The assistant writes what the rep said: currency, hour, close month, dates that do not exist."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.accounts import CreateLead, MoveStage
from actions.activities import LogActivity
from actions.agenda import ScheduleTask
from actions.forms import VALIDATIONS
from actions.opportunities import CreateOpportunity
from crm_core.domain.filters import AccountFilter
from crm_core.services import accounts, activities, contacts, currencies, opportunities, tasks
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


def test_a_task_gets_a_short_title_its_account_and_the_type_of_its_verb(core, people, domain) -> None:
    me = people.actor(people.rep)
    cafe = accounts.create_account(core.uow(), me, name="Café de la Plaza")
    text = "agenda una llamada a cafe de la plaza para mañana a las 3"
    messages, _ = run(ScheduleTask(), tracker(f"{people.rep.id}:slack", text, "schedule_task", {
        "account": "cafe de la plaza", "account_id": cafe.id, "time": "mañana"}), domain)
    task = tasks.list_tasks(core.uow(), me, account_id=cafe.id).items[0]
    due = task.due_at.astimezone(ZoneInfo("America/Santiago"))
    assert (task.title, task.type, task.account_id) == ("Llamar a Café de la Plaza", "call", cafe.id)
    assert (due.hour, due.minute) == (15, 0)
    assert due.date() == datetime.now(ZoneInfo("America/Santiago")).date() + timedelta(days=1)
    assert "Llamar a Café de la Plaza" in messages[0]["task"]


def test_an_english_task_title_is_english(core, people, domain) -> None:
    me = people.actor(people.rep2)
    globex = accounts.create_account(core.uow(), me, name="Globex")
    run(ScheduleTask(), tracker(f"{people.rep2.id}:slack", "set up a meeting with globex tomorrow at 4", "schedule_task",
                                {"account_id": globex.id, "time": "tomorrow at 4"}, language="en",
                                timezone="Europe/Madrid"), domain)
    task = tasks.list_tasks(core.uow(), me, account_id=globex.id).items[0]
    assert (task.title, task.type) == ("Meeting with Globex", "meeting")
    assert task.due_at.astimezone(ZoneInfo("Europe/Madrid")).hour == 16


def test_a_day_that_does_not_exist_is_asked_about_and_nothing_is_written(core, people, domain) -> None:
    me = people.actor(people.rep)
    acme = accounts.create_account(core.uow(), me, name="Acme")
    messages, _ = run(ScheduleTask(), tracker(f"{people.rep.id}:slack", "visita a acme el 30 de febrero",
                                              "schedule_task", {"account_id": acme.id, "time": "el 30 de febrero"}),
                      domain)
    assert "30 de febrero" in messages[0]["text"] and "no existe" in messages[0]["text"]
    assert tasks.list_tasks(core.uow(), me, account_id=acme.id).total == 0


def test_a_clarification_never_replaces_the_reps_report_or_its_time(core, people, domain) -> None:
    me = people.actor(people.rep)
    cordillera = accounts.create_account(core.uow(), me, name="Constructora Cordillera")
    accounts.create_account(core.uow(), me, name="Cordillera Foods")
    report = ("llamé a Cordillera, hablamos 40 minutos con el gerente de obras, quieren cotización de 300 "
              "sacos de cemento y fierro; recuérdame el jueves")

    def said(text, intent, entities=()):
        return {"event": "user", "text": text,
                "parse_data": {"text": text, "intent": {"name": intent, "confidence": 0.9},
                               "entities": [{"entity": e, "value": v} for e, v in entities]}}

    events = [
        {"event": "action", "name": "action_log_activity"},
        said(report, "log_activity", [("account", "Cordillera"), ("time", "el jueves")]),
        {"event": "action", "name": "log_activity_form"},
        said("no, la de obras civiles, el lunes fue otra", "log_activity", [("time", "el lunes")]),
        {"event": "action", "name": "log_activity_form"},
    ]
    track = tracker(f"{people.rep.id}:slack", "no, la de obras civiles, el lunes fue otra", "log_activity", {
        "account_id": cordillera.id, "activity_type": "call", "time": "el lunes"})
    track.events = events
    run(LogActivity(), track, domain)
    logged = activities.list_activities(core.uow(), me, account_id=cordillera.id).items[0]
    assert logged.outcome == report
    due = tasks.list_tasks(core.uow(), me, account_id=cordillera.id).items[0].due_at
    assert due.astimezone(ZoneInfo("America/Santiago")).weekday() == 3


def form_tracker(sender, text, intent, form, requested, slots=None, entities=(), confidence=0.95):
    message = {"text": text, "intent": {"name": intent, "confidence": confidence},
               "entities": [{"entity": e, "value": v} for e, v in entities], "intent_ranking": []}
    return Tracker(sender, {"language": "es", "timezone": "America/Santiago", "user_id": 1.0,
                            "requested_slot": requested, **(slots or {})},
                   message, [{"event": "user", "text": text, "parse_data": message},
                             *({"event": "slot", "name": e, "value": v} for e, v in entities)], False, None,
                   {"name": form}, "action_listen")


def run_validation(name, track, domain):
    dispatcher = CollectingDispatcher()
    validation = next(v for v in VALIDATIONS if v().name() == name)()
    events = asyncio.run(validation.run(dispatcher, track, domain))
    return dispatcher.messages, events


def test_a_confident_other_request_drops_the_open_question(core, people, domain) -> None:
    me = people.actor(people.rep)
    accounts.create_account(core.uow(), me, name="Bruno Ltda")
    track = form_tracker(f"{people.rep.id}:slack", "recuérdame llamar a Bruno Ltda mañana a las 10", "schedule_task",
                         "move_stage_form", "account", {"stage": "negotiation", "account": "Bruno Ltda"},
                         [("account", "Bruno Ltda"), ("time", "mañana a las 10")])
    messages, events = run_validation("validate_move_stage_form", track, domain)
    assert "pregunta anterior" in messages[0]["text"]
    assert {"event": "followup", "name": "schedule_task_form", "timestamp": None} in events
    assert {"event": "active_loop", "name": None, "timestamp": None} in events
    cleared = {e["name"] for e in events if e["event"] == "slot" and e["value"] is None}
    assert "stage" in cleared and "account" not in cleared


def test_an_answer_that_fits_the_question_is_taken_as_the_answer(core, people, domain) -> None:
    me = people.actor(people.rep)
    acme = accounts.create_account(core.uow(), me, name="Acme Ltda")
    track = form_tracker(f"{people.rep.id}:slack", "acme ltda", "account_info", "move_stage_form", "account",
                         {"stage": "proposal", "account": "acme ltda"}, [("account", "acme ltda")])
    messages, events = run_validation("validate_move_stage_form", track, domain)
    assert not any(e["event"] == "followup" for e in events)
    assert {"event": "slot", "name": "account_id", "value": acme.id, "timestamp": None} in events


def test_an_unsure_message_is_still_an_answer(core, people, domain) -> None:
    track = form_tracker(f"{people.rep.id}:slack", "la de obras civiles que te dije ayer en la tarde", "account_info",
                         "log_activity_form", "account", {"account": "la de obras civiles"}, confidence=0.45)
    _, events = run_validation("validate_log_activity_form", track, domain)
    assert not any(e["event"] == "followup" for e in events)


def test_a_lead_keeps_its_country_sector_and_contact(core, people, domain) -> None:
    me = people.actor(people.rep)
    accounts.create_account(core.uow(), me, name="Frutas del Valle", sector="Alimentación")
    text = "nuevo lead: Panadería Andina, sector alimentacion, Chile, contacto Luis Soto luis@andina.cl"
    messages, _ = run(CreateLead(), tracker(f"{people.rep.id}:slack", text, "create_lead", {
        "account": "Panadería Andina", "sector": "alimentacion"}), domain)
    made = next(a for a in accounts.list_accounts(core.uow(), me, AccountFilter()).items if a.name == "Panadería Andina")
    assert (made.sector, made.country) == ("Alimentación", "CL")
    person = contacts.list_contacts(core.uow(), me, account_id=made.id).items
    assert [(c.name, c.email) for c in person] == [("Luis Soto", "luis@andina.cl")]
    assert messages[0]["response"] == "utter_lead_created"


def test_an_existing_account_with_a_close_name_is_asked_about_before_anything_is_written(core, people, domain) -> None:
    other = people.actor(people.rep2)
    accounts.create_account(core.uow(), other, name="Café de la Plaza")
    me = people.actor(people.rep)
    messages, _ = run(CreateLead(), tracker(f"{people.rep.id}:slack", "nuevo lead cafe de la plaza", "create_lead", {
        "account": "cafe de la plaza"}), domain)
    assert "Ya existe Café de la Plaza, de Raul" in messages[0]["text"]
    titles = [b["title"] for b in messages[0]["buttons"]]
    assert len(titles) == len(set(titles)) == 2
    assert accounts.list_accounts(core.uow(), SYSTEM, AccountFilter()).total == 1
    again = messages[0]["buttons"][-1]["payload"]
    assert again.startswith("/create_lead") and '"new_account": true' in again
    run(CreateLead(), tracker(f"{people.rep.id}:slack", again, "create_lead", {
        "account": "cafe de la plaza", "new_account": True}), domain)
    assert accounts.list_accounts(core.uow(), SYSTEM, AccountFilter()).total == 2
    assert me.user_id


def test_an_unknown_stage_is_said_at_once_with_the_stages_as_buttons(core, people, domain) -> None:
    me = people.actor(people.rep)
    acme = accounts.create_account(core.uow(), me, name="Acme")
    messages, _ = run(MoveStage(), tracker(f"{people.rep.id}:slack", "pasa Acme a congelado", "move_stage", {
        "account_id": acme.id, "stage": "congelado"}), domain)
    assert messages[0]["response"] == "utter_bad_stage" and messages[0]["query"] == "congelado"
    assert any('"stage": "proposal"' in b["payload"] and f'"account_id": {acme.id}' in b["payload"]
               for b in messages[0]["buttons"])
    assert accounts.get_account(core.uow(), me, acme.id).status == "lead"


def test_a_typed_undo_is_never_taken_as_the_answer_to_a_question(core, people, domain) -> None:
    track = form_tracker(f"{people.rep.id}:slack", "undo", "undo", "mark_lost_form", "reason",
                         {"account": "Acme"})
    _, events = run_validation("validate_mark_lost_form", track, domain)
    assert {"event": "followup", "name": "action_undo_activity", "timestamp": None} in events
