"""`/api/v1/opportunities`: possible sales, their stage, and how they end."""

from __future__ import annotations

from typing import Any

from apiflask import APIBlueprint, Schema
from apiflask.fields import String
from apiflask.validators import OneOf

from bot.api.auth import current_actor, protect, uow
from bot.api.schemas import Amount, Day, Id, OpportunityOut, OpportunityPage, PageQuery, Text
from crm_core.read_models.common import OpportunityView, Page
from crm_core.services import opportunities

bp = protect(APIBlueprint("opportunities", __name__, url_prefix="/api/v1/opportunities",
                          tag="Opportunities"))


CURRENCY = {"description": "ISO 4217 code", "pattern": "^[A-Za-z]{3}$"}


class OpportunitiesQuery(PageQuery):
    account_id = Id()
    status = String(validate=OneOf(["open", "won", "lost"]))


class OpportunityIn(Schema):
    account_id = Id(required=True)
    value = Amount(required=True)
    currency = Text(3, min_length=3, load_default="USD", metadata=CURRENCY)
    stage = Text(40, load_default="qualified", metadata={"description": "an open status key"})
    title = Text(200, load_default="")
    contact_id = Id(allow_none=True, metadata={"description": "a contact at the same account"})
    expected_close = Day(allow_none=True)
    origin_kind = String(allow_none=True, validate=OneOf(list(opportunities.ORIGINS)))
    origin_id = Id(allow_none=True)


class WinIn(Schema):
    value = Amount(allow_none=True)


class LoseIn(Schema):
    reason = Text(2000, min_length=1, required=True)


class StageIn(Schema):
    stage = Text(40, required=True, metadata={"description": "an open status key"})


@bp.get("")
@bp.input(OpportunitiesQuery, location="query", arg_name="query")
@bp.output(OpportunityPage)
def list_opportunities(query: dict[str, Any]) -> Page:
    """Opportunities on accounts the caller may see."""
    return opportunities.list_opportunities(uow(), current_actor(), **query)


@bp.post("")
@bp.input(OpportunityIn, arg_name="data")
@bp.output(OpportunityOut, status_code=201)
def open_opportunity(data: dict[str, Any]) -> OpportunityView:
    """Open a possible sale on an account."""
    return opportunities.open_opportunity(uow(), current_actor(), **data)


@bp.post("/<int:opportunity_id>/win")
@bp.input(WinIn, arg_name="data")
@bp.output(OpportunityOut)
def win(opportunity_id: int, data: dict[str, Any]) -> OpportunityView:
    """Mark won, optionally at a final value; the account reaches the won status."""
    return opportunities.win_opportunity(uow(), current_actor(), opportunity_id, data.get("value"))


@bp.post("/<int:opportunity_id>/lose")
@bp.input(LoseIn, arg_name="data")
@bp.output(OpportunityOut)
def lose(opportunity_id: int, data: dict[str, Any]) -> OpportunityView:
    """Mark lost with the customer's reason."""
    return opportunities.lose_opportunity(uow(), current_actor(), opportunity_id, data["reason"])


@bp.put("/<int:opportunity_id>/stage")
@bp.input(StageIn, arg_name="data")
@bp.output(OpportunityOut)
def move_stage(opportunity_id: int, data: dict[str, Any]) -> OpportunityView:
    """Move an open opportunity to another open stage."""
    return opportunities.move_opportunity(uow(), current_actor(), opportunity_id, data["stage"])
