"""`/api/v1/activities`: calls, visits, emails... that happened, and the follow-ups they plan."""

from __future__ import annotations

from typing import Any

from apiflask import APIBlueprint, Schema
from apiflask.fields import AwareDateTime, Boolean, Date, Integer, Nested, String
from apiflask.validators import OneOf
from marshmallow import ValidationError, validates_schema

from bot.api.auth import current_actor, protect, uow
from bot.api.schemas import ActivityLoggedOut, ActivityPage, PageQuery
from crm_core.read_models.common import Page
from crm_core.services import activities, tasks
from crm_core.services.activities import FollowUp

bp = protect(APIBlueprint("activities", __name__, url_prefix="/api/v1/activities", tag="Activities"))


class ActivitiesQuery(PageQuery):
    account_id = Integer()


class FollowUpIn(Schema):
    type = String(load_default="call", validate=OneOf(list(tasks.TASK_TYPES)))
    title = String(load_default="")
    due_at = AwareDateTime(allow_none=True, metadata={"description": "ISO 8601 with offset: a planned task"})
    start_date = Date(allow_none=True, metadata={"description": "YYYY-MM-DD: a free task"})

    @validates_schema
    def _one_time(self, data: dict[str, Any], **kwargs: Any) -> None:
        if (data.get("due_at") is None) == (data.get("start_date") is None):
            raise ValidationError("give either due_at or start_date", "follow_up")


class ActivityIn(Schema):
    account_id = Integer(required=True)
    type = String(required=True, validate=OneOf(list(activities.ACTIVITY_TYPES)))
    outcome = String(load_default="")
    occurred_at = AwareDateTime(allow_none=True, metadata={"description": "defaults to now"})
    contact_id = Integer(allow_none=True)
    opportunity_id = Integer(allow_none=True)
    complete_matching_task = Boolean(load_default=True)
    move_to = String(allow_none=True, metadata={"description": "a status key to move the account to"})
    follow_up = Nested(FollowUpIn, allow_none=True)
    positive = Boolean(load_default=False, metadata={
        "description": "the customer said yes: moves on a campaign stage waiting for a reply"})
    trigger_campaign_id = Integer(allow_none=True, metadata={
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
