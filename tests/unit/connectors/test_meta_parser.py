"""Messenger and Instagram webhook bodies: messages, postbacks, echoes and delivery receipts."""

from __future__ import annotations

from bot.settings import Settings
from connectors.meta.messenger import MetaChannel, split
from tests.unit.connectors.conftest import fixture

CUSTOMER = "6843210987654321"


def _message(name: str):  # type: ignore[no-untyped-def]
    [(external_id, kind, item)] = split(fixture("meta", name))
    assert kind == "message"
    message = MetaChannel(item["channel"], Settings()).incoming(item)
    assert message.external_id == external_id
    return message


def test_messenger_text() -> None:
    message = _message("messenger_text.json")
    assert (message.channel, message.kind, message.text) == ("messenger", "text", "¿Hacen envíos a Valparaíso?")
    assert message.thread_key == CUSTOMER and message.external_id == "m_AbCdEf123"


def test_messenger_image_keeps_its_url() -> None:
    message = _message("messenger_image.json")
    assert (message.kind, message.text) == ("image", "")
    assert message.attachments == [{"type": "image", "url": "https://scontent.example/photo.jpg"}]


def test_messenger_postback_reads_as_the_button_title() -> None:
    message = _message("messenger_postback.json")
    assert (message.kind, message.text, message.meta) == ("interactive", "Pedir cotización",
                                                          {"payload": "QUOTE_REQUEST"})


def test_instagram_text() -> None:
    message = _message("instagram_text.json")
    assert (message.channel, message.kind, message.text) == ("instagram", "text", "Hola! precio del martillo?")
    assert message.thread_key == "17841400000000001"


def test_messenger_echo_of_our_own_message_is_a_sent_receipt() -> None:
    [(external_id, kind, item)] = split(fixture("meta", "messenger_echo.json"))
    assert (external_id, kind) == ("echo:m_out_1", "status")
    assert MetaChannel.receipt(item) == ("m_out_1", "sent", None)


def test_messenger_delivery_is_a_delivered_receipt() -> None:
    [(external_id, kind, item)] = split(fixture("meta", "messenger_delivery.json"))
    assert (external_id, kind) == ("delivered:m_out_1", "status")
    assert MetaChannel.receipt(item) == ("m_out_1", "delivered", None)
