"""Plan vs actual: each rep's sales plan against what they won in its period, and what is still needed.

A plan counts won deals (count) or won value in its currency (value), closed inside the plan's
month or quarter. The gap never goes below zero; the run-rate needed spreads it over the days
left, today included; the pace projects the rate so far to the end of the period.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import func, select

from crm_core.domain import sprints as math
from crm_core.domain.periods import Period
from crm_core.errors import InvalidInput
from crm_core.persistence.models import Account, Opportunity, SalesPlan
from crm_core.read_models.analytics import PlanLine, PlanVsActualReport, SalesPlanView
from crm_core.services.analytics.sales_plans import view_of
from crm_core.services.analytics.scope import Window, names_of, resolve, window
from crm_core.services.common import Actor
from crm_core.uow import UnitOfWork

CENTS = Decimal("0.01")


def plan_vs_actual(uow: UnitOfWork, actor: Actor, period: str | Period = "this_month",
                   scope: str | None = "me") -> PlanVsActualReport:
    """Every plan of a rep in scope whose period overlaps the one asked for, against what was won."""
    with uow:
        win = window(uow, actor, period)
        where = resolve(uow, win.who, scope)
        if where.people is None:
            raise InvalidInput("sales plans are per rep: ask for me, a rep or a team", scope=scope)
        plans = [view_of(p) for p in uow.session.scalars(
            select(SalesPlan).where(where.by_person(SalesPlan.user_id),
                                    SalesPlan.period_start <= win.period.end,
                                    SalesPlan.period_end >= win.period.start)
            .order_by(SalesPlan.period_start, SalesPlan.user_id, SalesPlan.id))]
        actuals = _won(uow, win, where.visible, plans)
        names = names_of(uow, {p.user_id for p in plans})
    lines = [_line(p, names.get(p.user_id, ""), actuals.get((p.period_start, p.grain), {}), win.today)
             for p in plans]
    lines.sort(key=lambda line: (line.plan.period_start, line.pace if line.pace is not None else line.percent,
                                 line.name))
    return PlanVsActualReport(win.period.start, win.period.end, win.today, where.view, lines)


def _won(uow: UnitOfWork, win: Window, visible: Any, plans: list[SalesPlanView]) -> dict[tuple[Any, str], dict[tuple[int, str], tuple[int, Decimal]]]:
    """Won deals per (rep, currency) in each distinct plan period."""
    out: dict[tuple[Any, str], dict[tuple[int, str], tuple[int, Decimal]]] = defaultdict(dict)
    periods = {(p.period_start, p.grain): Period(p.period_start, p.period_end, p.grain) for p in plans}
    for key, period in periods.items():
        reps = sorted({p.user_id for p in plans if (p.period_start, p.grain) == key})
        lower, upper = win.bounds(period)
        for owner, currency, count, value in uow.session.execute(
            select(Opportunity.owner_id, Opportunity.currency, func.count(Opportunity.id),
                   func.coalesce(func.sum(Opportunity.value), 0))
            .join(Account, Account.id == Opportunity.account_id)
            .where(visible, Opportunity.owner_id.in_(reps), Opportunity.status == "won",
                   Opportunity.closed_at >= lower, Opportunity.closed_at < upper)
            .group_by(Opportunity.owner_id, Opportunity.currency)
        ):
            out[key][(owner, currency)] = (count, Decimal(value or 0).quantize(CENTS))
    return out


def _line(plan: SalesPlanView, name: str, won: dict[tuple[int, str], tuple[int, Decimal]], today: Any) -> PlanLine:
    if plan.metric == "count":
        actual = Decimal(sum(n for (uid, _), (n, _v) in won.items() if uid == plan.user_id))
    else:
        actual = won.get((plan.user_id, plan.currency or ""), (0, Decimal(0)))[1]
    gap = max(plan.target - actual, Decimal(0))
    left = math.days_left(plan.period_start, plan.period_end, today)
    per_day = (gap / left).quantize(CENTS, rounding=ROUND_HALF_UP) if gap and left else None
    per_week = min(gap, gap * 7 / left).quantize(CENTS, rounding=ROUND_HALF_UP) if gap and left else None
    return PlanLine(
        plan=plan, name=name, actual=actual, gap=gap, percent=math.whole_percent(actual, plan.target),
        days_left=left, needed_per_day=per_day, needed_per_week=per_week,
        pace=math.pace_percent(actual, plan.target, plan.period_start, plan.period_end, today),
    )
