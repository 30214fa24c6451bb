"""WhatsApp Cloud API webhook bodies: split into queue items, then read as messages or receipts."""

from __future__ import annotations

from typing import Any

from bot.settings import Settings
from connectors.meta.whatsapp import WhatsAppChannel, split
from tests.unit.connectors.conftest import fixture

CHANNEL = WhatsAppChannel(Settings())
CAMILA = "56912345678"


def _one_message(name: str) -> Any:
    [(external_id, kind, item)] = split(fixture("whatsapp", name))
    assert kind == "message"
    message = CHANNEL.incoming(item)
    assert message.external_id == external_id and message.channel == "whatsapp"
    assert message.thread_key == message.phone == CAMILA and message.sender_name == "Camila Rojas"
    return message


def _receipt(name: str) -> tuple[str, str, tuple[str, str, str | None]]:
    [(external_id, kind, item)] = split(fixture("whatsapp", name))
    assert kind == "status"
    return external_id, kind, CHANNEL.receipt(item)


def test_text_message() -> None:
    message = _one_message("text_message.json")
    assert (message.kind, message.text) == ("text", "Hola, ¿tienen taladros percutores en stock?")
    assert message.attachments == [] and message.meta == {}


def test_second_text_message() -> None:
    message = _one_message("second_text_message.json")
    assert (message.kind, message.text) == ("text", "Necesito 5 unidades")


def test_image_message_keeps_its_media_and_caption() -> None:
    message = _one_message("image_message.json")
    assert (message.kind, message.text) == ("image", "Este modelo")
    assert message.attachments == [{"type": "image", "id": "1479537139650973", "mime_type": "image/jpeg",
                                    "caption": "Este modelo", "filename": None}]


def test_document_message_keeps_its_file_name() -> None:
    message = _one_message("document_message.json")
    assert message.kind == "document" and message.external_id == "wamid.DOC0001"
    assert message.attachments[0]["filename"] == "cotizacion.pdf"
    assert message.attachments[0]["mime_type"] == "application/pdf"


def test_location_message_reads_as_its_name_and_address() -> None:
    message = _one_message("location_message.json")
    assert (message.kind, message.text) == ("location", "Ferretería El Martillo Av. Matta 123, Santiago")
    assert message.attachments[0] == {"type": "location", "latitude": -33.4489, "longitude": -70.6693,
                                         "name": "Ferretería El Martillo", "address": "Av. Matta 123, Santiago"}


def test_interactive_button_reply_reads_as_the_chosen_title() -> None:
    message = _one_message("interactive_button_reply.json")
    assert (message.kind, message.text) == ("interactive", "Sí, quiero cotizar")
    assert message.meta == {"reply_id": "quote_yes", "type": "button_reply"}


def test_reaction_is_kept_as_an_unknown_message() -> None:
    message = _one_message("reaction_message.json")
    assert (message.kind, message.text) == ("unknown", "")
    assert message.meta["type"] == "reaction" and message.meta["raw"]["reaction"]["emoji"] == "👍"


def test_unsupported_message_is_kept_with_its_error() -> None:
    message = _one_message("unsupported_message.json")
    assert message.kind == "unknown" and message.meta["type"] == "unsupported"
    assert message.meta["raw"]["errors"][0]["code"] == 131051


def test_two_messages_in_one_body_become_two_items_with_their_own_senders() -> None:
    items = split(fixture("whatsapp", "two_messages_one_body.json"))
    messages = [CHANNEL.incoming(item) for _, _, item in items]
    assert [i[0] for i in items] == ["wamid.BATCH0001", "wamid.BATCH0002"]
    assert [(m.thread_key, m.sender_name, m.text) for m in messages] == [
        (CAMILA, "Camila Rojas", "primero"), ("5215512345678", "Pedro Soto", "hola desde México")]


def test_status_sent() -> None:
    assert _receipt("status_sent.json") == ("status:wamid.OUT000001:sent", "status",
                                            ("wamid.OUT000001", "sent", None))


def test_status_delivered() -> None:
    assert _receipt("status_delivered.json")[2] == ("wamid.OUT000001", "delivered", None)


def test_status_read() -> None:
    assert _receipt("status_read.json")[2] == ("wamid.OUT000001", "read", None)


def test_status_failed_carries_the_platform_error() -> None:
    assert _receipt("status_failed.json") == ("status:wamid.OUT000001:failed", "status",
                                              ("wamid.OUT000001", "failed", "131047: Re-engagement message"))
