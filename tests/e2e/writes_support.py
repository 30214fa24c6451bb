"""The acceptance suite's harness: a rep of their own per conversation, turns sent through Rasa,
and checks that read the CRM through the services after each turn."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from crm_core.bootstrap import Core
from crm_core.domain.filters import AccountFilter
from crm_core.persistence.models import AuditEntry
from crm_core.read_models.common import AccountView
from crm_core.services import accounts, activities, contacts, opportunities, tasks, users
from crm_core.services.common import SYSTEM, Actor

_teams = itertools.count(1)


@dataclass
class World:
    """One conversation's rep, their accounts and the CRM, as the checks see them."""

    core: Core
    actor: Actor
    timezone: str
    names: dict[str, int] = field(default_factory=dict)
    audit_mark: int = 0

    def today(self) -> date:
        return datetime.now(ZoneInfo(self.timezone)).date()

    def account(self, name: str) -> AccountView:
        found = [a for a in accounts.list_accounts(self.core.uow(), self.actor, AccountFilter(name=name),
                                                   limit=500).items if a.name == name]
        assert found, f"no account {name!r}"
        return found[-1]

    def writes_since_mark(self) -> int:
        with self.core.uow() as uow:
            return uow.session.query(AuditEntry).filter(AuditEntry.actor_id == self.actor.user_id,
                                                        AuditEntry.id > self.audit_mark).count()

    def mark(self) -> None:
        with self.core.uow() as uow:
            last = uow.session.query(AuditEntry.id).order_by(AuditEntry.id.desc()).first()
            self.audit_mark = last[0] if last else 0


Check = Callable[[World], None]


@dataclass(frozen=True)
class Turn:
    """One message as a rep types it, what the reply must contain, and the CRM state after it."""

    text: str
    says: str = ""
    check: Check | None = None

    @property
    def writes(self) -> bool:
        return self.check is not None and getattr(self.check, "write", True)


@dataclass(frozen=True)
class Conversation:
    """A rep with some accounts, and the turns they type."""

    id: str
    language: str
    turns: list[Turn]
    accounts: list[tuple[str, str | None]] = field(default_factory=list)  # (name, country)
    timezone: str = "America/Santiago"
    open_opportunity: tuple[str, str] | None = None  # (account, currency) opened before the turns
    others: list[tuple[str, str, str | None]] = field(default_factory=list)  # (account, owner, sector) of others


def set_up(core: Core, conversation: Conversation) -> World:
    """A rep in a team of their own, so no other conversation's accounts can answer for theirs."""
    n = next(_teams)
    rep = users.add_user(core.uow(), SYSTEM, name=f"Rep{n} Prueba", email=f"rep{n}.{conversation.id}@acc.test",
                         role="rep", team=f"Acc{n}", language=conversation.language, timezone=conversation.timezone)
    world = World(core, Actor(rep.id, "cli"), conversation.timezone)
    # Set up by the system, so the rep's typed "deshacer" only ever finds what the rep wrote.
    for name, country in conversation.accounts:
        world.names[name] = accounts.create_account(core.uow(), SYSTEM, name=name, country=country,
                                                    owner_id=rep.id).id
    for name, owner, sector in conversation.others:
        other = users.add_user(core.uow(), SYSTEM, name=owner, email=f"o{n}.{len(world.names)}@acc.test",
                               role="rep", team=f"Acc{n}")
        world.names[name] = accounts.create_account(core.uow(), SYSTEM, name=name, sector=sector,
                                                    owner_id=other.id).id
    if conversation.open_opportunity:
        name, currency = conversation.open_opportunity
        opportunities.open_opportunity(core.uow(), SYSTEM, account_id=world.names[name], value=100,
                                       currency=currency)
    return world


# --- checks ------------------------------------------------------------------------------------


def _latest_open_opportunity(world: World, name: str):
    found = opportunities.list_opportunities(world.core.uow(), world.actor, account_id=world.account(name).id,
                                             status="open", limit=500).items
    assert found, f"no open opportunity on {name}"
    return max(found, key=lambda o: o.id)


def opportunity(name: str, value: str | int, currency: str, close_month: int | None = None) -> Check:
    """The account's newest open opportunity has this value and currency (and close month)."""
    def check(world: World) -> None:
        deal = _latest_open_opportunity(world, name)
        assert (deal.value, deal.currency) == (Decimal(str(value)), currency), (deal.value, deal.currency)
        if close_month is not None:
            assert deal.expected_close is not None and deal.expected_close.month == close_month, deal.expected_close
            assert (deal.expected_close + timedelta(days=1)).day == 1
    return check


def won(name: str, value: str | int | None = None) -> Check:
    """The account is a client and its latest opportunity is won (at this value)."""
    def check(world: World) -> None:
        assert world.account(name).status == "client", world.account(name).status
        if value is not None:
            deals = opportunities.list_opportunities(world.core.uow(), world.actor, account_id=world.account(name).id,
                                                     status="won", limit=500).items
            assert deals and deals[-1].value == Decimal(str(value)), [d.value for d in deals]
    return check


def lost(name: str, reason_has: str) -> Check:
    """The account's latest opportunity is lost, with the rep's reason."""
    def check(world: World) -> None:
        deals = opportunities.list_opportunities(world.core.uow(), world.actor, account_id=world.account(name).id,
                                                 status="lost", limit=500).items
        assert deals and reason_has.lower() in (deals[-1].lost_reason or "").lower(), [d.lost_reason for d in deals]
    return check


def stage(name: str, key: str) -> Check:
    """The account is in this stage."""
    def check(world: World) -> None:
        assert world.account(name).status == key, world.account(name).status
    return check


def _open_tasks(world: World, name: str | None):
    account_id = world.account(name).id if name else None
    return tasks.list_tasks(world.core.uow(), world.actor, account_id=account_id, status="open", limit=500).items


def task(name: str | None, *, hour: int | None = None, minute: int = 0, days: int | None = None,
         weekday: int | None = None, title: str | None = None, kind: str | None = None) -> Check:
    """The newest open task (of the account) is due at this local hour and day, with this title and type."""
    def check(world: World) -> None:
        found = _open_tasks(world, name)
        assert found, f"no open task for {name}"
        newest = max(found, key=lambda t: t.id)
        local = newest.due_at.astimezone(ZoneInfo(world.timezone)) if newest.due_at else None
        if hour is not None:
            assert local is not None and (local.hour, local.minute) == (hour, minute), local
        if days is not None:
            assert local is not None and local.date() == world.today() + timedelta(days=days), local
        if weekday is not None:
            assert local is not None and local.weekday() == weekday and local.date() > world.today(), local
        if title is not None:
            assert newest.title == title, newest.title
        if kind is not None:
            assert newest.type == kind, newest.type
        if name is not None:
            assert newest.account_id == world.account(name).id
    return check


def no_open_task(name: str) -> Check:
    """The account has no open task left (it was completed or cancelled)."""
    def check(world: World) -> None:
        assert not _open_tasks(world, name), [t.title for t in _open_tasks(world, name)]
    return check


def activity(name: str, *, outcome_has: str, kind: str | None = None, follow_up: bool | None = None) -> Check:
    """The account's newest activity keeps the rep's own report (and type)."""
    def check(world: World) -> None:
        found = activities.list_activities(world.core.uow(), world.actor, account_id=world.account(name).id).items
        assert found, f"no activity on {name}"
        newest = found[0]
        assert outcome_has.lower() in newest.outcome.lower(), newest.outcome
        if kind is not None:
            assert newest.type == kind, newest.type
        if follow_up is not None:
            assert bool(_open_tasks(world, name)) == follow_up
    return check


def no_activity(name: str) -> Check:
    """The account has no activity (an undo took it back)."""
    def check(world: World) -> None:
        assert activities.list_activities(world.core.uow(), world.actor,
                                          account_id=world.account(name).id).total == 0
    return check


def lead(name: str, *, sector: str | None = None, country: str | None = None,
         contact: str | None = None, email: str | None = None) -> Check:
    """A lead with this name exists, its sector and country normalised, its contact created."""
    def check(world: World) -> None:
        made = world.account(name)
        assert made.status == "lead"
        if sector is not None:
            assert made.sector == sector, made.sector
        if country is not None:
            assert made.country == country, made.country
        people = contacts.list_contacts(world.core.uow(), world.actor, account_id=made.id).items
        if contact is not None:
            assert any(p.name == contact for p in people), [p.name for p in people]
        if email is not None:
            assert any(p.email == email for p in people), [p.email for p in people]
    return check


def contact_at(name: str, person: str, email: str | None = None, phone_has: str | None = None) -> Check:
    """The account has this contact (with this email / phone)."""
    def check(world: World) -> None:
        people = contacts.list_contacts(world.core.uow(), world.actor, account_id=world.account(name).id).items
        match = [p for p in people if p.name.lower() == person.lower()]
        assert match, [p.name for p in people]
        if email is not None:
            assert match[0].email == email, match[0].email
        if phone_has is not None:
            assert phone_has in (match[0].phone or "").replace(" ", ""), match[0].phone
    return check


def accounts_named(name_key: str, count: int) -> Check:
    """Exactly `count` accounts in the whole CRM carry this name (no silent duplicate)."""
    def check(world: World) -> None:
        from crm_core.domain.names import search_key
        found = [a for a in accounts.list_accounts(world.core.uow(), SYSTEM, AccountFilter(), limit=1000).items
                 if search_key(a.name) == search_key(name_key)]
        assert len(found) == count, [a.name for a in found]
    return check


def nothing_written() -> Check:
    """The turn wrote nothing (a question was asked, or the request was refused)."""
    def check(world: World) -> None:
        assert world.writes_since_mark() == 0, world.writes_since_mark()
    check.write = False  # type: ignore[attr-defined]
    return check


def both(*checks: Check) -> Check:
    """Every check holds."""
    def check(world: World) -> None:
        for one in checks:
            one(world)
    check.write = any(getattr(c, "write", True) for c in checks)  # type: ignore[attr-defined]
    return check
