"""Reading campaigns: one with its stages, lists, name matching, its opportunities."""

from __future__ import annotations

from sqlalchemy import and_, func, select

from crm_core.domain import campaigns as rules
from crm_core.domain import names
from crm_core.persistence.models import (
    Account,
    Campaign,
    CampaignStage,
    Opportunity,
)
from crm_core.read_models.campaigns import (
    CampaignDetail,
    CampaignOpportunityView,
    CampaignRef,
    CampaignResolution,
    CampaignView,
    StageView,
)
from crm_core.read_models.common import OpportunityView, Page
from crm_core.services.campaigns.common import (
    choice_of,
    detail_of,
    load_campaign,
    visible_campaigns,
)
from crm_core.services.common import (
    Actor,
    page,
    paged,
    principal,
    visible_accounts,
)
from crm_core.uow import UnitOfWork


def get_campaign(uow: UnitOfWork, actor: Actor, campaign_id: int) -> CampaignDetail:
    """One campaign the actor may see, with its stages."""
    with uow:
        return detail_of(uow.session, load_campaign(uow, principal(uow, actor), campaign_id))


def list_stages(uow: UnitOfWork, actor: Actor, campaign_id: int) -> list[StageView]:
    """A campaign's stages in order."""
    return get_campaign(uow, actor, campaign_id).stages


def list_campaigns(uow: UnitOfWork, actor: Actor, *, status: str | None = None, limit: int | None = None,
                   offset: int | None = None) -> Page:
    """Campaigns the actor may see, newest start first."""
    if status is not None:
        choice_of(status, rules.STATUSES, "status")
    limit, offset = page(limit, offset)
    with uow:
        query = select(Campaign).where(visible_campaigns(principal(uow, actor)))
        if status is not None:
            query = query.where(Campaign.status == status)
        return paged(uow, query, (Campaign.start_date.desc(), Campaign.id.desc()), limit, offset, CampaignView.of)


def resolve_campaign(uow: UnitOfWork, actor: Actor, text: str) -> CampaignResolution:
    """Match a typed name to one visible campaign, or return ranked candidates, never a guess."""
    with uow:
        rows = uow.session.execute(select(Campaign.id, Campaign.name, Campaign.search_name)
                                   .where(visible_campaigns(principal(uow, actor)))).all()
    best, candidates = names.pick(names.rank_keyed(text, [tuple(r) for r in rows]))
    if best is not None:
        return CampaignResolution(CampaignRef(best.id, best.name, best.score))
    return CampaignResolution(None, [CampaignRef(c.id, c.name, c.score) for c in candidates])


def campaign_opportunities(uow: UnitOfWork, actor: Actor, campaign_id: int, *, status: str | None = None,
                           limit: int | None = None, offset: int | None = None) -> Page:
    """The campaign's opportunities on accounts the actor may see, with the stage each one is at."""
    limit, offset = page(limit, offset)
    with uow:
        who = principal(uow, actor)
        campaign = load_campaign(uow, who, campaign_id)
        where = and_(Opportunity.campaign_id == campaign.id, visible_accounts(who))
        if status is not None:
            where = and_(where, Opportunity.status == status)
        total = uow.session.scalar(select(func.count(Opportunity.id))
                                   .join(Account, Account.id == Opportunity.account_id).where(where)) or 0
        rows = uow.session.execute(
            select(Opportunity, Account.name, CampaignStage.name)
            .join(Account, Account.id == Opportunity.account_id)
            .outerjoin(CampaignStage, CampaignStage.id == Opportunity.campaign_stage_id)
            .where(where).order_by(Opportunity.id).limit(limit).offset(offset)).all()
        items = [CampaignOpportunityView(OpportunityView.of(o), account_name, o.campaign_stage_id, stage_name,
                                         o.campaign_stage_since, o.campaign_finished_at)
                 for o, account_name, stage_name in rows]
        return Page(items, total, limit, offset)
