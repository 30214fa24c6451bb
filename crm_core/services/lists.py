"""Account lists: named groups of accounts, public or private, static or saved filters."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import CursorResult, and_, delete, func, insert, or_, select

from crm_core.domain.access import Principal, can_see_list
from crm_core.domain.filters import AccountFilter
from crm_core.errors import Conflict, InvalidInput, ListNotFound, NotFound, PermissionDenied
from crm_core.persistence.models import Account, AccountList, ListMember
from crm_core.read_models.common import AccountView, Page
from crm_core.read_models.sprints import AccountListView, AccountsAdded
from crm_core.services.accounts import filter_clause
from crm_core.services.common import (
    Actor,
    apply_changes,
    page,
    principal,
    record,
    reject_unknown,
    visible_accounts,
)
from crm_core.uow import UnitOfWork


def clean_filter(uow: UnitOfWork, spec: dict[str, Any] | None) -> dict[str, Any] | None:
    """A saved filter checked now (fields, statuses, countries), as it will be stored."""
    if spec is None:
        return None
    unknown = set(spec) - set(AccountFilter.__dataclass_fields__)
    if unknown:
        raise InvalidInput("unknown filter fields", fields=sorted(unknown),
                           valid=sorted(AccountFilter.__dataclass_fields__))
    parsed = AccountFilter.from_dict(spec)
    try:
        filter_clause(uow, parsed)  # rejects unknown statuses and bad countries now, not at read time
    except (TypeError, ValueError, AttributeError, OverflowError):
        raise InvalidInput("a filter's fields have the wrong kind of value",
                           valid=sorted(AccountFilter.__dataclass_fields__)) from None
    return parsed.to_dict()


def load_list(uow: UnitOfWork, who: Principal, list_id: int) -> AccountList:
    """A list `who` may see; a private list of someone else looks like a missing one."""
    found = uow.session.get(AccountList, list_id)
    if found is None or not can_see_list(who, found.owner_id, found.public):
        raise ListNotFound("list not found", list_id=list_id)
    return found


def editable_list(uow: UnitOfWork, who: Principal, list_id: int) -> AccountList:
    """A static list `who` may change: their own, or any for admins."""
    found = load_list(uow, who, list_id)
    if found.owner_id != who.id and not who.is_admin:
        raise PermissionDenied("only the list's owner changes it", list_id=list_id)
    if found.filter is not None:
        raise Conflict("this list is a saved filter; its accounts follow the filter", list_id=list_id)
    return found


def filter_members(uow: UnitOfWork, spec: dict[str, Any]) -> Any:
    """SQL condition matching the accounts of a saved filter."""
    return and_(*filter_clause(uow, AccountFilter.from_dict(spec)))


def _members_clause(uow: UnitOfWork, found: AccountList) -> Any:
    if found.filter is None:
        return Account.id.in_(select(ListMember.account_id).where(ListMember.list_id == found.id))
    return filter_members(uow, found.filter)


def member_ids(uow: UnitOfWork, who: Principal, list_id: int) -> list[int]:
    """Ids of a visible list's accounts (all of them, visible to `who` or not), inside the caller's unit of work."""
    found = load_list(uow, who, list_id)
    return list(uow.session.scalars(select(Account.id).where(_members_clause(uow, found)).order_by(Account.id)))


def create_list(
    uow: UnitOfWork, actor: Actor, *, name: str, public: bool = False,
    filter: dict[str, Any] | None = None, account_ids: list[int] | None = None,
) -> AccountListView:
    """Create a static list (optionally with accounts) or a saved filter."""
    name = name.strip()
    if not name:
        raise InvalidInput("a list needs a name")
    if filter is not None and account_ids:
        raise InvalidInput("a list is either a saved filter or static members, not both")
    with uow:
        who = principal(uow, actor)
        if not who.id:
            raise InvalidInput("a list needs an owner")
        found = AccountList(name=name, owner_id=who.id, public=public, filter=clean_filter(uow, filter))
        uow.session.add(found)
        uow.flush()
        record(uow, actor, "account_list", found.id, "create",
               {"name": (None, name), "public": (None, public), "filter": (None, found.filter)})
        if account_ids:
            _add(uow, actor, who, found, account_ids)
        uow.commit()
        return AccountListView.of(found)


def update_list(uow: UnitOfWork, actor: Actor, list_id: int, **fields: Any) -> AccountListView:
    """Rename a list, make it public or private, or change its saved filter."""
    reject_unknown(fields, {"name", "public", "filter"})
    with uow:
        who = principal(uow, actor)
        found = load_list(uow, who, list_id)
        if found.owner_id != who.id and not who.is_admin:
            raise PermissionDenied("only the list's owner changes it", list_id=list_id)
        if "filter" in fields:
            if (found.filter is None) != (fields["filter"] is None):
                raise Conflict("a static list stays static and a saved filter stays a filter")
            fields["filter"] = clean_filter(uow, fields["filter"])
        changes = apply_changes(found, fields)
        if changes:
            record(uow, actor, "account_list", found.id, "update", changes)
        uow.commit()
        return AccountListView.of(found)


def delete_list(uow: UnitOfWork, actor: Actor, list_id: int) -> None:
    """Delete a list (never its accounts)."""
    with uow:
        who = principal(uow, actor)
        found = load_list(uow, who, list_id)
        if found.owner_id != who.id and not who.is_admin:
            raise PermissionDenied("only the list's owner deletes it", list_id=list_id)
        uow.session.execute(delete(ListMember).where(ListMember.list_id == found.id))
        uow.session.delete(found)
        record(uow, actor, "account_list", list_id, "delete", {"name": (found.name, None)})
        uow.commit()


def get_list(uow: UnitOfWork, actor: Actor, list_id: int) -> AccountListView:
    """One list the actor may see."""
    with uow:
        return AccountListView.of(load_list(uow, principal(uow, actor), list_id))


def list_lists(uow: UnitOfWork, actor: Actor) -> list[AccountListView]:
    """Public lists and the actor's private ones (every list for admins), by name."""
    with uow:
        who = principal(uow, actor)
        query = select(AccountList)
        if not who.is_admin:
            query = query.where(or_(AccountList.public.is_(True), AccountList.owner_id == who.id))
        return [AccountListView.of(x) for x in uow.session.scalars(query.order_by(AccountList.name, AccountList.id))]


def _add(uow: UnitOfWork, actor: Actor, who: Principal, found: AccountList, account_ids: list[int]) -> AccountsAdded:
    ids = list(dict.fromkeys(int(a) for a in account_ids))
    visible = set(uow.session.scalars(select(Account.id).where(Account.id.in_(ids), visible_accounts(who))))
    missing = sorted(set(ids) - visible)
    if missing:
        raise NotFound("some accounts do not exist or are not yours", account_ids=missing)
    present = set(uow.session.scalars(select(ListMember.account_id).where(
        ListMember.list_id == found.id, ListMember.account_id.in_(ids))))
    new = [a for a in ids if a not in present]
    if new:
        uow.session.execute(insert(ListMember), [{"list_id": found.id, "account_id": a} for a in new])
    record(uow, actor, "account_list", found.id, "add_accounts", {"account_ids": (None, new)})
    return AccountsAdded(len(new), len(ids) - len(new))


def add_accounts(uow: UnitOfWork, actor: Actor, list_id: int, account_ids: list[int]) -> AccountsAdded:
    """Add accounts the actor can see to a static list they own."""
    if not account_ids:
        raise InvalidInput("name at least one account")
    with uow:
        who = principal(uow, actor)
        result = _add(uow, actor, who, editable_list(uow, who, list_id), account_ids)
        uow.commit()
        return result


def remove_accounts(uow: UnitOfWork, actor: Actor, list_id: int, account_ids: list[int]) -> int:
    """Take accounts out of a static list; returns how many were in it."""
    with uow:
        who = principal(uow, actor)
        found = editable_list(uow, who, list_id)
        removed = cast("CursorResult[Any]", uow.session.execute(delete(ListMember).where(
            ListMember.list_id == found.id, ListMember.account_id.in_(account_ids)))).rowcount
        record(uow, actor, "account_list", found.id, "remove_accounts", {"account_ids": (list(account_ids), None)})
        uow.commit()
        return int(removed or 0)


def list_accounts(
    uow: UnitOfWork, actor: Actor, list_id: int, *, limit: int | None = None, offset: int | None = None,
) -> Page:
    """The list's accounts that the actor may see, by name."""
    limit, offset = page(limit, offset)
    with uow:
        who = principal(uow, actor)
        where = and_(_members_clause(uow, load_list(uow, who, list_id)), visible_accounts(who))
        total = uow.session.scalar(select(func.count(Account.id)).where(where)) or 0
        rows = uow.session.scalars(select(Account).where(where).order_by(Account.name, Account.id)
                                   .limit(limit).offset(offset))
        return Page([AccountView.of(a) for a in rows], total, limit, offset)
