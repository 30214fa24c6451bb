"""Slack in, through the gateway and the assistant, Slack Web API calls out."""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from crm_core.persistence.models import InboundEvent
from crm_core.services import inbound, users
from crm_core.services.common import SYSTEM
from tests.fakes.slack import FakeSlack
from tests.integration.channels.conftest import fixture, wait_until


def _count_events(core) -> int:  # type: ignore[no-untyped-def]
    with core.engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(InboundEvent)).scalar_one()


def _dm(event_id: str, text: str, user: str = "U0ROSA", channel: str = "D0ROSA") -> dict:
    payload = fixture("slack/message_im.json", event_id=event_id)
    payload["event"].update(text=text, user=user, channel=channel)
    return payload


def test_direct_message_is_answered_with_the_assistants_reply(gateway, fake_slack, fake_rasa, people, core):
    response = gateway.slack(_dm("Ev1", "hola"))
    assert response.status_code == 200
    post = fake_slack.wait_for(lambda c: c.path == "/api/chat.postMessage")[0]
    assert post.params["channel"] == "D0ROSA"
    assert "eco: hola" in str(FakeSlack.blocks(post.params))
    assert fake_rasa.messages()[0]["sender"] == f"{people.rep.id}:slack"
    wait_until(lambda: inbound.find(core.uow(), "slack", "Ev1").state == "done")


def test_forged_signature_is_refused_and_nothing_is_stored(gateway, fake_slack, people, core):
    response = gateway.slack(_dm("Ev2", "hola"), secret="not-the-secret")
    assert response.status_code == 401
    assert _count_events(core) == 0
    assert fake_slack.posted() == []


def test_signature_older_than_five_minutes_is_refused_and_nothing_is_stored(gateway, people, core):
    response = gateway.slack(_dm("Ev3", "hola"), age=301)
    assert response.status_code == 401
    assert _count_events(core) == 0


def test_the_same_event_delivered_three_times_is_processed_once(gateway, fake_slack, fake_rasa, people, core):
    for _ in range(3):
        assert gateway.slack(_dm("Ev4", "llamé a Martillo")).status_code == 200
    fake_slack.wait_for(lambda c: c.path == "/api/chat.postMessage")
    wait_until(lambda: inbound.find(core.uow(), "slack", "Ev4").state == "done")
    assert len(fake_rasa.messages()) == 1
    assert len(fake_slack.posted()) == 1
    assert _count_events(core) == 1


def test_stranger_gets_only_the_refusal_and_the_log_has_no_message_text(gateway, fake_slack, fake_rasa, people, caplog):
    caplog.set_level(logging.INFO)
    gateway.slack(_dm("Ev5", "mi secreto comercial", user="U0EXTRA", channel="D0EXTRA"))
    post = fake_slack.wait_for(lambda c: c.path == "/api/chat.postMessage")[0]
    assert post.params["channel"] == "D0EXTRA"
    assert "No estás vinculado a Rumbo" in post.params["text"]
    assert fake_rasa.messages() == []
    assert len(fake_slack.posted()) == 1
    assert "mi secreto comercial" not in caplog.text
    assert "refused a stranger" in caplog.text


def test_link_command_links_the_slack_identity_to_the_user(gateway, fake_slack, people, core):
    code = users.create_link_code(core.uow(), SYSTEM, people.rep2.email)
    body = fixture_text("slack/slash_command_link.txt").replace("CODE", code)
    assert gateway.slack(body).status_code == 200
    fake_slack.wait_for(lambda c: c.path == "/api/chat.postMessage")
    assert users.identify(core.uow(), "slack", "U0NUEVO").id == people.rep2.id
    assert "Done, Raul" in fake_slack.posted("U0NUEVO")[0]["text"]


def fixture_text(name: str) -> str:
    from tests.integration.channels.conftest import FIXTURES

    return (FIXTURES / name).read_text().strip()


def test_buttons_become_block_kit_actions_and_a_click_updates_the_message_and_reaches_rasa(
        gateway, fake_slack, fake_rasa, people):
    gateway.slack(_dm("Ev6", "botones"))
    post = fake_slack.wait_for(lambda c: c.path == "/api/chat.postMessage")[0]
    blocks = FakeSlack.blocks(post.params)
    assert "&lt;Q1&gt; &amp; pasar" in blocks[0]["text"]["text"]
    assert [b["value"] for b in blocks[1]["elements"]] == ['/affirm{"rollover": true}', "/deny"]
    assert gateway.slack(fixture("slack/block_actions.json")).status_code == 200
    update = fake_slack.wait_for(lambda c: c.path == "/api/chat.update")[0]
    assert update.params["ts"] == "1700000000.000009"
    assert "→ *Sí*" in str(FakeSlack.blocks(update.params))
    fake_slack.wait_for(lambda c: c.path == "/api/chat.postMessage", count=2)
    assert fake_rasa.messages()[-1]["message"] == "/affirm"


def test_mention_in_a_channel_thread_is_answered_in_that_thread(gateway, fake_slack, fake_rasa, people):
    gateway.slack(fixture("slack/app_mention_in_thread.json"))
    post = fake_slack.wait_for(lambda c: c.path == "/api/chat.postMessage")[0]
    assert post.params["channel"] == "C0VENTAS"
    assert post.params["thread_ts"] == "1700000000.000050"
    assert fake_rasa.messages()[0]["message"] == "hola equipo"


def test_edited_messages_are_acknowledged_and_ignored(gateway, fake_slack, fake_rasa, people, core):
    assert gateway.slack(fixture("slack/message_changed.json")).status_code == 200
    assert _count_events(core) == 0
    assert fake_rasa.messages() == []


def test_images_are_downloaded_and_uploaded_to_the_conversation(gateway, fake_slack, people):
    gateway.slack(_dm("Ev7", "grafico"))
    complete = fake_slack.wait_for(lambda c: c.path == "/api/files.completeUploadExternal")[0]
    assert complete.params["channel_id"] == "D0ROSA"
    assert fake_slack.find(lambda c: c.path.startswith("/upload/"))


def test_rate_limited_post_is_retried_after_retry_after(gateway, fake_slack, people):
    fake_slack.rate_limit("chat.postMessage", times=1, retry_after=1)
    gateway.slack(_dm("Ev8", "hola"))
    calls = fake_slack.wait_for(lambda c: c.path == "/api/chat.postMessage", count=2)
    assert calls[1].at - calls[0].at >= 0.9


def test_assistant_outage_keeps_the_message_and_answers_in_order_when_it_returns(
        gateway, fake_slack, fake_rasa, people, core):
    fake_rasa.down = True
    gateway.slack(_dm("Ev9", "primero"))
    notice = fake_slack.wait_for(lambda c: c.path == "/api/chat.postMessage")[0]
    assert "El asistente no está disponible" in notice.params["text"]
    gateway.slack(_dm("Ev10", "segundo"))
    # The second message waits behind the first: it is not sent to the assistant before it.
    wait_until(lambda: inbound.find(core.uow(), "slack", "Ev9").attempts == 2
               and inbound.find(core.uow(), "slack", "Ev9").state == "pending")
    assert inbound.find(core.uow(), "slack", "Ev10").attempts == 0
    assert len(fake_slack.posted()) == 1  # the outage is announced once
    fake_rasa.clear()
    fake_rasa.down = False
    assert gateway.dispatcher.retry_pending() == 2
    assert [m["message"] for m in fake_rasa.messages()] == ["primero", "segundo"]
    assert inbound.find(core.uow(), "slack", "Ev9").state == "done"
    assert gateway.dispatcher.retry_pending() == 0


def test_twenty_reps_writing_at_once_each_get_their_own_answer(gateway, fake_slack, fake_rasa, core):
    reps = [users.add_user(core.uow(), SYSTEM, name=f"Rep {i}", email=f"rep{i}@rumbo.test", role="rep",
                           team="Norte", slack_id=f"U{i:04d}") for i in range(20)]
    with ThreadPoolExecutor(20) as pool:
        codes = list(pool.map(lambda i: gateway.slack(_dm(f"EvC{i}", f"hola de {i}", user=f"U{i:04d}",
                                                         channel=f"D{i:04d}")).status_code, range(20)))
    assert codes == [200] * 20
    fake_slack.wait_for(lambda c: c.path == "/api/chat.postMessage", count=20, timeout=30)
    for i in range(20):
        posts = fake_slack.posted(f"D{i:04d}")
        assert len(posts) == 1
        assert f"eco: hola de {i}" in str(FakeSlack.blocks(posts[0]))
    senders = {m["message"]: m["sender"] for m in fake_rasa.messages()}
    assert all(senders[f"hola de {i}"] == f"{rep.id}:slack" for i, rep in enumerate(reps))
