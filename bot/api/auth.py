"""Bearer tokens: `Authorization: Bearer <token>` identifies the acting user of the API."""

from __future__ import annotations

from apiflask import APIBlueprint, HTTPTokenAuth

from bot.context import rumbo
from crm_core.read_models.common import UserView
from crm_core.services import users
from crm_core.services.common import Actor
from crm_core.uow import UnitOfWork

CHANNEL = "api"

auth = HTTPTokenAuth(scheme="Bearer", description="An API token from `rumbo token create EMAIL`.")


@auth.verify_token
def _verify(token: str) -> UserView | None:
    if not token:
        return None
    return users.authenticate_token(rumbo().core.uow(), token)


def protect(blueprint: APIBlueprint) -> APIBlueprint:
    """Require a valid bearer token on every route of the blueprint."""

    @blueprint.before_request
    @auth.login_required
    def _authenticated() -> None:
        """Every route of this blueprint needs a token."""

    return blueprint


def current_user() -> UserView:
    """The user behind the request's token."""
    return auth.current_user  # type: ignore[return-value]  # apiflask types current_user Any | None; protected routes have the UserView


def current_actor() -> Actor:
    """The acting user, on the `api` channel, for service calls."""
    return Actor(current_user().id, CHANNEL)


def uow() -> UnitOfWork:
    """A fresh unit of work on the app's database."""
    return rumbo().core.uow()
