"""Reading one import row: its cells column by column, and the records it refers to.

A cell's column may be absent from the file (the field is left as it is: MISSING), present
but empty (the field is cleared: None) or hold a value. Every problem is kept with its
line and column, so one pass over a row reports all that is wrong with it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeGuard

from sqlalchemy import func, select

from crm_core.domain import cells as cell
from crm_core.domain import limits, names
from crm_core.domain.access import Principal, can_see_account
from crm_core.errors import DomainError
from crm_core.persistence.database import advance_id_sequence
from crm_core.persistence.models import Account, Contact, CustomFieldDef, Status, Territory, User
from crm_core.read_models.common import View
from crm_core.services import custom_fields
from crm_core.services.accounts import ranked_accounts
from crm_core.services.common import Actor, visible_accounts
from crm_core.uow import UnitOfWork


class _Missing:
    """The column is not in the file."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()
CUSTOM = "custom."
HANDLES = "handles."
DEFAULT_TIMEZONE = "UTC"


@dataclass(frozen=True)
class ImportRow:
    """One data row of a sheet: its line number in the file and its cells by column name."""

    line: int
    values: Mapping[str, Any]


@dataclass(frozen=True)
class RowError(View):
    """What is wrong, where: line 1 is the header."""

    line: int
    column: str | None
    message: str


class RowInvalid(Exception):
    """The row has errors and nothing of it is written."""


def describe(exc: DomainError) -> str:
    """A domain error as one line for a report, with the valid choices when it names them."""
    message = exc.message
    if exc.details.get("valid"):
        message += f" (valid: {', '.join(map(str, exc.details['valid']))})"
    if isinstance(exc.details.get("fields"), dict):
        message += ": " + "; ".join(f"{k}: {v}" for k, v in exc.details["fields"].items())
    return message


# The same bounds as the API: the column's size for short texts, a generous one for free text.
_TEXT_LIMITS = {"name": 200, "title": 200, "sector": 80, "source": 80, "role": 120, "email": 254,
                "phone": 32, "team": 120, "timezone": 64, "territory": 120, "currency": 3,
                "account": 200, "status": 40, "stage": 40}


def _value_problem(column: str, value: Any) -> str | None:
    if isinstance(value, str):
        if column.startswith(CUSTOM):
            return limits.text_problem(value, limits.LENGTHS["custom_text"])
        return limits.text_problem(value, _TEXT_LIMITS.get(column, limits.LENGTHS["free_text"]))
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and (column == "id" or column.endswith("_id")):
        return limits.id_problem(value)
    if isinstance(value, (date, datetime)):
        return limits.day_problem(value)
    return None


class Cells:
    """One row's cells, read and checked column by column."""

    def __init__(self, row: ImportRow) -> None:
        self.line = row.line
        self.values = row.values
        self.errors: list[RowError] = []

    def given(self, column: str) -> bool:
        return column in self.values

    def read(self, column: str, parse: Callable[[Any], Any] = cell.text) -> Any:
        """The cell's value: MISSING when the column is absent or the cell is wrong, None when empty."""
        if column not in self.values:
            return MISSING
        raw = self.values[column]
        if cell.is_blank(raw):
            return None
        try:
            value = parse(raw)
        except ValueError as exc:
            self.fail(column, str(exc))
            return MISSING
        except DomainError as exc:
            self.fail(column, describe(exc))
            return MISSING
        problem = _value_problem(column, value)
        if problem:
            self.fail(column, problem)
            return MISSING
        return value

    def record_id(self) -> int | None:
        """The `id` cell: the record the row updates, or creates under that id."""
        value = self.read("id", cell.integer)
        return None if value is MISSING else value

    def prefixed(self, prefix: str, parse: Callable[[Any], Any] = cell.text) -> dict[str, Any]:
        """Cells of columns such as `custom.<key>`, by key (None for an empty cell)."""
        found = {}
        for column in self.values:
            if column.startswith(prefix):
                value = self.read(column, parse)
                if value is not MISSING:
                    found[column[len(prefix):]] = value
        return found

    def fail(self, column: str | None, message: str) -> None:
        self.errors.append(RowError(self.line, column, message))

    def failed(self, *columns: str) -> bool:
        return any(error.column in columns for error in self.errors)

    def need(self, column: str, value: Any, message: str) -> None:
        """Require a value the row cannot do without, unless its cell already failed."""
        if value in (None, MISSING) and not self.failed(column):
            self.fail(column, message)

    def check(self) -> None:
        if self.errors:
            raise RowInvalid()


def _as_is(value: Any) -> Any:
    return value


def has_value[T](value: T | None) -> TypeGuard[T]:
    """A cell that was given and is not empty."""
    return value is not None and value is not MISSING


def given(fields: dict[str, Any]) -> dict[str, Any]:
    """The fields whose columns the file has (and whose cells were valid)."""
    return {key: value for key, value in fields.items() if value is not MISSING}


class ImportContext:
    """The transaction an import runs in, who runs it, and lookups cached across rows."""

    def __init__(self, uow: UnitOfWork, actor: Actor, who: Principal) -> None:
        self.uow, self.actor, self.who = uow, actor, who
        self.session = uow.session
        importer = self.session.get(User, actor.user_id) if actor.user_id else None
        self.timezone = importer.timezone if importer else DEFAULT_TIMEZONE
        self._statuses = {s.key: s for s in self.session.scalars(select(Status).order_by(Status.position))}
        self._people_by_email: dict[str, User | None] = {}
        # a 50,000-row file names the same accounts over and over, and adds to their contacts
        self._accounts_by_key: dict[str, Account] = {}
        self._contacts_at: dict[int, list[Contact]] = {}
        self._tables_with_explicit_ids: set[str] = set()

    # --- records created with the id the file gives -------------------------------------

    def before_create(self, model: type[Any], record_id: int | None) -> None:
        """Keep PostgreSQL's id sequence ahead of ids the file set before it hands one out."""
        table = model.__tablename__
        if record_id is not None:
            self._tables_with_explicit_ids.add(table)
        elif table in self._tables_with_explicit_ids:
            advance_id_sequence(self.session, table)
            self._tables_with_explicit_ids.discard(table)

    def finish(self) -> None:
        for table in sorted(self._tables_with_explicit_ids):
            advance_id_sequence(self.session, table)

    # --- the sales flow and custom fields ---------------------------------------------

    def status(self, cells: Cells, column: str) -> Status | None:
        """The status named by key in the cell (MISSING or None when not given)."""
        key = cells.read(column)
        if key in (None, MISSING):
            return key
        status = self._statuses.get(key) or self._statuses.get(key.lower())
        if status is None:
            cells.fail(column, f"unknown status {key!r} (valid: {', '.join(self._statuses)})")
            return MISSING
        return status

    def status_named(self, key: str) -> Status | None:
        return self._statuses.get(key)

    def first_status(self, kind: str) -> Status | None:
        return next((s for s in self._statuses.values() if s.kind == kind), None)

    def definitions(self, entity: str) -> dict[str, CustomFieldDef]:
        return custom_fields.definitions(self.uow, entity)

    def custom(self, cells: Cells, entity: str) -> dict[str, Any]:
        """The row's `custom.<key>` cells as their fields store them; None clears a field."""
        definitions = self.definitions(entity)
        values = {}
        for key, raw in cells.prefixed(CUSTOM, parse=_as_is).items():
            definition = definitions[key]
            try:
                value = raw
                if raw is not None and definition.kind == "date":
                    value = cell.day(raw).isoformat()
                elif raw is not None and definition.kind != "number":
                    value = cell.text(raw)
                values[key] = custom_fields.coerce(definition, value)
            except ValueError as exc:
                cells.fail(CUSTOM + key, f"{definition.label}: {exc}")
        return values

    def required_custom(self, cells: Cells, entity: str, values: dict[str, Any]) -> None:
        """A new record needs every required custom field."""
        for key, definition in self.definitions(entity).items():
            if definition.required and values.get(key) in (None, "") and not cells.failed(CUSTOM + key):
                cells.fail(CUSTOM + key, f"{definition.label} is required")

    # --- people ----------------------------------------------------------------------

    def person(self, cells: Cells, id_column: str, email_column: str) -> User:
        """A user named by id, by email, or both (then they must agree).

        Empty cells name nobody (MISSING): a new record gets its default person, and an existing
        one keeps its owner, so a half-filled column never leaves records without one.
        """
        user_id, email = cells.read(id_column, cell.integer), cells.read(email_column)
        by_id = self._reachable(self.session.get(User, user_id)) if has_value(user_id) else None
        if has_value(user_id) and by_id is None:
            cells.fail(id_column, f"no user has id {user_id}")
        by_email = None
        if has_value(email):
            by_email = self._reachable(self._user_by_email(email.strip().lower()))
            if by_email is None:
                cells.fail(email_column, f"no user has email {email}")
        if by_id is not None and by_email is not None and by_id.id != by_email.id:
            cells.fail(email_column, f"{id_column} {by_id.id} is {by_id.email}, not {by_email.email}")
        if cells.failed(id_column, email_column):
            return MISSING
        found = by_id or by_email
        if found is None:
            return MISSING
        self.in_team(cells, email_column if has_value(email) else id_column, found)
        return found

    def _reachable(self, user: User | None) -> User | None:
        """A user outside the importer's team reads as unknown, so a file tells nothing about them."""
        if user is None or self.who.is_admin or user.team_id == self.who.team_id:
            return user
        return None

    def hidden_id(self, cells: Cells, column: str, what: str, record_id: Any) -> None:
        """One answer for a missing record and one the importer may not see."""
        cells.fail(column, f"no {what} has id {record_id}")

    def new_id(self, cells: Cells, what: str, record_id: Any) -> None:
        """Only admins create records under ids they choose (loading an export); others leave `id` empty.

        Otherwise a free id would create while another team's id would fail, telling ids apart.
        """
        if has_value(record_id) and not self.who.is_admin:
            self.hidden_id(cells, "id", what, record_id)

    def _user_by_email(self, email: str) -> User | None:
        if email not in self._people_by_email:
            self._people_by_email[email] = self.session.scalar(select(User).where(User.email == email))
        return self._people_by_email[email]

    def in_team(self, cells: Cells, column: str, user: User) -> None:
        """A manager imports for the people of their team only."""
        if not self.who.is_admin and user.team_id != self.who.team_id:
            cells.fail(column, f"{user.email} is not in your team")

    def timezone_of(self, user: User | None) -> str:
        """Where a person's wall-clock times ("10:00") are read: theirs, else the importer's."""
        return user.timezone if user is not None else self.timezone

    # --- places ----------------------------------------------------------------------

    def territory(self, cells: Cells) -> Territory | None:
        """A territory named by id, by name, or both (then they must agree)."""
        territory_id, name = cells.read("territory_id", cell.integer), cells.read("territory")
        by_id = self.session.get(Territory, territory_id) if has_value(territory_id) else None
        if has_value(territory_id) and by_id is None:
            cells.fail("territory_id", f"no territory has id {territory_id}")
        by_name = None
        if has_value(name):
            by_name = self.session.scalar(select(Territory).where(func.lower(Territory.name) == name.lower()))
            if by_name is None:
                known = ", ".join(self.session.scalars(select(Territory.name).order_by(Territory.name)))
                cells.fail("territory", f"no territory is called {name!r} (known: {known or 'none'})")
        if by_id is not None and by_name is not None and by_id.id != by_name.id:
            cells.fail("territory", f"territory_id {by_id.id} is {by_id.name!r}, not {by_name.name!r}")
        if cells.failed("territory_id", "territory"):
            return MISSING
        found = by_id or by_name
        if found is None:
            return MISSING if territory_id is MISSING and name is MISSING else None
        return found

    # --- accounts --------------------------------------------------------------------

    def contacts_at(self, account_id: int) -> list[Contact]:
        """The account's contacts, read once per import and kept up to date by `added_contact`."""
        known = self._contacts_at.get(account_id)
        if known is None:
            known = list(self.session.scalars(
                select(Contact).where(Contact.account_id == account_id).order_by(Contact.id)))
            self._contacts_at[account_id] = known
        return known

    def added_contact(self, contact: Contact) -> None:
        """A contact this import created, for the rows after it."""
        known = self._contacts_at.get(contact.account_id)
        if known is not None and contact not in known:
            known.append(contact)

    def may_see(self, account: Account) -> bool:
        return can_see_account(self.who, account.owner_id, account.team_id, account.shared)

    def account(self, cells: Cells) -> Account | None:
        """The account a row hangs off: by `account_id`, by exact `account` name, or both."""
        account_id, name = cells.read("account_id", cell.integer), cells.read("account")
        by_id = self.session.get(Account, account_id) if has_value(account_id) else None
        if has_value(account_id):
            if by_id is None:
                self.hidden_id(cells, "account_id", "account", account_id)
            elif not self.may_see(by_id):
                self.hidden_id(cells, "account_id", "account", account_id)
                by_id = None
        if has_value(name) and not cells.failed("account_id"):
            if by_id is None:
                by_id = self._account_named(cells, name)
            elif by_id.search_name != names.search_key(name):
                cells.fail("account", f"account_id {by_id.id} is {by_id.name!r}, not {name!r}")
        if cells.failed("account_id", "account"):
            return MISSING
        if by_id is None:
            return MISSING if account_id is MISSING and name is MISSING else None
        return by_id

    def _account_named(self, cells: Cells, name: str) -> Account | None:
        key = names.search_key(name)
        if key in self._accounts_by_key:
            return self._accounts_by_key[key]
        found = list(self.session.scalars(
            select(Account).where(visible_accounts(self.who), Account.search_name == key)
            .order_by(Account.id).limit(6)
        ))
        if len(found) == 1:
            self._accounts_by_key[key] = found[0]
            return found[0]
        if found:
            listed = ", ".join(f"{a.name} ({a.country or 'no country'}, id {a.id})" for a in found[:5])
            cells.fail("account", f"{name!r} matches several accounts: {listed}; give account_id")
            return None
        best, candidates = names.pick(ranked_accounts(self.uow, self.who, name))
        close = [best] if best is not None else candidates[:3]
        hint = f"; did you mean {', '.join(repr(c.name) for c in close)}?" if close else ""
        cells.fail("account", f"no account is called {name!r}{hint}")
        return None
