"""Spreadsheet cells read as typed values, from CSV text and XLSX cells alike."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from crm_core.domain import cells
from crm_core.domain.money import parse_exact_amount


@pytest.mark.parametrize(
    ("raw", "value", "currency"),
    [("12k", "12000", None), ("3.500 €", "3500", "EUR"), ("USD 800", "800", "USD"),
     ("12000.00", "12000", None), ("1.250,50 EUR", "1250.50", "EUR"), (4500, "4500", None),
     (1500.5, "1500.50", None)],
)
def test_amount_cells_use_the_money_parsing_of_chat(raw, value, currency):
    assert cells.amount(raw) == (Decimal(value).quantize(Decimal("0.01")), currency)


@pytest.mark.parametrize("raw", ["12abc", "doce mil", "12k pesos extra", True])
def test_an_amount_cell_with_anything_else_in_it_is_refused(raw):
    with pytest.raises(ValueError, match="expected an amount like 12000, 12k or 3.500 €"):
        cells.amount(raw)


def test_exact_amount_needs_the_whole_text_to_be_an_amount():
    assert parse_exact_amount(" 8 mil ") == (Decimal("8000.00"), None)
    assert parse_exact_amount("llamar por 8 mil") is None


@pytest.mark.parametrize(
    ("raw", "day"),
    [("2024-03-31", date(2024, 3, 31)), ("31/03/2024", date(2024, 3, 31)), ("5/3/2024", date(2024, 3, 5)),
     (datetime(2024, 3, 31), date(2024, 3, 31)), (date(2024, 3, 31), date(2024, 3, 31))],
)
def test_days_are_iso_or_day_month_year_as_spanish_excel_writes_them(raw, day):
    assert cells.day(raw) == day


@pytest.mark.parametrize("raw", ["31-31-2024", "2024-13-01", "32/01/2024", "03/31/2024", "mañana"])
def test_a_bad_date_says_what_a_good_one_looks_like(raw):
    with pytest.raises(ValueError, match="expected a date like 2024-03-31 or 31/03/2024"):
        cells.day(raw)


def test_a_time_without_offset_is_read_in_the_persons_timezone():
    utc = UTC
    assert cells.instant("2024-03-05 14:30", "America/Santiago") == datetime(2024, 3, 5, 17, 30, tzinfo=utc)
    assert cells.instant("05/03/2024 09:00", "Europe/Madrid") == datetime(2024, 3, 5, 8, 0, tzinfo=utc)
    assert cells.instant(datetime(2024, 3, 5, 9, 0), "Europe/Madrid") == datetime(2024, 3, 5, 8, 0, tzinfo=utc)
    assert cells.instant("2024-03-05T14:30:00Z", "Europe/Madrid") == datetime(2024, 3, 5, 14, 30, tzinfo=utc)
    assert cells.instant("2024-03-05T14:30:00-03:00", "UTC") == datetime(2024, 3, 5, 17, 30, tzinfo=utc)


@pytest.mark.parametrize("raw", ["2024-03-05", date(2024, 3, 5), "ayer a las 3"])
def test_an_instant_needs_a_date_and_a_time(raw):
    with pytest.raises(ValueError, match="expected a date and time"):
        cells.instant(raw, "UTC")


def test_yes_and_no_in_spanish_and_english():
    assert [cells.boolean(v) for v in ("sí", "Si", "true", "1", "X", True)] == [True] * 6
    assert [cells.boolean(v) for v in ("no", "false", "0", False)] == [False] * 4
    with pytest.raises(ValueError, match="expected true or false"):
        cells.boolean("quizás")


def test_whole_numbers_and_text_from_xlsx_cells():
    assert cells.integer("42") == cells.integer(42) == cells.integer(42.0) == 42
    with pytest.raises(ValueError, match="expected a whole number"):
        cells.integer("4a")
    assert cells.text(56912345678.0) == "56912345678"
    assert cells.is_blank("  ") and cells.is_blank(None) and not cells.is_blank(0)
