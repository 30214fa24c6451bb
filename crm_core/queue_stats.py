"""Numbers about the inbox queue and outbound messages, read for metrics and readiness."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select

from crm_core.persistence.models import Conversation, InboxJob, Message
from crm_core.persistence.types import utcnow
from crm_core.uow import UnitOfWork


@dataclass(frozen=True)
class QueueStats:
    """The inbox queue at one instant."""

    depth: int  # jobs pending or being processed
    oldest_due_seconds: float  # how long the oldest due pending job has waited; 0 when none
    dead: int  # dead letters
    outbound: dict[tuple[str, str], int] = field(default_factory=dict)  # (channel, status) -> messages


def _aware(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes for what was stored in UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=utcnow().tzinfo)


def queue_stats(uow: UnitOfWork, now: datetime | None = None) -> QueueStats:
    """Depth, age of the oldest due job, dead letters and outbound messages by channel and status."""
    now = now or utcnow()
    with uow:
        states = dict(uow.session.execute(
            select(InboxJob.state, func.count()).where(InboxJob.state.in_(("pending", "processing", "dead")))
            .group_by(InboxJob.state)).tuples().all())
        oldest = uow.session.scalar(select(func.min(InboxJob.next_attempt_at)).where(
            InboxJob.state == "pending", InboxJob.next_attempt_at <= now))
        outbound = uow.session.execute(
            select(Conversation.channel, Message.delivery_status, func.count())
            .join(Conversation, Message.conversation_id == Conversation.id)
            .where(Message.direction == "out").group_by(Conversation.channel, Message.delivery_status)).all()
    age = max(0.0, (now - _aware(oldest)).total_seconds()) if oldest is not None else 0.0
    return QueueStats(depth=states.get("pending", 0) + states.get("processing", 0), oldest_due_seconds=age,
                      dead=states.get("dead", 0),
                      outbound={(channel, status): count for channel, status, count in outbound})
