"""Export of each kind of record as a table, in exactly the columns its import reads back."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import aliased

from crm_core.domain.access import Principal
from crm_core.domain.limits import safe_cell
from crm_core.errors import InvalidInput, PermissionDenied
from crm_core.persistence.models import (
    Account,
    Activity,
    Contact,
    CustomFieldDef,
    Opportunity,
    Task,
    Team,
    Territory,
    User,
)
from crm_core.services.common import Actor, principal, record, visible_accounts
from crm_core.services.imports.kinds import (
    ACCOUNT_COLUMNS,
    ACTIVITY_COLUMNS,
    CONTACT_COLUMNS,
    KINDS,
    OPPORTUNITY_COLUMNS,
    TASK_COLUMNS,
    USER_COLUMNS,
)
from crm_core.services.imports.rows import CUSTOM, HANDLES
from crm_core.uow import UnitOfWork

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Table:
    """A kind's records as rows of plain values (None for an empty cell), ordered by id."""

    kind: str
    columns: list[str]
    rows: list[list[Any]]


def export_table(uow: UnitOfWork, actor: Actor, kind: str) -> Table:
    """Every record of a kind the actor may see; users come without tokens or chat identities."""
    if kind not in EXPORTS:
        raise InvalidInput(f"unknown kind {kind!r}", valid=list(KINDS))
    with uow:
        who = principal(uow, actor)
        if not who.is_manager:
            raise PermissionDenied("only admins and managers export data")
        raw = EXPORTS[kind](uow, who)
        # text stored before the input rules (a NUL, an ESC) must not break the file for everyone
        table = Table(raw.kind, raw.columns, [[safe_cell(v) for v in row] for row in raw.rows])
        record(uow, actor, "export", 0, kind, {"rows": (None, len(table.rows))})
        uow.commit()
    logger.info("exported %s %s", len(table.rows), kind)
    return table


def _custom_keys(uow: UnitOfWork, entity: str) -> list[str]:
    return list(uow.session.scalars(
        select(CustomFieldDef.key).where(CustomFieldDef.entity == entity).order_by(CustomFieldDef.id)
    ))


def _users(uow: UnitOfWork, who: Principal) -> Table:
    query = select(User, Team.name).outerjoin(Team, Team.id == User.team_id).order_by(User.id)
    if not who.is_admin:
        query = query.where(User.team_id == who.team_id)
    rows = [[u.id, u.name, u.email, u.role, team, u.language, u.timezone, u.active]
            for u, team in uow.session.execute(query)]
    return Table("users", list(USER_COLUMNS), rows)


def _accounts(uow: UnitOfWork, who: Principal) -> Table:
    keys = _custom_keys(uow, "account")
    owner = aliased(User)
    query = (
        select(Account, owner.email, Territory.name)
        .outerjoin(owner, owner.id == Account.owner_id)
        .outerjoin(Territory, Territory.id == Account.territory_id)
        .where(visible_accounts(who)).order_by(Account.id)
    )
    rows = [
        [a.id, a.name, a.status.key, a.sector, a.country, a.owner_id, owner_email, a.territory_id,
         territory, a.source, a.shared, a.created_at, a.converted_at]
        + [(a.custom or {}).get(k) for k in keys]
        for a, owner_email, territory in uow.session.execute(query)
    ]
    return Table("accounts", [*ACCOUNT_COLUMNS, *(CUSTOM + k for k in keys)], rows)


def _contacts(uow: UnitOfWork, who: Principal) -> Table:
    keys = _custom_keys(uow, "contact")
    query = (
        select(Contact, Account.name).join(Account, Account.id == Contact.account_id)
        .where(visible_accounts(who)).order_by(Contact.id)
    )
    found = list(uow.session.execute(query))
    networks = sorted({network for contact, _ in found for network in (contact.handles or {})})
    rows = [
        [c.id, c.account_id, account, c.name, c.role, c.email, c.phone]
        + [(c.handles or {}).get(n) for n in networks] + [(c.custom or {}).get(k) for k in keys]
        for c, account in found
    ]
    columns = [*CONTACT_COLUMNS, *(HANDLES + n for n in networks), *(CUSTOM + k for k in keys)]
    return Table("contacts", columns, rows)


def _opportunities(uow: UnitOfWork, who: Principal) -> Table:
    keys = _custom_keys(uow, "opportunity")
    owner = aliased(User)
    query = (
        select(Opportunity, Account.name, owner.email)
        .join(Account, Account.id == Opportunity.account_id)
        .outerjoin(owner, owner.id == Opportunity.owner_id)
        .where(visible_accounts(who)).order_by(Opportunity.id)
    )
    rows = [
        [o.id, o.account_id, account, o.contact_id, o.title, o.value, o.currency, o.stage.key,
         o.status, o.expected_close, o.lost_reason, o.owner_id, owner_email, o.origin_kind,
         o.origin_id, o.created_at, o.closed_at]
        + [(o.custom or {}).get(k) for k in keys]
        for o, account, owner_email in uow.session.execute(query)
    ]
    return Table("opportunities", [*OPPORTUNITY_COLUMNS, *(CUSTOM + k for k in keys)], rows)


def _tasks(uow: UnitOfWork, who: Principal) -> Table:
    assignee = aliased(User)
    query = (
        select(Task, Account.name, assignee.email)
        .outerjoin(Account, Account.id == Task.account_id)
        .join(assignee, assignee.id == Task.assignee_id).order_by(Task.id)
    )
    if not who.is_admin:
        # as the agenda: a manager's team is whoever the tasks are assigned to
        query = query.where(assignee.team_id == who.team_id)
    rows = [
        [t.id, t.account_id, account, t.opportunity_id, t.type, t.title, t.assignee_id, assignee_email,
         t.due_at, t.start_date, t.status, t.completed_at]
        for t, account, assignee_email in uow.session.execute(query)
    ]
    return Table("tasks", list(TASK_COLUMNS), rows)


def _activities(uow: UnitOfWork, who: Principal) -> Table:
    author = aliased(User)
    query = (
        select(Activity, Account.name, author.email)
        .join(Account, Account.id == Activity.account_id)
        .join(author, author.id == Activity.author_id)
        .where(visible_accounts(who)).order_by(Activity.id)
    )
    rows = [
        [a.id, a.account_id, account, a.type, a.outcome, a.author_id, author_email, a.occurred_at,
         a.contact_id, a.opportunity_id, a.task_id, a.campaign_id]
        for a, account, author_email in uow.session.execute(query)
    ]
    return Table("activities", list(ACTIVITY_COLUMNS), rows)


EXPORTS: dict[str, Callable[[UnitOfWork, Principal], Table]] = {
    "users": _users,
    "accounts": _accounts,
    "contacts": _contacts,
    "opportunities": _opportunities,
    "tasks": _tasks,
    "activities": _activities,
}
