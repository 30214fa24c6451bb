"""Time arithmetic of the scheduler: local wall times to UTC instants, working days, grace.

Everything stored is a UTC instant; wall times ("8:00", "tomorrow at 9:00") exist only in a
user's timezone and are turned into instants here, so a DST change neither moves nor
repeats anything. A wall time that does not exist (the spring-forward gap) lands just
after the gap; one that happens twice (fall back) means its first occurrence.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

__all__ = [
    "MORNING", "MORNING_WINDOW", "SNOOZE", "SPRINT_WARNING_DAYS", "TOMORROW_AT", "UTC",
    "is_working_day", "local_date", "local_instant", "morning_due", "reminder_time",
    "snoozed", "sprint_alert", "tomorrow_morning", "within_grace",
]

UTC = UTC
MORNING = time(8, 0)
SNOOZE = timedelta(hours=1)
TOMORROW_AT = time(9, 0)
# A morning message is still worth sending this long after 8:00 (e.g. the scheduler was down).
MORNING_WINDOW = timedelta(hours=4)
SPRINT_WARNING_DAYS = 3


def local_instant(day: date, at: time, tz: str) -> datetime:
    """The UTC instant of a wall time on a day in a timezone (gap: after it; overlap: the first)."""
    wall = datetime.combine(day, at, ZoneInfo(tz))  # fold=0: PEP 495 puts gap times after the gap
    return wall.astimezone(UTC)


def local_date(instant: datetime, tz: str) -> date:
    """The calendar day an instant falls on in a timezone."""
    return instant.astimezone(ZoneInfo(tz)).date()


def is_working_day(day: date) -> bool:
    """Monday to Friday."""
    return day.weekday() < 5


def morning_due(now: datetime, tz: str, *, working_days_only: bool = True,
                weekday: int | None = None) -> date | None:
    """The local day whose 8:00 message is due at `now`, or None outside [8:00, 8:00 + window)."""
    today = local_date(now, tz)
    if working_days_only and not is_working_day(today):
        return None
    if weekday is not None and today.weekday() != weekday:
        return None
    start = local_instant(today, MORNING, tz)
    return today if start <= now < start + MORNING_WINDOW else None


def reminder_time(due_at: datetime, lead_minutes: int) -> datetime:
    """When a planned task's reminder fires: its time, or `lead_minutes` before."""
    return due_at - timedelta(minutes=lead_minutes)


def within_grace(fire_at: datetime, now: datetime, grace_minutes: int) -> bool:
    """True when a reminder due at `fire_at` is still timely at `now`; older ones count as missed."""
    return now - fire_at <= timedelta(minutes=grace_minutes)


def snoozed(now: datetime) -> datetime:
    """The new time of a task snoozed now: one hour later."""
    return (now + SNOOZE).astimezone(UTC).replace(microsecond=0)


def tomorrow_morning(now: datetime, tz: str) -> datetime:
    """Tomorrow at 9:00 in the user's timezone, as a UTC instant."""
    return local_instant(local_date(now, tz) + timedelta(days=1), TOMORROW_AT, tz)


def sprint_alert(end: date, today: date) -> str | None:
    """Which sprint alert belongs to `today`: 'ending' three days before the end, 'ended' once it is over."""
    if today == end - timedelta(days=SPRINT_WARNING_DAYS):
        return "ending"
    if today > end:
        return "ended"
    return None
