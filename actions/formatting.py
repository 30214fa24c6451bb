"""Dates, numbers and money in the user's language, and dates parsed the way reps type them.

Wording lives in domain.yml; this module only turns values into locale-correct text
(Babel, CLDR data) and text into datetimes (dateparser).
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import dateparser
from babel.dates import format_date, format_time
from babel.numbers import format_currency, format_decimal
from dateparser.search import search_dates

DEFAULT_HOUR = time(9, 0)
_NUMBER_WORDS = {"un": "1", "una": "1", "dos": "2", "tres": "3", "cuatro": "4", "cinco": "5",
                 "one": "1", "a": "1", "two": "2", "three": "3", "four": "4", "five": "5"}
_FILLER = re.compile(
    r"\b(recu[eé]rdame|recordarme|remind me|av[ií]same|para el|para la|para|el|la|los|este|esta|"
    r"pr[oó]xim[oa]|que viene|on|this)\b", re.IGNORECASE)
_CLOCK = re.compile(r"\b(?:a las?|at)\s+(\d{1,2})(?::(\d{2}))?\b(?!\s*(?:am|pm|a\.m|p\.m))", re.IGNORECASE)
_HAS_TIME = re.compile(r"\d{1,2}:\d{2}|\d\s*(?:am|pm|a\.m|p\.m|hrs?\b|h\b)|mediod[ií]a|noon|hora|hour|minut",
                       re.IGNORECASE)
_COUNTED = re.compile(r"\b(un|una|dos|tres|cuatro|cinco|one|a|two|three|four|five)\s+"
                      r"(d[ií]as?|semanas?|meses|mes|horas?|days?|weeks?|months?|hours?)\b", re.IGNORECASE)


def locale_of(language: str | None) -> str:
    """Babel locale for a user language (Spanish unless English)."""
    return "en" if language == "en" else "es"


def _normalise(text: str) -> str:
    text = text.strip().lower()
    text = re.sub(r"\bdentro de\b", "en", text)
    text = _COUNTED.sub(lambda m: f"{_NUMBER_WORDS[m.group(1).lower()]} {m.group(2)}", text)
    text = _CLOCK.sub(lambda m: f" {m.group(1)}:{m.group(2) or '00'}", text)
    text = _FILLER.sub(" ", text)
    return re.sub(r"\s+", " ", text).strip(" ,.")


def parse_when(text: str, language: str, timezone: str, now: datetime | None = None) -> datetime | None:
    """A future, timezone-aware datetime from text like "el martes" or "next friday at 3pm".

    A plain date means 9:00 local time, so "recuérdame el martes" lands at the start of the day.
    """
    cleaned = _normalise(text)
    if not cleaned:
        return None
    settings = {"PREFER_DATES_FROM": "future", "TIMEZONE": timezone, "TO_TIMEZONE": timezone,
                "RETURN_AS_TIMEZONE_AWARE": True}
    if now is not None:
        settings["RELATIVE_BASE"] = now.astimezone(ZoneInfo(timezone)).replace(tzinfo=None)
    languages = [locale_of(language)]
    parsed = dateparser.parse(cleaned, languages=languages, settings=settings)
    if parsed is None:
        found = search_dates(cleaned, languages=languages, settings=settings)
        parsed = found[-1][1] if found else None
    if parsed is None:
        return None
    if not _HAS_TIME.search(cleaned):
        parsed = parsed.replace(hour=DEFAULT_HOUR.hour, minute=DEFAULT_HOUR.minute, second=0, microsecond=0)
    return parsed.astimezone(ZoneInfo(timezone)).replace(second=0, microsecond=0)


# Babel's skeletons abbreviate the Spanish weekday ("mar", which reads as "the sea"): spell it out.
_DAY_PATTERN = {"es": "EEEE d 'de' MMMM", "en": "EEEE, MMMM d"}
_AT = {"es": "a las", "en": "at"}


def when_text(moment: datetime, language: str, timezone: str) -> str:
    """Day and time in the user's timezone, e.g. "martes 25 de noviembre a las 9:00"."""
    local = moment.astimezone(ZoneInfo(timezone))
    loc = locale_of(language)
    return f"{day_text(local.date(), language)} {_AT[loc]} {format_time(local, format='short', locale=loc)}"


def day_text(day: date, language: str) -> str:
    """A calendar day, e.g. "martes 25 de noviembre" or "Tuesday, November 25"."""
    loc = locale_of(language)
    return format_date(day, _DAY_PATTERN[loc], locale=loc)


def number_text(value: Decimal | int | float, language: str) -> str:
    """A number with the locale's separators."""
    return format_decimal(value, locale=locale_of(language))


def money_text(value: Decimal | int | float, currency: str, language: str) -> str:
    """An amount with its currency, e.g. "US$5.000,00" or "$5,000.00"."""
    return format_currency(value, currency, locale=locale_of(language))


def progress_bar(percent: int, width: int = 10) -> str:
    """A text progress bar, e.g. ▓▓▓▓▓▓░░░░ 62%."""
    filled = max(0, min(width, round(percent * width / 100)))
    return "▓" * filled + "░" * (width - filled) + f" {percent}%"
