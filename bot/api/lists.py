"""`/api/v1/lists`: account lists, public or private, static or saved filters."""

from __future__ import annotations

from typing import Any

from apiflask import APIBlueprint, Schema
from apiflask.fields import Boolean, Dict, Integer, List, String
from apiflask.validators import Length

from bot.api.auth import current_actor, protect, uow
from bot.api.schemas import AccountPage, Id, PageQuery, Text
from bot.api.sprints import AccountsAddedOut
from crm_core.read_models.common import Page
from crm_core.read_models.sprints import AccountListView, AccountsAdded
from crm_core.services import lists, sprints

bp = protect(APIBlueprint("lists", __name__, url_prefix="/api/v1/lists", tag="Lists"))


class ListOut(Schema):
    id = Integer()
    name = String()
    owner_id = Integer()
    public = Boolean()
    filter = Dict(allow_none=True, metadata={"description": "saved filter; null for a static list"})
    kind = String(metadata={"enum": ["static", "filter"]})


FILTER = {"description": "sector, country, status, owner_id, not_contacted_days, name, custom"}


class ListIn(Schema):
    name = Text(200, min_length=1, required=True)
    public = Boolean(load_default=False)
    filter = Dict(keys=Text(40), allow_none=True, load_default=None, metadata=FILTER)
    account_ids = List(Id(), load_default=None, validate=Length(max=10_000))


class ListPatch(Schema):
    name = Text(200, min_length=1)
    public = Boolean()
    filter = Dict(keys=Text(40), allow_none=True, metadata=FILTER)


class ListMembersIn(Schema):
    account_ids = List(Id(), validate=Length(min=1, max=10_000))
    sprint_id = Id(metadata={"description": "add every account of this sprint instead"})


class ListRemoveIn(Schema):
    account_ids = List(Id(), required=True, validate=Length(min=1, max=10_000))


@bp.get("")
@bp.output(ListOut(many=True))
def list_lists() -> list[AccountListView]:
    """Public lists and the caller's private ones."""
    return lists.list_lists(uow(), current_actor())


@bp.post("")
@bp.input(ListIn, arg_name="data")
@bp.output(ListOut, status_code=201)
def create_list(data: dict[str, Any]) -> AccountListView:
    """Create a static list (optionally with accounts) or a saved filter."""
    return lists.create_list(uow(), current_actor(), **data)


@bp.get("/<int:list_id>")
@bp.output(ListOut)
def get_list(list_id: int) -> AccountListView:
    """One list."""
    return lists.get_list(uow(), current_actor(), list_id)


@bp.patch("/<int:list_id>")
@bp.input(ListPatch, arg_name="data")
@bp.output(ListOut)
def update_list(list_id: int, data: dict[str, Any]) -> AccountListView:
    """Rename, publish or hide a list, or change its saved filter."""
    return lists.update_list(uow(), current_actor(), list_id, **data)


@bp.delete("/<int:list_id>")
@bp.output({}, status_code=204)
def delete_list(list_id: int) -> str:
    """Delete a list; its accounts stay."""
    lists.delete_list(uow(), current_actor(), list_id)
    return ""


@bp.get("/<int:list_id>/accounts")
@bp.input(PageQuery, location="query", arg_name="query")
@bp.output(AccountPage)
def list_accounts(list_id: int, query: dict[str, Any]) -> Page:
    """The list's accounts the caller may see."""
    return lists.list_accounts(uow(), current_actor(), list_id, **query)


@bp.post("/<int:list_id>/accounts")
@bp.input(ListMembersIn, arg_name="data")
@bp.output(AccountsAddedOut)
def add_accounts(list_id: int, data: dict[str, Any]) -> AccountsAdded:
    """Add accounts by id, or a sprint's accounts, to a static list."""
    if data.get("sprint_id") is not None:
        return sprints.add_to_list(uow(), current_actor(), data["sprint_id"], list_id)
    return lists.add_accounts(uow(), current_actor(), list_id, data.get("account_ids") or [])


@bp.post("/<int:list_id>/accounts/remove")
@bp.input(ListRemoveIn, arg_name="data")
def remove_accounts(list_id: int, data: dict[str, Any]) -> dict[str, int]:
    """Take accounts out of a static list."""
    return {"removed": lists.remove_accounts(uow(), current_actor(), list_id, data["account_ids"])}
