"""Defining campaigns: a draft with its target, costs, dates and chain of stages."""

from __future__ import annotations

import logging
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, func, select

from crm_core.domain import campaigns as rules
from crm_core.domain import names
from crm_core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from crm_core.persistence.models import (
    Campaign,
    CampaignStage,
    Opportunity,
    User,
)
from crm_core.read_models.campaigns import (
    CampaignDetail,
    StageView,
)
from crm_core.services.campaigns.common import (
    choice_of,
    currency_code,
    detail_of,
    load_campaign,
    local_today,
    money_of,
    new_stage,
    require_manager,
    stage_spec,
    stages_of,
    target_of,
)
from crm_core.services.common import (
    Actor,
    apply_changes,
    principal,
    record,
    reject_unknown,
)
from crm_core.uow import UnitOfWork

logger = logging.getLogger(__name__)


EDITABLE = ("name", "kind", "mode", "list_id", "target_filter", "global_cost", "currency", "opportunity_value",
            "start_date", "end_date")


STAGE_FIELDS = tuple(rules.StageSpec.__dataclass_fields__)


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
    specs = [stage_spec(s) for s in stages or []]
    if len(specs) > rules.MAX_STAGES:
        raise InvalidInput(f"a campaign has at most {rules.MAX_STAGES} stages")
    with uow:
        who = principal(uow, actor)
        require_manager(who)
        owner_id = owner_id or who.id or None  # the system actor (id 0) names an owner
        owner = uow.session.get(User, owner_id) if owner_id else None
        if owner is None:
            raise InvalidInput("a campaign needs an owner", owner_id=owner_id)
        if not who.is_admin and owner.id != who.id and owner.team_id != who.team_id:
            raise PermissionDenied("you can only run campaigns for your own team")
        start = start_date or local_today(owner)
        if end_date is not None and end_date < start:
            raise InvalidInput("a campaign ends on or after its start")
        campaign = Campaign(
            name=name[:200], search_name=names.search_key(name), kind=choice_of(kind, rules.KINDS, "kind"),
            mode=choice_of(mode, rules.MODES, "mode"), status="draft", list_id=list_id,
            target_filter=target_of(uow, who, list_id, target_filter),
            global_cost=money_of(global_cost, "global_cost"), currency=currency_code(currency),
            opportunity_value=money_of(opportunity_value, "opportunity_value"), start_date=start, end_date=end_date,
            owner_id=owner.id, team_id=owner.team_id)
        uow.session.add(campaign)
        uow.flush()
        for position, spec in enumerate(specs, start=1):
            uow.session.add(new_stage(campaign.id, position, spec))
        uow.flush()
        record(uow, actor, "campaign", campaign.id, "create",
               {"name": (None, campaign.name), "kind": (None, kind), "mode": (None, mode),
                "owner_id": (None, owner.id), "stages": (None, len(specs))})
        uow.commit()
        logger.info("campaign %s created with %s stages", campaign.id, len(specs))
        return detail_of(uow.session, campaign)


def update_campaign(uow: UnitOfWork, actor: Actor, campaign_id: int, **fields: Any) -> CampaignDetail:
    """Change a campaign's name, kind, mode, target, costs, value or dates (not once finished)."""
    reject_unknown(fields, EDITABLE)
    with uow:
        who = principal(uow, actor)
        campaign = load_campaign(uow, who, campaign_id, manage=True)
        if campaign.status == "finished":
            raise Conflict(f"campaign {campaign.name!r} is finished", campaign_id=campaign.id)
        if "name" in fields:
            fields["name"] = str(fields["name"]).strip()[:200]
            if not fields["name"]:
                raise InvalidInput("a campaign needs a name")
            fields["search_name"] = names.search_key(fields["name"])
        if "kind" in fields:
            choice_of(fields["kind"], rules.KINDS, "kind")
        if "mode" in fields:
            choice_of(fields["mode"], rules.MODES, "mode")
        if "currency" in fields:
            fields["currency"] = currency_code(fields["currency"])
        for money_field in ("global_cost", "opportunity_value"):
            if money_field in fields:
                fields[money_field] = money_of(fields[money_field], money_field)
        if {"list_id", "target_filter"} & set(fields):
            list_id = fields.get("list_id", campaign.list_id if "target_filter" not in fields else None)
            target = fields.get("target_filter", campaign.target_filter if "list_id" not in fields else None)
            fields["list_id"], fields["target_filter"] = list_id, target_of(uow, who, list_id, target)
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
        return detail_of(uow.session, campaign)


def set_stages(uow: UnitOfWork, actor: Actor, campaign_id: int, stages: list[dict[str, Any]]) -> list[StageView]:
    """Replace the whole chain of stages, while the campaign has generated no opportunity yet."""
    specs = [stage_spec(s) for s in stages]
    if len(specs) > rules.MAX_STAGES:
        raise InvalidInput(f"a campaign has at most {rules.MAX_STAGES} stages")
    with uow:
        campaign = load_campaign(uow, principal(uow, actor), campaign_id, manage=True)
        if uow.session.scalar(select(Opportunity.id).where(Opportunity.campaign_id == campaign.id).limit(1)):
            raise Conflict("this campaign already has opportunities: add or change stages instead of replacing them",
                           campaign_id=campaign.id)
        before = [s.name for s in stages_of(uow.session, campaign.id)]
        uow.session.execute(delete(CampaignStage).where(CampaignStage.campaign_id == campaign.id))
        uow.flush()
        for position, spec in enumerate(specs, start=1):
            uow.session.add(new_stage(campaign.id, position, spec))
        uow.flush()
        record(uow, actor, "campaign", campaign.id, "set_stages", {"stages": (before, [s.name for s in specs])})
        uow.commit()
        return [StageView.of(s) for s in stages_of(uow.session, campaign.id)]


def add_stage(uow: UnitOfWork, actor: Actor, campaign_id: int, stage: dict[str, Any]) -> StageView:
    """Add a stage at the end of the chain."""
    spec = stage_spec(stage)
    with uow:
        campaign = load_campaign(uow, principal(uow, actor), campaign_id, manage=True)
        if campaign.status == "finished":
            raise Conflict(f"campaign {campaign.name!r} is finished", campaign_id=campaign.id)
        last = uow.session.scalar(select(func.max(CampaignStage.position))
                                  .where(CampaignStage.campaign_id == campaign.id)) or 0
        if last >= rules.MAX_STAGES:
            raise InvalidInput(f"a campaign has at most {rules.MAX_STAGES} stages")
        created = new_stage(campaign.id, last + 1, spec)
        uow.session.add(created)
        uow.flush()
        record(uow, actor, "campaign", campaign.id, "add_stage", {"stage": (None, spec.name)})
        uow.commit()
        return StageView.of(created)


def update_stage(uow: UnitOfWork, actor: Actor, campaign_id: int, stage_id: int, **fields: Any) -> StageView:
    """Change a stage's fields; the result must still be a valid stage."""
    reject_unknown(fields, STAGE_FIELDS)
    with uow:
        campaign = load_campaign(uow, principal(uow, actor), campaign_id, manage=True)
        stage = uow.session.get(CampaignStage, stage_id)
        if stage is None or stage.campaign_id != campaign.id:
            raise NotFound("stage not found", stage_id=stage_id)
        merged = {k: getattr(stage, k) for k in STAGE_FIELDS}
        if fields.get("rule") == "attempts" and fields.get("attempts") is None:
            merged["attempts"] = stage.attempts or 1
        merged.update({k: v for k, v in fields.items() if not (k == "attempts" and v is None)})
        spec = stage_spec(merged)
        changes = apply_changes(stage, {k: getattr(spec, k) for k in STAGE_FIELDS})
        if changes:
            record(uow, actor, "campaign_stage", stage.id, "update", changes)
        uow.commit()
        return StageView.of(stage)
