"""`/api/v1/activities`: calls, visits, emails... that happened, and the follow-ups they plan."""

from __future__ import annotations

from typing import Any

from apiflask import APIBlueprint, Schema
from apiflask.fields import Boolean, Nested, String
from apiflask.validators import OneOf
from marshmallow import ValidationError, validates_schema

from bot.api.auth import current_actor, protect, uow
from bot.api.schemas import ActivityLoggedOut, ActivityPage, Day, Id, Instant, PageQuery, Text
from crm_core.read_models.common import Page
from crm_core.services import activities, tasks
from crm_core.services.activities import FollowUp

bp = protect(APIBlueprint("activities", __name__, url_prefix="/api/v1/activities", tag="Activities"))


class ActivitiesQuery(PageQuery):
    account_id = Id()


class FollowUpIn(Schema):
    type = String(load_default="call", validate=OneOf(list(tasks.TASK_TYPES)))
    title = Text(300, load_default="")
    due_at = Instant(allow_none=True, metadata={"description": "ISO 8601 with offset, years 1900-2200: a planned task"})
    start_date = Day(allow_none=True, metadata={"description": "YYYY-MM-DD, years 1900-2200: a free task"})

    @validates_schema
    def _one_time(self, data: dict[str, Any], **kwargs: Any) -> None:
        if (data.get("due_at") is None) == (data.get("start_date") is None):
            raise ValidationError("give either due_at or start_date", "follow_up")


class ActivityIn(Schema):
    account_id = Id(required=True)
    type = String(required=True, validate=OneOf(list(activities.ACTIVITY_TYPES)))
    outcome = Text(20_000, load_default="")
    occurred_at = Instant(allow_none=True, metadata={"description": "ISO 8601 with offset, years 1900-2200; "
                                                                    "defaults to now"})
    contact_id = Id(allow_none=True, metadata={"description": "a contact at the same account"})
    opportunity_id = Id(allow_none=True, metadata={"description": "an opportunity of the same account"})
    complete_matching_task = Boolean(load_default=True)
    move_to = Text(40, allow_none=True, metadata={"description": "a status key to move the account to"})
    follow_up = Nested(FollowUpIn, allow_none=True)
    positive = Boolean(load_default=False, metadata={
        "description": "the customer said yes: moves on a campaign stage waiting for a reply"})
    trigger_campaign_id = Id(allow_none=True, metadata={
        "description": "start this campaign for the account, with this activity as the opportunity's origin"})


@bp.get("")
@bp.input(ActivitiesQuery, location="query", arg_name="query")
@bp.output(ActivityPage)
def list_activities(query: dict[str, Any]) -> Page:
    """Activities on accounts the caller may see, newest first."""
    return activities.list_activities(uow(), current_actor(), **query)


@bp.post("")
@bp.input(ActivityIn, arg_name="data")
@bp.output(ActivityLoggedOut, status_code=201)
def log_activity(data: dict[str, Any]) -> activities.ActivityLogged:
    """Log an activity; it may complete the matching task, plan a follow-up and move the status."""
    follow_up = data.pop("follow_up", None)
    return activities.log_activity(uow(), current_actor(), **data,
                                   follow_up=FollowUp(**follow_up) if follow_up else None)
