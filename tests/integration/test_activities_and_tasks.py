"""Activities, tasks and the agenda, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from crm_core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from crm_core.services import accounts, activities, tasks
from crm_core.services.activities import FollowUp

SANTIAGO = ZoneInfo("America/Santiago")


def _account(core, people, name="Ferretería El Martillo"):
    return accounts.create_account(core.uow(), people.actor(people.rep, "slack"), name=name)


def test_logging_a_call_completes_the_matching_open_task_and_plans_the_follow_up(core, people):
    rosa = people.actor(people.rep, "slack")
    account = _account(core, people)
    due = datetime.now(UTC) - timedelta(hours=1)
    planned = tasks.schedule_task(core.uow(), rosa, type="call", account_id=account.id, due_at=due)
    tuesday = datetime(2030, 3, 5, 9, 0, tzinfo=SANTIAGO)
    logged = activities.log_activity(
        core.uow(), rosa, account_id=account.id, type="call", outcome="quieren cotización",
        follow_up=FollowUp(type="call", title="enviar cotización", due_at=tuesday), move_to="qualified",
    )
    assert logged.completed_task is not None and logged.completed_task.id == planned.id
    assert logged.follow_up is not None and logged.follow_up.due_at == tuesday
    assert logged.status == "qualified"
    assert tasks.get_task(core.uow(), rosa, planned.id).status == "done"
    assert accounts.get_account(core.uow(), rosa, account.id).last_activity_at is not None


def test_undo_removes_the_activity_reopens_the_task_and_cancels_the_follow_up(core, people):
    rosa = people.actor(people.rep, "slack")
    account = _account(core, people)
    planned = tasks.schedule_task(core.uow(), rosa, type="visit", account_id=account.id,
                                  start_date=date.today())
    logged = activities.log_activity(
        core.uow(), rosa, account_id=account.id, type="visit", outcome="todo bien",
        follow_up=FollowUp(start_date=date.today() + timedelta(days=7)),
    )
    with pytest.raises(NotFound):  # Raúl may not see Rosa's private account, so not its activity either
        activities.undo_activity(core.uow(), people.actor(people.rep2), logged.activity.id)
    activities.undo_activity(core.uow(), rosa, logged.activity.id)
    assert activities.list_activities(core.uow(), rosa, account_id=account.id).total == 0
    assert tasks.get_task(core.uow(), rosa, planned.id).status == "open"
    assert tasks.get_task(core.uow(), rosa, logged.follow_up.id).status == "cancelled"
    assert accounts.get_account(core.uow(), rosa, account.id).last_activity_at is None


def test_agenda_shows_planned_tasks_of_the_local_day_free_tasks_and_overdue_ones(core, people):
    rosa = people.actor(people.rep)
    account = _account(core, people)
    day = date(2030, 6, 10)
    morning = datetime(2030, 6, 10, 9, 30, tzinfo=SANTIAGO)
    late_evening = datetime(2030, 6, 10, 23, 30, tzinfo=SANTIAGO)  # already the 11th in UTC
    next_day = datetime(2030, 6, 11, 8, 0, tzinfo=SANTIAGO)
    overdue = datetime(2020, 1, 1, 10, 0, tzinfo=SANTIAGO)
    ids = [tasks.schedule_task(core.uow(), rosa, type="call", account_id=account.id, due_at=when).id
           for when in (late_evening, morning, next_day, overdue)]
    free = tasks.schedule_task(core.uow(), rosa, type="email", account_id=account.id,
                               start_date=date(2030, 6, 1))
    later_free = tasks.schedule_task(core.uow(), rosa, type="email", start_date=date(2030, 7, 1))
    agenda = tasks.agenda(core.uow(), rosa, day)
    assert [t.id for t in agenda.planned] == [ids[1], ids[0]]
    assert [t.id for t in agenda.free] == [free.id]
    assert ids[3] in [t.id for t in agenda.overdue]
    assert later_free.id not in [t.id for t in agenda.free]
    week = tasks.agenda(core.uow(), rosa, day, day + timedelta(days=6))
    assert [t.id for t in week.planned] == [ids[1], ids[0], ids[2]]


def test_task_rules_reject_bad_input_and_strangers(core, people):
    rosa = people.actor(people.rep)
    account = _account(core, people)
    with pytest.raises(InvalidInput):
        tasks.schedule_task(core.uow(), rosa, type="call", account_id=account.id)
    with pytest.raises(InvalidInput):
        tasks.schedule_task(core.uow(), rosa, type="party", start_date=date.today())
    task = tasks.schedule_task(core.uow(), rosa, type="call", start_date=date.today())
    with pytest.raises(NotFound):
        tasks.complete_task(core.uow(), people.actor(people.other_rep), task.id)
    with pytest.raises(InvalidInput):
        tasks.reassign_task(core.uow(), rosa, task.id, people.other_rep.id)
    moved = tasks.reassign_task(core.uow(), people.actor(people.manager), task.id, people.rep2.id)
    assert moved.assignee_id == people.rep2.id
    tasks.complete_task(core.uow(), people.actor(people.rep2), task.id)
    with pytest.raises(Conflict):
        tasks.complete_task(core.uow(), people.actor(people.rep2), task.id)


def test_reschedule_turns_a_free_task_into_a_planned_one(core, people):
    rosa = people.actor(people.rep)
    task = tasks.schedule_task(core.uow(), rosa, type="call", start_date=date(2030, 1, 2))
    when = datetime(2030, 1, 3, 15, 0, tzinfo=SANTIAGO)
    moved = tasks.reschedule_task(core.uow(), rosa, task.id, due_at=when)
    assert moved.due_at == when and moved.start_date is None


def test_a_manager_sees_the_team_agenda_but_a_rep_does_not_see_a_colleagues(core, people):
    tasks.schedule_task(core.uow(), people.actor(people.rep2), type="call", start_date=date.today())
    seen = tasks.agenda(core.uow(), people.actor(people.manager), date.today(), user_id=people.rep2.id)
    assert len(seen.free) == 1
    with pytest.raises(PermissionDenied):
        tasks.agenda(core.uow(), people.actor(people.rep), date.today(), user_id=people.rep2.id)
