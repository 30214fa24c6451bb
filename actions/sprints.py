"""Sprints: my progress (with the burn-up chart), my team's, closing with or without rollover, adding accounts."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.agenda import open_tasks
from actions.common import Asker, BusinessAction, core, resolve, response_text
from actions.reports import chart, main_currency
from crm_core.domain import rollover
from crm_core.read_models.sprints import SprintDetail, SprintProgress
from crm_core.services import sprints
from texts import t
from texts.formatting import money_text, number_text, progress_bar

SHOWN_ROLLOVER = 8


def goal_figures(progress: SprintProgress, who: Asker, domain: dict[str, Any]) -> dict[str, Any]:
    """Achieved and target as text (revenue in the main currency), and the unit the goal counts in."""
    language = who.language
    if progress.goal_kind == "revenue":
        currency, _others = main_currency(who)
        return {"achieved": money_text(progress.achieved, currency, language),
                "target": money_text(progress.goal_target or 0, currency, language),
                "goal_unit": response_text(domain, "utter_goal_revenue", language)}
    return {"achieved": number_text(progress.achieved, language),
            "target": number_text(progress.goal_target or 0, language),
            "goal_unit": response_text(domain, "utter_goal_conversions", language)}


def pace_text(progress: SprintProgress, language: str, domain: dict[str, Any]) -> str:
    """Ahead or behind the pace the goal needs, in words."""
    if progress.pace is None:
        return response_text(domain, "utter_pace_unknown", language)
    name = "utter_pace_ahead" if progress.pace >= 100 else "utter_pace_behind"
    return response_text(domain, name, language).replace("{pace}", str(progress.pace))


def active(who: Asker, dispatcher: CollectingDispatcher) -> SprintDetail | None:
    """The user's active sprint, or a polite "you have none"."""
    detail = sprints.active_sprint(core().uow(), who.actor)
    if detail is None:
        dispatcher.utter_message(response="utter_no_active_sprint")
    return detail


class SprintStatus(BusinessAction):
    """"cómo va mi sprint": ▓▓▓▓▓▓░░░░ 62%, achieved/goal, days left, pace."""

    def name(self) -> str:
        return "action_sprint_status"

    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any],
            who: Asker) -> list[EventType]:
        detail = active(who, dispatcher)
        if detail is None:
            return []
        progress = detail.progress
        dispatcher.utter_message(
            response="utter_sprint_status", sprint=detail.sprint.name, bar=progress_bar(progress.percent or 0),
            accounts=progress.accounts, prospects=progress.prospects, days_left=progress.days_left,
            pace=pace_text(progress, who.language, domain), **goal_figures(progress, who, domain),
            image=chart("burnup", who, sprint=detail.sprint.id))
        return []


class TeamStatus(BusinessAction):
    """Managers see each rep's active sprint; reps get a polite refusal."""

    def name(self) -> str:
        return "action_team_status"

    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any],
            who: Asker) -> list[EventType]:
        from crm_core.errors import PermissionDenied

        try:
            members = sprints.team_status(core().uow(), who.actor)
        except PermissionDenied:
            dispatcher.utter_message(response="utter_team_status_forbidden")
            return []
        lines = [t("assistant.team.line", who.language, name=m.name, bar=progress_bar(m.progress.percent or 0),
                   sprint=m.sprint.name) for m in members if m.sprint is not None and m.progress is not None]
        if not lines:
            dispatcher.utter_message(response="utter_team_status_empty")
            return []
        dispatcher.utter_message(response="utter_team_status", lines="\n".join(lines))
        return []


class PreviewCloseSprint(BusinessAction):
    """Shows what would roll over and asks: roll over, close without, or cancel."""

    keeps_request = True

    def name(self) -> str:
        return "action_preview_close_sprint"

    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any],
            who: Asker) -> list[EventType]:
        detail = active(who, dispatcher)
        if detail is None:
            return []
        preview = sprints.rollover_preview(core().uow(), who.actor, detail.sprint.id)
        pending = preview.account_names
        shown = ", ".join(pending[:SHOWN_ROLLOVER])
        if len(pending) > SHOWN_ROLLOVER:
            shown = t("assistant.and_more", who.language, shown=shown)
        dispatcher.utter_message(response="utter_confirm_close_sprint", sprint=detail.sprint.name,
                                 count=len(pending), accounts=shown or t("assistant.nothing", who.language),
                                 warning=close_warning(who, detail, preview.account_ids))
        return []


class CloseSprint(BusinessAction):
    """After the yes: close the active sprint, rolling unconverted accounts over unless told not to."""

    def name(self) -> str:
        return "action_close_sprint"

    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any],
            who: Asker) -> list[EventType]:
        detail = active(who, dispatcher)
        if detail is None:
            return []
        rollover = tracker.get_slot("rollover")
        closed = sprints.close_sprint(core().uow(), who.actor, detail.sprint.id,
                                      rollover=True if rollover is None else bool(rollover))
        snapshot = closed.snapshot
        progress = detail.progress
        figures = goal_figures(progress, who, domain)
        dispatcher.utter_message(response="utter_sprint_closed", sprint=closed.sprint.name,
                                 achieved=figures["achieved"], target=figures["target"],
                                 percent=snapshot.get("percent", progress.percent) or 0)
        if closed.rolled_into is not None:
            dispatcher.utter_message(response="utter_sprint_rolled_over", count=closed.rolled_over,
                                     next_sprint=closed.rolled_into.name)
            dispatcher.utter_message(text=t("writes.sprint.redated", who.language, count=closed.tasks_moved)
                                     if closed.tasks_moved else t("writes.sprint.dates_kept", who.language))
        return []


def close_warning(who: Asker, detail: SprintDetail, pending_ids: list[int]) -> str:
    """How many days the sprint still has and which open tasks would be re-dated by the rollover."""
    today = datetime.now(ZoneInfo(who.timezone)).date()
    left = rollover.days_left(detail.sprint.end, today)
    overdue = [task for task in open_tasks(who, None) if task.account_id in pending_ids
               and not rollover.keeps_date(task_day(task, who), today, [])]
    text = t("writes.sprint.days_left", who.language, days=left, total=(detail.sprint.end - detail.sprint.start).days + 1)
    if overdue:
        names = ", ".join(f"«{task.title or task.type}»" for task in overdue[:5])
        return text + " " + t("writes.sprint.will_redate", who.language, count=len(overdue), tasks=names)
    return text + " " + t("writes.sprint.keep_dates", who.language)


def task_day(task: Any, who: Asker) -> Any:
    """A task's day in the rep's zone (its due day, or the day it is free from)."""
    return task.due_at.astimezone(ZoneInfo(who.timezone)).date() if task.due_at else task.start_date


class AddToSprint(BusinessAction):
    """"agrega Acme al sprint" or "agrega la lista Estratégicas al sprint"."""

    def name(self) -> str:
        return "action_add_to_sprint"

    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any],
            who: Asker) -> list[EventType]:
        from actions.accounts import find_list

        detail = active(who, dispatcher)
        if detail is None:
            return []
        if tracker.get_slot("list"):
            found = find_list(who, tracker.get_slot("list"))
            added = sprints.add_list(core().uow(), who.actor, detail.sprint.id, found.id)
        else:
            ref = resolve(dispatcher, tracker, who, "add_to_sprint")
            if ref is None:
                return []
            added = sprints.add_accounts(core().uow(), who.actor, detail.sprint.id, [ref.id])
        dispatcher.utter_message(response="utter_added_to_sprint", count=added.added, sprint=detail.sprint.name)
        return []
