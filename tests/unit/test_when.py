"""Hours in the rep's working day, days that do not exist, and the month a deal closes in."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from actions.formatting import clock_in, close_month_end, impossible_date, parse_when

SANTIAGO = "America/Santiago"
# Tuesday 1 December 2026, 10:00 in Santiago.
NOW = datetime(2026, 12, 1, 10, 0, tzinfo=ZoneInfo(SANTIAGO))


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("mañana a las 3", "es", datetime(2026, 12, 2, 15, 0)),
        ("manana a las 3", "es", datetime(2026, 12, 2, 15, 0)),
        ("a las 4", "es", datetime(2026, 12, 1, 16, 0)),
        ("a las 4 de la tarde", "es", datetime(2026, 12, 1, 16, 0)),
        ("mañana a las 10 de la mañana", "es", datetime(2026, 12, 2, 10, 0)),
        ("mañana a las 7 de la mañana", "es", datetime(2026, 12, 2, 7, 0)),
        ("mañana a las 7 am", "es", datetime(2026, 12, 2, 7, 0)),
        ("el viernes a las 9", "es", datetime(2026, 12, 4, 9, 0)),
        ("16:00", "es", datetime(2026, 12, 1, 16, 0)),
        ("mañana al mediodía", "es", datetime(2026, 12, 2, 12, 0)),
        ("a las 8 de la noche", "es", datetime(2026, 12, 1, 20, 0)),
        ("hoy a las 5", "es", datetime(2026, 12, 1, 17, 0)),
        ("pasado mañana a las 3 y media", "es", datetime(2026, 12, 3, 15, 30)),
        ("el martes", "es", datetime(2026, 12, 8, 9, 0)),
        ("el 15 de diciembre a las 11", "es", datetime(2026, 12, 15, 11, 0)),
        ("tomorrow at 4", "en", datetime(2026, 12, 2, 16, 0)),
        ("next friday at 3pm", "en", datetime(2026, 12, 4, 15, 0)),
        ("tomorrow at noon", "en", datetime(2026, 12, 2, 12, 0)),
        ("tomorrow at 9 in the morning", "en", datetime(2026, 12, 2, 9, 0)),
        ("tomorrow", "en", datetime(2026, 12, 2, 9, 0)),
    ],
)
def test_hours_are_read_in_the_reps_working_day(text, language, expected):
    assert parse_when(text, language, SANTIAGO, NOW) == expected.replace(tzinfo=ZoneInfo(SANTIAGO))


def test_an_hour_already_past_today_is_tomorrow():
    assert parse_when("a las 9", "es", SANTIAGO, NOW) == datetime(2026, 12, 2, 9, 0, tzinfo=ZoneInfo(SANTIAGO))


def test_the_hour_is_in_the_reps_own_time_zone():
    madrid = parse_when("mañana a las 4", "es", "Europe/Madrid", NOW)
    assert (madrid.tzinfo.key, madrid.hour) == ("Europe/Madrid", 16)


def test_a_day_number_is_not_an_hour():
    assert clock_in("el 15 de marzo") is None
    assert clock_in("en 2 horas") is None
    assert clock_in("a las 4")[0] == time(16, 0)


@pytest.mark.parametrize("text", ["el 30 de febrero", "31 de abril a las 3", "February 30th", "april 31"])
def test_a_day_that_does_not_exist_is_never_moved(text):
    assert impossible_date(text, date(2026, 12, 1)) is not None
    assert parse_when(text, "es", SANTIAGO, NOW) is None


def test_real_days_are_not_impossible():
    assert impossible_date("28 de febrero", date(2026, 12, 1)) is None
    assert impossible_date("29 de febrero", date(2027, 12, 1)) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("abre una oportunidad de 5 palos con Acme para marzo", date(2027, 3, 31)),
        ("cierre en febrero", date(2027, 2, 28)),
        ("closing in January", date(2027, 1, 31)),
        ("deal for 8k with Globex, should close by december", date(2026, 12, 31)),
        ("oportunidad de 5000 con Acme", None),
    ],
)
def test_the_close_month_is_the_end_of_that_month(text, expected):
    assert close_month_end(text, date(2026, 12, 1)) == expected


def test_the_reminder_day_is_the_one_after_remind_me():
    from actions.writes import reminder_when

    assert reminder_when("quieren 200 cajas para enero, recuérdame el lunes", "para enero") == "el lunes"
    assert reminder_when("called Globex, remind me tomorrow at 4", "tomorrow") == "tomorrow at 4"
    assert reminder_when("visité Acme, todo ok", None) is None
