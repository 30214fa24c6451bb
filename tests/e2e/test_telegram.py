"""Telegram webhook → gateway → the real Rasa and action servers → the Bot API (a local fake)."""

from __future__ import annotations

from typing import Any

import pytest

from crm_core.bootstrap import Core
from crm_core.services import inbound, users
from crm_core.services.common import SYSTEM
from tests.e2e.channels_support import ANSWER_TIMEOUT, Gateway, channel_gateway, telegram_message

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]
__all__ = ["channel_gateway"]  # the session fixture, used by name

TELEGRAM_ID = 770001


@pytest.fixture(scope="module")
def rep(assistant_db: tuple[str, Core]) -> Any:
    _, core = assistant_db
    return users.add_user(core.uow(), SYSTEM, name="Tomás Telegram", email="tomas@telegram-e2e.test", role="rep",
                          team="Telegram", telegram_id=str(TELEGRAM_ID))


def test_a_private_message_is_answered_by_the_assistant_with_send_message(channel_gateway: Gateway, rep: Any) -> None:
    assert channel_gateway.telegram(telegram_message(880001, TELEGRAM_ID, "hola")).status_code == 200
    sent = channel_gateway.telegram_api.wait_for(
        lambda c: c.path.endswith("/sendMessage") and c.params.get("chat_id") == str(TELEGRAM_ID),
        timeout=ANSWER_TIMEOUT)[0].params
    assert "Tomás" in sent["text"]
    assert sent["parse_mode"] == "HTML"
    assert inbound.find(channel_gateway.core.uow(), "telegram", "880001").state == "done"


def test_the_same_update_three_times_is_answered_once(channel_gateway: Gateway, rep: Any) -> None:
    for _ in range(3):
        assert channel_gateway.telegram(telegram_message(880002, TELEGRAM_ID, "gracias")).status_code == 200
    channel_gateway.telegram_api.wait_for(
        lambda c: c.path.endswith("/sendMessage") and c.params.get("chat_id") == str(TELEGRAM_ID), count=2,
        timeout=ANSWER_TIMEOUT)
    assert inbound.find(channel_gateway.core.uow(), "telegram", "880002").state == "done"
    assert len(channel_gateway.telegram_api.sent(TELEGRAM_ID)) == 2  # one for "hola", one for "gracias"
