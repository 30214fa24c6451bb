"""What the scheduler does for campaigns: the daily run of continuous ones and the automatic sends.

A continuous campaign claims its day (the owner's local date) with a conditional update in the
same transaction that applies it, so it runs exactly once a day however many schedulers tick.
An automatic task is sent at most once: its `campaign_sends` row (unique per task) is written in
the transaction that queues the message on the inbox's outbound path. A channel Rumbo cannot send
on is never pretended: the task goes to the rep's agenda and the send is recorded as not sent,
with the reason.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from datetime import date, datetime
from typing import Any, cast
from zoneinfo import ZoneInfo

from sqlalchemy import CursorResult, or_, select, update
from sqlalchemy.exc import IntegrityError

from crm_core.domain import campaigns as rules
from crm_core.errors import DomainError
from crm_core.persistence.models import (
    Account,
    Activity,
    Campaign,
    CampaignSend,
    CampaignStage,
    Contact,
    Opportunity,
    Task,
    User,
)
from crm_core.read_models.campaigns import AutomaticSend, DailyRun
from crm_core.services import campaigns, inbox, mailing_sync
from crm_core.services.common import Actor, principal, record
from crm_core.uow import UnitOfWork

logger = logging.getLogger(__name__)

SCHEDULER = Actor(None, "scheduler")
BATCH = 200
NOT_SENDING = {
    "email": "email is off: SMTP_URL is not set",
    "sms": "SMS is off: TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM are not set",
}


# --- continuous campaigns -------------------------------------------------------------------------------


def run_daily(uow: UnitOfWork, now: datetime) -> list[DailyRun]:
    """Apply each active continuous campaign to its target once per day (its owner's local day)."""
    with uow:
        due = uow.session.execute(
            select(Campaign.id, Campaign.last_run_on, Campaign.start_date, Campaign.end_date, User.timezone)
            .join(User, User.id == Campaign.owner_id)
            .where(Campaign.status == "active", Campaign.mode == "continuous")).all()
    runs = []
    for campaign_id, last_run_on, start, end, timezone in due:
        day = now.astimezone(ZoneInfo(timezone)).date()
        if (last_run_on is not None and last_run_on >= day) or day < start or (end is not None and day > end):
            continue
        run = _run_one(uow, campaign_id, day, now)
        if run is not None:
            runs.append(run)
    return runs


def _run_one(uow: UnitOfWork, campaign_id: int, day: date, now: datetime) -> DailyRun | None:
    with uow:
        claimed = cast("CursorResult[Any]", uow.session.execute(
            update(Campaign).where(Campaign.id == campaign_id, Campaign.status == "active",
                                   or_(Campaign.last_run_on.is_(None), Campaign.last_run_on < day))
            .values(last_run_on=day).execution_options(synchronize_session=False))).rowcount
        if claimed != 1:
            return None
        campaign = uow.session.get(Campaign, campaign_id)
        assert campaign is not None  # just claimed
        try:
            who = principal(uow, Actor(campaign.owner_id, "scheduler"))
            applied = campaigns.apply_target(uow, SCHEDULER, who, campaign, now)
        except DomainError as error:
            logger.warning("daily run of campaign %s skipped: %s", campaign_id, error.message)
            return None
        record(uow, SCHEDULER, "campaign", campaign.id, "daily_run",
               {"day": (None, day), "created": (None, applied.created)})
        uow.commit()
    logger.info("campaign %s daily run for %s: %s new opportunities", campaign_id, day, applied.created)
    return DailyRun(campaign_id, day, applied.created)


# --- automatic stages --------------------------------------------------------------------------------------


def execute_due(uow: UnitOfWork, now: datetime, channels: Collection[str]) -> list[AutomaticSend]:
    """Send the automatic tasks whose time has come on the `channels` Rumbo can send on; hand the rest to reps."""
    with uow:
        ids = list(uow.session.scalars(
            select(Task.id).join(Campaign, Campaign.id == Task.campaign_id)
            .where(Task.status == "scheduled", Task.due_at <= now, Campaign.status == "active")
            .order_by(Task.due_at, Task.id).limit(BATCH)))
    results = []
    for task_id in ids:
        try:
            done = _execute(uow, task_id, now, channels)
        except IntegrityError:
            logger.info("automatic task %s was handled by another scheduler", task_id)
            continue
        if done is not None:
            results.append(done)
    return results


def _recipient(uow: UnitOfWork, opportunity: Opportunity, channel: str = "email") -> tuple[Contact | None, str | None]:
    """The contact to write to: the opportunity's, else the account's first with an email address (a phone for SMS)."""
    contact = uow.session.get(Contact, opportunity.contact_id) if opportunity.contact_id else None
    if channel == "sms":
        if contact is None or not contact.phone:
            contact = uow.session.scalar(select(Contact).where(
                Contact.account_id == opportunity.account_id, Contact.phone.is_not(None))
                .order_by(Contact.id).limit(1)) or contact
        phone = "".join(ch for ch in (contact.phone or "") if ch.isdigit()) if contact is not None else ""
        return contact, (f"+{phone}" if len(phone) >= 6 else None)
    if contact is None or not contact.email:
        contact = uow.session.scalar(select(Contact).where(
            Contact.account_id == opportunity.account_id, Contact.email.is_not(None))
            .order_by(Contact.id).limit(1)) or contact
    return contact, (contact.email.strip().lower() if contact is not None and contact.email else None)


def _execute(uow: UnitOfWork, task_id: int, now: datetime, channels: Collection[str]) -> AutomaticSend | None:
    with uow:
        session = uow.session
        task = session.get(Task, task_id)
        if task is None or task.status != "scheduled":
            return None
        opportunity = session.get(Opportunity, task.opportunity_id) if task.opportunity_id else None
        stage = session.get(CampaignStage, task.campaign_stage_id) if task.campaign_stage_id else None
        if opportunity is None or stage is None or opportunity.status != "open" \
                or opportunity.campaign_stage_id != stage.id:
            record(uow, SCHEDULER, "task", task.id, "cancel", {"status": (task.status, "cancelled")})
            task.status = "cancelled"
            uow.commit()
            return None
        account = session.get(Account, opportunity.account_id)
        assert account is not None  # foreign key
        channel = stage.task_type
        contact, address = _recipient(uow, opportunity, channel)
        reason = NOT_SENDING.get(channel) if channel not in channels else None
        if reason is None and address is None:
            reason = "the account has no contact with an email address" if channel == "email" else \
                "the account has no contact with a phone number"
        reason = reason or mailing_sync.opt_out_reason(session, contact, channel)
        if reason is not None:
            send = _hand_to_rep(uow, task, opportunity, channel, reason, now)
        else:
            assert address is not None  # a missing address gave a reason above
            send = _send_message(uow, task, opportunity, stage, account, contact, address, now)
        uow.commit()
        return AutomaticSend(task.id, stage.campaign_id, opportunity.id, channel, send.state, send.reason,
                             send.message_id)


def _hand_to_rep(uow: UnitOfWork, task: Task, opportunity: Opportunity, channel: str, reason: str,
                 now: datetime) -> CampaignSend:
    """The send cannot happen: the task becomes the rep's, free from today, and the reason is kept."""
    assignee = uow.session.get(User, task.assignee_id)
    today = now.astimezone(ZoneInfo(assignee.timezone if assignee else "UTC")).date()
    record(uow, SCHEDULER, "task", task.id, "hand_over",
           {"status": ("scheduled", "open"), "due_at": (task.due_at, None), "start_date": (None, today)})
    task.status, task.due_at, task.start_date = "open", None, today
    send = CampaignSend(task_id=task.id, campaign_id=task.campaign_id, opportunity_id=opportunity.id, channel=channel,
                        state="not_sent", reason=reason, created_at=now)
    uow.session.add(send)
    uow.flush()
    logger.info("automatic %s of task %s not sent (%s); left to user %s", channel, task.id, reason, task.assignee_id)
    return send


def _send_message(uow: UnitOfWork, task: Task, opportunity: Opportunity, stage: CampaignStage, account: Account,
                  contact: Contact | None, address: str, now: datetime) -> CampaignSend:
    """Queue the mail or SMS on the inbox's outbound path, mark the task done and log the activity."""
    channel = stage.task_type
    person = (contact.name if contact else None) or account.name
    subject = rules.fill(stage.subject or stage.name, contact=person, account=account.name)
    text = rules.fill(stage.body, contact=person, account=account.name)
    message = inbox.start_outbound(
        uow, SCHEDULER, channel=channel, thread_key=address, contact_id=contact.id if contact else None,
        account_id=account.id, assignee_id=opportunity.owner_id, subject=subject if channel == "email" else None,
        text=text, meta={"subject": subject, "campaign_id": stage.campaign_id, "task_id": task.id})
    send = CampaignSend(task_id=task.id, campaign_id=stage.campaign_id, opportunity_id=opportunity.id,
                        channel=channel, state="queued", message_id=message.id, created_at=now)
    uow.session.add(send)
    task.status, task.completed_at = "done", now
    record(uow, SCHEDULER, "task", task.id, "complete", {"status": ("scheduled", "done")})
    activity = Activity(account_id=account.id, contact_id=contact.id if contact else None,
                        opportunity_id=opportunity.id, task_id=task.id, campaign_id=stage.campaign_id,
                        campaign_stage_id=stage.id, type=channel,
                        outcome=f"{subject if channel == 'email' else text[:120]} ({address})",
                        author_id=task.assignee_id, occurred_at=now, created_at=now)
    uow.session.add(activity)
    uow.flush()
    record(uow, SCHEDULER, "activity", activity.id, "create",
           {"type": (None, channel), "account_id": (None, account.id), "outcome": (None, activity.outcome)})
    if account.last_activity_at is None or account.last_activity_at < now:
        account.last_activity_at = now
    campaigns.stage_task_done(uow, SCHEDULER, opportunity, stage, positive=False, now=now, activity_id=activity.id)
    logger.info("campaign %s %s queued for task %s as message %s", stage.campaign_id, channel, task.id, message.id)
    return send
