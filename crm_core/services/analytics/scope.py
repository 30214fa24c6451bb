"""Whose figures a report covers, under the access policy, and the period's bounds.

A scope is `me`, `rep:<id>`, `team` (the caller's), `team:<id>`, `territory:<id>` or
`sector:<name>`. Reps see only their own figures; managers their team and its reps; admins
everything. Territory and sector scopes hold the accounts of that territory or sector the
caller may see. Periods are whole days in the caller's timezone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_, false, select

from crm_core.domain.access import Principal
from crm_core.domain.periods import Period, parse_period
from crm_core.errors import InvalidInput, NotFound, PermissionDenied
from crm_core.persistence.models import Account, Team, Territory, User
from crm_core.persistence.types import utcnow
from crm_core.read_models.analytics import ScopeView
from crm_core.services.common import Actor, principal, visible_accounts
from crm_core.services.tasks import local_day_bounds
from crm_core.uow import UnitOfWork

KINDS = ("me", "rep", "team", "territory", "sector")
CENTS_PLACES = 2


@dataclass(frozen=True)
class Scope:
    """A resolved scope: conditions for accounts and for rows that belong to a person."""

    view: ScopeView
    accounts: ColumnElement[bool]  # the accounts in scope, visibility included
    people: list[int] | None  # the reps whose own work is in scope; None: scoped by accounts
    visible: ColumnElement[bool]  # every account the caller may see

    def owned(self, column: Any) -> ColumnElement[bool]:
        """Rows of a person-owned table (deals, activities, tasks) in scope; the table joins Account."""
        if self.people is None:
            return self.accounts
        return and_(self.visible, self.by_person(column))

    def by_person(self, column: Any) -> ColumnElement[bool]:
        """Rows of the people in scope (activities' authors, tasks' assignees)."""
        if self.people is None:
            raise ValueError("this scope is defined by accounts")
        return column.in_(self.people) if self.people else false()


@dataclass(frozen=True)
class Window:
    """What every report needs: who asks, their local today, the period and its UTC bounds."""

    who: Principal
    timezone: str
    today: date
    period: Period
    lower: datetime
    upper: datetime

    def bounds(self, period: Period) -> tuple[datetime, datetime]:
        """UTC bounds of another period in the same timezone."""
        return local_day_bounds(period.start, period.end, self.timezone)


def window(uow: UnitOfWork, actor: Actor, period: str | Period) -> Window:
    """Resolve a period for the caller, inside the caller's unit of work."""
    who = principal(uow, actor)
    user = uow.session.get(User, actor.user_id) if actor.user_id else None
    tz = user.timezone if user else "UTC"
    today = utcnow().astimezone(ZoneInfo(tz)).date()
    resolved = period if isinstance(period, Period) else parse_period(period, today)
    lower, upper = local_day_bounds(resolved.start, resolved.end, tz)
    return Window(who, tz, today, resolved, lower, upper)


def split(spec: str | None) -> tuple[str, str | None]:
    """`kind[:value]` as its two parts; an unknown kind is InvalidInput."""
    text = (spec or "me").strip()
    kind, _, value = text.partition(":")
    kind = kind.strip().lower()
    if kind not in KINDS:
        raise InvalidInput(f"unknown scope {spec!r}", valid=[*KINDS[:1], "rep:<id>", "team", "team:<id>",
                                                            "territory:<id>", "sector:<name>"])
    return kind, value.strip() or None


def _number(kind: str, value: str | None) -> int:
    if value is None or not value.isdigit():
        raise InvalidInput(f"scope {kind} needs a numeric id, as {kind}:12", scope=f"{kind}:{value or ''}")
    return int(value)


def _team_members(uow: UnitOfWork, team_id: int) -> list[int]:
    return list(uow.session.scalars(
        select(User.id).where(User.team_id == team_id, User.active.is_(True), User.role == "rep")
        .order_by(User.id)))


def resolve(uow: UnitOfWork, who: Principal, spec: str | None) -> Scope:
    """The scope the caller named, or PermissionDenied / NotFound / InvalidInput."""
    kind, value = split(spec)
    visible = visible_accounts(who)
    resolver = _RESOLVERS[kind]
    return resolver(uow, who, value, visible)


def _me(uow: UnitOfWork, who: Principal, value: str | None, visible: ColumnElement[bool]) -> Scope:
    user = uow.session.get(User, who.id)
    label = user.name if user else "system"
    return Scope(ScopeView("me", who.id, label), and_(visible, Account.owner_id == who.id), [who.id],
                 visible)


def _rep(uow: UnitOfWork, who: Principal, value: str | None, visible: ColumnElement[bool]) -> Scope:
    rep_id = _number("rep", value)
    rep = uow.session.get(User, rep_id)
    if rep is None:
        raise NotFound("user not found", user_id=rep_id)
    if not (who.is_admin or rep.id == who.id
            or (who.role == "manager" and rep.team_id is not None and rep.team_id == who.team_id)):
        team = uow.session.get(Team, rep.team_id) if rep.team_id else None
        raise PermissionDenied("these figures belong to another rep's team", user_id=rep.id,
                               team=team.name if team else None)
    return Scope(ScopeView("rep", rep.id, rep.name), and_(visible, Account.owner_id == rep.id), [rep.id],
                 visible)


def _team(uow: UnitOfWork, who: Principal, value: str | None, visible: ColumnElement[bool]) -> Scope:
    team_id = _number("team", value) if value is not None else who.team_id
    if not who.is_manager:
        raise PermissionDenied("team figures are for managers and admins")
    if team_id is None:
        raise InvalidInput("name the team, as team:3")
    if not who.is_admin and team_id != who.team_id:
        raise PermissionDenied("you can only see your own team", team_id=team_id)
    team = uow.session.get(Team, team_id)
    if team is None:
        raise NotFound("team not found", team_id=team_id)
    return Scope(ScopeView("team", team.id, team.name), and_(visible, Account.team_id == team.id),
                 _team_members(uow, team.id), visible)


def _territory(uow: UnitOfWork, who: Principal, value: str | None, visible: ColumnElement[bool]) -> Scope:
    territory_id = _number("territory", value)
    territory = uow.session.get(Territory, territory_id)
    if territory is None:
        raise NotFound("territory not found", territory_id=territory_id)
    accounts = and_(visible, Account.territory_id == territory.id)
    if who.role == "rep":
        accounts = and_(accounts, Account.owner_id == who.id)
    return Scope(ScopeView("territory", territory.id, territory.name), accounts, None, visible)


def _sector(uow: UnitOfWork, who: Principal, value: str | None, visible: ColumnElement[bool]) -> Scope:
    if not value:
        raise InvalidInput("name the sector, as sector:Retail")
    accounts = and_(visible, Account.sector == value)
    if who.role == "rep":
        accounts = and_(accounts, Account.owner_id == who.id)
    return Scope(ScopeView("sector", value, value), accounts, None, visible)


_RESOLVERS: dict[str, Callable[[UnitOfWork, Principal, str | None, ColumnElement[bool]], Scope]] = {
    "me": _me, "rep": _rep, "team": _team, "territory": _territory, "sector": _sector,
}


def names_of(uow: UnitOfWork, ids: set[int] | list[int]) -> dict[int, str]:
    """User names by id."""
    wanted = [i for i in ids if i is not None]
    if not wanted:
        return {}
    return dict(uow.session.execute(select(User.id, User.name).where(User.id.in_(wanted))).tuples().all())
