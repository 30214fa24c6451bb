"""SQLAlchemy 2 declarative models: the only place that knows table shapes."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy import text as sql_text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from crm_core.persistence.types import UTCDateTime, utcnow

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON}


# --- people -----------------------------------------------------------------


class Team(Base):
    __tablename__ = "teams"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    # Amounts typed without a currency, on accounts without one of their own, are in this one.
    currency: Mapped[str | None] = mapped_column(String(3))


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254), unique=True)
    role: Mapped[str] = mapped_column(String(16))  # rep | manager | admin
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"), index=True)
    language: Mapped[str] = mapped_column(String(5), default="es")
    timezone: Mapped[str] = mapped_column(String(64), default="America/Santiago")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    team: Mapped[Team | None] = relationship()


class Territory(Base):
    __tablename__ = "territories"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    responsible_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))


class Identity(Base):
    """A chat-platform account linked to a Rumbo user."""

    __tablename__ = "identities"
    __table_args__ = (UniqueConstraint("provider", "external_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    provider: Mapped[str] = mapped_column(String(16))  # slack | telegram | web
    external_id: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class LinkCode(Base):
    """A one-time code a rep sends to a bot to link a chat identity."""

    __tablename__ = "link_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


class ApiToken(Base):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    expires_at: Mapped[datetime | None]  # none: valid until revoked


# --- sales flow ---------------------------------------------------------------


class Status(Base):
    """One step of the sales flow; accounts and opportunities point at it by id,
    so renaming or reordering never touches them."""

    __tablename__ = "statuses"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(40), unique=True)
    label_es: Mapped[str] = mapped_column(String(80))
    label_en: Mapped[str] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(8))  # open | won | lost
    position: Mapped[int] = mapped_column(Integer)
    probability: Mapped[int] = mapped_column(Integer, default=0)  # percent, for weighted pipeline


# --- accounts and what hangs off them ------------------------------------------


class Account(Base):
    __tablename__ = "accounts"
    __table_args__ = (
        Index("ix_accounts_owner_status", "owner_id", "status_id"),
        Index("ix_accounts_team_shared", "team_id", "shared"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    search_name: Mapped[str] = mapped_column(String(200), index=True)
    sector: Mapped[str | None] = mapped_column(String(80), index=True)
    country: Mapped[str | None] = mapped_column(String(2), index=True)
    territory_id: Mapped[int | None] = mapped_column(ForeignKey("territories.id"), index=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    shared: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[str | None] = mapped_column(String(80))
    status_id: Mapped[int] = mapped_column(ForeignKey("statuses.id"), index=True)
    converted_at: Mapped[datetime | None] = mapped_column(index=True)
    last_activity_at: Mapped[datetime | None] = mapped_column(index=True)
    custom: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    status: Mapped[Status] = relationship(lazy="joined")
    owner: Mapped[User | None] = relationship(foreign_keys=[owner_id])


class StatusChange(Base):
    """History of an account's status, the basis of burn-up charts."""

    __tablename__ = "status_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    from_status_id: Mapped[int | None] = mapped_column(ForeignKey("statuses.id"))
    to_status_id: Mapped[int] = mapped_column(ForeignKey("statuses.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class Contact(Base):
    __tablename__ = "contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str | None] = mapped_column(String(120))
    email: Mapped[str | None] = mapped_column(String(254), index=True)
    phone: Mapped[str | None] = mapped_column(String(32), index=True)
    handles: Mapped[dict[str, Any]] = mapped_column(default=dict)
    custom: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Opportunity(Base):
    __tablename__ = "opportunities"
    __table_args__ = (
        # A campaign never has two open opportunities on the same account.
        Index("uq_opportunities_open_campaign_account", "campaign_id", "account_id", unique=True,
              sqlite_where=sql_text("status = 'open'"), postgresql_where=sql_text("status = 'open'")),
        Index("ix_opportunities_campaign_created", "campaign_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    title: Mapped[str] = mapped_column(String(200), default="")
    value: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    stage_id: Mapped[int] = mapped_column(ForeignKey("statuses.id"))
    expected_close: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(8), default="open", index=True)  # open | won | lost
    lost_reason: Mapped[str | None] = mapped_column(Text)
    origin_kind: Mapped[str | None] = mapped_column(String(16))  # campaign | conversation | activity
    origin_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    closed_at: Mapped[datetime | None] = mapped_column(index=True)
    custom: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # The campaign that generated the opportunity and where it is in the campaign's chain of
    # stages; the stage is None once the chain is done (finished_at says when).
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaigns.id"))
    campaign_stage_id: Mapped[int | None] = mapped_column(ForeignKey("campaign_stages.id", ondelete="SET NULL"))
    campaign_stage_since: Mapped[datetime | None]
    campaign_finished_at: Mapped[datetime | None]

    stage: Mapped[Status] = relationship(lazy="joined")
    account: Mapped[Account] = relationship()


class Task(Base):
    __tablename__ = "tasks"
    __table_args__ = (
        Index("ix_tasks_assignee_status_due", "assignee_id", "status", "due_at"),
        Index("ix_tasks_assignee_status_start", "assignee_id", "status", "start_date"),
        Index("ix_tasks_campaign_status_completed", "campaign_id", "status", "completed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    opportunity_id: Mapped[int | None] = mapped_column(ForeignKey("opportunities.id", ondelete="SET NULL"))
    type: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(300), default="")
    assignee_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    due_at: Mapped[datetime | None]  # planned task: a date and time
    start_date: Mapped[date | None] = mapped_column(Date)  # free task: from this day on
    status: Mapped[str] = mapped_column(String(12), default="open")  # open | done | cancelled
    completed_at: Mapped[datetime | None]
    source_activity_id: Mapped[int | None] = mapped_column(Integer)  # the activity that asked for it
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaigns.id"))
    campaign_stage_id: Mapped[int | None] = mapped_column(ForeignKey("campaign_stages.id", ondelete="SET NULL"))

    account: Mapped[Account | None] = relationship()


class Activity(Base):
    __tablename__ = "activities"
    __table_args__ = (
        Index("ix_activities_account_occurred", "account_id", "occurred_at"),
        Index("ix_activities_author_occurred", "author_id", "occurred_at"),
        # covers "activities per account in a period" (profitability) without touching the table
        Index("ix_activities_occurred_account", "occurred_at", "account_id"),
        # covers "activities per rep and type in a period" (rep performance) without touching the table
        Index("ix_activities_author_occurred_type", "author_id", "occurred_at", "type"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"))
    opportunity_id: Mapped[int | None] = mapped_column(ForeignKey("opportunities.id", ondelete="SET NULL"))
    task_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id", ondelete="SET NULL"))
    campaign_id: Mapped[int | None] = mapped_column(Integer)
    campaign_stage_id: Mapped[int | None] = mapped_column(ForeignKey("campaign_stages.id", ondelete="SET NULL"))
    type: Mapped[str] = mapped_column(String(16))
    outcome: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


# --- sprints and lists ----------------------------------------------------------


class Sprint(Base):
    __tablename__ = "sprints"
    __table_args__ = (Index("ix_sprints_owner_status", "owner_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    name: Mapped[str] = mapped_column(String(200))
    start: Mapped[date] = mapped_column(Date)
    end: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(8), default="planned")  # planned | active | closed
    goal_kind: Mapped[str | None] = mapped_column(String(16))  # conversions | revenue
    goal_target: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    notes: Mapped[str] = mapped_column(Text, default="")
    snapshot: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    closed_at: Mapped[datetime | None]
    rolled_into_id: Mapped[int | None] = mapped_column(ForeignKey("sprints.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class SprintAccount(Base):
    __tablename__ = "sprint_accounts"
    __table_args__ = (UniqueConstraint("sprint_id", "account_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    sprint_id: Mapped[int] = mapped_column(ForeignKey("sprints.id", ondelete="CASCADE"))
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    added_at: Mapped[datetime] = mapped_column(default=utcnow)


class AccountList(Base):
    __tablename__ = "account_lists"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    public: Mapped[bool] = mapped_column(Boolean, default=False)
    filter: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # None: static members
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ListMember(Base):
    __tablename__ = "list_members"
    __table_args__ = (UniqueConstraint("list_id", "account_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    list_id: Mapped[int] = mapped_column(ForeignKey("account_lists.id", ondelete="CASCADE"))
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)


# --- campaigns ---------------------------------------------------------


class Campaign(Base):
    """A chain of stages applied to a target (a list or a filter) once or every day."""

    __tablename__ = "campaigns"
    __table_args__ = (
        Index("ix_campaigns_team_status", "team_id", "status"),
        Index("ix_campaigns_status_mode", "status", "mode"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    search_name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))  # acquisition | loyalty | survey | collections | cross_selling
    status: Mapped[str] = mapped_column(String(10), default="draft")  # draft | active | paused | finished
    mode: Mapped[str] = mapped_column(String(10), default="once")  # once | continuous
    list_id: Mapped[int | None] = mapped_column(ForeignKey("account_lists.id", ondelete="SET NULL"))
    target_filter: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # an AccountFilter, when no list
    global_cost: Mapped[Decimal] = mapped_column(Numeric(14, 2), default=Decimal(0))
    currency: Mapped[str] = mapped_column(String(3))
    opportunity_value: Mapped[Decimal] = mapped_column(Numeric(14, 2), default=Decimal(0))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    last_assigned_id: Mapped[int | None] = mapped_column(Integer)  # round-robin cursor
    last_run_on: Mapped[date | None] = mapped_column(Date)  # the owner's local day of the last daily run
    launched_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CampaignStage(Base):
    __tablename__ = "campaign_stages"
    __table_args__ = (UniqueConstraint("campaign_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    task_type: Mapped[str] = mapped_column(String(16))  # call | sms | email | visit | interview | meeting
    performer: Mapped[str] = mapped_column(String(10), default="rep")  # rep | automatic
    marginal_cost: Mapped[Decimal] = mapped_column(Numeric(14, 2), default=Decimal(0))
    rule: Mapped[str] = mapped_column(String(10), default="attempts")  # attempts | reply | manual
    attempts: Mapped[int | None] = mapped_column(Integer)
    delay_days: Mapped[int] = mapped_column(Integer, default=0)
    subject: Mapped[str] = mapped_column(String(300), default="")
    body: Mapped[str] = mapped_column(Text, default="")


class CampaignSend(Base):
    """One automatic task's send: queued on the customer's channel, or not sent and why."""

    __tablename__ = "campaign_sends"
    __table_args__ = (Index("ix_campaign_sends_campaign_state", "campaign_id", "state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), unique=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"))
    opportunity_id: Mapped[int | None] = mapped_column(ForeignKey("opportunities.id", ondelete="SET NULL"))
    channel: Mapped[str] = mapped_column(String(8))  # email | sms
    state: Mapped[str] = mapped_column(String(10))  # queued | not_sent
    reason: Mapped[str | None] = mapped_column(Text)
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


# --- audit and custom fields -----------------------------------------------------


class AuditEntry(Base):
    __tablename__ = "audit_entries"
    __table_args__ = (Index("ix_audit_entity", "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(40))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    channel: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    changes: Mapped[dict[str, Any]] = mapped_column(default=dict)


class CustomFieldDef(Base):
    __tablename__ = "custom_field_defs"
    __table_args__ = (UniqueConstraint("entity", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entity: Mapped[str] = mapped_column(String(40))  # account | contact | opportunity
    key: Mapped[str] = mapped_column(String(60))
    label: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(16))  # text | number | date | picklist
    options: Mapped[dict[str, Any]] = mapped_column(default=dict)  # {"values": [...]}
    required: Mapped[bool] = mapped_column(Boolean, default=False)


# --- chat plumbing -------------------------------------------------------------------


class InboundEvent(Base):
    """Every message that arrived from a chat platform, stored before it is acknowledged."""

    __tablename__ = "inbound_events"
    __table_args__ = (
        UniqueConstraint("source", "external_id"),
        Index("ix_inbound_events_state", "state", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(24))
    external_id: Mapped[str] = mapped_column(String(128))
    sender: Mapped[str | None] = mapped_column(String(128))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    state: Mapped[str] = mapped_column(String(12), default="pending")  # pending | done | failed | ignored
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    processed_at: Mapped[datetime | None]


class Notification(Base):
    """A message sent on Rumbo's own initiative, keyed so it is sent once."""

    __tablename__ = "notifications"

    __table_args__ = (Index("ix_notifications_state_claimed", "state", "claimed_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # The key is claimed (sending) before the message leaves and marked sent after, so a
    # crash in between leaves a visible 'sending' row instead of a silent double send.
    state: Mapped[str] = mapped_column(String(12), default="sent")  # sending | sent | failed | unknown
    claimed_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(default=utcnow)
    error: Mapped[str | None] = mapped_column(Text)


# --- scheduler -------------------------------------------------------------------------


class Lease(Base):
    """Who may run scheduled jobs right now; renewed while alive, taken over once expired."""

    __tablename__ = "leases"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    holder: Mapped[str] = mapped_column(String(128))
    expires_at: Mapped[datetime]
    acquired_at: Mapped[datetime] = mapped_column(default=utcnow)


class JobCursor(Base):
    """How far a scanning job has looked, so downtime can be told from old data."""

    __tablename__ = "job_cursors"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    position: Mapped[datetime]


# --- inbox: customer conversations from every channel -----------------------------------


class InboxSettings(Base):
    """The company's inbox rules: business hours, automatic texts, who takes new leads."""

    __tablename__ = "inbox_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    timezone: Mapped[str] = mapped_column(String(64), default="America/Santiago")
    # {"mon": [["09:00", "18:00"]], ...}; a missing day is closed.
    business_hours: Mapped[dict[str, Any]] = mapped_column(default=dict)
    ack_texts: Mapped[dict[str, Any]] = mapped_column(default=dict)  # {"es": ..., "en": ...}
    out_of_hours_texts: Mapped[dict[str, Any]] = mapped_column(default=dict)
    whatsapp_template: Mapped[str | None] = mapped_column(String(120))
    whatsapp_template_language: Mapped[str] = mapped_column(String(10), default="es")
    widget_identity: Mapped[str] = mapped_column(String(8), default="before")  # before | during | off
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))  # round-robin pool
    territory_id: Mapped[int | None] = mapped_column(ForeignKey("territories.id"))  # new leads' zone
    last_assigned_id: Mapped[int | None] = mapped_column(Integer)  # round-robin cursor


class InboxJob(Base):
    """A raw customer-channel payload, stored before the 200 and processed from here."""

    __tablename__ = "inbox_jobs"
    __table_args__ = (
        UniqueConstraint("channel", "external_id"),
        Index("ix_inbox_jobs_state_due", "state", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[str] = mapped_column(String(191))
    kind: Mapped[str] = mapped_column(String(16))  # message | status | echo
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    state: Mapped[str] = mapped_column(String(12), default="pending")  # pending | processing | done | dead
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_error: Mapped[str | None] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    processed_at: Mapped[datetime | None]


class Conversation(Base):
    __tablename__ = "conversations"
    __table_args__ = (
        # One open conversation per channel thread; resolved ones are history.
        Index("uq_conversations_open_thread", "channel", "thread_key", unique=True,
              sqlite_where=sql_text("status != 'resolved'"),
              postgresql_where=sql_text("status != 'resolved'")),
        Index("ix_conversations_assignee_status", "assignee_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    thread_key: Mapped[str] = mapped_column(String(191))
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"), index=True)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"), index=True)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(String(10), default="open")  # open | pending | resolved
    language: Mapped[str | None] = mapped_column(String(5))
    subject: Mapped[str | None] = mapped_column(String(300))
    # False when the customer only claimed who they are (a widget visitor typing a known contact's
    # email or phone): the conversation shows that contact, but nothing the visitor says changes it.
    identity_verified: Mapped[bool] = mapped_column(Boolean, default=True, server_default=sql_text("true"))
    last_inbound_at: Mapped[datetime | None]  # start of the 24-hour window
    waiting_since: Mapped[datetime | None] = mapped_column(index=True)  # unanswered customer message
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None]


class Message(Base):
    """One message of a conversation; outbound ones carry their delivery state and retries."""

    __tablename__ = "messages"
    __table_args__ = (
        UniqueConstraint("channel", "external_id"),
        Index("ix_messages_conversation", "conversation_id", "id"),
        Index("ix_messages_delivery_due", "delivery_status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(16))
    direction: Mapped[str] = mapped_column(String(4))  # in | out
    kind: Mapped[str] = mapped_column(String(16), default="text")  # text | image | ... | template | unknown
    text: Mapped[str] = mapped_column(Text, default="")
    attachments: Mapped[list[Any]] = mapped_column(JSON, default=list)
    external_id: Mapped[str | None] = mapped_column(String(191))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    automatic: Mapped[bool] = mapped_column(Boolean, default=False)
    # inbound: received; outbound: queued | sending | sent | delivered | read | failed
    delivery_status: Mapped[str] = mapped_column(String(10), default="received")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None]
    error: Mapped[str | None] = mapped_column(Text)
    meta: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class DeliveryReceipt(Base):
    """A platform's delivery status, kept even when it arrives before the message it is about."""

    __tablename__ = "delivery_receipts"
    __table_args__ = (UniqueConstraint("channel", "message_external_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    message_external_id: Mapped[str] = mapped_column(String(191))
    status: Mapped[str] = mapped_column(String(10))
    error: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(default=utcnow)


class ConversationThread(Base):
    """Where a conversation is mirrored for its rep: a Slack thread or a Telegram message."""

    __tablename__ = "conversation_threads"
    __table_args__ = (UniqueConstraint("provider", "chat_id", "thread_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"), index=True)
    provider: Mapped[str] = mapped_column(String(16))  # slack | telegram
    chat_id: Mapped[str] = mapped_column(String(64))
    thread_id: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


# --- sales plans -------------------------------------------------------------------------


class SalesPlan(Base):
    """A rep's target for a month or a quarter: a number of won deals, or won value in a currency."""

    __tablename__ = "sales_plans"
    __table_args__ = (
        UniqueConstraint("user_id", "period_start", "grain", "metric", "currency",
                         name="uq_sales_plans_user_period_metric"),
        Index("ix_sales_plans_period", "period_start", "grain"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    grain: Mapped[str] = mapped_column(String(8))  # month | quarter
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    metric: Mapped[str] = mapped_column(String(8))  # count | value
    # '' for a count, so the unique key also holds on databases that treat NULLs as distinct
    currency: Mapped[str] = mapped_column(String(3), default="")
    target: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
# --- data ownership: outbound webhooks, mailing-tool sync, opt-outs ----------------------------


class WebhookSubscription(Base):
    """An integration's URL that receives the named events, signed with its secret."""

    __tablename__ = "webhook_subscriptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(2000))
    events: Mapped[list[Any]] = mapped_column(JSON, default=list)
    # kept as is: signing each delivery needs the secret itself, not a hash of it
    secret: Mapped[str] = mapped_column(String(128))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class OutboxEvent(Base):
    """A domain event, written in the same transaction as the change it describes."""

    __tablename__ = "outbox_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    event: Mapped[str] = mapped_column(String(40), index=True)
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class WebhookDelivery(Base):
    """One event for one subscription; `delivery_id` stays the same on every retry."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        Index("ix_webhook_deliveries_state_due", "state", "next_attempt_at"),
        Index("ix_webhook_deliveries_subscription", "subscription_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    delivery_id: Mapped[str] = mapped_column(String(36), unique=True)
    subscription_id: Mapped[int] = mapped_column(ForeignKey("webhook_subscriptions.id", ondelete="CASCADE"))
    event_id: Mapped[int] = mapped_column(ForeignKey("outbox_events.id", ondelete="CASCADE"), index=True)
    state: Mapped[str] = mapped_column(String(10), default="pending")  # pending | sending | delivered | dead
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    claimed_at: Mapped[datetime | None]
    response_status: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(Text)
    delivered_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ContactOptOut(Base):
    """A contact who must not be reached on a channel (an unsubscribe, a STOP)."""

    __tablename__ = "contact_opt_outs"
    __table_args__ = (UniqueConstraint("contact_id", "channel"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(8))  # email | sms
    source: Mapped[str] = mapped_column(String(16))  # mailchimp | brevo | twilio | api
    at: Mapped[datetime] = mapped_column(default=utcnow)


class MailingSync(Base):
    """An account list kept in step with a Mailchimp audience or a Brevo list."""

    __tablename__ = "mailing_syncs"
    __table_args__ = (UniqueConstraint("provider", "list_id", "remote_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    provider: Mapped[str] = mapped_column(String(16))  # mailchimp | brevo
    list_id: Mapped[int] = mapped_column(ForeignKey("account_lists.id", ondelete="CASCADE"))
    remote_id: Mapped[str] = mapped_column(String(64))
    last_run_at: Mapped[datetime | None]
    last_result: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class MailingSyncMember(Base):
    """A contact's address as last sent to a synced list, so a removed contact can be archived there."""

    __tablename__ = "mailing_sync_members"
    __table_args__ = (UniqueConstraint("sync_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    sync_id: Mapped[int] = mapped_column(ForeignKey("mailing_syncs.id", ondelete="CASCADE"))
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"), index=True)
    email: Mapped[str] = mapped_column(String(254))
    synced_at: Mapped[datetime] = mapped_column(default=utcnow)
