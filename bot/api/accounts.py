"""`/api/v1/accounts`: the companies and people being sold to, and their place in the sales flow."""

from __future__ import annotations

from typing import Any

from apiflask import APIBlueprint, Schema
from apiflask.fields import Boolean, Dict, Integer, String
from apiflask.validators import Length, Range
from flask import request

from bot.api.auth import current_actor, protect, uow
from bot.api.schemas import AccountOut, AccountPage, AccountSummaryOut, PageQuery, ResolutionOut
from crm_core.domain.filters import AccountFilter
from crm_core.read_models.common import AccountSummary, AccountView, Page, Resolution
from crm_core.services import accounts

bp = protect(APIBlueprint("accounts", __name__, url_prefix="/api/v1/accounts", tag="Accounts"))

CUSTOM_PREFIX = "custom."


class AccountsQuery(PageQuery):
    sector = String()
    country = String()
    status = String(metadata={"description": "a status key of the sales flow"})
    owner_id = Integer()
    not_contacted_days = Integer(validate=Range(min=0))
    q = String(metadata={"description": "part of the name"})


class AccountIn(Schema):
    name = String(required=True, validate=Length(min=1, max=200))
    status = String(load_default="lead")
    sector = String(allow_none=True)
    country = String(allow_none=True, metadata={"description": "ISO 3166 alpha-2"})
    owner_id = Integer(allow_none=True)
    territory_id = Integer(allow_none=True)
    source = String(allow_none=True)
    shared = Boolean(load_default=False)
    custom = Dict(load_default=dict)


class AccountPatch(Schema):
    name = String(validate=Length(min=1, max=200))
    sector = String(allow_none=True)
    country = String(allow_none=True)
    owner_id = Integer(allow_none=True)
    territory_id = Integer(allow_none=True)
    source = String(allow_none=True)
    shared = Boolean()
    custom = Dict()


class AccountStatusIn(Schema):
    status = String(required=True, metadata={"description": "a status key of the sales flow"})


class ResolveQuery(Schema):
    q = String(required=True, validate=Length(min=1))


def _custom_filters() -> dict[str, Any]:
    # Custom fields are defined at run time, so they cannot be fields of the query schema.
    return {k[len(CUSTOM_PREFIX):]: v for k, v in request.args.items()
            if k.startswith(CUSTOM_PREFIX) and len(k) > len(CUSTOM_PREFIX)}


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
