"""Opportunities: possible sales, opened, moved, won or lost."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from crm_core.domain import opportunities as rules
from crm_core.errors import Conflict, InvalidInput, NotFound, OpportunityNotFound
from crm_core.persistence.models import Account, Contact, Opportunity, Status
from crm_core.persistence.types import utcnow
from crm_core.read_models.common import OpportunityView, Page
from crm_core.services import campaigns, custom_fields
from crm_core.services.accounts import set_status
from crm_core.services.common import (
    Actor,
    apply_changes,
    load_account,
    page,
    paged,
    principal,
    record,
    status_by_key,
    visible_accounts,
)
from crm_core.services.webhooks import emit
from crm_core.uow import UnitOfWork

ORIGINS = rules.ORIGINS


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
    custom: dict[str, Any] | None = None,
) -> OpportunityView:
    """Open a possible sale on an account (`created_at` backdates imported history)."""
    with uow:
        account = load_account(uow, principal(uow, actor), account_id)
        state = status_by_key(uow, stage)
        if state.kind != "open":
            raise InvalidInput("a new opportunity starts in an open stage; win or lose it afterwards")
        opportunity = new_opportunity(
            uow, actor, account, value=value, currency=currency, stage=state, title=title,
            contact_id=contact_id, expected_close=expected_close, origin_kind=origin_kind,
            origin_id=origin_id, created_at=created_at, custom=custom,
        )
        uow.commit()
        return OpportunityView.of(opportunity)


def new_opportunity(
    uow: UnitOfWork,
    actor: Actor,
    account: Account,
    *,
    value: Decimal | float | str,
    stage: Status,
    currency: str = "USD",
    title: str = "",
    contact_id: int | None = None,
    owner_id: int | None = None,
    expected_close: date | None = None,
    origin_kind: str | None = None,
    origin_id: int | None = None,
    created_at: datetime | None = None,
    closed_at: datetime | None = None,
    lost_reason: str | None = None,
    custom: dict[str, Any] | None = None,
    id: int | None = None,
) -> Opportunity:
    """Add an opportunity inside the caller's unit of work; its status follows the stage's kind.

    A stage of kind won or lost records a sale already closed (imports); `id` keeps an
    imported record's id.
    """
    value = rules.checked_value(value)
    rules.check_origin(origin_kind)
    currency = rules.checked_currency(currency)
    if contact_id is not None:
        rules.check_contact(contact_id, _account_of_contact(uow, contact_id), account.id)
    rules.check_lost_reason(stage.kind, lost_reason)
    closed = stage.kind != "open"
    opportunity = Opportunity(
        id=id, account_id=account.id, contact_id=contact_id,
        owner_id=owner_id or actor.user_id or account.owner_id,
        title=title or account.name, value=value, currency=currency, stage=stage,
        status=stage.kind, expected_close=expected_close, origin_kind=origin_kind, origin_id=origin_id,
        created_at=created_at or utcnow(), closed_at=(closed_at or utcnow()) if closed else None,
        lost_reason=lost_reason.strip() if closed and lost_reason else None,
        custom=custom_fields.validate(uow, "opportunity", custom or {}, partial=False),
    )
    uow.session.add(opportunity)
    uow.flush()
    changes: dict[str, tuple[Any, Any]] = {
        "value": (None, value), "currency": (None, currency), "stage": (None, stage.key),
    }
    if closed:
        changes["status"] = (None, stage.kind)
    record(uow, actor, "opportunity", opportunity.id, "create", changes)
    emit(uow, "opportunity.created", OpportunityView.of(opportunity).to_dict())
    return opportunity


def change_opportunity(uow: UnitOfWork, actor: Actor, opportunity: Opportunity,
                       fields: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Apply field changes inside the caller's unit of work, audited; returns what changed.

    A `stage` (a Status) brings its kind as the status, so a stage of kind won or lost closes the
    opportunity (at `closed_at`, or now) and an open one reopens it. The account is left as it is:
    this records facts brought in from elsewhere, it is not a sale being won now.
    """
    fields = dict(fields)
    changes: dict[str, tuple[Any, Any]] = {}
    stage: Status | None = fields.pop("stage", None)
    if stage is not None and stage.id != opportunity.stage_id:
        changes["stage"] = (opportunity.stage.key, stage.key)
        opportunity.stage = stage
    status = opportunity.stage.kind
    moved = status != opportunity.status
    if moved:
        changes["status"] = (opportunity.status, status)
        opportunity.status = status
    if status == "open":
        fields.pop("closed_at", None)
        if moved:
            fields["closed_at"] = None
    elif moved or "closed_at" in fields:
        # a closed sale always keeps a closing time
        fields["closed_at"] = fields.get("closed_at") or opportunity.closed_at or utcnow()
    if status != "lost" and (moved or "lost_reason" in fields):
        fields["lost_reason"] = None
    if "value" in fields:
        fields["value"] = rules.checked_value(fields["value"])
    if "currency" in fields:
        fields["currency"] = rules.checked_currency(fields["currency"])
    rules.check_origin(fields.get("origin_kind"))
    if fields.get("contact_id") is not None:
        rules.check_contact(fields["contact_id"], _account_of_contact(uow, fields["contact_id"]),
                            opportunity.account_id)
    if "custom" in fields:
        cleaned = custom_fields.validate(uow, "opportunity", fields["custom"] or {}, partial=True)
        fields["custom"] = custom_fields.merge(opportunity.custom, cleaned)
    changes.update(apply_changes(opportunity, fields))
    rules.check_lost_reason(opportunity.status, opportunity.lost_reason)
    if changes:
        record(uow, actor, "opportunity", opportunity.id, "update", changes)
    return changes


def _account_of_contact(uow: UnitOfWork, contact_id: int) -> int | None:
    contact = uow.session.get(Contact, contact_id)
    return contact.account_id if contact is not None else None


def _load(uow: UnitOfWork, actor: Actor, opportunity_id: int) -> Opportunity:
    opportunity = uow.session.get(Opportunity, opportunity_id)
    if opportunity is None:
        raise OpportunityNotFound("opportunity not found", opportunity_id=opportunity_id)
    try:
        load_account(uow, principal(uow, actor), opportunity.account_id)
    except NotFound:
        raise OpportunityNotFound("opportunity not found", opportunity_id=opportunity_id) from None
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
        changes: dict[str, tuple[Any, Any]] = {"status": ("open", "won"), "stage": (opportunity.stage.key, won.key)}
        final = rules.checked_value(value) if value is not None else None
        if final is not None and final != opportunity.value:
            changes["value"] = (opportunity.value, final)
            opportunity.value = final
        opportunity.status, opportunity.stage, opportunity.closed_at = "won", won, at or utcnow()
        record(uow, actor, "opportunity", opportunity.id, "win", changes)
        emit(uow, "opportunity.won", OpportunityView.of(opportunity).to_dict())
        campaigns.end_chain(uow, actor, opportunity, opportunity.closed_at)
        set_status(uow, actor, opportunity.account, won, at)
        uow.commit()
        return OpportunityView.of(opportunity)


def lose_opportunity(uow: UnitOfWork, actor: Actor, opportunity_id: int, reason: str,
                     at: datetime | None = None) -> OpportunityView:
    """Mark an opportunity lost with the reason the customer gave."""
    rules.check_lost_reason("lost", reason)
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
        emit(uow, "opportunity.lost", OpportunityView.of(opportunity).to_dict())
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


def latest_open(uow: UnitOfWork, actor: Actor, account_id: int) -> OpportunityView | None:
    """The account's most recent open opportunity: the one "we won Acme" or "we lost Acme" is about."""
    with uow:
        who = principal(uow, actor)
        found = uow.session.scalar(
            select(Opportunity).join(Account, Account.id == Opportunity.account_id)
            .where(visible_accounts(who), Opportunity.account_id == account_id, Opportunity.status == "open")
            .order_by(Opportunity.id.desc()).limit(1))
        return OpportunityView.of(found) if found is not None else None
