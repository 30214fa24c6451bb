"""Spreadsheet cells as typed values: CSV text and XLSX cells read the same way.

Every reader raises ValueError with a message fit for the person who filled in the sheet.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from crm_core.domain.money import parse_exact_amount

TRUE_WORDS = frozenset({"true", "yes", "y", "1", "sí", "si", "s", "x", "verdadero"})
FALSE_WORDS = frozenset({"false", "no", "n", "0", "falso"})
# Spanish Excel writes day/month/year; ISO 8601 is what exports write.
_DAY_MONTH_YEAR = re.compile(
    r"^(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})(?:[ T](?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?)?$"
)
DATE_EXAMPLE = "a date like 2024-03-31 or 31/03/2024"
INSTANT_EXAMPLE = "a date and time like 2024-03-31 14:30 or 2024-03-31T14:30:00-03:00"


def is_blank(value: Any) -> bool:
    """True for an empty cell."""
    return value is None or (isinstance(value, str) and not value.strip())


def text(value: Any) -> str:
    """A cell as trimmed text; whole numbers keep no trailing `.0` (phone numbers in XLSX)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def integer(value: Any) -> int:
    """A whole number such as an id."""
    if isinstance(value, bool):
        raise ValueError(f"expected a whole number, got {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    cleaned = str(value).strip()
    if not cleaned.isdigit():
        raise ValueError(f"expected a whole number, got {cleaned!r}")
    return int(cleaned)


def boolean(value: Any) -> bool:
    """Yes or no: true/false, sí/no, 1/0."""
    if isinstance(value, bool):
        return value
    word = text(value).lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(f"expected true or false (sí/no), got {word!r}")


def day(value: Any) -> date:
    """A calendar day."""
    if isinstance(value, datetime):
        if value.time() != time(0):
            raise ValueError(f"expected {DATE_EXAMPLE} without a time, got {value.isoformat()!r}")
        return value.date()
    if isinstance(value, date):
        return value
    cleaned = text(value)
    match = _DAY_MONTH_YEAR.match(cleaned)
    try:
        if match and match.group("H") is None:
            return date(int(match["y"]), int(match["m"]), int(match["d"]))
        return date.fromisoformat(cleaned)
    except ValueError:
        raise ValueError(f"expected {DATE_EXAMPLE}, got {cleaned!r}") from None


def instant(value: Any, tz: str) -> datetime:
    """A moment in time, in UTC; a date and time without an offset is read in timezone `tz`."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        raise ValueError(f"expected {INSTANT_EXAMPLE}, got a date without a time")
    else:
        moment = _parse_instant(text(value))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(tz))
    return moment.astimezone(UTC)


def _parse_instant(cleaned: str) -> datetime:
    match = _DAY_MONTH_YEAR.match(cleaned)
    try:
        if match and match.group("H") is not None:
            return datetime(int(match["y"]), int(match["m"]), int(match["d"]),
                            int(match["H"]), int(match["M"]), int(match["S"] or 0))
        if match is None and len(cleaned) > 10:
            return datetime.fromisoformat(cleaned[:-1] + "+00:00" if cleaned.endswith("Z") else cleaned)
    except ValueError:
        pass
    raise ValueError(f"expected {INSTANT_EXAMPLE}, got {cleaned!r}")


def amount(value: Any) -> tuple[Decimal, str | None]:
    """An amount and the currency it names, if any: 12000, 12k, 3.500 €, USD 800."""
    if isinstance(value, bool):
        raise ValueError(f"expected an amount like 12000, 12k or 3.500 €, got {value!r}")
    if isinstance(value, (int, float, Decimal)):
        try:
            return Decimal(str(value)).quantize(Decimal("0.01")), None
        except InvalidOperation:
            raise ValueError(f"expected an amount, got {value!r}") from None
    cleaned = text(value)
    parsed = parse_exact_amount(cleaned)
    if parsed is None:
        raise ValueError(f"expected an amount like 12000, 12k or 3.500 €, got {cleaned!r}")
    return parsed
