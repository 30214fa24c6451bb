"""Dates, times, numbers and money in the user's language (Babel, CLDR data): the one formatter."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time
from babel.numbers import format_currency, format_decimal

from texts import language_of

# Babel's skeletons abbreviate the Spanish weekday ("mar", which reads as "the sea"): spell it out.
_DAY_PATTERN = {"es": "EEEE d 'de' MMMM", "en": "EEEE, MMMM d"}
_AT = {"es": "a las", "en": "at"}


def when_text(moment: datetime, language: str | None, timezone: str) -> str:
    """Day and time in the user's timezone, e.g. "martes 25 de noviembre a las 9:00"."""
    local = moment.astimezone(ZoneInfo(timezone))
    loc = language_of(language)
    return f"{day_text(local.date(), loc)} {_AT[loc]} {clock_text(local, loc, timezone)}"


def clock_text(moment: datetime, language: str | None, timezone: str) -> str:
    """Only the time of day in the user's timezone, e.g. "16:30" or "4:30 PM"."""
    loc = language_of(language)
    return format_time(moment.astimezone(ZoneInfo(timezone)), format="short", locale=loc)


def day_text(day: date, language: str | None) -> str:
    """A calendar day, e.g. "martes 25 de noviembre" or "Tuesday, November 25"."""
    loc = language_of(language)
    return format_date(day, _DAY_PATTERN[loc], locale=loc)


def number_text(value: Decimal | int | float, language: str | None) -> str:
    """A number with the locale's separators."""
    return format_decimal(value, locale=language_of(language))


def money_text(value: Decimal | int | float, currency: str, language: str | None) -> str:
    """An amount with its currency, e.g. "US$5.000,00" or "$5,000.00"."""
    return format_currency(value, currency, locale=language_of(language))


def progress_bar(percent: int, width: int = 10) -> str:
    """A text progress bar, e.g. ▓▓▓▓▓▓░░░░ 62%."""
    filled = max(0, min(width, round(percent * width / 100)))
    return "▓" * filled + "░" * (width - filled) + f" {percent}%"
