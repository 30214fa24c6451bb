"""A real gateway on 127.0.0.1 with fake Rasa, Slack and Telegram servers around it."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests
from slack_sdk.signature import SignatureVerifier
from werkzeug.serving import make_server

from bot.app import create_app
from bot.dispatch import Dispatcher
from bot.settings import Settings
from crm_core.bootstrap import Core
from tests.fakes.rasa import FakeRasa
from tests.fakes.slack import FakeSlack
from tests.fakes.telegram import FakeTelegram

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
SIGNING_SECRET = "test-signing-secret"
TELEGRAM_SECRET = "test-telegram-secret"


def fixture(name: str, **changes: Any) -> dict[str, Any]:
    """A webhook payload from tests/fixtures, with top-level fields replaced."""
    data = json.loads((FIXTURES / name).read_text())
    data.update(changes)
    return data


def slack_headers(body: bytes, secret: str = SIGNING_SECRET, age: float = 0,
                  content_type: str = "application/json") -> dict[str, str]:
    """Headers Slack sends with a request signed `age` seconds ago."""
    timestamp = str(int(time.time() - age))
    signature = SignatureVerifier(secret).generate_signature(timestamp=timestamp, body=body)
    return {"X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": signature, "Content-Type": content_type}


@dataclass
class Gateway:
    url: str
    dispatcher: Dispatcher
    app: Any

    def slack(self, payload: dict[str, Any] | str, **sign: Any) -> requests.Response:
        """POST a signed Slack request (JSON event, or a form body for commands and clicks)."""
        if isinstance(payload, str):
            body, kind = payload.encode(), "application/x-www-form-urlencoded"
        elif payload.get("type") == "block_actions":
            from urllib.parse import urlencode

            body, kind = urlencode({"payload": json.dumps(payload)}).encode(), "application/x-www-form-urlencoded"
        else:
            body, kind = json.dumps(payload).encode(), "application/json"
        headers = slack_headers(body, content_type=kind, **sign)
        return requests.post(f"{self.url}/slack/events", data=body, headers=headers, timeout=10)

    def telegram(self, update: dict[str, Any], secret: str = TELEGRAM_SECRET) -> requests.Response:
        return requests.post(f"{self.url}/telegram/webhook", json=update, timeout=10,
                             headers={"X-Telegram-Bot-Api-Secret-Token": secret})


@pytest.fixture
def fake_rasa() -> Iterator[FakeRasa]:
    server = FakeRasa().start()
    yield server
    server.stop()


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    server = FakeSlack().start()
    yield server
    server.stop()


@pytest.fixture
def fake_telegram() -> Iterator[FakeTelegram]:
    server = FakeTelegram().start()
    yield server
    server.stop()


@pytest.fixture
def settings(core: Core, fake_rasa: FakeRasa, fake_slack: FakeSlack, fake_telegram: FakeTelegram) -> Settings:
    return Settings(
        database_url=core.engine.url.render_as_string(hide_password=False),
        rasa_url=fake_rasa.url,
        secret_key="test-secret-key",
        slack_bot_token="xoxb-test",
        slack_signing_secret=SIGNING_SECRET,
        slack_api_url=fake_slack.api_url,
        telegram_bot_token="123456:TEST",
        telegram_webhook_secret=TELEGRAM_SECRET,
        telegram_api_url=fake_telegram.url,
    )


@pytest.fixture
def gateway(settings: Settings, core: Core) -> Iterator[Gateway]:
    """The real Flask gateway served over HTTP by a threaded werkzeug server."""
    app = create_app(settings, core=core)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Gateway(f"http://127.0.0.1:{server.server_port}", app.extensions["rumbo.dispatcher"], app)
    server.shutdown()
    app.extensions["rumbo.dispatcher"].stop()
    app.extensions["rumbo.telegram"].stop()


def wait_until(predicate: Any, timeout: float = 30.0) -> None:
    """Poll until `predicate()` is true; AssertionError after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.02)
    raise AssertionError("condition not reached in time")
