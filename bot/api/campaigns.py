"""`/api/v1/campaigns`: campaigns, their stages, launching onto the target, opportunities and results."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from apiflask import APIBlueprint, Schema
from apiflask.fields import Date, DateTime, Dict, Float, Integer, List, Nested, String
from apiflask.validators import Length, OneOf, Range
from marshmallow import ValidationError, validates_schema

from bot.api.auth import current_actor, protect, uow
from bot.api.schemas import (
    Amount,
    CampaignStepOut,
    Day,
    Id,
    OpportunityOut,
    PageQuery,
    TaskOut,
    Text,
    page_of,
)
from crm_core.domain import campaigns as rules
from crm_core.read_models.campaigns import (
    Applied,
    CampaignResults,
    CampaignStep,
    CampaignView,
    MyCampaign,
    StageView,
)
from crm_core.read_models.common import Page
from crm_core.services import campaigns

bp = protect(APIBlueprint("campaigns", __name__, url_prefix="/api/v1", tag="Campaigns"))


class CampaignStageOut(Schema):
    id = Integer()
    position = Integer()
    name = String()
    task_type = String(metadata={"enum": list(rules.TASK_TYPES)})
    performer = String(metadata={"enum": list(rules.PERFORMERS)})
    marginal_cost = Float(metadata={"description": "cost of each task of this stage that is done"})
    rule = String(metadata={"enum": list(rules.RULES), "description":
                            "attempts: after N tasks done; reply: on the customer's answer or a positive "
                            "activity; manual: only by hand"})
    attempts = Integer(allow_none=True)
    delay_days = Integer(metadata={"description": "days between leaving this stage and the next stage's task"})
    subject = String()
    body = String()


class CampaignOut(Schema):
    id = Integer()
    name = String()
    kind = String(metadata={"enum": list(rules.KINDS)})
    status = String(metadata={"enum": list(rules.STATUSES)})
    mode = String(metadata={"enum": list(rules.MODES)})
    list_id = Integer(allow_none=True)
    target_filter = Dict(allow_none=True)
    global_cost = Float()
    currency = String()
    opportunity_value = Float(metadata={"description": "value of each opportunity the campaign generates"})
    start_date = Date()
    end_date = Date(allow_none=True)
    owner_id = Integer()
    team_id = Integer(allow_none=True)
    launched_at = DateTime(allow_none=True)
    finished_at = DateTime(allow_none=True)
    last_run_on = Date(allow_none=True, metadata={"description": "the owner's local day of the last daily run"})


class CampaignDetailOut(CampaignOut):
    stages = List(Nested(CampaignStageOut))


class AppliedOut(Schema):
    campaign = Nested(CampaignOut)
    created = Integer(metadata={"description": "new opportunities, each with its first stage's task"})
    already_in = Integer(metadata={"description": "target accounts the campaign had already reached"})
    skipped = List(Integer(), metadata={"description": "target accounts hidden from the caller"})


class CampaignOpportunityOut(Schema):
    opportunity = Nested(OpportunityOut)
    account_name = String()
    stage_id = Integer(allow_none=True)
    stage_name = String(allow_none=True)
    stage_since = DateTime(allow_none=True)
    finished_at = DateTime(allow_none=True)


class CampaignStageFiguresOut(Schema):
    stage_id = Integer()
    name = String()
    task_type = String()
    opportunities_here = Integer(metadata={"description": "open opportunities now at this stage"})
    tasks_done = Integer()
    cost = Float()


class RepCampaignFiguresOut(Schema):
    user_id = Integer()
    name = String()
    tasks_done = Integer()
    conversions = Integer()
    revenue = Float()
    all_tasks_done = Integer()
    occupancy = Integer(allow_none=True, metadata={"description": "whole % of the rep's done tasks from campaigns"})


class CampaignResultsOut(Schema):
    campaign = Nested(CampaignOut)
    start = Date(data_key="from")
    end = Date(data_key="to")
    opportunities = Integer(metadata={"description": "opportunities generated in the period"})
    open_opportunities = Integer()
    tasks_done = Integer()
    conversions = Integer(metadata={"description": "opportunities won in the period"})
    conversion_rate = Integer(allow_none=True, metadata={
        "description": "whole % of the opportunities generated in the period that were won"})
    revenue = Float(metadata={"description": "won value in the campaign's currency"})
    other_revenue = Dict(keys=String(), values=Float(), metadata={
        "description": "won value in other currencies, by code, not added into revenue"})
    global_cost = Float()
    tasks_cost = Float()
    cost = Float(metadata={"description": "global cost + marginal cost × tasks done"})
    roi = Float(allow_none=True, metadata={"description": "(revenue − cost) / cost"})
    roi_percent = Integer(allow_none=True)
    not_sent = Integer(metadata={"description": "automatic sends Rumbo could not make (left to the rep)"})
    by_stage = List(Nested(CampaignStageFiguresOut))
    by_rep = List(Nested(RepCampaignFiguresOut))


class MyCampaignOut(Schema):
    campaign = Nested(CampaignOut)
    open_tasks = List(Nested(TaskOut))
    open_opportunities = Integer()
    tasks_done = Integer()
    conversions = Integer()
    revenue = Float()


CampaignPage = page_of(CampaignOut, "CampaignPage")
CampaignOpportunityPage = page_of(CampaignOpportunityOut, "CampaignOpportunityPage")


BODY = {"description": "what an automatic stage sends; {contact} and {account} are filled in"}


class CampaignStageIn(Schema):
    name = Text(200, min_length=1, required=True)
    task_type = String(required=True, validate=OneOf(list(rules.TASK_TYPES)))
    performer = String(load_default="rep", validate=OneOf(list(rules.PERFORMERS)),
                       metadata={"description": "automatic only for sms and email"})
    marginal_cost = Amount(load_default=0)
    rule = String(load_default="attempts", validate=OneOf(list(rules.RULES)))
    attempts = Integer(allow_none=True, validate=Range(min=1, max=1000), metadata={"description": "for the attempts rule"})
    delay_days = Integer(load_default=0, validate=Range(min=0, max=rules.MAX_DELAY_DAYS))
    subject = Text(300, load_default="")
    body = Text(20_000, load_default="", metadata=BODY)


class CampaignStagePatch(Schema):
    name = Text(200, min_length=1)
    task_type = String(validate=OneOf(list(rules.TASK_TYPES)))
    performer = String(validate=OneOf(list(rules.PERFORMERS)))
    marginal_cost = Amount()
    rule = String(validate=OneOf(list(rules.RULES)))
    attempts = Integer(allow_none=True, validate=Range(min=1, max=1000))
    delay_days = Integer(validate=Range(min=0, max=rules.MAX_DELAY_DAYS))
    subject = Text(300)
    body = Text(20_000, metadata=BODY)


class CampaignStagesIn(Schema):
    stages = List(Nested(CampaignStageIn), required=True, validate=Length(max=rules.MAX_STAGES))


CURRENCY = {"description": "ISO 4217 code", "pattern": "^[A-Za-z]{3}$"}


class CampaignIn(Schema):
    name = Text(200, min_length=1, required=True)
    kind = String(required=True, validate=OneOf(list(rules.KINDS)))
    currency = Text(3, min_length=3, required=True, metadata=CURRENCY)
    mode = String(load_default="once", validate=OneOf(list(rules.MODES)),
                  metadata={"description": "continuous: new target matches are taken in every day"})
    list_id = Id(allow_none=True, metadata={"description": "target: an account list (static or saved filter)"})
    target_filter = Dict(keys=Text(40), allow_none=True,
                         metadata={"description": "target: an account filter, instead of a list"})
    global_cost = Amount(load_default=0)
    opportunity_value = Amount(load_default=0)
    start_date = Day(allow_none=True, metadata={"description": "YYYY-MM-DD, years 1900-2200, defaults to today"})
    end_date = Day(allow_none=True)
    owner_id = Id(allow_none=True, metadata={"description": "the responsible manager, defaults to the caller"})
    stages = List(Nested(CampaignStageIn), load_default=list, validate=Length(max=rules.MAX_STAGES))

    @validates_schema
    def _one_target(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data.get("list_id") is not None and data.get("target_filter") is not None:
            raise ValidationError("give either list_id or target_filter", "list_id")


class CampaignPatch(Schema):
    name = Text(200, min_length=1)
    kind = String(validate=OneOf(list(rules.KINDS)))
    mode = String(validate=OneOf(list(rules.MODES)))
    list_id = Id(allow_none=True)
    target_filter = Dict(keys=Text(40), allow_none=True)
    global_cost = Amount()
    currency = Text(3, min_length=3, metadata=CURRENCY)
    opportunity_value = Amount()
    start_date = Day()
    end_date = Day(allow_none=True)


class CampaignsQuery(PageQuery):
    status = String(validate=OneOf(list(rules.STATUSES)))


class CampaignOpportunitiesQuery(PageQuery):
    status = String(validate=OneOf(["open", "won", "lost"]))


class ResultsQuery(Schema):
    start = Day(data_key="from", metadata={"description": "YYYY-MM-DD; defaults to the campaign's start"})
    end = Day(data_key="to", metadata={"description": "YYYY-MM-DD; defaults to today"})


def _detail(campaign_id: int | None = None, detail: Any = None) -> dict[str, Any]:
    detail = detail or campaigns.get_campaign(uow(), current_actor(), campaign_id)  # type: ignore[arg-type]  # callers give campaign_id whenever detail is None
    return {**asdict(detail.campaign), "stages": detail.stages}


@bp.get("/campaigns")
@bp.input(CampaignsQuery, location="query", arg_name="query")
@bp.output(CampaignPage)
def list_campaigns(query: dict[str, Any]) -> Page:
    """Campaigns the caller may see: their team's (every one for admins), newest first."""
    return campaigns.list_campaigns(uow(), current_actor(), **query)


@bp.post("/campaigns")
@bp.input(CampaignIn, arg_name="data")
@bp.output(CampaignDetailOut, status_code=201)
def create_campaign(data: dict[str, Any]) -> dict[str, Any]:
    """Define a campaign (a draft) with its stages; managers and admins only."""
    return _detail(detail=campaigns.create_campaign(uow(), current_actor(), **data))


@bp.get("/campaigns/mine")
@bp.output(MyCampaignOut(many=True))
def my_campaigns() -> list[MyCampaign]:
    """The caller's part in every running campaign: open campaign tasks, tasks done, wins."""
    return campaigns.my_campaigns(uow(), current_actor())


@bp.get("/campaigns/<int:campaign_id>")
@bp.output(CampaignDetailOut)
def get_campaign(campaign_id: int) -> dict[str, Any]:
    """A campaign with its chain of stages."""
    return _detail(campaign_id)


@bp.patch("/campaigns/<int:campaign_id>")
@bp.input(CampaignPatch, arg_name="data")
@bp.output(CampaignDetailOut)
def update_campaign(campaign_id: int, data: dict[str, Any]) -> dict[str, Any]:
    """Change name, kind, mode, target, costs, value or dates."""
    return _detail(detail=campaigns.update_campaign(uow(), current_actor(), campaign_id, **data))


@bp.get("/campaigns/<int:campaign_id>/stages")
@bp.output(CampaignStageOut(many=True))
def list_stages(campaign_id: int) -> list[StageView]:
    """The campaign's stages in order."""
    return campaigns.list_stages(uow(), current_actor(), campaign_id)


@bp.post("/campaigns/<int:campaign_id>/stages")
@bp.input(CampaignStageIn, arg_name="data")
@bp.output(CampaignStageOut, status_code=201)
def add_stage(campaign_id: int, data: dict[str, Any]) -> StageView:
    """Add a stage at the end of the chain."""
    return campaigns.add_stage(uow(), current_actor(), campaign_id, data)


@bp.put("/campaigns/<int:campaign_id>/stages")
@bp.input(CampaignStagesIn, arg_name="data")
@bp.output(CampaignStageOut(many=True))
@bp.doc(responses={409: "the campaign already has opportunities: add or change stages instead"})
def set_stages(campaign_id: int, data: dict[str, Any]) -> list[StageView]:
    """Replace the whole chain, while the campaign has reached nobody."""
    return campaigns.set_stages(uow(), current_actor(), campaign_id, data["stages"])


@bp.patch("/campaigns/<int:campaign_id>/stages/<int:stage_id>")
@bp.input(CampaignStagePatch, arg_name="data")
@bp.output(CampaignStageOut)
def update_stage(campaign_id: int, stage_id: int, data: dict[str, Any]) -> StageView:
    """Change a stage's fields."""
    return campaigns.update_stage(uow(), current_actor(), campaign_id, stage_id, **data)


@bp.post("/campaigns/<int:campaign_id>/launch")
@bp.output(AppliedOut)
@bp.doc(responses={409: "the campaign is finished"})
def launch_campaign(campaign_id: int) -> Applied:
    """Activate the campaign and apply it to its target; launching again only adds accounts not reached yet."""
    return campaigns.launch_campaign(uow(), current_actor(), campaign_id)


@bp.post("/campaigns/<int:campaign_id>/pause")
@bp.output(CampaignOut)
def pause_campaign(campaign_id: int) -> CampaignView:
    """Stop automatic sends and daily runs; launch resumes."""
    return campaigns.pause_campaign(uow(), current_actor(), campaign_id)


@bp.post("/campaigns/<int:campaign_id>/finish")
@bp.output(CampaignOut)
def finish_campaign(campaign_id: int) -> CampaignView:
    """End the campaign: chains stop and pending campaign tasks are cancelled."""
    return campaigns.finish_campaign(uow(), current_actor(), campaign_id)


@bp.get("/campaigns/<int:campaign_id>/opportunities")
@bp.input(CampaignOpportunitiesQuery, location="query", arg_name="query")
@bp.output(CampaignOpportunityPage)
def campaign_opportunities(campaign_id: int, query: dict[str, Any]) -> Page:
    """The opportunities the campaign generated, with the stage each one is at."""
    return campaigns.campaign_opportunities(uow(), current_actor(), campaign_id, **query)


@bp.post("/campaigns/<int:campaign_id>/opportunities/<int:opportunity_id>/advance")
@bp.output(CampaignStepOut)
def advance_opportunity(campaign_id: int, opportunity_id: int) -> CampaignStep:
    """Move an opportunity to its next stage by hand."""
    return campaigns.advance_opportunity(uow(), current_actor(), campaign_id, opportunity_id)


@bp.get("/campaigns/<int:campaign_id>/results")
@bp.input(ResultsQuery, location="query", arg_name="query")
@bp.output(CampaignResultsOut)
def campaign_results(campaign_id: int, query: dict[str, Any]) -> CampaignResults:
    """Opportunities, tasks, conversions, revenue, cost and ROI, per stage and per rep; managers and admins."""
    return campaigns.campaign_results(uow(), current_actor(), campaign_id, query.get("start"), query.get("end"))
