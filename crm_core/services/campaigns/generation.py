"""What a campaign generates: one opportunity per account with the stage's task for its rep, and ending chains."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, select, update
from sqlalchemy.orm import Session

from crm_core.domain import campaigns as rules
from crm_core.domain.inbox import next_in_rotation
from crm_core.errors import InvalidInput
from crm_core.persistence.models import (
    Account,
    Campaign,
    CampaignStage,
    Contact,
    Opportunity,
    Status,
    Task,
    User,
)
from crm_core.services.common import (
    Actor,
    record,
)
from crm_core.uow import UnitOfWork

WAITING = ("open", "scheduled")  # task states that still have to happen


OPENING_STAGE = "qualified"  # the sales-flow stage of a generated opportunity, as for any new one


def chunks(ids: list[int], size: int = 500) -> list[list[int]]:
    """Ids in slices small enough for an IN clause."""
    return [ids[i:i + size] for i in range(0, len(ids), size)]


def opening_status(session: Session) -> Status:
    """The sales-flow status a generated opportunity starts in."""
    found = session.scalar(select(Status).where(Status.key == OPENING_STAGE, Status.kind == "open"))
    found = found or session.scalar(select(Status).where(Status.kind == "open").order_by(Status.position).limit(1))
    if found is None:
        raise InvalidInput("the sales flow has no open status")
    return found


class Assigner:
    """Account owner when active, else the next rep of the campaign's team in rotation, else its owner."""

    def __init__(self, session: Session, campaign: Campaign) -> None:
        self.campaign = campaign
        query = select(User.id).where(User.active.is_(True), User.role == "rep")
        self.pool = list(session.scalars(query.where(User.team_id == campaign.team_id))) if campaign.team_id else []
        self.active = set(session.scalars(select(User.id).where(User.active.is_(True))))

    def __call__(self, owner_id: int | None) -> int:
        if owner_id is not None and owner_id in self.active:
            return owner_id
        chosen = next_in_rotation(self.pool, self.campaign.last_assigned_id)
        if chosen is None:
            return self.campaign.owner_id
        self.campaign.last_assigned_id = chosen
        return chosen


def generate(uow: UnitOfWork, actor: Actor, campaign: Campaign, first: CampaignStage, account: Account,
              owner_id: int, status: Status, now: datetime, *, origin: tuple[str, int]) -> Opportunity:
    """One campaign opportunity for an account, with its first stage's task (caller's unit of work)."""
    session = uow.session
    contact_id = session.scalar(select(Contact.id).where(Contact.account_id == account.id)
                                .order_by(Contact.email.is_(None), Contact.id).limit(1))
    opportunity = Opportunity(
        account_id=account.id, contact_id=contact_id, owner_id=owner_id, title=f"{campaign.name} · {account.name}"[:200],
        value=campaign.opportunity_value, currency=campaign.currency, stage=status, origin_kind=origin[0],
        origin_id=origin[1], created_at=now, campaign_id=campaign.id, campaign_stage_id=first.id,
        campaign_stage_since=now)
    session.add(opportunity)
    session.flush()
    record(uow, actor, "opportunity", opportunity.id, "create",
           {"campaign_id": (None, campaign.id), "value": (None, opportunity.value),
            "currency": (None, opportunity.currency), "origin_kind": (None, origin[0]), "origin_id": (None, origin[1])})
    stage_task(uow, actor, campaign, first, opportunity, delay_days=0, now=now)
    return opportunity


def stage_task(uow: UnitOfWork, actor: Actor, campaign: Campaign, stage: CampaignStage, opportunity: Opportunity,
                *, delay_days: int, now: datetime, source_activity_id: int | None = None) -> Task:
    """The stage's task for the opportunity's rep: free from a day in their agenda, or scheduled to be sent."""
    session = uow.session
    assignee = session.get(User, opportunity.owner_id)
    assert assignee is not None  # opportunities of campaigns always get an owner
    when: dict[str, Any]
    if stage.performer == "automatic":
        when = {"due_at": now + timedelta(days=delay_days), "start_date": None, "status": "scheduled"}
    else:
        day = now.astimezone(ZoneInfo(assignee.timezone)).date() + timedelta(days=delay_days)
        when = {"due_at": None, "start_date": day, "status": "open"}
    task = Task(type=rules.activity_type(stage.task_type), account_id=opportunity.account_id,
                opportunity_id=opportunity.id, title=f"{campaign.name}: {stage.name}"[:300], assignee_id=assignee.id,
                created_by_id=actor.user_id, source_activity_id=source_activity_id, campaign_id=campaign.id,
                campaign_stage_id=stage.id, created_at=now, **when)
    session.add(task)
    session.flush()
    record(uow, actor, "task", task.id, "create",
           {"type": (None, task.type), "due_at": (None, task.due_at), "start_date": (None, task.start_date),
            "assignee_id": (None, assignee.id), "campaign_stage_id": (None, stage.id)})
    return task


def end_chains(uow: UnitOfWork, actor: Actor, which: ColumnElement[bool], now: datetime) -> None:
    """Stop the campaign chains of the matching opportunities and cancel their pending campaign tasks."""
    session = uow.session
    ids = list(session.scalars(select(Opportunity.id).where(which, Opportunity.campaign_stage_id.is_not(None))))
    for chunk in chunks(ids):
        pending = list(session.scalars(select(Task).where(
            Task.opportunity_id.in_(chunk), Task.campaign_id.is_not(None), Task.status.in_(WAITING))))
        for task in pending:
            record(uow, actor, "task", task.id, "cancel", {"status": (task.status, "cancelled")})
            task.status = "cancelled"
        session.execute(update(Opportunity).where(Opportunity.id.in_(chunk))
                        .values(campaign_stage_id=None, campaign_finished_at=now)
                        .execution_options(synchronize_session="fetch"))
