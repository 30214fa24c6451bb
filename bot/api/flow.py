"""`/api/v1/statuses` and `/api/v1/custom-fields`: the sales flow and custom fields, set by admins."""

from __future__ import annotations

from typing import Any

from apiflask import APIBlueprint, Schema
from apiflask.fields import Boolean, Integer, List, String
from apiflask.validators import Length, NoneOf, OneOf, Range, Regexp

from bot.api.auth import current_actor, protect, uow
from bot.api.schemas import CreatedOut, StatusOut, Text
from crm_core.read_models.common import StatusView
from crm_core.services import custom_fields, flow

bp = protect(APIBlueprint("flow", __name__, url_prefix="/api/v1", tag="Sales flow and custom fields"))


class StatusAddIn(Schema):
    key = String(required=True, validate=[Length(min=1, max=32), Regexp(r"^[a-z0-9_]+$"), NoneOf(["order"])],
                 metadata={"description": "lower-case letters, digits and _; `order` is taken by /statuses/order"})
    label_es = Text(80, min_length=1, required=True)
    label_en = Text(80, min_length=1, required=True)
    kind = String(required=True, validate=OneOf(list(flow.KINDS)))
    after = Text(40, allow_none=True, metadata={"description": "the key to insert after"})
    probability = Integer(load_default=0, validate=Range(min=0, max=100))


class StatusRenameIn(Schema):
    label_es = Text(80, min_length=1)
    label_en = Text(80, min_length=1)


class StatusOrderIn(Schema):
    keys = List(Text(40), required=True, validate=Length(min=1, max=200),
                metadata={"description": "every status key once"})


class CustomFieldIn(Schema):
    entity = String(required=True, validate=OneOf(list(custom_fields.ENTITIES)))
    key = String(required=True, validate=[Length(min=1, max=60), Regexp(r"^[A-Za-z0-9_]+$")],
                 metadata={"description": "letters, digits and _"})
    label = Text(120, min_length=1, required=True)
    kind = String(required=True, validate=OneOf(list(custom_fields.KINDS)))
    values = List(Text(120, min_length=1), load_default=None, validate=Length(max=200),
                  metadata={"description": "picklist values"})
    required = Boolean(load_default=False)


@bp.get("/statuses")
@bp.output(StatusOut(many=True))
def list_statuses() -> list[StatusView]:
    """The sales flow in order."""
    return flow.list_statuses(uow())


@bp.post("/statuses")
@bp.input(StatusAddIn, arg_name="data")
@bp.output(StatusOut, status_code=201)
def add_status(data: dict[str, Any]) -> StatusView:
    """Add a status after another one (admins)."""
    return flow.add_status(uow(), current_actor(), **data)


@bp.patch("/statuses/<key>")
@bp.input(StatusRenameIn, arg_name="data")
@bp.output(StatusOut)
def rename_status(key: str, data: dict[str, Any]) -> StatusView:
    """Rename a status; accounts keep pointing at it (admins)."""
    return flow.rename_status(uow(), current_actor(), key, **data)


@bp.put("/statuses/order")
@bp.input(StatusOrderIn, arg_name="data")
@bp.output(StatusOut(many=True))
def reorder_statuses(data: dict[str, Any]) -> list[StatusView]:
    """Set the order of the flow, naming every key once (admins)."""
    return flow.reorder_statuses(uow(), current_actor(), data["keys"])


@bp.post("/custom-fields")
@bp.input(CustomFieldIn, arg_name="data")
@bp.output(CreatedOut, status_code=201)
def define_field(data: dict[str, Any]) -> dict[str, int]:
    """Define a custom field of accounts, contacts or opportunities (admins)."""
    return {"id": custom_fields.define_field(uow(), current_actor(), **data)}
