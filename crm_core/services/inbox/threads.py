"""Where a conversation is mirrored for its rep (Slack threads, Telegram messages)."""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from crm_core.errors import NotFound
from crm_core.persistence.models import (
    ConversationThread,
    Identity,
    Message,
)
from crm_core.read_models.inbox import (
    ThreadView,
)
from crm_core.uow import UnitOfWork

logger = logging.getLogger(__name__)


def link_thread(uow: UnitOfWork, conversation_id: int, provider: str, chat_id: str, thread_id: str,
                user_id: int | None = None) -> None:
    """Remember a Slack thread or Telegram message that stands for a conversation."""
    with uow:
        uow.session.add(ConversationThread(conversation_id=conversation_id, provider=provider,
                                           chat_id=str(chat_id), thread_id=str(thread_id), user_id=user_id))
        try:
            uow.commit()
        except IntegrityError:
            logger.info("thread %s/%s/%s already linked", provider, chat_id, thread_id)


def find_thread(uow: UnitOfWork, provider: str, chat_id: str, thread_id: str) -> ThreadView | None:
    """The conversation a Slack thread or Telegram message stands for, if any."""
    with uow:
        row = uow.session.scalar(select(ConversationThread).where(
            ConversationThread.provider == provider, ConversationThread.chat_id == str(chat_id),
            ConversationThread.thread_id == str(thread_id)))
        return ThreadView(row.conversation_id, row.provider, row.chat_id, row.thread_id, row.user_id) if row else None


def threads_of(uow: UnitOfWork, conversation_id: int, provider: str) -> list[ThreadView]:
    """Where a conversation is already mirrored on one platform, oldest first."""
    with uow:
        rows = uow.session.scalars(select(ConversationThread).where(
            ConversationThread.conversation_id == conversation_id, ConversationThread.provider == provider)
            .order_by(ConversationThread.id))
        return [ThreadView(r.conversation_id, r.provider, r.chat_id, r.thread_id, r.user_id) for r in rows]


def mark_notified(uow: UnitOfWork, message_id: int) -> None:
    """The assigned rep has been shown this customer message (so a retried job does not repeat it)."""
    with uow:
        message = uow.session.get(Message, message_id)
        if message is not None:
            message.meta = {**(message.meta or {}), "notified": True}
            uow.commit()


def rep_identities(uow: UnitOfWork, user_id: int) -> dict[str, str]:
    """A user's chat identities by provider (where the inbox can notify them)."""
    with uow:
        rows = uow.session.execute(select(Identity.provider, Identity.external_id)
                                   .where(Identity.user_id == user_id).order_by(Identity.id))
        return {provider: external_id for provider, external_id in rows}


def conversation_of_message(uow: UnitOfWork, message_id: int) -> int:
    """The conversation a message belongs to."""
    with uow:
        conversation_id = uow.session.scalar(select(Message.conversation_id).where(Message.id == message_id))
        if conversation_id is None:
            raise NotFound("message not found", message_id=message_id)
        return conversation_id
