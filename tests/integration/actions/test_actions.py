"""Actions against a real database: what they change and what they answer."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from actions.accounts import AccountInfo, CreateLead, MoveStage
from actions.activities import LogActivity, UndoActivity
from actions.fallback import Fallback
from actions.forms import VALIDATIONS
from actions.opportunities import ConfirmMarkLost, MarkLost
from actions.session import SessionStart
from actions.sprints import TeamStatus
from crm_core.services import accounts, activities, opportunities, tasks
from tests.integration.actions.helpers import run, tracker


def by_name(name: str):
    return next(v for v in VALIDATIONS if v().name() == name)()


def test_session_start_loads_language_and_timezone_of_the_user(people, domain) -> None:
    messages, events = run(SessionStart(), tracker(f"{people.rep2.id}:slack"), domain)
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert messages == []
    assert slots["language"] == "en" and slots["timezone"] == "Europe/Madrid" and slots["channel"] == "slack"


def test_an_unknown_sender_is_told_it_is_not_linked(people, domain) -> None:
    messages, _ = run(SessionStart(), tracker("4242:slack"), domain)
    assert [m["response"] for m in messages] == ["utter_not_linked"]
    messages, _ = run(CreateLead(), tracker("garbage", slots={"account": "Nueva"}), domain)
    assert [m["response"] for m in messages] == ["utter_not_linked"]


def test_log_activity_records_outcome_and_follow_up_at_nine_local(core, people, domain) -> None:
    me = people.actor(people.rep, "slack")
    acme = accounts.create_account(core.uow(), me, name="Acme Ltda")
    text = "llamé a Acme, quieren cotización, recuérdame el martes"
    messages, events = run(LogActivity(), tracker(f"{people.rep.id}:slack", text, "log_activity", {
        "account": "Acme", "account_id": acme.id, "activity_type": "call", "time": "el martes"}), domain)
    assert messages[0]["response"] == "utter_activity_logged_follow_up"
    assert messages[0]["undo_token"] and messages[0]["account"] == "Acme Ltda"
    logged = activities.list_activities(core.uow(), me, account_id=acme.id).items
    assert logged[0].outcome == text and logged[0].type == "call"
    due = tasks.list_tasks(core.uow(), me, account_id=acme.id).items[0].due_at.astimezone(ZoneInfo("America/Santiago"))
    assert due.weekday() == 1 and (due.hour, due.minute) == (9, 0)
    assert due.date() > datetime.now(ZoneInfo("America/Santiago")).date() - timedelta(days=1)
    assert {"event": "slot", "name": "account_id", "value": None, "timestamp": None} in events

    run(UndoActivity(), tracker(f"{people.rep.id}:slack", "/undo", "undo", {"undo_token": messages[0]["undo_token"]}),
        domain)
    assert activities.list_activities(core.uow(), me, account_id=acme.id).total == 0
    assert tasks.list_tasks(core.uow(), me, account_id=acme.id, status="open").total == 0


def test_an_ambiguous_account_becomes_buttons_that_resend_the_intent(core, people, domain) -> None:
    me = people.actor(people.rep)
    one = accounts.create_account(core.uow(), me, name="Acme Norte")
    two = accounts.create_account(core.uow(), me, name="Acme Sur")
    validate = by_name("validate_log_activity_form")
    from rasa_sdk.executor import CollectingDispatcher

    dispatcher = CollectingDispatcher()
    result = validate.validate_account("Acme", dispatcher, tracker(f"{people.rep.id}:slack"), domain)
    assert result["account"] is None
    payloads = {b["payload"] for b in dispatcher.messages[0]["buttons"]}
    assert payloads == {f'/log_activity{{"account_id": {one.id}}}', f'/log_activity{{"account_id": {two.id}}}'}
    chosen = validate.validate_account(str(two.id), CollectingDispatcher(), tracker(f"{people.rep.id}:slack"), domain)
    assert chosen["account_id"] == two.id and chosen["account"] == "Acme Sur"


def test_move_stage_understands_the_spanish_label(core, people, domain) -> None:
    me = people.actor(people.rep)
    acme = accounts.create_account(core.uow(), me, name="Acme")
    messages, _ = run(MoveStage(), tracker(f"{people.rep.id}:slack", "pasa Acme a propuesta", "move_stage",
                                           {"account_id": acme.id, "stage": "propuesta"}), domain)
    assert accounts.get_account(core.uow(), me, acme.id).status == "proposal"
    assert messages[0]["stage"] == "Propuesta"


def test_someone_elses_account_is_refused_politely(core, people, domain) -> None:
    theirs = accounts.create_account(core.uow(), people.actor(people.other_rep), name="Ajena SA")
    messages, _ = run(AccountInfo(), tracker(f"{people.rep.id}:slack", "ficha", "account_info",
                                             {"account_id": theirs.id}), domain)
    assert [m["response"] for m in messages] == ["utter_error_not_found"]  # as if it did not exist


def test_mark_lost_changes_nothing_until_confirmed(core, people, domain) -> None:
    me = people.actor(people.rep)
    acme = accounts.create_account(core.uow(), me, name="Acme")
    opp = opportunities.open_opportunity(core.uow(), me, account_id=acme.id, value=5000)
    slots = {"account_id": acme.id, "reason": "precio"}
    messages, events = run(ConfirmMarkLost(), tracker(f"{people.rep.id}:slack", "perdimos Acme", "mark_lost", slots),
                           domain)
    assert messages[0]["response"] == "utter_confirm_mark_lost"
    assert opportunities.list_opportunities(core.uow(), me, status="open").total == 1
    assert not any(e.get("name") == "reason" for e in events)
    run(MarkLost(), tracker(f"{people.rep.id}:slack", "sí", "affirm", slots), domain)
    lost = opportunities.list_opportunities(core.uow(), me, status="lost").items
    assert [(o.id, o.lost_reason) for o in lost] == [(opp.id, "precio")]


def test_team_status_is_refused_to_a_rep(people, domain) -> None:
    messages, _ = run(TeamStatus(), tracker(f"{people.rep.id}:slack", "estado del equipo", "team_status"), domain)
    assert [m["response"] for m in messages] == ["utter_team_status_forbidden"]


def test_fallback_offers_the_likely_intents_in_the_users_language(people, domain) -> None:
    track = tracker(f"{people.rep2.id}:slack", "acme thing", "nlu_fallback", language="en")
    track.latest_message["intent_ranking"] = [{"name": "nlu_fallback"}, {"name": "account_info"},
                                              {"name": "log_activity"}, {"name": "goodbye"}]
    messages, _ = run(Fallback(), track, domain)
    titles = [b["title"] for b in messages[0]["buttons"]]
    assert titles == ["See the account card", "Log an activity", "Help"]
