"""Inbound Parse posts: the sender is the thread, the Message-ID the key, quoted history dropped."""

from __future__ import annotations

from bot.settings import Settings
from connectors.email.channel import EmailChannel, parse_form
from tests.unit.connectors.conftest import fixture

CHANNEL = EmailChannel(Settings())
LUCIA = "lucia.fernandez@constructora-andes.cl"


def test_new_thread() -> None:
    payload = parse_form(fixture("email", "new_thread.json"))
    message = CHANNEL.incoming(payload)
    assert message.external_id == "<CAF=abc123@mail.constructora-andes.cl>"
    assert message.thread_key == message.email == LUCIA  # the address, lower-cased
    assert (message.sender_name, message.subject) == ("Lucía Fernández", "Cotización de cemento")
    assert message.text == "Hola, necesitamos 200 sacos de cemento para la obra de Maipú.\nSaludos,\nLucía"
    assert message.meta == {"to": "ventas@rumbo.test", "attachments": 0}


def test_reply_with_quote_keeps_only_the_new_part() -> None:
    payload = parse_form(fixture("email", "reply_with_quote.json"))
    message = CHANNEL.incoming(payload)
    assert message.external_id == "<CAF=def456@mail.constructora-andes.cl>" and message.thread_key == LUCIA
    assert message.text == "Perfecto, ¿incluye despacho?"
    assert message.subject == "Re: Cotización de cemento"
