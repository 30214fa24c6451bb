"""The agenda and tasks: see it, plan something, tick it off, move it."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.activities import typed_text
from actions.common import Asker, BusinessAction, core, resolve
from actions.formatting import parse_when
from actions.writes import account_named_in, ask_if_impossible, task_title, task_type, with_clock
from crm_core.errors import Missing
from crm_core.read_models.common import TaskView
from crm_core.services import accounts, tasks
from crm_core.services.tasks import TASK_TYPES
from texts import t
from texts.formatting import day_text, when_text

_WEEK = re.compile(r"semana|week", re.IGNORECASE)
SHOWN = 8


def agenda_range(text: str | None, who: Asker) -> tuple[date, date]:
    """Today by default; "mañana" or a day; "esta semana" / "this week" is today plus six days."""
    today = datetime.now(ZoneInfo(who.timezone)).date()
    if not text:
        return today, today
    if _WEEK.search(text):
        return today, today + timedelta(days=6)
    when = parse_when(text, who.language, who.timezone)
    return (when.date(), when.date()) if when else (today, today)


def task_line(task: TaskView, who: Asker) -> str:
    """One line of the agenda: when, what, with whom."""
    if task.due_at is not None:
        when = when_text(task.due_at, who.language, who.timezone)
    elif task.start_date is not None:
        when = day_text(task.start_date, who.language)
    else:
        when = t("assistant.nothing", who.language)
    what = task.title or task.type
    if task.account_name:
        return t("assistant.task.line_with_account", who.language, when=when, what=what, account=task.account_name)
    return t("assistant.task.line", who.language, when=when, what=what)


def open_tasks(who: Asker, account_id: int | None) -> list[TaskView]:
    """The user's own open tasks, optionally for one account, soonest first."""
    page = tasks.list_tasks(core().uow(), who.actor, assignee_id=who.actor.user_id, status="open",
                            account_id=account_id, limit=500)
    far = datetime.max.replace(tzinfo=ZoneInfo("UTC"))
    return sorted(page.items, key=lambda task: task.due_at or (
        datetime.combine(task.start_date, datetime.min.time(), ZoneInfo("UTC")) if task.start_date else far))


def pick_task(dispatcher: CollectingDispatcher, tracker: Tracker, who: Asker, intent: str) -> TaskView | None:
    """The task this request is about; several candidates become buttons."""
    task_id = tracker.get_slot("task_id")
    if task_id is not None:
        return tasks.get_task(core().uow(), who.actor, int(task_id))
    account_id = None
    if tracker.get_slot("account"):
        ref = resolve(dispatcher, tracker, who, intent)
        if ref is None:
            return None
        account_id = ref.id
    candidates = open_tasks(who, account_id)
    if len(candidates) == 1 and account_id is not None:
        return candidates[0]
    if not candidates:
        dispatcher.utter_message(response="utter_no_open_tasks", where="")
        return None
    extra = {"time": tracker.get_slot("time")} if tracker.get_slot("time") else {}
    buttons = [{"title": task_line(task, who).lstrip("• "),
                "payload": f"/{intent}{json.dumps({**extra, 'task_id': task.id}, ensure_ascii=False)}"}
               for task in candidates[:SHOWN]]
    dispatcher.utter_message(response="utter_choose_task", buttons=buttons)
    return None


class ShowAgenda(BusinessAction):
    """"qué tengo hoy", "mañana", "esta semana": planned, free and overdue tasks."""

    def name(self) -> str:
        return "action_show_agenda"

    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any],
            who: Asker) -> list[EventType]:
        start, end = agenda_range(tracker.get_slot("time"), who)
        period = day_text(start, who.language) if start == end else \
            t("assistant.period", who.language, start=day_text(start, who.language), end=day_text(end, who.language))
        agenda = tasks.agenda(core().uow(), who.actor, start, end)
        lines = [task_line(task, who) for task in agenda.planned + agenda.free]
        if lines:
            dispatcher.utter_message(response="utter_agenda", period=period, lines="\n".join(lines))
        else:
            dispatcher.utter_message(response="utter_agenda_empty", period=period)
        overdue = [task for task in agenda.overdue if task not in agenda.planned]
        if overdue:
            dispatcher.utter_message(response="utter_agenda_overdue",
                                     lines="\n".join(task_line(task, who) for task in overdue[:SHOWN]))
        return []


class ScheduleTask(BusinessAction):
    """"agenda una visita a Acme mañana a las 10"."""

    def name(self) -> str:
        return "action_schedule_task"

    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any],
            who: Asker) -> list[EventType]:
        account_id = None
        said = typed_text(tracker)
        if tracker.get_slot("account") or tracker.get_slot("account_id"):
            ref = resolve(dispatcher, tracker, who, "schedule_task")
            if ref is None:
                return []
            account_id = ref.id
        else:
            account_id = account_named_in(who, said)
        if ask_if_impossible(dispatcher, who, tracker.get_slot("time"), said):
            return []
        when = parse_when(with_clock(tracker.get_slot("time"), said), who.language, who.timezone)
        if when is None:
            raise Missing("the date is missing or unreadable", field="time")
        kind = task_type(tracker.get_slot("activity_type"), said, TASK_TYPES)
        name = accounts.get_account(core().uow(), who.actor, account_id).name if account_id else ""
        title = task_title(kind, name, said, tracker.get_slot("time"), who.language)
        task = tasks.schedule_task(core().uow(), who.actor, type=kind, account_id=account_id,
                                   title=title, due_at=when)
        dispatcher.utter_message(response="utter_task_scheduled", task=t("assistant.quoted", who.language, text=task.title),
                                 when=when_text(when, who.language, who.timezone))
        return []


class CompleteTask(BusinessAction):
    """"listo la llamada a Acme": the open task is done."""

    def name(self) -> str:
        return "action_complete_task"

    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any],
            who: Asker) -> list[EventType]:
        task = pick_task(dispatcher, tracker, who, "complete_task")
        if task is None:
            return []
        done = tasks.complete_task(core().uow(), who.actor, task.id)
        dispatcher.utter_message(response="utter_task_completed", task=task_line(done, who).lstrip("• "))
        return []


class RescheduleTask(BusinessAction):
    """"mueve la llamada a Acme al viernes"."""

    def name(self) -> str:
        return "action_reschedule_task"

    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any],
            who: Asker) -> list[EventType]:
        said = typed_text(tracker)
        if ask_if_impossible(dispatcher, who, tracker.get_slot("time"), said):
            return []
        when = parse_when(with_clock(tracker.get_slot("time"), said), who.language, who.timezone)
        if when is None:
            raise Missing("the new date is missing or unreadable", field="time")
        task = pick_task(dispatcher, tracker, who, "reschedule_task")
        if task is None:
            return []
        moved = tasks.reschedule_task(core().uow(), who.actor, task.id, due_at=when)
        dispatcher.utter_message(response="utter_task_rescheduled",
                                 task=t("assistant.quoted", who.language, text=moved.title or moved.type),
                                 when=when_text(when, who.language, who.timezone))
        return []
