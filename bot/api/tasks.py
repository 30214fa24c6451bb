"""`/api/v1/tasks` and `/api/v1/agenda`: what reps have to do, planned or free."""

from __future__ import annotations

from typing import Any

from apiflask import APIBlueprint, Schema
from apiflask.fields import String
from apiflask.validators import OneOf
from marshmallow import ValidationError, validates_schema

from bot.api.auth import current_actor, protect, uow
from bot.api.schemas import AgendaOut, Day, Id, Instant, PageQuery, TaskOut, TaskPage, Text
from crm_core.read_models.common import Agenda, Page, TaskView
from crm_core.services import tasks

bp = protect(APIBlueprint("tasks", __name__, url_prefix="/api/v1", tag="Tasks"))


class WhenIn(Schema):
    due_at = Instant(allow_none=True, metadata={"description": "ISO 8601 with offset, years 1900-2200: planned"})
    start_date = Day(allow_none=True, metadata={"description": "YYYY-MM-DD, years 1900-2200: free from that day"})

    @validates_schema
    def _one_time(self, data: dict[str, Any], **kwargs: Any) -> None:
        if (data.get("due_at") is None) == (data.get("start_date") is None):
            raise ValidationError("give either due_at or start_date", "due_at")


class TasksQuery(PageQuery):
    assignee_id = Id()
    status = String(validate=OneOf(["open", "done", "cancelled"]))
    account_id = Id()


class TaskIn(WhenIn):
    type = String(required=True, validate=OneOf(list(tasks.TASK_TYPES)))
    account_id = Id(allow_none=True)
    title = Text(300, load_default="")
    assignee_id = Id(allow_none=True, metadata={"description": "defaults to the caller; someone of the team"})


class ReassignIn(Schema):
    assignee_id = Id(required=True, metadata={"description": "someone of the caller's team"})


class AgendaQuery(Schema):
    start = Day(required=True, data_key="from")
    end = Day(data_key="to", metadata={"description": "YYYY-MM-DD, years 1900-2200, defaults to `from`"})
    user_id = Id(metadata={"description": "defaults to the caller"})


@bp.get("/tasks")
@bp.input(TasksQuery, location="query", arg_name="query")
@bp.output(TaskPage)
def list_tasks(query: dict[str, Any]) -> Page:
    """Tasks the caller may see."""
    return tasks.list_tasks(uow(), current_actor(), **query)


@bp.post("/tasks")
@bp.input(TaskIn, arg_name="data")
@bp.output(TaskOut, status_code=201)
def schedule_task(data: dict[str, Any]) -> TaskView:
    """Plan a task at a time (`due_at`) or leave it free from a day (`start_date`)."""
    return tasks.schedule_task(uow(), current_actor(), **data)


@bp.get("/tasks/<int:task_id>")
@bp.output(TaskOut)
def get_task(task_id: int) -> TaskView:
    """One task."""
    return tasks.get_task(uow(), current_actor(), task_id)


@bp.post("/tasks/<int:task_id>/complete")
@bp.output(TaskOut)
def complete_task(task_id: int) -> TaskView:
    """Mark a task done."""
    return tasks.complete_task(uow(), current_actor(), task_id)


@bp.post("/tasks/<int:task_id>/reschedule")
@bp.input(WhenIn, arg_name="data")
@bp.output(TaskOut)
def reschedule_task(task_id: int, data: dict[str, Any]) -> TaskView:
    """Move an open task to another time, or turn it planned or free."""
    return tasks.reschedule_task(uow(), current_actor(), task_id, **data)


@bp.post("/tasks/<int:task_id>/reassign")
@bp.input(ReassignIn, arg_name="data")
@bp.output(TaskOut)
def reassign_task(task_id: int, data: dict[str, Any]) -> TaskView:
    """Give an open task to someone else in the team."""
    return tasks.reassign_task(uow(), current_actor(), task_id, data["assignee_id"])


@bp.get("/agenda")
@bp.input(AgendaQuery, location="query", arg_name="query")
@bp.output(AgendaOut)
def agenda(query: dict[str, Any]) -> Agenda:
    """Planned and free open tasks for days in the user's timezone, plus overdue ones."""
    return tasks.agenda(uow(), current_actor(), query["start"], query.get("end"), query.get("user_id"))
