"""Domain errors: the edges turn them into chat answers or HTTP statuses."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """Base of every error a service raises on purpose."""

    code = "domain_error"

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


class NotFound(DomainError):
    code = "not_found"


class PermissionDenied(DomainError):
    code = "forbidden"


class InvalidInput(DomainError):
    code = "invalid"


class Conflict(DomainError):
    code = "conflict"


class Ambiguous(DomainError):
    """A name matched several records; `details["candidates"]` lists them."""

    code = "ambiguous"


class Missing(InvalidInput):
    """A value the request needs is missing or unreadable; `details["field"]` names it."""

    def __init__(self, message: str, field: str, **details: Any) -> None:
        super().__init__(message, field=field, **details)
        self.field = field


class UnknownUser(PermissionDenied):
    """The acting user does not exist or was deactivated."""


class TaskNotFound(NotFound):
    """No such task."""


class ListNotFound(NotFound):
    """No such list (or a private list of someone else)."""


class OpportunityNotFound(NotFound):
    """No such opportunity."""


class ContactNotFound(NotFound):
    """No such contact."""


class SprintNotFound(NotFound):
    """No such sprint."""


class NotTheAuthor(PermissionDenied):
    """Only the author of an activity may undo it."""


class NotYourSprint(PermissionDenied):
    """The sprint belongs to someone the actor may not manage."""


class NotYourTask(PermissionDenied):
    """The task belongs to someone the actor may not touch."""


class ManagersOnly(PermissionDenied):
    """Only managers and admins may do this (set goals, for one)."""


class TaskClosed(Conflict):
    """The task is already done or cancelled."""
