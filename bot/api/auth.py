"""Bearer tokens: `Authorization: Bearer <token>` identifies the acting user of the API."""

from __future__ import annotations

from typing import Any

from apiflask import APIBlueprint, APIFlask, HTTPTokenAuth

from bot.app import rumbo
from crm_core.services import users
from crm_core.services.common import Actor
from crm_core.uow import UnitOfWork
from crm_core.views import UserView

CHANNEL = "api"
PROTECTED_PREFIX = "/api/v1/"
SCHEME = "BearerAuth"

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


def init_app(app: APIFlask) -> None:
    """Describe the bearer token on every `/api/v1` operation of the OpenAPI document."""

    # APIFlask documents blueprint-wide auth for only the first blueprint sharing an auth
    # object, so the document is completed here from the one rule that holds: /api/v1 needs a token.
    @app.spec_processor
    def _document_bearer(spec: dict[str, Any]) -> dict[str, Any]:
        schemes = spec.setdefault("components", {}).setdefault("securitySchemes", {})
        schemes[SCHEME] = {"type": "http", "scheme": "bearer", "description": auth.description}
        for path, operations in spec.get("paths", {}).items():
            if not path.startswith(PROTECTED_PREFIX):
                continue
            for operation in operations.values():
                operation["security"] = [{SCHEME: []}]
                operation.setdefault("responses", {}).setdefault("401", {
                    "description": "Missing or invalid bearer token",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/HTTPError"}}},
                })
        return spec


def current_user() -> UserView:
    """The user behind the request's token."""
    return auth.current_user  # type: ignore[return-value]


def current_actor() -> Actor:
    """The acting user, on the `api` channel, for service calls."""
    return Actor(current_user().id, CHANNEL)


def uow() -> UnitOfWork:
    """A fresh unit of work on the app's database."""
    return rumbo().core.uow()
