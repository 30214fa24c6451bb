"""`/api/v1/reports/...` sales reports for a period and a scope, and `/api/v1/sales-plans`.

A period is `period=` (this_month, last_quarter, 2025-10, 2025-Q4, 2025, "en octubre", ...) or
`from=`/`to=`; a scope is `scope=` me, rep:<id>, team, team:<id>, territory:<id> or
sector:<name>. A period or scope the core cannot read answers 422, another rep's or team's
figures 403, an unknown rep, team or territory 404, all in the error envelope.
"""

from __future__ import annotations

from typing import Any

from apiflask import APIBlueprint, Schema
from apiflask.fields import Date, DateTime, Dict, Float, Integer, List, Nested, String
from apiflask.validators import Length, OneOf, Range
from marshmallow import ValidationError, validates_schema

from bot.api.auth import current_actor, protect, uow
from crm_core.domain.periods import GRAINS
from crm_core.read_models.analytics import (
    AverageDealReport,
    DynamicsReport,
    FunnelReport,
    ManagerDigest,
    PipelineByRepReport,
    PlanVsActualReport,
    ProfitabilityByRepReport,
    RepNeeds,
    RepPerformanceReport,
    SalesPlanView,
    SourcesReport,
    TeamSprintLine,
)
from crm_core.services.analytics import (
    deals,
    funnel,
    performance,
    plans,
    sales_plans,
    sources,
    team,
)

bp = protect(APIBlueprint("sales_reports", __name__, url_prefix="/api/v1", tag="Sales reports"))

ERRORS = {
    403: "the scope holds another rep's or another team's figures",
    404: "the rep, team or territory of the scope does not exist",
}
SCOPE_HELP = "me (default), rep:<id>, team, team:<id>, territory:<id>, sector:<name>"
PERIOD_HELP = ("this_week, last_week, this_month (default), last_month, this_quarter, last_quarter, "
               "this_year, last_year, YYYY-MM, YYYY-Qn, YYYY, a month name (es/en), or use from/to")


class ScopeQuery(Schema):
    scope = String(load_default=None, validate=Length(max=120), metadata={"description": SCOPE_HELP})


class PeriodQuery(ScopeQuery):
    period = String(load_default=None, validate=Length(max=60), metadata={"description": PERIOD_HELP})
    start = Date(data_key="from", metadata={"description": "YYYY-MM-DD, first day (with `to`)"})
    end = Date(data_key="to", metadata={"description": "YYYY-MM-DD, last day (with `from`)"})

    @validates_schema
    def _one_period(self, data: dict[str, Any], **kwargs: Any) -> None:
        if ("start" in data) != ("end" in data):
            raise ValidationError("give both from and to", "from")
        if "start" in data and data.get("period"):
            raise ValidationError("give either period or from/to", "period")


def _period(query: dict[str, Any], default: str = "this_month") -> str:
    if "start" in query:
        return f"{query['start'].isoformat()}..{query['end'].isoformat()}"
    return query.get("period") or default


class DynamicsQuery(ScopeQuery):
    grain = String(load_default="month", validate=OneOf(list(GRAINS)))
    periods = Integer(load_default=12, validate=Range(min=1, max=60))


class TeamQuery(Schema):
    team_id = Integer(metadata={"description": "defaults to the caller's team"})


class ScopeOut(Schema):
    kind = String(metadata={"enum": ["me", "rep", "team", "territory", "sector"]})
    value = String(allow_none=True)
    label = String()


class MoneyOut(Schema):
    currency = String()
    count = Integer()
    value = Float()


class FunnelStageOut(Schema):
    status = String()
    label_es = String()
    label_en = String()
    kind = String()
    entered = Integer(metadata={"description": "accounts that entered the status in the period"})
    moved_on = Integer(metadata={"description": "of those, left for a later status (won included)"})
    lost = Integer()
    moved_back = Integer()
    still_there = Integer()
    conversion = Integer(allow_none=True, metadata={"description": "whole % of entered that moved on"})
    average_days = Float(allow_none=True, metadata={"description": "days in the status of those that left it"})


class FunnelOut(Schema):
    start = Date(data_key="from")
    end = Date(data_key="to")
    scope = Nested(ScopeOut)
    stages = List(Nested(FunnelStageOut))


class DealFiguresOut(Schema):
    user_id = Integer(allow_none=True)
    name = String(allow_none=True)
    currency = String()
    won = Integer()
    lost = Integer()
    won_value = Float()
    average_deal = Float(allow_none=True)
    win_rate = Integer(allow_none=True)


class AverageDealOut(Schema):
    start = Date(data_key="from")
    end = Date(data_key="to")
    scope = Nested(ScopeOut)
    overall = List(Nested(DealFiguresOut), metadata={"description": "per currency, everyone in scope"})
    by_rep = List(Nested(DealFiguresOut))


class SalesPlanOut(Schema):
    id = Integer()
    user_id = Integer()
    grain = String(metadata={"enum": list(sales_plans.GRAINS)})
    period = String(metadata={"description": "YYYY-MM or YYYY-Qn"})
    period_start = Date()
    period_end = Date()
    metric = String(metadata={"enum": list(sales_plans.METRICS)})
    currency = String(allow_none=True)
    target = Float()
    set_by_id = Integer(allow_none=True)
    updated_at = DateTime()


class PlanLineOut(Schema):
    plan = Nested(SalesPlanOut)
    name = String()
    actual = Float()
    gap = Float()
    percent = Integer()
    days_left = Integer()
    needed_per_day = Float(allow_none=True)
    needed_per_week = Float(allow_none=True)
    pace = Integer(allow_none=True)


class PlanVsActualOut(Schema):
    start = Date(data_key="from")
    end = Date(data_key="to")
    today = Date()
    scope = Nested(ScopeOut)
    lines = List(Nested(PlanLineOut))


class SourceOut(Schema):
    source = String()
    accounts = Integer()
    converted = Integer()
    conversion = Integer(allow_none=True)
    won = List(Nested(MoneyOut))


class SourcesOut(Schema):
    start = Date(data_key="from")
    end = Date(data_key="to")
    scope = Nested(ScopeOut)
    rows = List(Nested(SourceOut))


class RepPerformanceOut(Schema):
    user_id = Integer()
    name = String()
    activities = Dict(keys=String(), values=Integer(), metadata={"description": "activity type -> count"})
    activities_total = Integer()
    tasks_done = Integer()
    tasks_overdue = Integer()
    conversions = Integer()
    won = List(Nested(MoneyOut))
    conversations = Integer()
    response_minutes_median = Float(allow_none=True)
    response_minutes_average = Float(allow_none=True)


class RepPerformanceReportOut(Schema):
    start = Date(data_key="from")
    end = Date(data_key="to")
    scope = Nested(ScopeOut)
    rows = List(Nested(RepPerformanceOut))


class DynamicsPointOut(Schema):
    period = String()
    start = Date()
    end = Date()
    currency = String()
    count = Integer()
    value = Float()


class DynamicsOut(Schema):
    grain = String()
    scope = Nested(ScopeOut)
    currencies = List(String())
    points = List(Nested(DynamicsPointOut))


class RepPipelineOut(Schema):
    user_id = Integer(allow_none=True)
    name = String(allow_none=True)
    currency = String()
    open_count = Integer()
    open_value = Float()
    weighted_value = Float()
    won_count = Integer()
    won_value = Float()
    lost_count = Integer()


class PipelineByRepOut(Schema):
    start = Date(data_key="from")
    end = Date(data_key="to")
    scope = Nested(ScopeOut)
    rows = List(Nested(RepPipelineOut))


class RepMoneyOut(Schema):
    currency = String()
    won = Integer()
    won_value = Float()
    value_per_activity = Float(allow_none=True)


class RepProfitabilityOut(Schema):
    user_id = Integer()
    name = String()
    accounts = Integer()
    opportunities_created = Integer()
    won = Integer()
    lost = Integer()
    win_rate = Integer(allow_none=True)
    activities = Integer()
    money = List(Nested(RepMoneyOut))


class ProfitabilityByRepOut(Schema):
    start = Date(data_key="from")
    end = Date(data_key="to")
    scope = Nested(ScopeOut)
    rows = List(Nested(RepProfitabilityOut))


class TeamSprintOut(Schema):
    user_id = Integer()
    name = String()
    risk = String(metadata={"enum": ["behind", "on_track", "done", "no_goal", "no_sprint"]})
    sprint_id = Integer(allow_none=True)
    sprint_name = String(allow_none=True)
    end = Date(allow_none=True)
    goal_kind = String(allow_none=True)
    goal_target = Float(allow_none=True)
    achieved = Float(allow_none=True)
    percent = Integer(allow_none=True)
    pace = Integer(allow_none=True)
    days_left = Integer(allow_none=True)
    remaining = Float(allow_none=True)
    needed_per_day = Float(allow_none=True)
    needed_per_week = Float(allow_none=True)


class CloseAccountOut(Schema):
    id = Integer()
    name = String()
    status = String()
    label_es = String()
    label_en = String()
    open_opportunities = Integer()
    open_value = List(Nested(MoneyOut))
    last_contact = DateTime(allow_none=True)


class RepNeedsOut(Schema):
    line = Nested(TeamSprintOut)
    closest = List(Nested(CloseAccountOut))


class DigestLineOut(Schema):
    sprint = Nested(TeamSprintOut)
    activities_this_week = Integer()
    activities_last_week = Integer()
    conversions_this_week = Integer()
    overdue_tasks = Integer()
    reasons = List(String())


class DigestOut(Schema):
    team_id = Integer()
    week_start = Date()
    week_end = Date()
    ahead = List(Nested(DigestLineOut))
    behind = List(Nested(DigestLineOut))
    without_goal = List(Nested(DigestLineOut))


class PlansQuery(Schema):
    user_id = Integer()
    period = String(validate=Length(max=60), metadata={"description": "plans overlapping this period"})


class PlanIn(Schema):
    user_id = Integer(required=True)
    period = String(required=True, validate=Length(min=1, max=60), metadata={"description": "YYYY-MM or YYYY-Qn"})
    metric = String(required=True, validate=OneOf(list(sales_plans.METRICS)),
                    metadata={"description": "count: won deals; value: won value in `currency`"})
    target = Float(required=True, validate=Range(min=0, min_inclusive=False))
    currency = String(load_default=None, allow_none=True, validate=Length(equal=3))


@bp.get("/reports/funnel")
@bp.input(PeriodQuery, location="query", arg_name="query")
@bp.output(FunnelOut)
@bp.doc(responses=ERRORS)
def funnel_report(query: dict[str, Any]) -> FunnelReport:
    """Accounts that entered each status of the flow in the period, how many moved on, days per stage."""
    return funnel.funnel(uow(), current_actor(), _period(query), query["scope"])


@bp.get("/reports/average-deal")
@bp.input(PeriodQuery, location="query", arg_name="query")
@bp.output(AverageDealOut)
@bp.doc(responses=ERRORS)
def average_deal_report(query: dict[str, Any]) -> AverageDealReport:
    """Average won deal and win rate, per rep and overall, per currency."""
    return deals.average_deal(uow(), current_actor(), _period(query), query["scope"])


@bp.get("/reports/plan-vs-actual")
@bp.input(PeriodQuery, location="query", arg_name="query")
@bp.output(PlanVsActualOut)
@bp.doc(responses=ERRORS)
def plan_vs_actual_report(query: dict[str, Any]) -> PlanVsActualReport:
    """Each sales plan overlapping the period against what was won, with the gap and the run-rate needed."""
    return plans.plan_vs_actual(uow(), current_actor(), _period(query), query["scope"])


@bp.get("/reports/sources")
@bp.input(PeriodQuery, location="query", arg_name="query")
@bp.output(SourcesOut)
@bp.doc(responses=ERRORS)
def sources_report(query: dict[str, Any]) -> SourcesReport:
    """Where accounts created in the period came from, their conversion, and deals won per source."""
    return sources.lead_sources(uow(), current_actor(), _period(query), query["scope"])


@bp.get("/reports/rep-performance")
@bp.input(PeriodQuery, location="query", arg_name="query")
@bp.output(RepPerformanceReportOut)
@bp.doc(responses=ERRORS)
def rep_performance_report(query: dict[str, Any]) -> RepPerformanceReport:
    """Per rep: activities by type, tasks done and overdue, conversions, revenue, inbox response time."""
    return performance.rep_performance(uow(), current_actor(), _period(query), query["scope"])


@bp.get("/reports/dynamics")
@bp.input(DynamicsQuery, location="query", arg_name="query")
@bp.output(DynamicsOut)
@bp.doc(responses=ERRORS)
def dynamics_report(query: dict[str, Any]) -> DynamicsReport:
    """Won deals and value per week or month over the last N periods, per currency."""
    return deals.dynamics(uow(), current_actor(), grain=query["grain"], periods=query["periods"],
                          scope=query["scope"])


@bp.get("/reports/pipeline-by-rep")
@bp.input(PeriodQuery, location="query", arg_name="query")
@bp.output(PipelineByRepOut)
@bp.doc(responses=ERRORS)
def pipeline_by_rep_report(query: dict[str, Any]) -> PipelineByRepReport:
    """Per rep and currency: open deals, weighted value, won and lost in the period (managers: the team by default)."""
    return deals.pipeline_by_rep(uow(), current_actor(), _period(query), query["scope"])


@bp.get("/reports/profitability-by-rep")
@bp.input(PeriodQuery, location="query", arg_name="query")
@bp.output(ProfitabilityByRepOut)
@bp.doc(responses=ERRORS)
def profitability_by_rep_report(query: dict[str, Any]) -> ProfitabilityByRepReport:
    """Per rep: accounts, deals opened, won, lost, win rate, activities, won value per activity."""
    return deals.profitability_by_rep(uow(), current_actor(), _period(query), query["scope"])


@bp.get("/reports/team-sprints")
@bp.input(TeamQuery, location="query", arg_name="query")
@bp.output(TeamSprintOut(many=True))
@bp.doc(responses=ERRORS)
def team_sprints_report(query: dict[str, Any]) -> list[TeamSprintLine]:
    """Each rep's active sprint with goal, achieved, %, pace, days left and the run-rate needed, worst first."""
    return team.team_sprints(uow(), current_actor(), query.get("team_id"))


@bp.get("/reports/team-sprints/<int:user_id>")
@bp.output(RepNeedsOut)
@bp.doc(responses=ERRORS)
def rep_needs_report(user_id: int) -> RepNeeds:
    """What a rep needs to reach their sprint goal and the sprint's accounts closest to converting."""
    return team.rep_needs(uow(), current_actor(), user_id)


@bp.get("/reports/manager-digest")
@bp.input(TeamQuery, location="query", arg_name="query")
@bp.output(DigestOut)
@bp.doc(responses=ERRORS)
def manager_digest_report(query: dict[str, Any]) -> ManagerDigest:
    """The weekly digest's figures: who is ahead, who is behind and why."""
    return team.manager_digest(uow(), current_actor(), query.get("team_id"))


@bp.get("/sales-plans")
@bp.input(PlansQuery, location="query", arg_name="query")
@bp.output(SalesPlanOut(many=True))
def list_sales_plans(query: dict[str, Any]) -> list[SalesPlanView]:
    """Sales plans the caller may see: their own, their team's (managers), all (admins)."""
    return sales_plans.list_plans(uow(), current_actor(), **query)


@bp.post("/sales-plans")
@bp.input(PlanIn, arg_name="data")
@bp.output(SalesPlanOut, status_code=201)
@bp.doc(responses={200: "the plan existed and its target changed",
                   403: "plans are set by a manager of the rep's team or an admin", 404: "unknown rep"})
def set_sales_plan(data: dict[str, Any]) -> tuple[SalesPlanView, int]:
    """Set a rep's target for a month or quarter (201), or change it (200)."""
    plan, created = sales_plans.set_plan(uow(), current_actor(), **data)
    return plan, 201 if created else 200


@bp.delete("/sales-plans/<int:plan_id>")
@bp.output({}, status_code=204)
@bp.doc(responses={403: "plans are removed by a manager of the rep's team or an admin", 404: "unknown plan"})
def delete_sales_plan(plan_id: int) -> str:
    """Remove a sales plan."""
    sales_plans.delete_plan(uow(), current_actor(), plan_id)
    return ""
