"""Undo: the rep's last write (typed "deshacer"), or the one record an undo button was made for."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from crm_core.domain.undo import UndoClaim, sign, stamp, verify
from crm_core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from crm_core.persistence.models import (
    Account,
    Activity,
    AuditEntry,
    Contact,
    Opportunity,
    Status,
    StatusChange,
    Task,
)
from crm_core.persistence.types import utcnow
from crm_core.services import activities
from crm_core.services.accounts import set_status
from crm_core.services.common import Actor, principal, record
from crm_core.uow import UnitOfWork

UNDO_WINDOW = timedelta(hours=24)
# Audit entries this close together may belong to one request (a lead and its contact, a win and
# its status change are written in one transaction).
SAME_REQUEST = timedelta(seconds=1)
# Audit actions that take a write back; what they took back is not undone again.
UNDOING = frozenset({"delete", "cancel", "reopen", "undo"})


@dataclass(frozen=True)
class Undone:
    """What an undo did: the kind of record, whose account, what it was, and whether it was already undone."""

    kind: str
    account: str = ""
    detail: str = ""
    already: bool = False
    follow_up_cancelled: bool = False


def _created(uow: UnitOfWork, kind: str, record_id: int) -> tuple[object | None, int | None]:
    model = {"activity": Activity, "task": Task, "opportunity": Opportunity, "account": Account,
             "status": StatusChange}[kind]
    row = uow.session.get(model, record_id)
    if row is None:
        return None, None
    moment = getattr(row, "at" if kind == "status" else "created_at")
    return row, stamp(moment)


def token_for(uow: UnitOfWork, actor: Actor, kind: str, record_id: int, secret: str) -> str:
    """A signed, single-use undo token for a record the actor just wrote."""
    with uow:
        _, created = _created(uow, kind, record_id)
        if created is None:
            raise NotFound(f"{kind} not found", record_id=record_id)
        return sign(secret, UndoClaim(kind, record_id, actor.user_id or 0, created))


def undo_with_token(uow: UnitOfWork, actor: Actor, token: str, secret: str) -> Undone:
    """Undo what a button's token names, only for its author and only once."""
    claim = verify(secret, token)
    if claim is None:
        raise InvalidInput("this undo button is not valid")
    if claim.author_id != (actor.user_id or 0):
        raise PermissionDenied("only the author can undo an activity")
    with uow:
        row, created = _created(uow, claim.kind, claim.record_id)
        if row is None or created != claim.created:
            return Undone(claim.kind, already=True)
    return _undo(uow, actor, claim.kind, claim.record_id)


def undo_last(uow: UnitOfWork, actor: Actor) -> Undone | None:
    """Undo the actor's most recent write of the last day; None when there is nothing to undo."""
    with uow:
        principal(uow, actor)
        latest = list(uow.session.scalars(
            select(AuditEntry).where(AuditEntry.actor_id == actor.user_id, AuditEntry.at >= utcnow() - UNDO_WINDOW)
            .order_by(AuditEntry.id.desc()).limit(30)))
        undone = {(e.entity, e.entity_id) for e in latest if e.action in UNDOING}
        latest = [e for e in latest if (e.entity, e.entity_id) not in undone]
        if not latest:
            return None
        kind, record_id = _target(uow, latest)
        last = (latest[0].entity, latest[0].action)
    if kind is None:
        raise Conflict("this last change cannot be undone from the chat", entity=last[0], action=last[1])
    return _undo(uow, actor, kind, record_id)


_KNOWN = frozenset({"activity", "task", "opportunity", "account", "contact"})


def _target(uow: UnitOfWork, latest: list[AuditEntry]) -> tuple[str | None, int]:
    """The record the actor's last request wrote, from its newest audit entry.

    A follow-up task is undone with its activity (`_undo`); a status change written with a win
    or a loss, and a win or a loss itself, are not undone from the chat; a contact written with
    its lead undoes the lead.
    """
    newest = next((e for e in latest if e.entity in _KNOWN and latest[0].at - e.at <= SAME_REQUEST), None)
    if newest is None:
        return None, 0
    same_request = [e for e in latest if newest.at - e.at <= SAME_REQUEST]
    entry = (newest.entity, newest.action)
    if entry in (("opportunity", "win"), ("opportunity", "lose")):
        return None, 0
    if entry == ("account", "move_status"):
        if any(e.entity == "opportunity" and e.action in ("win", "lose") for e in same_request):
            return None, 0
        change = uow.session.scalar(select(StatusChange).where(StatusChange.account_id == newest.entity_id)
                                    .order_by(StatusChange.id.desc()).limit(1))
        return ("status", change.id) if change is not None else (None, 0)
    if entry == ("contact", "create"):
        contact = uow.session.get(Contact, newest.entity_id)
        lead = next((e for e in same_request if (e.entity, e.action) == ("account", "create")
                     and contact is not None and e.entity_id == contact.account_id), None)
        return ("account", lead.entity_id) if lead is not None else (None, 0)
    if entry in (("activity", "create"), ("task", "create"), ("task", "complete"), ("opportunity", "create"),
                 ("account", "create")):
        return newest.entity, newest.entity_id
    return None, 0


def _undo(uow: UnitOfWork, actor: Actor, kind: str, record_id: int) -> Undone:
    if kind == "task":
        # A follow-up is undone with the activity that asked for it.
        with uow:
            task = uow.session.get(Task, record_id)
            source = task.source_activity_id if task is not None and task.status == "open" else None
            if source is not None and uow.session.get(Activity, source) is None:
                source = None
        if source is not None:
            kind, record_id = "activity", source
    if kind == "activity":
        return _undo_activity(uow, actor, record_id)
    with uow:
        row, _ = _created(uow, kind, record_id)
        if row is None:
            return Undone(kind, already=True)
        handlers: dict[str, Callable[[UnitOfWork, Actor, Any], Undone]] = {
            "task": _undo_task, "opportunity": _undo_opportunity, "account": _undo_account, "status": _undo_status}
        done = handlers[kind](uow, actor, row)
        uow.commit()
        return done


def _undo_activity(uow: UnitOfWork, actor: Actor, activity_id: int) -> Undone:
    with uow:
        activity = uow.session.get(Activity, activity_id)
        if activity is None:
            return Undone("activity", already=True)
        account = uow.session.get(Account, activity.account_id)
        follow_ups = list(uow.session.scalars(select(Task.id).where(Task.source_activity_id == activity_id,
                                                                    Task.status == "open")))
        kind, name = activity.type, account.name if account else ""
    activities.undo_activity(uow, actor, activity_id)
    return Undone("activity", name, kind, follow_up_cancelled=bool(follow_ups))


def _undo_task(uow: UnitOfWork, actor: Actor, task: Task) -> Undone:
    if task.created_by_id not in (None, actor.user_id) and task.assignee_id != actor.user_id:
        raise PermissionDenied("this task belongs to someone else")
    name = task.account.name if task.account else ""
    if task.status == "done":
        task.status, task.completed_at = "open", None
        record(uow, actor, "task", task.id, "reopen", {"status": ("done", "open")})
        return Undone("task_reopened", name, task.title)
    if task.status != "open":
        return Undone("task", name, task.title, already=True)
    task.status = "cancelled"
    record(uow, actor, "task", task.id, "cancel", {"status": ("open", "cancelled")})
    return Undone("task", name, task.title)


def _undo_opportunity(uow: UnitOfWork, actor: Actor, opportunity: Opportunity) -> Undone:
    if opportunity.status != "open":
        raise Conflict("this opportunity is already closed; reopen it from the CRM")
    name = opportunity.account.name if opportunity.account else ""
    record(uow, actor, "opportunity", opportunity.id, "delete",
           {"value": (str(opportunity.value), None), "currency": (opportunity.currency, None)})
    uow.session.delete(opportunity)
    return Undone("opportunity", name, f"{opportunity.value} {opportunity.currency}")


def _undo_account(uow: UnitOfWork, actor: Actor, account: Account) -> Undone:
    busy = uow.session.scalar(select(Opportunity.id).where(Opportunity.account_id == account.id).limit(1)) or \
        uow.session.scalar(select(Activity.id).where(Activity.account_id == account.id).limit(1))
    if busy:
        raise Conflict("this account already has opportunities or activities")
    for contact in uow.session.scalars(select(Contact).where(Contact.account_id == account.id)):
        uow.session.delete(contact)
    record(uow, actor, "account", account.id, "delete", {"name": (account.name, None)})
    uow.session.delete(account)
    return Undone("account", account.name)


def _undo_status(uow: UnitOfWork, actor: Actor, change: StatusChange) -> Undone:
    account = uow.session.get(Account, change.account_id)
    if account is None or account.status_id != change.to_status_id or change.from_status_id is None:
        return Undone("status", account.name if account else "", already=True)
    before = uow.session.get(Status, change.from_status_id)
    if before is None:
        return Undone("status", account.name, already=True)
    set_status(uow, actor, account, before)
    record(uow, actor, "account", account.id, "undo", {"status": (change.to_status_id, before.key)})
    return Undone("status", account.name, before.key)
