"""Opportunities: possible sales, opened, moved, won or lost."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select

from crm_core.errors import Conflict, InvalidInput, NotFound
from crm_core.persistence.models import Account, Contact, Opportunity, Status
from crm_core.persistence.types import utcnow
from crm_core.services import campaigns
from crm_core.services.accounts import set_status
from crm_core.services.common import (
    Actor,
    load_account,
    page,
    paged,
    principal,
    record,
    status_by_key,
    visible_accounts,
)
from crm_core.uow import UnitOfWork
from crm_core.views import OpportunityView, Page

ORIGINS = ("campaign", "conversation", "activity")


def open_opportunity(
    uow: UnitOfWork,
    actor: Actor,
    *,
    account_id: int,
    value: Decimal | float | str,
    currency: str = "USD",
    stage: str = "qualified",
    title: str = "",
    contact_id: int | None = None,
    expected_close: date | None = None,
    origin_kind: str | None = None,
    origin_id: int | None = None,
    created_at: datetime | None = None,
) -> OpportunityView:
    """Open a possible sale on an account (`created_at` backdates imported history)."""
    value = Decimal(str(value))
    if value < 0:
        raise InvalidInput("an opportunity's value cannot be negative")
    if origin_kind is not None and origin_kind not in ORIGINS:
        raise InvalidInput(f"unknown origin {origin_kind!r}", valid=list(ORIGINS))
    currency = currency.strip().upper()
    if len(currency) != 3:
        raise InvalidInput(f"currency must be an ISO 4217 code, got {currency!r}")
    with uow:
        account = load_account(uow, principal(uow, actor), account_id)
        state = status_by_key(uow, stage)
        if state.kind != "open":
            raise InvalidInput("a new opportunity starts in an open stage; win or lose it afterwards")
        if contact_id is not None:
            contact = uow.session.get(Contact, contact_id)
            if contact is None or contact.account_id != account.id:
                raise InvalidInput("that contact is not at this account", contact_id=contact_id)
        opportunity = Opportunity(
            account_id=account.id, contact_id=contact_id, owner_id=actor.user_id or account.owner_id,
            title=title or account.name, value=value, currency=currency, stage=state,
            expected_close=expected_close, origin_kind=origin_kind, origin_id=origin_id,
            created_at=created_at or utcnow(),
        )
        uow.session.add(opportunity)
        uow.flush()
        record(uow, actor, "opportunity", opportunity.id, "create",
               {"value": (None, value), "currency": (None, currency), "stage": (None, stage)})
        uow.commit()
        return OpportunityView.of(opportunity)


def _load(uow: UnitOfWork, actor: Actor, opportunity_id: int) -> Opportunity:
    opportunity = uow.session.get(Opportunity, opportunity_id)
    if opportunity is None:
        raise NotFound("opportunity not found", opportunity_id=opportunity_id)
    load_account(uow, principal(uow, actor), opportunity.account_id)
    return opportunity


def _require_open(opportunity: Opportunity) -> None:
    if opportunity.status != "open":
        raise Conflict(f"this opportunity is already {opportunity.status}", status=opportunity.status)


def move_opportunity(uow: UnitOfWork, actor: Actor, opportunity_id: int, stage: str) -> OpportunityView:
    """Move an open opportunity to another open stage."""
    with uow:
        opportunity = _load(uow, actor, opportunity_id)
        _require_open(opportunity)
        state = status_by_key(uow, stage)
        if state.kind != "open":
            raise InvalidInput("use win or lose to close an opportunity")
        before = opportunity.stage.key
        opportunity.stage = state
        record(uow, actor, "opportunity", opportunity.id, "move_stage", {"stage": (before, stage)})
        uow.commit()
        return OpportunityView.of(opportunity)


def win_opportunity(uow: UnitOfWork, actor: Actor, opportunity_id: int,
                    value: Decimal | None = None, at: datetime | None = None) -> OpportunityView:
    """Mark an opportunity won (optionally at a final value); its account reaches the won status."""
    with uow:
        opportunity = _load(uow, actor, opportunity_id)
        _require_open(opportunity)
        won = uow.session.scalar(select(Status).where(Status.kind == "won").order_by(Status.position))
        if won is None:
            raise InvalidInput("the sales flow has no won status")
        changes = {"status": ("open", "won"), "stage": (opportunity.stage.key, won.key)}
        if value is not None and Decimal(str(value)) != opportunity.value:
            changes["value"] = (opportunity.value, Decimal(str(value)))
            opportunity.value = Decimal(str(value))
        opportunity.status, opportunity.stage, opportunity.closed_at = "won", won, at or utcnow()
        record(uow, actor, "opportunity", opportunity.id, "win", changes)
        campaigns.end_chain(uow, actor, opportunity, opportunity.closed_at)
        set_status(uow, actor, opportunity.account, won, at)
        uow.commit()
        return OpportunityView.of(opportunity)


def lose_opportunity(uow: UnitOfWork, actor: Actor, opportunity_id: int, reason: str,
                     at: datetime | None = None) -> OpportunityView:
    """Mark an opportunity lost with the reason the customer gave."""
    if not reason or not reason.strip():
        raise InvalidInput("say why the opportunity was lost")
    with uow:
        opportunity = _load(uow, actor, opportunity_id)
        _require_open(opportunity)
        lost = uow.session.scalar(select(Status).where(Status.kind == "lost").order_by(Status.position))
        lost = lost or opportunity.stage
        before = opportunity.stage.key
        opportunity.status, opportunity.stage = "lost", lost
        opportunity.lost_reason, opportunity.closed_at = reason.strip(), at or utcnow()
        record(uow, actor, "opportunity", opportunity.id, "lose",
               {"status": ("open", "lost"), "stage": (before, lost.key), "lost_reason": (None, reason)})
        campaigns.end_chain(uow, actor, opportunity, opportunity.closed_at)
        uow.commit()
        return OpportunityView.of(opportunity)


def list_opportunities(
    uow: UnitOfWork, actor: Actor, *, account_id: int | None = None, status: str | None = None,
    limit: int | None = None, offset: int | None = None,
) -> Page:
    """Opportunities on accounts the actor may see."""
    limit, offset = page(limit, offset)
    with uow:
        who = principal(uow, actor)
        query = select(Opportunity).join(Account, Account.id == Opportunity.account_id).where(visible_accounts(who))
        if account_id is not None:
            query = query.where(Opportunity.account_id == account_id)
        if status is not None:
            query = query.where(Opportunity.status == status)
        return paged(uow, query, (Opportunity.id,), limit, offset, OpportunityView.of)
