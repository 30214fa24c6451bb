"""Activities (acciones): what happened with an account, and what it sets in motion."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select

from crm_core.domain.access import Principal, can_see_account, may_link
from crm_core.errors import (
    Conflict,
    ContactNotFound,
    InvalidInput,
    NotFound,
    NotTheAuthor,
    OpportunityNotFound,
)
from crm_core.persistence.models import Account, Activity, Contact, Opportunity, Task
from crm_core.persistence.types import utcnow
from crm_core.read_models.campaigns import CampaignStep
from crm_core.read_models.common import ActivityView, OpportunityView, Page, TaskView, View
from crm_core.services import campaigns
from crm_core.services.accounts import set_status
from crm_core.services.common import (
    Actor,
    load_account,
    page,
    paged,
    principal,
    record,
    status_by_key,
    visible_accounts,
)
from crm_core.services.tasks import complete, new_task
from crm_core.services.webhooks import emit
from crm_core.uow import UnitOfWork

ACTIVITY_TYPES = ("call", "meeting", "email", "visit", "sms", "whatsapp", "note")
UNDO_WINDOW = timedelta(hours=24)


@dataclass(frozen=True)
class FollowUp:
    """A task to create after the activity: planned at `due_at` or free from `start_date`."""

    type: str = "call"
    title: str = ""
    due_at: datetime | None = None
    start_date: date | None = None


@dataclass(frozen=True)
class ActivityLogged(View):
    activity: ActivityView
    completed_task: TaskView | None
    follow_up: TaskView | None
    status: str | None
    campaign: CampaignStep | None = None  # where it left the campaign opportunity it worked
    triggered: OpportunityView | None = None  # the opportunity of the campaign it started


def log_activity(
    uow: UnitOfWork,
    actor: Actor,
    *,
    account_id: int,
    type: str,
    outcome: str = "",
    occurred_at: datetime | None = None,
    contact_id: int | None = None,
    opportunity_id: int | None = None,
    campaign_id: int | None = None,
    complete_matching_task: bool = True,
    follow_up: FollowUp | None = None,
    move_to: str | None = None,
    positive: bool = False,
    trigger_campaign_id: int | None = None,
) -> ActivityLogged:
    """Record an activity; it may complete the matching open task, plan a follow-up and move the status.

    An activity on a campaign opportunity works its stage (`positive`: the customer said yes, which
    moves on a stage waiting for a reply); `trigger_campaign_id` starts that campaign for the account,
    with this activity as the new opportunity's origin.
    """
    if type not in ACTIVITY_TYPES:
        raise InvalidInput(f"unknown activity type {type!r}", valid=list(ACTIVITY_TYPES))
    occurred_at = occurred_at or utcnow()
    if occurred_at.tzinfo is None:
        raise InvalidInput("occurred_at needs a timezone")
    with uow:
        who = principal(uow, actor)
        account = load_account(uow, who, account_id)
        if actor.user_id is None:
            raise InvalidInput("an activity needs an author")
        _check_links(uow, who, account, contact_id, opportunity_id, campaign_id)
        matched = _matching_task(uow, account.id, actor.user_id, type, occurred_at) if complete_matching_task else None
        activity = new_activity(uow, actor, account, author_id=actor.user_id, type=type, outcome=outcome,
                                occurred_at=occurred_at, contact_id=contact_id,
                                opportunity_id=opportunity_id, campaign_id=campaign_id,
                                task_id=matched.id if matched else None)
        if matched is not None:
            complete(uow, actor, matched)
        created = None
        if follow_up is not None:
            created = new_task(uow, actor, who, type=follow_up.type, account_id=account.id,
                               title=follow_up.title or outcome[:300], assignee_id=actor.user_id,
                               due_at=follow_up.due_at, start_date=follow_up.start_date,
                               source_activity_id=activity.id)
        if move_to is not None:
            set_status(uow, actor, account, status_by_key(uow, move_to))
        step = campaigns.record_activity(uow, actor, activity, matched, positive=positive)
        triggered = campaigns.trigger(uow, actor, who, trigger_campaign_id, account, activity) \
            if trigger_campaign_id is not None else None
        done = matched or (uow.session.get(Task, activity.task_id) if activity.task_id else None)
        uow.commit()
        return ActivityLogged(
            ActivityView.of(activity),
            TaskView.of(done) if done else None,
            TaskView.of(created) if created else None,
            account.status.key,
            step,
            triggered,
        )


def _check_links(uow: UnitOfWork, who: Principal, account: Account, contact_id: int | None,
                 opportunity_id: int | None, campaign_id: int | None) -> None:
    """The contact and opportunity an activity names are its account's; its campaign one the actor sees.

    Anything else answers "not found", as for an id that does not exist.
    """
    if contact_id is not None:
        contact = uow.session.get(Contact, contact_id)
        if not may_link(contact.account_id if contact else None, account.id):
            raise ContactNotFound("contact not found", contact_id=contact_id)
    if opportunity_id is not None:
        opportunity = uow.session.get(Opportunity, opportunity_id)
        if not may_link(opportunity.account_id if opportunity else None, account.id):
            raise OpportunityNotFound("opportunity not found", opportunity_id=opportunity_id)
    if campaign_id is not None:
        campaigns.load_campaign(uow, who, campaign_id)


def new_activity(
    uow: UnitOfWork,
    actor: Actor,
    account: Account,
    *,
    author_id: int,
    type: str,
    occurred_at: datetime,
    outcome: str = "",
    contact_id: int | None = None,
    opportunity_id: int | None = None,
    campaign_id: int | None = None,
    task_id: int | None = None,
    id: int | None = None,
) -> Activity:
    """Add an activity inside the caller's unit of work; the account's last activity moves up to it.

    `id` keeps an imported record's id.
    """
    if type not in ACTIVITY_TYPES:
        raise InvalidInput(f"unknown activity type {type!r}", valid=list(ACTIVITY_TYPES))
    if occurred_at.tzinfo is None:
        raise InvalidInput("occurred_at needs a timezone")
    activity = Activity(
        id=id, account_id=account.id, contact_id=contact_id, opportunity_id=opportunity_id,
        campaign_id=campaign_id, type=type, outcome=outcome.strip(), author_id=author_id,
        occurred_at=occurred_at, task_id=task_id,
    )
    uow.session.add(activity)
    uow.flush()
    record(uow, actor, "activity", activity.id, "create",
           {"type": (None, type), "account_id": (None, account.id), "outcome": (None, activity.outcome)})
    emit(uow, "activity.logged", ActivityView.of(activity).to_dict())
    if account.last_activity_at is None or account.last_activity_at < occurred_at:
        account.last_activity_at = occurred_at
    return activity


def _matching_task(uow: UnitOfWork, account_id: int, user_id: int, type: str, when: datetime) -> Task | None:
    """The oldest open task of this type for this account and rep that is due by now."""
    return uow.session.scalar(
        select(Task).where(
            Task.account_id == account_id, Task.assignee_id == user_id, Task.type == type,
            Task.status == "open",
            ((Task.due_at.is_not(None)) & (Task.due_at <= when + timedelta(days=1)))
            | ((Task.start_date.is_not(None)) & (Task.start_date <= when.date())),
        ).order_by(Task.due_at, Task.start_date, Task.id).limit(1)
    )


def undo_activity(uow: UnitOfWork, actor: Actor, activity_id: int) -> None:
    """Take back a just-logged activity: delete it, reopen the task it completed, drop its follow-up."""
    with uow:
        activity = uow.session.get(Activity, activity_id)
        if activity is None:
            raise NotFound("activity not found", activity_id=activity_id)
        if activity.author_id != actor.user_id:
            who = principal(uow, actor)
            owner = uow.session.get(Account, activity.account_id)
            if owner is None or not can_see_account(who, owner.owner_id, owner.team_id, owner.shared):
                raise NotFound("activity not found", activity_id=activity_id)
            raise NotTheAuthor("only the author can undo an activity")
        if utcnow() - activity.created_at > UNDO_WINDOW:
            raise Conflict("this activity is too old to undo; ask an admin")
        if activity.task_id:
            task = uow.session.get(Task, activity.task_id)
            if task is not None and task.status == "done":
                task.status, task.completed_at = "open", None
                record(uow, actor, "task", task.id, "reopen", {"status": ("done", "open")})
        for task in uow.session.scalars(select(Task).where(Task.source_activity_id == activity.id)):
            if task.status == "open":
                task.status = "cancelled"
                record(uow, actor, "task", task.id, "cancel", {"status": ("open", "cancelled")})
        campaigns.undo_activity(uow, actor, activity)
        record(uow, actor, "activity", activity.id, "delete",
               {"type": (activity.type, None), "outcome": (activity.outcome, None)})
        account = uow.session.get(Account, activity.account_id)
        uow.session.delete(activity)
        uow.flush()
        if account is not None:
            account.last_activity_at = uow.session.scalar(
                select(func.max(Activity.occurred_at)).where(Activity.account_id == account.id)
            )
        uow.commit()


def list_activities(
    uow: UnitOfWork, actor: Actor, *, account_id: int | None = None,
    limit: int | None = None, offset: int | None = None,
) -> Page:
    """Activities on accounts the actor may see, newest first."""
    limit, offset = page(limit, offset)
    with uow:
        who = principal(uow, actor)
        query = select(Activity).join(Account, Account.id == Activity.account_id).where(visible_accounts(who))
        if account_id is not None:
            query = query.where(Activity.account_id == account_id)
        return paged(uow, query, (Activity.occurred_at.desc(), Activity.id.desc(),), limit, offset, ActivityView.of)
