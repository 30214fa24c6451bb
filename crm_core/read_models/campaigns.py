"""Read models for campaigns: definitions, what a launch did, progress of opportunities, results."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from crm_core.persistence import models as m
from crm_core.read_models.common import OpportunityView, TaskView, View


@dataclass(frozen=True)
class StageView(View):
    id: int
    position: int
    name: str
    task_type: str
    performer: str
    marginal_cost: Decimal
    rule: str
    attempts: int | None
    delay_days: int
    subject: str
    body: str

    @classmethod
    def of(cls, s: m.CampaignStage) -> StageView:
        return cls(s.id, s.position, s.name, s.task_type, s.performer, s.marginal_cost, s.rule, s.attempts,
                   s.delay_days, s.subject or "", s.body or "")


@dataclass(frozen=True)
class CampaignView(View):
    id: int
    name: str
    kind: str
    status: str
    mode: str
    list_id: int | None
    target_filter: dict[str, Any] | None
    global_cost: Decimal
    currency: str
    opportunity_value: Decimal
    start_date: date
    end_date: date | None
    owner_id: int
    team_id: int | None
    launched_at: datetime | None
    finished_at: datetime | None
    last_run_on: date | None

    @classmethod
    def of(cls, c: m.Campaign) -> CampaignView:
        return cls(c.id, c.name, c.kind, c.status, c.mode, c.list_id,
                   dict(c.target_filter) if c.target_filter is not None else None, c.global_cost, c.currency,
                   c.opportunity_value, c.start_date, c.end_date, c.owner_id, c.team_id, c.launched_at,
                   c.finished_at, c.last_run_on)


@dataclass(frozen=True)
class CampaignDetail(View):
    campaign: CampaignView
    stages: list[StageView]

    def to_dict(self) -> dict[str, Any]:
        """The campaign's fields with its stages nested, as the REST API shows them."""
        return {**self.campaign.to_dict(), "stages": [s.to_dict() for s in self.stages]}


@dataclass(frozen=True)
class Applied(View):
    """What applying a campaign to its target did."""

    campaign: CampaignView
    created: int  # new opportunities, each with its first stage's task
    already_in: int  # target accounts the campaign had already reached
    skipped: list[int] = field(default_factory=list)  # target accounts hidden from whoever applied it


@dataclass(frozen=True)
class CampaignStep(View):
    """Where an activity left a campaign opportunity."""

    opportunity_id: int
    campaign_id: int
    stage_id: int | None  # None: the chain of stages is done
    advanced: bool
    next_task: TaskView | None


@dataclass(frozen=True)
class CampaignOpportunityView(View):
    opportunity: OpportunityView
    account_name: str
    stage_id: int | None
    stage_name: str | None
    stage_since: datetime | None
    finished_at: datetime | None


@dataclass(frozen=True)
class RepCampaignFigures(View):
    """One rep in a period: campaign tasks done, conversions, revenue, and the share of their work."""

    user_id: int
    name: str
    tasks_done: int
    conversions: int
    revenue: Decimal
    all_tasks_done: int
    occupancy: int | None  # whole % of the rep's done tasks that came from campaigns


@dataclass(frozen=True)
class CampaignResults(View):
    """A campaign's figures over a period, in its own currency.

    `revenue` adds the won opportunities in the campaign's currency; won value in any other
    currency is in `other_revenue`, by code, and not added in.
    """

    campaign: CampaignView
    start: date
    end: date
    opportunities: int
    open_opportunities: int
    tasks_done: int
    conversions: int
    conversion_rate: int | None  # whole % of the opportunities generated in the period that were won
    revenue: Decimal
    other_revenue: dict[str, Decimal]
    global_cost: Decimal
    tasks_cost: Decimal
    cost: Decimal
    roi: Decimal | None  # (revenue − cost) / cost
    roi_percent: int | None
    not_sent: int  # automatic sends that could not go out (left to the rep)
    by_stage: list[StageFigures]
    by_rep: list[RepCampaignFigures]


@dataclass(frozen=True)
class StageFigures(View):
    stage_id: int
    name: str
    task_type: str
    opportunities_here: int  # open opportunities currently at this stage
    tasks_done: int
    cost: Decimal


@dataclass(frozen=True)
class CampaignsReport(View):
    """Every campaign running in the period, best ROI first, and the reps who worked them.

    Totals add only the campaigns in the main currency (the one most campaigns use); the
    others are named in `other_currencies`.
    """

    start: date
    end: date
    currency: str | None
    other_currencies: list[str]
    rows: list[CampaignResults]
    revenue: Decimal
    cost: Decimal
    roi: Decimal | None
    roi_percent: int | None
    by_rep: list[RepCampaignFigures]


@dataclass(frozen=True)
class MyCampaign(View):
    """A rep's part in one campaign: open tasks and what they did and won."""

    campaign: CampaignView
    open_tasks: list[TaskView]
    open_opportunities: int
    tasks_done: int
    conversions: int
    revenue: Decimal


@dataclass(frozen=True)
class AutomaticSend(View):
    """What the scheduler did with one due automatic task."""

    task_id: int
    campaign_id: int
    opportunity_id: int | None
    channel: str
    state: str  # queued | not_sent
    reason: str | None
    message_id: int | None


@dataclass(frozen=True)
class DailyRun(View):
    campaign_id: int
    day: date
    created: int


@dataclass(frozen=True)
class CampaignRef(View):
    id: int
    name: str
    score: float


@dataclass(frozen=True)
class CampaignResolution(View):
    """Outcome of resolving a typed campaign name: one match, or candidates to choose from."""

    match: CampaignRef | None
    candidates: list[CampaignRef] = field(default_factory=list)
