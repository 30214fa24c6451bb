"""The conversion funnel: accounts that entered each status in the period and what became of them.

An account enters a status when the history of status changes says so, or when it is created
in the period (its first status is where the history starts, else its status now). Each account
counts once per status, from its first entry in the period; what it did next is read from the
history up to now, so a past period shows how its accounts went on.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import select

from crm_core.analytics_views import FunnelReport, FunnelStage
from crm_core.domain.periods import Period
from crm_core.domain.sprints import whole_percent
from crm_core.persistence.models import Account, Status, StatusChange
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


def funnel(uow: UnitOfWork, actor: Actor, period: str | Period, scope: str | None = "me") -> FunnelReport:
    """Per status of the flow: entered in the period, moved on, lost, moved back, still there, days spent."""
    with uow:
        win = window(uow, actor, period)
        where = resolve(uow, win.who, scope)
        session = uow.session
        statuses = session.execute(
            select(Status.id, Status.key, Status.label_es, Status.label_en, Status.kind, Status.position)
            .order_by(Status.position)).all()
        changes: dict[int, list[tuple[int | None, int, datetime]]] = defaultdict(list)
        for account_id, before, after, at in session.execute(
            select(StatusChange.account_id, StatusChange.from_status_id, StatusChange.to_status_id,
                   StatusChange.at)
            .join(Account, Account.id == StatusChange.account_id)
            .where(where.accounts, StatusChange.at >= win.lower)
            .order_by(StatusChange.account_id, StatusChange.at, StatusChange.id)
        ):
            changes[account_id].append((before, after, at))
        created = session.execute(
            select(Account.id, Account.status_id, Account.created_at)
            .where(where.accounts, Account.created_at >= win.lower, Account.created_at < win.upper)
        ).all()
    position = {s.id: s.position for s in statuses}
    kind = {s.id: s.kind for s in statuses}
    tallies: dict[int, _Tally] = defaultdict(_Tally)
    seen: set[tuple[int, int]] = set()

    def enter(account_id: int, status_id: int, at: datetime, following: tuple[int | None, int, datetime] | None) -> None:
        if (account_id, status_id) in seen:
            return
        seen.add((account_id, status_id))
        tally = tallies[status_id]
        tally.entered += 1
        if following is None:
            return
        target = following[1]
        if kind.get(target) == "lost":
            tally.lost += 1
        elif position.get(target, -1) > position.get(status_id, -1):
            tally.moved_on += 1
        else:
            tally.moved_back += 1
        tally.left += 1
        tally.seconds += Decimal(str(max((following[2] - at).total_seconds(), 0)))

    entries: list[tuple[datetime, int, int, tuple[int | None, int, datetime] | None]] = []
    for account_id, status_id, created_at in created:
        history = changes.get(account_id, [])
        first = history[0][0] if history and history[0][0] is not None else status_id
        entries.append((created_at, account_id, first, history[0] if history else None))
    for account_id, history in changes.items():
        for index, (_before, after, at) in enumerate(history):
            if at < win.upper:
                following = history[index + 1] if index + 1 < len(history) else None
                entries.append((at, account_id, after, following))
    for at, account_id, status_id, following in sorted(entries, key=lambda e: (e[0], e[1])):
        enter(account_id, status_id, at, following)
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
