"""Calendar periods as reps and the API name them."""

from __future__ import annotations

from datetime import date

import pytest

from crm_core.domain.periods import Period, last_periods, parse_period
from crm_core.errors import InvalidInput

TODAY = date(2025, 8, 14)  # a Thursday in the third quarter


@pytest.mark.parametrize(("spec", "start", "end"), [
    ("this_week", date(2025, 8, 11), date(2025, 8, 17)),
    ("last_week", date(2025, 8, 4), date(2025, 8, 10)),
    ("this_month", date(2025, 8, 1), date(2025, 8, 31)),
    ("last_month", date(2025, 7, 1), date(2025, 7, 31)),
    ("this_quarter", date(2025, 7, 1), date(2025, 9, 30)),
    ("last_quarter", date(2025, 4, 1), date(2025, 6, 30)),
    ("this_year", date(2025, 1, 1), date(2025, 12, 31)),
    ("last_year", date(2024, 1, 1), date(2024, 12, 31)),
    ("este trimestre", date(2025, 7, 1), date(2025, 9, 30)),
    ("el trimestre pasado", date(2025, 4, 1), date(2025, 6, 30)),
    ("el año pasado", date(2024, 1, 1), date(2024, 12, 31)),
    ("la semana pasada", date(2025, 8, 4), date(2025, 8, 10)),
    ("Last Month", date(2025, 7, 1), date(2025, 7, 31)),
    ("en octubre", date(2024, 10, 1), date(2024, 10, 31)),
    ("in march", date(2025, 3, 1), date(2025, 3, 31)),
    ("agosto", date(2025, 8, 1), date(2025, 8, 31)),
    ("octubre de 2025", date(2025, 10, 1), date(2025, 10, 31)),
    ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
    ("2025-Q4", date(2025, 10, 1), date(2025, 12, 31)),
    ("2023", date(2023, 1, 1), date(2023, 12, 31)),
    ("2025-04-03..2025-04-20", date(2025, 4, 3), date(2025, 4, 20)),
    ("hoy", TODAY, TODAY),
])
def test_a_period_resolves_to_whole_calendar_days(spec, start, end):
    period = parse_period(spec, TODAY)
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize("spec", ["", "someday", "2025-13", "2025-05-01..2025-04-01", "2020-01-01..2025-01-01",
                                  "2025-02-30..2025-03-01", "este siglo"])
def test_an_unknown_or_impossible_period_is_invalid_input(spec):
    with pytest.raises(InvalidInput):
        parse_period(spec, TODAY)


def test_period_keys_round_trip():
    for spec in ("2025-10", "2025-Q3", "2024", "2025-04-03..2025-04-20"):
        assert parse_period(spec, TODAY).key == spec
    assert Period(date(2025, 1, 1), date(2025, 1, 31)).days == 31


def test_last_periods_end_with_the_current_one_oldest_first():
    months = last_periods("month", 3, TODAY)
    assert [p.key for p in months] == ["2025-06", "2025-07", "2025-08"]
    weeks = last_periods("week", 2, TODAY)
    assert [(w.start, w.end) for w in weeks] == [(date(2025, 8, 4), date(2025, 8, 10)),
                                                 (date(2025, 8, 11), date(2025, 8, 17))]
    quarters = last_periods("quarter", 5, TODAY)
    assert quarters[0].key == "2024-Q3"
    with pytest.raises(InvalidInput):
        last_periods("month", 0, TODAY)
    with pytest.raises(InvalidInput):
        last_periods("decade", 2, TODAY)
