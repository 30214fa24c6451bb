"""Undo: typed undo takes back the rep's last write; a button's token works once, for its record and author."""

from __future__ import annotations

from datetime import timedelta

import pytest

from crm_core.errors import InvalidInput, PermissionDenied
from crm_core.persistence.types import utcnow
from crm_core.services import accounts, activities, opportunities, tasks, undo
from crm_core.services.activities import FollowUp

SECRET = "test-secret"


def test_typed_undo_takes_back_the_last_activity_and_its_follow_up(core, people):
    rosa = people.actor(people.rep)
    acme = accounts.create_account(core.uow(), rosa, name="Acme")
    activities.log_activity(core.uow(), rosa, account_id=acme.id, type="call", outcome="quieren cotización",
                            follow_up=FollowUp(type="call", due_at=utcnow() + timedelta(days=2)))
    done = undo.undo_last(core.uow(), rosa)
    assert (done.kind, done.account, done.detail, done.follow_up_cancelled) == ("activity", "Acme", "call", True)
    assert activities.list_activities(core.uow(), rosa, account_id=acme.id).total == 0
    assert tasks.list_tasks(core.uow(), rosa, account_id=acme.id, status="open").total == 0


def test_typed_undo_of_a_stage_move_puts_the_account_back(core, people):
    rosa = people.actor(people.rep)
    acme = accounts.create_account(core.uow(), rosa, name="Acme")
    accounts.move_status(core.uow(), rosa, acme.id, "proposal")
    done = undo.undo_last(core.uow(), rosa)
    assert (done.kind, done.detail) == ("status", "lead")
    assert accounts.get_account(core.uow(), rosa, acme.id).status == "lead"


def test_typed_undo_of_an_opportunity_and_of_a_task(core, people):
    rosa = people.actor(people.rep)
    acme = accounts.create_account(core.uow(), rosa, name="Acme")
    opportunities.open_opportunity(core.uow(), rosa, account_id=acme.id, value=500, currency="CLP")
    assert undo.undo_last(core.uow(), rosa).kind == "opportunity"
    assert opportunities.list_opportunities(core.uow(), rosa, account_id=acme.id).total == 0
    task = tasks.schedule_task(core.uow(), rosa, type="call", account_id=acme.id, title="Llamar a Acme",
                               due_at=utcnow().replace(microsecond=0) + timedelta(days=1))
    assert undo.undo_last(core.uow(), rosa).kind == "task"
    assert tasks.get_task(core.uow(), rosa, task.id).status == "cancelled"


def test_nothing_to_undo_is_none(core, people):
    assert undo.undo_last(core.uow(), people.actor(people.rep)) is None


def test_a_button_token_works_once_only_for_its_author_and_its_record(core, people):
    rosa, raul = people.actor(people.rep), people.actor(people.rep2)
    acme = accounts.create_account(core.uow(), rosa, name="Acme", shared=True)
    logged = activities.log_activity(core.uow(), rosa, account_id=acme.id, type="call", outcome="hola")
    token = undo.token_for(core.uow(), rosa, "activity", logged.activity.id, SECRET)
    assert str(logged.activity.id) != token
    with pytest.raises(PermissionDenied):
        undo.undo_with_token(core.uow(), raul, token, SECRET)
    with pytest.raises(InvalidInput):
        undo.undo_with_token(core.uow(), rosa, token[:-2] + "xx", SECRET)
    assert undo.undo_with_token(core.uow(), rosa, token, SECRET).already is False
    newer = activities.log_activity(core.uow(), rosa, account_id=acme.id, type="visit", outcome="otra")
    replay = undo.undo_with_token(core.uow(), rosa, token, SECRET)
    assert replay.already is True
    assert [a.id for a in activities.list_activities(core.uow(), rosa, account_id=acme.id).items] == [newer.activity.id]


def test_a_win_is_not_undone_from_the_chat_and_a_stage_move_right_after_an_opening_is(core, people):
    from crm_core.errors import Conflict

    rosa = people.actor(people.rep)
    acme = accounts.create_account(core.uow(), rosa, name="Acme")
    deal = opportunities.open_opportunity(core.uow(), rosa, account_id=acme.id, value=500, currency="CLP")
    accounts.move_status(core.uow(), rosa, acme.id, "proposal")
    assert undo.undo_last(core.uow(), rosa).kind == "status"
    assert opportunities.list_opportunities(core.uow(), rosa, account_id=acme.id).total == 1
    opportunities.win_opportunity(core.uow(), rosa, deal.id)
    with pytest.raises(Conflict):
        undo.undo_last(core.uow(), rosa)
    assert accounts.get_account(core.uow(), rosa, acme.id).status == "client"
