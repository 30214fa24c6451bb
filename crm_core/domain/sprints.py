"""Sprint arithmetic: calendar, % of goal, pace and burn-up series, on plain values.

Percentages are whole numbers rounded half up (2/3 of a goal is 67 %, 0.5 % is 1 %),
so chat answers, the API and the charts all show the same figure.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

GOAL_KINDS = ("conversions", "revenue")
STATUSES = ("planned", "active", "closed")


def length_days(start: date, end: date) -> int:
    """Calendar days in the sprint, both ends included."""
    return (end - start).days + 1


def elapsed_days(start: date, end: date, today: date) -> int:
    """Sprint days already begun, today included: 0 before the start, the length after the end."""
    if today < start:
        return 0
    return length_days(start, min(today, end))


def days_left(start: date, end: date, today: date) -> int:
    """Sprint days from today (or the start, if later) to the end inclusive; 0 after the end."""
    if today > end:
        return 0
    return length_days(max(today, start), end)


def whole_percent(part: Decimal | int, whole: Decimal | int) -> int:
    """`part` as a whole percentage of `whole`, rounded half up."""
    ratio = Decimal(part) * 100 / Decimal(whole)
    return int(ratio.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def goal_percent(achieved: Decimal | int, target: Decimal | int | None) -> int | None:
    """% of the goal reached, or None when the sprint has no goal."""
    if target is None or Decimal(target) <= 0:
        return None
    return whole_percent(achieved, target)


def projected(achieved: Decimal | int, start: date, end: date, today: date) -> Decimal | None:
    """What the sprint reaches by its end if the rate per elapsed day so far continues."""
    elapsed = elapsed_days(start, end, today)
    if elapsed == 0:
        return None
    return Decimal(achieved) * length_days(start, end) / elapsed


def pace_percent(
    achieved: Decimal | int, target: Decimal | int | None, start: date, end: date, today: date
) -> int | None:
    """Projected % of the goal at the end ("at this pace you reach 70 %"); None before day one."""
    expected = projected(achieved, start, end, today)
    if expected is None:
        return None
    return goal_percent(expected, target)


def within(day: date, start: date, end: date) -> bool:
    """True when `day` falls inside the sprint window."""
    return start <= day <= end


@dataclass(frozen=True)
class BurnupPoint:
    """One day of a burn-up chart: what was achieved by the end of `day`, and the two guide lines."""

    day: date
    achieved: Decimal | None  # None for days still to come
    goal: Decimal | None
    pace: Decimal | None


def burnup(
    start: date,
    end: date,
    today: date,
    events: Iterable[tuple[date, Decimal | int]],
    target: Decimal | int | None,
) -> list[BurnupPoint]:
    """Cumulative achievement per sprint day until today, with the goal and the straight pace line.

    The pace line runs from zero before day one to the projected total at the end, so it
    crosses the achieved curve today; days after today have no achieved value.
    """
    per_day: dict[date, Decimal] = {}
    for day, amount in events:
        if within(day, start, end):
            per_day[day] = per_day.get(day, Decimal(0)) + Decimal(amount)
    total_days = length_days(start, end)
    elapsed = elapsed_days(start, end, today)
    reached = sum(per_day.values(), Decimal(0))
    expected = projected(reached, start, end, today)
    points: list[BurnupPoint] = []
    running = Decimal(0)
    for index in range(total_days):
        day = start + timedelta(days=index)
        running += per_day.get(day, Decimal(0))
        pace = expected * (index + 1) / total_days if expected is not None else None
        points.append(BurnupPoint(
            day=day,
            achieved=running if index < elapsed else None,
            goal=Decimal(target) if target is not None else None,
            pace=pace,
        ))
    return points


def continuation_name(name: str) -> str:
    """Name of the sprint that continues `name`: "Sprint 12" → "Sprint 13", else "… (cont.)"."""
    head, _, tail = name.rstrip().rpartition(" ")
    if head and tail.isdigit():
        return f"{head} {int(tail) + 1}"
    if name.endswith("(cont.)"):
        return f"{name[:-1]} 2)"
    if name.endswith(")") and "(cont. " in name:
        base, _, number = name[:-1].rpartition("(cont. ")
        if number.isdigit():
            return f"{base}(cont. {int(number) + 1})"
    return f"{name} (cont.)"
