"""`/api/v1/sprints`: sales sprints, their goals, accounts, progress, closing and burn-up chart."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any, cast

from apiflask import APIBlueprint, Schema
from apiflask.fields import Boolean, Date, DateTime, Dict, Float, Integer, List, Nested, String
from apiflask.types import ResponsesObjectType
from apiflask.validators import Length, OneOf
from flask import Response
from marshmallow import ValidationError, validates_schema

from bot import charts
from bot.api.auth import current_actor, current_user, protect, uow
from bot.api.schemas import AccountOut, Day, Id, Number, PageQuery, Text, page_of
from crm_core.domain.sprints import GOAL_KINDS, STATUSES
from crm_core.read_models.common import AccountView, Page
from crm_core.read_models.sprints import (
    AccountsAdded,
    SprintClosed,
    SprintDetail,
    SprintView,
    TeamMemberStatus,
)
from crm_core.services import sprints

bp = protect(APIBlueprint("sprints", __name__, url_prefix="/api/v1", tag="Sprints"))


class SprintOut(Schema):
    id = Integer()
    owner_id = Integer()
    name = String()
    start = Date()
    end = Date()
    status = String(metadata={"enum": list(STATUSES)})
    goal_kind = String(allow_none=True, metadata={"enum": [*GOAL_KINDS, None]})
    goal_target = Float(allow_none=True)
    notes = String()
    closed_at = DateTime(allow_none=True)
    rolled_into_id = Integer(allow_none=True)


class ProgressOut(Schema):
    sprint_id = Integer()
    today = Date(metadata={"description": "the owner's local date the figures are for"})
    accounts = Integer()
    prospects = Integer(metadata={"description": "accounts not in a won status"})
    converted = Integer(metadata={"description": "accounts that reached a won status inside the window"})
    won_revenue = Float()
    goal_kind = String(allow_none=True)
    goal_target = Float(allow_none=True)
    achieved = Float()
    percent = Integer(allow_none=True, metadata={"description": "whole % of the goal, rounded half up"})
    pace = Integer(allow_none=True, metadata={"description": "projected whole % of the goal at the end"})
    days_left = Integer()
    elapsed_days = Integer()
    length_days = Integer()


class SprintDetailOut(SprintOut):
    progress = Nested(ProgressOut)


class SprintClosedOut(Schema):
    sprint = Nested(SprintOut)
    snapshot = Dict()
    rolled_into = Nested(SprintOut, allow_none=True)
    already_closed = Boolean()
    rolled_over = Integer()
    tasks_moved = Integer()


class AccountsAddedOut(Schema):
    added = Integer()
    already_there = Integer()
    skipped = List(Integer(), metadata={"description": "always empty: accounts hidden from the caller are "
                                                       "counted in `hidden`, never named"})
    hidden = Integer(metadata={"description": "accounts of the list left out because the caller may not see them"})


class SprintAccountOut(Schema):
    id = Integer()
    name = String()
    status = String()
    status_kind = String()
    owner_id = Integer(allow_none=True)
    converted_at = DateTime(allow_none=True)
    converted_in_sprint = Boolean()


class TeamMemberOut(Schema):
    user_id = Integer()
    name = String()
    sprint = Nested(SprintOut, allow_none=True)
    progress = Nested(ProgressOut, allow_none=True)


SprintPage = page_of(SprintOut, "SprintPage")
SprintAccountPage = page_of(SprintAccountOut, "SprintAccountPage")


class SprintsQuery(PageQuery):
    owner_id = Id()
    status = String(validate=OneOf(list(STATUSES)))


GOAL_TARGET = {"description": "above 0 and below 10^12; a whole number for a conversions goal",
               "exclusiveMinimum": 0}


class SprintIn(Schema):
    name = Text(200, min_length=1, required=True)
    start = Day(required=True)
    end = Day(required=True, metadata={"description": "YYYY-MM-DD, inclusive, on or after start, "
                                                     "at most 366 days in all"})
    owner_id = Id(allow_none=True, metadata={"description": "defaults to the caller; a manager's team member"})
    goal_kind = String(allow_none=True, validate=OneOf(list(GOAL_KINDS)))
    goal_target = Number(allow_none=True, maximum=999_999_999_999, metadata=GOAL_TARGET)
    notes = Text(20_000, load_default="")


class SprintPatch(Schema):
    name = Text(200, min_length=1)
    start = Day()
    end = Day()
    notes = Text(20_000)
    goal_kind = String(validate=OneOf(list(GOAL_KINDS)))
    goal_target = Number(maximum=999_999_999_999, metadata=GOAL_TARGET)


class SprintAccountsIn(Schema):
    account_ids = List(Id(), validate=Length(min=1, max=10_000))
    list_id = Id()

    @validates_schema
    def _one_source(self, data: dict[str, Any], **kwargs: Any) -> None:
        if ("account_ids" in data) == ("list_id" in data):
            raise ValidationError("give either account_ids or list_id", "account_ids")


class SprintRemoveIn(Schema):
    account_ids = List(Id(), required=True, validate=Length(min=1, max=10_000))


class SprintCloseIn(Schema):
    rollover = Boolean(required=True, metadata={
        "description": "move every unconverted account, with its open tasks, into the next sprint"})


class SprintNoteIn(Schema):
    text = Text(2000, min_length=1, required=True)


class SprintAccountStatusIn(Schema):
    status = Text(40, required=True, metadata={"description": "a status key of the sales flow"})


class SprintChartQuery(Schema):
    lang = String(validate=OneOf(["es", "en"]), metadata={"description": "defaults to the caller's language"})


class SprintTeamQuery(Schema):
    team_id = Id(metadata={"description": "defaults to the caller's team"})


@bp.get("/sprints")
@bp.input(SprintsQuery, location="query", arg_name="query")
@bp.output(SprintPage)
def list_sprints(query: dict[str, Any]) -> Page:
    """Sprints the caller may see, newest first."""
    return sprints.list_sprints(uow(), current_actor(), **query)


@bp.post("/sprints")
@bp.input(SprintIn, arg_name="data")
@bp.output(SprintOut, status_code=201)
def create_sprint(data: dict[str, Any]) -> SprintView:
    """Plan a sprint; a goal here needs a manager or admin token."""
    return sprints.create_sprint(uow(), current_actor(), **data)


@bp.get("/sprints/team")
@bp.input(SprintTeamQuery, location="query", arg_name="query")
@bp.output(TeamMemberOut(many=True))
def team_status(query: dict[str, Any]) -> list[TeamMemberStatus]:
    """Each rep of the team with their active sprint and progress, best % of goal first."""
    return sprints.team_status(uow(), current_actor(), query.get("team_id"))


@bp.get("/sprints/<int:sprint_id>")
@bp.output(SprintDetailOut)
def get_sprint(sprint_id: int) -> dict[str, Any]:
    """A sprint with its progress (its closing snapshot once closed)."""
    detail: SprintDetail = sprints.get_sprint(uow(), current_actor(), sprint_id)
    return {**asdict(detail.sprint), "progress": detail.progress}


@bp.patch("/sprints/<int:sprint_id>")
@bp.input(SprintPatch, arg_name="data")
@bp.output(SprintOut)
def update_sprint(sprint_id: int, data: dict[str, Any]) -> SprintView:
    """Change name, dates, notes, or the goal (managers and admins only)."""
    return sprints.update_sprint(uow(), current_actor(), sprint_id, **data)


@bp.get("/sprints/<int:sprint_id>/accounts")
@bp.input(PageQuery, location="query", arg_name="query")
@bp.output(SprintAccountPage)
def sprint_accounts(sprint_id: int, query: dict[str, Any]) -> Page:
    """The sprint's accounts, each saying whether it converted inside the sprint."""
    return sprints.sprint_accounts(uow(), current_actor(), sprint_id, **query)


@bp.post("/sprints/<int:sprint_id>/accounts")
@bp.input(SprintAccountsIn, arg_name="data")
@bp.output(AccountsAddedOut)
def add_accounts(sprint_id: int, data: dict[str, Any]) -> AccountsAdded:
    """Add accounts by id, or every account of a list."""
    if "list_id" in data:
        return sprints.add_list(uow(), current_actor(), sprint_id, data["list_id"])
    return sprints.add_accounts(uow(), current_actor(), sprint_id, data["account_ids"])


@bp.post("/sprints/<int:sprint_id>/accounts/remove")
@bp.input(SprintRemoveIn, arg_name="data")
def remove_accounts(sprint_id: int, data: dict[str, Any]) -> dict[str, int]:
    """Take accounts out of an open sprint."""
    return {"removed": sprints.remove_accounts(uow(), current_actor(), sprint_id, data["account_ids"])}


@bp.put("/sprints/<int:sprint_id>/accounts/<int:account_id>/status")
@bp.input(SprintAccountStatusIn, arg_name="data")
@bp.output(AccountOut)
def move_account_status(sprint_id: int, account_id: int, data: dict[str, Any]) -> AccountView:
    """Change the status of one of the sprint's accounts."""
    return sprints.move_account_status(uow(), current_actor(), sprint_id, account_id, data["status"])


@bp.post("/sprints/<int:sprint_id>/notes")
@bp.input(SprintNoteIn, arg_name="data")
@bp.output(SprintOut)
def add_note(sprint_id: int, data: dict[str, Any]) -> SprintView:
    """Append a dated note."""
    return sprints.add_note(uow(), current_actor(), sprint_id, data["text"])


@bp.post("/sprints/<int:sprint_id>/activate")
@bp.output(SprintOut)
@bp.doc(responses={409: "another sprint of the rep is active; details name it"})
def activate_sprint(sprint_id: int) -> SprintView:
    """Make this the rep's active sprint."""
    return sprints.activate_sprint(uow(), current_actor(), sprint_id)


@bp.post("/sprints/<int:sprint_id>/close")
@bp.input(SprintCloseIn, arg_name="data")
@bp.output(SprintClosedOut)
def close_sprint(sprint_id: int, data: dict[str, Any]) -> SprintClosed:
    """Close the sprint, keeping its final figures; a repeated close changes nothing."""
    return sprints.close_sprint(uow(), current_actor(), sprint_id, rollover=data["rollover"])


@bp.get("/sprints/<int:sprint_id>/chart.png")
@bp.input(SprintChartQuery, location="query", arg_name="query")
@bp.doc(responses=cast("ResponsesObjectType", {200: {"description": "burn-up chart", "content": {"image/png": {}}}}))
def sprint_chart(sprint_id: int, query: dict[str, Any]) -> Response:
    """Burn-up chart: converted over time against the goal line and the pace line."""
    series = sprints.burnup(uow(), current_actor(), sprint_id)
    png = charts.sprint_burnup(series, query.get("lang") or current_user().language)
    return Response(png, mimetype="image/png", headers={"Cache-Control": "no-store"})
