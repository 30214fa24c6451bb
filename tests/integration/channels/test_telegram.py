"""Telegram updates in through the webhook, Bot API calls out, via python-telegram-bot."""

from __future__ import annotations

from sqlalchemy import func, select

from crm_core.persistence.models import InboundEvent
from crm_core.services import inbound
from tests.fakes.telegram import FakeTelegram
from tests.integration.channels.conftest import fixture, wait_until


def _count_events(core) -> int:  # type: ignore[no-untyped-def]
    with core.engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(InboundEvent)).scalar_one()


def _message(update_id: int, text: str, user: int = 1001) -> dict:
    update = fixture("telegram/private_message.json", update_id=update_id)
    update["message"].update(text=text)
    update["message"]["from"]["id"] = user
    update["message"]["chat"]["id"] = user
    return update


def test_private_message_is_answered_with_send_message(gateway, fake_telegram, fake_rasa, people, core):
    assert gateway.telegram(_message(1, "hola")).status_code == 200
    sent = fake_telegram.wait_for(lambda c: c.path.endswith("/sendMessage"))[0].params
    assert sent["chat_id"] == "1001"
    assert sent["text"] == "eco: hola"
    assert sent["parse_mode"] == "HTML"
    assert fake_rasa.messages()[0]["sender"] == f"{people.rep.id}:telegram"
    wait_until(lambda: inbound.find(core.uow(), "telegram", "1").state == "done")


def test_wrong_secret_token_is_refused_and_nothing_is_stored(gateway, fake_rasa, people, core):
    assert gateway.telegram(_message(2, "hola"), secret="wrong").status_code == 403
    assert _count_events(core) == 0
    assert fake_rasa.messages() == []


def test_the_same_update_three_times_is_processed_once(gateway, fake_telegram, fake_rasa, people, core):
    for _ in range(3):
        assert gateway.telegram(_message(3, "hola")).status_code == 200
    fake_telegram.wait_for(lambda c: c.path.endswith("/sendMessage"))
    wait_until(lambda: inbound.find(core.uow(), "telegram", "3").state == "done")
    assert len(fake_rasa.messages()) == 1
    assert len(fake_telegram.sent()) == 1


def test_stranger_gets_only_the_refusal(gateway, fake_telegram, fake_rasa, people):
    gateway.telegram(_message(4, "hola", user=4242))
    sent = fake_telegram.wait_for(lambda c: c.path.endswith("/sendMessage"))[0].params
    assert sent["chat_id"] == "4242"
    assert "No estás vinculado a Rumbo" in sent["text"]
    assert fake_rasa.messages() == []


def test_group_messages_are_ignored(gateway, fake_telegram, fake_rasa, people, core):
    assert gateway.telegram(fixture("telegram/group_message.json")).status_code == 200
    assert _count_events(core) == 0


def test_start_shows_help_without_the_assistant(gateway, fake_telegram, fake_rasa, people):
    gateway.telegram(fixture("telegram/start_command.json"))
    sent = fake_telegram.wait_for(lambda c: c.path.endswith("/sendMessage"))[0].params
    assert "Soy Rumbo" in sent["text"]
    assert fake_rasa.messages() == []


def test_buttons_become_an_inline_keyboard_and_a_click_reaches_rasa(gateway, fake_telegram, fake_rasa, people):
    gateway.telegram(_message(5, "botones"))
    sent = fake_telegram.wait_for(lambda c: c.path.endswith("/sendMessage"))[0].params
    assert "&lt;Q1&gt; &amp; pasar" in sent["text"]
    rows = FakeTelegram.keyboard(sent)
    assert [r[0]["callback_data"] for r in rows] == ['/affirm{"rollover": true}', "/deny"]
    gateway.telegram(fixture("telegram/callback_query.json"))
    edit = fake_telegram.wait_for(lambda c: c.path.endswith("/editMessageText"))[0].params
    assert "→ <b>Sí</b>" in edit["text"]
    fake_telegram.wait_for(lambda c: c.path.endswith("/answerCallbackQuery"))
    fake_telegram.wait_for(lambda c: c.path.endswith("/sendMessage"), count=2)
    assert fake_rasa.messages()[-1]["message"] == "/affirm"


def test_long_button_payload_travels_by_reference(gateway, fake_telegram, fake_rasa, people):
    gateway.telegram(_message(6, "botones largos"))
    sent = fake_telegram.wait_for(lambda c: c.path.endswith("/sendMessage"))[0].params
    data = FakeTelegram.keyboard(sent)[0][0]["callback_data"]
    assert len(data.encode()) <= 64 and data.startswith("r:")
    click = fixture("telegram/callback_query.json", update_id=7)
    click["callback_query"]["data"] = data
    gateway.telegram(click)
    fake_telegram.wait_for(lambda c: c.path.endswith("/sendMessage"), count=2)
    assert fake_rasa.messages()[-1]["message"].startswith('/choose_account{"account_id": 12345')


def test_rate_limited_send_waits_retry_after(gateway, fake_telegram, people):
    fake_telegram.rate_limit("sendMessage", times=1, retry_after=1)
    gateway.telegram(_message(8, "hola"))
    calls = fake_telegram.wait_for(lambda c: c.path.endswith("/sendMessage"), count=2)
    assert calls[1].at - calls[0].at >= 0.9


def test_photos_are_sent_with_send_photo(gateway, fake_telegram, people):
    gateway.telegram(_message(9, "grafico"))
    photo = fake_telegram.wait_for(lambda c: c.path.endswith("/sendPhoto"))[0]
    assert photo.files["photo"].startswith(b"\x89PNG")
