"""`/api/v1/opportunities`: possible sales, their stage, and how they end."""

from __future__ import annotations

from typing import Any

from apiflask import APIBlueprint, Schema
from apiflask.fields import Date, Decimal, Integer, String
from apiflask.validators import Length, OneOf, Range

from bot.api.auth import current_actor, protect, uow
from bot.api.schemas import OpportunityOut, OpportunityPage, PageQuery
from crm_core.read_models.common import OpportunityView, Page
from crm_core.services import opportunities

bp = protect(APIBlueprint("opportunities", __name__, url_prefix="/api/v1/opportunities",
                          tag="Opportunities"))


class OpportunitiesQuery(PageQuery):
    account_id = Integer()
    status = String(validate=OneOf(["open", "won", "lost"]))


class OpportunityIn(Schema):
    account_id = Integer(required=True)
    value = Decimal(required=True, validate=Range(min=0), metadata={"type": "number"})
    currency = String(load_default="USD", validate=Length(equal=3))
    stage = String(load_default="qualified", metadata={"description": "an open status key"})
    title = String(load_default="")
    contact_id = Integer(allow_none=True)
    expected_close = Date(allow_none=True)
    origin_kind = String(allow_none=True, validate=OneOf(list(opportunities.ORIGINS)))
    origin_id = Integer(allow_none=True)


class WinIn(Schema):
    value = Decimal(allow_none=True, validate=Range(min=0), metadata={"type": "number"})


class LoseIn(Schema):
    reason = String(required=True, validate=Length(min=1))


class StageIn(Schema):
    stage = String(required=True)


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
