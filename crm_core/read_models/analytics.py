"""Read models of the sales reports: funnel, deals, plans, sources, rep performance, team sprints.

Money is never summed across currencies: every value carries its currency. Percentages are
whole numbers rounded half up, as the sprint figures are.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from crm_core.read_models.common import View


@dataclass(frozen=True)
class ScopeView(View):
    """Whose figures a report holds: me, a rep, a team, a territory or a sector."""

    kind: str
    value: int | str | None
    label: str


@dataclass(frozen=True)
class Money(View):
    """A count of deals and their value in one currency."""

    currency: str
    count: int
    value: Decimal


@dataclass(frozen=True)
class FunnelStage(View):
    """Accounts that entered one status of the flow in the period, and what became of them."""

    status: str
    label_es: str
    label_en: str
    kind: str
    entered: int
    moved_on: int  # left for a later status of the flow (won included)
    lost: int  # left for a lost status
    moved_back: int  # left for an earlier open status
    still_there: int
    conversion: int | None  # whole % of `entered` that moved on
    average_days: Decimal | None  # days spent in the status by those that left it


@dataclass(frozen=True)
class FunnelReport(View):
    start: date
    end: date
    scope: ScopeView
    stages: list[FunnelStage]


@dataclass(frozen=True)
class DealFigures(View):
    """Deals closed in the period in one currency, for one rep (user_id None: everyone in scope)."""

    user_id: int | None
    name: str | None
    currency: str
    won: int
    lost: int
    won_value: Decimal
    average_deal: Decimal | None
    win_rate: int | None


@dataclass(frozen=True)
class AverageDealReport(View):
    start: date
    end: date
    scope: ScopeView
    overall: list[DealFigures]
    by_rep: list[DealFigures]


@dataclass(frozen=True)
class SalesPlanView(View):
    id: int
    user_id: int
    grain: str
    period: str
    period_start: date
    period_end: date
    metric: str
    currency: str | None
    target: Decimal
    set_by_id: int | None
    updated_at: datetime


@dataclass(frozen=True)
class PlanLine(View):
    """One plan against what was won in its period, with what is still needed."""

    plan: SalesPlanView
    name: str
    actual: Decimal
    gap: Decimal  # what is still missing, never below zero
    percent: int
    days_left: int
    needed_per_day: Decimal | None  # None once the period is over or the plan is met
    needed_per_week: Decimal | None
    pace: int | None  # projected whole % at the end of the period at the rate so far


@dataclass(frozen=True)
class PlanVsActualReport(View):
    start: date
    end: date
    today: date
    scope: ScopeView
    lines: list[PlanLine]


@dataclass(frozen=True)
class SourceFigures(View):
    """Accounts created in the period from one source, how many converted, the deals they brought."""

    source: str
    accounts: int
    converted: int
    conversion: int | None
    won: list[Money]


@dataclass(frozen=True)
class SourcesReport(View):
    start: date
    end: date
    scope: ScopeView
    rows: list[SourceFigures]


@dataclass(frozen=True)
class RepPerformance(View):
    user_id: int
    name: str
    activities: dict[str, int]
    activities_total: int
    tasks_done: int
    tasks_overdue: int
    conversions: int
    won: list[Money]
    conversations: int  # customer conversations answered in the period
    response_minutes_median: Decimal | None
    response_minutes_average: Decimal | None


@dataclass(frozen=True)
class RepPerformanceReport(View):
    start: date
    end: date
    scope: ScopeView
    rows: list[RepPerformance]


@dataclass(frozen=True)
class DynamicsPoint(View):
    period: str
    start: date
    end: date
    currency: str
    count: int
    value: Decimal


@dataclass(frozen=True)
class DynamicsReport(View):
    grain: str
    scope: ScopeView
    currencies: list[str]
    points: list[DynamicsPoint]  # oldest first, every period once per currency


@dataclass(frozen=True)
class RepPipeline(View):
    user_id: int | None
    name: str | None
    currency: str
    open_count: int
    open_value: Decimal
    weighted_value: Decimal
    won_count: int
    won_value: Decimal
    lost_count: int


@dataclass(frozen=True)
class PipelineByRepReport(View):
    start: date
    end: date
    scope: ScopeView
    rows: list[RepPipeline]


@dataclass(frozen=True)
class RepMoney(View):
    currency: str
    won: int
    won_value: Decimal
    value_per_activity: Decimal | None


@dataclass(frozen=True)
class RepProfitability(View):
    user_id: int
    name: str
    accounts: int
    opportunities_created: int
    won: int
    lost: int
    win_rate: int | None
    activities: int
    money: list[RepMoney]


@dataclass(frozen=True)
class ProfitabilityByRepReport(View):
    start: date
    end: date
    scope: ScopeView
    rows: list[RepProfitability]


@dataclass(frozen=True)
class TeamSprintLine(View):
    """A rep's active sprint as a manager acts on it; `risk` orders the team, worst first."""

    user_id: int
    name: str
    risk: str  # behind | on_track | done | no_goal | no_sprint
    sprint_id: int | None
    sprint_name: str | None
    end: date | None
    goal_kind: str | None
    goal_target: Decimal | None
    achieved: Decimal | None
    percent: int | None
    pace: int | None
    days_left: int | None
    remaining: Decimal | None
    needed_per_day: Decimal | None
    needed_per_week: Decimal | None


@dataclass(frozen=True)
class CloseAccount(View):
    """An account of the sprint near conversion: its stage, open deals and last contact."""

    id: int
    name: str
    status: str
    label_es: str
    label_en: str
    open_opportunities: int
    open_value: list[Money]
    last_contact: datetime | None


@dataclass(frozen=True)
class RepNeeds(View):
    line: TeamSprintLine
    closest: list[CloseAccount]


@dataclass(frozen=True)
class DigestLine(View):
    """One rep in the weekly digest: the sprint figures, the week's work and why they stand there."""

    sprint: TeamSprintLine
    activities_this_week: int
    activities_last_week: int
    conversions_this_week: int
    overdue_tasks: int
    reasons: list[str]  # stable codes the edges translate


@dataclass(frozen=True)
class ManagerDigest(View):
    team_id: int
    week_start: date
    week_end: date
    ahead: list[DigestLine]
    behind: list[DigestLine]
    without_goal: list[DigestLine]
