"""Moving opportunities along a campaign's chain: tasks done, activities, customer replies, by hand, triggered by an activity."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crm_core.domain import campaigns as rules
from crm_core.domain.access import Principal, may_link
from crm_core.errors import Conflict, InvalidInput, OpportunityNotFound, PermissionDenied
from crm_core.persistence.models import (
    Account,
    Activity,
    Campaign,
    CampaignStage,
    Opportunity,
    Task,
)
from crm_core.persistence.types import utcnow
from crm_core.read_models.campaigns import (
    CampaignStep,
)
from crm_core.read_models.common import OpportunityView, TaskView
from crm_core.services.campaigns.common import (
    load_campaign,
    stages_of,
)
from crm_core.services.campaigns.generation import (
    WAITING,
    Assigner,
    end_chains,
    generate,
    opening_status,
    stage_task,
)
from crm_core.services.common import (
    Actor,
    principal,
    record,
)
from crm_core.services.tasks import complete
from crm_core.uow import UnitOfWork

logger = logging.getLogger(__name__)


RETRY_AFTER_DAYS = 1


def _next_stage(session: Session, stage: CampaignStage) -> CampaignStage | None:
    return session.scalar(select(CampaignStage).where(
        CampaignStage.campaign_id == stage.campaign_id, CampaignStage.position > stage.position)
        .order_by(CampaignStage.position).limit(1))


def _advance(uow: UnitOfWork, actor: Actor, opportunity: Opportunity, campaign: Campaign, stage: CampaignStage,
             now: datetime, activity_id: int | None = None) -> CampaignStep:
    """Move to the next stage (its task after the stage's delay), or end the chain after the last one."""
    session = uow.session
    for task in session.scalars(select(Task).where(
            Task.opportunity_id == opportunity.id, Task.campaign_stage_id == stage.id, Task.status.in_(WAITING))):
        record(uow, actor, "task", task.id, "cancel", {"status": (task.status, "cancelled")})
        task.status = "cancelled"
    following = _next_stage(session, stage)
    opportunity.campaign_stage_id = following.id if following else None
    opportunity.campaign_stage_since = now
    opportunity.campaign_finished_at = None if following else now
    record(uow, actor, "opportunity", opportunity.id, "campaign_advance",
           {"campaign_stage_id": (stage.id, following.id if following else None)})
    if following is None:
        logger.info("opportunity %s finished the stages of campaign %s", opportunity.id, campaign.id)
        return CampaignStep(opportunity.id, campaign.id, None, True, None)
    task = stage_task(uow, actor, campaign, following, opportunity, delay_days=stage.delay_days, now=now,
                       source_activity_id=activity_id)
    return CampaignStep(opportunity.id, campaign.id, following.id, True, TaskView.of(task))


def stage_task_done(uow: UnitOfWork, actor: Actor, opportunity: Opportunity, stage: CampaignStage, *,
                    positive: bool, now: datetime, activity_id: int | None = None) -> CampaignStep:
    """After one of the stage's tasks was done: advance, plan another attempt, or wait (caller's unit of work)."""
    session = uow.session
    campaign = session.get(Campaign, opportunity.campaign_id)
    assert campaign is not None  # foreign key
    done = session.scalar(select(func.count(Task.id)).where(
        Task.opportunity_id == opportunity.id, Task.campaign_stage_id == stage.id, Task.status == "done")) or 0
    step = rules.after_task(stage.rule, stage.attempts, done, positive)
    if step.advance:
        return _advance(uow, actor, opportunity, campaign, stage, now, activity_id)
    retry = None
    pending = session.scalar(select(Task.id).where(
        Task.opportunity_id == opportunity.id, Task.campaign_stage_id == stage.id, Task.status.in_(WAITING)).limit(1))
    if step.retry and pending is None:
        retry = TaskView.of(stage_task(uow, actor, campaign, stage, opportunity, delay_days=RETRY_AFTER_DAYS, now=now,
                                        source_activity_id=activity_id))
    return CampaignStep(opportunity.id, campaign.id, stage.id, False, retry)


def _campaign_opportunity(session: Session, activity: Activity, completed: Task | None) -> Opportunity | None:
    """The campaign opportunity an activity is about: its task's, the one it names, or its campaign's on the account."""
    if completed is not None and completed.campaign_id is not None and completed.opportunity_id is not None:
        return session.get(Opportunity, completed.opportunity_id)
    if activity.opportunity_id is not None:
        # only an opportunity of the activity's own account: an id of another account (or team) works nothing
        found = session.get(Opportunity, activity.opportunity_id)
        if found is None or not may_link(found.account_id, activity.account_id):
            return None
        return found if found.campaign_id is not None else None
    if activity.campaign_id is not None:
        return session.scalar(select(Opportunity).where(
            Opportunity.campaign_id == activity.campaign_id, Opportunity.account_id == activity.account_id,
            Opportunity.status == "open"))
    # "llamé a Acme" names no campaign: it works the account's campaign stage that asks for a call.
    wanted = [task_type for task_type, kind in rules.ACTIVITY_OF.items() if kind == activity.type]
    return session.scalar(
        select(Opportunity).join(CampaignStage, CampaignStage.id == Opportunity.campaign_stage_id)
        .join(Campaign, Campaign.id == Opportunity.campaign_id)
        .where(Opportunity.account_id == activity.account_id, Opportunity.status == "open",
               CampaignStage.task_type.in_(wanted), CampaignStage.performer == "rep",
               Campaign.status.in_(("active", "paused")))
        .order_by(Opportunity.campaign_stage_since, Opportunity.id).limit(1))


def record_activity(uow: UnitOfWork, actor: Actor, activity: Activity, completed: Task | None, *,
                    positive: bool = False) -> CampaignStep | None:
    """Let a logged activity work its campaign opportunity's stage (caller's unit of work); None when it has none."""
    session = uow.session
    opportunity = _campaign_opportunity(session, activity, completed)
    if opportunity is None:
        return None
    activity.campaign_id, activity.opportunity_id = opportunity.campaign_id, activity.opportunity_id or opportunity.id
    if opportunity.status != "open" or opportunity.campaign_stage_id is None:
        return None
    stage = session.get(CampaignStage, opportunity.campaign_stage_id)
    assert stage is not None  # foreign key
    activity.campaign_stage_id = stage.id
    # The stage moves on when the activity happened (a call logged late still plans the visit from its day).
    since = opportunity.campaign_stage_since
    now = max(activity.occurred_at, since) if since is not None else activity.occurred_at
    answered = positive and rules.advances_on_reply(stage.rule)
    stays = CampaignStep(opportunity.id, stage.campaign_id, stage.id, False, None)
    if activity.type != rules.activity_type(stage.task_type):
        return stage_task_done(uow, actor, opportunity, stage, positive=True, now=now,
                               activity_id=activity.id) if answered else stays
    if completed is None or completed.campaign_stage_id != stage.id:
        # An attempt logged without its task in view (a second call the same day) still does the stage's task.
        completed = session.scalar(select(Task).where(
            Task.opportunity_id == opportunity.id, Task.campaign_stage_id == stage.id, Task.status == "open")
            .order_by(Task.id).limit(1))
        if completed is None and not answered:
            return stays
        if completed is not None:
            complete(uow, actor, completed)
            activity.task_id = completed.id
    return stage_task_done(uow, actor, opportunity, stage, positive=positive, now=now, activity_id=activity.id)


def record_reply(uow: UnitOfWork, actor: Actor, account_id: int, at: datetime) -> list[CampaignStep]:
    """A customer of the account wrote: move on its opportunities waiting for a reply (caller's unit of work)."""
    session = uow.session
    waiting = list(session.execute(
        select(Opportunity, CampaignStage).join(CampaignStage, CampaignStage.id == Opportunity.campaign_stage_id)
        .join(Campaign, Campaign.id == Opportunity.campaign_id)
        .where(Opportunity.account_id == account_id, Opportunity.status == "open", CampaignStage.rule == "reply",
               Campaign.status.in_(("active", "paused")), Opportunity.campaign_stage_since <= at)).all())
    steps = []
    for opportunity, stage in waiting:
        steps.append(stage_task_done(uow, actor, opportunity, stage, positive=True, now=at))
        logger.info("customer reply moved opportunity %s on in campaign %s", opportunity.id, opportunity.campaign_id)
    return steps


def end_chain(uow: UnitOfWork, actor: Actor, opportunity: Opportunity, now: datetime) -> None:
    """A won or lost opportunity leaves its campaign's chain (caller's unit of work)."""
    if opportunity.campaign_id is not None and opportunity.campaign_stage_id is not None:
        end_chains(uow, actor, Opportunity.id == opportunity.id, now)


def undo_activity(uow: UnitOfWork, actor: Actor, activity: Activity) -> None:
    """Put back the stage an activity being undone moved its opportunity out of (caller's unit of work)."""
    if activity.campaign_stage_id is None or activity.opportunity_id is None:
        return
    opportunity = uow.session.get(Opportunity, activity.opportunity_id)
    if opportunity is None or opportunity.status != "open":
        return
    moved = opportunity.campaign_stage_id != activity.campaign_stage_id
    since = opportunity.campaign_stage_since
    if moved and since is not None and since >= activity.occurred_at:
        record(uow, actor, "opportunity", opportunity.id, "campaign_back",
               {"campaign_stage_id": (opportunity.campaign_stage_id, activity.campaign_stage_id)})
        opportunity.campaign_stage_id, opportunity.campaign_finished_at = activity.campaign_stage_id, None
        opportunity.campaign_stage_since = activity.occurred_at


def advance_opportunity(uow: UnitOfWork, actor: Actor, campaign_id: int, opportunity_id: int) -> CampaignStep:
    """Move a campaign opportunity to its next stage by hand (the manual rule, or overriding any other)."""
    now = utcnow()
    with uow:
        who = principal(uow, actor)
        campaign = load_campaign(uow, who, campaign_id)
        opportunity = uow.session.get(Opportunity, opportunity_id)
        if opportunity is None or opportunity.campaign_id != campaign.id:
            raise OpportunityNotFound("opportunity not found", opportunity_id=opportunity_id)
        account = uow.session.get(Account, opportunity.account_id)
        assert account is not None  # foreign key
        if not who.is_manager and opportunity.owner_id != who.id:
            raise PermissionDenied("this opportunity belongs to someone else", opportunity_id=opportunity_id)
        if opportunity.status != "open" or opportunity.campaign_stage_id is None:
            raise Conflict("this opportunity has no campaign stage left", opportunity_id=opportunity_id)
        stage = uow.session.get(CampaignStage, opportunity.campaign_stage_id)
        assert stage is not None  # foreign key
        step = _advance(uow, actor, opportunity, campaign, stage, now)
        uow.commit()
        return step


def trigger(uow: UnitOfWork, actor: Actor, who: Principal, campaign_id: int, account: Account,
            activity: Activity) -> OpportunityView | None:
    """Start a campaign for an account from an activity, which becomes the opportunity's origin (caller's unit of work).

    None when the account already has an open opportunity of that campaign.
    """
    campaign = load_campaign(uow, who, campaign_id)
    if campaign.status != "active":
        raise Conflict(f"campaign {campaign.name!r} is not active", campaign_id=campaign.id, status=campaign.status)
    stages = stages_of(uow.session, campaign.id)
    if not stages:
        raise InvalidInput("a campaign needs at least one stage before it reaches anyone", campaign_id=campaign.id)
    already = uow.session.scalar(select(Opportunity.id).where(
        Opportunity.campaign_id == campaign.id, Opportunity.account_id == account.id, Opportunity.status == "open"))
    if already is not None:
        return None
    owner = Assigner(uow.session, campaign)(account.owner_id or actor.user_id)
    created = generate(uow, actor, campaign, stages[0], account, owner, opening_status(uow.session),
                        activity.created_at or utcnow(), origin=("activity", activity.id))
    logger.info("activity %s started campaign %s for account %s", activity.id, campaign.id, account.id)
    return OpportunityView.of(created)
