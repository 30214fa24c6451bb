"""The conversion funnel: accounts that entered each status in the period and what became of them.

An account enters a status when the history of status changes says so, or when it is created
in the period (its first status is where the history starts, else its status now). Each account
counts once per status, from its first entry in the period; what it did next is read from the
history up to now, so a past period shows how its accounts went on.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import and_, case, func, null, select, union_all

from crm_core.domain.periods import Period
from crm_core.domain.sprints import whole_percent
from crm_core.persistence.models import Account, Status, StatusChange
from crm_core.read_models.analytics import FunnelReport, FunnelStage
from crm_core.services.analytics.scope import resolve, window
from crm_core.services.common import Actor
from crm_core.uow import UnitOfWork

DAY_SECONDS = Decimal(86400)
TENTH = Decimal("0.1")


@dataclass
class _Tally:
    entered: int = 0
    moved_on: int = 0
    lost: int = 0
    moved_back: int = 0
    seconds: Decimal = Decimal(0)
    left: int = 0


def _seconds(dialect: str, later: Any, earlier: Any) -> Any:
    """Seconds between two timestamps, in the database's own arithmetic."""
    if dialect == "sqlite":
        return (func.julianday(later) - func.julianday(earlier)) * 86400
    return func.extract("epoch", later - earlier)


def funnel(uow: UnitOfWork, actor: Actor, period: str | Period, scope: str | None = "me") -> FunnelReport:
    """Per status of the flow: entered in the period, moved on, lost, moved back, still there, days spent."""
    with uow:
        win = window(uow, actor, period)
        where = resolve(uow, win.who, scope)
        session = uow.session
        statuses = session.execute(
            select(Status.id, Status.key, Status.label_es, Status.label_en, Status.kind, Status.position)
            .order_by(Status.position)).all()
        # Counted in the database: a year of a team's history is tens of thousands of changes,
        # and reading them row by row into Python took seconds.
        in_period = and_(Account.created_at >= win.lower, Account.created_at < win.upper)
        by_account = (StatusChange.account_id,)
        order = (StatusChange.at, StatusChange.id)
        history = (
            select(StatusChange.account_id, StatusChange.from_status_id, StatusChange.to_status_id,
                   StatusChange.at,
                   func.lead(StatusChange.to_status_id).over(partition_by=by_account, order_by=order).label("next_status"),
                   func.lead(StatusChange.at).over(partition_by=by_account, order_by=order).label("next_at"),
                   func.row_number().over(partition_by=(StatusChange.account_id, StatusChange.to_status_id),
                                          order_by=order).label("nth"),
                   func.row_number().over(partition_by=by_account, order_by=order).label("seq"),
                   func.first_value(StatusChange.from_status_id).over(partition_by=by_account, order_by=order)
                   .label("first_from"),
                   Account.created_at, case((in_period, 1), else_=0).label("created_in_period"))
            .join(Account, Account.id == StatusChange.account_id)
            .where(where.accounts, StatusChange.at >= win.lower)
        ).cte("history")
        dialect = session.get_bind().dialect.name
        # A status an account entered twice in the period counts once, from its first entry;
        # an account created in the period entered its first status then.
        moved = (
            select(history.c.to_status_id.label("status"), history.c.next_status,
                   _seconds(dialect, history.c.next_at, history.c.at).label("seconds"))
            .where(history.c.nth == 1, history.c.at < win.upper,
                   ~and_(history.c.created_in_period == 1,
                         history.c.to_status_id == func.coalesce(history.c.first_from, -1)))
        )
        created = (
            select(func.coalesce(history.c.from_status_id, history.c.to_status_id).label("status"),
                   history.c.to_status_id.label("next_status"),
                   _seconds(dialect, history.c.at, history.c.created_at).label("seconds"))
            .where(history.c.seq == 1, history.c.created_in_period == 1)
        )
        changed = select(StatusChange.id).where(StatusChange.account_id == Account.id,
                                                StatusChange.at >= win.lower)
        untouched = (
            select(Account.status_id.label("status"), null().label("next_status"), null().label("seconds"))
            .where(where.accounts, in_period, ~changed.exists())
        )
        entries = union_all(moved, created, untouched).subquery()
        counted = session.execute(
            select(entries.c.status, entries.c.next_status, func.count(), func.sum(entries.c.seconds))
            .group_by(entries.c.status, entries.c.next_status)).all()
    position = {s.id: s.position for s in statuses}
    kind = {s.id: s.kind for s in statuses}
    tallies: dict[int, _Tally] = defaultdict(_Tally)
    for status_id, next_status, count, seconds in counted:
        tally = tallies[status_id]
        tally.entered += count
        if next_status is None:
            continue
        if kind.get(next_status) == "lost":
            tally.lost += count
        elif position.get(next_status, -1) > position.get(status_id, -1):
            tally.moved_on += count
        else:
            tally.moved_back += count
        tally.left += count
        tally.seconds += Decimal(str(max(float(seconds or 0), 0)))
    stages = [_stage(s, tallies.get(s.id, _Tally())) for s in statuses]
    return FunnelReport(win.period.start, win.period.end, where.view, stages)


def _stage(status: Any, tally: _Tally) -> FunnelStage:
    average = None
    if tally.left:
        average = (tally.seconds / tally.left / DAY_SECONDS).quantize(TENTH, rounding=ROUND_HALF_UP)
    return FunnelStage(
        status=status.key, label_es=status.label_es, label_en=status.label_en, kind=status.kind,
        entered=tally.entered, moved_on=tally.moved_on, lost=tally.lost, moved_back=tally.moved_back,
        still_there=tally.entered - tally.left,
        conversion=whole_percent(tally.moved_on, tally.entered) if tally.entered and status.kind == "open" else None,
        average_days=average,
    )
