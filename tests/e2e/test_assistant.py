"""Conversations through Rasa's REST channel, checked against the database afterwards."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.processes import Assistant
from bot.rasa_client import RasaClient
from bot.senders import sender_id
from crm_core.bootstrap import Core
from crm_core.services import (
    accounts,
    activities,
    campaigns,
    lists,
    opportunities,
    sprints,
    tasks,
    users,
)
from crm_core.services.common import SYSTEM, Actor

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]


def texts(replies: list[dict]) -> str:
    return "\n".join(r.get("text", "") for r in replies)


@pytest.fixture(scope="module")
def company(assistant_db: tuple[str, Core]) -> dict:
    _, core = assistant_db
    manager = users.add_user(core.uow(), SYSTEM, name="Marta Gil", email="marta@e2e.test", role="manager", team="Norte")
    rep = users.add_user(core.uow(), SYSTEM, name="Rosa Díaz", email="rosa@e2e.test", role="rep", team="Norte",
                         timezone="America/Santiago")
    rep_en = users.add_user(core.uow(), SYSTEM, name="Raul Ortiz", email="raul@e2e.test", role="rep", team="Norte",
                            language="en", timezone="Europe/Madrid")
    me = Actor(rep.id, "cli")
    martillo = accounts.create_account(core.uow(), me, name="Ferretería El Martillo")
    panaderia = accounts.create_account(core.uow(), me, name="Panadería Sol")
    opportunities.open_opportunity(core.uow(), me, account_id=panaderia.id, value=2000)
    today = datetime.now(ZoneInfo(rep.timezone)).date()
    sprint = sprints.create_sprint(core.uow(), Actor(manager.id, "cli"), name="Noviembre", owner_id=rep.id,
                                   start=today - timedelta(days=7), end=today + timedelta(days=6),
                                   goal_kind="conversions", goal_target=2)
    sprints.activate_sprint(core.uow(), me, sprint.id)
    sprints.add_accounts(core.uow(), me, sprint.id, [martillo.id, panaderia.id])
    english = accounts.create_account(core.uow(), Actor(rep_en.id, "cli"), name="Globex Iberia")
    return {"core": core, "manager": manager, "rep": rep, "rep_en": rep_en, "martillo": martillo,
            "panaderia": panaderia, "sprint": sprint, "english": english, "today": today}


def next_weekday(today: date, weekday: int) -> date:
    ahead = (weekday - today.weekday()) % 7 or 7
    return today + timedelta(days=ahead)


def test_a_spanish_rep_runs_a_day_through_the_assistant(assistant: Assistant, company: dict) -> None:
    client = RasaClient(assistant.rasa.url)
    rep, core = company["rep"], company["core"]
    me = sender_id(rep.id, "cli")
    turns = [
        ("hola", "Rosa"),
        ("llamé a Ferretería El Martillo, quieren cotización, recuérdame el martes", "Martillo"),
        ("qué tengo hoy", ""),
        ("pasa a Ferretería El Martillo a propuesta", "Propuesta"),
        ("ficha de Ferretería El Martillo", "Ferretería El Martillo"),
        ("ganamos Panadería Sol", "Panadería Sol"),
        ("cómo va mi sprint", "%"),
        ("estado del equipo", "managers"),
        ("ayuda", "Registrar actividades"),
        ("cierra el sprint", "Martillo"),
        ("/affirm{\"rollover\": true}", ""),
        ("gracias", ""),
    ]
    transcript = []
    for text, expected in turns:
        replies = client.send(me, text)
        transcript.append((text, texts(replies)))
        assert replies, f"no answer to {text!r}: {transcript}"
        assert expected in texts(replies), f"{text!r} -> {texts(replies)!r}"
        if text == "cómo va mi sprint":
            assert any("/charts/" in (r.get("image") or "") for r in replies), replies
        if text.startswith("llamé a"):
            # checked now: closing the sprint later moves open follow-ups into the next sprint
            follow_ups = tasks.list_tasks(core.uow(), Actor(rep.id, "cli"), account_id=company["martillo"].id).items
            local_due = follow_ups[0].due_at.astimezone(ZoneInfo(rep.timezone))
            tuesday = next_weekday(company["today"], 1)
            assert (local_due.date(), local_due.hour, local_due.minute) == (tuesday, 9, 0)

    actor = Actor(rep.id, "cli")
    martillo = company["martillo"]
    logged = activities.list_activities(core.uow(), actor, account_id=martillo.id).items
    assert len(logged) == 1 and "cotización" in logged[0].outcome
    assert accounts.get_account(core.uow(), actor, martillo.id).status == "proposal"
    assert accounts.get_account(core.uow(), actor, company["panaderia"].id).status == "client"
    closed = sprints.get_sprint(core.uow(), actor, company["sprint"].id)
    assert closed.sprint.status == "closed" and closed.progress.converted == 1
    assert closed.progress.percent == 50
    assert closed.sprint.rolled_into_id is not None
    rolled = sprints.sprint_accounts(core.uow(), actor, closed.sprint.rolled_into_id).items
    assert [a.name for a in rolled] == ["Ferretería El Martillo"]


def test_an_english_rep_gets_english_answers(assistant: Assistant, company: dict) -> None:
    client = RasaClient(assistant.rasa.url)
    me = sender_id(company["rep_en"].id, "cli")
    replies = texts(client.send(me, "move Globex Iberia to proposal"))
    assert "moved to" in replies and "Proposal" in replies
    replies = texts(client.send(me, "help"))
    assert "Here is what I can do" in replies


def test_a_stranger_is_told_to_ask_an_admin_and_nothing_changes(assistant: Assistant, company: dict) -> None:
    client = RasaClient(assistant.rasa.url)
    replies = texts(client.send("99999:cli", "pasa a Ferretería El Martillo a negociación"))
    assert replies.count("no está vinculada") == 1, replies
    assert accounts.get_account(company["core"].uow(), SYSTEM, company["martillo"].id).status == "proposal"


def test_a_manager_asks_how_a_campaign_is_going(assistant: Assistant, company: dict) -> None:
    core, manager = company["core"], company["manager"]
    boss = Actor(manager.id, "cli")
    prospect = accounts.create_account(core.uow(), Actor(company["rep"].id, "cli"), name="Óptica Visión Clara")
    target = lists.create_list(core.uow(), boss, name="Pymes", public=True, account_ids=[prospect.id])
    made = campaigns.create_campaign(core.uow(), boss, name="Captación Pymes Q4", kind="acquisition", currency="CLP",
                                     list_id=target.id, global_cost=1_500_000,
                                     stages=[{"name": "Llamada de seguimiento", "task_type": "call"}])
    campaigns.launch_campaign(core.uow(), boss, made.campaign.id)
    client = RasaClient(assistant.rasa.url)
    replies = texts(client.send(sender_id(manager.id, "cli"), "¿cómo va la campaña Captación?"))
    assert "Captación Pymes Q4" in replies and "ROI: -100%" in replies, replies
    assert "Oportunidades: 1" in replies, replies
