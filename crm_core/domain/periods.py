"""Calendar periods for reports: this or last week, month, quarter, year, a named month, a range.

A period is a run of whole days, both ends included; weeks start on Monday. What a rep types
("este trimestre", "en octubre", "last year") and what the API takes ("this_quarter",
"2025-10", "2025-Q4", "2025", "2025-04-01..2025-06-30") resolve to the same period.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from crm_core.errors import InvalidInput

GRAINS = ("week", "month", "quarter", "year")
RELATIVE = tuple(f"{when}_{grain}" for when in ("this", "last") for grain in GRAINS)

MONTHS = {
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7,
    "agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
}
_GRAIN_WORDS = {
    "semana": "week", "week": "week", "mes": "month", "month": "month",
    "trimestre": "quarter", "quarter": "quarter", "ano": "year", "year": "year",
}
_THIS = {"este", "esta", "this", "current"}
_LAST = {"pasado", "pasada", "anterior", "last", "previous"}
_FILLER = {"el", "la", "en", "de", "del", "in", "the", "of", "during", "durante"}
_MONTH_KEY = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER_KEY = re.compile(r"^(\d{4})-?q([1-4])$")
_YEAR_KEY = re.compile(r"^(\d{4})$")
_RANGE_KEY = re.compile(r"^(\d{4}-\d{2}-\d{2})\s*(?:\.\.|/)\s*(\d{4}-\d{2}-\d{2})$")
MAX_DAYS = 3 * 366


@dataclass(frozen=True)
class Period:
    """Whole days from `start` to `end` inclusive; `grain` is None for a free range."""

    start: date
    end: date
    grain: str | None = None

    @property
    def days(self) -> int:
        """Calendar days in the period, both ends included."""
        return (self.end - self.start).days + 1

    @property
    def key(self) -> str:
        """The canonical API spelling of the period."""
        if self.grain == "month":
            return f"{self.start:%Y-%m}"
        if self.grain == "quarter":
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        if self.grain == "year":
            return str(self.start.year)
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    def contains(self, day: date) -> bool:
        """True when `day` falls inside the period."""
        return self.start <= day <= self.end


def week_of(day: date) -> Period:
    """The Monday-to-Sunday week holding `day`."""
    start = day - timedelta(days=day.weekday())
    return Period(start, start + timedelta(days=6), "week")


def month_of(day: date) -> Period:
    """The calendar month holding `day`."""
    start = day.replace(day=1)
    following = (start + timedelta(days=32)).replace(day=1)
    return Period(start, following - timedelta(days=1), "month")


def quarter_of(day: date) -> Period:
    """The calendar quarter holding `day`."""
    first_month = (day.month - 1) // 3 * 3 + 1
    start = date(day.year, first_month, 1)
    end = month_of(date(day.year, first_month + 2, 1)).end
    return Period(start, end, "quarter")


def year_of(day: date) -> Period:
    """The calendar year holding `day`."""
    return Period(date(day.year, 1, 1), date(day.year, 12, 31), "year")


_OF = {"week": week_of, "month": month_of, "quarter": quarter_of, "year": year_of}


def period_of(grain: str, day: date) -> Period:
    """The period of a grain (week, month, quarter, year) holding `day`."""
    if grain not in _OF:
        raise InvalidInput(f"unknown period grain {grain!r}", valid=list(GRAINS))
    return _OF[grain](day)


def previous(period: Period) -> Period:
    """The period of the same grain just before `period`."""
    if period.grain is None:
        length = timedelta(days=period.days)
        return Period(period.start - length, period.end - length)
    return period_of(period.grain, period.start - timedelta(days=1))


def last_periods(grain: str, count: int, today: date) -> list[Period]:
    """The `count` periods of a grain ending with the one holding `today`, oldest first."""
    if count < 1 or count > 60:
        raise InvalidInput("ask for between 1 and 60 periods", count=count)
    current = period_of(grain, today)
    out = [current]
    for _ in range(count - 1):
        out.append(previous(out[-1]))
    return out[::-1]


def _plain(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text.strip().lower())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return [w for w in re.split(r"[\s,]+", folded) if w and w not in _FILLER]


def _named_month(month: int, year: int | None, today: date) -> Period:
    """A month by name: of the given year, else the latest one not after this month."""
    if year is None:
        year = today.year if month <= today.month else today.year - 1
    return month_of(date(year, month, 1))


def _range(start: date, end: date, spec: str) -> Period:
    if end < start:
        raise InvalidInput("the period ends before it starts", period=spec)
    if (end - start).days + 1 > MAX_DAYS:
        raise InvalidInput(f"a period lasts at most {MAX_DAYS} days", period=spec)
    return Period(start, end)


def parse_period(spec: str, today: date) -> Period:
    """Resolve a period key or phrase (es/en) against `today`; unknown text is InvalidInput."""
    text = (spec or "").strip()
    if not text:
        raise InvalidInput("say which period", valid=list(RELATIVE))
    low = text.lower()
    if low in RELATIVE:
        when, grain = low.split("_")
        current = period_of(grain, today)
        return current if when == "this" else previous(current)
    if low == "today":
        return Period(today, today)
    if match := _RANGE_KEY.match(low):
        try:
            start, end = date.fromisoformat(match[1]), date.fromisoformat(match[2])
        except ValueError:
            raise InvalidInput(f"not a date range: {spec!r}", period=spec) from None
        return _range(start, end, spec)
    if match := _MONTH_KEY.match(low):
        if not 1 <= int(match[2]) <= 12:
            raise InvalidInput(f"no month {match[2]}", period=spec)
        return month_of(date(int(match[1]), int(match[2]), 1))
    if match := _QUARTER_KEY.match(low):
        return quarter_of(date(int(match[1]), (int(match[2]) - 1) * 3 + 1, 1))
    if match := _YEAR_KEY.match(low):
        return year_of(date(int(match[1]), 1, 1))
    return _phrase(spec, _plain(text), today)


def _phrase(spec: str, words: list[str], today: date) -> Period:
    years = [int(w) for w in words if w.isdigit() and len(w) == 4]
    months = [MONTHS[w] for w in words if w in MONTHS]
    if months and len(words) == len(months) + len(years):
        return _named_month(months[0], years[0] if years else None, today)
    grains = [_GRAIN_WORDS[w] for w in words if w in _GRAIN_WORDS]
    if len(grains) == 1 and len(words) == 2:
        current = period_of(grains[0], today)
        if words[0] in _THIS or words[1] in _THIS:
            return current
        if words[0] in _LAST or words[1] in _LAST:
            return previous(current)
    if words in (["hoy"], ["today"]):
        return Period(today, today)
    raise InvalidInput(f"unknown period {spec!r}", valid=[*RELATIVE, "YYYY-MM", "YYYY-Qn", "YYYY",
                                                          "YYYY-MM-DD..YYYY-MM-DD"])
