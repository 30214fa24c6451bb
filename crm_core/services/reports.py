"""Reports: account profitability per account or sector and the pipeline summary.

Periods are whole days in the actor's timezone. Values are summed as stored; opportunities
in several currencies are not converted.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import date, datetime, timedelta
from decimal import MAX_EMAX, MIN_EMIN, Context, Decimal
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from crm_core.domain.sprints import whole_percent
from crm_core.errors import InvalidInput
from crm_core.persistence.models import Account, Activity, Opportunity, Status, User
from crm_core.read_models.sprints import (
    PipelineSummary,
    ProfitabilityReport,
    ProfitabilityRow,
    RepConversions,
    StageFigures,
)
from crm_core.services.common import Actor, principal, visible_accounts
from crm_core.services.tasks import local_day_bounds
from crm_core.uow import UnitOfWork

GROUPS = ("sector", "account")
RANKED = 3  # how many sectors the "least worked / least effective" rankings name
logger = logging.getLogger(__name__)
CENTS = Decimal("0.01")
# Wide enough for any finite sum a database hands back, so one absurd stored amount cannot break
# everyone's report.
_WIDE = Context(prec=420, Emax=MAX_EMAX, Emin=MIN_EMIN)


def _money(value: Any) -> Decimal:
    """A stored sum as cents; a sum the database could only give as infinity counts as 0."""
    amount = Decimal(value or 0) if not isinstance(value, float) else Decimal(repr(value))
    if not amount.is_finite():
        logger.warning("report sum is not finite; counted as 0")
        return Decimal(0)
    return amount.quantize(CENTS, context=_WIDE)


LONG_PERIOD = timedelta(days=90)


def _bounds(uow: UnitOfWork, actor: Actor, start: date, end: date) -> tuple[datetime, datetime]:
    if end < start:
        raise InvalidInput("the period ends before it starts", start=start.isoformat(), end=end.isoformat())
    user = uow.session.get(User, actor.user_id) if actor.user_id else None
    return local_day_bounds(start, end, user.timezone if user else "UTC")


def _between(column: Any, lower: datetime, upper: datetime) -> ColumnElement[bool]:
    return and_(column >= lower, column < upper)


def profitability(
    uow: UnitOfWork, actor: Actor, start: date, end: date, *, group: str = "sector", limit: int = 50,
    currency: str | None = None,
) -> ProfitabilityReport:
    """Per sector (or account): opportunities created, won, lost, won value, win rate, activities, value per activity.

    With `currency`, only opportunities in that currency count, so values are never summed across currencies.
    """
    if group not in GROUPS:
        raise InvalidInput(f"unknown grouping {group!r}", valid=list(GROUPS))
    with uow:
        who = principal(uow, actor)
        lower, upper = _bounds(uow, actor, start, end)
        key: InstrumentedAttribute[Any] = Account.sector if group == "sector" else Account.id
        visible = visible_accounts(who)
        deals = and_(visible, Opportunity.currency == currency.upper()) if currency else visible
        session = uow.session
        created = dict(session.execute(
            select(key, func.count(Opportunity.id)).join(Account, Account.id == Opportunity.account_id)
            .where(deals, _between(Opportunity.created_at, lower, upper)).group_by(key)).tuples().all())
        closed = {k: (won, lost, value) for k, won, lost, value in session.execute(
            select(key, func.count(case((Opportunity.status == "won", 1))),
                   func.count(case((Opportunity.status == "lost", 1))),
                   func.coalesce(func.sum(case((Opportunity.status == "won", Opportunity.value))), 0))
            .join(Account, Account.id == Opportunity.account_id)
            .where(deals, Opportunity.status.in_(("won", "lost")),
                   _between(Opportunity.closed_at, lower, upper)).group_by(key))}
        worked = _activities_per(session, key, visible, lower, upper)
        if group == "sector":
            sizes = dict(session.execute(select(key, func.count(Account.id)).where(visible).group_by(key)).tuples().all())
            labels: dict[Any, str | None] = {k: k for k in sizes}
        else:
            keys = set(created) | set(closed) | set(worked)
            sizes = dict.fromkeys(keys, 1)
            labels = dict(session.execute(select(Account.id, Account.name).where(Account.id.in_(keys))).tuples().all()) if keys else {}
        rows = [_row(k, labels.get(k), sizes[k], created.get(k, 0), closed.get(k, (0, 0, 0)), worked.get(k, 0))
                for k in sizes]
    rows.sort(key=lambda r: (-r.won_value, -r.activities, str(r.label or "")))
    sectors = rows if group == "sector" else []
    return ProfitabilityReport(start, end, group, rows[:limit], _least_worked(sectors), _least_effective(sectors))


def _activities_per(session: Session, key: Any, visible: ColumnElement[bool], lower: datetime,
                    upper: datetime) -> dict[Any, int]:
    """Activities in the period per sector or account, counted from an index alone."""
    if session.get_bind().dialect.name == "sqlite" and upper - lower > LONG_PERIOD:
        # SQLite searches the period on (occurred_at, account_id) and sorts every row it finds by
        # account; over months, one (account_id, occurred_at) range per account is faster (a year
        # of a million activities: 1.1 s -> 0.3 s). PostgreSQL's hash aggregate needs no help.
        per_row = (select(func.count()).where(Activity.account_id == Account.id, _between(Activity.occurred_at, lower, upper))
                   .correlate(Account).scalar_subquery())
        counted = session.execute(select(key, func.sum(per_row)).where(visible).group_by(key)).all()
        return {k: int(n) for k, n in counted if n}
    # counting per account first reads only the (account_id, occurred_at) index; joining a
    # year of activities to their accounts row by row takes SQLite seconds at a million rows
    per_account = (
        select(Activity.account_id, func.count().label("activities"))
        .where(_between(Activity.occurred_at, lower, upper)).group_by(Activity.account_id).subquery()
    )
    return {k: int(n) for k, n in session.execute(
        select(key, func.sum(per_account.c.activities)).join(per_account, per_account.c.account_id == Account.id)
        .where(visible).group_by(key)).all()}


def _row(key: Any, label: str | None, accounts: int, created: int, closed: tuple[int, int, Any],
         activities: int) -> ProfitabilityRow:
    won, lost, value = closed
    won_value = _money(value)
    return ProfitabilityRow(
        key=key, label=label, accounts=accounts, opportunities_created=created, won=won, lost=lost,
        won_value=won_value, win_rate=whole_percent(won, won + lost) if won + lost else None,
        activities=activities,
        value_per_activity=_money(won_value / activities) if activities else None,
    )


def _least_worked(rows: list[ProfitabilityRow]) -> list[str | None]:
    """Sectors with the fewest activities per account, so a big sector is not 'worked' just for its size."""
    ranked = sorted(rows, key=lambda r: (Decimal(r.activities) / r.accounts, str(r.label or "")))
    return [r.key for r in ranked[:RANKED]]  # type: ignore[misc]  # sector rows: the key is the sector, str | None


def _least_effective(rows: list[ProfitabilityRow]) -> list[str | None]:
    """Sectors that closed something, lowest win rate first, then lowest value per activity."""
    closed = [r for r in rows if r.win_rate is not None]
    ranked = sorted(closed, key=lambda r: (r.win_rate, r.value_per_activity or Decimal(0), str(r.label or "")))
    return [r.key for r in ranked[:RANKED]]  # type: ignore[misc]  # sector rows: the key is the sector, str | None


def currencies(uow: UnitOfWork, actor: Actor) -> list[tuple[str, int]]:
    """Currencies of the opportunities the actor may see, most used first (the first is the main one)."""
    with uow:
        visible = visible_accounts(principal(uow, actor))
        rows = uow.session.execute(
            select(Opportunity.currency, func.count(Opportunity.id)).join(Account, Account.id == Opportunity.account_id)
            .where(visible).group_by(Opportunity.currency)).all()
    return sorted(((code, count) for code, count in rows), key=lambda row: (-row[1], row[0]))


def pipeline_summary(uow: UnitOfWork, actor: Actor, start: date, end: date, *,
                     currency: str | None = None) -> PipelineSummary:
    """Open opportunities by stage (count, value, weighted value), won and lost in the period, conversions per rep.

    With `currency`, only opportunities in that currency count, so values are never summed across currencies.
    """
    with uow:
        who = principal(uow, actor)
        lower, upper = _bounds(uow, actor, start, end)
        visible = visible_accounts(who)
        deals = and_(visible, Opportunity.currency == currency.upper()) if currency else visible
        session = uow.session
        stages = [
            StageFigures(s.key, s.label_es, s.label_en, count, _money(value),
                         _money(_money(value) * s.probability / 100))
            for s, count, value in session.execute(
                select(Status, func.count(Opportunity.id), func.coalesce(func.sum(Opportunity.value), 0))
                .join(Opportunity, Opportunity.stage_id == Status.id)
                .join(Account, Account.id == Opportunity.account_id)
                .where(deals, Opportunity.status == "open").group_by(Status.id).order_by(Status.position))
        ]
        closed = {status: (count, _money(value)) for status, count, value in session.execute(
            select(Opportunity.status, func.count(Opportunity.id), func.coalesce(func.sum(Opportunity.value), 0))
            .join(Account, Account.id == Opportunity.account_id)
            .where(deals, Opportunity.status.in_(("won", "lost")), _between(Opportunity.closed_at, lower, upper))
            .group_by(Opportunity.status))}
        by_rep = _conversions_by_rep(uow, visible, lower, upper)
    won, lost = closed.get("won", (0, Decimal(0))), closed.get("lost", (0, Decimal(0)))
    return PipelineSummary(
        start, end, stages, sum(s.count for s in stages), sum((s.value for s in stages), Decimal(0)),
        sum((s.weighted_value for s in stages), Decimal(0)), won[0], won[1], lost[0], lost[1], by_rep)


def _conversions_by_rep(uow: UnitOfWork, visible: ColumnElement[bool], lower: datetime,
                        upper: datetime) -> list[RepConversions]:
    session = uow.session
    figures: dict[int, list[Any]] = defaultdict(lambda: [0, 0, Decimal(0)])
    for owner_id, count in session.execute(
        select(Account.owner_id, func.count(Account.id))
        .where(visible, Account.owner_id.is_not(None), _between(Account.converted_at, lower, upper))
        .group_by(Account.owner_id)
    ):
        figures[owner_id][0] = count
    for owner_id, won, value in session.execute(
        select(Opportunity.owner_id, func.count(Opportunity.id), func.coalesce(func.sum(Opportunity.value), 0))
        .join(Account, Account.id == Opportunity.account_id)
        .where(visible, Opportunity.owner_id.is_not(None), Opportunity.status == "won",
               _between(Opportunity.closed_at, lower, upper))
        .group_by(Opportunity.owner_id)
    ):
        figures[owner_id][1:] = [won, _money(value)]
    names = dict(session.execute(select(User.id, User.name).where(User.id.in_(list(figures)))).tuples().all())
    rows = [RepConversions(uid, names.get(uid, ""), c, w, v) for uid, (c, w, v) in figures.items()]
    return sorted(rows, key=lambda r: (-r.conversions, -r.won_value, r.name))
