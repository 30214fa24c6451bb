"""What every opportunity keeps true, however it is opened, changed or brought in."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from crm_core.domain import limits
from crm_core.errors import ContactNotFound, InvalidInput, Missing

ORIGINS = ("campaign", "conversation", "activity")


def checked_value(value: Any) -> Decimal:
    """An opportunity's value as a Decimal; never negative."""
    problem = limits.amount_problem(value)
    if problem:
        raise InvalidInput(f"an opportunity's value {problem}")
    amount = Decimal(str(value))
    if amount < 0:
        raise InvalidInput("an opportunity's value cannot be negative")
    return amount


def checked_currency(code: str) -> str:
    """An ISO 4217 currency code, upper case."""
    cleaned = code.strip().upper()
    if len(cleaned) != 3:
        raise InvalidInput(f"currency must be an ISO 4217 code, got {cleaned!r}")
    return cleaned


def check_origin(kind: str | None) -> None:
    """Where an opportunity came from is one of the known origins (or not said)."""
    if kind is not None and kind not in ORIGINS:
        raise InvalidInput(f"unknown origin {kind!r}", valid=list(ORIGINS))


def check_contact(contact_id: int, contact_account_id: int | None, account_id: int) -> None:
    """An opportunity's contact works at the opportunity's account (`contact_account_id` None: no such contact)."""
    if contact_account_id != account_id:
        raise ContactNotFound("contact not found at this account", contact_id=contact_id)


def check_lost_reason(status: str, reason: str | None) -> None:
    """A lost opportunity says why it was lost."""
    if status == "lost" and not (reason or "").strip():
        raise Missing("say why the opportunity was lost", field="reason")
