"""Conversations as reps and managers see them: who may see which, claim, reassign, resolve, list."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, or_, select

from crm_core.domain import inbox as rules
from crm_core.domain.access import Principal, can_receive_conversation, can_see_account
from crm_core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from crm_core.persistence.models import (
    Account,
    Contact,
    Conversation,
    Message,
    User,
)
from crm_core.persistence.types import utcnow
from crm_core.read_models.common import Page
from crm_core.read_models.inbox import (
    ConversationView,
    MessageView,
    PendingConversation,
    shown_contact_name,
)
from crm_core.services.common import Actor, page, paged, principal, record, visible_accounts
from crm_core.services.inbox.assignment import conversation_team, rotation
from crm_core.services.inbox.settings import settings_row
from crm_core.uow import UnitOfWork


def open_conversation(uow: UnitOfWork, channel: str, thread_key: str) -> Conversation | None:
    """The thread's conversation not resolved yet, if any."""
    return uow.session.scalar(select(Conversation).where(
        Conversation.channel == channel, Conversation.thread_key == thread_key,
        Conversation.status != "resolved"))


def load_conversation(uow: UnitOfWork, who: Principal, conversation_id: int) -> Conversation:
    """The conversation if `who` may see it, else a domain error."""
    conversation = uow.session.get(Conversation, conversation_id)
    if conversation is None:
        raise NotFound("conversation not found", conversation_id=conversation_id)
    if who.is_admin or conversation.assignee_id == who.id:
        return conversation
    account = uow.session.get(Account, conversation.account_id) if conversation.account_id else None
    if account is not None and can_see_account(who, account.owner_id, account.team_id, account.shared):
        return conversation
    if who.role == "manager" and who.team_id is not None:
        assignee = uow.session.get(User, conversation.assignee_id) if conversation.assignee_id else None
        team_id = assignee.team_id if assignee is not None else conversation_team(uow, conversation)
        if team_id == who.team_id:
            return conversation
    raise PermissionDenied("this conversation belongs to someone else", conversation_id=conversation_id)


def visible_conversations(who: Principal) -> ColumnElement[bool]:
    """SQL condition matching the conversations `who` may see (mirror of load_conversation)."""
    if who.is_admin:
        return Conversation.id.is_not(None)
    mine = or_(Conversation.assignee_id == who.id,
               Conversation.account_id.in_(select(Account.id).where(visible_accounts(who))))
    if who.role == "manager" and who.team_id is not None:
        return or_(mine, Conversation.assignee_id.in_(select(User.id).where(User.team_id == who.team_id)))
    return mine


def claim_conversation(uow: UnitOfWork, actor: Actor, conversation_id: int) -> ConversationView:
    """The acting rep takes the conversation."""
    with uow:
        who = principal(uow, actor)
        conversation = load_conversation(uow, who, conversation_id)
        if conversation.assignee_id != who.id:
            record(uow, actor, "conversation", conversation.id, "claim",
                   {"assignee_id": (conversation.assignee_id, who.id)})
            conversation.assignee_id = who.id
        uow.commit()
        return ConversationView.of(conversation)


def reassign_conversation(uow: UnitOfWork, actor: Actor, conversation_id: int,
                          user_id: int | None = None) -> ConversationView:
    """Give the conversation to `user_id`, or to the next rep in rotation when none is named."""
    with uow:
        who = principal(uow, actor)
        conversation = load_conversation(uow, who, conversation_id)
        team_id = conversation_team(uow, conversation)
        if user_id is None:
            settings = settings_row(uow)
            pool = [u for u in rotation(uow, settings, team_id) if u != conversation.assignee_id]
            user_id = rules.next_in_rotation(pool, settings.last_assigned_id)
            settings.last_assigned_id = user_id
        target = uow.session.get(User, user_id) if user_id else None
        # A missing, inactive or other team's user all get the same answer: no id oracle.
        if target is None or not can_receive_conversation(who, team_id, target.team_id, target.active):
            raise InvalidInput("nobody to reassign the conversation to", user_id=user_id)
        record(uow, actor, "conversation", conversation.id, "reassign",
               {"assignee_id": (conversation.assignee_id, target.id)})
        conversation.assignee_id = target.id
        uow.commit()
        return ConversationView.of(conversation)


def resolve_conversation(uow: UnitOfWork, actor: Actor, conversation_id: int) -> ConversationView:
    """Close the conversation; the customer's next message opens a new one."""
    with uow:
        conversation = load_conversation(uow, principal(uow, actor), conversation_id)
        if conversation.status != "resolved":
            record(uow, actor, "conversation", conversation.id, "resolve",
                   {"status": (conversation.status, "resolved")})
            conversation.status, conversation.resolved_at, conversation.waiting_since = "resolved", utcnow(), None
        uow.commit()
        return ConversationView.of(conversation)


def set_status(uow: UnitOfWork, actor: Actor, conversation_id: int, status: str) -> ConversationView:
    """Move a conversation to open, pending or resolved."""
    if status not in rules.STATUSES:
        raise InvalidInput(f"unknown conversation status {status!r}", valid=list(rules.STATUSES))
    if status == "resolved":
        return resolve_conversation(uow, actor, conversation_id)
    with uow:
        conversation = load_conversation(uow, principal(uow, actor), conversation_id)
        if conversation.status == "resolved" and open_conversation(uow, conversation.channel, conversation.thread_key):
            raise Conflict("the customer already has a newer open conversation")
        record(uow, actor, "conversation", conversation.id, "status", {"status": (conversation.status, status)})
        conversation.status = status
        uow.commit()
        return ConversationView.of(conversation)


def get_conversation(uow: UnitOfWork, actor: Actor, conversation_id: int) -> ConversationView:
    """One conversation the actor may see."""
    with uow:
        return ConversationView.of(load_conversation(uow, principal(uow, actor), conversation_id))


def list_conversations(uow: UnitOfWork, actor: Actor, *, status: str | None = None, channel: str | None = None,
                       assignee_id: int | None = None, limit: int | None = None,
                       offset: int | None = None) -> Page:
    """Conversations the actor may see, newest first."""
    limit, offset = page(limit, offset)
    with uow:
        query = select(Conversation).where(visible_conversations(principal(uow, actor)))
        if status:
            query = query.where(Conversation.status == status)
        if channel:
            query = query.where(Conversation.channel == channel)
        if assignee_id is not None:
            query = query.where(Conversation.assignee_id == assignee_id)
        return paged(uow, query, (Conversation.id.desc(),), limit, offset, ConversationView.of)


def list_messages(uow: UnitOfWork, actor: Actor, conversation_id: int, *, limit: int | None = None,
                  offset: int | None = None) -> Page:
    """A conversation's messages, oldest first."""
    limit, offset = page(limit, offset)
    with uow:
        load_conversation(uow, principal(uow, actor), conversation_id)
        query = select(Message).where(Message.conversation_id == conversation_id)
        return paged(uow, query, (Message.id,), limit, offset, MessageView.of)


def pending_conversations(uow: UnitOfWork, actor: Actor, now: datetime | None = None,
                          limit: int = 20) -> list[PendingConversation]:
    """Conversations waiting for an answer, oldest first, with how long each has waited."""
    now = now or utcnow()
    with uow:
        who = principal(uow, actor)
        visible = Conversation.assignee_id == who.id if who.role == "rep" else visible_conversations(who)
        rows = uow.session.execute(
            select(Conversation, Contact.name, Account.name)
            .outerjoin(Contact, Contact.id == Conversation.contact_id)
            .outerjoin(Account, Account.id == Conversation.account_id)
            .where(visible, Conversation.status != "resolved", Conversation.waiting_since.is_not(None))
            .order_by(Conversation.waiting_since, Conversation.id).limit(limit)).all()
        result = []
        for conversation, contact_name, account_name in rows:
            last = uow.session.scalar(select(Message).where(
                Message.conversation_id == conversation.id, Message.direction == "in")
                .order_by(Message.id.desc()).limit(1))
            result.append(PendingConversation(
                conversation.id, conversation.channel,
                shown_contact_name(contact_name, conversation.identity_verified is not False)
                if contact_name else contact_name, account_name, conversation.assignee_id,
                conversation.waiting_since, int((now - conversation.waiting_since).total_seconds()),
                MessageView.of(last).display_text() if last else ""))
        return result


def visitor_messages(uow: UnitOfWork, channel: str, thread_key: str, after_id: int = 0,
                     limit: int = 100) -> list[MessageView]:
    """The messages a customer may see in their own thread (the web widget), after a message id."""
    with uow:
        ids = select(Conversation.id).where(Conversation.channel == channel, Conversation.thread_key == thread_key)
        rows = uow.session.scalars(select(Message).where(
            Message.conversation_id.in_(ids), Message.id > after_id,
            or_(Message.direction == "in", Message.delivery_status != "queued"))
            .order_by(Message.id).limit(limit))
        return [MessageView.of(x) for x in rows]
