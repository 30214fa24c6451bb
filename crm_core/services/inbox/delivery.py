"""Replies and their delivery: queued outbound messages, sending, platform receipts."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, and_, or_, select, update

from crm_core.domain import inbox as rules
from crm_core.errors import Conflict, InvalidInput, NotFound
from crm_core.persistence.models import (
    Contact,
    Conversation,
    DeliveryReceipt,
    Message,
)
from crm_core.persistence.types import utcnow
from crm_core.read_models.inbox import (
    ConversationView,
    MessageView,
    OutboundView,
)
from crm_core.services.common import Actor, principal, record
from crm_core.services.inbox.conversations import load_conversation, open_conversation
from crm_core.services.inbox.intake import JOB_LEASE, MAX_ATTEMPTS
from crm_core.services.inbox.routing import message_by_external_id
from crm_core.services.inbox.settings import settings_row
from crm_core.uow import UnitOfWork

logger = logging.getLogger(__name__)


def apply_receipt(uow: UnitOfWork, channel: str, external_id: str, status: str,
                  error: str | None = None) -> int | None:
    """Record a platform's delivery status; the message id it updated, or None when it is not here yet."""
    if status not in rules.DELIVERY_RANK:
        raise InvalidInput(f"unknown delivery status {status!r}", valid=list(rules.DELIVERY_RANK))
    with uow:
        exists = uow.session.scalar(select(DeliveryReceipt.id).where(
            DeliveryReceipt.channel == channel, DeliveryReceipt.message_external_id == external_id,
            DeliveryReceipt.status == status))
        if exists is None:
            uow.session.add(DeliveryReceipt(channel=channel, message_external_id=external_id,
                                            status=status, error=error))
        message = message_by_external_id(uow, channel, external_id)
        if message is not None:
            _apply_status(message, status, error)
        uow.commit()
        return message.id if message is not None else None


def _apply_status(message: Message, status: str, error: str | None) -> None:
    message.delivery_status = rules.later_status(message.delivery_status, status)
    if status == "failed":
        message.error = error or message.error


def _queue_outbound(uow: UnitOfWork, actor: Actor, conversation: Conversation, text: str, kind: str,
                    meta: dict[str, Any]) -> Message:
    now = utcnow()
    message = Message(conversation_id=conversation.id, channel=conversation.channel, direction="out",
                      kind=kind, text=text, author_id=actor.user_id, delivery_status="queued",
                      next_attempt_at=now, meta=meta, attachments=[], created_at=now)
    uow.session.add(message)
    if conversation.assignee_id is None and actor.user_id is not None:
        conversation.assignee_id = actor.user_id
    conversation.waiting_since = None
    conversation.status = "open" if conversation.status == "resolved" else conversation.status
    uow.flush()
    record(uow, actor, "conversation", conversation.id, "reply", {"message_id": (None, message.id)})
    return message


def start_outbound(uow: UnitOfWork, actor: Actor, *, channel: str, thread_key: str, contact_id: int | None,
                   account_id: int | None, assignee_id: int | None, subject: str | None, text: str,
                   meta: dict[str, Any]) -> Message:
    """Queue a message Rumbo sends on its own initiative, in the thread's open conversation or a new one.

    Inside the caller's unit of work; the customer's answer lands in the same conversation.
    """
    if channel not in rules.CHANNELS:
        raise InvalidInput(f"unknown inbox channel {channel!r}", valid=list(rules.CHANNELS))
    conversation = open_conversation(uow, channel, thread_key)
    if conversation is None:
        conversation = Conversation(channel=channel, thread_key=thread_key, contact_id=contact_id,
                                    account_id=account_id, assignee_id=assignee_id, subject=subject, status="open")
        uow.session.add(conversation)
        uow.flush()
        record(uow, actor, "conversation", conversation.id, "create",
               {"assignee_id": (None, assignee_id), "channel": (None, channel)})
    now = utcnow()
    message = Message(conversation_id=conversation.id, channel=channel, direction="out", kind="text", text=text,
                      automatic=True, delivery_status="queued", next_attempt_at=now, meta=meta, attachments=[],
                      created_at=now)
    uow.session.add(message)
    uow.flush()
    return message


def reply(uow: UnitOfWork, actor: Actor, conversation_id: int, text: str, now: datetime | None = None) -> MessageView:
    """Queue a rep's answer for the customer's channel; WhatsApp refuses free text outside 24 hours."""
    text = (text or "").strip()
    if not text:
        raise InvalidInput("a reply needs text")
    with uow:
        conversation = load_conversation(uow, principal(uow, actor), conversation_id)
        if conversation.channel == "whatsapp" and not rules.within_service_window(
                conversation.last_inbound_at, now or utcnow()):
            settings = settings_row(uow)
            raise Conflict("the customer wrote more than 24 hours ago: WhatsApp only allows a template now",
                           reason="outside_service_window", template=settings.whatsapp_template,
                           last_inbound_at=conversation.last_inbound_at.isoformat()
                           if conversation.last_inbound_at else None)
        message = _queue_outbound(uow, actor, conversation, text, "text", {})
        uow.commit()
        return MessageView.of(message)


def send_template(uow: UnitOfWork, actor: Actor, conversation_id: int) -> MessageView:
    """Queue the configured WhatsApp template, the only thing allowed outside the 24-hour window."""
    with uow:
        conversation = load_conversation(uow, principal(uow, actor), conversation_id)
        settings = settings_row(uow)
        if conversation.channel != "whatsapp" or not settings.whatsapp_template:
            raise Conflict("no WhatsApp template is configured for this conversation",
                           channel=conversation.channel)
        message = _queue_outbound(uow, actor, conversation, f"[template {settings.whatsapp_template}]",
                                  "template", {"template": settings.whatsapp_template,
                                               "language": settings.whatsapp_template_language})
        uow.commit()
        return MessageView.of(message)


def claim_outbound(uow: UnitOfWork, limit: int = 20, lease: timedelta = JOB_LEASE) -> list[OutboundView]:
    """Take due outbound messages for sending (a send interrupted by a crash is retried after the lease)."""
    now = utcnow()
    with uow:
        due = or_(and_(Message.delivery_status == "queued", Message.next_attempt_at <= now),
                  and_(Message.delivery_status == "sending", Message.next_attempt_at < now - lease))
        ids = list(uow.session.scalars(select(Message.id).where(due).order_by(Message.id).limit(limit)))
        taken = [i for i in ids if cast("CursorResult[Any]", uow.session.execute(
            update(Message).where(Message.id == i, due)
            .values(delivery_status="sending", attempts=Message.attempts + 1, next_attempt_at=now))).rowcount]
        uow.commit()
        return [_outbound_view(uow, m) for m in uow.session.scalars(
            select(Message).where(Message.id.in_(taken)).order_by(Message.id))]


def _outbound_view(uow: UnitOfWork, message: Message) -> OutboundView:
    conversation = uow.session.get(Conversation, message.conversation_id)
    assert conversation is not None  # foreign key
    contact = uow.session.get(Contact, conversation.contact_id) if conversation.contact_id else None
    earlier = uow.session.scalars(select(Message.external_id).where(
        Message.conversation_id == conversation.id, Message.id < message.id,
        Message.external_id.is_not(None)).order_by(Message.id))
    return OutboundView(MessageView.of(message), ConversationView.of(conversation),
                        contact.name if contact else None, contact.email if contact else None,
                        [e for e in earlier if e])


def mark_sent(uow: UnitOfWork, message_id: int, external_id: str | None) -> None:
    """The platform accepted the message; apply any receipt that raced ahead of this answer."""
    with uow:
        message = uow.session.get(Message, message_id)
        if message is None:
            raise NotFound("message not found", message_id=message_id)
        message.external_id = external_id
        message.delivery_status = rules.later_status(message.delivery_status, "sent")
        message.error = None
        if external_id:
            receipts = uow.session.scalars(select(DeliveryReceipt).where(
                DeliveryReceipt.channel == message.channel, DeliveryReceipt.message_external_id == external_id))
            for receipt in receipts:
                _apply_status(message, receipt.status, receipt.error)
        uow.commit()


def mark_send_failed(uow: UnitOfWork, message_id: int, error: str, *, transient: bool,
                     max_attempts: int = MAX_ATTEMPTS) -> str:
    """A send failed: retry later when transient and attempts remain, else mark it failed."""
    with uow:
        message = uow.session.get(Message, message_id)
        if message is None:
            raise NotFound("message not found", message_id=message_id)
        retry = transient and message.attempts < max_attempts
        message.delivery_status = "queued" if retry else "failed"
        message.next_attempt_at = utcnow() + rules.backoff(message.attempts) if retry else None
        message.error = error[:2000]
        uow.commit()
        logger.warning("send of message %s failed (attempt %s, %s): %s", message_id, message.attempts,
                       message.delivery_status, error)
        return message.delivery_status
