"""Rep performance in a period: activities by type, tasks done and overdue, conversions, revenue,
and how fast customers' inbox messages got a human answer.

Response time runs from the first customer message that found the conversation waiting to the
next answer a person wrote (automatic acknowledgements do not count); waits that started in the
period count, attributed to the conversation's assignee.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, cast

from sqlalchemy import ColumnElement, and_, case, func, or_, select

from crm_core.domain.periods import Period
from crm_core.persistence.models import Account, Activity, Conversation, Message, Opportunity, Task
from crm_core.persistence.types import utcnow
from crm_core.read_models.analytics import Money, RepPerformance, RepPerformanceReport
from crm_core.services.analytics.scope import Scope, names_of, resolve, window
from crm_core.services.common import Actor
from crm_core.uow import UnitOfWork

CENTS = Decimal("0.01")
TENTH = Decimal("0.1")


def _per_person(query: Any, where: Scope, person: Any, account: Any) -> Any:
    """Restrict a query to the scope: by the person column, or by its account."""
    if where.people is not None:
        return query.where(where.by_person(person))
    return query.join(Account, Account.id == account).where(where.accounts)


def rep_performance(uow: UnitOfWork, actor: Actor, period: str | Period,
                    scope: str | None = "me") -> RepPerformanceReport:
    """Per rep: activities by type, tasks done and overdue, conversions, won deals, inbox response time."""
    with uow:
        win = window(uow, actor, period)
        where = resolve(uow, win.who, scope)
        session = uow.session
        activities: dict[int, dict[str, int]] = defaultdict(dict)
        for author, kind, count in session.execute(_per_person(
            select(Activity.author_id, Activity.type, func.count(Activity.id))
            .where(Activity.occurred_at >= win.lower, Activity.occurred_at < win.upper),
            where, Activity.author_id, Activity.account_id).group_by(Activity.author_id, Activity.type)
        ):
            activities[author][kind] = count
        done = dict(session.execute(_per_person(
            select(Task.assignee_id, func.count(Task.id))
            .where(Task.status == "done", Task.completed_at >= win.lower, Task.completed_at < win.upper),
            where, Task.assignee_id, Task.account_id).group_by(Task.assignee_id)).tuples().all())
        overdue = dict(session.execute(_per_person(
            select(Task.assignee_id, func.count(Task.id))
            .where(Task.status == "open", Task.due_at < min(win.upper, utcnow())),
            where, Task.assignee_id, Task.account_id).group_by(Task.assignee_id)).tuples().all())
        converted = dict(session.execute(
            select(Account.owner_id, func.count(Account.id))
            .where(_accounts_of(where), Account.converted_at >= win.lower, Account.converted_at < win.upper)
            .group_by(Account.owner_id)).tuples().all())
        won: dict[int, list[Money]] = defaultdict(list)
        for owner, currency, count, value in session.execute(
            select(Opportunity.owner_id, Opportunity.currency, func.count(Opportunity.id),
                   func.coalesce(func.sum(Opportunity.value), 0))
            .join(Account, Account.id == Opportunity.account_id)
            .where(where.owned(Opportunity.owner_id), Opportunity.status == "won",
                   Opportunity.closed_at >= win.lower, Opportunity.closed_at < win.upper)
            .group_by(Opportunity.owner_id, Opportunity.currency)
        ):
            won[owner].append(Money(currency, count, Decimal(value or 0).quantize(CENTS)))
        waits = _response_times(uow, where, win.lower, win.upper)
        people = cast("set[int]", set(where.people or []) | set(activities) | set(done) | set(overdue) | set(converted) | set(won) | set(waits))  # owner-less rows bring None, discarded below
        people.discard(None)
        names = names_of(uow, people)
    rows = [_row(uid, names.get(uid, ""), activities.get(uid, {}), done.get(uid, 0), overdue.get(uid, 0),
                 converted.get(uid, 0), sorted(won.get(uid, []), key=lambda m: m.currency), waits.get(uid, {}))
            for uid in people]
    rows.sort(key=lambda r: (-r.conversions, -sum(m.count for m in r.won), -r.activities_total, r.name))
    return RepPerformanceReport(win.period.start, win.period.end, where.view, rows)


def _accounts_of(where: Scope) -> ColumnElement[bool]:
    if where.people is None:
        return where.accounts
    return and_(where.visible, where.by_person(Account.owner_id))


def _response_times(uow: UnitOfWork, where: Scope, lower: datetime, upper: datetime) -> dict[int, dict[int, list[float]]]:
    """Minutes to a person's answer for each wait that began in the period, per assignee and conversation."""
    # Automatic acknowledgements neither answer nor end a wait, so they are left out before
    # the window functions look at a message's neighbours; the database finds each wait's
    # start and its first answer, so only one row per wait comes back.
    conversation = (Message.conversation_id,)
    order = (Message.created_at, Message.id)
    messages = (select(Conversation.assignee_id, Message.conversation_id, Message.direction, Message.created_at,
                       func.lag(Message.direction).over(partition_by=conversation, order_by=order).label("before"),
                       func.min(case((Message.direction == "out", Message.created_at)))
                       .over(partition_by=conversation, order_by=order, rows=(1, None)).label("answered_at"))
                .join(Conversation, Conversation.id == Message.conversation_id)
                .where(Message.created_at >= lower, Conversation.assignee_id.is_not(None),
                       or_(Message.direction == "in",
                           and_(Message.automatic.is_(False), Message.author_id.is_not(None)))))
    if where.people is not None:
        messages = messages.where(where.by_person(Conversation.assignee_id))
    else:
        messages = messages.join(Account, Account.id == Conversation.account_id).where(where.accounts)
    flow = messages.subquery()
    dialect = uow.session.get_bind().dialect.name
    waited = (func.julianday(flow.c.answered_at) - func.julianday(flow.c.created_at)) * 1440 \
        if dialect == "sqlite" else func.extract("epoch", flow.c.answered_at - flow.c.created_at) / 60
    waits: dict[int, dict[int, list[float]]] = defaultdict(lambda: defaultdict(list))
    for assignee, conversation_id, minutes in uow.session.execute(
        select(flow.c.assignee_id, flow.c.conversation_id, waited)
        .where(flow.c.direction == "in", or_(flow.c.before.is_(None), flow.c.before == "out"),
               flow.c.created_at < upper, flow.c.answered_at.is_not(None))
    ):
        waits[assignee][conversation_id].append(float(minutes))
    return waits


def _row(uid: int, name: str, activities: dict[str, int], done: int, overdue: int, conversions: int,
         won: list[Money], waits: dict[int, list[float]]) -> RepPerformance:
    minutes = [m for per_conversation in waits.values() for m in per_conversation]

    def tenth(value: float) -> Decimal:
        return Decimal(str(value)).quantize(TENTH, rounding=ROUND_HALF_UP)

    return RepPerformance(
        user_id=uid, name=name, activities=dict(sorted(activities.items())),
        activities_total=sum(activities.values()), tasks_done=done, tasks_overdue=overdue,
        conversions=conversions, won=won, conversations=len(waits),
        response_minutes_median=tenth(statistics.median(minutes)) if minutes else None,
        response_minutes_average=tenth(sum(minutes) / len(minutes)) if minutes else None,
    )
