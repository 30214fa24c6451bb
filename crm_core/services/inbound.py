"""Inbound chat events: stored before they are acknowledged, processed once, in order.

A platform retry of something already stored changes nothing (unique
source + external id). Processing claims an event atomically (pending →
processing) so two workers never handle the same one; an event whose
processing was interrupted by a crash goes back to pending after a lease.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, func, select, update
from sqlalchemy.exc import IntegrityError

from crm_core.errors import InvalidInput, NotFound
from crm_core.persistence.models import InboundEvent
from crm_core.persistence.types import utcnow
from crm_core.services.writing import writing
from crm_core.uow import UnitOfWork

logger = logging.getLogger(__name__)

FINAL_STATES = ("done", "failed", "ignored")
LEASE = timedelta(minutes=5)


@dataclass(frozen=True)
class InboundView:
    id: int
    source: str
    external_id: str
    sender: str | None
    user_id: int | None
    payload: dict[str, Any]
    state: str
    attempts: int
    last_error: str | None
    received_at: datetime

    @classmethod
    def of(cls, e: InboundEvent) -> InboundView:
        return cls(e.id, e.source, e.external_id, e.sender, e.user_id, dict(e.payload or {}),
                   e.state, e.attempts, e.last_error, e.received_at)


def store(uow: UnitOfWork, source: str, external_id: str, payload: dict[str, Any],
          sender: str | None = None, user_id: int | None = None) -> int | None:
    """Durably store an arrived event; None when it was stored before (a platform retry)."""
    if not source or not external_id:
        raise InvalidInput("an inbound event needs a source and an external id")
    with writing(uow, acknowledged=False):
        event = InboundEvent(source=source, external_id=str(external_id)[:128], payload=payload,
                             sender=sender, user_id=user_id)
        uow.session.add(event)
        try:
            uow.commit()
        except IntegrityError:
            logger.info("duplicate inbound event %s/%s ignored", source, external_id)
            return None
        return event.id


def get(uow: UnitOfWork, event_id: int) -> InboundView:
    """One stored event."""
    with uow:
        event = uow.session.get(InboundEvent, event_id)
        if event is None:
            raise NotFound("inbound event not found", event_id=event_id)
        return InboundView.of(event)


def find(uow: UnitOfWork, source: str, external_id: str) -> InboundView | None:
    """The event stored under a platform id, if any."""
    with uow:
        event = uow.session.scalar(select(InboundEvent).where(
            InboundEvent.source == source, InboundEvent.external_id == str(external_id)))
        return InboundView.of(event) if event is not None else None


def _oldest_open(uow: UnitOfWork, source: str, sender: str) -> InboundEvent | None:
    return uow.session.scalar(
        select(InboundEvent)
        .where(InboundEvent.source == source, InboundEvent.sender == sender,
               InboundEvent.state.in_(("pending", "processing")))
        .order_by(InboundEvent.id).limit(1)
    )


def claim(uow: UnitOfWork, event_id: int) -> bool:
    """Take a pending event for processing; False when someone else has it or it is finished."""
    with writing(uow):
        claimed = _claim(uow, event_id)
        uow.commit()
        return claimed


def _claim(uow: UnitOfWork, event_id: int) -> bool:
    result = cast("CursorResult[Any]", uow.session.execute(
        update(InboundEvent)
        .where(InboundEvent.id == event_id, InboundEvent.state == "pending")
        .values(state="processing", attempts=InboundEvent.attempts + 1, processed_at=utcnow())
    ))
    return result.rowcount == 1


def claim_next(uow: UnitOfWork, source: str, sender: str) -> InboundView | None:
    """Claim the sender's oldest unprocessed event in one transaction; None when there is none to take.

    An older event still in processing (another worker has it) blocks the later ones, so a
    sender's messages are answered in order. The view keeps the attempts made before this one.
    """
    with writing(uow):
        event = _oldest_open(uow, source, sender)
        if event is None or event.state != "pending":
            return None
        view = InboundView.of(event)
        if not _claim(uow, event.id):
            return None
        uow.commit()
        return view


def finish(uow: UnitOfWork, event_id: int, state: str, *, user_id: int | None = None,
           error: str | None = None, result: dict[str, Any] | None = None) -> None:
    """Record the outcome of processing: done, failed or ignored (final), or pending to retry later."""
    if state not in (*FINAL_STATES, "pending"):
        raise InvalidInput(f"unknown inbound state {state!r}", valid=[*FINAL_STATES, "pending"])
    with writing(uow):
        event = uow.session.get(InboundEvent, event_id)
        if event is None:
            raise NotFound("inbound event not found", event_id=event_id)
        event.state = state
        event.last_error = error[:2000] if error else None
        event.processed_at = utcnow()
        if user_id is not None:
            event.user_id = user_id
        if result is not None:
            event.payload = {**(event.payload or {}), "result": result}
        uow.commit()


def pending_senders(uow: UnitOfWork) -> list[tuple[str, str]]:
    """(source, sender) pairs that have events waiting, oldest first."""
    with uow:
        rows = uow.session.execute(
            select(InboundEvent.source, InboundEvent.sender, func.min(InboundEvent.id).label("first"))
            .where(InboundEvent.state == "pending", InboundEvent.sender.is_not(None))
            .group_by(InboundEvent.source, InboundEvent.sender)
            .order_by("first")
        )
        return [(source, sender) for source, sender, _ in rows]


def release_stale(uow: UnitOfWork, lease: timedelta = LEASE) -> int:
    """Put back to pending the events whose processing stopped (a crash) longer than `lease` ago."""
    with writing(uow):
        result = cast("CursorResult[Any]", uow.session.execute(
            update(InboundEvent)
            .where(InboundEvent.state == "processing", InboundEvent.processed_at < utcnow() - lease)
            .values(state="pending", last_error="processing interrupted")
        ))
        uow.commit()
        return result.rowcount


def recent(uow: UnitOfWork, source: str, sender: str, limit: int = 30) -> list[InboundView]:
    """The latest events of one sender, oldest first (the web chat's history)."""
    with uow:
        events = uow.session.scalars(
            select(InboundEvent)
            .where(InboundEvent.source == source, InboundEvent.sender == sender)
            .order_by(InboundEvent.id.desc()).limit(limit)
        )
        return [InboundView.of(e) for e in reversed(list(events))]
