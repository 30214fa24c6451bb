"""Users, teams, territories, chat identities and API tokens."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from limits import parse as parse_limit
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter
from sqlalchemy import select

from crm_core.domain import limits
from crm_core.domain.access import ROLES as ROLES  # re-exported: the importer reads users.ROLES
from crm_core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from crm_core.persistence.models import ApiToken, Identity, LinkCode, Team, Territory, User
from crm_core.persistence.types import utcnow
from crm_core.read_models.common import UserView, View
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
    """Create a commercial zone with its one responsible user."""
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


@dataclass(frozen=True)
class TokenView(View):
    """An API token as its list shows it: never the token itself."""

    id: int
    user_id: int
    email: str
    label: str
    created_at: datetime
    last_used_at: datetime | None
    expires_at: datetime | None
    revoked_at: datetime | None

    @property
    def state(self) -> str:
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at is not None and self.expires_at <= utcnow():
            return "expired"
        return "active"

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "state": self.state}


def create_token(uow: UnitOfWork, actor: Actor, email: str, label: str = "",
                 expires_at: datetime | None = None) -> str:
    """Issue an API token for a user; only its hash is stored, the token is shown once.

    `expires_at` (aware) ends it on its own; without it the token lasts until revoked.
    """
    token = "rmb_" + secrets.token_urlsafe(32)
    if expires_at is not None and (expires_at.tzinfo is None or expires_at <= utcnow()):
        raise InvalidInput("a token's expiry is a future time with its time zone")
    if len(label) > 120 or limits.bad_characters(label):
        raise InvalidInput("a token's label is at most 120 plain characters")
    with uow:
        if not principal(uow, actor).is_admin:
            raise PermissionDenied("only admins issue tokens")
        user = _by_email(uow, email)
        uow.session.add(ApiToken(user_id=user.id, token_hash=_digest(token), label=label, expires_at=expires_at))
        record(uow, actor, "user", user.id, "token_create",
               {"label": (None, label), "expires_at": (None, expires_at)})
        uow.commit()
    return token


def list_tokens(uow: UnitOfWork, actor: Actor, email: str | None = None) -> list[TokenView]:
    """Every API token (admins), or one user's, newest first."""
    with uow:
        if not principal(uow, actor).is_admin:
            raise PermissionDenied("only admins list tokens")
        query = select(ApiToken, User.email).join(User, User.id == ApiToken.user_id)
        if email is not None:
            query = query.where(User.id == _by_email(uow, email).id)
        return [TokenView(t.id, t.user_id, mail, t.label, t.created_at, t.last_used_at, t.expires_at,
                          t.revoked_at)
                for t, mail in uow.session.execute(query.order_by(ApiToken.id.desc()))]


def revoke_token(uow: UnitOfWork, actor: Actor, token_id: int) -> TokenView:
    """Revoke a token by its id: the next request with it gets 401. Revoking twice changes nothing."""
    with uow:
        if not principal(uow, actor).is_admin:
            raise PermissionDenied("only admins revoke tokens")
        row = uow.session.get(ApiToken, token_id)
        if row is None:
            raise NotFound("token not found", token_id=token_id)
        if row.revoked_at is None:
            row.revoked_at = utcnow()
            record(uow, actor, "user", row.user_id, "token_revoke", {"token_id": (None, row.id)})
        user = uow.session.get(User, row.user_id)
        view = TokenView(row.id, row.user_id, user.email if user else "", row.label, row.created_at,
                         row.last_used_at, row.expires_at, row.revoked_at)
        uow.commit()
        return view


def authenticate_token(uow: UnitOfWork, token: str) -> UserView | None:
    """The user a bearer token belongs to, or None when unknown, revoked or expired."""
    with uow:
        row = uow.session.scalar(
            select(ApiToken).where(ApiToken.token_hash == _digest(token), ApiToken.revoked_at.is_(None))
        )
        if row is None:
            return None
        now = utcnow()
        if row.expires_at is not None and row.expires_at <= now:
            return None
        user = uow.session.get(User, row.user_id)
        if user is None or not user.active:
            return None
        if row.last_used_at is None or now - row.last_used_at > timedelta(minutes=5):
            row.last_used_at = now
            uow.commit()
        return UserView.of(user)


# Link codes are eight digits, so their digest is keyed by the deployment's secret: a copy of the
# table alone does not give the codes away by trying all 10^8 of them.
_link_secret: list[bytes] = [b""]
LINK_ATTEMPTS = parse_limit("5/15 minutes")  # wrong codes per chat identity before a lockout
_link_failures = MovingWindowRateLimiter(MemoryStorage())


def use_secret(secret: str) -> None:
    """Key link-code digests with the deployment's secret (the gateway and the CLI call this)."""
    _link_secret[0] = secret.encode()


def _code_digest(code: str) -> str:
    return hmac.new(_link_secret[0] or b"rumbo-link-code", code.encode(), hashlib.sha256).hexdigest()


def create_link_code(uow: UnitOfWork, actor: Actor, email: str, ttl: timedelta = timedelta(minutes=15)) -> str:
    """A one-time code the user sends to a bot as `/link CODE`."""
    code = f"{secrets.randbelow(10**8):08d}"
    with uow:
        if not principal(uow, actor).is_admin:
            raise PermissionDenied("only admins issue link codes")
        user = _by_email(uow, email)
        uow.session.add(LinkCode(user_id=user.id, code_hash=_code_digest(code), expires_at=utcnow() + ttl))
        uow.commit()
    return code


def redeem_link_code(uow: UnitOfWork, code: str, provider: str, external_id: str) -> UserView:
    """Link the chat identity that sent a valid, unexpired, unused code.

    After a few wrong codes the identity is locked out for a while, right codes included, so
    the eight digits cannot be tried one after another.
    """
    who = (provider, str(external_id))
    if not _link_failures.test(LINK_ATTEMPTS, "link", *who):
        raise InvalidInput("too many wrong link codes; try again in 15 minutes", locked=True)
    with uow:
        row = uow.session.scalar(select(LinkCode).where(LinkCode.code_hash == _code_digest(code.strip())))
        if row is None or row.used_at is not None or row.expires_at < utcnow():
            _link_failures.hit(LINK_ATTEMPTS, "link", *who)
            raise InvalidInput("this link code is invalid or has expired")
        row.used_at = utcnow()
        _link(uow, row.user_id, provider, str(external_id))
        record(uow, Actor(row.user_id, provider if provider in ("slack", "telegram") else "web"),
               "user", row.user_id, "link", {provider: (None, str(external_id))})
        uow.commit()
        user = uow.session.get(User, row.user_id)
        assert user is not None  # the code's user (a foreign key)
        return UserView.of(user)
