"""`/api/v1/contacts`: the people at each account."""

from __future__ import annotations

from typing import Any

from apiflask import APIBlueprint, Schema
from apiflask.fields import Dict, Email, Integer, String
from apiflask.validators import Length

from bot.api.auth import current_actor, protect, uow
from bot.api.schemas import ContactOut, ContactPage, PageQuery
from crm_core.read_models.common import ContactView, Page
from crm_core.services import contacts

bp = protect(APIBlueprint("contacts", __name__, url_prefix="/api/v1/contacts", tag="Contacts"))


class ContactsQuery(PageQuery):
    account_id = Integer()


class ContactIn(Schema):
    account_id = Integer(required=True)
    name = String(required=True, validate=Length(min=1, max=200))
    role = String(allow_none=True)
    email = Email(allow_none=True)
    phone = String(allow_none=True)
    handles = Dict(keys=String(), values=String(), load_default=dict,
                   metadata={"description": "social handles, e.g. {\"instagram\": \"@martillo\"}"})
    custom = Dict(load_default=dict)


class ContactPatch(Schema):
    name = String(validate=Length(min=1, max=200))
    role = String(allow_none=True)
    email = Email(allow_none=True)
    phone = String(allow_none=True)
    handles = Dict(keys=String(), values=String())


@bp.get("")
@bp.input(ContactsQuery, location="query", arg_name="query")
@bp.output(ContactPage)
def list_contacts(query: dict[str, Any]) -> Page:
    """Contacts of the accounts the caller may see."""
    return contacts.list_contacts(uow(), current_actor(), **query)


@bp.post("")
@bp.input(ContactIn, arg_name="data")
@bp.output(ContactOut, status_code=201)
def add_contact(data: dict[str, Any]) -> ContactView:
    """Add a person to an account."""
    return contacts.add_contact(uow(), current_actor(), **data)


@bp.patch("/<int:contact_id>")
@bp.input(ContactPatch, arg_name="data")
@bp.output(ContactOut)
def update_contact(contact_id: int, data: dict[str, Any]) -> ContactView:
    """Change a contact's fields."""
    return contacts.update_contact(uow(), current_actor(), contact_id, **data)
