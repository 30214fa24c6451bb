"""Keeping an account list in step with a mailing tool's audience, and the opt-outs that come back.

The core decides who belongs in the audience (contacts with an email of the list's accounts, minus
those who opted out) and remembers what was sent, so a contact who left the list is archived there
on the next run. Talking to Mailchimp or Brevo is the edge's job (`bot.mailing`).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select

from crm_core.errors import Ambiguous, InvalidInput, NotFound, PermissionDenied
from crm_core.persistence.models import (
    AccountList,
    Contact,
    ContactOptOut,
    MailingSync,
    MailingSyncMember,
)
from crm_core.persistence.types import utcnow
from crm_core.services.common import SYSTEM, Actor, principal, record
from crm_core.services.lists import load_list, member_ids
from crm_core.uow import UnitOfWork

logger = logging.getLogger(__name__)

PROVIDERS = ("mailchimp", "brevo")
OPT_OUT_CHANNELS = ("email", "sms")
DAILY = timedelta(hours=23)


@dataclass(frozen=True)
class Member:
    """One address for the mailing tool."""

    contact_id: int
    email: str
    first_name: str
    last_name: str


@dataclass(frozen=True)
class SyncPlan:
    """What one run sends: addresses to add or update, and addresses to archive."""

    sync_id: int
    provider: str
    list_name: str
    remote_id: str
    upserts: list[Member]
    removals: list[str]


@dataclass(frozen=True)
class SyncResult:
    provider: str
    list_name: str
    remote_id: str
    sent: int
    archived: int
    errors: list[dict[str, Any]] = field(default_factory=list)


def _split_name(name: str) -> tuple[str, str]:
    first, _, last = (name or "").strip().partition(" ")
    return first, last


def _find_list(uow: UnitOfWork, actor: Actor, list_name: str) -> AccountList:
    who = principal(uow, actor)
    if who.role == "rep":
        raise PermissionDenied("syncing a list to a mailing tool is for managers and admins")
    found = list(uow.session.scalars(select(AccountList).where(
        func.lower(AccountList.name) == list_name.strip().lower()).order_by(AccountList.id)))
    visible = []
    for candidate in found:
        try:
            visible.append(load_list(uow, who, candidate.id))
        except (NotFound, PermissionDenied):
            continue
    if not visible:
        raise NotFound("no list with that name", list=list_name)
    if len(visible) > 1:
        raise Ambiguous("several lists have that name", candidates=[{"id": x.id, "name": x.name} for x in visible])
    return visible[0]


def plan_sync(uow: UnitOfWork, actor: Actor, provider: str, list_name: str, remote_id: str) -> SyncPlan:
    """Who the audience should hold now and who must be archived there; remembers the pairing."""
    if provider not in PROVIDERS:
        raise InvalidInput(f"unknown mailing tool {provider!r}", valid=list(PROVIDERS))
    if not remote_id.strip():
        raise InvalidInput("name the audience or list in the mailing tool")
    with uow:
        found = _find_list(uow, actor, list_name)
        sync = uow.session.scalar(select(MailingSync).where(
            MailingSync.provider == provider, MailingSync.list_id == found.id, MailingSync.remote_id == remote_id))
        if sync is None:
            sync = MailingSync(provider=provider, list_id=found.id, remote_id=remote_id)
            uow.session.add(sync)
            uow.flush()
        accounts = member_ids(uow, principal(uow, actor), found.id)
        opted_out = select(ContactOptOut.contact_id).where(ContactOptOut.channel == "email")
        members: dict[str, Member] = {}
        for start in range(0, len(accounts), 500):
            for contact in uow.session.scalars(select(Contact).where(
                    Contact.account_id.in_(accounts[start:start + 500]), Contact.email.is_not(None),
                    Contact.id.not_in(opted_out)).order_by(Contact.id)):
                email = (contact.email or "").strip().lower()
                if email and email not in members:
                    first, last = _split_name(contact.name)
                    members[email] = Member(contact.id, email, first, last)
        before = set(uow.session.scalars(select(MailingSyncMember.email).where(MailingSyncMember.sync_id == sync.id)))
        uow.commit()
        return SyncPlan(sync.id, provider, found.name, remote_id, list(members.values()), sorted(before - set(members)))


def record_sync(uow: UnitOfWork, plan: SyncPlan, sent: list[Member], archived: list[str],
                errors: list[dict[str, Any]], now: datetime | None = None) -> SyncResult:
    """Remember what the mailing tool now holds after a run."""
    now = now or utcnow()
    with uow:
        sync = uow.session.get(MailingSync, plan.sync_id)
        if sync is None:
            raise NotFound("mailing sync not found", sync_id=plan.sync_id)
        if archived:
            uow.session.execute(delete(MailingSyncMember).where(
                MailingSyncMember.sync_id == sync.id, MailingSyncMember.email.in_(archived)))
        known = set(uow.session.scalars(select(MailingSyncMember.email).where(MailingSyncMember.sync_id == sync.id)))
        failed = {str(e.get("email", "")).lower() for e in errors}
        for member in sent:
            if member.email not in known and member.email not in failed:
                uow.session.add(MailingSyncMember(sync_id=sync.id, contact_id=member.contact_id, email=member.email,
                                                  synced_at=now))
        sync.last_run_at = now
        sync.last_result = {"sent": len(sent), "archived": len(archived), "errors": len(errors)}
        uow.commit()
    return SyncResult(plan.provider, plan.list_name, plan.remote_id, len(sent), len(archived), errors)


def due_syncs(uow: UnitOfWork, now: datetime | None = None) -> list[tuple[str, str, str]]:
    """(provider, list name, remote id) of pairings not run in the last day, for the daily job."""
    cutoff = (now or utcnow()) - DAILY
    with uow:
        rows = uow.session.execute(
            select(MailingSync.provider, AccountList.name, MailingSync.remote_id, MailingSync.last_run_at)
            .join(AccountList, AccountList.id == MailingSync.list_id).order_by(MailingSync.id)).all()
        return [(p, n, r) for p, n, r, last in rows if last is None or last < cutoff]


def opt_out(uow: UnitOfWork, address: str, channel: str, source: str, actor: Actor = SYSTEM) -> int:
    """Mark every contact with this email (or phone) as not to be reached on the channel; returns how many."""
    if channel not in OPT_OUT_CHANNELS:
        raise InvalidInput(f"unknown channel {channel!r}", valid=list(OPT_OUT_CHANNELS))
    value = address.strip().lower()
    if not value:
        return 0
    with uow:
        contacts = _contacts_at(uow, channel, value)
        marked = 0
        for contact in contacts:
            exists = uow.session.scalar(select(ContactOptOut.id).where(
                ContactOptOut.contact_id == contact.id, ContactOptOut.channel == channel))
            if exists is None:
                uow.session.add(ContactOptOut(contact_id=contact.id, channel=channel, source=source))
                record(uow, actor, "contact", contact.id, "opt_out", {f"no_{channel}": (False, True)})
                marked += 1
        uow.commit()
    if marked:
        logger.info("opt-out from %s: %s contacts no longer get %s", source, marked, channel)
    return marked


def _digits(phone: str) -> str:
    return re.sub(r"\D", "", phone)


def _contacts_at(uow: UnitOfWork, channel: str, address: str) -> list[Contact]:
    """Contacts with this email, or with this phone number however it was typed (+56 9 1234 5678)."""
    if channel == "email":
        return list(uow.session.scalars(select(Contact).where(func.lower(Contact.email) == address)))
    digits = _digits(address)
    if len(digits) < 6:
        return []
    near = uow.session.scalars(select(Contact).where(Contact.phone.contains(digits[-4:], autoescape=True)))
    return [c for c in near if c.phone and _digits(c.phone) == digits]


def opt_out_reason(session: Any, contact: Contact | None, channel: str) -> str | None:
    """Why an automatic send must not go to this contact on this channel, or None."""
    if contact is None:
        return None
    found = session.scalar(select(ContactOptOut.source).where(
        ContactOptOut.contact_id == contact.id, ContactOptOut.channel == channel))
    return f"the contact opted out of {channel} ({found})" if found else None
