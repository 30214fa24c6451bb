"""Closing a sprint: which tasks keep their dates, and when the next sprint runs."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta


def next_sprint_dates(start: date, end: date, today: date) -> tuple[date, date]:
    """The continuation of a sprint closed `today`: as long as it, starting today, or tomorrow on its last day.

    A sprint closed early or late is continued from today, so the new one is active in the
    days it covers instead of starting next month while already active this month.
    """
    first = end + timedelta(days=1) if today == end else today
    return first, first + (end - start)


def keeps_date(day: date, today: date, windows: Iterable[tuple[date, date]]) -> bool:
    """A task keeps its day unless it is already past and outside every open sprint's window."""
    if day >= today:
        return True
    return any(lower <= day <= upper for lower, upper in windows)


def days_left(end: date, today: date) -> int:
    """Days of a sprint still ahead, today included (0 once it is over)."""
    return max(0, (end - today).days + 1)
