"""Campaign rules shared by every part: who may see and manage a campaign, loading, checked fields."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, false, or_, select, true
from sqlalchemy.orm import Session

from crm_core.domain import campaigns as rules
from crm_core.domain.access import Principal
from crm_core.errors import InvalidInput, NotFound, PermissionDenied
from crm_core.persistence.models import (
    Campaign,
    CampaignStage,
    User,
)
from crm_core.persistence.types import utcnow
from crm_core.read_models.campaigns import (
    CampaignDetail,
    CampaignView,
    StageView,
)
from crm_core.services import lists
from crm_core.uow import UnitOfWork

MANAGERS_ONLY = "campaigns are created and launched by a manager or an admin"


def require_manager(who: Principal, message: str = MANAGERS_ONLY) -> None:
    """Refuse anyone but managers and admins."""
    if not who.is_manager:
        raise PermissionDenied(message)


def _may_see(who: Principal, campaign: Campaign) -> bool:
    """Admins see every campaign; managers and reps their team's (and owners their own)."""
    if who.is_admin or campaign.owner_id == who.id:
        return True
    return campaign.team_id is not None and campaign.team_id == who.team_id


def _may_manage(who: Principal, campaign: Campaign, message: str | None = None) -> None:
    require_manager(who, message or MANAGERS_ONLY)
    if not (who.is_admin or campaign.owner_id == who.id
            or (campaign.team_id is not None and campaign.team_id == who.team_id)):
        raise PermissionDenied("this campaign belongs to another team", campaign_id=campaign.id)


def visible_campaigns(who: Principal) -> ColumnElement[bool]:
    """SQL condition matching the campaigns `who` may see (mirror of _may_see)."""
    if who.is_admin:
        return true()
    team = Campaign.team_id == who.team_id if who.team_id is not None else false()
    return or_(Campaign.owner_id == who.id, team)


def load_campaign(uow: UnitOfWork, who: Principal, campaign_id: int, *, manage: bool = False,
          lock: bool = False, refusal: str | None = None) -> Campaign:
    """The campaign if `who` may see it (and manage it, with `manage`), else "not found"."""
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


def stages_of(session: Session, campaign_id: int) -> list[CampaignStage]:
    """A campaign's stages in order."""
    return list(session.scalars(select(CampaignStage).where(CampaignStage.campaign_id == campaign_id)
                                .order_by(CampaignStage.position)))


def detail_of(session: Session, campaign: Campaign) -> CampaignDetail:
    """A campaign with its stages, as the read model."""
    return CampaignDetail(CampaignView.of(campaign), [StageView.of(s) for s in stages_of(session, campaign.id)])


def stage_spec(data: dict[str, Any]) -> rules.StageSpec:
    """A stage definition checked by the domain rules."""
    try:
        return rules.StageSpec.parse(data)
    except rules.StageError as error:
        raise InvalidInput(error.message, **error.details) from None


def money_of(value: Any, field: str) -> Decimal:
    """An amount of money checked by the domain rules."""
    try:
        return rules.money(value, field)
    except rules.StageError as error:
        raise InvalidInput(error.message) from None


def currency_code(value: str) -> str:
    """An ISO 4217 currency code, upper case."""
    code = (value or "").strip().upper()
    if len(code) != 3 or not code.isalpha():
        raise InvalidInput(f"currency must be an ISO 4217 code, got {value!r}")
    return code


def choice_of(value: Any, valid: tuple[str, ...], what: str) -> str:
    """One of the valid values, or an error naming them."""
    if value not in valid:
        raise InvalidInput(f"unknown campaign {what} {value!r}", valid=list(valid))
    return value


def target_of(uow: UnitOfWork, who: Principal, list_id: int | None,
            target_filter: dict[str, Any] | None) -> dict[str, Any] | None:
    """Check the target: a list the creator may see, or a filter; None for a campaign only triggered by activities."""
    if list_id is not None and target_filter is not None:
        raise InvalidInput("a campaign targets either a list or a filter, not both")
    if list_id is not None:
        lists.load_list(uow, who, list_id)
    return lists.clean_filter(uow, target_filter) if target_filter is not None else None


def local_today(user: User | None) -> date:
    """Today in the user's timezone (UTC without a user)."""
    return utcnow().astimezone(ZoneInfo(user.timezone if user else "UTC")).date()


def new_stage(campaign_id: int, position: int, spec: rules.StageSpec) -> CampaignStage:
    """A stage row from its checked definition."""
    return CampaignStage(campaign_id=campaign_id, position=position, name=spec.name, task_type=spec.task_type,
                         performer=spec.performer, marginal_cost=spec.marginal_cost, rule=spec.rule,
                         attempts=spec.attempts, delay_days=spec.delay_days, subject=spec.subject, body=spec.body)
