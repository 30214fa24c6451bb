"""The rep web chat: signed link login, synchronous answers, idempotent message ids."""

from __future__ import annotations

import requests

from connectors.widget.webchat import chat_link


def _login(gateway, settings, core, email: str) -> requests.Session:  # type: ignore[no-untyped-def]
    session = requests.Session()
    link = chat_link(settings, core, email).replace(settings.public_url, gateway.url)
    response = session.get(link, timeout=10)
    assert response.status_code == 200
    return session


def test_chat_link_logs_in_and_a_message_gets_the_answer_in_the_response(gateway, settings, core, people, fake_rasa):
    session = _login(gateway, settings, core, people.rep.email)
    answer = session.post(f"{gateway.url}/chat/api/messages", json={"id": "msg-00000001", "text": "hola"}, timeout=10)
    assert answer.status_code == 200
    assert answer.json()["replies"][0]["text"] == "eco: hola"
    assert fake_rasa.messages()[0]["sender"] == f"{people.rep.id}:web"


def test_resending_the_same_message_id_does_not_reach_the_assistant_twice(gateway, settings, core, people, fake_rasa):
    session = _login(gateway, settings, core, people.rep.email)
    for _ in range(2):
        answer = session.post(f"{gateway.url}/chat/api/messages", json={"id": "msg-00000002", "text": "hola"}, timeout=10)
        assert answer.json()["replies"][0]["text"] == "eco: hola"
    assert len(fake_rasa.messages()) == 1


def test_without_a_session_the_api_refuses(gateway, people):
    response = requests.post(f"{gateway.url}/chat/api/messages", json={"id": "msg-00000003", "text": "hola"}, timeout=10)
    assert response.status_code == 401


def test_a_tampered_link_is_refused(gateway, settings, core, people):
    link = chat_link(settings, core, people.rep.email).replace(settings.public_url, gateway.url)
    assert requests.get(link[:-3] + "xyz", timeout=10).status_code == 401


def test_outage_answers_202_with_the_notice_and_the_message_is_kept(gateway, settings, core, people, fake_rasa):
    session = _login(gateway, settings, core, people.rep.email)
    fake_rasa.down = True
    answer = session.post(f"{gateway.url}/chat/api/messages", json={"id": "msg-00000004", "text": "hola"}, timeout=10)
    assert answer.status_code == 202
    assert "no está disponible" in answer.json()["replies"][0]["text"]
    fake_rasa.down = False
    gateway.dispatcher.retry_pending()
    history = session.get(f"{gateway.url}/chat/api/messages", timeout=10).json()["messages"]
    assert history[-1]["state"] == "done" and history[-1]["replies"][0]["text"] == "eco: hola"
