"""A reminder's buttons, pressed: their payloads reach the assistant's own task actions, as in production."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from actions.agenda import CompleteTask, RescheduleTask
from bot.notify import SNOOZE_TIME, TOMORROW_TIME, complete_payload, reschedule_payload
from crm_core.services import tasks
from crm_core.services.common import SYSTEM, Actor
from tests.integration.actions.helpers import run, tracker


def _pressed(user_id: int, payload: str):  # type: ignore[no-untyped-def]
    """The tracker of a user's click: Rasa reads `/intent{entities}` as that intent with those slots."""
    intent, _, entities = payload.lstrip("/").partition("{")
    slots = {"user_id": float(user_id), **(json.loads("{" + entities) if entities else {})}
    return tracker(f"{user_id}:slack", payload, intent, slots)


def _task(core, people) -> int:  # type: ignore[no-untyped-def]
    due = datetime.now(UTC) + timedelta(minutes=1)
    return tasks.schedule_task(core.uow(), Actor(people.rep.id, "api"), type="call", title="Llamar a Martillo",
                               due_at=due).id


def test_snooze_moves_the_task_an_hour_from_now(core, people, domain) -> None:
    task_id = _task(core, people)
    before = datetime.now(UTC)
    messages, _ = run(RescheduleTask(), _pressed(people.rep.id,
                                                 reschedule_payload(task_id, SNOOZE_TIME["es"])), domain)
    assert [m["response"] for m in messages] == ["utter_task_rescheduled"]
    due = tasks.get_task(core.uow(), SYSTEM, task_id).due_at
    assert due is not None and before + timedelta(minutes=59) <= due <= datetime.now(UTC) + timedelta(minutes=61)


def test_tomorrow_moves_the_task_to_nine_in_the_reps_zone(core, people, domain) -> None:
    task_id = _task(core, people)
    run(RescheduleTask(), _pressed(people.rep.id, reschedule_payload(task_id, TOMORROW_TIME["es"])), domain)
    due = tasks.get_task(core.uow(), SYSTEM, task_id).due_at
    assert due is not None
    local = due.astimezone(ZoneInfo("America/Santiago"))
    assert (local.hour, local.minute) == (9, 0)
    assert local.date() == datetime.now(ZoneInfo("America/Santiago")).date() + timedelta(days=1)


def test_done_completes_the_task_once(core, people, domain) -> None:
    task_id = _task(core, people)
    messages, _ = run(CompleteTask(), _pressed(people.rep.id, complete_payload(task_id)), domain)
    assert [m["response"] for m in messages] == ["utter_task_completed"]
    assert tasks.get_task(core.uow(), SYSTEM, task_id).status == "done"
    again, _ = run(CompleteTask(), _pressed(people.rep.id, complete_payload(task_id)), domain)
    assert [m["response"] for m in again] != ["utter_task_completed"]


def test_someone_elses_task_button_changes_nothing(core, people, domain) -> None:
    task_id = _task(core, people)
    messages, _ = run(CompleteTask(), _pressed(people.other_rep.id, complete_payload(task_id)), domain)
    assert [m["response"] for m in messages] != ["utter_task_completed"]
    assert tasks.get_task(core.uow(), SYSTEM, task_id).status == "open"
