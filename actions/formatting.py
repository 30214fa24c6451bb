"""Dates parsed the way reps type them (dateparser); writing values out is `texts.formatting`."""

from __future__ import annotations

import re
from datetime import datetime, time
from zoneinfo import ZoneInfo

import dateparser
from dateparser.search import search_dates

from texts import language_of

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
    languages = [language_of(language)]
    parsed = dateparser.parse(cleaned, languages=languages, settings=settings)
    if parsed is None:
        found = search_dates(cleaned, languages=languages, settings=settings)
        parsed = found[-1][1] if found else None
    if parsed is None:
        return None
    if not _HAS_TIME.search(cleaned):
        parsed = parsed.replace(hour=DEFAULT_HOUR.hour, minute=DEFAULT_HOUR.minute, second=0, microsecond=0)
    return parsed.astimezone(ZoneInfo(timezone)).replace(second=0, microsecond=0)

