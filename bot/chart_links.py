"""Signed, expiring links to chart images: made by the actions, read by the charts blueprint.

Chat platforms fetch images by URL without Rumbo credentials, so the link itself carries
what to draw and for whom, signed with the secret key. Only itsdangerous: the action
server imports this without Flask or matplotlib.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Protocol

from itsdangerous import URLSafeTimedSerializer

SALT = "rumbo-chart"
MAX_AGE = 24 * 60 * 60
KINDS = ("burnup", "profitability", "pipeline", "campaigns")


class LinkSettings(Protocol):
    """The two settings a link needs."""

    @property
    def public_url(self) -> str: ...
    @property
    def secret_key(self) -> str: ...


class LinkActor(Protocol):
    """Who the chart is drawn for."""

    @property
    def user_id(self) -> int | None: ...
    @property
    def channel(self) -> str: ...


def serializer(secret_key: str) -> URLSafeTimedSerializer:
    """The signer of chart links."""
    return URLSafeTimedSerializer(secret_key, salt=SALT)


def chart_url(settings: LinkSettings, kind: str, actor: LinkActor, language: str, **params: Any) -> str:
    """A signed link to a chart drawn for this user, e.g. kind="burnup" with sprint=12."""
    if kind not in KINDS:
        raise ValueError(f"unknown chart {kind!r}")
    payload = {"k": kind, "u": actor.user_id, "c": actor.channel, "l": language,
               **{key: value.isoformat() if isinstance(value, date) else value for key, value in params.items()}}
    return f"{settings.public_url}/charts/{serializer(settings.secret_key).dumps(payload)}.png"


def read(secret_key: str, token: str) -> Any:
    """The payload of a link; itsdangerous' SignatureExpired or BadSignature when it is not valid."""
    return serializer(secret_key).loads(token, max_age=MAX_AGE)
