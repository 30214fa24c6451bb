"""Wall times to instants, working days, grace and sprint alert days, across DST changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from crm_core.domain import schedule

UTC = UTC
SANTIAGO = "America/Santiago"
MADRID = "Europe/Madrid"


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_eight_in_madrid_is_seven_utc_in_winter_and_six_in_summer() -> None:
    assert schedule.local_instant(date(2025, 1, 15), time(8), MADRID) == utc(2025, 1, 15, 7)
    assert schedule.local_instant(date(2025, 7, 15), time(8), MADRID) == utc(2025, 7, 15, 6)


def test_eight_on_the_days_around_madrid_spring_forward_are_a_day_apart_minus_one_hour() -> None:
    before = schedule.local_instant(date(2025, 3, 29), time(8), MADRID)
    after = schedule.local_instant(date(2025, 3, 30), time(8), MADRID)
    assert after - before == timedelta(hours=23)


def test_a_wall_time_in_the_madrid_spring_gap_lands_after_the_gap() -> None:
    # 2025-03-30 02:30 does not exist in Madrid: clocks jump from 02:00 to 03:00.
    instant = schedule.local_instant(date(2025, 3, 30), time(2, 30), MADRID)
    assert instant == utc(2025, 3, 30, 1, 30)
    assert instant.astimezone(schedule.ZoneInfo(MADRID)).hour == 3


def test_a_repeated_wall_time_in_madrid_autumn_means_its_first_occurrence() -> None:
    # 2025-10-26 02:30 happens twice in Madrid (CEST then CET).
    assert schedule.local_instant(date(2025, 10, 26), time(2, 30), MADRID) == utc(2025, 10, 26, 0, 30)


def test_santiago_midnight_gap_moves_to_one_in_the_morning() -> None:
    # Chile springs forward at 2025-09-07 00:00 → 01:00 (-04 → -03).
    instant = schedule.local_instant(date(2025, 9, 7), time(0, 30), SANTIAGO)
    assert instant == utc(2025, 9, 7, 4, 30)
    assert schedule.local_instant(date(2025, 9, 7), time(8), SANTIAGO) == utc(2025, 9, 7, 11)
    assert schedule.local_instant(date(2025, 9, 6), time(8), SANTIAGO) == utc(2025, 9, 6, 12)


def test_santiago_fall_back_gives_one_eight_oclock_per_day() -> None:
    # Chile falls back at 2025-04-06 00:00 → 2025-04-05 23:00 (-03 → -04).
    saturday = schedule.local_instant(date(2025, 4, 5), time(8), SANTIAGO)
    sunday = schedule.local_instant(date(2025, 4, 6), time(8), SANTIAGO)
    assert (saturday, sunday) == (utc(2025, 4, 5, 11), utc(2025, 4, 6, 12))


def test_morning_is_due_from_eight_local_until_the_window_closes_on_working_days() -> None:
    monday = date(2025, 3, 3)
    eight = schedule.local_instant(monday, time(8), SANTIAGO)
    assert schedule.morning_due(eight - timedelta(seconds=1), SANTIAGO) is None
    assert schedule.morning_due(eight, SANTIAGO) == monday
    assert schedule.morning_due(eight + schedule.MORNING_WINDOW - timedelta(seconds=1), SANTIAGO) == monday
    assert schedule.morning_due(eight + schedule.MORNING_WINDOW, SANTIAGO) is None


def test_no_morning_agenda_on_weekends_but_sprint_alerts_still_come() -> None:
    saturday_eight = schedule.local_instant(date(2025, 3, 8), time(9), MADRID)
    assert schedule.morning_due(saturday_eight, MADRID) is None
    assert schedule.morning_due(saturday_eight, MADRID, working_days_only=False) == date(2025, 3, 8)


def test_weekly_digest_is_due_only_on_monday_morning() -> None:
    monday_nine = schedule.local_instant(date(2025, 3, 3), time(9), MADRID)
    assert schedule.morning_due(monday_nine, MADRID, weekday=0) == date(2025, 3, 3)
    assert schedule.morning_due(monday_nine + timedelta(days=1), MADRID, weekday=0) is None


def test_the_same_instant_is_morning_in_madrid_and_night_in_santiago() -> None:
    instant = utc(2025, 3, 3, 7, 30)  # 08:30 Madrid, 04:30 Santiago
    assert schedule.morning_due(instant, MADRID) == date(2025, 3, 3)
    assert schedule.morning_due(instant, SANTIAGO) is None


def test_local_date_follows_the_timezone() -> None:
    assert schedule.local_date(utc(2025, 3, 4, 2), SANTIAGO) == date(2025, 3, 3)
    assert schedule.local_date(utc(2025, 3, 4, 2), MADRID) == date(2025, 3, 4)


@pytest.mark.parametrize(("late_minutes", "timely"), [(0, True), (30, True), (31, False)])
def test_grace_period_decides_between_sending_and_folding(late_minutes: int, timely: bool) -> None:
    fire_at = utc(2025, 3, 3, 12)
    assert schedule.within_grace(fire_at, fire_at + timedelta(minutes=late_minutes), 30) is timely


def test_lead_time_moves_the_reminder_earlier() -> None:
    assert schedule.reminder_time(utc(2025, 3, 3, 12), 15) == utc(2025, 3, 3, 11, 45)


def test_tomorrow_morning_is_nine_local_even_across_the_spring_change() -> None:
    # Saturday evening in Madrid before the change; tomorrow 9:00 is CEST (UTC+2).
    assert schedule.tomorrow_morning(utc(2025, 3, 29, 20), MADRID) == utc(2025, 3, 30, 7)
    # Late evening in Santiago is already tomorrow in UTC; the local day decides.
    assert schedule.tomorrow_morning(utc(2025, 3, 4, 2), SANTIAGO) == utc(2025, 3, 4, 12)


def test_snooze_is_one_hour_later_in_absolute_time_across_a_dst_change() -> None:
    assert schedule.snoozed(utc(2025, 3, 30, 0, 45, 10, 500)) == utc(2025, 3, 30, 1, 45, 10)


def test_sprint_alerts_come_three_days_before_the_end_and_after_it() -> None:
    end = date(2025, 3, 14)
    assert schedule.sprint_alert(end, date(2025, 3, 10)) is None
    assert schedule.sprint_alert(end, date(2025, 3, 11)) == "ending"
    assert schedule.sprint_alert(end, date(2025, 3, 14)) is None
    assert schedule.sprint_alert(end, date(2025, 3, 15)) == "ended"
