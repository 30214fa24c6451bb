"""`/api/v1/contacts`: the people at each account."""

from __future__ import annotations

from typing import Any

from apiflask import APIBlueprint, Schema
from apiflask.fields import Dict, Email
from apiflask.validators import Length

from bot.api.auth import current_actor, protect, uow
from bot.api.schemas import ContactOut, ContactPage, Id, PageQuery, Text
from crm_core.read_models.common import ContactView, Page
from crm_core.services import contacts

bp = protect(APIBlueprint("contacts", __name__, url_prefix="/api/v1/contacts", tag="Contacts"))


class ContactsQuery(PageQuery):
    account_id = Id()


HANDLES = {"description": "social handles, e.g. {\"instagram\": \"@martillo\"}", "maxProperties": 20}


class ContactIn(Schema):
    account_id = Id(required=True)
    name = Text(200, min_length=1, required=True)
    role = Text(120, allow_none=True)
    email = Email(allow_none=True, validate=Length(max=254))
    phone = Text(32, allow_none=True)
    handles = Dict(keys=Text(40, min_length=1), values=Text(200), load_default=dict,
                   validate=Length(max=20), metadata=HANDLES)
    custom = Dict(keys=Text(60), load_default=dict)


class ContactPatch(Schema):
    name = Text(200, min_length=1)
    role = Text(120, allow_none=True)
    email = Email(allow_none=True, validate=Length(max=254))
    phone = Text(32, allow_none=True)
    handles = Dict(keys=Text(40, min_length=1), values=Text(200), validate=Length(max=20), metadata=HANDLES)


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
