"""Telegram updates: which the rep bot answers, with what text; and the customer bot's messages."""

from __future__ import annotations

from types import SimpleNamespace

from bot.settings import Settings
from connectors.telegram.customer import TelegramCustomerChannel
from connectors.telegram.rep import TelegramChannel, describe
from tests.unit.connectors.conftest import fixture

REP_CHANNEL = TelegramChannel(None, None)  # type: ignore[arg-type]  # reading needs neither bot nor core


def _text(update: dict) -> str | None:  # type: ignore[type-arg]
    return REP_CHANNEL.text(SimpleNamespace(payload=update))  # type: ignore[arg-type]


def test_private_message_is_answered() -> None:
    update = fixture("telegram", "private_message.json")
    assert describe(update) == ("700001", "1001")
    assert _text(update) == "hola"


def test_start_command_is_answered() -> None:
    update = fixture("telegram", "start_command.json")
    assert describe(update) == ("700004", "1001")
    assert _text(update) == "/start"


def test_callback_query_is_answered_with_the_button_data() -> None:
    update = fixture("telegram", "callback_query.json")
    assert describe(update) == ("700002", "1001")
    assert _text(update) == "/affirm"


def test_group_message_is_ignored() -> None:
    assert describe(fixture("telegram", "group_message.json")) is None


def test_customer_bot_text_message() -> None:
    message = TelegramCustomerChannel(Settings()).incoming(fixture("telegram_customer", "text_message.json"))
    assert (message.channel, message.kind, message.text) == ("telegram", "text", "Buenas, ¿abren el sábado?")
    assert (message.external_id, message.thread_key, message.handle) == ("777001:55", "777001", "777001")
    assert (message.sender_name, message.language) == ("Jorge Muñoz", "es")
