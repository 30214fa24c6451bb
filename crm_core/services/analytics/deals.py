"""Deals by rep and currency: average deal and win rate, won value over time, pipeline and profitability.

Deals belong to the rep who owns the opportunity; a scope of people (me, a rep, a team) takes
their deals, a scope of accounts (territory, sector) the deals on those accounts.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from decimal import Decimal
from typing import Any, cast
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, func, select

from crm_core.domain.periods import GRAINS, Period, last_periods, period_of
from crm_core.domain.sprints import whole_percent
from crm_core.errors import InvalidInput
from crm_core.persistence.models import Account, Activity, Opportunity, Status
from crm_core.read_models.analytics import (
    AverageDealReport,
    DealFigures,
    DynamicsPoint,
    DynamicsReport,
    PipelineByRepReport,
    ProfitabilityByRepReport,
    RepMoney,
    RepPipeline,
    RepProfitability,
)
from crm_core.services.analytics.scope import Scope, names_of, resolve, window
from crm_core.services.common import Actor, principal
from crm_core.uow import UnitOfWork

CENTS = Decimal("0.01")


def _money(value: Any) -> Decimal:
    return Decimal(value or 0).quantize(CENTS)


def _closed_in(lower: datetime, upper: datetime) -> Any:
    return and_(Opportunity.status.in_(("won", "lost")), Opportunity.closed_at >= lower,
                Opportunity.closed_at < upper)


def _figures(user_id: int | None, name: str | None, currency: str, won: int, lost: int,
             value: Decimal) -> DealFigures:
    return DealFigures(user_id, name, currency, won, lost, value,
                       (value / won).quantize(CENTS) if won else None,
                       whole_percent(won, won + lost) if won + lost else None)


def average_deal(uow: UnitOfWork, actor: Actor, period: str | Period, scope: str | None = "me") -> AverageDealReport:
    """Won and lost deals closed in the period, average won deal and win rate, per rep and overall, per currency."""
    with uow:
        win = window(uow, actor, period)
        where = resolve(uow, win.who, scope)
        rows = uow.session.execute(
            select(Opportunity.owner_id, Opportunity.currency,
                   func.count(case((Opportunity.status == "won", 1))),
                   func.count(case((Opportunity.status == "lost", 1))),
                   func.coalesce(func.sum(case((Opportunity.status == "won", Opportunity.value))), 0))
            .join(Account, Account.id == Opportunity.account_id)
            .where(where.owned(Opportunity.owner_id), _closed_in(win.lower, win.upper))
            .group_by(Opportunity.owner_id, Opportunity.currency)
        ).all()
        names = names_of(uow, {r[0] for r in rows if r[0] is not None})
    totals: dict[str, list[Any]] = defaultdict(lambda: [0, 0, Decimal(0)])
    by_rep = []
    for owner_id, currency, won, lost, value in rows:
        total = totals[currency]
        total[0] += won
        total[1] += lost
        total[2] += _money(value)
        by_rep.append(_figures(owner_id, names.get(owner_id), currency, won, lost, _money(value)))
    by_rep.sort(key=lambda f: (f.currency, -f.won_value, -f.won, f.name or ""))
    overall = [_figures(None, None, c, *totals[c]) for c in sorted(totals, key=lambda c: (-totals[c][2], c))]
    return AverageDealReport(win.period.start, win.period.end, where.view, overall, by_rep)


def dynamics(uow: UnitOfWork, actor: Actor, *, grain: str = "month", periods: int = 12,
             scope: str | None = "me") -> DynamicsReport:
    """Won deals and value per week or month (or quarter, year) over the last N periods, per currency."""
    if grain not in GRAINS:
        raise InvalidInput(f"unknown grain {grain!r}", valid=list(GRAINS))
    with uow:
        win = window(uow, actor, "today")
        where = resolve(uow, win.who, scope)
        buckets = last_periods(grain, periods, win.today)
        lower, _ = win.bounds(buckets[0])
        _, upper = win.bounds(buckets[-1])
        rows = uow.session.execute(
            select(Opportunity.closed_at, Opportunity.currency, Opportunity.value)
            .join(Account, Account.id == Opportunity.account_id)
            .where(where.owned(Opportunity.owner_id), Opportunity.status == "won",
                   Opportunity.closed_at >= lower, Opportunity.closed_at < upper)
        ).all()
    zone = ZoneInfo(win.timezone)
    sums: dict[tuple[str, str], list[Any]] = defaultdict(lambda: [0, Decimal(0)])
    for closed_at, currency, value in rows:
        start = period_of(grain, closed_at.astimezone(zone).date()).start.isoformat()
        sums[(start, currency)][0] += 1
        sums[(start, currency)][1] += Decimal(value)
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for (_start, currency), (_count, value) in sums.items():
        totals[currency] += value
    currencies = sorted(totals, key=lambda c: (-totals[c], c))
    points = []
    for bucket in buckets:
        label = bucket.start.isoformat() if grain == "week" else bucket.key
        for currency in currencies:
            count, value = sums.get((bucket.start.isoformat(), currency), (0, Decimal(0)))
            points.append(DynamicsPoint(label, bucket.start, bucket.end, currency, count, _money(value)))
    return DynamicsReport(grain, where.view, currencies, points)


def pipeline_by_rep(uow: UnitOfWork, actor: Actor, period: str | Period = "this_month",
                    scope: str | None = "team") -> PipelineByRepReport:
    """Per rep and currency: open deals (count, value, weighted by stage), won and lost in the period."""
    with uow:
        win = window(uow, actor, period)
        where = _default_scope(uow, actor, scope)
        session = uow.session
        owned = where.owned(Opportunity.owner_id)
        figures: dict[tuple[int | None, str], list[Any]] = defaultdict(lambda: [0, Decimal(0), Decimal(0), 0, Decimal(0), 0])
        for owner_id, currency, count, value, weighted in session.execute(
            select(Opportunity.owner_id, Opportunity.currency, func.count(Opportunity.id),
                   func.coalesce(func.sum(Opportunity.value), 0),
                   func.coalesce(func.sum(Opportunity.value * Status.probability), 0))
            .join(Account, Account.id == Opportunity.account_id)
            .join(Status, Status.id == Opportunity.stage_id)
            .where(owned, Opportunity.status == "open").group_by(Opportunity.owner_id, Opportunity.currency)
        ):
            figures[(owner_id, currency)][:3] = [count, _money(value), _money(Decimal(weighted) / 100)]
        for owner_id, currency, won, value, lost in session.execute(
            select(Opportunity.owner_id, Opportunity.currency,
                   func.count(case((Opportunity.status == "won", 1))),
                   func.coalesce(func.sum(case((Opportunity.status == "won", Opportunity.value))), 0),
                   func.count(case((Opportunity.status == "lost", 1))))
            .join(Account, Account.id == Opportunity.account_id)
            .where(owned, _closed_in(win.lower, win.upper)).group_by(Opportunity.owner_id, Opportunity.currency)
        ):
            figures[(owner_id, currency)][3:] = [won, _money(value), lost]
        names = names_of(uow, {k[0] for k in figures if k[0] is not None})
    rows = [RepPipeline(uid, names.get(uid) if uid else None, currency, *values)
            for (uid, currency), values in figures.items()]
    rows.sort(key=lambda r: (r.currency, -r.open_value, -r.won_value, r.name or ""))
    return PipelineByRepReport(win.period.start, win.period.end, where.view, rows)


def _default_scope(uow: UnitOfWork, actor: Actor, scope: str | None) -> Scope:
    """Per-rep breakdowns default to the team for managers and to themselves for reps."""
    who = principal(uow, actor)
    if scope is None:
        scope = "team" if who.role == "manager" else "me"
    return resolve(uow, who, scope)


def profitability_by_rep(uow: UnitOfWork, actor: Actor, period: str | Period = "this_month",
                         scope: str | None = None) -> ProfitabilityByRepReport:
    """Per rep: accounts owned, deals opened, won, lost, win rate, activities, won value and value per activity per currency."""
    with uow:
        win = window(uow, actor, period)
        where = _default_scope(uow, actor, scope)
        session = uow.session
        owned = where.owned(Opportunity.owner_id)
        accounts = dict(session.execute(
            select(Account.owner_id, func.count(Account.id)).where(where.accounts, Account.owner_id.is_not(None))
            .group_by(Account.owner_id)).tuples().all())
        created = dict(session.execute(
            select(Opportunity.owner_id, func.count(Opportunity.id))
            .join(Account, Account.id == Opportunity.account_id)
            .where(owned, Opportunity.created_at >= win.lower, Opportunity.created_at < win.upper)
            .group_by(Opportunity.owner_id)).tuples().all())
        money: dict[int, dict[str, list[Any]]] = defaultdict(dict)
        closed: dict[int, list[int]] = defaultdict(lambda: [0, 0])
        for owner_id, currency, won, lost, value in session.execute(
            select(Opportunity.owner_id, Opportunity.currency,
                   func.count(case((Opportunity.status == "won", 1))),
                   func.count(case((Opportunity.status == "lost", 1))),
                   func.coalesce(func.sum(case((Opportunity.status == "won", Opportunity.value))), 0))
            .join(Account, Account.id == Opportunity.account_id)
            .where(owned, _closed_in(win.lower, win.upper)).group_by(Opportunity.owner_id, Opportunity.currency)
        ):
            closed[owner_id][0] += won
            closed[owner_id][1] += lost
            if won:
                money[owner_id][currency] = [won, _money(value)]
        activities = _activities_by_author(uow, where, win.lower, win.upper)
        people = cast("set[int]", set(where.people or []) | set(accounts) | set(created) | set(closed) | set(activities))  # owner-less rows bring None, discarded below
        people.discard(None)
        names = names_of(uow, people)
    rows = []
    for uid in people:
        won, lost = closed.get(uid, [0, 0])
        worked = activities.get(uid, 0)
        rep_money = [RepMoney(c, n, v, (v / worked).quantize(CENTS) if worked else None)
                     for c, (n, v) in sorted(money.get(uid, {}).items())]
        rows.append(RepProfitability(uid, names.get(uid, ""), accounts.get(uid, 0), created.get(uid, 0), won, lost,
                                     whole_percent(won, won + lost) if won + lost else None, worked, rep_money))
    rows.sort(key=lambda r: (-sum((m.won_value for m in r.money), Decimal(0)), -r.won, r.name))
    return ProfitabilityByRepReport(win.period.start, win.period.end, where.view, rows)


def _activities_by_author(uow: UnitOfWork, where: Scope, lower: datetime, upper: datetime) -> dict[int, int]:
    query = select(Activity.author_id, func.count(Activity.id)).where(
        Activity.occurred_at >= lower, Activity.occurred_at < upper)
    if where.people is not None:
        query = query.where(where.by_person(Activity.author_id))
    else:
        query = query.join(Account, Account.id == Activity.account_id).where(where.accounts)
    return dict(uow.session.execute(query.group_by(Activity.author_id)).tuples().all())
