"""WhatsApp webhook: verify, store before the 200, process from the queue, once."""

from __future__ import annotations

import json

from bot.inbox_worker import InboxWorker
from crm_core.bootstrap import Core
from crm_core.persistence.models import Account, Contact, Conversation, InboxJob
from crm_core.services import inbox
from crm_core.services.common import SYSTEM
from tests.integration.inbox.conftest import VERIFY_TOKEN, count, fixture, stored


def test_handshake_echoes_the_challenge_only_with_the_verify_token(client) -> None:
    ok = client.get(f"/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token={VERIFY_TOKEN}&hub.challenge=1158201444")
    bad = client.get("/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1158201444")
    assert (ok.status_code, ok.get_data(as_text=True)) == (200, "1158201444")
    assert bad.status_code == 403


def test_good_signature_is_stored_before_the_200(core: Core, post) -> None:
    response = post.whatsapp(fixture("whatsapp", "text_message.json"))
    assert response.status_code == 200
    assert stored(core) == (1, 0)  # stored raw, not yet processed


def test_wrong_signature_is_refused_and_nothing_is_stored(core: Core, post) -> None:
    assert post.whatsapp(fixture("whatsapp", "text_message.json"), signature="sha256=" + "0" * 64).status_code == 401
    assert stored(core) == (0, 0)


def test_missing_signature_is_refused_and_nothing_is_stored(core: Core, post) -> None:
    assert post.whatsapp(fixture("whatsapp", "text_message.json"), signature=None).status_code == 401
    assert stored(core) == (0, 0)


def test_signature_of_another_body_is_refused(core: Core, post) -> None:
    from connectors.meta.signature import sign

    original = json.dumps(fixture("whatsapp", "text_message.json")).encode()
    replayed_header = sign("meta-app-secret", original)
    tampered = fixture("whatsapp", "second_text_message.json")
    assert post.whatsapp(tampered, signature=replayed_header).status_code == 401
    assert stored(core) == (0, 0)


def test_payload_older_than_metas_retry_window_is_a_replay(core: Core, post) -> None:
    response = post.whatsapp(fixture("whatsapp", "text_message.json", fresh=False))
    assert response.status_code == 403
    assert stored(core) == (0, 0)


def test_body_over_one_mebibyte_is_refused_with_413(core: Core, post) -> None:
    data = fixture("whatsapp", "text_message.json")
    data["entry"][0]["changes"][0]["value"]["messages"][0]["text"]["body"] = "x" * (1024 * 1024 + 10)
    response = post.whatsapp(data)
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "payload_too_large"
    assert stored(core) == (0, 0)


def test_same_message_delivered_three_times_is_one_message(core: Core, people, post, worker: InboxWorker) -> None:
    data = fixture("whatsapp", "text_message.json")
    for _ in range(3):
        assert post.whatsapp(data).status_code == 200
        worker.run_once()
    assert stored(core) == (1, 2)  # the customer's message and the automatic answer
    assert count(core, Conversation) == 1 and count(core, Contact) == 1 and count(core, Account) == 1


def test_unknown_sender_becomes_a_lead_from_whatsapp(core: Core, people, post, worker: InboxWorker) -> None:
    post.whatsapp(fixture("whatsapp", "text_message.json"))
    worker.run_once()
    with core.uow() as uow:
        account = uow.session.query(Account).one()
        contact = uow.session.query(Contact).one()
        conversation = uow.session.query(Conversation).one()
        assert (account.name, account.status.key, account.source) == ("Camila Rojas", "lead", "whatsapp")
        assert contact.phone == "+56912345678"
        assert conversation.assignee_id in (people.rep.id, people.rep2.id, people.other_rep.id)
        assert account.owner_id == conversation.assignee_id


def test_unknown_message_type_is_kept_and_shown_as_such(core: Core, people, post, worker: InboxWorker) -> None:
    post.whatsapp(fixture("whatsapp", "unsupported_message.json"))
    post.whatsapp(fixture("whatsapp", "reaction_message.json"))
    worker.run_once()
    conversation = inbox.list_conversations(core.uow(), SYSTEM).items[0]
    received = [m for m in inbox.list_messages(core.uow(), SYSTEM, conversation.id).items if m.direction == "in"]
    assert [(m.kind, m.meta["type"]) for m in received] == [("unknown", "unsupported"), ("unknown", "reaction")]
    assert received[1].display_text().startswith("[unsupported message type: reaction]")
    assert received[1].meta["raw"]["reaction"]["emoji"] == "👍"


def test_media_location_and_interactive_replies_keep_their_details(core: Core, people, post, worker) -> None:
    for name in ("image_message.json", "document_message.json", "location_message.json",
                 "interactive_button_reply.json"):
        post.whatsapp(fixture("whatsapp", name))
    worker.run_once()
    conversation = inbox.list_conversations(core.uow(), SYSTEM).items[0]
    received = [m for m in inbox.list_messages(core.uow(), SYSTEM, conversation.id).items if m.direction == "in"]
    image, document, location, interactive = received
    assert image.attachments[0] == {"type": "image", "id": "1479537139650973", "mime_type": "image/jpeg",
                                    "caption": "Este modelo", "filename": None}
    assert (document.kind, document.attachments[0]["filename"]) == ("document", "cotizacion.pdf")
    assert location.attachments[0]["latitude"] == -33.4489 and "Av. Matta 123" in location.text
    assert (interactive.kind, interactive.text, interactive.meta["reply_id"]) == (
        "interactive", "Sí, quiero cotizar", "quote_yes")


def test_two_messages_in_one_body_are_two_jobs_and_two_conversations(core: Core, people, post, worker) -> None:
    post.whatsapp(fixture("whatsapp", "two_messages_one_body.json"))
    worker.run_once()
    assert count(core, InboxJob) == 2 and count(core, Conversation) == 2


def test_status_arriving_before_its_message_is_applied_when_the_send_returns(core: Core, people, post, worker, graph) -> None:
    post.whatsapp(fixture("whatsapp", "text_message.json"))
    worker.run_once()
    graph.clear()
    # The read receipt for wamid.OUT000002 arrives before Rumbo has even sent that message.
    early = fixture("whatsapp", "status_read.json")
    early["entry"][0]["changes"][0]["value"]["statuses"][0]["id"] = "wamid.OUT000002"
    assert post.whatsapp(early).status_code == 200
    worker.run_once()
    conversation = inbox.list_conversations(core.uow(), SYSTEM).items[0]
    inbox.reply(core.uow(), SYSTEM, conversation.id, "Sí, tenemos stock")
    worker.run_once()
    reply = inbox.list_messages(core.uow(), SYSTEM, conversation.id).items[-1]
    assert (reply.external_id, reply.delivery_status) == ("wamid.OUT000002", "read")


def test_statuses_move_forward_only_and_failed_keeps_the_reason(core: Core, people, post, worker, graph) -> None:
    post.whatsapp(fixture("whatsapp", "text_message.json"))
    worker.run_once()  # the automatic answer goes out as wamid.OUT000001
    conversation = inbox.list_conversations(core.uow(), SYSTEM).items[0]
    for name in ("status_read.json", "status_delivered.json", "status_sent.json"):
        post.whatsapp(fixture("whatsapp", name))
    worker.run_once()
    auto = inbox.list_messages(core.uow(), SYSTEM, conversation.id).items[1]
    assert (auto.external_id, auto.delivery_status) == ("wamid.OUT000001", "read")
    post.whatsapp(fixture("whatsapp", "status_failed.json"))
    worker.run_once()
    auto = inbox.list_messages(core.uow(), SYSTEM, conversation.id).items[1]
    assert auto.delivery_status == "failed" and "131047" in auto.error


def test_graph_api_outage_is_retried_and_a_refusal_is_not(core: Core, people, post, worker, graph) -> None:
    from datetime import timedelta

    from sqlalchemy import update

    from crm_core.persistence.models import Message
    from crm_core.persistence.types import utcnow

    graph.fail_next(1, 503)
    post.whatsapp(fixture("whatsapp", "text_message.json"))
    worker.run_once()
    conversation = inbox.list_conversations(core.uow(), SYSTEM).items[0]
    auto = inbox.list_messages(core.uow(), SYSTEM, conversation.id).items[1]
    assert (auto.delivery_status, auto.attempts) == ("queued", 1) and "503" in auto.error
    with core.uow() as uow:  # the backoff has passed
        uow.session.execute(update(Message).values(next_attempt_at=utcnow() - timedelta(seconds=1)))
        uow.commit()
    worker.run_once()
    auto = inbox.list_messages(core.uow(), SYSTEM, conversation.id).items[1]
    assert (auto.delivery_status, auto.attempts, auto.external_id) == ("sent", 2, "wamid.OUT000001")
    graph.fail_next(1, 400)
    inbox.reply(core.uow(), SYSTEM, conversation.id, "hola")
    worker.run_once()
    refused = inbox.list_messages(core.uow(), SYSTEM, conversation.id).items[2]
    assert (refused.delivery_status, refused.attempts) == ("failed", 1)
