"""`/api/v1/reports`: account profitability, the pipeline summary and campaign results, as JSON or charts."""

from __future__ import annotations

from typing import Any, cast

from apiflask import APIBlueprint, Schema
from apiflask.fields import Date, Float, Integer, List, Nested, Raw, String
from apiflask.types import ResponsesObjectType
from apiflask.validators import Length, OneOf, Range
from flask import Response

from bot import charts
from bot.api.auth import current_actor, current_user, protect, uow
from bot.api.campaigns import CampaignResultsOut, RepCampaignFiguresOut
from bot.api.schemas import Day
from crm_core.read_models.campaigns import CampaignsReport
from crm_core.read_models.sprints import PipelineSummary, ProfitabilityReport
from crm_core.services import campaigns, reports

bp = protect(APIBlueprint("reports", __name__, url_prefix="/api/v1/reports", tag="Reports"))


class ReportPeriodQuery(Schema):
    start = Day(required=True, data_key="from", metadata={"description": "YYYY-MM-DD, years 1900-2200, first day"})
    end = Day(required=True, data_key="to", metadata={"description": "YYYY-MM-DD, years 1900-2200, last day"})


class ProfitabilityQuery(ReportPeriodQuery):
    group = String(load_default="sector", validate=OneOf(list(reports.GROUPS)))
    currency = String(validate=Length(equal=3), metadata={"description": "only opportunities in this currency"})
    limit = Integer(load_default=50, validate=Range(min=1, max=500))


class ProfitabilityChartQuery(ReportPeriodQuery):
    currency = String(validate=Length(equal=3))
    lang = String(validate=OneOf(["es", "en"]))


class ReportChartQuery(ReportPeriodQuery):
    lang = String(validate=OneOf(["es", "en"]))


class CampaignsReportOut(Schema):
    start = Date(data_key="from")
    end = Date(data_key="to")
    currency = String(allow_none=True, metadata={"description": "main currency: totals add only its campaigns"})
    other_currencies = List(String())
    rows = List(Nested(CampaignResultsOut), metadata={"description": "best ROI first"})
    revenue = Float()
    cost = Float()
    roi = Float(allow_none=True)
    roi_percent = Integer(allow_none=True)
    by_rep = List(Nested(RepCampaignFiguresOut))


class ProfitabilityRowOut(Schema):
    key = Raw(allow_none=True, metadata={"description": "sector name, or account id"})
    label = String(allow_none=True)
    accounts = Integer()
    opportunities_created = Integer()
    won = Integer()
    lost = Integer()
    won_value = Float()
    win_rate = Integer(allow_none=True)
    activities = Integer()
    value_per_activity = Float(allow_none=True)


class ProfitabilityOut(Schema):
    start = Date(data_key="from")
    end = Date(data_key="to")
    group = String()
    rows = List(Nested(ProfitabilityRowOut))
    least_worked = List(String(allow_none=True))
    least_effective = List(String(allow_none=True))


class StageOut(Schema):
    stage = String()
    label_es = String()
    label_en = String()
    count = Integer()
    value = Float()
    weighted_value = Float()


class RepConversionsOut(Schema):
    user_id = Integer()
    name = String()
    conversions = Integer()
    won = Integer()
    won_value = Float()


class PipelineOut(Schema):
    start = Date(data_key="from")
    end = Date(data_key="to")
    open_stages = List(Nested(StageOut))
    open_count = Integer()
    open_value = Float()
    weighted_value = Float()
    won_count = Integer()
    won_value = Float()
    lost_count = Integer()
    lost_value = Float()
    by_rep = List(Nested(RepConversionsOut))


@bp.get("/profitability")
@bp.input(ProfitabilityQuery, location="query", arg_name="query")
@bp.output(ProfitabilityOut)
def profitability(query: dict[str, Any]) -> ProfitabilityReport:
    """Per sector or account: opportunities created, won, lost, won value, win rate, activities."""
    return reports.profitability(uow(), current_actor(), query.pop("start"), query.pop("end"), **query)


@bp.get("/profitability.png")
@bp.input(ProfitabilityChartQuery, location="query", arg_name="query")
@bp.doc(responses=cast("ResponsesObjectType", {200: {"description": "bar chart", "content": {"image/png": {}}}}))
def profitability_chart(query: dict[str, Any]) -> Response:
    """Won value per sector with win rates, as a PNG."""
    report = reports.profitability(uow(), current_actor(), query["start"], query["end"],
                                   currency=query.get("currency"))
    png = charts.profitability_by_sector(report.rows, query.get("lang") or current_user().language)
    return Response(png, mimetype="image/png", headers={"Cache-Control": "no-store"})


@bp.get("/pipeline")
@bp.input(ReportPeriodQuery, location="query", arg_name="query")
@bp.output(PipelineOut)
def pipeline(query: dict[str, Any]) -> PipelineSummary:
    """Open opportunities by stage, won and lost in the period, conversions per rep."""
    return reports.pipeline_summary(uow(), current_actor(), query["start"], query["end"])


@bp.get("/campaigns")
@bp.input(ReportPeriodQuery, location="query", arg_name="query")
@bp.output(CampaignsReportOut)
def campaigns_report(query: dict[str, Any]) -> CampaignsReport:
    """Every campaign running in the period, best ROI first, with totals and the reps who worked them."""
    return campaigns.campaigns_report(uow(), current_actor(), query["start"], query["end"])


@bp.get("/campaigns.png")
@bp.input(ReportChartQuery, location="query", arg_name="query")
@bp.doc(responses=cast("ResponsesObjectType", {200: {"description": "bar chart", "content": {"image/png": {}}}}))
def campaigns_chart(query: dict[str, Any]) -> Response:
    """ROI per campaign with its revenue and cost, as a PNG."""
    report = campaigns.campaigns_report(uow(), current_actor(), query["start"], query["end"])
    png = charts.campaigns_roi(report.rows, query.get("lang") or current_user().language)
    return Response(png, mimetype="image/png", headers={"Cache-Control": "no-store"})
