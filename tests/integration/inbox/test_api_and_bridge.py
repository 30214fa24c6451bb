"""The conversations API, and the rep side in Slack and Telegram: notifications, thread replies, buttons."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import update

from bot.inbox_worker import InboxWorker
from connectors import inbox_bridge
from crm_core.bootstrap import Core
from crm_core.persistence.models import Conversation
from crm_core.persistence.types import utcnow
from crm_core.services import inbox
from crm_core.services.common import SYSTEM
from tests.fakes.slack import FakeSlack
from tests.fakes.telegram import FakeTelegram
from tests.integration.inbox.conftest import fixture, headers


@pytest.fixture
def chat(settings) -> Iterator[tuple[FakeSlack, FakeTelegram]]:  # type: ignore[no-untyped-def]
    slack, telegram = FakeSlack().start(), FakeTelegram().start()
    for name, value in (("slack_bot_token", "xoxb-test"), ("slack_api_url", slack.api_url),
                        ("telegram_bot_token", "123:REP"), ("telegram_api_url", telegram.url)):
        object.__setattr__(settings, name, value)
    yield slack, telegram
    slack.stop()
    telegram.stop()


@pytest.fixture
def rep_worker(core: Core, settings, chat) -> InboxWorker:  # type: ignore[no-untyped-def]
    return InboxWorker(core, settings)


def _whatsapp_from_unknown(post, worker) -> None:  # type: ignore[no-untyped-def]
    assert post.whatsapp(fixture("whatsapp", "text_message.json")).status_code == 200
    worker.run_once()


def test_api_lists_conversations_and_messages_with_the_fixed_fields(core: Core, people, client, post, worker) -> None:
    _whatsapp_from_unknown(post, worker)
    admin = headers(core, people.admin)
    conversations = client.get("/api/v1/conversations", headers=admin).get_json()
    assert conversations["total"] == 1
    item = conversations["items"][0]
    assert {"id", "channel", "contact_id", "account_id", "assignee_id", "status"} <= set(item)
    messages = client.get(f"/api/v1/conversations/{item['id']}/messages", headers=admin).get_json()["items"]
    assert {"id", "direction", "text", "external_id", "created_at"} <= set(messages[0])
    assert messages[0]["direction"] == "in" and messages[0]["external_id"].startswith("wamid.")


def test_api_reply_is_sent_and_a_stranger_to_the_conversation_gets_403(core: Core, people, client, post, worker, graph) -> None:
    _whatsapp_from_unknown(post, worker)
    conversation = inbox.list_conversations(core.uow(), SYSTEM).items[0]
    inbox.reassign_conversation(core.uow(), SYSTEM, conversation.id, people.rep.id)
    other = client.post(f"/api/v1/conversations/{conversation.id}/messages", json={"text": "hola"},
                        headers=headers(core, people.other_rep))
    assert other.status_code == 403 and other.get_json()["error"]["code"] == "forbidden"
    sent = client.post(f"/api/v1/conversations/{conversation.id}/messages", json={"text": "¡Hola Camila!"},
                       headers=headers(core, people.rep))
    assert sent.status_code == 202 and sent.get_json()["delivery_status"] == "queued"
    worker.run_once()
    assert graph.whatsapp_sends()[-1]["text"]["body"] == "¡Hola Camila!"


def test_api_refuses_free_text_after_24_hours_with_409_naming_the_template(core: Core, people, client, post, worker) -> None:
    _whatsapp_from_unknown(post, worker)
    inbox.update_settings(core.uow(), people.actor(people.admin), whatsapp_template="retomar_conversacion")
    with core.uow() as uow:
        uow.session.execute(update(Conversation).values(last_inbound_at=utcnow() - timedelta(hours=30)))
        uow.commit()
    conversation = inbox.list_conversations(core.uow(), SYSTEM).items[0]
    refused = client.post(f"/api/v1/conversations/{conversation.id}/messages", json={"text": "hola"},
                          headers=headers(core, people.admin))
    assert refused.status_code == 409
    assert refused.get_json()["error"]["details"]["template"] == "retomar_conversacion"
    template = client.post(f"/api/v1/conversations/{conversation.id}/template", headers=headers(core, people.admin))
    assert template.status_code == 202 and template.get_json()["kind"] == "template"


def test_dead_letters_are_visible_through_the_api(core: Core, people, client, post, worker) -> None:
    inbox.enqueue(core.uow(), "whatsapp", [("wamid.broken", "message", {"not": "a message"})])
    for _ in range(inbox.MAX_ATTEMPTS):
        with core.uow() as uow:
            from crm_core.persistence.models import InboxJob

            uow.session.execute(update(InboxJob).values(next_attempt_at=utcnow() - timedelta(seconds=1)))
            uow.commit()
        worker.run_once()
    dead = client.get("/api/v1/conversations/queue?state=dead", headers=headers(core, people.manager)).get_json()
    assert [(j["external_id"], j["attempts"]) for j in dead["items"]] == [("wamid.broken", inbox.MAX_ATTEMPTS)]
    assert "KeyError" in dead["items"][0]["last_error"]
    assert client.get("/api/v1/conversations/queue", headers=headers(core, people.rep)).status_code == 403


def test_pending_endpoint_lists_waiting_conversations_oldest_first(core: Core, people, client, post, worker) -> None:
    _whatsapp_from_unknown(post, worker)
    pending = client.get("/api/v1/conversations/pending", headers=headers(core, people.admin)).get_json()
    assert [p["contact_name"] for p in pending] == ["Camila Rojas"] and pending[0]["waited_seconds"] >= 0


def test_assigned_rep_gets_a_slack_thread_and_a_telegram_message_per_customer_message(core: Core, people, post, rep_worker, chat) -> None:
    slack, telegram = chat
    inbox.update_settings(core.uow(), people.actor(people.admin), team_id=people.rep.team_id)
    post.whatsapp(fixture("whatsapp", "text_message.json"))
    post.whatsapp(fixture("whatsapp", "second_text_message.json"))
    rep_worker.run_once()
    posts = slack.posted()
    roots = [p for p in posts if not p.get("thread_ts")]
    replies = [p for p in posts if p.get("thread_ts")]
    assert len(roots) == 1 and roots[0]["channel"] == "DU0ROSA"
    assert [r["text"] for r in replies] == ["*Camila Rojas:* Hola, ¿tienen taladros percutores en stock?",
                                          "*Camila Rojas:* Necesito 5 unidades"]
    actions = [e["action_id"] for e in FakeSlack.blocks(roots[0])[1]["elements"]]
    assert actions == ["inbox_claim", "inbox_reassign", "inbox_resolve"]
    sent = telegram.find(lambda c: c.path.endswith("/sendMessage"))
    assert len(sent) == 2 and str(sent[0].params["chat_id"]) == "1001"


def test_slack_thread_reply_goes_to_the_customer_once_even_when_slack_retries(core: Core, people, post, rep_worker, chat, graph) -> None:
    slack, _ = chat
    inbox.update_settings(core.uow(), people.actor(people.admin), team_id=people.rep.team_id)
    _whatsapp_from_unknown(post, rep_worker)
    thread = next(p for p in slack.posted() if p.get("thread_ts"))["thread_ts"]
    body = {"type": "event_callback", "event_id": "Ev1", "event": {
        "type": "message", "channel": "DU0ROSA", "channel_type": "im", "user": "U0ROSA", "text": "¡Claro que sí!",
        "ts": "1700000099.000100", "thread_ts": thread}}
    assert inbox_bridge.from_slack(core, body) and inbox_bridge.from_slack(core, body)
    rep_worker.run_once()
    assert [s["text"]["body"] for s in graph.whatsapp_sends()].count("¡Claro que sí!") == 1
    elsewhere = {**body, "event_id": "Ev2", "event": {**body["event"], "thread_ts": "1.0"}}
    assert not inbox_bridge.from_slack(core, elsewhere)  # not an inbox thread: the assistant handles it


def test_outside_the_window_the_rep_is_told_why_and_offered_the_template(core: Core, people, post, rep_worker, chat, graph) -> None:
    slack, _ = chat
    inbox.update_settings(core.uow(), people.actor(people.admin), team_id=people.rep.team_id,
                          whatsapp_template="retomar_conversacion")
    _whatsapp_from_unknown(post, rep_worker)
    with core.uow() as uow:
        uow.session.execute(update(Conversation).values(last_inbound_at=utcnow() - timedelta(hours=25)))
        uow.commit()
    thread = next(p for p in slack.posted() if p.get("thread_ts"))["thread_ts"]
    before = len(graph.whatsapp_sends())
    inbox_bridge.from_slack(core, {"type": "event_callback", "event_id": "Ev9", "event": {
        "type": "message", "channel": "DU0ROSA", "user": "U0ROSA", "text": "hola?", "ts": "1700000200.1",
        "thread_ts": thread}})
    rep_worker.run_once()
    assert len(graph.whatsapp_sends()) == before
    warning = slack.posted()[-1]
    assert "24 horas" in warning["text"] and "retomar_conversacion" in warning["text"]
    button = FakeSlack.blocks(warning)[1]["elements"][0]
    click = {"type": "block_actions", "trigger_id": "t1", "user": {"id": "U0ROSA"}, "channel": {"id": "DU0ROSA"},
             "message": {"ts": "1700000300.1", "thread_ts": thread}, "actions": [button]}
    assert inbox_bridge.from_slack(core, click)
    rep_worker.run_once()
    template = graph.whatsapp_sends()[-1]
    assert template["type"] == "template" and template["template"]["name"] == "retomar_conversacion"


def test_buttons_claim_reassign_and_resolve(core: Core, people, post, rep_worker, chat) -> None:
    slack, _ = chat
    inbox.update_settings(core.uow(), people.actor(people.admin), team_id=people.rep.team_id)
    _whatsapp_from_unknown(post, rep_worker)
    conversation = inbox.list_conversations(core.uow(), SYSTEM).items[0]

    def press(action: str, trigger: str) -> None:
        assert inbox_bridge.from_slack(core, {
            "type": "block_actions", "trigger_id": trigger, "user": {"id": "U0ROSA"}, "channel": {"id": "DU0ROSA"},
            "message": {"ts": "1.1"}, "actions": [{"action_id": action, "value": str(conversation.id)}]})
        rep_worker.run_once()

    press("inbox_reassign", "t1")
    assert inbox.get_conversation(core.uow(), SYSTEM, conversation.id).assignee_id == people.rep2.id
    press("inbox_claim", "t2")
    assert inbox.get_conversation(core.uow(), SYSTEM, conversation.id).assignee_id == people.rep.id
    press("inbox_resolve", "t3")
    assert inbox.get_conversation(core.uow(), SYSTEM, conversation.id).status == "resolved"
    assert slack.posted()[-1]["text"] == f"Conversación {conversation.id} resuelta."


def test_telegram_reply_to_the_notification_goes_to_the_customer(core: Core, people, post, rep_worker, chat, graph) -> None:
    _, telegram = chat
    inbox.update_settings(core.uow(), people.actor(people.admin), team_id=people.rep.team_id)
    _whatsapp_from_unknown(post, rep_worker)
    note = telegram.find(lambda c: c.path.endswith("/sendMessage"))[0]
    threads = inbox.threads_of(core.uow(), inbox.list_conversations(core.uow(), SYSTEM).items[0].id, "telegram")
    update_ = {"update_id": 5001, "message": {"message_id": 77, "from": {"id": 1001}, "chat": {"id": 1001, "type": "private"},
                                              "text": "Le paso precios en un rato", "reply_to_message": {
                                                  "message_id": int(threads[0].thread_id)}}}
    assert str(note.params["chat_id"]) == "1001"
    assert inbox_bridge.from_telegram(core, update_)
    rep_worker.run_once()
    assert graph.whatsapp_sends()[-1]["text"]["body"] == "Le paso precios en un rato"
