"""Sprint calendar, % of goal, pace and burn-up series, on plain values."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from crm_core.domain import sprints as math

START, END = date(2025, 3, 1), date(2025, 3, 31)


def test_days_left_counts_today_and_the_last_day_and_is_zero_after_the_end():
    assert math.days_left(START, END, date(2025, 3, 10)) == 22
    assert math.days_left(START, END, END) == 1
    assert math.days_left(START, END, date(2025, 4, 1)) == 0


def test_days_left_before_the_start_is_the_whole_sprint():
    assert math.days_left(START, END, date(2025, 2, 1)) == 31


def test_elapsed_days_include_today_and_stop_at_the_end():
    assert math.elapsed_days(START, END, date(2025, 2, 28)) == 0
    assert math.elapsed_days(START, END, START) == 1
    assert math.elapsed_days(START, END, date(2025, 3, 10)) == 10
    assert math.elapsed_days(START, END, date(2025, 5, 1)) == 31


def test_goal_percent_rounds_half_up_to_whole_numbers():
    assert math.goal_percent(2, 8) == 25
    assert math.goal_percent(2, 3) == 67
    assert math.goal_percent(1, 200) == 1  # 0.5 % rounds up
    assert math.goal_percent(Decimal("1249.99"), Decimal("5000")) == 25
    assert math.goal_percent(3, None) is None


def test_pace_projects_the_rate_per_elapsed_day_to_the_end():
    # 2 conversions in 10 of 31 days → 6.2 by the end → 77.5 % of 8 → 78 %
    assert math.pace_percent(2, 8, START, END, date(2025, 3, 10)) == 78
    assert math.pace_percent(0, 8, START, END, date(2025, 3, 10)) == 0


def test_pace_is_unknown_before_day_one_and_equals_the_result_after_the_end():
    assert math.pace_percent(2, 8, START, END, date(2025, 2, 27)) is None
    assert math.pace_percent(6, 8, START, END, date(2025, 4, 5)) == 75


def test_burnup_accumulates_per_day_and_leaves_future_days_empty():
    events = [(date(2025, 3, 2), 1), (date(2025, 3, 2), 1), (date(2025, 3, 4), 1), (date(2025, 2, 27), 1)]
    points = math.burnup(START, date(2025, 3, 5), date(2025, 3, 4), events, 5)
    assert [p.achieved for p in points] == [0, 2, 2, 3, None]
    assert all(p.goal == 5 for p in points)
    # 3 in 4 of 5 days → 3.75 at the end; the line rises evenly to it
    assert points[-1].pace == Decimal("3.75")
    assert points[3].pace == Decimal("3.00")


def test_burnup_without_a_goal_has_no_goal_line():
    points = math.burnup(START, START, START, [], None)
    assert points[0].goal is None and points[0].achieved == 0


def test_continuation_name_increments_a_trailing_number_or_marks_a_continuation():
    assert math.continuation_name("Sprint 12") == "Sprint 13"
    assert math.continuation_name("Marzo") == "Marzo (cont.)"
    assert math.continuation_name("Marzo (cont.)") == "Marzo (cont. 2)"
    assert math.continuation_name("Marzo (cont. 2)") == "Marzo (cont. 3)"
