"""Messenger, Instagram, the Telegram customer bot, email and the web widget: verified, stored, routed, answered."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller

from crm_core.bootstrap import Core
from crm_core.persistence.models import Account, Contact
from crm_core.persistence.types import utcnow
from crm_core.services import accounts, campaign_runs, campaigns, contacts, inbox
from crm_core.services.common import SYSTEM, Actor
from tests.fakes.telegram import FakeTelegram
from tests.integration.inbox.conftest import EMAIL_SECRET, TELEGRAM_SECRET, fixture, stored


def _only_conversation(core: Core):  # type: ignore[no-untyped-def]
    [conversation] = inbox.list_conversations(core.uow(), SYSTEM).items
    return conversation, inbox.list_messages(core.uow(), SYSTEM, conversation.id).items


# --- Messenger and Instagram -----------------------------------------------------------------


def test_messenger_message_is_routed_and_answered_through_the_send_api(core: Core, people, post, worker, graph) -> None:
    assert post.meta(fixture("meta", "messenger_text.json")).status_code == 200
    worker.run_once()
    conversation, messages = _only_conversation(core)
    assert (conversation.channel, conversation.thread_key) == ("messenger", "6843210987654321")
    assert messages[0].text == "¿Hacen envíos a Valparaíso?"
    inbox.reply(core.uow(), SYSTEM, conversation.id, "Sí, a todo Chile")
    worker.run_once()
    bodies = [c.params for c in graph.send_api_calls()]
    assert bodies[-1]["recipient"] == {"id": "6843210987654321"} and bodies[-1]["message"]["text"] == "Sí, a todo Chile"
    assert bodies[-1]["messaging_type"] == "RESPONSE"


def test_instagram_message_becomes_an_instagram_lead(core: Core, people, post, worker) -> None:
    post.meta(fixture("meta", "instagram_text.json"))
    worker.run_once()
    conversation, _ = _only_conversation(core)
    with core.uow() as uow:
        account = uow.session.get(Account, conversation.account_id)
        assert (conversation.channel, account.source, account.status.key) == ("instagram", "instagram", "lead")


def test_messenger_attachment_keeps_its_type_and_url(core: Core, people, post, worker) -> None:
    post.meta(fixture("meta", "messenger_image.json"))
    worker.run_once()
    _, messages = _only_conversation(core)
    assert (messages[0].kind, messages[0].attachments) == ("image", [{"type": "image", "url": "https://scontent.example/photo.jpg"}])


def test_messenger_delivery_arriving_before_the_echo_still_marks_the_reply(core: Core, people, post, worker, graph) -> None:
    post.meta(fixture("meta", "messenger_text.json"))
    post.meta(fixture("meta", "messenger_delivery.json"))  # for m_out_1, not sent yet
    worker.run_once()  # the automatic answer is sent and gets m_out_1
    _, messages = _only_conversation(core)
    assert (messages[1].external_id, messages[1].delivery_status) == ("m_out_1", "delivered")


def test_messenger_button_postback_is_an_interactive_message(core: Core, people, post, worker) -> None:
    post.meta(fixture("meta", "messenger_postback.json"))
    worker.run_once()
    _, messages = _only_conversation(core)
    assert (messages[0].kind, messages[0].text, messages[0].meta["payload"]) == (
        "interactive", "Pedir cotización", "QUOTE_REQUEST")


def test_echo_of_the_pages_own_message_is_a_sent_receipt_not_a_customer_message(core: Core, people, post, worker) -> None:
    post.meta(fixture("meta", "messenger_text.json"))
    worker.run_once()  # the automatic answer goes out as m_out_1
    post.meta(fixture("meta", "messenger_echo.json"))
    worker.run_once()
    _, messages = _only_conversation(core)
    assert [m.direction for m in messages] == ["in", "out"] and messages[1].delivery_status == "sent"


def test_meta_webhook_refuses_a_bad_signature(core: Core, post) -> None:
    assert post.meta(fixture("meta", "messenger_text.json"), signature="sha256=deadbeef").status_code == 401
    assert post.meta(fixture("meta", "messenger_text.json"), signature=None).status_code == 401
    assert stored(core) == (0, 0)


# --- Telegram customer bot ------------------------------------------------------------------


@pytest.fixture
def customer_telegram(settings) -> Iterator[FakeTelegram]:  # type: ignore[no-untyped-def]
    server = FakeTelegram().start()
    object.__setattr__(settings, "telegram_api_url", server.url)
    yield server
    server.stop()


def test_telegram_customer_message_needs_its_own_secret(core: Core, client) -> None:
    update = fixture("telegram_customer", "text_message.json")
    wrong = client.post("/telegram/customer-webhook", json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "x"})
    missing = client.post("/telegram/customer-webhook", json=update)
    assert (wrong.status_code, missing.status_code) == (401, 401)
    assert stored(core) == (0, 0)


def test_telegram_customer_is_answered_in_their_language_and_chat(core: Core, people, client, worker, customer_telegram) -> None:
    update = fixture("telegram_customer", "text_message.json")
    update["message"]["from"]["language_code"] = "en"
    for _ in range(2):  # Telegram's retry of the same update changes nothing
        response = client.post("/telegram/customer-webhook", json=update,
                               headers={"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET})
        assert response.status_code == 200
    worker.run_once()
    conversation, messages = _only_conversation(core)
    assert (conversation.channel, conversation.language, len(messages)) == ("telegram", "en", 2)
    sent = customer_telegram.find(lambda c: c.path.endswith("/sendMessage"))
    assert sent[0].path == "/botcust-token/sendMessage" and str(sent[0].params["chat_id"]) == "777001"
    assert sent[0].params["text"].startswith("Thanks for")  # the acknowledgement or the out-of-hours text
    with core.uow() as uow:
        assert uow.session.query(Contact).one().name == "Jorge Muñoz"


# --- email ------------------------------------------------------------------------------------


class Sink:
    def __init__(self) -> None:
        self.mails: list[bytes] = []

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]  # noqa: N802 - aiosmtpd's name
        self.mails.append(envelope.content)
        return "250 OK"


@pytest.fixture
def smtp(settings) -> Iterator[Sink]:  # type: ignore[no-untyped-def]
    sink = Sink()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    object.__setattr__(settings, "smtp_url", f"smtp://127.0.0.1:{port}")
    yield sink
    controller.stop()


def _mail(client, name: str, secret: str | None = EMAIL_SECRET, basic: bool = False):  # type: ignore[no-untyped-def]
    form = fixture("email", name, fresh=False)
    if basic:
        import base64

        token = base64.b64encode(f"inbound:{secret}".encode()).decode()
        return client.post("/webhooks/email", data=form, headers={"Authorization": f"Basic {token}"})
    query = f"?secret={secret}" if secret else ""
    return client.post(f"/webhooks/email{query}", data=form)


def test_email_webhook_needs_the_shared_secret(core: Core, client) -> None:
    assert _mail(client, "new_thread.json", secret=None).status_code == 401
    assert _mail(client, "new_thread.json", secret="wrong").status_code == 401
    assert stored(core) == (0, 0)
    assert _mail(client, "new_thread.json", basic=True).status_code == 200


def test_email_reply_goes_out_by_smtp_threaded_under_the_customers_mail(core: Core, people, client, worker, smtp) -> None:
    assert _mail(client, "new_thread.json").status_code == 200
    worker.run_once()
    conversation, messages = _only_conversation(core)
    assert conversation.thread_key == "lucia.fernandez@constructora-andes.cl"
    assert messages[0].external_id == "<CAF=abc123@mail.constructora-andes.cl>"
    inbox.reply(core.uow(), SYSTEM, conversation.id, "Hola Lucía, sí tenemos stock.")
    worker.run_once()
    mail = message_from_bytes(smtp.mails[-1], policy=policy.default)
    assert mail["To"] == "lucia.fernandez@constructora-andes.cl"
    assert mail["Subject"] == "Re: Cotización de cemento"
    assert mail["In-Reply-To"] == inbox.list_messages(core.uow(), SYSTEM, conversation.id).items[1].external_id
    assert "<CAF=abc123@mail.constructora-andes.cl>" in mail["References"]
    assert "sí tenemos stock" in mail.get_content()


def test_a_campaign_mail_goes_out_by_smtp_with_its_own_subject_and_the_reply_joins_it(core: Core, people, client,
                                                                                       worker, smtp) -> None:
    marta = Actor(people.manager.id, "api")
    account = accounts.create_account(core.uow(), Actor(people.rep.id, "api"), name="Constructora Andes")
    contacts.add_contact(core.uow(), marta, account_id=account.id, name="Lucía Fernández",
                         email="lucia.fernandez@constructora-andes.cl")
    stage = {"name": "Correo", "task_type": "email", "performer": "automatic", "rule": "reply",
             "subject": "Novedades para {account}", "body": "Hola {contact}, tenemos cemento en oferta."}
    made = campaigns.create_campaign(core.uow(), marta, name="Ofertas", kind="cross_selling", currency="CLP",
                                     target_filter={"name": "Constructora Andes"}, stages=[stage])
    campaigns.launch_campaign(core.uow(), marta, made.campaign.id)
    campaign_runs.execute_due(core.uow(), utcnow(), channels={"email"})
    worker.run_once()
    mail = message_from_bytes(smtp.mails[-1], policy=policy.default)
    assert mail["To"] == "lucia.fernandez@constructora-andes.cl"
    assert mail["Subject"] == "Novedades para Constructora Andes"
    assert "Hola Lucía Fernández, tenemos cemento en oferta." in mail.get_content()
    _mail(client, "new_thread.json")  # Lucía writes back from the same address
    worker.run_once()
    conversation, messages = _only_conversation(core)
    # the campaign's mail, then Lucía's answer (an out-of-hours notice may follow, depending on the clock)
    assert [m.direction for m in messages][:2] == ["out", "in"] and conversation.account_id == account.id
    [deal] = campaigns.campaign_opportunities(core.uow(), marta, made.campaign.id).items
    assert deal.stage_id is None and deal.finished_at is not None  # the reply finished the one-stage chain


def test_customers_email_reply_joins_the_same_conversation_without_the_quoted_text(core: Core, people, client, worker, smtp) -> None:
    _mail(client, "new_thread.json")
    _mail(client, "reply_with_quote.json")
    worker.run_once()
    _, messages = _only_conversation(core)
    assert [m.text for m in messages if m.direction == "in"][1] == "Perfecto, ¿incluye despacho?"


def test_email_that_cannot_be_sent_is_retried_then_marked_failed(core: Core, people, client, worker, settings) -> None:
    object.__setattr__(settings, "smtp_url", "smtp://127.0.0.1:9")  # nothing listens there
    _mail(client, "new_thread.json")
    worker.run_once()
    _, messages = _only_conversation(core)
    assert (messages[1].delivery_status, messages[1].attempts) == ("queued", 1)
    assert "ConnectionRefusedError" in messages[1].error


# --- web widget ------------------------------------------------------------------------------


def test_widget_visitor_keeps_a_signed_identity_and_sees_the_reps_answer(core: Core, people, client, worker) -> None:
    session = client.post("/widget/session", json={}).get_json()
    again = client.post("/widget/session", json={"token": session["token"]}).get_json()
    assert again["visitor"] == session["visitor"] and session["identity"] == "before"
    forged = client.post("/widget/session", json={"token": session["token"][:-2] + "xx"}).get_json()
    assert forged["visitor"] != session["visitor"]
    auth = {"X-Widget-Token": session["token"]}
    body = {"text": "¿Tienen pintura látex blanca?", "client_id": "c1", "name": "Ana Pérez", "email": "Ana@Mail.cl"}
    assert client.post("/widget/messages", json=body, headers=auth).status_code == 202
    assert client.post("/widget/messages", json=body, headers=auth).status_code == 202  # a resend
    assert client.post("/widget/messages", json=body, headers={"X-Widget-Token": "forged"}).status_code == 401
    worker.run_once()
    conversation, messages = _only_conversation(core)
    assert len([m for m in messages if m.direction == "in"]) == 1
    with core.uow() as uow:
        contact = uow.session.query(Contact).one()
        assert (contact.name, contact.email) == ("Ana Pérez", "ana@mail.cl")
    inbox.reply(core.uow(), SYSTEM, conversation.id, "Sí, en galón y tineta")
    worker.run_once()
    started = time.monotonic()
    seen = client.get("/widget/messages?after=0&wait=2", headers=auth).get_json()["messages"]
    assert [m["text"] for m in seen][-1] == "Sí, en galón y tineta" and time.monotonic() - started < 1.5
    last = seen[-1]["id"]
    assert client.get(f"/widget/messages?after={last}&wait=0.3", headers=auth).get_json() == {"messages": []}


def test_widget_script_and_demo_page_are_served(client) -> None:
    script = client.get("/widget/widget.js")
    demo = client.get("/widget/demo")
    assert script.status_code == 200 and "X-Widget-Token" in script.get_data(as_text=True)
    assert demo.status_code == 200 and "/widget/widget.js" in demo.get_data(as_text=True)


