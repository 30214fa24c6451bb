"""Socket Mode (SLACK_APP_TOKEN): bolt's SocketModeHandler connects to a local fake and answers one event."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest

from bot.settings import Settings
from connectors.slack.channel import start_socket_mode
from crm_core.services import inbound
from tests.fakes.slack import FakeSlack
from tests.fakes.slack_socket import FakeSocketMode
from tests.integration.channels.conftest import fixture, wait_until


@pytest.fixture
def socket_mode(fake_slack: FakeSlack) -> Iterator[FakeSocketMode]:
    server = FakeSocketMode().start()
    fake_slack.socket_url = server.url
    yield server
    server.stop()


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return replace(settings, slack_app_token="xapp-test", slack_signing_secret=None)


def test_socket_mode_acks_the_envelope_and_answers_the_event(gateway, socket_mode, fake_slack, fake_rasa,
                                                             people, core):
    handler = start_socket_mode(gateway.app.extensions["rumbo.slack"], gateway.app.extensions["rumbo"].settings)
    try:
        socket_mode.push_event("env-1", fixture("slack/message_im.json", event_id="EvSock1"))
        assert socket_mode.wait_for_ack("env-1")["envelope_id"] == "env-1"
        posted = fake_slack.wait_for(lambda c: c.path == "/api/chat.postMessage")[0].params
        assert posted["channel"] == "D0ROSA"
        assert posted["text"] == "eco: hola"
        assert fake_rasa.messages()[0]["sender"] == f"{people.rep.id}:slack"
        wait_until(lambda: inbound.find(core.uow(), "slack", "EvSock1").state == "done")
        assert fake_slack.api_calls("apps.connections.open")
    finally:
        handler.close()


def test_socket_mode_mounts_no_events_endpoint_without_a_signing_secret(gateway, people):
    import requests

    assert requests.post(f"{gateway.url}/slack/events", json={}, timeout=5).status_code == 404
