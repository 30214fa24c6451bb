"""Sales plans: a rep's target per month or quarter, in won deals or won value in a currency.

Managers set them for the reps of their team and admins for anyone; a rep reads their own.
Setting a plan for the same rep, period, metric and currency again changes its target.
"""

from __future__ import annotations

import logging
from datetime import date
from decimal import Decimal, InvalidOperation

from sqlalchemy import select

from crm_core.domain.access import Principal, can_set_goal
from crm_core.domain.periods import Period, parse_period
from crm_core.errors import InvalidInput, NotFound, PermissionDenied
from crm_core.persistence.models import SalesPlan, User
from crm_core.persistence.types import utcnow
from crm_core.read_models.analytics import SalesPlanView
from crm_core.services.analytics.scope import window
from crm_core.services.common import Actor, principal, record
from crm_core.uow import UnitOfWork

logger = logging.getLogger(__name__)

GRAINS = ("month", "quarter")
METRICS = ("count", "value")


def view_of(plan: SalesPlan) -> SalesPlanView:
    """The read model of a stored plan."""
    period = Period(plan.period_start, plan.period_end, plan.grain)
    return SalesPlanView(plan.id, plan.user_id, plan.grain, period.key, plan.period_start, plan.period_end,
                         plan.metric, plan.currency or None, plan.target, plan.set_by_id, plan.updated_at)


def plan_period(spec: str | Period, today: date) -> Period:
    """A plan's period: a month or a quarter, by key or phrase."""
    period = spec if isinstance(spec, Period) else parse_period(spec, today)
    if period.grain not in GRAINS:
        raise InvalidInput("a plan is for a month or a quarter", period=period.key, valid=["YYYY-MM", "YYYY-Qn"])
    return period


def _target(metric: str, target: object, currency: str | None) -> tuple[Decimal, str]:
    if metric not in METRICS:
        raise InvalidInput(f"unknown plan metric {metric!r}", valid=list(METRICS))
    try:
        value = Decimal(str(target))
    except (InvalidOperation, ValueError):
        raise InvalidInput(f"not a number: {target!r}") from None
    if not value.is_finite() or value <= 0:
        raise InvalidInput("a plan's target is a positive number")
    if metric == "count":
        if value != value.to_integral_value():
            raise InvalidInput("a count target is a whole number of deals")
        if currency:
            raise InvalidInput("a count target has no currency")
        return value, ""
    code = (currency or "").strip().upper()
    if len(code) != 3 or not code.isalpha():
        raise InvalidInput("a value target needs an ISO 4217 currency", currency=currency)
    return value.quantize(Decimal("0.01")), code


def _may_plan_for(who: Principal, rep: User) -> None:
    if not can_set_goal(who):
        raise PermissionDenied("sales plans are set by a manager or an admin")
    if not who.is_admin and (rep.team_id is None or rep.team_id != who.team_id):
        raise PermissionDenied("you can only plan for your own team", user_id=rep.id)


def set_plan(uow: UnitOfWork, actor: Actor, *, user_id: int, period: str | Period, metric: str,
             target: Decimal | int | float | str, currency: str | None = None) -> tuple[SalesPlanView, bool]:
    """Set a rep's target for a month or quarter; returns the plan and whether it is new."""
    value, code = _target(metric, target, currency)
    with uow:
        win = window(uow, actor, "today")
        rep = uow.session.get(User, user_id)
        if rep is None or not rep.active:
            raise NotFound("user not found", user_id=user_id)
        _may_plan_for(win.who, rep)
        resolved = plan_period(period, win.today)
        plan = uow.session.scalar(select(SalesPlan).where(
            SalesPlan.user_id == rep.id, SalesPlan.grain == resolved.grain,
            SalesPlan.period_start == resolved.start, SalesPlan.metric == metric, SalesPlan.currency == code))
        created = plan is None
        if plan is None:
            plan = SalesPlan(user_id=rep.id, grain=resolved.grain, period_start=resolved.start,
                             period_end=resolved.end, metric=metric, currency=code, target=value,
                             set_by_id=actor.user_id)
            uow.session.add(plan)
            uow.flush()
            record(uow, actor, "sales_plan", plan.id, "create",
                   {"user_id": (None, rep.id), "period": (None, resolved.key), "metric": (None, metric),
                    "currency": (None, code or None), "target": (None, value)})
        elif plan.target != value:
            before = plan.target
            plan.target, plan.set_by_id, plan.updated_at = value, actor.user_id, utcnow()
            record(uow, actor, "sales_plan", plan.id, "update", {"target": (before, value)})
        uow.commit()
        logger.info("sales plan %s for user %s set to %s", plan.id, rep.id, value)
        return view_of(plan), created


def list_plans(uow: UnitOfWork, actor: Actor, *, user_id: int | None = None,
               period: str | Period | None = None) -> list[SalesPlanView]:
    """Plans the caller may see (their own; their team's for managers; all for admins), by period and rep."""
    with uow:
        win = window(uow, actor, "today")
        who = win.who
        query = select(SalesPlan).join(User, User.id == SalesPlan.user_id)
        if not who.is_admin:
            if who.role == "manager" and who.team_id is not None:
                query = query.where((User.team_id == who.team_id) | (User.id == who.id))
            else:
                query = query.where(SalesPlan.user_id == who.id)
        if user_id is not None:
            query = query.where(SalesPlan.user_id == user_id)
        if period is not None:
            resolved = period if isinstance(period, Period) else parse_period(period, win.today)
            query = query.where(SalesPlan.period_start <= resolved.end, SalesPlan.period_end >= resolved.start)
        plans = uow.session.scalars(query.order_by(SalesPlan.period_start, SalesPlan.user_id, SalesPlan.id))
        return [view_of(p) for p in plans]


def delete_plan(uow: UnitOfWork, actor: Actor, plan_id: int) -> None:
    """Remove a plan (managers of the rep's team and admins)."""
    with uow:
        who = principal(uow, actor)
        plan = uow.session.get(SalesPlan, plan_id)
        rep = uow.session.get(User, plan.user_id) if plan else None
        if plan is None or rep is None:
            raise NotFound("sales plan not found", plan_id=plan_id)
        _may_plan_for(who, rep)
        record(uow, actor, "sales_plan", plan.id, "delete",
               {"target": (plan.target, None), "period": (view_of(plan).period, None)})
        uow.session.delete(plan)
        uow.commit()
