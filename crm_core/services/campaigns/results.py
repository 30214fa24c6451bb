"""Campaign results: opportunities, tasks done, conversions, revenue, cost and ROI, per stage and per rep."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_, case, func, or_, select
from sqlalchemy.orm import Session

from crm_core.domain import campaigns as rules
from crm_core.errors import InvalidInput
from crm_core.persistence.models import (
    Campaign,
    CampaignSend,
    Opportunity,
    Task,
    User,
)
from crm_core.read_models.campaigns import (
    CampaignResults,
    CampaignsReport,
    CampaignView,
    MyCampaign,
    RepCampaignFigures,
    StageFigures,
)
from crm_core.read_models.common import TaskView
from crm_core.services.campaigns.common import (
    choice_of,
    load_campaign,
    local_today,
    require_manager,
    stages_of,
    visible_campaigns,
)
from crm_core.services.common import (
    Actor,
    principal,
)
from crm_core.services.tasks import local_day_bounds
from crm_core.uow import UnitOfWork

CENTS = Decimal("0.01")


def _period(uow: UnitOfWork, actor: Actor, start: date, end: date) -> tuple[datetime, datetime]:
    if end < start:
        raise InvalidInput("the period ends before it starts", start=start.isoformat(), end=end.isoformat())
    user = uow.session.get(User, actor.user_id) if actor.user_id else None
    return local_day_bounds(start, end, user.timezone if user else "UTC")


def _between(column: Any, lower: datetime, upper: datetime) -> ColumnElement[bool]:
    return and_(column >= lower, column < upper)


def _overlaps(campaign: Campaign, start: date, end: date) -> bool:
    return campaign.start_date <= end and (campaign.end_date is None or campaign.end_date >= start)


def _life(uow: UnitOfWork, actor: Actor, campaign: Campaign) -> tuple[date, date]:
    """From the campaign's start (or launch, if earlier) to today in the actor's timezone."""
    user = uow.session.get(User, actor.user_id) if actor.user_id else None
    today = local_today(user)
    launched = campaign.launched_at.astimezone(ZoneInfo(user.timezone if user else "UTC")).date() \
        if campaign.launched_at else campaign.start_date
    return min(campaign.start_date, launched, today), today


def _results(session: Session, campaign: Campaign, start: date, end: date, lower: datetime,
             upper: datetime) -> CampaignResults:
    """A campaign's figures in [lower, upper); its global cost counts in full when its dates overlap the period."""
    mine = Opportunity.campaign_id == campaign.id
    generated = session.scalar(select(func.count(Opportunity.id))
                               .where(mine, _between(Opportunity.created_at, lower, upper))) or 0
    cohort_won = session.scalar(select(func.count(Opportunity.id)).where(
        mine, _between(Opportunity.created_at, lower, upper), Opportunity.status == "won")) or 0
    open_now = session.scalar(select(func.count(Opportunity.id)).where(mine, Opportunity.status == "open")) or 0
    won: dict[str, tuple[int, Decimal]] = {
        code: (count, Decimal(value or 0).quantize(CENTS)) for code, count, value in session.execute(
            select(Opportunity.currency, func.count(Opportunity.id), func.coalesce(func.sum(Opportunity.value), 0))
            .where(mine, Opportunity.status == "won", _between(Opportunity.closed_at, lower, upper))
            .group_by(Opportunity.currency))}
    revenue = won.get(campaign.currency, (0, Decimal(0)))[1]
    stages = stages_of(session, campaign.id)
    done = dict(session.execute(
        select(Task.campaign_stage_id, func.count(Task.id))
        .where(Task.campaign_id == campaign.id, Task.status == "done", _between(Task.completed_at, lower, upper))
        .group_by(Task.campaign_stage_id)).tuples().all())
    here = dict(session.execute(select(Opportunity.campaign_stage_id, func.count(Opportunity.id))
                                .where(mine, Opportunity.status == "open").group_by(Opportunity.campaign_stage_id)).tuples().all())
    by_stage = [StageFigures(s.id, s.name, s.task_type, here.get(s.id, 0), done.get(s.id, 0),
                             (s.marginal_cost * done.get(s.id, 0)).quantize(CENTS)) for s in stages]
    global_cost = campaign.global_cost if _overlaps(campaign, start, end) else Decimal(0)
    spent = rules.cost(global_cost, [(s.marginal_cost, done.get(s.id, 0)) for s in stages])
    ratio = rules.roi(revenue, spent)
    not_sent = session.scalar(select(func.count(CampaignSend.id)).where(
        CampaignSend.campaign_id == campaign.id, CampaignSend.state == "not_sent",
        _between(CampaignSend.created_at, lower, upper))) or 0
    return CampaignResults(
        campaign=CampaignView.of(campaign), start=start, end=end, opportunities=generated, open_opportunities=open_now,
        tasks_done=sum(done.values()), conversions=sum(count for count, _ in won.values()),
        conversion_rate=rules.share_percent(cohort_won, generated), revenue=revenue,
        other_revenue={code: value for code, (_, value) in won.items() if code != campaign.currency},
        global_cost=global_cost.quantize(CENTS), tasks_cost=(spent - global_cost).quantize(CENTS), cost=spent,
        roi=ratio, roi_percent=rules.roi_percent(ratio), not_sent=not_sent, by_stage=by_stage,
        by_rep=_by_rep(session, [campaign.id], campaign.currency, lower, upper))


def _by_rep(session: Session, campaign_ids: list[int], currency: str | None, lower: datetime,
            upper: datetime) -> list[RepCampaignFigures]:
    """Per rep: campaign tasks done, conversions and revenue (in `currency`), and their occupancy."""
    if not campaign_ids:
        return []
    figures: dict[int, list[Any]] = defaultdict(lambda: [0, 0, Decimal(0)])
    for user_id, count in session.execute(
            select(Task.assignee_id, func.count(Task.id))
            .where(Task.campaign_id.in_(campaign_ids), Task.status == "done", _between(Task.completed_at, lower, upper))
            .group_by(Task.assignee_id)):
        figures[user_id][0] = count
    for user_id, opportunity_currency, count, value in session.execute(
            select(Opportunity.owner_id, Opportunity.currency, func.count(Opportunity.id),
                   func.coalesce(func.sum(Opportunity.value), 0))
            .where(Opportunity.campaign_id.in_(campaign_ids), Opportunity.status == "won",
                   Opportunity.owner_id.is_not(None), _between(Opportunity.closed_at, lower, upper))
            .group_by(Opportunity.owner_id, Opportunity.currency)):
        figures[user_id][1] += count
        if opportunity_currency == currency:
            figures[user_id][2] += Decimal(value or 0)
    if not figures:
        return []
    people = list(figures)
    names_of = dict(session.execute(select(User.id, User.name).where(User.id.in_(people))).tuples().all())
    all_done = dict(session.execute(
        select(Task.assignee_id, func.count(Task.id))
        .where(Task.assignee_id.in_(people), Task.status == "done", _between(Task.completed_at, lower, upper))
        .group_by(Task.assignee_id)).tuples().all())
    rows = [RepCampaignFigures(uid, names_of.get(uid, ""), tasks, won, Decimal(value).quantize(CENTS),
                               all_done.get(uid, 0), rules.share_percent(tasks, all_done.get(uid, 0)))
            for uid, (tasks, won, value) in figures.items()]
    return sorted(rows, key=lambda r: (-r.conversions, -r.revenue, -r.tasks_done, r.name))


def campaign_results(uow: UnitOfWork, actor: Actor, campaign_id: int, start: date | None = None,
                     end: date | None = None) -> CampaignResults:
    """Opportunities, tasks done, conversions, revenue, cost and ROI of a campaign, per stage and per rep.

    The period is whole days in the actor's timezone, by default the campaign's life so far.
    Managers and admins only.
    """
    with uow:
        who = principal(uow, actor)
        campaign = load_campaign(uow, who, campaign_id, manage=True, refusal="campaign results are for managers and admins")
        life = _life(uow, actor, campaign)
        start, end = start or life[0], end or life[1]
        lower, upper = _period(uow, actor, start, end)
        return _results(uow.session, campaign, start, end, lower, upper)


def campaigns_report(uow: UnitOfWork, actor: Actor, start: date, end: date, *,
                     statuses: tuple[str, ...] | None = None) -> CampaignsReport:
    """Every launched campaign whose dates overlap the period, best ROI first, with totals in the main currency.

    `statuses` narrows the report (("active",) for the campaigns running now).
    """
    for status in statuses or ():
        choice_of(status, rules.STATUSES, "status")
    with uow:
        who = principal(uow, actor)
        require_manager(who, "campaign results are for managers and admins")
        lower, upper = _period(uow, actor, start, end)
        query = select(Campaign).where(visible_campaigns(who), Campaign.status != "draft", Campaign.start_date <= end,
                                       or_(Campaign.end_date.is_(None), Campaign.end_date >= start))
        if statuses:
            query = query.where(Campaign.status.in_(statuses))
        campaigns = list(uow.session.scalars(query.order_by(Campaign.id)))
        rows = [_results(uow.session, c, start, end, lower, upper) for c in campaigns]
        counts: dict[str, int] = defaultdict(int)
        for c in campaigns:
            counts[c.currency] += 1
        ranked = sorted(counts, key=lambda code: (-counts[code], code))
        main = ranked[0] if ranked else None
        in_main = [r for r in rows if r.campaign.currency == main]
        revenue = sum((r.revenue for r in in_main), Decimal(0))
        spent = sum((r.cost for r in in_main), Decimal(0))
        by_rep = _by_rep(uow.session, [c.id for c in campaigns], main, lower, upper)
    rows.sort(key=lambda r: (r.roi is None, -(r.roi or 0), -r.revenue, r.campaign.name))
    ratio = rules.roi(revenue, spent)
    return CampaignsReport(start, end, main, ranked[1:], rows, revenue, spent, ratio, rules.roi_percent(ratio), by_rep)


def my_campaigns(uow: UnitOfWork, actor: Actor) -> list[MyCampaign]:
    """The actor's part in every campaign not finished: their open campaign tasks, work done and wins so far."""
    with uow:
        who = principal(uow, actor)
        session = uow.session
        campaigns = list(session.scalars(select(Campaign).where(
            visible_campaigns(who), Campaign.status.in_(("active", "paused")),
            or_(Campaign.id.in_(select(Task.campaign_id).where(Task.assignee_id == who.id)),
                Campaign.id.in_(select(Opportunity.campaign_id).where(Opportunity.owner_id == who.id))))
            .order_by(Campaign.start_date.desc(), Campaign.id)))
        result = []
        for campaign in campaigns:
            tasks = session.scalars(select(Task).where(
                Task.campaign_id == campaign.id, Task.assignee_id == who.id, Task.status == "open")
                .order_by(Task.start_date, Task.due_at, Task.id))
            done = session.scalar(select(func.count(Task.id)).where(
                Task.campaign_id == campaign.id, Task.assignee_id == who.id, Task.status == "done")) or 0
            mine = and_(Opportunity.campaign_id == campaign.id, Opportunity.owner_id == who.id)
            open_count = session.scalar(select(func.count(Opportunity.id)).where(mine, Opportunity.status == "open")) or 0
            won, value = session.execute(select(
                func.count(Opportunity.id),
                func.coalesce(func.sum(case((Opportunity.currency == campaign.currency, Opportunity.value))), 0))
                .where(mine, Opportunity.status == "won")).one()
            result.append(MyCampaign(CampaignView.of(campaign), [TaskView.of(t) for t in tasks], open_count, done,
                                     won, Decimal(value or 0).quantize(CENTS)))
        return result
