"""Read models for sprints, account lists and reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from crm_core.domain.sprints import BurnupPoint
from crm_core.persistence import models as m
from crm_core.read_models.common import View


@dataclass(frozen=True)
class SprintView(View):
    id: int
    owner_id: int
    name: str
    start: date
    end: date
    status: str
    goal_kind: str | None
    goal_target: Decimal | None
    notes: str
    closed_at: datetime | None
    rolled_into_id: int | None

    @classmethod
    def of(cls, s: m.Sprint) -> SprintView:
        return cls(s.id, s.owner_id, s.name, s.start, s.end, s.status, s.goal_kind, s.goal_target,
                   s.notes or "", s.closed_at, s.rolled_into_id)


@dataclass(frozen=True)
class SprintProgress(View):
    """Figures of a sprint on `today` (the owner's local date); percentages are whole numbers."""

    sprint_id: int
    today: date
    accounts: int
    prospects: int
    converted: int
    won_revenue: Decimal
    goal_kind: str | None
    goal_target: Decimal | None
    achieved: Decimal
    percent: int | None
    pace: int | None
    days_left: int
    elapsed_days: int
    length_days: int


@dataclass(frozen=True)
class SprintDetail(View):
    sprint: SprintView
    progress: SprintProgress

    def to_dict(self) -> dict[str, Any]:
        """The sprint's fields with its progress nested, as the REST API shows them."""
        return {**self.sprint.to_dict(), "progress": self.progress.to_dict()}


@dataclass(frozen=True)
class SprintClosed(View):
    """Outcome of closing: the final figures, and where unconverted accounts went."""

    sprint: SprintView
    snapshot: dict[str, Any]
    rolled_into: SprintView | None
    already_closed: bool
    rolled_over: int
    tasks_moved: int


@dataclass(frozen=True)
class AccountsAdded(View):
    added: int
    already_there: int
    skipped: list[int] = field(default_factory=list)  # kept empty: hidden accounts are never named
    hidden: int = 0  # accounts of the source left out because the actor may not see them


@dataclass(frozen=True)
class SprintAccountView(View):
    id: int
    name: str
    status: str
    status_kind: str
    owner_id: int | None
    converted_at: datetime | None
    converted_in_sprint: bool


@dataclass(frozen=True)
class TeamMemberStatus(View):
    user_id: int
    name: str
    sprint: SprintView | None
    progress: SprintProgress | None


@dataclass(frozen=True)
class Burnup(View):
    sprint_id: int
    name: str
    goal_kind: str | None
    goal_target: Decimal | None
    today: date
    points: list[BurnupPoint]


@dataclass(frozen=True)
class AccountListView(View):
    id: int
    name: str
    owner_id: int
    public: bool
    filter: dict[str, Any] | None
    kind: str  # static | filter

    @classmethod
    def of(cls, lst: m.AccountList) -> AccountListView:
        kind = "static" if lst.filter is None else "filter"
        return cls(lst.id, lst.name, lst.owner_id, lst.public,
                   dict(lst.filter) if lst.filter is not None else None, kind)


@dataclass(frozen=True)
class ProfitabilityRow(View):
    """One account or sector over the period; `key` is the account id or the sector (None: no sector)."""

    key: int | str | None
    label: str | None
    accounts: int
    opportunities_created: int
    won: int
    lost: int
    won_value: Decimal
    win_rate: int | None  # whole % of won among won + lost; None when nothing closed
    activities: int
    value_per_activity: Decimal | None


@dataclass(frozen=True)
class ProfitabilityReport(View):
    start: date
    end: date
    group: str  # sector | account
    rows: list[ProfitabilityRow]
    least_worked: list[str | None]
    least_effective: list[str | None]


@dataclass(frozen=True)
class StageFigures(View):
    stage: str
    label_es: str
    label_en: str
    count: int
    value: Decimal
    weighted_value: Decimal


@dataclass(frozen=True)
class RepConversions(View):
    user_id: int
    name: str
    conversions: int
    won: int
    won_value: Decimal


@dataclass(frozen=True)
class PipelineSummary(View):
    start: date
    end: date
    open_stages: list[StageFigures]
    open_count: int
    open_value: Decimal
    weighted_value: Decimal
    won_count: int
    won_value: Decimal
    lost_count: int
    lost_value: Decimal
    by_rep: list[RepConversions]


@dataclass(frozen=True)
class RolloverPreview(View):
    """The accounts a rollover would move on (those not won), by name."""

    sprint_id: int
    account_names: list[str]
    account_ids: list[int]

    @property
    def count(self) -> int:
        return len(self.account_names)
