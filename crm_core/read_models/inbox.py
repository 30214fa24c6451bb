"""Read models of the inbox: conversations, messages, queue jobs, settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from crm_core.persistence import models as m
from crm_core.read_models.common import View


@dataclass(frozen=True)
class IncomingMessage:
    """A customer message as every channel connector hands it to the inbox."""

    channel: str
    external_id: str
    thread_key: str
    kind: str = "text"
    text: str = ""
    attachments: list[dict[str, Any]] = field(default_factory=list)
    sender_name: str | None = None
    phone: str | None = None
    email: str | None = None
    handle: str | None = None  # the platform's id of the sender (PSID, Telegram chat, visitor)
    language: str | None = None
    subject: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    sent_at: datetime | None = None


@dataclass(frozen=True)
class ConversationView(View):
    id: int
    channel: str
    thread_key: str
    contact_id: int | None
    account_id: int | None
    assignee_id: int | None
    status: str
    language: str | None
    subject: str | None
    last_inbound_at: datetime | None
    waiting_since: datetime | None
    created_at: datetime
    identity_verified: bool = True  # False: the customer only claimed to be this contact

    @classmethod
    def of(cls, c: m.Conversation) -> ConversationView:
        return cls(c.id, c.channel, c.thread_key, c.contact_id, c.account_id, c.assignee_id,
                   c.status, c.language, c.subject, c.last_inbound_at, c.waiting_since, c.created_at,
                   c.identity_verified is not False)


@dataclass(frozen=True)
class MessageView(View):
    id: int
    conversation_id: int
    channel: str
    direction: str
    kind: str
    text: str
    attachments: list[Any]
    external_id: str | None
    author_id: int | None
    automatic: bool
    delivery_status: str
    attempts: int
    error: str | None
    meta: dict[str, Any]
    created_at: datetime

    @classmethod
    def of(cls, x: m.Message) -> MessageView:
        return cls(x.id, x.conversation_id, x.channel, x.direction, x.kind, x.text,
                   list(x.attachments or []), x.external_id, x.author_id, x.automatic,
                   x.delivery_status, x.attempts, x.error, dict(x.meta or {}), x.created_at)

    def display_text(self) -> str:
        """What a rep reads: the text, or what kind of thing arrived when there is none."""
        if self.kind == "unknown":
            return f"[unsupported message type: {self.meta.get('type', 'unknown')}] {self.text}".strip()
        if self.kind != "text":
            return f"[{self.kind}] {self.text}".strip()
        return self.text


UNVERIFIED_MARK = "⚠️"


def shown_contact_name(name: str, verified: bool, claimed: str | None = None) -> str:
    """The sender's name as a rep sees it; an unverified claim is marked, with what was claimed."""
    if verified:
        return name
    return f"{UNVERIFIED_MARK} {name} ({claimed} ?)" if claimed else f"{UNVERIFIED_MARK} {name} (?)"


@dataclass(frozen=True)
class Received(View):
    """What routing a customer message did.

    `contact_name` is what a rep's notification shows for the sender: for an identity only
    claimed it starts with `UNVERIFIED_MARK` and ends with the claim, so the rep never takes
    the visitor for the contact they named.
    """

    conversation: ConversationView
    message: MessageView
    new_message: bool
    new_conversation: bool
    new_lead: bool
    contact_name: str
    account_name: str | None
    automatic_replies: list[MessageView]


@dataclass(frozen=True)
class PendingConversation(View):
    id: int
    channel: str
    contact_name: str | None
    account_name: str | None
    assignee_id: int | None
    waiting_since: datetime
    waited_seconds: int
    last_text: str


@dataclass(frozen=True)
class JobView(View):
    id: int
    channel: str
    external_id: str
    kind: str
    payload: dict[str, Any]
    state: str
    attempts: int
    next_attempt_at: datetime
    last_error: str | None
    received_at: datetime
    processed_at: datetime | None

    @classmethod
    def of(cls, j: m.InboxJob) -> JobView:
        return cls(j.id, j.channel, j.external_id, j.kind, dict(j.payload or {}), j.state, j.attempts,
                   j.next_attempt_at, j.last_error, j.received_at, j.processed_at)


@dataclass(frozen=True)
class ThreadView(View):
    conversation_id: int
    provider: str
    chat_id: str
    thread_id: str
    user_id: int | None


@dataclass(frozen=True)
class OutboundView(View):
    """An outbound message with what its channel needs to send it."""

    message: MessageView
    conversation: ConversationView
    contact_name: str | None
    contact_email: str | None
    in_reply_to: list[str]  # external ids of earlier messages, oldest first (email threading)


@dataclass(frozen=True)
class InboxSettingsView(View):
    timezone: str
    business_hours: dict[str, Any]
    ack_texts: dict[str, Any]
    out_of_hours_texts: dict[str, Any]
    whatsapp_template: str | None
    whatsapp_template_language: str
    widget_identity: str
    team_id: int | None
    territory_id: int | None

    @classmethod
    def of(cls, s: m.InboxSettings) -> InboxSettingsView:
        return cls(s.timezone, dict(s.business_hours or {}), dict(s.ack_texts or {}),
                   dict(s.out_of_hours_texts or {}), s.whatsapp_template, s.whatsapp_template_language,
                   s.widget_identity, s.team_id, s.territory_id)
