"""Plain read models returned by services, so edges never hold ORM objects."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from crm_core.persistence import models as m


class View:
    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict: dates as ISO strings, money as numbers."""
        return _jsonify(asdict(self))  # type: ignore[call-overload]  # View is a mixin of dataclasses; typeshed's asdict wants a DataclassInstance


def _jsonify(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonify(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonify(v) for v in value]
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


@dataclass(frozen=True)
class UserView(View):
    id: int
    name: str
    email: str
    role: str
    team_id: int | None
    language: str
    timezone: str

    @classmethod
    def of(cls, u: m.User) -> UserView:
        return cls(u.id, u.name, u.email, u.role, u.team_id, u.language, u.timezone)


@dataclass(frozen=True)
class StatusView(View):
    key: str
    label_es: str
    label_en: str
    kind: str
    position: int
    probability: int

    @classmethod
    def of(cls, s: m.Status) -> StatusView:
        return cls(s.key, s.label_es, s.label_en, s.kind, s.position, s.probability)

    def label(self, language: str) -> str:
        return self.label_en if language == "en" else self.label_es


@dataclass(frozen=True)
class AccountView(View):
    id: int
    name: str
    status: str
    sector: str | None
    country: str | None
    owner_id: int | None
    source: str | None
    territory_id: int | None
    team_id: int | None
    shared: bool
    converted_at: datetime | None
    last_activity_at: datetime | None
    custom: dict[str, Any]

    @classmethod
    def of(cls, a: m.Account) -> AccountView:
        return cls(a.id, a.name, a.status.key, a.sector, a.country, a.owner_id, a.source,
                   a.territory_id, a.team_id, a.shared, a.converted_at, a.last_activity_at,
                   dict(a.custom or {}))


@dataclass(frozen=True)
class ContactView(View):
    id: int
    account_id: int
    name: str
    role: str | None
    email: str | None
    phone: str | None
    handles: dict[str, Any]

    @classmethod
    def of(cls, c: m.Contact) -> ContactView:
        return cls(c.id, c.account_id, c.name, c.role, c.email, c.phone, dict(c.handles or {}))


@dataclass(frozen=True)
class OpportunityView(View):
    id: int
    account_id: int
    title: str
    value: Decimal
    currency: str
    stage: str
    status: str
    expected_close: date | None
    lost_reason: str | None
    owner_id: int | None
    contact_id: int | None
    origin_kind: str | None
    origin_id: int | None
    created_at: datetime
    closed_at: datetime | None

    @classmethod
    def of(cls, o: m.Opportunity) -> OpportunityView:
        return cls(o.id, o.account_id, o.title, o.value, o.currency, o.stage.key, o.status,
                   o.expected_close, o.lost_reason, o.owner_id, o.contact_id, o.origin_kind,
                   o.origin_id, o.created_at, o.closed_at)


@dataclass(frozen=True)
class ActivityView(View):
    id: int
    account_id: int
    type: str
    outcome: str
    author_id: int
    occurred_at: datetime
    contact_id: int | None
    opportunity_id: int | None
    task_id: int | None

    @classmethod
    def of(cls, a: m.Activity) -> ActivityView:
        return cls(a.id, a.account_id, a.type, a.outcome, a.author_id, a.occurred_at,
                   a.contact_id, a.opportunity_id, a.task_id)


@dataclass(frozen=True)
class TaskView(View):
    id: int
    account_id: int | None
    account_name: str | None
    type: str
    title: str
    assignee_id: int
    due_at: datetime | None
    start_date: date | None
    status: str
    completed_at: datetime | None

    @classmethod
    def of(cls, t: m.Task) -> TaskView:
        return cls(t.id, t.account_id, t.account.name if t.account else None, t.type, t.title,
                   t.assignee_id, t.due_at, t.start_date, t.status, t.completed_at)

    @property
    def planned(self) -> bool:
        return self.due_at is not None


@dataclass(frozen=True)
class AuditView(View):
    id: int
    entity: str
    entity_id: int
    action: str
    actor_id: int | None
    channel: str
    at: datetime
    changes: dict[str, Any]

    @classmethod
    def of(cls, e: m.AuditEntry) -> AuditView:
        return cls(e.id, e.entity, e.entity_id, e.action, e.actor_id, e.channel, e.at,
                   dict(e.changes or {}))


@dataclass(frozen=True)
class AccountRef(View):
    id: int
    name: str
    score: float


@dataclass(frozen=True)
class Resolution(View):
    """Outcome of resolving a typed name: one match, or candidates to choose from."""

    match: AccountRef | None
    candidates: list[AccountRef] = field(default_factory=list)


@dataclass(frozen=True)
class AccountSummary(View):
    account: AccountView
    status_label_es: str
    status_label_en: str
    owner_name: str | None
    contacts: list[ContactView]
    open_opportunities: list[OpportunityView]
    potential: Decimal
    last_activities: list[ActivityView]
    open_tasks: list[TaskView]


@dataclass(frozen=True)
class Agenda(View):
    """Planned tasks in time order, free tasks that have started, and overdue ones."""

    start: date
    end: date
    timezone: str
    planned: list[TaskView]
    free: list[TaskView]
    overdue: list[TaskView]


@dataclass(frozen=True)
class Page(View):
    items: list[Any]
    total: int
    limit: int
    offset: int
