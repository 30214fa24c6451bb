"""Pure inbox rules: phone numbers, the 24-hour window, business hours, rotation, delivery states."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from crm_core.domain import inbox as rules

NOW = datetime(2024, 11, 12, 14, 0, tzinfo=UTC)  # Tuesday 11:00 in Santiago


@pytest.mark.parametrize("raw, region, expected", [
    ("56912345678", None, "+56912345678"),  # WhatsApp's wa_id: international, no plus
    ("+56 9 1234 5678", None, "+56912345678"),
    ("(9) 1234-5678", "CL", "+56912345678"),
    ("5215512345678", None, "+525512345678"),  # Mexico's old mobile "1" is dropped
    ("not a number", None, None),
    ("", None, None),
])
def test_phone_numbers_normalise_to_e164(raw: str, region: str | None, expected: str | None) -> None:
    assert rules.e164(raw, region) == expected


def test_emails_are_lowercased_and_stripped() -> None:
    assert rules.normalise_email(" <Lucia@Andes.CL> ") == "lucia@andes.cl"
    assert rules.normalise_email("no-at-sign") is None


def test_service_window_lasts_24_hours_after_the_customers_last_message() -> None:
    assert rules.within_service_window(NOW - timedelta(hours=23, minutes=59), NOW)
    assert not rules.within_service_window(NOW - timedelta(hours=24), NOW)
    assert not rules.within_service_window(None, NOW)


def test_business_hours_are_read_in_the_companys_time_zone() -> None:
    hours = {"tue": [["09:00", "13:00"], ["14:00", "18:00"]]}
    assert rules.is_open(hours, "America/Santiago", NOW)  # 11:00 local
    assert not rules.is_open(hours, "America/Santiago", NOW + timedelta(hours=2, minutes=30))  # 13:30 lunch
    assert not rules.is_open({"tue": [["09:00", "13:00"]]}, "Europe/Madrid", NOW)  # 15:00 in Madrid
    assert rules.is_open({"tue": [["15:00", "16:00"]]}, "Europe/Madrid", NOW)
    assert not rules.is_open(hours, "America/Santiago", NOW + timedelta(days=1))  # Wednesday: closed


def test_malformed_business_hours_are_rejected() -> None:
    assert rules.valid_hours({"mon": [["09:00", "18:00"]]})
    assert not rules.valid_hours({"monday": [["09:00", "18:00"]]})
    assert not rules.valid_hours({"mon": [["18:00", "09:00"]]})
    assert not rules.valid_hours({"mon": [["nine", "18:00"]]})


def test_assignment_prefers_owner_then_territory_then_rotation() -> None:
    assert rules.choose_assignee(7, 3, [1, 2], None) == (7, False)
    assert rules.choose_assignee(None, 3, [1, 2], None) == (3, False)
    assert rules.choose_assignee(None, None, [5, 2, 9], 5) == (9, True)
    assert rules.choose_assignee(None, None, [5, 2, 9], 9) == (2, True)  # wraps around
    assert rules.choose_assignee(None, None, [], None) == (None, True)


def test_delivery_status_only_moves_forward() -> None:
    assert rules.later_status("read", "delivered") == "read"
    assert rules.later_status("sent", "read") == "read"
    assert rules.later_status("delivered", "failed") == "failed"


def test_automatic_text_in_the_customers_language_and_empty_means_off() -> None:
    assert rules.text_for({}, rules.DEFAULT_ACK, "en") == rules.DEFAULT_ACK["en"]
    assert rules.text_for({}, rules.DEFAULT_ACK, "pt") == rules.DEFAULT_ACK["es"]
    assert rules.text_for({"es": ""}, rules.DEFAULT_ACK, None) is None


def test_backoff_grows_and_is_capped() -> None:
    assert [rules.backoff(n).total_seconds() for n in (1, 2, 3)] == [2, 4, 8]
    assert rules.backoff(30) == timedelta(minutes=10)
