"""Accounts: create, change, move through the sales flow, find, summarise."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, literal, or_, select

from crm_core.domain import limits, names
from crm_core.domain.access import Principal
from crm_core.domain.filters import AccountFilter
from crm_core.errors import InvalidInput
from crm_core.persistence import name_search
from crm_core.persistence.models import (
    Account,
    Activity,
    Contact,
    Opportunity,
    Status,
    StatusChange,
    Task,
    Territory,
    User,
)
from crm_core.persistence.types import utcnow
from crm_core.read_models.common import (
    AccountRef,
    AccountSummary,
    AccountView,
    ActivityView,
    ContactView,
    OpportunityView,
    Page,
    Resolution,
    TaskView,
)
from crm_core.services import custom_fields
from crm_core.services.common import (
    Actor,
    apply_changes,
    assignable_user,
    load_account,
    page,
    principal,
    record,
    reject_unknown,
    status_by_key,
    visible_accounts,
)
from crm_core.services.webhooks import emit
from crm_core.uow import UnitOfWork

EDITABLE = ("name", "sector", "country", "territory_id", "owner_id", "shared", "source")


def country_code(value: str | None) -> str | None:
    """A country as its ISO 3166 alpha-2 code, upper case."""
    if value is None:
        return None
    value = value.strip().upper()
    if len(value) != 2 or not value.isalpha():
        raise InvalidInput(f"country must be an ISO 3166 alpha-2 code, got {value!r}")
    return value


def create_account(
    uow: UnitOfWork,
    actor: Actor,
    *,
    name: str,
    status: str = "lead",
    sector: str | None = None,
    country: str | None = None,
    owner_id: int | None = None,
    territory_id: int | None = None,
    source: str | None = None,
    shared: bool = False,
    custom: dict[str, Any] | None = None,
    created_at: datetime | None = None,
) -> AccountView:
    """Create an account; it belongs to the actor unless another owner is given.

    `created_at` backdates an account brought in from elsewhere (imports, demo data).
    """
    with uow:
        account = new_account(
            uow, actor, principal(uow, actor), name=name, status=status, sector=sector,
            country=country, owner_id=owner_id, territory_id=territory_id, source=source,
            shared=shared, custom=custom, created_at=created_at,
        )
        uow.commit()
        return AccountView.of(account)


def new_account(
    uow: UnitOfWork,
    actor: Actor,
    who: Principal,
    *,
    name: str,
    status: str = "lead",
    sector: str | None = None,
    country: str | None = None,
    owner_id: int | None = None,
    territory_id: int | None = None,
    source: str | None = None,
    shared: bool = False,
    custom: dict[str, Any] | None = None,
    created_at: datetime | None = None,
    converted_at: datetime | None = None,
    id: int | None = None,
) -> Account:
    """Add an account inside the caller's unit of work (`id` keeps an imported record's id)."""
    created_at = created_at or utcnow()
    name = name.strip()
    if not name:
        raise InvalidInput("an account needs a name")
    owner_id = owner_id if owner_id is not None else (who.id or None)
    owner = assignable_user(uow, who, owner_id, "owner_id") if owner_id else None
    if territory_id is not None and uow.session.get(Territory, territory_id) is None:
        raise InvalidInput("unknown territory", territory_id=territory_id)
    state = status_by_key(uow, status)
    account = Account(
        id=id, name=name, search_name=names.search_key(name), sector=sector,
        country=country_code(country), owner_id=owner_id,
        team_id=owner.team_id if owner else who.team_id,
        territory_id=territory_id, source=source, shared=shared, status=state,
        custom=custom_fields.validate(uow, "account", custom or {}, partial=False),
        converted_at=(converted_at or created_at) if state.kind == "won" else None,
        created_at=created_at, updated_at=created_at,
    )
    uow.session.add(account)
    uow.flush()
    record(uow, actor, "account", account.id, "create",
           {"name": (None, name), "status": (None, status), "owner_id": (None, owner_id)})
    emit(uow, "account.created", AccountView.of(account).to_dict())
    return account


def update_account(uow: UnitOfWork, actor: Actor, account_id: int, **fields: Any) -> AccountView:
    """Change an account's editable fields and custom fields."""
    reject_unknown(fields, {*EDITABLE, "custom"})
    with uow:
        account = load_account(uow, principal(uow, actor), account_id)
        change_account(uow, actor, account, fields)
        uow.commit()
        return AccountView.of(account)


def change_account(uow: UnitOfWork, actor: Actor, account: Account,
                   fields: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Apply field changes inside the caller's unit of work, audited; returns what changed."""
    fields = dict(fields)
    if "country" in fields:
        fields["country"] = country_code(fields["country"])
    if "name" in fields:
        fields["search_name"] = names.search_key(fields["name"])
    if fields.get("owner_id") is not None and fields["owner_id"] != account.owner_id:
        owner = assignable_user(uow, principal(uow, actor), fields["owner_id"], "owner_id")
        fields["team_id"] = owner.team_id
    if fields.get("territory_id") is not None and uow.session.get(Territory, fields["territory_id"]) is None:
        raise InvalidInput("unknown territory", territory_id=fields["territory_id"])
    if "custom" in fields:
        cleaned = custom_fields.validate(uow, "account", fields["custom"] or {}, partial=True)
        fields["custom"] = custom_fields.merge(account.custom, cleaned)
    changes = apply_changes(account, fields)
    changes.pop("search_name", None)
    if changes:
        record(uow, actor, "account", account.id, "update", changes)
    return changes


def move_status(uow: UnitOfWork, actor: Actor, account_id: int, status: str,
                at: datetime | None = None) -> AccountView:
    """Move an account to a status of the flow; reaching a won status records the conversion."""
    with uow:
        account = load_account(uow, principal(uow, actor), account_id)
        set_status(uow, actor, account, status_by_key(uow, status), at)
        uow.commit()
        return AccountView.of(account)


def set_status(uow: UnitOfWork, actor: Actor, account: Account, target: Status,
               at: datetime | None = None) -> None:
    """Apply a status change inside the caller's unit of work: history, conversion time, audit."""
    before = account.status
    if before.id == target.id:
        return
    now = at or utcnow()
    converted_before = account.converted_at
    account.status = target
    account.converted_at = (account.converted_at or now) if target.kind == "won" else None
    uow.session.add(StatusChange(account_id=account.id, from_status_id=before.id,
                                 to_status_id=target.id, user_id=actor.user_id, at=now))
    changes: dict[str, tuple[Any, Any]] = {"status": (before.key, target.key)}
    if converted_before != account.converted_at:
        changes["converted_at"] = (converted_before, account.converted_at)
    record(uow, actor, "account", account.id, "move_status", changes)
    emit(uow, "account.status_changed", {"account_id": account.id, "from": before.key, "to": target.key, "at": now})


def get_account(uow: UnitOfWork, actor: Actor, account_id: int) -> AccountView:
    """One account the actor may see."""
    with uow:
        return AccountView.of(load_account(uow, principal(uow, actor), account_id))


def filter_clause(uow: UnitOfWork, spec: AccountFilter) -> list[ColumnElement[bool]]:
    """SQL conditions for an account filter."""
    conditions: list[ColumnElement[bool]] = []
    for field_name in ("sector", "country", "status", "name"):
        typed = getattr(spec, field_name)
        if typed is not None and limits.text_problem(str(typed), limits.LENGTHS["name"]):
            raise InvalidInput(f"{field_name}: {limits.text_problem(str(typed), limits.LENGTHS['name'])}")
    if spec.sector:
        conditions.append(func.lower(Account.sector) == spec.sector.strip().lower())
    if spec.country:
        conditions.append(Account.country == country_code(spec.country))
    if spec.status:
        conditions.append(Account.status_id == status_by_key(uow, spec.status).id)
    if spec.owner_id is not None:
        if limits.id_problem(int(spec.owner_id)):
            raise InvalidInput("owner_id is not a valid id", owner_id=spec.owner_id)
        conditions.append(Account.owner_id == spec.owner_id)
    if spec.not_contacted_days is not None:
        days = int(spec.not_contacted_days)
        if not 0 <= days <= limits.MAX_DAYS:
            raise InvalidInput(f"not_contacted_days runs from 0 to {limits.MAX_DAYS}")
        since = utcnow() - timedelta(days=days)
        conditions.append(or_(Account.last_activity_at.is_(None), Account.last_activity_at < since))
    if spec.name:
        conditions.append(name_search.holds(uow.session.get_bind().dialect.name, names.search_key(spec.name)))
    for key, value in spec.custom.items():
        if not limits.CUSTOM_KEY.match(str(key)):
            raise InvalidInput("a custom field key is letters, digits and _ (up to 60)", key=str(key)[:60])
        if limits.text_problem(str(value), limits.LENGTHS["custom_text"]):
            raise InvalidInput(f"custom.{key}: {limits.text_problem(str(value), limits.LENGTHS['custom_text'])}")
        conditions.append(Account.custom[key].as_string() == str(value))
    return conditions


def list_accounts(
    uow: UnitOfWork, actor: Actor, spec: AccountFilter | None = None, *,
    limit: int | None = None, offset: int | None = None,
) -> Page:
    """Accounts the actor may see, filtered and paginated, by name."""
    limit, offset = page(limit, offset)
    with uow:
        who = principal(uow, actor)
        where = and_(visible_accounts(who), *filter_clause(uow, spec or AccountFilter()))
        total = uow.session.scalar(select(func.count(Account.id)).where(where)) or 0
        rows = uow.session.scalars(
            select(Account).where(where).order_by(Account.name, Account.id).limit(limit).offset(offset)
        )
        return Page([AccountView.of(a) for a in rows], total, limit, offset)


def resolve_account(uow: UnitOfWork, actor: Actor, text: str) -> Resolution:
    """Match typed text to one visible account, or return ranked candidates, never a guess."""
    with uow:
        ranked = ranked_accounts(uow, principal(uow, actor), text)
    best, candidates = names.pick(ranked)
    if best is not None:
        return Resolution(AccountRef(best.id, best.name, best.score), [])
    return Resolution(None, [AccountRef(c.id, c.name, c.score) for c in candidates])


def ranked_accounts(uow: UnitOfWork, who: Principal, text: str) -> list[names.Scored]:
    """Accounts `who` may see ranked by likeness to typed text, inside the caller's unit of work."""
    key = names.search_key(text)
    if not key:
        return []
    tokens = sorted({t for t in key.split() if len(t) >= 3}, key=len, reverse=True)[:4] or [key]
    visible = visible_accounts(who)
    dialect = uow.session.get_bind().dialect.name
    columns = (Account.id, Account.name, Account.search_name)
    # names holding every typed word first; with many accounts, "any word" alone returns
    # hundreds of rows that share a common word and can crowd out the one meant
    rows = uow.session.execute(
        select(*columns).where(visible, name_search.holds_all(dialect, tokens)).limit(500)
    ).all()
    if not rows and len(tokens) > 2:
        # one mistyped word: the accounts holding all the others, each set an index lookup
        found: dict[int, Any] = {}
        for left_out in range(len(tokens)):
            rest = tokens[:left_out] + tokens[left_out + 1:]
            query = select(*columns).where(visible, name_search.holds_all(dialect, rest)).limit(500)
            found.update((row.id, row) for row in uow.session.execute(query))
        rows = list(found.values())
    if not rows:
        matched = sum((case((name_search.holds(dialect, t), 1), else_=0) for t in tokens), literal(0))
        rows = uow.session.execute(
            select(*columns).where(visible, name_search.holds_any(dialect, tokens))
            .order_by(matched.desc(), Account.id).limit(500)
        ).all()
    if not rows:
        rows = uow.session.execute(
            select(*columns).where(visible, name_search.holds(dialect, tokens[0][:3])).limit(2000)
        ).all()
    # the stored search keys spare normalising every candidate's name again
    return names.rank_keyed(text, [tuple(r) for r in rows])


def account_summary(uow: UnitOfWork, actor: Actor, account_id: int) -> AccountSummary:
    """Status, owner, contacts, open opportunities and their potential, recent activity, open tasks."""
    with uow:
        account = load_account(uow, principal(uow, actor), account_id)
        session = uow.session
        contacts = session.scalars(select(Contact).where(Contact.account_id == account.id).order_by(Contact.id))
        opportunities = list(session.scalars(
            select(Opportunity).where(Opportunity.account_id == account.id, Opportunity.status == "open")
            .order_by(Opportunity.created_at)
        ))
        activities = session.scalars(
            select(Activity).where(Activity.account_id == account.id)
            .order_by(Activity.occurred_at.desc()).limit(5)
        )
        tasks = session.scalars(
            select(Task).where(Task.account_id == account.id, Task.status == "open")
            .order_by(Task.due_at, Task.start_date)
        )
        owner = session.get(User, account.owner_id) if account.owner_id else None
        return AccountSummary(
            account=AccountView.of(account),
            status_label_es=account.status.label_es,
            status_label_en=account.status.label_en,
            owner_name=owner.name if owner else None,
            contacts=[ContactView.of(c) for c in contacts],
            open_opportunities=[OpportunityView.of(o) for o in opportunities],
            potential=sum((o.value for o in opportunities), Decimal("0")),
            last_activities=[ActivityView.of(a) for a in activities],
            open_tasks=[TaskView.of(t) for t in tasks],
        )

