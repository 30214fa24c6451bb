"""Logging what happened with an account, with an optional follow-up and an undo button."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.common import Asker, BusinessAction, core, resolve, response_text
from actions.formatting import parse_when, when_text
from actions.writes import ask_if_impossible, first_report, first_said
from crm_core.services import activities
from crm_core.services.activities import ACTIVITY_TYPES, FollowUp


def typed_text(tracker: Tracker) -> str:
    """What the rep last wrote (button payloads such as /log_activity{...} are not words)."""
    for event in reversed(tracker.events):
        text = (event.get("text") or "").strip() if event.get("event") == "user" else ""
        if text and not text.startswith("/"):
            return text
    return ""


class LogActivity(BusinessAction):
    """"llamé a Acme, quieren cotización, recuérdame el martes": activity + follow-up task."""

    def name(self) -> str:
        return "action_log_activity"

    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any],
            who: Asker) -> list[EventType]:
        ref = resolve(dispatcher, tracker, who, "log_activity")
        if ref is None:
            return []
        kind = tracker.get_slot("activity_type")
        kind = kind if kind in ACTIVITY_TYPES else "note"
        follow_up = None
        said = first_report(tracker) or typed_text(tracker)
        time_said = first_said(tracker, "time")
        if ask_if_impossible(dispatcher, who, time_said, said):
            return []
        when = parse_when(time_said, who.language, who.timezone) if time_said else None
        if when is not None:
            follow_up = FollowUp(type=kind if kind != "note" else "todo", due_at=when)
        logged = activities.log_activity(core().uow(), who.actor, account_id=ref.id, type=kind,
                                         outcome=said, follow_up=follow_up)
        label = response_text(domain, f"utter_label_{kind}", who.language)
        if logged.follow_up is not None and logged.follow_up.due_at is not None:
            dispatcher.utter_message(response="utter_activity_logged_follow_up", activity=label,
                                     account=ref.name, activity_id=logged.activity.id, task_id=logged.follow_up.id,
                                     when=when_text(logged.follow_up.due_at, who.language, who.timezone))
        else:
            dispatcher.utter_message(response="utter_activity_logged", activity=label, account=ref.name,
                                     activity_id=logged.activity.id)
        return []


class UndoActivity(BusinessAction):
    """The undo button: deletes the activity and cancels the follow-up it created."""

    def name(self) -> str:
        return "action_undo_activity"

    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any],
            who: Asker) -> list[EventType]:
        activity_id = tracker.get_slot("activity_id")
        if activity_id is None:
            dispatcher.utter_message(response="utter_cancelled")
            return []
        activities.undo_activity(core().uow(), who.actor, int(activity_id))
        # The undo button of a reply that promised a reminder names its task; say it is gone too.
        cancelled = response_text(domain, "utter_follow_up_cancelled", who.language) if tracker.get_slot("task_id") else ""
        dispatcher.utter_message(response="utter_activity_undone", follow_up=cancelled)
        return []
