"""GDPR: erasing a person's personal data everywhere Rumbo keeps it, exporting it, and intake retention.

Erasure blanks the contact row, the contact's conversations (thread keys, subjects, message texts
and attachments), raw intake payloads that mention the person, mailing-sync addresses, and every
free-text or JSON value elsewhere that holds the person's name, email or phone. The audit keeps a
tombstone: who erased which contact id and when, never what was erased.
"""

from __future__ import annotations

import json
import logging
import re
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import JSON, String, Table, Text, cast, delete, func, or_, select, update
from sqlalchemy.types import TypeDecorator

from crm_core.errors import InvalidInput, NotFound, PermissionDenied
from crm_core.persistence.models import (
    Activity,
    AuditEntry,
    Base,
    Contact,
    ContactOptOut,
    Conversation,
    InboundEvent,
    InboxJob,
    MailingSyncMember,
    Message,
    Opportunity,
)
from crm_core.persistence.types import utcnow
from crm_core.services.backup import encode
from crm_core.services.common import Actor, principal, record
from crm_core.uow import UnitOfWork

logger = logging.getLogger(__name__)

ERASED = "[erased]"
ERASED_NAME = "(erased)"
# configuration and people of the company itself: no customer's data belongs there
NOT_SCANNED = frozenset({
    "users", "teams", "territories", "statuses", "custom_field_defs", "identities", "link_codes",
    "api_tokens", "leases", "job_cursors", "inbox_settings", "campaign_stages", "webhook_subscriptions",
    "mailing_syncs",
})
RAW_PAYLOADS = {("inbox_jobs", "payload"), ("inbound_events", "payload")}
MIN_NEEDLE = 5  # shorter values ("Ana", "123") would match unrelated text


def _admin(uow: UnitOfWork, actor: Actor) -> None:
    if not principal(uow, actor).is_admin:
        raise PermissionDenied("only an admin can erase or export a person's data")


def _needles(contact: Contact) -> list[str]:
    """The strings that identify the person: name, email, phone as typed and as bare digits."""
    found = [contact.name or "", contact.email or "", contact.phone or ""]
    if contact.phone:
        found.append(re.sub(r"\D", "", contact.phone))
    for value in (contact.handles or {}).values():
        found.append(str(value))
    needles = {n.strip() for n in found if len(n.strip()) >= MIN_NEEDLE}
    # JSON stores non-ASCII escaped; search the escaped spelling too
    needles |= {json.dumps(n)[1:-1] for n in needles}
    return sorted(needles, key=len, reverse=True)


def _scrub_text(value: str, needles: list[str]) -> str:
    for needle in needles:
        value = re.sub(re.escape(needle), ERASED, value, flags=re.IGNORECASE)
    return value


def _scrub(value: Any, needles: list[str]) -> Any:
    """The value with every mention of the person replaced, looking inside JSON structures."""
    if isinstance(value, str):
        return _scrub_text(value, needles)
    if isinstance(value, list):
        return [_scrub(v, needles) for v in value]
    if isinstance(value, dict):
        return {_scrub_text(str(k), needles): _scrub(v, needles) for k, v in value.items()}
    return value


def _is_text(kind: Any) -> bool:
    base = kind.impl_instance if isinstance(kind, TypeDecorator) else kind
    return isinstance(base, (String, Text, JSON))


def _unique_columns(table: Table) -> set[str]:
    names = {c.name for c in table.columns if c.unique or c.primary_key}
    for constraint in table.constraints:
        if constraint.__class__.__name__ == "UniqueConstraint":
            names |= {c.name for c in constraint.columns}  # type: ignore[attr-defined]  # Table.constraints is typed set[Constraint]; a UniqueConstraint has columns
    return names


ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _mentions(column: Any, needles: list[str]) -> Any:
    """SQL: the column's text contains a needle, in any letter case."""
    text = func.lower(cast(column, Text))
    # SQLite's lower() folds ASCII letters only, PostgreSQL's every letter: match either folding
    spellings = {spelling for n in needles for spelling in (n.lower(), n.translate(ASCII_LOWER))}
    return or_(*(text.contains(s, autoescape=True) for s in sorted(spellings)))


def erase_contact(uow: UnitOfWork, actor: Actor, contact_id: int) -> dict[str, int]:
    """Remove a person's personal data everywhere; returns how many values each table lost."""
    with uow:
        _admin(uow, actor)
        contact = uow.session.get(Contact, contact_id)
        if contact is None:
            raise NotFound("contact not found", contact_id=contact_id)
        if contact.name == ERASED_NAME and contact.email is None and contact.phone is None:
            raise InvalidInput("this contact was already erased", contact_id=contact_id)
        needles = _needles(contact)
        touched: dict[str, int] = {}
        for conversation in uow.session.scalars(select(Conversation).where(Conversation.contact_id == contact.id)):
            conversation.thread_key = f"erased:{conversation.id}"
            conversation.subject = None
            touched["conversations"] = touched.get("conversations", 0) + 1
            changed = uow.session.execute(
                update(Message).where(Message.conversation_id == conversation.id)
                .values(text="", attachments=[], meta={}, error=None)
            )
            touched["messages"] = touched.get("messages", 0) + (changed.rowcount or 0)  # type: ignore[attr-defined]  # Session.execute types DML results as Result; they are CursorResults
        uow.session.execute(delete(MailingSyncMember).where(MailingSyncMember.contact_id == contact.id))
        for entry in uow.session.scalars(select(AuditEntry).where(AuditEntry.entity == "contact",
                                                                  AuditEntry.entity_id == contact.id)):
            entry.changes = {}
            touched["audit_entries"] = touched.get("audit_entries", 0) + 1
        contact.name, contact.role, contact.email, contact.phone = ERASED_NAME, None, None, None
        contact.handles, contact.custom = {}, {}
        uow.flush()
        if needles:
            for table_name, count in _scrub_everywhere(uow, needles).items():
                touched[table_name] = touched.get(table_name, 0) + count
        record(uow, actor, "contact", contact.id, "erase")
        uow.commit()
        logger.info("erased contact %s: %s", contact_id, touched)
        return touched


def _scrub_everywhere(uow: UnitOfWork, needles: list[str]) -> dict[str, int]:
    """Replace the person's mentions in every free-text and JSON column outside the company's own setup."""
    touched: dict[str, int] = {}
    for table in Base.metadata.sorted_tables:
        if table.name in NOT_SCANNED:
            continue
        keys = list(table.primary_key.columns)
        unique = _unique_columns(table)
        columns = [c for c in table.columns if _is_text(c.type) and c.name not in unique]
        for col in columns:
            rows = uow.session.execute(select(*keys, col).where(_mentions(col, needles))).all()
            for row in rows:
                if (table.name, col.name) in RAW_PAYLOADS:
                    value: Any = {}
                else:
                    value = _scrub(row[-1], needles)
                where = [k == row[i] for i, k in enumerate(keys)]
                uow.session.execute(update(table).where(*where).values({col.name: value}))
                touched[table.name] = touched.get(table.name, 0) + 1
    return touched


def export_contact(uow: UnitOfWork, actor: Actor, contact_id: int) -> dict[str, Any]:
    """Everything Rumbo holds about a person, as JSON-ready data (GDPR Art. 20)."""
    with uow:
        _admin(uow, actor)
        contact = uow.session.get(Contact, contact_id)
        if contact is None:
            raise NotFound("contact not found", contact_id=contact_id)
        needles = _needles(contact)

        def rows(model: Any, *where: Any) -> list[dict[str, Any]]:
            return [_row(obj) for obj in uow.session.scalars(select(model).where(*where).order_by(model.id))]

        conversations = []
        for conversation in uow.session.scalars(select(Conversation).where(Conversation.contact_id == contact.id)
                                                .order_by(Conversation.id)):
            item = _row(conversation)
            item["messages"] = rows(Message, Message.conversation_id == conversation.id)
            conversations.append(item)
        intake: list[dict[str, Any]] = []
        if needles:
            intake = rows(InboxJob, _mentions(InboxJob.payload, needles)) + \
                rows(InboundEvent, _mentions(InboundEvent.payload, needles))
        return {
            "exported_at": encode(utcnow()),
            "contact": _row(contact),
            "account": {"id": contact.account_id},
            "conversations": conversations,
            "activities": rows(Activity, Activity.contact_id == contact.id),
            "opportunities": rows(Opportunity, Opportunity.contact_id == contact.id),
            "opt_outs": rows(ContactOptOut, ContactOptOut.contact_id == contact.id),
            "mailing_lists": rows(MailingSyncMember, MailingSyncMember.contact_id == contact.id),
            "audit": rows(AuditEntry, AuditEntry.entity == "contact", AuditEntry.entity_id == contact.id),
            "raw_intake": intake,
        }


def _row(obj: Any) -> dict[str, Any]:
    return {c.key: encode(getattr(obj, c.key)) for c in obj.__table__.columns}


def purge_intake_payloads(uow: UnitOfWork, older_than_days: int, now: datetime | None = None) -> int:
    """Blank the raw payloads of handled intake older than N days; the rows stay as duplicate guards."""
    if older_than_days < 1:
        raise InvalidInput("retention must be at least one day", days=older_than_days)
    cutoff = (now or utcnow()) - timedelta(days=older_than_days)
    with uow:
        jobs = uow.session.execute(
            update(InboxJob).where(InboxJob.received_at < cutoff, InboxJob.state.in_(("done", "dead")),
                                   cast(InboxJob.payload, Text) != "{}").values(payload={})
        ).rowcount or 0  # type: ignore[attr-defined]  # Session.execute types DML results as Result; they are CursorResults
        events = uow.session.execute(
            update(InboundEvent).where(InboundEvent.received_at < cutoff,
                                       InboundEvent.state.in_(("done", "failed", "ignored")),
                                       cast(InboundEvent.payload, Text) != "{}").values(payload={})
        ).rowcount or 0  # type: ignore[attr-defined]  # Session.execute types DML results as Result; they are CursorResults
        uow.commit()
    if jobs or events:
        logger.info("intake retention: blanked %s inbox payloads and %s chat payloads", jobs, events)
    return int(jobs) + int(events)

