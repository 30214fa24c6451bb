"""Routing customer messages: find or create contact, lead and conversation, store, auto-answer."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.exc import IntegrityError

from crm_core.domain import inbox as rules
from crm_core.errors import InvalidInput
from crm_core.persistence.models import (
    Account,
    Contact,
    Conversation,
    InboxSettings,
    Message,
)
from crm_core.persistence.types import utcnow
from crm_core.read_models.inbox import (
    ConversationView,
    IncomingMessage,
    MessageView,
    Received,
    shown_contact_name,
)
from crm_core.services import accounts, campaigns, contacts
from crm_core.services.common import SYSTEM, principal, record
from crm_core.services.inbox.assignment import assignee_for
from crm_core.services.inbox.conversations import open_conversation
from crm_core.services.inbox.settings import settings_row
from crm_core.services.webhooks import emit
from crm_core.uow import UnitOfWork

logger = logging.getLogger(__name__)


OUT_OF_HOURS_REPEAT = timedelta(hours=12)


def _own_contact(contact: Contact, channel: str, handle: str | None) -> bool:
    """Whether the contact was made for this very sender (its handle on the channel is theirs)."""
    return bool(handle) and (contact.handles or {}).get(channel) == handle


def _match_contact(uow: UnitOfWork, incoming: IncomingMessage) -> Contact | None:
    """The known contact behind a sender: by E.164 phone, lowercased email, or channel handle.

    On a channel where the sender only claims who they are, their own handle is tried first.
    """
    if incoming.handle and incoming.channel in rules.CLAIMED_IDENTITY_CHANNELS:
        own = uow.session.scalar(select(Contact).where(
            Contact.handles[incoming.channel].as_string() == incoming.handle).order_by(Contact.id).limit(1))
        if own is not None:
            return own
    conditions: list[ColumnElement[bool]] = []
    phone = rules.e164(incoming.phone)
    if phone:
        conditions.append(Contact.phone == phone)
    email = rules.normalise_email(incoming.email)
    if email:
        conditions.append(Contact.email == email)
    if incoming.handle:
        conditions.append(Contact.handles[incoming.channel].as_string() == incoming.handle)
    if conditions:
        found = uow.session.scalar(select(Contact).where(or_(*conditions)).order_by(Contact.id).limit(1))
        if found is not None or not phone:
            return found
    if not phone:
        return None
    # Reps type numbers as they like ("+56 9 1234 5678"); compare them normalised.
    candidates = uow.session.execute(
        select(Contact, Account.country).join(Account, Account.id == Contact.account_id)
        .where(Contact.phone.contains(phone[-4:])).order_by(Contact.id).limit(500))
    for contact, country in candidates:
        if phone in (rules.e164(contact.phone), rules.e164(contact.phone, country)):
            return contact
    return None


def _display_name(incoming: IncomingMessage) -> str:
    return (incoming.sender_name or rules.e164(incoming.phone) or rules.normalise_email(incoming.email)
            or f"{incoming.channel} {incoming.handle or incoming.thread_key}").strip()[:200]


def _create_lead(uow: UnitOfWork, incoming: IncomingMessage, settings: InboxSettings) -> Contact:
    """An unknown sender becomes an account with status lead (source = channel) and its contact.

    Inside the caller's unit of work: the lead, its contact, the conversation and its assignment
    commit together, so a crash between them leaves nothing a retried job could duplicate.
    """
    owner_id = assignee_for(uow, settings, None, settings.territory_id)
    name = _display_name(incoming)
    account = accounts.new_account(uow, SYSTEM, principal(uow, SYSTEM), name=name, status="lead",
                                   source=incoming.channel, owner_id=owner_id,
                                   territory_id=settings.territory_id)
    contact = contacts.new_contact(
        uow, SYSTEM, account, name=name, email=rules.normalise_email(incoming.email),
        phone=rules.e164(incoming.phone),
        handles={incoming.channel: incoming.handle} if incoming.handle else None)
    logger.info("new %s lead: account %s contact %s", incoming.channel, account.id, contact.id)
    return contact


def _automatic_replies(uow: UnitOfWork, settings: InboxSettings, conversation: Conversation,
                       first_contact: bool, now: datetime) -> list[Message]:
    """A first-contact acknowledgement, or the out-of-hours text (not repeated within 12 hours)."""
    texts: list[tuple[str, str]] = []
    if not rules.is_open(settings.business_hours or {}, settings.timezone, now):
        recent = uow.session.scalar(select(Message.id).where(
            Message.conversation_id == conversation.id, Message.automatic.is_(True),
            Message.meta["auto"].as_string() == "out_of_hours",
            Message.created_at > now - OUT_OF_HOURS_REPEAT).limit(1))
        text = rules.text_for(settings.out_of_hours_texts or {}, rules.DEFAULT_OUT_OF_HOURS, conversation.language)
        if recent is None and text:
            texts.append(("out_of_hours", text))
    elif first_contact:
        text = rules.text_for(settings.ack_texts or {}, rules.DEFAULT_ACK, conversation.language)
        if text:
            texts.append(("ack", text))
    replies = [Message(conversation_id=conversation.id, channel=conversation.channel, direction="out",
                       text=text, automatic=True, delivery_status="queued", next_attempt_at=now,
                       meta={"auto": auto}, attachments=[]) for auto, text in texts]
    uow.session.add_all(replies)
    return replies


def receive(uow: UnitOfWork, incoming: IncomingMessage, now: datetime | None = None) -> Received:
    """Route a customer message: find or create contact, lead and conversation, assign, store, auto-answer.

    One transaction: a new lead, its contact, the conversation, its assignment and the message
    are stored together or not at all.
    """
    if incoming.channel not in rules.CHANNELS:
        raise InvalidInput(f"unknown inbox channel {incoming.channel!r}", valid=list(rules.CHANNELS))
    now = now or utcnow()
    with uow:
        known = message_by_external_id(uow, incoming.channel, incoming.external_id)
        if known is not None:
            return _received(uow, known, new_message=False)
        try:
            conversation = open_conversation(uow, incoming.channel, incoming.thread_key)
            contact = _match_contact(uow, incoming) if conversation is None else None
            contact_id = conversation.contact_id if conversation is not None else (contact.id if contact else None)
            new_lead = conversation is None and contact_id is None
            # A visitor who typed a known contact's email proves nothing: attach, marked unverified.
            verified = (contact is None or incoming.channel not in rules.CLAIMED_IDENTITY_CHANNELS
                        or _own_contact(contact, incoming.channel, incoming.handle))
            if new_lead:
                contact_id = _create_lead(uow, incoming, settings_row(uow)).id
            result = _store_incoming(uow, incoming, contact_id, now, new_lead, verified)
            uow.commit()
        except IntegrityError:
            # The same platform message (or a first message of the same thread) got here first.
            uow.session.rollback()
            known = message_by_external_id(uow, incoming.channel, incoming.external_id)
            if known is None:
                raise
            return _received(uow, known, new_message=False)
        return result


def _store_incoming(uow: UnitOfWork, incoming: IncomingMessage, contact_id: int | None,
                    now: datetime, new_lead: bool, verified: bool = True) -> Received:
    settings = settings_row(uow)
    conversation = open_conversation(uow, incoming.channel, incoming.thread_key)
    first_contact = conversation is None
    if conversation is None:
        contact = uow.session.get(Contact, contact_id) if contact_id else None
        account = uow.session.get(Account, contact.account_id) if contact else None
        conversation = Conversation(
            channel=incoming.channel, thread_key=incoming.thread_key, contact_id=contact_id,
            account_id=account.id if account else None, language=incoming.language,
            subject=incoming.subject, identity_verified=verified,
            assignee_id=assignee_for(uow, settings, account.owner_id if account else None,
                                account.territory_id if account else settings.territory_id))
        uow.session.add(conversation)
        uow.flush()
        record(uow, SYSTEM, "conversation", conversation.id, "create",
               {"assignee_id": (None, conversation.assignee_id), "channel": (None, incoming.channel)})
        emit(uow, "conversation.created", ConversationView.of(conversation).to_dict())
    conversation.status = "open"
    conversation.last_inbound_at = max(filter(None, [conversation.last_inbound_at, incoming.sent_at or now]))
    conversation.waiting_since = conversation.waiting_since or now
    conversation.language = incoming.language or conversation.language
    message = Message(
        conversation_id=conversation.id, channel=incoming.channel, direction="in", kind=incoming.kind,
        text=incoming.text or "", attachments=list(incoming.attachments), external_id=incoming.external_id,
        delivery_status="received", meta={**incoming.meta, **({"subject": incoming.subject} if incoming.subject else {}),
                                          **_claim(incoming, conversation)},
        created_at=now)
    uow.session.add(message)
    uow.flush()
    emit(uow, "message.received", MessageView.of(message).to_dict())
    if incoming.channel in rules.CLAIMED_IDENTITY_CHANNELS and not first_contact:
        # What the visitor's form says joins the same transaction as the message that carried it.
        _fill_in_contact(uow, conversation, name=incoming.sender_name, email=incoming.email, phone=incoming.phone)
    if conversation.account_id is not None:
        campaigns.record_reply(uow, SYSTEM, conversation.account_id, now)
    replies = _automatic_replies(uow, settings, conversation, first_contact, now)
    uow.flush()
    return _received(uow, message, new_message=True, new_conversation=first_contact, new_lead=new_lead,
                     replies=replies)


def message_by_external_id(uow: UnitOfWork, channel: str, external_id: str) -> Message | None:
    """The stored message of a platform id on a channel, if any."""
    return uow.session.scalar(select(Message).where(Message.channel == channel,
                                                    Message.external_id == external_id))


def _claim(incoming: IncomingMessage, conversation: Conversation) -> dict[str, Any]:
    """What an unverified sender said they are, kept on their message for the rep to see."""
    if conversation.identity_verified is not False:
        return {}
    said = {"name": (incoming.sender_name or "").strip()[:200] or None,
            "email": rules.normalise_email(incoming.email), "phone": rules.e164(incoming.phone)}
    return {"claimed_identity": {k: v for k, v in said.items() if v}}


def _received(uow: UnitOfWork, message: Message, *, new_message: bool, new_conversation: bool = False,
              new_lead: bool = False, replies: list[Message] | None = None) -> Received:
    conversation = uow.session.get(Conversation, message.conversation_id)
    assert conversation is not None  # a message always belongs to a conversation (foreign key)
    contact = uow.session.get(Contact, conversation.contact_id) if conversation.contact_id else None
    account = uow.session.get(Account, conversation.account_id) if conversation.account_id else None
    claim = (message.meta or {}).get("claimed_identity") or {}
    name = contact.name if contact else conversation.thread_key
    shown = shown_contact_name(name, conversation.identity_verified is not False,
                               claim.get("name") or claim.get("email") or claim.get("phone"))
    return Received(ConversationView.of(conversation), MessageView.of(message), new_message,
                    new_conversation, new_lead, shown,
                    account.name if account else None, [MessageView.of(r) for r in replies or []])


def update_contact_details(uow: UnitOfWork, channel: str, thread_key: str, *, name: str | None = None,
                           email: str | None = None, phone: str | None = None) -> None:
    """Fill in what a customer told about themselves (the widget's form) on their contact.

    Only a contact that is the sender's own: a claimed identity (an unverified conversation, or
    a widget visitor attached to someone else's contact) never changes stored contact data.
    """
    with uow:
        conversation = open_conversation(uow, channel, thread_key)
        if conversation is not None:
            _fill_in_contact(uow, conversation, name=name, email=email, phone=phone)
        uow.commit()


def _fill_in_contact(uow: UnitOfWork, conversation: Conversation, *, name: str | None, email: str | None,
                     phone: str | None) -> None:
    """Inside the caller's unit of work: the details the sender gave, on their own contact only."""
    contact = uow.session.get(Contact, conversation.contact_id) if conversation.contact_id else None
    if contact is None:
        return
    channel = conversation.channel
    if not conversation.identity_verified or (
            channel in rules.CLAIMED_IDENTITY_CHANNELS and not _own_contact(contact, channel, conversation.thread_key)):
        logger.info("conversation %s: claimed details not applied to contact %s", conversation.id, contact.id)
        return
    fields = {"name": (name or "").strip()[:200] or None, "email": rules.normalise_email(email),
              "phone": rules.e164(phone)}
    changes = {k: (getattr(contact, k), v) for k, v in fields.items() if v and getattr(contact, k) != v}
    for key, (_, value) in changes.items():
        setattr(contact, key, value)
    if changes:
        record(uow, SYSTEM, "contact", contact.id, "update", changes)
