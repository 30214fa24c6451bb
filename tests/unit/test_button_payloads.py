"""Scheduler buttons carry Rasa payloads that must fit Telegram's 64-byte callback_data."""

from __future__ import annotations

import json

from bot.notify import (
    SNOOZE_TIME,
    TOMORROW_TIME,
    close_sprint_payload,
    complete_payload,
    reschedule_payload,
)

BIG = 999_999_999


def test_every_button_payload_fits_telegram_callback_data_for_nine_digit_ids() -> None:
    payloads = [complete_payload(BIG), close_sprint_payload(BIG, False), close_sprint_payload(BIG, True)]
    payloads += [reschedule_payload(BIG, words[lang]) for words in (SNOOZE_TIME, TOMORROW_TIME) for lang in ("es", "en")]
    assert max(len(p.encode()) for p in payloads) <= 64


def _read(payload: str) -> tuple[str, dict[str, object]]:
    """What Rasa reads from `/intent{entities}`."""
    intent, _, entities = payload.lstrip("/").partition("{")
    return intent, json.loads("{" + entities)


def test_compact_payloads_still_parse() -> None:
    assert _read(reschedule_payload(BIG, TOMORROW_TIME["es"])) == (
        "reschedule_task", {"task_id": BIG, "time": "mañana 9:00"})
    assert _read(close_sprint_payload(7, True)) == ("close_sprint", {"sprint_id": 7, "rollover": True})
