"""Campaigns (seed 004): chains of stages applied to a target, the opportunities and tasks they
generate, how activities and customer replies move those opportunities on, and their results.

Managers and admins define and launch campaigns for their team; reps see their team's
campaigns and work the tasks in their agenda. A campaign reaches an account once: applying it
again, or the daily run of a continuous campaign, only adds accounts it has not reached yet.
Tasks of automatic stages wait as `scheduled` (outside every agenda) until the scheduler sends
them (`crm_core.services.campaign_runs`).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_, case, delete, false, func, or_, select, true, update
from sqlalchemy.orm import Session

from crm_core.domain import campaigns as rules
from crm_core.domain import names
from crm_core.domain.access import Principal
from crm_core.domain.inbox import next_in_rotation
from crm_core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from crm_core.persistence.models import (
    Account,
    Activity,
    Campaign,
    CampaignSend,
    CampaignStage,
    Contact,
    Opportunity,
    Status,
    Task,
    User,
)
from crm_core.persistence.types import utcnow
from crm_core.read_models.campaigns import (
    Applied,
    CampaignDetail,
    CampaignOpportunityView,
    CampaignRef,
    CampaignResolution,
    CampaignResults,
    CampaignsReport,
    CampaignStep,
    CampaignView,
    MyCampaign,
    RepCampaignFigures,
    StageFigures,
    StageView,
)
from crm_core.read_models.common import OpportunityView, Page, TaskView
from crm_core.services import lists
from crm_core.services.common import (
    Actor,
    apply_changes,
    page,
    paged,
    principal,
    record,
    reject_unknown,
    visible_accounts,
)
from crm_core.services.tasks import complete, local_day_bounds
from crm_core.uow import UnitOfWork

logger = logging.getLogger(__name__)

EDITABLE = ("name", "kind", "mode", "list_id", "target_filter", "global_cost", "currency", "opportunity_value",
            "start_date", "end_date")
STAGE_FIELDS = tuple(rules.StageSpec.__dataclass_fields__)
WAITING = ("open", "scheduled")  # task states that still have to happen
OPENING_STAGE = "qualified"  # the sales-flow stage of a generated opportunity, as for any new one
RETRY_AFTER_DAYS = 1
MANAGERS_ONLY = "campaigns are created and launched by a manager or an admin"
CENTS = Decimal("0.01")


# --- rules and loading -------------------------------------------------------------------------------


def _require_manager(who: Principal, message: str = MANAGERS_ONLY) -> None:
    if not who.is_manager:
        raise PermissionDenied(message)


def _may_see(who: Principal, campaign: Campaign) -> bool:
    """Admins see every campaign; managers and reps their team's (and owners their own)."""
    if who.is_admin or campaign.owner_id == who.id:
        return True
    return campaign.team_id is not None and campaign.team_id == who.team_id


def _may_manage(who: Principal, campaign: Campaign, message: str | None = None) -> None:
    _require_manager(who, message or MANAGERS_ONLY)
    if not (who.is_admin or campaign.owner_id == who.id
            or (campaign.team_id is not None and campaign.team_id == who.team_id)):
        raise PermissionDenied("this campaign belongs to another team", campaign_id=campaign.id)


def _visible(who: Principal) -> ColumnElement[bool]:
    """SQL condition matching the campaigns `who` may see (mirror of _may_see)."""
    if who.is_admin:
        return true()
    team = Campaign.team_id == who.team_id if who.team_id is not None else false()
    return or_(Campaign.owner_id == who.id, team)


def _load(uow: UnitOfWork, who: Principal, campaign_id: int, *, manage: bool = False,
          lock: bool = False, refusal: str | None = None) -> Campaign:
    query = select(Campaign).where(Campaign.id == campaign_id)
    if lock:
        # Serialises launches and daily runs of one campaign on PostgreSQL; on SQLite the
        # unique index of open campaign opportunities keeps a second writer from doubling them.
        query = query.with_for_update()
    campaign = uow.session.scalar(query)
    if campaign is None or not _may_see(who, campaign):
        raise NotFound("campaign not found", campaign_id=campaign_id)
    if manage:
        _may_manage(who, campaign, refusal)
    return campaign


def _stages(session: Session, campaign_id: int) -> list[CampaignStage]:
    return list(session.scalars(select(CampaignStage).where(CampaignStage.campaign_id == campaign_id)
                                .order_by(CampaignStage.position)))


def _detail(session: Session, campaign: Campaign) -> CampaignDetail:
    return CampaignDetail(CampaignView.of(campaign), [StageView.of(s) for s in _stages(session, campaign.id)])


def _spec(data: dict[str, Any]) -> rules.StageSpec:
    try:
        return rules.StageSpec.parse(data)
    except rules.StageError as error:
        raise InvalidInput(error.message, **error.details) from None


def _amount(value: Any, field: str) -> Decimal:
    try:
        return rules.money(value, field)
    except rules.StageError as error:
        raise InvalidInput(error.message) from None


def _currency(value: str) -> str:
    code = (value or "").strip().upper()
    if len(code) != 3 or not code.isalpha():
        raise InvalidInput(f"currency must be an ISO 4217 code, got {value!r}")
    return code


def _choice(value: Any, valid: tuple[str, ...], what: str) -> str:
    if value not in valid:
        raise InvalidInput(f"unknown campaign {what} {value!r}", valid=list(valid))
    return value


def _target(uow: UnitOfWork, who: Principal, list_id: int | None,
            target_filter: dict[str, Any] | None) -> dict[str, Any] | None:
    """Check the target: a list the creator may see, or a filter; None for a campaign only triggered by activities."""
    if list_id is not None and target_filter is not None:
        raise InvalidInput("a campaign targets either a list or a filter, not both")
    if list_id is not None:
        lists.load_list(uow, who, list_id)
    return lists.clean_filter(uow, target_filter) if target_filter is not None else None


def _local_today(user: User | None) -> date:
    return utcnow().astimezone(ZoneInfo(user.timezone if user else "UTC")).date()


def _new_stage(campaign_id: int, position: int, spec: rules.StageSpec) -> CampaignStage:
    return CampaignStage(campaign_id=campaign_id, position=position, name=spec.name, task_type=spec.task_type,
                         performer=spec.performer, marginal_cost=spec.marginal_cost, rule=spec.rule,
                         attempts=spec.attempts, delay_days=spec.delay_days, subject=spec.subject, body=spec.body)


# --- define ------------------------------------------------------------------------------------------------


def create_campaign(
    uow: UnitOfWork, actor: Actor, *, name: str, kind: str, currency: str, mode: str = "once",
    list_id: int | None = None, target_filter: dict[str, Any] | None = None,
    global_cost: Decimal | int | str = 0, opportunity_value: Decimal | int | str = 0,
    start_date: date | None = None, end_date: date | None = None, owner_id: int | None = None,
    stages: list[dict[str, Any]] | None = None,
) -> CampaignDetail:
    """Define a campaign (a draft) for the owner's team, optionally with its stages; managers and admins only."""
    name = name.strip()
    if not name:
        raise InvalidInput("a campaign needs a name")
    specs = [_spec(s) for s in stages or []]
    if len(specs) > rules.MAX_STAGES:
        raise InvalidInput(f"a campaign has at most {rules.MAX_STAGES} stages")
    with uow:
        who = principal(uow, actor)
        _require_manager(who)
        owner_id = owner_id or who.id or None  # the system actor (id 0) names an owner
        owner = uow.session.get(User, owner_id) if owner_id else None
        if owner is None:
            raise InvalidInput("a campaign needs an owner", owner_id=owner_id)
        if not who.is_admin and owner.id != who.id and owner.team_id != who.team_id:
            raise PermissionDenied("you can only run campaigns for your own team")
        start = start_date or _local_today(owner)
        if end_date is not None and end_date < start:
            raise InvalidInput("a campaign ends on or after its start")
        campaign = Campaign(
            name=name[:200], search_name=names.search_key(name), kind=_choice(kind, rules.KINDS, "kind"),
            mode=_choice(mode, rules.MODES, "mode"), status="draft", list_id=list_id,
            target_filter=_target(uow, who, list_id, target_filter),
            global_cost=_amount(global_cost, "global_cost"), currency=_currency(currency),
            opportunity_value=_amount(opportunity_value, "opportunity_value"), start_date=start, end_date=end_date,
            owner_id=owner.id, team_id=owner.team_id)
        uow.session.add(campaign)
        uow.flush()
        for position, spec in enumerate(specs, start=1):
            uow.session.add(_new_stage(campaign.id, position, spec))
        uow.flush()
        record(uow, actor, "campaign", campaign.id, "create",
               {"name": (None, campaign.name), "kind": (None, kind), "mode": (None, mode),
                "owner_id": (None, owner.id), "stages": (None, len(specs))})
        uow.commit()
        logger.info("campaign %s created with %s stages", campaign.id, len(specs))
        return _detail(uow.session, campaign)


def update_campaign(uow: UnitOfWork, actor: Actor, campaign_id: int, **fields: Any) -> CampaignDetail:
    """Change a campaign's name, kind, mode, target, costs, value or dates (not once finished)."""
    reject_unknown(fields, EDITABLE)
    with uow:
        who = principal(uow, actor)
        campaign = _load(uow, who, campaign_id, manage=True)
        if campaign.status == "finished":
            raise Conflict(f"campaign {campaign.name!r} is finished", campaign_id=campaign.id)
        if "name" in fields:
            fields["name"] = str(fields["name"]).strip()[:200]
            if not fields["name"]:
                raise InvalidInput("a campaign needs a name")
            fields["search_name"] = names.search_key(fields["name"])
        if "kind" in fields:
            _choice(fields["kind"], rules.KINDS, "kind")
        if "mode" in fields:
            _choice(fields["mode"], rules.MODES, "mode")
        if "currency" in fields:
            fields["currency"] = _currency(fields["currency"])
        for money_field in ("global_cost", "opportunity_value"):
            if money_field in fields:
                fields[money_field] = _amount(fields[money_field], money_field)
        if {"list_id", "target_filter"} & set(fields):
            list_id = fields.get("list_id", campaign.list_id if "target_filter" not in fields else None)
            target = fields.get("target_filter", campaign.target_filter if "list_id" not in fields else None)
            fields["list_id"], fields["target_filter"] = list_id, _target(uow, who, list_id, target)
        start, end = fields.get("start_date", campaign.start_date), fields.get("end_date", campaign.end_date)
        if start is None:
            raise InvalidInput("a campaign needs a start date")
        if end is not None and end < start:
            raise InvalidInput("a campaign ends on or after its start")
        changes = apply_changes(campaign, fields)
        changes.pop("search_name", None)
        if changes:
            record(uow, actor, "campaign", campaign.id, "update", changes)
        uow.commit()
        return _detail(uow.session, campaign)


def set_stages(uow: UnitOfWork, actor: Actor, campaign_id: int, stages: list[dict[str, Any]]) -> list[StageView]:
    """Replace the whole chain of stages, while the campaign has generated no opportunity yet."""
    specs = [_spec(s) for s in stages]
    if len(specs) > rules.MAX_STAGES:
        raise InvalidInput(f"a campaign has at most {rules.MAX_STAGES} stages")
    with uow:
        campaign = _load(uow, principal(uow, actor), campaign_id, manage=True)
        if uow.session.scalar(select(Opportunity.id).where(Opportunity.campaign_id == campaign.id).limit(1)):
            raise Conflict("this campaign already has opportunities: add or change stages instead of replacing them",
                           campaign_id=campaign.id)
        before = [s.name for s in _stages(uow.session, campaign.id)]
        uow.session.execute(delete(CampaignStage).where(CampaignStage.campaign_id == campaign.id))
        uow.flush()
        for position, spec in enumerate(specs, start=1):
            uow.session.add(_new_stage(campaign.id, position, spec))
        uow.flush()
        record(uow, actor, "campaign", campaign.id, "set_stages", {"stages": (before, [s.name for s in specs])})
        uow.commit()
        return [StageView.of(s) for s in _stages(uow.session, campaign.id)]


def add_stage(uow: UnitOfWork, actor: Actor, campaign_id: int, stage: dict[str, Any]) -> StageView:
    """Add a stage at the end of the chain."""
    spec = _spec(stage)
    with uow:
        campaign = _load(uow, principal(uow, actor), campaign_id, manage=True)
        if campaign.status == "finished":
            raise Conflict(f"campaign {campaign.name!r} is finished", campaign_id=campaign.id)
        last = uow.session.scalar(select(func.max(CampaignStage.position))
                                  .where(CampaignStage.campaign_id == campaign.id)) or 0
        if last >= rules.MAX_STAGES:
            raise InvalidInput(f"a campaign has at most {rules.MAX_STAGES} stages")
        created = _new_stage(campaign.id, last + 1, spec)
        uow.session.add(created)
        uow.flush()
        record(uow, actor, "campaign", campaign.id, "add_stage", {"stage": (None, spec.name)})
        uow.commit()
        return StageView.of(created)


def update_stage(uow: UnitOfWork, actor: Actor, campaign_id: int, stage_id: int, **fields: Any) -> StageView:
    """Change a stage's fields; the result must still be a valid stage."""
    reject_unknown(fields, STAGE_FIELDS)
    with uow:
        campaign = _load(uow, principal(uow, actor), campaign_id, manage=True)
        stage = uow.session.get(CampaignStage, stage_id)
        if stage is None or stage.campaign_id != campaign.id:
            raise NotFound("stage not found", stage_id=stage_id)
        merged = {k: getattr(stage, k) for k in STAGE_FIELDS}
        if fields.get("rule") == "attempts" and fields.get("attempts") is None:
            merged["attempts"] = stage.attempts or 1
        merged.update({k: v for k, v in fields.items() if not (k == "attempts" and v is None)})
        spec = _spec(merged)
        changes = apply_changes(stage, {k: getattr(spec, k) for k in STAGE_FIELDS})
        if changes:
            record(uow, actor, "campaign_stage", stage.id, "update", changes)
        uow.commit()
        return StageView.of(stage)


# --- read --------------------------------------------------------------------------------------------------


def get_campaign(uow: UnitOfWork, actor: Actor, campaign_id: int) -> CampaignDetail:
    """One campaign the actor may see, with its stages."""
    with uow:
        return _detail(uow.session, _load(uow, principal(uow, actor), campaign_id))


def list_stages(uow: UnitOfWork, actor: Actor, campaign_id: int) -> list[StageView]:
    """A campaign's stages in order."""
    return get_campaign(uow, actor, campaign_id).stages


def list_campaigns(uow: UnitOfWork, actor: Actor, *, status: str | None = None, limit: int | None = None,
                   offset: int | None = None) -> Page:
    """Campaigns the actor may see, newest start first."""
    if status is not None:
        _choice(status, rules.STATUSES, "status")
    limit, offset = page(limit, offset)
    with uow:
        query = select(Campaign).where(_visible(principal(uow, actor)))
        if status is not None:
            query = query.where(Campaign.status == status)
        return paged(uow, query, (Campaign.start_date.desc(), Campaign.id.desc()), limit, offset, CampaignView.of)


def resolve_campaign(uow: UnitOfWork, actor: Actor, text: str) -> CampaignResolution:
    """Match a typed name to one visible campaign, or return ranked candidates, never a guess."""
    with uow:
        rows = uow.session.execute(select(Campaign.id, Campaign.name, Campaign.search_name)
                                   .where(_visible(principal(uow, actor)))).all()
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
        campaign = _load(uow, who, campaign_id)
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


# --- launch and apply to the target ----------------------------------------------------------------------


def _target_ids(uow: UnitOfWork, who: Principal, campaign: Campaign) -> list[int]:
    if campaign.list_id is not None:
        return lists.member_ids(uow, who, campaign.list_id)
    if campaign.target_filter is not None:
        return list(uow.session.scalars(select(Account.id).where(lists.filter_members(uow, campaign.target_filter))
                                        .order_by(Account.id)))
    return []


def _chunks(ids: list[int], size: int = 500) -> list[list[int]]:
    return [ids[i:i + size] for i in range(0, len(ids), size)]


def _opening_status(session: Session) -> Status:
    found = session.scalar(select(Status).where(Status.key == OPENING_STAGE, Status.kind == "open"))
    found = found or session.scalar(select(Status).where(Status.kind == "open").order_by(Status.position).limit(1))
    if found is None:
        raise InvalidInput("the sales flow has no open status")
    return found


class _Assigner:
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


def apply_target(uow: UnitOfWork, actor: Actor, who: Principal, campaign: Campaign, now: datetime) -> Applied:
    """Generate one opportunity, with its first task, per target account the campaign has not reached.

    Inside the caller's unit of work; only accounts `who` may see are reached.
    """
    stages = _stages(uow.session, campaign.id)
    if not stages:
        raise InvalidInput("a campaign needs at least one stage before it reaches anyone", campaign_id=campaign.id)
    session = uow.session
    members = _target_ids(uow, who, campaign)
    visible: set[int] = set()
    for chunk in _chunks(members):
        visible.update(session.scalars(select(Account.id).where(Account.id.in_(chunk), visible_accounts(who))))
    reached = set(session.scalars(select(Opportunity.account_id).where(Opportunity.campaign_id == campaign.id)))
    new = [a for a in members if a in visible and a not in reached]
    assign, status = _Assigner(session, campaign), _opening_status(session)
    for chunk in _chunks(new):
        for account in session.scalars(select(Account).where(Account.id.in_(chunk)).order_by(Account.id)):
            _generate(uow, actor, campaign, stages[0], account, assign(account.owner_id), status, now,
                      origin=("campaign", campaign.id))
    if new:
        logger.info("campaign %s reached %s new accounts", campaign.id, len(new))
    return Applied(CampaignView.of(campaign), len(new), len([a for a in members if a in reached]),
                   sorted(set(members) - visible))


def _generate(uow: UnitOfWork, actor: Actor, campaign: Campaign, first: CampaignStage, account: Account,
              owner_id: int, status: Status, now: datetime, *, origin: tuple[str, int]) -> Opportunity:
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
    _stage_task(uow, actor, campaign, first, opportunity, delay_days=0, now=now)
    return opportunity


def _stage_task(uow: UnitOfWork, actor: Actor, campaign: Campaign, stage: CampaignStage, opportunity: Opportunity,
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


def launch_campaign(uow: UnitOfWork, actor: Actor, campaign_id: int, at: datetime | None = None) -> Applied:
    """Activate a draft or paused campaign and apply it to its target now; launching again only adds new matches.

    `at` backdates a launch brought in from elsewhere (demo data).
    """
    now = at or utcnow()
    with uow:
        who = principal(uow, actor)
        campaign = _load(uow, who, campaign_id, manage=True, lock=True)
        if campaign.status == "finished":
            raise Conflict(f"campaign {campaign.name!r} is finished", campaign_id=campaign.id)
        before = campaign.status
        campaign.status, campaign.launched_at = "active", campaign.launched_at or now
        campaign.last_run_on = _local_today(uow.session.get(User, campaign.owner_id))
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
        campaign = _load(uow, principal(uow, actor), campaign_id, manage=True, lock=True)
        if campaign.status == status:
            return CampaignView.of(campaign)
        if campaign.status not in allowed:
            raise Conflict(f"campaign {campaign.name!r} is {campaign.status}", campaign_id=campaign.id,
                           status=campaign.status)
        before, campaign.status = campaign.status, status
        if status == "finished":
            campaign.finished_at = now
            _end_chains(uow, actor, Opportunity.campaign_id == campaign.id, now)
        record(uow, actor, "campaign", campaign.id, status, {"status": (before, status)})
        uow.commit()
        return CampaignView.of(campaign)


def _end_chains(uow: UnitOfWork, actor: Actor, which: ColumnElement[bool], now: datetime) -> None:
    """Stop the campaign chains of the matching opportunities and cancel their pending campaign tasks."""
    session = uow.session
    ids = list(session.scalars(select(Opportunity.id).where(which, Opportunity.campaign_stage_id.is_not(None))))
    for chunk in _chunks(ids):
        pending = list(session.scalars(select(Task).where(
            Task.opportunity_id.in_(chunk), Task.campaign_id.is_not(None), Task.status.in_(WAITING))))
        for task in pending:
            record(uow, actor, "task", task.id, "cancel", {"status": (task.status, "cancelled")})
            task.status = "cancelled"
        session.execute(update(Opportunity).where(Opportunity.id.in_(chunk))
                        .values(campaign_stage_id=None, campaign_finished_at=now)
                        .execution_options(synchronize_session="fetch"))


# --- moving opportunities along the chain -------------------------------------------------------------------


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
    task = _stage_task(uow, actor, campaign, following, opportunity, delay_days=stage.delay_days, now=now,
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
        retry = TaskView.of(_stage_task(uow, actor, campaign, stage, opportunity, delay_days=RETRY_AFTER_DAYS, now=now,
                                        source_activity_id=activity_id))
    return CampaignStep(opportunity.id, campaign.id, stage.id, False, retry)


def _campaign_opportunity(session: Session, activity: Activity, completed: Task | None) -> Opportunity | None:
    """The campaign opportunity an activity is about: its task's, the one it names, or its campaign's on the account."""
    if completed is not None and completed.campaign_id is not None and completed.opportunity_id is not None:
        return session.get(Opportunity, completed.opportunity_id)
    if activity.opportunity_id is not None:
        found = session.get(Opportunity, activity.opportunity_id)
        return found if found is not None and found.campaign_id is not None else None
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
        _end_chains(uow, actor, Opportunity.id == opportunity.id, now)


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
        campaign = _load(uow, who, campaign_id)
        opportunity = uow.session.get(Opportunity, opportunity_id)
        if opportunity is None or opportunity.campaign_id != campaign.id:
            raise NotFound("opportunity not found", opportunity_id=opportunity_id)
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
    campaign = _load(uow, who, campaign_id)
    if campaign.status != "active":
        raise Conflict(f"campaign {campaign.name!r} is not active", campaign_id=campaign.id, status=campaign.status)
    stages = _stages(uow.session, campaign.id)
    if not stages:
        raise InvalidInput("a campaign needs at least one stage before it reaches anyone", campaign_id=campaign.id)
    already = uow.session.scalar(select(Opportunity.id).where(
        Opportunity.campaign_id == campaign.id, Opportunity.account_id == account.id, Opportunity.status == "open"))
    if already is not None:
        return None
    owner = _Assigner(uow.session, campaign)(account.owner_id or actor.user_id)
    created = _generate(uow, actor, campaign, stages[0], account, owner, _opening_status(uow.session),
                        activity.created_at or utcnow(), origin=("activity", activity.id))
    logger.info("activity %s started campaign %s for account %s", activity.id, campaign.id, account.id)
    return OpportunityView.of(created)


# --- results -----------------------------------------------------------------------------------------------


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
    today = _local_today(user)
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
    stages = _stages(session, campaign.id)
    done = dict(session.execute(
        select(Task.campaign_stage_id, func.count(Task.id))
        .where(Task.campaign_id == campaign.id, Task.status == "done", _between(Task.completed_at, lower, upper))
        .group_by(Task.campaign_stage_id)).all())
    here = dict(session.execute(select(Opportunity.campaign_stage_id, func.count(Opportunity.id))
                                .where(mine, Opportunity.status == "open").group_by(Opportunity.campaign_stage_id)).all())
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
    names_of = dict(session.execute(select(User.id, User.name).where(User.id.in_(people))).all())
    all_done = dict(session.execute(
        select(Task.assignee_id, func.count(Task.id))
        .where(Task.assignee_id.in_(people), Task.status == "done", _between(Task.completed_at, lower, upper))
        .group_by(Task.assignee_id)).all())
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
        campaign = _load(uow, who, campaign_id, manage=True, refusal="campaign results are for managers and admins")
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
        _choice(status, rules.STATUSES, "status")
    with uow:
        who = principal(uow, actor)
        _require_manager(who, "campaign results are for managers and admins")
        lower, upper = _period(uow, actor, start, end)
        query = select(Campaign).where(_visible(who), Campaign.status != "draft", Campaign.start_date <= end,
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
            _visible(who), Campaign.status.in_(("active", "paused")),
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
