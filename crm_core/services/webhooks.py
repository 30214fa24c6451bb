"""Outbound webhooks: subscriptions, a transactional outbox, and the bookkeeping of deliveries.

Services call `emit(uow, event, payload)` inside their unit of work, so an event exists exactly when
the change it describes was committed. Each subscription that wants the event gets a delivery row
with its own `delivery_id`, kept on every retry so a receiver can recognise a repeat. A worker
claims due deliveries (`claim_due`), posts them and reports back (`finish`); a claim that was never
finished, because the process died mid-delivery, is taken up again once its lease runs out.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import and_, or_, select

from crm_core.errors import InvalidInput, NotFound, PermissionDenied
from crm_core.persistence.models import OutboxEvent, WebhookDelivery, WebhookSubscription
from crm_core.persistence.types import utcnow
from crm_core.read_models.common import Page, View
from crm_core.services.backup import encode
from crm_core.services.common import Actor, page, principal, record
from crm_core.uow import UnitOfWork

EVENTS = (
    "account.created", "account.status_changed",
    "opportunity.created", "opportunity.won", "opportunity.lost",
    "activity.logged", "task.created", "task.completed", "sprint.closed",
    "conversation.created", "message.received",
)
MAX_ATTEMPTS = 8
FIRST_RETRY = timedelta(seconds=30)
MAX_RETRY = timedelta(hours=2)
CLAIM_LEASE = timedelta(minutes=2)
SIGNATURE_HEADER = "X-Rumbo-Signature"
_SUBSCRIBERS = "webhook_subscribers"


@dataclass(frozen=True)
class SubscriptionView(View):
    id: int
    url: str
    events: list[str]
    active: bool
    created_at: datetime
    secret: str | None = None  # only in the answer that creates the subscription

    @classmethod
    def of(cls, s: WebhookSubscription, secret: str | None = None) -> SubscriptionView:
        return cls(s.id, s.url, list(s.events or []), s.active, s.created_at, secret)


@dataclass(frozen=True)
class DeliveryView(View):
    id: int
    delivery_id: str
    event: str
    state: str
    attempts: int
    response_status: int | None
    last_error: str | None
    next_attempt_at: datetime | None
    delivered_at: datetime | None
    created_at: datetime


@dataclass(frozen=True)
class Outgoing:
    """One claimed delivery, ready to post."""

    id: int
    delivery_id: str
    url: str
    event: str
    body: bytes
    signature: str

    def headers(self) -> dict[str, str]:
        """The request headers: content type, signature, event and delivery id."""
        return {"Content-Type": "application/json", SIGNATURE_HEADER: self.signature,
                "X-Rumbo-Event": self.event, "X-Rumbo-Delivery": self.delivery_id,
                "User-Agent": "Rumbo-Webhooks/1"}


def sign(secret: str, body: bytes) -> str:
    """The signature header value: `sha256=` and the hex HMAC-SHA256 of the body with the secret."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def verify(secret: str, body: bytes, header: str | None) -> bool:
    """True when the header carries this body's signature (what a receiver checks)."""
    return bool(header) and hmac.compare_digest(sign(secret, body), header or "")


def emit(uow: UnitOfWork, event: str, payload: dict[str, Any]) -> None:
    """Queue an event for its subscribers inside the caller's transaction; nothing when nobody listens."""
    if event not in EVENTS:
        raise ValueError(f"unknown webhook event {event!r}")
    subscribers: list[tuple[int, list[str]]] | None = uow.session.info.get(_SUBSCRIBERS)
    if subscribers is None:
        # looked up once per unit of work: an import emits thousands of events
        subscribers = [(s.id, list(s.events or [])) for s in uow.session.scalars(
            select(WebhookSubscription).where(WebhookSubscription.active.is_(True)))]
        uow.session.info[_SUBSCRIBERS] = subscribers
    wanted = [sid for sid, events in subscribers if event in events or "*" in events]
    if not wanted:
        return
    row = OutboxEvent(event=event, payload=_jsonable(payload))
    uow.session.add(row)
    uow.flush()
    for sid in wanted:
        uow.session.add(WebhookDelivery(delivery_id=str(uuid.uuid4()), subscription_id=sid, event_id=row.id))


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return encode(value)


def _admin(uow: UnitOfWork, actor: Actor) -> None:
    if not principal(uow, actor).is_admin:
        raise PermissionDenied("only an admin can manage webhooks")


def subscribe(uow: UnitOfWork, actor: Actor, url: str, events: list[str]) -> SubscriptionView:
    """Create a subscription; the answer shows its signing secret, the only time it is shown."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InvalidInput("the webhook URL must be http(s)://host/...", url=url)
    unknown = sorted(set(events) - set(EVENTS) - {"*"})
    if unknown or not events:
        raise InvalidInput("unknown webhook events" if unknown else "name at least one event",
                           events=unknown, valid=list(EVENTS))
    with uow:
        _admin(uow, actor)
        secret = secrets.token_hex(32)
        row = WebhookSubscription(url=url, events=sorted(set(events)), secret=secret, created_by_id=actor.user_id)
        uow.session.add(row)
        uow.flush()
        record(uow, actor, "webhook", row.id, "create", {"url": (None, url), "events": (None, row.events)})
        uow.commit()
        return SubscriptionView.of(row, secret)


def list_subscriptions(uow: UnitOfWork, actor: Actor) -> list[SubscriptionView]:
    """Every subscription, without secrets."""
    with uow:
        _admin(uow, actor)
        return [SubscriptionView.of(s) for s in uow.session.scalars(
            select(WebhookSubscription).order_by(WebhookSubscription.id))]


def deactivate(uow: UnitOfWork, actor: Actor, subscription_id: int) -> SubscriptionView:
    """Stop sending to a subscription; pending deliveries are dropped."""
    with uow:
        _admin(uow, actor)
        row = _subscription(uow, subscription_id)
        row.active = False
        for delivery in uow.session.scalars(select(WebhookDelivery).where(
                WebhookDelivery.subscription_id == row.id, WebhookDelivery.state == "pending")):
            delivery.state = "dead"
            delivery.last_error = "subscription deactivated"
        record(uow, actor, "webhook", row.id, "deactivate", {"active": (True, False)})
        uow.commit()
        return SubscriptionView.of(row)


def _subscription(uow: UnitOfWork, subscription_id: int) -> WebhookSubscription:
    row = uow.session.get(WebhookSubscription, subscription_id)
    if row is None:
        raise NotFound("webhook subscription not found", subscription_id=subscription_id)
    return row


def list_deliveries(uow: UnitOfWork, actor: Actor, subscription_id: int, *,
                    limit: int | None = None, offset: int | None = None) -> Page:
    """A subscription's deliveries, newest first."""
    limit, offset = page(limit, offset)
    with uow:
        _admin(uow, actor)
        _subscription(uow, subscription_id)
        base = select(WebhookDelivery, OutboxEvent.event).join(OutboxEvent, OutboxEvent.id == WebhookDelivery.event_id)\
            .where(WebhookDelivery.subscription_id == subscription_id)
        total = len(uow.session.execute(base.with_only_columns(WebhookDelivery.id)).all())
        rows = uow.session.execute(base.order_by(WebhookDelivery.id.desc()).limit(limit).offset(offset)).all()
        items = [DeliveryView(d.id, d.delivery_id, event, d.state, d.attempts, d.response_status, d.last_error,
                              d.next_attempt_at if d.state == "pending" else None, d.delivered_at, d.created_at)
                 for d, event in rows]
        return Page(items, total, limit, offset)


def body_of(delivery: WebhookDelivery, event: OutboxEvent) -> bytes:
    """The JSON body of a delivery, the same bytes on every attempt."""
    document = {"id": delivery.delivery_id, "event": event.event, "created_at": encode(event.created_at),
                "data": event.payload}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def claim_due(uow: UnitOfWork, now: datetime | None = None, limit: int = 50,
              lease: timedelta = CLAIM_LEASE) -> list[Outgoing]:
    """Take due deliveries (and ones whose claim ran out) for sending; each counts as an attempt."""
    now = now or utcnow()
    with uow:
        query = (
            select(WebhookDelivery, OutboxEvent, WebhookSubscription)
            .join(OutboxEvent, OutboxEvent.id == WebhookDelivery.event_id)
            .join(WebhookSubscription, WebhookSubscription.id == WebhookDelivery.subscription_id)
            .where(or_(and_(WebhookDelivery.state == "pending", WebhookDelivery.next_attempt_at <= now),
                       and_(WebhookDelivery.state == "sending", WebhookDelivery.claimed_at <= now - lease)))
            .order_by(WebhookDelivery.id).limit(limit)
        )
        if uow.session.get_bind().dialect.name == "postgresql":
            query = query.with_for_update(of=WebhookDelivery, skip_locked=True)
        claimed = []
        for delivery, event, subscription in uow.session.execute(query).all():
            delivery.state, delivery.claimed_at = "sending", now
            delivery.attempts += 1
            body = body_of(delivery, event)
            claimed.append(Outgoing(delivery.id, delivery.delivery_id, subscription.url, event.event, body,
                                    sign(subscription.secret, body)))
        uow.commit()
        return claimed


def retry_delay(attempts: int) -> timedelta:
    """How long after the n-th failed attempt the next one goes: doubling from 30 s, at most 2 h."""
    return min(FIRST_RETRY * (2 ** max(0, attempts - 1)), MAX_RETRY)


def finish(uow: UnitOfWork, delivery_pk: int, status: int | None, error: str | None = None,
           now: datetime | None = None) -> str:
    """Record an attempt's outcome: delivered on 2xx, else retried later or given up; returns the state."""
    now = now or utcnow()
    with uow:
        delivery = uow.session.get(WebhookDelivery, delivery_pk)
        if delivery is None or delivery.state != "sending":
            return delivery.state if delivery else "gone"
        delivery.response_status = status
        if status is not None and 200 <= status < 300:
            delivery.state, delivery.delivered_at, delivery.last_error = "delivered", now, None
        elif delivery.attempts >= MAX_ATTEMPTS:
            delivery.state, delivery.last_error = "dead", (error or f"HTTP {status}")[:2000]
        else:
            delivery.state, delivery.last_error = "pending", (error or f"HTTP {status}")[:2000]
            delivery.next_attempt_at = now + retry_delay(delivery.attempts)
        uow.commit()
        return delivery.state
