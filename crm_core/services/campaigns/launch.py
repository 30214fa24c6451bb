"""Launching a campaign on its target, pausing and finishing it."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import select

from crm_core.domain.access import Principal
from crm_core.errors import Conflict, InvalidInput
from crm_core.persistence.models import (
    Account,
    Campaign,
    Opportunity,
    User,
)
from crm_core.persistence.types import utcnow
from crm_core.read_models.campaigns import (
    Applied,
    CampaignView,
)
from crm_core.services import lists
from crm_core.services.campaigns.common import (
    load_campaign,
    local_today,
    stages_of,
)
from crm_core.services.campaigns.generation import (
    Assigner,
    chunks,
    end_chains,
    generate,
    opening_status,
)
from crm_core.services.common import (
    Actor,
    principal,
    record,
    visible_accounts,
)
from crm_core.uow import UnitOfWork

logger = logging.getLogger(__name__)


def _target_ids(uow: UnitOfWork, who: Principal, campaign: Campaign) -> list[int]:
    if campaign.list_id is not None:
        return lists.member_ids(uow, who, campaign.list_id)
    if campaign.target_filter is not None:
        return list(uow.session.scalars(select(Account.id).where(lists.filter_members(uow, campaign.target_filter))
                                        .order_by(Account.id)))
    return []


def apply_target(uow: UnitOfWork, actor: Actor, who: Principal, campaign: Campaign, now: datetime) -> Applied:
    """Generate one opportunity, with its first task, per target account the campaign has not reached.

    Inside the caller's unit of work; only accounts `who` may see are reached.
    """
    stages = stages_of(uow.session, campaign.id)
    if not stages:
        raise InvalidInput("a campaign needs at least one stage before it reaches anyone", campaign_id=campaign.id)
    session = uow.session
    members = _target_ids(uow, who, campaign)
    visible: set[int] = set()
    for chunk in chunks(members):
        visible.update(session.scalars(select(Account.id).where(Account.id.in_(chunk), visible_accounts(who))))
    reached = set(session.scalars(select(Opportunity.account_id).where(Opportunity.campaign_id == campaign.id)))
    new = [a for a in members if a in visible and a not in reached]
    assign, status = Assigner(session, campaign), opening_status(session)
    for chunk in chunks(new):
        for account in session.scalars(select(Account).where(Account.id.in_(chunk)).order_by(Account.id)):
            generate(uow, actor, campaign, stages[0], account, assign(account.owner_id), status, now,
                      origin=("campaign", campaign.id))
    if new:
        logger.info("campaign %s reached %s new accounts", campaign.id, len(new))
    return Applied(CampaignView.of(campaign), len(new), len([a for a in members if a in reached]),
                   sorted(set(members) - visible))


def launch_campaign(uow: UnitOfWork, actor: Actor, campaign_id: int, at: datetime | None = None) -> Applied:
    """Activate a draft or paused campaign and apply it to its target now; launching again only adds new matches.

    `at` backdates a launch brought in from elsewhere (demo data).
    """
    now = at or utcnow()
    with uow:
        who = principal(uow, actor)
        campaign = load_campaign(uow, who, campaign_id, manage=True, lock=True)
        if campaign.status == "finished":
            raise Conflict(f"campaign {campaign.name!r} is finished", campaign_id=campaign.id)
        before = campaign.status
        campaign.status, campaign.launched_at = "active", campaign.launched_at or now
        campaign.last_run_on = local_today(uow.session.get(User, campaign.owner_id))
        applied = apply_target(uow, actor, who, campaign, now)
        if before != "active":
            record(uow, actor, "campaign", campaign.id, "launch", {"status": (before, "active")})
        record(uow, actor, "campaign", campaign.id, "apply", {"created": (None, applied.created)})
        uow.commit()
        logger.info("campaign %s launched: %s opportunities generated", campaign.id, applied.created)
        return applied


def pause_campaign(uow: UnitOfWork, actor: Actor, campaign_id: int) -> CampaignView:
    """Stop automatic sends and daily runs; reps' tasks stay in their agendas. Launch resumes it."""
    return _set_status(uow, actor, campaign_id, "paused", ("active",))


def finish_campaign(uow: UnitOfWork, actor: Actor, campaign_id: int) -> CampaignView:
    """End a campaign: its chains stop and its pending tasks are cancelled; opportunities stay as sales."""
    return _set_status(uow, actor, campaign_id, "finished", ("draft", "active", "paused"))


def _set_status(uow: UnitOfWork, actor: Actor, campaign_id: int, status: str, allowed: tuple[str, ...]) -> CampaignView:
    now = utcnow()
    with uow:
        campaign = load_campaign(uow, principal(uow, actor), campaign_id, manage=True, lock=True)
        if campaign.status == status:
            return CampaignView.of(campaign)
        if campaign.status not in allowed:
            raise Conflict(f"campaign {campaign.name!r} is {campaign.status}", campaign_id=campaign.id,
                           status=campaign.status)
        before, campaign.status = campaign.status, status
        if status == "finished":
            campaign.finished_at = now
            end_chains(uow, actor, Opportunity.campaign_id == campaign.id, now)
        record(uow, actor, "campaign", campaign.id, status, {"status": (before, status)})
        uow.commit()
        return CampaignView.of(campaign)
