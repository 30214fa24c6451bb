"""`/api/v1/users`: who uses Rumbo."""

from __future__ import annotations

from apiflask import APIBlueprint

from bot.api.auth import current_actor, current_user, protect, uow
from bot.api.schemas import UserOut
from crm_core.read_models.common import UserView
from crm_core.services import users

bp = protect(APIBlueprint("users", __name__, url_prefix="/api/v1/users", tag="Users"))


@bp.get("")
@bp.output(UserOut(many=True))
def list_users() -> list[UserView]:
    """Users the caller may see: admins everyone, others their team."""
    return users.list_users(uow(), current_actor())


@bp.get("/me")
@bp.output(UserOut)
def me() -> UserView:
    """The user the token belongs to."""
    return current_user()
