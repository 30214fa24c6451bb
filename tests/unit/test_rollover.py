"""Rollover dates: tasks keep their days unless past and outside every sprint; the next sprint fits today."""

from __future__ import annotations

from datetime import date

from crm_core.domain.rollover import days_left, keeps_date, next_sprint_dates


def test_a_sprint_closed_on_its_first_day_continues_from_today():
    assert next_sprint_dates(date(2026, 12, 1), date(2026, 12, 31), date(2026, 12, 1)) == \
        (date(2026, 12, 1), date(2026, 12, 31))


def test_a_sprint_closed_on_its_last_day_continues_tomorrow():
    assert next_sprint_dates(date(2026, 11, 1), date(2026, 11, 30), date(2026, 11, 30)) == \
        (date(2026, 12, 1), date(2026, 12, 30))


def test_a_sprint_closed_late_continues_from_today():
    assert next_sprint_dates(date(2026, 11, 1), date(2026, 11, 14), date(2026, 12, 1))[0] == date(2026, 12, 1)


def test_tasks_keep_their_dates_unless_past_and_outside_every_sprint():
    today = date(2026, 12, 10)
    windows = [(date(2026, 12, 1), date(2026, 12, 31))]
    assert keeps_date(today, today, [])
    assert keeps_date(date(2026, 12, 20), today, [])
    assert keeps_date(date(2026, 12, 5), today, windows)
    assert not keeps_date(date(2026, 11, 20), today, windows)


def test_days_left_counts_today():
    assert days_left(date(2026, 12, 31), date(2026, 12, 1)) == 31
    assert days_left(date(2026, 12, 1), date(2026, 12, 5)) == 0
