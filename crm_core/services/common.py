"""What every service needs: the acting user, access checks, the audit trail."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, false, func, or_, select, true

from crm_core.domain.access import CHANNELS, Principal, can_assign_to, can_see_account
from crm_core.errors import InvalidInput, NotFound, UnknownUser
from crm_core.persistence.models import Account, AuditEntry, Status, User
from crm_core.read_models.common import Page
from crm_core.uow import UnitOfWork


@dataclass(frozen=True)
class Actor:
    """Who acts and through which channel; every service call carries one."""

    user_id: int | None
    channel: str

    def __post_init__(self) -> None:
        if self.channel not in CHANNELS:
            raise InvalidInput(f"unknown channel {self.channel!r}", valid=list(CHANNELS))


SYSTEM = Actor(user_id=None, channel="system")


def principal(uow: UnitOfWork, actor: Actor) -> Principal:
    """The acting user as access rules see them; the system actor acts as an admin."""
    if actor.user_id is None:
        return Principal(id=0, role="admin", team_id=None)
    user = uow.session.get(User, actor.user_id)
    if user is None or not user.active:
        raise UnknownUser("unknown or inactive user", user_id=actor.user_id)
    return Principal(id=user.id, role=user.role, team_id=user.team_id)


def visible_accounts(who: Principal) -> ColumnElement[bool]:
    """SQL condition matching the accounts `who` may see (mirror of can_see_account)."""
    if who.is_admin:
        return true()
    own = Account.owner_id == who.id
    same_team = Account.team_id == who.team_id if who.team_id is not None else false()
    if who.role == "manager":
        return or_(own, same_team)
    return or_(own, and_(same_team, or_(Account.shared.is_(True), Account.owner_id.is_(None))))


def load_account(uow: UnitOfWork, who: Principal, account_id: int) -> Account:
    """The account if it exists and `who` may see it, else a domain error."""
    account = uow.session.get(Account, account_id)
    # an account hidden from the caller answers like a missing one: ids tell nothing
    if account is None or not can_see_account(who, account.owner_id, account.team_id, account.shared):
        raise NotFound("account not found", account_id=account_id)
    return account


def assignable_user(uow: UnitOfWork, who: Principal, user_id: int, field: str) -> User:
    """An active user `who` may give records to, else one error for missing and out of reach alike."""
    user = uow.session.get(User, user_id)
    if user is None or not user.active or not can_assign_to(who, user.id, user.team_id):
        raise InvalidInput(f"unknown {field.removesuffix('_id')}: pick someone you may assign", **{field: user_id})
    return user


def status_by_key(uow: UnitOfWork, key: str) -> Status:
    """A status of the sales flow by key, or an error naming the valid keys."""
    # kept for the unit of work: an import looks the same few statuses up for every row
    known: dict[str, Status] = uow.session.info.setdefault("statuses_by_key", {})
    if key in known:
        return known[key]
    status = uow.session.scalar(select(Status).where(Status.key == key))
    if status is None:
        keys = list(uow.session.scalars(select(Status.key).order_by(Status.position)))
        raise InvalidInput(f"unknown status {key!r}", valid=keys)
    known[key] = status
    return status


def jsonable(value: Any) -> Any:
    """Make a field value storable as JSON in the audit trail."""
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def record(
    uow: UnitOfWork,
    actor: Actor,
    entity: str,
    entity_id: int,
    action: str,
    changes: dict[str, tuple[Any, Any]] | None = None,
) -> None:
    """Append an audit entry: who, through what, when, fields before and after."""
    uow.session.add(
        AuditEntry(
            entity=entity,
            entity_id=entity_id,
            action=action,
            actor_id=actor.user_id,
            channel=actor.channel,
            changes={k: [jsonable(a), jsonable(b)] for k, (a, b) in (changes or {}).items()},
        )
    )


def reject_unknown(fields: dict[str, Any], editable: tuple[str, ...] | set[str]) -> None:
    """Refuse a change that names fields the caller may not edit, listing them."""
    unknown = set(fields) - set(editable)
    if unknown:
        raise InvalidInput("these fields cannot be changed", fields=sorted(unknown))


def apply_changes(obj: Any, fields: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Set attributes and return what actually changed, as (before, after) pairs."""
    changed: dict[str, tuple[Any, Any]] = {}
    for name, value in fields.items():
        before = getattr(obj, name)
        if before != value:
            setattr(obj, name, value)
            changed[name] = (before, value)
    return changed


def paged(uow: UnitOfWork, query: Select[Any], order_by: tuple[Any, ...], limit: int, offset: int,
          view: Callable[[Any], Any]) -> Page:
    """One page of a query's rows as views, with the total number of matches."""
    total = uow.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = uow.session.scalars(query.order_by(*order_by).limit(limit).offset(offset))
    return Page([view(row) for row in rows], total, limit, offset)


def page(limit: int | None, offset: int | None) -> tuple[int, int]:
    """Clamp pagination arguments."""
    limit = 50 if limit is None else max(1, min(int(limit), 500))
    return limit, max(0, int(offset or 0))
