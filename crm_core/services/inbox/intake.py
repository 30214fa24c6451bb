"""The durable intake queue: webhooks store raw payloads before they answer, the worker claims them.

Webhooks `enqueue` raw payloads (unique per channel and external id, so a platform retry changes
nothing) before they answer 200; the worker claims jobs, turns each into an `IncomingMessage` and
calls `routing.receive`. A job that keeps failing ends in the dead letters, which managers see.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    Select,
    Table,
    TextClause,
    and_,
    bindparam,
    exists,
    or_,
    select,
    text,
    true,
    update,
)

from crm_core.domain import inbox as rules
from crm_core.domain.access import Principal
from crm_core.errors import Conflict, NotFound, PermissionDenied
from crm_core.persistence.models import (
    Conversation,
    InboxJob,
    Message,
)
from crm_core.persistence.types import utcnow
from crm_core.read_models.common import Page
from crm_core.read_models.inbox import (
    JobView,
)
from crm_core.services.common import Actor, page, paged, principal, record
from crm_core.services.inbox.conversations import visible_conversations
from crm_core.services.inbox.settings import settings_row
from crm_core.services.writing import writing
from crm_core.uow import UnitOfWork

logger = logging.getLogger(__name__)


MAX_ATTEMPTS = 6


# A job still "processing" this long after its claim belongs to a worker that died; it is taken again
# (processing is idempotent, so a slow worker finishing late changes nothing).
JOB_LEASE = timedelta(seconds=30)


_JOB_COLUMNS = ("channel", "external_id", "kind", "payload", "state", "attempts", "next_attempt_at", "received_at")


def _insert_new_jobs() -> TextClause:
    """`INSERT … ON CONFLICT (channel, external_id) DO NOTHING`, spelt alike by SQLite and PostgreSQL.

    Written as SQL text because SQLAlchemy never caches the compiled form of the dialects' own
    `insert().on_conflict_do_nothing()` (their Insert classes opt out of the statement cache), so
    building it once still compiled it on every webhook: 15% of the gateway's CPU per
    acknowledgement. A text statement is compiled once; its typed parameters keep the column
    types' conversions (JSON payload, UTC datetimes).
    """
    table = cast("Table", InboxJob.__table__)  # a mapped class's FromClause is its Table
    return text(
        f"INSERT INTO {table.name} ({', '.join(_JOB_COLUMNS)}) VALUES ({', '.join(':' + c for c in _JOB_COLUMNS)}) "
        "ON CONFLICT (channel, external_id) DO NOTHING"
    ).bindparams(*(bindparam(c, type_=table.c[c].type) for c in _JOB_COLUMNS))


_INSERT_NEW_JOBS = _insert_new_jobs()


def enqueue(uow: UnitOfWork, channel: str, items: list[tuple[str, str, dict[str, Any]]]) -> int:
    """Store raw payload items `(external_id, kind, payload)` durably; returns how many were new."""
    if not items:
        return 0
    now = utcnow()
    rows = [{"channel": channel, "external_id": str(external_id)[:191], "kind": kind, "payload": payload,
             "state": "pending", "attempts": 0, "next_attempt_at": now, "received_at": now}
            for external_id, kind, payload in items]
    with writing(uow, acknowledged=False):
        stored = uow.session.connection().execute(_INSERT_NEW_JOBS, rows).rowcount
        uow.commit()
    if stored < len(rows):
        logger.info("%s %s payload(s) already stored, ignored", len(rows) - stored, channel)
    return max(stored, 0)


def claim_jobs(uow: UnitOfWork, limit: int = 50, lease: timedelta = JOB_LEASE) -> list[JobView]:
    """Take due jobs for processing, oldest first; jobs left in processing past the lease come back."""
    now = utcnow()
    with uow:
        due = or_(and_(InboxJob.state == "pending", InboxJob.next_attempt_at <= now),
                  and_(InboxJob.state == "processing", InboxJob.processed_at < now - lease))
        ids = list(uow.session.scalars(select(InboxJob.id).where(due).order_by(InboxJob.id).limit(limit)))
        if not ids:
            return []
        # One conditional update is the claim of the whole batch: rows another worker took since the
        # select no longer match `due`, and the claim time tells this worker's rows from theirs.
        uow.session.execute(
            update(InboxJob).where(InboxJob.id.in_(ids), due)
            .values(state="processing", attempts=InboxJob.attempts + 1, processed_at=now)
            .execution_options(synchronize_session=False)
        )
        uow.commit()
        jobs = uow.session.scalars(select(InboxJob).where(
            InboxJob.id.in_(ids), InboxJob.state == "processing", InboxJob.processed_at == now).order_by(InboxJob.id))
        return [JobView.of(j) for j in jobs]


def last_received_at(uow: UnitOfWork) -> datetime | None:
    """When the newest payload was stored (the queue's primary key gives it without a scan)."""
    with uow:
        return uow.session.scalar(select(InboxJob.received_at).order_by(InboxJob.id.desc()).limit(1))


def complete_jobs(uow: UnitOfWork, job_ids: list[int]) -> None:
    """Mark jobs processed, in one transaction (a crash before it only repeats idempotent work)."""
    if not job_ids:
        return
    with uow:
        uow.session.execute(update(InboxJob).where(InboxJob.id.in_(job_ids))
                            .values(state="done", last_error=None, processed_at=utcnow()))
        uow.commit()


def fail_job(uow: UnitOfWork, job_id: int, error: str, max_attempts: int = MAX_ATTEMPTS) -> str:
    """Schedule a retry with backoff, or move the job to the dead letters after `max_attempts`."""
    with uow:
        job = uow.session.get(InboxJob, job_id)
        if job is None:
            raise NotFound("inbox job not found", job_id=job_id)
        job.state = "dead" if job.attempts >= max_attempts else "pending"
        job.next_attempt_at = utcnow() + rules.backoff(job.attempts)
        job.last_error = error[:2000]
        uow.commit()
        logger.warning("inbox job %s failed (attempt %s, now %s): %s", job_id, job.attempts, job.state, error)
        return job.state


def _require_manager(uow: UnitOfWork, actor: Actor) -> Principal:
    who = principal(uow, actor)
    if not who.is_manager:
        raise PermissionDenied("only managers and admins may see the inbox queue")
    return who


# Meta's webhook carries Messenger and Instagram: their jobs are stored under "meta".
_JOB_CHANNELS = {"meta": ("messenger", "instagram")}


def _job_message(who: Principal | None = None) -> Select[tuple[int]]:
    """The customer message a job was routed into (seen by `who`, when given), matched on its external id."""
    channel = or_(Message.channel == InboxJob.channel,
                  *(and_(InboxJob.channel == job_channel, Message.channel.in_(channels))
                    for job_channel, channels in _JOB_CHANNELS.items()))
    query = select(Message.id).where(Message.direction == "in", Message.external_id == InboxJob.external_id, channel)
    if who is not None:
        query = query.join(Conversation, Conversation.id == Message.conversation_id).where(visible_conversations(who))
    return query


def _visible_jobs(uow: UnitOfWork, who: Principal) -> ColumnElement[bool]:
    """Jobs a manager may read: routed into a conversation they see, or not routed yet on their inbox.

    A job holds a customer's raw message; admins see every job, a manager their team's. A job not
    routed into a conversation yet belongs to the inbox's team (the one new leads rotate in), or,
    when the inbox has no team, to no team yet and so to every manager.
    """
    if who.is_admin:
        return true()
    routed = exists(_job_message(who))
    inbox_team = settings_row(uow).team_id
    if inbox_team is not None and inbox_team != who.team_id:
        return routed
    return or_(routed, and_(InboxJob.channel != "rep", ~exists(_job_message())))


def list_jobs(uow: UnitOfWork, actor: Actor, *, state: str | None = None, channel: str | None = None,
              limit: int | None = None, offset: int | None = None) -> Page:
    """Queue jobs, newest first, for managers and admins (`state=dead` shows the dead letters)."""
    limit, offset = page(limit, offset)
    with uow:
        who = _require_manager(uow, actor)
        query = select(InboxJob).where(_visible_jobs(uow, who))
        if state:
            query = query.where(InboxJob.state == state)
        if channel:
            query = query.where(InboxJob.channel == channel)
        return paged(uow, query, (InboxJob.id.desc(),), limit, offset, JobView.of)


def retry_job(uow: UnitOfWork, actor: Actor, job_id: int) -> JobView:
    """Put a dead job back in the queue."""
    with uow:
        who = _require_manager(uow, actor)
        job = uow.session.scalar(select(InboxJob).where(InboxJob.id == job_id, _visible_jobs(uow, who)))
        if job is None:
            raise NotFound("inbox job not found", job_id=job_id)
        if job.state != "dead":
            raise Conflict("only dead jobs can be retried", state=job.state)
        job.state, job.attempts, job.next_attempt_at = "pending", 0, utcnow()
        record(uow, actor, "inbox_job", job.id, "retry")
        uow.commit()
        return JobView.of(job)
