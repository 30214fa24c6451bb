"""What the replies carry: one "not linked" per message, translated errors, currencies, chart links."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from actions.agenda import CompleteTask
from actions.reports import PipelineSummary, ReportProfitability
from actions.session import Greet
from actions.sprints import SprintStatus
from crm_core.services import accounts, opportunities, sprints
from tests.integration.actions.helpers import run, tracker


def _first_message_of_a_session(sender: str, text: str, intent: str):
    track = tracker(sender, text, intent, {"user_id": None})
    track.events[:0] = [{"event": "action", "name": "action_session_start"}, {"event": "session_started"},
                        {"event": "bot", "text": "Tu cuenta de chat no está vinculada a Rumbo."},
                        {"event": "action", "name": "action_listen"}]
    return track


def test_a_stranger_hears_not_linked_once_on_the_first_message(people, domain) -> None:
    messages, _ = run(Greet(), _first_message_of_a_session("4242:slack", "hola", "greet"), domain)
    assert messages == []
    messages, _ = run(Greet(), tracker("4242:slack", "hola otra vez", "greet", {"user_id": None}), domain)
    assert [m["response"] for m in messages] == ["utter_not_linked"]


def test_a_domain_error_is_answered_in_the_users_words_not_the_services(people, domain) -> None:
    messages, _ = run(CompleteTask(), tracker(f"{people.rep.id}:slack", "listo", "complete_task",
                                              {"task_id": 999999}), domain)
    assert [m["response"] for m in messages] == ["utter_error_task_not_found"]
    assert not any("not found" in str(value) for m in messages for value in m.values())


def _deals(core, people) -> None:
    me = people.actor(people.rep)
    for name, value, currency in (("Uno", 5000, "CLP"), ("Dos", 7000, "CLP"), ("Tres", 900, "EUR")):
        account = accounts.create_account(core.uow(), me, name=name)
        opportunities.open_opportunity(core.uow(), me, account_id=account.id, value=Decimal(value),
                                       currency=currency)


def test_pipeline_is_told_in_the_main_currency_naming_the_others_with_a_chart(core, people, domain) -> None:
    _deals(core, people)
    messages, _ = run(PipelineSummary(), tracker(f"{people.rep.id}:slack", "pipeline", "pipeline_summary"), domain)
    reply = messages[0]
    assert reply["response"] == "utter_pipeline"
    assert reply["currency"] == "CLP" and "EUR" in reply["others"]
    assert "12.000" in reply["total"] and "US$" not in reply["total"]
    assert "/charts/" in reply["image"] and reply["image"].endswith(".png")


def test_profitability_reply_carries_a_chart_link(core, people, domain) -> None:
    _deals(core, people)
    me = people.actor(people.rep)
    won = opportunities.list_opportunities(core.uow(), me, status="open").items[0]
    opportunities.win_opportunity(core.uow(), me, won.id)
    messages, _ = run(ReportProfitability(), tracker(f"{people.rep.id}:slack", "rentabilidad",
                                                     "report_profitability"), domain)
    assert messages[0]["response"] == "utter_profitability"
    assert messages[0]["currency"] == "CLP" and "/charts/" in messages[0]["image"]


def test_sprint_status_carries_the_burnup_chart_link(core, people, domain) -> None:
    me = people.actor(people.rep)
    today = date.today()
    sprint = sprints.create_sprint(core.uow(), me, name="Semana", start=today - timedelta(days=1),
                                   end=today + timedelta(days=6))
    sprints.activate_sprint(core.uow(), me, sprint.id)
    messages, _ = run(SprintStatus(), tracker(f"{people.rep.id}:slack", "mi sprint", "sprint_status"), domain)
    assert messages[0]["response"] == "utter_sprint_status"
    assert "/charts/" in messages[0]["image"]
