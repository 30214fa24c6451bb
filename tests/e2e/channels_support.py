"""The real gateway in front of the real assistant, with fake Slack and Telegram APIs around it.

Test modules import `channel_gateway` (and the fakes) from here; the gateway is served over
HTTP by a threaded werkzeug server on the database the assistant's processes use.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import pytest
import requests
from slack_sdk.signature import SignatureVerifier
from sqlalchemy import func, select
from werkzeug.serving import make_server

from bot.app import create_app
from bot.processes import Assistant
from bot.settings import Settings
from crm_core.bootstrap import Core
from crm_core.persistence.models import InboundEvent
from tests.fakes.slack import FakeSlack
from tests.fakes.telegram import FakeTelegram

SIGNING_SECRET = "e2e-signing-secret"
TELEGRAM_SECRET = "e2e-telegram-secret"
# A busy two-core machine runs Rasa, the action server and the gateway: answers take seconds.
ANSWER_TIMEOUT = 120.0


@dataclass
class Gateway:
    url: str
    core: Core
    slack_api: FakeSlack
    telegram_api: FakeTelegram

    def slack(self, payload: dict[str, Any]) -> requests.Response:
        """POST a signed Slack event (JSON) or button click (form-encoded payload)."""
        if payload.get("type") == "block_actions":
            body = urlencode({"payload": json.dumps(payload)}).encode()
            kind = "application/x-www-form-urlencoded"
        else:
            body, kind = json.dumps(payload).encode(), "application/json"
        stamp = str(int(time.time()))
        headers = {"X-Slack-Request-Timestamp": stamp, "Content-Type": kind,
                   "X-Slack-Signature": SignatureVerifier(SIGNING_SECRET).generate_signature(
                       timestamp=stamp, body=body)}
        return requests.post(f"{self.url}/slack/events", data=body, headers=headers, timeout=10)

    def telegram(self, update: dict[str, Any]) -> requests.Response:
        return requests.post(f"{self.url}/telegram/webhook", json=update, timeout=10,
                             headers={"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET})

    def inbound_count(self, source: str) -> int:
        with self.core.engine.connect() as connection:
            return connection.execute(
                select(func.count()).select_from(InboundEvent).where(InboundEvent.source == source)).scalar_one()


@pytest.fixture(scope="session")
def channel_gateway(assistant: Assistant, assistant_db: tuple[str, Core]) -> Iterator[Gateway]:
    """create_app pointed at the running Rasa stack, Slack and Telegram pointed at local fakes."""
    url, core = assistant_db
    slack_api = FakeSlack().start()
    telegram_api = FakeTelegram().start()
    settings = Settings(database_url=url, rasa_url=assistant.rasa.url, secret_key="e2e-secret",
                        slack_bot_token="xoxb-e2e", slack_signing_secret=SIGNING_SECRET,
                        slack_api_url=slack_api.api_url, telegram_bot_token="123456:E2E",
                        telegram_webhook_secret=TELEGRAM_SECRET, telegram_api_url=telegram_api.url)
    app = create_app(settings, core=core)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield Gateway(f"http://127.0.0.1:{server.server_port}", core, slack_api, telegram_api)
    server.shutdown()
    app.extensions["rumbo.dispatcher"].stop()
    app.extensions["rumbo.telegram"].stop()
    slack_api.stop()
    telegram_api.stop()


def slack_message(event_id: str, user: str, text: str) -> dict[str, Any]:
    """A `message.im` event from `user` in their DM channel D<user>."""
    ts = f"{time.time():.6f}"
    return {"token": "legacy", "team_id": "T1", "api_app_id": "A1", "type": "event_callback",
            "event_id": event_id, "event_time": int(time.time()),
            "event": {"type": "message", "channel_type": "im", "channel": f"D{user}", "user": user,
                      "text": text, "ts": ts, "event_ts": ts}}


def slack_click(user: str, message: dict[str, Any], button: dict[str, Any], trigger: str) -> dict[str, Any]:
    """A `block_actions` click on `button` of a message the bot posted to D<user>."""
    blocks = message.get("blocks") or []
    blocks = json.loads(blocks) if isinstance(blocks, str) else blocks
    channel = f"D{user}"
    return {"type": "block_actions", "team": {"id": "T1"}, "user": {"id": user, "team_id": "T1"},
            "api_app_id": "A1", "trigger_id": trigger,
            "container": {"type": "message", "message_ts": message["ts"], "channel_id": channel},
            "channel": {"id": channel, "name": "directmessage"},
            "message": {"type": "message", "user": "UBOT", "ts": message["ts"], "text": message.get("text"),
                        "blocks": blocks},
            "actions": [{**button, "block_id": "rumbo_choices", "action_ts": f"{time.time():.6f}"}]}


def telegram_message(update_id: int, user: int, text: str) -> dict[str, Any]:
    """A private-chat text update from Telegram user `user`."""
    return {"update_id": update_id,
            "message": {"message_id": update_id % 100000, "date": int(time.time()),
                        "chat": {"id": user, "type": "private", "first_name": "E2E"},
                        "from": {"id": user, "is_bot": False, "first_name": "E2E", "language_code": "es"},
                        "text": text}}
