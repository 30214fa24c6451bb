"""Logging what happened with an account, with an optional follow-up and an undo button."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.common import Asker, BusinessAction, core, resolve, response_text, settings
from actions.formatting import parse_when
from actions.writes import ask_if_impossible, first_report, first_said, reminder_when
from crm_core.services import activities, flow, undo
from crm_core.services.activities import ACTIVITY_TYPES, FollowUp
from crm_core.services.undo import Undone
from texts import t
from texts.formatting import when_text


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
        said = first_report(tracker, "log_activity") or typed_text(tracker)
        time_said = reminder_when(said, first_said(tracker, "time", "log_activity"))
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
                                     account=ref.name, undo_token=undo_button(who, "activity", logged.activity.id),
                                     when=when_text(logged.follow_up.due_at, who.language, who.timezone))
        else:
            dispatcher.utter_message(response="utter_activity_logged", activity=label, account=ref.name,
                                     undo_token=undo_button(who, "activity", logged.activity.id))
        return []


class UndoActivity(BusinessAction):
    """Typed "deshacer"/"undo" takes back the rep's last write; a button, only the record it was made for."""

    def name(self) -> str:
        return "action_undo_activity"

    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any],
            who: Asker) -> list[EventType]:
        token = tracker.get_slot("undo_token")
        done: Undone | None
        if token:
            done = undo.undo_with_token(core().uow(), who.actor, str(token), settings().secret_key)
        elif tracker.get_slot("activity_id") is not None:
            # Buttons from before signed tokens name a bare id, which a newer record may have reused.
            dispatcher.utter_message(text=t("writes.undo.old_button", who.language))
            return []
        else:
            done = undo.undo_last(core().uow(), who.actor)
        dispatcher.utter_message(text=undone_text(done, domain, who.language))
        return []


def undone_text(done: Undone | None, domain: dict[str, Any], language: str) -> str:
    """What an undo did, in the rep's words: which record, on which account."""
    if done is None:
        return t("writes.undo.nothing", language)
    if done.already:
        return t("writes.undo.already", language)
    detail = done.detail
    if done.kind == "activity":
        detail = response_text(domain, f"utter_label_{done.detail}", language) or done.detail
    if done.kind == "status":
        detail = next((s.label(language) for s in flow.list_statuses(core().uow()) if s.key == done.detail), detail)
    text = t(f"writes.undo.{done.kind}", language, account=done.account, detail=detail)
    if done.follow_up_cancelled:
        text += response_text(domain, "utter_follow_up_cancelled", language)
    return text + "."


def undo_button(who: Asker, kind: str, record_id: int) -> str:
    """A signed single-use token for the undo button of a record the rep just wrote."""
    return undo.token_for(core().uow(), who.actor, kind, record_id, settings().secret_key)
