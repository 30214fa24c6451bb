"""Users, teams, territories, chat identities and API tokens."""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select

from crm_core.domain.access import ROLES
from crm_core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from crm_core.persistence.models import ApiToken, Identity, LinkCode, Team, Territory, User
from crm_core.persistence.types import utcnow
from crm_core.read_models.common import UserView
from crm_core.services.common import Actor, apply_changes, principal, record, reject_unknown
from crm_core.uow import UnitOfWork

LANGUAGES = ("es", "en")
PROVIDERS = ("slack", "telegram", "web")
USER_EDITABLE = ("name", "email", "role", "team", "language", "timezone", "active")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _team(uow: UnitOfWork, name: str) -> Team:
    team = uow.session.scalar(select(Team).where(Team.name == name))
    if team is None:
        team = Team(name=name)
        uow.session.add(team)
        uow.flush()
    return team


def add_user(
    uow: UnitOfWork,
    actor: Actor,
    *,
    name: str,
    email: str,
    role: str,
    team: str | None = None,
    language: str = "es",
    timezone: str = "America/Santiago",
    slack_id: str | None = None,
    telegram_id: str | None = None,
) -> UserView:
    """Create a user (admins only), with optional chat identities."""
    with uow:
        if not principal(uow, actor).is_admin:
            raise PermissionDenied("only admins add users")
        user = new_user(uow, actor, name=name, email=email, role=role, team=team,
                        language=language, timezone=timezone)
        for provider, external_id in (("slack", slack_id), ("telegram", telegram_id)):
            if external_id:
                _link(uow, user.id, provider, str(external_id))
        uow.commit()
        return UserView.of(user)


def new_user(
    uow: UnitOfWork,
    actor: Actor,
    *,
    name: str,
    email: str,
    role: str,
    team: str | None = None,
    language: str = "es",
    timezone: str = "America/Santiago",
    active: bool = True,
    id: int | None = None,
) -> User:
    """Add a user inside the caller's unit of work (`id` keeps an imported record's id)."""
    email = email_address(email)
    _check_profile(role=role, language=language, timezone=timezone)
    if not name.strip():
        raise InvalidInput("a user needs a name")
    if uow.session.scalar(select(User).where(User.email == email)):
        raise Conflict(f"a user with email {email} already exists", email=email)
    user = User(id=id, name=name.strip(), email=email, role=role, language=language, timezone=timezone,
                active=active, team_id=_team(uow, team).id if team else None)
    uow.session.add(user)
    uow.flush()
    record(uow, actor, "user", user.id, "create",
           {"email": (None, email), "role": (None, role), "team_id": (None, user.team_id)})
    return user


def change_user(uow: UnitOfWork, actor: Actor, user: User, fields: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Change a user's profile inside the caller's unit of work, audited; `team` is a team name."""
    reject_unknown(fields, USER_EDITABLE)
    empty = sorted(k for k in ("name", "email", "role", "language", "timezone", "active") if k in fields
                   and fields[k] in (None, ""))
    if empty:
        raise InvalidInput("these fields cannot be empty", fields=empty)
    fields = dict(fields)
    if "email" in fields:
        fields["email"] = email_address(fields["email"])
        taken = uow.session.scalar(select(User.id).where(User.email == fields["email"], User.id != user.id))
        if taken is not None:
            raise Conflict(f"a user with email {fields['email']} already exists", email=fields["email"])
    if "name" in fields:
        fields["name"] = fields["name"].strip()
    _check_profile(role=fields.get("role"), language=fields.get("language"), timezone=fields.get("timezone"))
    if "team" in fields:
        team = fields.pop("team")
        fields["team_id"] = _team(uow, team).id if team else None
    changes = apply_changes(user, fields)
    if changes:
        record(uow, actor, "user", user.id, "update", changes)
    return changes


def email_address(email: str) -> str:
    """An email address as stored: trimmed, lower case; anything else is refused."""
    email = email.strip().lower()
    if not _EMAIL.match(email):
        raise InvalidInput(f"not an email address: {email!r}")
    return email


def _check_profile(*, role: str | None, language: str | None, timezone: str | None) -> None:
    if role is not None and role not in ROLES:
        raise InvalidInput(f"unknown role {role!r}", valid=list(ROLES))
    if language is not None and language not in LANGUAGES:
        raise InvalidInput(f"unknown language {language!r}", valid=list(LANGUAGES))
    if timezone is not None:
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise InvalidInput(f"unknown timezone {timezone!r}") from None


def _link(uow: UnitOfWork, user_id: int, provider: str, external_id: str) -> None:
    if provider not in PROVIDERS:
        raise InvalidInput(f"unknown provider {provider!r}", valid=list(PROVIDERS))
    taken = uow.session.scalar(
        select(Identity).where(Identity.provider == provider, Identity.external_id == external_id)
    )
    if taken is not None and taken.user_id != user_id:
        raise Conflict(f"{provider} id {external_id} is already linked to another user")
    if taken is None:
        uow.session.add(Identity(user_id=user_id, provider=provider, external_id=external_id))


def link_identity(uow: UnitOfWork, actor: Actor, email: str, provider: str, external_id: str) -> None:
    """Link a chat identity to a user (admins only)."""
    with uow:
        if not principal(uow, actor).is_admin:
            raise PermissionDenied("only admins link identities")
        user = _by_email(uow, email)
        _link(uow, user.id, provider, external_id)
        record(uow, actor, "user", user.id, "link", {provider: (None, external_id)})
        uow.commit()


def _by_email(uow: UnitOfWork, email: str) -> User:
    user = uow.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise NotFound(f"no user with email {email}", email=email)
    return user


def identify(uow: UnitOfWork, provider: str, external_id: str) -> UserView | None:
    """The active user behind a chat identity, or None for a stranger."""
    with uow:
        user = uow.session.scalar(
            select(User)
            .join(Identity, Identity.user_id == User.id)
            .where(Identity.provider == provider, Identity.external_id == str(external_id))
        )
        return UserView.of(user) if user is not None and user.active else None


def get_user(uow: UnitOfWork, user_id: int) -> UserView:
    """A user by id."""
    with uow:
        user = uow.session.get(User, user_id)
        if user is None:
            raise NotFound("user not found", user_id=user_id)
        return UserView.of(user)


def get_user_by_email(uow: UnitOfWork, email: str) -> UserView:
    """A user by email address."""
    with uow:
        return UserView.of(_by_email(uow, email))


def list_users(uow: UnitOfWork, actor: Actor) -> list[UserView]:
    """Users the actor may see: admins everyone, others their own team."""
    with uow:
        who = principal(uow, actor)
        query = select(User).order_by(User.id)
        if not who.is_admin:
            query = query.where(User.team_id == who.team_id) if who.team_id else query.where(User.id == who.id)
        return [UserView.of(u) for u in uow.session.scalars(query)]


def add_territory(uow: UnitOfWork, actor: Actor, name: str, responsible_email: str | None) -> int:
    """Create a commercial zone with its one responsible user (seed 001)."""
    with uow:
        if not principal(uow, actor).is_admin:
            raise PermissionDenied("only admins manage territories")
        responsible = _by_email(uow, responsible_email) if responsible_email else None
        territory = uow.session.scalar(select(Territory).where(Territory.name == name))
        if territory is None:
            territory = Territory(name=name)
            uow.session.add(territory)
        territory.responsible_id = responsible.id if responsible else None
        territory.team_id = responsible.team_id if responsible else None
        uow.flush()
        record(uow, actor, "territory", territory.id, "save",
               {"responsible_id": (None, territory.responsible_id)})
        uow.commit()
        return territory.id


def create_token(uow: UnitOfWork, actor: Actor, email: str, label: str = "") -> str:
    """Issue an API token for a user; only its hash is stored, the token is shown once."""
    token = "rmb_" + secrets.token_urlsafe(32)
    with uow:
        if not principal(uow, actor).is_admin:
            raise PermissionDenied("only admins issue tokens")
        user = _by_email(uow, email)
        uow.session.add(ApiToken(user_id=user.id, token_hash=_digest(token), label=label))
        record(uow, actor, "user", user.id, "token_create", {"label": (None, label)})
        uow.commit()
    return token


def authenticate_token(uow: UnitOfWork, token: str) -> UserView | None:
    """The user a bearer token belongs to, or None when unknown or revoked."""
    with uow:
        row = uow.session.scalar(
            select(ApiToken).where(ApiToken.token_hash == _digest(token), ApiToken.revoked_at.is_(None))
        )
        if row is None:
            return None
        user = uow.session.get(User, row.user_id)
        if user is None or not user.active:
            return None
        now = utcnow()
        if row.last_used_at is None or now - row.last_used_at > timedelta(minutes=5):
            row.last_used_at = now
            uow.commit()
        return UserView.of(user)


def create_link_code(uow: UnitOfWork, actor: Actor, email: str, ttl: timedelta = timedelta(minutes=15)) -> str:
    """A one-time code the user sends to a bot as `/link CODE`."""
    code = f"{secrets.randbelow(10**8):08d}"
    with uow:
        if not principal(uow, actor).is_admin:
            raise PermissionDenied("only admins issue link codes")
        user = _by_email(uow, email)
        uow.session.add(LinkCode(user_id=user.id, code_hash=_digest(code), expires_at=utcnow() + ttl))
        uow.commit()
    return code


def redeem_link_code(uow: UnitOfWork, code: str, provider: str, external_id: str) -> UserView:
    """Link the chat identity that sent a valid, unexpired, unused code."""
    with uow:
        row = uow.session.scalar(select(LinkCode).where(LinkCode.code_hash == _digest(code.strip())))
        if row is None or row.used_at is not None or row.expires_at < utcnow():
            raise InvalidInput("this link code is invalid or has expired")
        row.used_at = utcnow()
        _link(uow, row.user_id, provider, str(external_id))
        record(uow, Actor(row.user_id, provider if provider in ("slack", "telegram") else "web"),
               "user", row.user_id, "link", {provider: (None, str(external_id))})
        uow.commit()
        return UserView.of(uow.session.get(User, row.user_id))
