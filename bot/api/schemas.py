"""Response shapes of the REST API: they serialise the core's read models and feed the OpenAPI document."""

from __future__ import annotations

from typing import Any

from apiflask import Schema
from apiflask.fields import (
    AwareDateTime,
    Boolean,
    Date,
    DateTime,
    Decimal,
    Dict,
    Float,
    Integer,
    List,
    Nested,
    String,
)
from apiflask.validators import Length, Range, Regexp
from marshmallow import ValidationError

from crm_core.domain import limits

# Free text: no control characters but tab, newline and carriage return (the same rule in
# Python and in the ECMA regular expressions of the OpenAPI document).
CLEAN_TEXT = r"^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$"
_CLEAN = Regexp(CLEAN_TEXT, error="control characters are not allowed (newline and tab are)")


def _no_surrogates(value: str) -> None:
    if limits.bad_characters(value.replace("\r", "")):
        raise ValidationError("the text holds an invalid character")


def Text(max_length: int, *, min_length: int = 0, **kwargs: Any) -> String:  # noqa: N802 - a field factory
    """A string of at most the column's length, free of control characters."""
    return String(validate=[Length(min=min_length, max=max_length), _CLEAN, _no_surrogates], **kwargs)


class WholeNumber(Integer):
    """An integer that is never a truncated fraction: 1.5 and true are refused, "7" only in a query."""

    def _validated(self, value: Any) -> int:
        if isinstance(value, (bool, float)) or (isinstance(value, str) and not value.strip().isdigit()):
            raise self.make_error("invalid", input=value)
        return super()._validated(value)


def Id(**kwargs: Any) -> Integer:  # noqa: N802
    """A record id: a whole number from 1 to 2^31 − 1."""
    return WholeNumber(validate=Range(min=1, max=limits.MAX_ID), **kwargs)


def Amount(**kwargs: Any) -> Decimal:  # noqa: N802
    """Money: 0 up to (not including) 10^12, at most 2 decimals kept."""
    metadata = {"type": "number", "minimum": 0, "exclusiveMaximum": 10**12, **kwargs.pop("metadata", {})}
    # a plain function, not Range: apispec would write Range's Decimal bounds as strings
    return Decimal(places=2, allow_nan=False, metadata=metadata, validate=_amount_range, **kwargs)


def _amount_range(value: Any) -> None:
    problem = limits.amount_problem(value)
    if problem:
        raise ValidationError(problem)


def Number(minimum: float = 0, maximum: float = 1e12, **kwargs: Any) -> Float:  # noqa: N802
    """A finite number in a range."""
    return Float(allow_nan=False, validate=Range(min=minimum, max=maximum), **kwargs)


def _year_range(value: Any) -> None:
    problem = limits.day_problem(value)
    if problem:
        raise ValidationError(problem)


def Day(**kwargs: Any) -> Date:  # noqa: N802
    """A date YYYY-MM-DD in the years 1900–2200."""
    metadata = {"description": "YYYY-MM-DD, years 1900-2200", **kwargs.pop("metadata", {})}
    return Date(validate=_year_range, metadata=metadata, **kwargs)


def Instant(**kwargs: Any) -> AwareDateTime:  # noqa: N802
    """An ISO 8601 date and time with its offset, in the years 1900–2200."""
    metadata = {"description": "ISO 8601 with offset, years 1900-2200", **kwargs.pop("metadata", {})}
    return AwareDateTime(validate=_year_range, metadata=metadata, **kwargs)


class PageQuery(Schema):
    limit = Integer(load_default=None, validate=Range(min=1, max=500))
    offset = Integer(load_default=None, validate=Range(min=0, max=limits.MAX_OFFSET))


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

