"""Dates parsed the way reps type them (dateparser); writing values out is `texts.formatting`."""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import dateparser
from dateparser.search import search_dates

from texts import language_of

DEFAULT_HOUR = time(9, 0)
# A rep's working day: "a las 4" is 16:00, "a las 9" is 9:00; only "de la mañana"/"am" keeps 1-7 in the morning.
AFTERNOON_UNTIL = 7
_NUMBER_WORDS = {"un": "1", "una": "1", "dos": "2", "tres": "3", "cuatro": "4", "cinco": "5",
                 "one": "1", "a": "1", "two": "2", "three": "3", "four": "4", "five": "5"}
_FILLER = re.compile(
    r"\b(recu[eé]rdame|recordarme|remind me|av[ií]same|para el|para la|para|el|la|los|este|esta|"
    r"pr[oó]xim[oa]|que viene|on|this)\b", re.IGNORECASE)
_HAS_TIME = re.compile(r"\d{1,2}:\d{2}|\d\s*(?:am|pm|a\.m|p\.m|hrs?\b|h\b)|hora|hour|minut", re.IGNORECASE)
_COUNTED = re.compile(r"\b(un|una|dos|tres|cuatro|cinco|one|a|two|three|four|five)\s+"
                      r"(d[ií]as?|semanas?|meses|mes|horas?|days?|weeks?|months?|hours?)\b", re.IGNORECASE)
_DAY_PART = (r"(?:de|en|por)\s+la\s+(?:mañana|manana|tarde|noche)|in\s+the\s+(?:morning|afternoon|evening)"
             r"|tonight|at\s+night|esta\s+noche|en\s+la\s+noche")
_CLOCK = re.compile(
    r"(?P<lead>\b(?:a\s+las?|a\s+eso\s+de\s+las?|tipo|como\s+a\s+las?|at|around|by)\s+|@\s*)?"
    r"(?<![\d/.:-])\b(?P<h>\d{1,2})(?:\s*[:.h]\s*(?P<m>\d{2}))?"
    r"(?:\s+y\s+(?P<half>media|cuarto))?"
    r"(?:\s*(?P<ampm>a\.?\s?m\b\.?|p\.?\s?m\b\.?|hrs?\b\.?|h\b))?"
    rf"(?:\s*(?P<part>{_DAY_PART}))?",
    re.IGNORECASE)
_NAMED_CLOCK = {"mediodia": time(12, 0), "mediodía": time(12, 0), "medio dia": time(12, 0),
                "medio día": time(12, 0), "noon": time(12, 0), "midday": time(12, 0),
                "medianoche": time(0, 0), "midnight": time(0, 0)}
_NAMED = re.compile(r"\b(?:a\s+|al\s+|at\s+)?(?:las?\s+)?(" + "|".join(_NAMED_CLOCK) + r")\b", re.IGNORECASE)
_PART_ALONE = re.compile(rf"\b({_DAY_PART})\b", re.IGNORECASE)
_PART_HOUR = {"morning": time(9, 0), "afternoon": time(15, 0), "evening": time(19, 0)}
_MONTHS = {
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7, "agosto": 8,
    "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
    "ene": 1, "feb": 2, "mar": 3, "abr": 4, "jun": 6, "jul": 7, "ago": 8, "sep": 9, "sept": 9, "oct": 10,
    "nov": 11, "dic": 12, "jan": 1, "apr": 4, "aug": 8, "dec": 12,
}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DAY_MONTH = re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:de\s+|of\s+)?(?P<mon>{_MONTH})\b"
                        rf"|\b(?P<mon2>{_MONTH})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\b", re.IGNORECASE)
_CLOSE_MONTH = re.compile(
    rf"\b(?:para|en|hasta|a\s+fines\s+de|a\s+fin\s+de|fines\s+de|fin\s+de|by|in|for|end\s+of)\s+"
    rf"(?:(?:el\s+mes\s+de|the\s+end\s+of|finales\s+de)\s+)?(?P<mon>{_MONTH})\b",
    re.IGNORECASE)
_CLOSING = re.compile(r"\b(cierr[ae]|cerrar|cierre|cerramos|cerraria|cerraría|firma|firmar|clos(?:e|es|ing)|"
                      r"sign(?:s|ing)?|para|by)\b", re.IGNORECASE)


def _normalise(text: str) -> str:
    text = text.strip().lower()
    text = re.sub(r"\bdentro de\b", "en", text)
    text = re.sub(r"\bpasado ma[ñn]ana\b", "en 2 días", text)
    text = re.sub(r"\b(?:the )?day after tomorrow\b", "in 2 days", text)
    text = _COUNTED.sub(lambda m: f"{_NUMBER_WORDS[m.group(1).lower()]} {m.group(2)}", text)
    text = _FILLER.sub(" ", text)
    return re.sub(r"\s+", " ", text).strip(" ,.")


def _part_of(text: str) -> str | None:
    lowered = text.lower()
    if re.search(r"ma[ñn]ana$|morning", lowered):
        return "morning"
    if re.search(r"tarde|afternoon", lowered):
        return "afternoon"
    if re.search(r"noche|evening|tonight|night", lowered):
        return "evening"
    return None


def clock_in(text: str) -> tuple[time, str] | None:
    """The time of day a rep meant and the text without it, in the rep's working day.

    "a las 4" is 16:00 (1-7 without "de la mañana"/"am" are afternoon hours), "a las 4 de la
    tarde", "4pm", "16:00" and "mediodía" are taken as said.
    """
    for match in _CLOCK.finditer(text):
        hour, minute = int(match.group("h")), int(match.group("m") or 0)
        ampm = (match.group("ampm") or "").lower().replace(".", "").replace(" ", "")
        if not (match.group("lead") or match.group("m") or ampm or match.group("part") or match.group("half")):
            continue
        before = text[:match.start()].rstrip().lower()
        if re.search(r"\b(?:en|in|dentro de)$", before) and not match.group("m"):
            continue
        if match.group("half"):
            minute = 30 if match.group("half").lower() == "media" else 15
        if hour > 23 or minute > 59:
            continue
        part = _part_of(match.group("part") or "")
        if ampm.startswith("p") or part in ("afternoon", "evening"):
            hour = hour + 12 if hour < 12 else hour
        elif ampm.startswith("a") or part == "morning":
            hour = 0 if hour == 12 else hour
        elif 1 <= hour <= AFTERNOON_UNTIL:
            hour += 12
        return time(hour % 24, minute), text[:match.start()] + " " + text[match.end():]
    named = _NAMED.search(text)
    if named:
        return _NAMED_CLOCK[named.group(1).lower()], text[:named.start()] + " " + text[named.end():]
    alone = _PART_ALONE.search(text)
    if alone:
        part = _part_of(alone.group(1))
        if part is not None:
            return _PART_HOUR[part], text[:alone.start()] + " " + text[alone.end():]
    return None


def impossible_date(text: str, today: date | None = None) -> str | None:
    """A day that does not exist ("30 de febrero", "April 31st") as written, or None."""
    today = today or date.today()
    for match in _DAY_MONTH.finditer(text or ""):
        day = int(match.group("d") or match.group("d2"))
        month = _MONTHS[(match.group("mon") or match.group("mon2")).lower()]
        year = today.year if (month, day) >= (today.month, 1) else today.year + 1
        if day < 1 or day > calendar.monthrange(year, month)[1]:
            return match.group(0)
    return None


def close_month_end(text: str, today: date) -> date | None:
    """The last day of the month a deal should close in ("para marzo", "closing in January"), or None."""
    if not text or not _CLOSING.search(text):
        return None
    match = _CLOSE_MONTH.search(text)
    if match is None:
        return None
    month = _MONTHS[match.group("mon").lower()]
    if len(match.group("mon")) <= 3 and match.group("mon").lower() in ("mar", "may", "sol"):
        return None
    year = today.year if month >= today.month else today.year + 1
    return date(year, month, calendar.monthrange(year, month)[1])


def parse_when(text: str, language: str, timezone: str, now: datetime | None = None) -> datetime | None:
    """A future, timezone-aware datetime from text like "el martes" or "next friday at 3pm".

    A plain date means 9:00 local time, so "recuérdame el martes" lands at the start of the day;
    an hour is read in the rep's working day (`clock_in`); a day that does not exist is None.
    """
    zone = ZoneInfo(timezone)
    base = (now or datetime.now(zone)).astimezone(zone)
    if not text or impossible_date(text, base.date()):
        return None
    clock = clock_in(text)
    rest = clock[1] if clock else text
    cleaned = _normalise(rest)
    if clock is not None and not re.sub(r"\b(?:a|al|at|de|the|y|and)\b", "", cleaned).strip(" ,."):
        moment = datetime.combine(base.date(), clock[0], zone)
        return moment if moment > base else datetime.combine(base.date() + timedelta(days=1), clock[0], zone)
    if not cleaned:
        return None
    settings = {"PREFER_DATES_FROM": "future", "TIMEZONE": timezone, "TO_TIMEZONE": timezone,
                "RETURN_AS_TIMEZONE_AWARE": True, "RELATIVE_BASE": base.replace(tzinfo=None)}
    languages = [language_of(language)]
    parsed = dateparser.parse(cleaned, languages=languages, settings=settings)
    if parsed is None:
        found = search_dates(cleaned, languages=languages, settings=settings)
        parsed = found[-1][1] if found else None
    if parsed is None:
        return None
    if clock is not None:
        parsed = parsed.replace(hour=clock[0].hour, minute=clock[0].minute, second=0, microsecond=0)
    elif not _HAS_TIME.search(cleaned):
        parsed = parsed.replace(hour=DEFAULT_HOUR.hour, minute=DEFAULT_HOUR.minute, second=0, microsecond=0)
    return parsed.astimezone(zone).replace(second=0, microsecond=0)

