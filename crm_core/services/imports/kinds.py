"""Each kind of record as a sheet: its columns, and how one row creates or updates a record.

A row with the `id` of an existing record updates it; a row whose `id` no record has yet
creates the record under that id (an export loads into an empty database with every
reference intact); a row without `id` is matched by what names the record for people (an
account's name and country, a user's email, ...) so that importing a file twice changes
nothing the second time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select

from crm_core.domain import cells as cell
from crm_core.domain import names
from crm_core.persistence.models import Account, Activity, Contact, Opportunity, Status, Task, User
from crm_core.persistence.types import utcnow
from crm_core.services import accounts, activities, contacts, opportunities, tasks, users
from crm_core.services.common import apply_changes, record, visible_accounts
from crm_core.services.imports.rows import (
    CUSTOM,
    HANDLES,
    MISSING,
    Cells,
    ImportContext,
    given,
    has_value,
)

Outcome = tuple[str, int]  # ("created" | "updated" | "unchanged", record id)

USER_COLUMNS = ("id", "name", "email", "role", "team", "language", "timezone", "active")
ACCOUNT_COLUMNS = ("id", "name", "status", "sector", "country", "owner_id", "owner_email",
                   "territory_id", "territory", "source", "shared", "created_at", "converted_at")
CONTACT_COLUMNS = ("id", "account_id", "account", "name", "role", "email", "phone")
OPPORTUNITY_COLUMNS = ("id", "account_id", "account", "contact_id", "title", "value", "currency",
                       "stage", "status", "expected_close", "lost_reason", "owner_id", "owner_email",
                       "origin_kind", "origin_id", "created_at", "closed_at")
TASK_COLUMNS = ("id", "account_id", "account", "opportunity_id", "type", "title", "assignee_id",
                "assignee_email", "due_at", "start_date", "status", "completed_at")
ACTIVITY_COLUMNS = ("id", "account_id", "account", "type", "outcome", "author_id", "author_email",
                    "occurred_at", "contact_id", "opportunity_id", "task_id", "campaign_id")
OPPORTUNITY_STATUSES = ("open", "won", "lost")
TASK_STATUSES = ("open", "done", "cancelled")


@dataclass(frozen=True)
class Sheet:
    """The columns of one kind of record and the function that imports one row of it."""

    entity: str
    columns: tuple[str, ...]
    prefixes: tuple[str, ...]
    write: Callable[[ImportContext, Cells], Outcome]


def _choice(valid: tuple[str, ...]) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        word = cell.text(value).lower()
        if word not in valid:
            raise ValueError(f"unknown value {word!r} (valid: {', '.join(valid)})")
        return word
    return parse


def _country(value: Any) -> str | None:
    return accounts.country_code(cell.text(value))


def _email(value: Any) -> str:
    return users.email_address(cell.text(value))


def _timezone(value: Any) -> str:
    name = cell.text(value)
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown timezone {name!r} (names like America/Santiago or Europe/Madrid)") from None
    return name


def _currency(value: Any) -> str:
    code = cell.text(value).upper()
    if len(code) != 3 or not code.isalpha():
        raise ValueError(f"expected an ISO 4217 code such as USD or EUR, got {code!r}")
    return code


def _instant(tz: str) -> Callable[[Any], datetime]:
    return lambda value: cell.instant(value, tz)


def _outcome(changed: bool, record_id: int) -> Outcome:
    return ("updated" if changed else "unchanged", record_id)


def _stays_at_account(cells: Cells, account: Any, current_id: int | None, what: str) -> None:
    if has_value(account) and account.id != current_id:
        cells.fail("account_id" if cells.given("account_id") else "account",
                   f"this {what} is at account {current_id}; a {what} stays at its account")


def _need_account(cells: Cells, account: Any, what: str) -> None:
    if not has_value(account) and not cells.failed("account_id", "account"):
        cells.fail("account" if cells.given("account") else "account_id",
                   f"a new {what} needs its account (account_id or account)")


def _taken_id(cells: Cells, record_id: Any, what: str, existing_id: int) -> None:
    """A new id for a record that already exists under another id is a mistake, not a copy."""
    cells.fail("id", f"no {what} has id {record_id}, and this row is already {what} {existing_id}")


LINKS: dict[str, tuple[type[Any], str]] = {
    "contact_id": (Contact, "contact"), "opportunity_id": (Opportunity, "opportunity"), "task_id": (Task, "task"),
}


def _check_links(ctx: ImportContext, cells: Cells, account: Account | None, fields: dict[str, Any]) -> None:
    """The contact, opportunity or task a record points at exists and is at the same account."""
    for column, (model, what) in LINKS.items():
        linked_id = fields.get(column)
        if not has_value(linked_id):
            continue
        linked = ctx.session.get(model, linked_id)
        owner = ctx.session.get(Account, linked.account_id) if linked is not None and linked.account_id else None
        if linked is None or (owner is not None and not ctx.may_see(owner)):
            ctx.hidden_id(cells, column, what, linked_id)
        elif account is not None and linked.account_id not in (account.id, None):
            cells.fail(column, f"{what} {linked_id} is at another account ({linked.account_id})")


# --- users ------------------------------------------------------------------------------


def import_user(ctx: ImportContext, cells: Cells) -> Outcome:
    """A user by id or email; a new one needs name, email and role."""
    record_id = cells.record_id()
    fields = given({
        "name": cells.read("name"), "email": cells.read("email", _email),
        "role": cells.read("role", _choice(users.ROLES)), "team": cells.read("team"),
        "language": cells.read("language", _choice(users.LANGUAGES)),
        "timezone": cells.read("timezone", _timezone), "active": cells.read("active", cell.boolean),
    })
    user = ctx.session.get(User, record_id) if has_value(record_id) else None
    if user is None and has_value(fields.get("email")):
        same = ctx.session.scalar(select(User).where(User.email == fields["email"]))
        if same is not None and has_value(record_id):
            _taken_id(cells, record_id, "user", same.id)
        user = same
    if user is None:
        cells.need("name", fields.get("name"), "a new user needs a name")
        cells.need("email", fields.get("email"), "a new user needs an email")
        cells.need("role", fields.get("role"), "a new user needs a role (rep, manager or admin)")
        cells.check()
        ctx.before_create(User, record_id)
        defaults = {k: v for k, v in fields.items() if v is not None}
        created = users.new_user(ctx.uow, ctx.actor, id=record_id, **defaults)
        return "created", created.id
    for column in ("name", "email", "role", "language", "timezone"):
        if column in fields and fields[column] is None:
            cells.fail(column, f"{column} cannot be empty")
    cells.check()
    if fields.get("active") is None:
        fields.pop("active", None)
    return _outcome(bool(users.change_user(ctx.uow, ctx.actor, user, fields)), user.id)


# --- accounts ---------------------------------------------------------------------------


def import_account(ctx: ImportContext, cells: Cells) -> Outcome:
    """An account by id, or by name and country; a new one needs a name."""
    record_id = cells.record_id()
    fields = given({
        "name": cells.read("name"), "sector": cells.read("sector"),
        "country": cells.read("country", _country), "source": cells.read("source"),
        "shared": cells.read("shared", cell.boolean), "status": ctx.status(cells, "status"),
        "owner": ctx.person(cells, "owner_id", "owner_email"), "territory": ctx.territory(cells),
        "created_at": cells.read("created_at", _instant(ctx.timezone)),
        "converted_at": cells.read("converted_at", _instant(ctx.timezone)),
    })
    custom = ctx.custom(cells, "account")
    account = _find_account(ctx, cells, record_id, fields)
    if account is None:
        return "created", _create_account(ctx, cells, record_id, fields, custom)
    cells.check()
    return _update_account(ctx, cells, account, fields, custom)


def _find_account(ctx: ImportContext, cells: Cells, record_id: Any, fields: dict[str, Any]) -> Account | None:
    if has_value(record_id):
        account = ctx.session.get(Account, record_id)
        if account is not None:
            if not ctx.may_see(account):
                ctx.hidden_id(cells, "id", "account", record_id)
            return account
        ctx.new_id(cells, "account", record_id)
    if not has_value(fields.get("name")):
        return None
    query = select(Account).where(Account.search_name == names.search_key(fields["name"]))
    if "country" in fields:
        country = fields["country"]
        query = query.where(Account.country == country if country else Account.country.is_(None))
    # accounts hidden from the importer are not matched (nor named): theirs is a new account
    same = list(ctx.session.scalars(query.where(visible_accounts(ctx.who)).order_by(Account.id).limit(6)))
    if len(same) > 1:
        listed = ", ".join(f"{a.name} ({a.country or 'no country'}, id {a.id})" for a in same[:5])
        cells.fail("name", f"{fields['name']!r} matches several accounts: {listed}; give the id")
        return None
    if not same:
        return None
    if has_value(record_id):
        _taken_id(cells, record_id, "account", same[0].id)
    return same[0]


def _create_account(ctx: ImportContext, cells: Cells, record_id: Any, fields: dict[str, Any],
                    custom: dict[str, Any]) -> int:
    cells.need("name", fields.get("name"), "a new account needs a name")
    ctx.required_custom(cells, "account", custom)
    cells.check()
    ctx.before_create(Account, record_id)
    status, owner, territory = fields.get("status"), fields.get("owner"), fields.get("territory")
    account = accounts.new_account(
        ctx.uow, ctx.actor, ctx.who, id=record_id, name=fields["name"],
        status=status.key if status else "lead", sector=fields.get("sector"),
        country=fields.get("country"), owner_id=owner.id if owner else None,
        territory_id=territory.id if territory else None, source=fields.get("source"),
        shared=bool(fields.get("shared")), custom={k: v for k, v in custom.items() if v is not None},
        created_at=fields.get("created_at"), converted_at=fields.get("converted_at"),
    )
    return account.id


def _update_account(ctx: ImportContext, cells: Cells, account: Account, fields: dict[str, Any],
                    custom: dict[str, Any]) -> Outcome:
    if "name" in fields and fields["name"] is None:
        cells.fail("name", "an account needs a name")
    cells.check()
    changes: dict[str, Any] = {k: fields[k] for k in ("name", "sector", "country", "source") if k in fields}
    if "shared" in fields:
        changes["shared"] = bool(fields["shared"])
    if "owner" in fields:
        changes["owner_id"] = fields["owner"].id
    if "territory" in fields:
        changes["territory_id"] = fields["territory"].id if fields["territory"] else None
    if custom:
        changes["custom"] = custom
    changed = bool(accounts.change_account(ctx.uow, ctx.actor, account, changes))
    status: Status | None = fields.get("status")
    if status is not None and status.id != account.status_id:
        accounts.set_status(ctx.uow, ctx.actor, account, status)
        changed = True
    converted_at = fields.get("converted_at")
    if converted_at and account.status.kind == "won" and account.converted_at != converted_at:
        record(ctx.uow, ctx.actor, "account", account.id, "update",
               {"converted_at": (account.converted_at, converted_at)})
        account.converted_at = converted_at
        changed = True
    return _outcome(changed, account.id)


# --- contacts ---------------------------------------------------------------------------


def import_contact(ctx: ImportContext, cells: Cells) -> Outcome:
    """A contact by id, or by account and email (or name); a new one needs both."""
    record_id = cells.record_id()
    account = ctx.account(cells)
    fields = given({
        "name": cells.read("name"), "role": cells.read("role"),
        "email": cells.read("email", _email), "phone": cells.read("phone"),
    })
    handles = cells.prefixed(HANDLES)
    custom = ctx.custom(cells, "contact")
    contact = _find_contact(ctx, cells, record_id, account, fields)
    if contact is None:
        _need_account(cells, account, "contact")
        cells.need("name", fields.get("name"), "a new contact needs a name")
        ctx.required_custom(cells, "contact", custom)
        cells.check()
        ctx.before_create(Contact, record_id)
        assert account is not None  # _need_account failed the row otherwise
        created = contacts.new_contact(
            ctx.uow, ctx.actor, account, id=record_id, name=fields["name"], role=fields.get("role"),
            email=fields.get("email"), phone=fields.get("phone"),
            handles={k: v for k, v in handles.items() if v is not None},
            custom={k: v for k, v in custom.items() if v is not None},
        )
        ctx.added_contact(created)
        return "created", created.id
    _stays_at_account(cells, account, contact.account_id, "contact")
    if "name" in fields and fields["name"] is None:
        cells.fail("name", "a contact needs a name")
    cells.check()
    if handles:
        merged = {**(contact.handles or {}), **handles}
        fields["handles"] = {k: v for k, v in merged.items() if v is not None}
    if custom:
        fields["custom"] = custom
    return _outcome(bool(contacts.change_contact(ctx.uow, ctx.actor, contact, fields)), contact.id)


def _find_contact(ctx: ImportContext, cells: Cells, record_id: Any, account: Any,
                  fields: dict[str, Any]) -> Contact | None:
    if has_value(record_id):
        contact = ctx.session.get(Contact, record_id)
        if contact is not None:
            if not ctx.may_see(ctx.session.get_one(Account, contact.account_id)):
                ctx.hidden_id(cells, "id", "contact", record_id)
            return contact
        ctx.new_id(cells, "contact", record_id)
    if not has_value(account):
        return None
    email, name = fields.get("email"), fields.get("name")
    if not email and not name:
        return None
    wanted = names.search_key(name or "")
    at_account = ctx.contacts_at(account.id)
    same = next((c for c in at_account if (c.email == email if email else names.search_key(c.name) == wanted)), None)
    if same is not None and has_value(record_id):
        _taken_id(cells, record_id, "contact", same.id)
    return same


# --- opportunities ----------------------------------------------------------------------


def import_opportunity(ctx: ImportContext, cells: Cells) -> Outcome:
    """An opportunity by id, or by account and title; a new one needs its account and value."""
    record_id = cells.record_id()
    account = ctx.account(cells)
    amount = cells.read("value", cell.amount)
    stage = _stage(ctx, cells)
    fields = given({
        "title": cells.read("title"), "contact_id": cells.read("contact_id", cell.integer),
        "currency": _currency_of(cells, amount),
        "value": amount[0] if has_value(amount) else amount,
        "expected_close": cells.read("expected_close", cell.day),
        "lost_reason": cells.read("lost_reason"), "owner": ctx.person(cells, "owner_id", "owner_email"),
        "origin_kind": cells.read("origin_kind", _choice(opportunities.ORIGINS)),
        "origin_id": cells.read("origin_id", cell.integer),
        "created_at": cells.read("created_at", _instant(ctx.timezone)),
        "closed_at": cells.read("closed_at", _instant(ctx.timezone)),
    })
    custom = ctx.custom(cells, "opportunity")
    opportunity = _find_opportunity(ctx, cells, record_id, account, fields)
    _check_links(ctx, cells, opportunity.account if opportunity else account if has_value(account) else None,
                 fields)
    if opportunity is None:
        return "created", _create_opportunity(ctx, cells, record_id, account, stage, fields, custom)
    _stays_at_account(cells, account, opportunity.account_id, "opportunity")
    cells.need("value", fields.get("value", opportunity.value), "an opportunity needs a value")
    cells.check()
    changes = {k: v for k, v in fields.items() if k not in ("owner", "created_at")}
    if "currency" in changes and changes["currency"] is None:
        changes.pop("currency")
    if "owner" in fields:
        changes["owner_id"] = fields["owner"].id
    if has_value(stage):
        changes["stage"] = stage
    if custom:
        changes["custom"] = custom
    changed = opportunities.change_opportunity(ctx.uow, ctx.actor, opportunity, changes)
    return _outcome(bool(changed), opportunity.id)


def _stage(ctx: ImportContext, cells: Cells) -> Status | None:
    """The stage, agreeing with the status column when both are given (won needs a won stage)."""
    stage = ctx.status(cells, "stage")
    status = cells.read("status", _choice(OPPORTUNITY_STATUSES))
    if not has_value(status):
        return stage
    if has_value(stage):
        if stage.kind != status:
            cells.fail("status", f"stage {stage.key} is a stage of kind {stage.kind}, not {status}")
        return stage
    if status == "open":
        return stage
    first = ctx.first_status(status)
    if first is None:
        cells.fail("status", f"the sales flow has no {status} status")
        return MISSING
    return first


def _currency_of(cells: Cells, amount: Any) -> Any:
    """The currency column, or the one the value names ("3.500 €"); they must agree."""
    currency = cells.read("currency", _currency)
    said = amount[1] if has_value(amount) else None
    if said and has_value(currency) and said != currency:
        cells.fail("currency", f"the value is in {said} but currency says {currency}")
    if said and not has_value(currency):
        return said
    return currency


def _find_opportunity(ctx: ImportContext, cells: Cells, record_id: Any, account: Any,
                      fields: dict[str, Any]) -> Opportunity | None:
    if has_value(record_id):
        opportunity = ctx.session.get(Opportunity, record_id)
        if opportunity is not None:
            if not ctx.may_see(opportunity.account):
                ctx.hidden_id(cells, "id", "opportunity", record_id)
            return opportunity
        ctx.new_id(cells, "opportunity", record_id)
    if not has_value(account):
        return None
    title = names.search_key(fields.get("title") or account.name)
    same = [o for o in ctx.session.scalars(select(Opportunity).where(Opportunity.account_id == account.id)
                                           .order_by(Opportunity.id))
            if names.search_key(o.title) == title]
    if len(same) > 1:
        cells.fail("title", f"account {account.name!r} has several opportunities called {same[0].title!r}"
                            f" (ids {', '.join(str(o.id) for o in same)}); give the id")
        return None
    if same and has_value(record_id):
        _taken_id(cells, record_id, "opportunity", same[0].id)
    return same[0] if same else None


def _create_opportunity(ctx: ImportContext, cells: Cells, record_id: Any, account: Any, stage: Any,
                        fields: dict[str, Any], custom: dict[str, Any]) -> int:
    _need_account(cells, account, "opportunity")
    cells.need("value", fields.get("value"), "a new opportunity needs a value")
    ctx.required_custom(cells, "opportunity", custom)
    if not has_value(stage):
        stage = ctx.status_named("qualified") or ctx.first_status("open")
    cells.check()
    ctx.before_create(Opportunity, record_id)
    owner = fields.get("owner")
    opportunity = opportunities.new_opportunity(
        ctx.uow, ctx.actor, account, id=record_id, value=fields["value"], stage=stage,
        currency=fields.get("currency") or "USD", title=fields.get("title") or "",
        contact_id=fields.get("contact_id"), owner_id=owner.id if owner else None,
        expected_close=fields.get("expected_close"), origin_kind=fields.get("origin_kind"),
        origin_id=fields.get("origin_id"), created_at=fields.get("created_at"),
        closed_at=fields.get("closed_at"), lost_reason=fields.get("lost_reason"),
        custom={k: v for k, v in custom.items() if v is not None},
    )
    return opportunity.id


# --- tasks ------------------------------------------------------------------------------


def import_task(ctx: ImportContext, cells: Cells) -> Outcome:
    """A task by id, or by every field that plans it; a new one needs type, assignee and a time."""
    record_id = cells.record_id()
    account = ctx.account(cells)
    assignee = ctx.person(cells, "assignee_id", "assignee_email")
    task = ctx.session.get(Task, record_id) if has_value(record_id) else None
    times_of = assignee if has_value(assignee) else (ctx.session.get(User, task.assignee_id) if task else None)
    tz = ctx.timezone_of(times_of)
    fields = given({
        "type": cells.read("type", _choice(tasks.TASK_TYPES)), "title": cells.read("title"),
        "due_at": cells.read("due_at", _instant(tz)), "start_date": cells.read("start_date", cell.day),
        "status": cells.read("status", _choice(TASK_STATUSES)),
        "completed_at": cells.read("completed_at", _instant(tz)),
        "opportunity_id": cells.read("opportunity_id", cell.integer),
    })
    if task is not None:
        _may_change_task(ctx, cells, task)
    else:
        ctx.new_id(cells, "task", record_id)
        task = _same_task(ctx, cells, record_id, account, assignee, fields)
    _check_links(ctx, cells, task.account if task else account if has_value(account) else None, fields)
    if task is None:
        return "created", _create_task(ctx, cells, record_id, account, assignee, fields)
    _stays_at_account(cells, account, task.account_id, "task")
    if "type" in fields and fields["type"] is None:
        cells.fail("type", "a task needs a type")
    cells.check()
    changes = {k: v for k, v in fields.items() if k != "status" or v is not None}
    if "title" in changes:
        changes["title"] = changes["title"] or ""
    if has_value(assignee):
        changes["assignee_id"] = assignee.id
    status = changes.get("status", task.status)
    if status == "open":
        changes["completed_at"] = None
    elif status != task.status or "completed_at" in changes:
        changes["completed_at"] = changes.get("completed_at") or task.completed_at or utcnow()
    tasks.check_when(changes.get("due_at", task.due_at), changes.get("start_date", task.start_date))
    changed = apply_changes(task, changes)
    if changed:
        record(ctx.uow, ctx.actor, "task", task.id, "update", changed)
    return _outcome(bool(changed), task.id)


def _may_change_task(ctx: ImportContext, cells: Cells, task: Task) -> None:
    if ctx.who.is_admin:
        return
    assignee = ctx.session.get(User, task.assignee_id)
    in_team = assignee is not None and assignee.team_id == ctx.who.team_id
    if not in_team and not (task.account is not None and ctx.may_see(task.account)):
        ctx.hidden_id(cells, "id", "task", task.id)


def _same_task(ctx: ImportContext, cells: Cells, record_id: Any, account: Any, assignee: Any,
               fields: dict[str, Any]) -> Task | None:
    if "type" not in fields or not has_value(assignee) and not ctx.actor.user_id:
        return None
    assignee_id = assignee.id if has_value(assignee) else ctx.actor.user_id
    same = ctx.session.scalar(select(Task).where(
        Task.account_id == account.id if has_value(account) else Task.account_id.is_(None),
        Task.type == fields["type"], Task.assignee_id == assignee_id,
        Task.title == (fields.get("title") or ""),
        Task.due_at == fields["due_at"] if has_value(fields.get("due_at")) else Task.due_at.is_(None),
        Task.start_date == fields["start_date"] if has_value(fields.get("start_date"))
        else Task.start_date.is_(None),
    ).order_by(Task.id).limit(1))
    if same is not None and has_value(record_id):
        _taken_id(cells, record_id, "task", same.id)
    return same


def _create_task(ctx: ImportContext, cells: Cells, record_id: Any, account: Any, assignee: Any,
                 fields: dict[str, Any]) -> int:
    cells.need("type", fields.get("type"), f"a new task needs a type ({', '.join(tasks.TASK_TYPES)})")
    if not has_value(assignee) and not ctx.actor.user_id:
        cells.need("assignee_email", None, "a new task needs its assignee (assignee_email or assignee_id)")
    if not has_value(fields.get("due_at")) and not has_value(fields.get("start_date")):
        cells.need("due_at", None, "a new task needs a due_at (planned) or a start_date (free)")
    cells.check()
    ctx.before_create(Task, record_id)
    task = tasks.new_task(
        ctx.uow, ctx.actor, ctx.who, id=record_id, type=fields["type"],
        account_id=account.id if has_value(account) else None, title=fields.get("title") or "",
        assignee_id=assignee.id if has_value(assignee) else None, due_at=fields.get("due_at"),
        start_date=fields.get("start_date"), opportunity_id=fields.get("opportunity_id"),
    )
    status = fields.get("status") or "open"
    if status != "open":
        completed_at = fields.get("completed_at") or utcnow()
        changed = apply_changes(task, {"status": status, "completed_at": completed_at})
        record(ctx.uow, ctx.actor, "task", task.id, "update", changed)
    return task.id


# --- activities -------------------------------------------------------------------------


def import_activity(ctx: ImportContext, cells: Cells) -> Outcome:
    """An activity by id, or by account, type, author and time; a new one needs all four."""
    record_id = cells.record_id()
    account = ctx.account(cells)
    author: User | None = ctx.person(cells, "author_id", "author_email")
    activity = ctx.session.get(Activity, record_id) if has_value(record_id) else None
    if not has_value(author):
        author_id = activity.author_id if activity else ctx.actor.user_id
        author = ctx.session.get(User, author_id) if author_id else None
    fields = given({
        "type": cells.read("type", _choice(activities.ACTIVITY_TYPES)), "outcome": cells.read("outcome"),
        "occurred_at": cells.read("occurred_at", _instant(ctx.timezone_of(author))),
        "contact_id": cells.read("contact_id", cell.integer),
        "opportunity_id": cells.read("opportunity_id", cell.integer),
        "task_id": cells.read("task_id", cell.integer), "campaign_id": cells.read("campaign_id", cell.integer),
    })
    if activity is not None:
        if not ctx.may_see(ctx.session.get_one(Account, activity.account_id)):
            ctx.hidden_id(cells, "id", "activity", record_id)
    elif has_value(record_id) and not ctx.who.is_admin:
        ctx.new_id(cells, "activity", record_id)
    elif has_value(account) and author is not None and has_value(fields.get("occurred_at")) and "type" in fields:
        activity = ctx.session.scalar(select(Activity).where(
            Activity.account_id == account.id, Activity.type == fields["type"],
            Activity.author_id == author.id, Activity.occurred_at == fields["occurred_at"],
        ).order_by(Activity.id).limit(1))
        if activity is not None and has_value(record_id):
            _taken_id(cells, record_id, "activity", activity.id)
    target = ctx.session.get(Account, activity.account_id) if activity else account
    _check_links(ctx, cells, target if has_value(target) else None, fields)
    if activity is None:
        return "created", _create_activity(ctx, cells, record_id, account, author, fields)
    _stays_at_account(cells, account, activity.account_id, "activity")
    for column in ("type", "occurred_at"):
        if column in fields and fields[column] is None:
            cells.fail(column, f"an activity needs its {column}")
    cells.check()
    changes = dict(fields)
    if "outcome" in changes:
        changes["outcome"] = (changes["outcome"] or "").strip()
    if author is not None:
        changes["author_id"] = author.id
    changed = apply_changes(activity, changes)
    if changed:
        record(ctx.uow, ctx.actor, "activity", activity.id, "update", changed)
        assert target is not None  # the activity's account, or the row's (check() passed)
        last = target.last_activity_at
        if last is None or last < activity.occurred_at:
            target.last_activity_at = activity.occurred_at
    return _outcome(bool(changed), activity.id)


def _create_activity(ctx: ImportContext, cells: Cells, record_id: Any, account: Any, author: User | None,
                     fields: dict[str, Any]) -> int:
    _need_account(cells, account, "activity")
    cells.need("type", fields.get("type"), f"a new activity needs a type ({', '.join(activities.ACTIVITY_TYPES)})")
    cells.need("occurred_at", fields.get("occurred_at"), "a new activity needs the time it happened (occurred_at)")
    if author is None:
        cells.need("author_email", None, "a new activity needs its author (author_email or author_id)")
    cells.check()
    ctx.before_create(Activity, record_id)
    assert author is not None  # check() raised otherwise
    activity = activities.new_activity(
        ctx.uow, ctx.actor, account, id=record_id, author_id=author.id, type=fields["type"],
        occurred_at=fields["occurred_at"], outcome=fields.get("outcome") or "",
        contact_id=fields.get("contact_id"), opportunity_id=fields.get("opportunity_id"),
        task_id=fields.get("task_id"), campaign_id=fields.get("campaign_id"),
    )
    return activity.id


SHEETS: dict[str, Sheet] = {
    "users": Sheet("user", USER_COLUMNS, (), import_user),
    "accounts": Sheet("account", ACCOUNT_COLUMNS, (CUSTOM,), import_account),
    "contacts": Sheet("contact", CONTACT_COLUMNS, (HANDLES, CUSTOM), import_contact),
    "opportunities": Sheet("opportunity", OPPORTUNITY_COLUMNS, (CUSTOM,), import_opportunity),
    "tasks": Sheet("task", TASK_COLUMNS, (), import_task),
    "activities": Sheet("activity", ACTIVITY_COLUMNS, (), import_activity),
}
KINDS = tuple(SHEETS)  # in the order a full load needs them: each refers only to kinds before it
