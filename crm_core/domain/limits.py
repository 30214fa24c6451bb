"""Bounds every stored value keeps, so both databases take it and every later reader copes."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

MAX_ID = 2**31 - 1  # INTEGER columns on PostgreSQL
MAX_AMOUNT = Decimal(10) ** 12  # Numeric(14, 2): twelve digits before the point
MIN_YEAR, MAX_YEAR = 1900, 2200
MAX_OFFSET = 10**9
MAX_DAYS = 365 * 200  # "not contacted for N days" and similar spans

# Column sizes of the text fields people type (crm_core/persistence/models.py).
LENGTHS = {
    "name": 200, "title": 200, "sector": 80, "source": 80, "role": 120, "email": 254,
    "phone": 32, "label": 120, "task_title": 300, "subject": 300, "status_label": 80,
    "team": 120, "timezone": 64, "handle": 200, "custom_key": 60, "custom_text": 2000,
    "free_text": 20_000,
}
CUSTOM_KEY = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,59}$")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def bad_characters(text: str) -> str | None:
    """Why a text cannot be stored, or None: control characters (but newline and tab), lone surrogates."""
    if _CONTROL.search(text.replace("\r\n", "\n")):
        return "control characters are not allowed (newline and tab are)"
    if any(unicodedata.category(c) == "Cs" for c in text):
        return "the text holds an invalid character"
    return None


def strip_controls(text: str) -> str:
    """The text without control characters (newline and tab kept) and without lone surrogates."""
    cleaned = _CONTROL.sub("", text.replace("\r\n", "\n"))
    return "".join(c for c in cleaned if unicodedata.category(c) != "Cs")


def text_problem(text: str, max_length: int) -> str | None:
    """Why a typed text cannot be stored, or None."""
    if len(text) > max_length:
        return f"at most {max_length} characters"
    return bad_characters(text)


def amount_problem(value: Any) -> str | None:
    """Why a money amount cannot be stored, or None."""
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return "not a number"
    if not number.is_finite():
        return "not a finite number"
    if number < 0:
        return "cannot be negative"
    if number >= MAX_AMOUNT:
        return "must be less than 10^12"
    return None


def day_problem(value: date | datetime) -> str | None:
    """Why a date cannot be stored, or None: years outside 1900–2200."""
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        return f"years run from {MIN_YEAR} to {MAX_YEAR}"
    return None


def id_problem(value: int) -> str | None:
    """Why an id cannot name a record, or None."""
    if isinstance(value, bool) or not 1 <= value <= MAX_ID:
        return f"ids run from 1 to {MAX_ID}"
    return None


def safe_cell(value: Any) -> Any:
    """A stored value ready for a spreadsheet cell: control characters dropped from text."""
    if isinstance(value, str):
        return strip_controls(value)
    return value
