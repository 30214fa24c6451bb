"""Undo tokens: a button undoes one record, once, for its author; never a bare id.

A token names the kind of record, its id, its author and the instant it was created, and is
signed with the company's secret. An id reused by a newer record carries another instant,
so an old button can neither undo it nor be replayed once its record is gone.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime

KINDS = ("activity", "task", "opportunity", "status", "account")
VERSION = "u1"


@dataclass(frozen=True)
class UndoClaim:
    """What a token promises to undo."""

    kind: str
    record_id: int
    author_id: int
    created: int  # microseconds since the epoch of the record's creation (its identity beyond the id)


def stamp(moment: datetime) -> int:
    """A record's creation instant as the integer a token carries."""
    return int(moment.timestamp() * 1_000_000)


def _signature(secret: str, body: str) -> str:
    digest = hmac.new(secret.encode(), body.encode(), hashlib.sha256).digest()[:18]
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def sign(secret: str, claim: UndoClaim) -> str:
    """The token for a claim."""
    if claim.kind not in KINDS:
        raise ValueError(f"unknown undo kind {claim.kind!r}")
    body = f"{VERSION}.{claim.kind}.{claim.record_id}.{claim.author_id}.{claim.created}"
    return f"{body}.{_signature(secret, body)}"


def verify(secret: str, token: str) -> UndoClaim | None:
    """The claim of a genuine token, or None for a forged, altered or malformed one."""
    parts = (token or "").strip().split(".")
    if len(parts) != 6 or parts[0] != VERSION or parts[1] not in KINDS:
        return None
    body, signature = ".".join(parts[:5]), parts[5]
    if not hmac.compare_digest(_signature(secret, body), signature):
        return None
    try:
        return UndoClaim(parts[1], int(parts[2]), int(parts[3]), int(parts[4]))
    except ValueError:
        return None
