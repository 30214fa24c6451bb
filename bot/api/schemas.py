"""Response shapes of the REST API: they serialise the core's read models and feed the OpenAPI document."""

from __future__ import annotations

from apiflask import Schema
from apiflask.fields import (
    Boolean,
    Date,
    DateTime,
    Dict,
    Float,
    Integer,
    List,
    Nested,
    String,
)
from apiflask.validators import Range


class PageQuery(Schema):
    limit = Integer(load_default=None, validate=Range(min=1, max=500))
    offset = Integer(load_default=None, validate=Range(min=0))


def page_of(item: type[Schema], name: str) -> type[Schema]:
    """A paginated envelope `{items, total, limit, offset}` around an item schema."""
    return type(name, (Schema,), {
        "items": List(Nested(item)),
        "total": Integer(),
        "limit": Integer(),
        "offset": Integer(),
    })


class UserOut(Schema):
    id = Integer()
    name = String()
    email = String()
    role = String()
    team_id = Integer(allow_none=True)
    language = String()
    timezone = String()


class StatusOut(Schema):
    key = String()
    label_es = String()
    label_en = String()
    kind = String(metadata={"enum": ["open", "won", "lost"]})
    position = Integer()
    probability = Integer()


class AccountOut(Schema):
    id = Integer()
    name = String()
    status = String()
    sector = String(allow_none=True)
    country = String(allow_none=True)
    owner_id = Integer(allow_none=True)
    source = String(allow_none=True)
    territory_id = Integer(allow_none=True)
    team_id = Integer(allow_none=True)
    shared = Boolean()
    converted_at = DateTime(allow_none=True)
    last_activity_at = DateTime(allow_none=True)
    custom = Dict()


class ContactOut(Schema):
    id = Integer()
    account_id = Integer()
    name = String()
    role = String(allow_none=True)
    email = String(allow_none=True)
    phone = String(allow_none=True)
    handles = Dict()


class OpportunityOut(Schema):
    id = Integer()
    account_id = Integer()
    title = String()
    value = Float()
    currency = String()
    stage = String()
    status = String(metadata={"enum": ["open", "won", "lost"]})
    expected_close = Date(allow_none=True)
    lost_reason = String(allow_none=True)
    owner_id = Integer(allow_none=True)
    contact_id = Integer(allow_none=True)
    origin_kind = String(allow_none=True)
    origin_id = Integer(allow_none=True)
    created_at = DateTime()
    closed_at = DateTime(allow_none=True)


class ActivityOut(Schema):
    id = Integer()
    account_id = Integer()
    type = String()
    outcome = String()
    author_id = Integer()
    occurred_at = DateTime()
    contact_id = Integer(allow_none=True)
    opportunity_id = Integer(allow_none=True)
    task_id = Integer(allow_none=True)


class TaskOut(Schema):
    id = Integer()
    account_id = Integer(allow_none=True)
    account_name = String(allow_none=True)
    type = String()
    title = String()
    assignee_id = Integer()
    due_at = DateTime(allow_none=True)
    start_date = Date(allow_none=True)
    status = String()
    completed_at = DateTime(allow_none=True)


class AuditOut(Schema):
    id = Integer()
    entity = String()
    entity_id = Integer()
    action = String()
    actor_id = Integer(allow_none=True)
    channel = String()
    at = DateTime()
    changes = Dict(metadata={"description": "field -> [before, after]"})


class AccountRefOut(Schema):
    id = Integer()
    name = String()
    score = Float()


class ResolutionOut(Schema):
    match = Nested(AccountRefOut, allow_none=True)
    candidates = List(Nested(AccountRefOut))


class AccountSummaryOut(Schema):
    account = Nested(AccountOut)
    status_label_es = String()
    status_label_en = String()
    owner_name = String(allow_none=True)
    contacts = List(Nested(ContactOut))
    open_opportunities = List(Nested(OpportunityOut))
    potential = Float()
    last_activities = List(Nested(ActivityOut))
    open_tasks = List(Nested(TaskOut))


class CampaignStepOut(Schema):
    opportunity_id = Integer()
    campaign_id = Integer()
    stage_id = Integer(allow_none=True, metadata={"description": "null once the chain of stages is done"})
    advanced = Boolean()
    next_task = Nested(TaskOut, allow_none=True)


class ActivityLoggedOut(Schema):
    activity = Nested(ActivityOut)
    completed_task = Nested(TaskOut, allow_none=True)
    follow_up = Nested(TaskOut, allow_none=True)
    status = String(allow_none=True, metadata={"description": "the account's status afterwards"})
    campaign = Nested(CampaignStepOut, allow_none=True, metadata={
        "description": "where the activity left the campaign opportunity it worked"})
    triggered = Nested(OpportunityOut, allow_none=True, metadata={
        "description": "the opportunity of the campaign the activity started"})


class AgendaOut(Schema):
    start = Date()
    end = Date()
    timezone = String()
    planned = List(Nested(TaskOut))
    free = List(Nested(TaskOut))
    overdue = List(Nested(TaskOut))


class CreatedOut(Schema):
    id = Integer()


AccountPage = page_of(AccountOut, "AccountPage")
ContactPage = page_of(ContactOut, "ContactPage")
OpportunityPage = page_of(OpportunityOut, "OpportunityPage")
ActivityPage = page_of(ActivityOut, "ActivityPage")
TaskPage = page_of(TaskOut, "TaskPage")
AuditPage = page_of(AuditOut, "AuditPage")

