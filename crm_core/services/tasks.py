"""Tasks and the agenda: planned (date and time) and free (from a start date)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.orm import Session, joinedload

from crm_core.domain.access import Principal, can_manage_user_records, can_see_account, can_see_user
from crm_core.errors import (
    InvalidInput,
    NotFound,
    PermissionDenied,
    TaskClosed,
    TaskNotFound,
)
from crm_core.persistence.models import Account, Task, User
from crm_core.persistence.types import utcnow
from crm_core.read_models.common import Agenda, Page, TaskView
from crm_core.services.common import Actor, apply_changes, load_account, page, principal, record
from crm_core.services.webhooks import emit
from crm_core.uow import UnitOfWork

TASK_TYPES = ("call", "meeting", "email", "visit", "sms", "whatsapp", "note", "todo")


def check_when(due_at: datetime | None, start_date: date | None) -> None:
    """A task is planned (an aware `due_at`) or free (a `start_date`), never both or neither."""
    if (due_at is None) == (start_date is None):
        raise InvalidInput("a task is either planned (due_at) or free (start_date), exactly one")
    if due_at is not None and due_at.tzinfo is None:
        raise InvalidInput("due_at needs a timezone")


def _may_touch(session: Session, who: Principal, task: Task) -> None:
    if who.is_admin or task.assignee_id == who.id:
        return
    assignee = session.get(User, task.assignee_id)
    if who.is_manager and assignee is not None and assignee.team_id == who.team_id:
        return
    account = task.account
    if account is not None and can_see_account(who, account.owner_id, account.team_id, account.shared):
        return
    raise TaskNotFound("task not found", task_id=task.id)


def new_task(
    uow: UnitOfWork, actor: Actor, who: Principal, *, type: str, account_id: int | None,
    title: str, assignee_id: int | None, due_at: datetime | None, start_date: date | None,
    source_activity_id: int | None = None, opportunity_id: int | None = None, id: int | None = None,
) -> Task:
    """Add a task inside the caller's unit of work (`id` keeps an imported record's id)."""
    if type not in TASK_TYPES:
        raise InvalidInput(f"unknown task type {type!r}", valid=list(TASK_TYPES))
    check_when(due_at, start_date)
    if account_id is not None:
        load_account(uow, who, account_id)
    assignee_id = assignee_id or who.id
    if assignee_id != who.id:
        assignee = uow.session.get(User, assignee_id)
        if assignee is None or not assignee.active or not can_see_user(who, assignee.id, assignee.team_id):
            raise InvalidInput("unknown assignee: pick someone in your team", assignee_id=assignee_id)
    elif uow.session.get(User, assignee_id) is None:
        raise InvalidInput("unknown assignee", assignee_id=assignee_id)
    task = Task(id=id, type=type, account_id=account_id, opportunity_id=opportunity_id,
                title=title.strip(), assignee_id=assignee_id, created_by_id=actor.user_id,
                due_at=due_at, start_date=start_date, source_activity_id=source_activity_id)
    uow.session.add(task)
    uow.flush()
    record(uow, actor, "task", task.id, "create",
           {"type": (None, type), "due_at": (None, due_at), "start_date": (None, start_date),
            "assignee_id": (None, assignee_id)})
    emit(uow, "task.created", TaskView.of(task).to_dict())
    return task


def schedule_task(
    uow: UnitOfWork, actor: Actor, *, type: str, account_id: int | None = None, title: str = "",
    assignee_id: int | None = None, due_at: datetime | None = None, start_date: date | None = None,
) -> TaskView:
    """Plan a task at a time, or leave it free from a start date."""
    with uow:
        task = new_task(uow, actor, principal(uow, actor), type=type, account_id=account_id,
                        title=title, assignee_id=assignee_id, due_at=due_at, start_date=start_date)
        uow.commit()
        return TaskView.of(task)


def _load(uow: UnitOfWork, actor: Actor, task_id: int) -> Task:
    task = uow.session.get(Task, task_id)
    if task is None:
        raise TaskNotFound("task not found", task_id=task_id)
    _may_touch(uow.session, principal(uow, actor), task)
    return task


def complete(uow: UnitOfWork, actor: Actor, task: Task) -> None:
    """Mark a task done inside the caller's unit of work."""
    if task.status != "open":
        raise TaskClosed(f"this task is already {task.status}", status=task.status)
    task.status, task.completed_at = "done", utcnow()
    record(uow, actor, "task", task.id, "complete", {"status": ("open", "done")})
    emit(uow, "task.completed", TaskView.of(task).to_dict())


def complete_task(uow: UnitOfWork, actor: Actor, task_id: int) -> TaskView:
    """Mark a task done."""
    with uow:
        task = _load(uow, actor, task_id)
        complete(uow, actor, task)
        uow.commit()
        return TaskView.of(task)


def reschedule_task(uow: UnitOfWork, actor: Actor, task_id: int, *, due_at: datetime | None = None,
                    start_date: date | None = None) -> TaskView:
    """Move an open task to another time (or turn it planned/free)."""
    check_when(due_at, start_date)
    with uow:
        task = _load(uow, actor, task_id)
        if task.status != "open":
            raise TaskClosed(f"this task is already {task.status}", status=task.status)
        changes = apply_changes(task, {"due_at": due_at, "start_date": start_date})
        record(uow, actor, "task", task.id, "reschedule", changes)
        uow.commit()
        return TaskView.of(task)


def reassign_task(uow: UnitOfWork, actor: Actor, task_id: int, assignee_id: int) -> TaskView:
    """Give an open task to someone else in the team."""
    with uow:
        who = principal(uow, actor)
        task = _load(uow, actor, task_id)
        assignee = uow.session.get(User, assignee_id)
        if assignee is None or not assignee.active or not can_see_user(who, assignee.id, assignee.team_id):
            raise InvalidInput("unknown assignee: pick someone in your team", assignee_id=assignee_id)
        changes = apply_changes(task, {"assignee_id": assignee_id})
        record(uow, actor, "task", task.id, "reassign", changes)
        uow.commit()
        return TaskView.of(task)


def get_task(uow: UnitOfWork, actor: Actor, task_id: int) -> TaskView:
    """One task the actor may see."""
    with uow:
        return TaskView.of(_load(uow, actor, task_id))


def list_tasks(
    uow: UnitOfWork, actor: Actor, *, assignee_id: int | None = None, status: str | None = None,
    account_id: int | None = None, limit: int | None = None, offset: int | None = None,
) -> Page:
    """Tasks the actor may see: their own; a manager's team's; everything for admins."""
    limit, offset = page(limit, offset)
    with uow:
        who = principal(uow, actor)
        query = select(Task)
        if not who.is_admin:
            team = select(User.id).where(User.team_id == who.team_id) if who.team_id else None
            if who.is_manager and team is not None:
                query = query.where(Task.assignee_id.in_(team))
            else:
                query = query.where(Task.assignee_id == who.id)
        if assignee_id is not None:
            query = query.where(Task.assignee_id == assignee_id)
        if status is not None:
            query = query.where(Task.status == status)
        if account_id is not None:
            query = query.where(Task.account_id == account_id)
        total = uow.session.scalar(select(func.count()).select_from(query.subquery())) or 0
        rows = uow.session.scalars(
            query.options(joinedload(Task.account)).order_by(Task.id).limit(limit).offset(offset)
        )
        return Page([TaskView.of(t) for t in rows], total, limit, offset)


def local_day_bounds(day_from: date, day_to: date, tz: str) -> tuple[datetime, datetime]:
    """UTC instants of the start of `day_from` and the end of `day_to` in a timezone."""
    zone = ZoneInfo(tz)
    # a stored date at the edge of the calendar (9999-12-31) must not break every reader
    first = max(day_from, date.min + timedelta(days=2))
    last = min(day_to, date.max - timedelta(days=2))
    start = datetime.combine(first, time.min, zone)
    end = datetime.combine(last + timedelta(days=1), time.min, zone)
    return start, end


def agenda(uow: UnitOfWork, actor: Actor, start: date, end: date | None = None,
           user_id: int | None = None) -> Agenda:
    """Planned and free open tasks of a user for a date range in their timezone, plus overdue ones."""
    end = end or start
    if end < start:
        raise InvalidInput("the agenda's end is before its start")
    with uow:
        who = principal(uow, actor)
        user_id = user_id or who.id
        user = uow.session.get(User, user_id)
        if user is None or not can_see_user(who, user.id, user.team_id):
            raise NotFound("user not found", user_id=user_id)
        if user_id != who.id and not can_manage_user_records(who, user.id, user.team_id):
            raise PermissionDenied("you can only see your own agenda")
        lower, upper = local_day_bounds(start, end, user.timezone)
        mine = and_(Task.assignee_id == user_id, Task.status == "open")
        views = _agenda_rows
        planned = views(uow, and_(mine, Task.due_at >= lower, Task.due_at < upper), Task.due_at)
        free = views(uow, and_(mine, Task.due_at.is_(None), Task.start_date <= end), Task.start_date)
        overdue = views(uow, and_(mine, Task.due_at < min(lower, utcnow())), Task.due_at, limit=50)
        return Agenda(start, end, user.timezone, planned, free, overdue)


def _agenda_rows(uow: UnitOfWork, where: ColumnElement[bool], order: Any, limit: int | None = None) -> list[TaskView]:
    """Task views read straight from columns: an agenda can hold hundreds of tasks, and
    building ORM objects for each (with its account, for the name) cost more than the query."""
    query = (
        select(Task.id, Task.account_id, Account.name.label("account_name"), Task.type, Task.title,
               Task.assignee_id, Task.due_at, Task.start_date, Task.status, Task.completed_at)
        .outerjoin(Account, Account.id == Task.account_id)
        .where(where).order_by(order, Task.id).limit(limit)
    )
    return [TaskView(**row._mapping) for row in uow.session.execute(query)]
