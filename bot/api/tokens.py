"""`/api/v1/tokens`: API tokens issued, listed and revoked by admins."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from apiflask import APIBlueprint, Schema
from apiflask.fields import DateTime, Email, Integer, List, Nested, String
from apiflask.validators import Length

from bot.api.auth import current_actor, protect, uow
from bot.api.schemas import Instant, Text
from crm_core.services import users

bp = protect(APIBlueprint("tokens", __name__, url_prefix="/api/v1/tokens", tag="Tokens"))


class TokenIn(Schema):
    email = Email(required=True, validate=Length(max=254), metadata={"description": "whose token it is"})
    label = Text(120, load_default="")
    expires_at = Instant(allow_none=True, load_default=None,
                         metadata={"description": "ISO 8601 with offset, in the future; none: until revoked"})


class TokenCreatedOut(Schema):
    token = String(metadata={"description": "shown this once; only its hash is kept"})
    email = String()
    label = String()
    expires_at = DateTime(allow_none=True)


class TokenOut(Schema):
    id = Integer()
    user_id = Integer()
    email = String()
    label = String()
    state = String(metadata={"enum": ["active", "expired", "revoked"]})
    created_at = DateTime()
    last_used_at = DateTime(allow_none=True)
    expires_at = DateTime(allow_none=True)
    revoked_at = DateTime(allow_none=True)


class TokenListOut(Schema):
    items = List(Nested(TokenOut))


class TokensQuery(Schema):
    email = Email(validate=Length(max=254))


@bp.post("")
@bp.input(TokenIn, arg_name="data")
@bp.output(TokenCreatedOut, status_code=201)
@bp.doc(responses={403: "Only admins issue tokens", 404: "No user has that email"})
def create_token(data: dict[str, Any]) -> dict[str, Any]:
    """Issue a token for a user, optionally expiring (admins)."""
    token = users.create_token(uow(), current_actor(), data["email"], data["label"], data["expires_at"])
    return {"token": token, "email": data["email"], "label": data["label"], "expires_at": data["expires_at"]}


@bp.get("")
@bp.input(TokensQuery, location="query", arg_name="query")
@bp.output(TokenListOut)
@bp.doc(responses={403: "Only admins list tokens", 404: "No user has that email"})
def list_tokens(query: dict[str, Any]) -> dict[str, Any]:
    """Every token (or one user's), newest first, never the token itself (admins)."""
    return {"items": [_out(t) for t in users.list_tokens(uow(), current_actor(), query.get("email"))]}


@bp.post("/<int:token_id>/revoke")
@bp.output(TokenOut)
@bp.doc(responses={403: "Only admins revoke tokens"})
def revoke_token(token_id: int) -> dict[str, Any]:
    """Revoke a token: the next request with it gets 401 (admins)."""
    return _out(users.revoke_token(uow(), current_actor(), token_id))


def _out(token: users.TokenView) -> dict[str, Any]:
    return {**asdict(token), "state": token.state}
