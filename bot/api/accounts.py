"""`/api/v1/accounts`: the companies and people being sold to, and their place in the sales flow."""

from __future__ import annotations

from typing import Any

from apiflask import APIBlueprint, Schema
from apiflask.fields import Boolean, Dict, Integer
from apiflask.validators import Range
from flask import request

from bot.api.auth import current_actor, protect, uow
from bot.api.schemas import (
    AccountOut,
    AccountPage,
    AccountSummaryOut,
    Id,
    PageQuery,
    ResolutionOut,
    Text,
)
from crm_core.domain import limits
from crm_core.domain.filters import AccountFilter
from crm_core.errors import InvalidInput
from crm_core.read_models.common import AccountSummary, AccountView, Page, Resolution
from crm_core.services import accounts

bp = protect(APIBlueprint("accounts", __name__, url_prefix="/api/v1/accounts", tag="Accounts"))

CUSTOM_PREFIX = "custom."


COUNTRY = {"description": "ISO 3166 alpha-2", "pattern": "^[A-Za-z]{2}$"}
OWNER = {"description": "the caller, a teammate (managers) or anyone (admins); reps own only their accounts"}
CUSTOM_FIELDS = {"description": "custom field key -> value; keys are defined under /custom-fields"}


class AccountsQuery(PageQuery):
    sector = Text(80)
    country = Text(2, metadata=COUNTRY)
    status = Text(40, metadata={"description": "a status key of the sales flow"})
    owner_id = Id()
    not_contacted_days = Integer(validate=Range(min=0, max=limits.MAX_DAYS))
    q = Text(200, metadata={"description": "part of the name"})


class AccountIn(Schema):
    name = Text(200, min_length=1, required=True)
    status = Text(40, load_default="lead", metadata={"description": "a status key of the sales flow"})
    sector = Text(80, allow_none=True)
    country = Text(2, allow_none=True, metadata=COUNTRY)
    owner_id = Id(allow_none=True, metadata=OWNER)
    territory_id = Id(allow_none=True)
    source = Text(80, allow_none=True)
    shared = Boolean(load_default=False)
    custom = Dict(keys=Text(60), load_default=dict, metadata=CUSTOM_FIELDS)


class AccountPatch(Schema):
    name = Text(200, min_length=1)
    sector = Text(80, allow_none=True)
    country = Text(2, allow_none=True, metadata=COUNTRY)
    owner_id = Id(allow_none=True, metadata=OWNER)
    territory_id = Id(allow_none=True)
    source = Text(80, allow_none=True)
    shared = Boolean()
    custom = Dict(keys=Text(60), metadata=CUSTOM_FIELDS)


class AccountStatusIn(Schema):
    status = Text(40, required=True, metadata={"description": "a status key of the sales flow"})


class ResolveQuery(Schema):
    q = Text(200, min_length=1, required=True)


def _custom_filters() -> dict[str, Any]:
    # Custom fields are defined at run time, so they cannot be fields of the query schema.
    found = {k[len(CUSTOM_PREFIX):]: v for k, v in request.args.items()
             if k.startswith(CUSTOM_PREFIX) and len(k) > len(CUSTOM_PREFIX)}
    for key, value in found.items():
        if not limits.CUSTOM_KEY.match(key):
            raise InvalidInput("a custom field key is letters, digits and _ (up to 60)", key=key[:60])
        problem = limits.text_problem(value, limits.LENGTHS["custom_text"])
        if problem:
            raise InvalidInput(f"custom.{key}: {problem}", key=key)
    return found


@bp.get("")
@bp.input(AccountsQuery, location="query", arg_name="query")
@bp.output(AccountPage)
@bp.doc(description="Filter by any field below and by custom fields as `custom.<key>=value`.")
def list_accounts(query: dict[str, Any]) -> Page:
    """Accounts the caller may see, filtered and paginated."""
    spec = AccountFilter(
        sector=query.get("sector"), country=query.get("country"), status=query.get("status"),
        owner_id=query.get("owner_id"), not_contacted_days=query.get("not_contacted_days"),
        name=query.get("q"), custom=_custom_filters(),
    )
    return accounts.list_accounts(uow(), current_actor(), spec,
                                  limit=query.get("limit"), offset=query.get("offset"))


@bp.post("")
@bp.input(AccountIn, arg_name="data")
@bp.output(AccountOut, status_code=201)
def create_account(data: dict[str, Any]) -> AccountView:
    """Create an account, owned by the caller unless `owner_id` says otherwise."""
    return accounts.create_account(uow(), current_actor(), **data)


@bp.get("/resolve")
@bp.input(ResolveQuery, location="query", arg_name="query")
@bp.output(ResolutionOut)
def resolve_account(query: dict[str, Any]) -> Resolution:
    """Match a typed name to one account, or list the candidates to choose from."""
    return accounts.resolve_account(uow(), current_actor(), query["q"])


@bp.get("/<int:account_id>")
@bp.output(AccountOut)
def get_account(account_id: int) -> AccountView:
    """One account."""
    return accounts.get_account(uow(), current_actor(), account_id)


@bp.patch("/<int:account_id>")
@bp.input(AccountPatch, arg_name="data")
@bp.output(AccountOut)
def update_account(account_id: int, data: dict[str, Any]) -> AccountView:
    """Change editable fields; `custom` is merged into the existing custom fields."""
    return accounts.update_account(uow(), current_actor(), account_id, **data)


@bp.put("/<int:account_id>/status")
@bp.input(AccountStatusIn, arg_name="data")
@bp.output(AccountOut)
def move_status(account_id: int, data: dict[str, Any]) -> AccountView:
    """Move the account to a status of the sales flow; an unknown key changes nothing (422)."""
    return accounts.move_status(uow(), current_actor(), account_id, data["status"])


@bp.get("/<int:account_id>/summary")
@bp.output(AccountSummaryOut)
def account_summary(account_id: int) -> AccountSummary:
    """Status, owner, contacts, open opportunities and potential, recent activity, open tasks."""
    return accounts.account_summary(uow(), current_actor(), account_id)
