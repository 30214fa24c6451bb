"""Contacts: the people at an account."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from crm_core.errors import ContactNotFound, InvalidInput, NotFound
from crm_core.persistence.models import Account, Contact
from crm_core.read_models.common import ContactView, Page
from crm_core.services import custom_fields
from crm_core.services.common import (
    Actor,
    apply_changes,
    load_account,
    page,
    paged,
    principal,
    record,
    reject_unknown,
    visible_accounts,
)
from crm_core.uow import UnitOfWork

EDITABLE = ("name", "role", "email", "phone", "handles")


def add_contact(
    uow: UnitOfWork,
    actor: Actor,
    *,
    account_id: int,
    name: str,
    role: str | None = None,
    email: str | None = None,
    phone: str | None = None,
    handles: dict[str, str] | None = None,
    custom: dict[str, Any] | None = None,
) -> ContactView:
    """Add a person to an account the actor may change."""
    with uow:
        account = load_account(uow, principal(uow, actor), account_id)
        contact = new_contact(uow, actor, account, name=name, role=role, email=email, phone=phone,
                              handles=handles, custom=custom)
        uow.commit()
        return ContactView.of(contact)


def new_contact(
    uow: UnitOfWork,
    actor: Actor,
    account: Account,
    *,
    name: str,
    role: str | None = None,
    email: str | None = None,
    phone: str | None = None,
    handles: dict[str, str] | None = None,
    custom: dict[str, Any] | None = None,
    id: int | None = None,
) -> Contact:
    """Add a contact inside the caller's unit of work (`id` keeps an imported record's id)."""
    if not name.strip():
        raise InvalidInput("a contact needs a name")
    contact = Contact(
        id=id, account_id=account.id, name=name.strip(), role=role,
        email=email.strip().lower() if email else None, phone=phone, handles=handles or {},
        custom=custom_fields.validate(uow, "contact", custom or {}, partial=False),
    )
    uow.session.add(contact)
    uow.flush()
    record(uow, actor, "contact", contact.id, "create",
           {"name": (None, contact.name), "account_id": (None, account.id)})
    return contact


def update_contact(uow: UnitOfWork, actor: Actor, contact_id: int, **fields: Any) -> ContactView:
    """Change a contact's fields; `custom` is merged into the existing custom fields."""
    reject_unknown(fields, {*EDITABLE, "custom"})
    with uow:
        contact = uow.session.get(Contact, contact_id)
        if contact is None:
            raise ContactNotFound("contact not found", contact_id=contact_id)
        try:
            load_account(uow, principal(uow, actor), contact.account_id)
        except NotFound:
            raise ContactNotFound("contact not found", contact_id=contact_id) from None
        change_contact(uow, actor, contact, fields)
        uow.commit()
        return ContactView.of(contact)


def change_contact(uow: UnitOfWork, actor: Actor, contact: Contact,
                   fields: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Apply field changes inside the caller's unit of work, audited; `custom` is merged in."""
    fields = dict(fields)
    if fields.get("email"):
        fields["email"] = fields["email"].strip().lower()
    if "custom" in fields:
        cleaned = custom_fields.validate(uow, "contact", fields["custom"] or {}, partial=True)
        fields["custom"] = custom_fields.merge(contact.custom, cleaned)
    changes = apply_changes(contact, fields)
    if changes:
        record(uow, actor, "contact", contact.id, "update", changes)
    return changes


def list_contacts(
    uow: UnitOfWork, actor: Actor, *, account_id: int | None = None,
    limit: int | None = None, offset: int | None = None,
) -> Page:
    """Contacts of the accounts the actor may see."""
    limit, offset = page(limit, offset)
    with uow:
        who = principal(uow, actor)
        query = select(Contact).join(Account, Account.id == Contact.account_id).where(visible_accounts(who))
        if account_id is not None:
            query = query.where(Contact.account_id == account_id)
        return paged(uow, query, (Contact.id,), limit, offset, ContactView.of)
