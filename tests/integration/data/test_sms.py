"""SMS through Twilio: signed inbound SMS land in the inbox once, forged ones are refused, STOP opts out."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bot.sms import is_opt_out, signature
from crm_core.persistence.models import Contact, ContactOptOut, Conversation, InboxJob, Message
from crm_core.services import accounts, contacts, inbox, mailing_sync
from crm_core.services.common import Actor
from tests.fakes.twilio import FakeTwilio

SID, TOKEN, FROM = "AC" + "1" * 32, "twilio-token", "+15005550006"
PUBLIC = "https://rumbo.example.com"


@pytest.fixture
def twilio(monkeypatch):  # type: ignore[no-untyped-def]
    fake = FakeTwilio(SID, TOKEN).start()
    for name, value in {"TWILIO_ACCOUNT_SID": SID, "TWILIO_AUTH_TOKEN": TOKEN, "TWILIO_FROM": FROM,
                        "TWILIO_API_URL": fake.url, "RUMBO_PUBLIC_URL": PUBLIC}.items():
        monkeypatch.setenv(name, value)
    yield fake
    fake.stop()


def _post(client, path: str, form: dict[str, str], token: str = TOKEN):  # type: ignore[no-untyped-def]
    headers = {"X-Twilio-Signature": signature(token, PUBLIC + path, form)}
    return client.post(path, data=form, headers=headers)


def _sms(sid: str, body: str, sender: str = "+56987654321") -> dict[str, str]:
    return {"MessageSid": sid, "AccountSid": SID, "From": sender, "To": FROM, "Body": body, "NumMedia": "0"}


def test_a_signed_sms_lands_in_the_inbox_once_and_a_forged_one_is_refused(core, people, twilio, app, client):
    assert _post(client, "/webhooks/sms", _sms("SM1", "Hola, quiero una cotización")).status_code == 200
    assert _post(client, "/webhooks/sms", _sms("SM1", "Hola, quiero una cotización")).status_code == 200  # retry
    assert _post(client, "/webhooks/sms", _sms("SM2", "falso"), token="not-the-token").status_code == 403
    unsigned = client.post("/webhooks/sms", data=_sms("SM3", "sin firma"))
    assert unsigned.status_code == 403
    app.extensions["inbox_worker"].run_once()
    with core.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(InboxJob)) == 1
        conversation = uow.session.scalars(select(Conversation)).one()
        assert (conversation.channel, conversation.thread_key) == ("sms", "+56987654321")
        inbound = uow.session.scalars(select(Message).where(Message.direction == "in")).one()
        assert (inbound.text, inbound.external_id) == ("Hola, quiero una cotización", "SM1")


def test_replies_go_out_through_twilio_and_status_callbacks_update_them(core, people, twilio, app, client):
    _post(client, "/webhooks/sms", _sms("SM1", "Hola"))
    worker = app.extensions["inbox_worker"]
    worker.run_once()
    with core.uow() as uow:
        conversation_id = uow.session.scalars(select(Conversation.id)).one()
    twilio.sent.clear()  # the automatic acknowledgement went out already
    reply = inbox.reply(core.uow(), Actor(people.admin.id, "api"), conversation_id, "Le enviamos la cotización hoy")
    worker.run_once()
    sent = [s for s in twilio.sent if s["Body"] == "Le enviamos la cotización hoy"]
    assert len(sent) == 1
    assert sent[0]["To"] == "+56987654321" and sent[0]["From"] == FROM
    assert sent[0]["StatusCallback"] == f"{PUBLIC}/webhooks/sms/status"
    with core.uow() as uow:
        external_id = uow.session.get(Message, reply.id).external_id
    assert external_id and external_id.startswith("SM")
    callback = {"MessageSid": external_id, "MessageStatus": "delivered", "AccountSid": SID}
    assert _post(client, "/webhooks/sms/status", callback).status_code == 204
    worker.run_once()
    with core.uow() as uow:
        assert uow.session.get(Message, reply.id).delivery_status == "delivered"


def test_stop_or_baja_marks_the_contact_not_to_be_texted(core, people, twilio, app, client):
    account = accounts.create_account(core.uow(), Actor(people.rep.id, "api"), name="Panadería", country="CL")
    contacts.add_contact(core.uow(), Actor(people.rep.id, "api"), account_id=account.id, name="Josefina",
                         phone="+56 9 8765 4321")
    assert _post(client, "/webhooks/sms", _sms("SM9", " baja ")).status_code == 200
    with core.uow() as uow:
        opt_out = uow.session.scalars(select(ContactOptOut)).one()
        assert (opt_out.channel, opt_out.source) == ("sms", "twilio")
        assert uow.session.scalar(select(func.count()).select_from(InboxJob)) == 0
        contact = uow.session.scalars(select(Contact)).one()
        assert mailing_sync.opt_out_reason(uow.session, contact, "sms") == "the contact opted out of sms (twilio)"


def test_opt_out_words():
    assert all(is_opt_out(w) for w in ("STOP", "stop", "Baja.", "BAJA", "Unsubscribe"))
    assert not any(is_opt_out(w) for w in ("no me des de baja", "stop por favor", ""))


def test_an_inbound_message_emits_conversation_created_and_message_received(core, people, twilio, app, client):
    from crm_core.persistence.models import OutboxEvent
    from crm_core.services import webhooks

    webhooks.subscribe(core.uow(), Actor(people.admin.id, "api"), "http://127.0.0.1:9/hooks",
                       ["conversation.created", "message.received"])
    _post(client, "/webhooks/sms", _sms("SM1", "Hola"))
    _post(client, "/webhooks/sms", _sms("SM2", "¿Siguen ahí?"))
    app.extensions["inbox_worker"].run_once()
    with core.uow() as uow:
        events = [(e.event, e.payload.get("text")) for e in uow.session.scalars(select(OutboxEvent).order_by(OutboxEvent.id))]
    assert events == [("conversation.created", None), ("message.received", "Hola"),
                      ("message.received", "¿Siguen ahí?")]


def test_campaign_sms_stages_are_on_only_with_twilio(monkeypatch):
    from bot.scheduler import campaign_channels
    from bot.settings import Settings

    for name in ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_FROM"):
        monkeypatch.delenv(name, raising=False)
    assert campaign_channels(Settings(smtp_url=None)) == ()
    monkeypatch.setenv("TWILIO_ACCOUNT_SID", SID)
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", TOKEN)
    monkeypatch.setenv("TWILIO_FROM", FROM)
    assert campaign_channels(Settings(smtp_url="smtp://mail.test:25")) == ("email", "sms")
