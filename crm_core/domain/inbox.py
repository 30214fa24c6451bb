"""Inbox rules with no database: phone numbers, the 24-hour window, business hours, rotation."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import phonenumbers

from texts import translations

CHANNELS = ("whatsapp", "messenger", "instagram", "telegram", "widget", "email", "sms")
# Channels where the sender only claims who they are (a widget visitor types any email or phone).
CLAIMED_IDENTITY_CHANNELS = ("widget",)
STATUSES = ("open", "pending", "resolved")
# Meta lets a business answer freely for 24 hours after the customer's last message.
SERVICE_WINDOW = timedelta(hours=24)
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# Delivery states only move forward; a late "sent" never hides a "read".
DELIVERY_RANK = {"queued": 0, "sending": 1, "sent": 2, "delivered": 3, "read": 4, "failed": 5}
# The automatic texts when the company has not written its own, in every language.
DEFAULT_ACK = translations("autoreply.ack")
DEFAULT_OUT_OF_HOURS = translations("autoreply.out_of_hours")
DEFAULT_HOURS = {day: [["09:00", "18:00"]] for day in WEEKDAYS[:5]}


def e164(raw: str | None, default_region: str | None = None) -> str | None:
    """A phone number as E.164 (`+56912345678`), or None when it is not a valid number."""
    if not raw:
        return None
    text = raw.strip()
    # WhatsApp sends international numbers without the plus sign.
    if not text.startswith("+") and default_region is None:
        text = "+" + text.lstrip("0")
    try:
        number = phonenumbers.parse(text, default_region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        # WhatsApp still writes Mexican mobiles with the retired "1" after +52 (521 55 …).
        national = str(number.national_number)
        if number.country_code == 52 and national.startswith("1") and len(national) == 11:
            return e164(f"+52{national[1:]}")
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalise_email(raw: str | None) -> str | None:
    """An email address trimmed and lowercased, or None when it is not one."""
    if not raw or "@" not in raw:
        return None
    return raw.strip().strip("<>").lower()


def within_service_window(last_inbound_at: datetime | None, now: datetime) -> bool:
    """True while a free-text WhatsApp reply is allowed (24 hours after the customer wrote)."""
    return last_inbound_at is not None and now - last_inbound_at < SERVICE_WINDOW


def _clock(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def is_open(hours: dict[str, list[list[str]]], timezone: str, now: datetime) -> bool:
    """True when `now` falls inside the company's business hours in its own time zone."""
    local = now.astimezone(ZoneInfo(timezone))
    for start, end in hours.get(WEEKDAYS[local.weekday()], []):
        if _clock(start) <= local.time() < _clock(end):
            return True
    return False


def valid_hours(hours: dict[str, list[list[str]]]) -> bool:
    """True when every day is a known weekday with HH:MM ranges that start before they end."""
    try:
        return all(
            day in WEEKDAYS and all(_clock(start) < _clock(end) for start, end in ranges)
            for day, ranges in hours.items()
        )
    except (ValueError, TypeError):
        return False


def next_in_rotation(candidates: list[int], last: int | None) -> int | None:
    """Round-robin: the first candidate after `last` (by id), wrapping around."""
    if not candidates:
        return None
    ordered = sorted(candidates)
    if last is None:
        return ordered[0]
    return next((c for c in ordered if c > last), ordered[0])


def choose_assignee(owner_id: int | None, territory_responsible_id: int | None,
                    rotation: list[int], last: int | None) -> tuple[int | None, bool]:
    """Account owner, else the territory's responsible user, else round-robin; True when rotated."""
    if owner_id is not None:
        return owner_id, False
    if territory_responsible_id is not None:
        return territory_responsible_id, False
    return next_in_rotation(rotation, last), True


def text_for(texts: dict[str, str], defaults: dict[str, str], language: str | None) -> str | None:
    """The automatic text in the customer's language, else Spanish; an empty text means off."""
    merged = {**defaults, **texts}
    text = merged.get(language or "es", merged.get("es"))
    return text or None


def later_status(current: str, incoming: str) -> str:
    """The delivery status to keep when a platform reports `incoming` for a message at `current`."""
    return incoming if DELIVERY_RANK.get(incoming, -1) > DELIVERY_RANK.get(current, -1) else current


def backoff(attempts: int) -> timedelta:
    """Wait before the next try: 2, 4, 8 … seconds, capped at ten minutes."""
    return timedelta(seconds=min(600, 2 ** max(1, attempts)))
