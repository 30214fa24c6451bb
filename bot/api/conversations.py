"""`/api/v1/conversations`: the shared inbox — conversations, their messages, replies, and the intake queue."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from apiflask import APIBlueprint, Schema
from apiflask.fields import Boolean, DateTime, Dict, Integer, List, String
from apiflask.validators import Length, OneOf, Regexp
from marshmallow import ValidationError

from bot.api.auth import current_actor, protect, uow
from bot.api.schemas import Id, PageQuery, Text, page_of
from crm_core.domain.inbox import CHANNELS, STATUSES
from crm_core.read_models.common import Page
from crm_core.read_models.inbox import (
    ConversationView,
    InboxSettingsView,
    JobView,
    MessageView,
    PendingConversation,
)
from crm_core.services import inbox

bp = protect(APIBlueprint("conversations", __name__, url_prefix="/api/v1/conversations", tag="Inbox"))


class ConversationOut(Schema):
    id = Integer()
    channel = String(metadata={"enum": list(CHANNELS)})
    contact_id = Integer(allow_none=True)
    account_id = Integer(allow_none=True)
    assignee_id = Integer(allow_none=True)
    status = String(metadata={"enum": list(STATUSES)})
    thread_key = String()
    language = String(allow_none=True)
    subject = String(allow_none=True)
    last_inbound_at = DateTime(allow_none=True)
    waiting_since = DateTime(allow_none=True)
    created_at = DateTime()


class MessageOut(Schema):
    id = Integer()
    conversation_id = Integer()
    direction = String(metadata={"enum": ["in", "out"]})
    kind = String(metadata={"description": "text, image, audio, video, document, sticker, location, "
                                           "interactive, template, or unknown (kept as it came)"})
    text = String()
    attachments = List(Dict())
    external_id = String(allow_none=True)
    author_id = Integer(allow_none=True)
    automatic = Boolean()
    delivery_status = String(metadata={"enum": ["received", "queued", "sending", "sent", "delivered",
                                                "read", "failed"]})
    attempts = Integer()
    error = String(allow_none=True)
    meta = Dict()
    created_at = DateTime()


class PendingOut(Schema):
    id = Integer()
    channel = String()
    contact_name = String(allow_none=True)
    account_name = String(allow_none=True)
    assignee_id = Integer(allow_none=True)
    waiting_since = DateTime()
    waited_seconds = Integer()
    last_text = String()


class JobOut(Schema):
    id = Integer()
    channel = String()
    external_id = String()
    kind = String()
    state = String(metadata={"enum": ["pending", "processing", "done", "dead"]})
    attempts = Integer()
    next_attempt_at = DateTime()
    last_error = String(allow_none=True)
    received_at = DateTime()
    processed_at = DateTime(allow_none=True)
    payload = Dict()


class SettingsOut(Schema):
    timezone = String()
    business_hours = Dict()
    ack_texts = Dict()
    out_of_hours_texts = Dict()
    whatsapp_template = String(allow_none=True)
    whatsapp_template_language = String()
    widget_identity = String()
    team_id = Integer(allow_none=True)
    territory_id = Integer(allow_none=True)


def _known_zone(value: str) -> None:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValidationError("not an IANA time zone such as America/Santiago") from None


TEXTS = {"description": "language code -> text, e.g. {\"es\": \"...\", \"en\": \"...\"}"}


class SettingsIn(Schema):
    timezone = String(validate=[Length(min=1, max=64), Regexp(r"^[A-Za-z0-9_+\-/]+$"), _known_zone],
                      metadata={"description": "an IANA time zone such as America/Santiago"})
    business_hours = Dict(keys=Text(16), metadata={"description": "weekday -> opening hours"})
    ack_texts = Dict(keys=Text(5, min_length=2), values=Text(4096), metadata=TEXTS)
    out_of_hours_texts = Dict(keys=Text(5, min_length=2), values=Text(4096), metadata=TEXTS)
    whatsapp_template = Text(120, allow_none=True)
    whatsapp_template_language = Text(10, min_length=2)
    widget_identity = String(validate=OneOf(["before", "during", "off"]))
    team_id = Id(allow_none=True)
    territory_id = Id(allow_none=True)


ConversationPage = page_of(ConversationOut, "ConversationPage")
MessagePage = page_of(MessageOut, "MessagePage")
JobPage = page_of(JobOut, "JobPage")


class ConversationsQuery(PageQuery):
    status = String(validate=OneOf(list(STATUSES)))
    channel = String(validate=OneOf(list(CHANNELS)))
    assignee_id = Id()


class JobsQuery(PageQuery):
    state = String(validate=OneOf(["pending", "processing", "done", "dead"]))
    channel = Text(16)


class ReplyIn(Schema):
    text = Text(4096, min_length=1, required=True)


class ConversationStatusIn(Schema):
    status = String(required=True, validate=OneOf(list(STATUSES)))


class AssignIn(Schema):
    user_id = Id(allow_none=True, load_default=None,
                      metadata={"description": "omit for the next rep in rotation"})


@bp.get("")
@bp.input(ConversationsQuery, location="query", arg_name="query")
@bp.output(ConversationPage)
def list_conversations(query: dict[str, Any]) -> Page:
    """Conversations the caller may see, newest first."""
    return inbox.list_conversations(uow(), current_actor(), **query)


@bp.get("/pending")
@bp.output(PendingOut(many=True))
def pending() -> list[PendingConversation]:
    """Conversations waiting for an answer, oldest first, with how long each has waited."""
    return inbox.pending_conversations(uow(), current_actor())


@bp.get("/queue")
@bp.input(JobsQuery, location="query", arg_name="query")
@bp.output(JobPage)
@bp.doc(description="The durable intake queue; `state=dead` lists the dead letters. Managers and admins.")
def queue(query: dict[str, Any]) -> Page:
    """Stored webhook payloads and their processing state."""
    return inbox.list_jobs(uow(), current_actor(), **query)


@bp.post("/queue/<int:job_id>/retry")
@bp.output(JobOut)
def retry(job_id: int) -> JobView:
    """Put a dead job back in the queue."""
    return inbox.retry_job(uow(), current_actor(), job_id)


@bp.get("/settings")
@bp.output(SettingsOut)
def get_settings() -> InboxSettingsView:
    """Business hours, time zone, automatic texts, WhatsApp template, rotation team."""
    return inbox.get_settings(uow())


@bp.patch("/settings")
@bp.input(SettingsIn, arg_name="data")
@bp.output(SettingsOut)
def update_settings(data: dict[str, Any]) -> InboxSettingsView:
    """Change the inbox settings (admins)."""
    return inbox.update_settings(uow(), current_actor(), **data)


@bp.get("/<int:conversation_id>")
@bp.output(ConversationOut)
def get_conversation(conversation_id: int) -> ConversationView:
    """One conversation."""
    return inbox.get_conversation(uow(), current_actor(), conversation_id)


@bp.get("/<int:conversation_id>/messages")
@bp.input(PageQuery, location="query", arg_name="query")
@bp.output(MessagePage)
def list_messages(conversation_id: int, query: dict[str, Any]) -> Page:
    """The conversation's messages, oldest first, with their delivery status."""
    return inbox.list_messages(uow(), current_actor(), conversation_id, **query)


@bp.post("/<int:conversation_id>/messages")
@bp.input(ReplyIn, arg_name="data")
@bp.output(MessageOut, status_code=202)
@bp.doc(description="Queued for sending; 409 `outside_service_window` for WhatsApp after 24 hours.")
def reply(conversation_id: int, data: dict[str, Any]) -> MessageView:
    """Answer the customer through their channel."""
    from bot.inbox_worker import nudge

    message = inbox.reply(uow(), current_actor(), conversation_id, data["text"])
    nudge()
    return message


@bp.post("/<int:conversation_id>/template")
@bp.output(MessageOut, status_code=202)
def template(conversation_id: int) -> MessageView:
    """Send the configured WhatsApp template (allowed outside the 24-hour window)."""
    from bot.inbox_worker import nudge

    message = inbox.send_template(uow(), current_actor(), conversation_id)
    nudge()
    return message


@bp.post("/<int:conversation_id>/claim")
@bp.output(ConversationOut)
def claim(conversation_id: int) -> ConversationView:
    """Take the conversation."""
    return inbox.claim_conversation(uow(), current_actor(), conversation_id)


@bp.post("/<int:conversation_id>/assign")
@bp.input(AssignIn, arg_name="data")
@bp.output(ConversationOut)
def assign(conversation_id: int, data: dict[str, Any]) -> ConversationView:
    """Give the conversation to a user, or to the next rep in rotation."""
    return inbox.reassign_conversation(uow(), current_actor(), conversation_id, data.get("user_id"))


@bp.put("/<int:conversation_id>/status")
@bp.input(ConversationStatusIn, arg_name="data")
@bp.output(ConversationOut)
def set_status(conversation_id: int, data: dict[str, Any]) -> ConversationView:
    """Open, pending or resolved."""
    return inbox.set_status(uow(), current_actor(), conversation_id, data["status"])
