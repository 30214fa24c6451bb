"""TELEGRAM_MODE=polling: updates fetched with getUpdates from the fake Bot API, stored, answered once."""

from __future__ import annotations

from dataclasses import replace

import pytest
import requests

from bot.settings import Settings
from crm_core.services import inbound
from tests.fakes.telegram import FakeTelegram
from tests.integration.channels.conftest import fixture, wait_until


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return replace(settings, telegram_mode="polling")


def _message(update_id: int, text: str, user: int = 1001) -> dict:
    update = fixture("telegram/private_message.json", update_id=update_id)
    update["message"].update(text=text)
    update["message"]["from"]["id"] = user
    update["message"]["chat"]["id"] = user
    return update


def test_polled_update_is_stored_and_answered(gateway, fake_telegram: FakeTelegram, fake_rasa, people, core):
    fake_telegram.updates.append(_message(9001, "hola"))
    sent = fake_telegram.wait_for(lambda c: c.path.endswith("/sendMessage"))[0].params
    assert sent["text"] == "eco: hola"
    assert fake_rasa.messages()[0]["sender"] == f"{people.rep.id}:telegram"
    wait_until(lambda: inbound.find(core.uow(), "telegram", "9001").state == "done")
    assert fake_telegram.method_calls("getUpdates")


def test_polling_mode_mounts_no_webhook(gateway, people):
    response = requests.post(f"{gateway.url}/telegram/webhook", json=_message(9002, "hola"), timeout=5)
    assert response.status_code == 404


def test_an_update_polled_twice_is_answered_once(gateway, fake_telegram: FakeTelegram, fake_rasa, people, core):
    fake_telegram.updates.extend([_message(9003, "hola"), _message(9003, "hola"), _message(9004, "adiós")])
    fake_telegram.wait_for(lambda c: c.path.endswith("/sendMessage"), count=2)
    wait_until(lambda: inbound.find(core.uow(), "telegram", "9004").state == "done")
    assert [m["message"] for m in fake_rasa.messages()] == ["hola", "adiós"]
    assert [s["text"] for s in fake_telegram.sent()] == ["eco: hola", "eco: adiós"]
