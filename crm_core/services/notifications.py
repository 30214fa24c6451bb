"""What Rumbo tells people on its own initiative, and the ledger that makes each message go once.

Every message has a key (job, target, due time). A job claims the key in its own
transaction before sending (state 'sending') and marks it 'sent' afterwards; a key
that is already in the ledger is never sent again. A crash between the two leaves a
'sending' row, which `report_stuck` turns into 'unknown' and reports instead of
re-sending it blindly.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, and_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from crm_core.domain import schedule
from crm_core.persistence.models import (
    Account,
    Conversation,
    Identity,
    JobCursor,
    Notification,
    Sprint,
    SprintAccount,
    Status,
    Task,
    User,
)
from crm_core.read_models.common import Agenda, TaskView, View
from crm_core.read_models.sprints import Burnup, SprintDetail, TeamMemberStatus
from crm_core.services import sprints, tasks
from crm_core.services.common import SYSTEM, Actor
from crm_core.uow import UnitOfWork

logger = logging.getLogger(__name__)


# --- read models ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Recipient(View):
    """A user as the notifier needs them: language, timezone and chat addresses."""

    user_id: int
    name: str
    role: str
    language: str
    timezone: str
    addresses: dict[str, str] = field(default_factory=dict)  # provider -> external id


@dataclass(frozen=True)
class DueReminder(View):
    key: str
    recipient: Recipient
    fire_at: datetime
    task: TaskView
    timely: bool  # False: its time passed longer ago than the grace period


@dataclass(frozen=True)
class StaleAccount(View):
    id: int
    name: str
    last_activity_at: datetime | None


@dataclass(frozen=True)
class MorningAgenda(View):
    key: str
    recipient: Recipient
    day: date
    agenda: Agenda
    stale_accounts: list[StaleAccount]
    stale_total: int


@dataclass(frozen=True)
class SprintAlert(View):
    key: str
    recipient: Recipient
    kind: str  # ending | ended
    detail: SprintDetail


@dataclass(frozen=True)
class WeeklyDigest(View):
    key: str
    recipient: Recipient
    week_of: date
    members: list[TeamMemberStatus]
    burnups: dict[int, Burnup]  # by sprint id


@dataclass(frozen=True)
class WaitingConversation(View):
    key: str
    id: int
    channel: str
    subject: str | None
    waiting_since: datetime


@dataclass(frozen=True)
class WaitingAlert(View):
    recipient: Recipient
    conversations: list[WaitingConversation]


@dataclass(frozen=True)
class StuckNotification(View):
    key: str
    user_id: int | None
    claimed_at: datetime


# --- the ledger -----------------------------------------------------------------------------


def claim(uow: UnitOfWork, keys: list[str], user_id: int | None, now: datetime) -> bool:
    """Record the keys as being sent; False (nothing recorded) when any of them already is."""
    with uow:
        for key in keys:
            uow.session.add(Notification(key=key, user_id=user_id, state="sending", claimed_at=now,
                                         sent_at=None))
        try:
            uow.commit()
        except IntegrityError:
            return False
    return True


def mark_sent(uow: UnitOfWork, keys: list[str], now: datetime) -> None:
    """The message left: the keys are done for good."""
    _set_state(uow, keys, state="sent", sent_at=now)


def mark_failed(uow: UnitOfWork, keys: list[str], error: str) -> None:
    """The platform refused the message; keep the keys (no blind retries) with the reason."""
    _set_state(uow, keys, state="failed", error=error[:1000])


def _set_state(uow: UnitOfWork, keys: list[str], **values: object) -> None:
    with uow:
        uow.session.execute(update(Notification).where(Notification.key.in_(keys)).values(**values)
                            .execution_options(synchronize_session=False))
        uow.commit()


def report_stuck(uow: UnitOfWork, now: datetime, older_than: timedelta) -> list[StuckNotification]:
    """Claims left 'sending' by a crash: mark them 'unknown' and return them to be reported."""
    with uow:
        rows = list(uow.session.scalars(select(Notification).where(
            Notification.state == "sending", Notification.claimed_at < now - older_than)))
        for row in rows:
            row.state = "unknown"
        uow.commit()
        return [StuckNotification(r.key, r.user_id, r.claimed_at) for r in rows]


def sent_keys(uow: UnitOfWork, prefix: str) -> list[str]:
    """Keys in the ledger that start with `prefix` (tests and diagnostics)."""
    with uow:
        return list(uow.session.scalars(
            select(Notification.key).where(Notification.key.startswith(prefix)).order_by(Notification.id)))


def _claimed(session: Session, keys: Iterable[str]) -> set[str]:
    keys = list(keys)
    found: set[str] = set()
    for start in range(0, len(keys), 500):  # keep IN lists short
        found.update(session.scalars(select(Notification.key).where(Notification.key.in_(keys[start:start + 500]))))
    return found


def cursor(uow: UnitOfWork, name: str, default: datetime) -> datetime:
    """How far the job `name` has looked; `default` the first time."""
    with uow:
        row = uow.session.get(JobCursor, name)
        return row.position if row is not None else default


def move_cursor(uow: UnitOfWork, name: str, position: datetime) -> None:
    """Remember that the job `name` has handled everything up to `position`."""
    with uow:
        row = uow.session.get(JobCursor, name)
        if row is None:
            uow.session.add(JobCursor(name=name, position=position))
        elif position > row.position:
            row.position = position
        uow.commit()


# --- recipients -------------------------------------------------------------------------------


def _recipients(session: Session, condition: ColumnElement[bool]) -> list[Recipient]:
    """Active users matching `condition` who have a linked chat identity."""
    users = list(session.scalars(select(User).where(
        condition, User.active.is_(True), select(Identity.id).where(Identity.user_id == User.id).exists())
        .order_by(User.id)))
    addresses: dict[int, dict[str, str]] = {}
    ids = [u.id for u in users]
    for start in range(0, len(ids), 500):
        for user_id, provider, external in session.execute(select(
                Identity.user_id, Identity.provider, Identity.external_id)
                .where(Identity.user_id.in_(ids[start:start + 500])).order_by(Identity.id)):
            addresses.setdefault(user_id, {}).setdefault(provider, external)
    return [Recipient(u.id, u.name, u.role, u.language, u.timezone, addresses.get(u.id, {})) for u in users]


def recipient(uow: UnitOfWork, user_id: int) -> Recipient | None:
    """One user as a recipient, or None when inactive or without a chat identity."""
    with uow:
        found = _recipients(uow.session, User.id == user_id)
        return found[0] if found else None


# --- task reminders -----------------------------------------------------------------------------


def reminder_key(task_id: int, due_at: datetime) -> str:
    """A reminder is for one task at one time: rescheduling makes a new reminder."""
    return f"reminder:task:{task_id}:{due_at.astimezone(schedule.UTC):%Y%m%dT%H%M%SZ}"


def due_reminders(uow: UnitOfWork, since: datetime, now: datetime, *, lead_minutes: int,
                  grace_minutes: int) -> list[DueReminder]:
    """Open planned tasks whose reminder time fell in (since, now] and was not sent yet."""
    lead = timedelta(minutes=lead_minutes)
    with uow:
        rows = list(uow.session.scalars(select(Task).where(
            Task.status == "open", Task.due_at > since + lead, Task.due_at <= now + lead)
            .order_by(Task.due_at, Task.id)))
        keys = {t.id: reminder_key(t.id, t.due_at) for t in rows}  # type: ignore[arg-type]  # not NULL: the query filters on it
        done = _claimed(uow.session, keys.values())
        people = {r.user_id: r for r in _recipients(uow.session, User.id.in_({t.assignee_id for t in rows}))}
        due = []
        for task in rows:
            if keys[task.id] in done or task.assignee_id not in people:
                continue
            fire_at = schedule.reminder_time(task.due_at, lead_minutes)  # type: ignore[arg-type]  # not NULL: the query filters on it
            due.append(DueReminder(keys[task.id], people[task.assignee_id], fire_at, TaskView.of(task),
                                   schedule.within_grace(fire_at, now, grace_minutes)))
        return due


# --- morning agenda -------------------------------------------------------------------------------


def agendas_due(uow: UnitOfWork, now: datetime) -> list[tuple[str, Recipient, date]]:
    """Reps whose 8:00 (their time, working days) has come and who have not had today's agenda."""
    with uow:
        due = []
        for person in _recipients(uow.session, User.role == "rep"):
            day = schedule.morning_due(now, person.timezone)
            if day is not None:
                due.append((f"agenda:user:{person.user_id}:{day.isoformat()}", person, day))
        done = _claimed(uow.session, (key for key, _, _ in due))
        return [item for item in due if item[0] not in done]


def morning_agenda(uow: UnitOfWork, key: str, person: Recipient, day: date, now: datetime,
                   stale_days: int) -> MorningAgenda:
    """Today's planned and free tasks, overdue ones, and sprint accounts nobody touched lately."""
    agenda = tasks.agenda(uow, SYSTEM, day, user_id=person.user_id)
    stale, total = stale_sprint_accounts(uow, person.user_id, now, stale_days)
    return MorningAgenda(key, person, day, agenda, stale, total)


def stale_sprint_accounts(uow: UnitOfWork, user_id: int, now: datetime, days: int,
                          limit: int = 10) -> tuple[list[StaleAccount], int]:
    """Open accounts of the user's active sprint with no activity for `days` days (first `limit`, total)."""
    cutoff = now - timedelta(days=days)
    with uow:
        rows = uow.session.execute(
            select(Account.id, Account.name, Account.last_activity_at)
            .join(SprintAccount, SprintAccount.account_id == Account.id)
            .join(Sprint, Sprint.id == SprintAccount.sprint_id).join(Status, Status.id == Account.status_id)
            .where(Sprint.owner_id == user_id, Sprint.status == "active", Status.kind == "open",
                   (Account.last_activity_at.is_(None)) | (Account.last_activity_at < cutoff))
            .order_by(Account.last_activity_at.asc().nulls_first(), Account.id)).all()
        return [StaleAccount(*row) for row in rows[:limit]], len(rows)


# --- sprint alerts and manager digests ---------------------------------------------------------------


def sprint_alerts_due(uow: UnitOfWork, now: datetime) -> list[SprintAlert]:
    """Active sprints three days before their end, or past it (a prompt to close), at 8:00 the owner's time."""
    with uow:
        active = list(uow.session.execute(select(Sprint.id, Sprint.end, Sprint.owner_id)
                                          .where(Sprint.status == "active")))
        people = {r.user_id: r for r in _recipients(uow.session, User.id.in_({o for _, _, o in active}))}
        due = []
        for sprint_id, end, owner_id in active:
            person = people.get(owner_id)
            day = schedule.morning_due(now, person.timezone, working_days_only=False) if person else None
            kind = schedule.sprint_alert(end, day) if day else None
            if person and kind:
                due.append((f"sprint-{kind}:sprint:{sprint_id}:{end.isoformat()}", person, kind, sprint_id))
        done = _claimed(uow.session, (key for key, *_ in due))
    return [SprintAlert(key, person, kind, sprints.get_sprint(uow, SYSTEM, sprint_id))
            for key, person, kind, sprint_id in due if key not in done]


def digests_due(uow: UnitOfWork, now: datetime) -> list[tuple[str, Recipient, date]]:
    """Managers whose Monday 8:00 (their time) has come and who have not had this week's digest."""
    with uow:
        due = []
        for person in _recipients(uow.session, and_(User.role == "manager", User.team_id.is_not(None))):
            day = schedule.morning_due(now, person.timezone, weekday=0)
            if day is not None:
                due.append((f"digest:user:{person.user_id}:{day.isoformat()}", person, day))
        done = _claimed(uow.session, (key for key, _, _ in due))
        return [item for item in due if item[0] not in done]


def weekly_digest(uow: UnitOfWork, key: str, person: Recipient, week_of: date) -> WeeklyDigest:
    """Each rep of the manager's team with their sprint progress and burn-up data."""
    manager = Actor(person.user_id, "scheduler")
    members = sprints.team_status(uow, manager)
    burnups = {m.sprint.id: sprints.burnup(uow, manager, m.sprint.id) for m in members if m.sprint}
    return WeeklyDigest(key, person, week_of, members, burnups)


# --- inbox ----------------------------------------------------------------------------------------------


def waiting_alerts(uow: UnitOfWork, now: datetime, after_minutes: int) -> list[WaitingAlert]:
    """Per assignee, conversations whose customer has waited more than `after_minutes` for an answer."""
    with uow:
        rows = list(uow.session.scalars(select(Conversation).where(
            Conversation.status != "resolved", Conversation.assignee_id.is_not(None),
            Conversation.waiting_since <= now - timedelta(minutes=after_minutes))
            .order_by(Conversation.waiting_since, Conversation.id).limit(2000)))
        items = {c.id: WaitingConversation(
            f"inbox-waiting:conversation:{c.id}:{c.waiting_since:%Y%m%dT%H%M%SZ}", c.id, c.channel,
            c.subject, c.waiting_since) for c in rows}  # type: ignore[arg-type]  # not NULL: the query filters on it
        done = _claimed(uow.session, (w.key for w in items.values()))
        people = {r.user_id: r for r in _recipients(uow.session, User.id.in_({c.assignee_id for c in rows}))}
        grouped: dict[int, list[WaitingConversation]] = {}
        for c in rows:
            if items[c.id].key not in done and c.assignee_id in people:
                grouped.setdefault(c.assignee_id, []).append(items[c.id])
        return [WaitingAlert(people[user_id], waiting) for user_id, waiting in grouped.items()]
